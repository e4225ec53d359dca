"""The draft-a-message dialog (``m``): a message from the little things on file, editable, to copy or mail.

The draft is made in a worker (it reads the record, the openings and the library's template). Nothing is
written unless the person says the message was sent: then the dialog closes with a :class:`LogRequest` and
the main screen logs the touchpoint as ``l`` would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from runnerup_tui.domain.drafts import KINDS, Draft, mailto_url
from runnerup_tui.domain.problems import RunnerupError
from runnerup_tui.domain.safe_text import visible, visible_line
from runnerup_tui.domain.terms import TouchpointKind
from runnerup_tui.session import LibrarySession
from runnerup_tui.tui.dialogs.confirm import ConfirmDialog, PromiseWarning
from runnerup_tui.tui.dialogs.log import LogRequest
from runnerup_tui.tui.widgets.fields import failure_label


@dataclass
class DraftReady(Message):
    """The worker's draft, for the kind asked."""

    draft: Draft


@dataclass
class DraftFailed(Message):
    """Why no draft could be made (a template with a mistake names its file and line)."""

    error: str


@dataclass(frozen=True)
class DraftText:
    """What the person had in the dialog, to give it back as it was when logging it failed."""

    draft: Draft
    subject: str
    body: str


@dataclass(frozen=True)
class Sent:
    """The person sent the message: the touchpoint to log, and the text (to reopen with if logging fails)."""

    request: LogRequest
    text: DraftText


