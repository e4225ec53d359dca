"""The agenda planned for every day at once: each candidate's items, the days they are listed on, and their `due`
lines pre-rendered around the one part that moves with the day (the index cache stores them: store/agenda_cache.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from runnerup_tui.domain.agenda import (
    CAREER_UPDATE_STALE_DAYS,
    EMAIL_REJECTION_CALL_DAYS,
    REASONS,
    AgendaItem,
    consent_item,
    follow_up_item,
    honest_conversation,
    missing_consent,
    rejection_call,
)
from runnerup_tui.domain.relationship import follow_up_date
from runnerup_tui.domain.safe_text import visible
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.summary import CandidateEntry
from runnerup_tui.domain.terms import Fit

_json_string = json.encoder.encode_basestring  # type: ignore[attr-defined]  # as json.dumps(ensure_ascii=False)

# Days are ordinals (``date.toordinal()``): what a cache can compare and subtract.
EVER = 0  # before any day
NEVER = dt.date.max.toordinal() + 1  # after any day

# Which window an item must fall in to be listed (agenda(): ``horizon`` and ``consent_horizon``).
WITHIN = 0  # due by today + within
CONSENT_WINDOW = 1  # due by today + max(within, CONSENT_WARNING_DAYS)
ALWAYS = 2  # listed on every day it holds on

# The part of a line that changes with the day (``d`` = the item's day minus today).
NO_SLOT = 0
WHEN = 1  # "overdue by 3 days", "due today", "due in 1 day": a follow-up's detail starts with it
DAYS = 2  # "1 day", "12 days": until a consent expires
TODAY = 3  # the item's date is today's (a newsletter invite with no rejection date)


@dataclass(frozen=True, slots=True)
class PlannedItem:
    """One agenda item as it reads from day ``first`` to day ``last`` (ordinals, both included).

    A line is ``head + slot + tail``; ``reason`` is the item's index in :data:`REASONS` (the group it is listed in);
    ``day`` is its date as an ordinal, None when that is today.
    """

    reason: int
    day: int | None
    name: str
    id: str
    first: int
    last: int
    reach: int
    slot: int
    json_head: str
    json_tail: str
    text_head: str
    text_tail: str

    def values(self) -> tuple[int | str | None, ...]:
        """The fields in order (``dataclasses.astuple`` copies each one: slow over 20,000 items)."""
        return (
            self.reason,
            self.day,
            self.name,
            self.id,
            self.first,
            self.last,
            self.reach,
            self.slot,
            self.json_head,
            self.json_tail,
            self.text_head,
            self.text_tail,
        )


def due_line(item: AgendaItem) -> str:
    """How ``runnerup due`` lists an item (before escaping what a terminal would interpret)."""
    return f"  {item.date}  {item.name} ({item.id}) — {item.line}"


def json_line(item: AgendaItem) -> str:
    """How ``runnerup due --json`` writes an item: one JSON object on one line."""
    return json.dumps(item.to_json(), ensure_ascii=False)


def slot_text(slot: int, d: int, today: dt.date) -> str:
    """What fills a line's slot ``d`` days before its item's day (``-d`` after it)."""
    if slot == WHEN:
        if d < 0:
            return f"overdue by {-d} day{'s' if d < -1 else ''}"
        return "due today" if d == 0 else f"due in {d} day{'s' if d > 1 else ''}"
    if slot == DAYS:
        return f"{d} day{'s' if d > 1 else ''}"
    if slot == TODAY:
        return today.isoformat()
    return ""


def plan(entry: CandidateEntry, settings: LibrarySettings) -> list[PlannedItem]:
    """Every item ``entry`` has on the agenda on any day, each with the days it holds on.

    The same decisions as :func:`domain.agenda.agenda`, made with the day left open; the wording is the agenda's
    own, rendered on days within each item's days.
    """
    expires = _day(entry.consent_expires)
    until = expires.toordinal() if expires else NEVER  # once consent has expired, "renew or forget" is all
    planned: list[PlannedItem | None] = []
    if expires is not None:
        consent = lambda day: consent_item(entry, day)  # noqa: E731
        e = expires.toordinal()
        planned += [
            _planned(consent, EVER, e - 1, CONSENT_WINDOW, DAYS, near=e - 1),  # "expires on … (in N days)"
            _planned(consent, e, e, CONSENT_WINDOW),  # "expires today"
            _planned(consent, e + 1, NEVER, ALWAYS),  # "expired on …"
        ]
    planned.append(_rejection_call(entry, settings, until))
    if missing_consent(entry, _on(EVER)) is not None:  # dated by the rejection, else today
        dated = entry.rejection_date is not None
        planned.append(
            _planned(lambda day: missing_consent(entry, day), EVER, until, ALWAYS, NO_SLOT if dated else TODAY)
        )
    if entry.fit == Fit.PURSUE:
        planned += _follow_up(entry, settings, until)
        planned.append(_honest(entry, until))
    return [p for p in planned if p is not None]


def _rejection_call(entry: CandidateEntry, settings: LibrarySettings, until: int) -> PlannedItem | None:
    call = lambda day: rejection_call(entry, settings, day)  # noqa: E731
    if call(_on(EVER)) is None:  # the earliest day is when a call is owed if it ever is
        return None
    last = until
    sent = _day(entry.rejection_date)
    if sent is not None and call(_on(sent.toordinal() + EMAIL_REJECTION_CALL_DAYS + 1)) is None:
        last = min(until, sent.toordinal() + EMAIL_REJECTION_CALL_DAYS)  # suggested after an email, for a year
    return _planned(call, EVER, last, WITHIN)


def _follow_up(entry: CandidateEntry, settings: LibrarySettings, until: int) -> list[PlannedItem | None]:
    due = follow_up_date(entry, settings)
    if due is None:
        return []
    follow_up = lambda day: follow_up_item(entry, due, day)  # noqa: E731
    seen = _day(entry.last_career_update)
    if seen is None:  # "no career update logged" on every day
        return [_planned(follow_up, EVER, until, WITHIN, WHEN, near=due.toordinal())]
    # no nudge while the last career update is recent, then "check their LinkedIn for news"
    stale = seen.toordinal() + CAREER_UPDATE_STALE_DAYS
    return [
        _planned(follow_up, EVER, min(stale, until), WITHIN, WHEN, near=due.toordinal()),
        _planned(follow_up, stale + 1, until, WITHIN, WHEN, near=due.toordinal()),
    ]


def _honest(entry: CandidateEntry, until: int) -> PlannedItem | None:
    item = honest_conversation(entry, _on(NEVER))  # listed from its day on, if ever
    if item is None:
        return None
    return _planned(lambda day: honest_conversation(entry, day), item.date.toordinal(), until, ALWAYS)


def _planned(
    render: Callable[[dt.date], AgendaItem | None],
    first: int,
    last: int,
    reach: int,
    slot: int = NO_SLOT,
    near: int | None = None,
) -> PlannedItem | None:
    """The item ``render(day)`` gives on days ``first`` to ``last``, its lines cut around ``slot``; None for no days.

    A follow-up's detail starts with when it is due (:func:`follow_up_item`); a consent's days are found by
    rendering it on two days (the one nearest ``near`` and its neighbour): it must read the same on both but for
    the slot. The plan never guesses where the day shows in the agenda's wording.
    """
    first, last = max(first, EVER), min(last, NEVER)
    if first > last:
        return None
    day = _on(min(max(near if near is not None else first, first), last))
    item = render(day)
    if item is None:
        raise ValueError(f"the agenda has no item on {day} where the plan expects one")
    text, record = due_line(item), json_line(item)
    if slot == NO_SLOT:
        json_head, json_tail, text_head, text_tail = record, "", text, ""
    elif slot == TODAY:
        date = item.date.isoformat()
        json_head, json_tail = _json_cut(record, "date", date, 0, len(date))
        text_head, text_tail = "  ", text[2 + len(date) :]
    else:
        line, shown = item.line, slot_text(slot, (item.date - day).days, day)
        at = 0 if slot == WHEN else line.find(shown)
        other = _on(day.toordinal() - 1 if day.toordinal() - 1 >= first else day.toordinal() + 1)
        if slot != WHEN and first <= other.toordinal() <= last and other != day:
            again = render(other)
            if again is None:
                raise ValueError(f"the agenda has no item on {other} where the plan expects one")
            moved = slot_text(slot, (item.date - other).days, other)
            while at >= 0 and again.line != line[:at] + moved + line[at + len(shown) :]:
                at = line.find(shown, at + 1)
        if at < 0 or not line.startswith(shown, at):
            raise ValueError(f"the agenda's wording changed: no {shown!r} that moves with the day in {line!r}")
        json_head, json_tail = _json_cut(record, "detail", line, at, len(shown))
        start = len(text) - len(line) + at
        text_head, text_tail = text[:start], text[start + len(shown) :]
    return PlannedItem(
        REASONS.index(item.reason),
        None if slot == TODAY else item.date.toordinal(),
        item.name,
        item.id,
        first,
        last,
        reach,
        slot,
        json_head,
        json_tail,
        visible(text_head),  # escaping goes character by character: head + slot + tail escapes to the same line
        visible(text_tail),
    )


def _json_cut(line: str, key: str, value: str, at: int, width: int) -> tuple[str, str]:
    """A JSON ``line`` split around characters ``at`` to ``at + width`` of its ``key``'s string ``value``.

    JSON escapes character by character, and a slot holds only letters, digits, spaces and dashes: the escaped
    value is the escaped text before the slot, the slot, and the escaped text after it. Inside a JSON string every
    quote is escaped, so ``"key": "`` is found only where the key is.
    """
    start = line.index(f'"{key}": "') + len(key) + 5
    head = line[:start] + _json_string(value[:at])[1:-1]
    return head, line[len(head) + width :]


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _on(ordinal: int) -> dt.date:
    """The day of an ordinal, kept within the days Python knows (:data:`EVER` and :data:`NEVER` are not)."""
    return dt.date.fromordinal(min(max(ordinal, 1), dt.date.max.toordinal()))
