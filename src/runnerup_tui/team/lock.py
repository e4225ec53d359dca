"""One writer at a time per library: an OS file lock that every runnerup process and thread takes to write.

The lock is held by the kernel on an open file, so a crashed or killed runnerup never leaves it behind.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from runnerup_tui.domain.problems import LibraryBusy

if TYPE_CHECKING:
    from runnerup_tui.team.git import GitRepo

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
    from runnerup_tui.team.git import GitRepo

    return lock_file_in(root, GitRepo.for_path(root))


def lock_file_in(root: Path, repo: GitRepo | None) -> Path:
    """:func:`lock_file_for` the library at ``root`` in ``repo``, which the caller found already (None: not in git)."""
    if repo is not None:
        return repo.git_dir / "runnerup" / "write.lock"
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
                raise LibraryBusy(
                    f"another runnerup has been saving to this library for over {wait:.0f} s; "
                    f"nothing written — try again in a moment (lock: {path})"
                )
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


# -- a write a killed process left half-done -----------------------------------------------------
#
# A write replaces the file, then commits it. A process killed between the two (SIGKILL, a
# power cut) would leave the file changed without its commit: neither the transaction nor
# a hand edit. Before each file is replaced, its old bytes and the hash of its new bytes
# go into a journal beside the lock; a finished write removes the journal. The next writer
# (under the lock) finds a journal, and puts back every file that still holds exactly what
# the killed write put there and that HEAD does not hold: the file and its commit, or neither.


def journal_file_for(lock: Path) -> Path:
    """The journal of the library whose write lock is ``lock``."""
    return lock.with_name("transaction.json")


def record_intent(journal: Path, root: Path, entries: dict[Path, tuple[bytes | None, bytes | None]]) -> None:
    """Write down, durably, what each file held before and will hold after (None: no file)."""
    from runnerup_tui.store.yamldoc import atomic_write

    files = {
        os.path.relpath(path, root): {
            "before": None if before is None else base64.b64encode(before).decode("ascii"),
            "after": None if after is None else hashlib.sha256(after).hexdigest(),
        }
        for path, (before, after) in entries.items()
    }
    journal.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(journal, json.dumps({"root": str(root), "files": files}).encode("utf-8"))


def clear_intent(journal: Path) -> None:
    """The write finished (committed, or put back): nothing to recover."""
    journal.unlink(missing_ok=True)


def recover_interrupted_write(
    journal: Path, root: Path, committed: Callable[[Path], bytes | None] | None
) -> list[Path]:
    """Undo what a killed write left uncommitted; returns the files put back.

    ``committed(path)`` gives the bytes HEAD holds for a file (None: not in HEAD); None
    outside git, where a written file is the whole write. Call with the write lock held.
    """
    try:
        record = json.loads(journal.read_bytes())
        files = record["files"]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError):
        clear_intent(journal)  # unreadable: it was being written when the writer died, before any file was
        return []
    restored = []
    for rel, sides in files.items():
        path = root / rel
        _remove_temp_files(path)
        if committed is None:
            continue
        now = path.read_bytes() if path.is_file() else None
        after = sides.get("after")
        wrote_it = (now is None) if after is None else (now is not None and hashlib.sha256(now).hexdigest() == after)
        if not wrote_it or committed(path) == now:
            continue  # never written, changed by hand since, or committed: nothing to undo
        before = sides.get("before")
        from runnerup_tui.store.yamldoc import atomic_write

        if before is None:
            path.unlink(missing_ok=True)
        else:
            atomic_write(path, base64.b64decode(before))
        restored.append(path)
    clear_intent(journal)
    return restored


def _remove_temp_files(path: Path) -> None:
    """The temporary files an atomic replace of ``path`` leaves when killed (``.name.XXXX.tmp``)."""
    try:
        for temp in path.parent.glob(f".{path.name}.*.tmp"):
            temp.unlink(missing_ok=True)
    except OSError:
        pass


@contextmanager
def library_lock(repo: GitRepo) -> Iterator[None]:
    """The write lock runnerup's own saves take: sync changes the work tree only while holding it.

    A save a killed runnerup left half-done is undone first, so it is never committed as a hand edit.
    """
    lock = lock_file_in(repo.work_tree, repo)
    with write_lock(lock):
        recover_interrupted_write(
            journal_file_for(lock),
            repo.work_tree,
            lambda path: repo.show("HEAD:" + path.relative_to(repo.work_tree).as_posix()),
        )
        yield
