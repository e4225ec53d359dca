"""The ``.pre-commit-hooks.yaml`` a library's repository points pre-commit at: it parses and runs ``runnerup check``."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

from ruamel.yaml import YAML
from support import PROJECT, run_cli

from runnerup_tui.cli.main import build_parser


def _hook() -> dict:
    hooks = YAML(typ="safe").load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and [hook["id"] for hook in hooks] == ["runnerup-check"]
    return hooks[0]


def test_the_hook_is_runnerup_check_on_yaml_files_without_file_names() -> None:
    hook = _hook()
    assert hook["entry"] == "runnerup check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert hook["name"] and hook["description"]
    files = re.compile(hook["files"])
    assert files.search("candidates/ada-lovelace.yaml") and files.search("runnerup.yml")
    assert not files.search("README.md") and not files.search("notes.yaml.bak")


def test_the_hooks_entry_is_a_command_this_package_installs() -> None:
    program, *arguments = shlex.split(_hook()["entry"])
    scripts = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert program in scripts
    args = build_parser().parse_args(arguments)
    assert args.command == "check" and args.path is None


def test_the_hooks_command_run_at_a_librarys_root_stops_a_commit_only_on_errors(library: Path) -> None:
    _, *arguments = shlex.split(_hook()["entry"])
    assert run_cli(*arguments, cwd=library).returncode == 0  # pre-commit runs hooks at the repository's root
    (library / "candidates" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    failed = run_cli(*arguments, cwd=library)
    assert failed.returncode == 1 and "candidates/broken.yaml:" in failed.stdout
