"""Candidates as a spreadsheet (``runnerup export csv``): one row per candidate under a fixed, documented header.

UTF-8 with a byte-order mark: Excel opens a CSV as UTF-8 only when it starts with one (without it, every
accented or non-Latin name is garbled); LibreOffice, Google Sheets and Python's ``utf-8-sig`` read it too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from typing import Any

from runnerup_tui.domain.exports import format_text
from runnerup_tui.domain.terms import UNDECIDED

HEADER = (
    "id",
    "name",
    "pronouns",
    "headline",
    "location",
    "email",
    "phone",
    "linkedin",
    "links",
    "fit",
    "rating",
    "owner",
    "skills",
    "interests",
    "tags",
    "roles",
    "last_interview",
    "last_stage",
    "rejection_date",
    "rejection_channel",
    "rejection_reason",
    "last_contact",
    "next_follow_up",
    "consent_expires",
    "notes",
)
"""The columns, in order; the README documents each. New columns go at the end, so scripts keep working."""

LIST_SEPARATOR = "; "
BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """A cell a spreadsheet will not run: one starting with = + - @, tab or carriage return gets a leading
    ``'`` (OWASP's advice against CSV injection), which spreadsheets show as text and do not display."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(format_text(str(item)) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return format_text(str(value))


def candidate_row(cid: str, candidate: Any, follow_up: dt.date | None) -> dict[str, str]:
    """One candidate's cells by column, exact but for :func:`neutralised` and control characters (a CSV is
    read in terminals too, where they would act: ``exports.format_text``)."""
    contact = candidate.contact
    dated = [i for i in candidate.interviews if i.date]
    last = max(dated, key=lambda i: i.date) if dated else None
    rejection = candidate.rejection
    history_days = [t.date for t in candidate.history]
    values = {
        "id": cid,
        "name": candidate.name,
        "pronouns": candidate.pronouns,
        "headline": candidate.headline,
        "location": candidate.location,
        "email": contact.email if contact else None,
        "phone": contact.phone if contact else None,
        "linkedin": contact.linkedin if contact else None,
        "links": contact.links if contact else None,
        "fit": candidate.fit.value if candidate.fit else UNDECIDED,
        "rating": candidate.rating,
        "owner": candidate.owner,
        "skills": candidate.skills,
        "interests": candidate.interests,
        "tags": candidate.tags,
        "roles": list(dict.fromkeys(i.role for i in candidate.interviews)),
        "last_interview": last.date if last else None,
        "last_stage": last.stage.value if last and last.stage else None,
        "rejection_date": rejection.date if rejection else None,
        "rejection_channel": rejection.channel.value if rejection and rejection.channel else None,
        "rejection_reason": rejection.reason if rejection else None,
        "last_contact": max(history_days) if history_days else None,
        "next_follow_up": follow_up,
        "consent_expires": candidate.consent.expires if candidate.consent else None,
        "notes": (candidate.notes or "").rstrip("\n") or None,
    }
    return {column: neutralised(_cell(values[column])) for column in HEADER}


def candidate_table(
    records: Iterable[tuple[str, Any]], follow_up: Callable[[str], dt.date | None] = lambda cid: None
) -> bytes:
    """The CSV file of ``(id, candidate)`` records: BOM, :data:`HEADER`, one row each, CRLF line ends (RFC 4180).

    ``follow_up`` gives a candidate's next follow-up date by id (the relationship logic works on the index).
    """
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\r\n")
    writer.writeheader()
    for cid, candidate in records:
        writer.writerow(candidate_row(cid, candidate, follow_up(cid)))
    return (BOM + out.getvalue()).encode("utf-8")
