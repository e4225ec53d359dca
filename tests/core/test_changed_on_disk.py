"""A save never overwrites a file that changed on disk since it was read: it merges, or stops."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import git

from runnerup_tui.actions import edit_candidate, log_touchpoint
from runnerup_tui.domain.model import TouchpointKind
from runnerup_tui.domain.problems import FileChanged
from runnerup_tui.store.library import Library

ADA = "candidates/ada-lovelace.yaml"


def form_data(library: Library, cid: str) -> dict:
    """What an edit form holds: every field of the record as plain values."""
    return library.read_candidate(cid).model_dump(exclude_unset=True)


def test_an_edit_merges_with_a_touchpoint_logged_meanwhile(library: Path) -> None:
    lib = Library.open(library)
    base = (library / ADA).read_bytes()
    data = form_data(lib, "ada-lovelace")
    data["headline"] = "Principal Engineer at Analytical Engines Ltd"
    # meanwhile, a teammate's pull (or the CLI) adds a touchpoint
    log_touchpoint(lib, "ada-lovelace", TouchpointKind.CALL, summary="Logged while the form was open")
    edit_candidate(lib, "ada-lovelace", data, base=base)
    text = (library / ADA).read_text()
    assert "headline: Principal Engineer at Analytical Engines Ltd" in text
    assert "Logged while the form was open" in text
    assert git(library, "log", "-1", "--format=%s").strip() == "Edit Ada Lovelace: headline"


def test_the_same_field_changed_on_disk_stops_the_save(library: Path) -> None:
    lib = Library.open(library)
    base = (library / ADA).read_bytes()
    data = form_data(lib, "ada-lovelace")
    data["rating"] = 3
    path = library / ADA
    path.write_text(path.read_text().replace("rating: 5", "rating: 4"))
    before = path.read_bytes()
    with pytest.raises(FileChanged, match="rating changed both there and here"):
        edit_candidate(lib, "ada-lovelace", data, base=base)
    assert path.read_bytes() == before


def test_without_the_base_a_changed_file_is_never_overwritten(library: Path) -> None:
    lib = Library.open(library)
    from runnerup_tui.store.yamldoc import content_hash

    path = library / ADA
    expected = content_hash(path.read_bytes())
    data = form_data(lib, "ada-lovelace")
    path.write_text(path.read_text() + "# a hand edit\n")
    before = path.read_bytes()
    with pytest.raises(FileChanged):
        edit_candidate(lib, "ada-lovelace", data, expected_hash=expected)
    assert path.read_bytes() == before
