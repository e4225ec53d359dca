"""The app draws text from the library with its control characters and bidi overrides escaped, markup literal.

What is checked is what Textual would send to the terminal: the text of every segment of
a full repaint of the screen on top.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import add_hostile, raw_characters
from ruamel.yaml import YAML
from textual.command import CommandPalette
from textual.widgets import Label, OptionList, Select
from textual.widgets._toast import Toast

from runnerup_tui.tui.dialogs.confirm import ConfirmDialog
from runnerup_tui.tui.dialogs.edit_form import EditCandidateScreen
from runnerup_tui.tui.dialogs.log import LogTouchpointDialog
from runnerup_tui.tui.dialogs.rejection import RejectionDialog
from runnerup_tui.tui.dialogs.snooze import SnoozeDialog
from runnerup_tui.tui.screens.openings import OpeningsScreen
from runnerup_tui.tui.screens.problems import ProblemsScreen
from runnerup_tui.tui.screens.today import TodayScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import detail_text, git, settle, wait_until

EVE = "Eve \x1b[31mRed\x1b[0m [bold]x[/]"
EVE_SHOWN = "Eve \\x1b[31mRed\\x1b[0m [bold]x[/]"
LINK = "[link=https://x]y[/link]"
SIZE = (150, 45)


@pytest.fixture
def hostile_library(sample_library: Path) -> Path:
    """The sample library with Eve, a hostile opening and a hostile library name, committed."""
    add_hostile(sample_library)
    settings = sample_library / "runnerup.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            'name: "Acme Talent — runner-ups"', 'name: "Acme \\e]0;PWNED\\a [bold]x[/]"'
        ),
        encoding="utf-8",
    )
    git(sample_library, "add", "-A")
    git(sample_library, "commit", "-q", "-m", "Hostile records")
    return sample_library


def drawn(pilot) -> str:  # noqa: ANN001
    """The text of every segment a full repaint of the current screen sends to the terminal."""
    update = pilot.app.screen._compositor.render_update(full=True)
    return "\n".join("".join(segment.text for segment in strip) for strip in update.strips)


def assert_safe(pilot) -> str:  # noqa: ANN001
    text = drawn(pilot)
    assert raw_characters(text) == [], text
    return text


async def show_eve(pilot) -> None:  # noqa: ANN001
    await settle(pilot)
    candidates = pilot.app.screen.query_one(CandidateList)
    assert candidates.select("eve-red")
    await settle(pilot)
    await pilot.pause()


async def test_the_drawn_screen_reveals_a_raw_escape_when_there_is_one(make_app, sample_library):
    """The check the other tests rely on sees raw characters (Textual draws them as given)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        app.screen.query_one("#detail-body").update("\x1b[2J\u202e")
        await pilot.pause()
        assert raw_characters(drawn(pilot)) == ["U+001B", "U+202E"]


async def test_list_detail_and_header_show_escapes_and_literal_markup(make_app, hostile_library):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await show_eve(pilot)
        text = assert_safe(pilot)
        assert "Eve \\x1b[31mRed" in text  # the list row (truncated to its column) and the card
        assert EVE_SHOWN in text
        assert "Acme \\x1b]0;PWNED\\x07 [bold]x[/]" in text  # the header
        card = detail_text(pilot)
        for shown in (
            EVE_SHOWN,
            "she/\\u202eher",
            "\\x1b]0;PWNED\\x07CTO at " + LINK,
            "\\x9b2J Berlin \\u2066iso",
            "eve@example.org\\x1b[2J",
            "Data \\x1b[5mEngineer",
            "with Grace\\x1b[0m",
            "too \\x1b[2Jjunior",
            "sp\\x1b[2Jark, [bold]x[/]",
            "\\u202ereversed",
            "bell\\x07",
            "owner Mallory\\x1b[8m",
            "line one \\x1b[2J",
            "line two \\x1b]0;PWNED\\x07",
            LINK,
            "Ken\\x1b[31m",
            "talked \\x1b]0;PWNED\\x07 [bold]x[/]",
        ):
            assert shown in card
        row = app.screen.query_one(CandidateList).highlighted
        assert row.id == "eve-red"


async def test_today_lists_the_hostile_follow_up_escaped(make_app, hostile_library):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        option_list = screen.query_one("#today-list", OptionList)
        option_list.highlighted = option_list.get_option_index("follow-up/eve-red")
        await pilot.pause()
        text = assert_safe(pilot)
        assert EVE_SHOWN in text and "owner: Mallory\\x1b[8m" in text

        await pilot.press("z")
        await wait_until(pilot, lambda: isinstance(app.screen, SnoozeDialog))
        assert "Snooze " + EVE_SHOWN + " until" in assert_safe(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen))

        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LogTouchpointDialog))
        assert "Log a touchpoint with " + EVE_SHOWN in assert_safe(pilot)


