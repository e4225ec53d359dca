"""Today and Openings: the agenda and the ranking of the core, acted on with one key each."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ruamel.yaml import YAML
from textual.command import CommandPalette
from textual.widgets import Checkbox, Input, OptionList, TextArea

from runnerup_tui.tui.dialogs.confirm import ConfirmDialog
from runnerup_tui.tui.dialogs.log import LogTouchpointDialog
from runnerup_tui.tui.dialogs.opening_form import OpeningForm
from runnerup_tui.tui.dialogs.rejection import FitDecisionDialog, RejectionDialog
from runnerup_tui.tui.dialogs.snooze import SnoozeDialog
from runnerup_tui.tui.screens.main import MainScreen
from runnerup_tui.tui.screens.openings import OpeningsScreen
from runnerup_tui.tui.screens.today import TodayScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import TODAY, commit_count, git, last_commit, screen_text, settle, wait_until


def record(library, cid: str) -> dict:
    return YAML(typ="safe").load((library / f"candidates/{cid}.yaml").read_text())


def committed_files(library) -> list[str]:
    return git(library, "show", "--name-only", "--format=", "HEAD").split()


async def open_today(pilot) -> TodayScreen:
    await settle(pilot)
    await pilot.press("escape")  # from the search box to the list
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TodayScreen)
    return pilot.app.screen


async def select_item(pilot, screen: TodayScreen, key: str) -> None:
    option_list = screen.query_one("#today-list", OptionList)
    option_list.highlighted = option_list.get_option_index(key)
    await pilot.pause()
    assert screen.selected is not None and f"{screen.selected.reason}/{screen.selected.id}" == key


class TestToday:
    async def test_shows_the_pending_rejection_call_and_the_expiring_consent(self, make_app):
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_today(pilot)
            assert "rejection-call/nguyen-thi-mai" in screen.items
            assert "consent-expiring/hannah-schmidt" in screen.items
            follow_up = screen.items["follow-up/elena-petrova"]
            assert follow_up.starter and follow_up.starter in str(
                screen.query_one("#today-list", OptionList).get_option("follow-up/elena-petrova").prompt
            )
            assert "Rejection calls (5)" in screen_text(pilot)
            await select_item(pilot, screen, "consent-expiring/hannah-schmidt")
            await pilot.press("r")  # only for rejection calls: it says so instead
            await pilot.pause()
            assert app.screen is screen and any("not a pending rejection call" in n.message for n in app._notifications)
            assert app.screen.check_action("snooze", ()) is None  # next_contact moves follow-ups only
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert app.screen.query_one(CandidateList).highlighted.id == "hannah-schmidt"

    async def test_snooze_sets_next_contact_in_one_commit_and_the_item_leaves(self, make_app, sample_library):
        app = make_app()
        before = commit_count(sample_library)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_today(pilot)
            await select_item(pilot, screen, "follow-up/elena-petrova")
            await pilot.press("z")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, SnoozeDialog)
            assert dialog.query_one("#snooze-date", Input).value == str(TODAY + dt.timedelta(days=7))
            dialog.query_one("#snooze-date", Input).value = "2026-12-02"
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen
            assert "follow-up/elena-petrova" not in screen.items  # due after the agenda's week now
        assert commit_count(sample_library) == before + 1
        assert last_commit(sample_library) == "Snooze Elena Petrova until 2026-12-02"
        assert committed_files(sample_library) == ["candidates/elena-petrova.yaml"]
        assert record(sample_library, "elena-petrova")["next_contact"] == dt.date(2026, 12, 2)

    async def test_logging_from_today_reuses_the_log_dialog(self, make_app, sample_library):
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_today(pilot)
            await select_item(pilot, screen, "follow-up/elena-petrova")
            await pilot.press("l")
            await pilot.pause()
            assert isinstance(app.screen, LogTouchpointDialog)
            await pilot.press(*"Asked about the chess club", "ctrl+s")
            await settle(pilot)
            assert app.screen is screen and "follow-up/elena-petrova" not in screen.items
        assert last_commit(sample_library) == "Log call with Elena Petrova"
        assert record(sample_library, "elena-petrova")["history"][-1]["summary"] == "Asked about the chess club"

    async def test_the_rejection_call_fills_rejection_and_fit_in_one_commit(self, make_app, sample_library):
        app = make_app()
        before = commit_count(sample_library)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_today(pilot)
            await select_item(pilot, screen, "rejection-call/nguyen-thi-mai")
            await pilot.press("r")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, RejectionDialog)
            await pilot.press("ctrl+s")  # no reason yet: refused in the dialog
            await pilot.pause()
            assert app.screen is dialog
            await pilot.press(*"Another finalist had shipped a design system")
            dialog.query_one("#rejection-impressed", TextArea).text = "Her research readout"
            dialog.query_one("#rejection-newsletter", Checkbox).value = True
            dialog.query_one("#rejection-date", Input).value = "2026-11-21"  # the day after her onsite
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, FitDecisionDialog)
            await pilot.press("p")
            await settle(pilot)
            assert app.screen is screen and "rejection-call/nguyen-thi-mai" not in screen.items
        assert commit_count(sample_library) == before + 1
        assert last_commit(sample_library) == "Record rejection of Nguyễn Thị Mai (call); fit: pursue"
        assert committed_files(sample_library) == ["candidates/nguyen-thi-mai.yaml"]
        mai = record(sample_library, "nguyen-thi-mai")
        assert mai["rejection"] == {
            "date": dt.date(2026, 11, 21),
            "channel": "call",
            "newsletter_invited": True,
            "reason": "Another finalist had shipped a design system",
        }
        assert mai.get("fit", "pursue") == "pursue"
        assert "What impressed us: Her research readout." in mai["history"][-1]["summary"]


async def test_the_rejection_call_from_the_main_screen_can_close_the_relationship(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        app.screen.query_one(CandidateList).select("beatriz-oliveira")
        await settle(pilot)
        await pilot.press("escape", "R")
        await pilot.pause()
        assert isinstance(app.screen, RejectionDialog)
        await pilot.press(*"Less depth in streaming than the role needs", "ctrl+s")
        await pilot.pause()
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert last_commit(sample_library) == "Record rejection of Beatriz Oliveira (call); fit: closed"
    assert record(sample_library, "beatriz-oliveira")["fit"] == "closed"


async def open_openings(pilot, opening: str = "senior-data-engineer") -> OpeningsScreen:
    await settle(pilot)
    await pilot.press("escape")  # from the search box to the list
    await pilot.press("o")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, OpeningsScreen)
    openings = screen.query_one("#openings-list", OptionList)
    openings.highlighted = openings.get_option_index(opening)
    await settle(pilot)
    assert screen.ranked_for == opening
    return screen


class TestOpenings:
    async def test_ranks_ada_high_for_senior_data_engineer_with_reasons(self, make_app):
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_openings(pilot)
            top = [m.id for m in screen.matches[:3]]
            assert "ada-lovelace" in top
            ada = next(m for m in screen.matches if m.id == "ada-lovelace")
            assert ada.score >= 90 and any("4/4 must-haves" in r for r in ada.reasons)
            assert "python, spark, sql, airflow (4/4 must-haves)" in screen_text(pilot)
            assert "Runner-ups for Senior Data Engineer" in screen_text(pilot)

    async def test_present_logs_a_presented_touchpoint_after_a_confirmation(self, make_app, sample_library):
        app = make_app()
        before = commit_count(sample_library)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_openings(pilot)
            runnerups = screen.query_one("#runnerups", OptionList)
            runnerups.focus()
            runnerups.highlighted = runnerups.get_option_index("yuki-tanaka")
            await pilot.press("p")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("n")  # not now: nothing written
            await settle(pilot)
            assert commit_count(sample_library) == before
            await pilot.press("p")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
            assert app.screen is screen
            yuki = next(m for m in screen.matches if m.id == "yuki-tanaka")
            assert "already presented for this opening" in yuki.reasons  # re-ranked after the save
        assert last_commit(sample_library) == "Present Yuki Tanaka for senior-data-engineer"
        assert committed_files(sample_library) == ["candidates/yuki-tanaka.yaml"]
        touchpoint = record(sample_library, "yuki-tanaka")["history"][-1]
        assert (touchpoint["kind"], touchpoint["opening"], touchpoint["date"]) == (
            "presented",
            "senior-data-engineer",
            TODAY,
        )

    async def test_present_says_they_were_already_presented_from_the_fact_not_the_wording(
        self, make_app, sample_library
    ):
        yuki = sample_library / "candidates/yuki-tanaka.yaml"
        yuki.write_text(
            yuki.read_text()
            + "  - date: 2026-11-02\n    kind: presented\n    by: Grace Hopper\n    opening: senior-data-engineer\n"
        )
        git(sample_library, "commit", "-qam", "Presented Yuki by hand")
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_openings(pilot)
            at = next(i for i, m in enumerate(screen.matches) if m.id == "yuki-tanaka")
            assert screen.matches[at].already_presented
            # the reasons are words for people: reworded, the screen still knows
            screen.matches[at] = dataclasses.replace(screen.matches[at], reasons=("put forward before",))
            runnerups = screen.query_one("#runnerups", OptionList)
            runnerups.focus()
            runnerups.highlighted = at
            await pilot.press("p")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            assert "They were already presented for this opening." in screen_text(pilot)
            await pilot.press("n")

    async def test_a_new_opening_from_the_form_is_committed_and_ranked(self, make_app, sample_library):
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_openings(pilot)
            await pilot.press("n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, OpeningForm)
            await pilot.press("enter")  # no title: refused
            await pilot.pause()
            assert app.screen is form
            form.query_one("#opening-title", Input).value = "Analytics Engineer"
            form.query_one("#opening-team", Input).value = "Data Platform"
            form.query_one("#opening-skills", Input).value = "dbt, sql"
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen and screen.opening.id == "analytics-engineer"
            assert screen.ranked_for == "analytics-engineer" and screen.matches
        assert last_commit(sample_library) == "Add opening Analytics Engineer"
        saved = YAML(typ="safe").load((sample_library / "openings/analytics-engineer.yaml").read_text())
        assert saved["skills"] == ["dbt", "sql"] and saved["team"] == "Data Platform"


async def test_the_palette_opens_today_and_openings(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        for title, screen_type in (("Today", TodayScreen), ("Openings", OpeningsScreen)):
            await pilot.press("ctrl+p")
            await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
            await pilot.press(*title)
            await wait_until(
                pilot,
                lambda title=title: (
                    app.screen.query_one("CommandList").option_count > 0
                    and str(app.screen.query_one("CommandList").get_option_at_index(0).prompt).startswith(title)
                ),
            )
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
            await pilot.press("escape")
            await settle(pilot)
