"""A command's question asked of the cache: the same answers as the decoded index, without decoding 10,000 entries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from support import run_cli

from runnerup_tui.store import index as index_module
from runnerup_tui.workspace import open_library


def _break_things(library: Path) -> None:
    """One file that does not parse, one that does not validate, one warning, one touchpoint naming no opening."""
    (library / "candidates" / "ada-lovelace.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    (library / "openings" / "broken-opening.yaml").write_text("title: 12\nstatus: nonsense\n", encoding="utf-8")
    (library / "candidates" / "Odd_Name.yaml").write_text("name: Odd Name\n", encoding="utf-8")
    aoife = library / "candidates" / "aoife-brennan.yaml"
    text = aoife.read_text(encoding="utf-8")
    assert "history:\n" in text
    aoife.write_text(
        text.replace(
            "history:\n",
            "history:\n  - date: 2024-05-01\n    kind: note\n    summary: x\n    opening: no-such-opening\n",
            1,
        ),
        encoding="utf-8",
    )


def _answers(lib) -> tuple:
    return (
        [str(p) for p in lib.problems()],
        lib.problem_ids("candidates"),
        lib.problem_ids("openings"),
        lib.index.opening_refs(),
        sorted(lib.index.paths),
    )


def _count_decoding(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the cache rows decoded from now on."""
    made: list[str] = []
    real = index_module.FileRecord.from_row.__func__
    monkeypatch.setattr(
        index_module.FileRecord,
        "from_row",
        classmethod(lambda cls, row, keep=False: made.append(row[0]) or real(cls, row, keep)),
    )
    return made


def test_a_lazy_index_answers_problems_and_references_like_the_decoded_one_and_decodes_nothing(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_things(library)
    decoded = open_library(library).library
    expected = _answers(decoded)
    assert any("there is no opening `no-such-opening`" in p for p in expected[0])
    assert "ada-lovelace" in expected[1] and "broken-opening" in expected[2]
    assert any(p.startswith("candidates/Odd_Name.yaml") for p in expected[0])

    made = _count_decoding(monkeypatch)
    lazy = open_library(library, decode=False).library
    assert lazy.index.reparsed == 0
    assert _answers(lazy) == expected
    # only what the answers needed: the settings and the openings (to know which ids exist), no candidate
    assert made and not [rel for rel in made if rel.startswith("candidates/")]
    assert lazy.index.candidates == decoded.index.candidates  # asked for, they are decoded
    assert lazy.index.files.keys() == decoded.index.files.keys()


def test_a_lazy_index_sees_a_file_changed_since_the_cache_was_written(library: Path) -> None:
    open_library(library)
    path = library / "candidates" / "ada-lovelace.yaml"
    path.write_text(path.read_text().replace("name: Ada Lovelace", "name: Ada King"), encoding="utf-8")
    lazy = open_library(library, decode=False).library
    assert lazy.index.reparsed == 1
    assert lazy.index.candidates["ada-lovelace"].name == "Ada King"
    assert open_library(library, decode=False).index.reparsed == 0


def test_a_cache_another_version_rebuilt_meanwhile_is_not_trusted(library: Path) -> None:
    _break_things(library)
    expected = _answers(open_library(library).library)
    lazy = open_library(library, decode=False).library
    # another runnerup (another version) rebuilds the cache while this one runs: its rows say other things
    with sqlite3.connect(lazy.index.cache_file) as db:
        db.execute("UPDATE meta SET value = 'another version' WHERE key = 'fingerprint'")
        db.execute("UPDATE files SET problems = NULL, entry = NULL, refs = NULL")
    assert _answers(lazy) == expected
    assert lazy.index.candidates["aoife-brennan"].opening_refs == ["no-such-opening"]


def test_a_cache_of_the_older_shape_is_replaced_without_a_word(library: Path) -> None:
    cache = open_library(library).index.cache_file
    cache.unlink()
    with sqlite3.connect(cache) as db:  # the cache as runnerup wrote it before the refs column
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute(
            "CREATE TABLE files (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER,"
            " entry TEXT, body TEXT, problems TEXT)"
        )
        db.execute("INSERT INTO meta VALUES ('fingerprint', '8:old'), ('root', ?)", (str(library),))
    result = run_cli("--library", str(library), "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "checked 32 files: 0 errors, 0 warnings\n"
    with sqlite3.connect(cache) as db:
        assert "refs" in [column[1] for column in db.execute("PRAGMA table_info(files)")]
    assert open_library(library, decode=False).index.reparsed == 0


def test_a_lazy_first_index_stores_the_workers_rows_and_answers_as_the_decoded_one(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runnerup_tui.store.index import Index

    _break_things(library)
    expected = _answers(open_library(library).library)
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 10)  # the sample library through worker processes
    cache = open_library(library).index.cache_file
    cache.unlink()
    made = _count_decoding(monkeypatch)
    lazy = open_library(library, decode=False).library
    assert lazy.index.reparsed == 34 and not [rel for rel in made if rel.startswith("candidates/")]
    assert _answers(lazy) == expected
    assert Index(library, cache).load(lazy=True).reparsed == 0  # the rows are in the cache


def test_a_lazy_first_index_that_cannot_write_its_cache_keeps_the_rows_in_memory(
    library: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from runnerup_tui.store.index import Index

    _break_things(library)
    expected = _answers(open_library(library).library)
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 10)
    blocked = tmp_path / "cache-is-a-folder"
    blocked.mkdir()  # a real fault: sqlite cannot open a folder as its database
    index = Index(library, blocked).load(lazy=True)
    assert index.reparsed == 34 and index.cache_behind
    assert sorted(index.paths) == expected[4]
    assert [str(p) for p in index.problems] == [p for p in expected[0] if "there is no opening" not in p]
    assert index.broken("candidates").keys() == expected[1].keys()
