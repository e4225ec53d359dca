"""A library on disk: where it is, its index, and finding a candidate by id or name.

Resolution order (DESIGN.md §4): ``--library``, ``$RUNNERUP_LIBRARY``, the nearest
ancestor of the working directory holding ``runnerup.yaml`` or ``candidates/``, then the
``library`` of the user config file.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runnerup_tui.domain.names import fold, is_slug
from runnerup_tui.domain.problems import InvalidFile, LibraryNotFound, Problem, UsageError
from runnerup_tui.domain.safe_text import excerpt
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.summary import CandidateEntry, OpeningEntry
from runnerup_tui.store.config import UserConfig, load_config
from runnerup_tui.store.index import SETTINGS_FILE, Index, Progress, read_file
from runnerup_tui.store.reading import check_folder, read_library_file

if TYPE_CHECKING:  # reading a whole record needs the models and the YAML parser; the index does not
    from runnerup_tui.domain.model import Candidate, Opening
    from runnerup_tui.domain.plain import PlainCandidate


def is_library(folder: Path) -> bool:
    return (folder / SETTINGS_FILE).is_file() or (folder / "candidates").is_dir()


def resolve_library(
    explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None, config: UserConfig | None = None
) -> Path:
    """The library folder to use; raises :class:`LibraryNotFound` with what to do.

    ``config`` is the user config already read (the app reads it once); without it, the file
    is read only when no earlier step finds a library.
    """
    for given, source in ((explicit, "--library"), (os.environ.get("RUNNERUP_LIBRARY"), "RUNNERUP_LIBRARY")):
        if given:
            folder = Path(given).expanduser().resolve()
            if not folder.is_dir():
                raise LibraryNotFound(f"{source}: no such folder: {folder}")
            return folder
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_library(folder):
            return folder
    default = (config if config is not None else load_config()).library
    if default and default.is_dir():
        return default.resolve()
    raise LibraryNotFound(
        "no runnerup library here (no runnerup.yaml or candidates/ in this folder or above); "
        "create one with `runnerup init`, try `runnerup demo`, or pass --library PATH"
    )


def cache_file_for(root: Path, private_folder: Path | None = None) -> Path:
    """Where the index cache of ``root`` lives: never inside the tracked tree.

    ``private_folder`` is the repository's own folder (``.git/runnerup``) when the library is
    in git (the team layer finds it); otherwise the user's cache folder.
    """
    digest = hashlib.sha1(str(root).encode()).hexdigest()[:12]
    if private_folder is None:
        from platformdirs import user_cache_path

        private_folder = user_cache_path("runnerup")
    return private_folder / f"index-{digest}.sqlite"


class Library:
    """One library folder and its index."""

    def __init__(self, root: Path, index: Index, *, loaded: bool = True, decode: bool = True) -> None:
        self.root = root
        self._index = index
        self._loaded = loaded
        self._decode = decode
        self._settings: LibrarySettings | None = None

    @classmethod
    def open(
        cls,
        root: Path,
        progress: Progress | None = None,
        private_folder: Path | None = None,
        *,
        lazy: bool = False,
        decode: bool = True,
        scanned: dict[str, os.stat_result] | None = None,
    ) -> Library:
        """The library at ``root`` with its index loaded; ``lazy`` loads the index only when something needs it.

        A lazy library finds a candidate by its exact id by reading that one file (a command on one
        candidate need not stat and load 10,000); what it writes, the index notices by stat on its next load.
        Without ``decode``, the index decodes its records from the cache only when they are asked for.
        """
        root = root.resolve()
        index = Index(root, cache_file_for(root, private_folder))
        if lazy:
            return cls(root, index, loaded=False, decode=decode)
        return cls(root, index.load(progress, lazy=not decode, scanned=scanned))

    @property
    def index(self) -> Index:
        """Every file of the library, summarised (loaded on first use when the library was opened ``lazy``)."""
        if not self._loaded:
            self._index.load(lazy=not self._decode)
            self._loaded = True
        return self._index

    @property
    def index_loaded(self) -> bool:
        """Whether the index is in memory (then a write updates it; otherwise its next load notices the write)."""
        return self._loaded

    @property
    def settings(self) -> LibrarySettings:
        if self._loaded:
            return self._index.settings
        if self._settings is None:  # runnerup.yaml alone, as the index would read it
            self._settings = self._read_settings()
        return self._settings

    def _read_settings(self) -> LibrarySettings:
        if not os.path.lexists(self.root / SETTINGS_FILE):
            return LibrarySettings()
        from runnerup_tui.store.plain_reading import read_plain_settings  # yaml-rs: a command on one file

        plain = read_plain_settings(self.root, SETTINGS_FILE)
        if plain is not None:
            return plain
        entry = read_file(self.root, SETTINGS_FILE).entry  # the model reads what the plain reading declined
        return entry if isinstance(entry, LibrarySettings) else LibrarySettings()

    @property
    def name(self) -> str:
        return self.settings.name or self.root.name

    def record_folder(self, folder: str) -> Path:
        """``candidates`` or ``openings`` of this library; raises :class:`InvalidFile` when it is a
        symbolic link leading outside the library, which runnerup never writes through."""
        check_folder(self.root, folder)
        return self.root / folder

    def candidate_path(self, cid: str) -> Path:
        return self.record_folder("candidates") / f"{cid}.yaml"

    def opening_path(self, oid: str) -> Path:
        return self.record_folder("openings") / f"{oid}.yaml"

    def find(self, ref: str) -> CandidateEntry:
        """The candidate meant by an id or an unambiguous name prefix."""
        if (entry := self._read_alone("candidates", ref) or self._indexed("candidates", ref)) is not None:
            return entry
        broken = lambda: self.problem_ids("candidates")  # noqa: E731
        return _find(ref, self.index.candidates, "candidate", lambda e: e.name_key, broken)

    def find_record(self, ref: str) -> tuple[CandidateEntry, Candidate | PlainCandidate]:
        """The candidate meant by ``ref`` and their whole record, read fresh from disk.

        Before the index is loaded, an exact id whose file needs no more than a plain reading is read once,
        without the models (``show``); otherwise as :meth:`find` and :meth:`read_candidate` do.
        """
        if not self._loaded and is_slug(ref):
            from runnerup_tui.store.plain_reading import read_plain_candidate

            record = read_plain_candidate(self.root, ref)
            if record is not None:
                return CandidateEntry.from_candidate(ref, record), record  # type: ignore[arg-type]
        entry = self.find(ref)
        return entry, self.read_candidate(entry.id)

    def find_opening(self, ref: str) -> OpeningEntry:
        if (entry := self._read_alone("openings", ref)) is not None:
            return entry
        broken = lambda: self.problem_ids("openings")  # noqa: E731
        return _find(ref, self.index.openings, "opening", lambda e: fold(e.title), broken)

    def _indexed(self, folder: str, ref: str) -> Any:
        """The index's entry for the exact id ``ref``, found by its file: after a write the index's views by id
        are rebuilt on first use (10,000 entries), which a save by id need not wait for."""
        if not self._loaded:
            return None
        record = self._index.files.get(f"{folder}/{ref}.yaml")
        entry = record.entry if record is not None else None
        return entry if isinstance(entry, CandidateEntry) and entry.id == ref else None

    def _read_alone(self, folder: str, ref: str) -> Any:
        """Before the index is loaded: the entry of ``folder/ref.yaml`` when ``ref`` is an exact id and the file
        is valid; None otherwise (then the index finds it by prefix or name, or says what is wrong)."""
        if self._loaded or not is_slug(ref):
            return None
        rel = f"{folder}/{ref}.yaml"
        if not os.path.lexists(self.root / rel):
            return None
        from runnerup_tui.store.plain_reading import read_plain_candidate, read_plain_opening

        if folder == "candidates" and (candidate := read_plain_candidate(self.root, ref)) is not None:
            return CandidateEntry.from_candidate(ref, candidate)  # type: ignore[arg-type]
        if folder == "openings" and (opening := read_plain_opening(self.root, ref)) is not None:
            return OpeningEntry.from_opening(ref, opening)  # type: ignore[arg-type]
        entry = read_file(self.root, rel).entry  # the models read what the plain reading declined, and word why
        return entry if isinstance(entry, (CandidateEntry, OpeningEntry)) else None

    def problem_ids(self, folder: str) -> dict[str, str]:
        """Ids of files in ``folder`` that do not validate, with their first error."""
        return {rid: str(problem) for rid, problem in self.index.broken(folder).items()}

    def problems(self) -> list[Problem]:
        """Every problem: each file's own, then references to openings that do not exist."""
        return self.index.problems + self.reference_problems()

    def reference_problems(self) -> list[Problem]:
        """Warnings for touchpoints naming an opening that has no file (a typo, or deleted)."""
        known = set(self.index.openings) | set(self.problem_ids("openings"))
        found: list[Problem] = []
        for cid, refs in sorted(self.index.opening_refs().items()):
            missing = [ref for ref in refs if ref not in known]
            if not missing:
                continue
            from runnerup_tui.store.parsing import decode, locate

            rel = f"candidates/{cid}.yaml"
            text, _ = decode(read_library_file(self.root, rel))
            record = self.read_candidate(cid)
            paths = [(("history", i, "opening"), False) for i, t in enumerate(record.history) if t.opening in missing]
            for ((_, i, _), _), (line, col) in zip(paths, locate(text, paths)):
                ref = record.history[i].opening
                found.append(
                    Problem(
                        rel,
                        line,
                        col,
                        "warning",
                        f"history[{i}].opening: there is no opening `{ref}` (openings/{ref}.yaml)",
                    )
                )
        return found

    def read_candidate(self, cid: str) -> Candidate:
        """The full, validated record of one candidate, read fresh from disk."""
        from runnerup_tui.domain.model import Candidate
        from runnerup_tui.store.parsing import parse_record

        rel = f"candidates/{cid}.yaml"
        parsed = parse_record(read_library_file(self.root, rel), rel, Candidate)
        if not parsed.ok or not isinstance(parsed.record, Candidate):
            raise InvalidFile(parsed.problems)
        return parsed.record

    def read_opening(self, oid: str) -> Opening:
        from runnerup_tui.domain.model import Opening
        from runnerup_tui.store.parsing import parse_record

        rel = f"openings/{oid}.yaml"
        parsed = parse_record(read_library_file(self.root, rel), rel, Opening)
        if not parsed.ok or not isinstance(parsed.record, Opening):
            raise InvalidFile(parsed.problems)
        return parsed.record


def _find(ref, entries, what, key, broken):  # noqa: ANN001, ANN202 - shared by both record kinds
    if ref in entries:
        return entries[ref]
    broken = broken()  # each file's problems: looked at only for an id that is not a valid candidate's
    if ref in broken:
        raise UsageError(f"{what} `{excerpt(ref)}` cannot be used until its file is fixed: {broken[ref]}")
    shown = excerpt(ref)  # what the person typed may be huge or span lines
    wanted = fold(ref.strip())
    matches = [e for e in entries.values() if e.id.startswith(ref) or key(e).startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        words = [e for e in entries.values() if all(w in key(e) for w in wanted.split())]
        hint = f"; did you mean {_listing(words)}?" if words else ""
        raise UsageError(f"no {what} matches `{shown}`{hint}")
    raise UsageError(f"`{shown}` matches {len(matches)} {what}s: {_listing(matches)}; give more of the name or the id")


def _listing(entries) -> str:  # noqa: ANN001
    shown = sorted(entries, key=lambda e: e.id)[:8]
    text = ", ".join(f"{e.id} ({excerpt(getattr(e, 'name', None) or getattr(e, 'title', ''))})" for e in shown)
    return text + (f" and {len(entries) - 8} more" if len(entries) > 8 else "")
