"""Rows the log and rejection dialogs share: the opening to link, and why the last save failed."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Label, Select

from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.domain.summary import OpeningEntry


def opening_select(openings: list[OpeningEntry], chosen: str | None, widget_id: str) -> Select[str]:
    """A drop-down of ``openings`` (titles shown as plain, escaped text), ``chosen`` selected when it is one."""
    choices = [(Text(visible_line(o.title)), o.id) for o in openings]
    preset = {"value": chosen} if chosen in {o.id for o in openings} else {}
    return Select(choices, prompt="(none)", id=widget_id, compact=True, **preset)


def failure_label(error: str, widget_id: str) -> Label:
    """The reason the last save failed, shown when a dialog is reopened with what was typed; hidden otherwise."""
    label = Label(error, id=widget_id, classes="field-error", markup=False)
    label.display = bool(error)
    return label
