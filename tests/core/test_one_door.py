"""One door to a library and one way down for a write: the repository is found once, at the door."""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from support import PROJECT, git

from runnerup_tui.actions import log_touchpoint
from runnerup_tui.domain.model import TouchpointKind
from runnerup_tui.session import LibrarySession
from runnerup_tui.team.git import GitRepo
from runnerup_tui.workspace import open_library

SOURCE = PROJECT / "src" / "runnerup_tui"
ADA = "candidates/ada-lovelace.yaml"

# Counts every way runnerup finds the repository a path lives in, then runs the real command in this process.
_COUNTING_RUN = """
import sys
from runnerup_tui.team import git as team_git

found = []
plain_run, plain_for_path = team_git.run_command, team_git.GitRepo.for_path.__func__

def run_command(argv, *args, **kwargs):
    if "--absolute-git-dir" in argv:  # git's own discovery (team.git.locate)
        found.append("rev-parse")
    return plain_run(argv, *args, **kwargs)

def for_path(cls, path):
    found.append("GitRepo.for_path")
    return plain_for_path(cls, path)

team_git.run_command = run_command
team_git.GitRepo.for_path = classmethod(for_path)
from runnerup_tui.cli.main import main

code = main(sys.argv[1:])
print(",".join(found), file=sys.stderr)
sys.exit(code)
"""


def _run_counting(*args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    result = subprocess.run([sys.executable, "-c", _COUNTING_RUN, *args], capture_output=True, text=True, timeout=120)
    *_, last = result.stderr.splitlines() or [""]
    return result, [name for name in last.split(",") if name]


def test_logging_a_touchpoint_finds_the_library_repository_once(library: Path) -> None:
    result, found = _run_counting("--library", str(library), "log", "ada", "call", "--summary", "Found once")
    assert result.returncode == 0, result.stderr
    assert "Found once" in (library / ADA).read_text(encoding="utf-8")
    assert git(library, "status", "--porcelain") == ""  # written and committed
    # one discovery, whichever way it is counted (GitRepo.for_path asks git once: rev-parse)
    assert found.count("GitRepo.for_path") == 1 and found.count("rev-parse") == 1, found


def test_recording_a_rejection_and_adding_a_candidate_find_the_repository_once(library: Path) -> None:
    rejection = (
        "log",
        "ada",
        "rejection",
        "--channel",
        "call",
        "--reason",
        "Another had more Spark",
        "--fit",
        "pursue",
    )
    for args in (rejection, ("add", "Grace Hopper", "--role", "Data Engineer")):
        result, found = _run_counting("--library", str(library), *args)
        assert result.returncode == 0, result.stderr
        assert found.count("GitRepo.for_path") == 1 and found.count("rev-parse") == 1, (args, found)


def _conflict_in(library: Path, rel: str) -> None:
    """Two branches change the same line of ``rel``; git's own line merge leaves it unmerged, with markers."""
    path = library / rel
    text = path.read_text(encoding="utf-8")
    git(library, "switch", "-q", "-c", "theirs")
    path.write_text(text.replace("name: Ada Lovelace", "name: Ada King"), encoding="utf-8")
    git(library, "commit", "-q", "-am", "Theirs")
    git(library, "switch", "-q", "-")
    path.write_text(text.replace("name: Ada Lovelace", "name: Augusta Ada"), encoding="utf-8")
    git(library, "commit", "-q", "-am", "Ours")
    merge = subprocess.run(["git", "-C", str(library), "merge", "theirs"], capture_output=True, text=True)
    assert merge.returncode != 0, merge.stdout


def test_open_library_returns_the_problems_of_a_broken_file_and_of_an_unmerged_one(library: Path) -> None:
    _conflict_in(library, ADA)
    (library / "candidates" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    (library / ".git" / "index.lock").write_bytes(b"")  # young: a git at work, not a problem
    opened = open_library(library, problems=True)
    assert opened.repo is not None and opened.repo.work_tree == library
    assert opened.unmerged == [ADA]
    errors = {p.path for p in opened.problems if p.severity == "error"}
    assert errors == {ADA, "candidates/broken.yaml"}, opened.problems
    assert opened.driver_error is None
    assert "merge.runnerup.driver" in git(library, "config", "--local", "--list")  # the door installed the driver


def test_open_library_reports_an_unmerged_file_without_markers_as_a_problem(library: Path) -> None:
    _conflict_in(library, ADA)
    ours = subprocess.run(["git", "-C", str(library), "show", f":2:{ADA}"], capture_output=True, check=True).stdout
    (library / ADA).write_bytes(ours)  # only our side, as a merge without a working driver leaves it
    opened = open_library(library, problems=True)
    assert opened.unmerged == [ADA]
    [problem] = [p for p in opened.problems if p.path == ADA]
    assert problem.message.startswith("unresolved merge conflict: the file shows only this clone's side")


def test_open_library_outside_git_has_no_repository_and_collects_only_the_files_problems(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    (root / "candidates").mkdir(parents=True)
    (root / "candidates" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    opened = open_library(root, problems=True)
    assert opened.repo is None and opened.unmerged == []
    assert [p.path for p in opened.problems] == ["candidates/broken.yaml"]


def _private_imports(tree: ast.AST) -> list[tuple[int, str, str]]:
    """``from runnerup_tui.x import _name``: one module reaching into another's private names."""
    return [
        (node.lineno, node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "runnerup_tui"
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]


def test_no_module_imports_another_modules_private_names() -> None:
    offenders = [
        f"{path.relative_to(SOURCE)}:{line}: from {module} import {name}"
        for path in sorted(SOURCE.rglob("*.py"))
        for line, module, name in _private_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_private_import_scan_finds_one() -> None:
    sample = "from runnerup_tui.store.yamldoc import Document, _fresh\nfrom runnerup_tui import __version__\n"
    assert _private_imports(ast.parse(sample)) == [(1, "runnerup_tui.store.yamldoc", "_fresh")]


def test_the_app_session_writes_to_the_repository_it_found_when_opening(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found: list[Path] = []
    plain = GitRepo.for_path.__func__

    def for_path(cls: type[GitRepo], path: Path) -> GitRepo | None:
        found.append(path)
        return plain(cls, path)

    monkeypatch.setattr(GitRepo, "for_path", classmethod(for_path))
    session = LibrarySession(library)
    session.open()
    session.log("ada-lovelace", TouchpointKind.CALL, summary="From the app", date=dt.date(2026, 11, 2))
    # what a screen hands to LibrarySession.act: an action on the library as opened
    written, _ = session.act(lambda opened: log_touchpoint(opened, "ada", TouchpointKind.NOTE, summary="A note"))
    assert written.commit is not None
    assert len(found) == 1, found
    assert git(library, "status", "--porcelain") == ""
