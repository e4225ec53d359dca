"""Opening a library the way both front ends do: one door for the CLI and the app.

The repository the library lives in is found here, once, and travels down with the open library.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from runnerup_tui.domain.problems import Problem, RunnerupError
from runnerup_tui.store.index import Index, Progress
from runnerup_tui.store.library import Library
from runnerup_tui.team.conflicts import conflict_problems, lock_problems, unmerged_paths
from runnerup_tui.team.git import GitMissing, GitRepo
from runnerup_tui.team.install import ensure_merge_driver

T = TypeVar("T")


@dataclass(frozen=True)
class OpenLibrary:
    """A library as opened: its index, the repository it lives in, and what is wrong with it.

    ``problems`` and ``unmerged`` are filled when asked for (``open_library(..., problems=True)``);
    :func:`collect_problems` collects them again later.
    """

    library: Library
    repo: GitRepo | None  # None outside git; present without git installed (a write then says git is missing)
    problems: list[Problem] = field(default_factory=list)
    unmerged: list[str] = field(default_factory=list)  # library-relative paths git still holds in conflict
    driver_error: RunnerupError | None = None  # why the merge driver could not be pointed at this runnerup

    @property
    def root(self) -> Path:
        return self.library.root

    @property
    def index(self) -> Index:
        return self.library.index


def open_library(
    root: Path,
    progress: Progress | None = None,
    *,
    problems: bool = False,
    lazy: bool = False,
    decode: bool = True,
    scanned: dict[str, os.stat_result] | None = None,
) -> OpenLibrary:
    """Open the library at ``root``: the repository found once, its index cache in the repository's private
    folder, the clone's merge driver pointed at this runnerup (DESIGN.md §6) and, with ``problems``, every
    problem the front ends show.

    Without git installed the library opens all the same; there is then nothing to install or to be in.
    With ``lazy``, the index is loaded only when something needs it (a command on one candidate by id does not);
    without ``decode``, its records are decoded from the cache only when asked for (a command's one question).
    ``scanned``: the stat of every library file, when the caller has just taken it.
    """
    root = root.resolve()
    repo = GitRepo.for_path(root)
    private = repo.git_dir / "runnerup" if repo is not None else None
    # git's part runs beside the index's: git works on another core while this process stats 10,000 files
    git_part = _Beside(lambda: (_point_merge_driver(repo, root), git_problems(repo, root) if problems else None))
    try:
        library = Library.open(root, progress, private, lazy=lazy, decode=decode, scanned=scanned)
    except BaseException:
        git_part.wait()  # never end with git halfway through writing the clone's config
        raise
    driver_error, from_git = git_part.result()
    if from_git is None:
        return OpenLibrary(library, repo, [], [], driver_error)
    found, unmerged = from_git
    return OpenLibrary(library, repo, library.problems() + found, _in_library_paths(repo, root, unmerged), driver_error)


class _Beside:
    """A call run in a thread beside the caller's work; :meth:`result` waits for it and raises what it raised."""

    def __init__(self, call: Callable[[], T]) -> None:
        self._call = call
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="runnerup-git", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._call()
        except BaseException as err:  # handed to the caller, who would have raised it itself
            self._error = err

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _point_merge_driver(repo: GitRepo | None, root: Path) -> RunnerupError | None:
    """Every open points the clone's merge driver at this runnerup, so a moved virtualenv is picked up.

    Also when the team has not committed ``.gitattributes`` yet: the clone's own attributes
    route the library's files to the driver.
    """
    if repo is None:
        return None
    try:
        ensure_merge_driver(repo, root)
    except GitMissing:
        return None  # reading works without git; a write says git is missing
    except RunnerupError as err:
        return err  # merges then fall back to git's own; check and Problems still tell the truth
    return None


def collect_problems(library: Library, repo: GitRepo | None) -> tuple[list[Problem], list[str]]:
    """Every file's problems, then what git left (a stale index lock, merges it still waits on, also
    those without markers); and the library files git still holds in conflict."""
    found, unmerged = git_problems(repo, library.root)
    return library.problems() + found, _in_library_paths(repo, library.root, unmerged)


def git_problems(repo: GitRepo | None, root: Path) -> tuple[list[Problem], list[str]]:
    """What git left in the library (a stale index lock, unmerged files) and the paths it holds unmerged."""
    if repo is None:
        return [], []
    try:
        unmerged = unmerged_paths(repo)
        return lock_problems(repo, root) + conflict_problems(repo, root, unmerged), unmerged
    except GitMissing:
        return [], []  # without git there is no merge to be in


def _in_library_paths(repo: GitRepo | None, root: Path, unmerged: list[str]) -> list[str]:
    if repo is None:
        return []
    return [rel for rel in (_in_library(repo, root, path) for path in unmerged) if rel]


def _in_library(repo: GitRepo, root: Path, work_tree_rel: str) -> str | None:
    try:
        return (repo.work_tree / work_tree_rel).resolve().relative_to(root).as_posix()
    except ValueError:
        return None
