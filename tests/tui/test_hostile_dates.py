"""The app refuses a day past the library's horizon, as the command line does."""

from __future__ import annotations

from textual.widgets import Input, Label

from runnerup_tui.domain.model import MAX_DAY, MIN_DAY
from runnerup_tui.tui.dialogs.log import LogTouchpointDialog

from .pilot_support import commit_count, settle


async def test_a_date_past_the_horizon_is_refused_in_the_log_dialog(make_app, sample_library):
    app = make_app()
    before = commit_count(sample_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LogTouchpointDialog)
        dialog.query_one("#log-date", Input).value = "9999-12-31"
        await pilot.pause()
        await pilot.click("#log-save")
        await settle(pilot)
        assert app.screen is dialog
        error = dialog.query_one("#log-date-error", Label)
        assert error.display and f"between {MIN_DAY} and {MAX_DAY}" in str(error.content)
        await pilot.press("escape")
        await settle(pilot)
    assert commit_count(sample_library) == before
