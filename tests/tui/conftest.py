"""Fixtures for the app's tests: a real library copy in a real git repository, a fixed day.

The shared ``isolated_home`` fixture (tests/conftest.py) already keeps the developer's
own git identity, runnerup config and caches out; these add what Pilot tests need.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from runnerup_tui.store.config import UserConfig
from runnerup_tui.tui.app import RunnerupApp

from .pilot_support import TODAY, git_repo

SAMPLE = Path(__file__).resolve().parents[2] / "library"


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes a snapshot depend on the moment it is taken: keep it lit."""
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    monkeypatch.setattr(TextArea.cursor_blink, "_default", False)


@pytest.fixture
def config_home(isolated_home: Path) -> Path:
    """Where the app reads its user config in tests (tests/conftest.py's private XDG_CONFIG_HOME)."""
    return isolated_home / ".config"


@pytest.fixture
def sample_library(tmp_path: Path) -> Path:
    """A copy of the bundled sample library, committed in its own git repository on ``main``."""
    root = tmp_path / "library"
    shutil.copytree(SAMPLE, root)
    return git_repo(root)


@pytest.fixture
def make_app(sample_library: Path) -> Callable[..., RunnerupApp]:
    """Build the app on the sample copy, on a fixed day, without polling unless asked."""

    def make(
        root: Path | None = None,
        *,
        poll_seconds: float | None = None,
        read_config: bool = False,
        today: dt.date = TODAY,
    ) -> RunnerupApp:
        return RunnerupApp(
            root or sample_library, today=today, poll_seconds=poll_seconds, config=None if read_config else UserConfig()
        )

    return make
