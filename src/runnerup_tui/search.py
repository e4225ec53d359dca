"""The search syntax shared by the TUI and the CLI, and ranking of the matches.

Free words match name, headline, skills, interests, tags, notes and touchpoint summaries,
case- and accent-insensitively; qualifiers narrow: ``skill:python fit:pursue tag:remote
owner:grace role:"data engineer" due:overdue``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .index import CandidateEntry
from .model import Fit, Settings
from .names import fold
from .problems import UsageError
from .relationship import follow_up_date

_TOKEN = re.compile(r'(?:(\w+):)?(?:"([^"]*)"?|(\S+))')
DUE_WORDS = ("overdue", "today", "week", "month")


@dataclass
class Query:
    words: list[str] = field(default_factory=list)
    filters: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.words and not self.filters


QUALIFIERS = ("skill", "fit", "tag", "owner", "role", "due", "name", "interest")


def parse_query(text: str) -> Query:
    """Split a query into free words and ``qualifier:value`` filters.

    An unknown qualifier is a :class:`UsageError`; so is a ``fit:`` or ``due:`` value
    that cannot match anything.
    """
    query = Query()
    for match in _TOKEN.finditer(text):
        qualifier, quoted, bare = match.groups()
        value = fold(quoted if quoted is not None else bare or "").strip()
        if qualifier is None:
            query.words.extend(value.split())
            continue
        qualifier = qualifier.lower()
        if qualifier not in QUALIFIERS:
            raise UsageError(f"unknown search qualifier `{qualifier}:`; use one of {', '.join(q + ':' for q in QUALIFIERS)}")
        if not value:
            continue  # still being typed
        if qualifier == "fit" and value not in {f.value for f in Fit}:
            raise UsageError(f"fit:{value}: use one of {', '.join(f.value for f in Fit)}")
        if qualifier == "due" and value not in DUE_WORDS:
            raise UsageError(f"due:{value}: use one of {', '.join(DUE_WORDS)}")
        query.filters.append((qualifier, value))
    return query


def _filter(qualifier: str, value: str, settings: Settings, today: dt.date) -> Callable[[CandidateEntry], bool]:
    if qualifier == "skill":
        return lambda e: any(fold(s) == value or fold(s).startswith(value) for s in e.skills)
    if qualifier == "interest":
        return lambda e: any(value in fold(s) for s in e.interests)
    if qualifier == "tag":
        return lambda e: any(fold(t) == value for t in e.tags)
    if qualifier == "fit":
        return lambda e: e.fit == value
    if qualifier == "owner":
        return lambda e: value in fold(e.owner)
    if qualifier == "role":
        return lambda e: any(value in fold(r) for r in e.roles)
    if qualifier == "name":
        return lambda e: value in e.name_key
    horizon = {"overdue": -1, "today": 0, "week": 7, "month": 30}[value]
    limit = today + dt.timedelta(days=horizon)

    def due(e: CandidateEntry) -> bool:
        when = follow_up_date(e, settings)
        return when is not None and when <= limit

    return due


def _score(entry: CandidateEntry, words: list[str]) -> int:
    """Higher is better; 0 means some word does not match at all."""
    total = 0
    name_words = entry.name_key.split()
    for word in words:
        if entry.name_key.startswith(word):
            total += 100
        elif any(w.startswith(word) for w in name_words):
            total += 60
        elif word in entry.name_key:
            total += 40
        elif word in entry.facets:
            total += 20
        elif word in entry.body:
            total += 5
        else:
            return 0
    return total


def search(entries: Iterable[CandidateEntry], query: Query, settings: Settings,
           today: dt.date | None = None) -> list[CandidateEntry]:
    """Entries matching ``query``, best match first (ties by name)."""
    today = today or dt.date.today()
    tests = [_filter(q, v, settings, today) for q, v in query.filters]
    scored = []
    for entry in entries:
        if not all(test(entry) for test in tests):
            continue
        score = _score(entry, query.words) if query.words else 1
        if score:
            scored.append((-score, entry.name_key, entry.id, entry))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored]
