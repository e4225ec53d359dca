"""Editing one library file in place, so that a change touches only the lines it must.

A :class:`Document` is one file opened in ruamel's round-trip mode with the file's own
habits detected (indentation, quoting, ``null`` spelling, ``---``, BOM, CRLF). On save,
the new text is spliced against the old one line by line, so every line the change did
not touch keeps its exact bytes, line ending included. Saving is atomic and refuses to
overwrite a file that changed on disk since it was opened.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import io
import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from runnerup_tui.domain.problems import FileChanged, InvalidFile, Problem
from runnerup_tui.store.parsing import RoundTripDatesConstructor, decode, load_plain, parse_record
from runnerup_tui.store.reading import read_plain_file

BOM = b"\xef\xbb\xbf"


class _Representer(RoundTripRepresenter):
    """Writes ``None`` the way the file already spells it (``null``, ``~`` or nothing)."""

    null_text = ""

    def represent_none(self, data: Any) -> Any:
        return self.represent_scalar("tag:yaml.org,2002:null", self.null_text)


_Representer.add_representer(type(None), _Representer.represent_none)


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


class Document:
    """One YAML file open for editing; ``data`` is the round-trip tree to change."""

    def __init__(self, path: Path, rel_path: str, raw: bytes, model: type | None) -> None:
        """Parse ``raw``; with a ``model`` it must also validate (else :class:`InvalidFile`).

        Without a model (the merge driver) any YAML mapping will do.
        """
        self.path = path
        self.rel_path = rel_path
        self.raw = raw
        self.model = model
        self.hash = content_hash(raw)
        if model is not None:
            parsed = parse_record(raw, rel_path, model)
            if not parsed.ok:
                raise InvalidFile(parsed.problems)
        text, bad = decode(raw)
        if bad:
            raise InvalidFile([Problem(rel_path, bad[0], bad[1], "error", bad[2])])
        self._bom = raw.startswith(BOM)
        self._newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
        text = text.replace("\r\n", "\n")
        # ruamel drops comments above a "---" line, so the lines up to it are kept aside
        self._preamble, body = _split_preamble(text)
        self._yaml = _round_trip_yaml(body)
        try:
            self.data: CommentedMap = self._yaml.load(body)
        except RecursionError:  # the pure-Python parser recurses per level; parse_record allows 32
            raise InvalidFile([Problem(rel_path, 1, 1, "error", "nested too deeply to be a library file")]) from None
        except MarkedYAMLError as err:
            # the round-trip parser is stricter than the C reader in places (a tab after "key:")
            mark = err.problem_mark or err.context_mark
            line = (mark.line + 1 if mark else 1) + self._preamble.count("\n")
            column = mark.column + 1 if mark else 1
            reason = " ".join(str(err.problem or err.context or "cannot parse").split())[:120]
            raise InvalidFile(
                [
                    Problem(
                        rel_path,
                        line,
                        column,
                        "error",
                        f"runnerup cannot edit this file: {reason}; fix this line by hand",
                    )
                ]
            ) from None
        except (YAMLError, ValueError, TypeError, OverflowError) as err:
            reason = " ".join(str(err).split())[:120] or type(err).__name__
            raise InvalidFile([Problem(rel_path, 1, 1, "error", f"runnerup cannot edit this file: {reason}")]) from None
        if self.data is None and model is None:
            self.data = CommentedMap()
        if not isinstance(self.data, CommentedMap):
            raise InvalidFile([Problem(rel_path, 1, 1, "error", "must be a mapping of keys")])

    @classmethod
    def open(cls, path: Path, rel_path: str, model: type) -> Document:
        """Read ``path``; raises :class:`InvalidFile` if it does not parse and validate."""
        return cls(path, rel_path, read_plain_file(path, rel_path), model)

    def render(self) -> bytes:
        """The file's new bytes: unchanged lines keep their exact original bytes."""
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        new_text = self._preamble + out.getvalue()
        spliced = _splice(self.raw.removeprefix(BOM).decode("utf-8"), new_text, self._newline)
        return (BOM if self._bom else b"") + spliced.encode("utf-8")

    def check(self, new_raw: bytes) -> None:
        """Refuse to write bytes that would not read back as a valid record with this data."""
        if self.model is None:
            data = load_plain(decode(new_raw)[0])
        else:
            parsed = parse_record(new_raw, self.rel_path, self.model)
            if not parsed.ok:
                raise InvalidFile(parsed.problems)
            data = parsed.data
        if data != self.data:
            raise InvalidFile(
                [
                    Problem(
                        self.rel_path,
                        1,
                        1,
                        "error",
                        "internal error: the written file would not read back the same; nothing written",
                    )
                ]
            )

    def save(self, before_write: Callable[[bytes], None] | None = None) -> bytes:
        """Validate, then atomically replace the file; returns the bytes written.

        ``before_write(new_bytes)`` runs once everything is checked, just before the file is
        replaced (a transaction journals what it is about to write).
        """
        new_raw = self.render()
        self.check(new_raw)
        current = read_plain_file(self.path, self.rel_path) if os.path.lexists(self.path) else b""
        if content_hash(current) != self.hash:
            raise FileChanged(f"{self.rel_path}: changed on disk since it was opened; nothing written")
        if before_write is not None:
            before_write(new_raw)
        atomic_write(self.path, new_raw)
        self.raw, self.hash = new_raw, content_hash(new_raw)
        return new_raw


