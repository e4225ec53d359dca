"""Consent: expired consent stops outreach, the rejection records consent, an invite without consent is flagged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from support import git, run_cli

from core.builders import TODAY, days_ago, entry, touchpoints
from runnerup_tui.domain.agenda import CONSENT_EXPIRING, CONSENT_MISSING, FOLLOW_UP, agenda
from runnerup_tui.domain.model import Settings
from runnerup_tui.domain.upfront import ConsentExpiredRefused, check_outreach, outreach_concern

PINNED = {"RUNNERUP_TODAY": TODAY.isoformat()}
MANY = [(kind, 500 - 40 * i) for i, kind in enumerate(["call", "article", "coffee", "email", "congrats", "linkedin"])]


def cli(library: Path, *args: str):  # noqa: ANN201
    return run_cli("--library", str(library), *args, env=PINNED)


def due(library: Path) -> list[dict]:
    result = cli(library, "due", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- the agenda ----------------------------------------------------------------------------------


def test_expired_consent_gives_one_renew_or_forget_item_and_no_follow_up_or_honest_conversation() -> None:
    overdue_and_many = entry(
        consent={"given": days_ago(830), "expires": days_ago(100), "newsletter": True},
        rejection={"date": days_ago(600), "newsletter_invited": True},
        history=touchpoints(*MANY),
        interests=["bouldering"],
    )
    items = agenda([overdue_and_many], Settings(), TODAY, 7)
    assert [(i.reason, i.date.isoformat()) for i in items] == [(CONSENT_EXPIRING, days_ago(100))]
    assert items[0].detail.startswith(f"consent expired on {days_ago(100)}: renew or forget")


def test_consent_that_expires_later_keeps_the_follow_ups() -> None:
    soon = entry(consent={"expires": (TODAY + dt.timedelta(days=10)).isoformat()}, history=touchpoints(("call", 70)))
    assert [i.reason for i in agenda([soon], Settings(), TODAY, 7)] == [CONSENT_EXPIRING, FOLLOW_UP]


def test_a_newsletter_invite_without_consent_is_flagged() -> None:
    invited = entry(fit="newsletter", rejection={"date": days_ago(20), "newsletter_invited": True})
    agreed = entry(
        "agreed",
        fit="newsletter",
        rejection={"date": days_ago(20), "newsletter_invited": True},
        consent={"given": days_ago(20), "expires": "2028-11-05", "newsletter": True},
    )
    not_invited = entry("not-invited", fit="newsletter", rejection={"date": days_ago(20), "newsletter_invited": False})
    closed = entry("closed", fit="closed", rejection={"date": days_ago(20), "newsletter_invited": True})
    items = agenda([invited, agreed, not_invited, closed], Settings(), TODAY, 7)
    assert [(i.id, i.reason, i.date.isoformat()) for i in items] == [("ada-lovelace", CONSENT_MISSING, days_ago(20))]
    assert items[0].detail.startswith("newsletter invited, no consent recorded")


# -- the be-upfront guard --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["congrats", "coffee", "call", "newsletter"])
def test_outreach_after_consent_expired_needs_confirmation(kind: str) -> None:
    concern = outreach_concern("Łukasz Wiśniewski", "pursue", kind, consent_expires="2026-06-14", on=TODAY)
    assert concern and concern.startswith("Łukasz Wiśniewski's consent expired on 2026-06-14")
    with pytest.raises(ConsentExpiredRefused):
        check_outreach("Łukasz Wiśniewski", "pursue", kind, consent_expires="2026-06-14", on=TODAY)
    check_outreach("Łukasz Wiśniewski", "pursue", kind, consent_expires="2026-06-14", on=TODAY, force=True)


@pytest.mark.parametrize("kind", ["rejection", "note", "career-update", "presented"])
def test_expired_consent_does_not_block_records(kind: str) -> None:
    assert outreach_concern("Łukasz Wiśniewski", "pursue", kind, consent_expires="2026-06-14", on=TODAY) is None


def test_consent_is_valid_on_its_expiry_day_and_for_touchpoints_dated_before_it() -> None:
    assert outreach_concern("Ł", "pursue", "call", consent_expires="2026-06-14", on=dt.date(2026, 6, 14)) is None
    assert outreach_concern("Ł", "pursue", "call", consent_expires="2026-06-14", on=dt.date(2026, 6, 15))


# -- the command line ----------------------------------------------------------------------------


def test_due_lists_lukasz_only_under_renew_or_forget(library: Path) -> None:
    lukasz = [(i["reason"], i["detail"]) for i in due(library) if i["id"] == "lukasz-wisniewski"]
    assert lukasz == [("consent-expiring", lukasz[0][1])]
    assert lukasz[0][1].startswith("consent expired on 2026-06-14: renew or forget")


def test_a_congrats_for_an_expired_consent_is_refused_without_force(library: Path) -> None:
    head = git(library, "rev-parse", "HEAD")
    refused = cli(library, "log", "lukasz", "congrats", "--summary", "New job!")
    assert refused.returncode == 1
    assert refused.stderr.startswith("runnerup: Łukasz Wiśniewski's consent expired on 2026-06-14")
    assert refused.stderr.rstrip().endswith("nothing logged (add --force to log it anyway)")
    assert git(library, "rev-parse", "HEAD") == head
    forced = cli(library, "log", "lukasz", "congrats", "--summary", "He wrote to us first", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "He wrote to us first" in (library / "candidates" / "lukasz-wisniewski.yaml").read_text()
    assert cli(library, "log", "lukasz", "note", "--summary", "asked him to renew").returncode == 0


def test_a_rejection_with_the_newsletter_records_consent_for_consent_days(library: Path) -> None:
    assert "consent" not in (library / "candidates" / "daniel-cohen.yaml").read_text()
    result = cli(
        library,
        "log",
        "daniel",
        "rejection",
        "--channel",
        "call",
        "--fit",
        "newsletter",
        "--newsletter",
        "--reason",
        "Less Spark than the role needs.",
    )
    assert result.returncode == 0, result.stderr
    consent = json.loads(cli(library, "show", "daniel-cohen", "--json").stdout)["consent"]
    assert consent == {
        "given": TODAY.isoformat(),
        "expires": (TODAY + dt.timedelta(days=730)).isoformat(),
        "newsletter": True,
    }
    assert git(library, "show", "--stat", "--format=", "HEAD").count("|") == 1  # one file, one commit


def test_the_consent_period_comes_from_the_library_settings(library: Path) -> None:
    settings = library / "runnerup.yaml"
    settings.write_text(settings.read_text().replace("consent_days: 730", "consent_days: 365"))
    git(library, "commit", "-qam", "A shorter consent period")
    assert (
        cli(
            library,
            "log",
            "nguyen",
            "rejection",
            "--channel",
            "call",
            "--fit",
            "pursue",
            "--newsletter",
            "--reason",
            "Visual polish was behind.",
        ).returncode
        == 0
    )
    consent = json.loads(cli(library, "show", "nguyen-thi-mai", "--json").stdout)["consent"]
    assert consent["expires"] == (TODAY + dt.timedelta(days=365)).isoformat()


def test_a_rejection_without_the_newsletter_records_no_consent(library: Path) -> None:
    assert (
        cli(
            library,
            "log",
            "kwame",
            "rejection",
            "--channel",
            "call",
            "--fit",
            "closed",
            "--no-newsletter",
            "--reason",
            "We need more Go.",
        ).returncode
        == 0
    )
    text = (library / "candidates" / "kwame-mensah.yaml").read_text()
    assert "given: 2026-11-10" in text  # the consent on file is left as it was


def test_due_flags_a_newsletter_invite_without_consent(library: Path) -> None:
    flagged = {i["id"]: i for i in due(library) if i["reason"] == "consent-missing"}
    path = library / "candidates" / "theo-lefevre.yaml"
    assert "newsletter_invited: true" in path.read_text() and "consent:" not in path.read_text()
    assert list(flagged) == ["theo-lefevre"]
    assert flagged["theo-lefevre"]["detail"].startswith("newsletter invited, no consent recorded")
    assert flagged["theo-lefevre"]["date"] == "2025-01-22"  # since the invitation
    assert "ada-lovelace" not in flagged  # invited, and consent on file
