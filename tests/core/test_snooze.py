"""Snoozing a follow-up: ``next_contact`` set in one commit, the rest of the file untouched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support import git

from core.builders import TODAY
from runnerup_tui.actions import snooze
from runnerup_tui.domain.relationship import follow_up_date
from runnerup_tui.store.library import Library


def test_snoozing_sets_next_contact_in_one_commit_of_one_file(library: Path) -> None:
    lib = Library.open(library)
    before = (library / "candidates/ada-lovelace.yaml").read_text()
    until = dt.date(2026, 12, 2)
    written = snooze(lib, "ada-lovelace", until)
    assert written.commit
    assert git(library, "show", "--name-only", "--format=%s", "HEAD").split("\n")[:3] == [
        "Snooze Ada Lovelace until 2026-12-02",
        "",
        "candidates/ada-lovelace.yaml",
    ]
    assert lib.read_candidate("ada-lovelace").next_contact == until
    assert follow_up_date(lib.index.candidates["ada-lovelace"], lib.settings) == until
    diff = git(library, "diff", "HEAD~1", "--unified=0", "--", "candidates/ada-lovelace.yaml")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["+next_contact: 2026-12-02"]  # placed in schema order, comments kept
    assert (library / "candidates/ada-lovelace.yaml").read_text().replace("next_contact: 2026-12-02\n", "") == before


def test_snoozing_again_to_the_same_day_changes_nothing(library: Path) -> None:
    lib = Library.open(library)
    snooze(lib, "ada-lovelace", TODAY)
    count = git(library, "rev-list", "--count", "HEAD")
    assert snooze(lib, "ada-lovelace", TODAY).commit is None
    assert git(library, "rev-list", "--count", "HEAD") == count
