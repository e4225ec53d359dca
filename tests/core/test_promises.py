"""Be upfront: a promise of a job is caught before anything is written, and honest hopes pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import git, run_cli

from runnerup_tui.domain.upfront import JobPromise, check_promises, job_promises

TODAY = {"RUNNERUP_TODAY": "2026-11-25"}

# (text, is it a promise?) — the phrasings recruiters actually type, and the honest ones beside them.
TABLE = [
    ("We'll make you an offer next quarter.", True),
    ("Next time you'll get the role for sure.", True),
    ("We will definitely hire you next time.", True),
    ("You'll get the role.", True),
    ("The job is yours next time.", True),
    ("You are guaranteed a position in the spring.", True),
    ("You're first in line for the next role we will give you.", True),
    ("I guarantee the next design role is yours.", True),
    ("Promised her the role once the budget is approved.", True),
    ("Not this time, but I promised him the next senior role.", True),
    ("We will definitely hire him in Q1.", True),
    ("Told him the job is his if he waits.", True),
    ("We’ll offer you the position as soon as it opens.", True),
    ("The next opening is yours.", True),
    ("Rest assured, you will be offered the next role.", True),
    ("We are going to hire you in the spring.", True),
    ("You can count on an offer from us in January.", True),
    ("We'll bring you on board when headcount frees up.", True),
    ("There will definitely be a role for you next year.", True),
    ("Consider the role yours.", True),
    ("You're hired next time, promise.", True),
    ("She will surely get the senior role in March.", True),
    ("We'll give you the next backend position.", True),
    ("we hope to have a role that fits you", False),
    ("We'd love to stay in touch.", False),
    ("We may have openings later.", False),
    ("If a role opens we'll let you know.", False),
    ("No promises, but we'll keep you in mind for future roles.", False),
    ("We cannot guarantee anything before the budget review.", False),
    ("No guarantees, but the role fits her well.", False),
    ("I promise you a reply by Friday.", False),
    ("Told her about the opening. No promises made; she is keen on a conversation.", False),
    ("You'll get an email about the newsletter next week.", False),
    ("We'll make you aware of new openings through the newsletter.", False),
    ("The other finalist had more Spark experience.", False),
    ("We will definitely keep in touch.", False),
    ("You'll get feedback from the hiring manager by Friday.", False),
    ("We might reach out when a similar role opens.", False),
    ("Hopefully there will be a fit in the future; nothing is decided.", False),
    ("We hope we'll have a role for you next year, but nothing is decided.", False),
    ("We'd be glad to see you apply again.", False),
    ("We offer you a place in our talent community newsletter.", False),
    ("The role went to someone with more Kubernetes experience.", False),
    ("I can't promise you the role, but you are a strong candidate.", False),
    ("We will hire a senior engineer next year; apply if it fits.", False),
    ("We'll bring you in for a coffee if a role comes up.", False),
]


def test_the_table_holds_at_least_30_phrasings_of_both_kinds() -> None:
    promises = [t for t, p in TABLE if p]
    assert len(TABLE) >= 30 and len(promises) >= 15 and len(TABLE) - len(promises) >= 15


@pytest.mark.parametrize(("text", "promise"), TABLE, ids=[t[:40] for t, _ in TABLE])
def test_a_promise_of_a_job_is_told_from_an_honest_hope(text: str, promise: bool) -> None:
    assert bool(job_promises(text)) is promise, job_promises(text)


def test_the_false_positive_and_false_negative_rates_on_the_table_are_zero() -> None:
    honest = [t for t, p in TABLE if not p]
    promises = [t for t, p in TABLE if p]
    false_positives = [t for t in honest if job_promises(t)]
    false_negatives = [t for t in promises if not job_promises(t)]
    assert (len(false_positives) / len(honest), len(false_negatives) / len(promises)) == (0.0, 0.0), (
        false_positives,
        false_negatives,
    )


def test_the_check_names_every_field_that_promises_and_passes_when_confirmed() -> None:
    with pytest.raises(JobPromise) as caught:
        check_promises({"the reason": "We will definitely hire you next time.", "what impressed us": "Her demo."})
    assert caught.value.warnings == (caught.value.warnings[0],)
    assert caught.value.warnings[0].startswith(
        "the reason reads like a promise of a job (“We will definitely hire you”)"
    )
    check_promises({"the reason": "We will definitely hire you next time."}, force=True)
    check_promises({"the summary": "We hope to have a role that fits you.", "the notes": None})


def cli(library: Path, *args: str):  # noqa: ANN201
    return run_cli("--library", str(library), *args, env=TODAY)


def test_the_cli_refuses_a_promise_in_a_summary_before_writing_unless_forced(library: Path) -> None:
    path = library / "candidates" / "ada-lovelace.yaml"
    before, head = path.read_bytes(), git(library, "rev-parse", "HEAD")
    refused = cli(library, "log", "ada", "call", "--summary", "We'll make you an offer next quarter.")
    assert refused.returncode == 1
    assert refused.stderr.startswith("runnerup: the summary reads like a promise of a job (“We'll make you an offer”)")
    assert refused.stderr.rstrip().endswith("nothing logged: rephrase it, or add --force to log it as written")
    assert refused.stderr.count("\n") == 1 and refused.stdout == ""
    assert path.read_bytes() == before and git(library, "rev-parse", "HEAD") == head
    forced = cli(library, "log", "ada", "call", "--summary", "We'll make you an offer next quarter.", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "summary: We'll make you an offer next quarter." in path.read_text()


def test_the_cli_refuses_a_promise_in_a_rejection_reason(library: Path) -> None:
    path = library / "candidates" / "beatriz-oliveira.yaml"
    before, head = path.read_bytes(), git(library, "rev-parse", "HEAD")
    args = (
        "log",
        "beatriz",
        "rejection",
        "--channel",
        "call",
        "--fit",
        "newsletter",
        "--reason",
        "we will definitely hire you next time",
    )
    refused = cli(library, *args)
    assert refused.returncode == 1
    assert refused.stderr.startswith("runnerup: the reason reads like a promise of a job")
    assert path.read_bytes() == before and git(library, "rev-parse", "HEAD") == head
    honest = cli(
        library,
        "log",
        "beatriz",
        "rejection",
        "--channel",
        "call",
        "--fit",
        "newsletter",
        "--reason",
        "Ada had more streaming experience; we hope to have a role that fits you",
    )
    assert honest.returncode == 0, honest.stderr
    assert "reads like a promise" not in honest.stderr
