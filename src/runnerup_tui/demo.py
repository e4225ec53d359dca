"""``runnerup demo``: a throwaway copy of the bundled sample library in its own git repository.

The project's own repository is never written: the copy lives in a new temporary folder.
"""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

from .gitrepo import GitMissing, GitRepo

DEMO_NAME = "runnerup demo"
DEMO_EMAIL = "demo@runnerup.invalid"


def sample_library() -> Path:
    """The bundled sample library: package data in a wheel, ``library/`` in a source checkout."""
    packaged = resources.files("runnerup_tui") / "sample_library"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "library"
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
    shutil.copytree(sample_library(), root, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", ".git"))
    repo = GitRepo(root)
    try:
        repo.call("init", "-q", check=False)
    except GitMissing:
        return root
    for key, value in (("user.name", DEMO_NAME), ("user.email", DEMO_EMAIL)):
        if repo.call("config", "--get", key, check=False).returncode != 0:
            repo.call("config", key, value, check=False)
    repo.call("add", "-A", check=False)
    repo.call("commit", "-q", "-m", "Demo library: a copy of the bundled sample", check=False)
    return root
