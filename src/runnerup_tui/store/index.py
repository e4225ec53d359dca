"""The library index: a compact summary of every file, cached so that opening is instant.

Opening a library stats every file and re-parses only those whose mtime or size
changed since the cached index was written; at 10,000 candidates a warm open reads one
JSON file instead of parsing 10,000 YAML files. The cache lives outside the tracked tree
(``.git/runnerup/`` or the user cache dir). A file that does not parse becomes an entry
with problems, never an exception.
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, KeysView
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Protocol, TypeVar

from runnerup_tui.domain.names import is_slug
from runnerup_tui.domain.problems import InvalidFile, Problem, ProblemKind
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.summary import CandidateEntry, OpeningEntry
from runnerup_tui.store.agenda_cache import AgendaTable
from runnerup_tui.store.reading import check_folder, leaves_library, read_library_file
from runnerup_tui.store.search_index import SEARCH_INDEX
from runnerup_tui.store.stamps import code_stamp

CACHE_VERSION = 9
SETTINGS_FILE = "runnerup.yaml"
FOLDERS = ("candidates", "openings")  # the record folders; the models they hold are in domain.model.RECORD_TYPES
PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves
# Reading runs with the collector paused (its automatic runs cost ~30 %), but ruamel's loader
# leaves ~21 objects in reference cycles per file it reads (~27 KB): the young generation is
# swept by hand once this many objects have piled up in it, which frees them and stays cheap.
SWEEP_AFTER = 5000

Progress = Callable[[int, int], None]
T = TypeVar("T")


def _code_fingerprint() -> str:
    """Changes whenever the code that makes an entry changes, so a stale cache is never used."""
    return f"{CACHE_VERSION}:{code_stamp()}"


@dataclass(slots=True)
class FileRecord:
    """One file's cache line: its stat key, its summary (None if invalid) and problems.

    ``row`` is the cache row it was decoded from while that row is still to be stored (a worker's):
    it goes into the cache as it came, not encoded a second time.
    """

    path: str
    mtime_ns: int
    size: int
    entry: CandidateEntry | OpeningEntry | LibrarySettings | None
    problems: list[Problem]
    row: tuple[Any, ...] | None = None

    def to_row(self) -> tuple[Any, ...]:
        """(path, mtime_ns, size, entry JSON, body, problems JSON, opening refs): one cache row.

        The opening refs (one per line) have a column of their own so ``check`` finds references to
        missing openings without decoding 10,000 entries.
        """
        if self.row is not None:
            return self.row
        body = refs = None
        if isinstance(self.entry, LibrarySettings):
            entry: Any = self.entry.to_values()
        elif isinstance(self.entry, CandidateEntry):
            entry = [getattr(self.entry, name) for name in _ENTRY_FIELDS]
            body = self.entry.body
            refs = "\n".join(self.entry.opening_refs) or None
        elif self.entry is not None:
            entry = [getattr(self.entry, f.name) for f in fields(self.entry)]
        else:
            entry = None
        problems = json.dumps([asdict(p) for p in self.problems]) if self.problems else None
        return (
            self.path,
            self.mtime_ns,
            self.size,
            None if entry is None else json.dumps(entry, separators=(",", ":")),
            body,
            problems,
            refs,
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...], keep: bool = False) -> FileRecord:
        """The record of a cache row; with ``keep``, the row stays with it until it is stored."""
        path, mtime_ns, size, entry_json, body, problems_json = row[:6]
        entry: Any = None
        if entry_json is not None:
            values = json.loads(entry_json)
            if path == SETTINGS_FILE:
                entry = LibrarySettings.from_values(values)
            elif path.startswith("candidates/"):
                entry = CandidateEntry(*values, body=body or "")
            else:
                entry = OpeningEntry(*values)
        problems = [Problem(**p) for p in json.loads(problems_json)] if problems_json else []
        return cls(path, mtime_ns, size, entry, problems, tuple(row) if keep else None)


# every field but the body, which has a column of its own (it is most of the bytes)
_ENTRY_FIELDS = [f.name for f in fields(CandidateEntry) if f.name != "body"]


def read_file(root: Path, rel: str, st: os.stat_result | None = None) -> FileRecord:
    """Parse one library file into its cache line; never raises for a bad file.

    Only plain files inside the library are read: a FIFO, a device, a symbolic link or a
    file over the size limit becomes a problem naming the file.
    """
    try:
        st = st or os.lstat(os.path.join(root, rel))
        if rel in FOLDERS:  # scan lists a record folder only when it is a link leaving the library
            check_folder(root, rel)
        raw = read_library_file(root, rel)
    except InvalidFile as err:
        return FileRecord(rel, st.st_mtime_ns, st.st_size, None, err.problems)
    except OSError as err:
        unreadable = Problem(rel, 1, 1, "error", f"cannot be read: {err.strerror}", ProblemKind.UNREADABLE)
        return FileRecord(rel, 0, -1, None, [unreadable])
    folder, _, filename = rel.partition("/")
    if rel != SETTINGS_FILE and (folder not in FOLDERS or not filename.endswith(".yaml") or "/" in filename):
        what = f"not a library file (those are {SETTINGS_FILE}, candidates/*.yaml and openings/*.yaml)"
        return FileRecord(rel, st.st_mtime_ns, st.st_size, None, [Problem(rel, 1, 1, "error", what)])
    from runnerup_tui.domain.model import RECORD_TYPES, Candidate, Opening, Settings  # parsing a file needs the models
    from runnerup_tui.store.parsing import parse_record

    model = Settings if rel == SETTINGS_FILE else RECORD_TYPES[folder]
    parsed = parse_record(raw, rel, model, fast=True)
    problems = list(parsed.problems)
    stem = filename.removesuffix(".yaml")
    if model is not Settings and not is_slug(stem):
        problems.insert(
            0, Problem(rel, 1, 1, "warning", f"file name `{filename}` is not a lowercase id like `ada-lovelace.yaml`")
        )
    record = parsed.record
    entry: Any = None
    if isinstance(record, Candidate):
        entry = CandidateEntry.from_candidate(stem, record)
    elif isinstance(record, Opening):
        entry = OpeningEntry.from_opening(stem, record)
    elif isinstance(record, Settings):
        entry = LibrarySettings.from_values(record.model_dump(mode="json", exclude_unset=True))
    return FileRecord(rel, st.st_mtime_ns, st.st_size, entry, problems)


def _read_many(root: str, rels: list[str]) -> list[tuple[Any, ...]]:
    # runs in a worker process; cache rows cross the process boundary cheaply
    gc.disable()
    rows = []
    folder = Path(root)
    for rel in rels:
        rows.append(read_file(folder, rel).to_row())
        _sweep_cycles()
    return rows


def _sweep_cycles() -> None:
    """Free the cycles files read so far left behind, while the collector is paused."""
    if gc.get_count()[0] > SWEEP_AFTER:
        gc.collect(0)


@contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """The cyclic garbage collector paused for a block; ``freeze`` then moves what survived out of its sight.

    Loading the index allocates tens of thousands of objects that make no cycles: a collection
    every few hundred of them, and rescanning them for ever after, costs ~100 ms at 10,000.
    The CLI, the app's session and the index's own reading all pause it this way.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def scan(root: Path) -> dict[str, os.stat_result]:
    """Stat every library file: ``runnerup.yaml`` and ``*.yaml`` in the record folders."""
    found: dict[str, os.stat_result] = {}
    try:
        found[SETTINGS_FILE] = (root / SETTINGS_FILE).lstat()
    except FileNotFoundError:
        pass
    for folder in FOLDERS:
        if leaves_library(root, folder):
            try:
                found[folder] = (root / folder).lstat()  # read_file reports it; its files are not read
            except OSError:
                pass
            continue
        try:
            with os.scandir(root / folder) as it:
                for item in it:
                    if item.name.endswith(".yaml") and not item.name.startswith("."):
                        found[f"{folder}/{item.name}"] = item.stat(follow_symlinks=False)
        except (FileNotFoundError, NotADirectoryError):
            continue
    return found


class Index:
    """Every file of one library, summarised; kept current with :meth:`refresh`.

    A ``lazy`` load reads only each file's stat key from the cache: records are decoded when first
    asked for, and questions the cache can answer in SQL (problems, broken files, opening references)
    decode nothing. A command that needs three candidates of 10,000 then pays for three.
    """

    def __init__(self, root: Path, cache_file: Path | None) -> None:
        self.root = root
        self.cache_file = cache_file
        self._files: dict[str, FileRecord] = {}  # the records in memory (decoded, or read from the files)
        # a lazy load's other files: (mtime_ns, size) as the cache has them, decoded when asked for; plain
        # tuples, as 10,000 records would cost a command more than the question it asks
        self._keys: dict[str, tuple[int, int]] = {}
        self._lazy = False
        self.reparsed = 0  # files parsed by the last refresh (the rest came from the cache)
        self._rebuild_cache = False
        self._views: tuple[dict[str, CandidateEntry], dict[str, OpeningEntry]] | None = None
        # a write to the cache failed: it lacks what this index read since, and its derived tables would answer
        # from older records (until a write of every row succeeds)
        self.cache_behind = False

    # -- loading ---------------------------------------------------------------------------

    def load(
        self, progress: Progress | None = None, *, lazy: bool = False, scanned: dict[str, os.stat_result] | None = None
    ) -> Index:
        """Load the cache, then bring it up to date with the files on disk; ``lazy``: stat keys only.

        ``scanned`` is :func:`scan` of the library when the caller has just made it (then it is not made again).
        """
        self._files, self._keys = ({}, self._read_keys()) if lazy else (self._read_cache(), {})
        self._lazy = lazy
        self._views = None
        self._rebuild_cache = not self._files and not self._keys
        self.refresh(progress, scanned)
        return self

    @property
    def files(self) -> dict[str, FileRecord]:
        """Every file's record by library-relative path (a lazy load decodes them all now)."""
        self._decode(self._pending)
        return self._files

    @property
    def paths(self) -> list[str]:
        """Every library file's path, decoding nothing."""
        return [*self._files, *self._keys]

    @property
    def _pending(self) -> KeysView[str]:
        return self._keys.keys()

    @property
    def undecoded(self) -> KeysView[str]:
        """Paths of the files the cache still answers for: fresh there, not decoded."""
        return self._keys.keys()

    def decoded(self) -> Iterator[tuple[str, FileRecord]]:
        """(path, record) of the files in memory: decoded, or read from disk since the cache was written."""
        return iter(self._files.items())

    def refresh(self, progress: Progress | None = None, on_disk: dict[str, os.stat_result] | None = None) -> list[str]:
        """Re-parse files whose stat key changed; drop deleted ones. Returns changed paths.

        ``on_disk``: :func:`scan` of the library, when the caller has just made it.
        """
        on_disk = scan(self.root) if on_disk is None else on_disk
        files, keys = self._files, self._keys
        stale = [
            rel
            for rel, st in on_disk.items()
            if (
                keys.get(rel) != (st.st_mtime_ns, st.st_size)
                if (rec := files.get(rel)) is None
                else rec.mtime_ns != st.st_mtime_ns or rec.size != st.st_size
            )
        ]
        gone = [rel for rel in (*files, *keys) if rel not in on_disk]
        for rel in gone:
            files.pop(rel, None)
        for rel in stale + gone:
            keys.pop(rel, None)
        self.reparsed = len(stale)
        if self._lazy and self._rebuild_cache and not files and not keys and self._parallel(len(stale)):
            # a lazy load's first index: the workers' rows go into the fresh cache as they came, and are
            # decoded when asked for (decoding 10,000 here took a core from the workers)
            rows = self._parse_rows(stale, progress)
            if self._store_fresh(rows):
                keys.update((row[0], (row[1], row[2])) for row in rows)
                self._rebuild_cache = False
                self._views = None
                return stale + gone
            with collector_paused():  # the cache could not take them: they are kept in memory
                files.update((row[0], FileRecord.from_row(row)) for row in rows)
            return stale + gone
        for record in self._read(stale, on_disk, progress):
            self._files[record.path] = record
        if stale or gone or self._rebuild_cache:
            self._write_cache(stale + gone, everything=self._rebuild_cache)
            self._rebuild_cache = False
            self._views = None
        return stale + gone

    def update(self, rels: Iterable[str]) -> None:
        """Re-read the named files now (after the app wrote them)."""
        rels = list(rels)
        for rel in rels:
            self._keys.pop(rel, None)
        for rel in rels:
            if (self.root / rel).exists():
                self._files[rel] = read_file(self.root, rel)
            else:
                self._files.pop(rel, None)
        self._views = None
        self._write_cache(rels)

    def _read(
        self, rels: list[str], stats: dict[str, os.stat_result], progress: Progress | None
    ) -> Iterable[FileRecord]:
        total = len(rels)
        if not self._parallel(total):
            with collector_paused():  # see SWEEP_AFTER
                for done, rel in enumerate(rels, 1):
                    yield read_file(self.root, rel, stats.get(rel))
                    _sweep_cycles()
                    if progress and done % 200 == 0:
                        progress(done, total)
            return
        for rows in self._batches(rels, progress):
            with collector_paused():  # decoding makes no cycles; a collection per few rows is wasted
                records = [FileRecord.from_row(row, keep=True) for row in rows]
            yield from records

    @staticmethod
    def _parallel(count: int) -> bool:
        return count >= PARALLEL_FROM and (os.cpu_count() or 1) >= 2

    def _batches(self, rels: list[str], progress: Progress | None) -> Iterator[list[tuple[Any, ...]]]:
        """The cache rows of ``rels``, read by worker processes, a batch at a time."""
        # ~15 ms to import, which a warm command does not pay (the app imports it at start: see tui/app.py)
        from concurrent.futures import ProcessPoolExecutor

        total = len(rels)
        workers = min(os.cpu_count() or 2, 8)
        # small batches: the workers take the next one as they finish, so they end together (a batch
        # of 10,000 / 16 left one worker reading alone for a tenth of a second) and rows arrive steadily
        chunk = max(25, total // (workers * 32))
        batches = [rels[i : i + chunk] for i in range(0, total, chunk)]
        done = 0
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for rows in pool.map(_read_many, [str(self.root)] * len(batches), batches):
                yield rows
                done += len(rows)
                if progress:
                    progress(done, total)

    def _parse_rows(self, rels: list[str], progress: Progress | None) -> list[tuple[Any, ...]]:
        return [row for rows in self._batches(rels, progress) for row in rows]

    def _store_fresh(self, rows: list[tuple[Any, ...]]) -> bool:
        """A new cache of exactly ``rows`` (every file's); False when it could not be written."""
        opened = self._open_for_write()
        if opened is None:
            return False
        db, _ = opened
        try:
            with db:
                self._start_afresh(db)
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
                for table in DERIVED:
                    table.store(db, [], [], True)
            self.cache_behind = False
            return True
        except sqlite3.Error:
            self.cache_behind = True
            return False
        finally:
            db.close()

    def _decode(self, rels: Iterable[str]) -> None:
        """Decode the records of pending ``rels`` from the cache (or, if the cache lost them, the files)."""
        wanted = self._keys.keys() & set(rels)
        if not wanted:
            return
        rows = self._cached(wanted, "path, mtime_ns, size, entry, body, problems, refs")
        with collector_paused():
            for rel in wanted:
                row = rows.get(rel)
                self._files[rel] = FileRecord.from_row(row) if row is not None else read_file(self.root, rel)
        for rel in wanted:
            del self._keys[rel]
        self._views = None

    def _cached(self, rels: set[str], columns: str) -> dict[str, tuple[Any, ...]]:
        """The cache's ``columns`` (path first) of the rows of ``rels``; {} if it cannot say (another version
        of runnerup rebuilt it meanwhile, or it is gone)."""
        if self.cache_file is None or not rels:
            return {}
        try:
            db = self._connect(write=False)
            try:
                db.execute("BEGIN")  # one snapshot: the version and the rows
                if not self._same_version(db):
                    return {}
                if len(rels) > 500:  # most of the library: one pass beats many lookups
                    return {row[0]: row for row in db.execute(f"SELECT {columns} FROM files") if row[0] in rels}
                found: dict[str, tuple[Any, ...]] = {}
                ordered = sorted(rels)
                for i in range(0, len(ordered), 500):
                    part = ordered[i : i + 500]
                    query = f"SELECT {columns} FROM files WHERE path IN ({','.join('?' * len(part))})"
                    found.update((row[0], row) for row in db.execute(query, part))
                return found
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            return {}

    def _same_version(self, db: sqlite3.Connection) -> bool:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        return meta.get("fingerprint") == _code_fingerprint() and meta.get("root") == str(self.root)

    def ask(self, question: Callable[[sqlite3.Connection], T], *, write: bool = False) -> T | None:
        """``question(db)`` asked of the cache in one read snapshot; None when there is no cache of this
        version of runnerup to ask (then the caller works from :attr:`files`).

        Its rows are as fresh as this index: a pending file's row is the one its stat key was read from,
        or a newer one another runnerup of this same version wrote since. With ``write``, the question may
        also change the cache (a derived table filled in when first needed): one write transaction, committed
        when it returns.
        """
        if self.cache_file is None:
            return None
        try:
            db = self._connect(write=write)
            try:
                db.execute("BEGIN IMMEDIATE" if write else "BEGIN")  # one snapshot: the version and the rows
                if not self._same_version(db):
                    return None  # rebuilt meanwhile by another version of runnerup
                answer = question(db)
                if write:
                    db.commit()
                return answer
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            return None

    def _answered(self, columns: str, where: str) -> dict[str, tuple[Any, ...]] | None:
        """Rows of pending files matching ``where``, asked of the cache; None when it cannot answer (decode then)."""
        if not self._pending:
            return {}
        rows = self.ask(lambda db: db.execute(f"SELECT {columns} FROM files WHERE {where}").fetchall())
        return None if rows is None else {row[0]: row for row in rows if row[0] in self._pending}

    # -- cache ---------------------------------------------------------------------------
    # One sqlite row per file: a write updates one row instead of rewriting the whole
    # cache, and two runnerup processes on one library do not corrupt it.

    def _connect(self, write: bool = True) -> sqlite3.Connection:
        """A connection to the cache; one that only reads skips making the tables (a read of a cache that lacks
        them fails, and is answered as a cache that cannot say)."""
        assert self.cache_file is not None
        if not write:
            return sqlite3.connect(self.cache_file, timeout=10)  # WAL mode is the file's own, set by writers
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.cache_file, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA secure_delete=ON")  # a forgotten candidate's notes do not linger in free pages
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            try:
                _create_files_table(db)
            except sqlite3.OperationalError:  # a table of an older shape: its rows are of no use to this version
                db.execute("DROP TABLE IF EXISTS files")
                _create_files_table(db)
        except BaseException:
            db.close()
            raise
        return db

    def _remove_cache(self) -> None:
        """Delete a damaged cache with its write-ahead log, which would otherwise bring it back."""
        assert self.cache_file is not None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.cache_file}{suffix}").unlink(missing_ok=True)

    def _read_cache(self) -> dict[str, FileRecord]:
        rows = self._read_rows("SELECT path, mtime_ns, size, entry, body, problems, refs FROM files")
        try:
            return {row[0]: FileRecord.from_row(row) for row in rows}
        except (ValueError, TypeError):
            return {}  # a damaged cache only costs a re-parse

    def _read_keys(self) -> dict[str, tuple[int, int]]:
        """Each cached file's stat key, from an index that covers them (no entry is read)."""
        rows = self._read_rows("SELECT path, mtime_ns, size FROM files")
        return {path: (mtime_ns, size) for path, mtime_ns, size in rows}

    def _read_rows(self, query: str) -> list[tuple[Any, ...]]:
        if self.cache_file is None:
            return []
        try:
            db = self._connect(write=False)
            try:
                return db.execute(query).fetchall() if self._same_version(db) else []
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            return []  # a missing or damaged cache only costs a re-parse

    def _open_for_write(self) -> tuple[sqlite3.Connection, bool] | None:
        """A connection to write the cache, and whether it was damaged and so made afresh; None when there is no
        cache or it cannot be written (a read-only cache location only costs speed)."""
        if self.cache_file is None:
            return None
        try:
            try:
                return self._connect(), False
            except sqlite3.DatabaseError:  # not a database (damaged): start afresh
                self._remove_cache()
                return self._connect(), True
        except (sqlite3.Error, OSError):
            self.cache_behind = True
            return None

    def _start_afresh(self, db: sqlite3.Connection) -> None:
        """An empty files table stamped with this version of runnerup, in the caller's transaction."""
        db.execute("DROP TABLE IF EXISTS files")  # also a table of an older cache's shape
        _create_files_table(db)
        db.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("fingerprint", _code_fingerprint()), ("root", str(self.root))],
        )

    def _write_cache(self, changed: Iterable[str], everything: bool = False) -> None:
        """Store the rows of ``changed`` paths (all rows when ``everything``)."""
        opened = self._open_for_write()
        if opened is None:
            return
        db, damaged = opened
        everything = everything or damaged
        try:
            if everything:
                self._decode(self._pending)  # before the rows they would be decoded from are dropped
            with db:
                if everything:
                    self._start_afresh(db)
                    changed = list(self._files)
                stored = [self._files[rel] for rel in changed if rel in self._files]
                gone = [rel for rel in changed if rel not in self._files]
                rows = [record.to_row() for record in stored]
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
                db.executemany("DELETE FROM files WHERE path = ?", [(rel,) for rel in gone])
                for table in DERIVED:  # in the same transaction: never out of step with the files table
                    table.store(db, stored, gone, everything)
            for record in self._files.values():
                record.row = None  # stored: the memory goes back
        except sqlite3.Error:
            # a damaged cache file: start it afresh next time
            db.close()
            self._remove_cache()
            self.cache_behind = True
            return
        db.close()
        if everything:
            self.cache_behind = False

    # -- views -----------------------------------------------------------------------------

    def _by_id(self) -> tuple[dict[str, CandidateEntry], dict[str, OpeningEntry]]:
        if self._views is None:
            self._decode(self._pending)
            candidates = {e.id: e for rec in self._files.values() if isinstance(e := rec.entry, CandidateEntry)}
            openings = {e.id: e for rec in self._files.values() if isinstance(e := rec.entry, OpeningEntry)}
            self._views = (candidates, openings)
        return self._views

    @property
    def candidates(self) -> dict[str, CandidateEntry]:
        """Valid candidates by id (the same dict until the index changes: do not modify)."""
        return self._by_id()[0]

    @property
    def openings(self) -> dict[str, OpeningEntry]:
        """Valid openings by id (decodes only the openings' records)."""
        self._decode([rel for rel in self._pending if rel.startswith("openings/")])
        if self._views is not None:
            return self._views[1]
        return {e.id: e for rec in self._files.values() if isinstance(e := rec.entry, OpeningEntry)}

    @property
    def settings(self) -> LibrarySettings:
        self._decode([SETTINGS_FILE])
        rec = self._files.get(SETTINGS_FILE)
        return rec.entry if rec and isinstance(rec.entry, LibrarySettings) else LibrarySettings()

    @property
    def problems(self) -> list[Problem]:
        """Every file's problems, by path (a lazy load asks the cache, decoding no entry)."""
        found = self._answered("path, problems", "problems IS NOT NULL")
        if found is None:
            self._decode(self._pending)
            found = {}
        by_path = {rel: rec.problems for rel, rec in self._files.items() if rel not in self._pending}
        by_path.update((rel, [Problem(**p) for p in json.loads(row[1])]) for rel, row in found.items())
        return [p for rel in sorted(by_path) for p in by_path[rel]]

    def broken(self, folder: str) -> dict[str, Problem]:
        """Files in ``folder`` that hold no valid record, by id, with their first problem."""
        found = self._answered("path, problems", f"entry IS NULL AND problems IS NOT NULL AND path LIKE '{folder}/%'")
        if found is None:
            self._decode(self._pending)
            found = {}
        by_path = {
            rel: rec.problems
            for rel, rec in self._files.items()
            if rel not in self._pending and rec.entry is None and rec.problems
        }
        by_path.update((rel, [Problem(**p) for p in json.loads(row[1])]) for rel, row in found.items())
        return {
            rel.split("/", 1)[1].removesuffix(".yaml"): problems[0]
            for rel, problems in by_path.items()
            if rel.startswith(folder + "/")
        }

    def opening_refs(self) -> dict[str, list[str]]:
        """The openings each valid candidate's touchpoints name, by candidate id (only those naming any)."""
        found = self._answered("path, refs", "refs IS NOT NULL")
        if found is None:
            self._decode(self._pending)
            found = {}
        refs = {
            e.id: e.opening_refs
            for rel, rec in self._files.items()
            if rel not in self._pending and isinstance(e := rec.entry, CandidateEntry) and e.opening_refs
        }
        refs.update(
            (rel.split("/", 1)[1].removesuffix(".yaml"), row[1].split("\n"))
            for rel, row in found.items()
            if rel.startswith("candidates/")
        )
        return refs


