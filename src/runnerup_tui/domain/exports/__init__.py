"""The library in other programs' formats (iCalendar, vCard, CSV): what each export holds, built by each
format's own library; no files are written here."""

from __future__ import annotations

import re

from runnerup_tui.domain.names import fold

# C0 controls but tab and newline, DEL and C1: iCalendar and vCard text may not hold them (RFC 5545 §3.3.11,
# RFC 2426 §4), and the libraries pass them through raw; a calendar or a phone would refuse the file or show them
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def format_text(text: str) -> str:
    """``text`` as iCalendar and vCard may carry it: line breaks as newlines (the libraries escape them),
    the control characters those formats forbid left out; every other character exact."""
    return _NOT_TEXT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def owned_by(owner: str | None, wanted: str) -> bool:
    """``--owner NAME``: as ``search owner:NAME``, part of the owner's name is enough (case and accents aside)."""
    return bool(owner) and fold(" ".join(wanted.split())) in fold(" ".join(owner.split()))
