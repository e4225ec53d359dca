"""Logging a touchpoint changes a file by added lines only: the rest keeps its exact bytes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from support import SAMPLE, git, run_cli

from runnerup_tui.actions import log_touchpoint
from runnerup_tui.domain.model import TouchpointKind
from runnerup_tui.store.library import Library

SAMPLE_IDS = sorted(p.stem for p in (SAMPLE / "candidates").glob("*.yaml"))


def changed_lines(repo: Path) -> tuple[list[str], list[str]]:
    """(removed, added) lines of the last commit's diff."""
    diff = git(repo, "show", "--format=", "--unified=0", "HEAD").splitlines()
    removed = [ln[1:] for ln in diff if ln.startswith("-") and not ln.startswith("---")]
    added = [ln[1:] for ln in diff if ln.startswith("+") and not ln.startswith("+++")]
    return removed, added


def test_every_sample_file_gains_only_added_lines(library: Path) -> None:
    lib = Library.open(library)
    assert len(SAMPLE_IDS) >= 25
    for cid in SAMPLE_IDS:
        before = (library / "candidates" / f"{cid}.yaml").read_bytes()
        log_touchpoint(
            lib,
            cid,
            TouchpointKind.CALL,
            summary="Caught up about the new role",
            date=dt.date(2026, 11, 25),
            force=True,
        )  # newsletter and closed people too
        removed, added = changed_lines(library)
        if b"history: []" in before:
            assert [r.strip() for r in removed] == ["history: []"], cid
        else:
            assert removed == [], f"{cid}: lines removed or rewritten: {removed}"
        assert any("kind: call" in ln for ln in added), cid
        assert any("summary: Caught up about the new role" in ln for ln in added), cid
        after = (library / "candidates" / f"{cid}.yaml").read_bytes()
        assert after.startswith(before.split(b"\nhistory:")[0]), cid


def test_each_write_is_one_commit_of_one_file(library: Path) -> None:
    before = int(git(library, "rev-list", "--count", "HEAD"))
    log_touchpoint(Library.open(library), "ada-lovelace", TouchpointKind.COFFEE, summary="Coffee near the rowing club")
    assert int(git(library, "rev-list", "--count", "HEAD")) == before + 1
    assert git(library, "show", "--name-only", "--format=%s|%an", "HEAD").split() == [
        "Log",
        "coffee",
        "with",
        "Ada",
        "Lovelace|Test",
        "Recruiter",
        "candidates/ada-lovelace.yaml",
    ]


def _write_and_commit(library: Path, name: str, raw: bytes) -> Path:
    path = library / "candidates" / f"{name}.yaml"
    path.write_bytes(raw)
    git(library, "add", "--", str(path))
    git(library, "commit", "-q", "-m", f"Add {name}")
    return path


def test_crlf_file_keeps_crlf_everywhere(library: Path) -> None:
    text = (
        "# Hand-made on Windows\r\nname: Wen Li\r\nskills: [go, sql]   # verified\r\n"
        "history:\r\n  - id: t-aaaaaa\r\n    date: 2026-01-05\r\n    kind: call\r\n"
        "\r\n# keep in touch\r\nnotes: |\r\n  Likes kite surfing.\r\n"
    )
    path = _write_and_commit(library, "wen-li", text.encode())
    result = run_cli(
        "--library", str(library), "log", "wen", "email", "--summary", "Sent the article", "--date", "2026-11-20"
    )
    assert result.returncode == 0, result.stderr
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n"), "a line lost its CR"
    assert raw.startswith(text.split("\r\n\r\n")[0].encode())
    assert b"    summary: Sent the article\r\n\r\n# keep in touch\r\nnotes: |\r\n  Likes kite surfing.\r\n" in raw
    removed, added = changed_lines(library)
    assert removed == []
    assert [a.strip() for a in added] == [
        "- id: " + added[0].split("id: ")[1].strip(),
        "date: 2026-11-20",
        "kind: email",
        "by: Test Recruiter",
        "summary: Sent the article",
    ]


