"""Logging on a candidate with a long history appends text in place: the file's bytes stay, the entry follows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import git, run_cli

from core.test_text_append import BLOCKED

ADA = "candidates/ada-lovelace.yaml"
TODAY = "2026-11-26"


def long_history(library: Path, entries: int, tail: str = "") -> bytes:
    path = library / ADA
    text = path.read_text(encoding="utf-8")
    extra = "".join(
        f"  - id: t-{n:08x}\n    date: 2020-01-01\n    kind: note\n    summary: Entry {n}.\n"
        + ("  # a comment between entries\n" if n == 10 else "")
        for n in range(entries)
    )
    path.write_text(text + extra + tail, encoding="utf-8")
    git(library, "commit", "-q", "-am", "A long history")
    return path.read_bytes()


def logged_id(stdout: str) -> str:
    found = re.search(r"as (t-[0-9a-f]{8})", stdout)
    assert found, stdout
    return found.group(1)


@pytest.mark.parametrize(
    "summary, written",
    [
        ("Talked about rowing", "    summary: Talked about rowing\n"),
        ("Two lines\nof notes", "    summary: |\n      Two lines\n      of notes\n"),
        ("Quote: 'yes' # no comment", "    summary: \"Quote: 'yes' # no comment\"\n"),
    ],
)
def test_a_touchpoint_on_a_long_history_is_appended_after_the_untouched_bytes(
    library: Path, summary: str, written: str
) -> None:
    before = long_history(library, 2000)
    result = run_cli("log", "ada-lovelace", "note", "--summary", summary, "--date", TODAY, cwd=library)
    assert result.returncode == 0, result.stderr
    tid = logged_id(result.stdout)
    entry = f"  - id: {tid}\n    date: {TODAY}\n    kind: note\n    by: Test Recruiter\n" + written
    assert (library / ADA).read_bytes() == before + entry.encode()
    assert run_cli("check", cwd=library).returncode == 0
    assert git(library, "status", "--porcelain") == ""


def test_a_closing_comment_stays_last_and_the_entry_goes_above_it(library: Path) -> None:
    long_history(library, 2000, tail="# the end of Ada's story, for now\n")
    result = run_cli("log", "ada-lovelace", "note", "--summary", "After the comment", cwd=library)
    assert result.returncode == 0, result.stderr
    text = (library / ADA).read_text(encoding="utf-8")
    assert text.endswith("# the end of Ada's story, for now\n")
    assert f"id: {logged_id(result.stdout)}" in text and text.index("After the comment") < text.index("the end of")


def test_a_long_history_takes_the_text_append_not_the_round_trip(library: Path) -> None:
    """The round trip validates with the models: with pydantic blocked, only the text append can log."""
    before = long_history(library, 3000)
    assert run_cli("--library", str(library), "check").returncode == 0  # the merge driver installed
    argv = ["--library", str(library), "log", "ada-lovelace", "note", "--summary", "Fast", "--date", TODAY]
    logged = subprocess.run([sys.executable, "-c", BLOCKED, *argv], capture_output=True, text=True, env=os.environ)
    assert logged.returncode == 0, logged.stderr
    tid = logged_id(logged.stdout)
    entry = f"  - id: {tid}\n    date: {TODAY}\n    kind: note\n    by: Test Recruiter\n    summary: Fast\n"
    assert (library / ADA).read_bytes() == before + entry.encode()
