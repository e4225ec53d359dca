"""`show` reads one file without pydantic or ruamel and prints exactly what the models would have it print.

Every sample, generated, hostile and broken file, the YAML test suite's mappings, hand-made variations of
each rule and generated documents go through today's path (ruamel + pydantic, as ``read_candidate`` and the
index read them) and through the plain reading; wherever the plain reading takes a file, ``show`` and
``show --json`` give the same bytes, and the summary the same entry. The default run is small;
``RUNNERUP_FUZZ_EXAMPLES=5000 pytest -m fuzz`` makes the long one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hostile import HOSTILE_CANDIDATE, HOSTILE_OPENING
from hypothesis import given
from hypothesis import strategies as st
from support import SAMPLE

from core.test_broken_input import BROKEN
from core.test_fast_parser_conformance import DIFFERENT, FAST_AND_SAME, FUZZ, SUITE, generate_library, same
from core.test_fuzz_files import deep, huge_scalar
from runnerup_tui.cli.main import format_candidate, show_json
from runnerup_tui.domain import plain
from runnerup_tui.domain.model import Candidate, Consent, Contact, Interview, Opening, Rejection, Settings, Touchpoint
from runnerup_tui.domain.plain import plain_candidate, plain_opening, plain_settings
from runnerup_tui.domain.relationship import follow_up_date
from runnerup_tui.domain.safe_text import visible
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.summary import CandidateEntry, OpeningEntry
from runnerup_tui.store import fast_yaml, parsing
from runnerup_tui.store.plain_reading import MOST_BRACKETS, plain_data
from runnerup_tui.store.yamldoc import new_document_bytes

SETTINGS = (LibrarySettings(), LibrarySettings(cadence_days={plain.Fit.PURSUE: 30, plain.Fit.NEWSLETTER: 90}))


def show_bytes(cid: str, record: Any, settings: LibrarySettings) -> tuple[str, str, CandidateEntry]:
    """What `show` and `show --json` print for a record, and its summary (cli/main.py's own functions)."""
    entry = CandidateEntry.from_candidate(cid, record)
    follow_up = follow_up_date(entry, settings)
    text = visible(format_candidate(cid, record, follow_up) + "\n")
    data = json.dumps(show_json(cid, record, follow_up), ensure_ascii=False, indent=2, default=str) + "\n"
    return text, data, entry


def assert_plain_reads_as_the_models(raw: bytes, rel: str = "candidates/x.yaml") -> bool:
    """Whether the plain reading took ``raw``; when it did, it must give what today's path gives."""
    data = plain_data(raw)
    if rel == "runnerup.yaml":
        return _settings_same(raw, data)
    kind, model = (plain_opening, Opening) if rel.startswith("openings/") else (plain_candidate, Candidate)
    record = kind(data) if data is not None else None
    if record is None:
        return False
    slow = parsing.parse_record(raw, rel, model)  # what read_candidate and read_opening give
    fast = parsing.parse_record(raw, rel, model, fast=True)  # what the index and find give
    assert slow.ok and fast.ok, (raw[:300], slow.problems)
    assert same(record.to_json(), slow.record.model_dump(mode="json", exclude_none=True)), raw[:300]
    if model is Opening:
        assert OpeningEntry.from_opening("x", record) == OpeningEntry.from_opening("x", fast.record)
        return True
    for settings in SETTINGS:
        ours = show_bytes("x", record, settings)
        assert ours[:2] == show_bytes("x", slow.record, settings)[:2], raw[:300]
        assert same(dataclasses.asdict(ours[2]), dataclasses.asdict(CandidateEntry.from_candidate("x", fast.record)))
    return True


def _settings_same(raw: bytes, data: Any) -> bool:
    found = plain_settings(data) if data is not None else None
    if found is None:
        return False
    parsed = parsing.parse_record(raw, "runnerup.yaml", Settings, fast=True)
    assert parsed.ok, raw[:300]
    assert found == LibrarySettings.from_values(parsed.record.model_dump(mode="json", exclude_unset=True))
    return True


# -- the plain records are the models' own shape ---------------------------------------------


@pytest.mark.parametrize(
    ("ours", "model"),
    [
        (plain.PlainCandidate, Candidate),
        (plain.PlainContact, Contact),
        (plain.PlainInterview, Interview),
        (plain.PlainRejection, Rejection),
        (plain.PlainConsent, Consent),
        (plain.PlainTouchpoint, Touchpoint),
        (plain.PlainOpening, Opening),
    ],
)
def test_each_plain_record_has_the_models_fields_in_order_with_their_defaults(ours: Any, model: Any) -> None:
    assert [name for name, _, _ in ours.FIELDS] == list(model.model_fields)
    for name, _, default in ours.FIELDS:
        info = model.model_fields[name]
        if default is plain._REQUIRED:
            assert info.is_required(), name
        elif default is plain._EMPTY_LIST:
            assert info.get_default() == [], name
        else:
            assert info.get_default() == default, name


def test_the_plain_reading_leaves_big_and_bracketed_files_to_the_parsers_limits() -> None:
    assert plain.MOST_VALUES < fast_yaml.MAX_NODES
    assert MOST_BRACKETS < parsing.MAX_FLOW_OPEN
    assert parsing.MAX_DEPTH > 4  # a plain record nests four levels at most: history, entry, value


# -- the corpora -----------------------------------------------------------------------------


def test_every_sample_file_reads_plain_and_shows_the_same() -> None:
    files = sorted(SAMPLE.rglob("*.yaml"))
    taken = [assert_plain_reads_as_the_models(p.read_bytes(), p.relative_to(SAMPLE).as_posix()) for p in files]
    assert all(taken), [p for p, t in zip(files, taken) if not t]


def test_a_generated_library_reads_plain_and_shows_the_same(tmp_path: Path) -> None:
    root = generate_library(tmp_path / "lib", 300, seed=7)
    files = sorted(root.rglob("*.yaml"))
    taken = sum(assert_plain_reads_as_the_models(p.read_bytes(), p.relative_to(root).as_posix()) for p in files)
    assert taken == len(files)  # `show` at 10k takes this path


def test_hostile_broken_and_odd_files_show_the_same_or_go_to_the_models() -> None:
    corpus = [HOSTILE_CANDIDATE.encode(), HOSTILE_OPENING.encode(), *(raw for raw, _, _ in BROKEN.values())]
    corpus += [deep(depth, style) for depth in (5, 40, 1500) for style in ("flow-list", "flow-map", "block", "anchors")]
    corpus += [huge_scalar(kind, size) for kind in ("int", "float", "text", "quoted", "date") for size in (4, 5000)]
    corpus += [text.encode() for text in (*FAST_AND_SAME, *DIFFERENT)]
    corpus += [case["yaml"].encode() for case in SUITE.values()]
    taken = 0
    for raw in corpus:
        for rel in ("candidates/x.yaml", "openings/x.yaml", "runnerup.yaml"):
            taken += assert_plain_reads_as_the_models(raw, rel)
    assert taken >= 10  # the comparison is not vacuous


ADA = "name: Ada Lovelace\nhistory:\n  - id: t-1\n    date: 2026-01-05\n    kind: call\n"
# Each is valid or invalid in a way only the models convert or word: the plain reading must leave it to them.
FOR_THE_MODELS = [
    ADA + "rating: '3'\n",  # text pydantic would turn into a number
    ADA + "rating: true\n",
    ADA + "rating: 6\n",
    ADA + "rating: 0\n",
    ADA + "cadence_days: 0\n",
    ADA + "cadence_days: 36501\n",
    ADA + "next_contact: 20260301\n",
    ADA + "next_contact: 9999-12-31\n",
    ADA + "next_contact: 2026-02-30\n",
    ADA + "skills:\n",  # null where a list belongs
    ADA + "skills: [go, 3]\n",
    ADA + "skills: go\n",
    ADA + "fit: Pursue\n",
    ADA + "fit: maybe\n",
    ADA + "skils: [go]\n",  # an unknown key: a warning, and a value the models keep
    ADA + "contact:\n  email: a@b.c\n  fax: 1\n",
    ADA + "contact: a@b.c\n",
    ADA + "rejection:\n  newsletter_invited: yes\n",
    ADA + "interviews:\n  - date: 2026-01-01\n",  # no role
    ADA + "interviews:\n  - role: x\n    stage: lunch\n",
    ADA + "  - id: t-1\n    date: 2026-01-06\n    kind: note\n",  # a touchpoint id used twice
    ADA + "  - date: 2026-01-06\n",  # no kind
    ADA + "  - kind: call\n",  # no date
    ADA + "  - id: 7\n    date: 2026-01-06\n    kind: note\n",
    "name: '  '\n",
    "name:\n",
    "pronouns: she\n",
    "name: 3\n",
    "name: Ada\nnotes: " + "[" * (MOST_BRACKETS + 1) + "\n",
    "name: Ada\nskills:\n" + "  - a\n" * (plain.MOST_VALUES + 1),
]


@pytest.mark.parametrize("text", FOR_THE_MODELS)
def test_what_pydantic_would_convert_or_refuse_goes_to_the_models(text: str) -> None:
    assert plain_data(text.encode()) is not None or "[" * 100 in text  # yaml-rs reads it: plain declines it
    assert not assert_plain_reads_as_the_models(text.encode())


PLAIN_AND_SAME = [
    ADA,
    ADA + "fit: newsletter\nrating: 5\ncadence_days: 36500\nnext_contact: 2026-03-01\n",
    ADA + "contact: {}\nconsent: {given: 2026-01-01, expires: 2025-01-01}\n",  # expires before given: a warning
    ADA + "contact:\nrejection:\ninterviews: []\ntags: []\nowner: null\nfit: ~\n",
    ADA + "  - id: t-2\n    date: 2026-01-05\n    kind: note\n    summary: same day, later in the file\n",
    ADA + "interviews:\n  - role: Data Engineer\n    interviewers: []\n    stage: final\n",
    "name: Zoë Ångström 王小明\nnotes: |\n  two\n  lines\n",
    'name: "Ada \\e[2J \\u202e"\nheadline: "\\x07"\n',  # control characters: shown escaped alike
]


@pytest.mark.parametrize("text", PLAIN_AND_SAME)
def test_clean_files_read_plain_and_show_the_same(text: str) -> None:
    assert assert_plain_reads_as_the_models(text.encode())


@pytest.mark.parametrize("field", ["headline", "next_contact"])
def test_a_quoted_day_is_read_by_ruamel_and_the_models_and_shows_the_same(field: str) -> None:
    text = ADA + f"{field}: '2026-03-01'\n"  # text to YAML 1.2 and ruamel; yaml-rs would read a date
    assert plain_data(text.encode()) is None
    assert not assert_plain_reads_as_the_models(text.encode())


SETTINGS_FILES = [
    ("name: Team\ncadence_days: {pursue: 30, newsletter: 90}\nteam: [Ada, Grace]\n", True),
    ("name:\nrejection_call_within_days: 0\nconsent_days: 365\n", True),
    ("cadence_days: {pursue: 0}\n", False),
    ("cadence_days: {someday: 3}\n", False),
    ("consent_days: 0\n", False),
    ("team:\n", False),
    ("nmae: x\n", False),
]


@pytest.mark.parametrize(("text", "plain_reads"), SETTINGS_FILES)
def test_settings_read_plain_only_when_the_model_has_nothing_to_say(text: str, plain_reads: bool) -> None:
    assert assert_plain_reads_as_the_models(text.encode(), "runnerup.yaml") == plain_reads


# -- generated documents ---------------------------------------------------------------------

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 40000),
    st.sampled_from(["", " ", "Ada", "2026-03-01", "pursue", "call", "final", "email", "open", "x\ny", "3"]),
    st.dates(dt.date(1800, 1, 1), dt.date(2200, 1, 1)),
)
LISTS = st.lists(VALUES, max_size=3)
TOUCHPOINT = st.dictionaries(st.sampled_from(["id", "date", "kind", "by", "summary", "opening", "odd"]), VALUES)
INTERVIEW = st.dictionaries(st.sampled_from(["role", "date", "stage", "interviewers", "impression"]), VALUES | LISTS)
CANDIDATE = st.dictionaries(
    st.sampled_from([name for name, _, _ in plain.PlainCandidate.FIELDS] + ["skils"]),
    VALUES
    | LISTS
    | st.lists(TOUCHPOINT, max_size=3)
    | st.lists(INTERVIEW, max_size=2)
    | st.dictionaries(st.sampled_from(["email", "links", "given", "expires", "channel", "date"]), VALUES | LISTS),
)


@FUZZ
@given(CANDIDATE)
def test_generated_candidates_read_plain_only_as_the_models_read_them(data: dict[str, Any]) -> None:
    assert_plain_reads_as_the_models(new_document_bytes(data))


@FUZZ
@given(st.fixed_dictionaries({"name": st.just("Ada")}, optional={"history": st.lists(TOUCHPOINT, max_size=4)}))
def test_generated_histories_read_plain_only_as_the_models_read_them(data: dict[str, Any]) -> None:
    assert_plain_reads_as_the_models(new_document_bytes(data))
