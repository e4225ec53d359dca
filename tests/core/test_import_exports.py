"""`runnerup import` of each system's real export shape, through the real command in a real repository.

Each import is one commit; the same file imported again changes nothing; a dry run writes nothing; people
already in the library are found by email, phone or LinkedIn profile however written, and keep their comments.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ruamel.yaml import YAML
from support import git, run_cli

from core.import_files import GREENHOUSE, LEVER, LINKEDIN, PLAIN, RECRUITEE, SMARTRECRUITERS, write, write_xlsx


def cli(library: Path, *args: str):  # noqa: ANN201
    return run_cli("--library", str(library), *args)


def head(library: Path) -> str:
    return git(library, "rev-parse", "HEAD").strip()


def record(library: Path, cid: str) -> dict:
    return YAML(typ="safe").load((library / "candidates" / f"{cid}.yaml").read_text(encoding="utf-8"))


def committed_files(library: Path) -> set[str]:
    return set(git(library, "show", "--name-only", "--format=", "HEAD").split())


def assert_imported_once(library: Path, export: Path, message: str) -> str:
    """Import ``export``: one commit with ``message`` and a clean tree; imported again, nothing changes."""
    before = head(library)
    result = cli(library, "import", str(export))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert git(library, "log", "-1", "--format=%s").strip() == message
    assert git(library, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert git(library, "status", "--porcelain") == ""
    after = head(library)
    again = cli(library, "import", str(export))
    assert again.returncode == 0, again.stderr
    assert "nothing to change" in again.stdout
    assert head(library) == after
    assert git(library, "status", "--porcelain") == ""
    return result.stdout


def test_greenhouse_csv_with_a_bom_adds_people_and_updates_ada_found_by_her_email_in_another_case(
    library: Path, tmp_path: Path
) -> None:
    ada_before = (library / "candidates" / "ada-lovelace.yaml").read_text(encoding="utf-8")
    export = write(tmp_path / "greenhouse.csv", GREENHOUSE)
    out = assert_imported_once(library, export, "Import 3 people from greenhouse.csv (1 updated)")
    assert re.search(r"^update\s+row 2\s+Ada Lovelace\s+same email ada.lovelace@example.org", out, re.M)
    assert committed_files(library) == {
        "candidates/ada-lovelace.yaml",
        "candidates/linus-torvalds.yaml",
        "candidates/barbara-liskov.yaml",
    }
    linus = record(library, "linus-torvalds")
    assert linus["contact"] == {
        "email": "linus@example.fi",
        "phone": "+358 40 000 0001",
        "links": ["https://github.com/linus-example"],
    }
    assert linus["interviews"] == [{"role": "Kernel Engineer"}]
    assert linus["tags"] == ["LinkedIn (Prospecting)"]
    assert linus["notes"] == "Built his own version control\nover a weekend\n"
    assert (
        b"\r" not in (library / "candidates" / "linus-torvalds.yaml").read_bytes()
    )  # the cell's CRLF is the file's LF
    assert linus["owner"] == "Test Recruiter"
    barbara = record(library, "barbara-liskov")
    assert barbara["contact"]["linkedin"] == "https://www.linkedin.com/in/barbara-liskov-example/"
    # Ada: the new role added; her email, tags and every hand-written line kept as they were
    ada_after = (library / "candidates" / "ada-lovelace.yaml").read_text(encoding="utf-8")
    added = [line for line in ada_after.splitlines() if line not in ada_before.splitlines()]
    assert added == ["  - role: Staff Data Engineer"]
    assert "# Called her two days after the final; she took it graciously." in ada_after
    assert "rating: 5  # would hire tomorrow" in ada_after
    assert record(library, "ada-lovelace")["contact"]["email"] == "ada.lovelace@example.org"


def test_a_dry_run_shows_what_would_change_and_writes_nothing(library: Path, tmp_path: Path) -> None:
    export = write(tmp_path / "greenhouse.csv", GREENHOUSE)
    before = head(library)
    result = cli(library, "import", str(export), "--dry-run")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.match(r"update\s+row 2\s+Ada Lovelace\s+.*\+ interview Staff Data Engineer", lines[0])
    assert re.match(r"create\s+row 3\s+Linus Torvalds\s+new file candidates/linus-torvalds.yaml", lines[1])
    assert re.match(r"create\s+row 5\s+Barbara Liskov", lines[2])  # row 3 spans two lines of the file
    assert lines[-1].startswith("dry run: greenhouse.csv read as a Greenhouse export: would import 2 new, 1 updated")
    assert head(library) == before
    assert git(library, "status", "--porcelain") == ""
    assert not (library / "candidates" / "linus-torvalds.yaml").exists()


def test_lever_imports_archived_people_only_and_every_one_but_the_hired_with_all(library: Path, tmp_path: Path) -> None:
    export = write(tmp_path / "lever.csv", LEVER)
    out = assert_imported_once(library, export, "Import 2 people from lever.csv")
    assert re.search(r"^skip\s+row 3\s+Alan Turing\s+not rejected \(On-site interview\); --all imports it", out, re.M)
    assert re.search(r"^skip\s+row 4\s+Frances Allen\s+hired; --all imports it$", out, re.M)
    edsger = record(library, "edsger-dijkstra")
    assert edsger["rejection"] == {"date": dt.date(2024, 1, 31), "reason": "Underqualified"}
    assert edsger["tags"] == ["Referral", "Agency"]
    assert edsger["contact"]["linkedin"] == "https://www.linkedin.com/in/edsger-example"
    assert edsger["notes"] == "Stage reached: Phone screen"  # Lever names no job: no interview to hold the stage
    assert record(library, "tony-hoare")["rejection"]["date"] == dt.date(2024, 3, 5)
    assert not (library / "candidates" / "alan-turing.yaml").exists()

    every = cli(library, "import", str(export), "--all")
    assert every.returncode == 0, every.stderr
    assert git(library, "log", "-1", "--format=%s").strip() == "Import 2 people from lever.csv"
    assert committed_files(library) == {"candidates/alan-turing.yaml", "candidates/frances-allen.yaml"}
    alan = record(library, "alan-turing")
    assert "rejection" not in alan and "fit" not in alan  # still in the process: undecided
    frances = record(library, "frances-allen")
    assert (frances["fit"], "rejection" in frances) == ("hired", False)  # Lever archives its hires too


def test_smartrecruiters_semicolons_one_person_applying_twice_and_kwame_found_by_his_phone(
    library: Path, tmp_path: Path
) -> None:
    kwame_before = (library / "candidates" / "kwame-mensah.yaml").read_text(encoding="utf-8")
    export = write(tmp_path / "smartrecruiters.csv", SMARTRECRUITERS)
    out = assert_imported_once(library, export, "Import 2 people from smartrecruiters.csv (1 updated)")
    assert re.search(r"^skip\s+row 5\s+Niklaus Wirth\s+not rejected \(INTERVIEW\)", out, re.M)
    john = record(library, "john-backus")
    assert [i["role"] for i in john["interviews"]] == ["Compiler Engineer", "Language Designer"]
    assert john["rejection"] == {"date": dt.date(2017, 9, 27), "reason": "Position filled"}
    assert john["contact"] == {"email": "john.backus@example.com", "phone": "+1 408 555 0142"}
    kwame_after = (library / "candidates" / "kwame-mensah.yaml").read_text(encoding="utf-8")
    assert "rejection:  # from the 2024 process; the 2026 decision is still open" in kwame_after
    assert "headline: Senior Software Engineer at Gold Coast Logistics  # updated 2026-10" in kwame_after
    added = [line for line in kwame_after.splitlines() if line not in kwame_before.splitlines()]
    assert added == ["- role: Staff Backend Engineer"]  # his reason and phone as the library says them
    assert record(library, "kwame-mensah")["contact"]["phone"] == "+233 30 000 0055"


def test_recruitee_tabs_and_jose_found_by_another_spelling_of_his_linkedin_url(library: Path, tmp_path: Path) -> None:
    export = write(tmp_path / "recruitee.tsv", RECRUITEE)
    assert_imported_once(library, export, "Import 2 people from recruitee.tsv (1 updated)")
    jose = record(library, "jose-martinez")
    assert jose["contact"]["linkedin"] == "https://www.linkedin.com/in/jose-martinez-example"
    assert jose["contact"]["links"] == ["https://jose.example.es"]
    assert jose["tags"][-3:] == ["spanish", "kubernetes", "Career site"]
    assert jose["interviews"][-1] == {"role": "Platform Engineer"}
    radia = record(library, "radia-perlman")
    assert radia["contact"]["email"] == "radia@example.com"
    assert radia["contact"]["linkedin"] == "https://www.linkedin.com/in/radia-example"
    assert radia["tags"] == ["networking", "Referral"]


def test_a_plain_spreadsheet_reads_dates_leniently_and_never_guesses_a_day_month_order(
    library: Path, tmp_path: Path
) -> None:
    export = write(tmp_path / "runner-ups.csv", PLAIN)
    result = cli(library, "import", str(export))
    assert result.returncode == 1  # a row was left out: a finding
    assert "runnerup: warning: row 4: date 03/04/2024 is ambiguous (day/month?)" in result.stderr.splitlines()
    invalid = [line for line in result.stderr.splitlines() if line.startswith("runnerup: row 5:")]
    assert len(invalid) == 1 and "1850-03-01" in invalid[0] and invalid[0].endswith("(row skipped)")
    assert "Traceback" not in result.stderr
    assert git(library, "log", "-1", "--format=%s").strip() == "Import 3 people from runner-ups.csv"
    assert record(library, "grace-brewster")["rejection"]["date"] == dt.date(2024, 3, 15)
    assert record(library, "katherine-johnson")["rejection"]["date"] == dt.date(2024, 3, 15)
    assert record(library, "dorothy-vaughan")["rejection"] == {"reason": "Another finalist had more SQL"}
    assert record(library, "dorothy-vaughan")["interviews"] == [{"role": "Data Analyst"}]
    assert not (library / "candidates" / "mary-jackson.yaml").exists()
    assert not (library / "candidates" / "annie-easley.yaml").exists()
    # no email, phone or profile in this file: the same name is the same person the second time
    commit = head(library)
    again = cli(library, "import", str(export), "--json")
    report = json.loads(again.stdout)
    assert (report["created"], report["updated"], report["commit"]) == (0, 0, None)
    assert head(library) == commit


def test_linkedin_connections_after_their_notes_preamble(library: Path, tmp_path: Path) -> None:
    export = write(tmp_path / "Connections.csv", LINKEDIN)
    dry = cli(library, "import", str(export), "--dry-run")
    assert re.search(
        r"^update\s+row 5\s+Ada Lovelace\s+same LinkedIn profile ada-lovelace-example: "
        r"\+ linkedin touchpoint 2024-03-15$",
        dry.stdout,
        re.M,
    )  # rows counted as an editor shows them
    assert dry.stderr == ""  # the preamble's lines are no columns
    assert_imported_once(library, export, "Import 2 people from Connections.csv (1 updated)")
    ada = record(library, "ada-lovelace")
    assert ada["headline"] == "Senior Data Engineer at Analytical Engines Ltd"  # the library's, kept
    connected = ada["history"][-1]
    assert (connected["date"], connected["kind"], connected["summary"]) == (
        dt.date(2024, 3, 15),
        "linkedin",
        "Connected on LinkedIn",
    )
    assert re.fullmatch(r"t-[0-9a-f]{8}", connected["id"])
    margaret = record(library, "margaret-heafield")
    assert margaret["headline"] == "Lead Software Engineer at Apollo Guidance"
    assert "interviews" not in margaret  # a connection is no application
    assert margaret["contact"] == {
        "email": "mh@example.com",
        "linkedin": "https://www.linkedin.com/in/margaret-heafield-example",
    }
    assert [(t["date"], t["kind"]) for t in margaret["history"]] == [(dt.date(2023, 1, 2), "linkedin")]


def test_an_xlsx_workbook_with_real_date_cells(library: Path, tmp_path: Path) -> None:
    export = write_xlsx(
        tmp_path / "rejected.xlsx",
        [
            ["Candidate Name", "Email", "Position", "Rejection Reason", "Rejected On", "Source"],
            ["Hedy Lamarr", "hedy@example.com", "RF Engineer", "Role closed", dt.date(2024, 1, 31), "Referral"],
            ["Joan Clarke", "joan@example.co.uk", "Cryptanalyst", None, None, "Inbound"],
        ],
    )
    out = assert_imported_once(library, export, "Import 1 person from rejected.xlsx")
    assert re.search(r"^skip\s+row 3\s+Joan Clarke\s+not rejected", out, re.M)
    hedy = record(library, "hedy-lamarr")
    assert hedy["rejection"] == {"date": dt.date(2024, 1, 31), "reason": "Role closed"}
    assert hedy["interviews"] == [{"role": "RF Engineer"}]
    assert hedy["tags"] == ["Referral"]


def test_a_latin1_file_gets_one_clear_line_and_nothing_written(library: Path, tmp_path: Path) -> None:
    export = tmp_path / "people.csv"
    export.write_bytes("Candidate Name,Rejection Reason\nJosé Núñez,Team full\n".encode("latin-1"))
    before = head(library)
    result = cli(library, "import", str(export))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "runnerup: people.csv: not UTF-8 text (byte 0xe9 on line 2); save it as CSV UTF-8 and import that"
    ]
    assert head(library) == before and git(library, "status", "--porcelain") == ""
    utf16 = tmp_path / "people16.csv"
    utf16.write_bytes("Candidate Name,Rejection Reason\nJosé,Team full\n".encode("utf-16"))
    assert cli(library, "import", str(utf16)).stderr.startswith("runnerup: people16.csv: UTF-16 text;")


def test_map_reads_a_column_as_a_field_and_an_unknown_field_is_a_usage_error(library: Path, tmp_path: Path) -> None:
    export = write(
        tmp_path / "ats.csv",
        "Candidate Name,E-mail,Candidate Source,Why not\nRosalind Franklin,rf@example.ac.uk,Referral,Team full\n",
    )
    plain = cli(library, "import", str(export), "--dry-run")
    assert "runnerup: not imported: columns Candidate Source, Why not" in plain.stderr.splitlines()
    mapped = cli(library, "import", str(export), "--map", "candidate source=tags", "--map", "Why not=rejection_reason")
    assert mapped.returncode == 0, mapped.stderr
    assert "not imported" not in mapped.stderr
    rosalind = record(library, "rosalind-franklin")
    assert (rosalind["tags"], rosalind["rejection"]) == (["Referral"], {"reason": "Team full"})
    wrong = cli(library, "import", str(export), "--map", "Candidate Source=colour")
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("runnerup: --map 'Candidate Source=colour': unknown field `colour`; one of: name,")
    assert len(wrong.stderr.splitlines()) == 1


def test_a_likely_duplicate_by_name_is_created_with_a_warning_and_never_on_a_taken_id(
    library: Path, tmp_path: Path
) -> None:
    export = write(
        tmp_path / "gh.csv",
        "First Name,Last Name,Email\n"
        "Ada,Lovelase,ada@elsewhere.example\n"
        "Ada,Lovelace,ada@another.example\n"
        "Sam,Smith,sam@one.example\n"
        "Sam,Smith,sam@two.example\n",
    )
    dry = cli(library, "import", str(export), "--dry-run")
    assert re.search(r"^create\s+row 2\s+Ada Lovelase\s+.*likely the same as ada-lovelace: name 9\d%", dry.stdout, re.M)
    result = cli(library, "import", str(export), "--owner", "Grace Hopper")
    assert result.returncode == 0
    assert re.search(r"warning: row 2: Ada Lovelase is likely the same as ada-lovelace: name 9\d%", result.stderr)
    assert "warning: row 3: Ada Lovelace is likely the same as ada-lovelace: name 100%" in result.stderr
    assert "warning: row 5: Sam Smith is likely the same as sam-smith: name 100%" in result.stderr  # in this file
    assert record(library, "ada-lovelase")["owner"] == "Grace Hopper"
    assert record(library, "ada-lovelace-2")["contact"] == {"email": "ada@another.example"}
    assert record(library, "ada-lovelace")["contact"]["email"] == "ada.lovelace@example.org"
    assert [record(library, cid)["contact"]["email"] for cid in ("sam-smith", "sam-smith-2")] == [
        "sam@one.example",
        "sam@two.example",
    ]


def test_a_refused_commit_leaves_no_file_of_the_import_behind(library: Path, tmp_path: Path) -> None:
    hook = library / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'imports need a review first' >&2\nexit 1\n")
    hook.chmod(0o755)
    ada_before = (library / "candidates" / "ada-lovelace.yaml").read_bytes()
    before = head(library)
    result = cli(library, "import", str(write(tmp_path / "greenhouse.csv", GREENHOUSE)))
    assert result.returncode == 1
    assert "imports need a review first" in result.stderr and "Traceback" not in result.stderr
    assert head(library) == before
    assert git(library, "status", "--porcelain") == ""  # all files or none: no new file, Ada as she was
    assert (library / "candidates" / "ada-lovelace.yaml").read_bytes() == ada_before


def test_a_phone_without_its_country_code_finds_ada_only_in_the_region_given(library: Path, tmp_path: Path) -> None:
    export = write(tmp_path / "gh.csv", "First Name,Last Name,Phone,Job\nA.,Lovelace,020 7946 0018,Staff Engineer\n")
    unknown = cli(library, "import", str(export), "--dry-run", "--json")
    assert [r["action"] for r in json.loads(unknown.stdout)["rows"]] == ["create"]  # a local number is no key
    found = json.loads(cli(library, "import", str(export), "--dry-run", "--json", "--region", "GB").stdout)
    assert found["rows"] == [
        {
            "action": "update",
            "row": 2,
            "name": "A. Lovelace",
            "id": "ada-lovelace",
            "detail": "same phone +442079460018: + interview Staff Engineer",
        }
    ]
    assert (found["created"], found["updated"], found["dry_run"], found["system"]) == (0, 1, True, "Greenhouse")
    wrong = cli(library, "import", str(export), "--region", "Britain")
    assert (wrong.returncode, wrong.stderr) == (
        2,
        "runnerup: --region 'Britain': a two-letter country code such as US, GB or DE\n",
    )


def test_a_row_known_only_by_a_name_two_people_have_is_left_out(library: Path, tmp_path: Path) -> None:
    for cid in ("sam-smith", "sam-smith-2"):
        (library / "candidates" / f"{cid}.yaml").write_text("name: Sam Smith\n", encoding="utf-8")
    git(library, "add", "candidates")
    git(library, "commit", "-q", "-m", "Two people named Sam Smith")
    export = write(tmp_path / "plain.csv", "Candidate Name,Rejection Reason\nSam Smith,Team full\n")
    result = cli(library, "import", str(export), "--json")
    assert json.loads(result.stdout)["rows"] == [
        {
            "action": "skip",
            "row": 2,
            "name": "Sam Smith",
            "id": None,
            "detail": "2 people have this name, and the file gives no email, phone or LinkedIn",
        }
    ]
    assert git(library, "status", "--porcelain") == ""
