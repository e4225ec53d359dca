"""The cyclic garbage collector and the app: the library is frozen out of its sight once, nothing else.

``gc.freeze()`` moves every object alive at that moment, garbage cycles included, into a
generation that is never collected again. Done once after the library opens it keeps full
collections instant at 10,000 candidates; done on every poll it would keep each closed
screen's widgets (Textual's widgets are cyclic) in memory for the rest of the session.
"""

from __future__ import annotations

import asyncio
import gc

from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import settle, wait_until


def _drop_some_cycles() -> None:
    """Garbage like a closed dialog leaves behind: objects that only the collector can free."""
    for _ in range(200):
        node: dict[str, object] = {}
        node["self"] = node


async def test_polling_for_changes_on_disk_never_freezes_the_apps_garbage(make_app, sample_library):
    app = make_app(poll_seconds=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        frozen = gc.get_freeze_count()
        ada = sample_library / "candidates/ada-lovelace.yaml"
        candidates = app.screen.query_one(CandidateList)
        for n in range(3):
            _drop_some_cycles()
            ada.write_text(ada.read_text().replace("headline: ", f"headline: Edit {n} ", 1))
            await wait_until(pilot, lambda n=n: candidates.highlighted.headline.startswith(f"Edit {n} "))
            await asyncio.sleep(0.2)  # a few more polls that find nothing changed
        assert gc.get_freeze_count() <= frozen  # freed frozen objects (old snapshots) leave it