def new_document_bytes(data: dict[str, Any]) -> bytes:
    """Bytes of a brand-new file, in the library's house style."""
    yaml = _round_trip_yaml("")
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue().encode("utf-8")


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder, fsync, then rename over ``path``.

    The file keeps its permission bits; a reader never sees a half-written file.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def append_to_list(mapping: CommentedMap, key: str, item: CommentedMap) -> None:
    """Append ``item`` to ``mapping[key]``, creating the list (block style) if needed.

    Comments below the old last entry belong to what follows the list (the next key, or
    the end of the file), so they move below the new entry instead of landing above it.
    """
    seq = mapping.get(key)
    if key not in mapping:
        trailing = take_trailing_comment(mapping)
        mapping[key] = seq = CommentedSeq()
    elif seq is None or (isinstance(seq, CommentedSeq) and not seq):
        trailing = _take_slot(mapping, key)
        if seq is None:
            mapping[key] = seq = CommentedSeq()
        seq.fa.set_block_style()
    else:
        trailing = take_trailing_comment(seq)
    seq.append(item)
    if trailing:
        put_trailing_comment(item, trailing)


def _is_block_scalar(value: Any) -> bool:
    # a block scalar's text ends with its own newline, so a comment after it does not
    # start with the newline that ends the value's line
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


def _take_slot(container: Any, key: Any) -> str:
    """Detach the comment lines after ``key``'s value, leaving a same-line comment in place."""
    slots = container.ca.items.get(key)
    index = 0 if isinstance(container, CommentedSeq) else 2
    if not slots or len(slots) <= index or slots[index] is None:
        return ""
    token = slots[index]
    if _is_block_scalar(container[key]):
        eol, rest = "", token.value
    else:
        eol, _, rest = token.value.partition("\n")
    if not rest:
        return ""
    if eol.strip():
        token.value = eol + "\n"
    else:
        slots[index] = None
    return rest


def take_trailing_comment(node: Any) -> str:
    """Detach the comment lines that follow the last entry of ``node`` (at any depth).

    They belong to what follows ``node`` in the file: detach them before adding entries, then
    :func:`put_trailing_comment` them back after the new last entry.
    """
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        last = len(node) - 1 if isinstance(node, CommentedSeq) else next(reversed(node))
        text = _take_slot(node, last)
        if text:
            return text
        node = node[last]
    return ""


def put_trailing_comment(node: Any, text: str) -> None:
    """Attach comment lines after the last entry of ``node`` (at its deepest level)."""
    while True:
        last = len(node) - 1 if isinstance(node, CommentedSeq) else next(reversed(node))
        child = node[last]
        if isinstance(child, (CommentedMap, CommentedSeq)) and len(child):
            node = child
            continue
        index = 0 if isinstance(node, CommentedSeq) else 2
        slots = node.ca.items.setdefault(last, [None, None, None, None])
        value = text if _is_block_scalar(child) else "\n" + text
        slots[index] = CommentToken(value, CommentMark(0), None)
        return