class DraftDialog(ModalScreen[Sent | None]):
    """A message to one candidate: pick the kind, edit, copy (ctrl+t), open mail (ctrl+o), log as sent (ctrl+s)."""

    AUTO_FOCUS = "#draft-body"

    BINDINGS = [
        Binding("escape", "close", "Close", id="runnerup.draft.close"),
        Binding("ctrl+t", "copy", "Copy", id="runnerup.draft.copy"),  # ctrl+y: the text's redo
        Binding("ctrl+o", "open_mail", "Open mail", id="runnerup.draft.open"),
        Binding("ctrl+s", "log_sent", "Log as sent", id="runnerup.draft.log"),  # as in the log dialog
    ]

    def __init__(
        self,
        session: LibrarySession,
        cid: str,
        name: str,
        today: dt.date,
        *,
        force: bool = False,
        kept: DraftText | None = None,
        error: str = "",
    ) -> None:
        """``force``: the person confirmed outreach their fit or consent rules out. ``kept`` and ``error``:
        reopened after logging failed, with the text as the person left it."""
        super().__init__()
        self.session = session
        self.cid = cid
        self.candidate_name = name
        self.today = today
        self.force = force
        self.kept = kept
        self.error = error
        self.draft: Draft | None = kept.draft if kept else None
        self._as_drafted: tuple[str, str] | None = None  # (subject, body) as drafted: anything else is an edit

    def compose(self) -> ComposeResult:
        with Vertical(id="draft-box", classes="dialog"):
            yield Label(f"Draft a message to {visible_line(self.candidate_name)}", classes="dialog-title", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("Kind", classes="form-label")
                kind = self.draft.kind if self.draft else Select.NULL
                yield Select([(k, k) for k in KINDS], value=kind, prompt="…", id="draft-kind", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("To", classes="form-label")
                yield Label("", id="draft-to", markup=False)
            with Horizontal(classes="form-row", id="draft-subject-row"):
                yield Label("Subject", classes="form-label")
                yield Input(id="draft-subject", compact=True)
            yield TextArea("", id="draft-body", soft_wrap=True, compact=True, placeholder="Drafting…")
            yield Label("", id="draft-note", markup=False)
            yield PromiseWarning(id="draft-promise")
            yield failure_label(self.error, "draft-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Copy ^t", id="draft-copy", compact=True, tooltip="copy the message (ctrl+t)")
                yield Button("Open mail ^o", id="draft-open", compact=True, tooltip="open it in your mail app")
                yield Button("Log as sent ^s", id="draft-log", variant="primary", compact=True)
                yield Button("Close esc", id="draft-close", compact=True, tooltip="close, log nothing")

    def on_mount(self) -> None:
        if self.kept is not None:
            self._show(self.kept.draft, self.kept.subject, self.kept.body)
        else:
            self._enable(False)
            self._make(None)

    # -- the draft -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="draft")
    def _make(self, kind: str | None) -> None:
        try:
            self.post_message(DraftReady(self.session.draft(self.cid, kind, force=self.force)))
        except RunnerupError as err:
            self.post_message(DraftFailed(visible_line(str(err))))
        except Exception as err:  # noqa: BLE001 - a defect: say so in the dialog rather than hang on "Drafting…"
            self.post_message(DraftFailed(visible_line(f"no draft: unexpected {type(err).__name__}: {err}")))

    def on_draft_ready(self, message: DraftReady) -> None:
        draft = message.draft
        self._show(draft, visible_line(draft.subject or ""), visible(draft.body))

    def on_draft_failed(self, message: DraftFailed) -> None:
        self.draft = None
        self.query_one("#draft-body", TextArea).load_text("")
        self._say(message.error, error=True)
        self._enable(False)

    def _show(self, draft: Draft, subject: str, body: str) -> None:
        """Put ``draft`` in the fields (the data's control characters already shown escaped)."""
        self.draft = draft
        kind = self.query_one("#draft-kind", Select)
        if kind.value != draft.kind:
            with kind.prevent(Select.Changed):
                kind.value = draft.kind
        to = self.query_one("#draft-to", Label)
        to.update(visible_line(draft.to) if draft.to else "nothing on file: copy the message and send it yourself")
        self.query_one("#draft-subject-row").display = draft.subject is not None
        self.query_one("#draft-subject", Input).value = subject
        self.query_one("#draft-body", TextArea).load_text(body)
        self._as_drafted = (subject, body)
        self._say(" ".join(draft.left_out))
        self._enable(True)
        open_button = self.query_one("#draft-open", Button)
        open_button.label = "Open LinkedIn ^o" if draft.kind == "linkedin" else "Open mail ^o"
        open_button.disabled = self._target() is None

    def _say(self, text: str, error: bool = False) -> None:
        note = self.query_one("#draft-note", Label)
        note.update(visible(text))
        note.set_class(error, "-error")
        note.display = bool(text)

    def _enable(self, ready: bool) -> None:
        for button in ("#draft-copy", "#draft-open", "#draft-log"):
            self.query_one(button, Button).disabled = not ready

    @on(Select.Changed, "#draft-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        kind = event.value
        if not isinstance(kind, str) or (self.draft is not None and kind == self.draft.kind):
            return
        if self.draft is None or (self.query_one("#draft-subject", Input).value, self._body()) == self._as_drafted:
            self._redraft(kind)
            return
        shown = self.draft.kind

        def answered(replace: bool | None) -> None:
            if replace:
                self._redraft(kind)
            else:  # the edits stay, and so does the kind they were written for
                select = self.query_one("#draft-kind", Select)
                with select.prevent(Select.Changed):
                    select.value = shown

        self.app.push_screen(
            ConfirmDialog(f"Replace your edits with a new {kind} draft?", yes="Replace them", no="Keep my edits"),
            answered,
        )

    def _redraft(self, kind: str) -> None:
        self.query_one("#draft-body", TextArea).load_text("")
        self._enable(False)
        self._make(kind)

    @on(TextArea.Changed, "#draft-body")
    @on(Input.Changed, "#draft-subject")
    def _words_changed(self) -> None:
        self.query_one("#draft-promise", PromiseWarning).clear()

    # -- what the person does with it ----------------------------------------------------------

    def _subject(self) -> str | None:
        if self.draft is None or self.draft.subject is None:
            return None
        return self.query_one("#draft-subject", Input).value.strip() or None

    def _body(self) -> str:
        return self.query_one("#draft-body", TextArea).text

    def _held(self) -> bool:
        """Be upfront: edited words that read like a job promise stop here once, with the reason."""
        return self.draft is None or self.query_one("#draft-promise", PromiseWarning).held(
            {"the subject": self._subject(), "the message": self._body()}
        )

    def _target(self) -> str | None:
        """Where "open" goes: a ``mailto:`` of the edited text, or the LinkedIn profile (http/https only)."""
        draft = self.draft
        if draft is None or not draft.to:
            return None
        if draft.kind == "linkedin":
            return draft.to if draft.to.lower().startswith(("https://", "http://")) else None
        return mailto_url(draft.to, self._subject(), self._body())

    @on(Button.Pressed, "#draft-copy")
    def action_copy(self) -> None:
        if self._held():
            return
        self.app.copy_to_clipboard(self._body())
        self.notify("Copied the message to the clipboard", timeout=3)

    @on(Button.Pressed, "#draft-open")
    def action_open_mail(self) -> None:
        target = self._target()
        if target is None:
            self.notify("No email address on file to open a mail to: copy the message instead", severity="warning")
            return
        if self._held():
            return
        self.app.open_url(target)

    @on(Button.Pressed, "#draft-log")
    def action_log_sent(self) -> None:
        draft = self.draft
        if draft is None or self._held():
            return
        subject, body = self._subject(), self._body()
        summary = subject or next((line.strip() for line in body.splitlines() if line.strip()), draft.kind)
        # the touchpoint names the opening only if the message still mentions it
        opening = draft.opening if draft.opening and draft.opening_title and draft.opening_title in body else None
        sent = Sent(
            LogRequest(TouchpointKind(draft.kind), self.today, summary, opening, self.force),
            DraftText(draft, subject or "", body),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(sent)

        self.app.push_screen(
            ConfirmDialog(
                f"Did you send this {draft.kind} to {self.candidate_name}?",
                detail=f"Logs {'an' if draft.kind[0] in 'aeiou' else 'a'} {draft.kind} touchpoint dated {self.today}:"
                f" “{summary}”",
                yes="Log it as sent",
                no="Go back",
            ),
            answered,
        )

    @on(Button.Pressed, "#draft-close")
    def action_close(self) -> None:
        self.dismiss(None)
