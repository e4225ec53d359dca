"""A file's history as a recruiter reads it: who changed which field, and what a merge settled."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runnerup_tui.domain.problems import InvalidFile, RunnerupError
from runnerup_tui.team.git import GitRepo
from runnerup_tui.team.merge import merge_files

if TYPE_CHECKING:
    pass


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


def file_history(repo: GitRepo, path: Path, with_diff: bool = False, limit: int = 200) -> list[Change]:
    """The commits that changed ``path``, newest first, merges included.

    A merge is listed when it changed the file as the merging clone had it, or when it
    settled a conflict in it (even by keeping that clone's own value); its diff is against
    the first parent and ``resolved`` says whose value it kept for each conflicting field.
    ``--follow`` would hide merges, so renames are not followed.
    """
    rel = os.path.relpath(path, repo.work_tree)
    changes = []
    cache = _MergeCache(repo)
    for logged in repo.file_log(rel, limit, with_diff):
        date = logged.date.strftime("%Y-%m-%d %H:%M")
        change = Change(logged.sha, logged.author, date, logged.subject, logged.diff if with_diff else "")
        if len(logged.parents) > 1:
            change.merge = True
            if not cache.fill(change, rel):
                first, second = logged.parents[:2]
                _explain_merge(repo, rel, change, first, second)
                cache.keep(change, rel)
            if not logged.diff.strip() and not change.conflicted:
                continue  # the file came out as this clone had it: nothing changed here
        changes.append(change)
    cache.save()
    return changes


class _MergeCache:
    """What each merge did to a file, kept in ``.git/runnerup/``: a commit never changes, and
    working it out re-reads three versions of the file (≈ 0.1–0.3 s a merge).
    """

    def __init__(self, repo: GitRepo) -> None:
        self.path = repo.git_dir / "runnerup" / "merges-v1.json"  # v2 when merge rules change
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
            change.resolved = [
                Settled(tuple(s["path"]), s["kept"], s["value"], Author(**s["by"]) if s["by"] else None)
                for s in entry["resolved"]
            ]
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
        from runnerup_tui.store.yamldoc import atomic_write

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
        by = last_touch(repo, first if kept == "ours" else second, rel)
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
    by = {"ours": last_touch(repo, first, rel), "theirs": last_touch(repo, second, rel)}
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
    from runnerup_tui.store.yamldoc import Document

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


def last_touch(repo: GitRepo, rev: str, rel: str) -> Author | None:
    """The newest commit reachable from ``rev`` that changed ``rel``: that side's author and date."""
    found = repo.last_commit_touching(rev, rel)
    if found is None:
        return None
    sha, name, email, when = found
    return Author(name, email, when.strftime("%Y-%m-%d %H:%M"), sha)


# The first line of a merge-people commit's body (actions._merge_body): "<other> is merged into <keep> and removed."
_MERGED_INTO = re.compile(r"^(\S+) is merged into (\S+) and removed\.$", re.M)
# The commit whose changes stage 3 holds, by operation. In a rebase stage 2 ("ours") is the
# upstream being rebased onto and stage 3 the clone's own commit being replayed.
THEIR_HEADS = (
    ("MERGE_HEAD", "merge"),
    ("REBASE_HEAD", "rebase"),
    ("CHERRY_PICK_HEAD", "cherry-pick"),
    ("REVERT_HEAD", "revert"),
)


def merged_into(repo: GitRepo, rel: str, deleted_by: str) -> str | None:
    """The id ``rel`` was merged into, when the side that deleted it (``ours``/``theirs``) did so by merge-people.

    A person merged away in one clone while another clone logged a touchpoint with them: the touchpoint is
    kept by keeping the file and merging the two again, not by taking the deletion.
    """
    rev = "HEAD"
    if deleted_by == "theirs":
        rev = next((h for h, _ in THEIR_HEADS if repo.run("rev-parse", "-q", "--verify", h, check=False).strip()), "")
        if not rev:
            return None
    body = repo.run("log", "-1", "--diff-filter=D", "--format=%B", rev, "--", rel, check=False)
    for removed, keep in _MERGED_INTO.findall(body):
        if rel == removed or rel.endswith("/" + removed):
            return Path(keep).stem
    return None
