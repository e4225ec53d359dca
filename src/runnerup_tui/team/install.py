"""Installing the merge driver into a clone: its own config and attributes, never the team's files."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from runnerup_tui.domain.problems import GitError
from runnerup_tui.team.git import CommandTimedOut, GitRepo, run_command

ATTRIBUTES_LINE = "*.yaml merge=runnerup"


def driver_command() -> str:
    """What git runs to merge a library file: this interpreter, by absolute path."""
    return f"{shlex.quote(sys.executable)} -m runnerup_tui merge-driver %O %A %B %P"


def ensure_merge_driver(repo: GitRepo, library_root: Path | None = None) -> bool:
    """Point ``merge.runnerup.driver`` of this clone at this runnerup; True when it changed.

    Runs on every open, so a moved virtualenv or a new interpreter is picked up. When
    the command changes, it is run once to prove it works before git relies on it.
    With ``library_root``, this clone's own attributes also route the library's YAML
    files to the driver (:func:`ensure_info_attributes`).
    """
    if library_root is not None:
        ensure_info_attributes(repo, library_root)
    current = repo.run("config", "--local", "--get", "merge.runnerup.driver", check=False)
    wanted = driver_command()
    if current == wanted or _same_runnerup(current, wanted):
        return False
    try:
        probe = run_command([sys.executable, "-m", "runnerup_tui", "merge-driver", "--check"], timeout=30)
    except (CommandTimedOut, OSError) as err:
        raise GitError(f"the merge driver does not run ({type(err).__name__}); not installed") from None
    if probe.returncode != 0:
        raise GitError(
            f"the merge driver does not run ({probe.stderr.decode(errors='replace').strip()[:200]}); not installed"
        )
    repo.write_config(
        {
            ('merge "runnerup"', "name"): "runnerup: merge candidate files field by field",
            ('merge "runnerup"', "driver"): wanted,
        }
    )
    return True


def _same_runnerup(current: str, wanted: str) -> bool:
    """Whether two driver commands run one runnerup: ``python`` and ``python3`` of one virtualenv are one.

    Another folder is another installation, even when its interpreter is the same file.
    """
    try:
        have, want = shlex.split(current), shlex.split(wanted)
    except ValueError:
        return False
    if not have or have[1:] != want[1:] or os.path.dirname(have[0]) != os.path.dirname(want[0]):
        return False
    try:
        return os.path.samefile(have[0], want[0])
    except OSError:
        return False


def ensure_info_attributes(repo: GitRepo, library_root: Path) -> bool:
    """Route the library's ``*.yaml`` to the driver in this clone's ``info/attributes``; True when changed.

    Field-level merges then work in a team repository whose ``.gitattributes`` nobody
    has committed yet. The file is private to the clone (the repository's common git
    dir, shared by its worktrees), so nothing here reaches the team.
    """
    path = repo.common_dir / "info" / "attributes"
    rel = Path(os.path.relpath(library_root.resolve(), repo.work_tree.resolve())).as_posix()
    # a library in a sub-folder claims only its own files; an unusual folder name falls back to every *.yaml
    plain = all(c.isascii() and (c.isalnum() or c in "-_./") for c in rel) and not rel.startswith("..")
    line = ATTRIBUTES_LINE if rel == "." or not plain else f"{rel}/**/*.yaml merge=runnerup"
    text = path.read_text(encoding="utf-8", errors="surrogateescape") if path.exists() else ""
    if any(existing.strip() == line for existing in text.splitlines()):
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + line + "\n", encoding="utf-8", errors="surrogateescape")
    return True


def ensure_attributes(library_root: Path) -> Path | None:
    """Make ``.gitattributes`` in the library route ``*.yaml`` to the driver; the file if changed."""
    path = library_root / ".gitattributes"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if any(line.strip() == ATTRIBUTES_LINE for line in text.splitlines()):
        return None
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + ATTRIBUTES_LINE + "\n", encoding="utf-8")
    return path
