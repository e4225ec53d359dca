"""A person's id: a readable ASCII slug of a name in any script, capped, and never shared by two people.

Real `runnerup` commands in real git repositories: a fresh library for the names, and a
bare remote with two clones for two recruiters who add people with the same id.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML
from support import git, run_cli

LONG_NAME = " ".join(["Maximiliana Wilhelmina"] * 14)  # 300+ characters

NAMES = [
    ("王小明", "wang-xiao-ming"),
    ("Юлия Петрова", "yuliya-petrova"),
    ("김민준", "gim-min-jun"),
    ("Γιώργος Παπαδόπουλος", "giorgos-papadopoylos"),
    ("Nguyễn Thị Minh Khai", "nguyen-thi-minh-khai"),
    ("محمد علي", "mhmd-ly"),
    ("Łukasz Żółć", "lukasz-zolc"),
    ("José Martínez", "jose-martinez"),
    ("Zoë Ångström", "zoe-angstrom"),
    ("やまだ さくら", "yamada-sakura"),
    ("McDonald", "mcdonald"),
    ("O'Brien", "obrien"),
    ("Con", "con-candidate"),  # Windows cannot check out con.yaml
    ("🙂", "candidate"),
    ("Ana 🙂 Lima", "ana-lima"),
    (LONG_NAME, "maximiliana-wilhelmina-maximiliana-wilhelmina-maximiliana"),
]


def load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    assert run_cli("init", str(root)).returncode == 0
    return root


def test_names_in_any_script_get_readable_ascii_ids_and_keep_the_name(fresh: Path) -> None:
    wrong = []
    for name, expected in NAMES:
        added = run_cli("--library", str(fresh), "add", name)
        assert added.returncode == 0, f"{name!r}: {added.stderr}"
        assert "Traceback" not in added.stderr
        printed = added.stdout.strip()
        path = fresh / "candidates" / f"{printed}.yaml"
        if printed != expected or not path.is_file() or load(path)["name"] != name:
            wrong.append((name, printed, path.is_file()))
    assert wrong == []
    assert git(fresh, "status", "--porcelain") == ""
    assert run_cli("--library", str(fresh), "check").returncode == 0


def test_a_300_character_name_is_added_logged_and_shown_with_a_capped_id(fresh: Path) -> None:
    first = run_cli("--library", str(fresh), "add", LONG_NAME)
    second = run_cli("--library", str(fresh), "add", LONG_NAME)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    ids = [first.stdout.strip(), second.stdout.strip()]
    assert all(len(cid) <= 60 and not cid.endswith("-") for cid in ids)
    assert ids[1].endswith("-2")
    assert ids[0] != ids[1]
    logged = run_cli("--library", str(fresh), "log", ids[1], "call", "--summary", "Long name, short call")
    assert logged.returncode == 0, logged.stderr
    shown = run_cli("--library", str(fresh), "show", ids[1], "--json")
    assert shown.returncode == 0 and LONG_NAME in shown.stdout


def test_opening_ids_follow_the_same_rules(fresh: Path) -> None:
    opening = run_cli("--library", str(fresh), "add-opening", "数据工程师 " + "Principal Staff Engineer " * 8)
    assert opening.returncode == 0, opening.stderr
    oid = opening.stdout.strip()
    assert oid.startswith("shu-ju-gong-cheng-shi-principal-staff-engineer") and len(oid) <= 60
    symbols = run_cli("--library", str(fresh), "add-opening", "★★★")
    assert symbols.stdout.strip() == "opening"


class Team:
    """A bare remote and two clones, Alice's and Bob's, of a new library."""

    def __init__(self, root: Path) -> None:
        self.remote = root / "remote.git"
        git(root, "init", "-q", "--bare", str(self.remote))
        self.alice, self.bob = root / "alice", root / "bob"
        assert run_cli("init", str(self.alice)).returncode == 0
        git(self.alice, "remote", "add", "origin", str(self.remote))
        git(self.alice, "push", "-q", "-u", "origin", "main")
        git(root, "clone", "-q", str(self.remote), str(self.bob))
        for clone in (self.alice, self.bob):
            git(clone, "config", "user.name", f"{clone.name.title()} Recruiter")
            git(clone, "config", "user.email", f"{clone.name}@example.com")  # every runnerup command that
            # opens the library installs the merge driver, so Bob's first `add` does it in his clone

    def runnerup(self, clone: Path, *args: str) -> str:
        result = run_cli("--library", str(clone), *args)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return result.stdout

    def sync(self, clone: Path) -> str:
        return self.runnerup(clone, "sync")

    def files(self, clone: Path, folder: str = "candidates") -> dict[str, dict]:
        return {p.stem: load(p) for p in sorted((clone / folder).glob("*.yaml"))}

    def assert_converged(self) -> None:
        assert git(self.alice, "rev-parse", "HEAD") == git(self.bob, "rev-parse", "HEAD")
        for clone in (self.alice, self.bob):
            assert git(clone, "status", "--porcelain") == ""
            assert run_cli("--library", str(clone), "check").stdout == ""


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


@pytest.mark.parametrize("first", ["alice", "bob"])
def test_two_people_added_with_the_same_id_in_two_clones_both_survive_sync(team: Team, first: str) -> None:
    assert (
        team.runnerup(
            team.alice, "add", "Li Na", "--email", "li.na@a.example", "--skill", "spark", "--role", "Data Engineer"
        ).strip()
        == "li-na"
    )
    assert (
        team.runnerup(
            team.bob, "add", "Li Na", "--email", "li.na@b.example", "--skill", "kotlin", "--fit", "newsletter"
        ).strip()
        == "li-na"
    )
    team.runnerup(team.bob, "log", "li-na", "newsletter", "--summary", "Sent Bob's newsletter")
    one, other = (team.alice, team.bob) if first == "alice" else (team.bob, team.alice)
    first_out = team.sync(one)
    second_out = team.sync(other)
    assert "is now" not in first_out
    assert f"Li Na (li.na@{'b' if first == 'alice' else 'a'}.example) is now li-na-2" in second_out
    team.sync(one)
    team.assert_converged()
    for clone in (team.alice, team.bob):
        people = team.files(clone)
        assert set(people) == {"li-na", "li-na-2"}
        by_email = {p["contact"]["email"]: p for p in people.values()}
        alice_li, bob_li = by_email["li.na@a.example"], by_email["li.na@b.example"]
        assert alice_li["skills"] == ["spark"] and alice_li["owner"] == "Alice Recruiter"
        assert alice_li["interviews"][0]["role"] == "Data Engineer" and "history" not in alice_li
        assert bob_li["skills"] == ["kotlin"] and bob_li["owner"] == "Bob Recruiter"
        assert bob_li["fit"] == "newsletter"
        assert [t["summary"] for t in bob_li["history"]] == ["Sent Bob's newsletter"]
    renamer = other
    message = git(renamer, "log", "--format=%s", "--diff-filter=R", "-M", "-1", "--", "candidates")
    assert message.strip() == "Rename li-na to li-na-2: the team already has another Li Na"


def test_people_in_two_scripts_added_in_two_clones_are_two_files(team: Team) -> None:
    assert team.runnerup(team.alice, "add", "李娜").strip() == "li-na"
    assert team.runnerup(team.bob, "add", "김민준").strip() == "gim-min-jun"
    team.sync(team.alice)
    team.sync(team.bob)
    team.sync(team.alice)
    team.assert_converged()
    assert {k: v["name"] for k, v in team.files(team.alice).items()} == {"li-na": "李娜", "gim-min-jun": "김민준"}


def test_the_same_person_added_in_two_clones_stays_one_record(team: Team) -> None:
    team.runnerup(team.alice, "add", "Li Na", "--email", "li.na@example.com", "--owner", "Grace", "--skill", "spark")
    team.runnerup(team.bob, "add", "Li Na", "--email", "li.na@example.com", "--owner", "Grace", "--skill", "kafka")
    team.sync(team.alice)
    out = team.sync(team.bob)
    assert "is now" not in out
    people = team.files(team.bob)
    assert set(people) == {"li-na"}
    assert sorted(people["li-na"]["skills"]) == ["kafka", "spark"]


def test_a_shared_email_phone_or_linkedin_means_the_same_person() -> None:
    from runnerup_tui.team.collisions import same_person_or_opening as _same

    def person(**contact: str) -> dict:
        return {"name": "Li Na", "contact": contact}

    assert _same("candidate", person(email="Li.Na@Example.com"), person(email="li.na@example.com "))
    assert _same("candidate", person(phone="+86 10 1234 5678"), person(phone="+86-10-12345678"))
    assert _same(
        "candidate", person(linkedin="https://www.linkedin.com/in/lina/"), person(linkedin="linkedin.com/in/LiNa?trk=x")
    )
    assert not _same("candidate", person(email="a@x.example"), person(email="b@x.example"))
    assert not _same("candidate", {"name": "Li Na"}, {"name": "Li Na"})


def test_two_openings_with_one_title_keep_their_own_touchpoints(team: Team) -> None:
    team.runnerup(team.alice, "add-opening", "Data Engineer", "--team", "Payments")
    team.runnerup(team.bob, "add-opening", "Data Engineer", "--team", "Search")
    team.runnerup(team.bob, "add", "Ada Lovelace")
    team.runnerup(team.bob, "log", "ada-lovelace", "presented", "--opening", "data-engineer")
    team.sync(team.alice)
    out = team.sync(team.bob)
    assert "the opening Data Engineer is now data-engineer-2" in out
    team.sync(team.alice)
    team.assert_converged()
    openings = team.files(team.alice, "openings")
    assert {k: v["team"] for k, v in openings.items()} == {"data-engineer": "Payments", "data-engineer-2": "Search"}
    ada = team.files(team.alice)["ada-lovelace"]
    assert [t["opening"] for t in ada["history"]] == ["data-engineer-2"]


def test_the_new_id_is_free_on_both_sides(team: Team) -> None:
    team.runnerup(team.alice, "add", "Li Na", "--email", "li.na@a.example")
    team.runnerup(team.alice, "add", "Li Na", "--email", "li.na@c.example")
    team.runnerup(team.bob, "add", "Li Na", "--email", "li.na@b.example")
    team.sync(team.alice)
    assert "Li Na (li.na@b.example) is now li-na-3" in team.sync(team.bob)
    emails = {cid: person["contact"]["email"] for cid, person in team.files(team.bob).items()}
    assert emails == {"li-na": "li.na@a.example", "li-na-2": "li.na@c.example", "li-na-3": "li.na@b.example"}
