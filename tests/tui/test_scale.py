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

    _measure_in_tmux(root)


def _measure_in_tmux(root: Path) -> None:
    """Spawn → first frame with rows, and keystroke → updated screen, in a real terminal (make bench's method)."""
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_library.py"
    spec = importlib.util.spec_from_file_location("bench_library", script)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    measured = bench.tmux_open_ms(root, f"{N}/{N} shown", repeat=5, keys="lovelace")
    assert measured is not None, "tmux is needed for this measurement"
    spawn, keystroke = measured
    print(f"real terminal, spawn → first frame with rows (warm cache): median {spawn:.1f} ms")
    print(f"real terminal, keystroke → updated screen: median {keystroke:.1f} ms")