def _round_trip_yaml(text: str) -> YAML:
    yaml = YAML()
    yaml.Constructor = RoundTripDatesConstructor
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096
    mapping, sequence, offset = _guess_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.representer.null_text = _null_spelling(text)
    return yaml


_KEY_LINE = re.compile(r"^( *)(?:- +)?[^#\s][^:#]*:\s*(?:#.*)?$")


def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as this file writes them."""
    mapping = sequence = offset = None
    lines = [line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    for above, line in zip(lines, lines[1:]):
        opener = _KEY_LINE.match(above)
        if not opener:
            continue
        key_col = len(above) - len(above.lstrip(" -"))  # a key after "- " sits after the dash
        col = len(line) - len(line.lstrip(" "))
        if line.lstrip().startswith("- "):
            if sequence is None and col >= key_col:
                after = line[col + 1 :]
                offset = col - key_col
                sequence = offset + 1 + (len(after) - len(after.lstrip(" ")))
        elif mapping is None and col > key_col:
            mapping = col - key_col
        if mapping is not None and sequence is not None:
            break
    mapping = mapping or 2
    if sequence is None:
        sequence, offset = mapping + 2, mapping
    return mapping, max(sequence, offset + 2), offset


_PREAMBLE = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n)*---[ \t]*(?:#[^\n]*)?\n")


def _split_preamble(text: str) -> tuple[str, str]:
    """(comments and blank lines up to and including a leading ``---`` line, the rest)."""
    match = _PREAMBLE.match(text)
    return (match.group(0), text[match.end() :]) if match else ("", text)


def _null_spelling(text: str) -> str:
    if re.search(r":[ \t]+null[ \t]*(#.*)?$", text, re.MULTILINE):
        return "null"
    if re.search(r":[ \t]+~[ \t]*(#.*)?$", text, re.MULTILINE):
        return "~"
    return ""


_KEY_VALUE = re.compile(r"^(\s*(?:- +)?(?:[^\s#:'\"][^:#]*|'[^']*'|\"[^\"]*\"):)[ \t]+(\S.*)$")
_SCALAR_READER = YAML(typ="safe", pure=True)


def equivalent_lines(old: str, new: str) -> bool:
    """Whether two ``key: value`` lines say the same thing (``~`` vs ``null``, flow spacing).

    The dumper normalises such details; keeping the old line keeps the diff to the lines
    the change really touched. The whole file is re-read and compared after writing.
    """
    a, b = _KEY_VALUE.match(old), _KEY_VALUE.match(new)
    if not a or not b or a.group(1) != b.group(1):
        return False
    old_value, new_value = a.group(2), b.group(2)
    if old_value.lstrip().startswith(("|", ">", "&", "*", "!")) or new_value.lstrip().startswith(("|", ">")):
        return False
    try:
        return _SCALAR_READER.load(old_value) == _SCALAR_READER.load(new_value) and _comment_of(
            old_value
        ) == _comment_of(new_value)
    except Exception:
        return False


def _comment_of(value: str) -> str:
    # good enough for the lines compared here: a "#" after whitespace outside quotes
    match = re.search(r"(?:^|\s)(#.*)$", re.sub(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"", "", value))
    return match.group(1).strip() if match else ""


def _splice(old: str, new: str, newline: str) -> str:
    """``new``, except that lines equal to old ones keep their original bytes."""
    old_lines = old.splitlines(keepends=True)
    missing_final = bool(old_lines) and not old_lines[-1].endswith(("\n", "\r"))
    if missing_final:
        old_lines[-1] += newline
    new_lines = new.splitlines(keepends=True)
    out: list[str] = []
    for op, i1, i2, j1, j2 in _line_opcodes(
        [line.rstrip("\r\n") for line in old_lines], [line.rstrip("\n") for line in new_lines]
    ):
        if op == "equal":
            out.extend(old_lines[i1:i2])
        elif op == "replace" and i2 - i1 == j2 - j1:
            for old_line, new_line in zip(old_lines[i1:i2], new_lines[j1:j2]):
                same = equivalent_lines(old_line.rstrip("\r\n"), new_line.rstrip("\n"))
                out.append(old_line if same else new_line.replace("\n", newline))
        else:
            out.extend(line.replace("\n", newline) for line in new_lines[j1:j2])
    if missing_final and out and out[-1] is old_lines[-1]:
        out[-1] = out[-1].removesuffix(newline)  # the file's last line is unchanged: keep it as it was
    return "".join(out)


_EXACT_DIFF_CELLS = 40_000  # old × new lines below which difflib's (quadratic) matcher is cheap


def _line_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes turning lines ``a`` into ``b``, in time close to linear in the file.

    difflib alone is quadratic on files whose lines repeat (every ``kind: call`` of a long
    history): a log on 10,000 touchpoints took 20 s. So, as in patience diff, common
    leading and trailing lines are matched first, then lines that occur once on each side
    anchor the rest, and difflib only aligns the small stretches between anchors. A
    stretch too large and without anchors counts as replaced: the output is still the new
    text, only the diff is less minimal.
    """
    blocks: list[tuple[int, int, int]] = []
    todo = [(0, len(a), 0, len(b))]
    budget = 20 * (len(a) + len(b)) + _EXACT_DIFF_CELLS
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            blocks.append((alo, blo, 1))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            blocks.append((ahi, bhi, 1))
        if alo == ahi or blo == bhi:
            continue
        if (ahi - alo) * (bhi - blo) <= _EXACT_DIFF_CELLS:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            blocks.extend((alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n)
            continue
        budget -= (ahi - alo) + (bhi - blo)
        anchors = _unique_anchors(a, alo, ahi, b, blo, bhi) if budget > 0 else []
        i, j = alo, blo
        for ai, bj in anchors:
            todo.append((i, ai, j, bj))
            blocks.append((ai, bj, 1))
            i, j = ai + 1, bj + 1
        if anchors:
            todo.append((i, ahi, j, bhi))
    blocks.sort()
    ops: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for ai, bj, size in [*blocks, (len(a), len(b), 0)]:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            ops.append((tag, i, ai, j, bj))
        if size:
            ops.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return ops


def _unique_anchors(a: list[str], alo: int, ahi: int, b: list[str], blo: int, bhi: int) -> list[tuple[int, int]]:
    """Pairs (i, j) of lines that occur once in ``a[alo:ahi]`` and once in ``b[blo:bhi]``, in
    the longest run whose order agrees on both sides (patience sorting, n log n)."""
    once_a: dict[str, int] = {}
    for i in range(alo, ahi):
        once_a[a[i]] = -1 if a[i] in once_a else i
    once_b: dict[str, int] = {}
    for j in range(blo, bhi):
        if once_a.get(b[j], -1) >= 0:
            once_b[b[j]] = -1 if b[j] in once_b else j
    pairs = sorted((once_a[line], j) for line, j in once_b.items() if j >= 0)
    tail_js: list[int] = []  # the smallest last j of an increasing run of each length
    tail_at: list[int] = []  # the pair that ends it
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tail_js, j)
        back[k] = tail_at[pos - 1] if pos else -1
        if pos == len(tail_js):
            tail_js.append(j)
            tail_at.append(k)
        else:
            tail_js[pos], tail_at[pos] = j, k
    run: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        run.append(pairs[k])
        k = back[k]
    return run[::-1]


