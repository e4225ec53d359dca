"""What a recruiter does to the library, each one transaction: lock → load → change → save → commit.

Shared by the CLI and the TUI. Each action holds the library's write lock, reads the file
fresh, writes it atomically and, when the library is in a git work tree, makes one commit
holding only that file, by the configured git identity. What git would refuse is checked
before anything is written; if git still refuses the commit, the file is put back as it was.
An action takes the library as ``workspace.open_library`` opened it and commits to the repository
found then (a :class:`Library` opened by hand works too: its repository is found when the action runs).
The models (pydantic) are imported where a file is validated by them: logging to a clean file does without.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from runnerup_tui.domain.names import numbered, slugify
from runnerup_tui.domain.plain import plain_candidate
from runnerup_tui.domain.problems import (
    CommitRefused,
    FileChanged,
    InvalidFile,
    RunnerupError,
    SavedNotCommitted,
    UsageError,
)
from runnerup_tui.domain.safe_text import visible, visible_line
from runnerup_tui.domain.summary import OpeningEntry
from runnerup_tui.domain.terms import Channel, Fit, OpeningStatus, TouchpointKind
from runnerup_tui.domain.upfront import check_outreach, promise_warning
from runnerup_tui.store.library import Library
from runnerup_tui.store.parsing import parse_record
from runnerup_tui.store.plain_reading import plain_data
from runnerup_tui.store.reading import read_plain_file
from runnerup_tui.store.wording import dotted
from runnerup_tui.store.yamldoc import (
    FAST_APPEND_BYTES,
    Document,
    append_to_list,
    appended_to_final_list,
    apply_changes,
    atomic_write,
    block_text,
    content_hash,
    new_document_bytes,
    put_trailing_comment,
    take_trailing_comment,
)
from runnerup_tui.team.git import GitRepo, Identity
from runnerup_tui.team.lock import (
    clear_intent,
    journal_file_for,
    lock_file_in,
    record_intent,
    recover_interrupted_write,
    write_lock,
)
from runnerup_tui.workspace import OpenLibrary

if TYPE_CHECKING:
    from runnerup_tui.domain.drafts import Draft


@dataclass(frozen=True)
class Written:
    """The outcome of an action: the file it wrote and the commit (None outside git)."""

    path: Path
    commit: str | None
    id: str
    warnings: tuple[str, ...] = ()  # things to tell the person, e.g. a job promise in a summary


class _Transaction:
    """One write to the library: remembers what each file held, so a refused commit puts them all back."""

    def __init__(
        self, root: Path, repo: GitRepo | None, identity: Identity | None, library: Library | None = None
    ) -> None:
        self.root = root
        self.repo = repo
        self.identity = identity
        self.library = library
        self._before: dict[Path, bytes | None] = {}  # None: the file did not exist
        self._after: dict[Path, bytes | None] = {}
        self._intent: dict[Path, tuple[bytes | None, bytes | None]] = {}
        self.journal = journal_file_for(lock_file_in(root, repo))
        self.committed = False

    def remember(self, path: Path) -> None:
        """Keep what ``path`` holds now (before the first change to it in this transaction)."""
        if path not in self._before:
            self._before[path] = path.read_bytes() if path.exists() else None

    def wrote(self, path: Path, raw: bytes | None) -> None:
        """Note what this transaction left in ``path`` (None: deleted)."""
        self._after[path] = raw

    def save(self, doc: Document) -> None:
        self.remember(doc.path)
        self.wrote(doc.path, doc.save(before_write=lambda raw: self._journal(doc.path, raw)))

    def write(self, path: Path, raw: bytes) -> None:
        self.remember(path)
        self._journal(path, raw)
        atomic_write(path, raw)
        self.wrote(path, raw)

    def delete(self, path: Path) -> None:
        self.remember(path)
        self._journal(path, None)
        path.unlink()
        self.wrote(path, None)

    def _journal(self, path: Path, after: bytes | None) -> None:
        """Write down what ``path`` held and is about to hold, so a killed write can be undone."""
        self._intent[path] = (self._before[path], after)
        record_intent(self.journal, self.root, self._intent)

    def commit(self, paths: list[Path], message: str, body: str = "") -> str | None:
        """Commit ``paths`` (None outside git); if git refuses, put every file back and raise :class:`CommitRefused`.

        ``body``: lines below the one-line ``message``. A file that cannot be put back (changed again
        meanwhile) raises :class:`SavedNotCommitted` instead.
        """
        commit = None
        if self.repo is not None:
            # messages quote names and titles; git log and the team's web UI show them to people
            text = visible_line(message) + (f"\n\n{visible(body)}" if body.strip() else "")
            try:
                commit = self.repo.commit_paths(paths, text)
            except CommitRefused as err:
                rels = [os.path.relpath(p, self.root) for p in paths]
                if not self.put_back():
                    raise SavedNotCommitted(rels, err.reason) from None
                raise CommitRefused(rels, err.reason, restored=True) from None
        self.committed = True
        if self.library is not None and self.library.index_loaded:  # else its next load notices them by stat
            self.library.index.update(os.path.relpath(p, self.root).replace(os.sep, "/") for p in paths)
        return commit

    def put_back(self) -> bool:
        """Every remembered file as it was; False when one changed again meanwhile (a hand edit) or cannot be."""
        restored = True
        for path, before in self._before.items():
            now = path.read_bytes() if path.exists() else None
            if now == before:
                continue
            if path in self._after and now != self._after[path]:
                restored = False  # someone changed it after us: theirs is not ours to undo
                continue
            try:
                if before is None:
                    path.unlink()
                else:
                    atomic_write(path, before)
            except OSError:
                restored = False
        return restored


def _opened(library: Library | OpenLibrary) -> tuple[Library, GitRepo | None]:
    """The library and the repository it lives in: found when it was opened (``workspace.open_library``),
    or now for a :class:`Library` opened by hand."""
    if isinstance(library, OpenLibrary):
        return library.library, library.repo
    return library, GitRepo.for_path(library.root)


def _writing(library: Library, repo: GitRepo | None) -> contextlib.AbstractContextManager[_Transaction]:
    """The one way to write: identity checked, the library's write lock held, the repository ready for a commit.

    Everything the action reads to decide what to write must be read inside this block.
    """
    return _transaction(library.root, repo, library)


@contextmanager
def _transaction(root: Path, repo: GitRepo | None, library: Library | None) -> Iterator[_Transaction]:
    identity = repo.identity() if repo else None  # before anything is written
    with write_lock(lock_file_in(root, repo)):
        tx = _Transaction(root, repo, identity, library)
        recovered = recover_interrupted_write(tx.journal, root, _committed_bytes(repo))
        if recovered and library is not None and library.index_loaded:
            library.index.update(os.path.relpath(p, root).replace(os.sep, "/") for p in recovered)
        if repo is not None:
            repo.ensure_writable()
        try:
            yield tx
        except BaseException:
            if not tx.committed:
                tx.put_back()  # whatever stopped the action, no file keeps a change without its commit
            raise
        finally:
            clear_intent(tx.journal)


def _committed_bytes(repo: GitRepo | None) -> Callable[[Path], bytes | None] | None:
    """What HEAD holds for a file (None: not there), for undoing a killed write; None outside git."""
    if repo is None:
        return None
    return lambda path: repo.show("HEAD:" + os.path.relpath(path, repo.work_tree).replace(os.sep, "/"))


def new_touchpoint_id(taken: set[str]) -> str:
    """A short random id, unique in the file; random so that two clones never collide."""
    while True:
        candidate = f"t-{secrets.token_hex(4)}"
        if candidate not in taken:
            return candidate


def add_candidate(library: Library | OpenLibrary, data: dict[str, Any]) -> Written:
    """Create ``candidates/<slug>.yaml`` from plain field values; the slug is made unique.

    ``owner`` defaults to the git user. Raises :class:`InvalidFile` (nothing written) when
    the values do not validate.
    """
    from runnerup_tui.domain.model import Candidate

    library, repo = _opened(library)
    name = " ".join(str(data.get("name") or "").split())
    if not name:
        raise UsageError("a candidate needs a name")
    values = {"name": name, **{k: v for k, v in data.items() if k != "name" and v not in (None, "", [], {})}}
    with _writing(library, repo) as tx:
        if tx.identity and "owner" not in values:
            values["owner"] = tx.identity.name
        return _new_record(
            tx, library, "candidates", Candidate, values, set(library.index.candidates), f"Add candidate {name}"
        )


def _new_record(
    tx: _Transaction,
    library: Library,
    folder_name: str,
    model: type,
    values: dict[str, Any],
    taken: set[str],
    message: str,
) -> Written:
    """Write a new file in ``folder_name`` named by a unique slug of its first value; one commit.

    Keys go in schema order; nothing is written unless the file validates.
    """
    order = list(model.model_fields)
    values = dict(sorted(values.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
    base = slugify(str(next(iter(values.values()))), fallback=folder_name.removesuffix("s"))
    folder = library.record_folder(folder_name)
    rid = _free_id(folder, base, taken)
    doc = CommentedMap()
    apply_changes(doc, values)
    raw = new_document_bytes(doc)
    parsed = parse_record(raw, f"{folder_name}/{rid}.yaml", model)
    if not parsed.ok:
        raise InvalidFile(parsed.problems)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{rid}.yaml"
    tx.write(path, raw)
    return Written(path, tx.commit([path], message), rid)


def _free_id(folder: Path, base: str, taken: set[str] | dict[str, Any]) -> str:
    """``base``, or ``base-2``, ``base-3``...: the first id with no file in ``folder`` and not in ``taken``."""
    rid, n = base, 1
    while (folder / f"{rid}.yaml").exists() or rid in taken:
        n += 1
        rid = numbered(base, n)
    return rid


def edit_candidate(
    library: Library | OpenLibrary,
    cid: str,
    data: dict[str, Any],
    *,
    expected_hash: str | None = None,
    base: bytes | None = None,
) -> Written:
    """Replace a candidate's fields with ``data`` (plain values), touching only what changed.

    Keys absent from ``data`` are removed, so pass every field the person kept. ``base``
    is the file's content when the edit began: if the file changed on disk since (a pull,
    a teammate's edit, an editor), both changes are merged field by field, and only a
    value changed both ways stops the save (:class:`FileChanged`, nothing written).
    ``expected_hash`` alone (no ``base``) just refuses to overwrite a changed file.
    """
    from runnerup_tui.domain.model import Candidate

    library, repo = _opened(library)
    path = library.candidate_path(cid)
    rel = f"candidates/{cid}.yaml"
    with _writing(library, repo) as tx:
        doc = Document.open(path, rel, Candidate)
        if base is not None and content_hash(base) != doc.hash:
            return _merge_edit(tx, cid, data, base, doc)
        if expected_hash and doc.hash != expected_hash:
            raise FileChanged(f"{rel} changed on disk while you were editing; nothing written")
        changed = apply_changes(doc.data, data)
        if not changed:
            return Written(path, None, cid)
        tx.save(doc)
        name = str(doc.data.get("name", cid))
        commit = tx.commit([path], f"Edit {name}: {', '.join(changed)}")
        return Written(path, commit, cid, _notes_warnings(changed, doc.data))


def _merge_edit(tx: _Transaction, cid: str, data: dict[str, Any], base: bytes, current: Document) -> Written:
    """Apply an edit made on ``base`` to a file that has changed since, via the merge driver's merge."""
    from runnerup_tui.domain.model import Candidate
    from runnerup_tui.team.merge import merge_files

    rel = current.rel_path
    mine = Document(current.path, rel, base, Candidate)
    changed = apply_changes(mine.data, data)
    if not changed:
        return Written(current.path, None, cid)
    result = merge_files(base, mine.render(), current.raw, rel)
    if not result.clean:
        fields = ", ".join(dotted(c.path) for c in result.conflicts)
        raise FileChanged(
            f"{rel} changed on disk while you were editing, and {fields} changed both there and "
            "here; nothing written — reopen the candidate to see the other change"
        )
    merged = Document(current.path, rel, result.text, Candidate)  # validates the merged file
    if content_hash(current.path.read_bytes()) != current.hash:
        raise FileChanged(f"{rel} changed on disk again while saving; nothing written")
    tx.write(current.path, merged.raw)
    name = str(merged.data.get("name", cid))
    commit = tx.commit([current.path], f"Edit {name}: {', '.join(changed)}")
    return Written(current.path, commit, cid, _notes_warnings(changed, merged.data))


