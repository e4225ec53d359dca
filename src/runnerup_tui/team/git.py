"""runnerup's one git layer: discovery, identity, branch, one-file commits, sync transfers, history.

Read paths and commits run the git command through :func:`run_command` (no GitPython: its import
costs ≈ 60 ms, more than the commit); config writes, sync and history use one lazily opened GitPython
``Repo`` per repository, whose git processes also go through :func:`run_command`. Every git process
has prompts disabled and a timeout. Knows nothing of YAML or candidates: callers pass paths and messages.
"""

from __future__ import annotations

import atexit
import configparser
import contextlib
import datetime as dt
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from runnerup_tui.domain.problems import CommitRefused, GitError, RepositoryBusy
from runnerup_tui.domain.safe_text import visible

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
        super().__init__(
            "git is not installed (or not on PATH); runnerup needs it to commit and sync "
            "(reading, searching and checking the library work without it)"
        )


class CommandTimedOut(Exception):
    """A command ran past its timeout; its whole process group was stopped."""


def run_command(
    argv: list[str],
    *,
    cwd: Path | None = None,
    timeout: float,
    env: dict[str, str] | None = None,
    input: bytes | None = None,
    on_stderr: Callable[[str], None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``argv`` in its own process group, raw bytes in and out; on timeout stop the whole group.

    A hook or helper that git started dies with it, so nothing is left holding a lock.
    ``on_stderr`` gets each line of stderr as it arrives (git's progress: lines end in
    ``\r`` or ``\n``); all of it is still in the result. Raises :class:`CommandTimedOut`
    on timeout and :class:`FileNotFoundError` when the program does not exist.
    """
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=os.name != "nt",
    )
    try:
        if on_stderr is None:
            stdout, stderr = process.communicate(input, timeout=timeout)
        else:
            stdout, stderr = _communicate_streaming(process, timeout, on_stderr)
    except subprocess.TimeoutExpired:
        _stop_group(process)
        raise CommandTimedOut(argv) from None
    except BaseException:  # Ctrl-C: the group no longer shares our terminal, so stop it ourselves
        _stop_group(process)
        raise
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


def _communicate_streaming(
    process: subprocess.Popen[bytes], timeout: float, on_stderr: Callable[[str], None]
) -> tuple[bytes, bytes]:
    """Like ``communicate``, handing each stderr line to ``on_stderr`` as it comes."""
    out: list[bytes] = []
    err: list[bytes] = []

    def read_stdout() -> None:
        with contextlib.suppress(OSError, ValueError):  # the pipe closed under us by a timeout stop
            out.append(process.stdout.read())  # type: ignore[union-attr]

    def read_stderr() -> None:
        pending = b""
        with contextlib.suppress(OSError, ValueError):
            while block := process.stderr.read1(4096):  # type: ignore[union-attr]
                err.append(block)
                *lines, pending = re.split(rb"[\r\n]", pending + block)
                for line in lines:
                    if line.strip():
                        with contextlib.suppress(Exception):  # a progress display never stops a transfer
                            on_stderr(line.decode("utf-8", "replace"))

    readers = [threading.Thread(target=read, daemon=True) for read in (read_stdout, read_stderr)]
    for reader in readers:
        reader.start()
    process.wait(timeout=timeout)
    for reader in readers:
        reader.join(timeout=5)  # a helper git left running may hold the pipe: never wait on it for long
    return b"".join(out), b"".join(err)


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


@dataclass(frozen=True)
class Location:
    """Where git keeps a work tree's repository, as git itself finds it."""

    work_tree: Path
    git_dir: Path  # this work tree's private folder (``.git``, or ``.git/worktrees/NAME``)
    common_dir: Path  # shared by every work tree of the repository (config, hooks, info)
    # where git keeps _STATE_FILES for this work tree (``--git-path``), asked in the same call; () when unknown
    state_files: tuple[Path, ...] = ()


def locate(path: Path) -> Location | None:
    """The repository holding ``path`` by git's own rules (``GIT_DIR``/``GIT_WORK_TREE``, linked
    worktrees, ``.git`` files); None outside any work tree or without git. One ``git rev-parse``, which
    also says where the files are that tell whether a commit may be made now (:meth:`GitRepo.ensure_writable`).
    """
    path = Path(os.path.abspath(path))
    folder = next((p for p in (path, *path.parents) if p.is_dir()), None)
    if folder is None:
        return None
    key = (folder, *(os.environ.get(name) for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")))
    found = _located.get(key)
    if found is not None and found.git_dir.is_dir():
        return found
    argv = ["git", "rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir"]
    argv += [arg for name in _STATE_FILES for arg in ("--git-path", name)]
    try:
        result = run_command(argv, cwd=folder, timeout=local_timeout(), env={**os.environ, **NO_PROMPT_ENV})
    except FileNotFoundError:  # no git: reading works without it, and a write must say git is missing
        return _found_without_git(folder)
    except (CommandTimedOut, OSError):
        return None  # a git that does not answer: reading the library works without it
    lines = os.fsdecode(result.stdout).splitlines()
    if result.returncode != 0 or len(lines) != 3 + len(_STATE_FILES):
        return None  # not in a work tree (or a bare repository)
    top, private, common = (Path(line) for line in lines[:3])
    common = common if common.is_absolute() else (folder / common).resolve()
    found = Location(top, private, common, tuple(folder / line for line in lines[3:]))
    _located[key] = found  # only what exists is kept: a repository made later is found then
    return found


def _found_without_git(folder: Path) -> Location | None:
    """Where a ``.git`` is, by walking up (git is not installed): enough to tell a repository is there."""
    for top in (folder, *folder.parents):
        dot_git = top / ".git"
        if dot_git.is_dir():
            return Location(top, dot_git, dot_git)
        if dot_git.is_file():
            target = dot_git.read_text(encoding="utf-8", errors="replace").strip().removeprefix("gitdir:").strip()
            private = (top / target).resolve()
            return Location(top, private, private)
    return None


_located: dict[tuple[Path | str | None, ...], Location] = {}


def _remove(lock: Path) -> bool:
    try:
        lock.unlink()
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class LoggedCommit:
    """One commit of a file's log: plain values, its diff for that file as unified text (may be empty)."""

    sha: str
    parents: list[str]
    author: str
    date: dt.datetime  # in the author's own time zone
    subject: str
    diff: str


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


class GitRepo:
    """One work tree. Plain calls (commits too) are one ``git`` process each, safe from any thread; what
    uses GitPython (config writes, sync progress, history) takes the repository's one ``Repo`` under a lock
    (:meth:`using_repo`), so it is never used by two threads at once.
    """

    def __init__(self, work_tree: Path, location: Location | None = None) -> None:
        self.work_tree = work_tree
        self._location = location

    @classmethod
    def for_path(cls, path: Path) -> GitRepo | None:
        """The work tree holding ``path`` (git's discovery, :func:`locate`); None outside git."""
        found = locate(path)
        return cls(found.work_tree, found) if found else None

    @property
    def location(self) -> Location:
        if self._location is None:
            found = locate(self.work_tree)
            dot_git = self.work_tree / ".git"
            self._location = found if found is not None else Location(self.work_tree, dot_git, dot_git)
        return self._location

    @property
    def git_dir(self) -> Path:
        """This work tree's private folder: runnerup's own state (``runnerup/``) lives there."""
        return self.location.git_dir

    @property
    def common_dir(self) -> Path:
        """The folder every work tree of the repository shares (config, hooks, info)."""
        return self.location.common_dir

    @contextmanager
    def using_repo(self) -> Iterator[Any]:
        """This repository's GitPython ``Repo`` (opened on first use, closed at exit), held for the block."""
        with _repos_lock:
            yield _open_repo(self.location)

    def run(self, *args: str, timeout: float | None = None, check: bool = True, network: bool = False) -> str:
        """Run ``git args`` here; its stdout without the final newline.

        Raises :class:`GitError` with git's own first line when it fails (unless
        ``check`` is false) or when it takes longer than ``timeout`` seconds.
        """
        return self.call(*args, timeout=timeout, check=check, network=network).stdout.removesuffix("\n")

    def call(
        self, *args: str, timeout: float | None = None, check: bool = True, network: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """Run ``git args`` here: the one place runnerup starts git.

        No prompts; on timeout the whole process group (hooks included) is stopped and
        the lock files this call left are removed. ``network`` adds git's low-speed
        limits, so a stalled transfer fails while a slow one goes on. Paths in the
        output keep any character (decoded as the file system does).
        """
        result = self.call_bytes(*args, timeout=timeout, check=check, network=network)
        return subprocess.CompletedProcess(
            result.args, result.returncode, os.fsdecode(result.stdout), result.stderr.decode("utf-8", "replace")
        )

    def call_bytes(
        self,
        *args: str,
        timeout: float | None = None,
        check: bool = True,
        network: bool = False,
        on_stderr: Callable[[str], None] | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """:meth:`call` with stdout as raw bytes (file contents, ``git show :2:path``)."""
        if timeout is None:
            timeout = NETWORK_TIMEOUT if network else local_timeout()
        argv = ["git", *(NETWORK_OPTIONS if network else ()), *args]
        env = {**os.environ, **NO_PROMPT_ENV}
        result = self._guarded(
            args[0],
            timeout,
            lambda: run_command(argv, cwd=self.work_tree, timeout=timeout, env=env, on_stderr=on_stderr),
        )
        if check and result.returncode != 0:
            message = (result.stderr or result.stdout).decode("utf-8", "replace")
            raise GitError(f"git {args[0]}: {first_line(message)}")
        return result

    def git_command(self, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``git args`` for what changes the repository (commits); git's refusal is in the result.

        :meth:`call` without raising: no prompts, English messages (``LC_ALL=C``), the process group
        stopped at the timeout and the locks it left removed. GitPython's ``repo.git`` ran the same
        process, after an import and two ``git version`` runs that cost more than the commit itself.
        """
        return self.call(*args, timeout=timeout, check=False)

    def transfer(
        self, *args: str, timeout: float | None, progress: Progress | None = None, stage: str = ""
    ) -> subprocess.CompletedProcess[str]:
        """A network command (``fetch``, ``push``) with git's low-speed limits; never raises on git's refusal.

        With ``progress``, git's progress lines are read by GitPython's ``RemoteProgress`` and
        handed on as ``progress(stage, done, total, message)``.
        """
        on_stderr = None
        if progress is not None:
            args = (args[0], "--progress", *args[1:])
            on_stderr = _progress_reader(progress, stage or args[0])
        result = self.call_bytes(*args, timeout=timeout, check=False, network=True, on_stderr=on_stderr)
        return subprocess.CompletedProcess(
            result.args, result.returncode, os.fsdecode(result.stdout), result.stderr.decode("utf-8", "replace")
        )

    def _guarded(self, command: str, timeout: float, start: Callable[[], _T]) -> _T:
        """Run ``start``; on a timeout remove the lock files that appeared and say what was stopped."""
        locks_before = self._locks()
        try:
            return start()
        except CommandTimedOut:
            removed = [lock for lock in self._locks() - locks_before if _remove(lock)]
            raise GitError(
                self._timeout_message(command, timeout)
                + (f"; removed the lock it left ({', '.join(p.name for p in sorted(removed))})" if removed else "")
            ) from None
        except FileNotFoundError:
            raise GitMissing() from None

    def show(self, spec: str) -> bytes | None:
        """The raw bytes of ``git show SPEC`` (``:2:candidates/x.yaml``), None when git has no such object."""
        shown = self.call_bytes("show", spec, check=False)
        return shown.stdout if shown.returncode == 0 else None

    def _locks(self) -> set[Path]:
        """The index lock files present now (git makes ``next-index-*.lock`` for ``commit --only``)."""
        folder = self.git_dir
        try:
            return {
                p
                for p in folder.iterdir()
                if p.name == "index.lock" or (p.name.startswith("next-index-") and p.name.endswith(".lock"))
            }
        except OSError:
            return set()

    def _timeout_message(self, command: str, timeout: float) -> str:
        hooks = self.common_dir / "hooks"
        if command == "commit" and (hooks / "pre-commit").exists():
            return f"a pre-commit hook did not finish within {timeout:g} s; stopped it"
        return f"git {command} did not finish within {timeout:g} s; stopped it"

    def identity(self) -> Identity:
        """Who commits (the author); raises :class:`GitError` saying how to set it when git lacks any of it.

        git needs an author and a committer. Only an explicitly configured identity counts
        (``user.*``, ``author.*``/``committer.*``, ``GIT_AUTHOR_*``/``GIT_COMMITTER_*``, ``EMAIL``):
        git's guess from the login and host name would put a made-up person on the team's
        history. So ``GIT_AUTHOR_*`` alone, without a configured user, is refused: git needs a
        committer too (and refuses it itself where the host name has no domain).
        """
        config: dict[str, str] = {}
        out = self.call("config", "--get-regexp", r"^(user|author|committer)\.(name|email)$", check=False).stdout
        for line in out.splitlines():
            key, _, value = line.partition(" ")
            config[key.lower()] = value.strip()
        env = os.environ

        def pick(role: str, field: str) -> str:
            first = env.get(f"GIT_{role.upper()}_{field.upper()}") or config.get(f"{role}.{field}")
            return (first or config.get(f"user.{field}") or (env.get("EMAIL", "") if field == "email" else "")).strip()

        author = Identity(pick("author", "name"), pick("author", "email"))
        committer = Identity(pick("committer", "name"), pick("committer", "email"))
        missing = [
            key
            for key, value in (
                ("user.name", author.name and committer.name),
                ("user.email", author.email and committer.email),
            )
            if not value
        ]
        if missing:
            only_author = author.name and author.email and any(k.startswith("GIT_AUTHOR_") for k in env)
            why = (
                " (GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL name only the author; git needs a committer too)"
                if only_author
                else ""
            )
            raise GitError(
                f"git has no {' and '.join(missing)} for commits in {self.work_tree}{why}; set it with "
                '`git config --global user.name "Your Name"` and '
                "`git config --global user.email you@example.com` (drop --global for this library only)"
            )
        return author

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
        self.write_config({("user", "name"): name, ("user", "email"): email})

    def write_config(self, values: dict[tuple[str, str], str]) -> None:
        """Set ``section.option`` values in this repository's own config (``git config --local``)."""
        try:
            with self.using_repo() as repo, repo.config_writer("repository") as writer:
                for (section, option), value in values.items():
                    writer.set_value(section, option, _config_value(value))
        except (OSError, ValueError, configparser.Error) as err:  # a locked or unreadable config file
            raise GitError(f"cannot write git's config in {self.common_dir}: {err}") from None

    def branch(self) -> str:
        try:
            return self.run("symbolic-ref", "--quiet", "--short", "HEAD")
        except GitMissing:
            raise
        except GitError:
            return "(detached)"

    def git_paths(self, *names: str) -> list[Path]:
        """Where git keeps ``names`` (``MERGE_HEAD``, ``index``...) for this work tree, linked ones included."""
        out = self.run("rev-parse", *[arg for name in names for arg in ("--git-path", name)])
        return [self.work_tree / line for line in out.splitlines()]

    def operation_in_progress(self) -> str | None:
        """What would make a commit now go wrong: "rebase", "am", "merge", "cherry-pick", "revert", "bisect",
        "detached HEAD", or None when a branch is checked out and nothing is under way."""
        return self._state()[0]

    def _state(self) -> tuple[str | None, Path]:
        # git's answer from the discovery: asking again would start one more git on every write
        paths = self.location.state_files or tuple(self.git_paths(*_STATE_FILES))
        *found, applying, head, index = paths
        for path, (_, operation) in zip(found, _OPERATIONS):
            if path.exists():
                return ("am" if operation == "rebase" and applying.exists() else operation), index
        try:
            detached = not head.read_text(encoding="utf-8").startswith("ref:")
        except OSError:
            detached = False  # no HEAD file (a reftable repository): git itself will say what is wrong
        return ("detached HEAD" if detached else None), index

    def ensure_writable(self, lock_wait: float = 3.0) -> None:
        """Refuse, before anything is written, a commit that would be lost or could not be made.

        Raises :class:`RepositoryBusy` while a rebase, merge, cherry-pick, revert, am or bisect
        is under way or HEAD is detached, saying what to finish first. git's ``index.lock``
        held by another git is waited for (``lock_wait`` seconds); one left behind by a crash
        (or still there after the wait) raises :class:`GitError` naming the file to remove.
        """
        operation, index = self._state()
        if operation is not None:
            raise RepositoryBusy(
                f"cannot write to {self.work_tree} now: {_FINISH_FIRST[operation]}; "
                "then try again. Nothing was changed",
                operation,
            )
        lock = index.with_name(index.name + ".lock")
        deadline = time.monotonic() + lock_wait
        while True:
            try:
                age = time.time() - lock.stat().st_mtime
            except FileNotFoundError:
                return
            if age > STALE_LOCK_SECONDS or time.monotonic() >= deadline:
                raise GitError(
                    f"cannot write to {self.work_tree} now: {_lock_sentence(lock, self.work_tree)}. Nothing was changed"
                )
            time.sleep(0.05)

    def commit_paths(self, paths: list[Path], message: str) -> str:
        """Commit exactly ``paths`` (added, changed or deleted) and nothing else; returns the sha.

        Other staged or untracked files stay as they were: this is ``git commit --only``.
        A lock briefly held by another git is retried with a short backoff. When git still
        refuses, raises :class:`CommitRefused` with its whole answer in words (every line of
        a hook's output), and the index is as it was: files it had to add are unstaged again.
        """
        rels = [os.path.relpath(p, self.work_tree) for p in paths]
        commit = ("commit", "--quiet", "--no-edit", "-m", message, "--only", "--", *rels)
        to_add: list[str] = []  # new files git does not know yet: added first, unstaged again on failure
        added: list[str] = []
        pauses = list(_LOCK_RETRY_PAUSES)
        while True:
            try:  # tracked files need no `git add` (one index rewrite saved)
                result = self.git_command(*(("add", "--", *to_add) if to_add else commit))
            except GitError as err:  # no answer in time (a hanging hook), or no git at all
                self._unstage(added)
                raise CommitRefused(rels, str(err)) from None
            output = (result.stderr + result.stdout).strip()
            if result.returncode == 0:
                if not to_add:
                    return self._head_commit()
                added, to_add = to_add, []
                continue
            if not added and not to_add and "did not match any file" in output:
                unknown = set(re.findall(r"pathspec '(.+?)' did not match", output))
                to_add = [r for r in rels if r in unknown] or [r for r in rels if (self.work_tree / r).exists()]
                continue
            if not to_add and _NOTHING_TO_COMMIT.search(output):
                return self._head_commit()  # the files are exactly as HEAD has them
            if pauses and _LOCK_HELD.search(output):
                time.sleep(pauses.pop(0))  # another git (the app's status poll, a sibling) holds a lock
                continue
            self._unstage(added)
            raise CommitRefused(rels, _explain(output, rels, self.work_tree))

    def _head_commit(self) -> str:
        """The commit HEAD names, read from the branch file git has just written; ``git rev-parse HEAD``
        when HEAD is not a branch held in such a file (detached, packed, another ref storage)."""
        *_, head, _ = self.location.state_files or (None, None)
        try:
            ref = head.read_text(encoding="utf-8").strip() if head is not None else ""
            if ref.startswith("ref: refs/heads/"):
                sha = (self.common_dir / ref.removeprefix("ref: ")).read_text(encoding="ascii").strip()
                if _SHA.fullmatch(sha):
                    return sha
        except (OSError, UnicodeDecodeError):
            pass
        return self.run("rev-parse", "HEAD")

    def file_log(self, rel: str, limit: int, with_diff: bool) -> list[LoggedCommit]:
        """The commits that changed ``rel``, newest first, merges included (GitPython's ``iter_commits``
        with ``--full-history``); a merge's diff is against its first parent, a first commit's against nothing.

        Diffs are made for merges always (an empty one means the merge kept this clone's file)
        and for the other commits when ``with_diff``: all in one ``git log -p``, as one
        ``Commit.diff`` per commit (a ``git diff-tree`` each) took ten times as long.
        """
        git = _import_gitpython()
        with self.using_repo() as repo:
            try:
                commits = list(repo.iter_commits("HEAD", paths=rel, full_history=True, max_count=limit))
            except (ValueError, git.GitCommandError):
                return []  # no commit yet
        wanted = ["--merges"] if not with_diff else []
        diffs: dict[str, str] = {}
        if with_diff or any(len(c.parents) > 1 for c in commits):
            out = self.run(
                "log", "--full-history", "--diff-merges=first-parent", f"-n{limit}", *wanted,
                "--format=\x1e%H", "-p", "--unified=1", "--", rel, check=False,
            )  # fmt: skip
            for chunk in out.split("\x1e")[1:]:
                sha, _, diff = chunk.partition("\n")
                diffs[sha] = diff.strip("\n")
        return [
            LoggedCommit(
                commit.hexsha,
                [p.hexsha for p in commit.parents],
                commit.author.name,
                commit.authored_datetime,
                " ".join(commit.message.split("\n\n", 1)[0].split()),  # git's %s: the first paragraph
                diffs.get(commit.hexsha, ""),
            )
            for commit in commits
        ]

    def last_commit_touching(self, rev: str, rel: str) -> tuple[str, str, str, dt.datetime] | None:
        """The newest commit reachable from ``rev`` that changed ``rel`` (GitPython's ``iter_commits``):
        its sha, author name, author email and author date (in the author's time zone); None when none."""
        with self.using_repo() as repo:
            try:
                commit = next(repo.iter_commits(rev, paths=rel, max_count=1), None)
            except (ValueError, LookupError, _import_gitpython().GitCommandError):
                return None  # an unknown revision: no side to name
            if commit is None:
                return None
            return commit.hexsha, commit.author.name, commit.author.email, commit.authored_datetime

    def commit_merge(self) -> str:
        """Conclude the merge under way with git's own message; returns the sha. Raises :class:`GitError`."""
        result = self.git_command("commit", "--no-edit", "--quiet")
        if result.returncode != 0:
            raise GitError(f"git commit: {first_line(result.stderr or result.stdout)}")
        return self.run("rev-parse", "HEAD")

    def _unstage(self, rels: list[str]) -> None:
        if rels:
            self.git_command("rm", "--cached", "--quiet", "--ignore-unmatch", "--", *rels)


STALE_LOCK_SECONDS = 10.0
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_LOCK_RETRY_PAUSES = (0.05, 0.1, 0.2, 0.4, 0.8, 1.5)
_LOCK_HELD = re.compile(r"\.lock'?: File exists|cannot lock ref")
_NOTHING_TO_COMMIT = re.compile(r"^(nothing to commit|nothing added to commit|no changes added to commit)", re.M)
_OPERATIONS = (
    ("rebase-merge", "rebase"),
    ("rebase-apply", "rebase"),
    ("MERGE_HEAD", "merge"),
    ("CHERRY_PICK_HEAD", "cherry-pick"),
    ("REVERT_HEAD", "revert"),
    ("BISECT_START", "bisect"),
)
_STATE_FILES = (*(name for name, _ in _OPERATIONS), "rebase-apply/applying", "HEAD", "index")
_FINISH_FIRST = {
    "rebase": "a rebase is in progress: finish it (`git rebase --continue`) or undo it (`git rebase --abort`)",
    "am": "`git am` is in progress: finish it (`git am --continue`) or undo it (`git am --abort`)",
    "merge": "a merge is in progress: finish it (`runnerup sync`, or commit the resolved files) "
    "or undo it (`git merge --abort`)",
    "cherry-pick": "a cherry-pick is in progress: finish it (`git cherry-pick --continue`) "
    "or undo it (`git cherry-pick --abort`)",
    "revert": "a revert is in progress: finish it (`git revert --continue`) or undo it (`git revert --abort`)",
    "bisect": "a bisect is in progress: end it with `git bisect reset`",
    "detached HEAD": "HEAD is detached (no branch is checked out), so a commit would be lost at the next "
    "checkout: check out your branch (`git switch main`, or the one you work on)",
}


def _config_value(value: str) -> str:
    """``value`` as git's config syntax needs it: GitPython writes values verbatim, and git would
    read ``#``/``;`` as a comment, ``\\`` as an escape and drop spaces at the ends."""
    if value != value.strip() or any(c in value for c in '"\\#;'):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def _lock_sentence(lock: Path, work_tree: Path) -> str:
    return (
        f"git's lock file {lock} is in the way: another git command is running in {work_tree}, or one "
        "crashed and left it behind. If no git is running, delete that file"
    )


def _explain(output: str, rels: list[str], work_tree: Path) -> str:
    """git's refusal of a commit, in words: what happened and what to do (every line of a hook's output)."""
    lines = [visible(line.rstrip()) for line in output.splitlines() if line.strip()]
    lock = re.search(r"Unable to create '(.+?)': File exists", output)
    if lock:
        return _lock_sentence(Path(lock.group(1)), work_tree) + ", and try again"
    if "Please tell me who you are" in output or "unable to auto-detect email" in output:
        return (
            'git does not know who you are: set `git config --global user.name "Your Name"` and '
            "`git config --global user.email you@example.com`, then try again"
        )
    if "ignored by one of your .gitignore files" in output:
        return f"{', '.join(rels)} is ignored by a .gitignore file, so git will not track it; remove that rule"
    if "unmerged" in output or "during a merge" in output:
        return _FINISH_FIRST["merge"]
    if "cannot lock ref" in output:
        return "another git command moved the branch at the same moment; try again"
    said = "\n".join(f"  {line}" for line in lines) or "  (nothing)"
    if not any(line.startswith(("fatal:", "error:")) for line in lines):
        return f"a git hook (pre-commit or commit-msg) refused the commit and said:\n{said}"
    return f"git said:\n{said}"


# -- GitPython: one Repo per repository and process, its git processes through run_command ------

Progress = Callable[[str, "int | None", "int | None", str], None]
"""``progress(stage, done, total, message)``: plain values, e.g. ``("fetch", 40, 120, "receiving objects")``."""

_T = TypeVar("_T")
_repos: dict[Path, Any] = {}
_repos_lock = threading.RLock()  # a Repo used by two threads at once deadlocks: one user at a time
_repo_class: Any = None


def _open_repo(location: Location) -> Any:
    """The process's ``Repo`` for ``location`` (call with ``_repos_lock`` held)."""
    repo = _repos.get(location.git_dir)
    if repo is not None and not Path(repo.git_dir).is_dir():  # removed since (a library whose creation failed)
        repo.close()
        repo = None
    if repo is None:
        repo = _gitpython_repo_class()(str(location.git_dir))
        if repo.working_tree_dir is None or Path(repo.working_tree_dir) != location.work_tree:
            repo._working_tree_dir = str(location.work_tree)  # GIT_WORK_TREE or core.worktree: git's answer wins
            repo.git = repo.GitCommandWrapperType(str(location.work_tree))
        repo.git.update_environment(**NO_PROMPT_ENV)
        _repos[location.git_dir] = repo
    return repo


def close_repositories() -> None:
    """Close every ``Repo`` this process opened: their ``git cat-file`` helpers end with them.

    Waits up to ``local_timeout()`` for a worker still using one; at exit a helper left then
    ends by itself when its input closes with this process.
    """
    if not _repos_lock.acquire(timeout=local_timeout()):
        return
    try:
        for repo in _repos.values():
            with contextlib.suppress(Exception):
                repo.close()
        _repos.clear()
    finally:
        _repos_lock.release()


atexit.register(close_repositories)  # the CLI and the app close them themselves; this is the safety net


def repositories_open() -> int:
    """How many GitPython ``Repo`` objects this process holds open."""
    return len(_repos)


def _import_gitpython() -> Any:
    """GitPython, imported on first use (≈ 60 ms): only writes, sync and history pay for it."""
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")  # without git installed, our own GitMissing says so
    import git

    return git


def _gitpython_repo_class() -> Any:
    """``git.Repo`` whose one-shot git commands run through :func:`run_command` (imported on first use)."""
    global _repo_class
    if _repo_class is not None:
        return _repo_class
    git = _import_gitpython()

    class RunnerGit(git.Git):
        """GitPython's command object; a one-shot command runs in its own process group with a timeout."""

        def execute(self, command: Any, istream: Any = None, **kwargs: Any) -> Any:
            if istream is not None or kwargs.get("as_process") or kwargs.get("output_stream") is not None:
                # long-lived helpers (cat-file --batch) and streams: GitPython's own, in their own group too
                return super().execute(command, istream, start_new_session=os.name != "nt", **kwargs)
            argv = [os.fspath(part) for part in ([command] if isinstance(command, str) else command)]
            env = {**os.environ, "LANGUAGE": "C", **self.environment(), **(kwargs.get("env") or {})}
            cwd = Path(self._working_dir) if self._working_dir else None
            timeout = kwargs.get("kill_after_timeout") or local_timeout()
            result = run_command(argv, cwd=cwd, timeout=timeout, env=env)
            out, err = result.stdout, result.stderr.removesuffix(b"\n")
            if kwargs.get("strip_newline_in_stdout", True):
                out = out.removesuffix(b"\n")
            if kwargs.get("with_exceptions", True) and result.returncode != 0:
                raise git.GitCommandError(argv, result.returncode, err, out)
            if kwargs.get("stdout_as_string", True):
                out = os.fsdecode(out)
            if kwargs.get("with_extended_output"):
                return result.returncode, out, err.decode("utf-8", "replace")
            return out

    class Repo(git.Repo):
        GitCommandWrapperType = RunnerGit

    _repo_class = Repo
    return Repo


_STAGES = {
    "COUNTING": "counting objects",
    "COMPRESSING": "compressing objects",
    "WRITING": "writing objects",
    "RECEIVING": "receiving objects",
    "RESOLVING": "resolving deltas",
    "FINDING_SOURCES": "finding sources",
    "CHECKING_OUT": "checking out files",
}


def _progress_reader(progress: Progress, stage: str) -> Callable[[str], None]:
    """A stderr-line reader that parses git's progress with GitPython's ``RemoteProgress``."""
    git = _import_gitpython()

    names = {getattr(git.RemoteProgress, op): words for op, words in _STAGES.items()}

    class Reporter(git.RemoteProgress):
        def update(self, op_code: int, cur_count: Any, max_count: Any = None, message: str = "") -> None:
            words = names.get(op_code & self.OP_MASK, "working")
            done = int(float(cur_count)) if cur_count not in (None, "") else None
            total = int(float(max_count)) if max_count not in (None, "") else None
            progress(stage, done, total, words)

    return Reporter().new_message_handler()
