"""Sharing a library through a git remote: the merge driver, sync, status and history.

The team's remote is plain git; what makes it pleasant is the merge driver (``merge.py``)
that git calls for every ``*.yaml`` file, installed into the clone's own ``.git/config``
(never through an include inside the repository, which a teammate could change).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .gitrepo import CommandTimedOut, GitRepo, first_line, git_dir, nul_fields, run_command
from .merge import merge_files
from .parsing import RESOLVE_IN_APP, has_conflict_markers
from .problems import GitError, InvalidFile, Problem, RunnerupError
from .write_lock import journal_file_for, lock_file_for, recover_interrupted_write, write_lock

if TYPE_CHECKING:
    from .collisions import Renamed

ATTRIBUTES_LINE = "*.yaml merge=runnerup"
T = TypeVar("T")
MERGE_TIMEOUT = 600  # a merge runs the driver once per file both sides changed
PLAIN_GIT_TIMEOUT = 60  # git:// has no low-speed limit: the overall timeout is all there is
STALE_LOCK_SECONDS = 120  # no git runnerup starts holds the index lock this long: it stops them at 60 s


def driver_command() -> str:
    """What git runs to merge a library file: this interpreter, by absolute path."""
    return f"{shlex.quote(sys.executable)} -m runnerup_tui merge-driver %O %A %B %P"


def ensure_merge_driver(repo: GitRepo, library_root: Path | None = None) -> bool:
    """Point ``merge.runnerup.driver`` of this clone at this runnerup; True when it changed.

    Runs on every open, so a moved virtualenv or a new interpreter is picked up. When
    the command changes, it is run once to prove it works before git relies on it.
    With ``library_root``, this clone's own attributes also route the library's YAML
    files to the driver (:func:`ensure_info_attributes`).
    """
    if library_root is not None:
        ensure_info_attributes(repo, library_root)
    current = repo.run("config", "--local", "--get", "merge.runnerup.driver", check=False)
    wanted = driver_command()
    if current == wanted:
        return False
    try:
        probe = run_command([sys.executable, "-m", "runnerup_tui", "merge-driver", "--check"], timeout=30)
    except (CommandTimedOut, OSError) as err:
        raise GitError(f"the merge driver does not run ({type(err).__name__}); not installed") from None
    if probe.returncode != 0:
        raise GitError(f"the merge driver does not run ({probe.stderr.decode(errors='replace').strip()[:200]}); "
                       "not installed")
    repo.run("config", "--local", "merge.runnerup.name", "runnerup: merge candidate files field by field")
    repo.run("config", "--local", "merge.runnerup.driver", wanted)
    return True


def ensure_info_attributes(repo: GitRepo, library_root: Path) -> bool:
    """Route the library's ``*.yaml`` to the driver in this clone's ``info/attributes``; True when changed.

    Field-level merges then work in a team repository whose ``.gitattributes`` nobody
    has committed yet. The file is private to the clone (the repository's common git
    dir, shared by its worktrees), so nothing here reaches the team.
    """
    common = Path(repo.run("rev-parse", "--git-common-dir"))
    path = (common if common.is_absolute() else repo.work_tree / common) / "info" / "attributes"
    rel = Path(os.path.relpath(library_root.resolve(), repo.work_tree.resolve())).as_posix()
    # a library in a sub-folder claims only its own files; an unusual folder name falls back to every *.yaml
    plain = all(c.isascii() and (c.isalnum() or c in "-_./") for c in rel) and not rel.startswith("..")
    line = ATTRIBUTES_LINE if rel == "." or not plain else f"{rel}/**/*.yaml merge=runnerup"
    text = path.read_text(encoding="utf-8", errors="surrogateescape") if path.exists() else ""
    if any(existing.strip() == line for existing in text.splitlines()):
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + line + "\n", encoding="utf-8", errors="surrogateescape")
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

    Whatever goes wrong with the field merge (a side that is not a YAML mapping, emptied,
    binary, another person, or a bug), the file falls back to a line merge that keeps both
    sides between markers and reports a conflict: never a traceback, never a side lost.
    """
    from .yamldoc import atomic_write

    try:
        raw_base, raw_ours, raw_theirs = base.read_bytes(), ours.read_bytes(), theirs.read_bytes()
    except OSError as err:
        print(f"runnerup: {rel_path}: cannot read a version to merge ({err.strerror}); left as a conflict",
              file=sys.stderr)
        return 1
    try:
        result = merge_files(raw_base, raw_ours, raw_theirs, rel_path)
        atomic_write(ours, result.text)
        return 0 if result.clean else 1
    except Exception as err:  # noqa: BLE001 - any failure: keep both sides for a person to settle
        why = str(err).splitlines()[0] if str(err) else type(err).__name__
    print(f"runnerup: {rel_path}: not merged field by field ({why}); both sides are kept between "
          "<<<<<<< and >>>>>>> lines", file=sys.stderr)
    try:
        return _merge_lines(ours, raw_ours, raw_theirs)
    except Exception as err:  # noqa: BLE001 - git then keeps the conflict; `runnerup sync` redoes the merge
        print(f"runnerup: {rel_path}: cannot write the merged file ({err}); left as a conflict", file=sys.stderr)
        return 1


