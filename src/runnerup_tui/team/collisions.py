"""Two clones that each add someone under the same id: before sync merges, ours moves to a free id.

Ids are readable slugs of names, so two recruiters who each add a "Li Na" both write
``candidates/li-na.yaml``. Merged as one file, two people would become one record. Ours
was never pushed, so sync renames it, in a commit of its own, to the next id free on both
sides; git then merges two different files. The same person added twice (a shared email,
phone or LinkedIn) keeps its id and is merged field by field as usual.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runnerup_tui.domain.names import numbered
from runnerup_tui.domain.problems import RunnerupError
from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.store.parsing import load_plain
from runnerup_tui.team.git import GitRepo

FOLDERS = {"candidates": "candidate", "openings": "opening"}
_NUMBERED = re.compile(r"^(.*)-(\d+)$")


@dataclass(frozen=True)
class Renamed:
    """A record of ours that sync moved to a new id because the team had another under the old one."""

    kind: str  # "candidate" or "opening"
    old_id: str
    new_id: str
    name: str  # the person's name, or the opening's title
    contact: str = ""  # what tells this person from the other one: email, phone or LinkedIn

    def sentence(self) -> str:
        """One line for the person who synced: "Li Na (li.na@b.example) is now li-na-2"."""
        who = self.name + (f" ({self.contact})" if self.contact else "")
        what = "the opening " if self.kind == "opening" else ""
        return visible_line(f"{what}{who} is now {self.new_id}: the team already had another {self.old_id}")


def rename_added_twice(repo: GitRepo, library_root: Path, upstream: str) -> list[Renamed]:
    """Rename each record we added that ``upstream`` also added with someone else in it; one commit each.

    Call after fetching and before merging ``upstream``. Files either side cannot read, the
    same person on both sides, and files with uncommitted edits are left to the merge.
    """
    base = repo.run("merge-base", "HEAD", upstream, check=False)
    if not base:
        return []  # unrelated histories: git refuses that merge anyway
    prefix = os.path.relpath(library_root, repo.work_tree).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    folders = [prefix + folder for folder in FOLDERS]
    ours, theirs = _added(repo, base, "HEAD", folders), _added(repo, base, upstream, folders)
    twice = sorted(path for path in ours.keys() & theirs.keys() if ours[path] != theirs[path])
    if not twice:
        return []
    taken = _listed(repo, "HEAD", folders) | _listed(repo, upstream, folders)
    renamed = []
    for path in twice:
        folder, _, file_name = path.rpartition("/")
        kind = FOLDERS[folder.rpartition("/")[2]]
        mine, other = _read(repo, ours[path]), _read(repo, theirs[path])
        if mine is None or other is None or same_person_or_opening(kind, mine, other):
            continue
        if repo.run("status", "--porcelain", "--", path, check=False):
            continue  # uncommitted edits: moving the file would commit them unasked
        old_id = file_name.removesuffix(".yaml")
        new_id = _free_id(old_id, folder, taken, repo.work_tree)
        taken.add(f"{folder}/{new_id}.yaml")
        name = _label(kind, mine, old_id)
        new_path = f"{folder}/{new_id}.yaml"
        repo.run("mv", "--", path, new_path)
        changed = [path, new_path]
        if kind == "opening":
            changed += _repoint_touchpoints(repo, f"{prefix}candidates", old_id, new_id)
        other_one = f"another {visible_line(' '.join(name.split()))}" + (" opening" if kind == "opening" else "")
        try:
            repo.commit_paths(
                [repo.work_tree / p for p in changed], f"Rename {old_id} to {new_id}: the team already has {other_one}"
            )
        except RunnerupError:
            _undo(repo, changed, new_path)
            raise
        renamed.append(Renamed(kind, old_id, new_id, name, _contact(mine) if kind == "candidate" else ""))
    return renamed


def _added(repo: GitRepo, base: str, target: str, folders: list[str]) -> dict[str, str]:
    """Record files added between ``base`` and ``target``: work-tree path -> blob id."""
    out = repo.run(
        "diff",
        "--raw",
        "--no-renames",
        "--no-abbrev",
        "-z",
        "--diff-filter=A",
        base,
        target,
        "--",
        *folders,
        check=False,
    )
    fields = out.split("\0")
    added = {}
    for meta, path in zip(fields[::2], fields[1::2]):
        parts = meta.split()
        if len(parts) >= 4 and path.endswith(".yaml") and path.rpartition("/")[0] in folders:
            added[path] = parts[3]
    return added


def _listed(repo: GitRepo, target: str, folders: list[str]) -> set[str]:
    out = repo.run("ls-tree", "-z", "--name-only", target, "--", *[f + "/" for f in folders], check=False)
    return {p for p in out.split("\0") if p}


def _read(repo: GitRepo, blob: str) -> dict[str, Any] | None:
    shown = repo.call("cat-file", "blob", blob, check=False)
    if shown.returncode != 0:
        return None
    try:
        data = load_plain(shown.stdout)
    except Exception:  # noqa: BLE001 - any unreadable side is left to the merge, which reports it
        return None
    return data if isinstance(data, dict) else None


def same_person_or_opening(kind: str, mine: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether two records added under one id are the same person (or the same opening)."""
    if kind == "opening":
        return all(_folded(mine.get(key)) == _folded(other.get(key)) for key in ("title", "team", "location"))
    return bool(_identities(mine) & _identities(other))