async def test_openings_rank_the_hostile_runner_up_with_escaped_reasons(make_app, hostile_library):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OpeningsScreen)
        openings = screen.query_one("#openings-list", OptionList)
        openings.highlighted = openings.get_option_index("data-hostile")
        await settle(pilot)
        await wait_until(pilot, lambda: screen.ranked_for == "data-hostile" and bool(screen.matches))
        await pilot.pause()
        text = assert_safe(pilot)
        assert "Data \\x1b[2JEngineer [bold]x[/]" in text  # the opening and the title over its runner-ups
        assert "Core\\u202e" in text
        assert EVE_SHOWN in text and "sp\\x1b[2Jark" in text

        screen.query_one("#runnerups", OptionList).focus()
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert_safe(pilot)
        question = str(app.screen.query_one("#confirm-question", Label).content)
        assert question == f"Present {EVE_SHOWN} for Data \\x1b[2JEngineer [bold]x[/]?"
        await pilot.press("y")
        await settle(pilot)
        await wait_until(pilot, lambda: "Presented Eve" in drawn(pilot))
        assert "Presented Eve \\x1b[31mRed" in assert_safe(pilot)


async def test_problems_list_the_warnings_without_the_characters(make_app, hostile_library):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        text = assert_safe(pilot)
        assert "name contains a control character (shown as \\x1b)" in text


async def test_problems_quoting_bad_values_show_them_escaped(make_app, hostile_library):
    (hostile_library / "candidates" / "bob\x1b]0;PWNED\x07.yaml").write_text(
        'name: Bob\nfit: "\\e]0;PWNED\\a[bold]x[/]"\n', encoding="utf-8"
    )
    git(hostile_library, "add", "-A")
    git(hostile_library, "commit", "-q", "-m", "Bad Bob")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("p")
        await settle(pilot)
        text = assert_safe(pilot)
        assert "candidates/bob\\x1b]0;PWNED\\x07.yaml" in text
        assert "\\x1b]0;PWNED\\x07[bold]x[/]" in text


async def test_log_and_rejection_dialogs_and_the_notification_name_the_person_escaped(make_app, hostile_library):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await show_eve(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, RejectionDialog))
        assert "Rejection call with " + EVE_SHOWN in assert_safe(pilot)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LogTouchpointDialog))
        assert "Log a touchpoint with " + EVE_SHOWN in assert_safe(pilot)
        openings = app.screen.query_one("#log-opening", Select)
        openings.focus()
        openings.expanded = True
        await pilot.pause()
        assert "Data \\x1b[2JEngineer [bold]x[/]" in assert_safe(pilot)  # the opening's title, in the drop-down
        openings.expanded = False
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_until(pilot, lambda: "Logged call with Eve" in drawn(pilot))
        assert "Logged call with Eve \\x1b[31mRed" in assert_safe(pilot)
        toast = " ".join(str(t.render()) for t in app.screen.query(Toast))
        assert "Logged call with " + EVE_SHOWN in toast  # markup in a name stays literal in notifications


async def test_the_edit_form_keeps_the_exact_values_but_draws_them_escaped(make_app, hostile_library):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await show_eve(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditCandidateScreen)
        assert form.query_one("#field-name").value == EVE
        assert form.query_one("#field-notes").text.startswith("line one \x1b[2J\n")
        text = assert_safe(pilot)
        assert "Edit " + EVE_SHOWN in text
        form.query_one("#field-notes").focus()
        await pilot.pause()
        assert_safe(pilot)
        form.query_one("#field-headline").focus()
        await pilot.press("end", "!")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = (hostile_library / "candidates" / "eve-red.yaml").read_text(encoding="utf-8")
        assert 'name: "Eve \\e[31mRed\\e[0m [bold]x[/]"' in saved  # untouched fields keep their spelling
        assert YAML(typ="safe").load(saved)["headline"] == "\x1b]0;PWNED\x07CTO at [link=https://x]y[/link]!"
        assert_safe(pilot)


async def test_the_command_palette_offers_the_person_escaped(make_app, hostile_library):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"eve")
        await wait_until(pilot, lambda: "Show Eve" in drawn(pilot))
        text = assert_safe(pilot)
        assert "Show " + EVE_SHOWN in text


async def test_history_shows_commit_messages_and_diffs_escaped(make_app, hostile_library):
    from runnerup_tui.tui.screens.history import HistoryScreen

    path = hostile_library / "candidates" / "eve-red.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# raw \u202e bidi\n", encoding="utf-8")
    git(hostile_library, "commit", "-q", "-am", "Eve \x1b]0;PWNED\x07 [bold]x[/] edited by hand")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await show_eve(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await wait_until(pilot, lambda: "edited by hand" in drawn(pilot))
        text = assert_safe(pilot)
        assert "History of " + EVE_SHOWN in text
        assert "Eve \\x1b]0;PWNED\\x07 [bold]x[/] edited by hand" in text
        assert "# raw \\u202e bidi" in text
