"""Opening a library the way both front ends do: one door for the CLI and the app.

The repository the library lives in is found here, once, and travels down with the open library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from runnerup_tui.domain.problems import Problem, RunnerupError
from runnerup_tui.store.index import Index, Progress
from runnerup_tui.store.library import Library
from runnerup_tui.team.conflicts import conflict_problems, lock_problems, unmerged_paths
from runnerup_tui.team.git import GitMissing, GitRepo
from runnerup_tui.team.install import ensure_merge_driver


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
    root: Path, progress: Progress | None = None, *, problems: bool = False, lazy: bool = False
) -> OpenLibrary:
    """Open the library at ``root``: the repository found once, its index cache in the repository's private
    folder, the clone's merge driver pointed at this runnerup (DESIGN.md §6) and, with ``problems``, every
    problem the front ends show.

    Without git installed the library opens all the same; there is then nothing to install or to be in.
    With ``lazy``, the index is loaded only when something needs it (a command on one candidate by id does not).
    """
    root = root.resolve()
    repo = GitRepo.for_path(root)
    library = Library.open(root, progress, repo.git_dir / "runnerup" if repo is not None else None, lazy=lazy)
    driver_error = _point_merge_driver(repo, root)
    found, unmerged = collect_problems(library, repo) if problems else ([], [])
    return OpenLibrary(library, repo, found, unmerged, driver_error)


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
    found = library.problems()
    if repo is None:
        return found, []
    try:
        unmerged = unmerged_paths(repo)
        found += lock_problems(repo, library.root) + conflict_problems(repo, library.root, unmerged)
    except GitMissing:
        return found, []  # without git there is no merge to be in
    return found, [rel for rel in (_in_library(repo, library.root, path) for path in unmerged) if rel]


def _in_library(repo: GitRepo, root: Path, work_tree_rel: str) -> str | None:
    try:
        return (repo.work_tree / work_tree_rel).resolve().relative_to(root).as_posix()
    except ValueError:
        return None
