"""``owner:me``: the git user, as the library's team names them, in ``runnerup search`` and the core."""

from __future__ import annotations

import json
from pathlib import Path

from support import git, run_cli

from runnerup_tui.domain.search import Me


def test_search_owner_me_finds_the_git_users_candidates_by_their_team_name(library: Path) -> None:
    git(library, "config", "user.name", "barbara")  # the team lists her as "Barbara Liskov"
    result = run_cli("--library", str(library), "search", "owner:me", "--json")
    assert result.returncode == 0, result.stderr
    found = {item["id"] for item in json.loads(result.stdout)}
    theirs = {
        item["id"]
        for item in json.loads(run_cli("--library", str(library), "search", 'owner:"barbara liskov"', "--json").stdout)
    }
    assert found == theirs and len(found) > 3
    assert {item["owner"] for item in json.loads(result.stdout)} == {"Barbara Liskov"}
    narrowed = json.loads(run_cli("--library", str(library), "search", "owner:me", "fit:pursue", "--json").stdout)
    assert narrowed and {item["id"] for item in narrowed} < found


def test_search_owner_me_without_a_git_user_is_one_clear_line(library: Path, isolated_home: Path) -> None:
    (isolated_home / ".gitconfig").write_text("")
    result = run_cli("--library", str(library), "search", "owner:me")
    assert result.returncode == 2
    assert result.stderr.startswith("runnerup: owner:me: git has no user.name")
    assert len(result.stderr.strip().splitlines()) == 1


def test_search_without_owner_me_does_not_need_a_git_user(library: Path, isolated_home: Path) -> None:
    (isolated_home / ".gitconfig").write_text("")
    assert run_cli("--library", str(library), "search", "owner:grace", "--json").returncode == 0


def test_me_is_the_git_name_and_the_team_entries_for_it_accents_and_case_aside() -> None:
    team = ["Grace Hopper", "Zoë Ångström", "Ken Thompson"]
    assert Me.named("grace", team).names == frozenset({"grace", "grace hopper"})
    assert Me.named("ZOE  ANGSTROM", team).owns("Zoë Ångström")
    assert not Me.named("Ken", team).owns("Grace Hopper")
    assert Me.named("Ada Lovelace", team).names == frozenset({"ada lovelace"})
    assert not Me().names and "not known" in Me().unknown
