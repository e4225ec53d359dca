"""Finding people who are in the library twice: the same email, phone or LinkedIn id, or names alike.

Exact keys come from ``identity`` (the one definition of who a person is). Names are compared
only within blocks — people sharing the first letter of one of their name's words, and of
lengths that can score ``LIKELY_NAME_SCORE`` at all — so 10,000 people take well under a second.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from runnerup_tui.domain.identity import (
    KEY_WORDS,
    LIKELY_NAME_SCORE,
    Key,
    contact_keys,
    key_from_text,
    key_text,
    name_key,
    names_agree,
    numbers_agree,
)

EXACT = "exact"
LIKELY = "likely"


@dataclass(frozen=True)
class Person:
    """What finding duplicates needs of one candidate: the id, the name and the exact keys."""

    id: str
    name: str
    keys: frozenset[str] = frozenset()  # as identity.key_text writes them: "email:ada@x.org"

    @classmethod
    def from_entry(cls, entry: Any) -> Person:
        """From an index entry (``summary.CandidateEntry``), which stores the keys as text."""
        return cls(entry.id, entry.name, frozenset(entry.keys))


@dataclass(frozen=True)
class Duplicate:
    """Two records that may be one person: ``exact`` (a shared key) or ``likely`` (names alike), with the reasons."""

    first: str
    second: str
    first_name: str
    second_name: str
    kind: str
    reasons: tuple[str, ...]
    name_score: float | None = None  # how alike the names are, when they are

    @property
    def exact(self) -> bool:
        return self.kind == EXACT

    @property
    def ids(self) -> tuple[str, str]:
        return self.first, self.second

    def to_json(self) -> dict[str, Any]:
        """The pair as ``duplicates --json`` prints it."""
        return {
            "ids": [self.first, self.second],
            "names": [self.first_name, self.second_name],
            "kind": self.kind,
            "reasons": list(self.reasons),
            "name_score": None if self.name_score is None else round(self.name_score),
        }


def names_reason(score: float, a: str, b: str) -> str:
    """``names alike 95%: Smith, John ~ John Smith``."""
    return f"names alike {round(score)}%: {a} ~ {b}"


PAIR_SEPARATOR = " ~ "


def pair_text(a: str, b: str) -> str:
    """Two ids as ``runnerup.yaml``'s ``not_duplicates`` lists them: ``ada-lovelace ~ augusta-king`` (in id order)."""
    first, second = sorted((a, b))
    return f"{first}{PAIR_SEPARATOR}{second}"


def known_different(texts: Iterable[str]) -> set[tuple[str, str]]:
    """The pairs (in id order) a ``not_duplicates`` list names; a line that names no pair is ignored."""
    pairs = set()
    for text in texts:
        first, sep, second = str(text).partition(PAIR_SEPARATOR.strip())
        first, second = first.strip(), second.strip()
        if sep and first and second and first != second:
            pairs.add((first, second) if first < second else (second, first))
    return pairs


# A key on more files than this is a placeholder (an ATS's noreply@, a team inbox or phone), not one person's:
# pairing its holders would list every two of them. It is named once instead (crowded_keys).
CROWDED = 5


def crowded_keys(people: Iterable[Person]) -> list[tuple[Key, list[str]]]:
    """The keys on more than ``CROWDED`` people's files, with their holders: not used to pair anyone."""
    holders = _holders(people)
    return [(key_from_text(k), sorted(ids)) for k, ids in sorted(holders.items()) if len(ids) > CROWDED]


def _holders(people: Iterable[Person]) -> dict[str, list[str]]:
    """Each exact key (as text) and the ids of the people whose files hold it, in the order given."""
    holders: dict[str, list[str]] = defaultdict(list)
    for person in people:
        for key in person.keys:
            holders[key].append(person.id)
    return holders


def crowded_text(key: Key, ids: list[str]) -> str:
    """``the email noreply@x.org is on 7 files (a placeholder?): not used to pair people``."""
    return f"the {KEY_WORDS[key.kind]} {key.value} is on {len(ids)} files (a placeholder?): not used to pair people"


