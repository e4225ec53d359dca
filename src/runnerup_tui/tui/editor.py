"""The person's own ``$EDITOR`` on a library file: the app suspended, the file checked after, reopened on request.

The main screen, the problems screen and the conflict screen all edit by hand this way.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from textual.app import App, SuspendNotSupported

from runnerup_tui.session import LibrarySession
from runnerup_tui.tui.dialogs.confirm import ConfirmDialog

# Editors that take ``FILE:LINE`` (with an optional flag) instead of vi's ``+LINE FILE``.
_COLON_LINE = {"code": ["--wait", "--goto"], "codium": ["--wait", "--goto"], "subl": ["--wait"], "zed": ["--wait"]}


def editor_command(path: Path, line: int | None = None, environ: dict[str, str] | None = None) -> list[str]:
    """``$EDITOR`` (else ``$VISUAL``, else ``vi``) split like a shell would, opening ``path``."""
    env = os.environ if environ is None else environ
    command = shlex.split(env.get("EDITOR") or env.get("VISUAL") or "vi")
    program = Path(command[0]).name
    if program in _COLON_LINE:
        flags = [f for f in _COLON_LINE[program] if f not in command]
        return [*command, *flags, f"{path}:{line}" if line else str(path)]
    if line and line > 1:
        return [*command, f"+{line}", str(path)]
    return [*command, str(path)]


def run_editor(app: App, path: Path, line: int | None = None) -> bool:
    """Hand the terminal to the editor on ``path`` until it exits; False (and say why) if it cannot start."""
    argv = editor_command(path, line)
    failure: OSError | None = None
    try:
        with app.suspend():
            try:
                subprocess.call(argv)
            except OSError as err:
                failure = err
    except SuspendNotSupported:  # no terminal to hand over (headless, tests): just run it
        try:
            subprocess.call(argv, stdin=subprocess.DEVNULL)
        except OSError as err:
            failure = err
    if failure is not None:
        app.notify(
            f"cannot start the editor `{argv[0]}` ({failure.strerror}); set $EDITOR", severity="error", timeout=10
        )
        return False
    return True


async def edit_until_valid(app: App, session: LibrarySession, rel_path: str, line: int | None = None) -> bool:
    """Open a library file in ``$EDITOR``; if the edit broke it, say so and offer to go back.

    The file is never rewritten here: what the person saved stays on disk, broken or not,
    and a broken file is listed under Problems until fixed. Call from a worker (it waits
    for the person's answer); False when the editor could not be started.
    """
    path = session.path_of(rel_path)
    before = path.read_bytes() if path.exists() else b""
    while True:
        if not run_editor(app, path, line):
            return False
        errors = session.check(rel_path)
        if not errors:
            unchanged = (path.read_bytes() if path.exists() else b"") == before
            app.notify(f"{rel_path}: {'no changes' if unchanged else 'saved by your editor; checks pass'}")
            return True
        first = errors[0]
        again = await app.push_screen_wait(
            ConfirmDialog(
                f"{rel_path} has a problem now",
                detail=f"line {first.line}: {first.message}",
                yes="Re-open the editor",
                no="Keep it as it is",
            )
        )
        if not again:
            app.notify(
                f"{rel_path} kept as you wrote it; it is listed under Problems (p) until fixed",
                severity="warning",
                timeout=8,
            )
            return True
        line = first.line
