"""Messages that worker threads post with their results; the UI updates in the handlers.

Widgets' own messages (a row highlighted, a problem chosen) live on the widget that
sends them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message

from runnerup_tui.actions import Written
from runnerup_tui.domain.problems import Problem
from runnerup_tui.session import LoadedCandidate, Snapshot
from runnerup_tui.store.first_screen import FirstScreen
from runnerup_tui.team.sync import SyncStatus


@dataclass
class OpenProgress(Message):
    """Files indexed so far while a library is opened without a warm cache."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, OpenProgress)  # only the latest count matters


@dataclass
class FirstScreenFound(Message):
    """The list's first screen kept from the last open, still true of the files; the library opens meanwhile.

    ``shown`` is set once it is on screen: opening goes on then, not while it is being drawn.
    """

    first: FirstScreen
    from_git: list[Problem]  # what git has left now (a lock, unresolved merges)
    shown: threading.Event


@dataclass
class LibraryOpened(Message):
    """The library is open; the first snapshot."""

    snapshot: Snapshot


@dataclass
class OpenFailed(Message):
    """The library could not be opened; ``error`` says why."""

    error: str


@dataclass
class LibraryChanged(Message):
    """The library changed (on disk, or by one of our own saves); ``changed`` are file paths."""

    snapshot: Snapshot
    changed: list[str]


@dataclass
class BranchFound(Message):
    """The checked-out branch (None outside git), and a git operation under way that stops saves."""

    branch: str | None
    operation: str | None = None


@dataclass
class DetailLoaded(Message):
    """A candidate's file, read for the detail pane."""

    loaded: LoadedCandidate


@dataclass
class Saved(Message):
    """A save finished: the file written, its commit, and a sentence for the person."""

    written: Written
    snapshot: Snapshot
    summary: str


@dataclass
class SaveFailed(Message):
    """A save did not happen (``written`` False) or was written but not committed."""

    error: str
    written: bool = False
    retry: Callable[[str], None] | None = None  # reopens the dialog with what was typed and this error


@dataclass
class OpenInEditor(Message):
    """Open a library file in the person's ``$EDITOR`` (at ``line`` when given)."""

    rel_path: str
    line: int | None = None


@dataclass
class SyncStateFound(Message):
    """Where the clone stands against the team's remote (None outside git)."""

    state: SyncStatus | None


@dataclass
class SyncProgress(Message):
    """A step of a running sync: ``stage`` ("fetch", "push"...), git's counts when it gives them."""

    stage: str
    done: int | None
    total: int | None
    message: str


@dataclass
class SyncFinished(Message):
    """A sync ended: ``summary`` to show, ``error`` when it failed, and the library after it."""

    summary: str
    snapshot: Snapshot | None
    error: bool = False
