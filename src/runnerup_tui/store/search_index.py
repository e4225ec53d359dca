"""The cache's search index: every candidate's search text in an FTS5 trigram table, so that
``runnerup search`` reads and ranks only the candidates that can match instead of decoding them all.

The table only narrows: the candidates it gives are ranked by the very same :class:`Searcher` as the
app's search, so the answer is the one searching every entry gives. It is built by the first search
that needs it (a first index does not pay for it) and then kept in step with every file the index stores.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from runnerup_tui.domain.summary import CandidateEntry

if TYPE_CHECKING:  # the index imports this module: only a search needs the search language
    from runnerup_tui.domain.search import Query
    from runnerup_tui.domain.settings import LibrarySettings
    from runnerup_tui.store.index import FileRecord, Index

DOCS = "search_docs"  # one row per valid candidate: its search text and what ranking and output read
TEXT = "search_text"  # the FTS5 trigram index of the docs' text (external content: the text is stored once)
BUILT = "search"  # meta key: present when the two tables hold every valid candidate of the files table
TRIGRAM = 3  # FTS5's trigram tokenizer indexes runs of three characters: shorter words are looked for with instr()

# What ranking (Searcher) and `runnerup search`'s output read of an entry besides the search text: its fields
# up to `next_contact`, stored in their order (an entry is made from them positionally: twice as fast as by
# name, which is most of the time a query takes), then the folded name and facets.
_FIELDS = [f.name for f in fields(CandidateEntry)]
HIT_FIELDS = (*_FIELDS[: _FIELDS.index("next_contact") + 1], "name_key", "facets")
# json's C scanner, called without json.loads's Python layers around it (a third of the time a hit takes)
_scan_json = json.JSONDecoder().scan_once
# Qualifiers whose value is part of the folded name or facets, so of the search text, when an entry matches.
_IN_TEXT = ("skill", "tag", "interest", "owner", "role", "name")


@functools.cache
def available() -> bool:
    """Whether this Python's sqlite has FTS5 with the trigram tokenizer (sqlite >= 3.34); else search decodes."""
    try:
        db = sqlite3.connect(":memory:")
        try:
            db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram case_sensitive 1', detail=none)")
        finally:
            db.close()
    except sqlite3.Error:
        return False
    return True


class SearchIndex:
    """The derived tables of the search index (a ``store.index.DerivedTable``)."""

    def create(self, db: sqlite3.Connection) -> None:
        """Create the tables if they are not there (nothing without FTS5: search then decodes every entry)."""
        if not available():
            return
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {DOCS} (id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL,"
            " text TEXT NOT NULL, fit TEXT NOT NULL, hit TEXT NOT NULL)"
        )
        db.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TEXT} USING fts5(text, content='{DOCS}', content_rowid='id',"
            " tokenize='trigram case_sensitive 1', detail=none)"
        )

    def store(self, db: sqlite3.Connection, records: list[FileRecord], gone: list[str], everything: bool) -> None:
        """Keep the tables in step with the files' rows just stored; a rebuilt files table empties them."""
        if not available():
            # a runnerup without FTS5 cannot keep the index in step: the next one that can rebuilds it
            db.execute("DELETE FROM meta WHERE key = ?", (BUILT,))
            return
        if everything:
            self._empty(db)
            return
        if not _built(db):
            return
        latest = {record.path: record.entry for record in records}  # a path named twice is stored once
        _delete(db, [*latest, *dict.fromkeys(gone)])
        _insert(db, [(path, entry) for path, entry in latest.items() if isinstance(entry, CandidateEntry)])
        if gone:
            # A delete only marks the row deleted in a newer segment; the trigrams of a forgotten person's notes
            # would stay in the older one. Merging the segments drops them now (secure_delete zeroes the pages).
            db.execute(f"INSERT INTO {TEXT}({TEXT}) VALUES ('optimize')")

    def _empty(self, db: sqlite3.Connection) -> None:
        # dropped, not emptied: a table of another shape (an older runnerup's) goes too
        db.execute("DELETE FROM meta WHERE key = ?", (BUILT,))
        db.execute(f"DROP TABLE IF EXISTS {TEXT}")
        db.execute(f"DROP TABLE IF EXISTS {DOCS}")
        self.create(db)

    def build(self, db: sqlite3.Connection) -> bool:
        """Fill the tables from the files table, in the caller's write transaction; True when they are built."""
        from runnerup_tui.store.index import FileRecord

        if _built(db):
            return True  # another runnerup built it meanwhile
        self._empty(db)
        rows = db.execute(
            "SELECT path, mtime_ns, size, entry, body, problems, refs FROM files"
            " WHERE path LIKE 'candidates/%' AND entry IS NOT NULL"
        )
        entries = [(row[0], FileRecord.from_row(row).entry) for row in rows]
        _insert(db, [(path, e) for path, e in entries if isinstance(e, CandidateEntry)], everything=True)
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (BUILT,))
        return True


SEARCH_INDEX = SearchIndex()


