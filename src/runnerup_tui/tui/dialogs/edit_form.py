"""The edit form: every field of a candidate, errors inline, ``ctrl+s`` saves and commits.

Used for ``e`` (edit the highlighted candidate) and ``n`` (a new one). The values are
checked with the model before anything is written; the save itself (round-trip write
of only the changed lines, then one commit of that file) runs in a worker. A new
candidate who may already be in the library is asked about first, in that worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Label, Select, TextArea

from runnerup_tui.domain.duplicates import Duplicate
from runnerup_tui.domain.safe_text import visible
from runnerup_tui.domain.upfront import JobPromise, check_promises
from runnerup_tui.session import LibrarySession, LoadedCandidate
from runnerup_tui.store.candidate_form import (
    FIELDS,
    FLAG_CHOICES,
    SECTIONS,
    FormField,
    form_data,
    initial_texts,
    original_data,
)
from runnerup_tui.tui.acting import announce_saved, run_save
from runnerup_tui.tui.dialogs.confirm import ConfirmDialog
from runnerup_tui.tui.dialogs.likely_duplicate import ADD, SHOW, LikelyDuplicateDialog
from runnerup_tui.tui.messages import Saved, SaveFailed
from runnerup_tui.tui.widgets.safe import SafeInput, SafeTextArea


def widget_id(field: FormField) -> str:
    """The DOM id of a field's input (``contact.email`` → ``field-contact-email``)."""
    return "field-" + field.key.replace(".", "-").replace("_", "-")


