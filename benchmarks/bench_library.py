"""Measure runnerup on a generated library, each figure beside a baseline measured in the same run.

    .venv/bin/python benchmarks/bench_library.py [--count 10000] [--repeat 5] [--out FILE] [--dir DIR]

Generates the library once under benchmarks/out/ (git-ignored), packs it with ``git gc`` and
reuses it. Reports medians; never fails on a slow figure (targets are shown, not enforced).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate_library  # noqa: E402

RUNNERUP = [sys.executable, "-m", "runnerup_tui"]
SCRIPT = Path(sys.executable).parent / "runnerup"  # what a person starts in a terminal
NAIVE_LOAD = """
import sys
from pathlib import Path
from ruamel.yaml import YAML
yaml = YAML(typ="safe")
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_bytes())
"""


def paired_ms(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    repeat: int,
    before: Callable[[], object] | None = None,
) -> tuple[float, float]:
    """Medians of ``subject`` and ``baseline`` in ms, their samples taken in turns: on a shared machine
    a burst of load then slows both sides, and the ratio stays honest."""
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeat):
        for fn, samples in ((subject, ours), (baseline, theirs)):
            if before is not None:
                before()
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(ours), statistics.median(theirs)


def run(argv: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> None:
    """Run a command to completion; a failure is reported (the figure would mean nothing) but never raised."""
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True)
    if result.returncode not in (0, 1):  # `grep` says 1 when nothing matched, `check` when a file has errors
        print(f"warning: {' '.join(argv[:4])}… exited {result.returncode}: {result.stderr[-300:]!r}", file=sys.stderr)


def prepare(root: Path, count: int) -> None:
    """Generate the library once, then pack it: the generating commit's background ``git gc --auto``
    would otherwise slow every commit measured until the objects are packed."""
    if (root / "candidates").is_dir():
        return
    print(f"generating {count} candidates in {root} …", file=sys.stderr)
    generate_library(root, count)
    pid_file = root / ".git" / "gc.pid"
    deadline = time.monotonic() + 120
    while pid_file.exists() and time.monotonic() < deadline:  # the auto gc started by the commit
        time.sleep(0.2)
    subprocess.run(["git", "-C", str(root), "gc", "--quiet"], capture_output=True)


def drop_cache(root: Path) -> None:
    """Remove runnerup's index cache of ``root`` (it lives in the repository's private folder)."""
    for cache in (root / ".git" / "runnerup").glob("index-*.sqlite*"):
        cache.unlink()


def peak_tree_rss_mb(argv: list[str], env: dict[str, str] | None = None) -> float | None:
    """Run ``argv`` and return the peak of the summed RSS of it and all its descendants (Linux ``/proc``)."""
    if not Path("/proc/self/stat").exists():
        return None
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    return peak / 1024


def _tree_rss_kb(root_pid: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue  # ended while we looked
    tree = {root_pid}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(rss.get(pid, 0) for pid in tree)


def tmux_open_ms(root: Path, shown: str, repeat: int, keys: str = "") -> tuple[float, float | None] | None:
    """Spawn → first frame with rows in a real terminal (tmux), median ms; with ``keys``, also the median
    keystroke → updated screen. None without tmux. The method of tests/tui/test_scale.py."""
    samples = tmux_samples(root, shown, repeat, keys)
    if samples is None:
        return None
    spawns, strokes = samples
    return statistics.median(spawns), (statistics.median(strokes) if strokes else None)


def paired_tmux_ms(
    root: Path, shown: str, small: Path, small_shown: str, repeat: int, keys: str = ""
) -> tuple[float, float, float | None] | None:
    """Medians of spawn → rows for ``root`` and for ``small``, samples taken in turns (as :func:`paired_ms`:
    a burst of load on a shared machine then slows both), and of keystroke → screen in ``root``."""
    ours: list[float] = []
    theirs: list[float] = []
    strokes: list[float] = []
    for _ in range(repeat):
        big_sample = tmux_samples(root, shown, 1, keys)
        small_sample = tmux_samples(small, small_shown, 1)
        if big_sample is None or small_sample is None:
            return None
        ours += big_sample[0]
        strokes += big_sample[1]
        theirs += small_sample[0]
    return statistics.median(ours), statistics.median(theirs), (statistics.median(strokes) if strokes else None)


def tmux_samples(root: Path, shown: str, repeat: int, keys: str = "") -> tuple[list[float], list[float]] | None:
    """Every sample of :func:`tmux_open_ms`, in ms: (spawn → rows, keystroke → screen); None without tmux."""
    if shutil.which("tmux") is None or not SCRIPT.exists():
        return None
    socket = f"runnerup-bench-{os.getpid()}"
    with tempfile.TemporaryDirectory() as folder:
        conf = Path(folder) / "tmux.conf"
        conf.write_text("set -g default-size 160x50\nset -g escape-time 0\n")
        env = [
            f"{k}={os.environ[k]}"
            for k in (
                "HOME",
                "PATH",
                "XDG_CONFIG_HOME",
                "XDG_CACHE_HOME",
                "GIT_CONFIG_GLOBAL",
                "PYTHONDONTWRITEBYTECODE",
            )
            if k in os.environ
        ]

        def tmux(*args: str) -> str:
            return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True).stdout

        def wait(condition: Callable[[str], bool], timeout: float = 60) -> float:
            start = time.perf_counter()
            while not condition(tmux("capture-pane", "-p", "-t", "app")):
                if time.perf_counter() - start > timeout:
                    raise TimeoutError("the app did not show its rows in time")
                time.sleep(0.002)
            return time.perf_counter() - start

        spawns: list[float] = []
        strokes: list[float] = []
        try:
            for _ in range(repeat):
                start = time.perf_counter()
                tmux(
                    "-f",
                    str(conf),
                    "new-session",
                    "-d",
                    "-s",
                    "app",
                    "env",
                    *env,
                    "TERM=xterm-256color",
                    "TEXTUAL_ANIMATIONS=none",
                    str(SCRIPT),
                    "--library",
                    str(root),
                )
                wait(lambda screen: shown in screen)
                spawns.append((time.perf_counter() - start) * 1000)
                if keys:
                    time.sleep(0.5)
                    tmux("send-keys", "-t", "app", "/")
                    wait(lambda screen: "n New" not in screen)
                    typed = ""
                    for key in keys:
                        typed += key
                        tmux("send-keys", "-t", "app", "-l", key)
                        start = time.perf_counter()
                        wait(lambda screen, t=typed: f"▊  {t} " in screen)  # box and list repaint in one frame
                        strokes.append((time.perf_counter() - start) * 1000)
                tmux("kill-session", "-t", "app")
                time.sleep(0.3)
        except TimeoutError as err:
            print(f"warning: tmux measurement of {root.name}: {err}", file=sys.stderr)
            return None
        finally:
            tmux("kill-server")
    return spawns, strokes


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}×" if baseline > 0 else "–"


def measure(root: Path, small: Path, repeat: int, tmux: bool) -> list[tuple[str, str, str, str, str]]:
    """The issue's table: (what, runnerup, baseline, ratio, target) rows, all measured now."""
    from runnerup_tui.actions import log_touchpoint
    from runnerup_tui.domain.model import TouchpointKind
    from runnerup_tui.store.library import Library

    lib_args = ["--library", str(root)]
    count = sum(1 for _ in (root / "candidates").glob("*.yaml"))
    pinned = {**os.environ, "RUNNERUP_TODAY": "2026-11-25"}
    rows: list[tuple[str, str, str, str, str]] = []

    def cli(*args: str) -> Callable[[], None]:
        return lambda: run([*RUNNERUP, *lib_args, *args], env=pinned)

    run([*RUNNERUP, *lib_args, "check"])  # a warm cache for the read commands
    grep = lambda: run(["grep", "-ril", "kafka", str(root / "candidates")])  # noqa: E731
    for what, argv, target in (
        ("`runnerup search kafka --json`, cache warm", ("search", "kafka", "--json"), 1.0),
        ("`runnerup due --json`, cache warm", ("due", "--json"), 1.5),
        ("`runnerup show c00042`", ("show", "c00042"), 1.5),
        ("`runnerup check`, cache warm", ("check",), 2.0),
    ):
        ms, base = paired_ms(cli(*argv), grep, repeat)
        rows.append((what, f"{ms:.0f} ms", f"`grep -ril kafka` {base:.0f} ms", ratio(ms, base), f"≤ {target}×"))

    # one file committed alone in the same repository: what `log` has to do at the end
    bare_file = root / "candidates" / f"c{count - 1:05d}.yaml"
    bare_rel = os.path.relpath(bare_file, root)

    def touch_bare() -> None:
        with bare_file.open("a", encoding="utf-8") as handle:
            handle.write(f"# bench {time.time_ns()}\n")

    def bare() -> None:
        run(["git", "commit", "-q", "--only", "-m", "bench", "--", bare_rel], cwd=root)

    ms, base = paired_ms(cli("log", "c00043", "note", "--summary", "benchmark"), bare, repeat, before=touch_bare)
    rows.append(
        (
            "`runnerup log ID note` (start → committed)",
            f"{ms:.0f} ms",
            f"`git commit --only` of one file {base:.0f} ms",
            ratio(ms, base),
            "≤ 4×",
        )
    )
    library = Library.open(root)
    ms, base = paired_ms(
        lambda: log_touchpoint(library, "c00044", TouchpointKind.NOTE, summary="benchmark"),
        bare,
        repeat,
        before=touch_bare,
    )
    rows.append(
        (
            "save + commit in the app (in process)",
            f"{ms:.0f} ms",
            f"`git commit --only` of one file {base:.0f} ms",
            ratio(ms, base),
            "≤ 1.5×",
        )
    )

    naive = lambda: run([sys.executable, "-c", NAIVE_LOAD, str(root / "candidates")])  # noqa: E731
    first, base = paired_ms(cli("check"), naive, repeat, before=lambda: drop_cache(root))
    rows.append(
        (
            "first index, no cache (`check`)",
            f"{first:.0f} ms",
            f"ruamel safe load of every file {base:.0f} ms",
            ratio(first, base),
            "≤ 0.2×",
        )
    )
    drop_cache(root)
    peak = peak_tree_rss_mb([*RUNNERUP, *lib_args, "check"], env=pinned)
    rows.append(("peak memory, first index (all processes)", f"{peak:.0f} MB" if peak else "n/a", "", "", "≤ 250 MB"))

    if tmux:
        # started as a person starts it: the merge driver then already names the app's interpreter (the
        # script's `python3`, not this `python`), so no sample pays for pointing it there again (≈ 0.2 s)
        for library in (root, small):
            run([str(SCRIPT), "--library", str(library), "check"])
        measured = paired_tmux_ms(root, f"{count}/{count} shown", small, "7/7 shown", repeat, keys="lovelace")
        if measured:
            big, little, keystroke = measured
            rows.append(
                (
                    "app open to rows, warm cache (tmux)",
                    f"{big:.0f} ms",
                    f"7-file library {little:.0f} ms",
                    ratio(big, little),
                    "≤ 1.3×",
                )
            )
            if keystroke is not None:
                rows.append(("keystroke → screen (tmux)", f"{keystroke:.0f} ms", "", "", "≤ 50 ms"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", "--size", type=int, default=int(os.environ.get("N") or 10_000))
    parser.add_argument("--repeat", type=int, default=5, help="samples per figure (the median is shown)")
    parser.add_argument("--out", type=Path, help="also append the table to this file (make bench: RESULTS.md)")
    parser.add_argument("--dir", type=Path, default=HERE / "out", help="where the generated libraries live")
    parser.add_argument("--no-tmux", action="store_true", help="skip the app measurements in a real terminal")
    args = parser.parse_args()

    root = (args.dir / f"lib{args.count}").resolve()
    small = (args.dir / "lib7").resolve()
    prepare(root, args.count)
    prepare(small, 7)
    rows = measure(root, small, args.repeat, tmux=not args.no_tmux)

    compiled = any((HERE.parent / "src" / "runnerup_tui" / "__pycache__").glob("*.pyc"))
    header = (
        f"## {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC — {args.count} candidates, "
        f"{platform.node()} ({platform.machine()}, {os.cpu_count()} cores), Python {platform.python_version()}, "
        f"git {_git_version()}, package byte-compiled: {'yes' if compiled else 'no'}, medians of {args.repeat}\n\n"
        "| what | runnerup | baseline (same run) | ratio | target |\n|---|---|---|---|---|\n"
    )
    report = header + "".join(f"| {' | '.join(row)} |\n" for row in rows)
    print(report)
    if args.out:
        with args.out.open("a", encoding="utf-8") as handle:
            handle.write("\n" + report)


def _git_version() -> str:
    out = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.split()
    return out[-1] if out else "?"


if __name__ == "__main__":
    main()
