"""The git work tree a library lives in: identity, branch and one-file commits.

Runs the git command itself (≈ 5x faster than GitPython's index API; importing
GitPython alone cost 125–157 ms per command) with prompts disabled and a timeout, so
that nothing ever waits for a password. Knows nothing of YAML or candidates: callers
pass paths and messages.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .problems import CommitRefused, GitError, RepositoryBusy
from .safe_text import visible

NO_PROMPT_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "true" if os.name != "nt" else "",
    "SSH_ASKPASS": "true" if os.name != "nt" else "",
    "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh") + " -o BatchMode=yes -o ConnectTimeout=15",
    "LC_ALL": "C",
}


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

    def run(self, *args: str, timeout: float = 60, check: bool = True) -> str:
        """Run ``git args`` here; its stdout without the final newline.

        Raises :class:`GitError` with git's own first line when it fails (unless
        ``check`` is false) or when it takes longer than ``timeout`` seconds.
        """
        return self.call(*args, timeout=timeout, check=check).stdout.removesuffix("\n")

    def call(self, *args: str, timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess[str]:
        try:
            result = subprocess.run(["git", *args], cwd=self.work_tree, env={**os.environ, **NO_PROMPT_ENV},
                                    capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise GitError(f"git {args[0]}: no answer after {timeout:.0f} s; gave up") from None
        except FileNotFoundError:
            raise GitError("git is not installed (or not on PATH)") from None
        if check and result.returncode != 0:
            raise GitError(f"git {args[0]}: {first_line(result.stderr or result.stdout)}")
        return result

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
        missing = [key for key, value in (("user.name", author.name and committer.name),
                                          ("user.email", author.email and committer.email)) if not value]
        if missing:
            only_author = author.name and author.email and any(k.startswith("GIT_AUTHOR_") for k in env)
            why = (" (GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL name only the author; git needs a committer too)"
                   if only_author else "")
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
        self.run("config", "--local", "user.name", name)
        self.run("config", "--local", "user.email", email)

    def branch(self) -> str:
        try:
            return self.run("symbolic-ref", "--quiet", "--short", "HEAD")
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
        names = [name for name, _ in _OPERATIONS]
        *found, head, index = self.git_paths(*names, "rebase-apply/applying", "HEAD", "index")
        applying = found.pop()
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
            raise RepositoryBusy(f"cannot write to {self.work_tree} now: {_FINISH_FIRST[operation]}; "
                                 "then try again. Nothing was changed", operation)
        lock = index.with_name(index.name + ".lock")
        deadline = time.monotonic() + lock_wait
        while True:
            try:
                age = time.time() - lock.stat().st_mtime
            except FileNotFoundError:
                return
            if age > STALE_LOCK_SECONDS or time.monotonic() >= deadline:
                raise GitError(f"cannot write to {self.work_tree} now: {_lock_sentence(lock, self.work_tree)}. "
                               "Nothing was changed")
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
                result = self.call(*(("add", "--", *to_add) if to_add else commit), check=False)
            except GitError as err:  # no answer in time (a hanging hook), or no git at all
                self._unstage(added)
                raise CommitRefused(rels, str(err)) from None
            output = (result.stderr + result.stdout).strip()
            if result.returncode == 0:
                if not to_add:
                    return self.run("rev-parse", "HEAD")
                added, to_add = to_add, []
                continue
            if not added and not to_add and "did not match any file" in output:
                unknown = set(re.findall(r"pathspec '(.+?)' did not match", output))
                to_add = [r for r in rels if r in unknown] or [r for r in rels if (self.work_tree / r).exists()]
                continue
            if not to_add and _NOTHING_TO_COMMIT.search(output):
                return self.run("rev-parse", "HEAD")  # the files are exactly as HEAD has them
            if pauses and _LOCK_HELD.search(output):
                time.sleep(pauses.pop(0))  # another git (the app's status poll, a sibling) holds a lock
                continue
            self._unstage(added)
            raise CommitRefused(rels, _explain(output, rels, self.work_tree))

    def _unstage(self, rels: list[str]) -> None:
        if rels:
            self.call("rm", "--cached", "--quiet", "--ignore-unmatch", "--", *rels, check=False)


STALE_LOCK_SECONDS = 10.0
_LOCK_RETRY_PAUSES = (0.05, 0.1, 0.2, 0.4, 0.8, 1.5)
_LOCK_HELD = re.compile(r"\.lock'?: File exists|cannot lock ref")
_NOTHING_TO_COMMIT = re.compile(r"^(nothing to commit|nothing added to commit|no changes added to commit)", re.M)
_OPERATIONS = (("rebase-merge", "rebase"), ("rebase-apply", "rebase"), ("MERGE_HEAD", "merge"),
               ("CHERRY_PICK_HEAD", "cherry-pick"), ("REVERT_HEAD", "revert"), ("BISECT_START", "bisect"))
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


def _lock_sentence(lock: Path, work_tree: Path) -> str:
    return (f"git's lock file {lock} is in the way: another git command is running in {work_tree}, or one "
            "crashed and left it behind. If no git is running, delete that file")


def _explain(output: str, rels: list[str], work_tree: Path) -> str:
    """git's refusal of a commit, in words: what happened and what to do (every line of a hook's output)."""
    lines = [visible(line.rstrip()) for line in output.splitlines() if line.strip()]
    lock = re.search(r"Unable to create '(.+?)': File exists", output)
    if lock:
        return _lock_sentence(Path(lock.group(1)), work_tree) + ", and try again"
    if "Please tell me who you are" in output or "unable to auto-detect email" in output:
        return ("git does not know who you are: set `git config --global user.name \"Your Name\"` and "
                "`git config --global user.email you@example.com`, then try again")
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
