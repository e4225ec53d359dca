"""One writer at a time per library: an OS file lock that every runnerup process and thread takes to write.

The lock is held by the kernel on an open file, so a crashed or killed runnerup never leaves it behind.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .problems import LibraryBusy

WAIT_SECONDS = 15.0

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_file_for(root: Path) -> Path:
    """The lock file of the library at ``root``: in the repository's private folder, never in the tracked tree."""
    from .gitrepo import find_work_tree, git_dir

    top = find_work_tree(root)
    if top is not None:
        return git_dir(top) / "runnerup" / "write.lock"
    from platformdirs import user_cache_path

    digest = hashlib.sha1(str(root).encode()).hexdigest()[:12]
    return user_cache_path("runnerup") / f"write-{digest}.lock"


@contextmanager
def write_lock(path: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock at ``path`` for the block; raises :class:`LibraryBusy` after ``wait`` seconds.

    flock locks belong to an open file, so two threads of one process exclude each other too.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        pause = 0.005
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise LibraryBusy(f"another runnerup has been saving to this library for over {wait:.0f} s; "
                                  f"nothing written — try again in a moment (lock: {path})")
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
