"""Sharing a library through a git remote: the merge driver, sync, status and history.

The team's remote is plain git; what makes it pleasant is the merge driver (``merge.py``)
that git calls for every ``*.yaml`` file, installed into the clone's own ``.git/config``
(never through an include inside the repository, which a teammate could change).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .gitrepo import GitRepo, git_dir
from .merge import merge_files
from .parsing import has_conflict_markers
from .problems import GitError, InvalidFile, Problem, RunnerupError

ATTRIBUTES_LINE = "*.yaml merge=runnerup"
NETWORK_TIMEOUT = 60


def driver_command() -> str:
    """What git runs to merge a library file: this interpreter, by absolute path."""
    return f"{shlex.quote(sys.executable)} -m runnerup_tui merge-driver %O %A %B %P"


def ensure_merge_driver(repo: GitRepo) -> bool:
    """Point ``merge.runnerup.driver`` of this clone at this runnerup; True when it changed.

    Runs on every open, so a moved virtualenv or a new interpreter is picked up. When
    the command changes, it is run once to prove it works before git relies on it.
    """
    current = repo.run("config", "--local", "--get", "merge.runnerup.driver", check=False)
    wanted = driver_command()
    if current == wanted:
        return False
    probe = subprocess.run([sys.executable, "-m", "runnerup_tui", "merge-driver", "--check"],
                           capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        raise GitError(f"the merge driver does not run ({probe.stderr.strip()[:200]}); not installed")
    repo.run("config", "--local", "merge.runnerup.name", "runnerup: merge candidate files field by field")
    repo.run("config", "--local", "merge.runnerup.driver", wanted)
    return True


def ensure_attributes(library_root: Path) -> Path | None:
    """Make ``.gitattributes`` in the library route ``*.yaml`` to the driver; the file if changed."""
    path = library_root / ".gitattributes"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if any(line.strip() == ATTRIBUTES_LINE for line in text.splitlines()):
        return None
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + ATTRIBUTES_LINE + "\n", encoding="utf-8")
    return path


# -- merging a file ------------------------------------------------------------------------


def run_merge_driver(base: Path, ours: Path, theirs: Path, rel_path: str) -> int:
    """What ``runnerup merge-driver %O %A %B %P`` does: merge into ``ours``; 0 clean, 1 conflict.

    A version that is not a readable YAML mapping falls back to git's line merge, which
    marks conflicts as usual; either way nothing is dropped silently.
    """
    raw_base, raw_ours, raw_theirs = base.read_bytes(), ours.read_bytes(), theirs.read_bytes()
    try:
        result = merge_files(raw_base, raw_ours, raw_theirs, rel_path)
    except (InvalidFile, RunnerupError, ValueError, RecursionError):
        fallback = subprocess.run(["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
                                   str(ours), str(base), str(theirs)], capture_output=True)
        return 0 if fallback.returncode == 0 else 1
    from .yamldoc import atomic_write

    atomic_write(ours, result.text)
    return 0 if result.clean else 1


def unmerged_paths(repo: GitRepo) -> list[str]:
    """Paths git still considers in conflict (relative to the work tree)."""
    out = repo.run("diff", "--name-only", "--diff-filter=U", check=False)
    return [line for line in out.splitlines() if line]


def conflict_problems(repo: GitRepo, library_root: Path) -> list[Problem]:
    """Each unresolved merge in the library as a problem, also when the file has no markers."""
    found = []
    for rel in unmerged_paths(repo):
        path = repo.work_tree / rel
        try:
            lib_rel = path.resolve().relative_to(library_root).as_posix()
        except ValueError:
            continue
        stages = _stages(repo, rel)
        if 1 in stages and (2 not in stages or 3 not in stages):
            message = "unresolved merge conflict: deleted on one side, changed on the other"
        elif not path.exists():
            message = "unresolved merge conflict: the file is missing"
        elif has_conflict_markers(path.read_bytes()):
            continue  # the file's own check reports the markers with their line
        else:
            message = "unresolved merge conflict: git has not been told it is resolved (git add, then commit)"
        found.append(Problem(lib_rel, 1, 1, "error", message))
    return found


def _stages(repo: GitRepo, rel: str) -> set[int]:
    """Which index stages git holds for an unmerged path (1 base, 2 ours, 3 theirs)."""
    out = repo.run("ls-files", "--unmerged", "--", rel, check=False)
    return {int(line.split()[2]) for line in out.splitlines() if len(line.split()) >= 3}


def remerge_without_markers(repo: GitRepo) -> list[str]:
    """Redo merges that a broken or missing driver left as "our side only".

    git then reports a conflict but writes no markers, and committing would silently drop
    their changes. The three versions are still in the index (stages 1, 2 and 3).
    """
    fixed = []
    for rel in unmerged_paths(repo):
        path = repo.work_tree / rel
        if not rel.endswith(".yaml") or not path.exists() or has_conflict_markers(path.read_bytes()):
            continue
        stages = {}
        for stage in (1, 2, 3):
            shown = subprocess.run(["git", "show", f":{stage}:{rel}"], cwd=repo.work_tree, capture_output=True)
            stages[stage] = shown.stdout if shown.returncode == 0 else b""
        if not stages[2] or not stages[3]:
            continue
        try:
            result = merge_files(stages[1], stages[2], stages[3], rel)
        except (InvalidFile, RunnerupError, ValueError, RecursionError):
            continue
        from .yamldoc import atomic_write

        atomic_write(path, result.text)
        if result.clean:
            repo.run("add", "--", rel)
        fixed.append(rel)
    return fixed


# -- sync ------------------------------------------------------------------------------------


@dataclass
class SyncResult:
    committed: list[str] = field(default_factory=list)  # hand edits committed first
    pulled: int = 0  # commits that came in
    pushed: int = 0  # commits that went out
    conflicts: list[str] = field(default_factory=list)
    message: str = ""


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
    out = repo.run("status", "--porcelain", "--untracked-files=all", "--", rel_root, check=False)
    paths = []
    for line in out.splitlines():
        status, path = line[:2], line[3:].split(" -> ")[-1].strip('"')
        if status.strip() and (path.endswith(".yaml") or path.endswith(".gitattributes")
                               or path.endswith(".schema.json")):
            paths.append(path)
    return paths


def status(repo: GitRepo, library_root: Path) -> SyncStatus:
    """Ahead/behind the upstream (as of the last fetch), hand edits, last sync time."""
    upstream = repo.run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False) or None
    ahead = behind = 0
    if upstream:
        counts = repo.run("rev-list", "--left-right", "--count", "HEAD...@{u}", check=False).split()
        if len(counts) == 2:
            ahead, behind = int(counts[0]), int(counts[1])
    stamp = git_dir(repo.work_tree) / "runnerup" / "last-sync"
    last = dt.datetime.fromtimestamp(stamp.stat().st_mtime) if stamp.exists() else None
    return SyncStatus(repo.branch(), upstream, ahead, behind, library_changes(repo, library_root), last)


def sync(repo: GitRepo, library_root: Path, *, commit_hand_edits: bool = True,
         check_file=None) -> SyncResult:  # noqa: ANN001 - check_file(path) -> list[Problem]
    """Commit hand edits, pull (merge), push. Raises :class:`GitError` with one clear sentence.

    Local commits are never lost: a failed pull or push leaves them in place. Files with
    errors are not committed (``check_file`` tells), so a broken file never reaches the team.
    """
    result = SyncResult()
    repo.identity()
    if repo.run("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False):
        remerge_without_markers(repo)  # a merge git made without (a working) runnerup driver
        if unmerged_paths(repo):
            raise GitError("a merge is still in progress; resolve the files listed by `runnerup check`, then sync")
        repo.run("commit", "--no-edit", "--quiet")
    edits = library_changes(repo, library_root)
    if edits and commit_hand_edits:
        if check_file is not None:
            broken = [p for rel in edits for p in check_file(repo.work_tree / rel) if p.severity == "error"]
            if broken:
                raise GitError(f"not syncing: {broken[0]} — fix it first (runnerup check lists all)")
        names = ", ".join(Path(p).stem for p in edits[:3]) + (f" and {len(edits) - 3} more" if len(edits) > 3 else "")
        repo.commit_paths([repo.work_tree / p for p in edits], f"Commit hand edits: {names}")
        result.committed = edits
    remote, branch = _remote_and_branch(repo)
    before = repo.run("rev-parse", "HEAD", check=False)
    for attempt in range(3):
        _pull(repo, remote, branch, result)
        if result.conflicts:
            raise GitError(f"merge conflicts in {', '.join(result.conflicts)}: resolve them "
                           "(runnerup check lists them), then sync again; nothing was pushed")
        ahead = repo.run("rev-list", "--count", f"{remote}/{branch}..HEAD", check=False) if _has_remote_branch(
            repo, remote, branch) else repo.run("rev-list", "--count", "HEAD")
        if ahead.strip() in ("", "0"):
            break
        pushed = repo.call("push", "--porcelain", "-u", remote, f"HEAD:refs/heads/{branch}",
                           timeout=NETWORK_TIMEOUT, check=False)
        if pushed.returncode == 0:
            result.pushed = int(ahead)
            break
        if "[rejected]" in pushed.stdout or "rejected" in pushed.stderr or "fetch first" in pushed.stderr:
            continue  # someone pushed in between: pull again, then push
        raise GitError(_network_message("push", remote, pushed.stderr))
    else:
        raise GitError(f"push to {remote} was rejected three times; your commits are kept locally, try again")
    result.pulled = _count_new(repo, before)
    stamp = git_dir(repo.work_tree) / "runnerup" / "last-sync"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    return result


def _remote_and_branch(repo: GitRepo) -> tuple[str, str]:
    branch = repo.branch()
    if branch == "(detached)":
        raise GitError("HEAD is detached; check out a branch before syncing")
    remote = repo.run("config", "--get", f"branch.{branch}.remote", check=False)
    if not remote:
        remotes = repo.run("remote", check=False).split()
        if not remotes:
            raise GitError("no remote to sync with: add the team's repository with "
                           "`git remote add origin URL`, then sync again")
        remote = "origin" if "origin" in remotes else remotes[0]
    merge_ref = repo.run("config", "--get", f"branch.{branch}.merge", check=False)
    return remote, merge_ref.removeprefix("refs/heads/") or branch


def _has_remote_branch(repo: GitRepo, remote: str, branch: str) -> bool:
    return bool(repo.run("rev-parse", "-q", "--verify", f"refs/remotes/{remote}/{branch}", check=False))


def _pull(repo: GitRepo, remote: str, branch: str, result: SyncResult) -> None:
    fetched = repo.call("fetch", "--quiet", remote, timeout=NETWORK_TIMEOUT, check=False)
    if fetched.returncode != 0:
        raise GitError(_network_message("fetch", remote, fetched.stderr))
    if not _has_remote_branch(repo, remote, branch):
        return  # an empty remote: the push creates the branch
    merged = repo.call("merge", "--no-edit", f"{remote}/{branch}", timeout=NETWORK_TIMEOUT, check=False)
    if merged.returncode == 0:
        return
    remerge_without_markers(repo)
    result.conflicts = unmerged_paths(repo)
    if not result.conflicts:
        repo.run("commit", "--no-edit", "--quiet")  # every conflict was a driver failure we redid
        return
    if "CONFLICT" not in merged.stdout + merged.stderr:
        raise GitError(f"git merge: {merged.stderr.strip().splitlines()[0] if merged.stderr.strip() else 'failed'}")


def _count_new(repo: GitRepo, before: str) -> int:
    if not before:
        return 0
    out = repo.run("rev-list", "--count", "--no-merges", f"{before}..HEAD", check=False)
    return int(out) if out.isdigit() else 0


def _network_message(action: str, remote: str, stderr: str) -> str:
    text = stderr.lower()
    if any(s in text for s in ("authentication failed", "could not read username", "permission denied",
                               "terminal prompts disabled", "403", "401", "could not read password")):
        why = "the remote refused our credentials (or asked for a password, which runnerup never types)"
    elif any(s in text for s in ("could not resolve host", "unable to access", "connection timed out",
                                 "network is unreachable", "connection refused", "no route to host")):
        why = "the remote cannot be reached (offline?)"
    elif "does not appear to be a git repository" in text or "not found" in text:
        why = "the remote repository does not exist or is not a git repository"
    else:
        why = stderr.strip().splitlines()[-1] if stderr.strip() else "failed"
    return f"{action} {remote}: {why}; your local commits are kept"


# -- history ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    """Who made a commit and when: a side of a conflict, or the person whose value a merge kept."""

    name: str
    email: str
    date: str  # "YYYY-MM-DD HH:MM", in the author's own time zone
    commit: str


@dataclass
class Settled:
    """How a merge settled one value both sides had changed."""

    path: tuple[Any, ...]  # where the value is, as in ``merge.Conflict.path``; () is the whole file
    kept: str  # "ours" (the merging clone's value), "theirs" (the merged-in value) or "new" (written by hand)
    value: Any  # the value the merge holds; None when it is not there (for the whole file: True if kept)
    by: Author | None = None  # whose value was kept (None for a new value)


@dataclass
class Change:
    commit: str
    author: str
    date: str
    message: str
    diff: str = ""
    merge: bool = False  # a merge commit: ``diff`` is against its first parent (the merging clone)
    conflicted: bool = False  # git could not merge this file alone: ``author`` resolved it
    resolved: list[Settled] = field(default_factory=list)  # the values changed two ways, as settled


def field_words(path: tuple[Any, ...]) -> str:
    """A value's place as a person reads it: ``rating``, ``contact.email``, ``history[2].summary``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "the file"


