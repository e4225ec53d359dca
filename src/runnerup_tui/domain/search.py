"""The search syntax shared by the TUI and the CLI, and ranking of the matches.

Free words match name, headline, skills, interests, tags, notes and touchpoint summaries,
case- and accent-insensitively; qualifiers narrow: ``skill:python fit:pursue tag:remote
owner:grace role:"data engineer" due:overdue``.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from runnerup_tui.domain.names import fold
from runnerup_tui.domain.problems import UsageError
from runnerup_tui.domain.relationship import follow_up_date
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.summary import CandidateEntry
from runnerup_tui.domain.terms import UNDECIDED, Fit

_TOKEN = re.compile(r'(?:(\w+):)?(?:"([^"]*)"?|(\S+))')
DUE_WORDS = ("overdue", "today", "week", "month")


ME = "me"  # owner:me — the person searching


@dataclass(frozen=True)
class Me:
    """Whom ``owner:me`` means: folded names an ``owner`` may carry, or why nobody is known."""

    names: frozenset[str] = frozenset()
    unknown: str = "who you are is not known here"

    @classmethod
    def named(cls, name: str, team: Iterable[str] = ()) -> Me:
        """The git user ``name`` and the library's ``team`` entries for them (case- and accent-insensitive).

        A team entry is theirs when it is the same name, or when one name's words are all in
        the other's ("Grace" and "Grace Hopper"): owners are often written as the team lists them.
        """
        mine = fold(" ".join(name.split()))
        words = set(mine.split())
        names = {mine}
        for entry in team:
            theirs = fold(" ".join(str(entry).split()))
            other = set(theirs.split())
            if theirs and (theirs == mine or (words and (words <= other or other <= words))):
                names.add(theirs)
        return cls(frozenset(n for n in names if n))

    def owns(self, owner: str | None) -> bool:
        """True when ``owner`` (as written in a file) is this person."""
        return bool(owner) and fold(" ".join(owner.split())) in self.names


@dataclass
class Query:
    words: list[str] = field(default_factory=list)
    filters: list[tuple[str, str]] = field(default_factory=list)
    me: Me | None = None  # who owner:me is, when the query has it

    @property
    def empty(self) -> bool:
        return not self.words and not self.filters


QUALIFIERS = ("skill", "fit", "tag", "owner", "role", "due", "name", "interest")
FIT_WORDS = (*(f.value for f in Fit), UNDECIDED)


def parse_query(text: str, me: Callable[[], Me] | None = None) -> Query:
    """Split a query into free words and ``qualifier:value`` filters.

    An unknown qualifier is a :class:`UsageError`; so is a ``fit:`` or ``due:`` value
    that cannot match anything, and ``owner:me`` when ``me()`` (asked only then) knows nobody.
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
            known = ", ".join(q + ":" for q in QUALIFIERS)
            raise UsageError(f"unknown search qualifier `{qualifier}:`; use one of {known}")
        if not value:
            continue  # still being typed
        if qualifier == "fit" and value not in FIT_WORDS:
            raise UsageError(f"fit:{value}: use one of {', '.join(FIT_WORDS)}")
        if qualifier == "due" and value not in DUE_WORDS:
            raise UsageError(f"due:{value}: use one of {', '.join(DUE_WORDS)}")
        if qualifier == "owner" and value == ME and query.me is None:
            query.me = me() if me is not None else Me()
            if not query.me.names:
                raise UsageError(f"owner:me: {query.me.unknown}")
        query.filters.append((qualifier, value))
    return query


