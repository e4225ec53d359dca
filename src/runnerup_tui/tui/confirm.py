"""A small yes/no question as a modal screen; dismisses with True for yes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from ..safe_text import visible


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
