"""Problems found in library files, and the errors the core raises.

Errors are values the caller can show: each carries a human sentence and, where a file
is to blame, the file and line. Only the CLI and the TUI decide how to print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Severity = Literal["error", "warning"]


class ProblemKind(StrEnum):
    """What a problem is, so a front end can act on it without reading the message (which is for people)."""

    INVALID = "invalid"  # the file does not parse or validate
    WARNING = "warning"  # the file reads, but something in it looks wrong (an unknown key, a dangling reference)
    CONFLICT = "conflict"  # an unresolved merge: conflict markers in the file, or git still holding both sides
    UNREADABLE = "unreadable"  # runnerup will not read it: too large, not a regular file, a link out, an OS error
    LOCK = "lock"  # git's index lock left by a git that died: every save fails until it is gone


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding in one file; ``line`` and ``column`` are 1-based.

    ``kind`` defaults to :attr:`ProblemKind.INVALID` for an error and :attr:`ProblemKind.WARNING`
    for a warning; a name given as text (read back from the index cache) becomes the enum.
    """

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    kind: ProblemKind | None = None

    def __post_init__(self) -> None:
        if self.kind is None:
            kind = ProblemKind.INVALID if self.severity == "error" else ProblemKind.WARNING
        else:
            kind = ProblemKind(self.kind)
        object.__setattr__(self, "kind", kind)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, object]:
        """The finding as ``check --json`` prints it (DESIGN.md §4: path, line, column, severity, message)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }


class RunnerupError(Exception):
    """Base of every error the core reports to a person; ``str()`` is the one line to show."""


class LibraryNotFound(RunnerupError):
    pass


class UsageError(RunnerupError):
    """The request itself is wrong (an unknown id, a bad value on the command line)."""


class InvalidFile(RunnerupError):
    """A file the action needs does not parse or validate; it is left untouched."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"] or problems
        super().__init__(str(errors[0]))


class FileChanged(RunnerupError):
    """The file changed on disk between reading and writing it."""


class GitError(RunnerupError):
    pass


class LibraryBusy(RunnerupError):
    """Another runnerup kept the library's write lock longer than we were willing to wait."""


class RepositoryBusy(GitError):
    """A commit now would be lost or mixed up (a rebase, merge, cherry-pick or bisect, or HEAD detached).

    ``operation`` names it ("merge", "rebase", "detached HEAD"...); nothing was written.
    """

    def __init__(self, message: str, operation: str) -> None:
        self.operation = operation
        super().__init__(message)


class CommitRefused(GitError):
    """git did not make the commit of a write. ``reason`` is all of git's answer (a hook's every line), in words.

    ``restored`` is True when the files were put back as they were (nothing changed), False when they
    could not be and hold the change uncommitted, None when nobody tried (a plain ``commit_paths``).
    """

    def __init__(self, paths: list[str], reason: str, restored: bool | None = None) -> None:
        self.paths = paths
        self.reason = reason
        self.restored = restored
        what = ", ".join(paths) or "the change"
        if restored is None:
            outcome = f"git did not commit {what}"
        elif restored:
            outcome = f"git did not commit {what}, so it is back as it was (nothing changed)"
        else:
            outcome = f"git did not commit {what}, and it could not be put back: it holds the change, uncommitted"
        super().__init__(f"{outcome}: {reason}")

    @property
    def uncommitted(self) -> bool:
        """The files hold the change but no commit does (they could not be put back)."""
        return self.restored is False


class SavedNotCommitted(CommitRefused):
    """git refused the commit of a write, and the files could not be put back: they hold the change, uncommitted.

    The save happened on disk only; ``runnerup sync`` (or the next commit of the file) records it.
    """

    def __init__(self, paths: list[str], reason: str) -> None:
        super().__init__(paths, reason, restored=False)
