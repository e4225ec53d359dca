"""What the candidate list shows for each candidate, and the orders it can be sorted in.

Rows are computed once per library snapshot (off the UI thread), never per keystroke or
per repaint: a search only picks which rows to show.
"""

from __future__ import annotations

import datetime as dt
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


_FAR_PAST = dt.date.min
_FAR_FUTURE = dt.date.max


def sort_rows(rows: list[Row], order: SortOrder) -> list[Row]:
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
