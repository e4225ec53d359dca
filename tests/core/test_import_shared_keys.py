"""An email or phone shared by people who are plainly not one person never makes them one.

ATS exports carry placeholder addresses (noreply@..., a team inbox) on many rows; a library person may share a
team phone with a newcomer. Merging on such a key would put several people in one file and drop the others' facts.
"""

from __future__ import annotations

import json
from pathlib import Path

from ruamel.yaml import YAML
from support import git, run_cli

from core.import_files import write

PLACEHOLDER = """Candidate Name,Email,Position,Rejection Reason,Rejected On
Alice Park,noreply@ats.example,Backend Engineer,Too junior for the role,2026-09-01
Bob Stone,noreply@ats.example,Frontend Engineer,Chose another offer,2026-09-02
Carla Diaz,noreply@ats.example,QA Engineer,Relocation was not possible,2026-09-03
"""


def cli(library: Path, *args: str):  # noqa: ANN201
    return run_cli("--library", str(library), *args)


def record(library: Path, cid: str) -> dict:
    return YAML(typ="safe").load((library / "candidates" / f"{cid}.yaml").read_text(encoding="utf-8"))


def test_rows_sharing_a_placeholder_email_are_three_people_each_with_their_own_facts(
    library: Path, tmp_path: Path
) -> None:
    result = cli(library, "import", str(write(tmp_path / "ats.csv", PLACEHOLDER)), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [r["action"] for r in report["rows"]] == ["create", "create", "create"]
    assert record(library, "bob-stone")["rejection"]["reason"] == "Chose another offer"
    assert record(library, "carla-diaz")["interviews"][0]["role"] == "QA Engineer"
    assert "noreply@ats.example" in result.stderr and "Alice Park" in result.stderr  # said why they stay apart
    again = cli(library, "import", str(write(tmp_path / "ats.csv", PLACEHOLDER)))
    assert again.returncode == 0 and "nothing to change" in again.stdout, again.stdout + again.stderr


def test_a_row_with_a_library_persons_email_but_another_name_does_not_touch_that_person(
    library: Path, tmp_path: Path
) -> None:
    ada = library / "candidates" / "ada-lovelace.yaml"
    before = ada.read_bytes()
    export = write(
        tmp_path / "team-inbox.csv",
        "Candidate Name,Email,Position,Rejection Reason,Rejected On\n"
        "Boris Ivanov,ada.lovelace@example.org,Data Engineer,Another finalist had more Spark,2026-10-01\n",
    )
    result = cli(library, "import", str(export))
    assert result.returncode == 0, result.stderr
    assert ada.read_bytes() == before
    assert record(library, "boris-ivanov")["rejection"]["reason"] == "Another finalist had more Spark"
    assert "ada-lovelace" in result.stderr and "Boris Ivanov" in result.stderr
    assert "nothing to change" in cli(library, "import", str(export)).stdout


def test_one_person_written_two_ways_with_one_email_is_still_one_person(library: Path, tmp_path: Path) -> None:
    export = write(
        tmp_path / "two-ways.csv",
        "Candidate Name,Email,Position,Rejection Reason,Rejected On\n"
        "Bob Stone,bob@stone.example,Backend Engineer,Too junior,2026-09-01\n"
        "Robert Stone,bob@stone.example,Platform Engineer,Too junior,2026-10-01\n",
    )
    result = cli(library, "import", str(export), "--json")
    assert result.returncode == 0, result.stderr
    assert [r["action"] for r in json.loads(result.stdout)["rows"]] == ["create"]
    roles = {i["role"] for i in record(library, "bob-stone")["interviews"]}
    assert roles == {"Backend Engineer", "Platform Engineer"}
    assert git(library, "status", "--porcelain") == ""
