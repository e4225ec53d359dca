"""A save killed at any moment leaves the file and its commit, or neither: counted over many kills.

`RUNNERUP_KILL_ROUNDS` raises the number of kills for a long run (`-m stress`).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import git, run_cli

from runnerup_tui.domain.model import Candidate
from runnerup_tui.store.parsing import parse_record

ROUNDS = int(os.environ.get("RUNNERUP_KILL_ROUNDS", "12"))
ADA = "candidates/ada-lovelace.yaml"


def _log(library: Path, summary: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "runnerup_tui", "log", "ada-lovelace", "note", "--summary", summary],
        cwd=library,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_git(library: Path) -> None:
    """A killed runnerup's own git commit may still be finishing: let it, as a person would."""
    deadline = time.monotonic() + 10
    while (library / ".git" / "index.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.mark.stress
def test_a_save_killed_at_any_moment_is_committed_whole_or_not_at_all(library: Path) -> None:
    start = time.monotonic()
    assert _log(library, "timing run").wait(timeout=60) == 0
    duration = time.monotonic() - start
    rng = random.Random(20261126)
    killed = 0
    for n in range(ROUNDS):
        process = _log(library, f"kill {n}")
        time.sleep(rng.uniform(0, duration))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        _wait_for_git(library)
        parsed = parse_record((library / ADA).read_bytes(), ADA, Candidate)
        assert parsed.ok, f"round {n}: the file no longer reads: {parsed.problems[:1]}"
    assert run_cli("log", "ada-lovelace", "note", "--summary", "after the kills", cwd=library).returncode == 0

    # The next write undid whatever a kill left half-done: nothing is changed without its commit.
    assert git(library, "status", "--porcelain", "--", "candidates") == ""
    assert not list((library / "candidates").glob(".*.tmp")), "temporary files of killed writes are left"
    text = (library / ADA).read_text(encoding="utf-8")
    in_file = {n for n in range(ROUNDS) if f"kill {n}\n" in text or text.endswith(f"kill {n}")}
    log = git(library, "log", "--format=%s%n%b", "-p", "--", ADA)
    committed = {n for n in range(ROUNDS) if f"+    summary: kill {n}\n" in log}
    assert in_file == committed, f"in the file but not committed, or the reverse: {in_file ^ committed}"
    # Each commit holds its own touchpoint only: a killed write is never swept into the next one's commit.
    for commit in git(library, "log", "--format=%H", "--grep=^Add note on", "--", ADA).split():
        added = git(library, "show", "--format=", commit, "--", ADA).count("\n+    summary: ")
        assert added == 1, f"commit {commit[:7]} holds {added} touchpoints"
    assert subprocess.run(["git", "-C", str(library), "fsck", "--no-progress"], capture_output=True).returncode == 0
    print(
        f"\nSIGKILL during save: {killed} of {ROUNDS} runs killed, {len(committed)} committed whole, "
        f"0 corrupt, 0 left uncommitted"
    )
