"""The first index of a library (no cache) against a naive ruamel safe load of every file; prints JSON.

    python benchmarks/bench_first_index.py [--n 10000] [--runs 5] [--library /tmp/lib10k]

Each run is a fresh ``runnerup check`` with the cache deleted, timed end to end, with the peak
memory of all its processes (the command and its workers, their RSS summed from /proc every
10 ms). "ruamel only" is the same code with the yaml-rs read path switched off, for before/after.
Medians of ``--runs``. Linux only (it reads /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate_library  # noqa: E402

NAIVE = """
import sys, time
from pathlib import Path
from ruamel.yaml import YAML
files = sorted(Path(sys.argv[1]).glob("candidates/*.yaml"))
yaml = YAML(typ="safe")
started = time.perf_counter()
for path in files:
    yaml.load(path.read_text(encoding="utf-8"))
print(time.perf_counter() - started)
"""

# The same `runnerup check`, with the index reading every file with ruamel (today's path before yaml-rs).
RUAMEL_ONLY = """
import sys
from runnerup_tui.store import index, parsing
index.parse_record = lambda raw, rel, model, fast=False: parsing.parse_record(raw, rel, model)
from runnerup_tui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def timed(command: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB summed over the process and all its descendants, most processes at once)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, most = 0.0, 1
    while proc.poll() is None:
        tree, todo = [], [proc.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(_children(pid))
        peak = max(peak, sum(_rss_mb(pid) for pid in tree))
        most = max(most, len(tree))
        time.sleep(0.01)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):  # 1: the library has problems, which check reports
        raise SystemExit(f"{' '.join(command)} failed with {proc.returncode}")
    return elapsed, peak, most


def first_index(root: Path, ruamel_only: bool) -> tuple[float, float, int]:
    shutil.rmtree(root / ".git" / "runnerup", ignore_errors=True)  # no cache: every file is parsed
    args = ["--library", str(root), "check"]
    if ruamel_only:
        return timed([sys.executable, "-c", RUAMEL_ONLY, *args])
    return timed([sys.executable, "-m", "runnerup_tui", *args])


def naive_load(root: Path) -> float:
    out = subprocess.run([sys.executable, "-c", NAIVE, str(root)], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="candidates in the generated library")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--library", type=Path, help="reuse (or generate into) this folder")
    parser.add_argument("--skip-ruamel-only", action="store_true", help="leave out the before figure")
    args = parser.parse_args()
    root = args.library or Path(f"/tmp/runnerup-bench-first-index-{args.n}")
    if not (root / "candidates").is_dir():
        generate_library(root, args.n)
        # the generating commit starts a background `git gc --auto` that would slow what follows
        subprocess.run(["git", "-C", str(root), "gc", "-q"], check=True)
    naive, fast, before = [], [], []
    for _ in range(args.runs):  # interleaved, so a busy moment of the machine hits all three
        naive.append(naive_load(root))
        fast.append(first_index(root, ruamel_only=False))
        if not args.skip_ruamel_only:
            before.append(first_index(root, ruamel_only=True))

    def med(values: list[float]) -> float:
        return round(statistics.median(values), 3)

    from runnerup_tui.store.parsing import uses_c_parser

    figures: dict[str, object] = {
        "candidates": len(list((root / "candidates").glob("*.yaml"))),
        "runs": args.runs,
        "python": platform.python_version(),
        "ruamel_c_parser": uses_c_parser(),
        "naive_ruamel_safe_load_s": med(naive),
        "first_index_s": med([t for t, _, _ in fast]),
        "first_index_vs_naive": round(statistics.median(t / n for (t, _, _), n in zip(fast, naive)), 3),
        "first_index_peak_mb_all_processes": med([m for _, m, _ in fast]),
        "first_index_processes": max(p for _, _, p in fast),
    }
    if before:
        figures |= {
            "first_index_ruamel_only_s": med([t for t, _, _ in before]),
            "first_index_ruamel_only_vs_naive": round(
                statistics.median(t / n for (t, _, _), n in zip(before, naive)), 3
            ),
            "first_index_ruamel_only_peak_mb_all_processes": med([m for _, m, _ in before]),
        }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
