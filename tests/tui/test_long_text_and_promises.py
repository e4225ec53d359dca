"""The dialogs' text: several lines with Enter, written as `|` blocks; a job promise is shown before it is saved."""

from __future__ import annotations

from textual.widgets import Label, TextArea

from runnerup_tui.tui.dialogs.log import LogTouchpointDialog
from runnerup_tui.tui.dialogs.rejection import FitDecisionDialog, RejectionDialog
from runnerup_tui.tui.screens.main import MainScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import commit_count, last_commit, settle

BEATRIZ = "candidates/beatriz-oliveira.yaml"


async def open_on(pilot, cid: str, key: str, dialog: type):  # noqa: ANN201
    await settle(pilot)
    await pilot.press("escape")  # from the search box to the list
    pilot.app.screen.query_one(CandidateList).select(cid)
    await settle(pilot)
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, dialog)
    return pilot.app.screen


async def test_the_rejection_reason_takes_two_lines_with_enter_and_is_written_as_a_block(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_on(pilot, "beatriz-oliveira", "R", RejectionDialog)
        await pilot.press(*"Ada had more streaming experience.", "enter", *"Your pipeline tests were the best we saw.")
        assert isinstance(app.screen, RejectionDialog)  # Enter started a new line, it did not save
        assert dialog.query_one("#rejection-reason", TextArea).text.count("\n") == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FitDecisionDialog)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert last_commit(sample_library) == "Record rejection of Beatriz Oliveira (call); fit: pursue"
    text = (sample_library / BEATRIZ).read_text()
    assert (
        "  reason: |\n    Ada had more streaming experience.\n    Your pipeline tests were the best we saw.\n"
    ) in text
    assert "\\n" not in text


async def test_a_promise_in_the_summary_is_shown_before_anything_is_written_and_saving_again_keeps_it(
    make_app, sample_library
):
    app = make_app()
    before_commits = commit_count(sample_library)
    before = (sample_library / BEATRIZ).read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_on(pilot, "beatriz-oliveira", "l", LogTouchpointDialog)
        await pilot.press(*"We'll make you an offer next quarter.", "ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        warning = dialog.query_one("#log-promise", Label)
        assert warning.display and "reads like a promise of a job" in str(warning.content)
        assert "save again" in str(warning.content)
        assert (sample_library / BEATRIZ).read_bytes() == before and commit_count(sample_library) == before_commits
        await pilot.press("ctrl+s")  # the same words again: confirmed
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert commit_count(sample_library) == before_commits + 1
    assert "summary: We'll make you an offer next quarter.\n" in (sample_library / BEATRIZ).read_text()


async def test_rephrasing_a_promised_rejection_reason_clears_the_warning(make_app, sample_library):
    app = make_app()
    before = (sample_library / BEATRIZ).read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_on(pilot, "beatriz-oliveira", "R", RejectionDialog)
        await pilot.press(*"we will definitely hire you next time", "ctrl+s")
        await pilot.pause()
        warning = dialog.query_one("#rejection-promise", Label)
        assert app.screen is dialog and warning.display and "the reason reads like a promise" in str(warning.content)
        reason = dialog.query_one("#rejection-reason", TextArea)
        reason.text = "we hope to have a role that fits you"
        await pilot.pause()
        assert not warning.display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FitDecisionDialog)
        assert (sample_library / BEATRIZ).read_bytes() == before
        await pilot.press("n")
        await settle(pilot)
    assert "reason: we hope to have a role that fits you\n" in (sample_library / BEATRIZ).read_text()


async def test_notes_that_promise_a_job_are_shown_in_the_edit_form_before_saving(make_app, sample_library):
    from runnerup_tui.tui.dialogs.edit_form import EditCandidateScreen

    app = make_app()
    before = (sample_library / BEATRIZ).read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_on(pilot, "beatriz-oliveira", "e", EditCandidateScreen)
        await settle(pilot)
        notes = form.query_one("#field-notes", TextArea)
        notes.text = "Paints azulejo tiles.\nNext time you'll get the role for sure."
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        banner = form.query_one("#form-banner", Label)
        assert app.screen is form and "the notes reads like a promise of a job" in str(banner.content)
        assert (sample_library / BEATRIZ).read_bytes() == before
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert (
        "notes: |\n  Paints azulejo tiles.\n  Next time you'll get the role for sure.\n"
        in (sample_library / BEATRIZ).read_text()
    )
