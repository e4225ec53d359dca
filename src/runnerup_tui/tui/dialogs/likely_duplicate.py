"""Before a new candidate is added from the form: who they may already be, and what to do about it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from runnerup_tui.domain.duplicates import Duplicate
from runnerup_tui.domain.safe_text import excerpt, visible_line

ADD = "add"
BACK = "back"
SHOW = "show"
LISTED = 5  # more than this: the rest are counted, the Duplicates screen (D) lists them all


def already_there_text(found: list[Duplicate]) -> str:
    """One line per person already here: ``John Smith (john-smith) — same email js@x.org``."""
    lines = [
        f"{visible_line(pair.second_name)} ({visible_line(pair.second)}) — {visible_line('; '.join(pair.reasons))}"
        for pair in found[:LISTED]
    ]
    if len(found) > LISTED:
        lines.append(f"and {len(found) - LISTED} more (D lists every likely duplicate)")
    return "\n".join(lines)


class LikelyDuplicateDialog(ModalScreen[str]):
    """Dismisses with ``ADD`` (add anyway), ``BACK`` (to the form, as typed) or ``SHOW`` (the best match instead)."""

    AUTO_FOCUS = "#back"  # the safe answer: nothing written, nothing lost

    BINDINGS = [
        Binding("a", "answer('add')", "Add anyway", show=False, id="runnerup.duplicate_warning.add"),
        Binding("b,escape", "answer('back')", "Back to the form", show=False, id="runnerup.duplicate_warning.back"),
        Binding("s", "answer('show')", "Show the one already here", show=False, id="runnerup.duplicate_warning.show"),
        Binding("left,right", "app.focus_next", show=False, id="runnerup.duplicate_warning.switch"),
    ]

    def __init__(self, name: str, found: list[Duplicate]) -> None:
        super().__init__()
        self.new_name = name
        self.found = found

    @property
    def shown_id(self) -> str:
        """The candidate ``SHOW`` means: the likeliest."""
        return self.found[0].second

    def compose(self) -> ComposeResult:
        count = len(self.found)
        with Vertical(id="duplicate-box", classes="dialog"):
            yield Label("Likely already here:" if count == 1 else f"Likely already here ({count}):", markup=False)
            yield Label(already_there_text(self.found), id="duplicate-people", markup=False)
            yield Label(f"Add {visible_line(self.new_name)} anyway?", id="duplicate-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add anyway", id=ADD, variant="warning", compact=True)
                yield Button("Back to the form", id=BACK, variant="primary", compact=True)
                yield Button(f"Show {excerpt(self.found[0].second_name, 24)}", id=SHOW, compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or BACK)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
