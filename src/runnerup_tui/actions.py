"""What a recruiter does to the library, each as load → change → save → commit.

Shared by the CLI and the TUI. Each action writes one file atomically and, when the
library is in a git work tree, makes one commit holding only that file, authored by the
configured git identity (checked before anything is written).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from .gitrepo import GitRepo, Identity
from .library import Library
from .model import Candidate, TouchpointKind
from .names import slugify
from .parsing import parse_record
from .problems import FileChanged, GitError, InvalidFile, UsageError
from .yamldoc import Document, append_to_list, apply_changes, atomic_write, new_document_bytes


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


def add_candidate(library: Library, data: dict[str, Any]) -> Written:
    """Create ``candidates/<slug>.yaml`` from plain field values; the slug is made unique.

    ``owner`` defaults to the git user. Raises :class:`InvalidFile` (nothing written) when
    the values do not validate.
    """
    name = " ".join(str(data.get("name") or "").split())
    if not name:
        raise UsageError("a candidate needs a name")
    repo, identity = _repo_and_identity(library)
    values = {"name": name, **{k: v for k, v in data.items() if k != "name" and v not in (None, "", [], {})}}
    if identity and "owner" not in values:
        values["owner"] = identity.name
    order = list(Candidate.model_fields)
    values = dict(sorted(values.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
    base = slugify(name)
    folder = library.root / "candidates"
    cid, n = base, 1
    while (folder / f"{cid}.yaml").exists() or cid in library.index.candidates:
        n += 1
        cid = f"{base}-{n}"
    rel = f"candidates/{cid}.yaml"
    doc = CommentedMap()
    apply_changes(doc, values)
    raw = new_document_bytes(doc)
    parsed = parse_record(raw, rel, Candidate)
    if not parsed.ok:
        raise InvalidFile(parsed.problems)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{cid}.yaml"
    atomic_write(path, raw)
    commit = _commit(library, repo, path, f"Add candidate {name}")
    return Written(path, commit, cid)


def edit_candidate(library: Library, cid: str, data: dict[str, Any], *, expected_hash: str | None = None) -> Written:
    """Replace a candidate's fields with ``data`` (plain values), touching only what changed.

    Keys absent from ``data`` are removed, so pass every field the person kept. The file
    must not have changed since ``expected_hash`` (the :func:`content_hash` it was read at).
    """
    repo, _ = _repo_and_identity(library)
    path = library.candidate_path(cid)
    doc = Document.open(path, f"candidates/{cid}.yaml", Candidate)
    if expected_hash and doc.hash != expected_hash:
        raise FileChanged(f"candidates/{cid}.yaml changed on disk while you were editing; nothing written")
    changed = apply_changes(doc.data, data)
    if not changed:
        return Written(path, None, cid)
    doc.save()
    name = str(doc.data.get("name", cid))
    commit = _commit(library, repo, path, f"Edit {name}: {', '.join(changed)}")
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


SETTINGS_TEMPLATE = """\
# runnerup library settings; every key is optional.
name: {name}
# days between personal follow-ups, per fit (only pursue gets them by default)
cadence_days:
  pursue: 60
rejection_call_within_days: 3
consent_days: 730
team: []
"""


def write_schemas(root: Path) -> list[Path]:
    """Write ``schemas/*.schema.json``; returns the files whose content changed."""
    from .schemas import schema_files

    changed = []
    for path, raw in schema_files(root).items():
        if not path.exists() or path.read_bytes() != raw:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, raw)
            changed.append(path)
    return changed


def init_library(root: Path, name: str | None = None) -> tuple[list[Path], str | None]:
    """Make ``root`` a library (folders, settings, schemas), in git; safe to run again.

    Returns the files created or updated and the commit that holds them (None when
    nothing changed). Runs ``git init`` when ``root`` is not inside a work tree.
    """
    root = root.resolve()
    root.mkdir(parents=True, exist_ok=True)
    repo = GitRepo.for_path(root)
    if repo is None:
        GitRepo(root).run("init", "--quiet")
        repo = GitRepo(root)
    repo.identity()  # before writing anything
    written: list[Path] = []
    settings = root / "runnerup.yaml"
    if not settings.exists():
        title = name or root.name
        atomic_write(settings, SETTINGS_TEMPLATE.format(name=json.dumps(title, ensure_ascii=False)).encode())
        written.append(settings)
    for folder in ("candidates", "openings"):
        keep = root / folder / ".gitkeep"  # git does not track empty folders
        if not (root / folder).is_dir():
            keep.parent.mkdir(parents=True)
            keep.write_bytes(b"")
            written.append(keep)
    written += write_schemas(root)
    if not written:
        return [], None
    commit = repo.commit_paths(written, "Create runnerup library" if settings in written else "Update runnerup schemas")
    return written, commit
