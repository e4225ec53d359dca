"""The index cache: warm opens parse nothing, changed files are re-read, broken ones are listed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from support import PROJECT, run_cli

from runnerup_tui.store.library import Library
from runnerup_tui.workspace import open_library

sys.path.insert(0, str(PROJECT / "benchmarks"))
from generate import generate_library  # noqa: E402


def test_a_warm_open_parses_nothing_and_a_changed_file_is_reread(library: Path) -> None:
    first = Library.open(library)
    assert first.index.reparsed == 32
    assert Library.open(library).index.reparsed == 0
    path = library / "candidates" / "ada-lovelace.yaml"
    path.write_text(path.read_text().replace("name: Ada Lovelace", "name: Ada King"), encoding="utf-8")
    again = Library.open(library)
    assert again.index.reparsed == 1
    assert again.index.candidates["ada-lovelace"].name == "Ada King"


def test_a_file_that_breaks_becomes_a_problem_and_the_rest_stays(library: Path) -> None:
    Library.open(library)
    (library / "candidates" / "ada-lovelace.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    lib = Library.open(library)
    assert "ada-lovelace" not in lib.index.candidates
    assert len(lib.index.candidates) == 27
    assert [str(p).split(": error")[0] for p in lib.index.problems] == ["candidates/ada-lovelace.yaml:2:1"]


def test_deleted_and_added_files_are_noticed(library: Path) -> None:
    Library.open(library)
    (library / "candidates" / "ada-lovelace.yaml").unlink()
    (library / "candidates" / "new-person.yaml").write_text("name: New Person\n", encoding="utf-8")
    lib = Library.open(library)
    assert "ada-lovelace" not in lib.index.candidates
    assert lib.index.candidates["new-person"].name == "New Person"


def test_same_size_edit_within_the_same_second_is_noticed(library: Path) -> None:
    Library.open(library)
    path = library / "candidates" / "ada-lovelace.yaml"
    st = path.stat()
    path.write_text(path.read_text().replace("rating: 5", "rating: 4"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert Library.open(library).index.candidates["ada-lovelace"].rating == 4


def test_a_damaged_cache_only_costs_a_reparse(library: Path) -> None:
    open_library(library)
    for cache in (library / ".git" / "runnerup").glob("index-*.sqlite"):
        cache.write_bytes(b"this is not a database" * 100)
    assert len(open_library(library).index.candidates) == 28


def test_a_large_library_is_indexed_in_parallel_and_searchable(tmp_path: Path) -> None:
    root = generate_library(tmp_path / "big", 600, seed=7)  # above PARALLEL_FROM: worker processes
    result = run_cli("--library", str(root), "check")
    assert result.returncode == 0, result.stdout[:500]
    assert "checked 602 files: 0 errors" in result.stderr
    lib = open_library(root)  # the cache the CLI filled
    assert lib.index.reparsed == 0
    assert len(lib.index.candidates) == 600
    log = run_cli("--library", str(root), "log", "c00042", "call", "--summary", "scale check")
    assert log.returncode == 0, log.stderr
    found = run_cli("--library", str(root), "search", "scale", "check")
    assert found.stdout.startswith("c00042\t")


def test_rows_made_by_the_workers_go_into_the_cache_as_they_came(library: Path, monkeypatch) -> None:  # noqa: ANN001
    import sqlite3

    from runnerup_tui.store import index as index_module

    monkeypatch.setattr(index_module, "PARALLEL_FROM", 10)  # the sample library through worker processes
    lib = open_library(library).library
    assert lib.index.reparsed == len(lib.index.files) > 10
    assert all(record.row is None for record in lib.index.files.values()), "stored rows are not kept in memory"
    with sqlite3.connect(lib.index.cache_file) as db:
        query = "SELECT path, mtime_ns, size, entry, body, problems, refs FROM files"
        stored = {row[0]: row for row in db.execute(query)}
    # each stored row is what the file gives read and encoded in this process
    assert stored == {rel: index_module.read_file(library, rel).to_row() for rel in lib.index.files}
    warm = open_library(library).library
    assert warm.index.reparsed == 0
    assert warm.index.candidates == lib.index.candidates and warm.settings == lib.settings


def test_the_caches_stamp_changes_with_any_module_of_the_layers_that_make_what_they_hold(tmp_path: Path) -> None:
    from runnerup_tui.store.stamps import code_stamp

    package = tmp_path / "package"
    for name in ("domain/model.py", "store/parsing.py", "store/fast_yaml.py", "session.py"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("", encoding="utf-8")
    before = code_stamp((), package), code_stamp(("session.py",), package)
    fast_yaml = package / "store/fast_yaml.py"
    st = fast_yaml.stat()
    os.utime(fast_yaml, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # as an upgrade would change it
    code_stamp.cache_clear()
    after = code_stamp((), package), code_stamp(("session.py",), package)
    assert before[0] != after[0] and before[1] != after[1]
    (package / "store/new_module.py").write_text("", encoding="utf-8")  # a module added later counts too
    code_stamp.cache_clear()
    assert code_stamp((), package) != after[0]
    session = package / "session.py"
    os.utime(session, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    code_stamp.cache_clear()
    assert code_stamp(("session.py",), package) != after[1]
