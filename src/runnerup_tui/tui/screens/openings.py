"""Openings: the list, and for the highlighted one its runner-ups ranked by the core, with reasons.

``p`` presents the highlighted runner-up for the opening (a ``presented`` touchpoint, after
a confirmation), ``n`` adds an opening, ``enter`` on a runner-up shows them on the main
screen. Ranking runs in a worker: at 10,000 candidates it is not instant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from runnerup_tui.domain.matching import Match, rank_for_opening
from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.domain.summary import OpeningEntry
from runnerup_tui.session import LibrarySession, Snapshot
from runnerup_tui.tui.acting import announce_failure, announce_saved, save_in_worker
from runnerup_tui.tui.messages import Saved, SaveFailed

if TYPE_CHECKING:
    from runnerup_tui.tui.app import RunnerupApp

RANKED = 30  # runner-ups shown per opening


def opening_prompt(opening: OpeningEntry) -> Content:
    """Title and status, then team and must-have skills."""
    status_style = "$text-success" if opening.status == "open" else "$text-muted"
    second = visible_line(" · ".join(part for part in (opening.team, ", ".join(opening.skills)) if part))
    return Content.assemble(
        (visible_line(opening.title), "bold"),
        "  ",
        (opening.status, status_style),
        *(["\n", (second, "$text-muted")] if second else []),
    )


def match_prompt(match: Match) -> Content:
    """Score and name (and a fit other than pursue), then the reasons for the score."""
    fit = [("  ", ""), (match.fit, "$text-warning")] if match.fit != "pursue" else []
    return Content.assemble(
        (f"{match.score:3d}", "bold $text-accent"),
        "  ",
        (visible_line(match.name), "bold"),
        *fit,
        "\n",
        (visible_line("; ".join(match.reasons)), "$text-muted"),
    )


class OpeningsScreen(Screen[str | None]):
    """Who fits this opening? Dismisses with a candidate to show on the main screen, or None."""

    AUTO_FOCUS = "#openings-list"

    BINDINGS = [
        Binding("p", "present", "Present", id="runnerup.openings.present"),
        Binding("n", "new_opening", "New opening", id="runnerup.openings.new"),
        Binding("escape,q", "close", "Back", id="runnerup.openings.close"),
    ]

    @dataclass
    class Ranked(Message):
        """The runner-ups of one opening in one snapshot, ranked in a worker."""

        snapshot: Snapshot
        opening: OpeningEntry
        matches: list[Match]

    def __init__(self, session: LibrarySession) -> None:
        super().__init__()
        self.session = session
        self.openings: list[OpeningEntry] = []
        self.matches: list[Match] = []
        self.ranked_for: str | None = None
        self._show_opening: str | None = None  # a new opening to highlight once it is in a snapshot

    @property
    def runnerup(self) -> RunnerupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="openings-panes"):
            yield OptionList(id="openings-list")
            with Vertical(id="runnerups-pane"):
                yield Label("", id="runnerups-title", markup=False)
                yield OptionList(id="runnerups")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Openings"
        self.query_one("#openings-list").border_title = "Openings"
        self.watch(self.app, "snapshot", self._new_snapshot, init=True)

    # -- openings --------------------------------------------------------------------------------

    def _new_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        option_list = self.query_one("#openings-list", OptionList)
        keep = self._show_opening or (self.opening.id if self.opening else None)
        self.openings = list(snapshot.openings)
        option_list.set_options(Option(opening_prompt(o), id=o.id) for o in self.openings)
        ids = [o.id for o in self.openings]
        if keep in ids:
            self._show_opening = None
        if self.openings:
            option_list.highlighted = ids.index(keep) if keep in ids else 0
        else:
            self.query_one("#runnerups-title", Label).update("No openings yet: press n to add one.")
        if self.opening:
            self._rank(snapshot, self.opening, self.runnerup.today)

    @property
    def opening(self) -> OpeningEntry | None:
        """The highlighted opening."""
        index = self.query_one("#openings-list", OptionList).highlighted
        return self.openings[index] if index is not None and index < len(self.openings) else None

    @on(OptionList.OptionHighlighted, "#openings-list")
    def _opening_highlighted(self) -> None:
        snapshot = self.runnerup.snapshot
        opening = self.opening
        if snapshot is not None and opening is not None and opening.id != self.ranked_for:
            self.query_one("#runnerups-title", Label).update(f"Ranking runner-ups for {opening.title}…")
            self._rank(snapshot, opening, self.runnerup.today)

    @on(OptionList.OptionSelected, "#openings-list")
    def _opening_chosen(self) -> None:
        self.query_one("#runnerups", OptionList).focus()

    # -- runner-ups ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="ranking")
    def _rank(self, snapshot: Snapshot, opening: OpeningEntry, today: dt.date) -> None:
        matches = rank_for_opening(opening, snapshot.entries, snapshot.settings, today, limit=RANKED)
        self.post_message(self.Ranked(snapshot, opening, matches))

    def on_openings_screen_ranked(self, message: Ranked) -> None:
        opening = self.opening
        if opening is None or message.opening.id != opening.id or message.snapshot is not self.runnerup.snapshot:
            return  # the cursor or the library has moved on
        runnerups = self.query_one("#runnerups", OptionList)
        keep = self.runner_up.id if self.runner_up and self.ranked_for == opening.id else None
        self.ranked_for = opening.id
        self.matches = message.matches
        runnerups.set_options(Option(match_prompt(m), id=m.id) for m in self.matches)
        ids = [m.id for m in self.matches]
        if ids:
            runnerups.highlighted = ids.index(keep) if keep in ids else 0
        title = self.query_one("#runnerups-title", Label)
        status = "" if opening.status == "open" else f" ({opening.status})"
        shown = visible_line(opening.title)
        if self.matches:
            title.update(f"Runner-ups for {shown}{status}, best first")
        else:
            title.update(f"No runner-up fits {shown}{status} yet.")
        self.refresh_bindings()

    @property
    def runner_up(self) -> Match | None:
        """The highlighted runner-up."""
        index = self.query_one("#runnerups", OptionList).highlighted
        return self.matches[index] if index is not None and index < len(self.matches) else None

    @on(OptionList.OptionHighlighted, "#runnerups")
    def _runner_up_highlighted(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#runnerups")
    def _runner_up_chosen(self) -> None:
        if match := self.runner_up:
            self.dismiss(match.id)

    # -- actions ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Presenting needs a runner-up of the highlighted opening."""
        if action == "present":
            return True if self.runner_up is not None and self.opening is not None else None
        return True

    def action_present(self) -> None:
        from runnerup_tui.actions import present_candidate
        from runnerup_tui.tui.dialogs.confirm import ConfirmDialog

        match, opening = self.runner_up, self.opening
        if match is None or opening is None:
            return
        today = self.runnerup.today

        def confirmed(yes: bool | None) -> None:
            if yes:
                save_in_worker(
                    self,
                    self.session,
                    lambda library: present_candidate(library, match.id, opening.id, date=today),
                    f"Presented {match.name} for {opening.title}",
                )

        self.app.push_screen(
            ConfirmDialog(
                f"Present {match.name} for {opening.title}?",
                yes="Present",
                no="Not now",
                detail="They were already presented for this opening." if match.already_presented else "",
            ),
            confirmed,
        )

    def action_new_opening(self) -> None:
        from runnerup_tui.actions import add_opening
        from runnerup_tui.tui.dialogs.opening_form import OpeningForm

        def filled(data: dict[str, Any] | None) -> None:
            if data is not None:
                save_in_worker(
                    self,
                    self.session,
                    lambda library: add_opening(library, data),
                    f"Added the opening {data['title']}",
                    retry=lambda error: ask(data, error),
                )

        def ask(values: dict[str, Any] | None = None, error: str = "") -> None:
            self.app.push_screen(OpeningForm(self.runnerup.today, values=values, error=error), filled)

        ask()

    def on_saved(self, message: Saved) -> None:
        if message.written.path.parent.name == "openings":
            self._show_opening = message.written.id
        announce_saved(self, self.session, message)

    def on_save_failed(self, message: SaveFailed) -> None:
        announce_failure(self, message)

    def action_close(self) -> None:
        self.dismiss(None)
