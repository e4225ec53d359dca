"""The command line that opens a file in the person's own editor, at a line if asked."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

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