class EditCandidateScreen(Screen[str | None]):
    """Dismisses with the id of the saved candidate, or None when nothing was saved.

    Building ~100 widgets costs Textual most of a second on a slow machine, so the app
    installs one instance and :meth:`load` refills it for each candidate.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="runnerup.form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="runnerup.form.cancel"),
    ]
    HORIZONTAL_BREAKPOINTS = []  # a class change restyles every field: the grid adapts by itself

    @dataclass
    class LikelyDuplicates(Message):
        """A new candidate was not added: the library may already hold them (``found``, best first)."""

        data: dict[str, Any]
        found: list[Duplicate]

    def __init__(self, session: LibrarySession, loaded: LoadedCandidate | None = None) -> None:
        super().__init__()
        self.session = session
        self.load(loaded)

    def load(self, loaded: LoadedCandidate | None) -> None:
        """Show ``loaded`` (None: a blank form for a new candidate)."""
        self.loaded = loaded
        self.original: dict[str, Any] = original_data(loaded.candidate if loaded else None)
        self.initial = initial_texts(self.original)
        self.checked: dict[str, str] = {}  # the texts the shown errors are about
        self.saving = False
        self.promise_confirmed: dict[str, Any] | None = None  # words that read like a job promise, saved anyway
        if self.is_mounted:
            self._fill()

    @property
    def is_new(self) -> bool:
        return self.loaded is None

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="form-banner", markup=False)
        with VerticalScroll(id="form"):
            # one flat grid (label | input) keeps the widget count, and so the time to open, low
            with Grid(id="form-grid"):
                for title, fields in SECTIONS:
                    yield Label(title, classes="form-section")
                    for field in fields:
                        yield Label(field.label, classes=f"form-label form-label-{field.kind}", markup=False)
                        yield self._input_for(field)
            yield Label(
                "ctrl+s saves and commits · esc cancels · lists are comma-separated · "
                "interviews and history are YAML, one item per `- `",
                classes="form-help",
                markup=False,
            )
        yield Footer()

    def _input_for(self, field: FormField) -> Widget:
        wid = widget_id(field)
        if field.kind in ("choice", "flag"):
            choices = FLAG_CHOICES if field.kind == "flag" else field.choices
            return Select([(c, c) for c in choices], prompt="(not set)", id=wid, compact=True)
        if field.kind in ("longtext", "yaml"):
            area = SafeTextArea(
                id=wid,
                soft_wrap=True,
                compact=True,
                placeholder=field.hint,
                language="yaml" if field.kind == "yaml" else None,
                show_line_numbers=field.kind == "yaml",
            )
            area.indent_width = 2
            return area
        return SafeInput(placeholder=field.hint, id=wid, compact=True)  # the value may hold escapes

    def _fill(self) -> None:
        with self.prevent(Input.Changed, TextArea.Changed, Select.Changed):
            for field in FIELDS:
                text = self.initial[field.key]
                widget = self.query_one(f"#{widget_id(field)}")
                if isinstance(widget, Select):
                    widget.value = text if text else Select.NULL
                elif isinstance(widget, TextArea):
                    widget.load_text(text)
                else:
                    widget.value = text  # type: ignore[attr-defined]
        self.show_errors({})
        self.checked = {}
        name = self.original.get("name")
        self.sub_title = f"Edit {name}" if name else "New candidate"
        self.query_one("#form", VerticalScroll).scroll_home(animate=False)
        self.set_focus(self.query_one(f"#{widget_id(FIELDS[0])}"))

    def on_mount(self) -> None:
        self._fill()

    # -- reading the form --------------------------------------------------------------------------

    def texts(self) -> dict[str, str]:
        """Every field's current text, by field key."""
        out: dict[str, str] = {}
        for field in FIELDS:
            widget = self.query_one(f"#{widget_id(field)}")
            if isinstance(widget, Select):
                out[field.key] = widget.value if isinstance(widget.value, str) else ""
            elif isinstance(widget, TextArea):
                out[field.key] = widget.text
            else:
                out[field.key] = widget.value  # type: ignore[attr-defined]
        return out

    @property
    def dirty(self) -> bool:
        """True when any field differs from what the form was filled with."""
        return self.texts() != self.initial

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        """Put each field's errors on a line under it (error lines are only made when needed)."""
        self.checked = self.texts()
        for field in FIELDS:
            messages = errors.get(field.key, [])
            widget = self.query_one(f"#{widget_id(field)}")
            widget.set_class(bool(messages), "-has-error")
            found = self.query(f"#{widget_id(field)}-error")
            if messages:
                text = "\n".join(messages)
                if found:
                    found.first(Label).update(text)
                else:
                    label = Label(text, id=f"{widget_id(field)}-error", classes="field-error", markup=False)
                    self.query_one("#form-grid").mount(label, after=widget)
            else:
                found.remove()
        self.banner("\n".join(errors.get("", [])))

    def banner(self, text: str) -> None:
        """Show (or, with empty text, hide) a message about the whole form."""
        banner = self.query_one("#form-banner", Label)
        banner.update(text)
        banner.display = bool(text)

    # -- saving ------------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving:
            return
        result = form_data(self.texts(), self.initial, self.original)
        self.show_errors(result.errors)
        if not result.ok:
            first = next((f for f in FIELDS if f.key in result.errors), None)
            if first is not None:
                widget = self.query_one(f"#{widget_id(first)}")
                widget.focus()
                self.query_one("#form", VerticalScroll).scroll_to_widget(widget, animate=False)
            count = len(result.errors)
            self.notify(f"{count} field{'s' * (count != 1)} to fix before saving", severity="error")
            return
        if not self.is_new and not self.dirty:
            self.dismiss(None)
            self.notify("Nothing changed")
            return
        assert result.data is not None
        if self._promise_held(result.data):
            return
        self.saving = True
        self.banner("Saving…")
        self._save(result.data)

    def _promise_held(self, data: dict[str, Any]) -> bool:
        """Be upfront before saving: new notes or a new rejection reason that promise a job stop the first save."""

        def words(record: dict[str, Any]) -> dict[str, Any]:
            rejection = record.get("rejection") or {}
            return {"the notes": record.get("notes"), "the rejection reason": rejection.get("reason")}

        was = words(self.original)
        typed = {where: text for where, text in words(data).items() if text != was[where]}
        try:
            check_promises(typed, force=self.promise_confirmed == typed)
        except JobPromise as err:
            self.promise_confirmed = typed  # the same words saved again are confirmed
            self.banner(visible("; ".join(err.warnings)) + ". Rephrase it, or ctrl+s again to save it as written.")
            return True
        return False

    def _save(self, data: dict[str, Any], *, anyway: bool = False) -> None:
        """Save in a worker; a new candidate is first looked for in the library, unless added ``anyway``."""
        loaded = self.loaded

        def save() -> Message:
            if loaded is None:
                # in the worker: ≈ 40 ms at 10,000 candidates, too long for the UI thread
                found = [] if anyway else self.session.already_there(data)
                if found:
                    return self.LikelyDuplicates(data, found)
                return Saved(*self.session.add(data), f"Added {data['name']}")
            return Saved(*self.session.edit(loaded.id, data, loaded.raw), f"Saved {data['name']}")

        run_save(self, save)  # any failure: a message, the form open as typed

    def on_edit_candidate_screen_likely_duplicates(self, message: LikelyDuplicates) -> None:
        """Ask before a second record of one person exists; going back leaves the form as typed."""
        self.saving = False
        self.banner("")
        dialog = LikelyDuplicateDialog(message.data["name"], message.found)

        def answered(answer: str | None) -> None:
            if answer == ADD:
                self.saving = True
                self.banner("Saving…")
                self._save(message.data, anyway=True)
            elif answer == SHOW:
                self.dismiss(dialog.shown_id)  # the list selects the one already here; nothing written

        self.app.push_screen(dialog, answered)

    def on_saved(self, message: Saved) -> None:
        announce_saved(self, self.session, message)
        self.dismiss(message.written.id)

    def on_save_failed(self, message: SaveFailed) -> None:
        self.saving = False
        if message.written:
            # on disk but not in git: the form's job is done, the commit can be retried by sync
            self.app.refresh_library(force=True)  # type: ignore[attr-defined]
            self.notify(message.error, severity="error", timeout=10)
            self.dismiss(self.loaded.id if self.loaded else None)
            return
        self.banner(message.error)

    # -- leaving -----------------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if self.saving:
            return
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard your changes?", yes="Discard", no="Keep editing"), answered)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _clear_error(self, event: Input.Changed | TextArea.Changed | Select.Changed) -> None:
        """An error goes away as soon as its field is edited."""
        widget = event.control
        if widget is None or not widget.id or not widget.has_class("-has-error"):
            return
        key = next(f.key for f in FIELDS if widget_id(f) == widget.id)
        if self.texts()[key] != self.checked.get(key):
            widget.remove_class("-has-error")
            self.query(f"#{widget.id}-error").remove()
