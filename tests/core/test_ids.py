"""A person's id: a readable ASCII slug of a name in any script, capped, and never shared by two people.

Real `runnerup` commands in real git repositories: a fresh library for the names, and a
bare remote with two clones for two recruiters who add people with the same id.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from support import SAMPLE, git, run_cli

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
