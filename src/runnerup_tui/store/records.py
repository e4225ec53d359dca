"""Whole candidate records, many at once: what an export needs beyond the index (contact, notes, reasons)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from runnerup_tui.domain.problems import InvalidFile
from runnerup_tui.store.library import Library
from runnerup_tui.store.plain_reading import read_plain_candidate


def read_candidates(library: Library, ids: Iterable[str]) -> tuple[list[tuple[str, Any]], list[str]]:
    """The records of ``ids`` read fresh from disk, in that order, and the ids that could not be read.

    yaml-rs and the plain records read what they can (10,000 files in seconds, not a minute); the models
    read the rest. A file that changed into something invalid since the index saw it is left out, not fatal.
    """
    records: list[tuple[str, Any]] = []
    unreadable: list[str] = []
    for cid in ids:
        record = read_plain_candidate(library.root, cid)
        if record is None:
            try:
                record = library.read_candidate(cid)
            except (InvalidFile, OSError):
                unreadable.append(cid)
                continue
        records.append((cid, record))
    return records, unreadable
