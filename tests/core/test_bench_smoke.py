"""`make bench` at a small size: it runs end to end and prints its table (times are never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_library.py"


def test_the_benchmark_runs_at_200_candidates_and_prints_every_figure_beside_its_baseline(tmp_path):
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--count", "200", "--repeat", "1", "--dir", str(tmp_path), "--out", str(results)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "warning:" not in done.stderr, done.stderr  # every measured command did its work
    table = done.stdout
    assert "200 candidates" in table
    assert "| what | runnerup | baseline (same run) | ratio | target |" in table
    for row in (
        "`runnerup search kafka --json`, cache warm | ",
        "`runnerup due --json`, cache warm | ",
        "`runnerup show c00042` | ",
        "`runnerup check`, cache warm | ",
        "`runnerup log ID note` (start → committed) | ",
        "save + commit in the app (in process) | ",
        "first index, no cache (`check`) | ",
        "peak memory, first index (all processes) | ",
    ):
        assert row in table, f"missing row {row!r} in:\n{table}"
    assert "`grep -ril kafka`" in table and "`git commit --only` of one file" in table
    assert "ruamel safe load of every file" in table
    assert results.read_text(encoding="utf-8").strip() == table.strip()
