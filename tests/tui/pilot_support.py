"""Helpers for the app's tests: waiting for workers, reading the screen, real git."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

TODAY = dt.date(2026, 11, 16)


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def git_repo(folder: Path) -> Path:
    """``git init`` ``folder`` on branch main with a local identity, and commit everything."""
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", "Test Recruiter")
    git(folder, "config", "user.email", "recruiter@example.com")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Initial library")
    return folder


async def settle(pilot: Pilot, rounds: int = 5) -> None:
    """Let workers finish and their messages be handled (cancelled workers are fine).

    A handled message may start another worker (a new snapshot reloads the detail), so
    this repeats until a round finds nothing running.
    """
    for _ in range(rounds):
        active = [w for w in pilot.app.workers if w.group != "editor" and not w.is_finished]
        for worker in active:
            try:
                await worker.wait()
            except Exception:  # cancelled or failed: the app reports it; the test checks the screen
                pass
        await pilot.pause()
        if not active and not any(w.group != "editor" and not w.is_finished for w in pilot.app.workers):
            return


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Pause until ``condition()`` holds (for things that happen on a timer)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)
        await pilot.pause()


def screen_text(pilot: Pilot) -> str:
    """What the terminal shows now, as plain text lines."""
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


def shown_ids(pilot: Pilot) -> list[str]:
    from runnerup_tui.tui.widgets.candidate_list import CandidateList

    return [row.id for row in pilot.app.screen.query_one(CandidateList).rows]


def last_commit(repo: Path) -> str:
    return git(repo, "log", "-1", "--format=%s").strip()


def commit_count(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD").strip())


def detail_text(pilot: Pilot) -> str:
    """The whole detail card as plain text (also the part scrolled out of view)."""
    content = pilot.app.screen.query_one("#detail-body").content
    return getattr(content, "plain", str(content))


async def search_for(pilot: Pilot, text: str) -> None:
    """Put ``text`` in the search box at once (typing it key by key is tested elsewhere)."""
    from textual.widgets import Input

    box = pilot.app.screen.query_one("#search", Input)
    box.focus()
    box.value = text
    await pilot.pause()


async def decline_identity(pilot: Pilot) -> None:
    """Without a git identity the app first offers to set one: answer "not now"."""
    from runnerup_tui.tui.dialogs.identity import IdentityDialog

    await wait_until(pilot, lambda: isinstance(pilot.app.screen, IdentityDialog), timeout=10)
    await pilot.press("escape")
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, IdentityDialog))