def _identities(data: dict[str, Any]) -> set[tuple[str, str]]:
    """What identifies a person whoever typed it: email (any case), phone digits, LinkedIn profile."""
    contact = data.get("contact")
    if not isinstance(contact, dict):
        return set()
    found = set()
    if email := _folded(contact.get("email")):
        found.add(("email", email))
    digits = re.sub(r"\D", "", str(contact.get("phone") or ""))
    if len(digits) >= 6:
        found.add(("phone", digits))
    if profile := _folded(contact.get("linkedin")):
        profile = re.sub(r"^(https?://)?(www\.|[a-z]{2}\.)?", "", profile).split("?")[0].rstrip("/")
        found.add(("linkedin", profile))
    return found


def _folded(value: Any) -> str:
    return " ".join(str(value).split()).casefold() if value not in (None, "") else ""


def _free_id(old_id: str, folder: str, taken: set[str], work_tree: Path) -> str:
    """The next numbered id that neither side has, nor an untracked file in the work tree."""
    match = _NUMBERED.match(old_id)
    base, n = (match.group(1), int(match.group(2))) if match else (old_id, 1)
    while True:
        n += 1
        candidate = numbered(base, n)
        if f"{folder}/{candidate}.yaml" not in taken and not (work_tree / folder / f"{candidate}.yaml").exists():
            return candidate


def _label(kind: str, data: dict[str, Any], fallback: str) -> str:
    return str(data.get("title" if kind == "opening" else "name") or fallback)


def _contact(data: dict[str, Any]) -> str:
    contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
    return next((str(contact[k]) for k in ("email", "phone", "linkedin") if contact.get(k)), "")


def _repoint_touchpoints(repo: GitRepo, candidates: str, old_id: str, new_id: str) -> list[str]:
    """Point our touchpoints at a renamed opening; the files changed (work-tree paths).

    Every ``opening: OLD`` on our side means our opening: the team's did not exist here yet.
    """
    from runnerup_tui.domain.model import Candidate
    from runnerup_tui.store.yamldoc import Document

    hits = repo.run("grep", "-l", "-z", "-F", "-e", old_id, "--", candidates, check=False)
    changed = []
    for rel in [p for p in hits.split("\0") if p.endswith(".yaml")]:
        try:
            doc = Document.open(repo.work_tree / rel, rel, Candidate)
        except (RunnerupError, OSError):
            continue  # a broken file keeps its text; `check` reports the file
        items = [
            item for item in doc.data.get("history") or [] if isinstance(item, dict) and item.get("opening") == old_id
        ]
        for item in items:
            item["opening"] = new_id
        if items:
            doc.save()
            changed.append(rel)
    return changed


def _undo(repo: GitRepo, changed: list[str], new_path: str) -> None:
    """Put the work tree back as HEAD has it when the rename could not be committed."""
    repo.call("reset", "-q", "HEAD", "--", *changed, check=False)
    (repo.work_tree / new_path).unlink(missing_ok=True)
    repo.call("checkout", "HEAD", "--", *[p for p in changed if p != new_path], check=False)
