"""What a cache was made with: the code that made it, so a cache an older runnerup wrote is not trusted."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

PACKAGE = Path(__file__).parents[1]
# The layers that turn files into what the caches hold (records, summaries, problems and their wording, the
# agenda, the rows): every module in them counts, so none can be forgotten in a list kept by hand.
MAKING = ("domain", "store")


@functools.cache
def code_stamp(also: tuple[str, ...] = (), package: Path = PACKAGE) -> str:
    """runnerup's version and a digest of the name and modification time of every module in :data:`MAKING`
    and of ``also`` (paths inside ``package``): it changes when an upgrade changes any of them."""
    from runnerup_tui import __version__

    stamps = []
    for folder in MAKING:
        with os.scandir(package / folder) as entries:
            stamps += [f"{folder}/{e.name}\0{e.stat().st_mtime_ns}" for e in entries if e.name.endswith(".py")]
    stamps += [f"{name}\0{(package / name).stat().st_mtime_ns}" for name in also]
    return f"{__version__}:{hashlib.sha1(chr(10).join(sorted(stamps)).encode()).hexdigest()}"
