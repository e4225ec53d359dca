"""Changes on disk (an editor, a git pull) appear in the running app without a restart."""

from __future__ import annotations

import shutil

from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import detail_text, settle, shown_ids, wait_until


async def test_a_file_changed_on_disk_shows_up_in_the_list_and_the_detail(make_app, sample_library):
    app = make_app(poll_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        ada = sample_library / "candidates/ada-lovelace.yaml"
        ada.write_text(
            ada.read_text()
            .replace("London, UK", "Berlin, DE")
            .replace("headline: Senior Data Engineer", "headline: Head of Data")
        )
        candidates = app.screen.query_one(CandidateList)
        await wait_until(pilot, lambda: candidates.highlighted.headline.startswith("Head of Data"))
        await wait_until(pilot, lambda: "Berlin, DE" in detail_text(pilot))


async def test_files_added_and_removed_on_disk_appear_and_disappear(make_app, sample_library):
    app = make_app(poll_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        shutil.copy(sample_library / "candidates/ada-lovelace.yaml", sample_library / "candidates/ada-twin.yaml")
        (sample_library / "candidates/zoe-angstrom.yaml").unlink()
        await wait_until(pilot, lambda: "ada-twin" in shown_ids(pilot) and "zoe-angstrom" not in shown_ids(pilot))
        assert app.screen.sub_title.endswith("28/28 shown")


async def test_a_running_search_is_applied_to_the_new_files(make_app, sample_library):
    app = make_app(poll_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("slash", *"rowing")
        before = shown_ids(pilot)
        yuki = sample_library / "candidates/yuki-tanaka.yaml"
        yuki.write_text(yuki.read_text().replace("interests:\n", "interests:\n  - rowing\n", 1))
        await wait_until(pilot, lambda: "yuki-tanaka" in shown_ids(pilot))
        assert set(before) < set(shown_ids(pilot))
