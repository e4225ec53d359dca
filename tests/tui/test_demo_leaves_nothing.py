"""runnerup demo cleans up after itself: its temporary library goes when the demo ends, unless --keep."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from runnerup_tui.cli.demo import demo_library
from runnerup_tui.store.config import UserConfig
from runnerup_tui.tui.app import RunnerupApp

from .pilot_support import TODAY, settle

HEADLESS = "textual.drivers.headless_driver:HeadlessDriver"  # the real app, without a terminal


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the demo makes its temporary library, in this process and in the ones it starts."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def _as_a_foreground_job() -> None:
    # Ctrl-C reaches a foreground job with SIGINT at its default; a runner started in the background (`cmd &` in a
    # script) ignores SIGINT, and every process it starts would inherit that and never see the Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_demo(*args: str) -> tuple[subprocess.Popen[str], Path]:
    """``runnerup demo`` as a process; returns it and the library path it printed at the start."""
    env = {**os.environ, "TEXTUAL_DRIVER": HEADLESS}
    process = subprocess.Popen(
        [sys.executable, "-m", "runnerup_tui", "demo", *args],
        preexec_fn=_as_a_foreground_job,  # a test: no thread starts a process meanwhile
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    first = process.stderr.readline()
    assert first.startswith("runnerup demo library: "), first
    return process, Path(first.removeprefix("runnerup demo library: ").split(" (")[0])


async def test_quitting_the_demo_removes_its_library(temp_dir):
    said: list[str] = []
    with demo_library(say=said.append) as root:
        app = RunnerupApp(root, today=TODAY, poll_seconds=None, config=UserConfig())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert len(app.snapshot.entries) > 20
            await pilot.press("escape", "q")
    assert not root.exists() and list(temp_dir.iterdir()) == []
    assert said == [
        f"runnerup demo library: {root} (removed when the demo ends; --keep keeps it)",
        f"runnerup demo library {root} removed",
    ]


def test_a_demo_that_fails_still_removes_its_library(temp_dir):
    with pytest.raises(RuntimeError):
        with demo_library(say=lambda line: None) as root:
            assert (root / "candidates").is_dir()
            raise RuntimeError("the app crashed")
    assert list(temp_dir.iterdir()) == []


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_the_demo_process_stopped_by_a_signal_leaves_nothing_behind(temp_dir, stop):
    process, root = start_demo()
    try:
        assert root.parent == temp_dir and (root / "candidates").is_dir()
        process.send_signal(stop)
        process.wait(timeout=30)
    finally:
        process.kill()
    assert list(temp_dir.iterdir()) == []
    assert f"runnerup demo library {root} removed" in process.stderr.read()


def test_demo_keep_keeps_the_library_and_says_where(temp_dir):
    process, root = start_demo("--keep")
    try:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    finally:
        process.kill()
    assert (root / "candidates").is_dir() and (root / ".git").is_dir()
    assert f"runnerup demo library kept at {root}" in process.stderr.read()
