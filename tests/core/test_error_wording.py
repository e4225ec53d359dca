"""A mistake is worded the same in `check` and in the edit form: the form leaves out the key and the value."""

from __future__ import annotations

import pytest

from runnerup_tui.domain.model import Candidate
from runnerup_tui.store.candidate_form import form_data, initial_texts, original_data
from runnerup_tui.store.parsing import parse_record

# (the file, its one message from check; the form field, what is typed in it, its message in the form)
SAME_MISTAKES = [
    (
        b"name: Ada\nhistory:\n  - date: 2026-01-02\n    kind: phone\n",
        "history[0].kind: must be one of call, email, linkedin, endorsement, congrats, article, coffee, meeting, "
        "newsletter, rejection, presented, career-update, note (got 'phone')",
        "history",
        "- date: 2026-01-02\n  kind: phone\n",
        "item 1, kind: must be one of call, email, linkedin, endorsement, congrats, article, coffee, meeting, "
        "newsletter, rejection, presented, career-update, note",
    ),
    (
        b"name: Ada\ninterviews:\n  - role: 5\n",
        "interviews[0].role: must be text (got 5); put it in quotes",
        "interviews",
        "- role: 5\n",
        "item 1, role: must be text; put it in quotes",
    ),
    (b"name: Ada\ncadence_days: 0\n", "cadence_days: must be greater than 0 (got 0)", "cadence_days", "0", None),
    (
        b"name: Ada\nnext_contact: 2026-02-30\n",
        "next_contact: there is no such day (got '2026-02-30')",
        "next_contact",
        "2026-02-30",
        None,
    ),
    (
        b"name: Ada\ninterviews:\n  - role: Engineer\n    date: soon\n",
        "interviews[0].date: must be a date like 2026-03-14 (got 'soon')",
        "interviews",
        "- role: Engineer\n  date: soon\n",
        "item 1, date: must be a date like 2026-03-14",
    ),
]


def form_errors(key: str, typed: str) -> list[str]:
    original = original_data(Candidate.model_validate({"name": "Ada"}))
    texts = initial_texts(original)
    result = form_data({**texts, key: typed}, texts, original)
    assert not result.ok
    return result.errors[key]


@pytest.mark.parametrize(
    ("raw", "in_file", "key", "typed", "in_form"),
    SAME_MISTAKES,
    ids=["choice", "quotes", "bound", "no-such-day", "date"],
)
def test_the_form_and_check_word_a_mistake_the_same_way(
    raw: bytes, in_file: str, key: str, typed: str, in_form: str | None
) -> None:
    assert [p.message for p in parse_record(raw, "candidates/ada.yaml", Candidate).problems] == [in_file]
    # without a key to name, the form's message is the file's without the key and the value it got
    expected = in_form or in_file.split(": ", 1)[1].rsplit(" (got ", 1)[0]
    assert form_errors(key, typed) == [expected]


def test_each_side_words_what_a_person_writes_there() -> None:
    assert form_errors("name", "") == ["required"]
    assert form_errors("consent.newsletter", "maybe") == ["must be yes or no"]  # the form's flags read yes/no
    assert form_errors("interviews", "- 3\n") == ["item 1: must be a mapping of keys (key: value)"]
    problems = parse_record(b"headline: Nameless\nconsent:\n  newsletter: maybe\n", "c.yaml", Candidate).problems
    assert [p.message for p in problems] == [
        "name: required key is missing",
        "consent.newsletter: must be true or false (got 'maybe')",
    ]
