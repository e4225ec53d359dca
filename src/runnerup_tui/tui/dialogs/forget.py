"""Forgetting a person from the app: ask first, naming them and what git history keeps, then one commit."""

from __future__ import annotations

import dataclasses

from textual.screen import Screen

from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.session import LibrarySession
from runnerup_tui.store.library import Library
from runnerup_tui.tui.acting import save_in_worker
from runnerup_tui.tui.dialogs.confirm import ConfirmDialog

HISTORY_NOTE = (
    "Git history still holds their data: the file is deleted in one commit, but earlier commits keep"
    " it. For a full erasure, purge it from history with `git filter-repo` in a fresh clone (the exact"
    " command follows), force-push, and have every teammate re-clone."
)


def ask_to_forget(screen: Screen, session: LibrarySession, cid: str, name: str) -> None:
    """Ask whether to erase ``name`` (consent withdrawn or expired); on yes, forget them in a worker.

    ``screen`` handles the outcome like any save (``Saved``/``SaveFailed``); the exact purge
    command for this repository comes back as a warning notification.
    """
    shown = visible_line(name)

    def answered(yes: bool | None) -> None:
        if yes:
            save_in_worker(screen, session, lambda library: _forget(library, cid), f"Forgot {shown}")

    screen.app.push_screen(
        ConfirmDialog(
            f"Forget {shown}? Their file is deleted from the library.", detail=HISTORY_NOTE, yes="Forget", no="Keep"
        ),
        answered,
    )


def _forget(library: Library, cid: str):  # noqa: ANN202 - a Written
    from runnerup_tui.actions import forget_candidate, purge_instructions

    written = forget_candidate(library, cid)
    note = purge_instructions(library, written)
    return dataclasses.replace(written, warnings=(note,)) if note else written