def value_words(value: Any, path: tuple[Any, ...] = (), limit: int = 0) -> str:
    """A value on one line; ``None`` is a value that is not there (a deleted history entry).

    ``limit`` > 0 shortens it with an ellipsis. Escaping for a terminal is the caller's.
    """
    if value is None:
        return "(deleted)" if path and isinstance(path[-1], int) else "(not there)"
    if isinstance(value, dict):
        text = ", ".join(f"{k}: {value_words(v)}" for k, v in value.items())
    elif isinstance(value, list):
        text = "[" + ", ".join(value_words(v) for v in value) + "]"
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if limit <= 0 or len(text) <= limit else text[: limit - 1] + "…"


def settled_words(item: Settled) -> str:
    """How a merge settled one value: ``kept Alice Recruiter's value for fit (pursue)``."""
    name = item.by.name if item.by else "one side"
    if not item.path:
        return f"kept the file as {name} changed it" if item.value else f"deleted the file as {name} did"
    value = value_words(item.value, item.path, 60)
    if item.kept == "new" or item.by is None:
        return f"wrote a new value for {field_words(item.path)} ({value})"
    return f"kept {item.by.name}'s value for {field_words(item.path)} ({value})"


def merge_words(change: Change) -> str:
    """What a merge did to the file, for a person: whose value it kept where both changed one."""
    if not change.merge:
        return ""
    if not change.conflicted:
        return "merge: both sides' changes combined, no conflict in this file"
    if not change.resolved:
        return f"resolved a conflict by hand: {change.author}"
    return "resolved a conflict: " + "; ".join(settled_words(item) for item in change.resolved)


