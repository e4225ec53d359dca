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
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from runnerup_tui.domain.names import is_slug
from runnerup_tui.domain.problems import InvalidFile, Problem, ProblemKind
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.summary import CandidateEntry, OpeningEntry
from runnerup_tui.store.reading import check_folder, leaves_library, read_library_file

CACHE_VERSION = 8
SETTINGS_FILE = "runnerup.yaml"
FOLDERS = ("candidates", "openings")  # the record folders; the models they hold are in domain.model.RECORD_TYPES
PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves
# Reading runs with the collector paused (its automatic runs cost ~30 %), but ruamel's loader
# leaves ~21 objects in reference cycles per file it reads (~27 KB): the young generation is
# swept by hand once this many objects have piled up in it, which frees them and stays cheap.
SWEEP_AFTER = 5000

Progress = Callable[[int, int], None]


def _code_fingerprint() -> str:
    """Changes whenever the code that makes an entry changes, so a stale cache is never used."""
    from runnerup_tui import __version__

    package = Path(__file__).parents[1]
    made_by = (
        "domain/model.py",
        "domain/terms.py",
        "domain/settings.py",
        "domain/summary.py",
        "domain/names.py",
        "store/parsing.py",
        "store/index.py",
    )
    stamps = [str(int((package / name).stat().st_mtime)) for name in made_by]
    return f"{CACHE_VERSION}:{__version__}:{':'.join(stamps)}"


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
        """(path, mtime_ns, size, entry JSON, body, problems JSON): one cache row."""
        if self.row is not None:
            return self.row
        body = None
        if isinstance(self.entry, LibrarySettings):
            entry: Any = self.entry.to_values()
        elif isinstance(self.entry, CandidateEntry):
            entry = [getattr(self.entry, name) for name in _ENTRY_FIELDS]
            body = self.entry.body
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
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...], keep: bool = False) -> FileRecord:
        """The record of a cache row; with ``keep``, the row stays with it until it is stored."""
        path, mtime_ns, size, entry_json, body, problems_json = row
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
    """Every file of one library, summarised; kept current with :meth:`refresh`."""

    def __init__(self, root: Path, cache_file: Path | None) -> None:
        self.root = root
        self.cache_file = cache_file
        self.files: dict[str, FileRecord] = {}
        self.reparsed = 0  # files parsed by the last refresh (the rest came from the cache)
        self._rebuild_cache = False
        self._views: tuple[dict[str, CandidateEntry], dict[str, OpeningEntry]] | None = None

    # -- loading ---------------------------------------------------------------------------

    def load(self, progress: Progress | None = None) -> Index:
        """Load the cache, then bring it up to date with the files on disk."""
        self.files = self._read_cache()
        self._views = None
        self._rebuild_cache = not self.files
        self.refresh(progress)
        return self

    def refresh(self, progress: Progress | None = None) -> list[str]:
        """Re-parse files whose stat key changed; drop deleted ones. Returns changed paths."""
        on_disk = scan(self.root)
        stale = [
            rel
            for rel, st in on_disk.items()
            if (rec := self.files.get(rel)) is None or rec.mtime_ns != st.st_mtime_ns or rec.size != st.st_size
        ]
        gone = [rel for rel in self.files if rel not in on_disk]
        for rel in gone:
            del self.files[rel]
        self.reparsed = len(stale)
        for record in self._read(stale, on_disk, progress):
            self.files[record.path] = record
        if stale or gone or self._rebuild_cache:
            self._write_cache(stale + gone, everything=self._rebuild_cache)
            self._rebuild_cache = False
            self._views = None
        return stale + gone

    def update(self, rels: Iterable[str]) -> None:
        """Re-read the named files now (after the app wrote them)."""
        rels = list(rels)
        for rel in rels:
            if (self.root / rel).exists():
                self.files[rel] = read_file(self.root, rel)
            else:
                self.files.pop(rel, None)
        self._views = None
        self._write_cache(rels)

    def _read(
        self, rels: list[str], stats: dict[str, os.stat_result], progress: Progress | None
    ) -> Iterable[FileRecord]:
        total = len(rels)
        if total < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
            with collector_paused():  # see SWEEP_AFTER
                for done, rel in enumerate(rels, 1):
                    yield read_file(self.root, rel, stats.get(rel))
                    _sweep_cycles()
                    if progress and done % 200 == 0:
                        progress(done, total)
            return
        workers = min(os.cpu_count() or 2, 8)
        # small batches: the workers take the next one as they finish, so they end together (a batch
        # of 10,000 / 16 left one worker reading alone for a tenth of a second) and rows arrive steadily
        chunk = max(25, total // (workers * 32))
        batches = [rels[i : i + chunk] for i in range(0, total, chunk)]
        done = 0
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for rows in pool.map(_read_many, [str(self.root)] * len(batches), batches):
                with collector_paused():  # decoding makes no cycles; a collection per few rows is wasted
                    records = [FileRecord.from_row(row, keep=True) for row in rows]
                yield from records
                done += len(rows)
                if progress:
                    progress(done, total)

    # -- cache ---------------------------------------------------------------------------
    # One sqlite row per file: a write updates one row instead of rewriting the whole
    # cache, and two runnerup processes on one library do not corrupt it.

    def _connect(self) -> sqlite3.Connection:
        assert self.cache_file is not None
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.cache_file, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA secure_delete=ON")  # a forgotten candidate's notes do not linger in free pages
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER,"
            " entry TEXT, body TEXT, problems TEXT)"
        )
        return db

    def _read_cache(self) -> dict[str, FileRecord]:
        if self.cache_file is None:
            return {}
        try:
            db = self._connect()
            try:
                meta = dict(db.execute("SELECT key, value FROM meta"))
                if meta.get("fingerprint") != _code_fingerprint() or meta.get("root") != str(self.root):
                    return {}
                rows = db.execute("SELECT path, mtime_ns, size, entry, body, problems FROM files").fetchall()
            finally:
                db.close()
            return {row[0]: FileRecord.from_row(row) for row in rows}
        except (sqlite3.Error, OSError, ValueError, TypeError):
            return {}  # a missing or damaged cache only costs a re-parse

    def _write_cache(self, changed: Iterable[str], everything: bool = False) -> None:
        """Store the rows of ``changed`` paths (all rows when ``everything``)."""
        if self.cache_file is None:
            return
        try:
            try:
                db = self._connect()
            except sqlite3.DatabaseError:  # not a database (damaged): start afresh
                self.cache_file.unlink(missing_ok=True)
                db = self._connect()
                everything = True
        except (sqlite3.Error, OSError):
            return  # a read-only cache location only costs speed
        try:
            with db:
                if everything:
                    db.execute("DELETE FROM files")
                    db.executemany(
                        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                        [("fingerprint", _code_fingerprint()), ("root", str(self.root))],
                    )
                    changed = list(self.files)
                rows = [self.files[rel].to_row() for rel in changed if rel in self.files]
                gone = [(rel,) for rel in changed if rel not in self.files]
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", rows)
                db.executemany("DELETE FROM files WHERE path = ?", gone)
            for record in self.files.values():
                record.row = None  # stored: the memory goes back
        except sqlite3.Error:
            # a damaged cache file: start it afresh next time
            db.close()
            self.cache_file.unlink(missing_ok=True)
            return
        db.close()

    # -- views -----------------------------------------------------------------------------

    def _by_id(self) -> tuple[dict[str, CandidateEntry], dict[str, OpeningEntry]]:
        if self._views is None:
            candidates = {e.id: e for rec in self.files.values() if isinstance(e := rec.entry, CandidateEntry)}
            openings = {e.id: e for rec in self.files.values() if isinstance(e := rec.entry, OpeningEntry)}
            self._views = (candidates, openings)
        return self._views

    @property
    def candidates(self) -> dict[str, CandidateEntry]:
        """Valid candidates by id (the same dict until the index changes: do not modify)."""
        return self._by_id()[0]

    @property
    def openings(self) -> dict[str, OpeningEntry]:
        return self._by_id()[1]

    @property
    def settings(self) -> LibrarySettings:
        rec = self.files.get(SETTINGS_FILE)
        return rec.entry if rec and isinstance(rec.entry, LibrarySettings) else LibrarySettings()

    @property
    def problems(self) -> list[Problem]:
        return [p for rel in sorted(self.files) for p in self.files[rel].problems]
