"""Whatever bytes a library file holds, reading, checking, indexing and writing it never raise.

Generated and mutated files (random bytes, truncated and byte-flipped sample files, deep
structures, huge scalars, YAML-ish token soup) go through the parser, the index, the
agenda and search, and a ``log``: each ends as problems or a success within a time bound.
The default run is small; ``RUNNERUP_FUZZ_EXAMPLES=5000 pytest -m fuzz`` is the long one.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import SAMPLE

from runnerup_tui.actions import log_touchpoint
from runnerup_tui.domain.agenda import agenda
from runnerup_tui.domain.matching import rank_for_opening
from runnerup_tui.domain.model import Candidate, Opening, Settings, TouchpointKind
from runnerup_tui.domain.problems import RunnerupError
from runnerup_tui.domain.search import parse_query, search
from runnerup_tui.store.index import Index
from runnerup_tui.store.library import Library
from runnerup_tui.store.parsing import parse_record

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("RUNNERUP_FUZZ_EXAMPLES", "25"))
SECONDS_PER_FILE = 10  # a 1 MiB file takes about 2 s through everything on a busy machine
TODAY = dt.date(2026, 3, 20)

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
        HealthCheck.large_base_example,
    ],
)

SAMPLES = [
    path.read_bytes() for folder in ("candidates", "openings") for path in sorted((SAMPLE / folder).glob("*.yaml"))
]
SAMPLES.append((SAMPLE / "runnerup.yaml").read_bytes())

TOKENS = [
    "name: ",
    "Ada",
    "\n",
    "  ",
    "- ",
    ": ",
    "history:",
    "date: 2026-01-02",
    "kind: call",
    "id: t-1",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!!python/object ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "? ",
    "#",
    "'",
    '"',
    "|",
    ">",
    "---",
    "...",
    "%YAML 1.1\n",
    "\t",
    "\x00",
    "\ufeff",
    "\r\n",
    "\u202e",
    "9" * 50,
    "1_000",
    "0x1F",
    ".inf",
    "~",
    "null",
    "yes",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "cadence_days: ",
    "next_contact: ",
    "rating: ",
    "fit: ",
    "pursue",
    "interviews:",
    "role: x",
    "consent:",
    "expires: ",
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> theirs",
    "é",
    "王",
]


def truncated(raw: bytes) -> st.SearchStrategy[bytes]:
    return st.integers(0, len(raw)).map(lambda n: raw[:n])


def byte_flipped(raw: bytes) -> st.SearchStrategy[bytes]:
    def flip(edits: list[tuple[int, int]]) -> bytes:
        out = bytearray(raw)
        for at, value in edits:
            out[at % len(out)] = value
        return bytes(out)

    return st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8).map(flip)


def deep(depth: int, style: str) -> bytes:
    body = {
        "flow-list": "[" * depth + "]" * depth,
        "flow-map": "{a: " * depth + "1" + "}" * depth,
        "dashes": "- " * depth + "x",
        "questions": "? " * depth + "x",
        "block": "".join(f"\n{' ' * (i + 1)}k:" for i in range(min(depth, 1400))) + " end",
        "anchors": "".join(
            f"\na{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, min(depth, 40))
        ).replace("*a0", "x"),
    }[style]
    head = "name: Deep\nnotes: " if style not in ("block", "anchors") else "name: Deep\nnotes:"
    return (head + body + "\n").encode()


def huge_scalar(kind: str, size: int) -> bytes:
    value = {
        "int": "9" * size,
        "underscored-int": "_".join(["1234"] * (size // 4 + 1)),
        "float": "1" + "0" * size + ".5",
        "exponent": f"1e{size}",
        "text": "x" * (size * 50),
        "quoted": '"' + "\\u00e9" * size + '"',
        "date": f"{size:04d}-12-31",
        "key": "k" * size,
    }[kind]
    field = {
        "int": "rating",
        "underscored-int": "cadence_days",
        "float": "rating",
        "exponent": "rating",
        "text": "headline",
        "quoted": "notes",
        "date": "next_contact",
        "key": "name",
    }[kind]
    if kind == "key":
        return f"name: Big\n{value}: 1\n".encode()
    if kind == "date":
        return f"name: Big\n{field}: {value}\nhistory:\n  - date: {value}\n    kind: call\n".encode()
    return f"name: Big\n{field}: {value}\n".encode()


def yamlish() -> st.SearchStrategy[bytes]:
    return st.lists(st.sampled_from(TOKENS), max_size=120).map(lambda parts: "".join(parts).encode("utf-8"))


HOSTILE = st.one_of(
    st.binary(max_size=3000),
    st.sampled_from(SAMPLES).flatmap(truncated),
    st.sampled_from(SAMPLES).flatmap(byte_flipped),
    st.builds(
        deep,
        st.integers(1, 20_000),
        st.sampled_from(["flow-list", "flow-map", "dashes", "questions", "block", "anchors"]),
    ),
    st.builds(
        huge_scalar,
        st.sampled_from(["int", "underscored-int", "float", "exponent", "text", "quoted", "date", "key"]),
        st.integers(1, 9_999),
    ),
    yamlish(),
    st.sampled_from(SAMPLES).flatmap(lambda raw: yamlish().map(lambda soup: raw + b"\n" + soup)),
)


@pytest.fixture
def scratch() -> Iterator[Path]:
    """One folder for all the examples of a test (hypothesis runs them inside one call)."""
    folder = Path(tempfile.mkdtemp(prefix="runnerup-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _fresh_library(scratch: Path) -> Path:
    root = scratch / "library"
    shutil.rmtree(root, ignore_errors=True)
    (root / "candidates").mkdir(parents=True)
    (root / "openings").mkdir()
    for name in ("ada-lovelace.yaml",):
        shutil.copy(SAMPLE / "candidates" / name, root / "candidates" / name)
    shutil.copy(SAMPLE / "openings" / "senior-data-engineer.yaml", root / "openings" / "senior-data-engineer.yaml")
    return root


@FUZZ
@given(raw=HOSTILE)
def test_parsing_any_bytes_gives_problems_or_a_record(raw: bytes) -> None:
    started = time.perf_counter()
    for model, rel in ((Candidate, "candidates/x.yaml"), (Opening, "openings/x.yaml"), (Settings, "runnerup.yaml")):
        parsed = parse_record(raw, rel, model)
        assert parsed.ok == (parsed.record is not None)
        for problem in parsed.problems:
            text = str(problem)
            assert text.startswith(f"{rel}:") and "\n" not in text and len(text) < 600
    assert time.perf_counter() - started < SECONDS_PER_FILE


@FUZZ
@given(raw=HOSTILE, where=st.sampled_from(["candidates/x.yaml", "runnerup.yaml", "openings/x.yaml"]))
def test_indexing_checking_and_logging_on_any_file_never_raises(scratch: Path, raw: bytes, where: str) -> None:
    root = _fresh_library(scratch)
    (root / where).write_bytes(raw)
    started = time.perf_counter()
    library = Library(root, Index(root, None).load())
    problems = library.problems()
    assert all("\n" not in str(p) for p in problems)
    entries = list(library.index.candidates.values())
    agenda(entries, library.settings, TODAY, 36_500)
    search(entries, parse_query("due:overdue data"), library.settings)
    for opening in library.index.openings.values():
        rank_for_opening(opening, entries, library.settings, TODAY)
    target = "x" if where == "candidates/x.yaml" else "ada-lovelace"
    try:
        log_touchpoint(library, target, TouchpointKind.NOTE, summary="fuzz", date=TODAY, force=True)
    except RunnerupError as err:
        assert "\n" not in str(err)
        if where == "candidates/x.yaml":
            assert (root / where).read_bytes() == raw  # refused: the file is left exactly as it was
    else:
        rel = f"candidates/{target}.yaml"
        parsed = parse_record((root / rel).read_bytes(), rel, Candidate)
        assert parsed.ok, parsed.problems
        assert parsed.record.history[-1].summary == "fuzz"
    assert time.perf_counter() - started < SECONDS_PER_FILE
