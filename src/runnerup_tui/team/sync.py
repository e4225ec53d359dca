"""Sharing a library through a git remote: commit local work, pull (merge), push; and the status line.

The team's remote is plain git; what makes it pleasant is the merge driver (``driver.py``)
that git calls for every ``*.yaml`` file, installed into the clone's own ``.git/config``
(never through an include inside the repository, which a teammate could change).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from runnerup_tui.domain.problems import GitError, Problem
from runnerup_tui.team.conflicts import bring_in_merged_away, remerge_without_markers, unmerged_paths
from runnerup_tui.team.git import GitRepo, Progress, first_line, nul_fields
from runnerup_tui.team.lock import library_lock

if TYPE_CHECKING:
    from runnerup_tui.team.collisions import Renamed


MERGE_TIMEOUT = 600  # a merge runs the driver once per file both sides changed
PLAIN_GIT_TIMEOUT = 60  # git:// has no low-speed limit: the overall timeout is all there is


# -- sync ------------------------------------------------------------------------------------


@dataclass
class SyncResult:
    committed: list[str] = field(default_factory=list)  # hand edits committed first
    pulled: int = 0  # commits that came in
    pushed: int = 0  # commits that went out
    conflicts: list[str] = field(default_factory=list)
    message: str = ""
    left_out: list[Problem] = field(default_factory=list)  # hand edits with errors: not committed, first error each
    left_out_by_path: dict[str, Problem] = field(default_factory=dict, repr=False)  # the same, by work-tree path
    renamed: list[Renamed] = field(default_factory=list)  # ours moved to a free id: the team had that id
    brought_in: list[str] = field(default_factory=list)  # changes to someone merged away meanwhile, united


@dataclass
class SyncStatus:
    branch: str
    upstream: str | None
    ahead: int
    behind: int
    hand_edits: list[str]
    last_sync: dt.datetime | None


def library_changes(repo: GitRepo, library_root: Path) -> list[str]:
    """Library files changed, added or deleted by hand and not committed (work-tree paths)."""
    rel_root = os.path.relpath(library_root, repo.work_tree)
    return [
        path
        for _, path in _local_changes(repo, rel_root)
        if path.endswith((".yaml", ".gitattributes", ".schema.json")) or _is_template(path, rel_root)
    ]


def _is_template(path: str, rel_root: str) -> bool:
    """``templates/<kind>.md`` of the library: the team's wording of drafted messages, shared like the rest."""
    folder, _, name = os.path.relpath(path, rel_root).replace(os.sep, "/").partition("/")
    return folder == "templates" and name.endswith(".md") and "/" not in name


def _local_changes(repo: GitRepo, pathspec: str = ".") -> list[tuple[str, str]]:
    """``(status, path)`` of every uncommitted change under ``pathspec``; ``??`` marks a new file.

    Read NUL-separated, so a path arrives exactly as on disk (``josé.yaml``, spaces, quotes).
    """
    fields = repo.run("status", "--porcelain", "-z", "--untracked-files=all", "--", pathspec, check=False).split("\0")
    changes, i = [], 0
    while i < len(fields):
        entry = fields[i]
        i += 1
        if len(entry) < 4:
            continue
        status, path = entry[:2], entry[3:]
        if "R" in status or "C" in status:
            i += 1  # a rename or copy: the next field is the old path
        if status.strip():
            changes.append((status, path))
    return changes


