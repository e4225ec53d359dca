"""The rejection call: how it was given, the honest reason, what impressed us, then the fit decision.

The reason and what impressed us take several lines (Enter: a new line); a job promise in
them is shown before anything is saved.

Like the log dialog it only collects the answers; the screen that opened it saves them with
the core's ``record_rejection`` (one commit: the rejection, its touchpoint and the fit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Label, Select, TextArea

from runnerup_tui.domain.model import Channel, Fit, parse_day
from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.domain.summary import OpeningEntry
from runnerup_tui.tui.dialogs.confirm import PromiseWarning
from runnerup_tui.tui.widgets.fields import failure_label, opening_select

if TYPE_CHECKING:
    from runnerup_tui.session import LibrarySession

FIT_CHOICES = (
    (Fit.PURSUE, "Pursue", "keep warm: personal follow-ups, presented for fitting openings"),
    (Fit.NEWSLETTER, "Newsletter", "the rejection and the newsletter are as far as it goes"),
    (Fit.CLOSED, "Closed", "no further contact"),
)


@dataclass(frozen=True)
class RejectionRequest:
    """The answers of the rejection workflow; the screen that asked records them."""

    channel: Channel
    date: dt.date
    reason: str
    impressed: str | None
    newsletter_invited: bool
    fit: Fit
    opening: str | None = None
    newsletter_consent: bool = False  # they agreed to the newsletter: record their consent


class FitDecisionDialog(ModalScreen[Fit | None]):
    """After the rejection: keep warm, newsletter only, or closed? ``p``/``n``/``c`` answer."""

    AUTO_FOCUS = "#fit-pursue"

    BINDINGS = [
        Binding("p", "decide('pursue')", "Pursue", id="runnerup.fit.pursue"),
        Binding("n", "decide('newsletter')", "Newsletter", id="runnerup.fit.newsletter"),
        Binding("c", "decide('closed')", "Closed", id="runnerup.fit.closed"),
        Binding("escape", "back", "Back", id="runnerup.fit.back"),
        Binding("up,left", "app.focus_previous", show=False, id="runnerup.fit.previous"),
        Binding("down,right", "app.focus_next", show=False, id="runnerup.fit.next"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.candidate_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="fit-box", classes="dialog"):
            yield Label(
                f"The fit decision for {visible_line(self.candidate_name)}", classes="dialog-title", markup=False
            )
            for fit, label, meaning in FIT_CHOICES:
                with Horizontal(classes="fit-choice"):
                    yield Button(
                        label,
                        id=f"fit-{fit.value}",
                        compact=True,
                        variant="primary" if fit is Fit.PURSUE else "default",
                    )
                    yield Label(meaning, classes="fit-meaning", markup=False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(Fit((event.button.id or "").removeprefix("fit-")))

    def action_decide(self, fit: str) -> None:
        self.dismiss(Fit(fit))

    def action_back(self) -> None:
        self.dismiss(None)


class RejectionDialog(ModalScreen[RejectionRequest | None]):
    """The playbook's rejection: fill it in, ``ctrl+s`` (or Enter in the date), then choose the fit."""

    AUTO_FOCUS = "#rejection-reason"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="runnerup.rejection.cancel"),
        Binding("ctrl+s", "save", "Next: the fit", id="runnerup.rejection.save"),
    ]

    def __init__(
        self,
        name: str,
        today: dt.date,
        openings: list[OpeningEntry] | None = None,
        *,
        request: RejectionRequest | None = None,
        error: str = "",
    ) -> None:
        """``request`` and ``error``: reopened after a save failed, as the person left it."""
        super().__init__()
        self.candidate_name = name
        self.today = today
        self.openings = [o for o in openings or [] if o.status in ("open", "on-hold")]
        self.request = request
        self.error = error

    def compose(self) -> ComposeResult:
        was = self.request
        with Vertical(id="rejection-box", classes="dialog"):
            yield Label(
                f"Rejection call with {visible_line(self.candidate_name)}", classes="dialog-title", markup=False
            )
            with Horizontal(classes="form-row"):
                yield Label("Channel", classes="form-label")
                yield Select(
                    [(c.value, c.value) for c in Channel],
                    value=(was.channel if was else Channel.CALL).value,
                    allow_blank=False,
                    id="rejection-channel",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Date", classes="form-label")
                yield Input(
                    (was.date if was else self.today).isoformat(),
                    placeholder="YYYY-MM-DD, today or yesterday",
                    id="rejection-date",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Reason", classes="form-label")
                yield TextArea(
                    was.reason if was else "",
                    id="rejection-reason",
                    soft_wrap=True,
                    compact=True,
                    placeholder="the honest reason given (Enter: new line)",
                )
            with Horizontal(classes="form-row"):
                yield Label("Impressed", classes="form-label")
                yield TextArea(
                    (was.impressed or "") if was else "",
                    id="rejection-impressed",
                    soft_wrap=True,
                    compact=True,
                    placeholder="what impressed us",
                )
            yield PromiseWarning(id="rejection-promise")
            with Horizontal(classes="form-row"):
                yield Label("", classes="form-label")
                yield Checkbox(
                    "Invited to the newsletter",
                    was.newsletter_invited if was else True,
                    id="rejection-newsletter",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("", classes="form-label")
                # never ticked by default: consent is what the person said, not an assumption
                yield Checkbox(
                    "They agreed: record their consent",
                    was.newsletter_consent if was else False,
                    id="rejection-consent",
                    compact=True,
                )
            if self.openings:
                opening = was.opening if was else None
                with Horizontal(classes="form-row"):
                    yield Label("Opening", classes="form-label")
                    yield opening_select(self.openings, opening, "rejection-opening")
            yield failure_label(self.error, "rejection-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Next: the fit", id="rejection-save", variant="primary", compact=True)
                yield Button("Cancel", id="rejection-cancel", compact=True)

    def _error(self, message: str, field: str) -> None:
        label = self.query_one("#rejection-error", Label)
        label.update(message)
        label.display = True
        self.query_one(f"#{field}").focus()

    @on(TextArea.Changed)
    def _words_changed(self) -> None:
        self.query_one("#rejection-promise", PromiseWarning).clear()

    @on(Input.Submitted)
    @on(Button.Pressed, "#rejection-save")
    def action_save(self) -> None:
        try:
            day = parse_day(self.query_one("#rejection-date", Input).value, self.today)
        except ValueError as err:
            self._error(f"Date {err}", "rejection-date")
            return
        reason = self.query_one("#rejection-reason", TextArea).text.strip()
        if not reason:
            self._error("Say the honest reason given: it is what the candidate will remember", "rejection-reason")
            return
        impressed = self.query_one("#rejection-impressed", TextArea).text.strip() or None
        if self.query_one("#rejection-promise", PromiseWarning).held(
            {"the reason": reason, "what impressed us": impressed}
        ):
            self.query_one("#rejection-reason", TextArea).focus()
            return
        channel = self.query_one("#rejection-channel", Select).value
        opening = None
        if self.openings:
            value = self.query_one("#rejection-opening", Select).value
            opening = value if isinstance(value, str) else None
        consent = self.query_one("#rejection-consent", Checkbox).value
        newsletter = self.query_one("#rejection-newsletter", Checkbox).value or consent

        def decided(fit: Fit | None) -> None:
            if fit is not None:
                self.dismiss(
                    RejectionRequest(
                        Channel(str(channel)),
                        day,
                        reason,
                        impressed,
                        newsletter,
                        fit,
                        opening,
                        newsletter_consent=consent,
                    )
                )

        self.app.push_screen(FitDecisionDialog(self.candidate_name), decided)

    @on(Button.Pressed, "#rejection-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_for_rejection_call(
    screen: Screen, session: LibrarySession, cid: str, name: str, today: dt.date, openings: list[OpeningEntry]
) -> None:
    """Open the rejection dialog for ``cid`` and record what the person decides, in a worker.

    A save that fails reopens the dialog with what was typed and the reason.
    """
    from runnerup_tui.tui.acting import save_in_worker

    def answered(request: RejectionRequest | None) -> None:
        if request is not None:
            save_in_worker(
                screen,
                session,
                rejection_action(cid, request),
                f"Recorded the rejection of {name}; fit: {request.fit.value}",
                retry=lambda error: ask(request, error),
            )

    def ask(request: RejectionRequest | None = None, error: str = "") -> None:
        screen.app.push_screen(RejectionDialog(name, today, openings, request=request, error=error), answered)

    ask()


def rejection_action(cid: str, request: RejectionRequest):  # noqa: ANN201 - a core action for LibrarySession.act
    """The core call that records ``request`` for ``cid``."""
    from runnerup_tui.actions import record_rejection

    return lambda library: record_rejection(
        library,
        cid,
        channel=request.channel,
        reason=request.reason,
        fit=request.fit,
        impressed=request.impressed,
        newsletter_invited=request.newsletter_invited,
        date=request.date,
        opening=request.opening,
        newsletter=request.newsletter_consent,
    )
