"""What the candidate list shows for each candidate, and the orders it can be sorted in.

Rows are computed once per library snapshot, never per keystroke or per repaint: a search
only picks which rows to show. When the library opens, only the rows on screen are built
for the first frame (:class:`RowBook`); a worker builds the rest right after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from runnerup_tui.domain.relationship import follow_up_date, last_activity
from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.summary import CandidateEntry
from runnerup_tui.domain.terms import UNDECIDED


class SortOrder(StrEnum):
    """How the list is ordered; ``MATCH`` is the search's own best-first order."""

    MATCH = "match"
    NAME = "name"
    LAST_CONTACT = "last_contact"
    FOLLOW_UP = "follow_up"

    @property
    def label(self) -> str:
        return {"match": "best match", "name": "name", "last_contact": "last contact", "follow_up": "next follow-up"}[
            self.value
        ]

    def next(self) -> SortOrder:
        orders = list(SortOrder)
        return orders[(orders.index(self) + 1) % len(orders)]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the candidate list; ``name`` and ``headline`` are display text (escaped, one line)."""

    id: str
    name: str
    headline: str
    fit: str  # the effective fit (what logging and the agenda go by)
    last_contact: dt.date | None
    follow_up: dt.date | None
    name_key: str
    fit_decided: bool = True  # False: the file has no `fit`; the list says "undecided"

    @property
    def fit_shown(self) -> str:
        """The fit as the list shows it: ``undecided`` when nobody has decided."""
        return self.fit if self.fit_decided else UNDECIDED


_UNKNOWN = object()


def row_for(entry: CandidateEntry, settings: LibrarySettings, follow_up: dt.date | None | object = _UNKNOWN) -> Row:
    """The row of ``entry``; pass ``follow_up`` when it is already known (it is the costly part)."""
    if follow_up is _UNKNOWN:
        follow_up = follow_up_date(entry, settings)
    return Row(
        entry.id,
        visible_line(entry.name),
        visible_line(entry.headline),
        entry.fit,
        last_activity(entry),
        follow_up,
        entry.name_key,
        entry.fit_decided,
    )  # type: ignore[arg-type]


class RowBook(Sequence[Row]):
    """The rows of a snapshot's entries, each built the first time it is asked for, then kept.

    The list draws only the ~40 rows on screen, so the first frame at 10,000 candidates need
    not wait for the other 9,960 (≈ 60 ms); :meth:`fill` builds them off the UI thread. Two
    threads building the same row make equal rows: the list slot ends up holding one of them.
    """

    def __init__(
        self, entries: Sequence[CandidateEntry], settings: LibrarySettings, follow_up: Callable[[int], dt.date | None]
    ) -> None:
        self._entries = entries
        self._settings = settings
        self._follow_up = follow_up
        self._rows: list[Row | None] = [None] * len(entries)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, position: int) -> Row:  # type: ignore[override]
        if isinstance(position, slice):
            return [self[i] for i in range(len(self._rows))[position]]  # type: ignore[return-value]
        row = self._rows[position]
        if row is None:
            position = range(len(self._rows))[position]  # a negative position, as a list takes it
            row = self._rows[position] = row_for(self._entries[position], self._settings, self._follow_up(position))
        return row

    def __iter__(self) -> Iterator[Row]:
        return (self[i] for i in range(len(self._rows)))

    @property
    def built(self) -> int:
        """How many rows exist so far."""
        return sum(row is not None for row in self._rows)

    def fill(self) -> None:
        """Build every row not built yet."""
        for position, row in enumerate(self._rows):
            if row is None:
                self[position]

    def id_at(self, position: int) -> str:
        """The candidate id of a row, without building it."""
        return self._entries[position].id

    def picked(self, positions: list[int]) -> PickedRows:
        """The rows at ``positions`` (a search's matches), in that order, built as they are shown."""
        return PickedRows(self, positions)


class PickedRows(Sequence[Row]):
    """Some rows of a :class:`RowBook`, in a search's order; rows are built only when read."""

    def __init__(self, book: RowBook, positions: list[int]) -> None:
        self._book = book
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, index: int) -> Row:  # type: ignore[override]
        if isinstance(index, slice):
            return [self._book[p] for p in self._positions[index]]  # type: ignore[return-value]
        return self._book[self._positions[index]]

    def __iter__(self) -> Iterator[Row]:
        book = self._book
        return (book[p] for p in self._positions)

    def index_of(self, cid: str) -> int | None:
        """Where candidate ``cid`` is in these rows (None: not there), without building any row."""
        id_at = self._book.id_at
        return next((i for i, p in enumerate(self._positions) if id_at(p) == cid), None)


def index_of(rows: Sequence[Row], cid: str) -> int | None:
    """Where candidate ``cid`` is in ``rows`` (None: not there); rows not built yet stay unbuilt."""
    if isinstance(rows, PickedRows):
        return rows.index_of(cid)
    return next((i for i, row in enumerate(rows) if row.id == cid), None)


_FAR_PAST = dt.date.min
_FAR_FUTURE = dt.date.max


def sort_rows(rows: Sequence[Row], order: SortOrder) -> Sequence[Row]:
    """``rows`` in ``order``; for ``MATCH`` the given (best-first) order is kept.

    Last contact is most recent first; follow-up is soonest first. People without the
    date go last, by name.
    """
    if order is SortOrder.MATCH:
        return rows
    if order is SortOrder.NAME:
        return sorted(rows, key=lambda r: (r.name_key, r.id))
    if order is SortOrder.LAST_CONTACT:
        by_name = sorted(rows, key=lambda r: (r.name_key, r.id))
        return sorted(by_name, key=lambda r: r.last_contact or _FAR_PAST, reverse=True)
    return sorted(rows, key=lambda r: (r.follow_up or _FAR_FUTURE, r.name_key, r.id))
