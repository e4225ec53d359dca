"""Opening a library the way both front ends do: one door for the CLI and the app."""

from __future__ import annotations

from pathlib import Path

from runnerup_tui.store.index import Progress
from runnerup_tui.store.library import Library
from runnerup_tui.team.git import find_work_tree, git_dir


def open_library(root: Path, progress: Progress | None = None) -> Library:
    """The library at ``root`` with its index cache in the repository's private folder."""
    root = root.resolve()
    top = find_work_tree(root)
    return Library.open(root, progress, git_dir(top) / "runnerup" if top is not None else None)
