"""The list's first screenful as the app last saw it, so a large library shows its rows before its index is decoded.

Kept beside the index cache (never in the tracked tree) with a digest of every library file's stat key:
it is used only while no file has changed since (the index trusts the same stat keys), and only for
libraries large enough for decoding the index to be felt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from runnerup_tui.domain.rows import Row
from runnerup_tui.store.stamps import code_stamp

FIRST_SCREEN_FROM = 1000  # candidates; below this the whole index decodes within the first frame anyway
ROWS_KEPT = 200  # taller than any terminal's list
_VERSION = 1


@dataclass(frozen=True)
class FirstScreen:
    """What the main screen shows before the library is open: its name, count, file errors and first rows."""

    name: str
    total: int  # candidates, as the header counts them
    file_errors: int  # errors in the files (git's own come on top, asked for anew)
    rows: list[Row]  # the first rows in the list's first order (by name)


def stat_digest(keys: Iterable[tuple[str, int, int]]) -> str:
    """One digest of every library file's (path, mtime_ns, size): it changes when any file does."""
    text = "\n".join(f"{path}\0{mtime_ns}\0{size}" for path, mtime_ns, size in sorted(keys))
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _fingerprint() -> str:
    return f"{_VERSION}:{code_stamp(('session.py',))}"  # the session orders and counts the rows


def first_screen_file(cache_file: Path) -> Path:
    """Where the first screen of the library whose index cache is ``cache_file`` is kept."""
    return cache_file.with_name(cache_file.stem + "-first-screen.json")


def save_first_screen(path: Path, digest: str, first: FirstScreen) -> None:
    """Keep ``first`` for the library state ``digest``; a failure only costs the next open its head start."""
    rows = [
        [r.id, r.name, r.headline, r.fit, _iso(r.last_contact), _iso(r.follow_up), r.name_key, r.fit_decided]
        for r in first.rows[:ROWS_KEPT]
    ]
    data = {
        "fingerprint": _fingerprint(),
        "digest": digest,
        "name": first.name,
        "total": first.total,
        "file_errors": first.file_errors,
        "rows": rows,
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)  # a reader sees the old screen or the new one, never half of one
    except OSError:
        temporary.unlink(missing_ok=True)


def load_first_screen(path: Path, digest: str) -> FirstScreen | None:
    """The screen kept for the library state ``digest``; None when there is none, it is stale or damaged."""
    try:
        data = json.loads(path.read_bytes())
        if data["digest"] != digest or data["fingerprint"] != _fingerprint():
            return None
        rows = [
            Row(cid, name, headline, fit, _date(last), _date(follow_up), name_key, bool(decided))
            for cid, name, headline, fit, last, follow_up, name_key, decided in data["rows"]
        ]
        return FirstScreen(str(data["name"]), int(data["total"]), int(data["file_errors"]), rows)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
