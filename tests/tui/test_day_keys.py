"""A recruiter's day from the keyboard: typing goes to the search, every key says what it did."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from runnerup_tui.tui.dialogs.sync import SyncDialog
from runnerup_tui.tui.screens.main import MainScreen
from runnerup_tui.tui.screens.openings import OpeningsScreen
from runnerup_tui.tui.screens.today import TodayScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .conftest import SAMPLE
from .pilot_support import (
    commit_count,
    decline_identity,
    git,
    git_repo,
    screen_text,
    search_for,
    settle,
    shown_ids,
    wait_until,
)

ADA = "candidates/ada-lovelace.yaml"


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def owners(library: Path) -> dict[str, str]:
    """Each candidate's owner, read from the files (one of them is broken on purpose: no YAML parser)."""
    found = {}
    for path in (library / "candidates").glob("*.yaml"):
        line = re.search(r"^owner: *(.*)$", path.read_text(), re.MULTILINE)
        found[path.stem] = line.group(1).strip("'\"") if line else ""
    return found


# -- the first keystrokes ----------------------------------------------------------------------


async def test_typing_rowing_at_start_filters_the_list_then_escape_or_down_hand_the_keys_to_the_list(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"rowing")  # at once, before the library has even finished opening
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and len(app.screen_stack) == 1  # neither o nor n acted
        box = app.screen.query_one("#search", Input)
        assert box.value == "rowing" and app.focused is box
        assert shown_ids(pilot) == ["ada-lovelace"]
        candidates = app.screen.query_one(CandidateList)
        await pilot.press("escape")
        assert app.focused is candidates
        await pilot.press("slash")
        assert app.focused is box
        await pilot.press("down")
        assert app.focused is candidates
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OpeningsScreen)


async def test_a_key_typed_while_nothing_has_focus_goes_to_the_search(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.set_focus(None)  # as in the first moments, before the screen has focused anything
        await pilot.press("o", "s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and len(app.screen_stack) == 1
        assert app.screen.query_one("#search", Input).value == "os"


# -- keys that cannot act say why --------------------------------------------------------------


@pytest.mark.parametrize(
    "key, what", [("l", "log"), ("e", "edit"), ("R", "rejection call"), ("h", "history"), ("E", "editor")]
)
async def test_a_candidate_key_with_an_empty_list_says_why(make_app, key, what):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, "zzzz nobody")
        await pilot.press("escape")  # to the (empty) list
        assert shown_ids(pilot) == []
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and len(app.screen_stack) == 1
        said = [m for m in notifications(app) if m.startswith("Nothing to")]
        assert said and "no candidate matches the search “zzzz nobody”" in said[0], (what, notifications(app))


async def test_r_on_a_today_follow_up_says_it_is_not_a_rejection_call(make_app, sample_library):
    app = make_app()
    before = commit_count(sample_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "t")
        await settle(pilot)
        today = app.screen
        assert isinstance(today, TodayScreen)
        items = today.query_one("#today-list")
        items.highlighted = items.get_option_index("follow-up/elena-petrova")
        await pilot.pause()
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is today
        said = [m for m in notifications(app) if "Elena Petrova" in m]
        assert said and "not a pending rejection call" in said[0]
    assert commit_count(sample_library) == before


# -- the sync question -------------------------------------------------------------------------


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, Path]:
    """A bare remote with one new commit from Alice, and Bob's clone with a hand edit to Ada."""
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
    yuki = alice / "candidates/yuki-tanaka.yaml"
    yuki.write_text(yuki.read_text().replace("rating: 4", "rating: 3", 1))
    git(alice, "commit", "-q", "-am", "Alice re-rates Yuki")
    git(alice, "push", "-q")
    ada = bob / ADA
    ada.write_text(ada.read_text().replace("headline: Senior", "headline: Staff"))  # Bob's hand edit
    return alice, bob


