"""Drafting's pure rules: which lines stay, which opening is mentioned, which interest comes up."""

from __future__ import annotations

import datetime as dt

from runnerup_tui.domain.drafts import best_opening, draft_fields, first_name, parse_template, render
from runnerup_tui.domain.model import Candidate
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.summary import CandidateEntry, OpeningEntry

TODAY = dt.date(2026, 11, 16)


def person(**data) -> tuple[CandidateEntry, Candidate]:  # noqa: ANN003
    candidate = Candidate.model_validate({"name": "Mara Quinn", **data})
    return CandidateEntry.from_candidate("mara-quinn", candidate), candidate


def test_a_paragraph_whose_every_line_is_empty_leaves_no_stray_blank_lines() -> None:
    template = parse_template(
        "Subject: Hi {first_name}\n\nHi {first_name},\n\n{interest}\n{note}\n\nBye {me}\n", "t.md"
    )
    subject, body, left_out = render(template, {"first_name": "Mara", "interest": "", "note": "", "me": ""})
    assert subject == "Hi Mara" and body == "Hi Mara," and left_out == ()


def test_double_braces_are_literal_braces() -> None:
    template = parse_template("Use {{curly}} for {name}\n", "t.md")
    assert render(template, {"name": "Mara"})[1] == "Use {curly} for Mara"


def test_first_names_from_the_way_names_are_written() -> None:
    assert first_name("Ada Lovelace") == "Ada"
    assert first_name("Smith, John") == "John"
    assert first_name("王小明") == "王小明"
    assert first_name("Cher") == "Cher"


def test_the_interest_moves_on_with_each_personal_touchpoint() -> None:
    base = {"interests": ["rowing", "poetry"]}
    assert draft_fields(*person(**base))["interest"] == "rowing"
    called = {**base, "history": [{"date": "2026-01-01", "kind": "call"}]}
    assert draft_fields(*person(**called))["interest"] == "poetry"


def test_the_last_conversation_is_the_latest_call_coffee_or_meeting() -> None:
    history = [
        {"date": "2026-03-01", "kind": "meeting"},
        {"date": "2026-07-30", "kind": "coffee"},
        {"date": "2026-09-01", "kind": "email"},
    ]
    assert draft_fields(*person(history=history))["last_conversation"] == "our coffee in July 2026"


def test_only_an_open_opening_that_really_fits_and_was_not_presented_is_mentioned() -> None:
    entry, _ = person(
        skills=["python", "kafka"],
        history=[{"date": "2026-10-01", "kind": "presented", "opening": "data-eng"}],
    )
    settings = LibrarySettings()
    data_eng = OpeningEntry("data-eng", "Data Engineer", "open", skills=["python"])
    on_hold = OpeningEntry("platform", "Platform Engineer", "on-hold", skills=["python"])
    nice_only = OpeningEntry("streaming", "Streaming Lead", "open", skills=["flink"], nice_to_have=["kafka"])
    assert best_opening(entry, [data_eng, on_hold, nice_only], settings, TODAY) is None
    backend = OpeningEntry("backend", "Backend Engineer", "open", skills=["python", "kafka"])
    analyst = OpeningEntry("analyst", "Analyst", "open", skills=["python", "sql", "excel"])
    assert best_opening(entry, [analyst, backend, data_eng], settings, TODAY) is backend


def test_every_field_is_documented_in_each_built_in_template_and_the_readme() -> None:
    from support import PROJECT

    from runnerup_tui.domain.drafts import FIELDS
    from runnerup_tui.store.templates import built_in_templates

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for name, raw in built_in_templates().items():
        comment = raw.decode().split("-->", 1)[0]
        assert all(f"{{{field}}}" in comment for field in FIELDS), name
        parse_template(raw.decode(), name)  # and each one is valid
    assert all(f"`{{{field}}}`" in readme for field in FIELDS)


def test_news_already_congratulated_on_is_not_congratulated_on_again() -> None:
    update = {"date": "2026-09-01", "kind": "career-update", "summary": "Promoted to Staff Engineer"}
    assert draft_fields(*person(history=[update]))["career_update"] == "Promoted to Staff Engineer"
    congratulated = [update, {"date": "2026-09-03", "kind": "congrats", "summary": "Congrats on the promotion"}]
    assert draft_fields(*person(history=congratulated))["career_update"] == ""
    newer_news = [*congratulated, {"date": "2026-10-20", "kind": "career-update", "summary": "Moved to Lisbon"}]
    assert draft_fields(*person(history=newer_news))["career_update"] == "Moved to Lisbon"