class Searcher:
    """The entries of one index state, prepared so that a query takes milliseconds at 10k.

    Build one per index change (≈ 10–20 ms at 10,000 candidates) and query it on every
    keystroke. ``within`` narrows a query to an earlier result, as when a word grows.
    """

    def __init__(
        self, entries: Iterable[CandidateEntry], settings: LibrarySettings, today: dt.date | None = None
    ) -> None:
        self.entries = sorted(entries, key=lambda e: (e.name_key, e.id))
        self.settings = settings
        self.today = today or dt.date.today()
        self._texts = [e.search_text for e in self.entries]
        self._names = [e.name_key for e in self.entries]
        self._facets = [e.facets for e in self.entries]
        self._values: dict[str, dict[str, set[int]]] | None = None
        self._follow_ups: list[dt.date | None] | None = None
        # the lazy indexes may be built by a worker while the UI thread asks for them: built once, never twice
        self._building = threading.Lock()

    def prepare(self) -> None:
        """Build the lazy indexes now (≈ 50 ms at 10k, off the UI thread), so no keystroke pays for them."""
        self._value_index()
        self.follow_ups()

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: Query, within: list[int] | None = None) -> list[CandidateEntry]:
        """Entries matching ``query``, best match first (ties in name order)."""
        return [self.entries[i] for i in self.matches(query, within)]

    def matches(self, query: Query, within: list[int] | None = None) -> list[int]:
        """Positions in :attr:`entries` of the matches, best first."""
        found = list(range(len(self.entries))) if within is None else list(within)
        for qualifier, value in query.filters:
            keep = (
                self._owned_by(query.me)
                if (qualifier, value) == ("owner", ME) and query.me
                else self._filter(qualifier, value)
            )
            found = [i for i in found if i in keep]
        texts = self._texts
        for word in query.words:
            found = [i for i in found if word in texts[i]]
        if not query.words or len(found) < 2:
            return found
        score = self._scores(found, query.words)
        found.sort(key=score.__getitem__)  # stable: equal scores stay in name order
        return found

    def _scores(self, found: list[int], words: list[str]) -> dict[int, int]:
        """Negative relevance per position (so that an ascending sort puts the best first).

        Per word: name start 100, start of a later name word 60, elsewhere in the name 40,
        headline/skills/tags 20, notes and history 0. Comprehensions do the scanning, so
        a one-letter query over 10,000 entries stays within a frame.
        """
        names, facets = self._names, self._facets
        score = dict.fromkeys(found, 0)
        for word in words:
            in_name = [i for i in found if word in names[i]]
            for i in in_name:
                name = names[i]
                if name.startswith(word):
                    score[i] -= 100
                elif f" {word}" in name or f"-{word}" in name:
                    score[i] -= 60
                else:
                    score[i] -= 40
            named = set(in_name)
            for i in [i for i in found if word in facets[i] and i not in named]:
                score[i] -= 20
        return score

    def _filter(self, qualifier: str, value: str) -> set[int]:
        if qualifier == "due":
            horizon = {"overdue": -1, "today": 0, "week": 7, "month": 30}[value]
            limit = self.today + dt.timedelta(days=horizon)
            return {i for i, when in enumerate(self.follow_ups()) if when is not None and when <= limit}
        if qualifier == "name":
            return {i for i, e in enumerate(self.entries) if value in e.name_key}
        values = self._value_index()[qualifier]
        if qualifier in ("fit", "tag"):
            return values.get(value, set())
        if qualifier == "skill":
            keys = [k for k in values if k.startswith(value)]
        else:  # interest, owner, role: part of the text is enough
            keys = [k for k in values if value in k]
        return set().union(*(values[k] for k in keys))

    def _owned_by(self, me: Me) -> set[int]:
        owners = self._value_index()["owner"]
        return set().union(*(indexes for owner, indexes in owners.items() if me.owns(owner)))

    def _value_index(self) -> dict[str, dict[str, set[int]]]:
        if self._values is not None:
            return self._values
        with self._building:
            if self._values is not None:  # built by another thread meanwhile
                return self._values
            qualifiers = ("fit", "tag", "skill", "interest", "owner", "role")
            index: dict[str, dict[str, set[int]]] = {q: {} for q in qualifiers}
            for i, e in enumerate(self.entries):
                fits = [e.fit] if e.fit_decided else [e.fit, UNDECIDED]  # undecided is treated as pursue
                for qualifier, values in (
                    ("fit", fits),
                    ("tag", e.tags),
                    ("skill", e.skills),
                    ("interest", e.interests),
                    ("owner", [e.owner]),
                    ("role", e.roles),
                ):
                    for value in values:
                        index[qualifier].setdefault(fold(value), set()).add(i)
            self._values = index
            return index

    def follow_ups(self) -> list[dt.date | None]:
        """The follow-up date of each entry, in :attr:`entries` order (computed once)."""
        if self._follow_ups is not None:
            return self._follow_ups
        with self._building:
            if self._follow_ups is None:
                self._follow_ups = [follow_up_date(e, self.settings) for e in self.entries]
            return self._follow_ups

    def follow_up(self, position: int) -> dt.date | None:
        """The follow-up date of one entry, without computing every other one's."""
        known = self._follow_ups
        return known[position] if known is not None else follow_up_date(self.entries[position], self.settings)


def search(
    entries: Iterable[CandidateEntry], query: Query, settings: LibrarySettings, today: dt.date | None = None
) -> list[CandidateEntry]:
    """Entries matching ``query``, best match first. For repeated queries keep a :class:`Searcher`."""
    return Searcher(entries, settings, today).search(query)
