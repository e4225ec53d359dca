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
# starts with a character, which lets the regex engine skip through a text quickly.
_RUAMEL_DECIDES = tuple(
    re.compile(pattern)
    for pattern in (
        r"<<",  # a merge key: yaml-rs keeps `<<` as a plain key
        r"!(?<![^\s\[\]{},]!)",  # a tag: yaml-rs drops it (ruamel refuses `!x` and `!!python/...`)
        # an anchor or alias named with more than letters, digits, - and _ (or not named): ruamel's names end sooner
        r"&(?<![^\s\[{,]&)(?:[A-Za-z0-9_-]*[^A-Za-z0-9_\-\s\[\]{},]|(?=[\s\[\]{},]|\Z))",
        r"\*(?<![^\s\[{,]\*)(?:[A-Za-z0-9_-]*[^A-Za-z0-9_\-\s\[\]{},]|(?=[\s\[\]{},]|\Z))",
        r"%(?<![^\n]%)",  # a directive
        r"\n(?:---|\.\.\.)(?=\s|$)",  # a document marker after the first line: maybe a second document
        r"\A\.\.\.(?=\s|$)",  # a document's end before it starts
        r"\?(?<![^\s\[{,]\?)",  # an explicit or complex key (`? [a]`, `{ ?a: b }`)
        r"\][ \t]*:",  # a flow collection as a key
        r"\}[ \t]*:",
        r":(?:[,\]}]|(?<![^\s\[{,]:))",  # a colon the two place differently in a flow collection
        r"-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9]",  # a date with a time: the two differ on its forms and its bounds
        r"_(?:(?<=[-+.0-9]_)|(?<=0[bBoOxX]_)|(?=[-+.0-9]))",  # a number with underscores: `_1` (yaml-rs: 1), `-_`
        r"0[XOB]",  # an upper-case radix, an integer to yaml-rs only
        r"=(?<![^\s\[{,]=)(?=[\s,\]}]|\Z)",  # a plain `=`: the YAML 1.1 value tag, which ruamel refuses
        # `|` or `>` starting a value but not a block scalar (`[>]`, `|x`): yaml-rs reads it as text
        r"[|>](?<![^\s\[{,][|>])(?![-+0-9]*[ \t]*(?:#[^\n]*)?\r?\n)",
        r"[|>][-+0-9]*[ \t]*(?:#[^\n]*)?\s*(?:\n[ \t]*#[^\n]*\s*)*\Z",  # an empty block scalar ends the file
    )
)
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4299}")  # ruamel refuses an integer of over 4300 digits; yaml-rs reads it
# yaml-rs expands aliases as it reads (ruamel shares the objects); past this a file is ruamel's
# to judge, which reports it as an alias bomb without expanding it
_FAST_ALIASES = yaml_rs.AliasLimits(max_total_replayed_events=2 * MAX_NODES)


def load_fast(text: str) -> dict[Any, Any] | None:
    """The mapping a valid library file holds, read by yaml-rs; None when ruamel must read ``text``.

    yaml-rs (YAML 1.2, in Rust) reads a candidate file about ten times faster than ruamel's C
    loader. It is given only files whose data it reads exactly as :func:`load_plain` does: an
    empty file, a list, any error, a float, a time of day, a key that is a collection and every
    form in :data:`_RUAMEL_DECIDES` go to ruamel, which also words every problem.
    """
    if not text.endswith("\n"):  # a last line without a break: the two end a block scalar differently
        return None
    # control characters (ruamel refuses them), tabs (it refuses them in more places than YAML 1.2),
    # a second BOM, the line breaks of YAML 1.1 it still honours; also spaces other than " "
    if not text.replace("\n", "").replace("\r", "").isprintable():
        return None
    if any(pattern.search(text) for pattern in _RUAMEL_DECIDES):
        return None
    if len(text) > 4300 and _LONG_NUMBER.search(text):
        return None
    try:
        data = yaml_rs.loads(text, alias_limits=_FAST_ALIASES)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - a Rust panic is a BaseException; ruamel reads the file and says why
        return None
    if not isinstance(data, dict) or _holds_float_or_time(data):
        return None
    return data


def _holds_float_or_time(data: dict[Any, Any]) -> bool:
    """Whether a value is a float or a datetime, or a key a collection: the two parsers resolve
    different texts to them (`.nAn`, `-.5e3`, `1e_5`; `2026-01-05 10:00`; `{a}: b`), and a
    library file holds none of them."""
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        for item in (*node, *node.values()) if type(node) is dict else node:
            kind = type(item)
            if kind in _SUSPECT:
                return True
            if kind is dict or kind is list:
                stack.append(item)
    return False


_SUSPECT = frozenset((float, dt.datetime, tuple, frozenset))
