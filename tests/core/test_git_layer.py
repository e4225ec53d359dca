"""The git layer: git's own discovery (linked worktrees, GIT_DIR), GitPython only where it is needed, sync progress."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import git, run_cli

from .test_team_git import ADA, Team


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


def caches(folder: Path) -> list[str]:
    """The index caches runnerup keeps in a repository's private folder."""
    return (
        sorted(p.name for p in (folder / "runnerup").glob("index-*.sqlite")) if (folder / "runnerup").is_dir() else []
    )


def test_a_library_in_a_linked_worktree_checks_logs_and_syncs_with_its_cache_in_its_private_folder(team: Team) -> None:
    linked = team.bob.parent / "bob-second-desk"
    git(team.bob, "worktree", "add", "-q", "-b", "second-desk", str(linked))
    git(team.bob, "push", "-q", "-u", "origin", "second-desk")
    assert run_cli("--library", str(linked), "check").returncode == 0
    logged = run_cli("--library", str(linked), "log", "ada-lovelace", "call", "--summary", "From the second desk")
    assert logged.returncode == 0, logged.stderr
    assert git(linked, "log", "-1", "--format=%s").startswith("Log call")
    assert git(linked, "status", "--porcelain") == ""
    shown = run_cli("--library", str(linked), "show", "ada-lovelace", "--history")
    assert shown.returncode == 0, shown.stderr
    assert "From the second desk" in shown.stdout
    synced = run_cli("--library", str(linked), "sync")
    assert synced.returncode == 0, synced.stderr
    assert "pushed 1 commit(s)" in synced.stdout
    assert "From the second desk" in git(team.remote, "show", f"second-desk:{ADA}")
    private = Path(git(linked, "rev-parse", "--absolute-git-dir").strip())
    assert private.parent.name == "worktrees"
    assert caches(private) and (private / "runnerup" / "last-sync").exists()
    assert not (linked / ".git").is_dir()  # a .git file: nothing of runnerup's lands in the work tree


def test_a_library_reached_through_git_dir_and_git_work_tree_checks_logs_and_syncs(team: Team, tmp_path: Path) -> None:
    elsewhere = tmp_path / "repositories" / "bob.git"
    elsewhere.parent.mkdir()
    (team.bob / ".git").rename(elsewhere)
    env = {"GIT_DIR": str(elsewhere), "GIT_WORK_TREE": str(team.bob)}
    checked = run_cli("--library", str(team.bob), "check", env=env)
    assert checked.returncode == 0, checked.stderr
    logged = run_cli("--library", str(team.bob), "log", "ada-lovelace", "call", "--summary", "Through GIT_DIR", env=env)
    assert logged.returncode == 0, logged.stderr
    synced = run_cli("--library", str(team.bob), "sync", env=env)
    assert synced.returncode == 0, synced.stderr
    assert "Through GIT_DIR" in git(team.remote, "show", f"main:{ADA}")
    assert caches(elsewhere)
    assert not (team.bob / ".git").exists()


def test_read_commands_never_import_gitpython(library: Path) -> None:
    assert run_cli("--library", str(library), "check").returncode == 0  # the driver installed, as on any first open
    # a meta-path hook makes any import of GitPython fail: reading the library must not need it
    code = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "git" or name.startswith("git."):
            raise ImportError("GitPython is blocked in this test")
sys.meta_path.insert(0, Block())
from runnerup_tui.cli.main import main
for argv in (["check"], ["search", "ada"], ["show", "ada-lovelace"], ["due"], ["match", "senior-data-engineer"]):
    code = main(["--library", sys.argv[1], *argv])
    assert code == 0, (argv, code)
assert "git" not in sys.modules
"""
    result = subprocess.run([sys.executable, "-c", code, str(library)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_logged_touchpoint_commits_without_gitpython_and_leaves_no_git_process_behind(library: Path) -> None:
    assert run_cli("--library", str(library), "check").returncode == 0  # the driver installed, as on any first open
    # the commit is one git process through the layer's runner: GitPython's import and its two
    # `git version` runs cost more than the commit itself
    code = """
