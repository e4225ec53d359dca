"""Sync, history and conflict resolution from the app, against a real bare remote."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from runnerup_tui.tui.dialogs.sync import SyncDialog
from runnerup_tui.tui.screens.history import HistoryScreen
from runnerup_tui.tui.screens.problems import ProblemsScreen
from runnerup_tui.tui.screens.resolve import ResolveScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .conftest import SAMPLE
from .pilot_support import git, git_repo, last_commit, screen_text, settle, wait_until

ADA = "candidates/ada-lovelace.yaml"


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path]:
    """Alice's and Bob's clones of one bare remote, both on main."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    alice = tmp_path / "alice"
    shutil.copytree(SAMPLE, alice)
    git_repo(alice)
    git(alice, "remote", "add", "origin", str(remote))
    git(alice, "push", "-q", "-u", "origin", "main")
    bob = tmp_path / "bob"
    git(tmp_path, "clone", "-q", str(remote), str(bob))
    git(bob, "config", "user.name", "Bob Recruiter")
    git(bob, "config", "user.email", "bob@example.com")
    return alice, bob


def edit(clone: Path, old: str, new: str, message: str) -> None:
    path = clone / ADA
    path.write_text(path.read_text().replace(old, new, 1))
    git(clone, "commit", "-q", "-am", message)


async def test_sync_asks_before_committing_hand_edits_then_pulls_and_pushes(make_app, clones):
    alice, bob = clones
    edit(alice, "rating: 5", "rating: 4", "Alice re-rates Ada")
    git(alice, "push", "-q")
    path = bob / ADA
    path.write_text(path.read_text().replace("headline: Senior", "headline: Staff"))  # a hand edit
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        assert "1 hand edit" in app.screen.sub_title
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, SyncDialog))
        assert "candidates/ada-lovelace.yaml" in screen_text(pilot)
        await pilot.press("enter")  # the default: commit and sync
        await wait_until(pilot, lambda: "synced" in app.screen.sub_title, timeout=20)
        assert "↑0 ↓0" in app.screen.sub_title
    text = path.read_text()
    assert "rating: 4" in text and "headline: Staff" in text
    assert git(bob, "rev-parse", "HEAD") == git(bob, "rev-parse", "origin/main")
    assert "Commit hand edits: ada-lovelace" in git(bob, "log", "--format=%s")


async def test_sync_failure_is_one_clear_message(make_app, clones):
    _, bob = clones
    git(bob, "remote", "set-url", "origin", "http://127.0.0.1:9/team.git")
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("s")
        await wait_until(pilot, lambda: any("cannot be reached" in n.message for n in app._notifications), timeout=20)
        assert "syncing" not in app.screen.sub_title


async def test_history_lists_commits_with_their_diff(make_app, clones):
    alice, _ = clones
    edit(alice, "rating: 5", "rating: 4", "Alice re-rates Ada")
    app = make_app(alice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        app.screen.query_one(CandidateList).select("ada-lovelace")
        await settle(pilot)
        await pilot.press("h")
        await wait_until(
            pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.query_one(OptionList).option_count == 2
        )
        await pilot.pause()
        text = screen_text(pilot)
        assert "Alice re-rates Ada" in text and "Initial library" in text
        assert "-rating: 5" in text and "+rating: 4" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HistoryScreen)


async def test_a_conflict_is_resolved_on_the_resolve_screen(make_app, clones):
    from support import run_cli

    alice, bob = clones
    edit(alice, "rating: 5", "rating: 4", "Rating 4")
    git(alice, "push", "-q")
    edit(bob, "rating: 5", "rating: 3", "Rating 3")
    assert run_cli("--library", str(bob), "sync").returncode == 1  # the true conflict stops it
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        assert "unresolved merge conflict" in screen_text(pilot)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, ResolveScreen) and app.screen.query_one(OptionList).option_count > 0
        )
        await pilot.pause()
        text = screen_text(pilot)
        assert "rating" in text and "○ 3" in text and "changed by Bob Recruiter" in text
        await pilot.press("down", "enter")  # the other clone's 4
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ResolveScreen), timeout=10)
        await settle(pilot)
    assert "rating: 4" in (bob / ADA).read_text()
    assert "<<<<<<<" not in (bob / ADA).read_text()
    assert last_commit(bob).startswith("Merge")
    assert git(bob, "status", "--porcelain") == ""


async def test_a_conflict_opens_the_resolve_screen_by_its_kind_whatever_its_wording(make_app, clones, monkeypatch):
    from support import run_cli

    from runnerup_tui.domain.problems import ProblemKind

    monkeypatch.setenv("EDITOR", "true")  # were it taken for an ordinary problem, the editor would open instead
    alice, bob = clones
    edit(alice, "rating: 5", "rating: 4", "Rating 4")
    git(alice, "push", "-q")
    edit(bob, "rating: 5", "rating: 3", "Rating 3")
    assert run_cli("--library", str(bob), "sync").returncode == 1
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        [conflict] = [p for p in app.snapshot.problems if p.path == ADA]
        assert conflict.kind is ProblemKind.CONFLICT
        reworded = dataclasses.replace(conflict, message="both sides of this file wait for your choice")
        app.snapshot = dataclasses.replace(app.snapshot, problems=[reworded])
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        assert "both sides of this file wait" in screen_text(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ResolveScreen))


async def test_without_a_git_identity_the_app_offers_to_set_one(make_app, sample_library, isolated_home):
    git(sample_library, "config", "--unset", "user.name")
    git(sample_library, "config", "--unset", "user.email")
    (isolated_home / ".gitconfig").write_text("")
    from runnerup_tui.tui.dialogs.identity import IdentityDialog

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, IdentityDialog), timeout=10)
        await pilot.press(*"Grace Hopper", "tab", *"grace@example.com", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, IdentityDialog))
        await settle(pilot)
    assert git(sample_library, "config", "--local", "user.name").strip() == "Grace Hopper"
    assert git(sample_library, "config", "--local", "user.email").strip() == "grace@example.com"
