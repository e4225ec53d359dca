"""The main screen: search box, candidate list and detail pane.

Every keystroke in the search box re-runs the core's ``search()`` over the snapshot's
in-memory entries and replaces the list's rows; nothing else is rebuilt. The detail of
the highlighted candidate is read fresh from disk in a worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, ProgressBar

from runnerup_tui.domain.problems import Problem, RunnerupError, UsageError
from runnerup_tui.domain.rows import Row, SortOrder, sort_rows
from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.domain.search import Query, parse_query
from runnerup_tui.session import LibrarySession, LoadedCandidate, Snapshot
from runnerup_tui.store.first_screen import FirstScreen
from runnerup_tui.team.sync import SyncStatus
from runnerup_tui.tui.acting import announce_failure, announce_saved, run_save
from runnerup_tui.tui.messages import (
    DetailLoaded,
    LibraryChanged,
    OpenInEditor,
    Saved,
    SaveFailed,
    SyncFinished,
    SyncProgress,
)
from runnerup_tui.tui.widgets.candidate_list import CandidateList
from runnerup_tui.tui.widgets.detail import CandidateDetail
from runnerup_tui.tui.widgets.safe import SafeInput

if TYPE_CHECKING:
    from runnerup_tui.tui.app import RunnerupApp
    from runnerup_tui.tui.dialogs.draft import DraftText, Sent
    from runnerup_tui.tui.dialogs.log import LogRequest

# The edit form, the log dialog and the problems screen are imported when first opened:
# that keeps ~0.1 s of imports (TextArea, Select) out of the time to the first frame.

FORM_SCREEN = "edit-form"
HEADER_SIDES = 18  # the header's icon (8 cells) and its clock space (10)
SEARCH_HINT = 'words, skill:python fit:pursue tag:remote owner:grace role:"data engineer" due:overdue'


def sync_words(state: SyncStatus | None, syncing: bool = False) -> list[str]:
    """The header's words for where the clone stands: ↑ahead ↓behind, hand edits, last sync."""
    if syncing:
        return ["syncing…"]
    if state is None:
        return []
    words = []
    if state.upstream:
        words.append(f"↑{state.ahead} ↓{state.behind}")
    if state.hand_edits:
        words.append(f"{len(state.hand_edits)} hand edit{'s' * (len(state.hand_edits) != 1)}")
    if state.last_sync:
        words.append(
            f"synced {state.last_sync:%H:%M}"
            if state.last_sync.date() == dt.date.today()
            else f"synced {state.last_sync:%Y-%m-%d}"
        )
    elif state.upstream or state.hand_edits:
        words.append("never synced")
    return words


def _narrows(old: Query, new: Query) -> bool:
    """True when every match of ``new`` is also a match of ``old`` (a word grew, a filter was added)."""
    if len(new.words) < len(old.words) or any(f not in new.filters for f in old.filters):
        return False
    return all(before in after for before, after in zip(old.words, new.words))


class SearchInput(SafeInput):
    """The search box; down or enter hands the keyboard to the list."""

    BINDINGS = [Binding("down", "screen.focus_list", "To the list", show=False, id="runnerup.search.to_list")]

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "/" and not self.value:  # "/" is the search key: pressed here, it is already done
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)


