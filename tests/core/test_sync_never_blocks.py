"""Sync never blocks the team: broken hand edits stay local, any file name syncs, git's refusals are explained.

Real git throughout: a bare remote and two clones (``Team`` from the team scenarios), the real command.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from support import SAMPLE, git, run_cli

from runnerup_tui.team.git import GitRepo
from runnerup_tui.team.sync import library_changes

from .test_team_git import ADA, Team

MARGARET = "candidates/margaret-hamilton.yaml"
YUKI = "candidates/yuki-tanaka.yaml"


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


def hand_edit(clone: Path, path: str, old: str, new: str) -> None:
    file = clone / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def on_remote(team: Team, path: str) -> str:
    git(team.alice, "fetch", "-q")
    return git(team.alice, "show", f"origin/main:{path}")


def test_a_broken_hand_edit_stays_local_while_the_team_pulls_and_pushes(team: Team) -> None:
    team.log(team.alice, "Alice called Ada")
    team.runnerup(team.alice, "sync")
    hand_edit(team.bob, YUKI, "rating: 4", "rating: 3")  # valid
    hand_edit(team.bob, MARGARET, "rating: 5", "rating: 9")  # broken
    result = team.runnerup(team.bob, "sync", ok=False)
    assert result.returncode == 1
    # pushed: the edit and the merge
    assert result.stdout == "synced: committed 1 hand-edited file(s), pulled 1 commit(s), pushed 2 commit(s)\n"
    assert "left out 1 hand-edited file(s) with errors" in result.stderr
    assert f"  {MARGARET}:31:9: error: rating: must be between 1 and 5 (got 9)" in result.stderr.splitlines()
    assert "Alice called Ada" in (team.bob / ADA).read_text()  # the team's change arrived
    assert "rating: 3" in on_remote(team, YUKI)  # the valid edit went out
    assert "rating: 5" in on_remote(team, MARGARET)  # the broken one did not
    assert "rating: 9" in (team.bob / MARGARET).read_text()  # and it is still there, uncommitted
    assert git(team.bob, "status", "--porcelain") == f" M {MARGARET}\n"


def test_a_broken_hand_edit_to_a_file_the_team_changed_is_named_with_what_to_do(team: Team) -> None:
    team.log(team.alice, "Alice called Ada")
    team.runnerup(team.alice, "sync")
    hand_edit(team.bob, ADA, "rating: 5", "rating: 9")
    hand_edit(team.bob, YUKI, "rating: 4", "rating: 3")
    result = team.runnerup(team.bob, "sync", ok=False)
    assert result.returncode == 1
    assert result.stderr == (
        f"runnerup: not pulled: your uncommitted change to {ADA} has an error (35:9: rating: must be between 1 "
        "and 5 (got 9)) and the team changed that file too; fix it (runnerup check shows where) or undo it, "
        "then sync again; nothing was pushed\n"
    )
    assert "rating: 9" in (team.bob / ADA).read_text()
    assert git(team.bob, "log", "-1", "--format=%s") == "Commit hand edits: yuki-tanaka\n"  # kept locally
    hand_edit(team.bob, ADA, "rating: 9", "rating: 4")  # fixed: now everything goes through
    team.runnerup(team.bob, "sync")
    assert "rating: 4" in on_remote(team, ADA) and "Alice called Ada" in on_remote(team, ADA)


def test_a_hand_added_file_with_an_accented_name_syncs(team: Team) -> None:
    jose = team.bob / "candidates" / "josé.yaml"
    jose.write_text("name: José Núñez\nskills: [Rust]\n", encoding="utf-8")
    assert library_changes(GitRepo(team.bob), team.bob) == ["candidates/josé.yaml"]
    result = team.runnerup(team.bob, "sync")
    assert result.stdout.startswith("synced: committed 1 hand-edited file(s)")
    team.runnerup(team.alice, "sync")
    assert (team.alice / "candidates" / "josé.yaml").read_text(encoding="utf-8").startswith("name: José Núñez")
    assert git(team.bob, "status", "--porcelain") == ""


def test_a_renamed_file_is_listed_once_by_its_new_name(team: Team) -> None:
    git(team.bob, "mv", YUKI, "candidates/yūki tanaka.yaml")
    assert library_changes(GitRepo(team.bob), team.bob) == ["candidates/yūki tanaka.yaml"]


def test_no_commit_with_a_local_edit_the_team_also_changed_says_what_blocks(team: Team) -> None:
    team.log(team.alice, "Alice called Ada")
    team.runnerup(team.alice, "sync")
    hand_edit(team.bob, ADA, "rating: 5", "rating: 4")
    result = team.runnerup(team.bob, "sync", "--no-commit", ok=False)
    assert result.returncode == 1
    assert result.stderr == (
        f"runnerup: your uncommitted change to {ADA} conflicts with the team's; "
        "commit it (runnerup sync) or undo it, then sync\n"
    )
    team.runnerup(team.bob, "sync")  # the way out the message names
    assert "rating: 4" in on_remote(team, ADA)


def test_library_option_makes_init_use_that_folder_from_anywhere(tmp_path: Path) -> None:
    elsewhere = tmp_path / "some-project"
    elsewhere.mkdir()
    git(elsewhere, "init", "-q")
    git(elsewhere, "commit", "-q", "--allow-empty", "-m", "Someone else's project")
    target = tmp_path / "team-library"
    result = run_cli("--library", str(target), "init", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert (target / "runnerup.yaml").is_file() and (target / ".git").is_dir()
    assert git(target, "log", "--format=%s") == "Create runnerup library\n"
    assert sorted(p.name for p in elsewhere.iterdir()) == [".git"]
    assert git(elsewhere, "log", "--format=%s") == "Someone else's project\n"
    added = run_cli("--library", str(target), "add", "Ada Lovelace", cwd=elsewhere)
    assert added.returncode == 0, added.stderr
    assert (target / "candidates" / "ada-lovelace.yaml").is_file()
    both = run_cli("--library", str(target), "init", str(tmp_path / "other"), cwd=elsewhere)
    assert both.returncode == 2 and "two different folders" in both.stderr


@pytest.fixture
def team_without_gitattributes(tmp_path: Path) -> Team:
    """An existing team repository: the library's files are shared, ``.gitattributes`` is not committed."""
    sample = tmp_path / "sample"
    shutil.copytree(SAMPLE, sample)
    (sample / ".gitattributes").unlink()
    return Team(tmp_path, sample)


