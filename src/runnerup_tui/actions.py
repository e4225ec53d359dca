"""What a recruiter does to the library, each as load → change → save → commit.

Shared by the CLI and the TUI. Each action writes one file atomically and, when the
library is in a git work tree, makes one commit holding only that file, authored by the
configured git identity (checked before anything is written).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from .gitrepo import GitRepo, Identity
from .library import Library
from .model import Candidate, Channel, Fit, Opening, OpeningStatus, TouchpointKind
from .names import numbered, slugify
from .parsing import parse_record
from .problems import FileChanged, GitError, InvalidFile, UsageError
from .upfront import check_outreach, promise_warning
from .yamldoc import Document, append_to_list, apply_changes, atomic_write, content_hash, new_document_bytes


@dataclass(frozen=True)
class Written:
    """The outcome of an action: the file it wrote and the commit (None outside git)."""

    path: Path
    commit: str | None
    id: str
    warnings: tuple[str, ...] = ()  # things to tell the person, e.g. a job promise in a summary


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
    return _new_record(library, repo, "candidates", Candidate, values, set(library.index.candidates),
                       f"Add candidate {name}")


def _new_record(library: Library, repo: GitRepo | None, folder_name: str, model: type, values: dict[str, Any],
                taken: set[str], message: str) -> Written:
    """Write a new file in ``folder_name`` named by a unique slug of its first value; one commit.

    Keys go in schema order; nothing is written unless the file validates.
    """
    order = list(model.model_fields)
    values = dict(sorted(values.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
    base = slugify(str(next(iter(values.values()))), fallback=folder_name.removesuffix("s"))
    folder = library.root / folder_name
    rid, n = base, 1
    while (folder / f"{rid}.yaml").exists() or rid in taken:
        n += 1
        rid = numbered(base, n)
    doc = CommentedMap()
    apply_changes(doc, values)
    raw = new_document_bytes(doc)
    parsed = parse_record(raw, f"{folder_name}/{rid}.yaml", model)
    if not parsed.ok:
        raise InvalidFile(parsed.problems)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{rid}.yaml"
    atomic_write(path, raw)
    commit = _commit(library, repo, path, message)
    return Written(path, commit, rid)


def edit_candidate(library: Library, cid: str, data: dict[str, Any], *, expected_hash: str | None = None,
                   base: bytes | None = None) -> Written:
    """Replace a candidate's fields with ``data`` (plain values), touching only what changed.

    Keys absent from ``data`` are removed, so pass every field the person kept. ``base``
    is the file's content when the edit began: if the file changed on disk since (a pull,
    a teammate's edit, an editor), both changes are merged field by field, and only a
    value changed both ways stops the save (:class:`FileChanged`, nothing written).
    ``expected_hash`` alone (no ``base``) just refuses to overwrite a changed file.
    """
    repo, _ = _repo_and_identity(library)
    path = library.candidate_path(cid)
    rel = f"candidates/{cid}.yaml"
    doc = Document.open(path, rel, Candidate)
    if base is not None and content_hash(base) != doc.hash:
        return _merge_edit(library, repo, cid, data, base, doc)
    if expected_hash and doc.hash != expected_hash:
        raise FileChanged(f"{rel} changed on disk while you were editing; nothing written")
    changed = apply_changes(doc.data, data)
    if not changed:
        return Written(path, None, cid)
    doc.save()
    name = str(doc.data.get("name", cid))
    commit = _commit(library, repo, path, f"Edit {name}: {', '.join(changed)}")
    return Written(path, commit, cid, _notes_warnings(changed, doc.data))


def _merge_edit(library: Library, repo: GitRepo | None, cid: str, data: dict[str, Any], base: bytes,
                current: Document) -> Written:
    """Apply an edit made on ``base`` to a file that has changed since, via the merge driver's merge."""
    from .merge import merge_files

    rel = current.rel_path
    mine = Document(current.path, rel, base, Candidate)
    changed = apply_changes(mine.data, data)
    if not changed:
        return Written(current.path, None, cid)
    result = merge_files(base, mine.render(), current.raw, rel)
    if not result.clean:
        fields = ", ".join(_dotted(c.path) for c in result.conflicts)
        raise FileChanged(f"{rel} changed on disk while you were editing, and {fields} changed both there and "
                          "here; nothing written — reopen the candidate to see the other change")
    merged = Document(current.path, rel, result.text, Candidate)  # validates the merged file
    if content_hash(current.path.read_bytes()) != current.hash:
        raise FileChanged(f"{rel} changed on disk again while saving; nothing written")
    atomic_write(current.path, merged.raw)
    name = str(merged.data.get("name", cid))
    commit = _commit(library, repo, current.path, f"Edit {name}: {', '.join(changed)}")
    return Written(current.path, commit, cid, _notes_warnings(changed, merged.data))


