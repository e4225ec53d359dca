"""Three-way merge of two versions of a library file, field by field (DESIGN.md §6).

Two recruiters logging touchpoints with the same person, or editing different fields,
must never conflict: history entries merge by ``id`` (a union; an entry without an id is
matched by its content), lists of strings merge as sets keeping order, other values
merge three-way. Only one value changed two different ways is a conflict, and only that
value is put between conflict markers. The result is written in *our* file's layout
(comments, quoting, order), plus comment lines *they* added.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .yamldoc import Document, _apply_list, _fresh, _put_trailing_comment, _take_trailing_comment, apply_changes

MISSING: Any = object()
OURS_MARK, SPLIT_MARK, THEIRS_MARK = "<<<<<<< ours", "=======", ">>>>>>> theirs"


@dataclass
class Conflict:
    """One value both sides changed differently; ``path`` as in a problem message."""

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


def merge_files(base: bytes, ours: bytes, theirs: bytes, rel_path: str = "file.yaml",
                take: dict[tuple[Any, ...], str] | None = None) -> MergeResult:
    """Merge ``theirs`` into ``ours`` given their common ancestor ``base`` (may be empty).

    ``take`` settles conflicts already decided by a person: path -> "ours" or "theirs".
    Raises :class:`InvalidFile` when a version cannot be read as a YAML mapping; the
    caller then falls back to a line-based merge.
    """
    if ours == theirs or theirs == base:
        return MergeResult(ours)
    if ours == base:
        return MergeResult(theirs)
    base_doc = Document(None, rel_path, base, None) if base.strip() else None  # type: ignore[arg-type]
    ours_doc = Document(None, rel_path, ours, None)  # type: ignore[arg-type]
    theirs_doc = Document(None, rel_path, theirs, None)  # type: ignore[arg-type]
    state = _State([], take or {})
    conflicts = state.conflicts
    _merge_mapping(base_doc.data if base_doc else {}, ours_doc.data, theirs_doc.data, (), state, ())
    merged = _borrow_their_lines(ours_doc.render(), ours, theirs)
    merged = _carry_added_comments(base, theirs, merged)
    if conflicts:
        merged = _mark_conflicts(merged, ours_doc, theirs_doc, conflicts)
    return MergeResult(merged, conflicts)


# -- the merge of values -----------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    try:
        return bool(a == b) and type(a is None) is type(b is None)
    except Exception:
        return False


def _merge_mapping(base: Any, ours: CommentedMap, theirs: Any, path: tuple[Any, ...],
                   state: _State, theirs_path: tuple[Any, ...]) -> None:
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
                _apply_list(o, t)  # keeps our flow or block style
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
        else:
            state.conflict(ours, key, Conflict(here, None if o is MISSING else o, None if t is MISSING else t, there))


def _insert_like(ours: CommentedMap, theirs: dict[Any, Any], key: Any, value: Any) -> None:
    """Add ``key`` after the key that precedes it on their side (at the end if none)."""
    order = list(theirs)
    before = [k for k in order[: order.index(key)] if k in ours]
    if not before or before[-1] == next(reversed(ours), None):
        trailing = _take_trailing_comment(ours)
        ours[key] = value
        if trailing and isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
            _put_trailing_comment(value, trailing)
        elif trailing:
            _put_trailing_comment(ours, trailing)
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


def _merge_records(base: list[Any], ours: CommentedSeq, theirs: list[Any], path: tuple[Any, ...],
                   state: _State, theirs_path: tuple[Any, ...]) -> None:
    """Union of entries by id; an entry edited on both sides merges field by field."""
    base_by = {_record_key(x): x for x in base if isinstance(x, dict)}
    theirs_by = {_record_key(x): x for x in theirs}
    theirs_at = {_record_key(x): i for i, x in enumerate(theirs)}
    ours_keys = [_record_key(x) for x in ours]
    # entries they deleted (and we left as they were) go
    for i in reversed(range(len(ours))):
        key = ours_keys[i]
        if key in base_by and key not in theirs_by and _same(ours[i], base_by[key]):
            del ours[i]
            del ours_keys[i]
    # entries both kept: take their edits
    for i, key in enumerate(ours_keys):
        if key in theirs_by and not _same(ours[i], theirs_by[key]):
            b = base_by.get(key, {})
            if _same(ours[i], b):
                apply_changes(ours[i], theirs_by[key])
            else:
                _merge_mapping(b, ours[i], theirs_by[key], (*path, i), state, (*theirs_path, theirs_at[key]))
    # entries only they added, placed by date among ours
    present = set(ours_keys)
    for item in theirs:
        key = _record_key(item)
        if key in present or key in base_by:
            continue
        present.add(key)
        _insert_by_date(ours, _fresh(item))


def _insert_by_date(seq: CommentedSeq, item: CommentedMap) -> None:
    when = str(item.get("date", ""))
    position = len(seq)
    while position > 0 and isinstance(seq[position - 1], dict) and str(seq[position - 1].get("date", "")) > when:
        position -= 1
    if position == len(seq):
        trailing = _take_trailing_comment(seq)
        seq.append(item)
        if trailing:
            _put_trailing_comment(item, trailing)
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
    from .yamldoc import _equivalent

    text = merged.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    our_lines = set(ours.decode("utf-8", "replace").replace("\r\n", "\n").split("\n"))
    their_lines = [ln for ln in theirs.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
                   if ln not in our_lines]
    out = text.replace("\r\n", "\n").split("\n")
    for n, line in enumerate(out):
        if line in our_lines or line in their_lines:
            continue
        same = [t for t in their_lines if _equivalent(line, t)]
        if len(same) == 1:
            out[n] = same[0]
    return newline.join(out).encode("utf-8")


def _mark_conflicts(merged: bytes, doc: Document, theirs_doc: Document, conflicts: list[Conflict]) -> bytes:
    """Put each conflicting value between markers: our lines, then their lines.

    Their lines come verbatim from their file when the value is found there (comments
    included), else rendered in this file's style.
    """
    text = merged.decode("utf-8")
    their_lines = theirs_doc.raw.decode("utf-8").replace("\r\n", "\n").split("\n")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    reread = Document(None, doc.rel_path, text.encode(), None)  # type: ignore[arg-type]
    regions = []
    for conflict in conflicts:
        region = _key_region(reread.data, conflict.path, len(lines))
        if region is None:
            continue
        start, end, column = region
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        theirs = _render_value(doc, conflict.path[-1], conflict.theirs, column)
        found = _key_region(theirs_doc.data, conflict.theirs_path or conflict.path, len(their_lines))
        if found is not None and conflict.theirs is not None:
            t_start, t_end, t_column = found
            while t_end > t_start + 1 and (not their_lines[t_end - 1].strip()
                                           or their_lines[t_end - 1].lstrip().startswith("#")):
                t_end -= 1
            shift = column - t_column
            theirs = [(" " * shift + ln) if shift >= 0 else ln[-shift:] for ln in their_lines[t_start:t_end]]
        prefix = lines[start][:column]
        if prefix.strip() == "-":  # the first key of a list item: both sides keep the dash
            theirs[0] = prefix + theirs[0][column:]
        regions.append((start, end, theirs))
    for start, end, theirs in sorted(regions, reverse=True):
        lines[start:end] = [OURS_MARK, *lines[start:end], SPLIT_MARK, *theirs, THEIRS_MARK]
    return newline.join(lines).encode("utf-8")


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
    doc._yaml.dump(CommentedMap([(key, _fresh(value))]), out)
    return [" " * indent + line if line else line for line in out.getvalue().rstrip("\n").split("\n")]
