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
        self.tmux(
            "-f",
            str(self.config),
            "new-session",
            "-d",
            "-s",
            "app",
            "-x",
            str(width),
            "-y",
            str(height),
            "env",
            *(f"{k}={v}" for k, v in env.items()),
            *command,
        )

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
    env = {
        key: os.environ[key]
        for key in ("HOME", "PATH", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")
        if key in os.environ
    }
    env.update(TERM="xterm-256color", LANG="C.UTF-8", TEXTUAL_ANIMATIONS="none")
    try:
        terminal.start([*runnerup_command(), "--library", str(sample_library)], env)
        terminal.wait_for(lambda s: "Ada Lovelace" in s and "main · 28/28 shown" in s, "the list")
        size = terminal.tmux("display-message", "-p", "-t", "app", "#{window_width}x#{window_height}").stdout
        assert size.strip() == "100x30"
        time.sleep(0.5)  # keys sent while the terminal is still being set up can be dropped

        terminal.wait_for(lambda s: "n New" not in s, "the search box to have the keyboard from the start")
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


def test_a_hostile_candidate_neither_clears_the_screen_nor_retitles_the_terminal(sample_library, tmp_path):
    from hostile import add_hostile

    add_hostile(sample_library)
    settings = sample_library / "runnerup.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            'name: "Acme Talent — runner-ups"', 'name: "Acme \\e]2;PWNED\\a [bold]x[/]"'
        ),
        encoding="utf-8",
    )
    git(sample_library, "add", "-A")
    git(sample_library, "commit", "-q", "-m", "Hostile records")
    terminal = Terminal(f"runnerup-test-{os.getpid()}-{tmp_path.name}", tmp_path / "tmux.conf", size=(140, 40))
    env = {
        key: os.environ[key]
        for key in ("HOME", "PATH", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")
        if key in os.environ
    }
    env.update(TERM="xterm-256color", LANG="C.UTF-8", TEXTUAL_ANIMATIONS="none")

    def title() -> str:
        return terminal.tmux("display-message", "-p", "-t", "app", "#{pane_title}").stdout.strip()

    try:
        terminal.start([*runnerup_command(), "--library", str(sample_library)], env)
        terminal.wait_for(lambda s: "main · 29/29 shown" in s, "the list")
        before = title()
        time.sleep(0.5)  # keys sent while the terminal is still being set up can be dropped
        # the app starts with the keyboard in the search box
        terminal.wait_for(lambda s: "n New" not in s, "the search box to have the keyboard")
        terminal.keys("reversed", literal=True)  # her interest
        terminal.wait_for(lambda s: "1/29 shown" in s, "the search to narrow the list")
        terminal.keys("Escape")
        terminal.wait_for(lambda s: "eve-red.yaml" in s, "Eve's card")
        time.sleep(0.5)  # let every escape the app might have written reach the terminal
        screen = terminal.screen()
        assert "Eve \\x1b[31mRed\\x1b[0m [bold]x[/]" in screen  # in the card, escaped, markup literal
        assert "Acme \\x1b]2;PWNED\\x07 [bold]x[/]" in screen  # the header
        assert "eve@example.org\\x1b[2J" in screen and "1/29 shown" in screen  # nothing cleared the screen
        assert "PWNED" not in title() and title() == before
    finally:
        terminal.close()