def apply_changes(node: Any, new: dict[str, Any]) -> list[str]:
    """Make round-trip mapping ``node`` hold ``new``, changing only what differs.

    Unchanged keys (and their comments and style) are left alone, nested mappings are
    updated key by key, lists keep their flow or block style. Keys missing from ``new``
    are removed. Returns the top-level keys that changed.
    """
    changed: list[str] = []
    for key in [k for k in node if k not in new]:
        del node[key]
        changed.append(key)
    for key, value in new.items():
        if key in node and same_value(node[key], value):
            continue
        changed.append(key)
        current = node.get(key)
        if isinstance(current, CommentedMap) and isinstance(value, dict):
            apply_changes(current, value)
        elif isinstance(current, CommentedSeq) and isinstance(value, list):
            apply_list_changes(current, value)
        else:
            node[key] = fresh_node(value)
    return changed


def apply_list_changes(seq: CommentedSeq, new: list[Any]) -> None:
    """Make ``seq`` hold ``new`` (plain values), keeping the entries that did not change as they are written."""
    for i, value in enumerate(new[: len(seq)]):
        if same_value(seq[i], value):
            continue
        if isinstance(seq[i], CommentedMap) and isinstance(value, dict):
            apply_changes(seq[i], value)
        else:
            seq[i] = fresh_node(value)
    del seq[len(new) :]
    seq.extend(fresh_node(v) for v in new[len(seq) :])


