"""What a recruiter does to the library, each as load → change → save → commit.

Shared by the CLI and the TUI. Each action writes one file atomically and, when the
library is in a git work tree, makes one commit holding only that file, authored by the
configured git identity (checked before anything is written).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from .gitrepo import GitRepo, Identity
from .library import Library
from .model import Candidate, Fit, TouchpointKind
from .names import slugify
from .parsing import parse_record
from .problems import GitError, InvalidFile, UsageError
from .yamldoc import Document, append_to_list, atomic_write, new_document_bytes


@dataclass(frozen=True)
class Written:
    """The outcome of an action: the file it wrote and the commit (None outside git)."""

    path: Path
    commit: str | None
    id: str


def _repo_and_identity(library: Library) -> tuple[GitRepo | None, Identity | None]:
    repo = GitRepo.for_path(library.root)
    return (repo, repo.identity()) if repo else (None, None)


def _commit(library: Library, repo: GitRepo | None, path: Path, message: str) -> str | None:
    library.index.update([path.relative_to(library.root).as_posix()])
    if repo is None:
        return None
    try:
        return repo.commit_paths([path], message)
    except GitError as err:
        raise GitError(f"{path.relative_to(library.root)} was saved but not committed: {err}") from None


def new_touchpoint_id(taken: set[str]) -> str:
    """A short random id, unique in the file; random so that two clones never collide."""
    while True:
        candidate = f"t-{secrets.token_hex(4)}"
        if candidate not in taken:
            return candidate


def _text(value: str) -> str:
    return LiteralScalarString(value.rstrip("\n") + "\n") if "\n" in value.strip("\n") else value


def add_candidate(library: Library, name: str, *, role: str | None = None, email: str | None = None,
                  skills: list[str] | None = None, fit: Fit | None = None, headline: str | None = None,
                  owner: str | None = None) -> Written:
    """Create ``candidates/<slug>.yaml`` for a new person; the slug is made unique."""
    name = " ".join(name.split())
    if not name:
        raise UsageError("a candidate needs a name")
    repo, identity = _repo_and_identity(library)
    data = CommentedMap(name=name)
    if headline:
        data["headline"] = headline
    if email:
        data["contact"] = CommentedMap(email=email)
    if role:
        data["interviews"] = [CommentedMap(role=role, date=dt.date.today())]
    if fit:
        data["fit"] = fit.value
    if skills:
        data["skills"] = [s.strip() for s in skills if s.strip()]
    data["owner"] = owner or (identity.name if identity else None)
    if data["owner"] is None:
        del data["owner"]
    raw = new_document_bytes(data)
    base = slugify(name)
    folder = library.root / "candidates"
    folder.mkdir(parents=True, exist_ok=True)
    cid, n = base, 1
    while (folder / f"{cid}.yaml").exists() or cid in library.index.candidates:
        n += 1
        cid = f"{base}-{n}"
    rel = f"candidates/{cid}.yaml"
    parsed = parse_record(raw, rel, Candidate)
    if not parsed.ok:
        raise InvalidFile(parsed.problems)
    path = folder / f"{cid}.yaml"
    atomic_write(path, raw)
    commit = _commit(library, repo, path, f"Add candidate {name}")
    return Written(path, commit, cid)


def log_touchpoint(library: Library, ref: str, kind: TouchpointKind, *, summary: str | None = None,
                   date: dt.date | None = None, by: str | None = None, opening: str | None = None) -> Written:
    """Append a touchpoint to a candidate's history; returns the new touchpoint's id."""
    entry = library.find(ref)
    if opening:
        opening = library.find_opening(opening).id
    repo, identity = _repo_and_identity(library)
    path = library.candidate_path(entry.id)
    doc = Document.open(path, f"candidates/{entry.id}.yaml", Candidate)
    history = doc.data.get("history") or []
    taken = {str(item.get("id")) for item in history if isinstance(item, dict) and item.get("id")}
    item = CommentedMap()
    item["id"] = new_touchpoint_id(taken)
    item["date"] = date or dt.date.today()
    item["kind"] = kind.value
    who = by or (identity.name if identity else None)
    if who:
        item["by"] = who
    if summary and summary.strip():
        item["summary"] = _text(summary.strip())
    if opening:
        item["opening"] = opening
    append_to_list(doc.data, "history", item)
    doc.save()
    name = str(doc.data.get("name", entry.name))
    what = {"note": "Add note on", "presented": "Present", "career-update": "Note career update of"}
    verb = what.get(kind.value, f"Log {kind.value} with")
    message = f"{verb} {name}" + (f" for {opening}" if opening and kind is TouchpointKind.PRESENTED else "")
    commit = _commit(library, repo, path, message)
    return Written(path, commit, item["id"])
