"""The runnerup terminal app: opens a library, keeps it current, and hosts the screens.

Blocking work runs in thread workers that post messages (``messages.py``); handlers here
publish each new :class:`~.session.Snapshot` through the ``snapshot`` reactive, which the
screens watch.
"""

from __future__ import annotations

import asyncio

# asyncio.to_thread's executor imports concurrent.futures.thread on first use; if that first use comes while
# the interpreter shuts down (Ctrl-C or SIGTERM during the opening), the import cannot register its exit hook
# and the app hangs instead of ending: imported here, it is always ready. The same holds for the process
# pool a first index starts in a worker (the index imports it only when it needs it, for the CLI's sake).
import concurrent.futures.process  # noqa: F401
import concurrent.futures.thread  # noqa: F401
import datetime as dt
import importlib
import pkgutil
import threading
from pathlib import Path

from rich.cells import cell_len
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.worker import WorkerState

from runnerup_tui.domain.model import Settings
from runnerup_tui.domain.problems import RunnerupError
from runnerup_tui.domain.safe_text import visible, visible_line
from runnerup_tui.domain.search import Me
from runnerup_tui.session import LibrarySession, Snapshot
from runnerup_tui.store.config import UserConfig, config_path, load_config, unknown_binding_ids
from runnerup_tui.team.git import GitMissing
from runnerup_tui.team.sync import SyncStatus
from runnerup_tui.team.whoami import git_user_name, me_from
from runnerup_tui.tui.commands import RunnerupCommands
from runnerup_tui.tui.editor import edit_until_valid
from runnerup_tui.tui.messages import (
    BranchFound,
    FirstScreenFound,
    LibraryChanged,
    LibraryOpened,
    OpenFailed,
    OpenInEditor,
    OpenProgress,
    SyncStateFound,
)
from runnerup_tui.tui.screens.main import HEADER_SIDES, MainScreen

POLL_SECONDS = 1.5


def binding_ids(package: str = "runnerup_tui.tui") -> set[str]:
    """Every remappable binding id (the keys of the config file's ``keymap:``).

    Read from every widget, screen and app class with ``BINDINGS`` in the modules of
    ``package`` (imported here), so a new screen's keys can be remapped without a list to keep.
    """
    ids: set[str] = set()
    found = importlib.import_module(package)
    modules = [found] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(getattr(found, "__path__", []), prefix=f"{package}.")
    ]
    for module in modules:
        for owner in vars(module).values():
            if isinstance(owner, type) and issubclass(owner, DOMNode) and owner.__module__ == module.__name__:
                bindings = vars(owner).get("BINDINGS", [])
                ids |= {b.id for b in bindings if isinstance(b, Binding) and b.id}
    return ids