def _merge_lines(ours: Path, raw_ours: bytes, raw_theirs: bytes) -> int:
    """Line merge into ``ours`` with every difference marked; 1 (a conflict) unless both sides agree.

    git's own merge keeps what only one side changed unmarked; here a version could not be
    read, so each difference from the other side is marked for a person to look at
    (comparing against an empty base). Files git cannot merge (binary) are written as
    both whole sides between markers.
    """
    from .yamldoc import atomic_write

    if raw_ours == raw_theirs:
        return 0
    ours_label, theirs_label = _side_labels()
    # a side that already holds markers gets longer ones around it, as git does in a recursive merge
    size = 9 if has_conflict_markers(raw_ours) or has_conflict_markers(raw_theirs) else 7
    try:
        with tempfile.TemporaryDirectory(prefix="runnerup-merge-") as folder:
            files = {}
            for name, raw in (("ours", raw_ours), ("empty", b""), ("theirs", raw_theirs)):
                files[name] = Path(folder) / name
                files[name].write_bytes(raw)
            merged = GitRepo(Path(folder)).call(
                "merge-file", f"--marker-size={size}", "-L", ours_label, "-L", "base", "-L", theirs_label,
                str(files["ours"]), str(files["empty"]), str(files["theirs"]), check=False)
            text = files["ours"].read_bytes()
        if 0 < merged.returncode < 128 and b"\n" + b"=" * size + b"\n" in text:
            atomic_write(ours, text)
            return 1
    except Exception:  # noqa: BLE001, S110 - git could not do it: the markers are written below
        pass
    atomic_write(ours, _both_between_markers(raw_ours, raw_theirs, ours_label, theirs_label, size))
    return 1


def _both_between_markers(raw_ours: bytes, raw_theirs: bytes, ours_label: str, theirs_label: str,
                          size: int) -> bytes:
    """Both whole versions, byte for byte, between conflict markers ``size`` characters long."""
    def block(raw: bytes) -> bytes:
        return raw if not raw or raw.endswith(b"\n") else raw + b"\n"

    return (f"{'<' * size} {ours_label}\n".encode() + block(raw_ours) + b"=" * size + b"\n"
            + block(raw_theirs) + f"{'>' * size} {theirs_label}\n".encode())


def _side_labels() -> tuple[str, str]:
    """Marker labels that say whose side is whose; a rebase replays this clone's commits as "theirs"."""
    try:
        repo = GitRepo(Path.cwd())  # git runs a merge driver at the top of the work tree
        rebasing = any(Path(repo.run("rev-parse", "--git-path", name, timeout=10)).exists()
                       for name in ("rebase-merge", "rebase-apply"))
    except Exception:  # noqa: BLE001 - only the wording of a label depends on it
        rebasing = False
    if rebasing:
        return "ours (incoming: the team's version)", "theirs (this clone's commit being rebased)"
    return "ours (this clone)", "theirs (incoming)"


