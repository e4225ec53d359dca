"""What a row of an export says, without files: lenient dates, ATS stages, systems and columns by their headers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from support import PROJECT

from runnerup_tui.domain.importing import (
    COLUMNS,
    FIELDS,
    column_key,
    design_stage,
    field_of,
    parse_map,
    read_date,
    read_row,
    system_of,
)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-01-31", dt.date(2024, 1, 31)),
        ("2024-01-31 06:00:00.000", dt.date(2024, 1, 31)),
        ("2017-09-27T12:03:02.728Z", dt.date(2017, 9, 27)),
        ("2017-09-27T12:03:02Z", dt.date(2017, 9, 27)),
        ("15 Mar 2024", dt.date(2024, 3, 15)),
        ("15 March 2024", dt.date(2024, 3, 15)),
        ("03/15/2024", dt.date(2024, 3, 15)),
        ("15/03/2024", dt.date(2024, 3, 15)),
        ("03/03/2024", dt.date(2024, 3, 3)),  # both orders agree
        ("Mar 15, 2024", dt.date(2024, 3, 15)),
        (dt.datetime(2024, 1, 31, 6, 0), dt.date(2024, 1, 31)),  # a spreadsheet's date cell
        ("", None),
    ],
)
def test_dates_are_read_leniently(text: object, day: dt.date | None) -> None:
    read = read_date(text)
    assert (read.day, read.problem) == (day, None)


def test_a_date_that_reads_both_ways_is_reported_never_guessed() -> None:
    read = read_date("03/04/2024")
    assert read.day is None
    assert read.problem == "date 03/04/2024 is ambiguous (day/month?)"
    assert read_date("next week").problem == "'next week' is not a date runnerup can read"


@pytest.mark.parametrize(
    ("stage", "design"),
    [
        ("Phone screen", "phone"),
        ("Recruiter Screen", "screen"),
        ("On-site interview", "onsite"),
        ("Onsite", "onsite"),
        ("Final Round", "final"),
        ("OFFERED", "offer"),
        ("Technical interview", None),
        ("INTERVIEW", None),
    ],
)
def test_ats_stages_map_to_the_design_stages_only_when_clear(stage: str, design: str | None) -> None:
    assert design_stage(stage) == design


@pytest.mark.parametrize(
    ("headers", "system"),
    [
        (["First Name", "Last Name", "Email", "Phone", "Social Media", "Job", "Source", "Notes"], "Greenhouse"),
        (["Full-Name", "Email", "Stage", "Archive-Reason", "Archive-Date", "Sources"], "Lever"),
        (["candidateFirstName", "candidateLastName", "candidateEmail", "applicationStage"], "SmartRecruiters"),
        (["Name", "Jobs", "Emails", "Phones", "Tags", "Sources", "Links"], "Recruitee"),
        (["Candidate Name", "Position", "Rejection Reason", "Rejected On"], "spreadsheet"),
        (["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"], "LinkedIn"),
    ],
)
def test_each_system_is_told_by_its_headers_and_every_header_is_known(headers: list[str], system: str) -> None:
    assert system_of(headers) == system
    assert all(field_of(h, system) for h in headers)


def test_linkedins_position_is_the_persons_own_job_not_the_one_they_applied_for() -> None:
    assert field_of("Position", "LinkedIn") == "title"
    assert field_of("Position", "spreadsheet") == "role"
    assert field_of("POSITION", "spreadsheet", {"position": "notes"}) == "notes"  # --map wins


def test_map_options_name_a_documented_field() -> None:
    assert parse_map(["Candidate Source=tags", "why-not=rejection-reason"]) == {
        "candidatesource": "tags",
        "whynot": "rejection_reason",
    }
    with pytest.raises(ValueError, match="unknown field `colour`"):
        parse_map(["Source=colour"])
    with pytest.raises(ValueError, match="use COLUMN=FIELD"):
        parse_map(["Source"])


def test_a_lever_hire_is_no_rejection_and_a_smartrecruiters_rejection_takes_its_last_update() -> None:
    hired = read_row(2, {"name": ["Frances Allen"], "rejection_reason": ["Hired"]}, status_column=True)
    assert hired.outcome == "hired"
    rejected = read_row(
        3,
        {"name": ["John Backus"], "stage": ["REJECTED"], "updated": ["2017-09-27T12:03:02.728Z"]},
        status_column=True,
    )
    assert (rejected.outcome, rejected.rejection_date) == ("rejected", dt.date(2017, 9, 27))
    assert rejected.notes == []  # REJECTED is an outcome, not a stage reached
    open_row = read_row(4, {"name": ["Alan Turing"], "stage": ["On-site interview"]}, status_column=True)
    assert open_row.outcome == "open"
    assert read_row(5, {"name": ["Ada"]}, status_column=False).outcome is None


def test_links_split_into_the_linkedin_profile_and_the_others() -> None:
    row = read_row(
        2,
        {"name": ["Ada"], "links": ["https://github.com/ada, https://www.linkedin.com/in/ada/ https://ada.dev"]},
        status_column=False,
    )
    assert row.linkedin == "https://www.linkedin.com/in/ada/"
    assert row.links == ["https://github.com/ada", "https://ada.dev"]


def test_an_address_that_is_no_email_is_left_out_with_a_warning() -> None:
    row = read_row(2, {"name": ["Ada"], "email": ["ada at example dot org"]}, status_column=False)
    assert row.emails == []
    assert row.warnings == ["'ada at example dot org' is not an email address; left out"]


def test_the_readme_documents_every_field_and_column() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Importing people") :]
    for name in FIELDS:
        assert re.search(rf"^\| `{name}` \|", section, re.M), name
    for header in COLUMNS:
        assert f"`{header}`" in section, header
    assert column_key("Full-Name") == column_key("full name") == "fullname"
