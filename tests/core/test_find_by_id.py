"""Finding a candidate by exact id in an open library: the entry of that file, without rebuilding 10,000 views."""

from __future__ import annotations

from pathlib import Path

import pytest

from runnerup_tui.actions import log_touchpoint
from runnerup_tui.domain.problems import UsageError
from runnerup_tui.domain.terms import TouchpointKind
from runnerup_tui.store.library import Library


def test_an_open_library_finds_an_exact_id_fresh_after_a_save_and_still_words_the_rest(library: Path) -> None:
    opened = Library.open(library)
    before = opened.find("ada-lovelace").touchpoints
    log_touchpoint(opened, "ada-lovelace", TouchpointKind.NOTE, summary="After the save")
    assert opened.find("ada-lovelace").touchpoints == before + 1  # the index re-read the file
    assert opened.index._views is None  # the save by id did not rebuild the views by id (a 10k dict)
    assert opened.find("ada").id == "ada-lovelace"  # a prefix still goes through the views
    assert opened.find_opening("senior-data-engineer").id == "senior-data-engineer"

    (library / "candidates" / "ada-lovelace.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    opened.index.update(["candidates/ada-lovelace.yaml"])
    with pytest.raises(UsageError, match="cannot be used until its file is fixed: candidates/ada-lovelace.yaml:"):
        opened.find("ada-lovelace")
    with pytest.raises(UsageError, match="no candidate matches `nobody`"):
        opened.find("nobody")
