"""What the screen says is true: the list, count and error of one search; undecided fits; nothing cut off at 80×24."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from textual.widgets import Input

from runnerup_tui.tui.dialogs.rejection import FitDecisionDialog, RejectionDialog
from runnerup_tui.tui.dialogs.snooze import SnoozeDialog
from runnerup_tui.tui.screens.main import MainScreen
from runnerup_tui.tui.screens.problems import ProblemsScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList
from runnerup_tui.tui.widgets.detail import CandidateDetail

from .pilot_support import detail_text, git, last_commit, screen_text, settle, shown_ids

THEO = "theo-lefevre"  # the sample library's candidate without a `fit:` line


def header_line(pilot) -> str:
    return screen_text(pilot).splitlines()[0]


def text_in(pilot, widget) -> str:
    """The words shown inside ``widget``'s part of the screen, wrapped lines joined."""
    box = widget.region
    lines = screen_text(pilot).splitlines()[box.y : box.bottom]
    return " ".join(" ".join(line[box.x : box.right] for line in lines).split())


async def test_an_invalid_search_shows_no_results_of_an_earlier_one(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("slash", *"skill:python ")
        await settle(pilot)
        assert 0 < len(shown_ids(pilot)) < 28
        await pilot.press(*"fit:maybe")
        await settle(pilot)
        box = app.screen.query_one("#search", Input)
        assert box.value == "skill:python fit:maybe"
        assert "fit:maybe: use one of" in str(box.border_subtitle)
        assert shown_ids(pilot) == []
        assert app.screen.sub_title.endswith("invalid search, 0/28 shown")
        assert "No results: the search above is not valid." in screen_text(pilot)
        assert detail_text(pilot) == "No results: the search above is not valid."
        await pilot.press(*["backspace"] * len(" fit:maybe"))
        await settle(pilot)
        assert 0 < len(shown_ids(pilot)) < 28 and "invalid" not in app.screen.sub_title


async def test_a_candidate_without_a_fit_is_undecided_in_the_list_and_the_detail(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        app.screen.query_one(CandidateList).select(THEO)
        await settle(pilot)
        row = next(line for line in screen_text(pilot).splitlines() if line.startswith("│ Théo Lefèvre"))
        assert "undecided" in row and "pursue" not in row
        assert "undecided (treated as pursue)" in detail_text(pilot)


async def test_choosing_pursue_in_the_rejection_dialog_writes_it(make_app, sample_library: Path):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        app.screen.query_one(CandidateList).select(THEO)
        await settle(pilot)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, RejectionDialog)
        await pilot.press(*"We hired someone with production Kubernetes", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FitDecisionDialog)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "pursue" in detail_text(pilot) and "undecided" not in detail_text(pilot)
    assert last_commit(sample_library) == "Record rejection of Théo Lefèvre (call); fit: pursue"
    theo = YAML(typ="safe").load((sample_library / f"candidates/{THEO}.yaml").read_text())
    assert theo["fit"] == "pursue"


async def test_at_80_by_24_the_header_keeps_the_count_whole(make_app, sample_library: Path):
    git(sample_library, "checkout", "-q", "-b", "autumn-2026-data-platform-hiring")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        header = header_line(pilot)
        assert "28/28 shown" in header and "…" not in header
        assert app.screen.sub_title.endswith("28/28 shown")
        await pilot.resize_terminal(140, 30)
        await settle(pilot)
        wide = header_line(pilot)
        assert "Acme Talent — runner-ups — ⎇ autumn-2026-data-platform-hiring · 28/28 shown" in wide


async def test_at_80_by_24_the_problems_summary_is_not_cut_off(make_app, sample_library: Path):
    (sample_library / "candidates/half-typed.yaml").write_text("name: Half Typed\nskills: [python\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        text = text_in(pilot, app.screen.query_one("#problems-summary"))
        assert (
            "1 error, 0 warnings — Enter opens the file at the line in $EDITOR (a merge conflict: the resolve "
            "screen); fixed files drop off this list."
        ) in text


async def test_at_80_by_24_the_snooze_date_error_is_not_cut_off(make_app):
    from .test_today_and_openings import open_today, select_item

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_today(pilot)
        await select_item(pilot, screen, "follow-up/elena-petrova")
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeDialog)
        app.screen.query_one("#snooze-date", Input).value = "next week"
        await pilot.press("enter")
        await pilot.pause()
        text = text_in(pilot, app.screen.query_one("#snooze-error"))
        assert "must be a date like 2026-03-14 (or today, yesterday)" in text


async def test_z_gives_the_detail_the_screen_and_gives_it_back(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        detail = app.screen.query_one(CandidateDetail)
        assert detail.region.height < 14
        await pilot.press("z")
        await settle(pilot)
        assert detail.region.height >= 22 and app.focused is detail
        assert "Headline" not in screen_text(pilot)  # the list is out of the way
        assert "Rows on the Thames" in screen_text(pilot) or detail.max_scroll_y > 0
        await pilot.press("z")
        await settle(pilot)
        assert detail.region.height < 14 and app.focused is app.screen.query_one(CandidateList)
        await pilot.press("z", "escape")
        await settle(pilot)
        assert "Headline" in screen_text(pilot)
