"""A value changed two ways is settled by a person who sees who changed each side, and history shows it.

Real git throughout: a bare remote, Alice's and Bob's clones with different identities,
the real ``runnerup sync`` that installs the merge driver and stops at the conflict.
"""

from __future__ import annotations

import json

import pytest
from support import git

from runnerup_tui.domain.problems import GitError
from runnerup_tui.team.git import GitRepo
from runnerup_tui.team.history import file_history
from runnerup_tui.team.resolution import read_conflict, resolve_by_hand, resolve_conflict

from .test_team_git import ADA, Team


@pytest.fixture
def team(tmp_path) -> Team:  # noqa: ANN001
    return Team(tmp_path)


def conflicting_ratings(team: Team) -> None:
    """Alice rates Ada 4 and syncs; Bob rates her 3 and his sync stops at the conflict."""
    team.log(team.alice, "Alice's call")
    team.edit(team.alice, "rating: 5", "rating: 4", message="Rating 4")
    team.runnerup(team.alice, "sync")
    team.edit(team.bob, "rating: 5", "rating: 3", message="Rating 3")
    assert team.runnerup(team.bob, "sync", ok=False).returncode == 1


def last_touch(clone, rev: str) -> tuple[str, str]:  # noqa: ANN001
    out = git(clone, "log", "-1", "--date=format:%Y-%m-%d %H:%M", "--format=%an|%ad", rev, "--", ADA)
    name, date = out.strip().split("|")
    return name, date


def test_each_side_of_a_conflict_is_named_by_who_changed_it_and_when(team: Team) -> None:
    conflicting_ratings(team)
    conflict = read_conflict(GitRepo(team.bob), ADA)
    assert [(c.path, c.ours, c.theirs) for c in conflict.conflicts] == [(("rating",), 3, 4)]
    assert conflict.operation == "merge"
    assert (conflict.ours_by.name, conflict.ours_by.date) == last_touch(team.bob, "HEAD")
    assert (conflict.theirs_by.name, conflict.theirs_by.date) == last_touch(team.bob, "MERGE_HEAD")
    assert conflict.ours_by.name == "Bob Recruiter" and conflict.theirs_by.name == "Alice Recruiter"
    assert conflict.ours_by.commit == git(team.bob, "rev-parse", "HEAD").strip()


def test_during_a_rebase_each_value_is_named_by_its_own_author(team: Team) -> None:
    team.edit(team.alice, "rating: 5", "rating: 4", message="Rating 4")
    git(team.alice, "push", "-q")
    team.edit(team.bob, "rating: 5", "rating: 3", message="Rating 3")
    git(team.bob, "fetch", "-q")
    rebase = git_call(team.bob, "rebase", "origin/main")
    assert rebase.returncode != 0  # stopped at the conflict
    conflict = read_conflict(GitRepo(team.bob), ADA)
    assert conflict.operation == "rebase"
    by_value = {c.ours: conflict.ours_by.name for c in conflict.conflicts}
    by_value.update({c.theirs: conflict.theirs_by.name for c in conflict.conflicts})
    assert by_value == {4: "Alice Recruiter", 3: "Bob Recruiter"}  # the upstream is "ours" in a rebase


def test_resolving_with_an_undecided_value_is_refused(team: Team) -> None:
    conflicting_ratings(team)
    with pytest.raises(GitError, match="still undecided: rating"):
        resolve_conflict(GitRepo(team.bob), ADA, {})
    assert git(team.bob, "rev-parse", "-q", "--verify", "MERGE_HEAD").strip()


def test_a_file_settled_by_hand_is_accepted_only_without_markers(team: Team) -> None:
    conflicting_ratings(team)
    repo = GitRepo(team.bob)
    with pytest.raises(GitError, match="conflict markers"):
        resolve_by_hand(repo, ADA)
    path = team.bob / ADA
    lines = path.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("<<<<<<<"))
    lines[start : start + 5] = ["rating: 2  # settled on the phone\n"]
    path.write_text("".join(lines))
    commit = resolve_by_hand(repo, ADA)
    assert commit == git(team.bob, "rev-parse", "HEAD").strip()
    assert len(git(team.bob, "log", "-1", "--format=%P").split()) == 2  # the merge is committed
    assert "rating: 2" in git(team.bob, "show", f"HEAD:{ADA}")


