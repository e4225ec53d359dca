"""The open library as the app uses it: every call is safe from a worker thread.

The app reads and writes the library only from worker threads (opening, polling for
changes, saving), so one lock serialises every use of the index. What the UI thread
gets back is an immutable :class:`Snapshot`; it never touches the index itself.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runnerup_tui.actions import (
    MergePlan,
    Written,
    add_candidate,
    draft_outreach,
    edit_candidate,
    log_touchpoint,
    plan_merge,
)
from runnerup_tui.domain.model import Candidate, Settings, TouchpointKind
from runnerup_tui.domain.problems import GitError, InvalidFile, Problem, ProblemKind, RunnerupError
from runnerup_tui.domain.rows import Row, RowBook
from runnerup_tui.domain.search import Searcher
from runnerup_tui.domain.summary import CandidateEntry, OpeningEntry
from runnerup_tui.store.first_screen import (
    FIRST_SCREEN_FROM,
    ROWS_KEPT,
    FirstScreen,
    first_screen_file,
    load_first_screen,
    save_first_screen,
    stat_digest,
)
from runnerup_tui.store.index import Progress, collector_paused, scan
from runnerup_tui.store.library import Library, cache_file_for
from runnerup_tui.store.parsing import parse_record
from runnerup_tui.store.reading import read_library_file
from runnerup_tui.team.git import GitRepo, close_repositories
from runnerup_tui.team.git import Progress as GitProgress
from runnerup_tui.team.history import Change, file_history
from runnerup_tui.team.resolution import ConflictFile, read_conflict, resolve_by_hand, resolve_conflict
from runnerup_tui.team.sync import SyncResult, SyncStatus, library_changes
from runnerup_tui.team.sync import status as sync_status
from runnerup_tui.team.sync import sync as run_sync
from runnerup_tui.workspace import OpenLibrary, collect_problems, git_problems, open_library

if TYPE_CHECKING:
    from runnerup_tui.domain.drafts import Draft
    from runnerup_tui.domain.duplicates import Duplicate


@dataclass(frozen=True, eq=False)  # compared by identity: a new snapshot is always news
class Snapshot:
    """The library at one moment: what the list, the header and the problems screen show."""

    name: str
    searcher: Searcher
    rows: RowBook  # one per entry, in the searcher's order
    openings: list[OpeningEntry]
    problems: list[Problem]
    settings: Settings
    files: int = 0

    @property
    def entries(self) -> list[CandidateEntry]:
        return self.searcher.entries

    @property
    def total(self) -> int:
        return len(self.searcher)

    def rows_for(self, positions: list[int]) -> Sequence[Row]:
        """The rows of the searcher's matches (positions in its entries), each built when first read."""
        return self.rows.picked(positions)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def prepared_searcher(entries: Iterable[CandidateEntry], settings: Settings, today: dt.date) -> Searcher:
    """A searcher whose lazy indexes are already built (≈ 50 ms at 10k), off the UI thread.

    Otherwise the first ``skill:``/``due:`` keystroke after each change would pay for them.
    """
    searcher = Searcher(entries, settings, today)
    searcher.prepare()
    return searcher


@dataclass(frozen=True)
class LoadedCandidate:
    """One candidate file read fresh from disk, with the hash a later save must match."""

    id: str
    rel_path: str
    candidate: Candidate | None
    raw: bytes  # what the file held: an edit made on it is merged with later changes on disk
    problems: list[Problem] = field(default_factory=list)


