"""A save that fails says why and leaves the form or dialog open with what was typed; long names save.

The faults are real: a folder where the candidate's file should be, a file name that
points at itself. Nothing is mocked.
"""

from __future__ import annotations

import os
import shutil

from textual import events
from textual.widgets import Input, Label, TextArea

from runnerup_tui.tui.dialogs.edit_form import EditCandidateScreen
from runnerup_tui.tui.dialogs.log import LogTouchpointDialog
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import git, last_commit, settle, shown_ids, wait_until

ADA = "candidates/ada-lovelace.yaml"
LONG_NAME = " ".join(["Maximiliana Wilhelmina"] * 14)  # 300+ characters


def field(screen: EditCandidateScreen, key: str) -> Input:
    return screen.query_one("#field-" + key.replace(".", "-").replace("_", "-"), Input)


def banner(screen: EditCandidateScreen) -> str:
    label = screen.query_one("#form-banner", Label)
    return str(label.content) if label.display else ""


def put_a_folder_where_the_file_is(path) -> None:  # noqa: ANN001
    path.unlink()
    path.mkdir()
    (path / "keep").write_text("a folder, not a file")


async def open_form(pilot, key: str) -> EditCandidateScreen:  # noqa: ANN001
    await settle(pilot)
    await pilot.press("escape")  # from the search box to the list
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, EditCandidateScreen)
    return pilot.app.screen


async def test_an_edit_that_cannot_be_written_says_why_and_keeps_the_form_as_typed(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        app.screen.query_one(CandidateList).select("ada-lovelace")
        form = await open_form(pilot, "e")
        field(form, "headline").value = "Staff Data Engineer, typed with care"
        put_a_folder_where_the_file_is(sample_library / ADA)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not form.saving, timeout=10)
        await settle(pilot)
        assert app.screen is form
        assert "is not a regular file (a folder)" in banner(form) and "Saving" not in banner(form)
        assert field(form, "headline").value == "Staff Data Engineer, typed with care"
        # the fault gone, the same form saves what was typed
        shutil.rmtree(sample_library / ADA)
        git(sample_library, "checkout", "--", ADA)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EditCandidateScreen)
    assert "headline: Staff Data Engineer, typed with care" in (sample_library / ADA).read_text()


async def test_a_new_candidate_that_cannot_be_written_keeps_the_form_open(make_app, sample_library):
    os.symlink("zed-fault.yaml", sample_library / "candidates" / "zed-fault.yaml")  # points at itself
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "n")
        await pilot.press(*"Zed Fault")
        field(form, "skills").value = "kotlin, rust"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not form.saving, timeout=10)
        await settle(pilot)
        assert app.screen is form
        assert "symbolic links" in banner(form)
        assert field(form, "name").value == "Zed Fault" and field(form, "skills").value == "kotlin, rust"
    assert last_commit(sample_library) == "Initial library"


async def test_a_pasted_300_character_name_saves_under_a_short_id(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "n")
        field(form, "name").post_message(events.Paste(LONG_NAME))
        await pilot.pause()
        assert field(form, "name").value == LONG_NAME
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EditCandidateScreen)
        [cid] = [i for i in shown_ids(pilot) if i.startswith("maximiliana")]
        assert len(cid) <= 60
    assert (sample_library / "candidates" / f"{cid}.yaml").read_text().startswith(f"name: {LONG_NAME}\n")


async def test_a_touchpoint_that_cannot_be_written_reopens_the_dialog_as_typed(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        app.screen.query_one(CandidateList).select("ada-lovelace")
        await settle(pilot)
        await pilot.press("escape", "l")
        await pilot.pause()
        assert isinstance(app.screen, LogTouchpointDialog)
        put_a_folder_where_the_file_is(sample_library / ADA)
        await pilot.press(*"Talked about the engine", "ctrl+s")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, LogTouchpointDialog) and app.screen.query_one("#log-error", Label).display,
            timeout=10,
        )
        dialog = app.screen
        assert "is not a regular file (a folder)" in str(dialog.query_one("#log-error", Label).content)
        assert dialog.query_one("#log-summary", TextArea).text == "Talked about the engine"


async def test_snooze_and_rejection_from_today_come_back_as_typed_when_they_cannot_be_written(make_app, sample_library):
    from textual.widgets import OptionList

    from runnerup_tui.tui.dialogs.rejection import FitDecisionDialog, RejectionDialog
    from runnerup_tui.tui.dialogs.snooze import SnoozeDialog
    from runnerup_tui.tui.screens.today import TodayScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("t")
        await settle(pilot)
        today = app.screen
        assert isinstance(today, TodayScreen)
        items = today.query_one("#today-list", OptionList)
        items.highlighted = items.get_option_index("follow-up/elena-petrova")
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        app.screen.query_one("#snooze-date", Input).value = "2026-12-02"
        put_a_folder_where_the_file_is(sample_library / "candidates/elena-petrova.yaml")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, SnoozeDialog) and app.screen.query_one("#snooze-error", Label).display,
            timeout=10,
        )
        assert app.screen.query_one("#snooze-date", Input).value == "2026-12-02"
        assert "is not a regular file (a folder)" in str(app.screen.query_one("#snooze-error", Label).content)
        await pilot.press("escape")
        await pilot.pause()

        items.highlighted = items.get_option_index("rejection-call/nguyen-thi-mai")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RejectionDialog)
        app.screen.query_one("#rejection-reason", TextArea).text = "Another candidate had more Spark"
        app.screen.query_one("#rejection-impressed", TextArea).text = "Her talk on data contracts"
        put_a_folder_where_the_file_is(sample_library / "candidates/nguyen-thi-mai.yaml")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FitDecisionDialog)
        await pilot.click("#fit-pursue")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, RejectionDialog) and app.screen.query_one("#rejection-error", Label).display,
            timeout=10,
        )
        assert app.screen.query_one("#rejection-reason", TextArea).text == "Another candidate had more Spark"
        assert app.screen.query_one("#rejection-impressed", TextArea).text == "Her talk on data contracts"


async def test_a_new_opening_that_cannot_be_written_reopens_the_form_as_typed(make_app, sample_library):
    from runnerup_tui.tui.dialogs.opening_form import OpeningForm

    os.symlink("staff-ml-engineer.yaml", sample_library / "openings" / "staff-ml-engineer.yaml")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OpeningForm)
        form.query_one("#opening-title", Input).value = "Staff ML Engineer"
        form.query_one("#opening-team", Input).value = "Ranking"
        form.query_one("#opening-skills", Input).value = "python, pytorch"
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, OpeningForm)
                and app.screen is not form
                and app.screen.query_one("#opening-error", Label).display
            ),
            timeout=10,
        )
        again = app.screen
        assert "symbolic links" in str(again.query_one("#opening-error", Label).content)
        assert [again.query_one(f"#opening-{f}", Input).value for f in ("title", "team", "skills")] == [
            "Staff ML Engineer",
            "Ranking",
            "python, pytorch",
        ]
    assert last_commit(sample_library) == "Initial library"
