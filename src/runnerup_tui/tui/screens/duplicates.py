"""Duplicates: the people who may be in the library twice, exact matches first, each with the reasons.

Enter on a pair opens both records side by side to merge them (``screens/merge_people.py``); ``x`` says
they are two people (``runnerup.yaml``'s ``not_duplicates``), so the pair is not shown again. The
pairs are found in a worker from the snapshot's index entries, again whenever the library changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from runnerup_tui.domain.duplicates import Duplicate, Person, find_duplicates
from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.session import LibrarySession, Snapshot
from runnerup_tui.tui.acting import announce_failure, announce_saved, save_in_worker
from runnerup_tui.tui.messages import Saved, SaveFailed


def pair_prompt(pair: Duplicate) -> Content:
    """``exact  John Smith (john-smith) ~ Jon Smith (jon-smith)``, then the reasons."""
    style = "bold $text-error" if pair.exact else "$text-warning"
    return Content.assemble(
        (f"{pair.kind:6}", style),
        " ",
        (visible_line(pair.first_name), "bold"),
        f" ({visible_line(pair.first)}) ~ ",
        (visible_line(pair.second_name), "bold"),
        f" ({visible_line(pair.second)})",
        "\n",
        (visible_line("; ".join(pair.reasons)), "$text-muted"),
    )


class DuplicatesScreen(Screen[str | None]):
    """Pairs that may be one person; dismisses with the id of the record kept by a merge, or None."""

    AUTO_FOCUS = "#duplicates-list"

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="runnerup.duplicates.close"),
        Binding("enter", "open_pair", "Compare and merge", id="runnerup.duplicates.open", show=True),
        Binding("x", "not_duplicates", "Two people", id="runnerup.duplicates.different"),
    ]

    @dataclass
    class Found(Message):
        """The pairs found in one snapshot, in a worker."""

        snapshot: Snapshot
        pairs: list[Duplicate]

    def __init__(self, session: LibrarySession) -> None:
        super().__init__()
        self.session = session
        self.pairs: list[Duplicate] = []
        self.kept: str | None = None  # the record the last merge kept

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Looking for people who are in the library twice…", id="duplicates-summary", markup=False)
        yield OptionList(id="duplicates-list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Duplicates"
        self.watch(self.app, "snapshot", self._new_snapshot, init=True)

    def _new_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is not None:
            self._find(snapshot)

    @work(thread=True, exclusive=True, exit_on_error=False, group="duplicates")
    def _find(self, snapshot: Snapshot) -> None:
        people = (Person.from_entry(entry) for entry in snapshot.entries)
        pairs = find_duplicates(people, getattr(snapshot.settings, "not_duplicates", ()))
        self.post_message(self.Found(snapshot, pairs))

    def on_duplicates_screen_found(self, message: Found) -> None:
        if message.snapshot is not self.app.snapshot:  # type: ignore[attr-defined]
            return  # the library has moved on: its own search is under way
        option_list = self.query_one(OptionList)
        keep = option_list.highlighted or 0
        self.pairs = message.pairs
        option_list.set_options(Option(pair_prompt(p), id=f"{p.first} {p.second}") for p in self.pairs)
        if self.pairs:
            option_list.highlighted = min(keep, len(self.pairs) - 1)
        exact = sum(1 for p in self.pairs if p.exact)
        summary = self.query_one("#duplicates-summary", Label)
        if not self.pairs:
            summary.update("No duplicates: nobody shares an email, phone or LinkedIn profile, and no names are alike.")
        else:
            summary.update(
                f"{len(self.pairs)} pair{'s' * (len(self.pairs) != 1)} ({exact} exact, {len(self.pairs) - exact} "
                "likely) — Enter compares and merges, x: two people."
            )

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.action_open_pair()

    def action_open_pair(self) -> None:
        from runnerup_tui.tui.screens.merge_people import MergeScreen

        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.pairs):
            return
        pair = self.pairs[index]

        def merged(kept: str | None) -> None:
            if kept is not None:
                self.kept = kept

        self.app.push_screen(MergeScreen(self.session, pair.first, pair.second), merged)

    def action_not_duplicates(self) -> None:
        """The highlighted pair are two people: noted in runnerup.yaml, so it is never shown again."""
        from runnerup_tui.actions import mark_not_duplicates

        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.pairs):
            return
        pair = self.pairs[index]
        save_in_worker(
            self,
            self.session,
            lambda library: mark_not_duplicates(library, pair.first, pair.second),
            f"Noted: {pair.first_name} and {pair.second_name} are two people",
        )

    def on_saved(self, message: Saved) -> None:
        announce_saved(self, self.session, message)

    def on_save_failed(self, message: SaveFailed) -> None:
        announce_failure(self, message)

    def action_close(self) -> None:
        self.dismiss(self.kept)
