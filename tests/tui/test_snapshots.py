"""Snapshots of the key screens at fixed sizes, a fixed day and a steady cursor.

Update after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .pilot_support import search_for, settle


class TestMainScreen:
    def test_wide(self, snap_compare, make_app):
        async def to_the_list(pilot):
            await settle(pilot)
            await pilot.press("escape")  # from the search box to the list
            await settle(pilot)

        assert snap_compare(make_app(), terminal_size=(120, 36), run_before=to_the_list)

    def test_at_80_by_24_with_a_search(self, snap_compare, make_app):
        async def search(pilot):
            await settle(pilot)
            await search_for(pilot, "skill:python fit:pursue")
            await pilot.press("escape", "down")
            await settle(pilot)

        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=search)

    def test_log_dialog(self, snap_compare, make_app):
        async def log(pilot):
            await settle(pilot)
            await pilot.press("escape", "l")
            await settle(pilot)

        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=log)


class TestEditForm:
    def test_with_an_error(self, snap_compare, make_app):
        async def edit(pilot):
            await settle(pilot)
            await pilot.press("escape", "e")
            await settle(pilot)
            pilot.app.screen.query_one("#field-pronouns").value = "she/her"
            pilot.app.screen.query_one("#field-location").value = "London, UK"
            pilot.app.screen.query_one("#field-name").value = ""
            await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(pilot)
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=(100, 30), run_before=edit)


class TestProblemsScreen:
    @pytest.fixture
    def broken(self, sample_library: Path) -> Path:
        ada = sample_library / "candidates/ada-lovelace.yaml"
        ada.write_text(ada.read_text().replace("rating: 5  # would hire tomorrow", "rating: 9\nskils: [sql]"))
        (sample_library / "candidates/half-typed.yaml").write_text("name: Half Typed\nskills: [python\n")
        return sample_library

    def test_lists_errors_and_warnings(self, snap_compare, make_app, broken):
        async def problems(pilot):
            await settle(pilot)
            await pilot.press("escape", "p")
            await settle(pilot)

        assert snap_compare(make_app(broken), terminal_size=(100, 20), run_before=problems)