def _notes_warnings(changed: list[str], data: Any) -> tuple[str, ...]:
    """A warning when the notes just written promise a job (DESIGN.md §1.5)."""
    warning = promise_warning("the notes", str(data.get("notes") or "")) if "notes" in changed else None
    return (warning,) if warning else ()


def log_touchpoint(
    library: Library | OpenLibrary,
    ref: str,
    kind: TouchpointKind,
    *,
    summary: str | None = None,
    date: dt.date | None = None,
    by: str | None = None,
    opening: str | None = None,
    force: bool = False,
) -> Written:
    """Append a touchpoint to a candidate's history; returns the new touchpoint's id.

    A personal touchpoint for a ``newsletter`` or ``closed`` candidate raises
    :class:`~runnerup_tui.domain.upfront.PersonalTouchpointRefused` (nothing written) unless
    ``force``; so does any outreach dated after their consent expired
    (:class:`~runnerup_tui.domain.upfront.ConsentExpiredRefused`). A summary that promises a job
    is written, with a warning in the result.
    """
    library, repo = _opened(library)
    entry = library.find(ref)
    check_outreach(
        entry.name, entry.fit, kind, force=force, consent_expires=entry.consent_expires, on=date or dt.date.today()
    )
    if opening:
        opening = library.find_opening(opening).id
    path = library.candidate_path(entry.id)
    rel = f"candidates/{entry.id}.yaml"
    with _writing(library, repo) as tx:
        who = by or (tx.identity.name if tx.identity else None)
        appended = _append_as_text(tx, path, rel, kind, date or dt.date.today(), summary, who, opening)
        if appended is None:  # the round trip: every layout rule, at a cost that grows with the file
            from runnerup_tui.domain.model import Candidate

            doc = Document.open(path, rel, Candidate)
            item = _append_touchpoint(doc, kind, date or dt.date.today(), summary, who, opening)
            tx.save(doc)
            data: Any = doc.data
        else:
            item, data = appended
        name = str(data.get("name", entry.name))
        what = {"note": "Add note on", "presented": "Present", "career-update": "Note career update of"}
        verb = what.get(kind.value, f"Log {kind.value} with")
        message = f"{verb} {name}" + (f" for {opening}" if opening and kind is TouchpointKind.PRESENTED else "")
        commit = tx.commit([path], message)
    warning = promise_warning("the summary", summary)
    return Written(path, commit, item["id"], (warning,) if warning else ())


