"""The log-a-touchpoint dialog: kind, date (today by default) and a summary of any length.

It only collects and checks the values (a job promise is shown before anything is
saved); the screen that opened it saves them, so the dialog closes at once and the
commit happens in a worker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from runnerup_tui.domain.model import TouchpointKind, parse_day
from runnerup_tui.domain.safe_text import visible, visible_line
from runnerup_tui.domain.summary import OpeningEntry
from runnerup_tui.domain.upfront import outreach_concern
from runnerup_tui.tui.dialogs.confirm import ConfirmDialog, PromiseWarning
from runnerup_tui.tui.widgets.fields import failure_label, opening_select


@dataclass(frozen=True)
class LogRequest:
    """What the person asked to log; the screen that opened the dialog saves it."""

    kind: TouchpointKind
    date: dt.date
    summary: str | None
    opening: str | None = None
    force: bool = False  # the person confirmed a touchpoint that goes beyond the candidate's fit


class LogTouchpointDialog(ModalScreen[LogRequest | None]):
    """Ask what happened with one candidate: ``l``, type the summary (Enter: a new line), ctrl+s logs a call."""

    AUTO_FOCUS = "#log-summary"  # the kind defaults to a call; shift+tab reaches it

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="runnerup.log.cancel"),
        Binding("ctrl+s", "save", "Log it", id="runnerup.log.save"),
    ]

    def __init__(
        self,
        name: str,
        today: dt.date,
        openings: list[OpeningEntry] | None = None,
        kind: TouchpointKind = TouchpointKind.CALL,
        fit: str = "pursue",
        *,
        request: LogRequest | None = None,
        error: str = "",
        consent_expires: str | None = None,
    ) -> None:
        """``request`` and ``error``: reopened after a save failed, as the person left it.

        ``consent_expires``: outreach dated after it asks first, like a touchpoint beyond the fit.
        """
        super().__init__()
        self.candidate_name = name
        self.fit = fit
        self.consent_expires = consent_expires
        self.today = today
        self.openings = [o for o in openings or [] if o.status in ("open", "on-hold")]
        self.kind = request.kind if request else kind
        self.request = request
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="log-box", classes="dialog"):
            yield Label(
                f"Log a touchpoint with {visible_line(self.candidate_name)}", classes="dialog-title", markup=False
            )
            with Horizontal(classes="form-row"):
                yield Label("Kind", classes="form-label")
                yield Select(
                    [(k.value, k.value) for k in TouchpointKind],
                    value=self.kind.value,
                    allow_blank=False,
                    id="log-kind",
                    compact=True,
                )
            yield Label("", id="log-concern", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("Date", classes="form-label")
                day = self.request.date if self.request else self.today
                yield Input(day.isoformat(), placeholder="YYYY-MM-DD, today or yesterday", id="log-date", compact=True)
            yield Label("", id="log-date-error", classes="field-error")
            with Horizontal(classes="form-row"):
                yield Label("Summary", classes="form-label")
                yield TextArea(
                    (self.request.summary or "") if self.request else "",
                    id="log-summary",
                    soft_wrap=True,
                    compact=True,
                    placeholder="what was said or done (Enter: new line, ctrl+s: log it)",
                )
            yield PromiseWarning(id="log-promise")
            if self.openings:
                opening = self.request.opening if self.request else None
                with Horizontal(classes="form-row"):
                    yield Label("Opening", classes="form-label")
                    yield opening_select(self.openings, opening, "log-opening")
            yield failure_label(self.error, "log-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Log it", id="log-save", variant="primary", compact=True)
                yield Button("Cancel", id="log-cancel", compact=True)

    def on_mount(self) -> None:
        self._show_concern()

    @on(Select.Changed, "#log-kind")
    def _show_concern(self) -> None:
        """Be upfront: say so before a personal touchpoint goes beyond the candidate's fit or consent."""
        try:
            day = parse_day(self.query_one("#log-date", Input).value, self.today)
        except ValueError:
            day = self.today
        concern = self._concern(self._kind(), day)
        label = self.query_one("#log-concern", Label)
        label.update(visible(concern or ""))
        label.display = bool(concern)

    def _concern(self, kind: TouchpointKind, day: dt.date) -> str | None:
        return outreach_concern(self.candidate_name, self.fit, kind, consent_expires=self.consent_expires, on=day)

    def _kind(self) -> TouchpointKind:
        value = self.query_one("#log-kind", Select).value
        return TouchpointKind(value) if isinstance(value, str) else self.kind

    @on(TextArea.Changed, "#log-summary")
    def _words_changed(self) -> None:
        self.query_one("#log-promise", PromiseWarning).clear()

    @on(Input.Changed, "#log-date")
    def _clear_date_error(self) -> None:
        self._date_error("")
        if self.consent_expires:  # whether consent covers the touchpoint depends on its day
            self._show_concern()

    def _date_error(self, message: str) -> None:
        label = self.query_one("#log-date-error", Label)
        label.update(message)
        label.display = bool(message)
        self.query_one("#log-date", Input).set_class(bool(message), "-has-error")

    @on(Input.Submitted)
    @on(Button.Pressed, "#log-save")
    def action_save(self) -> None:
        date_input = self.query_one("#log-date", Input)
        try:
            day = parse_day(date_input.value, self.today)
        except ValueError as err:
            self._date_error(str(err))
            date_input.focus()
            return
        kind = self._kind()
        summary = self.query_one("#log-summary", TextArea).text.strip() or None
        opening = None
        if self.openings:
            value = self.query_one("#log-opening", Select).value
            opening = value if isinstance(value, str) else None
        if self.query_one("#log-promise", PromiseWarning).held({"the summary": summary}):
            self.query_one("#log-summary", TextArea).focus()
            return
        request = LogRequest(kind, day, summary, opening)
        concern = self._concern(kind, day)
        if concern is None:
            self.dismiss(request)
            return

        def answered(log_anyway: bool | None) -> None:
            if log_anyway:
                self.dismiss(replace(request, force=True))

        self.app.push_screen(
            ConfirmDialog(
                f"Log a {kind.value} with {self.candidate_name} anyway?",
                detail=concern,
                yes="Log it anyway",
                no="Go back",
            ),
            answered,
        )

    @on(Button.Pressed, "#log-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
