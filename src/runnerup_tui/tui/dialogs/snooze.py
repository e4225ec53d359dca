"""The snooze dialog: until when to put off a follow-up (a week from today by default)."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from runnerup_tui.domain.model import parse_day
from runnerup_tui.domain.safe_text import visible_line

SNOOZE_DAYS = 7


class SnoozeDialog(ModalScreen[dt.date | None]):
    """Ask for the next contact date; Enter accepts it, escape cancels."""

    AUTO_FOCUS = "#snooze-date"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="runnerup.snooze.cancel")]

    def __init__(self, name: str, today: dt.date, *, day: dt.date | None = None, error: str = "") -> None:
        """``day`` and ``error``: reopened after a save failed, as the person left it."""
        super().__init__()
        self.candidate_name = name
        self.today = today
        self.day = day
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="snooze-box", classes="dialog"):
            yield Label(f"Snooze {visible_line(self.candidate_name)} until", classes="dialog-title", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("Date", classes="form-label")
                default = self.day or self.today + dt.timedelta(days=SNOOZE_DAYS)
                yield Input(default.isoformat(), placeholder="YYYY-MM-DD", id="snooze-date", compact=True)
            error = Label(self.error, id="snooze-error", classes="field-error", markup=False)
            error.display = bool(self.error)  # reopened after a failed save: say why
            yield error
            with Horizontal(classes="dialog-buttons"):
                yield Button("Snooze", id="snooze-save", variant="primary", compact=True)
                yield Button("Cancel", id="snooze-cancel", compact=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#snooze-save")
    def action_save(self) -> None:
        error = self.query_one("#snooze-error", Label)
        try:
            day = parse_day(self.query_one("#snooze-date", Input).value, self.today)
        except ValueError as err:
            error.update(str(err))
            error.display = True
            return
        if day <= self.today:
            error.update("must be after today: a snooze puts the follow-up off")
            error.display = True
            return
        self.dismiss(day)

    @on(Button.Pressed, "#snooze-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
