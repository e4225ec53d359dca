"""Opening a library the way both front ends do: one door for the CLI and the app."""

from __future__ import annotations

from pathlib import Path

from runnerup_tui.store.index import Progress
from runnerup_tui.store.library import Library
from runnerup_tui.team.git import locate


def open_library(root: Path, progress: Progress | None = None) -> Library:
    """The library at ``root`` with its index cache in the repository's private folder."""
    root = root.resolve()
    found = locate(root)  # git's own discovery: GIT_DIR, linked worktrees; no GitPython on this path
    return Library.open(root, progress, found.git_dir / "runnerup" if found is not None else None)
