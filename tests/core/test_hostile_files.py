"""Hostile files and inputs never hang or crash runnerup: one line naming the file, or a refusal."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import git, run_cli

from runnerup_tui.domain.model import MAX_DAY, MIN_DAY
from runnerup_tui.store.reading import MAX_FILE_BYTES

ADA = "ada-lovelace"
HANG_LIMIT = 20  # seconds; a FIFO blocks a reader forever


def run_quickly(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command, failing the test (not hanging it) when it blocks."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "runnerup_tui", *args],
            capture_output=True,
            text=True,
            timeout=HANG_LIMIT,
            env=os.environ.copy(),
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"runnerup {' '.join(args[2:])} hung for {HANG_LIMIT} s")


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Error:" not in result.stderr.replace("error:", ""), result.stderr


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert_no_traceback(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- files that are not regular files ------------------------------------------------------


@pytest.mark.parametrize("where", ["candidates/y.yaml", "runnerup.yaml"])
def test_a_fifo_in_the_library_is_reported_and_blocks_no_command(library: Path, where: str) -> None:
    (library / where).unlink(missing_ok=True)
    os.mkfifo(library / where)
    lib = ("--library", str(library))
    check = run_quickly(*lib, "check")
    assert_no_traceback(check)
    assert check.returncode == 1
    assert f"{where}:1:1: error: is not a regular file" in check.stdout
    for args in (("search", "due:overdue", "--json"), ("due",), ("show", ADA)):
        result = run_quickly(*lib, *args)
        assert_no_traceback(result)
        assert result.returncode == 0, (args, result.stderr)
    logged = run_quickly(*lib, "log", ADA, "note", "--summary", "still works")
    assert logged.returncode == 0, logged.stderr
    assert (library / where).is_fifo()


def test_a_fifo_named_like_a_candidate_is_refused_when_named(library: Path) -> None:
    os.mkfifo(library / "candidates" / "y.yaml")
    for args in (("show", "y"), ("log", "y", "note")):
        result = run_quickly("--library", str(library), *args)
        assert result.returncode != 0
        assert "candidates/y.yaml" in one_line(result)
    result = run_quickly("--library", str(library), "check", str(library / "candidates" / "y.yaml"))
    assert result.returncode == 1
    assert "candidates/y.yaml:1:1: error: is not a regular file" in result.stdout


# -- symbolic links that leave the library -------------------------------------------------


def test_a_candidates_folder_linked_outside_is_reported_and_never_written(library: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (library / "candidates").rename(outside)
    (library / "candidates").symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())
    lib = ("--library", str(library))
    check = run_quickly(*lib, "check")
    assert check.returncode == 1
    assert "candidates:1:1: error: is a symbolic link to a folder outside the library" in check.stdout
    added = run_quickly(*lib, "add", "Grace Hopper")
    assert added.returncode == 1
    assert "candidates" in one_line(added)
    logged = run_quickly(*lib, "log", ADA, "note")
    assert logged.returncode != 0
    one_line(logged)
    assert sorted(p.name for p in outside.iterdir()) == before
    assert "ada-lovelace.yaml" in before


def test_a_candidate_file_linked_outside_is_reported_and_never_written(library: Path, tmp_path: Path) -> None:
    outside = tmp_path / "ada.yaml"
    (library / "candidates" / f"{ADA}.yaml").rename(outside)
    (library / "candidates" / f"{ADA}.yaml").symlink_to(outside)
    before = outside.read_bytes()
    lib = ("--library", str(library))
    check = run_quickly(*lib, "check")
    assert f"candidates/{ADA}.yaml:1:1: error: is a symbolic link" in check.stdout
    logged = run_quickly(*lib, "log", ADA, "note")
    assert logged.returncode != 0
    assert f"candidates/{ADA}.yaml" in one_line(logged)
    assert outside.read_bytes() == before


# -- check on paths that are not library files ---------------------------------------------


@pytest.mark.parametrize("target", ["/etc/passwd", "schemas/candidate.schema.json", ".gitattributes"])
def test_check_on_a_path_that_is_not_a_library_record_is_one_line(library: Path, target: str) -> None:
    if target == "schemas/candidate.schema.json":
        assert run_cli("--library", str(library), "schema").returncode == 0
    path = target if target.startswith("/") else str(library / target)
    result = run_quickly("--library", str(library), "check", path)
    line = one_line(result)
    assert result.returncode == 2
    assert ("outside the library" in line) if target.startswith("/") else ("not a library file" in line)


# -- values that used to crash -------------------------------------------------------------


def test_a_huge_integer_written_with_underscores_is_a_problem(library: Path) -> None:
    digits = "_".join(["1234"] * 1500)
    (library / "candidates" / "big.yaml").write_text(f"name: Big\nrating: {digits}\n", encoding="utf-8")
    result = run_quickly("--library", str(library), "check")
    assert "candidates/big.yaml:2:9: error: a number is too long" in result.stdout
    assert_no_traceback(result)


def test_yaml_quirks_in_a_file_print_no_multi_line_warnings(library: Path) -> None:
    (library / "candidates" / "quirks.yaml").write_text(
        "%YAML 1.1\n---\nname: Quirks\nrating: 1e5\nskills: [&a go, &a rust]\ntags: [*a]\n", encoding="utf-8"
    )
    result = run_quickly("--library", str(library), "check")
    assert "candidates/quirks.yaml:4:9: error: rating: must be between 1 and 5" in result.stdout
    assert result.stderr.splitlines() == [line for line in result.stderr.splitlines() if line.startswith("checked ")]


@pytest.mark.parametrize("style", ["block", "sequence"])
def test_a_deep_nesting_is_reported_and_log_refuses_in_one_line(library: Path, style: str) -> None:
    path = library / "candidates" / f"{ADA}.yaml"
    if style == "block":  # as deep as an indented nesting gets within the size limit
        deep = "".join(f"{' ' * i}k:\n" for i in range(1_300)) + " " * 1_300 + "end\n"
    else:  # "- - - x": ten thousand lists in one line
        deep = "- " * 10_000 + "end\n"
    path.write_text(
        path.read_text(encoding="utf-8") + "deep:\n " + deep.replace("\n", "\n ").rstrip(" "), encoding="utf-8"
    )
    before = path.read_bytes()
    lib = ("--library", str(library))
    check = run_quickly(*lib, "check")
    assert_no_traceback(check)
    assert f"candidates/{ADA}.yaml" in check.stdout and "nested more than" in check.stdout
    logged = run_quickly(*lib, "log", ADA, "note")
    assert logged.returncode != 0
    assert "nested" in one_line(logged)
    assert path.read_bytes() == before


def test_a_date_past_the_horizon_is_refused_on_the_command_line(library: Path) -> None:
    head = git(library, "rev-parse", "HEAD")
    for day in ("9999-12-31", "1066-10-14"):
        result = run_quickly("--library", str(library), "log", ADA, "note", "--date", day)
        assert result.returncode == 2
        assert f"between {MIN_DAY} and {MAX_DAY}" in result.stderr.splitlines()[-1]
        assert_no_traceback(result)
    assert git(library, "rev-parse", "HEAD") == head


def test_a_date_past_the_horizon_typed_in_a_file_is_a_problem_and_crashes_nothing(library: Path) -> None:
    path = library / "candidates" / f"{ADA}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "next_contact: 9999-12-31\n", encoding="utf-8")
    (library / "candidates" / "far.yaml").write_text(
        "name: Far Future\ncadence_days: 99999999\nhistory:\n  - date: 2199-12-31\n    kind: call\n", encoding="utf-8"
    )
    lib = ("--library", str(library))
    check = run_quickly(*lib, "check")
    assert_no_traceback(check)
    assert f"next_contact: must be a date between {MIN_DAY} and {MAX_DAY}" in check.stdout
    assert "candidates/far.yaml:2:15: error: cadence_days: must be at most" in check.stdout
    for args in (("due", "--json"), ("show", "zoe"), ("search", "--json", "a"), ("search", "due:overdue")):
        result = run_quickly(*lib, *args)
        assert_no_traceback(result)
    shown = run_quickly(*lib, "show", ADA)
    assert "cannot be used until its file is fixed" in one_line(shown)


@pytest.mark.parametrize("within", ["2914000", "36501", str(10**30)])
def test_due_within_a_huge_number_of_days_is_a_usage_error(library: Path, within: str) -> None:
    result = run_quickly("--library", str(library), "due", "--within", within)
    assert result.returncode == 2
    assert "--within" in result.stderr and "at most 36500" in result.stderr
    assert_no_traceback(result)


def test_due_within_a_century_works_even_when_today_is_at_the_horizon(library: Path) -> None:
    env_today = os.environ.get("RUNNERUP_TODAY")
    os.environ["RUNNERUP_TODAY"] = str(MAX_DAY)
    try:
        result = run_quickly("--library", str(library), "due", "--within", "36500", "--json")
    finally:
        os.environ.pop("RUNNERUP_TODAY") if env_today is None else os.environ.update(RUNNERUP_TODAY=env_today)
    assert result.returncode == 0, result.stderr


# -- what an error echoes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    ["x" * 10_000, "ada\nlovelace-but-not", "\x1b[2Jzz"],
    ids=["ten-thousand-characters", "newline", "escape-sequence"],
)
def test_an_id_that_is_huge_or_has_a_newline_comes_back_short_on_one_line(library: Path, ref: str) -> None:
    for command in (("show", ref), ("log", ref, "note")):
        result = run_quickly("--library", str(library), *command)
        assert result.returncode == 2
        line = one_line(result)
        assert len(line) < 200
        assert "\x1b" not in line


def test_a_huge_date_argument_comes_back_short(library: Path) -> None:
    result = run_quickly("--library", str(library), "log", ADA, "note", "--date", "2026" * 5000 + "\nx")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()[-1]) < 300
    assert len(result.stderr) < 2000


# -- size ------------------------------------------------------------------------------------


def test_a_candidate_file_over_the_size_limit_is_a_problem_and_never_written(library: Path) -> None:
    path = library / "candidates" / f"{ADA}.yaml"
    path.write_bytes(path.read_bytes() + b"notes: |\n" + b"  padding line\n" * (MAX_FILE_BYTES // 15 + 10))
    before = path.read_bytes()
    lib = ("--library", str(library))
    check = run_quickly(*lib, "check")
    assert f"candidates/{ADA}.yaml:1:1: error: is larger than the limit of 1 MiB" in check.stdout
    logged = run_quickly(*lib, "log", ADA, "note")
    assert logged.returncode != 0
    assert "1 MiB" in one_line(logged)
    assert path.read_bytes() == before


def _history_file(entries: int) -> bytes:
    rows = "".join(
        f"  - id: t-{i:08x}\n    date: 2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}\n    kind: call\n"
        f"    summary: talked about the {i}th thing\n"
        for i in range(entries)
    )
    return f"name: Long History\nhistory:\n{rows}".encode()


def test_saving_a_touchpoint_on_ten_thousand_entries_splices_in_linear_time() -> None:
    from runnerup_tui.store.yamldoc import _splice

    old = _history_file(10_000).decode()
    assert len(old) < MAX_FILE_BYTES
    new = old + "  - id: t-new\n    date: 2026-01-02\n    kind: note\n"
    changed = old.replace("kind: call\n", "kind: email\n", 1)
    started = time.perf_counter()
    assert _splice(old, new, "\n") == new
    assert _splice(old, changed, "\n") == changed
    assert time.perf_counter() - started < 2


@pytest.mark.fuzz
@pytest.mark.skipif(not os.environ.get("RUNNERUP_FUZZ_EXAMPLES"), reason="a long run: set RUNNERUP_FUZZ_EXAMPLES")
def test_log_time_grows_linearly_with_the_history(tmp_path: Path) -> None:
    """The whole write, end to end: four times the history, about four times the time (was 10×)."""
    from runnerup_tui.actions import log_touchpoint
    from runnerup_tui.domain.model import TouchpointKind
    from runnerup_tui.store.library import Library

    (tmp_path / "candidates").mkdir()
    times = {}
    for entries in (2_500, 10_000):
        path = tmp_path / "candidates" / f"history-{entries}.yaml"
        path.write_bytes(_history_file(entries))
        library = Library.open(tmp_path)
        started = time.perf_counter()
        log_touchpoint(library, f"history-{entries}", TouchpointKind.NOTE, summary="one more")
        times[entries] = time.perf_counter() - started
        assert path.read_bytes().startswith(_history_file(entries))
    assert times[10_000] < 6 * times[2_500], times


def test_a_line_only_the_strict_parser_rejects_makes_log_refuse_in_one_line(library: Path) -> None:
    path = library / "candidates" / f"{ADA}.yaml"
    path.write_bytes(path.read_bytes() + b"mood: \t\n")  # libyaml reads this; ruamel's editor does not
    before = path.read_bytes()
    logged = run_quickly("--library", str(library), "log", ADA, "note")
    assert logged.returncode == 1
    assert f"candidates/{ADA}.yaml:" in one_line(logged) and "cannot edit this file" in logged.stderr
    assert path.read_bytes() == before
