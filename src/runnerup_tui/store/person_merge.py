"""Two candidate records made one, in the kept record's own round-trip tree (its comments and layout stay).

Lists are united (history by touchpoint id, interviews by role and date, skills and links by value),
fields only the other record fills are filled in, and where both hold different values the kept
record's value stays unless the person chose the other's. What is left out is said, value by value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from runnerup_tui.domain.identity import email_key, linkedin_key, phone_key
from runnerup_tui.store.wording import dotted
from runnerup_tui.store.yamldoc import fresh_node, put_trailing_comment, same_value, take_trailing_comment

Path = tuple[Any, ...]  # keys, and list positions (``("history", 2, "summary")``)


@dataclass(frozen=True)
class Difference:
    """A field both records fill with different values: ``path`` (``("contact", "phone")``) and both values."""

    path: Path
    keep: Any
    other: Any


@dataclass
class MergeOutcome:
    """What a merge did: the values it dropped from each side, the differences and what it added."""

    differences: list[Difference] = field(default_factory=list)
    dropped_from_keep: list[tuple[Path, Any]] = field(default_factory=list)
    dropped_from_other: list[tuple[Path, Any]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # "2 touchpoints", "skills: sql", "contact.email"


def plain(node: Any) -> Any:
    """A round-trip value as plain Python (dicts, lists, str, dates...): what a merge copies and compares."""
    if isinstance(node, Mapping):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date.fromordinal(node.toordinal())  # its own object: a shared one becomes a YAML alias
    return node


def _empty(value: Any) -> bool:
    """Nothing said: no value, blank text, an empty list or map."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, (list, dict)) and not value)


# contact fields written two ways for one person ("Ada@X.org", "ada@x.org") are one value, not a difference
_SAME_KEY = {("contact", "email"): email_key, ("contact", "phone"): phone_key, ("contact", "linkedin"): linkedin_key}


def _same(a: Any, b: Any, path: Path = ()) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        key = _SAME_KEY.get(path)
        return a.strip() == b.strip() or (key is not None and key(a) is not None and key(a) == key(b))
    return same_value(plain(a), plain(b))


def differences(keep: Mapping[str, Any], other: Mapping[str, Any]) -> list[Difference]:
    """The fields (not lists) both records fill with different values, in the other record's key order."""
    found: list[Difference] = []

    def walk(a: Mapping[str, Any], b: Mapping[str, Any], path: Path) -> None:
        for key, theirs in b.items():
            key = str(key)
            ours = a.get(key)
            if _empty(ours) or _empty(theirs) or isinstance(theirs, list) or isinstance(ours, list):
                continue
            if isinstance(ours, Mapping) and isinstance(theirs, Mapping):
                walk(ours, theirs, (*path, key))
            elif not _same(ours, theirs, (*path, key)):
                found.append(Difference((*path, key), plain(ours), plain(theirs)))

    walk(keep, other, ())
    return found


def merge_into(
    keep: CommentedMap, other: Mapping[str, Any], order: list[str], take_other: Collection[Path] = ()
) -> MergeOutcome:
    """Bring ``other`` (plain data) into ``keep`` (a round-trip tree), changing only what the merge adds.

    ``order`` is the schema's key order (new keys go where it puts them); ``take_other`` the paths of
    differences where the other record's value is chosen.
    """
    outcome = MergeOutcome()
    take = {tuple(p) for p in take_other}
    _merge_map(keep, other, (), order, take, outcome)
    return outcome


def _merge_map(
    keep: CommentedMap, other: Mapping[str, Any], path: Path, order: list[str], take: set[Path], out: MergeOutcome
) -> None:
    for key, theirs in other.items():
        key = str(key)
        here = (*path, key)
        ours = keep.get(key)
        if _empty(theirs):
            continue
        if _empty(ours):
            _set_in_order(keep, key, fresh_node(plain(theirs)), order if not path else [])
            out.added.append(dotted(here))
        elif key == "history" and not path and isinstance(ours, CommentedSeq) and isinstance(theirs, list):
            _unite_history(ours, theirs, out)
        elif key == "interviews" and not path and isinstance(ours, CommentedSeq) and isinstance(theirs, list):
            _unite_interviews(ours, theirs, out)
        elif isinstance(ours, CommentedSeq) and isinstance(theirs, list):
            _unite_values(ours, theirs, dotted(here), out)
        elif isinstance(ours, CommentedMap) and isinstance(theirs, Mapping):
            _merge_map(ours, theirs, here, [], take, out)
        elif not _same(ours, theirs, here):
            out.differences.append(Difference(here, plain(ours), plain(theirs)))
            if here in take:
                keep[key] = fresh_node(plain(theirs))
                out.dropped_from_keep.append((here, plain(ours)))
            else:
                out.dropped_from_other.append((here, plain(theirs)))


