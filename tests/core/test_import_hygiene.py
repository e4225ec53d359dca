"""The non-TUI commands work without Textual (Harlequin's import-hygiene check).

Which modules may import Textual at all is import-linter's contract (pyproject.toml, test_layers.py).
"""

from __future__ import annotations

import subprocess
import sys


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
