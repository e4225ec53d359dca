"""Snapshots of Today and Openings at 100×30, on the conftest's fixed day.

Update after an intended change with ``pytest tests/tui/test_snapshots_workflows.py --snapshot-update``
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from .pilot_support import settle


async def _press(pilot, *keys: str) -> None:
    await settle(pilot)
    await pilot.press("escape")  # from the search box to the list
    await pilot.press(*keys)
    await settle(pilot)


class TestToday:
    def test_grouped_agenda(self, snap_compare, make_app):
        async def today(pilot):
            await _press(pilot, "t")

        assert snap_compare(make_app(), terminal_size=(100, 30), run_before=today)


class TestOpenings:
    def test_runner_ups_of_senior_data_engineer(self, snap_compare, make_app):
        async def openings(pilot):
            await _press(pilot, "o", "down", "down")

        assert snap_compare(make_app(), terminal_size=(100, 30), run_before=openings)
