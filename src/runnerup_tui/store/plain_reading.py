"""Reading one library file without ruamel or pydantic: yaml-rs and the plain records, when the file needs no more.

A command on one candidate (``show``, ``log``) reads their file here first; every file this declines (None) is
read by ``parsing.parse_record``, which also words what is wrong with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runnerup_tui.domain.plain import PlainCandidate, PlainOpening, plain_candidate, plain_opening, plain_settings
from runnerup_tui.domain.problems import InvalidFile
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.store.fast_yaml import CONFLICT_MARKER, load_fast
from runnerup_tui.store.reading import MAX_FILE_BYTES, read_library_file

BOM = "\ufeff"
MOST_BRACKETS = 500
"""More ``[`` and ``{`` than this (in text too) and ``parse_record`` judges the file: it refuses flow
collections nested a thousand deep before parsing them (``parsing.MAX_FLOW_OPEN``)."""


def plain_data(raw: bytes) -> dict[Any, Any] | None:
    """The mapping a file's bytes hold, read by yaml-rs; None when ruamel must read them (or they are not valid)."""
    if len(raw) > MAX_FILE_BYTES:
        return None
    try:
        text = raw.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError:
        return None
    if CONFLICT_MARKER.search(text) or text.count("[") + text.count("{") > MOST_BRACKETS:
        return None
    return load_fast(text)


def _read(root: Path, rel: str) -> dict[Any, Any] | None:
    try:
        raw = read_library_file(root, rel)
    except (InvalidFile, OSError):
        return None  # a link, a FIFO, a file too big or gone: the full read says which
    return plain_data(raw)


def read_plain_candidate(root: Path, cid: str) -> PlainCandidate | None:
    """``candidates/<cid>.yaml`` as a plain record, or None when the models must read it."""
    data = _read(root, f"candidates/{cid}.yaml")
    return plain_candidate(data) if data is not None else None


def read_plain_opening(root: Path, oid: str) -> PlainOpening | None:
    """``openings/<oid>.yaml`` as a plain record, or None when the models must read it."""
    data = _read(root, f"openings/{oid}.yaml")
    return plain_opening(data) if data is not None else None


def read_plain_settings(root: Path, rel: str) -> LibrarySettings | None:
    """``runnerup.yaml`` as the playbook reads it, or None when the model must read it."""
    data = _read(root, rel)
    return plain_settings(data) if data is not None else None
