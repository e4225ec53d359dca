"""Measure runnerup on a generated library (DESIGN.md §7). Reports medians; never fails.

    .venv/bin/python benchmarks/bench_library.py [--size 10000] [--repeat 5] [--out FILE]

Generates the library once under benchmarks/out/ (git-ignored) and reuses it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate_library  # noqa: E402

from runnerup_tui.actions import log_touchpoint  # noqa: E402
from runnerup_tui.domain.agenda import agenda  # noqa: E402
from runnerup_tui.domain.matching import rank_for_opening  # noqa: E402
from runnerup_tui.domain.model import TouchpointKind  # noqa: E402
from runnerup_tui.domain.search import Searcher, parse_query  # noqa: E402
from runnerup_tui.store.library import Library, cache_file_for  # noqa: E402
from runnerup_tui.store.parsing import uses_c_parser  # noqa: E402

RUNNERUP = [sys.executable, "-m", "runnerup_tui"]


def timed(fn, repeat: int) -> float:  # noqa: ANN001
    """Median wall time of ``fn()`` in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also append the report to this file")
    args = parser.parse_args()

    root = HERE / "out" / f"lib{args.size}"
    if not (root / "candidates").is_dir():
        print(f"generating {args.size} candidates in {root} …", file=sys.stderr)
        generate_library(root, args.size)
    cache = cache_file_for(root.resolve())
    lib_args = ["--library", str(root)]
    rows: list[tuple[str, str]] = []

    def cold_open() -> None:
        cache.unlink(missing_ok=True)
        Library.open(root)

    rows.append(("first open, no cache (index all files; 2 processes)", f"{timed(cold_open, 2):.0f} ms"))
    Library.open(root)
    rows.append(("warm open, cache valid (stat all + load cache)", f"{timed(lambda: Library.open(root), args.repeat):.0f} ms"))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak RSS of this process after opening", f"{rss:.0f} MB"))

    lib = Library.open(root)
    entries = list(lib.index.candidates.values())
    settings = lib.settings
    today = dt.date(2026, 11, 25)
    build = timed(lambda: Searcher(entries, settings, today), args.repeat)
    rows.append(("build the Searcher (once per library change, in a worker)", f"{build:.0f} ms"))
    searcher = Searcher(entries, settings, today)
    searcher.matches(parse_query("skill:x due:overdue"))  # its lazy value indexes, as the app prepares them
    for text in ("a", "ada", "ada lov", "skill:python fit:pursue", "rowing", "due:overdue"):
        ms = timed(lambda t=text: searcher.matches(parse_query(t)), args.repeat)
        rows.append((f"search keystroke `{text}` over {len(entries)} (query only)", f"{ms:.1f} ms"))

    ms = timed(lambda: agenda(entries, settings, today, 7), args.repeat)
    rows.append((f"agenda (due within 7 days) over {len(entries)} (in process)", f"{ms:.0f} ms"))
    opening = lib.find_opening("data-engineer")
    ms = timed(lambda: rank_for_opening(opening, entries, settings, today), args.repeat)
    rows.append((f"rank every candidate for an opening over {len(entries)} (in process)", f"{ms:.0f} ms"))
    pinned = {**os.environ, "RUNNERUP_TODAY": today.isoformat()}
    for argv in (["due"], ["due", "--json"], ["match", "data-engineer", "--limit", "10"]):
        ms = timed(lambda a=argv: subprocess.run([*RUNNERUP, *lib_args, *a], check=True, capture_output=True,
                                                 env=pinned), args.repeat)
        rows.append((f"`runnerup {' '.join(argv)}` CLI, cached", f"{ms:.0f} ms"))
    rows.append(("`runnerup check` CLI, cached", f"{timed(lambda: run(*RUNNERUP, *lib_args, 'check'), args.repeat):.0f} ms"))
    rows.append(("`runnerup search rowing` CLI, cached",
                 f"{timed(lambda: run(*RUNNERUP, *lib_args, 'search', 'rowing'), args.repeat):.0f} ms"))
    grep = shutil.which("rg") or shutil.which("grep")
    if grep:
        flags = ["-il", "rowing"] if grep.endswith("rg") else ["-ril", "rowing"]
        ms = timed(lambda: subprocess.run([grep, *flags, str(root / "candidates")], capture_output=True), args.repeat)
        rows.append((f"`{Path(grep).name} {' '.join(flags)}` over the same files", f"{ms:.0f} ms"))
    rows.append(("python start + import of the CLI (no command)",
                 f"{timed(lambda: run(sys.executable, '-c', 'import runnerup_tui.cli.main'), args.repeat):.0f} ms"))

    def log_in_process() -> None:
        log_touchpoint(lib, "c00042", TouchpointKind.NOTE, summary="benchmark")

    rows.append(("log a touchpoint + git commit (in process)", f"{timed(log_in_process, args.repeat):.0f} ms"))
    rows.append(("`runnerup log` CLI (start, open, write, commit)",
                 f"{timed(lambda: run(*RUNNERUP, *lib_args, 'log', 'c00043', 'note'), args.repeat):.0f} ms"))

    header = (f"## {dt.date.today()} — {args.size} candidates, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}, C parser: {uses_c_parser()}\n\n| what | median |\n|---|---|\n")
    report = header + "".join(f"| {what} | {value} |\n" for what, value in rows)
    print(report)
    if args.out:
        with args.out.open("a", encoding="utf-8") as handle:
            handle.write("\n" + report)


if __name__ == "__main__":
    main()
