"""The git work tree a library lives in: identity, branch and one-file commits.

Runs the git command itself (≈ 5x faster than GitPython's index API; importing
GitPython alone cost 125–157 ms per command) with prompts disabled and a timeout, so
that nothing ever waits for a password. Knows nothing of YAML or candidates: callers
pass paths and messages. Every git process runnerup starts goes through :func:`run_command`.
"""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .problems import GitError

NO_PROMPT_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "true" if os.name != "nt" else "",
    "SSH_ASKPASS": "true" if os.name != "nt" else "",
    # a stalled ssh transfer fails after 3 unanswered keep-alives (15 s) instead of hanging
    "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh") + " -o BatchMode=yes -o ConnectTimeout=15"
                       " -o ServerAliveInterval=5 -o ServerAliveCountMax=3",
    "LC_ALL": "C",
}
# A stalled http(s) transfer fails after 15 s below 1 kB/s, while a slow but moving one continues.
NETWORK_OPTIONS = ("-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=15")
NETWORK_TIMEOUT = 600  # the last resort: the low-speed limits above end a stalled transfer much sooner
GRACE = 1.0  # seconds between asking a timed-out process group to stop and killing it


def local_timeout() -> float:
    """How long a local git command (a commit and its hooks) may take: ``$RUNNERUP_GIT_TIMEOUT`` or 60 s."""
    try:
        return max(0.1, float(os.environ.get("RUNNERUP_GIT_TIMEOUT", "60")))
    except ValueError:
        return 60.0


class GitMissing(GitError):
    """The git command is not installed or not on PATH."""

    def __init__(self) -> None:
        super().__init__("git is not installed (or not on PATH); runnerup needs it to commit and sync "
                         "(reading, searching and checking the library work without it)")


class CommandTimedOut(Exception):
    """A command ran past its timeout; its whole process group was stopped."""


