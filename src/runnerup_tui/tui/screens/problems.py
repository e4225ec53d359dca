"""The problems screen: every file that does not parse or validate, as ``file:line: message``.

The rest of the library keeps working while files are broken; Enter opens the file in
``$EDITOR`` at the problem's line, and the list updates when the file is fixed.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from runnerup_tui.domain.problems import Problem, ProblemKind
from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.session import Snapshot
from runnerup_tui.tui.messages import OpenInEditor


def problem_line(problem: Problem) -> Content:
    """``file:line: severity: message``, the severity coloured."""
    style = "bold $text-error" if problem.severity == "error" else "$text-warning"
    return Content.assemble(
        (f"{visible_line(problem.path)}:{problem.line}", "bold"),
        ": ",
        (problem.severity, style),
        ": ",
        visible_line(problem.message),
    )


class ProblemsScreen(Screen[None]):
    """Lists the snapshot's problems; follows the app's snapshot as files change."""

    AUTO_FOCUS = "#problems-list"

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="runnerup.problems.close"),
        Binding("E", "open_selected", "Open in $EDITOR", id="runnerup.problems.editor"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[Problem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="problems-summary", markup=False)
        yield OptionList(id="problems-list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Problems"
        self.watch(self.app, "snapshot", self._show, init=True)

    def _show(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        option_list = self.query_one(OptionList)
        keep = option_list.highlighted or 0
        self.problems = list(snapshot.problems)
        option_list.set_options(Option(problem_line(p), id=str(i)) for i, p in enumerate(self.problems))
        if self.problems:
            option_list.highlighted = min(keep, len(self.problems) - 1)
        errors = len(snapshot.errors)
        warnings = len(self.problems) - errors
        summary = self.query_one("#problems-summary", Label)
        if not self.problems:
            summary.update(f"No problems: all {snapshot.files} files parse and validate.")
        else:
            summary.update(
                f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
                "— Enter opens the file at the line in $EDITOR (a merge conflict: the resolve "
                "screen); fixed files drop off this list."
            )

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(self.problems[event.option_index])

    def action_open_selected(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and index < len(self.problems):
            self._open(self.problems[index])

    def _open(self, problem: Problem) -> None:
        if problem.kind is ProblemKind.CONFLICT:
            self._resolve(problem)
        else:
            self.post_message(OpenInEditor(problem.path, problem.line))

    def _resolve(self, problem: Problem) -> None:
        from runnerup_tui.tui.messages import LibraryChanged
        from runnerup_tui.tui.screens.resolve import ResolveScreen

        def done(snapshot: Snapshot | None) -> None:
            if snapshot is not None:
                self.app.post_message(LibraryChanged(snapshot, [problem.path]))

        session = self.app.session  # type: ignore[attr-defined]
        self.app.push_screen(ResolveScreen(session, problem.path), done)

    def action_close(self) -> None:
        self.dismiss(None)
