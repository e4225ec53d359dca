"""`/` is the search key everywhere: pressed in an empty search box it types nothing."""

from __future__ import annotations

from textual.widgets import Input

from .pilot_support import settle


async def test_slash_then_words_at_start_searches_for_the_words(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"rowing")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "rowing"
        # back from the list: the words stay, and a "/" after them is text
        await pilot.press("escape", "slash", "end", "slash")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "rowing/"