COMMENTED = """\
# Candidate file written by hand.
---
name: "Nadia Haddad"   # quoted on purpose
headline: 'Staff Engineer at Atlas'
next_contact: null
rating: ~
skills: [python,   rust]
interests:
- climbing
- "jazz piano"

history:
- id: t-111111
  date: 2026-02-01
  kind: coffee
  summary: |
    Long talk about
    her climbing trip.
# a comment above the next item
- id: t-222222
  date: 2026-03-01
  kind: call  # short one
  # indented comment after the last item

# notes come next
notes: >
  Folded text that
  should stay folded.
# the very end of the file
"""


def test_comments_quotes_and_styles_survive(library: Path) -> None:
    path = _write_and_commit(library, "nadia-haddad", COMMENTED.encode())
    result = run_cli(
        "--library",
        str(library),
        "log",
        "nadia-haddad",
        "note",
        "--summary",
        "Promoted to principal",
        "--date",
        "2026-11-25",
    )
    assert result.returncode == 0, result.stderr
    removed, added = changed_lines(library)
    assert removed == []
    text = path.read_text()
    # everything before the last old item's end is byte-identical
    head = COMMENTED.split("  # indented comment")[0]
    assert text.startswith(head)
    # the new item follows the old last one, and the comments that belonged below the list stay below it
    new_item = text[len(head) :]
    assert new_item.startswith("- id: t-"), new_item
    assert new_item.index("summary: Promoted to principal") < new_item.index("# indented comment after the last item")
    assert text.endswith(
        "# notes come next\nnotes: >\n  Folded text that\n  should stay folded.\n# the very end of the file\n"
    )


def test_file_without_history_gets_the_key_at_the_end_before_the_final_comment(library: Path) -> None:
    path = _write_and_commit(library, "omar-farouk", b"name: Omar Farouk\nfit: pursue\n# last words\n")
    lib = Library.open(library)
    log_touchpoint(lib, "omar-farouk", TouchpointKind.LINKEDIN, date=dt.date(2026, 11, 2))
    lines = path.read_text().splitlines()
    assert lines[:3] == ["name: Omar Farouk", "fit: pursue", "history:"]
    assert lines[-1] == "# last words"
    assert changed_lines(library)[0] == []


@pytest.mark.parametrize("indent_style", ["  - ", "- ", "    - "])
def test_appended_item_follows_the_files_own_indentation(library: Path, indent_style: str) -> None:
    pad = " " * (len(indent_style) - 2)
    sub = " " * len(indent_style)
    raw = (
        f"name: Lucía Romero\nhistory:\n{indent_style}id: t-abcabc\n{sub}date: 2026-01-01\n{sub}kind: call\n"
    ).encode()
    path = _write_and_commit(library, "lucia-romero", raw)
    log_touchpoint(Library.open(library), "lucia", TouchpointKind.EMAIL, date=dt.date(2026, 11, 1))
    new = path.read_bytes()[len(raw) :].decode().splitlines()
    assert new[0].startswith(f"{pad}- id: t-"), new
    assert new[1] == f"{sub}date: 2026-11-01"


def test_bom_and_missing_final_newline(library: Path) -> None:
    raw = b"\xef\xbb\xbfname: Jonas Berg\nnotes: plain"
    path = _write_and_commit(library, "jonas-berg", raw)
    log_touchpoint(Library.open(library), "jonas-berg", TouchpointKind.CALL, date=dt.date(2026, 11, 1))
    new = path.read_bytes()
    assert new.startswith(b"\xef\xbb\xbfname: Jonas Berg\nnotes: plain\nhistory:\n")


def test_file_mode_is_kept(library: Path) -> None:
    path = library / "candidates" / "ada-lovelace.yaml"
    path.chmod(0o600)
    log_touchpoint(Library.open(library), "ada-lovelace", TouchpointKind.CALL)
    assert path.stat().st_mode & 0o777 == 0o600
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")], "temp file left behind"


def test_sample_library_is_untouched_by_the_tests() -> None:
    # the fixture copies it; the project's own library is never written
    assert shutil.which("git")
    assert "history: []" in (SAMPLE / "candidates" / "ravi-menon.yaml").read_text()