def status(repo: GitRepo, library_root: Path) -> SyncStatus:
    """Ahead/behind the upstream (as of the last fetch), hand edits, last sync time."""
    upstream = repo.run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False) or None
    ahead = behind = 0
    if upstream:
        counts = repo.run("rev-list", "--left-right", "--count", "HEAD...@{u}", check=False).split()
        if len(counts) == 2:
            ahead, behind = int(counts[0]), int(counts[1])
    stamp = repo.git_dir / "runnerup" / "last-sync"
    last = dt.datetime.fromtimestamp(stamp.stat().st_mtime) if stamp.exists() else None
    return SyncStatus(repo.branch(), upstream, ahead, behind, library_changes(repo, library_root), last)


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _commit_local_work(
    repo: GitRepo, library_root: Path, result: SyncResult, commit_hand_edits: bool, check_file
) -> None:  # noqa: ANN001 - check_file(path) -> list[Problem]
    """Finish a merge left waiting, then commit the valid hand edits (the broken ones go to ``left_out``)."""
    if repo.run("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False):
        remerge_without_markers(repo)  # a merge git made without (a working) runnerup driver
        unmerged = unmerged_paths(repo)
        outside = [rel for rel in unmerged if not _inside(repo.work_tree / rel, library_root)]
        if outside:
            raise GitError(
                f"a merge is in progress and {len(outside)} file(s) outside the library are not resolved "
                f"({', '.join(outside[:3])}{' …' if len(outside) > 3 else ''}); resolve them in your "
                "editor and mark them resolved with `git add FILE`, then sync"
            )
        if unmerged:
            raise GitError(
                "a merge is still in progress; resolve the files `runnerup check` lists (in the app: p, "
                "Problems, then Enter), then sync"
            )
        repo.commit_merge()
    edits = library_changes(repo, library_root)
    if edits and commit_hand_edits:
        valid = []
        for rel in edits:
            checked = check_file is not None and _is_record(repo.work_tree / rel, library_root)
            errors = [p for p in check_file(repo.work_tree / rel) if p.severity == "error"] if checked else []
            if errors:
                result.left_out.append(errors[0])
                result.left_out_by_path[rel] = errors[0]
            else:
                valid.append(rel)
        if valid:
            names = ", ".join(Path(p).stem for p in valid[:3]) + (
                f" and {len(valid) - 3} more" if len(valid) > 3 else ""
            )
            repo.commit_paths([repo.work_tree / p for p in valid], f"Commit hand edits: {names}")
            result.committed = valid


def sync(
    repo: GitRepo,
    library_root: Path,
    *,
    commit_hand_edits: bool = True,
    check_file=None,  # noqa: ANN001 - check_file(path) -> list[Problem]
    progress: Progress | None = None,
) -> SyncResult:
    """Commit hand edits, pull (merge), push. Raises :class:`GitError` with one clear sentence.

    Local commits are never lost: a failed pull or push leaves them in place. Hand edits
    with errors (``check_file`` tells) are left uncommitted and listed in ``left_out``, so a
    broken file never reaches the team, and never keeps the team's changes from arriving.
    ``progress(stage, done, total, message)`` hears each step and git's own transfer progress
    (stage "commit", "fetch", "merge" or "push"; ``done``/``total`` are None when unknown).
    """
    result = SyncResult()
    progress = _never_failing(progress) if progress is not None else None
    report = progress or (lambda stage, done, total, message: None)
    repo.identity()
    report("commit", None, None, "committing hand edits")
    with library_lock(repo):
        _commit_local_work(repo, library_root, result, commit_hand_edits, check_file)
    remote, branch = _remote_and_branch(repo)
    before = repo.run("rev-parse", "HEAD", check=False)
    for _attempt in range(3):
        _pull(repo, remote, branch, result, library_root, progress)
        if result.conflicts:
            raise GitError(
                f"merge conflicts in {', '.join(result.conflicts)}: resolve them "
                "(runnerup check lists them), then sync again; nothing was pushed"
            )
        ahead = (
            repo.run("rev-list", "--count", f"{remote}/{branch}..HEAD", check=False)
            if _has_remote_branch(repo, remote, branch)
            else repo.run("rev-list", "--count", "HEAD")
        )
        if ahead.strip() in ("", "0"):
            break
        report("push", None, None, f"pushing to {remote}")
        pushed = repo.transfer(
            "push",
            "--porcelain",
            "-u",
            remote,
            f"HEAD:refs/heads/{branch}",
            timeout=_transfer_timeout(repo, remote),
            progress=progress,
        )
        if pushed.returncode == 0:
            result.pushed = int(ahead)
            break
        if "[rejected]" in pushed.stdout or "rejected" in pushed.stderr or "fetch first" in pushed.stderr:
            continue  # someone pushed in between: pull again, then push
        raise GitError(_network_message("push", remote, pushed.stderr))
    else:
        raise GitError(f"push to {remote} was rejected three times; your commits are kept locally, try again")
    result.pulled = _count_new(repo, before)
    stamp = repo.git_dir / "runnerup" / "last-sync"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    return result


def _never_failing(progress: Progress) -> Progress:
    """``progress`` whose failure (a closed terminal, an app shutting down) never stops a sync."""

    def report(stage: str, done: int | None, total: int | None, message: str) -> None:
        with contextlib.suppress(Exception):
            progress(stage, done, total, message)

    return report


def _is_record(path: Path, library_root: Path) -> bool:
    """Whether ``path`` is a file the library validates (settings, a candidate, an opening)."""
    from runnerup_tui.store.index import FOLDERS, SETTINGS_FILE

    try:
        rel = path.relative_to(library_root).as_posix()
    except ValueError:
        return False
    folder, _, name = rel.partition("/")
    return rel == SETTINGS_FILE or (folder in FOLDERS and name.endswith(".yaml") and "/" not in name)


def _remote_and_branch(repo: GitRepo) -> tuple[str, str]:
    branch = repo.branch()
    if branch == "(detached)":
        raise GitError("HEAD is detached; check out a branch before syncing")
    remote = repo.run("config", "--get", f"branch.{branch}.remote", check=False)
    if not remote:
        remotes = repo.run("remote", check=False).split()
        if not remotes:
            raise GitError(
                "no remote to sync with: add the team's repository with `git remote add origin URL`, then sync again"
            )
        remote = "origin" if "origin" in remotes else remotes[0]
    merge_ref = repo.run("config", "--get", f"branch.{branch}.merge", check=False)
    return remote, merge_ref.removeprefix("refs/heads/") or branch


def _transfer_timeout(repo: GitRepo, remote: str) -> float | None:
    """The overall limit of a fetch or push; None leaves it to the low-speed limits (http, ssh)."""
    url = repo.run("config", "--get", f"remote.{remote}.url", check=False)
    return PLAIN_GIT_TIMEOUT if url.startswith("git://") else None


def _has_remote_branch(repo: GitRepo, remote: str, branch: str) -> bool:
    return bool(repo.run("rev-parse", "-q", "--verify", f"refs/remotes/{remote}/{branch}", check=False))


def _pull(
    repo: GitRepo, remote: str, branch: str, result: SyncResult, library_root: Path, progress: Progress | None
) -> None:
    if progress is not None:
        progress("fetch", None, None, f"fetching from {remote}")
    timeout = _transfer_timeout(repo, remote)
    fetched = (
        repo.transfer("fetch", remote, timeout=timeout, progress=progress)
        if progress is not None
        else repo.transfer("fetch", "--quiet", remote, timeout=timeout)
    )
    if fetched.returncode != 0:
        raise GitError(_network_message("fetch", remote, fetched.stderr))
    if not _has_remote_branch(repo, remote, branch):
        return  # an empty remote: the push creates the branch
    if progress is not None:
        progress("merge", None, None, f"merging {remote}/{branch}")
    with library_lock(repo):  # the network is done: only the work tree's changes wait for saves
        _merge(repo, remote, branch, result, library_root)


def _merge(repo: GitRepo, remote: str, branch: str, result: SyncResult, library_root: Path) -> None:
    from runnerup_tui.team.collisions import rename_added_twice  # only sync pays for it, not every command that opens

    result.renamed += rename_added_twice(repo, library_root, f"{remote}/{branch}")
    merged = repo.call("merge", "--no-edit", f"{remote}/{branch}", timeout=MERGE_TIMEOUT, check=False)
    if merged.returncode == 0:
        return
    if not repo.run("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False):
        raise GitError(_merge_refused(repo, f"{remote}/{branch}", merged.stderr + merged.stdout, result))
    remerge_without_markers(repo)
    result.brought_in = bring_in_merged_away(repo)
    result.conflicts = unmerged_paths(repo)
    if not result.conflicts:
        repo.commit_merge()  # every conflict was a driver failure we redid
        return
    if "CONFLICT" not in merged.stdout + merged.stderr:
        raise GitError(f"git merge: {merged.stderr.strip().splitlines()[0] if merged.stderr.strip() else 'failed'}")


def _merge_refused(repo: GitRepo, upstream: str, output: str, result: SyncResult) -> str:
    """What stopped git before it began to merge, and what to do, in one sentence."""
    if "would be overwritten" not in output:
        return f"git merge: {first_line(output)}; your local commits are kept"
    theirs = set(nul_fields(repo.run("diff", "--name-only", "-z", f"HEAD...{upstream}", check=False)))
    ours = [(status, path) for status, path in _local_changes(repo) if path in theirs]
    if not ours:  # git saw a collision we cannot name: say what git said
        return f"git merge: {first_line(output)}; nothing was pulled or pushed"
    names = [path for _, path in ours]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    for _, path in ours:
        problem = result.left_out_by_path.get(path)
        if problem is not None:
            return (
                f"not pulled: your uncommitted change to {path} has an error ({problem.line}:{problem.column}: "
                f"{problem.message}) and the team changed that file too; fix it (runnerup check shows where) "
                "or undo it, then sync again; nothing was pushed"
            )
    if all(status == "??" for status, _ in ours):
        return (
            f"your new file {shown} (not committed) is also added by the team; commit it (runnerup sync), "
            "or move it away, then sync"
        )
    return (
        f"your uncommitted change to {shown} conflicts with the team's; commit it (runnerup sync) or undo it, then sync"
    )


def _count_new(repo: GitRepo, before: str) -> int:
    if not before:
        return 0
    out = repo.run("rev-list", "--count", "--no-merges", f"{before}..HEAD", check=False)
    return int(out) if out.isdigit() else 0


def _network_message(action: str, remote: str, stderr: str) -> str:
    text = stderr.lower()
    if any(s in text for s in ("operation too slow", "server not responding", "operation timed out")):
        why = "the remote stopped answering (nothing arrived for 15 s)"
    elif any(
        s in text
        for s in (
            "authentication failed",
            "could not read username",
            "permission denied",
            "terminal prompts disabled",
            "403",
            "401",
            "could not read password",
        )
    ):
        why = "the remote refused our credentials (or asked for a password, which runnerup never types)"
    elif any(
        s in text
        for s in (
            "could not resolve host",
            "unable to access",
            "connection timed out",
            "network is unreachable",
            "connection refused",
            "no route to host",
        )
    ):
        why = "the remote cannot be reached (offline?)"
    elif "does not appear to be a git repository" in text or "not found" in text:
        why = "the remote repository does not exist or is not a git repository"
    else:
        why = stderr.strip().splitlines()[-1] if stderr.strip() else "failed"
    return f"{action} {remote}: {why}; your local commits are kept"
