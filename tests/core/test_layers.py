"""The house keeps its layers: import-linter's contracts (pyproject.toml) and ruff hold in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import PROJECT

BIN = Path(sys.executable).parent


def _lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    return subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"], cwd=project, env=env, capture_output=True, text=True, timeout=120
    )


def test_no_module_imports_from_a_layer_above_it() -> None:
    result = _lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "3 kept, 0 broken" in result.stdout


def test_the_contract_catches_an_import_from_above(tmp_path: Path) -> None:
    # a copy of the package where the playbook reaches up into the store: the check must fail
    shutil.copytree(PROJECT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path)
    agenda = tmp_path / "src" / "runnerup_tui" / "domain" / "agenda.py"
    agenda.write_text(agenda.read_text() + "\nfrom runnerup_tui.store import index  # noqa\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "runnerup_tui.domain.agenda -> runnerup_tui.store.index" in result.stdout


def test_ruff_lints_and_formats_clean() -> None:
    for args in (["check", "src", "tests"], ["format", "--check", "src", "tests"]):
        result = subprocess.run([str(BIN / "ruff"), *args], cwd=PROJECT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
