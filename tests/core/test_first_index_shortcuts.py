"""Each shortcut of the first index's per-file read finds exactly what the full search or walk it stands for finds.

The index reads every file of a library; its cheap tests (the characters a routed form starts
with, a text with nothing to escape, the fields that can hold unknown keys) and its one pass over a
history must never change a result. Each is compared with the plain way over generated texts and
records. The default run is small; ``RUNNERUP_FUZZ_EXAMPLES=5000 pytest tests/core/test_first_index_shortcuts.py``
makes the long one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from runnerup_tui.domain.model import Candidate, Opening, Settings, unknown_keys
from runnerup_tui.domain.names import fold
from runnerup_tui.domain.summary import CandidateEntry
from runnerup_tui.domain.terms import CONVERSATION_KINDS, PERSONAL_KINDS, TouchpointKind
from runnerup_tui.store.fast_yaml import _RUAMEL_DECIDES, _holds_float_or_time, load_fast, printable, ruamel_decides
from runnerup_tui.store.parsing import (
    MAX_DEPTH,
    _conflict_marker,
    _has_deep_line,
    load_plain,
    parse_record,
    unsafe_text_findings,
    unsafe_value_findings,
)

EXAMPLES = int(os.environ.get("RUNNERUP_FUZZ_EXAMPLES", "25"))
PROPERTY = settings(
    max_examples=EXAMPLES * 8,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- a text with nothing to escape -----------------------------------------------------------

# raw characters: controls, C1 (NEL is a line break to ruamel), bidi overrides and isolates, spaces
# and marks that are not printable but safe, line breaks of other kinds, letters of other scripts
RAW = ["a", "Zoë", "王", " ", "\t", "\x1b", "\x07", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\u2069"]
RAW += ["\u00a0", "\u200b", "\u2028", "\u2029", "\ufeff", "\r", "\u00ad", "é", "#", ":", "-"]
# what a double-quoted YAML scalar turns into one of those characters, and escapes that are harmless
ESCAPES = ["\\e", "\\x1b", "\\x9b", "\\u202e", "\\u2069", "\\U0000202E", "\\N", "\\a", "\\0", "\\t", "\\r"]
ESCAPES += ["\\_", "\\L", "\\P", "\\n", "\\\\", '\\"', "\\x41", "\\u00e9", "\\U0001F600", "\\/", "\\ "]


def scalar() -> st.SearchStrategy[str]:
    raw = st.lists(st.sampled_from(RAW), max_size=5).map("".join)
    quoted = st.lists(st.sampled_from(RAW + ESCAPES), max_size=5).map(lambda parts: '"' + "".join(parts) + '"')
    single = raw.map(lambda text: "'" + text.replace("'", "''") + "'")
    block = raw.map(lambda text: "|\n    " + text)
    return st.one_of(raw.map(lambda text: "x" + text), quoted, single, block)


KEYS = st.sampled_from(["name", "notes", "headline", "tags", '"k\\e"', '"k\\u202e"', "kë", "'k\u202e'", "é"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = ["name: Eve"]
    for _ in range(draw(st.integers(1, 5))):
        key = draw(KEYS)
        if draw(st.booleans()):
            lines.append(f"{key}: {draw(scalar())}")
        else:
            lines.append(f"{key}:\n  - {draw(scalar())}\n  - {{k: {draw(scalar())}}}")
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + "\n"


@PROPERTY
@given(text=documents())
def test_a_text_proven_clean_holds_no_value_with_a_control_character_or_bidi_override(text: str) -> None:
    readings = []
    for load in (load_plain, load_fast):
        try:
            readings.append(load(text))
        except Exception:  # noqa: BLE001 - a text neither parser reads has no values to check
            pass
    for data in readings:
        if data is None:
            continue
        walked = unsafe_value_findings(data)
        assert unsafe_text_findings(text, data) == walked, text
        assert unsafe_text_findings(text, data, printable(text)) == walked, text


def test_an_escaped_control_character_in_a_file_otherwise_plain_is_still_found() -> None:
    for text in ('name: Eve\nnotes: "a \\e[2J b"\n', 'name: Eve\nnotes: "\\u202e"\n', 'name: "Zoë \\x9b"\n'):
        parsed = parse_record(text.encode(), "candidates/eve.yaml", Candidate, fast=True)
        assert [p.message for p in parsed.problems if "contains" in p.message], text


# -- the forms only ruamel reads -------------------------------------------------------------

PIECES = ["|", ">", "-", ":", "_", "0", "X", "O", "B", ".", "=", "?", "!", "&", "*", "%", "<", "[", "]", "{", "}"]
PIECES += [",", "#", " ", "\t", "\n", "\r", "a", "1", "---", "...", "<<", "|-", ">+", "2026-01-05", "T"]


@PROPERTY
@given(parts=st.lists(st.sampled_from(PIECES), max_size=40))
def test_looking_for_a_routed_form_only_where_its_first_character_is_finds_every_one(parts: list[str]) -> None:
    text = "".join(parts)
    for first, pattern in _RUAMEL_DECIDES:
        for match in pattern.finditer(text):
            assert text[match.start()] == first, (pattern.pattern, text)
    assert ruamel_decides(text) == any(pattern.search(text) for _, pattern in _RUAMEL_DECIDES), text


# `|` and `>` were one pattern each for both: split so that each starts with a literal character
BLOCK_INDICATOR_AS_ONE = [
    r"[|>](?<![^\s\[{,][|>])(?![-+0-9]*[ \t]*(?:#[^\n]*)?\r?\n)",
    r"[|>][-+0-9]*[ \t]*(?:#[^\n]*)?\s*(?:\n[ \t]*#[^\n]*\s*)*\Z",
]


@PROPERTY
@given(parts=st.lists(st.sampled_from(PIECES), max_size=40))
def test_the_patterns_for_a_block_indicator_find_what_one_pattern_for_both_found(parts: list[str]) -> None:
    text = "".join(parts)
    for as_one in BLOCK_INDICATOR_AS_ONE:
        at_end = as_one.endswith(r"\Z")
        split = [p for first, p in _RUAMEL_DECIDES if first in "|>" and p.pattern.endswith(r"\Z") == at_end]
        assert len(split) == 2
        assert any(p.search(text) for p in split) == (re.search(as_one, text) is not None), text


LINES = ["\n", "\r\n", " ", "  " * 8, "\t", "- " * 4, "? ", ": ", "x", "<", ">", "<<<<<<< HEAD", ">>>>>>> b", "======="]


@PROPERTY
@given(parts=st.lists(st.sampled_from(LINES), max_size=40))
def test_conflict_markers_and_deep_lines_are_found_where_a_search_of_every_line_finds_them(parts: list[str]) -> None:
    text = "".join(parts)
    every_line = re.compile(r"^(<{7,}|>{7,})( |$)", re.MULTILINE).search(text)
    marker = _conflict_marker(text)
    assert (marker and marker.start()) == (every_line and every_line.start()), text
    assert _has_deep_line(text) == bool(re.search(rf"^[ \t?:-]{{{MAX_DEPTH},}}", text, re.MULTILINE)), text


# -- values yaml-rs and ruamel may resolve differently ---------------------------------------

LEAVES = st.sampled_from(["a", 1, True, None, 1.5, dt.datetime(2026, 1, 5, 10), dt.date(2026, 1, 5), (1, 2), 0])
KEY_VALUES = st.sampled_from(["k", "name", 1, None, 2.5, (1, 2), frozenset({1}), dt.datetime(2026, 1, 5, 10)])
NESTED = st.recursive(
    LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEY_VALUES, inner, max_size=4)
)


def holds_float_or_time_walked(node: Any) -> bool:
    if isinstance(node, dict):
        return any(map(holds_float_or_time_walked, node)) or any(map(holds_float_or_time_walked, node.values()))
    if isinstance(node, list):
        return any(map(holds_float_or_time_walked, node))
    return type(node) in (float, dt.datetime, tuple, frozenset)


@PROPERTY
@given(data=st.dictionaries(KEY_VALUES, NESTED, max_size=5))
def test_a_float_a_time_or_a_collection_key_is_found_at_any_depth(data: dict[Any, Any]) -> None:
    assert _holds_float_or_time(data) == holds_float_or_time_walked(data)


# -- unknown keys ----------------------------------------------------------------------------


def every_unknown_key(record: BaseModel) -> list[tuple[tuple[Any, ...], str, list[str]]]:
    """Every key not in the schema, found by looking into every field of every record."""
    found: list[tuple[tuple[Any, ...], str, list[str]]] = []

    def visit(obj: BaseModel, path: tuple[Any, ...]) -> None:
        for key in obj.model_extra or {}:
            found.append((path, key, list(type(obj).model_fields)))
        for field in type(obj).model_fields:
            value = getattr(obj, field)
            if isinstance(value, BaseModel):
                visit(value, (*path, field))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, BaseModel):
                        visit(item, (*path, field, i))

    visit(record, ())
    return found


ODD = st.dictionaries(st.sampled_from(["skils", "emial", "Name", "x", "history", "1"]), st.just("v"), max_size=2)


@st.composite
def candidates(draw: st.DrawFn) -> dict[str, Any]:
    touchpoint = st.builds(lambda odd: {"date": "2026-01-05", "kind": "call", **odd}, ODD)
    return {
        "name": "Ada",
        **draw(ODD.map(lambda odd: {k: v for k, v in odd.items() if k != "history"})),
        "contact": {"email": "a@example.org", **draw(ODD)},
        "interviews": [{"role": "Engineer", **odd} for odd in draw(st.lists(ODD, max_size=3))],
        "rejection": {"reason": "x", **draw(ODD)},
        "consent": {"newsletter": True, **draw(ODD)},
        "history": draw(st.lists(touchpoint, max_size=4)),
    }


@PROPERTY
@given(data=candidates())
def test_unknown_keys_are_found_at_every_level_as_a_walk_of_every_field_finds_them(data: dict[str, Any]) -> None:
    try:
        record = Candidate.model_validate(data)
    except ValidationError:
        return
    assert unknown_keys(record) == every_unknown_key(record)


def test_unknown_keys_of_an_opening_and_the_settings_are_found_as_before() -> None:
    for model, data in ((Opening, {"title": "x", "tittle": "y"}), (Settings, {"naem": "x", "team": ["a"]})):
        record = model.model_validate(data)
        assert unknown_keys(record) == every_unknown_key(record) != []


# -- the summary of a history ----------------------------------------------------------------

KINDS = st.sampled_from([kind.value for kind in TouchpointKind])
TOUCHPOINT = st.fixed_dictionaries(
    {"date": st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 12)), "kind": KINDS},  # few days: many on one day
    optional={"summary": st.sampled_from(["Called", "Coffee in Lyon", ""]), "opening": st.sampled_from(["a", "b"])},
)


@PROPERTY
@given(history=st.lists(TOUCHPOINT, max_size=12))
def test_the_one_pass_summary_of_a_history_says_what_a_pass_per_fact_says(history: list[dict[str, Any]]) -> None:
    c = Candidate.model_validate({"name": "Ada", "history": history})
    entry = CandidateEntry.from_candidate("ada", c)
    latest = lambda kinds: max((t.date for t in c.history if t.kind in kinds), default=None)  # noqa: E731
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    personal = [t for t in c.history if t.kind in PERSONAL_KINDS]
    presented = [t for t in c.history if t.kind is TouchpointKind.PRESENTED]
    last_presented = max((t.date for t in presented), default=None)
    last_personal = max(reversed(personal), key=lambda t: t.date) if personal else None
    last = c.last_touchpoint()
    assert entry.last_contact == (iso(last.date) if last else None)
    assert entry.last_rejection_logged == iso(latest({TouchpointKind.REJECTION}))
    assert entry.last_conversation == iso(latest(CONVERSATION_KINDS))
    assert entry.last_career_update == iso(latest({TouchpointKind.CAREER_UPDATE}))
    assert entry.last_presented == iso(last_presented)
    assert entry.presented_for == sorted({t.opening for t in presented if t.opening})
    assert entry.personal_touchpoints == len(personal)
    assert entry.personal_since_presented == sum(1 for t in personal if not last_presented or t.date > last_presented)
    assert entry.last_personal_summary == (fold(last_personal.summary or "") if last_personal else "")


@PROPERTY
@given(text=st.lists(st.one_of(st.characters(max_codepoint=0x7F), st.sampled_from(RAW)), max_size=30).map("".join))
def test_a_text_is_printable_but_for_its_line_breaks_by_the_ascii_table_as_by_python(text: str) -> None:
    for variant in (text, text.encode("ascii", "ignore").decode()):  # the ASCII table, and Python's own test
        assert printable(variant) == variant.replace("\n", "").replace("\r", "").isprintable(), variant
