"""The command palette (``ctrl+p``): every action of the main screen, and jumping to a person.

Typing a name (or any search words) offers "Show <candidate>" for the best matches, using
the same search as the search box.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from runnerup_tui.domain.problems import UsageError
from runnerup_tui.domain.rows import SortOrder
from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.domain.search import parse_query

if TYPE_CHECKING:
    from runnerup_tui.tui.screens.main import MainScreen

CANDIDATE_HITS = 8


def _literal_highlight(matcher: Matcher, text: str) -> Content:
    """``text`` with the query's letters highlighted, never read as markup (``Matcher.highlight`` would)."""
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class RunnerupCommands(Provider):
    """Actions of the main screen, with their key, and candidates by name."""

    def _main(self) -> MainScreen | None:
        from runnerup_tui.tui.screens.main import MainScreen

        return self.screen if isinstance(self.screen, MainScreen) else None

    def _commands(self, main: MainScreen) -> list[tuple[str, str, Callable[[], object]]]:
        def run(action: str) -> Callable[[], object]:
            return partial(main.run_action, action)

        commands = [
            ("Search", "Focus the search box", run("focus_search")),
            ("New candidate", "Add a runner-up with the edit form", run("new")),
            ("Edit candidate", "Edit every field of the highlighted candidate", run("edit")),
            ("Log touchpoint", "Log a call, email, coffee… with the highlighted candidate", run("log")),
            ("Draft a message", "An email, LinkedIn message… from the little things on file (m)", run("draft")),
            ("Open in $EDITOR", "Edit the highlighted candidate's YAML file in your editor", run("open_editor")),
            ("Zoom detail", "Give the detail pane the whole screen, or its place back (z)", run("toggle_detail")),
            ("Problems", "Files that do not parse or validate, and unresolved merges", run("problems")),
            ("History", "Who changed the highlighted candidate, when, and how (git log)", run("history")),
            ("Sync", "Commit hand edits, pull teammates' changes, push yours", run("sync")),
            ("Today", "Today's agenda: rejection calls, consent, follow-ups, honest conversations", run("today")),
            ("Openings", "Open positions and the runner-ups who fit each, with the reasons", run("openings")),
            ("Duplicates", "People who may be in the library twice; compare and merge them (D)", run("duplicates")),
            ("Rejection call", "Record the rejection of the highlighted candidate, then the fit", run("rejection")),
            (
                "Forget candidate",
                "Erase the highlighted candidate (consent withdrawn or expired), after asking",
                run("forget"),
            ),
        ]
        commands += [
            (f"Sort by {order.label}", f"Order the list by {order.label}", run(f"sort('{order.value}')"))
            for order in SortOrder
        ]
        commands.append(("Keys", "Show or hide the key bindings", partial(self.app.run_action, "toggle_help")))
        commands.append(
            (
                "Config file",
                "Where the keymap and theme are read from",
                partial(self.app.run_action, "show_config_path"),
            )
        )
        return commands

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for title, help_text, callback in self._commands(main):
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands(main):
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
        snapshot = main.snapshot
        if snapshot is None or not query.strip():
            return
        try:
            parsed = parse_query(query)
        except UsageError:
            return
        for entry in snapshot.searcher.search(parsed)[:CANDIDATE_HITS]:
            text = f"Show {visible_line(entry.name)}"
            score = max(matcher.match(text), 0.3)
            help_text = Content(visible_line(entry.headline)) if entry.headline else None  # not read as markup
            yield Hit(
                score,
                _literal_highlight(matcher, text),
                partial(main.show_candidate, entry.id),
                text=text,
                help=help_text,
            )  # type: ignore[arg-type]
