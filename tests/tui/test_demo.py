"""runnerup demo: a committed copy of the sample library in a fresh temp repository."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from runnerup_tui.cli.demo import make_demo_library, sample_library

from .pilot_support import git

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def temp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_the_demo_is_a_committed_copy_outside_the_project(temp_home):
    before = git(PROJECT, "status", "--porcelain", "--", "library")
    root = make_demo_library()
    assert root.parent == temp_home and root.name.startswith("runnerup-demo-")
    assert sorted(p.name for p in (root / "candidates").iterdir()) == sorted(
        p.name for p in (sample_library() / "candidates").iterdir()
    )
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "log", "--format=%s").strip() == "Demo library: a copy of the bundled sample"
    local = subprocess.run(
        ["git", "-C", str(root), "config", "--local", "--get-regexp", "^user\\."], capture_output=True, text=True
    )
    assert local.stdout == ""  # the person's own identity is used, none is made up
    assert git(PROJECT, "status", "--porcelain", "--", "library") == before


def test_without_a_git_identity_the_demo_gets_a_local_one(temp_home, monkeypatch):
    empty = temp_home / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    root = make_demo_library()
    assert git(root, "config", "user.name").strip() == "runnerup demo"
    assert git(root, "log", "-1", "--format=%an").strip() == "runnerup demo"
