"""A library opened before shows its first rows while its index is still being read, only while they are true.

The app keeps the list's first screen beside the index cache with a digest of every file's stat key
(for libraries of 1,000 candidates or more; these tests lower that bar to the sample's 28). These
tests hold the opening back to look at the app before the library is open.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from runnerup_tui import session as session_module
from runnerup_tui.session import LibrarySession
from runnerup_tui.store.library import Library
from runnerup_tui.tui.screens.main import MainScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import git, screen_text, settle, shown_ids, wait_until


@pytest.fixture(autouse=True)
def every_library_keeps_its_first_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_module, "FIRST_SCREEN_FROM", 1)


@pytest.fixture
def held_open(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Hold the opening back (not the first screen before it) until the test lets it go."""
    state: dict[str, object] = {"go": threading.Event(), "kept": []}
    first_screen, open_ = LibrarySession.first_screen, LibrarySession.open

    def recording(self: LibrarySession):  # noqa: ANN202
        found = first_screen(self)
        state["kept"].append(found)  # type: ignore[attr-defined]
        return found

    def held(self: LibrarySession, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        assert state["go"].wait(20)  # type: ignore[attr-defined]
        return open_(self, *args, **kwargs)

    monkeypatch.setattr(LibrarySession, "first_screen", recording)
    monkeypatch.setattr(LibrarySession, "open", held)
    return state


@pytest.fixture
def headers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every status the header showed (count, problems), in order."""
    seen: list[str] = []
    set_header = MainScreen._set_header

    def recording(self: MainScreen, where: list[str], essential: list[str]) -> None:
        seen.append(" · ".join(essential))
        set_header(self, where, essential)

    monkeypatch.setattr(MainScreen, "_set_header", recording)
    return seen


def _by_name(root: Path) -> list[str]:
    entries = Library.open(root).index.candidates.values()
    return [e.id for e in sorted(entries, key=lambda e: (e.name_key, e.id))]


async def _open_once(make_app) -> None:  # noqa: ANN001
    """A session that opens the library and ends (it keeps the first screen for the next one)."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)


async def test_a_library_opened_before_shows_its_first_rows_count_and_problems_before_it_is_open(
    make_app, sample_library, held_open, headers
):
    (sample_library / "candidates/broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    held_open["go"].set()
    await _open_once(make_app)
    held_open["go"].clear()
    held_open["kept"].clear()  # type: ignore[attr-defined]
    headers.clear()
    lock = Path(git(sample_library, "rev-parse", "--absolute-git-dir").strip()) / "index.lock"
    lock.touch()  # a git that died since: git's problems are asked for anew, not kept
    os.utime(lock, (time.time() - 3600, time.time() - 3600))
    expected = _by_name(sample_library)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        candidates = app.screen.query_one(CandidateList)
        await wait_until(pilot, lambda: len(candidates.rows) > 0)
        assert not app.session.is_open and app.snapshot is None
        on_screen = candidates.scrollable_content_region.height - 1
        assert [r.id for r in candidates.rows] == expected
        text = screen_text(pilot)
        names = [r.name for r in candidates.rows[:on_screen]]
        assert sorted(names, key=text.index) == names  # drawn, in that order
        assert app.screen.sub_title.endswith("28/28 shown · 2 problems (p)")
        await pilot.press("escape", "l")  # to the list, then log: refused until the library is open, and said so
        assert any("still opening" in n.message for n in app._notifications)
        held_open["go"].set()
        await settle(pilot)
        assert app.session.is_open and shown_ids(pilot) == expected
        assert app.screen.sub_title.endswith("28/28 shown · 2 problems (p)")
    assert headers and set(headers) == {"28/28 shown · 2 problems (p)"}  # never another count


async def test_a_file_changed_since_the_last_open_makes_the_app_wait_for_the_index(
    make_app, sample_library, held_open, headers
):
    held_open["go"].set()
    await _open_once(make_app)
    held_open["go"].clear()
    held_open["kept"].clear()  # type: ignore[attr-defined]
    headers.clear()
    zoe = sample_library / "candidates/zoe-angstrom.yaml"
    text = zoe.read_text(encoding="utf-8").replace('name: "Zoë Ångström"', 'name: "Aaron Zoë Ångström"')
    zoe.write_text(text, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: len(held_open["kept"]) == 1)
        await pilot.pause()
        assert held_open["kept"] == [None]  # the kept screen no longer tells the truth: not shown
        assert shown_ids(pilot) == [] and headers == []
        held_open["go"].set()
        await settle(pilot)
        assert shown_ids(pilot)[0] == "zoe-angstrom"
    assert set(headers) == {"28/28 shown"}


async def test_a_search_typed_before_the_library_is_open_is_answered_from_the_whole_library(
    make_app, sample_library, held_open, headers
):
    held_open["go"].set()
    await _open_once(make_app)
    held_open["go"].clear()
    held_open["kept"].clear()  # type: ignore[attr-defined]
    headers.clear()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        candidates = app.screen.query_one(CandidateList)
        await wait_until(pilot, lambda: len(candidates.rows) > 0)
        await pilot.press(*"zoe")
        assert shown_ids(pilot) == []  # not the kept rows under a search they do not answer
        assert "shown" not in app.screen.sub_title and "Opening the library" in screen_text(pilot)
        held_open["go"].set()
        await settle(pilot)
        assert shown_ids(pilot) == ["zoe-angstrom"]
    assert [h for i, h in enumerate(headers) if i == 0 or headers[i - 1] != h] == ["28/28 shown", "1/28 shown"]


async def test_an_open_that_fails_after_the_first_screen_takes_its_rows_away(make_app, monkeypatch):
    await _open_once(make_app)

    def fails(self: LibrarySession, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError("the disk went away")

    monkeypatch.setattr(LibrarySession, "open", fails)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown_ids(pilot) == [] and "shown" not in app.screen.sub_title
        assert "the disk went away" in screen_text(pilot)


async def test_after_a_days_work_in_the_app_the_next_open_still_shows_its_first_screen_at_once(
    make_app, sample_library, held_open
):
    from runnerup_tui.tui.dialogs.log import LogTouchpointDialog

    held_open["go"].set()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:  # a session that writes: a file changes
        await settle(pilot)
        await pilot.press("escape", "l")
        await wait_until(pilot, lambda: isinstance(app.screen, LogTouchpointDialog))
        await pilot.press(*"Coffee chat", "ctrl+s")
        await settle(pilot)
        assert "Coffee chat" in (sample_library / "candidates/ada-lovelace.yaml").read_text(encoding="utf-8")
    held_open["go"].clear()
    held_open["kept"].clear()  # type: ignore[attr-defined]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        candidates = app.screen.query_one(CandidateList)
        await wait_until(pilot, lambda: len(held_open["kept"]) == 1)
        # kept as the session that wrote left the library, not as it opened it
        assert held_open["kept"][0] is not None  # type: ignore[index]
        await wait_until(pilot, lambda: len(candidates.rows) > 0)
        assert not app.session.is_open
        held_open["go"].set()
        await settle(pilot)
        assert app.session.is_open


async def test_an_open_after_the_first_screen_stats_the_files_once(make_app, sample_library, monkeypatch):
    from runnerup_tui.store import index as index_module

    await _open_once(make_app)
    stated: list[str] = []
    for module in (session_module, index_module):
        real = module.scan
        monkeypatch.setattr(
            module, "scan", lambda root, real=real, where=module.__name__: stated.append(where) or real(root)
        )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.session.is_open and len(shown_ids(pilot)) == 28
    assert stated == ["runnerup_tui.session"]  # the first screen's look; the index took it, not one of its own
