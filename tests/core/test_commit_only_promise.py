"""A one-file commit keeps ``git commit --only``'s promise (real repositories, real hooks).

Other staged files stay staged and out of the commit, the team's hooks run, the reflog says
"commit: …", and concurrent writers lose nothing: whoever makes the commit faster must pass these.
"""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest
from support import git as git_out

from runnerup_tui.domain.problems import CommitRefused
from runnerup_tui.team.git import GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    (root / "candidates").mkdir(parents=True)
    for name in ("ada", "grace", "alan"):
        (root / "candidates" / f"{name}.yaml").write_text(f"name: {name}\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Initial library")
    return root


def git(root: Path, *args: str) -> str:
    return git_out(root, *args).strip()


def hook(root: Path, name: str, body: str) -> None:
    path = root / ".git" / "hooks" / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def changed_in_head(root: Path) -> list[str]:
    return git(root, "show", "--name-only", "--format=", "HEAD").split()


def staged(root: Path) -> list[str]:
    return git(root, "diff", "--cached", "--name-only").split()


def test_committing_one_file_leaves_an_unrelated_staged_file_staged_and_out_of_the_commit(repo):
    (repo / "candidates" / "ada.yaml").write_text("name: ada\nrating: 5\n", encoding="utf-8")
    (repo / "candidates" / "grace.yaml").write_text("name: grace\nrating: 2\n", encoding="utf-8")
    git(repo, "add", "candidates/grace.yaml")
    (repo / "notes.txt").write_text("untracked\n", encoding="utf-8")

    sha = GitRepo(repo).commit_paths([repo / "candidates" / "ada.yaml"], "Log a call with ada")

    assert sha == git(repo, "rev-parse", "HEAD")
    assert changed_in_head(repo) == ["candidates/ada.yaml"]
    assert git(repo, "show", "HEAD:candidates/ada.yaml") == "name: ada\nrating: 5"
    assert staged(repo) == ["candidates/grace.yaml"]
    assert git(repo, "status", "--porcelain") == "M  candidates/grace.yaml\n?? notes.txt"
    assert git(repo, "log", "-1", "--format=%s") == "Log a call with ada"
    assert git(repo, "reflog", "-1", "--format=%gs") == "commit: Log a call with ada"
    assert git(repo, "reflog", "-1", "--format=%gs", git(repo, "branch", "--show-current")) == (
        "commit: Log a call with ada"
    )


def test_a_deleted_file_is_committed_as_a_deletion_and_leaves_the_index(repo):
    (repo / "candidates" / "alan.yaml").unlink()

    GitRepo(repo).commit_paths([repo / "candidates" / "alan.yaml"], "Remove alan")

    assert git(repo, "ls-tree", "--name-only", "HEAD", "candidates/").split() == [
        "candidates/ada.yaml",
        "candidates/grace.yaml",
    ]
    assert git(repo, "status", "--porcelain") == ""


def test_a_file_new_to_git_is_committed_alone(repo):
    (repo / "candidates" / "mai.yaml").write_text("name: mai\n", encoding="utf-8")
    (repo / "candidates" / "grace.yaml").write_text("name: grace\nrating: 2\n", encoding="utf-8")
    git(repo, "add", "candidates/grace.yaml")

    GitRepo(repo).commit_paths([repo / "candidates" / "mai.yaml"], "Add mai")

    assert changed_in_head(repo) == ["candidates/mai.yaml"]
    assert staged(repo) == ["candidates/grace.yaml"]


def test_a_file_as_head_has_it_makes_no_commit(repo):
    before = git(repo, "rev-parse", "HEAD")
    assert GitRepo(repo).commit_paths([repo / "candidates" / "ada.yaml"], "Nothing") == before
    assert git(repo, "rev-parse", "HEAD") == before


def test_a_pre_commit_hook_that_refuses_still_refuses_and_the_staged_file_stays_staged(repo):
    hook(repo, "pre-commit", "echo 'no commits on Fridays' >&2\nexit 1\n")
    before = git(repo, "rev-parse", "HEAD")
    (repo / "candidates" / "ada.yaml").write_text("name: ada\nrating: 5\n", encoding="utf-8")
    (repo / "candidates" / "grace.yaml").write_text("name: grace\nrating: 2\n", encoding="utf-8")
    git(repo, "add", "candidates/grace.yaml")

    with pytest.raises(CommitRefused) as refused:
        GitRepo(repo).commit_paths([repo / "candidates" / "ada.yaml"], "Log a call with ada")

    assert "no commits on Fridays" in refused.value.reason
    assert git(repo, "rev-parse", "HEAD") == before
    assert staged(repo) == ["candidates/grace.yaml"]


def test_a_commit_msg_hook_that_edits_the_message_is_run(repo):
    hook(repo, "commit-msg", 'printf "\\nReviewed-by: the team\\n" >> "$1"\n')
    (repo / "candidates" / "ada.yaml").write_text("name: ada\nrating: 5\n", encoding="utf-8")

    GitRepo(repo).commit_paths([repo / "candidates" / "ada.yaml"], "Log a call with ada")

    assert "Reviewed-by: the team" in git(repo, "log", "-1", "--format=%B")
    assert changed_in_head(repo) == ["candidates/ada.yaml"]


def test_a_pre_commit_hook_that_edits_the_file_commits_its_edit(repo):
    hook(repo, "pre-commit", "echo '# checked' >> candidates/ada.yaml\ngit add candidates/ada.yaml\n")
    (repo / "candidates" / "ada.yaml").write_text("name: ada\nrating: 5\n", encoding="utf-8")

    GitRepo(repo).commit_paths([repo / "candidates" / "ada.yaml"], "Log a call with ada")

    assert git(repo, "show", "HEAD:candidates/ada.yaml").endswith("# checked")


def test_two_writers_committing_different_files_at_once_lose_nothing(repo):
    names = ["ada", "grace"]
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        path = repo / "candidates" / f"{name}.yaml"
        try:
            for i in range(8):
                path.write_text(f"name: {name}\nrating: {i}\n", encoding="utf-8")
                GitRepo(repo).commit_paths([path], f"{name} {i}")
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert git(repo, "rev-list", "--count", "HEAD") == "17"
    for name in names:
        assert git(repo, "show", f"HEAD:candidates/{name}.yaml") == f"name: {name}\nrating: 7"
    assert git(repo, "status", "--porcelain") == ""
    assert len(git(repo, "reflog", "--format=%gs").splitlines()) == 17
