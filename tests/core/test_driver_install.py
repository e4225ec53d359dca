"""The merge driver each open points at this runnerup: repointed when runnerup moved, left alone when it did not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import git


def _other_name_of_this_interpreter() -> Path | None:
    """``python`` when the tests run under ``python3`` (or the other way round): the same file, another name."""
    here = Path(sys.executable)
    for name in ("python", "python3", f"python3.{sys.version_info.minor}"):
        other = here.parent / name
        if other.name != here.name and other.exists() and os.path.samefile(other, here):
            return other
    return None


def test_the_same_runnerup_started_by_another_name_of_its_interpreter_leaves_the_driver_alone(library: Path) -> None:
    other = _other_name_of_this_interpreter()
    if other is None:
        pytest.skip("this interpreter has no second name in its folder")
    for python in (sys.executable, other):
        result = subprocess.run(
            [str(python), "-m", "runnerup_tui", "--library", str(library), "check"], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    # set by the first run and kept: `python` and `python3` of one virtualenv are one runnerup, and rewriting the
    # clone's config (after proving the command in a subprocess) on every switch cost each command ~150 ms
    assert git(library, "config", "--get", "merge.runnerup.driver").startswith(f"{sys.executable} -m runnerup_tui ")


def test_a_runnerup_in_another_folder_repoints_the_driver(library: Path) -> None:
    elsewhere = "/nonexistent/venv/bin/python -m runnerup_tui merge-driver %O %A %B %P"  # a deleted virtualenv
    git(library, "config", "merge.runnerup.driver", elsewhere)
    result = subprocess.run(
        [sys.executable, "-m", "runnerup_tui", "--library", str(library), "check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert git(library, "config", "--get", "merge.runnerup.driver").startswith(f"{sys.executable} -m runnerup_tui ")