class RunnerupApp(App[None]):
    """Browse, search, read, edit and log over one library."""

    CSS_PATH = "app.tcss"
    TITLE = "runnerup"
    COMMANDS = App.COMMANDS | {RunnerupCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("ctrl+p", "command_palette", "Palette", id="runnerup.palette", priority=True, show=False),
        Binding("question_mark", "toggle_help", "Keys", id="runnerup.help"),
    ]

    snapshot: var[Snapshot | None] = var(None)
    branch: var[str | None] = var(None)
    sync_state: var[SyncStatus | None] = var(None)
    operation: var[str | None] = var(None)  # "merge", "rebase", "detached HEAD"...: no save can commit

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification, from any screen: names and paths in it are shown escaped and never read as markup.

        ``markup`` is ignored (screens pass Textual's default, True): no message of ours uses markup.
        """
        super().notify(visible(message), title=visible_line(title), severity=severity, timeout=timeout, markup=False)

    def __init__(
        self,
        root: Path,
        *,
        today: dt.date | None = None,
        poll_seconds: float | None = POLL_SECONDS,
        config: UserConfig | None = None,
    ) -> None:
        super().__init__()
        self._today = today
        self.session = LibrarySession(root, today=lambda: self.today)
        self.poll_seconds = poll_seconds
        self.config = config if config is not None else load_config()
        # the git user, asked once when the library opens (owner:me must not cost a git call per keystroke)
        self._git_user: tuple[str | None, str] = (None, "the library is still opening")
        self._me: tuple[tuple[str | None, str], Settings | None, Me] | None = None

    @property
    def today(self) -> dt.date:
        """The day follow-ups are measured against (fixed in tests and snapshots)."""
        return self._today or dt.date.today()

    def me(self) -> Me:
        """Whom ``owner:me`` and Today's "mine only" mean: the git user and their team entry."""
        settings = self.snapshot.settings if self.snapshot else None
        if self._me is None or self._me[0] != self._git_user or self._me[1] is not settings:
            self._me = (self._git_user, settings, me_from(*self._git_user, settings.team if settings else ()))
        return self._me[2]

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's text: the library's name and the screen's sub-title, or the sub-title alone.

        A screen short of room sets an empty title; and when both would be cut off, the
        sub-title (what this screen is about) is the one kept whole.
        """
        title, sub_title = visible_line(title), visible_line(sub_title)  # both quote the data
        room = self.size.width - HEADER_SIDES
        if not title or (sub_title and cell_len(f"{title} — {sub_title}") > room):
            return Content(sub_title)
        return super().format_title(title, sub_title)

    def get_default_screen(self) -> MainScreen:
        """The home screen: search, list and detail."""
        return MainScreen(self.session)

    @property
    def main_screen(self) -> MainScreen:
        """The main screen (always at the bottom of the stack)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_unmount(self) -> None:
        try:
            self.session.keep_first_screen(self.snapshot)  # the next open shows it at once (large libraries)
        except Exception:  # noqa: BLE001 - only the next open's head start
            pass
        self.session.close()  # the git layer's Repo and its git cat-file helpers end with the app

    def on_mount(self) -> None:
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                self.config.warnings.append(
                    f"{config_path()}: theme `{self.config.theme}` is not one of "
                    f"{', '.join(sorted(self.available_themes))}"
                )
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        for warning in self.config.warnings:
            self.notify(warning, title="Config", severity="warning", timeout=10)
        self.open_library()
        self.find_branch()
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self._poll)

    # -- opening and keeping current ---------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def open_library(self) -> None:
        """Open the library off the UI thread; posts the first screen kept from the last open when the files
        have not changed since, progress, then the first snapshot."""
        try:
            found = self.session.first_screen()
        except Exception:  # noqa: BLE001 - only a head start: the open below says what is wrong
            found = None
        if found is not None:
            shown = threading.Event()
            self.post_message(FirstScreenFound(*found, shown))
            shown.wait(1)  # decoding the index now would slow drawing it
        try:
            snapshot = self.session.open(lambda done, total: self.post_message(OpenProgress(done, total)))
        except Exception as err:  # anything at all: the app must say why, not crash
            self.post_message(OpenFailed(f"Cannot open {self.session.root}: {err}"))
            return
        self._git_user = git_user_name(self.session.root)  # before the snapshot: a typed owner:me needs it
        self.post_message(LibraryOpened(snapshot))
        if not self.config.keymap:
            return
        # checked here, not before the first frame: knowing every id imports every screen (only when remapped)
        for warning in unknown_binding_ids(self.config.keymap, binding_ids()):
            self.call_from_thread(self.notify, warning, title="Config", severity="warning", timeout=10)

    def on_first_screen_found(self, message: FirstScreenFound) -> None:
        if self.snapshot is None:
            self.title = message.first.name
            self.main_screen.show_first_screen(message.first, message.from_git)
        self.call_after_refresh(message.shown.set)

    def on_open_progress(self, message: OpenProgress) -> None:
        self.main_screen.show_progress(message.done, message.total)

    def on_library_opened(self, message: LibraryOpened) -> None:
        self.title = message.snapshot.name
        self.snapshot = message.snapshot
        self.call_after_refresh(self.finish_opening, message.snapshot)  # once its first rows are on screen
        self.ask_identity_if_missing()

    @work(thread=True, exit_on_error=False, group="open-finish")
    def finish_opening(self, snapshot: Snapshot) -> None:
        """Build the rest of the first snapshot (its other rows, the search's indexes) off the UI thread."""
        self.session.finish_opening(snapshot)

    @work(exclusive=True, exit_on_error=False, group="identity")
    async def ask_identity_if_missing(self) -> None:
        """Before the first write: without a git identity, offer to set one for this repository."""
        repo = self.session.repo()
        if repo is None:
            return
        try:
            await asyncio.to_thread(repo.identity)
            return
        except GitMissing as err:  # no dialog can help: reading works, saving and sync need git
            self.notify(str(err), severity="warning", timeout=15)
            return
        except RunnerupError:
            pass
        from runnerup_tui.tui.dialogs.identity import IdentityDialog

        answer = await self.push_screen_wait(IdentityDialog(str(repo.work_tree)))
        if answer is None:
            self.notify(
                "Without a git identity nothing can be saved; set one with git config user.name / user.email",
                severity="warning",
                timeout=10,
            )
            return
        try:
            await asyncio.to_thread(repo.set_identity, *answer)
        except RunnerupError as err:
            self.notify(str(err), severity="error")
            return
        self._git_user = (" ".join(answer[0].split()), "")
        self.notify(f"Commits here will be by {answer[0]} <{answer[1]}>")

    def on_open_failed(self, message: OpenFailed) -> None:
        self.main_screen.show_failure(message.error)
        self.notify(message.error, severity="error", timeout=15)

    def on_library_changed(self, message: LibraryChanged) -> None:
        self.title = message.snapshot.name
        self.snapshot = message.snapshot

    @work(thread=True, exclusive=True, exit_on_error=False, group="branch")
    def find_branch(self) -> None:
        """Ask git for the checked-out branch (a subprocess: never on the UI thread)."""
        try:
            state = self.session.sync_status()
            operation = self.session.operation()
        except Exception:  # a broken repository must not stop browsing
            state, operation = None, None
        self.post_message(BranchFound(state.branch if state else None, operation))
        self.post_message(SyncStateFound(state))

    def on_branch_found(self, message: BranchFound) -> None:
        self.branch = message.branch
        self.operation = message.operation

    def on_sync_state_found(self, message: SyncStateFound) -> None:
        self.sync_state = message.state

    def _poll(self) -> None:
        busy = any(
            w.group in ("refresh", "open") and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in self.workers
        )
        if self.session.is_open and not busy:
            self.refresh_library()

    @work(thread=True, exit_on_error=False, group="refresh")
    def refresh_library(self, force: bool = False) -> None:
        """Pick up files changed on disk (an editor, a ``git pull``); ``force`` republishes anyway."""
        if not self.session.is_open:
            return
        changed, snapshot = self.session.refresh()
        if snapshot is None and force:
            snapshot = self.session.snapshot()
        if snapshot is not None:
            self.post_message(LibraryChanged(snapshot, changed))
        if changed:
            self.call_from_thread(self.find_branch)

    # -- $EDITOR -----------------------------------------------------------------------------------

    def on_open_in_editor(self, message: OpenInEditor) -> None:
        self.edit_file(message.rel_path, message.line)

    @work(exclusive=True, group="editor")
    async def edit_file(self, rel_path: str, line: int | None = None) -> None:
        """Open a file in ``$EDITOR`` (see :func:`~.editor.edit_until_valid`), then show the edit at once."""
        if not await edit_until_valid(self, self.session, rel_path, line):
            return
        # pick the edit up now (not at the next poll) and keep the cursor on that person
        _, snapshot = await asyncio.to_thread(self.session.refresh)
        if snapshot is not None:
            self.snapshot = snapshot
        cid = rel_path.removeprefix("candidates/").removesuffix(".yaml")
        on_main = self.screen is self.main_screen
        if on_main and self.snapshot and any(e.id == cid for e in self.snapshot.entries):
            self.main_screen.show_candidate(cid)

    # -- help --------------------------------------------------------------------------------------

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_show_config_path(self) -> None:
        path = config_path()
        state = "" if path.exists() else " (not created yet)"
        self.notify(
            f"{path}{state}\nkeymap: binding id → keys, e.g. runnerup.log: ctrl+l; theme: a theme name",
            title="Config file",
            timeout=12,
        )


def run_app(root: Path, config: UserConfig | None = None) -> int:
    """Run the app on the library at ``root`` until the person quits; returns the exit code.

    ``config`` is the user config when the caller already read it (None: the app reads it).
    """
    RunnerupApp(root, config=config).run()
    return 0
