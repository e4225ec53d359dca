"""A write is one transaction — the file and its commit, or neither — and writes to a library take turns.

Real processes on real repositories: parallel `runnerup log`s, hooks that refuse, git's own lock files,
a merge or rebase left half done.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support import git, run_cli

from runnerup_tui.domain.problems import LibraryBusy
from runnerup_tui.team.lock import lock_file_for, write_lock

ADA = "candidates/ada-lovelace.yaml"
ROUNDS = int(os.environ.get("RUNNERUP_STRESS_ROUNDS", "3"))
LOGGED = re.compile(r"logged (\S+) as (t-[0-9a-f]+) in (\S+), commit ([0-9a-f]+)")


def cli(library: Path, *args: str, **kw) -> subprocess.CompletedProcess[str]:  # noqa: ANN003
    return run_cli("--library", str(library), *args, **kw)


def start_cli(library: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """The real command, started and left running (to run several at once)."""
    return subprocess.Popen(
        [sys.executable, "-m", "runnerup_tui", "--library", str(library), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def try_git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """git that is allowed to fail (a merge that stops on a conflict)."""
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)


def touchpoint_ids(text: str) -> list[str]:
    return re.findall(r"^\s*- id: (t-[0-9a-f]+)$", text, re.M)


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def added_ids(repo: Path, commit: str) -> list[str]:
    """Touchpoint ids a commit adds (lines starting with + in its diff)."""
    diff = git(repo, "show", "--format=", commit)
    return re.findall(r"^\+\s*- id: (t-[0-9a-f]+)$", diff, re.M)


def add_hook(repo: Path, body: str, name: str = "pre-commit") -> Path:
    hook = repo / ".git" / "hooks" / name
    hook.write_text("#!/bin/sh\n" + body)
    hook.chmod(0o755)
    return hook


# -- writes take turns ---------------------------------------------------------------------------


@pytest.mark.stress
def test_ten_parallel_logs_on_one_candidate_all_land_each_in_its_own_commit(library: Path) -> None:
    path = library / ADA
    for round_ in range(ROUNDS):
        start, before = head(library), set(touchpoint_ids(path.read_text()))
        procs = [
            start_cli(library, "log", "ada-lovelace", "call", "--summary", f"round {round_} caller {i}")
            for i in range(10)
        ]
        printed = {}
        for proc in procs:
            code, out, err = finish(proc)
            assert code == 0, err
            found = LOGGED.search(out)
            assert found, out
            printed[found.group(2)] = found.group(4)
        text = path.read_text()
        new = set(touchpoint_ids(text)) - before
        assert new == set(printed) and len(new) == 10
        assert all(f"round {round_} caller {i}" in text for i in range(10))
        commits = git(library, "rev-list", f"{start}..HEAD").split()
        assert len(commits) == 10
        for tid, short in printed.items():
            commit = git(library, "rev-parse", short).strip()
            assert commit in commits
            assert added_ids(library, commit) == [tid]  # the printed commit holds that process's touchpoint
        assert git(library, "status", "--porcelain", "--", ADA) == ""


def test_parallel_logs_on_different_candidates_all_commit(library: Path) -> None:
    ids = sorted(p.stem for p in (library / "candidates").glob("*.yaml"))[:10]
    start = head(library)
    procs = {cid: start_cli(library, "log", cid, "note", "--summary", f"note for {cid}") for cid in ids}
    for cid, proc in procs.items():
        code, out, err = finish(proc)
        assert code == 0, err
        tid, commit = LOGGED.search(out).group(2, 4)
        assert added_ids(library, commit) == [tid]
        assert git(library, "show", "--name-only", "--format=", commit).split() == [f"candidates/{cid}.yaml"]
        assert f"note for {cid}" in (library / "candidates" / f"{cid}.yaml").read_text()
    assert len(git(library, "rev-list", f"{start}..HEAD").split()) == 10
    assert git(library, "status", "--porcelain") == ""


def _holds_open(pid: int, path: Path) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(fd) == str(path) for fd in fds.iterdir())
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches the waiting process through /proc")
def test_a_hand_edit_made_while_a_log_waits_for_the_lock_is_kept(library: Path) -> None:
    path = library / ADA
    lock = lock_file_for(library)
    with write_lock(lock):
        proc = start_cli(library, "log", "ada-lovelace", "call", "--summary", "Logged after waiting")
        deadline = time.monotonic() + 30
        while not _holds_open(proc.pid, lock):  # it has opened the lock file and waits for its turn
            assert proc.poll() is None and time.monotonic() < deadline, "the log did not wait for the lock"
            time.sleep(0.02)
        time.sleep(0.2)
        path.write_text(path.read_text().replace("rating: 5  # would hire tomorrow", "rating: 4  # hand edit"))
    code, out, err = finish(proc)
    assert code == 0, err
    text = path.read_text()
    assert "rating: 4  # hand edit" in text and "Logged after waiting" in text
    assert git(library, "show", f"HEAD:{ADA}") == text


def test_a_writer_that_cannot_get_its_turn_gives_up_with_a_clear_message(library: Path) -> None:
    lock = lock_file_for(library)
    with write_lock(lock):
        with pytest.raises(LibraryBusy, match="another runnerup has been saving to this library"):
            with write_lock(lock, wait=0.2):
                pass
    with write_lock(lock, wait=0.2):  # released: the next writer gets it at once
        pass


# -- no write while git is in the middle of something ------------------------------------------


def _diverge(repo: Path) -> None:
    """Two branches that changed one (non-library) file two ways."""
    (repo / "NOTES.txt").write_text("base\n")
    git(repo, "add", "NOTES.txt")
    git(repo, "commit", "-q", "-m", "notes")
    git(repo, "checkout", "-q", "-b", "other")
    (repo / "NOTES.txt").write_text("theirs\n")
    git(repo, "commit", "-q", "-am", "their notes")
    git(repo, "checkout", "-q", "main")
    (repo / "NOTES.txt").write_text("ours\n")
    git(repo, "commit", "-q", "-am", "our notes")


def _merge(repo: Path) -> None:
    _diverge(repo)
    assert try_git(repo, "merge", "other").returncode != 0


def _rebase(repo: Path) -> None:
    _diverge(repo)
    assert try_git(repo, "rebase", "other").returncode != 0


def _cherry_pick(repo: Path) -> None:
    _diverge(repo)
    assert try_git(repo, "cherry-pick", "other").returncode != 0


def _bisect(repo: Path) -> None:
    git(repo, "bisect", "start")


def _detach(repo: Path) -> None:
    git(repo, "checkout", "-q", "--detach")


@pytest.mark.parametrize(
    ("start_operation", "said"),
    [
        (
            _merge,
            "a merge is in progress: finish it (`runnerup sync`, or commit the resolved files) or undo it "
            "(`git merge --abort`)",
        ),
        (_rebase, "a rebase is in progress: finish it (`git rebase --continue`) or undo it (`git rebase --abort`)"),
        (_cherry_pick, "a cherry-pick is in progress: finish it (`git cherry-pick --continue`) or undo it"),
        (_bisect, "a bisect is in progress: end it with `git bisect reset`"),
        (_detach, "HEAD is detached (no branch is checked out), so a commit would be lost at the next checkout"),
    ],
    ids=["merge", "rebase", "cherry-pick", "bisect", "detached"],
)
def test_no_write_while_git_is_in_the_middle_of_something(library: Path, start_operation, said: str) -> None:  # noqa: ANN001
    start_operation(library)
    path = library / ADA
    before, commit = path.read_bytes(), head(library)
    result = cli(library, "log", "ada-lovelace", "call", "--summary", "During the operation")
    assert result.returncode == 1
    assert said in result.stderr
    assert "Nothing was changed" in result.stderr
    assert path.read_bytes() == before
    assert head(library) == commit
    edit = cli(library, "add", "New Person")  # a new file is refused too
    assert edit.returncode == 1 and said in edit.stderr
    assert not (library / "candidates" / "new-person.yaml").exists()


# -- the file and its commit, or neither ---------------------------------------------------------


HOOK_LINES = [
    "lint: candidates/ada-lovelace.yaml is not formatted",
    "lint: run `make fmt` first",
    "lint: \x1b[31m1 file failed\x1b[0m",
]


def _refusing_hook(repo: Path) -> Path:
    echo = [
        f"printf '%s\\n' '{HOOK_LINES[0]}'",
        f"printf '%s\\n' '{HOOK_LINES[1]}' >&2",
        "printf 'lint: \\033[31m1 file failed\\033[0m\\n'",
    ]
    return add_hook(repo, "\n".join(echo) + "\nexit 1\n")


def test_a_refusing_pre_commit_hook_leaves_the_file_as_it_was_and_is_quoted_in_full(library: Path) -> None:
    hook = _refusing_hook(library)
    path = library / ADA
    before, commit = path.read_bytes(), head(library)
    result = cli(library, "log", "ada-lovelace", "call", "--summary", "Called after the hook")
    assert result.returncode == 1
    assert "a git hook (pre-commit or commit-msg) refused the commit and said:" in result.stderr
    assert HOOK_LINES[0] in result.stderr and HOOK_LINES[1] in result.stderr
    assert "lint: \\x1b[31m1 file failed\\x1b[0m" in result.stderr  # shown, not obeyed by the terminal
    assert "\x1b" not in result.stderr
    assert "back as it was (nothing changed)" in result.stderr and "saved" not in result.stderr
    assert path.read_bytes() == before
    assert head(library) == commit
    assert git(library, "status", "--porcelain") == ""
    hook.unlink()
    again = cli(library, "log", "ada-lovelace", "call", "--summary", "Called after the hook")
    assert again.returncode == 0, again.stderr
    assert path.read_text().count("Called after the hook") == 1
    assert len(touchpoint_ids(path.read_text())) == len(touchpoint_ids(before.decode())) + 1


def test_a_refused_new_candidate_leaves_no_file_and_nothing_staged(library: Path) -> None:
    _refusing_hook(library)
    result = cli(library, "add", "Grace Hopper")
    assert result.returncode == 1
    assert HOOK_LINES[1] in result.stderr
    assert not (library / "candidates" / "grace-hopper.yaml").exists()
    assert git(library, "status", "--porcelain") == ""


def test_a_refused_forget_keeps_the_candidate_and_never_says_saved(library: Path) -> None:
    _refusing_hook(library)
    path = library / "candidates" / "olivia-brooks.yaml"
    before = path.read_bytes()
    result = cli(library, "forget", "olivia", "--yes")
    assert result.returncode == 1
    assert "saved" not in result.stderr + result.stdout
    assert path.read_bytes() == before
    assert git(library, "status", "--porcelain") == ""


def test_forget_does_not_say_saved(library: Path) -> None:
    result = cli(library, "forget", "olivia", "--yes")
    assert result.returncode == 0, result.stderr
    assert "saved" not in result.stderr + result.stdout


def test_a_stale_index_lock_is_refused_before_writing_and_named(library: Path) -> None:
    lock = library / ".git" / "index.lock"
    lock.write_text("")
    os.utime(lock, (time.time() - 120, time.time() - 120))  # left by a git that crashed two minutes ago
    path = library / ADA
    before, commit = path.read_bytes(), head(library)
    result = cli(library, "log", "ada-lovelace", "call")
    assert result.returncode == 1
    assert f"git's lock file {lock} is in the way" in result.stderr
    assert "If no git is running, delete that file" in result.stderr
    assert path.read_bytes() == before
    assert head(library) == commit


def test_an_index_lock_held_for_a_moment_by_another_git_is_waited_for(library: Path) -> None:
    lock = library / ".git" / "index.lock"
    lock.write_text("")
    remover = threading.Timer(2.0, lock.unlink)  # long after this log reaches its commit
    remover.start()
    try:
        result = cli(library, "log", "ada-lovelace", "call", "--summary", "After the lock")
    finally:
        remover.join()
    assert result.returncode == 0, result.stderr
    assert "After the lock" in git(library, "show", f"HEAD:{ADA}")


def test_a_left_over_branch_lock_puts_the_file_back_and_names_the_lock(library: Path) -> None:
    lock = library / ".git" / "refs" / "heads" / "main.lock"
    lock.write_text("")
    path = library / ADA
    before = path.read_bytes()
    result = cli(library, "log", "ada-lovelace", "call")
    assert result.returncode == 1
    assert f"git's lock file {lock} is in the way" in result.stderr
    assert "cannot lock ref" not in result.stderr
    assert path.read_bytes() == before
    assert git(library, "status", "--porcelain") == ""


def test_a_file_git_ignores_is_explained_and_not_left_behind(library: Path) -> None:
    (library / ".git" / "info" / "exclude").write_text("candidates/grace-hopper.yaml\n")
    result = cli(library, "add", "Grace Hopper")
    assert result.returncode == 1
    assert "candidates/grace-hopper.yaml is ignored by a .gitignore file" in result.stderr
    assert not (library / "candidates" / "grace-hopper.yaml").exists()


def test_an_edit_that_undoes_a_hand_edit_is_saved_as_head_has_it(library: Path) -> None:
    from runnerup_tui.actions import edit_candidate
    from runnerup_tui.store.library import Library

    path = library / ADA
    committed = path.read_bytes()
    path.write_text(path.read_text().replace("rating: 5  # would hire tomorrow", "rating: 4  # would hire tomorrow"))
    lib = Library.open(library)
    data = lib.read_candidate("ada-lovelace").model_dump(exclude_unset=True)
    data["rating"] = 5  # back to what the last commit holds: git has nothing to commit, and that is fine
    written = edit_candidate(lib, "ada-lovelace", data, base=path.read_bytes())
    assert path.read_bytes() == committed
    assert written.commit == head(library)
    assert git(library, "status", "--porcelain") == ""


# -- identity: what git itself will require ------------------------------------------------------


def test_an_author_without_a_committer_is_refused_before_writing(library: Path, isolated_home: Path) -> None:
    (isolated_home / ".gitconfig").write_text("")
    env = {"GIT_AUTHOR_NAME": "Ann Author", "GIT_AUTHOR_EMAIL": "ann@example.com"}
    # git itself needs a committer too; where the host name has no domain it refuses, elsewhere it would
    # make one up from the login and host name: neither should reach the team's history
    path = library / ADA
    before = path.read_bytes()
    result = cli(library, "log", "ada-lovelace", "call", env=env)
    assert result.returncode == 1
    assert "git has no user.name and user.email" in result.stderr
    assert "GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL name only the author; git needs a committer too" in result.stderr
    assert path.read_bytes() == before


def test_author_and_committer_from_the_environment_are_enough(library: Path, isolated_home: Path) -> None:
    (isolated_home / ".gitconfig").write_text("")
    env = {
        "GIT_AUTHOR_NAME": "Ann Author",
        "GIT_AUTHOR_EMAIL": "ann@example.com",
        "GIT_COMMITTER_NAME": "Cy Committer",
        "GIT_COMMITTER_EMAIL": "cy@example.com",
    }
    result = cli(library, "log", "ada-lovelace", "call", env=env)
    assert result.returncode == 0, result.stderr
    assert (
        git(library, "log", "-1", "--format=%an <%ae> / %cn <%ce>").strip()
        == "Ann Author <ann@example.com> / Cy Committer <cy@example.com>"
    )
    assert "by: Ann Author" in (library / ADA).read_text()


def test_init_without_an_identity_leaves_nothing_behind(tmp_path: Path, isolated_home: Path) -> None:
    (isolated_home / ".gitconfig").write_text("")
    root = tmp_path / "new-library"
    result = run_cli("init", str(root))
    assert result.returncode == 1
    assert "git has no user.name and user.email" in result.stderr
    assert not root.exists()


def test_init_refused_by_a_hook_leaves_no_repository_behind(tmp_path: Path, isolated_home: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "pre-commit").write_text("#!/bin/sh\necho 'no commits on this machine'\nexit 1\n")
    (hooks / "pre-commit").chmod(0o755)
    with (isolated_home / ".gitconfig").open("a") as config:
        config.write(f"[core]\n\thooksPath = {hooks}\n")
    root = tmp_path / "new-library"
    result = run_cli("init", str(root))
    assert result.returncode == 1
    assert "no commits on this machine" in result.stderr
    assert not root.exists()


def test_a_hook_that_changes_the_file_and_refuses_leaves_it_saved_but_not_committed(library: Path) -> None:
    from runnerup_tui.actions import log_touchpoint
    from runnerup_tui.domain.model import TouchpointKind
    from runnerup_tui.domain.problems import SavedNotCommitted
    from runnerup_tui.workspace import open_library

    add_hook(library, f"printf '# tidied by the hook\\n' >> {ADA}\nexit 1\n")  # a formatter that then fails
    commit = head(library)
    with pytest.raises(SavedNotCommitted) as refused:
        log_touchpoint(open_library(library), "ada-lovelace", TouchpointKind.CALL, summary="Called before the hook")
    assert refused.value.paths == [ADA] and refused.value.uncommitted
    assert "it holds the change, uncommitted" in str(refused.value)
    text = (library / ADA).read_text()
    assert "Called before the hook" in text and "# tidied by the hook" in text  # neither is thrown away
    assert head(library) == commit
