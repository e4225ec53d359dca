"""The recruiter's words and the days a library holds: plain enums and constants, no pydantic.

The read commands (search, due, check, match) need only these; ``domain.model`` builds the file schema on them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Fit(StrEnum):
    """How far the relationship with a runner-up goes (DESIGN.md §1, "be upfront")."""

    PURSUE = "pursue"
    NEWSLETTER = "newsletter"
    CLOSED = "closed"
    HIRED = "hired"


UNDECIDED = "undecided"
"""What the app and the CLI show for a candidate whose file has no ``fit`` (treated as pursue)."""


class Stage(StrEnum):
    SCREEN = "screen"
    PHONE = "phone"
    ONSITE = "onsite"
    FINAL = "final"
    OFFER = "offer"


# how a recruiter says how far someone got
STAGE_WORDS = {
    "screen": "screen",
    "phone": "phone screen",
    "onsite": "onsite",
    "final": "final round",
    "offer": "offer stage",
}


class Channel(StrEnum):
    CALL = "call"
    EMAIL = "email"
    VIDEO = "video"
    IN_PERSON = "in-person"


class TouchpointKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    LINKEDIN = "linkedin"
    ENDORSEMENT = "endorsement"
    CONGRATS = "congrats"
    ARTICLE = "article"
    COFFEE = "coffee"
    MEETING = "meeting"
    NEWSLETTER = "newsletter"
    REJECTION = "rejection"
    PRESENTED = "presented"
    CAREER_UPDATE = "career-update"
    NOTE = "note"


PERSONAL_KINDS = frozenset(
    {
        TouchpointKind.CALL,
        TouchpointKind.EMAIL,
        TouchpointKind.LINKEDIN,
        TouchpointKind.ENDORSEMENT,
        TouchpointKind.CONGRATS,
        TouchpointKind.ARTICLE,
        TouchpointKind.COFFEE,
        TouchpointKind.MEETING,
    }
)
"""Touchpoints that keep a relationship warm: one person reaching out to another.

The others are not: ``newsletter`` goes to the whole talent community, ``rejection`` is
owed to everyone who interviewed, and ``presented``, ``career-update`` and ``note`` are
records we keep without contacting the person.
"""

CONVERSATION_KINDS = frozenset({TouchpointKind.CALL, TouchpointKind.COFFEE, TouchpointKind.MEETING})
"""Touchpoints where we spoke with the person (a rejection sent by email still owes one)."""

DRAFT_KINDS = ("email", "linkedin", "congrats", "article")
"""The messages runnerup drafts (``runnerup draft``, ``m``): each a template, and the touchpoint logged when sent."""


class OpeningStatus(StrEnum):
    OPEN = "open"
    ON_HOLD = "on-hold"
    FILLED = "filled"
    CLOSED = "closed"


MIN_DAY = dt.date(1900, 1, 1)
MAX_DAY = dt.date(2200, 12, 31)
"""The days a library holds: interviews, touchpoints and consent of living people, and
follow-ups planned at most decades ahead. Refusing the rest (``9999-12-31`` is a typo or
a test of the tool) keeps every computed day — a date plus at most :data:`MAX_DAYS` —
far from the year 9999 where Python's dates overflow."""

MAX_DAYS = 36_500
"""The longest span in days a library or a command may ask for (a cadence, ``due
--within``): a century."""

HORIZON_TEXT = f"must be a date between {MIN_DAY} and {MAX_DAY}"


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days``, saturating at the first or last day Python knows instead of overflowing."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def parse_day(text: str, today: dt.date) -> dt.date:
    """A day as a person types it: ``YYYY-MM-DD``, ``today`` or ``yesterday``.

    Raises ValueError with a sentence; the CLI and the app's date fields share it.
    """
    words = {"today": 0, "yesterday": -1}
    cleaned = text.strip().lower()
    if cleaned in words:
        return add_days(today, words[cleaned])
    try:
        day = dt.date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError("must be a date like 2026-03-14 (or today, yesterday)") from None
    if not MIN_DAY <= day <= MAX_DAY:
        raise ValueError(HORIZON_TEXT)
    return day
