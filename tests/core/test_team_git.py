"""Two recruiters share a library through a bare remote: no touchpoint is ever lost.

Every scenario uses real git: a bare remote and two clones under tmp_path, the real
runnerup command for sync, and git itself for hand-made pulls.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path

import pytest
from support import SAMPLE, git, run_cli

ADA = "candidates/ada-lovelace.yaml"


class Team:
    def __init__(self, root: Path, sample: Path = SAMPLE) -> None:
        self.remote = root / "remote.git"
        git(root, "init", "-q", "--bare", str(self.remote))
        self.alice = root / "alice"
        shutil.copytree(sample, self.alice)
        git(self.alice, "init", "-q")
        self._identity(self.alice, "Alice Recruiter")
        git(self.alice, "add", "-A")
        git(self.alice, "commit", "-q", "-m", "Start the team library")
        git(self.alice, "remote", "add", "origin", str(self.remote))
        git(self.alice, "push", "-q", "-u", "origin", "main")
        git(root, "clone", "-q", str(self.remote), str(root / "bob"))
        self.bob = root / "bob"
        self._identity(self.bob, "Bob Recruiter")
        for clone in (self.alice, self.bob):  # runnerup installs its driver on every open
            assert run_cli("--library", str(clone), "check").returncode == 0

    @staticmethod
    def _identity(clone: Path, name: str) -> None:
        git(clone, "config", "user.name", name)
        git(clone, "config", "user.email", f"{name.split()[0].lower()}@example.com")

    def runnerup(self, clone: Path, *args: str, ok: bool = True):  # noqa: ANN201
        result = run_cli("--library", str(clone), *args)
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    def log(self, clone: Path, summary: str, who: str = "ada-lovelace") -> None:
        self.runnerup(clone, "log", who, "call", "--summary", summary)

    def edit(self, clone: Path, old: str, new: str, path: str = ADA, message: str = "Hand edit") -> None:
        file = clone / path
        text = file.read_text(encoding="utf-8")
        assert old in text, old
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        git(clone, "commit", "-q", "-am", message)

    def assert_converged(self, *summaries: str) -> None:
        assert git(self.alice, "rev-parse", "HEAD") == git(self.bob, "rev-parse", "HEAD")
        for clone in (self.alice, self.bob):
            text = (clone / ADA).read_text(encoding="utf-8")
            for summary in summaries:
                assert text.count(summary) == 1, f"{summary!r} in {clone.name}: {text.count(summary)} times"
            assert "<<<<<<<" not in text and ">>>>>>>" not in text
            assert self.runnerup(clone, "check").stdout == ""
            assert git(clone, "status", "--porcelain") == ""


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


@pytest.mark.parametrize("first", ["alice", "bob"])
def test_both_log_and_edit_different_fields_then_sync_in_either_order(team: Team, first: str) -> None:
    team.log(team.alice, "Alice called about the data role")
    team.edit(team.alice, "phone: +44 20 7946 0018", "phone: +44 20 7946 9999", message="New phone")
    team.log(team.bob, "Bob had coffee near the rowing club")
    team.edit(
        team.bob,
        "headline: Senior Data Engineer at Analytical Engines Ltd",
        "headline: Staff Data Engineer at Analytical Engines Ltd",
        message="Promotion",
    )
    one, two = (team.alice, team.bob) if first == "alice" else (team.bob, team.alice)
    team.runnerup(one, "sync")
    second = team.runnerup(two, "sync")
    assert "pulled" in second.stdout
    team.runnerup(one, "sync")
    team.assert_converged("Alice called about the data role", "Bob had coffee near the rowing club")
    text = (team.alice / ADA).read_text()
    assert "phone: +44 20 7946 9999" in text and "headline: Staff Data Engineer" in text


@pytest.mark.parametrize("pull", [["pull", "--no-rebase", "--no-edit"], ["pull", "--rebase"]])
def test_hand_made_git_pull_uses_the_driver(team: Team, pull: list[str]) -> None:
    team.log(team.alice, "Alice: first touchpoint")
    team.runnerup(team.alice, "sync")
    team.log(team.bob, "Bob: second touchpoint")
    git(team.bob, *pull)
    git(team.bob, "push", "-q")
    team.runnerup(team.alice, "sync")
    team.assert_converged("Alice: first touchpoint", "Bob: second touchpoint")


def test_a_true_conflict_marks_only_that_field(team: Team) -> None:
    team.log(team.alice, "Alice's call")
    team.edit(team.alice, "rating: 5", "rating: 4", message="Rating 4")
    team.runnerup(team.alice, "sync")
    team.log(team.bob, "Bob's call")
    team.edit(team.bob, "rating: 5", "rating: 3", message="Rating 3")
    result = team.runnerup(team.bob, "sync", ok=False)
    assert result.returncode == 1
    assert "merge conflicts in candidates/ada-lovelace.yaml" in result.stderr
    text = (team.bob / ADA).read_text()
    lines = text.splitlines()
    start = lines.index("<<<<<<< ours")
    assert lines[start : start + 5] == [
        "<<<<<<< ours",
        "rating: 3  # would hire tomorrow",
        "=======",
        "rating: 4  # would hire tomorrow",
        ">>>>>>> theirs",
    ]
    assert text.count("<<<<<<<") == 1
    assert "Alice's call" in text and "Bob's call" in text  # both touchpoints are there
    check = team.runnerup(team.bob, "check", ok=False)
    assert check.returncode == 1
    assert f"{ADA}:{start + 1}:1: error: unresolved merge conflict" in check.stdout
    # nothing was pushed while the conflict stands
    assert "Bob's call" not in git(team.alice, "show", "origin/main:" + ADA)


def test_deleted_on_one_side_changed_on_the_other_is_reported(team: Team) -> None:
    git(team.alice, "rm", "-q", ADA)
    git(team.alice, "commit", "-q", "-m", "Forget Ada")
    team.runnerup(team.alice, "sync")
    team.log(team.bob, "Bob still talks to Ada")
    result = team.runnerup(team.bob, "sync", ok=False)
    assert result.returncode == 1
    assert "candidates/ada-lovelace.yaml" in result.stderr
    check = team.runnerup(team.bob, "check", ok=False)
    assert f"{ADA}:1:1: error: unresolved merge conflict: deleted on one side, changed on the other" in check.stdout
    assert "Bob still talks to Ada" in (team.bob / ADA).read_text()


def test_a_clone_without_the_driver_gets_markers_that_check_reports(team: Team) -> None:
    team.log(team.alice, "Alice's note")
    team.runnerup(team.alice, "sync")
    team.log(team.bob, "Bob's note")
    git(team.bob, "config", "--remove-section", "merge.runnerup")  # as in a clone runnerup never opened
    pulled = git_call(team.bob, "pull", "--no-rebase", "--no-edit")
    assert pulled.returncode != 0
    check = team.runnerup(team.bob, "check", ok=False)
    assert check.returncode == 1
    assert "unresolved merge conflict" in check.stdout


def test_a_broken_driver_path_is_detected_and_the_merge_redone(team: Team) -> None:
    team.log(team.alice, "Alice's touchpoint")
    team.runnerup(team.alice, "sync")
    team.log(team.bob, "Bob's touchpoint")
    # as after the virtualenv runnerup was installed in was deleted
    git(team.bob, "config", "merge.runnerup.driver", "/nonexistent/python -m runnerup_tui merge-driver %O %A %B %P")
    pulled = git_call(team.bob, "pull", "--no-rebase", "--no-edit")
    assert pulled.returncode != 0
    text = (team.bob / ADA).read_text()
    assert "Alice's touchpoint" not in text and "<<<<<<<" not in text  # git kept only our side
    check = team.runnerup(team.bob, "check", ok=False)
    assert check.returncode == 1
    assert f"{ADA}:1:1: error: unresolved merge conflict" in check.stdout
    team.runnerup(team.bob, "sync")
    team.runnerup(team.alice, "sync")
    team.assert_converged("Alice's touchpoint", "Bob's touchpoint")


def test_sync_refuses_without_identity(team: Team, isolated_home: Path) -> None:
    git(team.bob, "config", "--unset", "user.name")
    git(team.bob, "config", "--unset", "user.email")
    (isolated_home / ".gitconfig").write_text("")
    result = team.runnerup(team.bob, "sync", ok=False)
    assert result.returncode == 1
    assert "git has no user.name and user.email" in result.stderr


def test_sync_without_a_remote(library: Path) -> None:
    result = run_cli("--library", str(library), "sync")
    assert result.returncode == 1
    assert result.stderr == (
        "runnerup: no remote to sync with: add the team's repository with "
        "`git remote add origin URL`, then sync again\n"
    )


def test_sync_commits_hand_edits_but_never_a_broken_file(team: Team) -> None:
    path = team.bob / ADA
    path.write_text(path.read_text().replace("rating: 5", "rating: 4"))
    result = team.runnerup(team.bob, "sync")
    assert "committed 1 hand-edited file(s)" in result.stdout
    assert git(team.bob, "log", "-1", "--format=%s").strip() == "Commit hand edits: ada-lovelace"
    path.write_text(path.read_text().replace("rating: 4", "rating: 9"))
    refused = team.runnerup(team.bob, "sync", ok=False)
    assert refused.returncode == 1
    assert "rating: must be between 1 and 5 (got 9)" in refused.stderr
    assert "rating: 9" not in git(team.alice, "show", "origin/main:" + ADA)


def test_a_rejected_push_pulls_again_and_pushes(team: Team) -> None:
    team.log(team.alice, "Alice raced ahead")
    git(team.alice, "commit", "-q", "--allow-empty", "-m", "noop")
    # Bob's push is overtaken: a pre-push hook lets Alice push first, once
    hook = team.bob / ".git" / "hooks" / "pre-push"
    hook.write_text(
        f"#!/bin/sh\nif [ ! -e {team.bob}/.git/raced ]; then touch {team.bob}/.git/raced; "
        f"git -C {team.alice} push -q origin main; fi\nexit 0\n"
    )
    hook.chmod(0o755)
    team.log(team.bob, "Bob pushed second")
    team.runnerup(team.bob, "sync")
    team.runnerup(team.alice, "sync")
    team.assert_converged("Alice raced ahead", "Bob pushed second")


def test_unreachable_remote_fails_fast_and_keeps_commits(team: Team) -> None:
    git(team.bob, "remote", "set-url", "origin", "http://127.0.0.1:9/team.git")
    team.log(team.bob, "Offline note")
    head = git(team.bob, "rev-parse", "HEAD")
    result = team.runnerup(team.bob, "sync", ok=False)
    assert result.returncode == 1
    assert "cannot be reached" in result.stderr and "local commits are kept" in result.stderr
    assert git(team.bob, "rev-parse", "HEAD") == head


def test_a_remote_asking_for_credentials_fails_without_prompting(team: Team) -> None:
    class AskForPassword(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="team"')
            self.end_headers()

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), AskForPassword)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        git(team.bob, "remote", "set-url", "origin", f"http://127.0.0.1:{server.server_port}/team.git")
        result = team.runnerup(team.bob, "sync", ok=False)
    finally:
        server.shutdown()
    assert result.returncode == 1
    assert "refused our credentials" in result.stderr


def test_history_shows_who_changed_what(team: Team) -> None:
    team.log(team.alice, "Alice's first call")
    shown = team.runnerup(team.alice, "show", "ada", "--history").stdout.splitlines()
    assert "Alice Recruiter  Log call with Ada Lovelace" in shown[0]
    assert any("summary: Alice's first call" in line for line in shown)


def git_call(repo: Path, *args: str):  # noqa: ANN201
    import subprocess

    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)


def test_a_conflict_is_resolved_field_by_field_and_committed(team: Team) -> None:
    from runnerup_tui.team.git import GitRepo
    from runnerup_tui.team.resolution import read_conflict, resolve_conflict

    team.log(team.alice, "Alice's call")
    team.edit(team.alice, "rating: 5", "rating: 4", message="Rating 4")
    team.runnerup(team.alice, "sync")
    team.edit(team.bob, "rating: 5", "rating: 3", message="Rating 3")
    team.runnerup(team.bob, "sync", ok=False)
    repo = GitRepo(team.bob)
    conflict = read_conflict(repo, ADA)
    assert [(c.path, c.ours, c.theirs) for c in conflict.conflicts] == [(("rating",), 3, 4)]
    commit = resolve_conflict(repo, ADA, {("rating",): "theirs"})
    assert commit is not None
    text = (team.bob / ADA).read_text()
    assert "rating: 4" in text and "Alice's call" in text and "<<<<<<<" not in text
    team.runnerup(team.bob, "sync")
    team.runnerup(team.alice, "sync")
    team.assert_converged("Alice's call")
