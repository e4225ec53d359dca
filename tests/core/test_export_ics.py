"""``runnerup export ics``: the agenda in a calendar, read back with icalendar as a calendar would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hostile import add_hostile, raw_characters
from icalendar import Calendar
from support import run_cli

TODAY = "2026-11-26"


def _write(library: Path, cid: str, text: str) -> None:
    (library / "candidates" / f"{cid}.yaml").write_text(text, encoding="utf-8")


def _three_follow_ups(library: Path) -> None:
    """One follow-up overdue, one due today, one in 10 days (the sample's own items stay too)."""
    _write(
        library,
        "olga-overdue",
        "name: Olga Overdue\nfit: pursue\ncadence_days: 30\nowner: Grace Hopper\ninterests: [bouldering]\n"
        "contact:\n  email: olga@example.org\n  phone: +49 30 1234567\n"
        "history:\n  - {id: t-o1, date: 2026-10-20, kind: call, summary: talked}\n",
    )
    _write(
        library,
        "tariq-today",
        "name: Tariq Today\nfit: pursue\ncadence_days: 30\nowner: Ken Thompson\n"
        "history:\n  - {id: t-t1, date: 2026-10-27, kind: coffee}\n",
    )
    _write(library, "tanvi-ten", "name: Tanvi Ten\nfit: pursue\nnext_contact: 2026-12-06\nowner: Ken Thompson\n")


def _export(library: Path, *args: str, today: str = TODAY) -> Calendar:
    result = run_cli("--library", str(library), "export", "ics", *args, env={"RUNNERUP_TODAY": today})
    assert result.returncode == 0, result.stderr
    return Calendar.from_ical(result.stdout)


def _events(calendar: Calendar) -> dict[str, object]:
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_each_follow_up_is_an_all_day_event_on_the_day_it_is_due(library: Path) -> None:
    _three_follow_ups(library)
    events = _events(_export(library))
    days = {
        name: events[f"Follow up with {name}"]["dtstart"].dt for name in ("Olga Overdue", "Tariq Today", "Tanvi Ten")
    }
    assert days == {
        "Olga Overdue": dt.date(2026, 11, 19),  # overdue by a week: still on the day it was due
        "Tariq Today": dt.date(2026, 11, 26),
        "Tanvi Ten": dt.date(2026, 12, 6),
    }
    for name in days:
        event = events[f"Follow up with {name}"]
        # a date, not a time: the same day in every time zone the calendar is shown in
        assert type(event["dtstart"].dt) is dt.date and event["dtstart"].params.get("VALUE") == "DATE"
        assert event["dtend"].dt == days[name] + dt.timedelta(days=1)


def test_the_description_has_the_conversation_starter_the_reason_and_how_to_reach_them(library: Path) -> None:
    _three_follow_ups(library)
    olga = _events(_export(library))["Follow up with Olga Overdue"]
    text = str(olga["description"])
    assert "Conversation starter: " in text and "bouldering" in text
    assert "Why: overdue by 7 days (last contact 2026-10-20)" in text
    assert "Email: olga@example.org" in text and "Phone: +49 30 1234567" in text
    assert "Exported on 2026-11-26; more: runnerup show olga-overdue" in text


def test_every_agenda_item_has_an_alarm_at_nine_on_the_day(library: Path) -> None:
    _three_follow_ups(library)
    calendar = _export(library)
    events = calendar.walk("VEVENT")
    assert len(events) > 3
    for event in events:
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm["trigger"].dt == dt.timedelta(hours=9)
        assert str(alarm["description"]) == str(event["summary"])
        assert event["dtstamp"].dt.tzinfo is not None  # DTSTAMP is UTC
    assert str(calendar["prodid"]).startswith("-//runnerup//")
    assert str(calendar["version"]) == "2.0"


def test_the_calendar_holds_every_kind_of_agenda_item_as_due_lists_them(library: Path) -> None:
    import json

    _three_follow_ups(library)
    due = run_cli("--library", str(library), "due", "--within", "30", "--json", env={"RUNNERUP_TODAY": TODAY})
    items = json.loads(due.stdout)
    events = _export(library).walk("VEVENT")
    assert len(events) == len(items)
    assert sorted(str(e["categories"].cats[1]) for e in events) == sorted(item["reason"] for item in items)
    assert {"rejection-call", "follow-up"} <= {item["reason"] for item in items}
    assert sorted(e["dtstart"].dt.isoformat() for e in events) == sorted(item["date"] for item in items)


def test_uids_are_unique_and_the_same_when_exported_again_a_day_later(library: Path) -> None:
    _three_follow_ups(library)
    first = _events(_export(library, today="2026-11-26"))
    later = _events(_export(library, today="2026-11-27"))
    uids = [str(event["uid"]) for event in first.values()]
    assert len(set(uids)) == len(uids) == len(first)
    shared = set(first) & set(later)
    assert "Follow up with Olga Overdue" in shared and len(shared) > 3
    for summary in shared:
        assert str(first[summary]["uid"]) == str(later[summary]["uid"]), summary


def test_a_follow_up_done_and_due_again_keeps_its_uid_so_a_re_import_moves_it(library: Path) -> None:
    _three_follow_ups(library)
    before = _events(_export(library))["Follow up with Olga Overdue"]
    logged = run_cli("--library", str(library), "log", "olga-overdue", "call", "--date", TODAY)
    assert logged.returncode == 0, logged.stderr
    after = _events(_export(library, "--within", "60"))["Follow up with Olga Overdue"]
    assert after["dtstart"].dt == dt.date(2026, 12, 26)
    assert str(after["uid"]) == str(before["uid"])


def test_within_and_owner_narrow_the_calendar(library: Path) -> None:
    _three_follow_ups(library)
    narrow = _events(_export(library, "--within", "0"))
    assert "Follow up with Tariq Today" in narrow and "Follow up with Tanvi Ten" not in narrow
    kens = _events(_export(library, "--owner", "ken"))
    assert "Follow up with Tanvi Ten" in kens and "Follow up with Olga Overdue" not in kens


def test_hostile_text_reaches_the_calendar_exact_but_for_control_characters(library: Path) -> None:
    add_hostile(library)
    result = run_cli("--library", str(library), "export", "ics", env={"RUNNERUP_TODAY": TODAY})
    assert result.returncode == 0, result.stderr
    # no control character survives (bidi marks are text, kept exact)
    assert set(raw_characters(result.stdout)) <= {"U+202E", "U+2066", "U+2069"}
    eve = _events(Calendar.from_ical(result.stdout))["Follow up with Eve [31mRed[0m [bold]x[/]"]
    assert "Email: eve@example.org[2J" in str(eve["description"])


def test_an_empty_agenda_is_an_empty_calendar_not_a_failure(library: Path) -> None:
    for path in (library / "candidates").glob("*.yaml"):
        path.unlink()
    calendar = _export(library)
    assert calendar.walk("VEVENT") == [] and str(calendar["version"]) == "2.0"


def test_the_events_fall_on_the_same_days_whatever_the_time_zone(library: Path) -> None:
    _three_follow_ups(library)
    shown = {}
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"):  # UTC+14 and UTC-11: a day apart
        result = run_cli("--library", str(library), "export", "ics", env={"RUNNERUP_TODAY": TODAY, "TZ": zone})
        assert result.returncode == 0, result.stderr
        events = Calendar.from_ical(result.stdout).walk("VEVENT")
        shown[zone] = sorted((str(e["uid"]), e["dtstart"].dt.isoformat(), e["dtend"].dt.isoformat()) for e in events)
    assert shown["Pacific/Kiritimati"] == shown["Pacific/Pago_Pago"] == shown["UTC"]
    assert ("2026-11-26", "2026-11-27") in {(start, end) for _, start, end in shown["UTC"]}


def test_long_non_latin_lines_are_folded_at_75_bytes_and_come_back_exact() -> None:
    from runnerup_tui.domain.agenda import FOLLOW_UP, AgendaItem
    from runnerup_tui.domain.exports.ics import agenda_calendar

    detail = "王小明喜欢喝乌龙茶，也喜欢写诗。" * 8
    item = AgendaItem("wang", "王小明" * 30, FOLLOW_UP, dt.date(2026, 1, 1), detail)
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    data = agenda_calendar([item], library="Library", today=dt.date(2026, 1, 1), stamp=stamp)
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["summary"]) == "Follow up with " + "王小明" * 30
    assert f"Why: {detail}\n" in str(event["description"])
