"""Every candidate's agenda planned ahead in the index cache, dropped when its file changes and planned again by
the next `due`, which selects the day's lines in SQL in the order it prints them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from typing import TYPE_CHECKING, Any

from runnerup_tui.store.stamps import code_stamp

if TYPE_CHECKING:  # the planning is imported when rows are planned, not by every command that opens the index
    from runnerup_tui.domain.settings import LibrarySettings
    from runnerup_tui.store.index import FileRecord, Index

FOLDER = "candidates/"
TODAY_DAY = -1  # the day of an item dated today, whichever day that is
_IN_FOLDER = "path >= 'candidates/' AND path < 'candidates0'"  # '0' follows '/': every path in the folder
_STAMP_KEY = "agenda"  # in the cache's meta table: the settings and the code the rows were planned with

# Stored in the order `due` lists them (its groups, then day, name and id): the query reads them in that order and
# sorts nothing, but for items dated today (a newsletter invite with no rejection date, rare: day TODAY_DAY).
_TABLES = (
    "CREATE TABLE IF NOT EXISTS agenda (reason INTEGER, day INTEGER, name TEXT, id TEXT, first INTEGER,"
    " last INTEGER, reach INTEGER, slot INTEGER, json_head TEXT, json_tail TEXT, text_head TEXT, text_tail TEXT,"
    " path TEXT, PRIMARY KEY (reason, day, name, id, first)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS agenda_paths ON agenda (path)",
    f"CREATE INDEX IF NOT EXISTS agenda_dated_today ON agenda (reason) WHERE day = {TODAY_DAY}",
    # the candidates whose rows are in `agenda` (also those with none): one row each, to find the missing ones
    "CREATE TABLE IF NOT EXISTS agenda_planned (path TEXT PRIMARY KEY) WITHOUT ROWID",
)

_STORED_ORDER = "reason, day, name, id, first"
_TODAY_ORDER = f"reason, (CASE day WHEN {TODAY_DAY} THEN :today ELSE day END), name, id, first"
_ANY_DATED_TODAY = f"SELECT EXISTS (SELECT 1 FROM agenda WHERE day = {TODAY_DAY})"


@functools.cache
def _select(form: str, order: str) -> str:
    """The query of the day's lines (``form``: json or text), in ``order``."""
    from runnerup_tui.domain.agenda_plan import ALWAYS, DAYS, NO_SLOT, WHEN, WITHIN

    days = "(CASE WHEN day > :today + 1 THEN ' days' ELSE ' day' END)"
    # the one part of a line that moves with the day: domain.agenda_plan.slot_text in SQL, of d = day - today
    slot = f"""(CASE slot
        WHEN {NO_SLOT} THEN ''
        WHEN {WHEN} THEN (CASE WHEN day < :today THEN 'overdue by ' || (:today - day)
                                  || (CASE WHEN day < :today - 1 THEN ' days' ELSE ' day' END)
                             WHEN day = :today THEN 'due today'
                             ELSE 'due in ' || (day - :today) || {days} END)
        WHEN {DAYS} THEN (day - :today) || {days}
        ELSE :iso END)"""
    # the lines as UTF-8 bytes, written out as they come: decoding and encoding 5 MB again costs more than the query
    return f"""SELECT reason, CAST({form}_head || {slot} || {form}_tail AS BLOB) FROM agenda
        WHERE first <= :today AND last >= :today
          AND (reach = {ALWAYS} OR day <= (CASE reach WHEN {WITHIN} THEN :horizon ELSE :consent_horizon END))
        ORDER BY {order}"""


class AgendaTable:
    """The planned agenda as a derived table of the index cache (see ``store.index.DERIVED``)."""

    def create(self, db: sqlite3.Connection) -> None:
        """Create the tables if they are not there (afresh if another version left them in another shape)."""
        try:
            for statement in _TABLES:
                db.execute(statement)
        except sqlite3.OperationalError:  # its rows are of no use to this version: the next `due` plans them
            db.execute("DROP TABLE IF EXISTS agenda")
            db.execute("DROP TABLE IF EXISTS agenda_planned")
            for statement in _TABLES:
                db.execute(statement)

    def store(self, db: sqlite3.Connection, records: list[FileRecord], gone: list[str], everything: bool) -> None:
        """Drop the rows of candidates whose file changed: the next ``due`` plans them again.

        Planning here would make the first index pay for every candidate's agenda, which most commands never ask.
        """
        if everything:
            db.execute("DELETE FROM agenda")
            db.execute("DELETE FROM agenda_planned")
            return
        changed = [(rel,) for rel in [*(r.path for r in records), *gone] if rel.startswith(FOLDER)]
        db.executemany("DELETE FROM agenda WHERE path = ?", changed)
        db.executemany("DELETE FROM agenda_planned WHERE path = ?", changed)