async def ask_to_sync(pilot) -> SyncDialog:
    await settle(pilot)
    await pilot.press("escape", "s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SyncDialog), timeout=10)
    assert "candidates/ada-lovelace.yaml" in screen_text(pilot)
    return pilot.app.screen


async def test_the_sync_question_defaults_to_commit_and_sync(make_app, team):
    _, bob = team
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await ask_to_sync(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(m.startswith("Synced") for m in notifications(app)), timeout=20)
        said = next(m for m in notifications(app) if m.startswith("Synced"))
    assert "committed 1 hand edit" in said and "pulled 1" in said
    assert git(bob, "status", "--porcelain") == ""
    assert "Commit hand edits: ada-lovelace" in git(bob, "log", "--format=%s")
    assert "headline: Staff" in git(bob, "show", f"origin/main:{ADA}")
    assert "rating: 3" in (bob / "candidates/yuki-tanaka.yaml").read_text()


async def test_sync_without_committing_pulls_and_leaves_the_hand_edit_local(make_app, team):
    _, bob = team
    before = git(bob, "rev-parse", "HEAD")
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await ask_to_sync(pilot)
        await pilot.click("#sync-without-committing")
        await wait_until(pilot, lambda: any(m.startswith("Synced") for m in notifications(app)), timeout=20)
        said = next(m for m in notifications(app) if m.startswith("Synced"))
    assert "committed 1" not in said and "pulled 1" in said and "1 hand edit left uncommitted" in said
    assert git(bob, "status", "--porcelain").split() == ["M", ADA]
    assert "headline: Staff" in (bob / ADA).read_text()
    assert "rating: 3" in (bob / "candidates/yuki-tanaka.yaml").read_text()  # the team's change arrived
    assert git(bob, "rev-parse", "HEAD") != before and "Commit hand edits" not in git(bob, "log", "--format=%s")


@pytest.mark.parametrize("how", ["escape", "button"])
async def test_cancel_does_nothing_and_says_sync_cancelled(make_app, team, how):
    _, bob = team
    before = git(bob, "rev-parse", "HEAD")
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await ask_to_sync(pilot)
        if how == "escape":
            await pilot.press("escape")
        else:
            await pilot.click("#sync-cancel")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any(m.lower().startswith("sync cancelled") for m in notifications(app))
    assert git(bob, "rev-parse", "HEAD") == before
    assert git(bob, "rev-parse", "origin/main") == before  # not even fetched
    assert git(bob, "status", "--porcelain").split() == ["M", ADA]


# -- owner:me and "mine only" ------------------------------------------------------------------


async def test_owner_me_shows_the_candidates_of_the_git_user_as_the_team_names_them(make_app, sample_library):
    git(sample_library, "config", "user.name", "grace")  # the team lists her as "Grace Hopper"
    graces = sorted(cid for cid, owner in owners(sample_library).items() if owner == "Grace Hopper")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"owner:me")
        await settle(pilot)
        assert sorted(shown_ids(pilot)) == graces and len(graces) > 3
        assert not app.screen.query_one("#search", Input).has_class("-bad-query")


async def test_owner_me_without_a_git_identity_says_so_in_the_search_border(make_app, sample_library):
    git(sample_library, "config", "--unset", "user.name")
    git(sample_library, "config", "--unset", "user.email")
    (Path.home() / ".gitconfig").write_text("")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await decline_identity(pilot)
        await settle(pilot)
        await search_for(pilot, "owner:me")
        box = app.screen.query_one("#search", Input)
        assert box.has_class("-bad-query")
        assert "owner:me" in str(box.border_subtitle) and "user.name" in str(box.border_subtitle)
        assert shown_ids(pilot) == []  # no results of an earlier search are shown under an invalid one
        assert app.screen.sub_title.endswith("invalid search, 0/28 shown")


async def test_today_mine_only_narrows_the_agenda_to_the_git_users_candidates(make_app, sample_library):
    git(sample_library, "config", "user.name", "Barbara Liskov")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "t")
        await settle(pilot)
        today = app.screen
        assert isinstance(today, TodayScreen)
        everyone = dict(today.items)
        assert "m Mine only" in screen_text(pilot)  # in the footer
        await pilot.press("m")
        await settle(pilot)
        mine = dict(today.items)
        assert mine and len(mine) < len(everyone)
        assert {item.owner for item in mine.values()} == {"Barbara Liskov"}
        assert "of yours" in screen_text(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert today.items.keys() == everyone.keys()