def _date_of(entry: Any) -> dt.date | None:
    day = entry.get("date") if isinstance(entry, Mapping) else None
    return day if isinstance(day, dt.date) else None


def _insert_by_date(seq: CommentedSeq, item: Any) -> None:
    """Put ``item`` after every entry dated on or before it (the list is oldest first); undated at the end."""
    day = _date_of(item)
    position = len(seq)
    if day is not None:
        later = [i for i, e in enumerate(seq) if (d := _date_of(e)) is not None and d > day]
        position = later[0] if later else len(seq)
    if position == len(seq):
        trailing = take_trailing_comment(seq)  # comment lines after the last entry belong below the list
        seq.append(item)
        if trailing:
            put_trailing_comment(item, trailing)
    else:
        seq.insert(position, item)


def _unite_history(ours: CommentedSeq, theirs: list[Any], out: MergeOutcome) -> None:
    """Add the other's touchpoints this history lacks: by ``id``, or by content when they have none."""
    by_id = {str(e.get("id")): (i, e) for i, e in enumerate(ours) if isinstance(e, CommentedMap) and e.get("id")}
    contents = [plain({k: v for k, v in e.items() if k != "id"}) for e in ours if isinstance(e, Mapping)]
    added = 0
    for entry in theirs:
        if not isinstance(entry, Mapping):
            continue
        entry = plain(entry)
        if entry.get("id") and str(entry["id"]) in by_id:
            i, same = by_id[str(entry["id"])]  # one touchpoint, perhaps edited in one file: fill in, say what differs
            _merge_map(same, entry, ("history", i), [], set(), out)
            continue
        if {k: v for k, v in entry.items() if k != "id"} in contents:
            continue  # the same touchpoint, written down in both files
        node = fresh_node(entry)
        _insert_by_date(ours, node)
        if entry.get("id"):
            by_id[str(entry["id"])] = (-1, node)
        contents.append({k: v for k, v in entry.items() if k != "id"})
        added += 1
    if added:
        out.added.append(f"{added} touchpoint{'s' if added > 1 else ''}")


def _interview_key(entry: Mapping[str, Any]) -> tuple[str, Any]:
    return " ".join(str(entry.get("role") or "").casefold().split()), _date_of(entry)


def _unite_interviews(ours: CommentedSeq, theirs: list[Any], out: MergeOutcome) -> None:
    """Add the other's interviews this record lacks, known by role and date."""
    known = {_interview_key(e): (i, e) for i, e in enumerate(ours) if isinstance(e, CommentedMap)}
    added = 0
    for entry in theirs:
        if not isinstance(entry, Mapping):
            continue
        if _interview_key(entry) in known:
            i, same = known[_interview_key(entry)]  # one interview: fill in what only the other says
            _merge_map(same, plain(entry), ("interviews", i), [], set(), out)
            continue
        node = fresh_node(plain(entry))
        known[_interview_key(entry)] = (-1, node)
        _insert_by_date(ours, node)
        added += 1
    if added:
        out.added.append(f"{added} interview{'s' if added > 1 else ''}")


def _unite_values(ours: CommentedSeq, theirs: list[Any], name: str, out: MergeOutcome) -> None:
    """Append the other's items this list lacks (text compared without case or surrounding spaces)."""

    def norm(value: Any) -> Any:
        return " ".join(value.casefold().split()) if isinstance(value, str) else plain(value)

    have = [norm(v) for v in ours]
    new = []
    for value in theirs:
        if norm(value) not in have:
            have.append(norm(value))
            new.append(plain(value))
    if not new:
        return
    for value in new:
        if isinstance(value, Mapping):
            _insert_by_date(ours, fresh_node(value))
        else:
            _append(ours, value)
    out.added.append(f"{name}: {', '.join(str(v) for v in new)}")


def _append(seq: CommentedSeq, value: Any) -> None:
    trailing = take_trailing_comment(seq)  # comment lines after the last item belong below the list
    seq.append(fresh_node(value))
    if trailing:
        put_trailing_comment(seq, trailing)


def _set_in_order(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set ``key``, a new key going where the schema's field order puts it (at the end without an order)."""
    if key in mapping:
        mapping[key] = value
        return
    if key not in order:
        _append_key(mapping, key, value)
        return
    rank = order.index(key)
    position = next((i for i, k in enumerate(mapping) if k in order and order.index(k) > rank), None)
    if position is None:
        _append_key(mapping, key, value)
    else:
        mapping.insert(position, key, value)


def _append_key(mapping: CommentedMap, key: str, value: Any) -> None:
    """Add ``key`` last; comment lines below the old last key belong below the new one."""
    trailing = take_trailing_comment(mapping)
    mapping[key] = value
    if trailing:
        put_trailing_comment(mapping, trailing)
