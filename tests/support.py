"""Helpers for tests: the real git command and the real runnerup command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SAMPLE = PROJECT / "library"


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its output; fails the test on a git error."""
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def make_repo(folder: Path) -> Path:
    """``git init`` ``folder`` and commit everything in it."""
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Initial library")
    return folder


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real ``runnerup`` command, as a user's shell would run it."""
    return subprocess.run(
        [sys.executable, "-m", "runnerup_tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        input=input,
        timeout=120,
    )
