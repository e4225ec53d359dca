"""Resolving what the merge could not: read both sides, take a choice per field, conclude the merge."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from runnerup_tui.domain.problems import GitError, InvalidFile, RunnerupError
from runnerup_tui.store.parsing import has_conflict_markers
from runnerup_tui.team.conflicts import staged, unmerged_paths
from runnerup_tui.team.git import GitRepo
from runnerup_tui.team.history import THEIR_HEADS, Author, last_touch, merged_into
from runnerup_tui.team.lock import library_lock
from runnerup_tui.team.merge import merge_files

if TYPE_CHECKING:
    pass


T = TypeVar("T")


# -- resolving what the merge could not ----------------------------------------------------


@dataclass
class ConflictFile:
    """A file git left unmerged, read from the index stages (1 base, 2 ours, 3 theirs)."""

    rel: str  # work-tree path
    conflicts: list  # merge.Conflict: the values changed two ways
    deleted_by: str | None = None  # "ours" or "theirs" when one side deleted the file
    unreadable: bool = False  # a side is not YAML: only an editor can resolve it
    ours_by: Author | None = None  # the last change to the file on the side in stage 2 (HEAD)
    theirs_by: Author | None = None  # ... in stage 3 (MERGE_HEAD, or the commit a rebase replays)
    operation: str = "merge"  # what stopped: "merge", "rebase", "cherry-pick" or "revert"
    markers_gone: bool = False  # the work-tree file has no conflict markers (settled by hand, maybe)
    merged_into: str | None = None  # the deleting side merged this person into that id (merge-people)


def _sides(repo: GitRepo, rel: str) -> tuple[Author | None, Author | None, str]:
    """Who last changed ``rel`` on each side of the stopped operation, and which operation it is."""
    theirs, operation = None, "merge"
    for head, name in THEIR_HEADS:
        sha = repo.run("rev-parse", "-q", "--verify", head, check=False).split()
        if sha:
            theirs, operation = last_touch(repo, sha[0], rel), name
            break
    else:
        rebasing = [d for d in ("rebase-merge", "rebase-apply") if (repo.git_dir / d).is_dir()]
        if rebasing:
            operation = "rebase"
    return last_touch(repo, "HEAD", rel), theirs, operation


def read_conflict(repo: GitRepo, rel: str) -> ConflictFile:
    """What is left to decide in an unmerged file, field by field, and who changed each side."""
    base, ours, theirs = (staged(repo, n, rel) for n in (1, 2, 3))
    if base is None and ours is None and theirs is None:
        raise GitError(f"{rel} is not in conflict (any more): nothing to resolve")
    ours_by, theirs_by, operation = _sides(repo, rel)
    found = ConflictFile(rel, [], ours_by=ours_by, theirs_by=theirs_by, operation=operation)
    path = repo.work_tree / rel
    found.markers_gone = path.is_file() and not has_conflict_markers(path.read_bytes())
    if ours is None or theirs is None:
        found.deleted_by = "ours" if ours is None else "theirs"
        found.merged_into = merged_into(repo, rel, found.deleted_by)
        return found
    try:
        result = merge_files(base or b"", ours, theirs, rel)
    except (InvalidFile, RunnerupError, ValueError, RecursionError):
        found.unreadable = True
        return found
    found.conflicts = result.conflicts
    return found


def _holding_the_lock(action: Callable[..., T]) -> Callable[..., T]:
    """Run a resolution with the library's write lock held, like every other change to the work tree."""

    @functools.wraps(action)
    def locked(repo: GitRepo, *args: Any, **kwargs: Any) -> T:
        with library_lock(repo):
            return action(repo, *args, **kwargs)

    return locked


@_holding_the_lock
def resolve_conflict(repo: GitRepo, rel: str, take: dict, keep_file: bool = True) -> str | None:
    """Write the merge with each conflict settled as ``take`` says, mark it resolved, and,
    when it was the last one, commit the merge. Returns the merge commit (None if more remain).

    For a file deleted on one side, ``keep_file`` chooses between the changed file and
    the deletion.
    """
    from runnerup_tui.store.yamldoc import atomic_write

    repo.identity()
    path = repo.work_tree / rel
    base, ours, theirs = (staged(repo, n, rel) for n in (1, 2, 3))
    if ours is None and theirs is None:  # never write an empty file over one that is not in conflict
        raise GitError(f"{rel} is not in conflict (any more): nothing to resolve")
    if ours is None or theirs is None:
        if keep_file:
            atomic_write(path, ours if ours is not None else theirs or b"")
            repo.run("add", "--", rel)
        else:
            repo.run("rm", "--quiet", "--force", "--", rel)
    else:
        result = merge_files(base or b"", ours, theirs, rel, take=take)
        if not result.clean:
            left = ", ".join(".".join(str(p) for p in c.path) for c in result.conflicts)
            raise GitError(f"{rel}: still undecided: {left}")
        atomic_write(path, result.text)
        repo.run("add", "--", rel)
    return _conclude(repo)


@_holding_the_lock
def resolve_by_hand(repo: GitRepo, rel: str) -> str | None:
    """Accept the file as the person settled it in an editor: mark it resolved, and commit the
    merge when it was the last one. Returns the merge commit (None if more remain).

    Raises :class:`GitError` while the file still has conflict markers. Whether it is a
    valid candidate file is for the caller to check first (``Library.check``).
    """
    repo.identity()
    path = repo.work_tree / rel
    if path.is_file():
        raw = path.read_bytes()
        if has_conflict_markers(raw):
            line = next(
                n for n, text in enumerate(raw.splitlines(), 1) if text.startswith((b"<<<<<<<", b"=======", b">>>>>>>"))
            )
            raise GitError(
                f"{rel}:{line}: still has conflict markers; settle the value and remove the "
                "<<<<<<< ======= >>>>>>> lines"
            )
        repo.run("add", "--", rel)
    else:
        repo.run("rm", "--quiet", "--cached", "--ignore-unmatch", "--", rel)
    return _conclude(repo)


def _conclude(repo: GitRepo) -> str | None:
    """Commit the merge once no file is left unmerged; the new commit, else None."""
    if unmerged_paths(repo):
        return None
    if repo.run("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False):
        repo.commit_merge()
        return repo.run("rev-parse", "HEAD")
    return None
