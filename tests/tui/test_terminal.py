"""End to end in a real terminal (tmux): open, search, log a touchpoint, quit; check file and commit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .pilot_support import git, last_commit

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


class Terminal:
    """One app process in a detached tmux session on a private tmux server."""

    def __init__(self, socket: str, config: Path, size: tuple[int, int] = (100, 30)) -> None:
        self.socket = socket
        self.config = config
        self.size = size

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check)

    def start(self, command: list[str], env: dict[str, str]) -> None:
        width, height = self.size
        self.config.write_text(f"set -g default-size {width}x{height}\nset -g escape-time 0\n")
        self.tmux("-f", str(self.config), "new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height),
                  "env", *(f"{k}={v}" for k, v in env.items()), *command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app").stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "app", *(["-l"] if literal else []), *keys)

    def wait_for(self, condition: Callable[[str], bool], what: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if condition(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{text}")
            time.sleep(0.1)

    def running(self) -> bool:
        return self.tmux("has-session", "-t", "app", check=False).returncode == 0

    def close(self) -> None:
        self.tmux("kill-server", check=False)


def runnerup_command() -> list[str]:
    script = Path(sys.executable).parent / "runnerup"
    return [str(script)] if script.exists() else [sys.executable, "-m", "runnerup_tui"]


def test_search_log_and_quit_in_a_real_terminal(sample_library, tmp_path):
    terminal = Terminal(f"runnerup-test-{os.getpid()}-{tmp_path.name}", tmp_path / "tmux.conf")
    env = {key: os.environ[key] for key in ("HOME", "PATH", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                                            "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM") if key in os.environ}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", TEXTUAL_ANIMATIONS="none")
    try:
        terminal.start([*runnerup_command(), "--library", str(sample_library)], env)
        terminal.wait_for(lambda s: "Ada Lovelace" in s and "main · 28/28 shown" in s, "the list")
        size = terminal.tmux("display-message", "-p", "-t", "app", "#{window_width}x#{window_height}").stdout
        assert size.strip() == "100x30"
        time.sleep(0.5)  # keys sent while the terminal is still being set up can be dropped

        terminal.keys("/")
        terminal.wait_for(lambda s: "n New" not in s, "the search box to take the keyboard")
        terminal.keys("lovelace", literal=True)
        screen = terminal.wait_for(lambda s: "1/28 shown" in s, "the search to narrow the list")
        assert "Hannah Schmidt" not in screen

        terminal.keys("Escape")
        terminal.wait_for(lambda s: "n New" in s, "the list to take the keyboard back")
        terminal.keys("l")
        terminal.wait_for(lambda s: "Log a touchpoint with Ada Lovelace" in s, "the log dialog")
        terminal.keys("Called about the Berlin team", literal=True)
        terminal.keys("C-s")  # Enter would start a new line of the summary
        terminal.wait_for(lambda s: "Logged call with Ada Lovelace" in s, "the save to finish")

        terminal.keys("q")
        deadline = time.monotonic() + 10
        while terminal.running() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not terminal.running(), "q did not quit the app"
    finally:
        terminal.close()

    text = (sample_library / "candidates/ada-lovelace.yaml").read_text()
    assert text.endswith("kind: call\n    by: Test Recruiter\n    summary: Called about the Berlin team\n")
    assert last_commit(sample_library) == "Log call with Ada Lovelace"
    assert git(sample_library, "status", "--porcelain") == ""
