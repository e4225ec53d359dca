"""The question sync asks when files were edited by hand: commit them, leave them, or stop."""

from __future__ import annotations

from enum import Enum

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class SyncChoice(Enum):
    """What to do with hand edits before pulling and pushing."""

    COMMIT = "commit"  # commit the hand edits, then pull and push
    WITHOUT_COMMITTING = "without-committing"  # pull and push; the hand edits stay uncommitted
    CANCEL = "cancel"  # do nothing at all


class SyncDialog(ModalScreen[SyncChoice]):
    """Name the hand-edited files and offer the three choices; Enter takes the highlighted one."""

    AUTO_FOCUS = "#sync-commit"  # the usual wish: share what was edited

    BINDINGS = [
        Binding("escape", "choose('cancel')", "Cancel", id="runnerup.sync_dialog.cancel"),
        Binding("left", "app.focus_previous", show=False, id="runnerup.sync_dialog.previous"),
        Binding("right", "app.focus_next", show=False, id="runnerup.sync_dialog.next"),
    ]

    def __init__(self, edits: list[str], shown: int = 8) -> None:
        super().__init__()
        self.edits = edits
        self.shown = shown

    def compose(self) -> ComposeResult:
        count = len(self.edits)
        names = "\n".join(self.edits[: self.shown])
        if count > self.shown:
            names += f"\n… and {count - self.shown} more"
        with Vertical(id="sync-box", classes="dialog"):
            yield Label(
                f"{count} file{'s' * (count != 1)} edited by hand: commit {'them' if count != 1 else 'it'} "
                "before syncing?",
                id="sync-question",
                classes="dialog-title",
                markup=False,
            )
            yield Label(names, id="sync-files", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Commit and sync", id="sync-commit", variant="primary", compact=True)
                yield Button("Sync without committing", id="sync-without-committing", compact=True)
                yield Button("Cancel", id="sync-cancel", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(SyncChoice((event.button.id or "sync-cancel").removeprefix("sync-")))

    def action_choose(self, choice: str) -> None:
        self.dismiss(SyncChoice(choice))
