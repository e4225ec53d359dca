"""Settling a merge conflict field by field: for each value changed two ways, ours or theirs.

The three versions come from git's index stages, so nothing either side did is lost: the
merge is re-run with the person's decisions, and the last settled file concludes the merge.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, RadioButton, RadioSet

from ..sync import ConflictFile
from .acting import save_failed
from .session import LibrarySession, Snapshot


def _short(value: Any, limit: int = 60) -> str:
    if value is None:
        return "(removed)"
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _dotted(path: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


class ResolveScreen(Screen[Snapshot | None]):
    """One conflicted file; dismisses with the library after the resolution (None if left)."""

    AUTO_FOCUS = "RadioSet"

    BINDINGS = [
        Binding("ctrl+s", "resolve", "Resolve and commit", id="runnerup.resolve.save"),
        Binding("escape", "close", "Back", id="runnerup.resolve.close"),
    ]

    def __init__(self, session: LibrarySession, rel: str) -> None:
        super().__init__()
        self.session = session
        self.rel = rel
        self.conflict: ConflictFile | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(f"{self.rel}: reading both sides…", id="resolve-intro", markup=False)
        yield VerticalScroll(id="resolve-fields")
        with Horizontal(classes="dialog-buttons"):
            yield Button("Resolve and commit (ctrl+s)", id="resolve", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Resolve {self.rel}"
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            conflict = self.session.conflict(self.rel)
        except Exception as err:  # noqa: BLE001 - shown to the person
            self.app.call_from_thread(self.query_one("#resolve-intro", Label).update, f"Cannot read it: {err}")
            return
        self.app.call_from_thread(self._show, conflict)

    def _show(self, conflict: ConflictFile) -> None:
        self.conflict = conflict
        intro = self.query_one("#resolve-intro", Label)
        fields = self.query_one("#resolve-fields", VerticalScroll)
        if conflict.unreadable:
            intro.update(f"{self.rel}: one side is not valid YAML, so it cannot be merged field by field. "
                         "Press escape, then E on the problem to fix it in your editor.")
            return
        if conflict.deleted_by:
            other = "they" if conflict.deleted_by == "theirs" else "you"
            intro.update(f"{self.rel}: {other} deleted this candidate while the other side changed it.")
            fields.mount(RadioSet(RadioButton("Keep the changed file", value=True, id="keep"),
                                  RadioButton("Delete it", id="delete"), id="keep-or-delete"))
            return
        if not conflict.conflicts:
            intro.update(f"{self.rel}: nothing left to decide; resolve to mark it merged and commit.")
            return
        intro.update(f"{self.rel}: {len(conflict.conflicts)} value(s) changed two ways. Pick a side for each; "
                     "everything else both sides did is kept.")
        for n, item in enumerate(conflict.conflicts):
            fields.mount(Vertical(
                Label(_dotted(item.path), classes="resolve-field", markup=False),
                RadioSet(RadioButton(f"ours:   {_short(item.ours)}", value=True, id=f"ours-{n}"),
                         RadioButton(f"theirs: {_short(item.theirs)}", id=f"theirs-{n}"), id=f"choice-{n}"),
                classes="resolve-item"))

    def choices(self) -> tuple[dict[tuple[Any, ...], str], bool]:
        """The decisions on screen: path -> side, and whether to keep a file deleted on one side."""
        take: dict[tuple[Any, ...], str] = {}
        assert self.conflict is not None
        for n, item in enumerate(self.conflict.conflicts):
            pressed = self.query_one(f"#choice-{n}", RadioSet).pressed_button
            take[item.path] = "theirs" if pressed is not None and pressed.id == f"theirs-{n}" else "ours"
        keep = True
        if self.conflict.deleted_by:
            pressed = self.query_one("#keep-or-delete", RadioSet).pressed_button
            keep = pressed is None or pressed.id == "keep"
        return take, keep

    @on(Button.Pressed, "#resolve")
    def action_resolve(self) -> None:
        if self.conflict is None or self.conflict.unreadable:
            return
        take, keep = self.choices()
        self._resolve(take, keep)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _resolve(self, take: dict[tuple[Any, ...], str], keep: bool) -> None:
        try:
            commit, snapshot = self.session.resolve(self.rel, take, keep)
        except Exception as err:  # noqa: BLE001 - any failure: a message, the screen stays
            self.app.call_from_thread(self.notify, save_failed(err).error, severity="error", timeout=10)
            return
        done = f"merge committed ({commit[:7]})" if commit else "resolved; other files still wait"
        self.app.call_from_thread(self.notify, f"{self.rel}: {done}")
        self.app.call_from_thread(self.dismiss, snapshot)

    def action_close(self) -> None:
        self.dismiss(None)
