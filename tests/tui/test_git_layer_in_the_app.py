"""The git layer in the app: a progress bar while a sync runs; no git process left after a long session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import ProgressBar

from runnerup_tui.tui.dialogs.log import LogTouchpointDialog
from runnerup_tui.tui.screens.history import HistoryScreen

from .pilot_support import commit_count, git, settle, wait_until
from .test_team_screens import clones  # noqa: F401 - the fixture


def slow_upload_pack(clone: Path, seconds: float) -> None:
    """The remote answers fetches only after ``seconds``: the sync is visibly under way meanwhile."""
    script = clone.parent / "slow-upload-pack"
    script.write_text(f'#!/bin/sh\nsleep {seconds}\nexec git-upload-pack "$@"\n')
    script.chmod(0o755)
    git(clone, "config", "remote.origin.uploadpack", str(script))


async def test_the_main_screen_shows_a_progress_bar_while_a_sync_runs(make_app, clones):  # noqa: F811
    alice, bob = clones
    slow_upload_pack(bob, 1.5)
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one("#sync-progress", ProgressBar)
        assert not bar.display
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("s")
        await wait_until(pilot, lambda: bar.display, timeout=5)
        await wait_until(pilot, lambda: "fetch" in str(bar.tooltip), timeout=5)  # the fetch waits on the remote
        assert bar.region.height == 1 and bar.region.width > 0
        await wait_until(pilot, lambda: any("Synced" in n.message for n in app._notifications), timeout=20)
        assert not bar.display


def git_children() -> list[str]:
    """Command lines of this process's live child processes that run git."""
    found = []
    for task in Path("/proc/self/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if "git" in cmdline:
                found.append(cmdline)
    return found


async def test_a_long_session_leaves_no_git_process_running(make_app, clones):  # noqa: F811
    alice, bob = clones
    before = commit_count(bob)
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        for i in range(6):
            await pilot.press("l")
            await wait_until(pilot, lambda: isinstance(app.screen, LogTouchpointDialog))
            await pilot.press(*f"Call {i}", "ctrl+s")
            await settle(pilot)
            await pilot.press("h")
            await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: any("Synced" in n.message for n in app._notifications), timeout=20)
        await settle(pilot)
        assert "git" in sys.modules  # history and sync went through GitPython
    assert commit_count(bob) == before + 6
    assert git(alice, "ls-remote", "origin", "main").split()[0] == git(bob, "rev-parse", "HEAD").strip()
    assert git_children() == []


def test_the_app_imports_gitpython_only_in_workers(sample_library: Path) -> None:
    git(sample_library, "config", "merge.runnerup.driver", "an old runnerup")  # the open reinstalls it: a config write
    code = """
import asyncio, sys, threading
imported_on = []
class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "git":
            imported_on.append(threading.current_thread() is threading.main_thread())
        return None
sys.meta_path.insert(0, Watch())
from pathlib import Path
from runnerup_tui.store.config import UserConfig
from runnerup_tui.tui.app import RunnerupApp

async def main():
    app = RunnerupApp(Path(sys.argv[1]), config=UserConfig(), poll_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.session.is_open and "git" in sys.modules:
                break
asyncio.run(main())
assert imported_on == [False], imported_on
"""
    result = subprocess.run(
        [sys.executable, "-c", code, str(sample_library)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "runnerup" in git(sample_library, "config", "merge.runnerup.driver")
