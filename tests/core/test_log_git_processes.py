"""`log` starts only the git processes a commit needs: finding the repository, the identity and the commit."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

from support import run_cli


def _counting_git(folder: Path, calls: Path) -> dict[str, str]:
    """An environment whose ``git`` writes down each command it is asked for, then runs the real git."""
    real = shutil.which("git")
    assert real
    folder.mkdir()
    wrapper = folder / "git"
    wrapper.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {shlex.quote(str(calls))}\nexec {shlex.quote(real)} "$@"\n')
    wrapper.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def test_logging_a_touchpoint_starts_four_git_processes_and_names_the_commit_it_made(
    library: Path, tmp_path: Path
) -> None:
    assert run_cli("--library", str(library), "check").returncode == 0  # the merge driver installed, as on any open
    calls = tmp_path / "calls"
    env = _counting_git(tmp_path / "bin", calls)

    logged = run_cli("--library", str(library), "log", "ada-lovelace", "call", "--summary", "Coffee next week", env=env)

    assert logged.returncode == 0, logged.stderr
    started = [line.split()[0] for line in calls.read_text().splitlines()]
    # discovery (which also says where MERGE_HEAD, HEAD and the index are), the merge driver's
    # setting, the identity, the commit: no `git version` (GitPython), no `rev-parse HEAD`
    assert started == ["rev-parse", "config", "config", "commit"], calls.read_text()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=library, capture_output=True, text=True).stdout.strip()
    assert logged.stdout.rstrip().endswith(f", commit {head[:7]}")


def _head(repo: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()


def test_the_commit_named_is_the_one_made_with_packed_refs_and_in_a_linked_worktree(
    library: Path, tmp_path: Path
) -> None:
    subprocess.run(["git", "pack-refs", "--all"], cwd=library, check=True)  # the branch only in packed-refs
    logged = run_cli("--library", str(library), "log", "ada-lovelace", "note", "--summary", "Packed")
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.rstrip().endswith(f", commit {_head(library)[:7]}")

    linked = tmp_path / "linked"  # HEAD in .git/worktrees/linked, the branch in the shared refs
    subprocess.run(["git", "worktree", "add", "-q", "-b", "other", str(linked)], cwd=library, check=True)
    logged = run_cli("--library", str(linked), "log", "ada-lovelace", "note", "--summary", "Linked")
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.rstrip().endswith(f", commit {_head(linked)[:7]}")
    assert _head(linked) != _head(library)
