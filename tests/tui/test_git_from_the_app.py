"""git from the app: a sync names the hand edits it left out; without git the app still reads the library."""

from __future__ import annotations

from runnerup_tui.tui.dialogs.confirm import ConfirmDialog
from runnerup_tui.tui.dialogs.sync import SyncDialog

from .pilot_support import git, settle, wait_until
from .test_team_screens import ADA, clones  # noqa: F401 - the fixture

YUKI = "candidates/yuki-tanaka.yaml"
MARGARET = "candidates/margaret-hamilton.yaml"


async def test_sync_from_the_app_names_the_broken_hand_edit_it_left_out(make_app, clones):  # noqa: F811
    alice, bob = clones
    path = alice / ADA
    path.write_text(path.read_text().replace("rating: 5", "rating: 4", 1))
    git(alice, "commit", "-q", "-am", "Alice re-rates Ada")
    git(alice, "push", "-q")
    broken, valid = bob / MARGARET, bob / YUKI
    broken.write_text(broken.read_text().replace("rating: 5", "rating: 9", 1))
    valid.write_text(valid.read_text().replace("rating: 4", "rating: 3", 1))
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, SyncDialog))
        await pilot.press("enter")  # the default: commit and sync
        await wait_until(pilot, lambda: any("Not committed" in n.message for n in app._notifications), timeout=20)
        message = next(n.message for n in app._notifications if "Not committed" in n.message)
    assert message.startswith("Synced: committed 1 hand edit(s)")
    assert f"{MARGARET}:" in message and "rating: must be between 1 and 5 (got 9)" in message
    assert "rating: 3" in git(bob, "show", f"origin/main:{YUKI}")
    assert "rating: 4" in (bob / ADA).read_text()  # the team's change arrived
    assert "rating: 9" in broken.read_text()


async def test_without_git_the_app_opens_and_says_git_is_missing(make_app, tmp_path, monkeypatch):
    empty = tmp_path / "bin-without-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await wait_until(pilot, lambda: any("git is not installed" in n.message for n in app._notifications))
        assert app.snapshot is not None and len(app.snapshot.entries) > 20  # browsing works
        assert not isinstance(app.screen, ConfirmDialog)
