"""The read commands stay lean: no pydantic, ruamel or GitPython on a warm cache, one file for an exact id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from support import run_cli

BLOCKED = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pydantic", "ruamel", "git"):
            raise ImportError(f"{name} is blocked in this test")
sys.meta_path.insert(0, Block())
from runnerup_tui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""

READ_COMMANDS = (
    ["search", "kafka", "--json"],
    ["search", "ada"],
    ["due", "--json"],
    ["due", "--within", "400"],
    ["check"],
    ["check", "--json"],
    ["match", "senior-data-engineer", "--json"],
    ["match", "senior-data-engineer"],
    ["show", "ada-lovelace"],  # one file by exact id: yaml-rs and the plain record, no models
    ["show", "ada-lovelace", "--json"],
    ["show", "zoe-angstrom", "--json"],
    ["show", "nguyen-thi-mai"],
)


def test_read_commands_never_import_pydantic_ruamel_or_gitpython_on_a_warm_cache(library: Path) -> None:
    env = {"RUNNERUP_TODAY": "2026-11-26"}
    for argv in READ_COMMANDS:  # also warms the cache: the first open parses, with the models
        expected = run_cli("--library", str(library), *argv, env=env)
        lean = subprocess.run(
            [sys.executable, "-c", BLOCKED, "--library", str(library), *argv],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
        )
        assert (lean.returncode, lean.stdout, lean.stderr) == (expected.returncode, expected.stdout, expected.stderr)
        assert expected.stdout or expected.stderr, argv  # the comparison is about real output


def _cache_files(library: Path) -> dict[str, tuple[int, int]]:
    folder = library / ".git" / "runnerup"
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("index-*")}


def test_show_and_log_by_exact_id_read_that_one_file_and_the_next_open_sees_the_change(library: Path) -> None:
    assert run_cli("--library", str(library), "check").returncode == 0  # a warm cache
    cache = _cache_files(library)
    assert cache

    shown = run_cli("--library", str(library), "show", "ada-lovelace", "--json")
    assert shown.returncode == 0, shown.stderr
    logged = run_cli("--library", str(library), "log", "ada-lovelace", "call", "--date", "2026-11-20", "--summary", "x")
    assert logged.returncode == 0, logged.stderr
    assert _cache_files(library) == cache, "neither command opened the index"

    # the cache still holds the old row; its stat key no longer matches the file, so the next open re-reads it
    found = json.loads(run_cli("--library", str(library), "search", "ada", "lovelace", "--json").stdout)
    assert [(e["id"], e["last_contact"]) for e in found] == [("ada-lovelace", "2026-11-20")]
    again = json.loads(run_cli("--library", str(library), "show", "ada-lovelace", "--json").stdout)
    assert len(again["history"]) == len(json.loads(shown.stdout)["history"]) + 1


def test_a_name_prefix_or_a_broken_file_still_goes_through_the_index(library: Path) -> None:
    by_prefix = run_cli("--library", str(library), "show", "ada", "--json")
    assert json.loads(by_prefix.stdout)["id"] == "ada-lovelace"
    (library / "candidates" / "ada-lovelace.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    broken = run_cli("--library", str(library), "log", "ada-lovelace", "note")
    assert broken.returncode == 2
    assert "cannot be used until its file is fixed: candidates/ada-lovelace.yaml:" in broken.stderr
