"""Running a save from a screen: in a thread worker, its outcome posted back as a message.

Every screen that writes (the edit form, the log dialog, Today, Openings, the rejection
call, forget, resolving a conflict) saves through :func:`run_save`, so every save behaves
the same way: one commit in a worker, then its message (usually :class:`~.messages.Saved`),
or :class:`~.messages.SaveFailed` whatever went wrong, handled on the screen that asked.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message
from textual.screen import Screen

from runnerup_tui.actions import Written
from runnerup_tui.domain.problems import RunnerupError, SavedNotCommitted
from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.session import LibrarySession
from runnerup_tui.store.library import Library
from runnerup_tui.tui.messages import LibraryChanged, Saved, SaveFailed


def save_failed(err: Exception, retry: Callable[[str], None] | None = None) -> SaveFailed:
    """What to tell the person when a save raised ``err`` — whatever it is, so no "Saving…" waits forever.

    ``retry`` reopens the dialog the values came from, with them and the error in it.
    """
    if isinstance(err, RunnerupError):
        text = str(err)
    elif isinstance(err, OSError):
        where = f"{err.filename}: " if err.filename else ""
        text = f"nothing saved: {where}{err.strerror or err}"
    else:  # a defect in runnerup: say what it was, keep what the person typed
        text = f"nothing saved: unexpected {type(err).__name__}: {err}"
    return SaveFailed(visible_line(text), written=isinstance(err, SavedNotCommitted), retry=retry)


def run_save(screen: Screen, save: Callable[[], Message], retry: Callable[[str], None] | None = None) -> None:
    """Run ``save`` off the UI thread and post the message it returns to ``screen``.

    Any exception comes back as :class:`~.messages.SaveFailed` instead (the screen stays as
    the person left it); ``retry(error)`` then reopens the dialog that asked. ``save`` runs
    in a thread: it must not touch a widget.
    """

    def in_thread() -> None:
        try:
            message = save()
        except Exception as err:  # noqa: BLE001 - every failure comes back as a message
            screen.post_message(save_failed(err, retry))
            return
        screen.post_message(message)

    screen.run_worker(in_thread, thread=True, group="save", exit_on_error=False)


def save_in_worker(
    screen: Screen,
    session: LibrarySession,
    action: Callable[[Library], Written],
    summary: str,
    retry: Callable[[str], None] | None = None,
) -> None:
    """Run ``action`` on the library off the UI thread; ``summary`` is what to tell the person.

    On failure, ``retry(error)`` reopens the dialog that asked, as the person left it.
    """
    run_save(screen, lambda: Saved(*session.act(action), summary), retry)


def announce_saved(screen: Screen, session: LibrarySession, message: Saved) -> None:
    """Publish the new snapshot to the app and say what was committed (and any warnings)."""
    rel = message.written.path.relative_to(session.root).as_posix()
    screen.app.post_message(LibraryChanged(message.snapshot, [rel]))
    commit = f" (commit {message.written.commit[:7]})" if message.written.commit else ""
    screen.notify(f"{message.summary}{commit}")
    for warning in message.written.warnings:
        screen.notify(warning, severity="warning", timeout=10)


def announce_failure(screen: Screen, message: SaveFailed) -> None:
    """Say why nothing (or only the file, without its commit) was saved; reopen the dialog if nothing was."""
    screen.notify(message.error, severity="error", timeout=10)
    if message.written:
        screen.app.refresh_library(force=True)  # type: ignore[attr-defined]
    elif message.retry is not None:
        message.retry(message.error)
