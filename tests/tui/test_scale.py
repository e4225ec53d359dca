"""The list and the search at 10,000 candidates.

The first two tests run in the suite on in-memory entries (a second or so). The third
measures the real thing on a generated library on disk and prints the numbers; it runs
only with ``RUNNERUP_MEASURE=1`` (about a minute: it generates and indexes 10,000 files):

    RUNNERUP_MEASURE=1 .venv/bin/python -m pytest tests/tui/test_scale.py -q -s -k measure
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from runnerup_tui.domain.model import Settings
from runnerup_tui.domain.names import fold
from runnerup_tui.domain.rows import SortOrder, row_for, sort_rows
from runnerup_tui.domain.search import parse_query
from runnerup_tui.domain.summary import CandidateEntry
from runnerup_tui.session import prepared_searcher
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import TODAY, settle

N = 10_000
FIRST = ["Ada", "Grace", "Alan", "Zoë", "José", "Søren", "Ayşe", "Mai", "Łukasz", "Priya", "Kwame", "Yuki"]
LAST = ["Lovelace", "Hopper", "Turing", "Ångström", "Martínez", "Kierkegaard", "Yılmaz", "Nguyen", "Tanaka"]
SKILLS = ["python", "spark", "sql", "airflow", "kubernetes", "terraform", "go", "rust", "react", "figma"]


def entries(n: int = N, seed: int = 0) -> list[CandidateEntry]:
    """``n`` index entries as the index would hold them (no files: for in-process timing)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        skills = rng.sample(SKILLS, 3)
        headline = f"Data Engineer at Company {rng.randrange(500)}"
        last = (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(600))).isoformat()
        out.append(
            CandidateEntry(
                id=f"c{i:05d}",
                name=name,
                headline=headline,
                fit=rng.choice(["pursue", "pursue", "newsletter"]),
                skills=skills,
                last_contact=last,
                name_key=fold(name),
                facets=fold(f"{headline} \n{' '.join(skills)}"),
                body="calm under pressure shipped a migration",
            )
        )
    return out


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CandidateList()


async def test_the_list_draws_only_the_rows_on_screen_and_refills_10000_rows_fast():
    settings = Settings()
    rows = [row_for(e, settings) for e in entries()]
    app = ListApp()
    async with app.run_test(size=(120, 40)) as pilot:
        candidates = app.query_one(CandidateList)
        drawn: list[int] = []
        render_line = candidates.render_line
        candidates.render_line = lambda y: drawn.append(y) or render_line(y)  # type: ignore[method-assign]
        start = time.perf_counter()
        candidates.set_rows(rows)
        elapsed = time.perf_counter() - start
        await pilot.pause()
        assert candidates.virtual_size.height == N + 1
        assert 0 < len(set(drawn)) <= 40  # the visible lines, not 10,000
        assert elapsed < 0.05, f"set_rows of {N} rows took {elapsed * 1000:.1f} ms"
        drawn.clear()
        await pilot.press("pagedown")
        await pilot.pause()
        assert len(set(drawn)) <= 40 and candidates.cursor > 0


def test_a_search_keystroke_over_10000_candidates_fits_in_a_frame():
    settings = Settings()
    searcher = prepared_searcher(entries(), settings, TODAY)  # as the app builds it, in a worker
    rows = [row_for(e, settings) for e in searcher.entries]
    worst = 0.0
    for text in ["a", "ad", "ada", "ada l", "ada lo", "skill:py", "skill:python fit:pursue", ""]:
        best = float("inf")
        for _ in range(3):  # the best of three: a busy machine delays a run, it never speeds one up
            start = time.perf_counter()
            found = searcher.matches(parse_query(text))
            sort_rows([rows[i] for i in found], SortOrder.MATCH)
            best = min(best, time.perf_counter() - start)
        worst = max(worst, best)
    assert worst < 0.05, f"worst keystroke {worst * 1000:.1f} ms"  # DESIGN §7 target: 16 ms (loaded CI: slack)


# -- measurement on disk (opt-in) -----------------------------------------------------------------