def _append_as_text(
    tx: _Transaction,
    path: Path,
    rel: str,
    kind: TouchpointKind,
    date: dt.date,
    summary: str | None,
    by: str | None,
    opening: str | None,
) -> tuple[dict[str, Any], Any] | None:
    """Append a touchpoint as text after the history that ends the file (``yamldoc.appended_to_final_list``).

    The bytes are the round trip's own (tests/core/test_text_append.py) at a fraction of its cost. Before
    anything is written, the new file must read back as exactly the old data plus the entry: checked by
    yaml-rs and the plain records when they take the file, by the models for a long history they decline.
    Returns the entry and the file's new data, or None (nothing written): the caller then takes the round trip.
    """
    raw = read_plain_file(path, rel)
    read = _plain_valid
    before = read(raw)
    if before is None:
        if len(raw) < FAST_APPEND_BYTES:
            return None  # below this the round trip takes milliseconds and says what is wrong
        read = functools.partial(_valid_by_the_models, rel=rel)
        before = read(raw)
    history = before.get("history") if before is not None else None
    if not isinstance(history, list) or not history:
        return None
    item = _new_touchpoint(history, kind, date, summary, by, opening)
    new_raw = appended_to_final_list(raw, "history", item)
    if new_raw is None:
        return None
    after = read(new_raw)
    # the entry must read back as the very values meant (a text that reads as a date or a number would not)
    if after is None or after != {**before, "history": [*history, dict(item)]}:
        return None
    if path.read_bytes() != raw:
        raise FileChanged(f"{rel}: changed on disk while the touchpoint was being added; nothing written")
    tx.write(path, new_raw)
    return item, after


def _plain_valid(raw: bytes) -> dict[Any, Any] | None:
    """The data of a candidate file the plain records take as valid (no models needed), else None."""
    data = plain_data(raw)
    return data if data is not None and plain_candidate(data) is not None else None


def _valid_by_the_models(raw: bytes, rel: str) -> dict[Any, Any] | None:
    from runnerup_tui.domain.model import Candidate

    parsed = parse_record(raw, rel, Candidate)
    return parsed.data if parsed.ok and isinstance(parsed.data, dict) else None


def _new_touchpoint(
    history: list[Any], kind: TouchpointKind, date: dt.date, summary: str | None, by: str | None, opening: str | None
) -> CommentedMap:
    """A touchpoint entry with an id no entry of ``history`` has."""
    taken = {str(item.get("id")) for item in history if isinstance(item, dict) and item.get("id")}
    item = CommentedMap()
    item["id"] = new_touchpoint_id(taken)
    item["date"] = dt.date.fromordinal(date.toordinal())  # its own object: a shared one becomes a YAML alias
    item["kind"] = kind.value
    if by:
        item["by"] = by
    if summary and summary.strip():
        item["summary"] = block_text(summary.strip())
    if opening:
        item["opening"] = opening
    return item


def _append_touchpoint(
    doc: Document, kind: TouchpointKind, date: dt.date, summary: str | None, by: str | None, opening: str | None
) -> CommentedMap:
    item = _new_touchpoint(doc.data.get("history") or [], kind, date, summary, by, opening)
    append_to_list(doc.data, "history", item)
    return item


def present_candidate(
    library: Library | OpenLibrary,
    ref: str,
    opening: str,
    *,
    summary: str | None = None,
    date: dt.date | None = None,
    by: str | None = None,
) -> Written:
    """Put a candidate forward for an opening: a ``presented`` touchpoint naming it."""
    return log_touchpoint(library, ref, TouchpointKind.PRESENTED, summary=summary, date=date, by=by, opening=opening)


def snooze(library: Library | OpenLibrary, ref: str, until: dt.date) -> Written:
    """Put off a candidate's follow-up: set ``next_contact`` to ``until``, one commit.

    The explicit date overrides the one computed from history and cadence (DESIGN.md §5);
    the rest of the file is left exactly as it was.
    """
    from runnerup_tui.domain.model import Candidate

    library, repo = _opened(library)
    entry = library.find(ref)
    path = library.candidate_path(entry.id)
    day = dt.date.fromordinal(until.toordinal())
    with _writing(library, repo) as tx:
        doc = Document.open(path, f"candidates/{entry.id}.yaml", Candidate)
        if doc.data.get("next_contact") == day:
            return Written(path, None, entry.id)
        _set_in_order(doc.data, "next_contact", day, list(Candidate.model_fields))
        tx.save(doc)
        name = str(doc.data.get("name", entry.name))
        commit = tx.commit([path], f"Snooze {name} until {day.isoformat()}")
    return Written(path, commit, entry.id)


REJECTION_FITS = (Fit.PURSUE, Fit.NEWSLETTER, Fit.CLOSED)
_CHANNEL_WORDS = {
    "call": "Rejection call",
    "email": "Rejection by email",
    "video": "Rejection by video call",
    "in-person": "Rejection in person",
}