_DATE = "--date=format:%Y-%m-%d %H:%M"
_SEP = "\x1f"


def file_history(repo: GitRepo, path: Path, with_diff: bool = False, limit: int = 200) -> list[Change]:
    """The commits that changed ``path``, newest first, merges included.

    A merge is listed when it changed the file as the merging clone had it, or when it
    settled a conflict in it (even by keeping that clone's own value); its diff is against
    the first parent and ``resolved`` says whose value it kept for each conflicting field.
    ``--follow`` would hide merges, so renames are not followed.
    """
    rel = os.path.relpath(path, repo.work_tree)
    fmt = _SEP.join(["%H", "%P", "%an", "%ad", "%s"])
    out = repo.run("log", "--full-history", "--diff-merges=first-parent", f"-n{limit}", _DATE,
                   f"--format=\x1e{fmt}", "-p", "--unified=1", "--", rel, check=False)
    changes = []
    cache = _MergeCache(repo)
    for chunk in out.split("\x1e")[1:]:
        head, _, diff = chunk.partition("\n")
        sha, parents, author, date, message = (head.split(_SEP) + [""] * 5)[:5]
        change = Change(sha, author, date, message, diff.strip("\n") if with_diff else "")
        if len(parents.split()) > 1:
            change.merge = True
            if not cache.fill(change, rel):
                first, second = parents.split()[:2]
                _explain_merge(repo, rel, change, first, second)
                cache.keep(change, rel)
            if not diff.strip() and not change.conflicted:
                continue  # the file came out as this clone had it: nothing changed here
        changes.append(change)
    cache.save()
    return changes


