"""Each problem says what it is as a value (``Problem.kind``), so front ends never read its message."""

from __future__ import annotations

import os
import time
from pathlib import Path

from support import git

from runnerup_tui.domain.problems import ProblemKind
from runnerup_tui.team.conflicts import conflict_problems, lock_problems
from runnerup_tui.team.git import GitRepo
from runnerup_tui.workspace import open_library

from .test_team_git import ADA, Team

MARKERS = b"name: Merged Badly\n<<<<<<< HEAD\nrating: 3\n=======\nrating: 4\n>>>>>>> theirs\n"


def kinds(library: Path) -> dict[str, set[ProblemKind]]:
    """The kinds of problems each file has, as a fresh open of the library finds them."""
    found: dict[str, set[ProblemKind]] = {}
    for problem in open_library(library, problems=True).problems:
        found.setdefault(problem.path, set()).add(problem.kind)  # type: ignore[arg-type]
    return found


def test_each_broken_file_has_the_kind_of_problem_it_is_and_the_cache_keeps_it(library: Path, tmp_path: Path) -> None:
    candidates = library / "candidates"
    (candidates / "merged-badly.yaml").write_bytes(MARKERS)
    (candidates / "too-good.yaml").write_text("name: Too Good\nrating: 9\n")
    (candidates / "typo.yaml").write_text("name: Typo\nskils: [go]\n")
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: Elsewhere\n")
    (candidates / "link.yaml").symlink_to(outside)
    expected = {
        "candidates/merged-badly.yaml": {ProblemKind.CONFLICT},
        "candidates/too-good.yaml": {ProblemKind.INVALID},
        "candidates/typo.yaml": {ProblemKind.WARNING},
        "candidates/link.yaml": {ProblemKind.UNREADABLE},
    }
    first = kinds(library)
    assert {path: first[path] for path in expected} == expected
    assert kinds(library) == first  # the second open reads the problems back from the index cache


def test_a_conflict_is_a_conflict_whatever_its_message_says(library: Path) -> None:
    (library / "candidates" / "merged-badly.yaml").write_bytes(MARKERS)
    [problem] = [p for p in open_library(library, problems=True).problems if p.path == "candidates/merged-badly.yaml"]
    assert problem.kind is ProblemKind.CONFLICT
    assert problem.severity == "error"


def test_a_file_deleted_in_one_clone_and_changed_in_the_other_is_a_conflict(tmp_path: Path) -> None:
    team = Team(tmp_path)
    git(team.alice, "rm", "-q", ADA)
    git(team.alice, "commit", "-q", "-m", "Ada asked to be forgotten")
    git(team.alice, "push", "-q")
    team.edit(team.bob, "rating: 5", "rating: 3", message="Rating 3")
    team.runnerup(team.bob, "sync", ok=False)
    repo = GitRepo.for_path(team.bob)
    assert repo is not None
    [problem] = conflict_problems(repo, team.bob)
    assert problem.path == ADA
    assert problem.kind is ProblemKind.CONFLICT


def test_a_stale_git_lock_is_a_lock_problem(library: Path) -> None:
    lock = library / ".git" / "index.lock"
    lock.write_bytes(b"")
    ten_minutes_ago = time.time() - 600
    os.utime(lock, (ten_minutes_ago, ten_minutes_ago))
    repo = GitRepo.for_path(library)
    assert repo is not None
    [problem] = lock_problems(repo, library)
    assert problem.kind is ProblemKind.LOCK