class MainScreen(Screen[None]):
    """Find a person, read the relationship, act on it."""

    AUTO_FOCUS = "#search"  # a person's first act is to type: the first keystroke goes to the search

    # At 80 columns the footer holds the daily keys; E, h and p are in ? and the palette.
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="runnerup.search"),
        Binding("n", "new", "New", id="runnerup.new"),
        Binding("e", "edit", "Edit", id="runnerup.edit"),
        Binding("l", "log", "Log", id="runnerup.log"),
        Binding("m", "draft", "Message", id="runnerup.draft", show=False),
        Binding("E", "open_editor", "Editor", id="runnerup.editor", show=False),
        Binding("p", "problems", "Problems", id="runnerup.problems", show=False),  # the header says "N problems (p)"
        Binding("t", "today", "Today", id="runnerup.today"),
        Binding("o", "openings", "Openings", id="runnerup.openings"),
        Binding("R", "rejection", "Rejection call", id="runnerup.rejection", show=False),
        Binding("h", "history", "History", id="runnerup.history", show=False),
        Binding("F", "forget", "Forget", id="runnerup.forget", show=False),
        Binding("D", "duplicates", "Duplicates", id="runnerup.duplicates", show=False),
        Binding("s", "sync", "Sync", id="runnerup.sync"),
        Binding("S", "cycle_sort", "Sort", id="runnerup.sort", show=False),
        # z for zoom, as in tmux: the detail pane gets the whole screen (and z gives it back)
        Binding("z", "toggle_detail", "Zoom detail", id="runnerup.detail.zoom", show=False),
        Binding("escape", "focus_list", "To the list", show=False, id="runnerup.to_list"),
        Binding("q", "app.quit", "Quit", id="runnerup.quit"),
    ]

    sorting: reactive[SortOrder] = reactive(SortOrder.MATCH, init=False)

    def __init__(self, session: LibrarySession) -> None:
        super().__init__()
        self.session = session
        self.shown: Sequence[Row] = []
        self._last_search: tuple[Snapshot, Query, list[int]] | None = None
        self._syncing = False
        self._bad_query = False
        self._first: tuple[FirstScreen, int] | None = None  # shown until the library is open; git's errors

    @property
    def runnerup(self) -> RunnerupApp:
        return self.app  # type: ignore[return-value]

    @property
    def snapshot(self) -> Snapshot | None:
        return self.runnerup.snapshot

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield ProgressBar(id="sync-progress", show_eta=False)  # shown while a sync runs
        search_box = SearchInput(placeholder=f"Search: {SEARCH_HINT}", id="search")
        search_box.border_title = Content("Search (/)")
        yield search_box
        with Horizontal(id="panes"):
            yield CandidateList(id="candidates")
            yield CandidateDetail(id="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        candidates = self.query_one(CandidateList)
        candidates.placeholder = "Opening the library…"
        candidates.today = self.runnerup.today
        self.sub_title = f"opening {self.session.root}…"
        self.query_one(CandidateDetail).show_message("Opening the library…")
        self.watch(self.app, "snapshot", self._new_snapshot, init=True)
        self.watch(self.app, "branch", lambda _: self._update_status(), init=False)
        self.watch(self.app, "sync_state", lambda _: self._update_status(), init=False)
        self.watch(self.app, "operation", lambda _: self._update_status(), init=False)

    def on_key(self, event: events.Key) -> None:
        """A key typed before anything has focus (the very first ones) goes to the search, not to an action."""
        if self.focused is None and event.is_printable and event.character:
            box = self.query_one("#search", Input)
            self.set_focus(box)
            box.post_message(events.Key(event.key, event.character))  # after its Focus: not swallowed by it
            event.stop()
            event.prevent_default()

    # -- search ----------------------------------------------------------------------------------

    def _new_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        self._first = None
        self.apply_search()
        self._reload_detail()

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.apply_search()

    # focus moves at once (not on the next idle, as .focus() does): keys typed or pasted right
    # after "/" must land in the search box, not trigger the list's bindings

    @on(Input.Submitted, "#search")
    def action_focus_list(self) -> None:
        if self.maximized is not None:
            self.query_one(CandidateDetail).border_subtitle = ""
            self.minimize()  # escape gives the zoomed detail back its place
        self.set_focus(self.query_one(CandidateList))

    def action_toggle_detail(self) -> None:
        """Give the detail pane the whole screen to read a long history; again to give it back."""
        detail = self.query_one(CandidateDetail)
        if self.maximized is detail:
            self.action_focus_list()
        elif self.maximize(detail, container=False):
            detail.border_subtitle = "z or escape: back to the list"
            self.set_focus(detail)

    def action_focus_search(self) -> None:
        if self.maximized is not None:
            self.query_one(CandidateDetail).border_subtitle = ""
            self.minimize()
        self.set_focus(self.query_one("#search", Input))

    def show_first_screen(self, first: FirstScreen, from_git: list[Problem]) -> None:
        """While the library opens: the first rows and the count kept from the last open (the files have not
        changed since), with git's problems as they are now. Only for the list as it first appears."""
        box = self.query_one("#search", Input)
        if self.snapshot is not None or box.value or self.sorting is not SortOrder.MATCH:
            return
        self._first = (first, sum(p.severity == "error" for p in from_git))
        self.shown = first.rows
        self.query_one(CandidateList).set_rows(first.rows, total=first.total)
        self._update_status()

    def apply_search(self) -> None:
        """Show the candidates matching the search box, in the chosen order."""
        snapshot = self.snapshot
        if snapshot is None:
            if self._first is not None:  # typed or sorted before the library is open: the answer comes with it
                self._first = None
                self.shown = []
                candidates = self.query_one(CandidateList)
                candidates.placeholder = "Opening the library…"
                candidates.set_rows([])
                self.sub_title = f"opening {self.session.root}…"
            return
        box = self.query_one("#search", Input)
        try:
            query = parse_query(box.value, me=self.runnerup.me)
        except UsageError as err:
            # the list, the count and the error describe the same query: results of an earlier
            # query under this one's error would read as its answer
            box.border_subtitle = Content(visible_line(str(err)))  # it quotes what was typed or pasted
            box.add_class("-bad-query")
            self._bad_query = True
            self.shown = []
            candidates = self.query_one(CandidateList)
            candidates.placeholder = "No results: the search above is not valid."
            candidates.set_rows([])
            self.query_one(CandidateDetail).show_message(candidates.placeholder)
            self._update_status()
            return
        box.border_subtitle = ""
        box.remove_class("-bad-query")
        self._bad_query = False
        self.shown = sort_rows(snapshot.rows_for(self._matches(snapshot, query)), self.sorting)
        candidates = self.query_one(CandidateList)
        if not snapshot.entries:
            candidates.placeholder = "No candidates yet: press n to add one."
        else:
            candidates.placeholder = f"No candidate matches “{visible_line(box.value.strip())}”."
        candidates.set_rows(self.shown)
        if not self.shown:  # an empty list stays without a highlight: say why in the detail pane too
            self.query_one(CandidateDetail).show_message(candidates.placeholder)
        self._update_status()

    def _matches(self, snapshot: Snapshot, query: Query) -> list[int]:
        """Positions of the matches; a query that only narrows the last one scans its hits."""
        within = None
        last = self._last_search
        if last is not None and last[0] is snapshot and _narrows(last[1], query):
            within = sorted(last[2])  # entries order, so that ties stay in name order
        found = snapshot.searcher.matches(query, within)
        self._last_search = (snapshot, query, found)
        return found

    def _update_status(self) -> None:
        snapshot = self.snapshot
        if snapshot is not None:
            count = f"{len(self.shown)}/{snapshot.total} shown"
            errors = len(snapshot.errors)
        elif self._first is not None:
            first, git_errors = self._first
            count = f"{first.total}/{first.total} shown"
            errors = first.file_errors + git_errors
        else:
            return
        count = f"invalid search, {count}" if self._bad_query else count
        essential = [count] + ([f"{errors} problem{'s' * (errors != 1)} (p)"] if errors else [])
        where = [f"⎇ {self.runnerup.branch}"] if self.runnerup.branch else []
        if operation := self.runnerup.operation:  # saves are refused until it is over: say so up front
            essential.insert(
                0,
                "detached HEAD: check out a branch to save"
                if operation == "detached HEAD"
                else f"{operation} in progress: finish it to save",
            )
        where += sync_words(self.runnerup.sync_state, self._syncing)
        self._set_header(where, essential)

    def _set_header(self, where: list[str], essential: list[str]) -> None:
        """The library's name, where the clone stands and the count, dropping what does not fit.

        A header cut off mid-word ("28/28 sh…") hides the one number that matters: when the
        line is too long the library's name goes first, then the sync words from the last;
        the count and the problems always stay.
        """
        room = (self.query_one(Header).size.width or self.app.size.width) - HEADER_SIDES
        status = " · ".join([*where, *essential])
        if cell_len(f"{self.app.title} — {status}") <= room:
            self.title, self.sub_title = None, status
            return
        while where and cell_len(" · ".join([*where, *essential])) > room:
            where = where[:-1]
        self.title, self.sub_title = "", " · ".join([*where, *essential])

    def on_resize(self) -> None:
        self._update_status()

    def show_progress(self, done: int, total: int) -> None:
        """Say how far the first index of a large library has got."""
        self.query_one(CandidateList).placeholder = f"Indexing {done:,} of {total:,} files…"

    def show_failure(self, error: str) -> None:
        """Say why the library could not be opened."""
        if self._first is not None:  # the rows kept from the last open are no answer now
            self._first = None
            self.shown = []
            self.query_one(CandidateList).set_rows([])
            self.sub_title = ""
        self.query_one(CandidateList).placeholder = error
        self.query_one(CandidateDetail).show_message(error)

    # -- sorting ---------------------------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        self.sorting = self.sorting.next()
        self.notify(f"Sorted by {self.sorting.label}", timeout=2)

    def action_sort(self, order: str) -> None:
        self.sorting = SortOrder(order)

    @on(CandidateList.SortClicked)
    def _sort_clicked(self, event: CandidateList.SortClicked) -> None:
        self.sorting = SortOrder.MATCH if self.sorting is event.order else event.order

    def watch_sorting(self, order: SortOrder) -> None:
        self.query_one(CandidateList).sorting = order
        self.apply_search()

    # -- detail ----------------------------------------------------------------------------------

    @property
    def highlighted(self) -> Row | None:
        return self.query_one(CandidateList).highlighted

    @on(CandidateList.Highlighted)
    def _highlighted(self, event: CandidateList.Highlighted) -> None:
        if event.id is None:
            if self.snapshot is not None:
                self.query_one(CandidateDetail).show_message(self.query_one(CandidateList).placeholder)
            return
        self._load_detail(event.id)

    @on(CandidateList.Chosen)
    def _chosen(self) -> None:
        self.query_one(CandidateDetail).focus()

    def _reload_detail(self) -> None:
        if row := self.highlighted:
            self._load_detail(row.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def _load_detail(self, cid: str) -> None:
        self.post_message(DetailLoaded(self.session.load(cid)))

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        row = self.highlighted
        if row is None or row.id != message.loaded.id:
            return  # the cursor has moved on
        self.query_one(CandidateDetail).show(message.loaded, row.follow_up, self.runnerup.today)

    # -- actions ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """New and problems wait for the library; candidate actions always run, to say why when nobody is shown."""
        if action in ("new", "problems"):
            return True if self.snapshot is not None else None
        return True

    def _acted_on(self, what: str) -> Row | None:
        """The highlighted candidate; without one, say why ``what`` cannot be done (a key must never do nothing)."""
        row = self.highlighted
        if row is not None and self.snapshot is not None:
            return row
        search = self.query_one("#search", Input).value.strip()
        if self.snapshot is None:
            why = "the library is still opening"
        elif not self.snapshot.entries:
            why = "the library has no candidates yet (n adds one)"
        elif search:
            why = f"no candidate matches the search “{visible_line(search)}”; change or clear it (/)"
        else:
            why = "no candidate is highlighted"
        self.notify(f"Nothing to {what}: {why}", severity="warning", timeout=5)
        return None

    async def _load_now(self, cid: str) -> LoadedCandidate:
        worker = self.run_worker(lambda: self.session.load(cid), thread=True, group="load", exit_on_error=False)
        return await worker.wait()

    def _open_form(self, loaded: LoadedCandidate | None) -> None:
        """Show the edit form (one installed instance, refilled: building it is the slow part)."""
        from runnerup_tui.tui.dialogs.edit_form import EditCandidateScreen

        if not self.app.is_screen_installed(FORM_SCREEN):
            self.app.install_screen(EditCandidateScreen(self.session, loaded), FORM_SCREEN)
        else:
            form = self.app.get_screen(FORM_SCREEN)
            assert isinstance(form, EditCandidateScreen)
            form.load(loaded)
        self.app.push_screen(FORM_SCREEN, self._after_form)

    def action_new(self) -> None:
        self._open_form(None)

    async def action_edit(self) -> None:
        row = self._acted_on("edit")
        if row is None:
            return
        loaded = await self._load_now(row.id)
        if loaded.candidate is None:
            first = next((p for p in loaded.problems if p.severity == "error"), None)
            where = f" (line {first.line}: {first.message})" if first else ""
            self.notify(
                f"{loaded.rel_path} cannot be edited in the form until it is fixed{where}; "
                "press E to fix it in your editor",
                severity="error",
                timeout=8,
            )
            return
        self._open_form(loaded)

    def _after_form(self, cid: str | None) -> None:
        if cid is not None:
            self.show_candidate(cid)
        else:
            self.query_one(CandidateList).focus()

    def show_candidate(self, cid: str) -> None:
        """Put the cursor on ``cid``, clearing the search if it hides that candidate."""
        candidates = self.query_one(CandidateList)
        if not candidates.select(cid):
            self.query_one("#search", Input).value = ""
            self.apply_search()
            candidates.select(cid)
        candidates.focus()

    def action_log(self) -> None:
        from runnerup_tui.tui.dialogs.log import LogTouchpointDialog

        row = self._acted_on("log")
        snapshot = self.snapshot
        if row is None or snapshot is None:
            return

        def logged(request: LogRequest | None) -> None:
            if request is not None:
                self._log(row.id, row.name, request, lambda error: ask(request, error))

        entry = next((e for e in snapshot.entries if e.id == row.id), None)

        def ask(request: LogRequest | None = None, error: str = "") -> None:
            dialog = LogTouchpointDialog(
                row.name,
                self.runnerup.today,
                snapshot.openings,
                fit=row.fit,
                request=request,
                error=error,
                consent_expires=entry.consent_expires if entry else None,
            )
            self.app.push_screen(dialog, logged)

        ask()

    def action_draft(self) -> None:
        """Draft a message to the highlighted candidate; asks first when their fit or consent rules it out."""
        from runnerup_tui.domain.drafts import draft_concern
        from runnerup_tui.tui.dialogs.confirm import ConfirmDialog

        row, snapshot = self._acted_on("draft a message to"), self.snapshot
        if row is None or snapshot is None:
            return
        entry = next((e for e in snapshot.entries if e.id == row.id), None)
        today = self.runnerup.today
        concern = entry and draft_concern(entry.name, entry.fit, "email", entry.consent_expires, today)
        if not concern:
            self._open_draft(row.id, row.name)
            return

        def answered(anyway: bool | None) -> None:
            if anyway:
                self._open_draft(row.id, row.name, force=True)

        self.app.push_screen(
            ConfirmDialog(
                f"Draft a message to {row.name} anyway?", detail=concern, yes="Draft it anyway", no="Go back"
            ),
            answered,
        )

    def _open_draft(
        self, cid: str, name: str, *, force: bool = False, kept: DraftText | None = None, error: str = ""
    ) -> None:
        from runnerup_tui.tui.dialogs.draft import DraftDialog

        def sent(result: Sent | None) -> None:
            if result is not None:
                retry = lambda error: self._open_draft(cid, name, force=force, kept=result.text, error=error)  # noqa: E731
                self._log(cid, name, result.request, retry)

        dialog = DraftDialog(self.session, cid, name, self.runnerup.today, force=force, kept=kept, error=error)
        self.app.push_screen(dialog, sent)

    def _log(self, cid: str, name: str, request: LogRequest, retry: Callable[[str], None]) -> None:
        def log() -> Saved:
            written, snapshot = self.session.log(
                cid,
                request.kind,
                summary=request.summary,
                date=request.date,
                opening=request.opening,
                force=request.force,
            )
            return Saved(written, snapshot, f"Logged {request.kind.value} with {name}")

        run_save(self, log, retry)  # any failure: a message, the dialog back as it was

    def on_saved(self, message: Saved) -> None:
        announce_saved(self, self.session, message)

    def on_save_failed(self, message: SaveFailed) -> None:
        announce_failure(self, message)

    def action_open_editor(self) -> None:
        if row := self._acted_on("open in your editor"):
            self.post_message(OpenInEditor(f"candidates/{row.id}.yaml"))

    def action_forget(self) -> None:
        """Erase the highlighted candidate (consent withdrawn or expired), after asking."""
        from runnerup_tui.tui.dialogs.forget import ask_to_forget

        if row := self._acted_on("forget"):
            ask_to_forget(self, self.session, row.id, row.name)

    def action_history(self) -> None:
        from runnerup_tui.tui.screens.history import HistoryScreen

        if row := self._acted_on("show the history of"):
            self.app.push_screen(HistoryScreen(self.session, row.id, row.name))

    # -- sync ------------------------------------------------------------------------------------

    def action_sync(self) -> None:
        """Commit hand edits (asking first, naming the files), pull, push — in a worker."""
        if not self._syncing:
            self._ask_and_sync()

    @work(exclusive=True, exit_on_error=False, group="sync-ask")
    async def _ask_and_sync(self) -> None:
        from runnerup_tui.tui.dialogs.sync import SyncChoice, SyncDialog

        edits = (
            await self.run_worker(self.session.hand_edits, thread=True, group="sync-check", exit_on_error=False).wait()
            or []
        )
        choice = SyncChoice.COMMIT
        if edits:
            choice = await self.app.push_screen_wait(SyncDialog(edits))
            if choice is SyncChoice.CANCEL:
                self.notify("Sync cancelled: nothing committed, pulled or pushed", timeout=5)
                return
        self._syncing = True
        self._show_sync_progress(SyncProgress("sync", None, None, "starting"))
        self._update_status()
        self.notify("Syncing with the team's remote…", timeout=3)
        self._sync(commit_hand_edits=choice is SyncChoice.COMMIT)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync")
    def _sync(self, commit_hand_edits: bool = True) -> None:
        try:
            result, snapshot = self.session.sync(
                commit_hand_edits=commit_hand_edits,
                progress=lambda *step: self.post_message(SyncProgress(*step)),  # from this worker: a message up
            )
        except Exception as err:  # noqa: BLE001 - any failure ends "syncing" with a message
            text = str(err) if isinstance(err, RunnerupError) else f"sync failed: {type(err).__name__}: {err}"
            self.post_message(SyncFinished(visible_line(text), self.session.snapshot(), error=True))
            return
        parts = [f"committed {len(result.committed)} hand edit(s)"] if result.committed else []
        parts += [f"pulled {result.pulled}", f"pushed {result.pushed}"]
        if not commit_hand_edits:
            left = self.session.hand_edits()
            parts.append(
                f"{len(left)} hand edit{'s' * (len(left) != 1)} left uncommitted"
                if left
                else "no hand edits left to commit"
            )
        summary = (
            "Synced: "
            + ", ".join(parts)
            + "".join(f"\n{r.sentence()}" for r in result.renamed)
            + "".join(f"\n{visible_line(s)}" for s in result.brought_in)
        )
        if result.left_out:  # broken hand edits stay local: name each with its first error
            summary += "\nNot committed (fix, then sync again):\n" + "\n".join(
                visible_line(str(problem)) for problem in result.left_out[:5]
            )
            summary += f"\n… and {len(result.left_out) - 5} more" if len(result.left_out) > 5 else ""
        self.post_message(SyncFinished(summary, snapshot, error=bool(result.left_out)))

    def on_sync_progress(self, message: SyncProgress) -> None:
        if self._syncing:
            self._show_sync_progress(message)

    def _show_sync_progress(self, step: SyncProgress) -> None:
        """The bar under the header: git's counts when it gives them, else a bar that says "working"."""
        bar = self.query_one("#sync-progress", ProgressBar)
        bar.display = True
        bar.tooltip = f"{step.stage}: {step.message}"
        if step.total:
            bar.update(total=step.total, progress=step.done or 0)
        else:
            bar.update(total=None)

    def on_sync_finished(self, message: SyncFinished) -> None:
        self._syncing = False
        self.query_one("#sync-progress", ProgressBar).display = False
        if message.snapshot is not None:
            self.app.post_message(LibraryChanged(message.snapshot, []))
        self.notify(
            message.summary, severity="error" if message.error else "information", timeout=12 if message.error else 5
        )
        self.runnerup.find_branch()

    def action_today(self) -> None:
        from runnerup_tui.tui.screens.today import TodayScreen

        self.app.push_screen(TodayScreen(self.session), self._after_form)

    def action_openings(self) -> None:
        from runnerup_tui.tui.screens.openings import OpeningsScreen

        self.app.push_screen(OpeningsScreen(self.session), self._after_form)

    def action_rejection(self) -> None:
        """The rejection call with the highlighted candidate, ending with the fit decision."""
        from runnerup_tui.tui.dialogs.rejection import ask_for_rejection_call

        row, snapshot = self._acted_on("make a rejection call with"), self.snapshot
        if row is None or snapshot is None:
            return
        ask_for_rejection_call(self, self.session, row.id, row.name, self.runnerup.today, snapshot.openings)

    def action_duplicates(self) -> None:
        from runnerup_tui.tui.screens.duplicates import DuplicatesScreen

        self.app.push_screen(DuplicatesScreen(self.session), self._after_form)

    def action_problems(self) -> None:
        from runnerup_tui.tui.screens.problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen())