def same_value(old: Any, new: Any) -> bool:
    """Whether a value read from a file equals a new one: ``None`` never equals a false value, and a
    comparison that cannot be made counts as different."""
    try:
        return bool(old == new) and type(old is None) is type(new is None)
    except Exception:
        return False


def fresh_node(value: Any) -> Any:
    """A plain value as a new round-trip node, written in block style, multi-line text as ``|`` blocks."""
    if isinstance(value, dict):
        return CommentedMap((k, fresh_node(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(fresh_node(v) for v in value)
    if isinstance(value, str):
        return block_text(value)
    return value


def block_text(value: str) -> str:
    """Text with more than one line as a literal block scalar (``|``, ending in one newline), as people write it."""
    return LiteralScalarString(value.rstrip("\n") + "\n") if "\n" in value.strip("\n") else value


# -- appending to a long list without a round trip --------------------------------------------
#
# ruamel's round-trip load is ~0.5 ms per list entry: a candidate with thousands of
# touchpoints takes seconds to log to. When the list is the last thing in the file, the new
# entry is plain text appended after it, in the file's own indentation; the caller proves
# the result reads back as the old data plus the entry, and falls back to the round trip
# (which keeps every layout rule) whenever a condition here does not hold.

FAST_APPEND_BYTES = 64 * 1024  # below this the round trip takes milliseconds: always use it


def appended_to_final_list(raw: bytes, key: str, item: dict[str, Any]) -> bytes | None:
    """``raw`` with ``item`` appended to the block list ``key`` that ends the file; None when it does not."""
    if raw.startswith(BOM) or b"\r" in raw or not raw.endswith(b"\n") or raw.endswith(b"\n\n"):
        return None
    text = raw.decode("utf-8")
    heads = [m for m in re.finditer(rf"^{re.escape(key)}:[ \t]*(#.*)?$", text, re.MULTILINE)]
    if len(heads) != 1:
        return None
    body = text[heads[0].end() + 1 :].splitlines()
    first = next((ln for ln in body if ln.strip() and not ln.lstrip().startswith("#")), None)
    dash = re.match(r"( *)- \S", first or "")
    if dash is None:
        return None
    column = len(dash.group(1))
    for line in body:  # every line down to the end belongs to the list: no later key
        comment = line.lstrip().startswith("#") and line.startswith(" " * column)
        in_item = line.startswith(" " * column + "- ") or line.startswith(" " * (column + 1))
        if line.strip() and not (comment or in_item):
            return None
    if body[-1].lstrip().startswith("#"):
        return None  # a closing comment: the round trip keeps it below the new entry
    out = io.StringIO()
    _round_trip_yaml(text).dump({key: [item]}, out)  # in the file's own indentation, as the round trip writes it
    dumped = out.getvalue().splitlines()[1:]
    house = re.match(r"( *)- ", dumped[0])
    if house is None:
        return None
    shift = column - len(house.group(1))
    lines = [(" " * shift + ln) if shift >= 0 else ln[-shift:] for ln in dumped]
    return raw + ("\n".join(lines) + "\n").encode("utf-8")
