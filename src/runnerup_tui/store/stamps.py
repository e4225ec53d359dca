"""What a cache was made with: the files of the code that made it, so a cache an older runnerup wrote is not trusted."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def code_stamp(modules: Iterable[str]) -> str:
    """runnerup's version and the modification time of each of ``modules`` (paths inside the package)."""
    from runnerup_tui import __version__

    package = Path(__file__).parents[1]
    return ":".join([__version__, *(str((package / name).stat().st_mtime_ns) for name in modules)])