class LibrarySession:
    """One library folder, opened lazily in a worker and shared by the app's workers."""

    def __init__(self, root: Path, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.root = root.resolve()
        self.today = today
        self._opened: OpenLibrary | None = None
        self._lock = threading.Lock()
        # the state the opening snapshot was made from (every file's stat key, the files' errors), kept
        # for the next open's first screen; None for a library too small to need one
        self._opened_state: tuple[list[tuple[str, int, int]], int] | None = None
        self._scanned: dict[str, os.stat_result] | None = None  # the first screen's stat of every file

    @property
    def opened(self) -> OpenLibrary:
        """The library as opened, with the repository it lives in (what actions take)."""
        if self._opened is None:
            raise RuntimeError("the library is not open yet")
        return self._opened

    @property
    def library(self) -> Library:
        return self.opened.library

    @property
    def is_open(self) -> bool:
        return self._opened is not None

    @contextmanager
    def _working(self, freeze: bool = False) -> Iterator[None]:
        """Hold the lock, with the cyclic garbage collector paused.

        With 10,000 entries alive a full collection takes ~300 ms and, triggered by the
        allocations of a load, doubles the time to open. ``freeze`` (only once, after the
        open) then moves the library out of the collector's sight, so later collections
        (in the UI thread too) stay instant. Never more often: a freeze also keeps every
        garbage cycle alive at that moment (Textual's closed screens) for good.
        """
        with self._lock, collector_paused(freeze):
            yield

    def open(self, progress: Progress | None = None) -> Snapshot:
        """Open the library (a warm cache makes this fast); may take seconds the first time.

        Also points the clone's merge driver at this runnerup (DESIGN.md §6). The snapshot holds
        what the first frame needs; pass it to :meth:`finish_opening` once that frame is drawn.
        """
        with self._working(freeze=True):
            # the files were just stated for the first screen: once is enough (a change since, the poll picks up)
            scanned, self._scanned = self._scanned, None
            self._opened = opened = open_library(self.root, progress, problems=True, scanned=scanned)
            snapshot = self._snapshot(opened.problems, first=True)
            if snapshot.total >= FIRST_SCREEN_FROM:
                files = opened.index.files.values()
                errors = sum(p.severity == "error" for rec in files for p in rec.problems)  # the files' own
                self._opened_state = ([(rec.path, rec.mtime_ns, rec.size) for rec in files], errors)
            return snapshot

    def first_screen(self) -> tuple[FirstScreen, list[Problem]] | None:
        """The list's first screen kept at the last open, while no library file has changed since; with the
        problems git has now (a lock, unresolved merges). None when there is none to trust: then open.

        Costs a stat of every file (≈ 30 ms at 10k), against ≈ 150 ms for decoding the index.
        """
        repo = GitRepo.for_path(self.root)
        kept = first_screen_file(cache_file_for(self.root, repo.git_dir / "runnerup" if repo is not None else None))
        if not kept.exists():
            return None
        pool = ThreadPoolExecutor(max_workers=1)
        try:
            # a git subprocess: it runs beside the stat
            from_git = pool.submit(lambda: git_problems(repo, self.root)[0])
            on_disk = scan(self.root)
            digest = stat_digest((rel, st.st_mtime_ns, st.st_size) for rel, st in on_disk.items())
            first = load_first_screen(kept, digest)
            if first is None:
                return None
            self._scanned = on_disk  # the open that follows at once need not stat them all again
            return first, from_git.result()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def finish_opening(self, snapshot: Snapshot) -> None:
        """Build what the first frame did not need: the search's lazy indexes and every row (≈ 100 ms at 10k).

        Run in a worker once the first rows are on screen: before, it would compete with drawing them.
        A keystroke meanwhile is still answered over the whole library (it builds what it needs itself).
        """
        with collector_paused():
            snapshot.searcher.prepare()
            snapshot.rows.fill()
        state, self._opened_state = self._opened_state, None
        if state is not None:  # the next open shows it before decoding its index
            self._save_first_screen(snapshot, *state)

    def keep_first_screen(self, snapshot: Snapshot | None) -> None:
        """Keep the list's first screen as the library is now, for the next open: at the end of a session
        that wrote files, the screen kept when it opened no longer tells the truth."""
        if snapshot is None or snapshot.total < FIRST_SCREEN_FROM or not self.is_open:
            return
        with self._working():  # after a save still running: its file is part of the state kept
            files = self.library.index.files.values()
            errors = sum(p.severity == "error" for rec in files for p in rec.problems)
            keys = [(rec.path, rec.mtime_ns, rec.size) for rec in files]
            if self._opened_state is not None and keys == self._opened_state[0]:
                return  # nothing changed: finish_opening keeps it (or has kept it)
            self._save_first_screen(snapshot, keys, errors)

    def _save_first_screen(self, snapshot: Snapshot, keys: list[tuple[str, int, int]], errors: int) -> None:
        cache_file = self.library.index.cache_file
        if cache_file is not None:
            first = FirstScreen(snapshot.name, snapshot.total, errors, list(snapshot.rows[:ROWS_KEPT]))
            save_first_screen(first_screen_file(cache_file), stat_digest(keys), first)

    def refresh(self) -> tuple[list[str], Snapshot | None]:
        """Pick up files changed on disk; the snapshot is None when nothing changed."""
        with self._working():
            changed = self.library.index.refresh()
            return changed, (self._snapshot() if changed else None)

    def snapshot(self) -> Snapshot:
        """The library as it is now (after a save that failed half-way, for example)."""
        with self._working():
            return self._snapshot()

    def _snapshot(self, problems: list[Problem] | None = None, first: bool = False) -> Snapshot:
        """The library now; ``first`` (the opening) leaves what the first frame does not need for later."""
        library = self.library
        index = library.index
        settings = index.settings
        searcher = Searcher(index.candidates.values(), settings, self.today())
        rows = RowBook(searcher.entries, settings, searcher.follow_up)
        if not first:
            searcher.prepare()
            rows.fill()
        return Snapshot(
            name=library.name,
            searcher=searcher,
            rows=rows,
            openings=sorted(index.openings.values(), key=lambda o: o.title.casefold()),
            problems=collect_problems(library, self.repo())[0] if problems is None else problems,
            settings=settings,
            files=len(index.files),
        )

    def path_of(self, rel: str) -> Path:
        """The absolute path of a library file."""
        return self.root / rel

    def load(self, cid: str) -> LoadedCandidate:
        """A candidate's full record, read fresh; a broken file comes back with its problems."""
        rel = f"candidates/{cid}.yaml"
        try:  # a plain file inside the library only: a FIFO or a link leading out is a problem, never waited on
            raw = read_library_file(self.root, rel)
        except InvalidFile as err:
            return LoadedCandidate(cid, rel, None, b"", err.problems)
        except OSError as err:
            problem = Problem(rel, 1, 1, "error", f"cannot be read: {err.strerror}", ProblemKind.UNREADABLE)
            return LoadedCandidate(cid, rel, None, b"", [problem])
        parsed = parse_record(raw, rel, Candidate)
        record = parsed.record if parsed.ok and isinstance(parsed.record, Candidate) else None
        return LoadedCandidate(cid, rel, record, raw, parsed.problems)

    def check(self, rel: str) -> list[Problem]:
        """The errors in one file as it is on disk now (after a hand edit)."""
        from runnerup_tui.store.index import read_file

        return [p for p in read_file(self.root, rel).problems if p.severity == "error"]

    def add(self, data: dict[str, Any]) -> tuple[Written, Snapshot]:
        """Create a candidate (one commit)."""
        with self._working():
            written = add_candidate(self.opened, data)
            return written, self._snapshot()

    def already_there(self, data: dict[str, Any]) -> list[Duplicate]:
        """Who a candidate about to be added (``data`` as :meth:`add` takes it) may already be, best first.

        The same question ``runnerup add`` asks, over the library's index as it is now: ≈ 40 ms at 10,000
        candidates, so call it from a worker.
        """
        from runnerup_tui.domain.duplicates import already_there  # only when someone is added: not at start

        with self._working():
            entries = self.library.index.candidates.values()
            return already_there(str(data.get("name") or ""), data.get("contact"), entries)

    def edit(self, cid: str, data: dict[str, Any], base: bytes) -> tuple[Written, Snapshot]:
        """Save an edit made on ``base``; changes made on disk since are merged field by field."""
        with self._working():
            written = edit_candidate(self.opened, cid, data, base=base)
            return written, self._snapshot()

    def log(
        self,
        cid: str,
        kind: TouchpointKind,
        *,
        summary: str | None,
        date: dt.date,
        opening: str | None = None,
        force: bool = False,
    ) -> tuple[Written, Snapshot]:
        """Log a touchpoint (one commit); ``force`` when the person confirmed going beyond the fit."""
        with self._working():
            written = log_touchpoint(self.opened, cid, kind, summary=summary, date=date, opening=opening, force=force)
            return written, self._snapshot()

    def draft(self, cid: str, kind: str | None = None, *, force: bool = False) -> Draft:
        """A message to ``cid`` drafted from the little things on file (writes nothing); see ``draft_outreach``."""
        with self._working():
            return draft_outreach(self.opened, cid, kind, today=self.today(), force=force)

    def act(self, action: Callable[[OpenLibrary], Written]) -> tuple[Written, Snapshot]:
        """Run any core action (snooze, present, record a rejection, add an opening…) under the lock.

        The action gets the library as opened, so the write uses the repository found then.
        """
        with self._working():
            written = action(self.opened)
            return written, self._snapshot()

    def plan_merge(self, keep: str, other: str) -> MergePlan:
        """Both records of one person as they are now, and where they differ (for the app to ask)."""
        with self._working():
            return plan_merge(self.opened, keep, other)

    def branch(self) -> str | None:
        """The checked-out branch, or None outside git."""
        repo = self.repo()
        return repo.branch() if repo else None

    def operation(self) -> str | None:
        """A git operation under way that stops saves ("merge", "rebase", "detached HEAD"...), or None."""
        repo = self.repo()
        return repo.operation_in_progress() if repo else None

    # -- the team: sync, history, conflicts (git subprocesses: call from workers) ---------------

    def repo(self) -> GitRepo | None:
        """The repository the library lives in: the one found when it was opened (found now before that)."""
        opened = self._opened
        return opened.repo if opened is not None else GitRepo.for_path(self.root)

    def sync_status(self) -> SyncStatus | None:
        """Branch, ahead/behind, hand edits and last sync; None outside git."""
        repo = self.repo()
        return sync_status(repo, self.root) if repo else None

    def hand_edits(self) -> list[str]:
        repo = self.repo()
        return library_changes(repo, self.root) if repo else []

    def sync(self, commit_hand_edits: bool, progress: GitProgress | None = None) -> tuple[SyncResult, Snapshot]:
        """Commit hand edits (when asked), pull, push; raises GitError with one sentence.

        ``progress(stage, done, total, message)`` hears each step, from this (the worker's) thread.
        """
        repo = self.repo()
        if repo is None:
            raise GitError(f"{self.root} is not in a git repository; nothing to sync")
        try:
            result = run_sync(
                repo,
                self.root,
                commit_hand_edits=commit_hand_edits,
                check_file=lambda path: self.check(path.relative_to(self.root).as_posix()) if path.exists() else [],
                progress=progress,
            )
        finally:
            with self._working():
                self.library.index.refresh()
        return result, self.snapshot()

    def history(self, cid: str) -> list[Change]:
        repo = self.repo()
        return file_history(repo, self.path_of(f"candidates/{cid}.yaml"), with_diff=True) if repo else []

    def conflict(self, rel: str) -> ConflictFile:
        repo = self.repo()
        assert repo is not None
        return read_conflict(repo, self._work_tree_path(repo, rel))

    def resolve(
        self, rel: str, take: dict[tuple[Any, ...], str], keep_file: bool = True
    ) -> tuple[str | None, Snapshot]:
        """Settle a conflicted file; returns the merge commit once the last file is settled."""
        repo = self.repo()
        assert repo is not None
        commit = resolve_conflict(repo, self._work_tree_path(repo, rel), take, keep_file)
        with self._working():
            self.library.index.refresh()
        return commit, self.snapshot()

    def resolve_by_hand(self, rel: str) -> tuple[str | None, Snapshot]:
        """Accept a conflicted file as the person settled it in an editor, once it has no markers
        and reads as a valid file; returns the merge commit once the last file is settled.
        """
        repo = self.repo()
        assert repo is not None
        errors = self.check(rel) if self.path_of(rel).exists() else []
        if errors:
            raise RunnerupError(f"{rel}:{errors[0].line}: {errors[0].message}")
        commit = resolve_by_hand(repo, self._work_tree_path(repo, rel))
        with self._working():
            self.library.index.refresh()
        return commit, self.snapshot()

    def close(self) -> None:
        """Close the git layer's repositories (and their ``git cat-file`` helpers): the app is ending."""
        close_repositories()

    def _work_tree_path(self, repo: GitRepo, rel: str) -> str:
        return (self.root / rel).relative_to(repo.work_tree).as_posix()