_FILES_TABLE = (
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER,"
    " entry TEXT, body TEXT, problems TEXT, refs TEXT)"
)
# A lazy load reads the stat keys from an index that covers them, and the questions a command asks of
# the cache (problems, broken files, opening references) from partial indexes of the few rows that have
# any: neither reads the pages of 10,000 entries.
_FILES_INDEXES = (
    "CREATE INDEX IF NOT EXISTS files_keys ON files (path, mtime_ns, size)",
    "CREATE INDEX IF NOT EXISTS files_problems ON files (path) WHERE problems IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS files_refs ON files (path) WHERE refs IS NOT NULL",
)


def _create_files_table(db: sqlite3.Connection) -> None:
    db.execute(_FILES_TABLE)
    for statement in _FILES_INDEXES:
        db.execute(statement)
    for table in DERIVED:
        table.create(db)


class DerivedTable(Protocol):
    """A table of the cache derived from the files' records (a search index, a pre-computed agenda).

    The index keeps it in step: :meth:`store` runs in the transaction that stores the files' rows.
    """

    def create(self, db: sqlite3.Connection) -> None:
        """Create the table if it is not there (runs on every connection: ``IF NOT EXISTS``)."""

    def store(self, db: sqlite3.Connection, records: list[FileRecord], gone: list[str], everything: bool) -> None:
        """Bring the table up to date with ``records`` just stored and paths ``gone``; ``everything``: the
        files table was just rebuilt and ``records`` are all of them (start the table afresh)."""


# The cache's derived tables, in the order they are stored.
DERIVED: tuple[DerivedTable, ...] = (SEARCH_INDEX, AgendaTable())
