"""The history of one candidate: who changed the file, when, and the diff of each commit."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ..sync import Change
from .session import LibrarySession


def diff_content(diff: str) -> Content:
    """A commit's diff with added lines green and removed lines red; file headers dimmed."""
    parts: list[tuple[str, str] | str] = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---", "diff ", "index ", "new file", "deleted file")):
            continue
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
    """``git log`` of one candidate file, newest first; the highlighted commit's diff beside it."""

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
            self.app.call_from_thread(self.query_one("#history-diff", Static).update, f"Cannot read history: {err}")
            return
        self.app.call_from_thread(self._show, changes)

    def _show(self, changes: list[Change]) -> None:
        self.changes = changes
        commits = self.query_one(OptionList)
        if not changes:
            self.query_one("#history-diff", Static).update(
                "No commits yet: the file is new, or the library is not in git.")
            return
        commits.set_options(Option(Content.assemble((c.date, "bold"), "  ", (c.author, "$text-accent"), "\n",
                                                    c.message), id=c.commit) for c in changes)
        commits.highlighted = 0

    @on(OptionList.OptionHighlighted, "#history-commits")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        change = self.changes[event.option_index]
        head = Content.assemble((f"{change.commit[:10]}  {change.date}  {change.author}\n", "bold"),
                                (change.message + "\n\n", "italic"))
        self.query_one("#history-diff", Static).update(head + diff_content(change.diff))

    def action_close(self) -> None:
        self.dismiss(None)
