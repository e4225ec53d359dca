"""Reading a library file without trusting it: regular files inside the library only, size-limited.

A FIFO would block a reader forever, a device never ends, a symbolic link may lead out of
the library: each becomes a one-line problem naming the file instead.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from runnerup_tui.domain.problems import InvalidFile, Problem, ProblemKind

MAX_FILE_BYTES = 1024 * 1024
"""The largest library file runnerup reads or writes: 1 MiB.

A real candidate is a few KB; 10,000 touchpoints with one-line summaries are about 1 MB
(and take several seconds to save), so a bigger file is a mistake or an attack, and
reading it would cost every command its time and memory."""

SIZE_LIMIT_TEXT = "1 MiB"


def size_problem(rel: str, size: int) -> Problem:
    """The problem of a file over :data:`MAX_FILE_BYTES`."""
    return Problem(
        rel,
        1,
        1,
        "error",
        f"is larger than the limit of {SIZE_LIMIT_TEXT} for a library file "
        f"({size // 1024:,} KiB); a candidate is usually a few KB",
        ProblemKind.UNREADABLE,
    )


def _refuse(rel: str, message: str) -> InvalidFile:
    return InvalidFile([Problem(rel, 1, 1, "error", message, ProblemKind.UNREADABLE)])


def leaves_library(root: Path, rel: str) -> bool:
    """Whether ``root/rel`` is a symbolic link (or goes through one) leading outside ``root``."""
    parts = Path(rel).parts
    # os.path on strings, not Path objects: this runs for every file of the first index
    if not any(os.path.islink(os.path.join(root, *parts[:n])) for n in range(1, len(parts) + 1)):
        return False
    path = root / rel
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return True
    return False


def check_folder(root: Path, folder: str) -> None:
    """Raise :class:`InvalidFile` when the library's ``folder`` is a symbolic link leaving it."""
    if leaves_library(root, folder):
        raise _refuse(
            folder, "is a symbolic link to a folder outside the library; runnerup does not read or write through it"
        )


def read_library_file(root: Path, rel: str) -> bytes:
    """The bytes of ``root/rel``; raises :class:`InvalidFile` (one problem naming ``rel``) when
    the file is not a plain file inside the library or is over the size limit."""
    parts = Path(rel).parts
    for n in range(1, len(parts)):
        check_folder(root, Path(*parts[:n]).as_posix())
    return read_plain_file(root / rel, rel)


def read_plain_file(path: Path, rel: str) -> bytes:
    """The bytes of ``path``, which must be a regular file (not a link) of at most the size limit.

    Opened without blocking and without following a final symbolic link, so a FIFO or a
    link swapped in at the last moment is refused, not waited on or followed.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    if os.path.islink(path):
        raise _refuse(rel, "is a symbolic link; library files must be plain files")
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise _refuse(rel, "is a symbolic link; library files must be plain files") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _refuse(rel, f"is not a regular file ({_kind(st.st_mode)}); runnerup reads only plain files")
        if st.st_size > MAX_FILE_BYTES:
            raise InvalidFile([size_problem(rel, st.st_size)])
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_FILE_BYTES:  # it grew while being read
            raise InvalidFile([size_problem(rel, total)])
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a plain file"
