"""Asking before saving: a small yes/no modal, and the inline job-promise warning of the dialogs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from runnerup_tui.domain.safe_text import visible
from runnerup_tui.domain.upfront import JobPromise, check_promises


class ConfirmDialog(ModalScreen[bool]):
    """Ask ``question``; ``y``/``n``, the buttons, or escape (no) answer it."""

    AUTO_FOCUS = "#no"  # the safe answer

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False, id="runnerup.confirm.yes"),
        Binding("n,escape", "answer(False)", "No", show=False, id="runnerup.confirm.no"),
        Binding("left,right", "app.focus_next", show=False, id="runnerup.confirm.switch"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No", detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            yield Label(visible(self.question), id="confirm-question", markup=False)  # questions quote names, paths
            if self.detail:
                yield Label(visible(self.detail), id="confirm-detail", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes_label, id="yes", variant="warning", compact=True)
                yield Button(self.no_label, id="no", variant="primary", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PromiseWarning(Label):
    """Be upfront, before saving: says inline that typed text reads like a job promise.

    The first save of such text stops here and shows why; saving again with the same
    words confirms them, and any edit asks again.
    """

    def __init__(self, *, id: str) -> None:  # noqa: A002 - Textual's own name for it
        super().__init__("", id=id, classes="promise-warning", markup=False)
        self.display = False
        self.confirmed: tuple[str | None, ...] | None = None

    def held(self, texts: dict[str, str | None]) -> bool:
        """True when ``texts`` (where → words) promise a job and the person has not yet confirmed them."""
        words = tuple(texts.values())
        try:
            check_promises(texts, force=self.confirmed == words)
        except JobPromise as err:
            self.confirmed = words
            self.update(visible("; ".join(err.warnings)) + ". Rephrase it, or save again to keep it as written.")
            self.display = True
            return True
        return False

    def clear(self) -> None:
        """The words changed: the next save checks them again."""
        self.confirmed = None
        self.display = False
