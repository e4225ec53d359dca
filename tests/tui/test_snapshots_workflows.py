"""Snapshots of Today, snooze, Openings and their dialogs at 80×24 and 120×40, on the conftest's fixed day.

Update after an intended change with ``pytest tests/tui/test_snapshots_workflows.py --snapshot-update``
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from .pilot_support import settle

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def _start(pilot, *keys: str) -> None:
    """Open the app, move from the search box to the list, then press ``keys``."""
    await settle(pilot)
    await pilot.press("escape")  # from the search box to the list
    await _press(pilot, *keys)


async def _press(pilot, *keys: str) -> None:
    await settle(pilot)
    await pilot.press(*keys)
    await settle(pilot)


@SIZES
class TestToday:
    def test_grouped_agenda(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=lambda pilot: _start(pilot, "t"))

    def test_snooze_with_a_wrong_date(self, snap_compare, make_app, size):
        async def snooze(pilot):
            await _start(pilot, "t")
            today_list = pilot.app.screen.query_one("#today-list", OptionList)
            today_list.highlighted = today_list.get_option_index("follow-up/elena-petrova")
            await _press(pilot, "z")
            pilot.app.screen.query_one("#snooze-date", Input).value = "next week"
            await _press(pilot, "enter")

        assert snap_compare(make_app(), terminal_size=size, run_before=snooze)


@SIZES
class TestOpenings:
    def test_runner_ups_of_senior_data_engineer(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=lambda pilot: _start(pilot, "o", "down", "down"))

    def test_present_asks_first(self, snap_compare, make_app, size):
        async def present(pilot):
            await _start(pilot, "o", "down", "down", "tab")
            await _press(pilot, "p")

        assert snap_compare(make_app(), terminal_size=size, run_before=present)

    def test_new_opening(self, snap_compare, make_app, size):
        assert snap_compare(make_app(), terminal_size=size, run_before=lambda pilot: _start(pilot, "o", "n"))