class _MergeCache:
    """What each merge did to a file, kept in ``.git/runnerup/``: a commit never changes, and
    working it out re-reads three versions of the file (≈ 0.1–0.3 s a merge).
    """

    def __init__(self, repo: GitRepo) -> None:
        self.path = git_dir(repo.work_tree) / "runnerup" / "merges-v1.json"  # v2 when merge rules change
        self.changed = False
        try:
            self.known: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}  # none yet, or unreadable: worked out again
        if not isinstance(self.known, dict):
            self.known = {}

    def fill(self, change: Change, rel: str) -> bool:
        entry = self.known.get(f"{change.commit}:{rel}")
        try:
            change.conflicted = bool(entry["conflicted"])
            change.resolved = [Settled(tuple(s["path"]), s["kept"], s["value"],
                                       Author(**s["by"]) if s["by"] else None) for s in entry["resolved"]]
        except (TypeError, KeyError, ValueError):
            change.conflicted, change.resolved = False, []
            return False
        return True

    def keep(self, change: Change, rel: str) -> None:
        entry = {"conflicted": change.conflicted, "resolved": [asdict(s) for s in change.resolved]}
        self.known[f"{change.commit}:{rel}"] = json.loads(json.dumps(entry, default=str))
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        from .yamldoc import atomic_write

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(self.known).encode("utf-8"))
        except OSError:
            pass  # only a cache: the next look works it out again


