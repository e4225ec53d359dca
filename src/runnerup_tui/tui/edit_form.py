"""The edit form: every field of a candidate, errors inline, ``ctrl+s`` saves and commits.

Used for ``e`` (edit the highlighted candidate) and ``n`` (a new one). The values are
checked with the model before anything is written; the save itself (round-trip write
of only the changed lines, then one commit of that file) runs in a worker.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Label, Select, TextArea

from ..problems import RunnerupError
from .candidate_form import FIELDS, FLAG_CHOICES, SECTIONS, FormField, form_data, initial_texts, original_data
from .confirm import ConfirmDialog
from .messages import LibraryChanged, Saved, SaveFailed
from .session import LibrarySession, LoadedCandidate


def widget_id(field: FormField) -> str:
    return "field-" + field.key.replace(".", "-").replace("_", "-")


class EditCandidateScreen(Screen[str | None]):
    """Dismisses with the id of the saved candidate, or None when nothing was saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="runnerup.form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="runnerup.form.cancel"),
    ]

    def __init__(self, session: LibrarySession, loaded: LoadedCandidate | None = None) -> None:
        super().__init__()
        self.session = session
        self.loaded = loaded
        self.original: dict[str, Any] = original_data(loaded.candidate if loaded else None)
        self.initial = initial_texts(self.original)
        self.saving = False

    @property
    def is_new(self) -> bool:
        return self.loaded is None

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="form-banner", markup=False)
        with VerticalScroll(id="form"):
            for title, fields in SECTIONS:
                yield Label(title, classes="form-section")
                for field in fields:
                    with Horizontal(classes=f"form-row form-row-{field.kind}"):
                        yield Label(field.label, classes="form-label", markup=False)
                        yield self._input_for(field)
                    yield Label("", id=f"{widget_id(field)}-error", classes="field-error", markup=False)
            yield Label("ctrl+s saves and commits · esc cancels · lists are comma-separated · "
                        "interviews and history are YAML, one item per `- `", classes="form-help", markup=False)
        yield Footer()

    def _input_for(self, field: FormField) -> Widget:
        text = self.initial[field.key]
        wid = widget_id(field)
        if field.kind in ("choice", "flag"):
            choices = FLAG_CHOICES if field.kind == "flag" else field.choices
            return Select([(c, c) for c in choices], value=text if text in choices else Select.NULL,
                          prompt="(not set)", id=wid, compact=True)
        if field.kind in ("longtext", "yaml"):
            area = TextArea(text, id=wid, soft_wrap=True, compact=True, placeholder=field.hint,
                            language="yaml" if field.kind == "yaml" else None,
                            show_line_numbers=field.kind == "yaml")
            area.indent_width = 2
            return area
        return Input(text, placeholder=field.hint, id=wid, compact=True)

    def on_mount(self) -> None:
        name = self.original.get("name")
        self.sub_title = f"Edit {name}" if name else "New candidate"
        self.query_one(f"#{widget_id(FIELDS[0])}").focus()

    # -- reading the form --------------------------------------------------------------------------

    def texts(self) -> dict[str, str]:
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
        return self.texts() != self.initial

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        for field in FIELDS:
            messages = errors.get(field.key, [])
            label = self.query_one(f"#{widget_id(field)}-error", Label)
            label.update("\n".join(messages))
            label.display = bool(messages)
            self.query_one(f"#{widget_id(field)}").set_class(bool(messages), "-invalid")
        self.banner("\n".join(errors.get("", [])))

    def banner(self, text: str) -> None:
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
        self.saving = True
        self.banner("Saving…")
        assert result.data is not None
        self._save(result.data)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _save(self, data: dict[str, Any]) -> None:
        try:
            if self.loaded is None:
                written, snapshot = self.session.add(data)
                summary = f"Added {data['name']}"
            else:
                written, snapshot = self.session.edit(self.loaded.id, data, self.loaded.hash)
                summary = f"Saved {data['name']}"
        except RunnerupError as err:
            self.post_message(SaveFailed(str(err), written="saved but not committed" in str(err)))
            return
        self.post_message(Saved(written, snapshot, summary))

    def on_saved(self, message: Saved) -> None:
        rel = message.written.path.relative_to(self.session.root).as_posix()
        self.app.post_message(LibraryChanged(message.snapshot, [rel]))
        commit = f" (commit {message.written.commit[:7]})" if message.written.commit else ""
        self.notify(f"{message.summary}{commit}")
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
        widget = event.control
        if widget is not None and widget.has_class("-invalid") and widget.id:
            widget.remove_class("-invalid")
            self.query_one(f"#{widget.id}-error", Label).display = False
