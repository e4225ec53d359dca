"""Which library files yaml-rs reads exactly as ruamel does, and reading them: no ruamel, no pydantic.

The index's first read and the commands on one candidate (``show``, ``log``) read with it; ruamel reads the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml_rs

MAX_NODES = 100_000  # far above any real candidate file; stops alias bombs
CONFLICT_MARKER = re.compile(r"^(<{7,}|>{7,})( |$)", re.MULTILINE)
"""A ``<<<<<<<`` or ``>>>>>>>`` line: git (or our merge) left a conflict in the file."""


# Forms that yaml-rs reads differently from ruamel, or may: ruamel reads a file holding any of
# them. Each is pinned by tests/core/test_fast_parser_conformance.py; most never occur in a
# file the app or a person writes, and one that does only costs ruamel's speed. Each pattern
# comes with the character every match of it starts with: the regex engine scans a text only
# when that character is in it (`in` finds a character far faster than the engine scans, and most
# files hold none of the rarer ones), and a pattern led by a literal character is scanned quickly
# (one led by a class, like `[|>]`, five times slower: hence a pattern for `|` and one for `>`).
_RUAMEL_DECIDES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (first, re.compile(pattern))
    for first, pattern in (
        ("<", r"<<"),  # a merge key: yaml-rs keeps `<<` as a plain key
        ("!", r"!(?<![^\s\[\]{},]!)"),  # a tag: yaml-rs drops it (ruamel refuses `!x` and `!!python/...`)
        # an anchor or alias named with more than letters, digits, - and _ (or not named): ruamel's names end sooner
        ("&", r"&(?<![^\s\[{,]&)(?:[A-Za-z0-9_-]*[^A-Za-z0-9_\-\s\[\]{},]|(?=[\s\[\]{},]|\Z))"),
        ("*", r"\*(?<![^\s\[{,]\*)(?:[A-Za-z0-9_-]*[^A-Za-z0-9_\-\s\[\]{},]|(?=[\s\[\]{},]|\Z))"),
        ("%", r"%(?<![^\n]%)"),  # a directive
        ("\n", r"\n(?:---|\.\.\.)(?=\s|$)"),  # a document marker after the first line: maybe a second document
        (".", r"\A\.\.\.(?=\s|$)"),  # a document's end before it starts
        ("?", r"\?(?<![^\s\[{,]\?)"),  # an explicit or complex key (`? [a]`, `{ ?a: b }`)
        ("]", r"\][ \t]*:"),  # a flow collection as a key
        ("}", r"\}[ \t]*:"),
        (":", r":(?:[,\]}]|(?<![^\s\[{,]:))"),  # a colon the two place differently in a flow collection
        ("-", r"-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9]"),  # a date with a time: the two differ on its forms and its bounds
        # a number with underscores: `_1` (yaml-rs: 1), `-_`
        ("_", r"_(?:(?<=[-+.0-9]_)|(?<=0[bBoOxX]_)|(?=[-+.0-9]))"),
        ("0", r"0[XOB]"),  # an upper-case radix, an integer to yaml-rs only
        ("=", r"=(?<![^\s\[{,]=)(?=[\s,\]}]|\Z)"),  # a plain `=`: the YAML 1.1 value tag, which ruamel refuses
        # `|` or `>` starting a value but not a block scalar (`[>]`, `|x`): yaml-rs reads it as text
        ("|", r"\|(?<![^\s\[{,]\|)(?![-+0-9]*[ \t]*(?:#[^\n]*)?\r?\n)"),
        (">", r">(?<![^\s\[{,]>)(?![-+0-9]*[ \t]*(?:#[^\n]*)?\r?\n)"),
        # an empty block scalar ends the file
        ("|", r"\|[-+0-9]*[ \t]*(?:#[^\n]*)?\s*(?:\n[ \t]*#[^\n]*\s*)*\Z"),
        (">", r">[-+0-9]*[ \t]*(?:#[^\n]*)?\s*(?:\n[ \t]*#[^\n]*\s*)*\Z"),
    )
)


def ruamel_decides(text: str) -> bool:
    """Whether ``text`` holds one of the forms of :data:`_RUAMEL_DECIDES`, which only ruamel reads right."""
    return any(first in text and pattern.search(text) for first, pattern in _RUAMEL_DECIDES)


_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4299}")  # ruamel refuses an integer of over 4300 digits; yaml-rs reads it
# yaml-rs expands aliases as it reads (ruamel shares the objects); past this a file is ruamel's
# to judge, which reports it as an alias bomb without expanding it
_FAST_ALIASES = yaml_rs.AliasLimits(max_total_replayed_events=2 * MAX_NODES)


def printable(text: str) -> bool:
    """Whether every character of ``text`` but its line breaks is printable: no control character,
    bidi override, tab, BOM or space other than " " (one pass, which the index makes once per file)."""
    if text.isascii():  # most files: their bytes mapped through a table, four times faster
        return b"\0" not in text.encode("ascii").translate(_PRINTABLE_ASCII)
    return text.replace("\n", "").replace("\r", "").isprintable()


# every ASCII character str.isprintable() accepts (" " to "~"), and the line breaks, map to a space; the rest to 0
_PRINTABLE_ASCII = bytes(0x20 if 0x20 <= code < 0x7F or code in (0x0A, 0x0D) else 0 for code in range(256))


def load_fast(text: str, is_printable: bool | None = None) -> dict[Any, Any] | None:
    """The mapping a valid library file holds, read by yaml-rs; None when ruamel must read ``text``.

    yaml-rs (YAML 1.2, in Rust) reads a candidate file about ten times faster than ruamel's C
    loader. It is given only files whose data it reads exactly as :func:`load_plain` does: an
    empty file, a list, any error, a float, a time of day, a key that is a collection and every
    form in :data:`_RUAMEL_DECIDES` go to ruamel, which also words every problem.
    ``is_printable`` is :func:`printable` of ``text`` when the caller knows it already.
    """
    if not text.endswith("\n"):  # a last line without a break: the two end a block scalar differently
        return None
    # control characters (ruamel refuses them), tabs (it refuses them in more places than YAML 1.2),
    # a second BOM, the line breaks of YAML 1.1 it still honours; also spaces other than " "
    if not (printable(text) if is_printable is None else is_printable):
        return None
    if ruamel_decides(text):
        return None
    if len(text) > 4300 and _LONG_NUMBER.search(text):
        return None
    try:
        data = yaml_rs.loads(text, alias_limits=_FAST_ALIASES)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - a Rust panic is a BaseException; ruamel reads the file and says why
        return None
    if not isinstance(data, dict) or _holds_float_or_time(data) or not _dates_are_plain(text, data):
        return None
    return data


# A day written as a plain scalar: after `key: `, `- ` or in a flow collection, and ending the value. yaml-rs
# makes a date of any scalar that spells a day, also quoted, escaped ("2026\x2d03-01") or a `|-` block, which
# YAML 1.2 and ruamel keep as text; a file whose dates are not all plain days like these is ruamel's to read.
_PLAIN_DAY = re.compile(
    r"(?:[:-][ \t]+|[\[{,][ \t]*)([0-9]{4}-[0-9]{2}-[0-9]{2})(?=[ \t]*(?:$|#|[,\]}]))"  # a value
    r"|^[ \t]*(?:-[ \t]+)?([0-9]{4}-[0-9]{2}-[0-9]{2})(?=[ \t]*:(?:[ \t]|$))",  # a key
    re.M,
)


def _dates_are_plain(text: str, data: dict[Any, Any]) -> bool:
    """Whether the days yaml-rs read are exactly the plain days written in ``text`` (a multiset of each)."""
    read: list[dt.date] = []
    pending: list[Any] = [data]
    for node in pending:
        items = (*node, *node.values()) if type(node) is dict else node
        for item in items:
            kind = type(item)
            if kind is dt.date:
                read.append(item)
            elif kind is dict or kind is list:
                pending.append(item)
    if not read:
        return "-" not in text or _PLAIN_DAY.search(text) is None or _no_valid_day(text)
    written = []
    for day in _plain_days(text):
        try:
            written.append(dt.date.fromisoformat(day))
        except ValueError:
            continue  # not a day (2026-02-30): text to both
    return sorted(read) == sorted(written)


def _plain_days(text: str) -> list[str]:
    return [value or key for value, key in _PLAIN_DAY.findall(text)]


def _no_valid_day(text: str) -> bool:
    for day in _plain_days(text):
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            continue
        return False
    return True


def _holds_float_or_time(data: dict[Any, Any]) -> bool:
    """Whether a value is a float or a datetime, or a key a collection: the two parsers resolve
    different texts to them (`.nAn`, `-.5e3`, `1e_5`; `2026-01-05 10:00`; `{a}: b`), and a
    library file holds none of them."""
    # the types of a node's keys and values are gathered by map() and set(), in C: most values are text
    pending: list[Any] = [data]
    for node in pending:  # grows as it goes: every mapping and list inside
        if type(node) is dict:
            if not _SUSPECT.isdisjoint(map(type, node)):
                return True
            node = node.values()
        kinds = set(map(type, node))
        if not _SUSPECT.isdisjoint(kinds):
            return True
        if dict in kinds or list in kinds:
            pending.extend(item for item in node if type(item) is dict or type(item) is list)
    return False


_SUSPECT = frozenset((float, dt.datetime, tuple, frozenset))