def unmerged_paths(repo: GitRepo) -> list[str]:
    """Paths git still considers in conflict (relative to the work tree)."""
    return nul_fields(repo.run("diff", "--name-only", "-z", "--diff-filter=U", check=False))


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
            message = ("deleted on one side, changed on the other; in the app press p (Problems), then Enter on "
                       "this file: \"Keep the changed file\" keeps the changes, \"Delete it\" keeps the deletion")
        elif not path.exists():
            message = f"the file is missing, but git still holds both sides; {RESOLVE_IN_APP}"
        elif has_conflict_markers(path.read_bytes()):
            continue  # the file's own check reports the markers with their line and what to do
        elif path.read_bytes() != _stage(repo, 2, rel):  # a person took the markers out
            message = ("the conflict markers are gone; `runnerup sync` keeps the file as it is now and finishes "
                       "the merge")
        else:  # only our side, no markers: a merge done without a working driver; both sides are in git
            message = (f"the file shows only this clone's side, git still holds both; `runnerup sync` merges them "
                       f"again, or {RESOLVE_IN_APP}")
        found.append(Problem(lib_rel, 1, 1, "error", f"unresolved merge conflict: {message}"))
    return found


def lock_problems(repo: GitRepo, library_root: Path) -> list[Problem]:
    """git's index lock, when a git that crashed or was killed left it: every save fails until it is gone.

    A young lock is a git at work and not reported; runnerup never removes a lock it did not make.
    """
    lock = git_dir(repo.work_tree) / "index.lock"
    try:
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return []
    if age < STALE_LOCK_SECONDS:
        return []
    rel = Path(os.path.relpath(lock, library_root)).as_posix()
    return [Problem(rel, 1, 1, "error", f"git's lock file is {age / 60:.0f} min old, left by a git that crashed or "
                    f"was killed; every save fails until it is gone: if no git is running, delete {lock}")]


def _stages(repo: GitRepo, rel: str) -> set[int]:
    """Which index stages git holds for an unmerged path (1 base, 2 ours, 3 theirs)."""
    heads = [entry.partition("\t")[0].split()  # "mode sha stage<TAB>path"
             for entry in nul_fields(repo.run("ls-files", "--unmerged", "-z", "--", rel, check=False))]
    return {int(head[2]) for head in heads if len(head) >= 3}


def remerge_without_markers(repo: GitRepo) -> list[str]:
    """Redo merges that a broken or missing driver left as "our side only".

    git then reports a conflict but writes no markers, and committing would silently drop
    their changes. The three versions are still in the index (stages 1, 2 and 3). A file
    a person already settled by hand (markers gone, no longer our side as it was) is kept
    as they wrote it, and marked resolved once it reads as YAML.
    """
    from .yamldoc import Document, atomic_write

    fixed = []
    for rel in unmerged_paths(repo):
        path = repo.work_tree / rel
        if not rel.endswith(".yaml") or not path.exists() or has_conflict_markers(path.read_bytes()):
            continue
        stages = {stage: repo.show(f":{stage}:{rel}") or b"" for stage in (1, 2, 3)}
        if not stages[2] or not stages[3]:
            continue
        current = path.read_bytes()
        if current != stages[2]:  # settled by hand: never overwritten
            try:
                Document(None, rel, current, None)  # type: ignore[arg-type]
            except Exception:  # noqa: BLE001, S112 - still broken: it stays listed until fixed
                continue
            repo.run("add", "--", rel)
            fixed.append(rel)
            continue

        try:
            result = merge_files(stages[1], stages[2], stages[3], rel)
        except Exception:  # noqa: BLE001 - not mergeable field by field: both sides go in, marked
            _merge_lines(path, stages[2], stages[3])
            fixed.append(rel)
            continue
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
    left_out: list[Problem] = field(default_factory=list)  # hand edits with errors: not committed, first error each
    left_out_by_path: dict[str, Problem] = field(default_factory=dict, repr=False)  # the same, by work-tree path
    renamed: list[Renamed] = field(default_factory=list)  # ours moved to a free id: the team had that id


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
    return [path for _, path in _local_changes(repo, rel_root)
            if path.endswith((".yaml", ".gitattributes", ".schema.json"))]


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
    stamp = git_dir(repo.work_tree) / "runnerup" / "last-sync"
    last = dt.datetime.fromtimestamp(stamp.stat().st_mtime) if stamp.exists() else None
    return SyncStatus(repo.branch(), upstream, ahead, behind, library_changes(repo, library_root), last)