def record_rejection(
    library: Library | OpenLibrary,
    ref: str,
    *,
    channel: Channel,
    reason: str,
    fit: Fit,
    impressed: str | None = None,
    newsletter_invited: bool | None = None,
    date: dt.date | None = None,
    by: str | None = None,
    summary: str | None = None,
    opening: str | None = None,
    newsletter: bool = False,
) -> Written:
    """The rejection workflow of the playbook, as one commit of the candidate's file.

    Fills ``rejection`` (date, channel, the honest reason, newsletter invited), logs a
    ``rejection`` touchpoint whose summary says the reason and what impressed us, and
    sets the fit decision: ``pursue``, ``newsletter`` or ``closed``. ``summary`` adds to the
    touchpoint's summary; ``opening`` names the opening the process was for.
    ``newsletter``: they agreed to the newsletter, so their consent is recorded too (see
    :func:`_record_consent`).
    """
    from runnerup_tui.domain.model import Candidate

    library, repo = _opened(library)
    fit, channel = Fit(fit), Channel(channel)
    if fit not in REJECTION_FITS:
        raise UsageError(
            f"after a rejection the fit is one of {', '.join(f.value for f in REJECTION_FITS)} (not `{fit.value}`)"
        )
    if not reason or not reason.strip():
        raise UsageError("say the honest reason given (--reason): it is what the candidate will remember")
    entry = library.find(ref)
    if opening:
        opening = library.find_opening(opening).id
    path = library.candidate_path(entry.id)
    when = date or dt.date.today()
    with _writing(library, repo) as tx:
        doc = Document.open(path, f"candidates/{entry.id}.yaml", Candidate)
        values: dict[str, Any] = {"date": when, "channel": channel.value, "reason": block_text(reason.strip())}
        if newsletter_invited is not None:
            values["newsletter_invited"] = newsletter_invited
        rejection = doc.data.get("rejection")
        if isinstance(rejection, CommentedMap):
            trailing = take_trailing_comment(rejection)  # comment lines below it belong to the next key
            if rejection:
                _keep_earlier_rejection(doc, rejection, when)
            for key in [k for k in rejection if k not in values]:
                del rejection[key]  # a field of the earlier rejection would be wrong for this one
            for key, value in values.items():
                rejection[key] = value
            if trailing:
                put_trailing_comment(rejection, trailing)
        else:
            _set_in_order(doc.data, "rejection", CommentedMap(values), list(Candidate.model_fields))
        if doc.data.get("fit") != fit.value:  # an undecided candidate gets the decision written down
            _set_in_order(doc.data, "fit", fit.value, list(Candidate.model_fields))
        if newsletter:
            _record_consent(doc.data, when, library.settings.consent_days)
        parts = [f"{_CHANNEL_WORDS[channel.value]}: {' '.join(reason.split())}"]
        if impressed and impressed.strip():
            parts.append(f"What impressed us: {' '.join(impressed.split())}")
        if newsletter_invited:
            parts.append("Invited to the newsletter.")
        if summary and summary.strip():
            parts.append(" ".join(summary.split()))
        text = " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in parts)
        item = _append_touchpoint(
            doc, TouchpointKind.REJECTION, when, text, by or (tx.identity.name if tx.identity else None), opening
        )
        tx.save(doc)
        name = str(doc.data.get("name", entry.name))
        commit = tx.commit([path], f"Record rejection of {name} ({channel.value}); fit: {fit.value}")
    warnings = [
        w
        for w in (
            promise_warning("the reason", reason),
            promise_warning("what impressed us", impressed),
            promise_warning("the summary", summary),
        )
        if w
    ]
    return Written(path, commit, item["id"], tuple(warnings))


_REJECTION_KEYS = ("date", "channel", "reason", "newsletter_invited")


def _keep_earlier_rejection(doc: Document, earlier: CommentedMap, when: dt.date) -> None:
    """Before ``rejection:`` is overwritten, make sure its facts live in that rejection's history entry.

    The entry is the ``rejection`` touchpoint of the same date (the latest rejection entry when
    the earlier one is undated); what its summary does not already say — channel, reason,
    newsletter, any other key — is added as a line of its own, and an entry is created (in date
    order) when there is none. Comments on the earlier ``rejection:`` describe it, not the new
    one, so they move to that entry's ``kind: rejection`` line.
    """
    day = earlier.get("date")
    history = doc.data.get("history") or []
    entries = [
        e
        for e in history
        if isinstance(e, CommentedMap)
        and e.get("kind") == TouchpointKind.REJECTION.value
        and (day is None or e.get("date") == day)
    ]
    entry = entries[-1] if entries else None
    summary = str(entry.get("summary") or "") if entry is not None else ""
    facts = _rejection_facts(earlier, summary)
    comments = _take_comments(doc.data, "rejection", earlier)
    if entry is None:
        entry = CommentedMap()
        entry["id"] = new_touchpoint_id({str(e.get("id")) for e in history if isinstance(e, CommentedMap)})
        entry["date"] = day if isinstance(day, dt.date) else dt.date.fromordinal(when.toordinal())
        entry["kind"] = TouchpointKind.REJECTION.value
        entry["summary"] = facts if isinstance(day, dt.date) else f"Earlier rejection, undated: {facts}"
        later = next(
            (
                i
                for i, e in enumerate(history)
                if isinstance(e, CommentedMap) and isinstance(e.get("date"), dt.date) and e["date"] > entry["date"]
            ),
            None,
        )
        if later is None:
            append_to_list(doc.data, "history", entry)
        else:
            history.insert(later, entry)
    elif facts:
        entry["summary"] = block_text(f"{summary.rstrip()}\n{facts}" if summary.strip() else facts)
    if comments:
        _add_line_comment(entry, "kind", "; ".join(comments))


def _add_line_comment(mapping: CommentedMap, key: str, text: str) -> None:
    """Put ``text`` as a comment at the end of ``key``'s line, after any comment already there."""
    slots = mapping.ca.items.get(key)
    token = slots[2] if slots and len(slots) > 2 else None
    if token is None:
        mapping.yaml_add_eol_comment("# " + text, key)
        return
    eol, _, rest = token.value.partition("\n")  # the lines after it are comments of their own: keep them
    token.value = f"{eol.rstrip()}; {text}\n{rest}" if eol.strip() else f"# {text}\n{rest}"


def _rejection_facts(rejection: CommentedMap, summary: str) -> str:
    """The earlier rejection's facts that ``summary`` does not already hold, as one sentence or more."""
    said = " ".join(summary.split()).casefold()
    channel = str(rejection.get("channel") or "")
    reason = " ".join(str(rejection.get("reason") or "").split())
    invited = rejection.get("newsletter_invited")
    extra = [f"{k}: {' '.join(str(v).split())}" for k, v in rejection.items() if k not in _REJECTION_KEYS]
    channel_said = not channel or channel.replace("-", " ") in said
    if channel_said and reason.casefold() in said and (invited is not True or "newsletter" in said) and not extra:
        return ""
    head = _CHANNEL_WORDS.get(channel, f"Rejection ({channel})" if channel else "Rejection")
    parts = [f"{head}: {reason}" if reason else head]
    if invited is not None:
        parts.append("Invited to the newsletter." if invited else "Not invited to the newsletter.")
    parts += extra
    return " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in parts)


def _take_comments(parent: CommentedMap, key: str, mapping: CommentedMap) -> list[str]:
    """Detach the same-line comments of ``parent[key]`` and of its fields, and the lines above its first field."""
    texts: list[str] = []

    def take(*tokens: Any) -> None:
        for token in tokens:
            if token is not None:
                texts.extend(ln.strip().lstrip("#").strip() for ln in token.value.splitlines())

    slots = parent.ca.items.get(key)
    for index in (2, 3):  # [2] the comment on the key's line, [3] the lines above its first field
        if slots and len(slots) > index and slots[index] is not None:
            take(*(slots[index] if isinstance(slots[index], list) else [slots[index]]))
            slots[index] = None
    if mapping.ca.comment:
        take(mapping.ca.comment[0], *(mapping.ca.comment[1] or []))
        mapping.ca.comment = None
    for field in list(mapping):  # the comment lines below the last field were detached before
        slots = mapping.ca.items.get(field)
        if slots and len(slots) > 2 and slots[2] is not None:
            take(slots[2])
            slots[2] = None
    return list(dict.fromkeys(t for t in texts if t))  # the key and its map may share one comment


