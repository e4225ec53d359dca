"""When to reach out next (DESIGN.md §5): the precedence of the follow-up date."""

from __future__ import annotations

import datetime as dt

from core.builders import entry
from runnerup_tui.domain.model import Settings
from runnerup_tui.domain.relationship import follow_up_date

HISTORY = [{"date": "2026-09-01", "kind": "call"}]


def test_an_explicit_next_contact_wins_over_history_and_cadence() -> None:
    person = entry(history=HISTORY, cadence_days=10, next_contact="2027-02-01")
    assert follow_up_date(person, Settings()) == dt.date(2027, 2, 1)


def test_the_persons_cadence_wins_over_the_library_default() -> None:
    person = entry(history=HISTORY, cadence_days=10)
    assert follow_up_date(person, Settings(cadence_days={"pursue": 30})) == dt.date(2026, 9, 11)


def test_the_library_default_for_the_fit_applies_without_a_personal_cadence() -> None:
    assert follow_up_date(entry(history=HISTORY), Settings(cadence_days={"pursue": 30})) == dt.date(2026, 10, 1)


def test_pursue_defaults_to_60_days_when_the_library_says_nothing() -> None:
    assert follow_up_date(entry(history=HISTORY), Settings()) == dt.date(2026, 10, 31)


def test_without_touchpoints_the_rejection_then_the_interview_start_the_clock() -> None:
    interview = [{"role": "Data Engineer", "date": "2026-03-10"}]
    rejected = entry(interviews=interview, rejection={"date": "2026-03-12"})
    assert follow_up_date(rejected, Settings()) == dt.date(2026, 5, 11)
    assert follow_up_date(entry(interviews=interview), Settings()) == dt.date(2026, 5, 9)
    assert follow_up_date(entry(), Settings()) is None  # nothing to count from


def test_only_pursue_gets_personal_follow_ups() -> None:
    settings = Settings(cadence_days={"pursue": 60, "newsletter": 180})
    for fit in ("newsletter", "closed", "hired"):
        person = entry(fit=fit, history=HISTORY, next_contact="2026-12-01", cadence_days=10)
        assert follow_up_date(person, settings) is None, fit


def test_a_runner_up_interviewed_again_counts_from_the_new_interview() -> None:
    again = entry(history=HISTORY, interviews=[{"role": "Senior Data Engineer", "date": "2026-11-20"}])
    assert follow_up_date(again, Settings()) == dt.date(2027, 1, 19)
