"""Today's agenda: each reason, the window, the order, starters and nudges — on a fixed day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.builders import TODAY, days_ago, entry, touchpoints
from runnerup_tui.domain.agenda import (
    CONSENT_EXPIRING,
    CONSENT_MISSING,
    FOLLOW_UP,
    HONEST_CONVERSATION,
    REJECTION_CALL,
    AgendaItem,
    agenda,
)
from runnerup_tui.domain.model import Settings
from runnerup_tui.store.library import Library

SETTINGS = Settings()


def reasons(*entries, within: int = 7, settings: Settings = SETTINGS) -> list[tuple[str, str]]:  # noqa: ANN002
    return [(item.id, item.reason) for item in agenda(entries, settings, TODAY, within)]


def only(*entries, **kw) -> AgendaItem:  # noqa: ANN002, ANN003
    items = agenda(entries, SETTINGS, TODAY, kw.get("within", 7))
    assert len(items) == 1, items
    return items[0]


# -- follow-up ---------------------------------------------------------------------------------


def test_an_overdue_follow_up_says_how_late_and_what_to_talk_about() -> None:
    ada = entry(
        interests=["rowing"], history=touchpoints(("call", 70)), contact={"linkedin": "https://x"}, cadence_days=60
    )
    item = only(ada)
    assert (item.reason, item.date) == (FOLLOW_UP, TODAY - dt.timedelta(days=10))
    assert item.detail.startswith(f"overdue by 10 days (last contact {days_ago(70)})")
    assert item.starter in ("ask about rowing", "send something on rowing")
    assert item.line == f"{item.detail}; {item.starter}; {item.nudge}"  # the starter is a field, out of the detail


def test_a_follow_up_keeps_its_starter_and_nudge_as_fields_out_of_the_detail() -> None:
    ada = entry(interests=["rowing"], history=touchpoints(("call", 70)), cadence_days=60, fit="pursue")
    item = only(ada)
    assert item.starter and item.nudge == "no career update logged: no LinkedIn on file, ask in a brief email"
    assert item.detail == f"overdue by 10 days (last contact {days_ago(70)})"
    assert item.line == f"{item.detail}; {item.starter}; {item.nudge}"
    assert item.to_json()["detail"] == item.line  # due --json as it always was


def test_a_follow_up_counts_when_it_falls_within_the_window() -> None:
    soon = entry(history=touchpoints(("call", 55)))  # due in 5 days
    assert reasons(soon, within=7) == [("ada-lovelace", FOLLOW_UP)]
    assert reasons(soon, within=4) == []
    assert only(soon).detail.startswith("due in 5 days")


def test_newsletter_closed_and_hired_people_get_no_follow_ups() -> None:
    for fit in ("newsletter", "closed", "hired"):
        assert reasons(entry(fit=fit, history=touchpoints(("call", 400)))) == [], fit


def test_the_starter_rotates_with_each_personal_touchpoint() -> None:
    history = touchpoints(("call", 200), ("coffee", 130), summary="caught up")
    before = entry(interests=["rowing", "poetry", "chess"], history=history)
    after = entry(
        interests=["rowing", "poetry", "chess"], history=history + touchpoints(("article", 100), summary="sent a piece")
    )
    first, second = only(before).starter, only(after).starter
    assert first and second and first != second


def test_the_starter_skips_what_the_last_touchpoint_already_talked_about() -> None:
    people = [
        entry(
            interests=["rowing", "poetry"],
            history=touchpoints(
                *[("call", 300 - i) for i in range(n)], ("article", 90), summary="Sent a piece on rowing ergometers"
            ),
        )
        for n in (0, 1)
    ]
    assert [only(p).starter.split()[-1] for p in people] == ["poetry", "poetry"]


def test_without_interests_the_notes_give_the_starter() -> None:
    person = entry(notes="Swims at the Forty Foot all year. Plays fiddle.", history=touchpoints(("call", 90)))
    assert only(person).starter == "from your notes: Swims at the Forty Foot all year"


def test_an_old_or_missing_career_update_suggests_checking_linkedin() -> None:
    linkedin = {"linkedin": "https://www.linkedin.com/in/x"}
    stale = entry(contact=linkedin, history=touchpoints(("career-update", 400), ("call", 90)))
    fresh = entry(contact=linkedin, history=touchpoints(("career-update", 100), ("call", 90)))
    never = entry(contact=linkedin, history=touchpoints(("call", 90)))
    assert only(stale).nudge == f"no career update since {days_ago(400)}: check their LinkedIn for news"
    assert only(fresh).nudge is None
    assert only(never).nudge == "no career update logged: check their LinkedIn for news"
    without = entry(contact={"email": "x@example.com"}, history=touchpoints(("call", 90)))
    assert "brief email" in only(without).nudge


# -- rejection-call ----------------------------------------------------------------------------


def interview(age: int, stage: str = "onsite", role: str = "Product Designer") -> list[dict]:
    return [{"role": role, "date": days_ago(age), "stage": stage}]


def test_an_interview_without_a_later_rejection_owes_a_call_within_the_configured_days() -> None:
    mai = entry("nguyen-thi-mai", interviews=interview(5))
    item = only(mai)
    assert (item.reason, item.date) == (REJECTION_CALL, TODAY - dt.timedelta(days=2))
    assert item.detail.startswith(f"onsite for Product Designer on {days_ago(5)}: no rejection logged yet")
    one_day = Settings(rejection_call_within_days=1)
    assert agenda([mai], one_day, TODAY, 0)[0].date == TODAY - dt.timedelta(days=4)


def test_a_call_coming_up_shows_only_inside_the_window() -> None:
    kwame = entry(interviews=interview(2, "final"))  # due tomorrow
    assert reasons(kwame, within=1) == [("ada-lovelace", REJECTION_CALL)]
    assert reasons(kwame, within=0) == []


def test_a_later_rejection_clears_the_call_but_an_older_one_does_not() -> None:
    rejected = entry(
        interviews=interview(10),
        rejection={"date": days_ago(8), "channel": "call"},
        history=touchpoints(("rejection", 8)),
    )
    assert reasons(rejected) == []
    logged_only = entry(interviews=interview(10), history=touchpoints(("rejection", 8)))
    assert reasons(logged_only) == []
    second_process = entry(
        interviews=interview(700, "phone") + interview(4, "final"), rejection={"date": days_ago(695), "channel": "call"}
    )
    assert reasons(second_process) == [("ada-lovelace", REJECTION_CALL)]


def test_a_rejection_by_email_suggests_a_call_until_one_is_logged() -> None:
    emailed = dict(interviews=interview(12), rejection={"date": days_ago(10), "channel": "email"})
    item = only(entry(**emailed))
    assert (item.reason, item.date) == (REJECTION_CALL, TODAY - dt.timedelta(days=10))
    assert item.detail == f"rejected by email on {days_ago(10)}: call to explain the reason and what impressed us"
    assert reasons(entry(**emailed, history=touchpoints(("call", 3)))) == []
    assert reasons(entry(**emailed, history=touchpoints(("email", 3)))) == [("ada-lovelace", REJECTION_CALL)]


def test_an_emailed_rejection_from_over_a_year_ago_is_left_to_the_follow_ups() -> None:
    old = entry(fit="newsletter", interviews=interview(800), rejection={"date": days_ago(790), "channel": "email"})
    assert reasons(old) == []


def test_closed_and_hired_people_owe_no_rejection_call() -> None:
    for fit in ("closed", "hired"):
        assert reasons(entry(fit=fit, interviews=interview(10))) == [], fit
    assert reasons(entry(fit="newsletter", interviews=interview(10))) == [("ada-lovelace", REJECTION_CALL)]


# -- consent-expiring ---------------------------------------------------------------------------


def test_consent_expiring_within_30_days_or_expired_is_on_the_agenda() -> None:
    soon = entry(consent={"expires": (TODAY + dt.timedelta(days=30)).isoformat()})
    late = entry(consent={"expires": (TODAY + dt.timedelta(days=31)).isoformat()})
    gone = entry(fit="newsletter", consent={"expires": days_ago(100)})
    assert reasons(soon, within=0) == [("ada-lovelace", CONSENT_EXPIRING)]
    assert reasons(late, within=0) == []
    assert reasons(late, within=40) == [("ada-lovelace", CONSENT_EXPIRING)]
    assert only(gone).detail == (
        f"consent expired on {days_ago(100)}: renew or forget: ask them to renew it"
        " (no follow-ups or newsletter until then), or `runnerup forget` the record"
    )
    assert "in 30 days" in only(soon, within=0).detail


def test_a_closed_persons_expiring_consent_means_forget_not_renew() -> None:
    closed = entry(fit="closed", consent={"expires": (TODAY + dt.timedelta(days=10)).isoformat()})
    assert "do not ask them to renew" in only(closed).detail


# -- honest-conversation ------------------------------------------------------------------------

MANY = [(kind, 500 - 40 * i) for i, kind in enumerate(["call", "article", "coffee", "email", "congrats", "linkedin"])]


def test_many_personal_touchpoints_and_nothing_presented_for_a_year_call_for_honesty() -> None:
    lukasz = entry(
        rejection={"date": days_ago(600)},
        history=touchpoints(("presented", 520), *MANY),
        next_contact=(TODAY + dt.timedelta(days=90)).isoformat(),
    )
    item = only(lukasz)
    assert item.reason == HONEST_CONVERSATION
    assert item.date == dt.date.fromisoformat(days_ago(520)) + dt.timedelta(days=365)
    assert item.detail.startswith(f"6 personal touchpoints, last presented on {days_ago(520)}")


def test_no_honest_conversation_when_presented_recently_few_touchpoints_or_not_pursue() -> None:
    later = dict(next_contact=(TODAY + dt.timedelta(days=90)).isoformat(), rejection={"date": days_ago(600)})
    recent = entry(history=touchpoints(*MANY, ("presented", 30)), **later)
    few = entry(history=touchpoints(*MANY[:5]), **later)
    newsletter = entry(fit="newsletter", history=touchpoints(*MANY), **later)
    assert reasons(recent, few, newsletter) == []
    never = entry(history=touchpoints(*MANY), **later)
    assert only(never).detail.startswith("6 personal touchpoints, never presented for an opening")


def test_non_personal_touchpoints_do_not_count_towards_many() -> None:
    records = [
        (kind, 500 - 40 * i)
        for i, kind in enumerate(["note", "newsletter", "career-update", "rejection", "note", "newsletter", "call"])
    ]
    person = entry(
        rejection={"date": days_ago(600)},
        history=touchpoints(*records),
        next_contact=(TODAY + dt.timedelta(days=90)).isoformat(),
    )
    assert reasons(person) == []


# -- the whole agenda ----------------------------------------------------------------------------


def test_items_are_grouped_by_urgency_then_oldest_first() -> None:
    people = [
        entry("follow-late", history=touchpoints(("call", 100))),
        entry("follow-early", history=touchpoints(("call", 200))),
        entry("consent", consent={"expires": days_ago(1)}, history=touchpoints(("call", 10))),
        entry("pending", interviews=interview(4)),
        entry(
            "honest",
            rejection={"date": days_ago(600)},
            history=touchpoints(*MANY),
            next_contact=(TODAY + dt.timedelta(days=90)).isoformat(),
        ),
    ]
    assert reasons(*people) == [
        ("pending", REJECTION_CALL),
        ("consent", CONSENT_EXPIRING),
        ("follow-early", FOLLOW_UP),
        ("follow-late", FOLLOW_UP),
        ("honest", HONEST_CONVERSATION),
    ]


def test_the_sample_library_agenda(library: Path) -> None:
    lib = Library.open(library)
    items = agenda(lib.index.candidates.values(), lib.settings, TODAY, 7)
    by_reason: dict[str, list[str]] = {}
    for item in items:
        by_reason.setdefault(item.reason, []).append(item.id)
    assert by_reason[REJECTION_CALL][-3:] == ["beatriz-oliveira", "nguyen-thi-mai", "kwame-mensah"]
    assert set(by_reason[REJECTION_CALL][:-3]) == {"ayse-yilmaz", "lars-andersen", "ravi-menon"}  # by email
    assert "elena-petrova" not in by_reason[REJECTION_CALL]  # emailed, then called
    assert by_reason[CONSENT_EXPIRING] == [
        "lukasz-wisniewski",
        "olivia-brooks",
        "chloe-dubois",
        "hannah-schmidt",
        "ingrid-berg",
        "rafael-souza",
    ]
    assert HONEST_CONVERSATION not in by_reason  # Łukasz's consent expired: renew or forget, nothing else
    assert by_reason[CONSENT_MISSING] == ["theo-lefevre"]
    assert "aoife-brennan" in by_reason[FOLLOW_UP]  # next_contact 2026-12-01
    assert not {"jose-martinez", "tomas-novak", "ada-lovelace"} & set(by_reason[FOLLOW_UP])