def _built(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM meta WHERE key = ?", (BUILT,)).fetchone() is not None


def _delete(db: sqlite3.Connection, paths: list[str]) -> None:
    for i in range(0, len(paths), 500):
        part = paths[i : i + 500]
        old = db.execute(f"SELECT id, text FROM {DOCS} WHERE path IN ({','.join('?' * len(part))})", part).fetchall()
        # an external-content FTS5 table forgets a row only when told its old text
        db.executemany(f"INSERT INTO {TEXT}({TEXT}, rowid, text) VALUES ('delete', ?, ?)", old)
        db.executemany(f"DELETE FROM {DOCS} WHERE id = ?", [(rowid,) for rowid, _ in old])


def _insert(db: sqlite3.Connection, entries: list[tuple[str, Any]], everything: bool = False) -> None:
    rows = []
    for path, entry in entries:
        # an undecided fit is searched as pursue and as undecided (Searcher's fit index)
        fit = entry.fit if entry.fit_decided else f"{entry.fit} undecided"
        hit = json.dumps([getattr(entry, name) for name in HIT_FIELDS], separators=(",", ":"))
        rows.append((path, entry.search_text, fit, hit))
    db.executemany(f"INSERT INTO {DOCS} (path, text, fit, hit) VALUES (?, ?, ?, ?)", rows)
    if everything:
        db.execute(f"INSERT INTO {TEXT} (rowid, text) SELECT id, text FROM {DOCS}")
        return
    for i in range(0, len(rows), 500):
        part = [row[0] for row in rows[i : i + 500]]
        db.execute(
            f"INSERT INTO {TEXT} (rowid, text) SELECT id, text FROM {DOCS} WHERE path IN ({','.join('?' * len(part))})",
            part,
        )


def search_library(
    index: Index, query: Query, settings: LibrarySettings, today: dt.date | None = None
) -> list[CandidateEntry]:
    """The candidates matching ``query``, best first: from the search index when the cache has one, else by
    searching every entry. The same answer either way."""
    from runnerup_tui.domain.search import Searcher

    found = search_cached(index, query, settings, today)
    if found is None:
        found = Searcher(index.candidates.values(), settings, today).search(query)
    return found


def search_cached(
    index: Index, query: Query, settings: LibrarySettings, today: dt.date | None = None
) -> list[CandidateEntry] | None:
    """The candidates matching ``query``, best first, reading only those the search index says can match;
    None when it cannot say (no FTS5, no cache of this version, a word sqlite cannot hold)."""
    if not available():
        return None
    narrowing = _narrowing(query)
    if narrowing is None:
        return None
    rows = index.ask(lambda db: _candidates(db, *narrowing))
    if rows is None:
        if not index.ask(SEARCH_INDEX.build, write=True):
            return None
        rows = index.ask(lambda db: _candidates(db, *narrowing))
        if rows is None:
            return None
    # a cached row answers for a file whose stat key it matched when the index loaded; files read since
    # (changed on disk) answer from memory, whether or not their new rows reached the cache
    from runnerup_tui.domain.search import Searcher
    from runnerup_tui.store.index import collector_paused

    fresh = index.undecoded
    with collector_paused():  # as when the index decodes: thousands of entries, no cycles among them
        entries = [_entry(*row) for row in rows if row[0] in fresh]
        entries += [e for rel, rec in index.decoded() if isinstance(e := rec.entry, CandidateEntry)]
        return Searcher(entries, settings, today).search(query)


def _narrowing(query: Query) -> tuple[str | None, list[str], list[Any]] | None:
    """(FTS5 match expression, SQL conditions, their parameters) that every match of ``query`` satisfies.

    A superset is enough (Searcher decides): each word or value must be a substring of the search text,
    as trigrams when it has any, else by instr(); ``fit:`` by the fit column; ``due:`` and ``owner:me``
    are left to Searcher.
    """
    from runnerup_tui.domain.search import ME

    pieces = list(query.words)
    conditions: list[str] = []
    params: list[Any] = []
    for qualifier, value in query.filters:
        if qualifier in _IN_TEXT and (qualifier, value) != ("owner", ME):
            pieces.append(value)
        elif qualifier == "fit":
            conditions.append("instr(' ' || d.fit || ' ', ?) > 0")
            params.append(f" {value} ")
    trigrams: set[str] = set()
    for piece in pieces:
        try:
            piece.encode("utf-8")  # a word from undecodable command-line bytes: sqlite cannot take it
        except UnicodeEncodeError:
            return None
        if "\x00" in piece:
            return None
        # a trigram holding a quote is left out: the match syntax mangles it, and fewer trigrams still narrow
        usable = {t for i in range(len(piece) - TRIGRAM + 1) if '"' not in (t := piece[i : i + TRIGRAM])}
        if usable:
            trigrams |= usable
        else:
            conditions.append("instr(d.text, ?) > 0")
            params.append(piece)
    match = " ".join(f'"{t}"' for t in sorted(trigrams)) or None
    return match, conditions, params


def _candidates(
    db: sqlite3.Connection, match: str | None, conditions: list[str], params: list[Any]
) -> list[tuple[str, str, str]] | None:
    """(path, text, hit) of the docs satisfying the narrowing; None when the index is not built."""
    if not _built(db):
        return None
    where = list(conditions)
    args = list(params)
    if match is not None:
        where.insert(0, f"d.id IN (SELECT rowid FROM {TEXT} WHERE {TEXT} MATCH ?)")
        args.insert(0, match)
    sql = f"SELECT d.path, d.text, d.hit FROM {DOCS} d"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return db.execute(sql, args).fetchall()


def _entry(path: str, text: str, hit: str) -> CandidateEntry:
    *values, name_key, facets = _scan_json(hit, 0)[0]
    entry = CandidateEntry(*values)
    entry.name_key = name_key
    entry.facets = facets
    entry.body = text[len(name_key) + len(facets) + 2 :]  # the search text is the three, one per line
    return entry
