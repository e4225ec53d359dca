"""Every git process runnerup starts goes through one place: no prompt, a timeout, nothing left behind.

Real faults: a pre-commit hook that never ends, a remote that accepts and never answers,
a PATH without git.
"""

from __future__ import annotations

import ast
import os
import socket
import sys
import threading
import time
from pathlib import Path

import pytest
from support import PROJECT, git, run_cli

from .test_team_git import ADA, Team

SOURCE = PROJECT / "src" / "runnerup_tui"


def processes_running(marker: str) -> int:
    """How many live processes have ``marker`` in their command line."""
    count = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = next((ln for ln in (entry / "status").read_text().splitlines() if ln.startswith("State:")), "")
        except OSError:
            continue
        if marker in cmdline and "zombie" not in state:
            count += 1
    return count


def index_locks(repo: Path) -> list[str]:
    return sorted(p.name for p in (repo / ".git").iterdir() if p.name.endswith(".lock"))


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and /proc")
def test_a_hanging_pre_commit_hook_is_stopped_with_its_locks_and_the_next_write_works(library: Path) -> None:
    marker = f"{os.getpid() % 1000 + 4242017}"  # a sleep only this test starts
    hook = library / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\nsleep {marker} &\nsleep {marker}\n")
    hook.chmod(0o755)
    (library / ".git" / "next-index-999999.lock").write_bytes(b"")  # someone else's: must stay
    started = time.monotonic()
    stuck = run_cli(
        "--library", str(library), "log", "ada", "call", "--summary", "Hook hangs", env={"RUNNERUP_GIT_TIMEOUT": "2"}
    )
    took = time.monotonic() - started
    assert stuck.returncode == 1
    assert "a pre-commit hook did not finish within 2 s; stopped it" in stuck.stderr
    assert took < 15
    assert index_locks(library) == ["next-index-999999.lock"]
    assert processes_running(f"sleep {marker}") == 0
    hook.unlink()
    (library / ".git" / "next-index-999999.lock").unlink()
    again = run_cli("--library", str(library), "log", "ada", "call", "--summary", "Hook gone")
    assert again.returncode == 0, again.stderr
    text = (library / ADA).read_text()
    assert "Hook hangs" not in text and "Hook gone" in text  # the stopped save was put back: all or nothing
    assert git(library, "status", "--porcelain") == ""


class SilentServer:
    """A TCP server that accepts every connection and never says a word."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.socket.close()
        for conn in self.held:
            conn.close()


@pytest.mark.slow
def test_a_remote_that_never_answers_fails_sync_within_twenty_seconds(team: Team) -> None:
    server = SilentServer()
    try:
        git(team.bob, "remote", "set-url", "origin", f"http://127.0.0.1:{server.port}/x.git")
        team.log(team.bob, "Written while the remote hangs")
        head = git(team.bob, "rev-parse", "HEAD")
        started = time.monotonic()
        result = team.runnerup(team.bob, "sync", ok=False)
        took = time.monotonic() - started
    finally:
        server.close()
    assert result.returncode == 1
    assert result.stderr == (
        "runnerup: fetch origin: the remote stopped answering (nothing arrived for 15 s); your local commits are kept\n"
    )
    assert 10 < took < 25
    assert git(team.bob, "rev-parse", "HEAD") == head


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


def test_without_git_reading_works_and_writing_says_git_is_missing(library: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin-without-git"
    empty.mkdir()
    no_git = {"PATH": str(empty)}
    before = (library / ADA).read_bytes()
    for args in (["check"], ["search", "ada"], ["due"], ["show", "ada"]):
        result = run_cli("--library", str(library), *args, env=no_git)
        assert result.returncode == 0, (args, result.stderr)
        assert "runnerup:" not in result.stderr
    for args in (["log", "ada", "call"], ["sync"]):
        result = run_cli("--library", str(library), *args, env=no_git)
        assert result.returncode == 1
        assert result.stderr.startswith("runnerup: git is not installed (or not on PATH)"), result.stderr
    assert (library / ADA).read_bytes() == before


def _git_subprocess_calls(tree: ast.AST) -> list[tuple[int, str]]:
    """``subprocess.*([... "git" ...])`` calls, with the function they are in."""
    found = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in ("subprocess", "os")
            and any(isinstance(n, ast.Constant) and n.value == "git" for a in node.args for n in ast.walk(a))
        ):
            found.append((node.lineno, function))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return found


def test_every_git_process_starts_in_the_git_layer() -> None:
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path == SOURCE / "team" / "git.py":
            continue
        for line, function in _git_subprocess_calls(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(SOURCE)}:{line} in {function or 'module'}")
    assert offenders == []


def _gitpython_imports(tree: ast.AST) -> list[int]:
    """Lines that import GitPython (``import git``, ``from git import ...``, ``from git.x import ...``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name == "git" or a.name.startswith("git.") for a in node.names):
            found.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "git":
            found.append(node.lineno)
    return found


def test_only_the_git_layer_imports_gitpython() -> None:
    offenders = [
        f"{path.relative_to(SOURCE)}:{line}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path != SOURCE / "team" / "git.py"
        for line in _gitpython_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_source_scan_finds_a_gitpython_import() -> None:
    sample = "import os\ndef f():\n    import git\n    from git.util import RemoteProgress\n"
    assert _gitpython_imports(ast.parse(sample)) == [3, 4]


def test_the_source_scan_finds_a_raw_git_call() -> None:
    sample = 'import subprocess\ndef f():\n    subprocess.run(["git", "status"], cwd=".")\n'
    assert _git_subprocess_calls(ast.parse(sample)) == [(3, "f")]


def test_check_reports_an_index_lock_a_killed_git_left_behind(library: Path) -> None:
    lock = library / ".git" / "index.lock"
    lock.write_bytes(b"")
    assert run_cli("--library", str(library), "check").returncode == 0  # a git at work: not a problem
    ten_minutes_ago = time.time() - 600
    os.utime(lock, (ten_minutes_ago, ten_minutes_ago))
    result = run_cli("--library", str(library), "check")
    assert result.returncode == 1
    assert result.stdout.startswith(
        ".git/index.lock:1:1: error: git's lock file is 10 min old, left by a git that "
        "crashed or was killed; every save fails until it is gone"
    )
    assert lock.exists()  # never removed by runnerup: it did not make it
