"""Settling a merge conflict value by value: each side named by who changed it and when, nothing preselected.

The three versions come from git's index stages, so nothing either side did is lost: the
merge is re-run with the person's decisions, and the last settled file concludes the merge.
Saving is refused until every value is chosen, so no value is ever dropped without a choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from runnerup_tui.domain.safe_text import visible, visible_line
from runnerup_tui.session import LibrarySession, Snapshot
from runnerup_tui.team.history import Author, field_words, value_words
from runnerup_tui.team.resolution import ConflictFile
from runnerup_tui.tui.acting import run_save
from runnerup_tui.tui.editor import run_editor
from runnerup_tui.tui.messages import SaveFailed

SIDES = ("ours", "theirs")
WHOLE_FILE = ("the file",)  # the one "value" of a file deleted on one side and changed on the other


def side_words(by: Author | None, other: Author | None) -> str:
    """``Alice Recruiter, 2026-11-26 09:12``; the commit too when both sides read the same."""
    if by is None:
        return "(who: unknown)"
    words = f"{visible_line(by.name)}, {by.date}"
    if other is not None and (other.name, other.date) == (by.name, by.date):
        words += f" ({by.commit[:7]})"
    return words


def _value_text(value: Any, path: tuple[Any, ...]) -> str:
    """A value in full, as safe text: multi-line notes keep their lines."""
    if isinstance(value, str) and "\n" in value.strip():
        return visible(value.strip()).replace("\n", "\n  ")  # lines kept, indented under the mark
    return visible_line(value_words(value, path))


class ResolveScreen(Screen[Snapshot | None]):
    """One conflicted file; dismisses with the library after the resolution (None if left)."""

    @dataclass
    class Resolved(Message):
        """The file is settled: the merge commit once it was the last one, and the library after it."""

        commit: str | None
        snapshot: Snapshot

    AUTO_FOCUS = "#resolve-choices"

    BINDINGS = [
        Binding("ctrl+s", "resolve", "Save and commit", id="runnerup.resolve.save"),
        Binding("space", "pick", "Choose", show=False, id="runnerup.resolve.pick"),
        Binding("E", "edit_by_hand", "Edit by hand", id="runnerup.resolve.editor"),
        Binding("escape", "close", "Back", id="runnerup.resolve.close"),
    ]

    def __init__(self, session: LibrarySession, rel: str) -> None:
        super().__init__()
        self.session = session
        self.rel = rel
        self.shown_rel = visible_line(rel)  # a file name a teammate chose: shown escaped
        self.conflict: ConflictFile | None = None
        self.items: list[tuple[tuple[Any, ...], Any, Any]] = []  # (path, ours, theirs) of each undecided value
        self.chosen: dict[int, str] = {}  # item number -> "ours" | "theirs"
        self.by_hand = False  # the last save was of the file as settled in the editor

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(f"{self.shown_rel}: reading both sides…", id="resolve-intro", markup=False)
        yield OptionList(id="resolve-choices")
        yield Label("", id="resolve-status", markup=False)
        with Horizontal(classes="dialog-buttons"):
            yield Button("Save and commit (ctrl+s)", id="resolve", variant="primary", compact=True)
            yield Button("Edit by hand (E)", id="edit-by-hand", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Resolve {visible_line(self.rel.rsplit('/', 1)[-1])}"  # the folder would not fit at 80
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            conflict = self.session.conflict(self.rel)
        except Exception as err:  # noqa: BLE001 - shown to the person
            self.app.call_from_thread(self._show_failure, f"Cannot read it: {visible_line(str(err))}")
            return
        self.app.call_from_thread(self._show, conflict)

    # -- showing the choices ---------------------------------------------------------------------

    def _show_failure(self, text: str) -> None:
        self.query_one("#resolve-intro", Label).update(text)

    def _show(self, conflict: ConflictFile) -> None:
        self.conflict = conflict
        self.chosen = {}
        self.items = []
        if conflict.unreadable:
            words = (
                "one side is not valid YAML, so it cannot be settled value by value. Press E to settle it "
                "in your editor; it is accepted once the conflict markers are gone and the file reads as a "
                "candidate."
            )
        elif conflict.deleted_by:
            self.items = [(WHOLE_FILE, "keep", "delete")]
            deleter = conflict.ours_by if conflict.deleted_by == "ours" else conflict.theirs_by
            who = visible_line(deleter.name) if deleter else "one side"
            words = (
                f"{who} deleted this candidate while the other side changed it. Choose one (↑/↓, Enter), then ctrl+s."
            )
            if conflict.merged_into:  # merge-people: keeping the file, then merging again, keeps both sides' work
                keep = visible_line(conflict.merged_into)
                words = (
                    f'{who} merged this candidate into {keep} while the other side changed it. Choose "Keep the '
                    f'changed file" (Enter, then ctrl+s), then merge the two again (D) so the changes are kept in '
                    f"{keep}."
                )
        elif not conflict.conflicts:
            words = "nothing left to decide; ctrl+s marks it merged and commits."
        else:
            self.items = [(c.path, c.ours, c.theirs) for c in conflict.conflicts]
            count = len(self.items)
            words = (
                f"{count} value{'s' * (count != 1)} changed two ways. Choose one for each (↑/↓, Enter or "
                "space) — everything else both sides did is kept. ctrl+s saves; E edits the file by hand."
            )
        if conflict.markers_gone and not conflict.deleted_by:
            words += (
                " The file on disk has no conflict markers: if you settled it by hand, press E to check it "
                "in your editor and accept it as it is."
            )
        self.query_one("#resolve-intro", Label).update(f"{self.shown_rel}: {words}")
        choices = self.query_one("#resolve-choices", OptionList)
        choices.set_options(self._options())
        choices.display = bool(self.items)
        if self.items:
            choices.highlighted = self._index_of(0, "ours")
            choices.focus()
        self._update_status()

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for n in range(len(self.items)):
            if n:
                options.append(None)
            options.append(Option(self._heading(n), id=f"field-{n}", disabled=True))
            options.extend(Option(self._prompt(n, side), id=f"pick-{n}-{side}") for side in SIDES)
        return options

    def _heading(self, n: int) -> Content:
        path = self.items[n][0]
        label = "the file" if path == WHOLE_FILE else field_words(path)
        side = self.chosen.get(n)
        state = (
            ("undecided", "$text-warning") if side is None else (f"chosen: {self._side_name(n, side)}", "$text-success")
        )
        return Content.assemble((visible_line(label), "bold"), "  ", state)

    def _side_name(self, n: int, side: str) -> str:
        if self.items[n][0] == WHOLE_FILE:
            return "keep the file" if side == "ours" else "delete it"
        by = self._by(side)
        return f"{visible_line(by.name)}'s value" if by else f"the {side} value"

    def _by(self, side: str) -> Author | None:
        assert self.conflict is not None
        return self.conflict.ours_by if side == "ours" else self.conflict.theirs_by

    def _prompt(self, n: int, side: str) -> Content:
        assert self.conflict is not None
        mark = "●" if self.chosen.get(n) == side else "○"
        path, ours, theirs = self.items[n]
        if path == WHOLE_FILE:  # the first choice keeps the file, the second deletes it
            deleter = self.conflict.deleted_by or "theirs"
            changer = "theirs" if deleter == "ours" else "ours"
            if side == "ours":
                text, verb, who, other = "Keep the changed file", "changed by", changer, deleter
            else:
                text, verb, who, other = "Delete it", "deleted by", deleter, changer
            return Content.assemble(
                f"{mark} {text}\n", (f"  {verb} {side_words(self._by(who), self._by(other))}", "$text-accent")
            )
        value = ours if side == "ours" else theirs
        other_side = "theirs" if side == "ours" else "ours"
        return Content.assemble(
            f"{mark} {_value_text(value, path)}\n",
            (f"  changed by {side_words(self._by(side), self._by(other_side))}", "$text-accent"),
        )

    def _index_of(self, n: int, side: str) -> int:
        return self.query_one("#resolve-choices", OptionList).get_option_index(f"pick-{n}-{side}")

    def undecided(self) -> list[str]:
        """The values still without a choice, as a person names them."""
        return [
            "the file" if path == WHOLE_FILE else field_words(path)
            for n, (path, _, _) in enumerate(self.items)
            if n not in self.chosen
        ]

    def _update_status(self) -> None:
        status = self.query_one("#resolve-status", Label)
        left = self.undecided()
        if not self.items:
            status.update("")
        elif left:
            status.update(f"Still undecided: {visible_line(', '.join(left))}")
        else:
            status.update("Every value is chosen: ctrl+s saves and commits the merge.")

    # -- choosing ----------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#resolve-choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if not option_id.startswith("pick-"):
            return
        _, number, side = option_id.split("-")
        n = int(number)
        self.chosen[n] = side
        choices = self.query_one("#resolve-choices", OptionList)
        choices.replace_option_prompt(f"field-{n}", self._heading(n))
        for each in SIDES:
            choices.replace_option_prompt(f"pick-{n}-{each}", self._prompt(n, each))
        following = [m for m in range(n + 1, len(self.items)) if m not in self.chosen]
        if following:  # on to the next value that still needs a choice
            choices.highlighted = self._index_of(following[0], "ours")
        self._update_status()

    def action_pick(self) -> None:
        choices = self.query_one("#resolve-choices", OptionList)
        if self.focused is choices and choices.highlighted is not None:
            choices.action_select()

    @on(Button.Pressed, "#resolve")
    def action_resolve(self) -> None:
        if self.conflict is None:
            return
        if self.conflict.unreadable:
            self.notify(
                "This file can only be settled by hand: press E to open it in your editor.",
                severity="warning",
                timeout=8,
            )
            return
        left = self.undecided()
        if left:
            self.notify(
                f"Not saved: still undecided: {visible_line(', '.join(left))}. Choose a value for each "
                "(↑/↓, Enter), or press E to settle the file by hand.",
                severity="error",
                timeout=10,
            )
            first = next(n for n in range(len(self.items)) if n not in self.chosen)
            choices = self.query_one("#resolve-choices", OptionList)
            choices.highlighted = self._index_of(first, "ours")
            choices.focus()
            return
        if self.items and self.items[0][0] == WHOLE_FILE:
            take, keep = {}, self.chosen[0] == "ours"
        else:
            take, keep = {path: self.chosen[n] for n, (path, _, _) in enumerate(self.items)}, True
        self._resolve(take, keep)

    def _resolve(self, take: dict[tuple[Any, ...], str], keep: bool) -> None:
        self.by_hand = False
        run_save(self, lambda: self.Resolved(*self.session.resolve(self.rel, take, keep)))

    def on_save_failed(self, message: SaveFailed) -> None:
        """Any failure: say why; the screen stays, every choice as it was."""
        error = f"Not resolved yet: {message.error}" if self.by_hand else message.error
        self.notify(error, severity="error", timeout=10)

    def on_resolve_screen_resolved(self, message: Resolved) -> None:
        self._done(message.commit, message.snapshot)

    def _done(self, commit: str | None, snapshot: Snapshot) -> None:
        if commit:
            done = f"merge committed ({commit[:7]})"
        elif self.conflict is not None and self.conflict.operation != "merge":
            done = f"resolved; finish the {self.conflict.operation} with `git {self.conflict.operation} --continue`"
        else:
            done = "resolved; other files still wait"
        self.notify(f"{self.shown_rel}: {done}")
        self.dismiss(snapshot)

    # -- by hand -----------------------------------------------------------------------------------

    @on(Button.Pressed, "#edit-by-hand")
    def action_edit_by_hand(self) -> None:
        self._edit_by_hand()

    @work(exclusive=True, group="editor")
    async def _edit_by_hand(self) -> None:
        """Open the file in ``$EDITOR``; accept it once the markers are gone and it reads as a candidate."""
        path = self.session.path_of(self.rel)
        line = None
        if path.is_file():
            lines = path.read_bytes().splitlines()
            line = next((n for n, text in enumerate(lines, 1) if text.startswith(b"<<<<<<<")), None)
        if not run_editor(self.app, path, line):
            return
        self.by_hand = True
        run_save(self, lambda: self.Resolved(*self.session.resolve_by_hand(self.rel)))

    def action_close(self) -> None:
        self.dismiss(None)