def find_duplicates(people: Iterable[Person], different: Iterable[str] = ()) -> list[Duplicate]:
    """Every pair of people who may be one: exact pairs first (most shared keys first), then likely ones by score.

    A pair sharing several keys is one pair with a reason for each; its names' likeness is added as a reason too.
    ``different``: the library's ``not_duplicates`` — pairs a person said are two people, never shown again.
    """
    skip = known_different(different)
    people = sorted(people, key=lambda p: p.id)
    by_id = {p.id: p for p in people}
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, ids in _holders(people).items():
        if len(ids) > CROWDED:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                shared[(a, b)].append(key)
    scores = alike_names([(p.id, p.name) for p in people])
    found = []
    for pair in (set(shared) | set(scores)) - skip:
        a, b = by_id[pair[0]], by_id[pair[1]]
        keys = sorted(shared.get(pair, []))
        score = scores.get(pair)
        reasons = [str(key_from_text(k)) for k in keys]
        reasons += [names_reason(score, a.name, b.name)] if score is not None else []
        if keys and not names_agree(a.name, b.name):  # one shared address, two plainly different names: look twice
            reasons.append(f"but the names differ: {a.name} / {b.name}")
        found.append(Duplicate(a.id, b.id, a.name, b.name, EXACT if keys else LIKELY, tuple(reasons), score))
    shared_count = {pair: len(keys) for pair, keys in shared.items()}
    found.sort(key=lambda d: (not d.exact, -shared_count.get(d.ids, 0) if d.exact else -(d.name_score or 0), d.ids))
    return found


def duplicates_of(name: str, keys: Iterable[Key], people: Iterable[Person]) -> list[Duplicate]:
    """The people someone about to be added may already be (``second`` is the one in the library), best first.

    One name against 10,000: the names are compared in C (rapidfuzz), the keys by set lookups.
    """
    from rapidfuzz import fuzz, process

    wanted = {key_text(k) for k in keys}
    people = list(people)
    same = {p.id: sorted(wanted & p.keys) for p in people if wanted and not wanted.isdisjoint(p.keys)}
    scores: dict[str, float] = {}
    mine = name_key(name)
    if mine:
        mine = " ".join(sorted(mine.split()))
        sorted_keys = {p.id: " ".join(sorted(name_key(p.name).split())) for p in people}
        for _text, score, cid in process.extract(
            mine, sorted_keys, scorer=fuzz.ratio, score_cutoff=LIKELY_NAME_SCORE, limit=None
        ):
            if numbers_agree(mine, sorted_keys[cid]):
                scores[cid] = score
    found = []
    for person in people:
        shared, score = same.get(person.id, []), scores.get(person.id)
        if not shared and score is None:
            continue
        reasons = [str(key_from_text(k)) for k in shared]
        reasons += [names_reason(score, name, person.name)] if score is not None else []
        found.append(Duplicate("", person.id, name, person.name, EXACT if shared else LIKELY, tuple(reasons), score))
    found.sort(key=lambda d: (not d.exact, -(d.name_score or 0), d.second))
    return found


def already_there(name: str, contact: Any, entries: Iterable[Any]) -> list[Duplicate]:
    """Who a candidate about to be added (``name``, a ``contact`` map or None) may already be, best first.

    ``entries`` are the library's index entries (``summary.CandidateEntry``); what ``add`` warns about and
    the app's new-candidate form asks about. About 40 ms at 10,000 entries.
    """
    return duplicates_of(name, contact_keys(contact), (Person.from_entry(entry) for entry in entries))


def alike_names(names: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
    """Pairs of ids (in id order) whose names are likely one person's, with the score (rapidfuzz ``token_sort_ratio``).

    Comparing 10,000 names with each other is 50 million comparisons; only names that can score high
    enough are compared: a score of 90 leaves at most a tenth of the letters different, so two such
    names almost always share the first letter of a word (the blocks), and their lengths differ by
    at most a tenth of their sum (the window, sorted by length, within each block).
    """
    from rapidfuzz import fuzz, process

    keys: dict[str, str] = {}
    for cid, name in names:
        key = name_key(name)
        if key:
            keys[cid] = " ".join(sorted(key.split()))  # token_sort_ratio is ratio of the sorted words
    blocks: dict[str, list[str]] = defaultdict(list)
    for cid, key in keys.items():
        words = key.split()
        letters = {w[0] for w in words if not w.isdigit()} or {w[0] for w in words}  # "Li Na 2": no block "2"
        for letter in letters:
            blocks[letter].append(cid)
    low = LIKELY_NAME_SCORE / (200 - LIKELY_NAME_SCORE)  # shortest length / longest that can still score enough
    found: dict[tuple[str, str], float] = {}
    for members in blocks.values():
        members.sort(key=lambda cid: len(keys[cid]))
        texts = [keys[cid] for cid in members]
        start = 0
        for i, cid in enumerate(members):
            length = len(texts[i])
            while len(texts[start]) < length * low:
                start += 1
            if start >= i:
                continue
            hits = process.extract(
                texts[i], texts[start:i], scorer=fuzz.ratio, score_cutoff=LIKELY_NAME_SCORE, limit=None
            )
            for _text, score, j in hits:
                other = members[start + j]
                if not numbers_agree(texts[i], texts[start + j]):
                    continue
                found[(cid, other) if cid < other else (other, cid)] = score
    return found