def agenda_lines(
    index: Index, settings: LibrarySettings, today: dt.date, within: int, *, as_json: bool
) -> list[tuple[int, bytes]] | None:
    """``runnerup due``'s lines for ``today`` and ``within``, in order, each with its group (its index in
    ``domain.agenda.REASONS``): JSON objects, or text lines escaped for a terminal; in UTF-8.

    Candidates planned by no ``due`` since their file changed are planned first. None when the cache cannot
    answer (none there, another version's, behind this index, or not writable for what is missing): then the
    caller works out the agenda from the entries.
    """
    from runnerup_tui.domain.agenda import CONSENT_WARNING_DAYS
    from runnerup_tui.domain.terms import add_days

    if index.cache_behind:
        return None
    consent_days = max(within, CONSENT_WARNING_DAYS)
    params = {
        "today": today.toordinal(),
        "iso": today.isoformat(),
        "horizon": add_days(today, within).toordinal(),
        "consent_horizon": add_days(today, consent_days).toordinal(),
    }
    form = "json" if as_json else "text"
    stamp = _stamp(settings)

    def select(db: sqlite3.Connection) -> list[tuple[int, bytes]] | None:
        if not _complete(db, stamp):
            return None
        (dated_today,) = db.execute(_ANY_DATED_TODAY).fetchone()
        query = _select(form, _TODAY_ORDER if dated_today else _STORED_ORDER)
        return db.execute(query, params).fetchall()

    def plan_then_select(db: sqlite3.Connection) -> list[tuple[int, bytes]] | None:
        _plan_missing(db, stamp, settings)
        return select(db)

    try:
        found = index.ask(select)
        if found is None:  # rows to plan first (or no cache to ask: then this asks nothing either)
            found = index.ask(plan_then_select, write=True)
    except ValueError:  # a line that cannot be planned (or stored): the entries answer
        return None
    return found


def _complete(db: sqlite3.Connection, stamp: str) -> bool:
    """Whether every candidate's rows are planned, with these settings and this code."""
    stamped, files, planned = db.execute(
        f"SELECT (SELECT value FROM meta WHERE key = '{_STAMP_KEY}'),"
        f" (SELECT count(*) FROM files WHERE {_IN_FOLDER}), (SELECT count(*) FROM agenda_planned)"
    ).fetchone()
    # agenda_planned holds only paths of the files table (both change in one transaction): equal counts, same paths
    return stamped == stamp and files == planned


def _plan_missing(db: sqlite3.Connection, stamp: str, settings: LibrarySettings) -> None:
    """Plan the candidates that have no rows (all of them after a change of settings or code)."""
    from runnerup_tui.domain.agenda_plan import plan
    from runnerup_tui.domain.summary import CandidateEntry
    from runnerup_tui.store.index import FileRecord, collector_paused

    if db.execute(f"SELECT value FROM meta WHERE key = '{_STAMP_KEY}'").fetchone() != (stamp,):
        db.execute("DROP TABLE agenda")  # in whatever shape the code that planned them gave it
        db.execute("DROP TABLE agenda_planned")
        AgendaTable().create(db)
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (_STAMP_KEY, stamp))
    missing = db.execute(
        f"SELECT path, mtime_ns, size, entry, NULL, NULL FROM files WHERE {_IN_FOLDER}"
        " AND path NOT IN (SELECT path FROM agenda_planned)"
    ).fetchall()
    rows: list[tuple[Any, ...]] = []
    with collector_paused():  # tens of thousands of strings, no cycles
        for row in missing:
            entry = FileRecord.from_row(row).entry
            if isinstance(entry, CandidateEntry):
                for item in plan(entry, settings):
                    reason, day, *rest = item.values()
                    rows.append((reason, TODAY_DAY if day is None else day, *rest, row[0]))
    rows.sort(key=lambda row: row[:5])  # in the table's order: appended to its b-tree, not inserted all over it
    db.executemany(f"INSERT INTO agenda VALUES ({', '.join('?' * 13)})", rows)
    db.executemany("INSERT INTO agenda_planned VALUES (?)", [(row[0],) for row in missing])


def _stamp(settings: LibrarySettings) -> str:
    """The settings and the code the agenda's rows are planned with."""
    return f"{code_stamp()}:{json.dumps(settings.to_values(), sort_keys=True)}"
