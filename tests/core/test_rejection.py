"""The rejection workflow: the rejection, its touchpoint and the fit decision, in one commit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support import git

from core.builders import TODAY
from runnerup_tui.actions import record_rejection
from runnerup_tui.domain.agenda import REJECTION_CALL, agenda
from runnerup_tui.domain.model import Channel, Fit
from runnerup_tui.domain.problems import UsageError
from runnerup_tui.store.library import Library


def pending_calls(lib: Library) -> list[str]:
    return [
        i.id
        for i in agenda(lib.index.candidates.values(), lib.settings, TODAY, 7)
        if i.reason == REJECTION_CALL and i.detail.startswith(("onsite", "final", "phone", "screen"))
    ]


def test_a_rejection_call_fills_the_rejection_logs_it_and_decides_the_fit_in_one_commit(library: Path) -> None:
    lib = Library.open(library)
    assert "nguyen-thi-mai" in pending_calls(lib)
    before = int(git(library, "rev-list", "--count", "HEAD"))
    written = record_rejection(
        lib,
        "nguyen-thi-mai",
        channel=Channel.CALL,
        fit=Fit.PURSUE,
        reason="The other finalist's visual polish was further along.",
        impressed="Her research readout: twelve interviews, one sharp insight.",
        newsletter_invited=True,
        date=TODAY,
    )
    assert int(git(library, "rev-list", "--count", "HEAD")) == before + 1
    assert git(library, "show", "--name-only", "--format=%s", "HEAD").split("\n")[:3] == [
        "Record rejection of Nguyễn Thị Mai (call); fit: pursue",
        "",
        "candidates/nguyen-thi-mai.yaml",
    ]
    record = lib.read_candidate("nguyen-thi-mai")
    assert record.rejection.model_dump(exclude_none=True) == {
        "date": TODAY,
        "channel": Channel.CALL,
        "newsletter_invited": True,
        "reason": "The other finalist's visual polish was further along.",
    }
    assert record.fit is Fit.PURSUE
    touchpoint = record.history[-1]
    assert (touchpoint.id, touchpoint.kind.value, touchpoint.date) == (written.id, "rejection", TODAY)
    assert touchpoint.summary == (
        "Rejection call: The other finalist's visual polish was further along. What "
        "impressed us: Her research readout: twelve interviews, one sharp insight. "
        "Invited to the newsletter."
    )
    assert "nguyen-thi-mai" not in pending_calls(lib)
    text = (library / "candidates" / "nguyen-thi-mai.yaml").read_text()
    assert text.index("\ninterviews:") < text.index("\nrejection:") < text.index("\nfit: pursue")
    assert "&id" not in text  # the same date twice is written twice, not as a YAML alias


def test_a_new_rejection_replaces_the_earlier_one_keeps_its_facts_in_history_and_the_rest_of_the_file(
    library: Path,
) -> None:
    path = library / "candidates" / "kwame-mensah.yaml"
    before = path.read_text()
    record_rejection(
        Library.open(library),
        "kwame",
        channel=Channel.CALL,
        fit=Fit.NEWSLETTER,
        reason="The team chose someone already in Berlin.",
        date=dt.date(2026, 11, 26),
    )
    after = path.read_text()
    removed = [
        ln
        for ln in git(library, "diff", "HEAD~1", "--", "candidates/kwame-mensah.yaml").splitlines()
        if ln.startswith("-") and not ln.startswith("---")
    ]
    assert removed == [
        "-rejection:  # from the 2024 process; the 2026 decision is still open",
        "-  date: 2024-10-03",
        "-  channel: email",
        "-  reason: Needs more distributed-systems experience for this level.",
        "-  newsletter_invited: true",
        "-fit: pursue",
        "-  kind: rejection",
        "-  summary: Rejection by email after the phone screen (before we called everyone).",
    ]
    assert "kind: rejection  # from the 2024 process" in after  # the comment moved with the facts it describes
    assert "headline: Senior Software Engineer at Gold Coast Logistics  # updated 2026-10" in after
    assert before.count("kind: rejection") + 1 == after.count("kind: rejection")


def test_an_email_rejection_counts_but_the_agenda_suggests_a_call(library: Path) -> None:
    lib = Library.open(library)
    record_rejection(
        lib,
        "beatriz-oliveira",
        channel=Channel.EMAIL,
        fit=Fit.PURSUE,
        reason="Ada had more streaming experience.",
        date=TODAY,
    )
    items = [i for i in agenda(lib.index.candidates.values(), lib.settings, TODAY, 7) if i.id == "beatriz-oliveira"]
    assert [(i.reason, i.detail.split(":")[0]) for i in items] == [(REJECTION_CALL, "rejected by email on 2026-11-25")]


@pytest.mark.parametrize(
    ("fit", "reason", "message"),
    [
        (Fit.HIRED, "reason", "after a rejection the fit is one of pursue, newsletter, closed"),
        (Fit.PURSUE, "  ", "say the honest reason given"),
    ],
)
def test_a_rejection_without_a_decision_or_a_reason_writes_nothing(
    library: Path, fit: Fit, reason: str, message: str
) -> None:
    head = git(library, "rev-parse", "HEAD")
    with pytest.raises(UsageError, match=message):
        record_rejection(Library.open(library), "beatriz-oliveira", channel=Channel.CALL, fit=fit, reason=reason)
    assert git(library, "rev-parse", "HEAD") == head
    assert git(library, "status", "--porcelain") == ""


def test_a_promise_in_the_reason_is_recorded_with_a_warning(library: Path) -> None:
    written = record_rejection(
        Library.open(library),
        "beatriz-oliveira",
        channel=Channel.CALL,
        fit=Fit.PURSUE,
        reason="Not this time, but I promised her the next role.",
    )
    assert written.commit and written.warnings
    assert written.warnings[0].startswith("the reason reads like a promise of a job")
