"""Snapshots of every screen and dialog at 80×24 and 120×40, on a fixed day, with fixed commit dates.

Update after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the report before committing the new SVGs. Today, snooze and Openings are in
test_snapshots_workflows.py.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from textual.widgets import Input, Label, OptionList

from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import git, settle, wait_until

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
THEO = "theo-lefevre"  # no `fit:` in his file: the list and the detail say "undecided"
ADA = "candidates/ada-lovelace.yaml"


@pytest.fixture(autouse=True)
def fixed_commit_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits made by the tests and the app get the same dates, so history shows the same hashes and days."""
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, "2026-11-10T09:30:00+00:00")


async def on_theo(pilot, *keys: str) -> None:
    """Open the app, put the cursor on Théo, then press ``keys``."""
    await settle(pilot)
    pilot.app.screen.query_one(CandidateList).select(THEO)
    await pilot.press("escape")  # from the search box to the list
    await settle(pilot)
    if keys:
        await pilot.press(*keys)
        await settle(pilot)


@SIZES
class TestMainScreen:
    def test_an_undecided_candidate(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=on_theo)

    def test_detail_zoomed(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=lambda pilot: on_theo(pilot, "z"))

    def test_an_invalid_search(self, snap_compare, make_app, size):
        async def search(pilot):
            await settle(pilot)
            await pilot.press(*"skill:python fit:maybe")  # the search box has the keyboard from the start
            await settle(pilot)

        assert snap_compare(make_app(), terminal_size=size, run_before=search)

    def test_keys_help(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=lambda pilot: on_theo(pilot, "question_mark"))


@SIZES
class TestDialogs:
    def test_edit_form_with_an_error(self, snap_compare, make_app, size):
        async def edit(pilot):
            await on_theo(pilot, "e")
            pilot.app.screen.query_one("#field-name", Input).value = ""
            await pilot.press("ctrl+s")
            await settle(pilot)
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=size, run_before=edit)

    def test_log_dialog(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=lambda pilot: on_theo(pilot, "l"))

    def test_rejection_call(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=lambda pilot: on_theo(pilot, "R"))

    def test_rejection_fit_decision(self, snap_compare, make_app, size):
        async def decide(pilot):
            await on_theo(pilot, "R")
            await pilot.press(*"We hired someone with production Kubernetes", "ctrl+s")
            await settle(pilot)

        assert snap_compare(make_app(), terminal_size=size, run_before=decide)

    def test_identity(self, snap_compare, make_app, sample_library, isolated_home, size):
        git(sample_library, "config", "--unset", "user.name")
        git(sample_library, "config", "--unset", "user.email")
        (isolated_home / ".gitconfig").write_text("")

        async def identity(pilot):
            from runnerup_tui.tui.dialogs.identity import IdentityDialog

            await wait_until(pilot, lambda: isinstance(pilot.app.screen, IdentityDialog), timeout=10)
            # the library's folder is a new temporary one each run: show a steady one instead
            pilot.app.screen.query_one("#identity-where", Label).update(
                "runnerup will set them for /home/grace/library only (git config --local)."
            )
            await pilot.pause()  # not settle(): the worker asking waits for this dialog's answer

        assert snap_compare(make_app(), terminal_size=size, run_before=identity)


@pytest.fixture
def broken(sample_library: Path) -> Path:
    ada = sample_library / ADA
    ada.write_text(ada.read_text().replace("rating: 5  # would hire tomorrow", "rating: 9\nskils: [sql]"))
    (sample_library / "candidates/half-typed.yaml").write_text("name: Half Typed\nskills: [python\n")
    return sample_library


@pytest.fixture
def conflicted(sample_library: Path) -> Path:
    """Ada's rating changed two ways on two branches, merged without the merge driver: a conflict."""

    def rate(rating: str) -> None:
        path = sample_library / ADA
        path.write_text(path.read_text().replace("rating: 5", f"rating: {rating}", 1))
        git(sample_library, "commit", "-q", "-am", f"Rating {rating}")

    git(sample_library, "checkout", "-q", "-b", "theirs")
    rate("4")
    git(sample_library, "checkout", "-q", "main")
    rate("3")
    result = subprocess.run(["git", "-C", str(sample_library), "merge", "-q", "theirs"], capture_output=True, text=True)
    assert result.returncode != 0 and "<<<<<<<" in (sample_library / ADA).read_text()
    return sample_library


@SIZES
class TestTeamScreens:
    def test_problems(self, snap_compare, make_app, broken, size):
        async def problems(pilot):
            await settle(pilot)
            await pilot.press("escape", "p")  # from the search box to the list, then the key
            await settle(pilot)

        assert snap_compare(make_app(broken), terminal_size=size, run_before=problems)

    def test_history(self, snap_compare, make_app, sample_library, size):
        path = sample_library / ADA
        path.write_text(path.read_text().replace("rating: 5", "rating: 4", 1))
        git(sample_library, "commit", "-q", "-am", "Alice re-rates Ada")

        async def history(pilot):
            from runnerup_tui.tui.screens.history import HistoryScreen

            await settle(pilot)
            await pilot.press("escape", "h")  # from the search box to the list, then the key
            await wait_until(
                pilot,
                lambda: (
                    isinstance(pilot.app.screen, HistoryScreen)
                    and pilot.app.screen.query_one(OptionList).option_count == 2
                ),
            )
            await settle(pilot)

        assert snap_compare(make_app(), terminal_size=size, run_before=history)

    def test_resolve(self, snap_compare, make_app, conflicted, size):
        async def resolve(pilot):
            from runnerup_tui.tui.screens.resolve import ResolveScreen

            await settle(pilot)
            await pilot.press("escape", "p")  # from the search box to the list, then the key
            await settle(pilot)
            await pilot.press("enter")
            await wait_until(
                pilot,
                lambda: (
                    isinstance(pilot.app.screen, ResolveScreen)
                    and pilot.app.screen.query_one(OptionList).option_count > 0
                ),
            )
            await settle(pilot)

        assert snap_compare(make_app(conflicted), terminal_size=size, run_before=resolve)
