"""The core and the non-TUI commands work without Textual (Harlequin's import-hygiene check)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["domain.model", "domain.problems", "domain.search", "domain.relationship", "domain.names", "domain.schemas",
        "domain.agenda", "domain.starters", "domain.matching", "domain.upfront", "domain.summary",
        "store.parsing", "store.yamldoc", "store.index", "store.library", "team.git", "team.sync", "actions",
        "workspace", "cli.main"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_without_textual(module: str) -> None:
    code = (f"import sys, runnerup_tui.{module}; "
            "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')); "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_commands_run_with_textual_blocked(library) -> None:  # noqa: ANN001
    # a meta-path hook makes any import of textual fail: the commands must not need it
    code = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError("textual is blocked in this test")
sys.meta_path.insert(0, Block())
from runnerup_tui.cli.main import main
for argv in (["check"], ["search", "ada"], ["show", "ada-lovelace"], ["log", "ada-lovelace", "note"], ["due"],
             ["match", "senior-data-engineer"]):
    code = main(["--library", sys.argv[1], *argv])
    assert code == 0, (argv, code)
"""
    result = subprocess.run([sys.executable, "-c", code, str(library)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
