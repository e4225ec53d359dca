"""The agenda as an iCalendar file (``runnerup export ics``): one all-day event per thing to do, with an alarm.

All-day events (``DTSTART;VALUE=DATE``) rather than to-dos: every calendar imports them, on the same day in
every time zone, while to-dos are dropped by some (Google Calendar) and land in another app in others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence

from icalendar import Alarm, Calendar, Event

from runnerup_tui import __version__
from runnerup_tui.domain.agenda import (
    CONSENT_EXPIRING,
    CONSENT_MISSING,
    FOLLOW_UP,
    HONEST_CONVERSATION,
    REJECTION_CALL,
    AgendaItem,
)
from runnerup_tui.domain.exports import format_text

PRODID = f"-//runnerup//runnerup {__version__}//EN"
ALARM_AT = dt.timedelta(hours=9)
"""The alarm rings at 9:00 on the day (relative to an all-day event's start, midnight where the person is):
the form Apple Calendar writes for its own all-day alerts, also honoured by Thunderbird."""

_SUMMARIES = {
    FOLLOW_UP: "Follow up with {name}",
    REJECTION_CALL: "Rejection call to {name}",
    CONSENT_EXPIRING: "Consent of {name}: renew or forget",
    CONSENT_MISSING: "Ask {name} about newsletter consent",
    HONEST_CONVERSATION: "Honest conversation with {name}",
}


def item_uid(library: str, item: AgendaItem) -> str:
    """The event's UID: the library's name, the candidate and the kind of thing to do, hashed.

    Not the day: a follow-up done or snoozed comes back on another day, and a re-import then moves the one
    event "Follow up with Ada Lovelace" instead of leaving a stale copy behind; the same export a day later
    gives the same UIDs. Teammates exporting the same library into one shared calendar update one event.
    """
    digest = hashlib.sha256("\n".join((library, item.id, item.reason)).encode("utf-8")).hexdigest()
    return f"{digest[:32]}@runnerup"


def summary(item: AgendaItem) -> str:
    """The event's title: what to do, with whom."""
    return _SUMMARIES.get(item.reason, "{name}: " + item.reason).format(name=item.name)


def description(item: AgendaItem, today: dt.date, contact: Sequence[str] = ()) -> str:
    """The event's text: the conversation starter, why it is due, the LinkedIn nudge and how to reach them."""
    lines = [f"Conversation starter: {item.starter}"] if item.starter else []
    lines.append(f"Why: {item.detail}")
    lines += [f"LinkedIn: {item.nudge}"] if item.nudge else []
    lines += list(contact)
    lines.append(f"Exported on {today.isoformat()}; more: runnerup show {item.id}")  # "overdue by" counts from then
    return "\n".join(lines)


def agenda_calendar(
    items: Iterable[AgendaItem],
    *,
    library: str,
    today: dt.date,
    stamp: dt.datetime,
    contacts: Mapping[str, Sequence[str]] | None = None,
) -> bytes:
    """The iCalendar file of ``items`` (``agenda.agenda``'s), each on the day it is due, overdue ones too.

    ``stamp`` (UTC) is the DTSTAMP of every event: a later export's events replace an earlier one's.
    ``contacts`` maps a candidate id to lines for the description ("Email: ...").
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", format_text(f"runnerup: {library}"))
    # each event is serialised as it is made and dropped: at 10,000 candidates a tree of every event and
    # its content lines would hold hundreds of MB; the calendar's own lines close around them as to_ical would
    end = b"END:VCALENDAR\r\n"
    head = calendar.to_ical().removesuffix(end)
    events = (_event(item, library, today, stamp, (contacts or {}).get(item.id, ())).to_ical() for item in items)
    return b"".join((head, *events, end))


def _event(item: AgendaItem, library: str, today: dt.date, stamp: dt.datetime, contact: Sequence[str]) -> Event:
    title = format_text(summary(item))
    event = Event()
    event.add("uid", item_uid(library, item))
    event.add("dtstamp", stamp)
    event.add("dtstart", item.date)
    event.add("dtend", item.date + dt.timedelta(days=1))
    event.add("summary", title)
    event.add("description", format_text(description(item, today, contact)))
    event.add("categories", ["runnerup", item.reason])
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it never shows the person as busy
    event.add("class", "PRIVATE")  # names and notes: hidden from whoever sees a shared calendar's free/busy
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", ALARM_AT)
    event.add_component(alarm)
    return event
