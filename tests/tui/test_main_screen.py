"""The main screen: the list, the search box, the detail pane and the header."""

from __future__ import annotations

from textual.widgets import Input

from runnerup_tui.domain.rows import SortOrder
from runnerup_tui.tui.widgets.candidate_list import CandidateList
from runnerup_tui.tui.widgets.detail import CandidateDetail

from .pilot_support import detail_text, screen_text, search_for, settle, shown_ids


async def test_opening_shows_every_candidate_the_branch_and_the_first_ones_details(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        assert len(shown_ids(pilot)) == 28
        assert app.title == "Acme Talent — runner-ups"
        assert app.screen.sub_title == "⎇ main · 28/28 shown"
        text = screen_text(pilot)
        assert "Ada Lovelace" in text and "Senior Data Engineer at Analytical" in text
        assert "Rows on the Thames" in detail_text(pilot)  # the little things, in the detail pane
        assert app.focused is app.screen.query_one(CandidateList)


async def test_typing_a_search_narrows_the_list_at_every_keystroke(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#search", Input)
        counts = []
        for key in "spark":
            await pilot.press(key)
            counts.append(len(shown_ids(pilot)))
        assert counts[-1] < 28 and counts == sorted(counts, reverse=True)
        assert "ada-lovelace" in shown_ids(pilot)
        assert "hannah-schmidt" not in shown_ids(pilot)
        assert app.screen.sub_title.endswith(f"{counts[-1]}/28 shown")


async def test_search_qualifiers_combine(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await search_for(pilot, "skill:sql")
        assert "ayse-yilmaz" in shown_ids(pilot)
        await search_for(pilot, "skill:sql fit:pursue")
        ids = shown_ids(pilot)
        assert ids and "ayse-yilmaz" not in ids  # newsletter, not pursue
        await search_for(pilot, "skill:sql fit:pursue zzzz")
        assert shown_ids(pilot) == []
        await settle(pilot)
        assert "No candidate matches" in screen_text(pilot)


async def test_a_bad_qualifier_shows_the_error_and_no_results_until_it_is_fixed(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await search_for(pilot, "ada")
        before = shown_ids(pilot)
        box = app.screen.query_one("#search", Input)
        box.insert_text_at_cursor(" colour:red")
        await pilot.pause()
        assert "unknown search qualifier `colour:`" in str(box.border_subtitle)
        assert box.has_class("-bad-query")
        assert shown_ids(pilot) == []  # not the results of "ada" under an error about another query
        await search_for(pilot, "ada ")
        assert not box.border_subtitle and not box.has_class("-bad-query")
        assert shown_ids(pilot) == before


async def test_moving_the_cursor_shows_that_candidates_details(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("down")
        await settle(pilot)
        detail = app.screen.query_one(CandidateDetail)
        assert detail.candidate_id == "aoife-brennan"
        await pilot.press("end")
        await settle(pilot)
        assert detail.candidate_id == "zoe-angstrom"


async def test_clicking_a_row_selects_it_and_enter_moves_to_the_details(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        candidates = app.screen.query_one(CandidateList)
        await pilot.click(CandidateList, offset=(5, 4))  # border, header, then rows 0, 1, 2
        await settle(pilot)
        assert candidates.highlighted.id == "ayse-yilmaz"
        assert app.screen.query_one(CandidateDetail).candidate_id == "ayse-yilmaz"
        await pilot.press("enter")
        assert app.focused is app.screen.query_one(CandidateDetail)


async def test_timeline_is_newest_first_with_the_rejection_and_its_reason(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        text = detail_text(pilot)
        assert text.index("2026-11-06  call") < text.index("2026-03-12  rejection")
        assert "Another finalist had three years of Spark streaming" in " ".join(text.split())
        assert "Timeline (11)" in text


async def test_clicking_a_column_title_sorts_by_it_and_again_returns_to_best_match(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        candidates = app.screen.query_one(CandidateList)
        title_x = screen_text(pilot).splitlines()[5].index("Follow-up") - candidates.region.x
        await pilot.click(CandidateList, offset=(title_x, 1))
        await settle(pilot)
        assert candidates.sorting is SortOrder.FOLLOW_UP
        dates = [r.follow_up for r in candidates.rows if r.follow_up]
        assert dates == sorted(dates) and candidates.rows[0].follow_up < app.today  # overdue first
        assert candidates.rows[-1].follow_up is None
        await pilot.click(CandidateList, offset=(title_x, 1))
        assert candidates.sorting is SortOrder.MATCH


async def test_sort_key_cycles_through_the_orders(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        candidates = app.screen.query_one(CandidateList)
        await pilot.press("S")
        assert candidates.sorting is SortOrder.NAME
        await pilot.press("S")
        assert candidates.sorting is SortOrder.LAST_CONTACT
        contacts = [r.last_contact for r in candidates.rows if r.last_contact]
        assert contacts == sorted(contacts, reverse=True)


async def test_the_cursor_stays_on_the_same_person_when_the_search_changes(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        candidates = app.screen.query_one(CandidateList)
        candidates.select("yuki-tanaka")
        await search_for(pilot, "data")
        assert candidates.highlighted.id == "yuki-tanaka"


async def test_usable_at_80_by_24(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        text = screen_text(pilot)
        assert "Ada Lovelace" in text and "Follow-up" in text
        assert "n New" in text and "l Log" in text
        assert app.screen.has_class("-narrow")


async def test_showing_someone_the_search_hides_clears_it_and_scrolls_to_them(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await search_for(pilot, "fit:newsletter")
        app.screen.show_candidate("priya-raghunathan")
        await settle(pilot)
        assert app.screen.query_one(Input).value == ""
        assert app.screen.query_one(CandidateList).highlighted.id == "priya-raghunathan"
        assert "Priya Raghunathan        Data Engineer" in screen_text(pilot)  # scrolled into view