def test_history_lists_the_merge_that_resolved_a_conflict_newest_first(team: Team) -> None:
    conflicting_ratings(team)
    resolve_conflict(GitRepo(team.bob), ADA, {("rating",): "theirs"})
    assert "rating: 4" in (team.bob / ADA).read_text()
    shown = team.runnerup(team.bob, "show", "ada", "--history").stdout.splitlines()
    assert "Bob Recruiter" in shown[0] and "Merge" in shown[0]
    assert "resolved a conflict: kept Alice Recruiter's value for rating (4)" in shown[1]
    first_entry = shown[: next(i for i, line in enumerate(shown[1:], 1) if not line.startswith(" "))]
    assert "    -rating: 3  # would hire tomorrow" in first_entry
    assert "    +rating: 4  # would hire tomorrow" in first_entry  # the newest entry matches the file
    assert any("Rating 4" in line and "Alice Recruiter" in line for line in shown)
    assert any("Rating 3" in line and "Bob Recruiter" in line for line in shown)
    data = json.loads(team.runnerup(team.bob, "show", "ada", "--history", "--json").stdout)
    newest = data[0]
    assert newest["merge"] is True and newest["author"] == "Bob Recruiter"
    assert newest["resolved"] == [{"path": ["rating"], "kept": "theirs", "value": 4, "by": newest["resolved"][0]["by"]}]
    assert newest["resolved"][0]["by"]["name"] == "Alice Recruiter"
    # worked out once, then read from .git/runnerup; a damaged copy is worked out again
    again = team.runnerup(team.bob, "show", "ada", "--history", "--json").stdout
    assert json.loads(again) == data
    (team.bob / ".git/runnerup/merges-v1.json").write_text("{not json")
    assert json.loads(team.runnerup(team.bob, "show", "ada", "--history", "--json").stdout) == data


def test_a_resolution_that_kept_our_value_is_listed_though_the_file_did_not_change(team: Team) -> None:
    team.edit(team.alice, "rating: 5", "rating: 4", message="Rating 4")
    team.runnerup(team.alice, "sync")
    team.edit(team.bob, "rating: 5", "rating: 3", message="Rating 3")
    team.runnerup(team.bob, "sync", ok=False)
    resolve_conflict(GitRepo(team.bob), ADA, {("rating",): "ours"})
    changes = file_history(GitRepo(team.bob), team.bob / ADA, with_diff=True)
    newest = changes[0]
    assert newest.merge and newest.author == "Bob Recruiter"
    assert [(r.path, r.kept, r.value, r.by.name) for r in newest.resolved] == [
        (("rating",), "ours", 3, "Bob Recruiter")
    ]


def test_a_clean_merge_of_other_fields_is_listed_without_a_resolution(team: Team) -> None:
    team.edit(team.alice, "rating: 5", "rating: 4", message="Rating 4")
    team.runnerup(team.alice, "sync")
    team.log(team.bob, "Bob's call")
    team.runnerup(team.bob, "sync")
    changes = file_history(GitRepo(team.bob), team.bob / ADA, with_diff=True)
    assert changes[0].merge and changes[0].resolved == [] and not changes[0].conflicted
    assert "+rating: 4" in changes[0].diff
    assert [c.message for c in changes[1:3]] == ["Log call with Ada Lovelace", "Rating 4"] or [
        c.message for c in changes[1:3]
    ] == ["Rating 4", "Log call with Ada Lovelace"]


def git_call(repo, *args: str):  # noqa: ANN001, ANN201
    import subprocess

    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)


def test_a_value_that_is_not_there_reads_as_deleted_or_not_there() -> None:
    from runnerup_tui.team.history import value_words

    assert value_words(None, ("history", 3)) == "(deleted)"  # a history entry deleted on one side
    assert value_words(None, ("headline",)) == "(not there)"
    assert value_words({"date": "2026-11-20", "kind": "call"}, ("history", 3)) == "date: 2026-11-20, kind: call"
    assert value_words("a long note " * 20, ("notes",), 30).endswith("…")


def test_a_file_no_longer_in_conflict_is_never_overwritten(team: Team) -> None:
    conflicting_ratings(team)
    repo = GitRepo(team.bob)
    resolve_conflict(repo, ADA, {("rating",): "ours"})
    before = (team.bob / ADA).read_bytes()
    with pytest.raises(GitError, match="not in conflict"):
        resolve_conflict(repo, ADA, {})
    with pytest.raises(GitError, match="not in conflict"):
        read_conflict(repo, ADA)
    assert (team.bob / ADA).read_bytes() == before


def test_history_tells_that_a_merge_kept_a_file_the_other_side_deleted(team: Team) -> None:
    git(team.alice, "rm", "-q", ADA)
    git(team.alice, "commit", "-q", "-m", "Forget Ada")
    team.runnerup(team.alice, "sync")
    team.log(team.bob, "Bob still talks to Ada")
    team.runnerup(team.bob, "sync", ok=False)
    resolve_conflict(GitRepo(team.bob), ADA, {}, keep_file=True)
    newest = file_history(GitRepo(team.bob), team.bob / ADA)[0]
    assert newest.merge and newest.conflicted
    assert [(r.path, r.kept, r.value, r.by.name) for r in newest.resolved] == [((), "ours", True, "Bob Recruiter")]
    shown = team.runnerup(team.bob, "show", "ada", "--history").stdout.splitlines()
    assert shown[1] == "    resolved a conflict: kept the file as Bob Recruiter changed it"