def _generate(root: Path, n: int) -> None:
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("generate", script)
    assert spec and spec.loader, "benchmarks/generate.py is missing"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate_library(root, n)


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms (n={len(samples)}, max {max(samples) * 1000:.1f})"


@pytest.mark.skipif(not os.environ.get("RUNNERUP_MEASURE"), reason="set RUNNERUP_MEASURE=1 to measure at 10k")
async def test_measure_open_and_search_at_10k(tmp_path, make_app):
    from runnerup_tui.store.library import Library
    from runnerup_tui.tui.screens.main import MainScreen

    root = tmp_path / "lib10k"
    start = time.perf_counter()
    _generate(root, N)
    Library.open(root)  # first index: fills the cache
    print(f"\ngenerated and indexed {N} candidates in {time.perf_counter() - start:.1f} s")
    empty = tmp_path / "empty"
    (empty / "candidates").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(empty)], check=True)

    async def open_time(library: Path) -> float:
        app = make_app(library)
        start = time.perf_counter()
        async with app.run_test(size=(160, 50)) as pilot:
            while (
                app.snapshot is None or app.screen.query_one(CandidateList).highlighted is None and app.snapshot.total
            ):
                await pilot.pause(0.005)
            elapsed = time.perf_counter() - start
            await settle(pilot)
            await pilot.press("escape")  # from the search box to the list
        return elapsed

    opens = [await open_time(root) for _ in range(5)]
    empties = [await open_time(empty) for _ in range(5)]
    print(f"headless open to rows on screen, warm cache: 10k {_median_ms(opens)}; empty {_median_ms(empties)}")

    app = make_app(root)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        main = app.screen
        assert isinstance(main, MainScreen)
        box = main.query_one("#search")
        handler: list[float] = []
        for text in ["d", "da", "dat", "data", "data e", "data en", "skill:p", "skill:py", "ada", ""]:
            box.value = text
            start = time.perf_counter()
            main.apply_search()
            handler.append(time.perf_counter() - start)
            await pilot.pause()
        print(f"search keystroke handler (query + rows + list refill): {_median_ms(handler)}")
        candidates = main.query_one(CandidateList)
        start = time.perf_counter()
        for y in range(candidates.size.height):
            candidates.render_line(y)
        print(f"rendering the visible list lines: {(time.perf_counter() - start) * 1000:.1f} ms")

    _measure_in_tmux(root, tmp_path)


def _measure_in_tmux(root: Path, tmp_path: Path) -> None:
    """Spawn → first frame with rows, and keystroke → updated screen, in a real terminal."""
    socket = f"runnerup-measure-{os.getpid()}"
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g default-size 160x50\nset -g escape-time 0\n")
    script = Path(sys.executable).parent / "runnerup"
    env = [
        f"{k}={os.environ[k]}"
        for k in ("HOME", "PATH", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "GIT_CONFIG_GLOBAL")
        if k in os.environ
    ]

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True).stdout

    def wait(condition, timeout: float = 30) -> float:  # noqa: ANN001
        start = time.perf_counter()
        while not condition(tmux("capture-pane", "-p", "-t", "app")):
            if time.perf_counter() - start > timeout:
                raise AssertionError("timed out")
            time.sleep(0.002)
        return time.perf_counter() - start

    spawns, keys = [], []
    try:
        for _ in range(5):
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
                str(script),
                "--library",
                str(root),
            )
            wait(lambda s: "10000/10000 shown" in s)
            spawns.append(time.perf_counter() - start)
            time.sleep(0.5)
            tmux("send-keys", "-t", "app", "/")
            wait(lambda s: "n New" not in s)
            typed = ""
            for key in "lovelace":
                typed += key
                tmux("send-keys", "-t", "app", "-l", key)
                start = time.perf_counter()
                # the box and the list are repainted in the same frame (one handler updates both)
                wait(lambda s, t=typed: f"▊  {t} " in s)
                keys.append(time.perf_counter() - start)
            tmux("kill-session", "-t", "app")
            time.sleep(0.3)
    finally:
        tmux("kill-server")
    print(f"real terminal, spawn → first frame with rows (warm cache): {_median_ms(spawns)}")
    print(f"real terminal, keystroke → updated screen: {_median_ms(keys)}")