@contextmanager
def _library_lock(repo: GitRepo) -> Iterator[None]:
    """The write lock runnerup's own saves take: sync changes the work tree only while holding it.

    A save a killed runnerup left half-done is undone first, so it is never committed as a hand edit.
    """
    lock = lock_file_for(repo.work_tree)
    with write_lock(lock):
        recover_interrupted_write(journal_file_for(lock), repo.work_tree,
                                  lambda path: repo.show("HEAD:" + path.relative_to(repo.work_tree).as_posix()))
        yield


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _commit_local_work(repo: GitRepo, library_root: Path, result: SyncResult, commit_hand_edits: bool,
                       check_file) -> None:  # noqa: ANN001 - check_file(path) -> list[Problem]
    """Finish a merge left waiting, then commit the valid hand edits (the broken ones go to ``left_out``)."""
    if repo.run("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False):
        remerge_without_markers(repo)  # a merge git made without (a working) runnerup driver
        unmerged = unmerged_paths(repo)
        outside = [rel for rel in unmerged if not _inside(repo.work_tree / rel, library_root)]
        if outside:
            raise GitError(f"a merge is in progress and {len(outside)} file(s) outside the library are not resolved "
                           f"({', '.join(outside[:3])}{' …' if len(outside) > 3 else ''}); resolve them in your "
                           "editor and mark them resolved with `git add FILE`, then sync")
        if unmerged:
            raise GitError("a merge is still in progress; resolve the files `runnerup check` lists (in the app: p, "
                           "Problems, then Enter), then sync")
        repo.run("commit", "--no-edit", "--quiet")
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
                f" and {len(valid) - 3} more" if len(valid) > 3 else "")
            repo.commit_paths([repo.work_tree / p for p in valid], f"Commit hand edits: {names}")
            result.committed = valid


def sync(repo: GitRepo, library_root: Path, *, commit_hand_edits: bool = True,
         check_file=None) -> SyncResult:  # noqa: ANN001 - check_file(path) -> list[Problem]
    """Commit hand edits, pull (merge), push. Raises :class:`GitError` with one clear sentence.

    Local commits are never lost: a failed pull or push leaves them in place. Hand edits
    with errors (``check_file`` tells) are left uncommitted and listed in ``left_out``, so a
    broken file never reaches the team, and never keeps the team's changes from arriving.
    """
    result = SyncResult()
    repo.identity()
    with _library_lock(repo):
        _commit_local_work(repo, library_root, result, commit_hand_edits, check_file)
    remote, branch = _remote_and_branch(repo)
    before = repo.run("rev-parse", "HEAD", check=False)
    for _attempt in range(3):
        _pull(repo, remote, branch, result, library_root)
        if result.conflicts:
            raise GitError(f"merge conflicts in {', '.join(result.conflicts)}: resolve them "
                           "(runnerup check lists them), then sync again; nothing was pushed")
        ahead = repo.run("rev-list", "--count", f"{remote}/{branch}..HEAD", check=False) if _has_remote_branch(
            repo, remote, branch) else repo.run("rev-list", "--count", "HEAD")
        if ahead.strip() in ("", "0"):
            break
        pushed = repo.call("push", "--porcelain", "-u", remote, f"HEAD:refs/heads/{branch}",
                           network=True, timeout=_transfer_timeout(repo, remote), check=False)
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


