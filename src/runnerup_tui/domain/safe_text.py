"""Untrusted text made safe to show on a terminal: control characters and bidi overrides escaped.

Names, notes and summaries come from teammates, hand edits and imports. A terminal
interprets ESC sequences (clear the screen, set the window title, recolour) and bidi
overrides reorder what a person reads, so every human-readable output shows them as
visible escapes (``\\x1b``, ``\\u202e``) instead. ``--json`` output stays exact.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls, and the bidi embeddings,
# overrides and isolates (U+202A–202E, U+2066–2069).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character and bidi override shown as an escape.

    Newlines and tabs are kept: use :func:`visible_line` where the text must stay on
    one line (a table cell, a title).
    """
    if text.isprintable():  # every character escaped here is non-printable (Cc, Cf): the common case, 3x faster
        return text
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def visible_line(text: str) -> str:
    """Like :func:`visible`, with newlines and tabs escaped too, so the text is one line."""
    if text.isprintable():
        return text
    return _UNSAFE_IN_LINE.sub(_escape, text) if _UNSAFE_IN_LINE.search(text) else text


def unsafe_characters(text: str) -> list[int]:
    """Offsets in ``text`` of the characters :func:`visible` would escape."""
    return [m.start() for m in _UNSAFE.finditer(text)]


# One visible character for each unsafe one: the Unicode control pictures for C0 and DEL
# (␛ for ESC), the replacement character for C1 controls and bidi overrides.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_PICTURES |= {0x7F: "\u2421"}
_PICTURES |= {code: "\ufffd" for code in (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def pictured(text: str) -> str:
    """``text`` with each character :func:`visible` would escape replaced by one visible character.

    The length stays the same, so where the exact text is being edited (a form field) every
    cursor position still points into the real text; ``visible``'s escapes would not line up.
    """
    return text.translate(_PICTURES) if _UNSAFE.search(text) else text


def excerpt(text: str, limit: int = 60) -> str:
    """What a person typed, fit to quote in a one-line error: at most ``limit`` characters, escaped.

    An id of 10,000 characters or with a newline must not come back whole, nor break the line.
    """
    if len(text) > limit:  # both ends: a path's file name and an id's start tell the most
        head = (limit - 1) // 2
        text = text[:head] + "…" + text[-(limit - 1 - head) :]
    return visible_line(text)


def dotted_path(path: tuple[Any, ...]) -> str:
    """A place in a record as messages name it (``history[2].summary``); ``document`` for the whole file.

    A hand-written key may be huge, or hold a newline or an escape sequence: each key is an :func:`excerpt`.
    """
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + excerpt(str(step), 60)
    return out or "document"