def _explain_merge(repo: GitRepo, rel: str, change: Change, first: str, second: str) -> None:
    """Fill ``conflicted`` and ``resolved`` by re-running the merge of the two parents."""
    base = repo.run("merge-base", first, second, check=False).split()
    ours, theirs = _blob_id(repo, first, rel), _blob_id(repo, second, rel)
    old = _blob_id(repo, base[0], rel) if base else None
    if old is not None and old not in (ours, theirs) and (ours is None) != (theirs is None):
        # deleted on one side, changed on the other: the merger kept the file or deleted it
        kept_file = _blob_id(repo, change.commit, rel) is not None
        kept = "ours" if kept_file == (ours is not None) else "theirs"
        change.conflicted = True
        by = _last_touch(repo, first if kept == "ours" else second, rel)
        change.resolved.append(Settled((), kept, True if kept_file else None, by))
        return
    if ours is None or theirs is None or ours == theirs or old in (ours, theirs):
        return  # at most one side changed the file: git merged it alone
    raw = [_show(repo, rev, rel) for rev in (base[0] if base else None, first, second, change.commit)]
    if raw[1] is None or raw[2] is None or raw[3] is None:
        return
    try:
        result = merge_files(raw[0] or b"", raw[1], raw[2], rel)
        if not result.conflicts:
            return
        merged_data = _data(raw[3], rel)
        ours_data = _data(raw[1], rel)
    except (InvalidFile, RunnerupError, ValueError, RecursionError):
        change.conflicted = True  # a version is not YAML: someone merged it by hand
        return
    change.conflicted = True
    by = {"ours": _last_touch(repo, first, rel), "theirs": _last_touch(repo, second, rel)}
    for conflict in result.conflicts:
        value = _value_at(merged_data, ours_data, conflict.path)
        if _equal(value, conflict.ours):
            kept = "ours"
        elif _equal(value, conflict.theirs):
            kept = "theirs"
        else:
            kept = "new"
        change.resolved.append(Settled(conflict.path, kept, value, by.get(kept)))


def _equal(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) and (a is None) == (b is None)
    except Exception:  # noqa: BLE001 - odd YAML values that cannot be compared are "different"
        return False


def _data(raw: bytes, rel: str) -> Any:
    from .yamldoc import Document

    return Document(None, rel, raw, None).data  # type: ignore[arg-type]


def _value_at(data: Any, ours: Any, path: tuple[Any, ...]) -> Any:
    """The value at ``path`` (a path in ``ours``) in ``data``; list entries are found by their id."""
    for key in path:
        if isinstance(key, int):
            if not isinstance(data, list) or not isinstance(ours, list) or key >= len(ours):
                return None
            wanted = ours[key]
            ours = wanted
            entry_id = wanted.get("id") if isinstance(wanted, dict) else None
            if entry_id is not None:
                data = next((x for x in data if isinstance(x, dict) and x.get("id") == entry_id), None)
            else:
                data = data[key] if key < len(data) else None
        else:
            if not isinstance(data, dict):
                return None
            data, ours = data.get(key), ours.get(key) if isinstance(ours, dict) else None
        if data is None:
            return None
    return data


def _blob_id(repo: GitRepo, rev: str, rel: str) -> str | None:
    return repo.run("rev-parse", "-q", "--verify", f"{rev}:{rel}", check=False) or None


def _show(repo: GitRepo, rev: str | None, rel: str) -> bytes | None:
    """The file as it was in ``rev`` (for reading values: line endings are not kept exactly)."""
    if rev is None:
        return None
    try:
        shown = repo.call("show", f"{rev}:{rel}", check=False)
    except UnicodeDecodeError:
        return None  # not UTF-8: not a file runnerup could have merged
    return shown.stdout.encode("utf-8") if shown.returncode == 0 else None


