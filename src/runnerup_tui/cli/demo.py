"""``runnerup demo``: a throwaway copy of the bundled sample library in its own git repository.

The project's own repository is never written: the copy lives in a new temporary folder,
removed when the demo ends unless the person asks to keep it.
"""

from __future__ import annotations

import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from runnerup_tui.team.git import GitMissing, GitRepo

DEMO_NAME = "runnerup demo"
DEMO_EMAIL = "demo@runnerup.invalid"


def sample_library() -> Path:
    """The bundled sample library: package data in a wheel, ``library/`` in a source checkout."""
    packaged = resources.files("runnerup_tui") / "sample_library"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "library"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("the bundled sample library is missing from this installation")


def make_demo_library() -> Path:
    """Copy the sample library into a fresh ``git init`` repository in a temp folder; return it.

    The copy is committed so that the app's one-commit-per-action history starts clean. A
    local demo identity is set only when git has none, so the person's own name is used
    when they have one. Without git, the copy still works (saves are just not committed).
    """
    root = Path(tempfile.mkdtemp(prefix="runnerup-demo-"))
    try:
        _fill(root)
    except BaseException:  # Ctrl-C while copying too: no half-made copy stays behind
        shutil.rmtree(root, ignore_errors=True)
        raise
    return root


def _fill(root: Path) -> None:
    shutil.copytree(sample_library(), root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", ".git"))
    repo = GitRepo(root)
    try:
        repo.call("init", "-q", check=False)
    except GitMissing:
        return
    for key, value in (("user.name", DEMO_NAME), ("user.email", DEMO_EMAIL)):
        if repo.call("config", "--get", key, check=False).returncode != 0:
            repo.call("config", key, value, check=False)
    repo.call("add", "-A", check=False)
    repo.call("commit", "-q", "-m", "Demo library: a copy of the bundled sample", check=False)


class DemoStopped(Exception):
    """The demo process was told to stop (SIGTERM, or its terminal closed)."""


@contextmanager
def demo_library(keep: bool = False, say: Callable[[str], None] = print) -> Iterator[Path]:
    """A fresh demo library for the ``with`` block; removed afterwards unless ``keep``.

    Removed also when the block ends by Ctrl-C, an exception, SIGTERM or a closed
    terminal (SIGHUP): a demo must not leave a copy behind on every run. ``say`` is told
    where the copy is at the start, and at the end whether it was kept or removed.
    """
    previous = _stop_on_signals()
    try:
        root = make_demo_library()
    except BaseException:
        _restore_signals(previous)
        raise
    try:
        kept = "kept after the demo" if keep else "removed when the demo ends; --keep keeps it"
        say(f"runnerup demo library: {root} ({kept})")
        yield root
    finally:
        _restore_signals(previous)
        if keep:
            say(f"runnerup demo library kept at {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
            say(
                f"runnerup demo library {root} removed"
                if not root.exists()
                else f"runnerup demo library {root} could not be removed completely; delete it by hand"
            )


def _stop(signum: int, frame: object) -> None:
    raise DemoStopped(signal.Signals(signum).name)


def _stop_on_signals() -> dict[int, object]:
    """SIGTERM and SIGHUP end the demo through its ``finally`` (their default would skip the cleanup)."""
    previous: dict[int, object] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            try:
                previous[number] = signal.signal(number, _stop)
            except ValueError:  # not the main thread: leave signals alone
                pass
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)  # type: ignore[arg-type]
