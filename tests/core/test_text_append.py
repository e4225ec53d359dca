"""A touchpoint appended as text gives exactly the bytes the round trip gives, and `log` then needs no models.

``log`` appends the new entry as text whenever the history is the block list that ends the file (yaml-rs
proves the result reads back as the old data plus the entry); the round trip (ruamel load, append, dump,
splice) stays for every other layout. Both are run here on the same files with the same entry.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap
from support import SAMPLE, run_cli

from core.test_fast_parser_conformance import generate_library
from runnerup_tui.domain.model import Candidate
from runnerup_tui.store.yamldoc import Document, append_to_list, appended_to_final_list, block_text

SUMMARIES = [
    None,
    "Talked about rowing",
    "Two lines\nof notes",
    "Quote: 'yes' # no comment",
    'She said "42" and: yes',
    "Zoë — 王小明 — emoji 🚣",
    "- starts like a list item",
    "trailing spaces   ",
]


def entry(summary: str | None, opening: str | None = None) -> CommentedMap:
    item = CommentedMap()
    item["id"] = "t-0badcafe"
    item["date"] = dt.date(2026, 11, 26)
    item["kind"] = "note"
    item["by"] = "Grace Hopper"
    if summary and summary.strip():
        item["summary"] = block_text(summary.strip())
    if opening:
        item["opening"] = opening
    return item


def round_trip(raw: bytes, item: CommentedMap) -> bytes:
    doc = Document(Path("x.yaml"), "candidates/x.yaml", raw, Candidate)
    append_to_list(doc.data, "history", item)
    return doc.render()


def same_bytes_both_ways(raw: bytes) -> int:
    """How many of the entries were appended as text; each must equal the round trip's bytes."""
    taken = 0
    for summary in SUMMARIES:
        appended = appended_to_final_list(raw, "history", entry(summary, "senior-data-engineer"))
        if appended is not None:
            assert appended == round_trip(raw, entry(summary, "senior-data-engineer")), (summary, raw[-300:])
            taken += 1
    return taken


def test_every_sample_file_gets_the_round_trips_bytes_as_text() -> None:
    files = sorted((SAMPLE / "candidates").glob("*.yaml"))
    taken = {path.name: same_bytes_both_ways(path.read_bytes()) for path in files}
    assert sum(1 for n in taken.values() if n) >= len(files) // 2, taken  # the text path is the common one


def test_a_generated_library_gets_the_round_trips_bytes_as_text(tmp_path: Path) -> None:
    root = generate_library(tmp_path / "lib", 60, seed=3)
    files = sorted((root / "candidates").glob("*.yaml"))
    taken = [same_bytes_both_ways(path.read_bytes()) for path in files]
    assert sum(1 for n in taken if n) >= len(files) * 0.9  # what `log` meets at 10k


HEAD = "name: Ada\n"
LAYOUTS = {
    "indented": "history:\n  - id: t-1\n    date: 2026-01-05\n    kind: call\n",
    "flush dashes": "history:\n- id: t-1\n  date: 2026-01-05\n  kind: call\n",
    "wide": "history:\n    -   id: t-1\n        date: 2026-01-05\n        kind: call\n",
    "four": "skills:\n    - go\nhistory:\n    - id: t-1\n      date: 2026-01-05\n      kind: call\n",
    "block summary": "history:\n  - id: t-1\n    date: 2026-01-05\n    kind: call\n    summary: |\n      a\n      b\n",
    "comment inside": "history:\n  # first\n  - id: t-1\n    date: 2026-01-05\n    kind: call  # by phone\n",
    "null spelled ~": "pronouns: ~\nhistory:\n  - id: t-1\n    date: 2026-01-05\n    kind: call\n",
    "quoted": "history:\n  - id: 't-1'\n    date: 2026-01-05\n    kind: \"call\"\n",
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_gets_the_round_trips_bytes_or_the_round_trip_itself(layout: str) -> None:
    same_bytes_both_ways((HEAD + LAYOUTS[layout]).encode())


BLOCKED = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pydantic", "git"):
            raise ImportError(f"{name} is blocked in this test")
sys.meta_path.insert(0, Block())
from runnerup_tui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_logging_to_a_clean_file_needs_neither_pydantic_nor_gitpython(library: Path) -> None:
    assert run_cli("--library", str(library), "check").returncode == 0  # the merge driver installed
    before = (library / "candidates" / "ada-lovelace.yaml").read_bytes()
    argv = [
        "--library",
        str(library),
        "log",
        "ada-lovelace",
        "call",
        "--summary",
        "Coffee: next week",
        "--date",
        "2026-11-20",
    ]
    logged = subprocess.run([sys.executable, "-c", BLOCKED, *argv], capture_output=True, text=True, env=os.environ)
    assert logged.returncode == 0, logged.stderr
    after = (library / "candidates" / "ada-lovelace.yaml").read_bytes()
    assert after.startswith(before) and b"summary: 'Coffee: next week'" in after[len(before) :]
    shown = run_cli("--library", str(library), "show", "ada-lovelace")
    assert "2026-11-20 call (Test Recruiter): Coffee: next week" in shown.stdout
