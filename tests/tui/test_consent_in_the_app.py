"""Consent in the app: the rejection records it, expired consent asks before outreach, forget asks and erases."""

from __future__ import annotations

import datetime as dt

from ruamel.yaml import YAML
from textual.widgets import Checkbox, Label, OptionList, Select, TextArea

from runnerup_tui.tui.dialogs.confirm import ConfirmDialog
from runnerup_tui.tui.dialogs.log import LogTouchpointDialog
from runnerup_tui.tui.dialogs.rejection import FitDecisionDialog, RejectionDialog
from runnerup_tui.tui.screens.main import MainScreen
from runnerup_tui.tui.screens.today import TodayScreen

from .pilot_support import TODAY, commit_count, git, last_commit, settle, shown_ids

LUKASZ = "candidates/lukasz-wisniewski.yaml"  # consent expired on 2026-06-14


def record(library, cid: str) -> dict:
    return YAML(typ="safe").load((library / f"candidates/{cid}.yaml").read_text())


def committed_files(library) -> list[str]:
    return git(library, "show", "--name-only", "--format=", "HEAD").split()


async def on_candidate(pilot, cid: str) -> MainScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    screen.show_candidate(cid)
    await settle(pilot)
    return screen


def confirm_texts(dialog: ConfirmDialog) -> str:
    return "\n".join(str(label.render()) for label in dialog.query(Label))


async def test_the_rejection_dialogs_consent_choice_records_consent(make_app, sample_library):
    app = make_app()
    before = commit_count(sample_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_candidate(pilot, "daniel-cohen")
        await pilot.press("R")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RejectionDialog)
        assert dialog.query_one("#rejection-consent", Checkbox).value is False  # never assumed
        dialog.query_one("#rejection-reason", TextArea).text = "Less Spark than the role needs"
        dialog.query_one("#rejection-consent", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FitDecisionDialog)
        await pilot.press("n")
        await settle(pilot)
    assert commit_count(sample_library) == before + 1
    assert committed_files(sample_library) == ["candidates/daniel-cohen.yaml"]
    saved = record(sample_library, "daniel-cohen")
    assert saved["consent"] == {"given": TODAY, "expires": TODAY + dt.timedelta(days=730), "newsletter": True}
    assert saved["rejection"]["newsletter_invited"] is True


async def test_logging_a_congrats_with_expired_consent_asks_first(make_app, sample_library):
    app = make_app()
    before = commit_count(sample_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_candidate(pilot, "lukasz-wisniewski")
        await pilot.press("l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LogTouchpointDialog)
        dialog.query_one("#log-kind", Select).value = "congrats"
        dialog.query_one("#log-summary", TextArea).text = "Congrats on the new role"
        await pilot.pause()
        assert "consent expired on 2026-06-14" in str(dialog.query_one("#log-concern", Label).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        assert "Łukasz Wiśniewski's consent expired on 2026-06-14" in confirm_texts(question)
        await pilot.press("n")  # go back: nothing logged
        await settle(pilot)
        assert app.screen is dialog and commit_count(sample_library) == before
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    assert commit_count(sample_library) == before + 1
    assert record(sample_library, "lukasz-wisniewski")["history"][-1]["summary"] == "Congrats on the new role"


async def test_forget_from_the_app_asks_naming_the_person_and_history_then_deletes_in_one_commit(
    make_app, sample_library
):
    app = make_app()
    before = commit_count(sample_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_candidate(pilot, "lukasz-wisniewski")
        await pilot.press("F")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        text = confirm_texts(question)
        assert "Forget Łukasz Wiśniewski?" in text
        assert "Git history still holds their data" in text and "git filter-repo" in text
        await pilot.press("y")
        await settle(pilot)
        assert "lukasz-wisniewski" not in shown_ids(pilot)
        notes = [n.message for n in app._notifications]
        assert any(m.startswith("Forgot Łukasz Wiśniewski") for m in notes)
        assert any(f"git filter-repo --invert-paths --path {LUKASZ}" in m for m in notes)
    assert not (sample_library / LUKASZ).exists()
    assert commit_count(sample_library) == before + 1
    assert last_commit(sample_library) == "Forget Łukasz Wiśniewski (consent withdrawn)"
    assert committed_files(sample_library) == [LUKASZ]


async def test_cancelling_forget_keeps_the_person(make_app, sample_library):
    app = make_app()
    before = commit_count(sample_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_candidate(pilot, "lukasz-wisniewski")
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "lukasz-wisniewski" in shown_ids(pilot)
    assert (sample_library / LUKASZ).exists()
    assert commit_count(sample_library) == before


async def test_todays_expired_consent_item_offers_forget_and_nothing_else(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        assert [key for key in screen.items if key.endswith("/lukasz-wisniewski")] == [
            "consent-expiring/lukasz-wisniewski"
        ]
        assert "renew or forget" in screen.items["consent-expiring/lukasz-wisniewski"].detail
        option_list = screen.query_one("#today-list", OptionList)
        option_list.highlighted = option_list.get_option_index("follow-up/elena-petrova")
        await pilot.pause()
        assert screen.check_action("forget", ()) is None  # only for consent items
        option_list.highlighted = option_list.get_option_index("consent-expiring/lukasz-wisniewski")
        await pilot.pause()
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Forget Łukasz Wiśniewski?" in confirm_texts(app.screen)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert not any(key.endswith("/lukasz-wisniewski") for key in screen.items)
    assert not (sample_library / LUKASZ).exists()
    assert last_commit(sample_library) == "Forget Łukasz Wiśniewski (consent withdrawn)"


async def test_the_forget_question_shows_a_hostile_name_escaped(make_app, sample_library):
    (sample_library / "candidates" / "mallory.yaml").write_text('name: "Mallory \\u202eyrollaM\\x1b[2J"\n')
    git(sample_library, "add", "candidates/mallory.yaml")
    git(sample_library, "commit", "-qm", "Add Mallory")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await on_candidate(pilot, "mallory")
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        text = confirm_texts(app.screen)
        assert "Forget Mallory \\u202eyrollaM\\x1b[2J?" in text
        assert "\u202e" not in text and "\x1b" not in text