def _notes_warnings(changed: list[str], data: Any) -> tuple[str, ...]:
    """A warning when the notes just written promise a job (DESIGN.md §1.5)."""
    warning = promise_warning("the notes", str(data.get("notes") or "")) if "notes" in changed else None
    return (warning,) if warning else ()


def _dotted(path: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def log_touchpoint(library: Library, ref: str, kind: TouchpointKind, *, summary: str | None = None,
                   date: dt.date | None = None, by: str | None = None, opening: str | None = None,
                   force: bool = False) -> Written:
    """Append a touchpoint to a candidate's history; returns the new touchpoint's id.

    A personal touchpoint for a ``newsletter`` or ``closed`` candidate raises
    :class:`~runnerup_tui.upfront.PersonalTouchpointRefused` (nothing written) unless
    ``force``. A summary that promises a job is written, with a warning in the result.
    """
    entry = library.find(ref)
    check_outreach(entry.name, entry.fit, kind, force=force)
    if opening:
        opening = library.find_opening(opening).id
    repo, identity = _repo_and_identity(library)
    path = library.candidate_path(entry.id)
    doc = Document.open(path, f"candidates/{entry.id}.yaml", Candidate)
    item = _append_touchpoint(doc, kind, date or dt.date.today(), summary, by or (identity.name if identity else None),
                              opening)
    doc.save()
    name = str(doc.data.get("name", entry.name))
    what = {"note": "Add note on", "presented": "Present", "career-update": "Note career update of"}
    verb = what.get(kind.value, f"Log {kind.value} with")
    message = f"{verb} {name}" + (f" for {opening}" if opening and kind is TouchpointKind.PRESENTED else "")
    commit = _commit(library, repo, path, message)
    warning = promise_warning("the summary", summary)
    return Written(path, commit, item["id"], (warning,) if warning else ())


def _append_touchpoint(doc: Document, kind: TouchpointKind, date: dt.date, summary: str | None, by: str | None,
                       opening: str | None) -> CommentedMap:
    history = doc.data.get("history") or []
    taken = {str(item.get("id")) for item in history if isinstance(item, dict) and item.get("id")}
    item = CommentedMap()
    item["id"] = new_touchpoint_id(taken)
    item["date"] = dt.date.fromordinal(date.toordinal())  # its own object: a shared one becomes a YAML alias
    item["kind"] = kind.value
    if by:
        item["by"] = by
    if summary and summary.strip():
        item["summary"] = _text(summary.strip())
    if opening:
        item["opening"] = opening
    append_to_list(doc.data, "history", item)
    return item


def present_candidate(library: Library, ref: str, opening: str, *, summary: str | None = None,
                      date: dt.date | None = None, by: str | None = None) -> Written:
    """Put a candidate forward for an opening: a ``presented`` touchpoint naming it."""
    return log_touchpoint(library, ref, TouchpointKind.PRESENTED, summary=summary, date=date, by=by,
                          opening=opening)


def snooze(library: Library, ref: str, until: dt.date) -> Written:
    """Put off a candidate's follow-up: set ``next_contact`` to ``until``, one commit.

    The explicit date overrides the one computed from history and cadence (DESIGN.md §5);
    the rest of the file is left exactly as it was.
    """
    entry = library.find(ref)
    repo, _ = _repo_and_identity(library)
    path = library.candidate_path(entry.id)
    doc = Document.open(path, f"candidates/{entry.id}.yaml", Candidate)
    day = dt.date.fromordinal(until.toordinal())
    if doc.data.get("next_contact") == day:
        return Written(path, None, entry.id)
    _set_in_order(doc.data, "next_contact", day, list(Candidate.model_fields))
    doc.save()
    name = str(doc.data.get("name", entry.name))
    commit = _commit(library, repo, path, f"Snooze {name} until {day.isoformat()}")
    return Written(path, commit, entry.id)


REJECTION_FITS = (Fit.PURSUE, Fit.NEWSLETTER, Fit.CLOSED)
_CHANNEL_WORDS = {"call": "Rejection call", "email": "Rejection by email", "video": "Rejection by video call",
                  "in-person": "Rejection in person"}


def record_rejection(library: Library, ref: str, *, channel: Channel, reason: str, fit: Fit,
                     impressed: str | None = None, newsletter_invited: bool | None = None,
                     date: dt.date | None = None, by: str | None = None, summary: str | None = None,
                     opening: str | None = None) -> Written:
    """The rejection workflow of the playbook, as one commit of the candidate's file.

    Fills ``rejection`` (date, channel, the honest reason, newsletter invited), logs a
    ``rejection`` touchpoint whose summary says the reason and what impressed us, and
    sets the fit decision: ``pursue``, ``newsletter`` or ``closed``. ``summary`` adds to the
    touchpoint's summary; ``opening`` names the opening the process was for.
    """
    fit, channel = Fit(fit), Channel(channel)
    if fit not in REJECTION_FITS:
        raise UsageError(f"after a rejection the fit is one of {', '.join(f.value for f in REJECTION_FITS)}"
                         f" (not `{fit.value}`)")
    if not reason or not reason.strip():
        raise UsageError("say the honest reason given (--reason): it is what the candidate will remember")
    entry = library.find(ref)
    if opening:
        opening = library.find_opening(opening).id
    repo, identity = _repo_and_identity(library)
    path = library.candidate_path(entry.id)
    doc = Document.open(path, f"candidates/{entry.id}.yaml", Candidate)
    when = date or dt.date.today()
    values: dict[str, Any] = {"date": when, "channel": channel.value, "reason": _text(reason.strip())}
    if newsletter_invited is not None:
        values["newsletter_invited"] = newsletter_invited
    rejection = doc.data.get("rejection")
    if isinstance(rejection, CommentedMap):
        for key in [k for k in rejection if k not in values]:
            del rejection[key]  # a field of the earlier rejection would be wrong for this one
        for key, value in values.items():
            rejection[key] = value
    else:
        _set_in_order(doc.data, "rejection", CommentedMap(values), list(Candidate.model_fields))
    if doc.data.get("fit") != fit.value:  # an undecided candidate gets the decision written down
        _set_in_order(doc.data, "fit", fit.value, list(Candidate.model_fields))
    parts = [f"{_CHANNEL_WORDS[channel.value]}: {' '.join(reason.split())}"]
    if impressed and impressed.strip():
        parts.append(f"What impressed us: {' '.join(impressed.split())}")
    if newsletter_invited:
        parts.append("Invited to the newsletter.")
    if summary and summary.strip():
        parts.append(" ".join(summary.split()))
    text = " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in parts)
    item = _append_touchpoint(doc, TouchpointKind.REJECTION, when, text,
                              by or (identity.name if identity else None), opening)
    doc.save()
    name = str(doc.data.get("name", entry.name))
    commit = _commit(library, repo, path, f"Record rejection of {name} ({channel.value}); fit: {fit.value}")
    warnings = [w for w in (promise_warning("the reason", reason), promise_warning("what impressed us", impressed),
                            promise_warning("the summary", summary)) if w]
    return Written(path, commit, item["id"], tuple(warnings))


def _set_in_order(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set ``key``, inserting a new key where the schema's field order puts it."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key)
    position = next((i for i, k in enumerate(mapping) if k in order and order.index(k) > rank), len(mapping))
    mapping.insert(position, key, value)


def add_opening(library: Library, data: dict[str, Any]) -> Written:
    """Create ``openings/<slug>.yaml`` from plain field values (``title`` required), one commit.

    The slug comes from the title and is made unique. Raises :class:`InvalidFile`
    (nothing written) when the values do not validate.
    """
    title = " ".join(str(data.get("title") or "").split())
    if not title:
        raise UsageError("an opening needs a title")
    repo, _ = _repo_and_identity(library)
    values = {"title": title, **{k: v for k, v in data.items() if k != "title" and v not in (None, "", [], {})}}
    if isinstance(values.get("status"), OpeningStatus):
        values["status"] = values["status"].value
    return _new_record(library, repo, "openings", Opening, values, set(library.index.openings),
                       f"Add opening {title}")


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
    from .sync import ensure_attributes, ensure_merge_driver

    attributes = ensure_attributes(root)
    if attributes:
        written.append(attributes)
    ensure_merge_driver(repo)
    if not written:
        return [], None
    commit = repo.commit_paths(written, "Create runnerup library" if settings in written else "Update runnerup schemas")
    return written, commit


def forget_candidate(library: Library, ref: str) -> Written:
    """Erase a candidate (consent withdrawn): delete the file in one commit.

    The file stays in git history; :func:`purge_instructions` says how to remove it there.
    """
    entry = library.find(ref)
    repo, _ = _repo_and_identity(library)
    path = library.candidate_path(entry.id)
    path.unlink()
    commit = _commit(library, repo, path, f"Forget {entry.name} (consent withdrawn)")
    return Written(path, commit, entry.id)


def purge_instructions(library: Library, written: Written) -> str:
    """How to erase the file from every commit too, for a full erasure."""
    repo = GitRepo.for_path(library.root)
    if repo is None:
        return ""
    rel = os.path.relpath(written.path, repo.work_tree)
    return (f"{rel} is deleted, but earlier commits still hold it. For a full erasure, in a fresh clone run "
            f"`git filter-repo --invert-paths --path {rel}`, force-push, and have every teammate re-clone.")
