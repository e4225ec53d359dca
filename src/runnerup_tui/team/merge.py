"""Three-way merge of two versions of a library file, field by field (DESIGN.md §6).

Two recruiters logging touchpoints with the same person, or editing different fields,
must never conflict: history entries merge by ``id`` (a union; an entry without an id is
matched by its content), lists of strings merge as sets keeping order, other values
merge three-way. Only one value changed two different ways is a conflict, and only that
value is put between conflict markers. The result is written in *our* file's layout
(comments, quoting, order), plus comment lines *they* added. A version this merge must
not touch (not a YAML mapping, emptied, binary, or another person) raises
:class:`CannotMergeFields`; the driver then merges line by line, keeping both sides.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from runnerup_tui.domain.names import fold
from runnerup_tui.domain.problems import InvalidFile, RunnerupError
from runnerup_tui.store.parsing import has_conflict_markers
from runnerup_tui.store.yamldoc import (
    Document,
    apply_changes,
    apply_list_changes,
    fresh_node,
    put_trailing_comment,
    same_value,
    take_trailing_comment,
)

MISSING: Any = object()
OURS_MARK, SPLIT_MARK, THEIRS_MARK = "<<<<<<< ours", "=======", ">>>>>>> theirs"


class CannotMergeFields(RunnerupError):
    """A version the field merge must leave alone; ``str()`` says which and why."""


@dataclass
class Conflict:
    """One value both sides changed differently; ``path`` as in a problem message.

    ``None`` on a side means that side deleted it (a key, or a whole history entry when
    ``path`` ends with the entry's position).
    """

    path: tuple[Any, ...]
    ours: Any
    theirs: Any
    theirs_path: tuple[Any, ...] | None = None  # where it is in their file (list positions differ)


@dataclass
class MergeResult:
    text: bytes
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


@dataclass
class _State:
    conflicts: list[Conflict]
    take: dict[tuple[Any, ...], str]  # conflict path -> "ours" | "theirs", when already decided

    def conflict(self, ours_node: Any, key: Any, conflict: Conflict) -> None:
        choice = self.take.get(conflict.path)
        if choice == "theirs":
            if conflict.theirs is None:
                ours_node.pop(key, None)
            else:
                ours_node[key] = conflict.theirs
        elif choice != "ours":
            self.conflicts.append(conflict)


def merge_files(
    base: bytes, ours: bytes, theirs: bytes, rel_path: str = "file.yaml", take: dict[tuple[Any, ...], str] | None = None
) -> MergeResult:
    """Merge ``theirs`` into ``ours`` given their common ancestor ``base`` (may be empty).

    ``take`` settles conflicts already decided by a person: path -> "ours" or "theirs".
    Raises :class:`InvalidFile` when a version cannot be read as a YAML mapping, and
    :class:`CannotMergeFields` for one emptied, binary or holding conflict markers, or
    when both sides added a different person under one file name; the caller then falls
    back to a line-based merge that keeps both sides.
    """
    if ours == theirs or theirs == base:
        return MergeResult(ours)
    if ours == base:
        return MergeResult(theirs)
    for side, raw in (("our", ours), ("their", theirs), ("the common", base)):
        why = _unmergeable(raw, empty_ok=side == "the common")
        if why:
            raise CannotMergeFields(f"{side} version {why}")
    base_doc = _open_version("the common", base, rel_path) if base.strip() else None
    ours_doc = _open_version("our", ours, rel_path)
    theirs_doc = _open_version("their", theirs, rel_path)
    if base_doc is None and "candidates" in PurePosixPath(rel_path).parts[:-1]:
        other = _different_person(ours_doc.data, theirs_doc.data)
        if other:
            raise CannotMergeFields(f"both sides added someone under this file name, but not the same person ({other})")
    state = _State([], take or {})
    conflicts = state.conflicts
    _merge_mapping(base_doc.data if base_doc else {}, ours_doc.data, theirs_doc.data, (), state, ())
    merged = _borrow_their_lines(ours_doc.render(), ours, theirs)
    merged = _carry_added_comments(base, theirs, merged)
    if conflicts:
        merged = _mark_conflicts(merged, ours_doc, theirs_doc, conflicts)
    return MergeResult(merged, conflicts)


def _open_version(side: str, raw: bytes, rel_path: str) -> Document:
    """One version as a YAML mapping, or :class:`CannotMergeFields` saying where it is not one."""
    try:
        return Document(None, rel_path, raw, None)  # type: ignore[arg-type]
    except InvalidFile as err:
        problem = err.problems[0]
        raise CannotMergeFields(f"{side} version, line {problem.line}: {problem.message}") from err
    except Exception as err:  # noqa: BLE001 - ruamel raises many kinds; each means "not mergeable"
        mark = getattr(err, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        what = getattr(err, "problem", None) or (str(err).splitlines() or [type(err).__name__])[0]
        raise CannotMergeFields(f"{side} version{where}: not valid YAML ({what})") from err


def _unmergeable(raw: bytes, empty_ok: bool) -> str | None:
    """Why a version must not be merged field by field (None when it may be)."""
    if not raw.strip() and not empty_ok:
        return "is empty (its content was deleted)"
    if b"\0" in raw:
        return "holds binary data"
    if has_conflict_markers(raw):
        return "holds conflict markers"
    return None


def _different_person(ours: Any, theirs: Any) -> str | None:
    """What tells two newly added candidate files apart as two people (None: maybe one person)."""

    def name(data: Any) -> str:
        return " ".join(fold(str(data.get("name") or "")).split())

    def contact(data: Any, key: str) -> str | None:
        value = data.get("contact", {}).get(key) if isinstance(data.get("contact"), dict) else None
        if not value:
            return None
        text = str(value).strip().casefold()
        if key == "linkedin":  # the same profile however it was copied
            text = text.removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")
        return text

    if name(ours) != name(theirs):
        return "different names"
    for key, what in (("email", "different emails"), ("linkedin", "different LinkedIn profiles")):
        mine, yours = contact(ours, key), contact(theirs, key)
        if mine and yours and mine != yours:
            return what
    return None


# -- the merge of values -----------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    """:func:`same_value`, where a key absent from one side (``MISSING``) equals only another absent key."""
    if a is MISSING or b is MISSING:
        return a is b
    return same_value(a, b)


def _merge_mapping(
    base: Any, ours: CommentedMap, theirs: Any, path: tuple[Any, ...], state: _State, theirs_path: tuple[Any, ...]
) -> None:
    base = base if isinstance(base, dict) else {}
    theirs = theirs if isinstance(theirs, dict) else {}
    keys = list(ours) + [k for k in theirs if k not in ours]
    for key in keys:
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        if _same(o, t) or _same(t, b):
            continue  # nothing new from their side
        if _same(o, b):  # only they changed it: take theirs
            if t is MISSING:
                del ours[key]
            elif isinstance(o, CommentedMap) and isinstance(t, dict):
                apply_changes(o, t)
            elif isinstance(o, CommentedSeq) and isinstance(t, list):
                apply_list_changes(o, t)  # keeps our flow or block style
            elif o is MISSING:
                _insert_like(ours, theirs, key, t)  # their node, with their style
            else:
                ours[key] = t
            continue
        here, there = (*path, key), (*theirs_path, key)
        if isinstance(o, CommentedMap) and isinstance(t, dict):
            _merge_mapping(b, o, t, here, state, there)
        elif isinstance(o, CommentedSeq) and isinstance(t, list) and _is_records(o) and _is_records(t):
            _merge_records(b if isinstance(b, list) else [], o, t, here, state, there)
        elif isinstance(o, CommentedSeq) and isinstance(t, list) and _is_scalars(o) and _is_scalars(t):
            _merge_set(b if isinstance(b, list) else [], o, t)
        elif o is MISSING:  # we deleted it, they changed it: theirs goes in, to be marked (or kept)
            choice = state.take.get(here)
            if choice != "ours":
                _insert_like(ours, theirs, key, t)
            if choice is None:
                state.conflicts.append(Conflict(here, None, t, there))
        else:
            state.conflict(ours, key, Conflict(here, o, None if t is MISSING else t, there))


def _insert_like(ours: CommentedMap, theirs: dict[Any, Any], key: Any, value: Any) -> None:
    """Add ``key`` after the key that precedes it on their side (at the end if none)."""
    order = list(theirs)
    before = [k for k in order[: order.index(key)] if k in ours]
    if not before or before[-1] == next(reversed(ours), None):
        trailing = take_trailing_comment(ours)
        ours[key] = value
        if trailing and isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
            put_trailing_comment(value, trailing)
        elif trailing:
            put_trailing_comment(ours, trailing)
        return
    ours.insert(list(ours).index(before[-1]) + 1, key, value)


def _is_records(items: list[Any]) -> bool:
    return all(isinstance(x, dict) for x in items)


def _is_scalars(items: list[Any]) -> bool:
    return all(not isinstance(x, (dict, list)) for x in items)


def _record_key(item: dict[Any, Any]) -> Any:
    """A history entry is known by its id; a hand-written one without id by its content."""
    if item.get("id") is not None:
        return ("id", str(item["id"]))
    return ("content", json.dumps({str(k): v for k, v in item.items()}, sort_keys=True, default=str))


def _merge_records(
    base: list[Any],
    ours: CommentedSeq,
    theirs: list[Any],
    path: tuple[Any, ...],
    state: _State,
    theirs_path: tuple[Any, ...],
) -> None:
    """Union of entries by id; an entry edited on both sides merges field by field.

    An entry one side deleted while the other edited it is a conflict on that entry: it
    stays in the file (between markers) until a person keeps or deletes it.
    """
    base_by = {_record_key(x): x for x in base if isinstance(x, dict)}
    theirs_by = {_record_key(x): x for x in theirs}
    theirs_at = {_record_key(x): i for i, x in enumerate(theirs)}
    ours_keys = [_record_key(x) for x in ours]
    # entries they deleted go, unless we edited them meanwhile: then a person decides
    deleted_by_them = set()
    for i in reversed(range(len(ours))):
        key = ours_keys[i]
        if key in base_by and key not in theirs_by:
            if _same(ours[i], base_by[key]):
                del ours[i]
                del ours_keys[i]
            else:
                deleted_by_them.add(key)
    # entries only they added, placed by date among ours; so are the ones we deleted and they edited
    deleted_by_us = set()
    present = set(ours_keys)
    for item in theirs:
        key = _record_key(item)
        if key in present:
            continue
        if key in base_by:
            if key[0] != "id" or _same(item, base_by[key]):
                continue  # we deleted it and they did not touch it
            deleted_by_us.add(key)
        present.add(key)
        _insert_by_date(ours, fresh_node(item))
    # positions are final now, so a conflict's path is where the entry is in the merged file
    drop = []
    for i, key in enumerate([_record_key(x) for x in ours]):
        here = (*path, i)
        there = (*theirs_path, theirs_at[key]) if key in theirs_at else None
        if key in deleted_by_them or key in deleted_by_us:
            choice = state.take.get(here)
            if choice == ("theirs" if key in deleted_by_them else "ours"):
                drop.append(i)  # deleted after the other conflicts' positions are known
            elif choice is None:
                ours_side, theirs_side = (ours[i], None) if key in deleted_by_them else (None, theirs_by[key])
                state.conflicts.append(Conflict(here, ours_side, theirs_side, there))
        elif key in theirs_by and not _same(ours[i], theirs_by[key]):
            b = base_by.get(key, {})
            if _same(ours[i], b):
                apply_changes(ours[i], theirs_by[key])
            else:
                _merge_mapping(b, ours[i], theirs_by[key], here, state, there or here)
    for i in reversed(drop):
        del ours[i]


def _insert_by_date(seq: CommentedSeq, item: CommentedMap) -> None:
    when = str(item.get("date", ""))
    position = len(seq)
    while position > 0 and isinstance(seq[position - 1], dict) and str(seq[position - 1].get("date", "")) > when:
        position -= 1
    if position == len(seq):
        trailing = take_trailing_comment(seq)
        seq.append(item)
        if trailing:
            put_trailing_comment(item, trailing)
    else:
        seq.insert(position, item)


def _merge_set(base: list[Any], ours: CommentedSeq, theirs: list[Any]) -> None:
    """Their additions appended, their removals removed; our order kept."""
    removed = [x for x in base if x not in theirs]
    for i in reversed(range(len(ours))):
        if ours[i] in removed:
            del ours[i]
    for x in theirs:
        if x not in base and x not in ours:
            ours.append(x)


# -- text ------------------------------------------------------------------------------------


def _carry_added_comments(base: bytes, theirs: bytes, merged: bytes) -> bytes:
    """Insert the comment lines they added above the line they wrote them above.

    A block of new comment lines is anchored to the next non-comment line of their file;
    it goes in only where that line occurs exactly once in the merged file (better to
    drop a comment than to put it somewhere misleading).
    """
    base_lines = set(base.decode("utf-8", "replace").replace("\r\n", "\n").split("\n"))
    their_lines = theirs.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
    text = merged.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    out = text.replace("\r\n", "\n").split("\n")
    is_comment = [line.lstrip().startswith("#") for line in their_lines]
    blocks: list[tuple[list[str], str | None]] = []
    i = 0
    while i < len(their_lines):
        if is_comment[i] and their_lines[i] not in base_lines and their_lines[i] not in out:
            j = i
            while j < len(their_lines) and is_comment[j] and their_lines[j] not in base_lines:
                j += 1
            anchor = next((ln for ln in their_lines[j:] if ln.strip() and not ln.lstrip().startswith("#")), None)
            blocks.append((their_lines[i:j], anchor))
            i = j
        else:
            i += 1
    for block, anchor in blocks:
        if anchor is None:
            position = len(out) - (1 if out and out[-1] == "" else 0)
        elif out.count(anchor) == 1:
            position = out.index(anchor)
        else:
            continue
        out[position:position] = block
    return newline.join(out).encode("utf-8")


def _borrow_their_lines(merged: bytes, ours: bytes, theirs: bytes) -> bytes:
    """Where a line came from their side, write it as they did (spacing before a comment)."""
    from runnerup_tui.store.yamldoc import equivalent_lines

    text = merged.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    our_lines = set(ours.decode("utf-8", "replace").replace("\r\n", "\n").split("\n"))
    their_lines = [
        ln for ln in theirs.decode("utf-8", "replace").replace("\r\n", "\n").split("\n") if ln not in our_lines
    ]
    out = text.replace("\r\n", "\n").split("\n")
    for n, line in enumerate(out):
        if line in our_lines or line in their_lines:
            continue
        same = [t for t in their_lines if equivalent_lines(line, t)]
        if len(same) == 1:
            out[n] = same[0]
    return newline.join(out).encode("utf-8")


def _mark_conflicts(merged: bytes, doc: Document, theirs_doc: Document, conflicts: list[Conflict]) -> bytes:
    """Put each conflicting value between markers: our lines, then their lines.

    Their lines come verbatim from their file when the value is found there (comments
    included), else rendered in this file's style. A side that deleted the value shows a
    comment saying so, never nothing: the person sees what each choice keeps.
    """
    text = merged.decode("utf-8")
    their_lines = theirs_doc.raw.decode("utf-8").replace("\r\n", "\n").split("\n")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    reread = Document(None, doc.rel_path, text.encode(), None)  # type: ignore[arg-type]
    regions = []
    for conflict in conflicts:
        if isinstance(conflict.path[-1], int):
            regions.append(_entry_region(reread.data, conflict, lines))
            continue
        region = _key_region(reread.data, conflict.path, len(lines))
        if region is None:  # a conflict left unmarked would read as settled: let the line merge show it
            raise CannotMergeFields(f"cannot place markers around {'.'.join(map(str, conflict.path))}")
        start, end, column = region
        end = _trim(lines, start, end)
        if conflict.ours is None:  # we deleted it; what is in the file now is their value
            regions.append(
                (start, end, [" " * column + f"# {conflict.path[-1]}: (removed on this side)"], lines[start:end])
            )
            continue
        theirs = _render_value(doc, conflict.path[-1], conflict.theirs, column)
        found = _key_region(theirs_doc.data, conflict.theirs_path or conflict.path, len(their_lines))
        if found is not None and conflict.theirs is not None:
            t_start, t_end, t_column = found
            t_end = _trim(their_lines, t_start, t_end)
            shift = column - t_column
            theirs = [(" " * shift + ln) if shift >= 0 else ln[-shift:] for ln in their_lines[t_start:t_end]]
        prefix = lines[start][:column]
        if prefix.strip() == "-":  # the first key of a list item: both sides keep the dash
            theirs[0] = prefix + theirs[0][column:]
        regions.append((start, end, lines[start:end], theirs))
    for start, end, ours, theirs in sorted(regions, reverse=True):
        lines[start:end] = [OURS_MARK, *ours, SPLIT_MARK, *theirs, THEIRS_MARK]
    return newline.join(lines).encode("utf-8")


def _trim(lines: list[str], start: int, end: int) -> int:
    """The end of a region without the blank and comment lines that belong to what follows."""
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _entry_region(data: Any, conflict: Conflict, lines: list[str]) -> tuple[int, int, list[str], list[str]]:
    """A whole history entry one side deleted and the other edited: its lines, and a note for the deletion."""
    seq = data
    for step in conflict.path[:-1]:
        seq = seq[step]
    i = conflict.path[-1]
    start, column = seq.lc.item(i)
    end = seq.lc.item(i + 1)[0] if i + 1 < len(seq) else _end_of(data, conflict.path[:-1], len(lines))
    end = _trim(lines, start, end)
    dash = lines[start].rfind("-", 0, column)
    entry = seq[i]
    label = f"entry {entry.get('id')}" if isinstance(entry, dict) and entry.get("id") else "this entry"
    ours, theirs = lines[start:end], lines[start:end]
    if conflict.ours is None:
        ours = [" " * max(dash, 0) + f"# {label}: deleted on this side"]
    else:
        theirs = [" " * max(dash, 0) + f"# {label}: deleted on their side"]
    return start, end, ours, theirs


def _key_region(data: Any, path: tuple[Any, ...], total: int) -> tuple[int, int, int] | None:
    """(first line, line after the last, key column) of ``path``'s key and value, 0-based."""
    node = data
    for step in path[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    key = path[-1]
    if not isinstance(node, CommentedMap) or key not in node:
        return None
    start, col = node.lc.key(key)
    keys = list(node)
    after = keys.index(key) + 1
    if after < len(keys):
        end = node.lc.key(keys[after])[0]
    else:
        end = _end_of(data, path[:-1], total)
    return start, end, col


def _end_of(data: Any, path: tuple[Any, ...], total: int) -> int:
    """The line after the node at ``path`` (the next sibling's line, or the end of the file)."""
    if not path:
        return total
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    step = path[-1]
    if isinstance(parent, CommentedSeq):
        if step + 1 < len(parent):
            return parent.lc.item(step + 1)[0]
    elif isinstance(parent, CommentedMap):
        keys = list(parent)
        if keys.index(step) + 1 < len(keys):
            return parent.lc.key(keys[keys.index(step) + 1])[0]
    return _end_of(data, path[:-1], total)


def _render_value(doc: Document, key: Any, value: Any, indent: int) -> list[str]:
    """``key: value`` as this file would write it, indented to ``indent``."""
    if value is None:
        return [" " * indent + f"# {key}: (removed on their side)"]
    out = io.StringIO()
    doc._yaml.dump(CommentedMap([(key, fresh_node(value))]), out)
    return [" " * indent + line if line else line for line in out.getvalue().rstrip("\n").split("\n")]