import sys, os
from pathlib import Path
from runnerup_tui.cli.main import main
assert main(["--library", sys.argv[1], "log", "ada-lovelace", "call", "--summary", "One call"]) == 0
assert "git" not in sys.modules
from runnerup_tui.team.git import close_repositories, repositories_open
assert repositories_open() == 0, "the CLI closes its Repo when the command ends"
children = [p for t in Path("/proc/self/task").iterdir() for p in (t / "children").read_text().split()]
assert children == [], children
"""
    result = subprocess.run([sys.executable, "-c", code, str(library)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _run_on_a_terminal(argv: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``argv`` with stderr on a pseudo-terminal (stdout a pipe); its exit code and what the terminal got."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=secondary, stdin=subprocess.DEVNULL)
    os.close(secondary)
    seen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.2)
        if ready:
            try:
                block = os.read(primary, 4096)
            except OSError:
                break
            if not block:
                break
            seen += block
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(primary)
    return process.returncode, seen.decode("utf-8", "replace")


def _many_new_files(clone: Path, count: int = 120) -> None:
    """Enough new objects that git packs them (and so reports its transfer progress)."""
    folder = clone / "notes-for-the-test"
    folder.mkdir()
    for i in range(count):
        (folder / f"note-{i}.txt").write_text(f"note {i}\n" * (i + 1))
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "Many notes")


def test_sync_on_a_terminal_shows_one_updating_progress_line_and_clears_it(team: Team) -> None:
    _many_new_files(team.alice)
    git(team.alice, "push", "-q")
    team.log(team.bob, "Bob's call to push")
    argv = [sys.executable, "-m", "runnerup_tui", "--library", str(team.bob), "sync"]
    code, terminal = _run_on_a_terminal(argv, team.bob)
    assert code == 0, terminal
    assert "\r" in terminal
    assert "fetch" in terminal and "receiving objects" in terminal  # git's own counts, read by RemoteProgress
    assert "push" in terminal
    assert terminal.endswith("\r\x1b[K") or terminal.rstrip("\n").endswith("\x1b[K")  # the line is cleared at the end
    assert (team.bob / "notes-for-the-test" / "note-7.txt").exists()


def test_sync_in_a_pipe_prints_no_progress(team: Team) -> None:
    _many_new_files(team.alice)
    git(team.alice, "push", "-q")
    synced = team.runnerup(team.bob, "sync")
    assert synced.stderr == ""
    assert synced.stdout == "synced: pulled 1 commit(s), pushed 0 commit(s)\n"


def test_sync_reports_progress_as_plain_values(team: Team) -> None:
    from runnerup_tui.team.git import GitRepo, close_repositories
    from runnerup_tui.team.sync import sync

    _many_new_files(team.alice)
    git(team.alice, "push", "-q")
    heard: list[tuple] = []
    try:
        sync(GitRepo(team.bob), team.bob, progress=lambda *values: heard.append(values))
    finally:
        close_repositories()
    stages = [stage for stage, *_ in heard]
    assert stages[0] == "commit" and "fetch" in stages and "merge" in stages
    counted = [(done, total) for stage, done, total, message in heard if message == "receiving objects"]
    assert counted and counted[-1][0] == counted[-1][1] > 100
    assert all(isinstance(v, (str, int, type(None))) for values in heard for v in values)


def test_a_progress_display_that_fails_never_stops_a_sync(team: Team) -> None:
    from runnerup_tui.team.git import GitRepo, close_repositories
    from runnerup_tui.team.sync import sync

    team.log(team.bob, "Pushed although the display broke")

    def broken(*values: object) -> None:
        raise BrokenPipeError("the terminal went away")

    try:
        result = sync(GitRepo(team.bob), team.bob, progress=broken)
    finally:
        close_repositories()
    assert result.pushed == 1
    assert "Pushed although the display broke" in git(team.remote, "show", f"main:{ADA}")
