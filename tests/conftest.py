"""Fixtures shared by all tests: real files, real git repositories, the real command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import SAMPLE, make_repo


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the developer's own git identity, runnerup config and caches out of every test.

    Tests get a known git identity through a private global git config; a test about a
    missing identity empties that file.
    """
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Test Recruiter\n\temail = recruiter@example.com\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    for name in (
        "RUNNERUP_LIBRARY",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
        "GIT_DIR",
        "GIT_WORK_TREE",
    ):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of the bundled sample library in its own git repository."""
    root = tmp_path / "library"
    shutil.copytree(SAMPLE, root)
    return make_repo(root)
