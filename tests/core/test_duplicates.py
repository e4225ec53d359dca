"""Finding one person in the library twice: shared email, phone or LinkedIn id, or names alike; and `add` warning."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from support import git, make_repo, run_cli

from runnerup_tui.domain.duplicates import Person, alike_names, find_duplicates
from runnerup_tui.domain.identity import LIKELY_NAME_SCORE, name_score


def library_of(tmp_path: Path, files: dict[str, str]) -> Path:
    """A library in git holding ``candidates/<id>.yaml`` for each of ``files``."""
    root = tmp_path / "lib"
    (root / "candidates").mkdir(parents=True)
    (root / "runnerup.yaml").write_text("name: Test\n")
    for cid, text in files.items():
        (root / "candidates" / f"{cid}.yaml").write_text(text)
    return make_repo(root)


def pairs(root: Path) -> list[dict]:
    result = run_cli("--library", str(root), "duplicates", "--json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_one_email_written_in_two_cases_is_an_exact_duplicate(tmp_path: Path) -> None:
    root = library_of(
        tmp_path,
        {
            "ada-lovelace": "name: Ada Lovelace\ncontact:\n  email: Ada@Example.org\n",
            "augusta-king": "name: Augusta King\ncontact:\n  email: ' ada@example.ORG'\n",
        },
    )
    assert pairs(root) == [
        {
            "ids": ["ada-lovelace", "augusta-king"],
            "names": ["Ada Lovelace", "Augusta King"],
            "kind": "exact",
            "reasons": ["same email ada@example.org", "but the names differ: Ada Lovelace / Augusta King"],
            "name_score": None,
        }
    ]


def test_one_phone_in_three_formats_makes_exact_pairs(tmp_path: Path) -> None:
    root = library_of(
        tmp_path,
        {
            "a": "name: Alan Turing\ncontact:\n  phone: +44 20 7946 0958\n",
            "b": "name: A. M. Turing\ncontact:\n  phone: 0044 (20) 7946-0958\n",
            "c": "name: Mary Jones\ncontact:\n  phone: '+44-20-7946-0958'\n",
        },
    )
    found = pairs(root)
    assert [p["ids"] for p in found] == [["a", "b"], ["a", "c"], ["b", "c"]]
    assert all(p["kind"] == "exact" and p["reasons"][0] == "same phone +442079460958" for p in found)


def test_linkedin_url_variants_are_one_profile(tmp_path: Path) -> None:
    root = library_of(
        tmp_path,
        {
            "grace": "name: Grace Hopper\ncontact:\n  linkedin: https://www.linkedin.com/in/GraceH/\n",
            "g-hopper": "name: Amazing Grace\ncontact:\n  links: ['http://de.linkedin.com/in/graceh?trk=x']\n",
        },
    )
    (found,) = pairs(root)
    assert found["ids"] == ["g-hopper", "grace"]
    assert found["reasons"] == ["same LinkedIn profile graceh", "but the names differ: Amazing Grace / Grace Hopper"]


def test_a_pair_sharing_two_keys_is_one_pair_with_both_reasons(tmp_path: Path) -> None:
    root = library_of(
        tmp_path,
        {
            "x": "name: Katherine Johnson\ncontact:\n  email: kj@nasa.gov\n  phone: '+1 757 555 0100'\n",
            "y": "name: Kathy Johnson\ncontact:\n  email: KJ@nasa.gov\n  phone: '+1 (757) 555-0100'\n",
        },
    )
    (found,) = pairs(root)
    assert found["kind"] == "exact"
    assert found["reasons"][:2] == ["same email kj@nasa.gov", "same phone +17575550100"]


def test_last_name_first_is_a_likely_duplicate_and_exact_pairs_come_first(tmp_path: Path) -> None:
    root = library_of(
        tmp_path,
        {
            "john-smith": "name: John Smith\n",
            "smith-john": "name: Smith, John\n",
            "ada": "name: Ada Lovelace\ncontact:\n  email: ada@x.org\n",
            "ada-2": "name: Countess of Lovelace\ncontact:\n  email: ada@x.org\n",
        },
    )
    found = pairs(root)
    assert [(p["kind"], p["ids"]) for p in found] == [
        ("exact", ["ada", "ada-2"]),
        ("likely", ["john-smith", "smith-john"]),
    ]
    assert found[1]["reasons"] == ["names alike 100%: John Smith ~ Smith, John"]
    human = run_cli("--library", str(root), "duplicates")
    assert human.returncode == 1
    assert "names alike 100%: John Smith ~ Smith, John" in human.stdout
    assert human.stdout.index("ada-2") < human.stdout.index("smith-john")


def test_different_people_are_no_duplicates_and_exit_0(tmp_path: Path) -> None:
    root = library_of(
        tmp_path,
        {
            "john-smith": "name: John Smith\ncontact:\n  email: john@x.org\n",
            "joan-smyth": "name: Joan Smyth\ncontact:\n  email: joan@x.org\n",
            "li-na-2": "name: Li Na 2\n",
            "li-na-3": "name: Li Na 3\n",
            "local": "name: Mary Jones\ncontact:\n  phone: (415) 555-0100\n",
            "local-2": "name: Peter Parker\ncontact:\n  phone: (415) 555-0100\n",  # no country: no key
        },
    )
    result = run_cli("--library", str(root), "duplicates", "--json")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])
    human = run_cli("--library", str(root), "duplicates")
    assert (human.returncode, human.stdout) == (0, "no duplicates found\n")


def test_names_with_escape_sequences_are_shown_escaped(tmp_path: Path) -> None:
    root = library_of(tmp_path, {"a": 'name: "Eve \\e[2J Smith"\n', "b": 'name: "Eve \\e[2J Smith"\n'})
    human = run_cli("--library", str(root), "duplicates")
    assert "\x1b" not in human.stdout and "\\x1b" in human.stdout
    assert (
        json.loads(run_cli("--library", str(root), "duplicates", "--json").stdout)[0]["names"][0] == "Eve \x1b[2J Smith"
    )


def test_add_warns_about_a_likely_duplicate_and_still_creates(tmp_path: Path) -> None:
    root = library_of(tmp_path, {"ada-lovelace": "name: Ada Lovelace\ncontact:\n  email: ada@x.org\n"})
    result = run_cli("--library", str(root), "add", "Lovelace, Ada")
    assert result.returncode == 0
    assert result.stdout == "lovelace-ada\n"
    assert "may already be in the library as ada-lovelace" in result.stderr
    assert "names alike 100%" in result.stderr
    result = run_cli("--library", str(root), "add", "Augusta King", "--email", "ADA@x.org")
    assert result.stdout == "augusta-king\n"
    assert "ada-lovelace (Ada Lovelace): same email ada@x.org" in result.stderr
    assert (root / "candidates/augusta-king.yaml").exists()
    assert git(root, "log", "-1", "--format=%s").strip() == "Add candidate Augusta King"


def test_add_says_nothing_for_a_new_person(tmp_path: Path) -> None:
    root = library_of(tmp_path, {"ada-lovelace": "name: Ada Lovelace\n"})
    result = run_cli("--library", str(root), "add", "Grace Hopper", "--email", "grace@x.org")
    assert (result.returncode, result.stdout, result.stderr) == (0, "grace-hopper\n", "")


@pytest.mark.parametrize(
    "names",
    [
        ["John Smith", "Jon Smith", "Smith, John", "Joan Smyth", "Mary Jones", "Marie Jones", "Ada Lovelace"],
        ["Zoë O'Brien", "Zoe OBrien", "王小明", "Wang Xiaoming", "Xiao Ming Wang", "Li Na 2", "Li Na 3", "Li Na"],
    ],
)
def test_the_blocked_name_comparison_finds_what_comparing_every_pair_finds(names: list[str]) -> None:
    people = [(f"p{i}", name) for i, name in enumerate(names)]
    every = {
        (a, b)
        for i, (a, na) in enumerate(people)
        for b, nb in people[i + 1 :]
        if name_score(na, nb) >= LIKELY_NAME_SCORE
    }
    assert set(alike_names(people)) == every
    assert every  # the case holds alike names at all


def test_ten_thousand_people_are_compared_in_blocks_not_every_pair() -> None:
    """Not a benchmark (see the report's figure): a guard against comparing every pair in Python."""
    first = ["John", "Mary", "Wei", "Olga", "Ahmed", "Priya", "Lukas", "Sofia", "Kenji", "Amara"]
    last = ["Smith", "Garcia", "Chen", "Ivanova", "Hassan", "Patel", "Müller", "Rossi", "Tanaka", "Okafor"]
    people = [Person(f"p{i}", f"{first[i % 10]} {last[i // 10 % 10]} {i}") for i in range(10_000)]
    start = time.perf_counter()
    assert find_duplicates(people) == []  # same letters, different numbers: different people
    assert time.perf_counter() - start < 10  # generous: the suite runs on a shared machine


def test_two_people_noted_as_such_are_not_shown_again_and_settings_keep_their_comments(tmp_path: Path) -> None:
    root = library_of(
        tmp_path,
        {
            "john-smith": "name: John Smith\n",
            "smith-john": "name: Smith, John\n",
            "jon-smith": "name: Jon Smith\n",
        },
    )
    (root / "runnerup.yaml").write_text("name: Test  # the team's library\nteam: [Grace]\n# keep this line\n")
    git(root, "commit", "-qam", "Settings")
    result = run_cli("--library", str(root), "not-duplicates", "smith-john", "John Smith")
    assert result.returncode == 0, result.stderr
    assert "john-smith ~ smith-john" in result.stdout
    assert (root / "runnerup.yaml").read_text() == (
        "name: Test  # the team's library\nteam: [Grace]\n"
        "not_duplicates:\n  - john-smith ~ smith-john\n# keep this line\n"
    )
    assert git(root, "show", "--name-only", "--format=%s", "HEAD").split("\n")[:3] == [
        "Note that Smith, John and John Smith are two people, not one",
        "",
        "runnerup.yaml",
    ]
    assert [p["ids"] for p in pairs(root)] == [["john-smith", "jon-smith"], ["jon-smith", "smith-john"]]
    again = run_cli("--library", str(root), "not-duplicates", "john-smith", "smith-john")
    assert again.returncode == 0 and again.stdout.startswith("already noted")
    assert run_cli("--library", str(root), "check").returncode == 0  # a known settings key, no warning


def test_the_duplicates_commands_module_imports_on_its_own() -> None:
    """``main`` imports it while being built; imported first, it must not need ``main`` half-built."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import runnerup_tui.cli.duplicates as d; print(sorted(d.COMMANDS))"],
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "['duplicates', 'merge-people', 'not-duplicates']", result.stderr


def test_an_address_on_many_files_is_a_placeholder_not_a_person(tmp_path: Path) -> None:
    # An ATS export's noreply@ on every row must not give 21 pairs of 7 people; it is named once instead.
    people = {
        f"p{i}": f"name: {name}\ncontact:\n  email: noreply@ats.example\n"
        for i, name in enumerate(
            ["Alice Park", "Bob Stone", "Carla Diaz", "Dev Patel", "Eva Novak", "Femi Ade", "Gus Berg"]
        )
    }
    people["q"] = "name: Ada Lovelace\ncontact:\n  email: ada@x.org\n"
    people["r"] = "name: Ada King\ncontact:\n  email: ADA@x.org\n"
    root = library_of(tmp_path, people)
    result = run_cli("--library", str(root), "duplicates", "--json")
    assert [pair["ids"] for pair in json.loads(result.stdout)] == [["q", "r"]]
    assert "noreply@ats.example" in result.stderr and "7" in result.stderr