def run_command(argv: list[str], *, cwd: Path | None = None, timeout: float, env: dict[str, str] | None = None,
                input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``argv`` in its own process group, raw bytes in and out; on timeout stop the whole group.

    A hook or helper that git started dies with it, so nothing is left holding a lock.
    Raises :class:`CommandTimedOut` on timeout and :class:`FileNotFoundError` when the
    program does not exist.
    """
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE if input is not None else
                               subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=os.name != "nt")
    try:
        stdout, stderr = process.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop_group(process)
        raise CommandTimedOut(argv) from None
    except BaseException:  # Ctrl-C: the group no longer shares our terminal, so stop it ourselves
        _stop_group(process)
        raise
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM first (git then removes its own lock files), then SIGKILL whatever is left of the group."""
    if os.name == "nt":
        process.kill()
    else:
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=GRACE)
        except subprocess.TimeoutExpired:
            pass
        _signal_group(process.pid, signal.SIGKILL)  # a hook that ignored SIGTERM or outlived git
    process.wait()
    for pipe in (process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def nul_fields(out: str) -> list[str]:
    """The fields of a ``-z`` git output (paths exactly as on disk: no quoting, any character)."""
    return [field for field in out.split("\0") if field]


def first_line(message: str) -> str:
    """git's most telling line: the first ``fatal:``/``error:`` line, else the first line."""
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line.split(":", 1)[1].strip()
    return lines[0] if lines else "failed"


def find_work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding ``path``, without running git."""
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return None


def git_dir(work_tree: Path) -> Path:
    """The repository's private folder (``.git``, or where a ``.git`` file points)."""
    dot_git = work_tree / ".git"
    if dot_git.is_file():
        target = dot_git.read_text(encoding="utf-8").strip().removeprefix("gitdir:").strip()
        return (work_tree / target).resolve()
    return dot_git


def _common_dir(private: Path) -> Path:
    """The folder shared by all work trees of a repository (hooks, config, info)."""
    pointer = private / "commondir"
    if pointer.is_file():
        return (private / pointer.read_text(encoding="utf-8").strip()).resolve()
    return private


def _remove(lock: Path) -> bool:
    try:
        lock.unlink()
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


class GitRepo:
    """One work tree; every call is one ``git`` process, so it is safe from any thread."""

    def __init__(self, work_tree: Path) -> None:
        self.work_tree = work_tree

    @classmethod
    def for_path(cls, path: Path) -> GitRepo | None:
        top = find_work_tree(path.resolve())
        return cls(top) if top else None

    def run(self, *args: str, timeout: float | None = None, check: bool = True, network: bool = False) -> str:
        """Run ``git args`` here; its stdout without the final newline.

        Raises :class:`GitError` with git's own first line when it fails (unless
        ``check`` is false) or when it takes longer than ``timeout`` seconds.
        """
        return self.call(*args, timeout=timeout, check=check, network=network).stdout.removesuffix("\n")

    def call(self, *args: str, timeout: float | None = None, check: bool = True,
             network: bool = False) -> subprocess.CompletedProcess[str]:
        """Run ``git args`` here: the one place runnerup starts git.

        No prompts; on timeout the whole process group (hooks included) is stopped and
        the lock files this call left are removed. ``network`` adds git's low-speed
        limits, so a stalled transfer fails while a slow one goes on. Paths in the
        output keep any character (decoded as the file system does).
        """
        result = self.call_bytes(*args, timeout=timeout, check=check, network=network)
        return subprocess.CompletedProcess(result.args, result.returncode, os.fsdecode(result.stdout),
                                           result.stderr.decode("utf-8", "replace"))

    def call_bytes(self, *args: str, timeout: float | None = None, check: bool = True,
                   network: bool = False) -> subprocess.CompletedProcess[bytes]:
        """:meth:`call` with stdout as raw bytes (file contents, ``git show :2:path``)."""
        if timeout is None:
            timeout = NETWORK_TIMEOUT if network else local_timeout()
        argv = ["git", *(NETWORK_OPTIONS if network else ()), *args]
        locks_before = self._locks()
        try:
            result = run_command(argv, cwd=self.work_tree, timeout=timeout, env={**os.environ, **NO_PROMPT_ENV})
        except CommandTimedOut:
            removed = [lock for lock in self._locks() - locks_before if _remove(lock)]
            raise GitError(self._timeout_message(args[0], timeout)
                           + (f"; removed the lock it left ({', '.join(p.name for p in sorted(removed))})"
                              if removed else "")) from None
        except FileNotFoundError:
            raise GitMissing() from None
        if check and result.returncode != 0:
            message = (result.stderr or result.stdout).decode("utf-8", "replace")
            raise GitError(f"git {args[0]}: {first_line(message)}")
        return result

    def show(self, spec: str) -> bytes | None:
        """The raw bytes of ``git show SPEC`` (``:2:candidates/x.yaml``), None when git has no such object."""
        shown = self.call_bytes("show", spec, check=False)
        return shown.stdout if shown.returncode == 0 else None

    def _locks(self) -> set[Path]:
        """The index lock files present now (git makes ``next-index-*.lock`` for ``commit --only``)."""
        folder = git_dir(self.work_tree)
        try:
            return {p for p in folder.iterdir() if p.name == "index.lock"
                    or (p.name.startswith("next-index-") and p.name.endswith(".lock"))}
        except OSError:
            return set()

    def _timeout_message(self, command: str, timeout: float) -> str:
        hooks = _common_dir(git_dir(self.work_tree)) / "hooks"
        if command == "commit" and (hooks / "pre-commit").exists():
            return f"a pre-commit hook did not finish within {timeout:g} s; stopped it"
        return f"git {command} did not finish within {timeout:g} s; stopped it"

    def identity(self) -> Identity:
        """Who commits; raises :class:`GitError` saying how to set it when not configured.

        Only an explicitly configured identity counts: git's guess from the host name
        would put a made-up author on the team's history.
        """
        values: dict[str, str] = {}
        try:
            out = self.run("config", "--get-regexp", r"^user\.(name|email)$")
        except GitMissing:
            raise
        except GitError:
            out = ""
        for line in out.splitlines():
            key, _, value = line.partition(" ")
            values[key] = value.strip()
        name = os.environ.get("GIT_AUTHOR_NAME") or values.get("user.name", "")
        email = os.environ.get("GIT_AUTHOR_EMAIL") or os.environ.get("EMAIL") or values.get("user.email", "")
        if not name or not email:
            missing = " and ".join(k for k, v in (("user.name", name), ("user.email", email)) if not v)
            raise GitError(
                f"git has no {missing} for commits in {self.work_tree}; set it with "
                '`git config --global user.name "Your Name"` and '
                "`git config --global user.email you@example.com` (drop --global for this library only)"
            )
        return Identity(name, email)

    def has_identity(self) -> bool:
        try:
            self.identity()
        except GitError:
            return False
        return True

    def set_identity(self, name: str, email: str) -> None:
        """Set who commits, for this repository only (``git config --local``)."""
        name, email = " ".join(name.split()), email.strip()
        if not name or "@" not in email:
            raise GitError("a git identity needs a name and an email address")
        self.run("config", "--local", "user.name", name)
        self.run("config", "--local", "user.email", email)

    def branch(self) -> str:
        try:
            return self.run("symbolic-ref", "--quiet", "--short", "HEAD")
        except GitMissing:
            raise
        except GitError:
            return "(detached)"

    def commit_paths(self, paths: list[Path], message: str) -> str:
        """Commit exactly ``paths`` (added, changed or deleted) and nothing else; returns the sha.

        Other staged or untracked files stay as they were: this is ``git commit --only``.
        """
        rels = [os.path.relpath(p, self.work_tree) for p in paths]
        commit = ("commit", "--quiet", "--no-edit", "-m", message, "--only", "--", *rels)
        try:
            self.run(*commit)  # tracked files need no `git add` (one index rewrite saved)
        except GitError as err:
            if "did not match any file" not in str(err):
                raise
            self.run("add", "--", *[r for r in rels if (self.work_tree / r).exists()])
            self.run(*commit)
        return self.run("rev-parse", "HEAD")
