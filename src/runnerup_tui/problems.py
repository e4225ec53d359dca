"""Problems found in library files, and the errors the core raises.

Errors are values the caller can show: each carries a human sentence and, where a file
is to blame, the file and line. Only the CLI and the TUI decide how to print them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding in one file; ``line`` and ``column`` are 1-based."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)


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
