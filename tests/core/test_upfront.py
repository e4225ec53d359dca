"""Be upfront: no personal outreach past the fit we decided, and no job promises."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import git

from runnerup_tui.actions import edit_candidate, log_touchpoint
from runnerup_tui.domain.model import PERSONAL_KINDS, TouchpointKind
from runnerup_tui.domain.upfront import PersonalTouchpointRefused, check_outreach, job_promises, outreach_concern
from runnerup_tui.store.library import Library

PERSONAL = ["call", "email", "linkedin", "endorsement", "congrats", "article", "coffee", "meeting"]
RECORDS = ["newsletter", "rejection", "presented", "career-update", "note"]


def test_the_personal_kinds_are_the_ones_that_reach_out_to_one_person() -> None:
    assert sorted(PERSONAL_KINDS) == sorted(PERSONAL)
    assert set(PERSONAL) | set(RECORDS) == {k.value for k in TouchpointKind}


@pytest.mark.parametrize("kind", PERSONAL)
def test_a_personal_touchpoint_for_a_newsletter_candidate_needs_confirmation(kind: str) -> None:
    concern = outreach_concern("Chloé Dubois", "newsletter", kind)
    assert concern and concern.startswith("Chloé Dubois is `newsletter`")
    with pytest.raises(PersonalTouchpointRefused) as refused:
        check_outreach("Chloé Dubois", "newsletter", kind)
    assert refused.value.kind == kind
    check_outreach("Chloé Dubois", "newsletter", kind, force=True)


@pytest.mark.parametrize("kind", RECORDS)
def test_records_and_the_newsletter_are_fine_for_newsletter_candidates(kind: str) -> None:
    assert outreach_concern("Chloé Dubois", "newsletter", kind) is None


def test_closed_means_no_contact_at_all_not_even_the_newsletter() -> None:
    assert outreach_concern("Hannah Schmidt", "closed", "newsletter")
    assert outreach_concern("Hannah Schmidt", "closed", "coffee")
    assert outreach_concern("Hannah Schmidt", "closed", "note") is None
    for fit in ("pursue", "hired"):
        assert outreach_concern("Ada Lovelace", fit, "coffee") is None


def test_a_refused_touchpoint_writes_and_commits_nothing(library: Path) -> None:
    path = library / "candidates" / "lars-andersen.yaml"  # newsletter, consent until 2028
    before, head = path.read_bytes(), git(library, "rev-parse", "HEAD")
    with pytest.raises(PersonalTouchpointRefused, match="Lars Andersen is `newsletter`"):
        log_touchpoint(Library.open(library), "lars-andersen", TouchpointKind.COFFEE, summary="Coffee?")
    assert path.read_bytes() == before
    assert git(library, "rev-parse", "HEAD") == head


def test_a_confirmed_touchpoint_is_logged(library: Path) -> None:
    written = log_touchpoint(
        Library.open(library),
        "chloe-dubois",
        TouchpointKind.CALL,
        summary="She called us about the design role.",
        force=True,
    )
    assert written.commit
    assert "She called us about the design role." in (library / "candidates" / "chloe-dubois.yaml").read_text()


@pytest.mark.parametrize(
    "text",
    [
        "I guarantee the next design role is yours.",
        "Promised her the role once the budget is approved.",
        "Not this time, but I promised him the next senior role.",
        "We will definitely hire him in Q1.",
        "Told him the job is his if he waits.",
        "Guaranteed interview slot and offer.",
    ],
)
def test_a_promise_of_a_job_is_noticed(text: str) -> None:
    assert job_promises(text)


@pytest.mark.parametrize(
    "text",
    [
        "Told her about the opening. No promises made; she is keen on a conversation.",
        "We cannot guarantee anything before the budget review.",
        "No guarantees, but the role fits her well.",
        "I promise you a reply by Friday.",
        "Sent an article on the data pipelines behind rowing ergometers.",
    ],
)
def test_honest_words_are_not_a_promise(text: str) -> None:
    assert job_promises(text) == []


def test_no_sample_summary_or_note_reads_as_a_promise(library: Path) -> None:
    lib = Library.open(library)
    for cid in lib.index.candidates:
        record = lib.read_candidate(cid)
        for text in [record.notes, *(t.summary for t in record.history)]:
            assert job_promises(text) == [], (cid, text)


def test_a_promise_in_a_summary_is_logged_with_a_warning(library: Path) -> None:
    written = log_touchpoint(
        Library.open(library), "ada-lovelace", TouchpointKind.CALL, summary="Said I guarantee she gets the senior role."
    )
    assert written.commit
    assert len(written.warnings) == 1
    assert written.warnings[0].startswith("the summary reads like a promise of a job (“guarantee”)")
    honest = log_touchpoint(Library.open(library), "ada-lovelace", TouchpointKind.CALL, summary="No promises.")
    assert honest.warnings == ()


def test_a_promise_written_into_the_notes_warns_too(library: Path) -> None:
    lib = Library.open(library)
    data = lib.read_candidate("ada-lovelace").model_dump(mode="json", exclude_none=True)
    data["notes"] = "Promised her the role in January."
    written = edit_candidate(lib, "ada-lovelace", data)
    assert written.warnings and "the notes" in written.warnings[0]
