"""The history of one candidate: who changed the file, when, and the diff of each commit.

Merges that changed the file are listed too, with who resolved a conflict and whose value
they kept, so the newest entry always matches what the file holds.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.session import LibrarySession
from runnerup_tui.team.history import Change, merge_words, settled_words


def diff_content(diff: str) -> Content:
    """A commit's diff with added lines green and removed lines red; file headers dimmed."""
    parts: list[tuple[str, str] | str] = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---", "diff ", "index ", "new file", "deleted file")):
            continue
        line = visible_line(line)  # the file's own lines: data from anyone on the team
        if line.startswith("+"):
            parts.append((line + "\n", "$text-success"))
        elif line.startswith("-"):
            parts.append((line + "\n", "$text-error"))
        elif line.startswith("@@"):
            parts.append((line + "\n", "dim"))
        else:
            parts.append(line + "\n")
    return Content.assemble(*parts) if parts else Content("(no change to the file's text)")


class HistoryScreen(Screen[None]):
    """``git log`` of one candidate file, merges included, newest first; the highlighted commit's diff beside it."""

    AUTO_FOCUS = "#history-commits"

    BINDINGS = [Binding("escape,q,h", "close", "Back", id="runnerup.history.close")]

    def __init__(self, session: LibrarySession, cid: str, name: str) -> None:
        super().__init__()
        self.session = session
        self.cid = cid
        self.person = name
        self.changes: list[Change] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history-panes"):
            yield OptionList(id="history-commits")
            with VerticalScroll(id="history-diff-scroll"):
                yield Static("Reading the history…", id="history-diff", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"History of {self.person}"
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            changes = self.session.history(self.cid)
        except Exception as err:  # a broken repository: say so, do not crash the app
            self.app.call_from_thread(self._show_failure, f"Cannot read history: {err}")
            return
        self.app.call_from_thread(self._show, changes)

    def _show_failure(self, text: str) -> None:
        self.query_one("#history-diff", Static).update(text)

    def _show(self, changes: list[Change]) -> None:
        self.changes = changes
        commits = self.query_one(OptionList)
        if not changes:
            self.query_one("#history-diff", Static).update(
                "No commits yet: the file is new, or the library is not in git."
            )
            return
        commits.set_options(Option(self._summary(c), id=c.commit) for c in changes)
        commits.highlighted = 0

    @staticmethod
    def _summary(change: Change) -> Content:
        """One commit in the list: when, who, what; a merge says whether it resolved a conflict."""
        kind = ""
        if change.merge:
            kind = "  resolution" if change.conflicted else "  merge"
        return Content.assemble(
            (change.date, "bold"),
            "  ",
            (visible_line(change.author), "$text-accent"),
            (kind, "$text-warning" if change.conflicted else "dim"),
            "\n",
            visible_line(change.message),
        )

    @on(OptionList.OptionHighlighted, "#history-commits")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        change = self.changes[event.option_index]
        head = Content.assemble(
            (f"{change.commit[:10]}  {change.date}  {visible_line(change.author)}\n", "bold"),
            (visible_line(change.message) + "\n", "italic"),
        )
        if change.merge:
            lines = [merge_words(change)]
            if change.resolved:
                lines = [
                    f"resolved a conflict, {len(change.resolved)} value(s) changed two ways:",
                    *(f"  {settled_words(item)}" for item in change.resolved),
                ]
            lines.append("(the diff is against the file as the merging clone had it)")
            style = "$text-warning" if change.conflicted else "dim"
            head += Content.assemble(*((visible_line(line) + "\n", style) for line in lines))
        head += "\n"
        self.query_one("#history-diff", Static).update(head + diff_content(change.diff))

    def action_close(self) -> None:
        self.dismiss(None)