def _record_consent(data: CommentedMap, given: dt.date, days: int) -> None:
    """``consent``: given on the day they agreed, expiring ``consent_days`` later, newsletter included.

    An earlier consent is renewed in place (its comments and any other keys stay).
    """
    from runnerup_tui.domain.model import Candidate

    values = {
        "given": dt.date.fromordinal(given.toordinal()),
        "expires": given + dt.timedelta(days=days),
        "newsletter": True,
    }
    consent = data.get("consent")
    if isinstance(consent, CommentedMap):
        for key, value in values.items():
            consent[key] = value
    else:
        _set_in_order(data, "consent", CommentedMap(values), list(Candidate.model_fields))


def _set_in_order(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set ``key``, inserting a new key where the schema's field order puts it."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key)
    position = next((i for i, k in enumerate(mapping) if k in order and order.index(k) > rank), len(mapping))
    mapping.insert(position, key, value)


def add_opening(library: Library | OpenLibrary, data: dict[str, Any]) -> Written:
    """Create ``openings/<slug>.yaml`` from plain field values (``title`` required), one commit.

    The slug comes from the title and is made unique. Raises :class:`InvalidFile`
    (nothing written) when the values do not validate.
    """
    from runnerup_tui.domain.model import Opening

    library, repo = _opened(library)
    title = " ".join(str(data.get("title") or "").split())
    if not title:
        raise UsageError("an opening needs a title")
    values = {"title": title, **{k: v for k, v in data.items() if k != "title" and v not in (None, "", [], {})}}
    if isinstance(values.get("status"), OpeningStatus):
        values["status"] = values["status"].value
    with _writing(library, repo) as tx:
        return _new_record(
            tx, library, "openings", Opening, values, set(library.index.openings), f"Add opening {title}"
        )


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
    from runnerup_tui.domain.schemas import schema_files

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
    nothing changed). Runs ``git init`` when ``root`` is not inside a work tree. One
    transaction: if the commit is refused, the files are put back and a repository made
    here is removed again.
    """
    from runnerup_tui.domain.schemas import schema_files
    from runnerup_tui.store.templates import TEMPLATES_FOLDER, built_in_templates
    from runnerup_tui.team.install import ensure_attributes, ensure_merge_driver

    root = root.resolve()
    repo = GitRepo.for_path(root)
    (repo or GitRepo(next(p for p in (root, *root.parents) if p.is_dir()))).identity()  # before anything is made
    made_dirs = [
        d for d in (root, *(root / f for f in ("candidates", "openings", "schemas", "templates"))) if not d.exists()
    ]
    root.mkdir(parents=True, exist_ok=True)
    made_repo = repo is None
    if repo is None:
        repo = GitRepo(root)
        repo.run("init", "--quiet")
    try:
        with _transaction(root, repo, None) as tx:
            assert tx.repo is not None
            written: list[Path] = []
            settings = root / "runnerup.yaml"
            if not settings.exists():
                title = name or root.name
                tx.write(settings, SETTINGS_TEMPLATE.format(name=json.dumps(title, ensure_ascii=False)).encode())
                written.append(settings)
            for folder in ("candidates", "openings"):
                keep = root / folder / ".gitkeep"  # git does not track empty folders
                if not (root / folder).is_dir():
                    keep.parent.mkdir(parents=True)
                    tx.write(keep, b"")
                    written.append(keep)
            if not (root / TEMPLATES_FOLDER).exists():  # a team's own folder is theirs: never filled in again
                for file_name, raw in built_in_templates().items():
                    template = root / TEMPLATES_FOLDER / file_name
                    template.parent.mkdir(exist_ok=True)
                    tx.write(template, raw)
                    written.append(template)
            maybe = [*schema_files(root), root / ".gitattributes"]
            for path in maybe:
                tx.remember(path)
            written += write_schemas(root)
            attributes = ensure_attributes(root)
            if attributes:
                written.append(attributes)
            for path in maybe:
                tx.wrote(path, path.read_bytes() if path.exists() else None)
            ensure_merge_driver(tx.repo)
            if not written:
                return [], None
            message = "Create runnerup library" if settings in written else "Update runnerup schemas"
            return written, tx.commit(written, message)
    except RunnerupError:  # the files are back as they were; take away the folders and repository made here
        if made_repo:
            shutil.rmtree(root / ".git", ignore_errors=True)  # ours (`git init` here), seconds old, without a commit
        for folder in reversed(made_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty
        raise


def forget_candidate(library: Library | OpenLibrary, ref: str) -> Written:
    """Erase a candidate (consent withdrawn): delete the file in one commit.

    The file stays in git history; :func:`purge_instructions` says how to remove it there.
    """
    library, repo = _opened(library)
    entry = library.find(ref)
    path = library.candidate_path(entry.id)
    with _writing(library, repo) as tx:
        tx.delete(path)
        commit = tx.commit([path], f"Forget {entry.name} (consent withdrawn)")
    return Written(path, commit, entry.id)


def purge_instructions(library: Library | OpenLibrary, written: Written) -> str:
    """How to erase the file from every commit too, for a full erasure."""
    library, repo = _opened(library)
    if repo is None:
        return ""
    rel = os.path.relpath(written.path, repo.work_tree)
    return (
        f"{rel} is deleted, but earlier commits still hold it. For a full erasure, in a fresh clone run "
        f"`git filter-repo --invert-paths --path {rel}`, force-push, and have every teammate re-clone."
    )


# -- importing people (runnerup import) -------------------------------------------------------


@dataclass
class ImportedRow:
    """One line of an import's report: ``action`` is create, update or skip; ``detail`` what changes or why not."""

    action: str
    row: int
    name: str
    id: str | None = None
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "row": self.row, "name": self.name, "id": self.id, "detail": self.detail}


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do): each row's action, the warnings, the one commit."""

    file: str
    system: str
    rows: list[ImportedRow]
    unknown_columns: list[str]
    warnings: list[str]  # "row 7: date 03/04/2024 is ambiguous (day/month?)", likely duplicates
    invalid: list[str]  # rows left out because they do not validate, with their number
    commit: str | None = None
    dry_run: bool = False

    def count(self, action: str) -> int:
        """Rows skipped, or people created or updated (two rows may add to one person)."""
        rows = [r for r in self.rows if r.action == action]
        return len(rows) if action == "skip" else len({r.id for r in rows})

    @property
    def changed(self) -> bool:
        return any(r.action in ("create", "update") for r in self.rows)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "system": self.system,
            "dry_run": self.dry_run,
            "created": self.count("create"),
            "updated": self.count("update"),
            "skipped": self.count("skip"),
            "commit": self.commit,
            "rows": [r.to_json() for r in self.rows],
            "unknown_columns": self.unknown_columns,
            "warnings": self.warnings,
            "invalid": self.invalid,
        }


