"""Today: the core's agenda, grouped by reason, each item one key away from being acted on.

``l`` logs a touchpoint, ``enter`` opens the person on the main screen, ``z`` snoozes a
follow-up (sets ``next_contact``), ``r`` makes a pending rejection call, ``m`` shows only the
person's own candidates (their ``owner``) or everyone's again, ``F`` forgets a person whose
consent is expiring or expired. The agenda is
recomputed in a worker whenever the app's snapshot changes, so it refreshes after each
action and after edits made elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from runnerup_tui.domain.agenda import (
    CONSENT_EXPIRING,
    FOLLOW_UP,
    GROUP_TITLES,
    REASONS,
    REJECTION_CALL,
    AgendaItem,
    agenda,
)
from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.domain.summary import CandidateEntry
from runnerup_tui.session import LibrarySession, Snapshot
from runnerup_tui.tui.acting import announce_failure, announce_saved, save_in_worker
from runnerup_tui.tui.messages import Saved, SaveFailed

if TYPE_CHECKING:
    from runnerup_tui.tui.app import RunnerupApp
    from runnerup_tui.tui.dialogs.log import LogRequest

WITHIN_DAYS = 7


def item_key(item: AgendaItem) -> str:
    """An agenda item's option id: a person can be on the agenda for several reasons."""
    return f"{item.reason}/{item.id}"


def item_prompt(item: AgendaItem, today: dt.date) -> Content:
    """Date and name, then what to do; a follow-up's starter and LinkedIn nudge on lines of their own."""
    late = item.date < today
    parts: list[str | tuple[str, str]] = [
        (item.date.isoformat(), "$text-error" if late else "$text-muted"),
        "  ",
        (visible_line(item.name), "bold"),
    ]
    if item.owner:
        parts += ["  ", (f"owner: {visible_line(item.owner)}", "$text-muted")]
    parts += ["\n", visible_line(item.detail)]
    for label, text in (("talk", item.starter), ("check", item.nudge)):
        if text:
            parts += ["\n", (f"{label}: ", "$text-accent"), visible_line(text)]
    return Content.assemble(*parts)


