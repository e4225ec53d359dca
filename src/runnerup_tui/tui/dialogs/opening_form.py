"""The new-opening form: title, team, location and the skills, saved with the core's ``add_opening``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


def skill_list(text: str) -> list[str]:
    """``python, Spark ,sql`` → ``["python", "Spark", "sql"]``; empty parts dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


class OpeningForm(ModalScreen[dict[str, Any] | None]):
    """Collect a new opening's fields; dismisses with the plain values for ``add_opening``."""

    AUTO_FOCUS = "#opening-title"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="runnerup.opening.cancel"),
        Binding("ctrl+s", "save", "Add it", id="runnerup.opening.save"),
    ]

    def __init__(self, today: dt.date, *, values: dict[str, Any] | None = None, error: str = "") -> None:
        """``values`` and ``error``: reopened after a save failed, as the person left it."""
        super().__init__()
        self.today = today
        self.values = values or {}
        self.error = error

    def _typed(self, field: str) -> str:
        """What the person had typed in ``field`` before a failed save (from the values it gave)."""
        value = self.values.get({"nice": "nice_to_have"}.get(field, field))
        return ", ".join(value) if isinstance(value, list) else str(value or "")

    def compose(self) -> ComposeResult:
        with Vertical(id="opening-box", classes="dialog"):
            yield Label("New opening", classes="dialog-title")
            for field, label, hint in (
                ("title", "Title", "e.g. Senior Data Engineer (required)"),
                ("team", "Team", ""),
                ("location", "Location", ""),
                ("skills", "Must-have", "skills, comma-separated"),
                ("nice", "Nice", "nice-to-have skills, comma-separated"),
            ):
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input(self._typed(field), placeholder=hint, id=f"opening-{field}", compact=True)
            error = Label(self.error, id="opening-error", classes="field-error", markup=False)
            error.display = bool(self.error)  # reopened after a failed save: say why
            yield error
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add it", id="opening-save", variant="primary", compact=True)
                yield Button("Cancel", id="opening-cancel", compact=True)

    def _value(self, field: str) -> str:
        return self.query_one(f"#opening-{field}", Input).value.strip()

    @on(Input.Submitted)
    @on(Button.Pressed, "#opening-save")
    def action_save(self) -> None:
        if not self._value("title"):
            error = self.query_one("#opening-error", Label)
            error.update("An opening needs a title")
            error.display = True
            self.query_one("#opening-title", Input).focus()
            return
        self.dismiss(
            {
                "title": self._value("title"),
                "team": self._value("team") or None,
                "location": self._value("location") or None,
                "status": "open",
                "opened": self.today,
                "skills": skill_list(self._value("skills")),
                "nice_to_have": skill_list(self._value("nice")),
            }
        )

    @on(Button.Pressed, "#opening-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