def import_people(
    library: Library | OpenLibrary,
    path: Path,
    *,
    maps: list[str] | tuple[str, ...] = (),
    owner: str | None = None,
    every_row: bool = False,
    region: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import the people of an ATS export or LinkedIn's Connections.csv: one commit for the whole file.

    A row whose email, phone (E.164; ``region`` for numbers without a country code) or LinkedIn profile is a
    person's in the library adds to that person what their file lacks, and changes nothing it says; rows of one
    person are one. Only rejections are imported when the file says which rows are (``every_row``: all of them).
    ``dry_run`` reads everything and writes nothing. Raises :class:`UsageError` for a bad ``--map``, and
    :class:`RunnerupError` (one line naming the file) when the file cannot be read.
    """
    from runnerup_tui.domain.importing import STATUS_FIELDS, looks_like_header, parse_map, system_of
    from runnerup_tui.store.tables import read_table

    library, repo = _opened(library)
    try:
        overrides = parse_map(maps)
    except ValueError as err:
        raise UsageError(str(err)) from None
    if region is not None and not (len(region) == 2 and region.isalpha()):
        raise UsageError(f"--region {region!r}: a two-letter country code such as US, GB or DE")
    region = region.upper() if region else None
    table = read_table(path, lambda cells: looks_like_header(cells, overrides))
    system = system_of(table.headers)
    fields = _import_fields(table, system, overrides)
    unknown = [h for h, f in zip(table.headers, fields) if f is None and h.strip()]
    report = ImportReport(table.name, system, [], unknown, [], [], dry_run=dry_run)
    people = _people_of(table, fields, any(f in STATUS_FIELDS for f in fields), every_row, region, report)
    if dry_run:
        identity = None
        if repo is not None:
            with contextlib.suppress(RunnerupError):
                identity = repo.identity()
        _plan_import(library, people, report, (owner, identity.name if identity else None), region, None)
        return report
    with _writing(library, repo) as tx:
        paths = _plan_import(library, people, report, (owner, tx.identity.name if tx.identity else None), region, tx)
        if paths:
            created, updated = report.count("create"), report.count("update")
            total = created + updated
            message = f"Import {total} {'person' if total == 1 else 'people'} from {table.name}"
            report.commit = tx.commit(paths, message + (f" ({updated} updated)" if updated else ""))
    return report


def _import_fields(table: Any, system: str, overrides: dict[str, str]) -> list[str | None]:
    """The field each column brings in (None: not imported); a ``--map`` naming no column is a usage error."""
    from runnerup_tui.domain.importing import column_key, field_of

    keys = {column_key(h) for h in table.headers}
    missing = [k for k in overrides if k not in keys]
    if missing:
        raise UsageError(
            f"--map: {table.name} has no column like `{missing[0]}` (its columns: {', '.join(table.headers)})"
        )
    fields = [field_of(h, system, overrides) if h.strip() else None for h in table.headers]
    fields = [None if f == "ignore" else f for f in fields]
    if not {"name", "first_name", "last_name"} & set(fields):
        raise RunnerupError(
            f"{table.name}: no column with people's names (columns: {', '.join(table.headers)}); "
            "name one with --map COLUMN=name"
        )
    return fields


def _people_of(  # noqa: ANN202
    table: Any, fields: list[str | None], status_column: bool, every_row: bool, region: str | None, report: ImportReport
):
    """The table's rows as people: the rows to leave out reported, the rows of one person made one."""
    from runnerup_tui.domain.identity import name_key, names_agree
    from runnerup_tui.domain.importing import read_row

    people = []
    by_key: dict[Any, Any] = {}
    for number, cells in table.rows:
        values: dict[str, list[Any]] = {}
        for i, name in enumerate(fields):
            if name is not None and i < len(cells):
                values.setdefault(name, []).append(cells[i])
        person = read_row(number, values, status_column=status_column)
        report.warnings += [f"row {number}: {w}" for w in person.warnings]
        if status_column and not every_row and person.outcome != "rejected":
            said = "hired" if person.outcome == "hired" else "not rejected"
            said += f" ({person.stage_text})" if person.stage_text and person.outcome != "hired" else ""
            report.rows.append(ImportedRow("skip", number, person.name, None, f"{said}; --all imports it"))
            continue
        if not person.name:
            report.invalid.append(f"row {number}: no name")
            report.rows.append(ImportedRow("skip", number, "", None, "no name"))
            continue
        keys = person.keys(region) or {("name", name_key(person.name))}  # a row with no email, phone or profile
        matched = [(k, by_key[k]) for k in sorted(keys, key=str) if k in by_key]
        # a key on rows of plainly different names (a placeholder address, a team phone) does not make them one
        same = next((group for _k, group in matched if names_agree(group.name, person.name)), None)
        for key, group in matched:
            if group is not same and not names_agree(group.name, person.name):
                report.warnings.append(
                    f"row {number}: {person.name} shares the {_key_words(key)} with {group.name} (row {group.row}) "
                    "but not the name: imported as two people"
                )
        if same is not None:
            same.absorb(person)
        else:
            people.append(person)
            same = person
        for key in keys:
            by_key.setdefault(key, same)
    return people


def _key_words(key: Any) -> str:
    """``email ada@x.org``: a key as a sentence names it."""
    from runnerup_tui.domain.identity import KEY_WORDS

    return f"{KEY_WORDS[key.kind]} {key.value}" if hasattr(key, "kind") else "name"


def _library_keys(library: Library, region: str | None) -> dict[Any, set[str]]:
    """Every exact key of the library's people (email, E.164 phone, LinkedIn profile) and whose it is.

    The index holds each person's keys, read without a region; only ``--region`` (local numbers read as that
    country's) needs every contact read again.
    """
    from runnerup_tui.domain.identity import key_from_text, person_keys
    from runnerup_tui.store.reading import read_library_file

    found: dict[Any, set[str]] = {}
    if region is None:
        for cid, entry in library.index.candidates.items():
            for text in entry.keys:
                found.setdefault(key_from_text(text), set()).add(cid)
        return found
    for cid in library.index.candidates:
        try:  # only the contact is wanted: the data yaml-rs reads, without building the whole record
            record: Any = plain_data(read_library_file(library.root, f"candidates/{cid}.yaml"))
        except (RunnerupError, OSError):
            record = None
        if not isinstance(record, dict) or not isinstance(record.get("contact", {}), (dict, type(None))):
            try:
                record = library.read_candidate(cid)
            except RunnerupError:
                continue  # a broken file is under Problems; nobody is matched to it
        for key in person_keys(record, region):
            found.setdefault(key, set()).add(cid)
    return found


def _plan_import(
    library: Library,
    people: list[Any],
    report: ImportReport,
    owners: tuple[str | None, str | None],
    region: str | None,
    tx: _Transaction | None,
) -> list[Path]:
    """Decide each person's action, into ``report``; with ``tx``, write the files and return them (not committed).

    ``owners``: the ``--owner`` given, then who a new person's owner is when neither it nor the row names one.
    """
    from runnerup_tui.domain.identity import likely_names, name_key, names_agree
    from runnerup_tui.domain.model import Candidate
    from runnerup_tui.store.import_facts import add_facts

    keys = _library_keys(library, region) if any(p.keys(region) for p in people) else {}
    entries = library.index.candidates
    names = [(cid, e.name) for cid, e in entries.items()]
    by_name: dict[str, list[str]] = {}
    for cid, name in names:
        by_name.setdefault(name_key(name), []).append(cid)
    folder = library.record_folder("candidates")
    docs: dict[str, Document] = {}
    changed: dict[str, list[str]] = {}
    new_files: dict[str, bytes] = {}
    for person in sorted(people, key=lambda p: p.row):
        where = f"row {person.row}" + "".join(f", {n}" for n in person.merged_rows)
        fresh = CommentedMap({"name": person.name})
        owner = owners[0] or person.owner
        add_facts(fresh, person, owner=owner or owners[1], new_id=new_touchpoint_id, region=region)
        parsed = parse_record(new_document_bytes(fresh), "import", Candidate)
        if not parsed.ok:
            report.invalid.append(f"row {person.row}: {parsed.problems[0].message}")
            report.rows.append(ImportedRow("skip", person.row, person.name, None, parsed.problems[0].message))
            continue
        mine = person.keys(region)
        matches = sorted({cid for key in mine for cid in keys.get(key, ())})
        apart = [cid for cid in matches if not names_agree(entries[cid].name if cid in entries else "", person.name)]
        for cid in apart:  # a shared placeholder address or team phone: that person is left as they are
            shared = ", ".join(_key_words(k) for k in sorted(mine, key=str) if cid in keys.get(k, ()))
            report.warnings.append(
                f"row {person.row}: {person.name} shares the {shared} with {cid} ({entries[cid].name}) but not the "
                f"name: added as a new person (runnerup merge-people if they are one)"
            )
        matches = [cid for cid in matches if cid not in apart]
        why = "; ".join(str(k) for k in sorted(mine, key=str) if set(keys.get(k, ())) - set(apart))
        if not mine:  # the name is all the file says of who they are: only one person can have it
            namesakes = by_name.get(name_key(person.name), [])
            if len(namesakes) > 1:
                said = f"{len(namesakes)} people have this name, and the file gives no email, phone or LinkedIn"
                report.rows.append(ImportedRow("skip", person.row, person.name, None, said))
                continue
            matches, why = namesakes, "same name (the file gives no email, phone or LinkedIn)"
        if len(matches) > 1:
            report.rows.append(ImportedRow("skip", person.row, person.name, None, f"matches {', '.join(matches)}"))
            continue
        if matches:
            cid = matches[0]
            if cid not in docs:
                try:
                    docs[cid] = Document.open(library.candidate_path(cid), f"candidates/{cid}.yaml", Candidate)
                except RunnerupError as err:
                    report.rows.append(ImportedRow("skip", person.row, person.name, cid, f"cannot update: {err}"))
                    continue
            # the library's owner stays; one the import names fills an empty one
            done = add_facts(docs[cid].data, person, owner=owner, new_id=new_touchpoint_id, region=region)
            if done:
                changed.setdefault(cid, []).extend(done)
                report.rows.append(ImportedRow("update", person.row, person.name, cid, f"{why}: + {', '.join(done)}"))
            else:
                report.rows.append(ImportedRow("skip", person.row, person.name, cid, f"{why}: nothing new"))
            continue
        rid = _free_id(folder, slugify(person.name), {*entries, *new_files})
        new_files[rid] = new_document_bytes(fresh)
        likely = likely_names(person.name, names, limit=3)
        detail = f"new file candidates/{rid}.yaml" + (f" ({where})" if person.merged_rows else "")
        if likely:
            said = ", ".join(f"{cid}: name {score:.0f}%" for cid, score in likely)
            detail += f"; likely the same as {said}"
            report.warnings.append(f"row {person.row}: {person.name} is likely the same as {said}")
        report.rows.append(ImportedRow("create", person.row, person.name, rid, detail))
        names.append((rid, person.name))  # a later row alike is warned about too
    report.rows.sort(key=lambda r: r.row)
    if tx is None:
        return []
    paths: list[Path] = []
    for cid in changed:
        tx.save(docs[cid])
        paths.append(docs[cid].path)
    if new_files:
        folder.mkdir(parents=True, exist_ok=True)
    for rid, raw in new_files.items():
        tx.write(folder / f"{rid}.yaml", raw)
        paths.append(folder / f"{rid}.yaml")
    return paths


# -- drafted outreach ----------------------------------------------------------------------------


def draft_outreach(
    library: Library | OpenLibrary,
    ref: str,
    kind: str | None = None,
    *,
    today: dt.date,
    force: bool = False,
    me: str | None = None,
) -> Draft:
    """A message to a candidate drafted from the little things on file, in the library's template for ``kind``.

    Writes nothing. ``kind`` None: congrats after a career update, else email. For someone whose fit or consent
    rules out personal outreach it raises :class:`~runnerup_tui.domain.upfront.PersonalTouchpointRefused`
    unless ``force``; a template that cannot be filled raises :class:`~runnerup_tui.domain.drafts.TemplateError`.
    ``me`` (the sender's name) defaults to the git user.
    """
    from runnerup_tui.domain.drafts import best_opening, default_kind, draft_fields, make_draft
    from runnerup_tui.domain.problems import GitError
    from runnerup_tui.store.templates import read_template

    library, repo = _opened(library)
    entry, candidate = library.find_record(ref)
    kind = kind or default_kind(candidate)
    check_outreach(entry.name, entry.fit, kind, force=force, consent_expires=entry.consent_expires, on=today)
    template = read_template(library.root, kind)
    opening = best_opening(entry, library.index.openings.values(), library.settings, today)
    if me is None and repo is not None:
        with contextlib.suppress(GitError):
            me = repo.identity().name
    fields = draft_fields(entry, candidate, opening=opening, opening_link=_opening_link(library, opening), me=me)
    return make_draft(entry.id, kind, template, fields, candidate.contact, opening)


def _opening_link(library: Library, opening: OpeningEntry | None) -> str | None:
    """The job ad of ``opening``: its file's ``link`` (or a hand-written ``url``); None when it has none."""
    if opening is None:
        return None
    try:
        record = library.read_opening(opening.id)
    except (RunnerupError, OSError):
        return None
    link = record.link or (record.model_extra or {}).get("url")
    return link.strip() if isinstance(link, str) and link.strip() else None


# -- duplicates: two records of one person made one ------------------------------------------


@dataclass(frozen=True)
class MergePlan:
    """Two records of one person as they are now, for a person to decide on before :func:`merge_people`.

    ``differences`` are the fields both fill with different values; ``hashes`` what both files held
    when read (a merge given them refuses when either file changed since); ``keep_data`` and
    ``other_data`` the records as plain values, to show side by side.
    """

    keep_id: str
    other_id: str
    keep_name: str
    other_name: str
    differences: tuple[Any, ...]  # person_merge.Difference
    hashes: tuple[str, str]
    keep_data: dict[str, Any]
    other_data: dict[str, Any]


@dataclass(frozen=True)
class Merged(Written):
    """The outcome of :func:`merge_people`: the kept file and its commit, the file removed, the values lost."""

    removed: Path | None = None
    dropped: tuple[str, ...] = ()  # "headline 'X' (from jon-smith)", as the commit message lists them


def _mergeable(library: Library, ref: str) -> str:
    """The id of the candidate ``ref`` means; a file that does not validate is refused (one line, exit 1)."""
    broken = library.problem_ids("candidates")
    if ref in broken:
        raise RunnerupError(f"cannot merge `{ref}` until its file is fixed: {broken[ref]}")
    return library.find(ref).id


def _two_documents(library: Library, keep: str, other: str) -> tuple[Document, Document]:
    from runnerup_tui.domain.model import Candidate

    if keep == other:
        raise RunnerupError(f"`{keep}` is one record: give two different people to merge")
    return (
        Document.open(library.candidate_path(keep), f"candidates/{keep}.yaml", Candidate),
        Document.open(library.candidate_path(other), f"candidates/{other}.yaml", Candidate),
    )


def plan_merge(library: Library | OpenLibrary, keep_ref: str, other_ref: str) -> MergePlan:
    """Read both records to merge (ids or unambiguous name prefixes) and the fields where they differ."""
    from runnerup_tui.store.person_merge import differences, plain

    library, _repo = _opened(library)
    keep, other = _mergeable(library, keep_ref), _mergeable(library, other_ref)
    keep_doc, other_doc = _two_documents(library, keep, other)
    return MergePlan(
        keep,
        other,
        str(keep_doc.data.get("name", keep)),
        str(other_doc.data.get("name", other)),
        tuple(differences(keep_doc.data, other_doc.data)),
        (keep_doc.hash, other_doc.hash),
        plain(keep_doc.data),
        plain(other_doc.data),
    )


def merge_people(
    library: Library | OpenLibrary,
    keep_ref: str,
    other_ref: str,
    *,
    take_other: tuple[tuple[str, ...], ...] = (),
    expected: tuple[str, str] | None = None,
) -> Merged:
    """Make one record of two: OTHER brought into KEEP's file (its comments kept), OTHER's file removed, one commit.

    History is united by touchpoint id (by content for entries without one), lists by value, interviews
    by role and date; fields only OTHER fills are filled in; where both hold different values KEEP's
    stays, except at the paths in ``take_other``. The commit message lists every value dropped.
    ``expected``: both files' hashes when the person looked (:class:`MergePlan`); a file changed
    since is refused (:class:`FileChanged`), as are one id given twice and a file that does not validate.
    """
    from runnerup_tui.domain.model import Candidate
    from runnerup_tui.store.person_merge import merge_into, plain

    library, repo = _opened(library)
    keep, other = _mergeable(library, keep_ref), _mergeable(library, other_ref)
    with _writing(library, repo) as tx:
        keep_doc, other_doc = _two_documents(library, keep, other)
        if repo is not None:
            rel = os.path.relpath(other_doc.path, repo.work_tree).replace(os.sep, "/")
            if repo.show(f"HEAD:{rel}") is None:
                # removing a file no commit holds would lose it for good: what the merge leaves out, and its comments
                raise RunnerupError(
                    f"{other_doc.rel_path} is in no commit yet; commit it first (runnerup sync), then merge"
                )
        if expected is not None and (keep_doc.hash, other_doc.hash) != tuple(expected):
            raise FileChanged(f"{keep} or {other} changed on disk since you looked; nothing merged — look again")
        outcome = merge_into(keep_doc.data, plain(other_doc.data), list(Candidate.model_fields), take_other)
        tx.save(keep_doc)
        if content_hash(read_plain_file(other_doc.path, other_doc.rel_path)) != other_doc.hash:
            raise FileChanged(f"{other_doc.rel_path} changed on disk while merging; nothing merged")
        tx.delete(other_doc.path)
        keep_name = str(keep_doc.data.get("name", keep))
        other_name = str(plain(other_doc.data).get("name", other))
        lost = [(other, path, value) for path, value in outcome.dropped_from_other]
        lost += [(keep, path, value) for path, value in outcome.dropped_from_keep]
        dropped = tuple(f"{dotted(path)} {_quoted(value)} (from {who})" for who, path, value in lost)
        body = _merge_body(keep, other, outcome)
        commit = tx.commit([keep_doc.path, other_doc.path], f"Merge {other_name} into {keep_name}", body)
    return Merged(keep_doc.path, commit, keep, removed=other_doc.path, dropped=dropped)


def _quoted(value: Any) -> str:
    """A dropped value in a commit message: dates as ISO, text quoted on one line (newlines as ``\\n``)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return "'" + value.strip().replace("\\", "\\\\").replace("\n", "\\n") + "'"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _merge_body(keep: str, other: str, outcome: Any) -> str:  # outcome: person_merge.MergeOutcome
    """The commit message's body: what came from OTHER, what each side kept and lost."""
    lines = [f"candidates/{other}.yaml is merged into candidates/{keep}.yaml and removed."]
    if outcome.added:
        lines.append(f"added from {other}: {'; '.join(outcome.added)}")
    kept_keep = [d for d in outcome.differences if (d.path, d.other) in outcome.dropped_from_other]
    kept_other = [d for d in outcome.differences if (d.path, d.keep) in outcome.dropped_from_keep]
    if kept_keep:
        lines.append(f"kept from {keep}: " + ", ".join(f"{dotted(d.path)} {_quoted(d.keep)}" for d in kept_keep))
    if kept_other:
        lines.append(f"kept from {other}: " + ", ".join(f"{dotted(d.path)} {_quoted(d.other)}" for d in kept_other))
    for who, dropped in ((other, outcome.dropped_from_other), (keep, outcome.dropped_from_keep)):
        if dropped:
            lines.append(f"dropped from {who}: " + ", ".join(f"{dotted(p)} {_quoted(v)}" for p, v in dropped))
    return "\n".join(lines)


def mark_not_duplicates(library: Library | OpenLibrary, first_ref: str, second_ref: str) -> Written:
    """Remember that two candidates are two people: ``not_duplicates`` in ``runnerup.yaml``, one commit.

    ``duplicates`` and the app never show that pair again. Said already: nothing written (no commit).
    """
    from runnerup_tui.domain.duplicates import known_different, pair_text
    from runnerup_tui.domain.model import Settings
    from runnerup_tui.store.index import SETTINGS_FILE

    library, repo = _opened(library)
    first, second = library.find(first_ref), library.find(second_ref)
    if first.id == second.id:
        raise UsageError(f"`{first.id}` is one record: give two different people")
    text = pair_text(first.id, second.id)
    path = library.root / SETTINGS_FILE
    with _writing(library, repo) as tx:
        if path.exists():
            doc = Document.open(path, SETTINGS_FILE, Settings)
            data = doc.data
        else:
            doc, data = None, CommentedMap()
        said = data.get("not_duplicates")
        if known_different([text]) <= known_different(said if isinstance(said, list) else []):
            return Written(path, None, text)
        if isinstance(said, CommentedSeq):
            trailing = take_trailing_comment(said)  # comment lines after the list belong below it
            said.append(text)
        else:
            trailing = take_trailing_comment(data)
            data["not_duplicates"] = CommentedSeq([text])
        if trailing:
            put_trailing_comment(data if not isinstance(said, CommentedSeq) else said, trailing)
        if doc is not None:
            tx.save(doc)
        else:
            tx.write(path, new_document_bytes(data))
        message = f"Note that {first.name} and {second.name} are two people, not one"
        return Written(path, tx.commit([path], message), text)