class TodayScreen(Screen[str | None]):
    """Whom to contact today and why, most urgent group first; dismisses with a person to show."""

    AUTO_FOCUS = "#today-list"

    BINDINGS = [
        Binding("l", "log", "Log", id="runnerup.today.log"),
        Binding("enter", "open", "Open", id="runnerup.today.open"),
        Binding("z", "snooze", "Snooze", id="runnerup.today.snooze"),
        Binding("r", "rejection", "Rejection call", id="runnerup.today.rejection"),
        Binding("m", "toggle_mine", "Mine only", id="runnerup.today.mine"),
        Binding("F", "forget", "Forget", id="runnerup.today.forget"),
        Binding("escape,q", "close", "Back", id="runnerup.today.close"),
    ]

    @dataclass
    class AgendaReady(Message):
        """The agenda of one snapshot, computed in a worker."""

        snapshot: Snapshot
        items: list[AgendaItem]

    def __init__(self, session: LibrarySession) -> None:
        super().__init__()
        self.session = session
        self.items: dict[str, AgendaItem] = {}
        self.mine_only = False
        self._last_agenda: TodayScreen.AgendaReady | None = None  # all of it: "mine only" filters when shown

    @property
    def runnerup(self) -> RunnerupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Working out today's agenda…", id="today-summary", markup=False)
        yield OptionList(id="today-list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Today"
        self.watch(self.app, "snapshot", self._compute, init=True)

    # -- the agenda ------------------------------------------------------------------------------

    def _compute(self, snapshot: Snapshot | None) -> None:
        if snapshot is not None:
            self._agenda(snapshot, self.runnerup.today)

    @work(thread=True, exclusive=True, exit_on_error=False, group="agenda")
    def _agenda(self, snapshot: Snapshot, today: dt.date) -> None:
        self.post_message(self.AgendaReady(snapshot, agenda(snapshot.entries, snapshot.settings, today, WITHIN_DAYS)))

    def on_today_screen_agenda_ready(self, message: AgendaReady) -> None:
        if message.snapshot is not self.runnerup.snapshot:
            return  # a newer snapshot's agenda is on its way
        self._last_agenda = message
        if self.mine_only:
            me = self.runnerup.me()
            message = self.AgendaReady(message.snapshot, [item for item in message.items if me.owns(item.owner)])
        today = self.runnerup.today
        option_list = self.query_one("#today-list", OptionList)
        keep = self.selected
        self.items = {item_key(item): item for item in message.items}
        options: list[Option] = []
        for reason in REASONS:
            group = [item for item in message.items if item.reason == reason]
            if not group:
                continue
            title = Content.assemble((f"{GROUP_TITLES.get(reason, reason)} ({len(group)})", "bold $text-primary"))
            options.append(Option(title, id=f"group/{reason}", disabled=True))
            options += [Option(item_prompt(item, today), id=item_key(item)) for item in group]
        position = option_list.highlighted
        option_list.set_options(options)
        if keep is not None and item_key(keep) in self.items:
            option_list.highlighted = option_list.get_option_index(item_key(keep))
        elif options:
            enabled = [i for i, option in enumerate(options) if not option.disabled]
            later = [i for i in enabled if position is None or i >= position]
            option_list.highlighted = (later or enabled)[0]
        summary = self.query_one("#today-summary", Label)
        whose = " of yours" if self.mine_only else ""
        if not message.items:
            summary.update(f"Nothing{whose} due in the next {WITHIN_DAYS} days.")
        else:
            late = sum(item.date < today for item in message.items)
            summary.update(
                f"{len(message.items)}{whose} to do by {today + dt.timedelta(days=WITHIN_DAYS)}, {late} overdue"
            )
        self.refresh_bindings()

    @property
    def selected(self) -> AgendaItem | None:
        """The highlighted agenda item."""
        option_list = self.query_one("#today-list", OptionList)
        index = option_list.highlighted
        if index is None or index >= option_list.option_count:
            return None
        return self.items.get(option_list.get_option_at_index(index).id or "")

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def _entry(self, cid: str) -> CandidateEntry | None:
        snapshot = self.runnerup.snapshot
        return next((e for e in snapshot.entries if e.id == cid), None) if snapshot else None

    # -- actions ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Item actions are dimmed without a selection; a rejection call only for rejection-call items."""
        if action in ("log", "open", "snooze", "rejection", "forget"):
            item = self.selected
            if item is None:
                return None
            if action == "snooze":  # next_contact moves follow-ups only
                return True if item.reason == FOLLOW_UP else None
            if action == "forget":  # "renew or forget"
                return True if item.reason == CONSENT_EXPIRING else None
        return True

    @on(OptionList.OptionSelected)
    def action_open(self) -> None:
        """Show the person on the main screen, with the cursor on them."""
        item = self.selected
        if item is None:
            return
        self.dismiss(item.id)

    def action_log(self) -> None:
        from runnerup_tui.tui.dialogs.log import LogTouchpointDialog

        item = self.selected
        entry = self._entry(item.id) if item else None
        snapshot = self.runnerup.snapshot
        if item is None or entry is None or snapshot is None:
            return

        def logged(request: LogRequest | None) -> None:
            if request is None:
                return
            from runnerup_tui.actions import log_touchpoint

            save_in_worker(
                self,
                self.session,
                lambda library: log_touchpoint(
                    library,
                    item.id,
                    request.kind,
                    summary=request.summary,
                    date=request.date,
                    opening=request.opening,
                    force=request.force,
                ),
                f"Logged {request.kind.value} with {item.name}",
                retry=lambda error: ask(request, error),
            )

        def ask(request: LogRequest | None = None, error: str = "") -> None:
            self.app.push_screen(
                LogTouchpointDialog(
                    item.name,
                    self.runnerup.today,
                    snapshot.openings,
                    fit=str(entry.fit),
                    request=request,
                    error=error,
                    consent_expires=entry.consent_expires,
                ),
                logged,
            )

        ask()

    def action_snooze(self) -> None:
        from runnerup_tui.tui.dialogs.snooze import SnoozeDialog

        item = self.selected
        if item is None or item.reason != FOLLOW_UP:
            return

        def chosen(day: dt.date | None) -> None:
            if day is None:
                return
            from runnerup_tui.actions import snooze

            save_in_worker(
                self,
                self.session,
                lambda library: snooze(library, item.id, day),
                f"Snoozed {item.name} until {day}",
                retry=lambda error: ask(day, error),
            )

        def ask(day: dt.date | None = None, error: str = "") -> None:
            self.app.push_screen(SnoozeDialog(item.name, self.runnerup.today, day=day, error=error), chosen)

        ask()

    def action_rejection(self) -> None:
        from runnerup_tui.tui.dialogs.rejection import ask_for_rejection_call

        item = self.selected
        snapshot = self.runnerup.snapshot
        if item is not None and item.reason != REJECTION_CALL:
            self.notify(
                f"{item.name} is here for {GROUP_TITLES.get(item.reason, item.reason).lower()}, "
                "not a pending rejection call: r records a rejection call; l logs a touchpoint",
                severity="warning",
                timeout=6,
            )
            return
        if item is None or snapshot is None:
            return
        ask_for_rejection_call(self, self.session, item.id, item.name, self.runnerup.today, snapshot.openings)

    def action_forget(self) -> None:
        """Renew or forget: erase the person whose consent is expiring or expired, after asking."""
        from runnerup_tui.tui.dialogs.forget import ask_to_forget

        item = self.selected
        if item is not None and item.reason == CONSENT_EXPIRING:
            ask_to_forget(self, self.session, item.id, item.name)

    def on_saved(self, message: Saved) -> None:
        announce_saved(self, self.session, message)

    def on_save_failed(self, message: SaveFailed) -> None:
        announce_failure(self, message)

    def action_toggle_mine(self) -> None:
        """Show only the candidates the person owns, or everyone's again."""
        me = self.runnerup.me()
        if not self.mine_only and not me.names:
            self.notify(f"Cannot show only yours: {me.unknown}", severity="warning", timeout=8)
            return
        self.mine_only = not self.mine_only
        self.sub_title = "Today · mine only (m: everyone's)" if self.mine_only else "Today"
        if self._last_agenda is not None:
            self.on_today_screen_agenda_ready(self._last_agenda)

    def action_close(self) -> None:
        self.dismiss(None)