def test_concurrent_logs_merge_before_anyone_commits_gitattributes(team_without_gitattributes: Team) -> None:
    team = team_without_gitattributes
    assert not (team.bob / ".gitattributes").exists()
    (team.alice / ".gitattributes").write_text("*.yaml merge=runnerup\n")  # written, never committed
    team.log(team.alice, "Alice: first touchpoint")
    team.log(team.bob, "Bob: second touchpoint")
    team.runnerup(team.alice, "sync")
    team.runnerup(team.bob, "sync")
    team.runnerup(team.alice, "sync")
    for clone in (team.alice, team.bob):
        text = (clone / ADA).read_text()
        assert "Alice: first touchpoint" in text and "Bob: second touchpoint" in text and "<<<<<<<" not in text
        info = (clone / ".git" / "info" / "attributes").read_text()
        assert info.splitlines().count("*.yaml merge=runnerup") == 1


def test_a_library_in_a_sub_folder_routes_only_its_own_files(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    shutil.copytree(SAMPLE, repo / "team lib" / "recruiting")
    git(repo, "init", "-q")
    assert run_cli("--library", str(repo / "team lib" / "recruiting"), "check").returncode == 0
    assert run_cli("--library", str(repo / "team lib" / "recruiting"), "check").returncode == 0
    assert (repo / ".git" / "info" / "attributes").read_text().splitlines().count("*.yaml merge=runnerup") == 1
    plain = repo / "sub" / "lib"
    shutil.copytree(SAMPLE, plain)
    assert run_cli("--library", str(plain), "check").returncode == 0
    assert "sub/lib/**/*.yaml merge=runnerup" in (repo / ".git" / "info" / "attributes").read_text()
    assert git(repo, "check-attr", "merge", "--", "sub/lib/candidates/ada-lovelace.yaml").endswith(": runnerup\n")


def test_a_git_worktree_gets_the_attributes_in_the_shared_git_dir(team: Team, tmp_path: Path) -> None:
    extra = tmp_path / "bob-second-desk"
    git(team.bob, "worktree", "add", "-q", "-b", "desk", str(extra))
    assert run_cli("--library", str(extra), "check").returncode == 0
    assert "*.yaml merge=runnerup" in (team.bob / ".git" / "info" / "attributes").read_text().splitlines()


def test_a_merge_stopped_on_a_file_outside_the_library_is_named_by_sync(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    shutil.copytree(SAMPLE, top / "talent")
    (top / "README.txt").write_text("team notes\n", encoding="utf-8")
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "Start")
    git(top, "checkout", "-q", "-b", "other")
    (top / "README.txt").write_text("their notes\n", encoding="utf-8")
    git(top, "commit", "-q", "-am", "Theirs")
    git(top, "checkout", "-q", "main")
    (top / "README.txt").write_text("our notes\n", encoding="utf-8")
    git(top, "commit", "-q", "-am", "Ours")
    subprocess.run(["git", "-C", str(top), "merge", "other"], capture_output=True)  # stops on README.txt
    result = run_cli("--library", str(top / "talent"), "sync")
    assert result.returncode == 1
    assert "README.txt" in result.stderr and "outside the library" in result.stderr
    assert "runnerup check" not in result.stderr  # check lists library files only: it would show nothing
