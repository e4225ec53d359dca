"""Opening a library: the first rows on screen come before the rest is built, and they are the right ones.

The open hands the first frame a snapshot whose rows are built as the list draws them; a worker
builds the other rows and the search's indexes once that frame is on screen. These tests hold
that worker back, to look at the app in between.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from runnerup_tui.domain.model import Settings
from runnerup_tui.domain.search import Searcher, parse_query
from runnerup_tui.session import LibrarySession, Snapshot
from runnerup_tui.store.library import Library
from runnerup_tui.tui.screens.main import MainScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import TODAY, screen_text, settle, shown_ids, wait_until


@pytest.fixture
def held_back(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Hold back the work that follows the first frame until the test lets it go; say on which thread it ran."""
    state: dict[str, object] = {"go": threading.Event(), "started": threading.Event(), "threads": []}
    finish = LibrarySession.finish_opening

    def held(self: LibrarySession, snapshot: Snapshot) -> None:
        state["threads"].append(threading.current_thread() is threading.main_thread())  # type: ignore[attr-defined]
        state["rows_built_before"] = snapshot.rows.built
        state["started"].set()  # type: ignore[attr-defined]
        assert state["go"].wait(20)  # type: ignore[attr-defined]
        finish(self, snapshot)

    monkeypatch.setattr(LibrarySession, "finish_opening", held)
    return state


def _by_name(root: Path) -> list[str]:
    """Every valid candidate's id in the list's first order: by folded name, then id."""
    entries = Library.open(root).index.candidates.values()
    return [e.id for e in sorted(entries, key=lambda e: (e.name_key, e.id))]


async def test_the_first_rows_on_screen_are_the_first_by_name_with_the_whole_librarys_count(
    make_app, sample_library, held_back, monkeypatch
):
    expected = _by_name(sample_library)
    headers: list[str] = []
    set_header = MainScreen._set_header

    def recording(self: MainScreen, where: list[str], essential: list[str]) -> None:
        headers.append(essential[0])
        set_header(self, where, essential)

    monkeypatch.setattr(MainScreen, "_set_header", recording)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        candidates = app.screen.query_one(CandidateList)
        await wait_until(pilot, lambda: held_back["started"].is_set())
        on_screen = candidates.scrollable_content_region.height - 1
        assert len(candidates.rows) == len(expected) == 28
        # the rest was still to be built when the first frame was drawn: only what is on screen was needed
        assert held_back["rows_built_before"] <= on_screen < len(expected)
        assert app.snapshot is not None and app.snapshot.searcher._values is None
        assert held_back["threads"] == [False]  # in a worker, not on the UI thread
        text = screen_text(pilot)
        names = [row.name for row in candidates.rows[:on_screen]]
        assert [r.id for r in candidates.rows[:on_screen]] == expected[:on_screen]
        assert all(name in text for name in names)
        assert sorted(names, key=text.index) == names  # drawn in that order
        assert "28/28 shown" in app.screen.sub_title
        held_back["go"].set()
        await settle(pilot)
        assert app.snapshot.rows.built == 28 and app.snapshot.searcher._values is not None
        assert shown_ids(pilot) == expected
    assert headers and set(headers) == {"28/28 shown"}  # the count never showed anything else


async def test_a_search_typed_before_the_rest_is_built_finds_candidates_from_the_whole_library(
    make_app, sample_library, held_back
):
    expected = _by_name(sample_library)
    entries = Library.open(sample_library).index.candidates.values()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        candidates = app.screen.query_one(CandidateList)
        await wait_until(pilot, lambda: held_back["started"].is_set())
        on_screen = candidates.scrollable_content_region.height - 1
        last = expected[-1]
        assert last not in [r.id for r in candidates.rows[:on_screen]]  # not among the rows built so far
        await pilot.press(*"zoe")
        assert shown_ids(pilot) == [last] == ["zoe-angstrom"]
        assert app.screen.sub_title.endswith("1/28 shown")
        await pilot.press(*["backspace"] * 3, *"skill:sql")
        whole = [e.id for e in Searcher(entries, Settings(), TODAY).search(parse_query("skill:sql"))]
        assert len(whole) > 1 and shown_ids(pilot) == whole
        assert app.screen.sub_title.endswith(f"{len(whole)}/28 shown")
        held_back["go"].set()
        await settle(pilot)
        assert shown_ids(pilot) == whole  # the finished snapshot changes nothing on screen


async def test_sorting_before_the_rest_is_built_sorts_the_whole_library(make_app, sample_library, held_back):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: held_back["started"].is_set())
        await pilot.press("escape", "S", "S", "S")  # to the list; match → name → last contact → follow-up
        dates = [r.follow_up for r in app.screen.query_one(CandidateList).rows]
        known = [d for d in dates if d]
        assert len(dates) == 28 and known == sorted(known) and dates[-1] is None
        held_back["go"].set()
        await settle(pilot)