def _is_record(path: Path, library_root: Path) -> bool:
    """Whether ``path`` is a file the library validates (settings, a candidate, an opening)."""
    from .index import FOLDERS, SETTINGS_FILE

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
            raise GitError("no remote to sync with: add the team's repository with "
                           "`git remote add origin URL`, then sync again")
        remote = "origin" if "origin" in remotes else remotes[0]
    merge_ref = repo.run("config", "--get", f"branch.{branch}.merge", check=False)
    return remote, merge_ref.removeprefix("refs/heads/") or branch


def _transfer_timeout(repo: GitRepo, remote: str) -> float | None:
    """The overall limit of a fetch or push; None leaves it to the low-speed limits (http, ssh)."""
    url = repo.run("config", "--get", f"remote.{remote}.url", check=False)
    return PLAIN_GIT_TIMEOUT if url.startswith("git://") else None


def _has_remote_branch(repo: GitRepo, remote: str, branch: str) -> bool:
    return bool(repo.run("rev-parse", "-q", "--verify", f"refs/remotes/{remote}/{branch}", check=False))


def _pull(repo: GitRepo, remote: str, branch: str, result: SyncResult, library_root: Path) -> None:
    fetched = repo.call("fetch", "--quiet", remote, network=True, timeout=_transfer_timeout(repo, remote),
                        check=False)
    if fetched.returncode != 0:
        raise GitError(_network_message("fetch", remote, fetched.stderr))
    if not _has_remote_branch(repo, remote, branch):
        return  # an empty remote: the push creates the branch
    with _library_lock(repo):  # the network is done: only the work tree's changes wait for saves
        _merge(repo, remote, branch, result, library_root)


def _merge(repo: GitRepo, remote: str, branch: str, result: SyncResult, library_root: Path) -> None:
    from .collisions import rename_added_twice  # only sync pays for it, not every command that opens

    result.renamed += rename_added_twice(repo, library_root, f"{remote}/{branch}")
    merged = repo.call("merge", "--no-edit", f"{remote}/{branch}", timeout=MERGE_TIMEOUT, check=False)
    if merged.returncode == 0:
        return
    if not repo.run("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False):
        raise GitError(_merge_refused(repo, f"{remote}/{branch}", merged.stderr + merged.stdout, result))
    remerge_without_markers(repo)
    result.conflicts = unmerged_paths(repo)
    if not result.conflicts:
        repo.run("commit", "--no-edit", "--quiet")  # every conflict was a driver failure we redid
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
            return (f"not pulled: your uncommitted change to {path} has an error ({problem.line}:{problem.column}: "
                    f"{problem.message}) and the team changed that file too; fix it (runnerup check shows where) "
                    "or undo it, then sync again; nothing was pushed")
    if all(status == "??" for status, _ in ours):
        return (f"your new file {shown} (not committed) is also added by the team; commit it (runnerup sync), "
                "or move it away, then sync")
    return (f"your uncommitted change to {shown} conflicts with the team's; commit it (runnerup sync) or undo it, "
            "then sync")


def _count_new(repo: GitRepo, before: str) -> int:
    if not before:
        return 0
    out = repo.run("rev-list", "--count", "--no-merges", f"{before}..HEAD", check=False)
    return int(out) if out.isdigit() else 0


def _network_message(action: str, remote: str, stderr: str) -> str:
    text = stderr.lower()
    if any(s in text for s in ("operation too slow", "server not responding", "operation timed out")):
        why = "the remote stopped answering (nothing arrived for 15 s)"
    elif any(s in text for s in ("authentication failed", "could not read username", "permission denied",
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
    return repo.show(f":{stage}:{rel}")


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


def _holding_the_lock(action: Callable[..., T]) -> Callable[..., T]:
    """Run a resolution with the library's write lock held, like every other change to the work tree."""

    @functools.wraps(action)
    def locked(repo: GitRepo, *args: Any, **kwargs: Any) -> T:
        with _library_lock(repo):
            return action(repo, *args, **kwargs)

    return locked


@_holding_the_lock
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
