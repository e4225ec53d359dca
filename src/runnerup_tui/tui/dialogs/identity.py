"""Asks who you are when git does not know, so that commits carry a real name (never a guess)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from runnerup_tui.domain.safe_text import visible_line


class IdentityDialog(ModalScreen[tuple[str, str] | None]):
    """Name and email for this repository's commits; dismisses with them, or None."""

    AUTO_FOCUS = "#identity-name"

    BINDINGS = [Binding("escape", "cancel", "Not now", id="runnerup.identity.cancel")]

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(id="identity-box", classes="dialog"):
            yield Label("Who are you? git has no name and email for commits in this library.", markup=False)
            yield Label(
                f"runnerup will set them for {visible_line(self.where)} only (git config --local).",
                id="identity-where",
                markup=False,
            )
            yield Input(placeholder="Your Name", id="identity-name")
            yield Input(placeholder="you@example.com", id="identity-email")
            yield Label("", id="identity-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Set", id="identity-set", variant="primary", compact=True)
                yield Button("Not now", id="identity-cancel", compact=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#identity-set")
    def _submit(self) -> None:
        name = self.query_one("#identity-name", Input).value.strip()
        email = self.query_one("#identity-email", Input).value.strip()
        if not name or "@" not in email:
            self.query_one("#identity-error", Label).update("Both are needed: a name and an email address.")
            return
        self.dismiss((name, email))

    @on(Button.Pressed, "#identity-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
