"""``runnerup export csv``: one row per candidate, read back with the csv module as a spreadsheet would."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from hostile import add_hostile
from support import run_cli

from runnerup_tui.domain.exports.table import HEADER, neutralised


def _export(library: Path, *args: str) -> bytes:
    """The bytes as written (run_cli's text mode would hide the BOM and the line ends)."""
    result = subprocess.run(
        [sys.executable, "-m", "runnerup_tui", "--library", str(library), "export", "csv", *args],
        capture_output=True,
        env={**os.environ, "RUNNERUP_TODAY": "2026-11-26"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def _rows(data: bytes) -> dict[str, dict[str, str]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == HEADER
    return {row["id"]: row for row in reader}


def test_the_file_is_utf8_with_a_bom_for_excel_and_crlf_line_ends(library: Path) -> None:
    data = _export(library)
    assert data.startswith(b"\xef\xbb\xbfid,name,pronouns,headline,")
    assert data.split(b"\r\n", 1)[0].decode("utf-8-sig") == ",".join(HEADER)
    assert "Zoë Ångström".encode() in data and "Łukasz Wiśniewski".encode() in data


def test_one_row_per_candidate_with_lists_joined_and_dates_iso(library: Path) -> None:
    rows = _rows(_export(library))
    assert len(rows) == 28  # closed people too: the spreadsheet is the whole library
    ada = rows["ada-lovelace"]
    assert ada["name"] == "Ada Lovelace" and ada["email"] == "ada.lovelace@example.org"
    assert ada["skills"] == "python; spark; sql; airflow; postgresql"
    assert ada["links"] == "https://github.com/ada-lovelace-example; https://ada.example.org/notes"
    assert ada["fit"] == "pursue" and ada["rating"] == "5" and ada["owner"] == "Grace Hopper"
    assert (ada["last_interview"], ada["last_stage"], ada["rejection_date"]) == ("2026-03-10", "final", "2026-03-12")
    assert ada["last_contact"] == "2026-11-06" and ada["next_follow_up"] == "2026-12-21"
    assert ada["consent_expires"] == "2028-03-12"
    assert ada["rejection_reason"].startswith("Another finalist had three years")
    assert ada["notes"].splitlines()[1] == 'Writes long-form posts on her blog about "poetical science".'
    assert rows["daniel-cohen"]["fit"] == "closed" and rows["daniel-cohen"]["next_follow_up"] == ""
    assert rows["theo-lefevre"]["fit"] == "undecided"  # no `fit:` in the file (treated as pursue)


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_neutralised(library: Path) -> None:
    (library / "candidates" / "mallory.yaml").write_text(
        "name: '=HYPERLINK(\"https://evil.example\",\"click\")'\nheadline: '-2+3'\n"
        "tags: ['@SUM(1)', 'ok']\nlocation: \"\\tTabbed\"\nnotes: '+1 555 0100 as a note'\n"
        "contact:\n  phone: '+44 20 7946 0018'\n",
        encoding="utf-8",
    )
    row = _rows(_export(library))["mallory"]
    assert row["name"] == '\'=HYPERLINK("https://evil.example","click")'
    assert row["headline"] == "'-2+3" and row["tags"] == "'@SUM(1); ok" and row["location"] == "'\tTabbed"
    assert row["phone"] == "'+44 20 7946 0018" and row["notes"] == "'+1 555 0100 as a note"
    assert [neutralised(c) for c in ("=1", "+1", "-1", "@1", "\t1", "\r1", "a=1", "")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@1",
        "'\t1",
        "'\r1",
        "a=1",
        "",
    ]


def test_owner_me_exports_the_git_users_candidates(library: Path) -> None:
    subprocess.run(["git", "-C", str(library), "config", "user.name", "barbara"], check=True)
    rows = _rows(_export(library, "--owner", "me"))
    assert rows and {row["owner"] for row in rows.values()} == {"Barbara Liskov"}


def test_hostile_text_stays_exact_but_for_control_characters(library: Path) -> None:
    add_hostile(library)
    data = _export(library)
    eve = _rows(data)["eve-red"]
    assert eve["name"] == "Eve [31mRed[0m [bold]x[/]"
    assert eve["pronouns"] == "she/\u202eher"
    assert eve["notes"] == "line one [2J\nline two ]0;PWNED\n[link=https://x]y[/link]"
    assert b"\x1b" not in data and b"\x07" not in data


def test_an_empty_library_is_a_header_alone(library: Path) -> None:
    for path in (library / "candidates").glob("*.yaml"):
        path.unlink()
    assert _export(library) == ("\ufeff" + ",".join(HEADER) + "\r\n").encode()


def test_csv_shown_by_run_cli_as_text_parses_too(library: Path) -> None:
    result = run_cli("--library", str(library), "export", "csv", "--owner", "ken")
    assert result.returncode == 0 and result.stdout.startswith("\ufeffid,")