def _last_touch(repo: GitRepo, rev: str, rel: str) -> Author | None:
    """The newest commit reachable from ``rev`` that changed ``rel``: that side's author and date."""
    out = repo.run("log", "-1", _DATE, f"--format=%H{_SEP}%an{_SEP}%ae{_SEP}%ad", rev, "--", rel, check=False)
    parts = out.split(_SEP)
    return Author(parts[1], parts[2], parts[3], parts[0]) if len(parts) == 4 else None


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


def _stage(repo: GitRepo, stage: int, rel: str) -> bytes | None:
    shown = subprocess.run(["git", "show", f":{stage}:{rel}"], cwd=repo.work_tree, capture_output=True)
    return shown.stdout if shown.returncode == 0 else None


# The commit whose changes stage 3 holds, by operation. In a rebase stage 2 ("ours") is the
# upstream being rebased onto and stage 3 the clone's own commit being replayed.
_THEIR_HEADS = (("MERGE_HEAD", "merge"), ("REBASE_HEAD", "rebase"), ("CHERRY_PICK_HEAD", "cherry-pick"),
                ("REVERT_HEAD", "revert"))


def _sides(repo: GitRepo, rel: str) -> tuple[Author | None, Author | None, str]:
    """Who last changed ``rel`` on each side of the stopped operation, and which operation it is."""
    theirs, operation = None, "merge"
    for head, name in _THEIR_HEADS:
        sha = repo.run("rev-parse", "-q", "--verify", head, check=False).split()
        if sha:
            theirs, operation = _last_touch(repo, sha[0], rel), name
            break
    else:
        rebasing = [d for d in ("rebase-merge", "rebase-apply") if (git_dir(repo.work_tree) / d).is_dir()]
        if rebasing:
            operation = "rebase"
    return _last_touch(repo, "HEAD", rel), theirs, operation


def read_conflict(repo: GitRepo, rel: str) -> ConflictFile:
    """What is left to decide in an unmerged file, field by field, and who changed each side."""
    base, ours, theirs = (_stage(repo, n, rel) for n in (1, 2, 3))
    if base is None and ours is None and theirs is None:
        raise GitError(f"{rel} is not in conflict (any more): nothing to resolve")
    ours_by, theirs_by, operation = _sides(repo, rel)
    found = ConflictFile(rel, [], ours_by=ours_by, theirs_by=theirs_by, operation=operation)
    path = repo.work_tree / rel
    found.markers_gone = path.is_file() and not has_conflict_markers(path.read_bytes())
    if ours is None or theirs is None:
        found.deleted_by = "ours" if ours is None else "theirs"
        return found
    try:
        result = merge_files(base or b"", ours, theirs, rel)
    except (InvalidFile, RunnerupError, ValueError, RecursionError):
        found.unreadable = True
        return found
    found.conflicts = result.conflicts
    return found


def resolve_conflict(repo: GitRepo, rel: str, take: dict, keep_file: bool = True) -> str | None:
    """Write the merge with each conflict settled as ``take`` says, mark it resolved, and,
    when it was the last one, commit the merge. Returns the merge commit (None if more remain).

    For a file deleted on one side, ``keep_file`` chooses between the changed file and
    the deletion.
    """
    from .yamldoc import atomic_write

    repo.identity()
    path = repo.work_tree / rel
    base, ours, theirs = (_stage(repo, n, rel) for n in (1, 2, 3))
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
            line = next(n for n, text in enumerate(raw.splitlines(), 1) if text.startswith((b"<<<<<<<", b"=======",
                                                                                         b">>>>>>>")))
            raise GitError(f"{rel}:{line}: still has conflict markers; settle the value and remove the "
                           "<<<<<<< ======= >>>>>>> lines")
        repo.run("add", "--", rel)
    else:
        repo.run("rm", "--quiet", "--cached", "--ignore-unmatch", "--", rel)
    return _conclude(repo)


def _conclude(repo: GitRepo) -> str | None:
    """Commit the merge once no file is left unmerged; the new commit, else None."""
    if unmerged_paths(repo):
        return None
    if repo.run("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False):
        repo.run("commit", "--no-edit", "--quiet")
        return repo.run("rev-parse", "HEAD")
    return None
