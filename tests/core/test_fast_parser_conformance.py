"""The index reads with yaml-rs and gets exactly the records ruamel gives: data, record and problems.

Every sample, hostile, broken and generated file, the YAML test suite's cases and generated
documents are parsed both ways. A form yaml-rs reads differently must go to ruamel. The
default run is small; ``RUNNERUP_FUZZ_EXAMPLES=5000 pytest -m fuzz`` makes the long one.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml_rs
from hostile import HOSTILE_CANDIDATE, HOSTILE_OPENING
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import PROJECT, SAMPLE, run_cli

from core.test_broken_input import BROKEN
from core.test_fuzz_files import SAMPLES, TOKENS, deep, huge_scalar
from runnerup_tui.domain.model import Candidate, Opening, Settings
from runnerup_tui.store.index import SWEEP_AFTER, _read_many
from runnerup_tui.store.parsing import decode, load_fast, load_plain, parse_record

SUITE = json.loads((Path(__file__).parents[1] / "fixtures" / "yaml-test-suite" / "cases.json").read_text("utf-8"))
EXAMPLES = int(os.environ.get("RUNNERUP_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES * 8,  # one example is a few small parses
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down, keys in the same order (``True == 1`` is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(same(k, j) and same(v, w) for (k, v), (j, w) in zip(a.items(), b.items()))
    if isinstance(a, list | tuple | set | frozenset):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and a != a:
        return b != b
    if isinstance(a, float | dt.date):  # -0.0 and 0.0; a time zone's name
        return repr(a) == repr(b)
    return bool(a == b)


def model_for(rel: str) -> type[Candidate | Opening | Settings]:
    return Settings if rel == "runnerup.yaml" else Opening if rel.startswith("openings/") else Candidate


def assert_same_both_ways(raw: bytes, rel: str = "candidates/x.yaml") -> bool:
    """Parse ``raw`` with ruamel and with the fast path; both must agree. Whether yaml-rs read it."""
    model = model_for(rel)
    slow = parse_record(raw, rel, model)
    fast = parse_record(raw, rel, model, fast=True)
    assert same(fast.data, slow.data), (raw[:300], fast.data, slow.data)
    assert fast.problems == slow.problems, raw[:300]
    assert (fast.record is None) == (slow.record is None)
    if slow.record is not None:
        assert same(fast.record.model_dump(), slow.record.model_dump())
    text, bad = decode(raw)
    return not bad and load_fast(text) is not None


def generate_library(root: Path, n: int, seed: int) -> Path:
    spec = importlib.util.spec_from_file_location("generate", PROJECT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    return generate.generate_library(root, n, seed=seed, git=False)


# -- the corpora -----------------------------------------------------------------------------


def test_every_sample_file_reads_the_same_both_ways_and_with_yaml_rs() -> None:
    files = sorted(SAMPLE.rglob("*.yaml"))
    assert len(files) > 25
    for path in files:
        assert assert_same_both_ways(path.read_bytes(), path.relative_to(SAMPLE).as_posix()), path


def test_a_generated_library_reads_the_same_both_ways_and_with_yaml_rs(tmp_path: Path) -> None:
    root = generate_library(tmp_path / "lib", 300, seed=12)
    files = sorted(root.rglob("*.yaml"))
    taken = sum(assert_same_both_ways(path.read_bytes(), path.relative_to(root).as_posix()) for path in files)
    assert taken == len(files)  # the speed of the first index rests on this


def test_hostile_and_broken_files_read_the_same_both_ways() -> None:
    corpus = [HOSTILE_CANDIDATE.encode(), HOSTILE_OPENING.encode(), *(raw for raw, _, _ in BROKEN.values())]
    corpus += [deep(depth, style) for depth in (5, 40, 1500) for style in ("flow-list", "flow-map", "block", "anchors")]
    corpus += [deep(depth, style) for depth in (3, 200) for style in ("dashes", "questions")]
    numbers = ("int", "underscored-int", "float", "exponent")
    corpus += [huge_scalar(kind, size) for kind in numbers for size in (4, 5000)]
    corpus += [huge_scalar(kind, 300) for kind in ("text", "quoted", "date", "key")]
    for raw in corpus:
        for rel in ("candidates/x.yaml", "openings/x.yaml", "runnerup.yaml"):
            assert_same_both_ways(raw, rel)


def test_every_case_of_the_yaml_test_suite_reads_the_same_both_ways() -> None:
    taken = 0
    for case in SUITE.values():
        raw = case["yaml"].encode("utf-8")
        read = assert_same_both_ways(raw)
        assert not (read and case["error"]), case["yaml"]  # yaml-rs never accepts what YAML forbids
        taken += read
    assert taken >= 40  # the suite's mappings still reach yaml-rs: the comparison is not vacuous


# -- what a library file holds, and the forms yaml-rs reads its own way ----------------------

FAST_AND_SAME = [
    "name: Ada\nnext_contact: 2026-03-01\nhistory:\n  - date: 2026-01-05\n    kind: call\n",
    "name: Ada\nnext_contact: 2026-02-30\n",  # an impossible date: text for both, pydantic says where
    "name: Ada\nheadline: yes\nlocation: on\nsummary: off\n",  # YAML 1.2: text, not booleans
    "name: Ada\nrating: 010\ncadence_days: 0o17\nnotes: 1:20\n",  # 10, 15 and text
    "name: Ada\nlinks: [https://a.example/x, http://b.example]\n",  # libyaml refuses these
    "name: Ada\nskills: [python, go]\n# a comment\nnotes: |\n  two\n  lines\n",
    "name: Ada\nnotes: >-\n  folded\n  text\n\n  kept\n",
    "name: 'Ada ''the'' first'\nheadline: \"Lead \\u00e9 \\\\ x\"\n",
    "name: Zoë Ångström 王小明\n",
    "name: Ada\nrating: 3  # after the debrief\ncadence_days: -0\n",
    "name: Ada\nwho: &who Grace\nby: *who\n",
    "---\nname: Ada\n",
    "name: Ada\r\nskills:\r\n  - go\r\n",
    "name: Ada\nfit: ~\nowner: null\nconsent: {}\ntags: []\n",
    "name: Ada\n1: x\nnull: z\n2026-01-01: d\n",
    "name: Ada\nnotes: x->y, a|b, R&D, 5*3=15, 100%\n",
]


@pytest.mark.parametrize("text", FAST_AND_SAME)
def test_what_a_candidate_file_holds_is_read_by_yaml_rs_the_same(text: str) -> None:
    assert assert_same_both_ways(text.encode("utf-8"))
    assert same(load_fast(text), load_plain(text))


# Each yaml-rs reads differently from ruamel (or reads what ruamel refuses): ruamel must read them.
DIFFERENT = [
    "name: Ada\n<<: {rating: 3}\n",  # merge key
    "name: !!python/object/apply:os.system ['true']\n",
    "name: Ada\nnotes: !secret x\n",
    "name: Ada\nnotes: !!binary aGVsbG8=\n",
    "name: Ada\nnotes: !!omap [a: 1]\n",
    "name: Ada\nrating: 1\nrating: 2\n",  # duplicate key: both refuse, ruamel says where
    "name: Ada\n---\nname: Grace\n",
    "name: Ada\n---\n",
    "...\nname: Ada\n",
    "name: Ada\nnext_contact: 2026-01-05T10:00:00Z\n",
    "name: Ada\nnext_contact: 2026-01-05 10:00\n",
    "name: Ada\nnext_contact: 2026-01-05  10:00:00\n",
    "name: Ada\nnext_contact: 9999-12-31 23:59:59.9999999\n",
    "name: Ada\nrating: _1\n",
    "name: Ada\nrating: -_\n",
    "name: Ada\nrating: 0B1\n",
    "name: Ada\nrating: 0X1F\n",
    "name: Ada\nrating: 1e_5\n",
    "name: Ada\nrating: .nAn\n",
    "name: Ada\nrating: -.5e3\n",
    "name: Ada\nrating: " + "9" * 5000 + "\n",
    "name: Ada\n? {a: 1}\n: c\n",
    "name: Ada\nx: {{a: 1}: c}\n",
    "name: Ada\nx: {{a},b: c}\n",
    "name: Ada\nx: { ?foo: bar }\n",
    "name: Ada\nx: {omitted value:, b: 1}\n",
    "name: Ada\nx: {b: :x}\n",
    "name: Ada\nx: [12:]\n",
    'name: Ada\nx: {"foo"\n  :bar}\n',
    "name: Ada\nkey: &an:chor value\n",
    "name: Ada\nkey: &an?chor value\n",
    "name: Ada\nskills: [go, >]\n",
    "name: Ada\nskills: {go: |x}\n",
    "name: Ada\nnotes: x\x1b[2J\n",  # raw control characters
    "name: Ada\nnotes: x\x85y\n",  # NEL: a line break to ruamel
    "name: Ada\nnotes: |\n  x\n  ",  # no line break at the end
    "name: Ada\nnotes: |\n  x",
    "name: Ada\nnotes: >\n\n",  # an empty block scalar at the end
    "name: Ada\nnotes: |+\n",
    "name: Ada\n\t\nrating: 1\n",  # a tab
    "name: Ada\nnotes:\n \tbar\n",
    "\ufeff\ufeffname: Ada\n",  # a second BOM
    "name: Ada\nnotes: =\n",  # the value tag of YAML 1.1
    # a quoted date is text to YAML 1.2 and ruamel, a date to yaml-rs; an escape can spell one too
    'name: Ada\nheadline: "2026-03-01"\n',
    "name: Ada\nheadline: '2026-03-01'\n",
    'name: Ada\nskills: ["2026-03-01"]\n',
    'name: Ada\nheadline: "2026\\x2d03-01"\n',
    'name: Ada\nheadline: "\\x32026-03-01"\n',
    "name: Ada\nskills: [go, =]\n",
]


@pytest.mark.parametrize("text", DIFFERENT)
def test_each_form_yaml_rs_reads_differently_goes_to_ruamel(text: str) -> None:
    try:
        theirs: Any = yaml_rs.loads(text.removeprefix("\ufeff"))
    except yaml_rs.YAMLDecodeError:
        theirs = "refused"
    try:
        ours: Any = load_plain(text.removeprefix("\ufeff"))
    except Exception:  # noqa: BLE001 - ruamel's refusal is what this compares
        ours = "refused"
    if "rating: 1\nrating: 2" not in text:
        assert not same(theirs, ours), "the two agree: this form need not go to ruamel"
    assert load_fast(text.removeprefix("\ufeff")) is None
    assert not assert_same_both_ways(text.encode("utf-8"))


@pytest.mark.parametrize(
    "raw",
    [b"", b"# nothing yet\n", b"---\n", b"- name: Ada\n", b"just text\n", b"\xef\xbb\xbfname: Ada\n", b"name: A\n" * 2],
)
def test_files_that_are_not_a_mapping_or_say_a_key_twice_read_the_same_both_ways(raw: bytes) -> None:
    assert_same_both_ways(raw)


def test_a_file_declaring_a_yaml_version_ruamel_does_not_know_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(SAMPLE, root)
    (root / "candidates" / "ada-lovelace.yaml").write_text("%YAML 1.3\n---\nname: Ada\n", "utf-8")
    result = run_cli("--library", str(root), "check")
    assert "Traceback" not in result.stderr, result.stderr
    assert "candidates/ada-lovelace.yaml:1:1: error: cannot be read as YAML: version minor part" in result.stdout


def test_a_file_that_fails_after_a_yaml_directive_does_not_change_how_the_next_file_reads() -> None:
    after = b"name: Ada\n...\n  \nrating: 1\n"
    alone = parse_record(after, "candidates/x.yaml", Candidate).problems
    parse_record(b"%YAML 1.1\n---\nname: [", "candidates/y.yaml", Candidate)
    assert parse_record(after, "candidates/x.yaml", Candidate).problems == alone


# -- the collector in the index's workers ----------------------------------------------------


def test_a_worker_reading_many_ruamel_files_leaves_no_pile_of_cycles(tmp_path: Path) -> None:
    root = generate_library(tmp_path / "lib", 600, seed=3)
    for path in (root / "candidates").glob("*.yaml"):  # a tag: every file goes to ruamel
        path.write_text(path.read_text("utf-8").replace("fit: ", "fit: !!str ", 1), "utf-8")
    rels = sorted(path.relative_to(root).as_posix() for path in (root / "candidates").glob("*.yaml"))
    gc.collect()
    try:
        rows = _read_many(str(root), rels)
    finally:
        gc.enable()
    assert len(rows) == 600 and all(row[3] is not None for row in rows)
    assert gc.collect() < SWEEP_AFTER  # ruamel leaves ~21 per file: 12,600 objects without the sweep


# -- generated documents (long run: -m fuzz) -------------------------------------------------

SCALARS = st.text(alphabet="0123456789+-._eExXoObBaAcCdDfF:~ntrulsNTRULSiI Tz=<@`|>#'\"%&*!?,[]{}", max_size=10)
PLACES = ["a: {}\n", "{}: a\n", "a: [{}]\n", "a: {{{}: b}}\n", "- {}\n", "a:\n  - {}\n", "a: {{b: {}}}\n"]
MORE_TOKENS = [*TOKENS, "a: ", "b: ", "- ", "  - ", "\n  ", ": ", "'x'", '"\\e"', "&x ", "*x", "[a, b]", "{a: 1}", "|-"]


@pytest.mark.fuzz
@FUZZ
@given(scalar=SCALARS, place=st.sampled_from(PLACES))
def test_any_plain_scalar_reads_the_same_both_ways(scalar: str, place: str) -> None:
    text = place.format(scalar.strip() or "x")
    data = load_fast(text)
    if data is not None:
        assert same(data, load_plain(text)), text
    assert_same_both_ways(text.encode("utf-8"))


@pytest.mark.fuzz
@FUZZ
@given(parts=st.lists(st.sampled_from(MORE_TOKENS), max_size=60))
def test_any_yaml_token_soup_reads_the_same_both_ways(parts: list[str]) -> None:
    raw = "".join(parts).encode("utf-8")
    assert_same_both_ways(raw)
    assert_same_both_ways(b"name: Ada\n" + raw + b"\n")


@pytest.mark.fuzz
@FUZZ
@given(
    sample=st.sampled_from(SAMPLES),
    at=st.integers(0, 10**6),
    insert=st.lists(st.sampled_from(MORE_TOKENS), min_size=1, max_size=4),
)
def test_any_hand_edit_of_a_sample_reads_the_same_both_ways(sample: bytes, at: int, insert: list[str]) -> None:
    lines = sample.split(b"\n")
    where = at % len(lines)
    lines.insert(where, "".join(insert).encode("utf-8"))
    assert_same_both_ways(b"\n".join(lines))
