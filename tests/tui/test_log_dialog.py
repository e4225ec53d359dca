"""Logging a touchpoint: the modal, the commit, and the list and detail updating."""

from __future__ import annotations

from textual.widgets import Input, Label, Select, TextArea

from runnerup_tui.tui.dialogs.confirm import ConfirmDialog
from runnerup_tui.tui.dialogs.log import LogTouchpointDialog
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import TODAY, commit_count, decline_identity, detail_text, git, last_commit, settle


async def open_dialog(pilot) -> LogTouchpointDialog:
    await settle(pilot)
    await pilot.press("escape")  # from the search box to the list
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(pilot.app.screen, LogTouchpointDialog)
    return pilot.app.screen


async def test_logging_a_coffee_commits_it_and_moves_the_follow_up(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        candidates = app.screen.query_one(CandidateList)
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        candidates.select("theo-lefevre")  # overdue since 2025
        await settle(pilot)
        assert candidates.highlighted.follow_up < TODAY
        dialog = await open_dialog(pilot)
        assert dialog.query_one("#log-date", Input).value == TODAY.isoformat()
        assert dialog.query_one("#log-kind", Select).value == "call"
        assert app.focused is dialog.query_one("#log-summary", TextArea)
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is dialog.query_one("#log-kind", Select)
        dialog.query_one("#log-kind", Select).value = "coffee"
        await pilot.press("tab", "tab", *"Coffee in Lyon", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LogTouchpointDialog)
        row = candidates.highlighted
        assert row.id == "theo-lefevre" and row.last_contact == TODAY and row.follow_up > TODAY
        assert f"{TODAY}  coffee" in detail_text(pilot) and "Coffee in Lyon" in detail_text(pilot)
    assert last_commit(sample_library) == "Log coffee with Théo Lefèvre"
    assert git(sample_library, "show", "--name-only", "--format=", "HEAD").split() == ["candidates/theo-lefevre.yaml"]
    text = (sample_library / "candidates/theo-lefevre.yaml").read_text()
    assert f"date: {TODAY}\n    kind: coffee\n    by: Test Recruiter\n    summary: Coffee in Lyon\n" in text


async def test_an_invalid_date_is_refused_in_the_dialog_and_nothing_is_written(make_app, sample_library):
    app = make_app()
    before = commit_count(sample_library)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#log-date", Input).value = "2026-02-30"
        await pilot.pause()
        await pilot.click("#log-save")
        await settle(pilot)
        assert app.screen is dialog
        error = dialog.query_one("#log-date-error", Label)
        assert error.display and "must be a date" in str(error.content)
        assert app.focused is dialog.query_one("#log-date", Input)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, LogTouchpointDialog)
    assert commit_count(sample_library) == before


async def test_yesterday_is_understood_and_the_opening_is_recorded(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#log-kind", Select).value = "presented"
        dialog.query_one("#log-date", Input).value = "yesterday"
        dialog.query_one("#log-opening", Select).value = "senior-data-engineer"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert last_commit(sample_library) == "Present Ada Lovelace for senior-data-engineer"
    text = (sample_library / "candidates/ada-lovelace.yaml").read_text()
    assert "date: 2026-11-15\n    kind: presented\n" in text and text.endswith("opening: senior-data-engineer\n")


async def test_a_failed_commit_is_reported(make_app, sample_library, monkeypatch, tmp_path):
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    git(sample_library, "config", "--unset", "user.name")
    git(sample_library, "config", "--unset", "user.email")
    original = (sample_library / "candidates/ada-lovelace.yaml").read_bytes()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await decline_identity(pilot)
        await open_dialog(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("user.name" in n.message for n in app._notifications)
    assert (sample_library / "candidates/ada-lovelace.yaml").read_bytes() == original


async def test_a_personal_touchpoint_beyond_the_fit_asks_first(make_app, sample_library):
    app = make_app()
    before = commit_count(sample_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        app.screen.query_one(CandidateList).select("ayse-yilmaz")  # newsletter: no personal outreach
        dialog = await open_dialog(pilot)
        concern = dialog.query_one("#log-concern", Label)
        assert concern.display and "is `newsletter`" in str(concern.content)
        dialog.query_one("#log-kind", Select).value = "newsletter"
        await pilot.pause()
        assert not concern.display
        dialog.query_one("#log-kind", Select).value = "coffee"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog and commit_count(sample_library) == before
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, (ConfirmDialog, LogTouchpointDialog))
    assert last_commit(sample_library) == "Log coffee with Ayşe Yılmaz"
