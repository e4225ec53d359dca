"""`runnerup search` answered from the cache's search index: exactly what searching every entry finds."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import SAMPLE, make_repo, run_cli

from runnerup_tui.domain.problems import UsageError
from runnerup_tui.domain.relationship import follow_up_date
from runnerup_tui.domain.search import Me, Searcher, parse_query
from runnerup_tui.store import search_index
from runnerup_tui.workspace import open_library

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate_library  # noqa: E402

TODAY = dt.date(2026, 11, 26)

# People whose text folds in every way Searcher's does: ß, dotted İ, ligatures, final sigma, CJK, quotes,
# a name on two lines, control characters, owners spaced oddly, no fit (undecided), one- and two-letter words.
ODD_PEOPLE = {
    "jurgen-gross": """
name: Jürgen Groß
headline: Straße Architect at Öl GmbH
location: İstanbul
fit: newsletter
skills: [Kafka Streams, C, "R&D"]
tags: [remote, "ﬁnance"]
interests: ["Σίσυφος", 王小明]
owner: "Grace   Hopper"
notes: |
  Said "hello" in 5 languages; loves 100% rye bread, the * key and a_b (x) [y] ^z NEAR OR AND NOT.
interviews:
  - role: Data Engineer
    date: 2026-01-10
    stage: final
    impression: Wrote SQL like prose.
""",
    "ab": """
name: Ab Cd
headline: X
owner: grace
fit: closed
notes: ab ba a b i ı
""",
    "line-break": """
name: "Line\\nBreak O'Brien"
headline: "Tab\\there, \\u202eevil\\u202c and \\u001b[31mred"
history:
  - date: 2026-10-01
    kind: call
    summary: Zanzibar kafka follow-up
""",
    "undecided": """
name: Ünde Cided
skills: [python, kafka]
owner: Grace Hopper
next_contact: 2026-11-01
""",
}

QUERIES = [
    "kafka",
    "KAFKA",
    "kaf",
    "ka",
    "k",
    "a",
    "i",
    "ı",
    "ß",
    "ss",
    "zoë",
    "zoe",
    "ZOË ÅNGSTRÖM",
    "strasse",
    "straße",
    "groß",
    "gross",
    "istanbul",
    "İstanbul",
    "finance",
    "ﬁnance",
    "王",
    "王小明",
    "σίσυφος",
    "ΣΊΣΥΦΟΣ",
    "σισυφοσ",
    '"hello"',
    'said "hello',
    '"hello" in',
    '"data engineer"',
    "data engineer",
    "r&d",
    "100%",
    "%",
    "_",
    "a_b",
    "*",
    "kafka*",
    "(x)",
    "[y]",
    "^z",
    "near",
    "NEAR",
    "or",
    "and",
    "not",
    "kafka OR spark",
    "-kafka",
    ":",
    "'",
    "o'brien",
    "obrien",
    "line",
    "break",
    "\\n",
    "evil",
    "\u202e",
    "red",
    "\x1b",
    "zanzibar",
    "ab cd",
    "ab",
    "b",
    "xyzzy",
    "lovelace ada",
    "ada",
    "skill:kafka",
    "skill:ka",
    "skill:c",
    "skill:r&d",
    "skill:python kafka",
    "fit:pursue",
    "fit:undecided",
    "fit:closed",
    "fit:newsletter",
    "fit:hired",
    "fit:undecided kafka",
    "tag:remote",
    "tag:finance",
    "tag:ﬁnance",
    "owner:grace",
    "owner:me",
    "owner:me kafka",
    "owner:hopper",
    "owner:GRACE",
    "role:engineer",
    'role:"data engineer"',
    "role:data",
    "interest:chess",
    "interest:王",
    "interest:σισυφ",
    "name:ada",
    "name:a",
    "name:o'brien",
    "due:overdue",
    "due:today",
    "due:week",
    "due:month",
    "due:overdue kafka",
    "due:month owner:me",
    "fit:pursue skill:python ada",
    "fit:pursue skill:python role:engineer due:month",
    "",
    "   ",
    "\udcff",
    "a\udcffb",
]


def _add_odd_people(root: Path) -> None:
    for cid, text in ODD_PEOPLE.items():
        (root / "candidates" / f"{cid}.yaml").write_text(text.lstrip(), encoding="utf-8")
    (root / "candidates" / "broken.yaml").write_text("name: [kafka\n", encoding="utf-8")


@pytest.fixture(scope="module", params=["sample", "generated"])
def odd_library(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample library, or 200 generated candidates, with the odd people; its cache warm (first index done)."""
    root = tmp_path_factory.mktemp(request.param) / "library"
    if request.param == "sample":
        shutil.copytree(SAMPLE, root)
        _add_odd_people(root)
        make_repo(root)
    else:
        (root / "candidates").mkdir(parents=True)
        _add_odd_people(root)
        generate_library(root, 200)
    open_library(root)  # the first index
    return root


def _me() -> Me:
    return Me.named("Grace Hopper", ["Grace Hopper", "Ken Thompson"])


def _shown(entries, settings_) -> list[tuple]:  # noqa: ANN001
    """What `runnerup search` prints of each hit, in order."""
    return [
        (e.id, e.name, e.headline, e.fit, e.rating, e.owner, e.skills, e.last_contact, follow_up_date(e, settings_))
        for e in entries
    ]


@functools.cache
def _everyone(root: Path) -> Searcher:
    """The app's search over every entry of ``root`` (the fixture libraries do not change)."""
    index = open_library(root).index
    return Searcher(index.candidates.values(), index.settings, TODAY)


def _both_ways(root: Path, text: str) -> tuple[list[tuple], list[tuple]] | None:
    """(from the search index, searching every entry) for one query; None when the query is a usage error."""
    try:
        query = parse_query(text, me=_me)
    except UsageError:
        return None
    index = open_library(root, decode=False).index  # as the CLI opens it: stat keys only
    lib_settings = index.settings
    cached = search_index.search_cached(index, query, lib_settings, TODAY)
    everyone = _everyone(root).search(query)
    if cached is None:  # only a word sqlite cannot hold (from undecodable bytes, or a NUL) goes the old way
        pieces = query.words + [value for _, value in query.filters]
        assert any("\udcff" in p or "\x00" in p for p in pieces), f"the search index did not answer {text!r}"
        return _shown(everyone, lib_settings), _shown(everyone, lib_settings)
    return _shown(cached, lib_settings), _shown(everyone, lib_settings)


def test_the_machines_sqlite_has_the_trigram_index_so_the_tests_below_use_it() -> None:
    assert search_index.available() == (sqlite3.sqlite_version_info >= (3, 34))


@pytest.mark.parametrize("text", QUERIES)
def test_searching_the_index_finds_exactly_what_searching_every_entry_finds(odd_library: Path, text: str) -> None:
    both = _both_ways(odd_library, text)
    if both is not None:
        assert both[0] == both[1]


_WORDS = st.sampled_from(
    [
        "kafka",
        "ka",
        "a",
        "zoe",
        "zoë",
        "groß",
        "ss",
        "İ",
        "i",
        "王",
        "σ",
        "ς",
        '"',
        "'",
        "%",
        "_",
        "*",
        "\\",
        "-",
        "ada",
        "lovelace",
        "data",
        "engineer",
        "migration",
        "calm",
        "under",
        "0",
        "1",
        "12",
        "hopper",
        "rye",
        "(",
        ")",
    ]
)
_QUALIFIED = st.tuples(
    st.sampled_from(["skill", "fit", "tag", "owner", "role", "due", "name", "interest"]),
    st.sampled_from(
        [
            "pursue",
            "undecided",
            "closed",
            "overdue",
            "month",
            "me",
            "grace",
            "kafka",
            "py",
            "data",
            "remote",
            "a",
            '"data engineer"',
            "ß",
            "王",
        ]
    ),
).map(lambda qv: f"{qv[0]}:{qv[1]}")
_QUERY = st.lists(st.one_of(_WORDS, _QUALIFIED, st.text(max_size=4)), max_size=4).map(" ".join)


@settings(
    max_examples=int(os.environ.get("RUNNERUP_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=_QUERY)
def test_any_query_finds_from_the_index_what_searching_every_entry_finds(odd_library: Path, text: str) -> None:
    both = _both_ways(odd_library, text)
    if both is not None:
        assert both[0] == both[1]


FORCED_WITHOUT_FTS = """
import sys
from runnerup_tui.store import search_index
search_index.available = lambda: False
from runnerup_tui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _without_fts(*args: str) -> subprocess.CompletedProcess[str]:
    """runnerup as on a machine whose sqlite has no FTS5 trigram tokenizer."""
    return subprocess.run(
        [sys.executable, "-c", FORCED_WITHOUT_FTS, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "RUNNERUP_TODAY": TODAY.isoformat()},
        timeout=120,
    )


def _index_rows(root: Path) -> int:
    (cache,) = (root / ".git" / "runnerup").glob("index-*.sqlite")
    with sqlite3.connect(cache) as db:
        try:
            return db.execute(f"SELECT count(*) FROM {search_index.DOCS}").fetchone()[0]
        except sqlite3.OperationalError:
            return -1


def test_the_command_prints_the_same_bytes_with_and_without_the_search_index(library: Path) -> None:
    _add_odd_people(library)
    assert run_cli("--library", str(library), "check").returncode == 1  # the first index (broken.yaml is an error)
    assert _index_rows(library) == 0, "the first index leaves the search index to the first search"
    for argv in (
        ["kafka"],
        ["ada", "--json"],
        ["kafka", "--json"],
        ["a"],
        ["fit:pursue", "--json"],
        ["groß"],
        ["owner:grace", "skill:kafka", "--json"],
        ["zanzibar"],
        ["nobody-xyz", "--json"],
        ["colour:blue"],
    ):
        fast = run_cli("--library", str(library), "search", *argv, env={"RUNNERUP_TODAY": TODAY.isoformat()})
        slow = _without_fts("--library", str(library), "search", *argv)
        assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr), argv
    assert _index_rows(library) == len(list((library / "candidates").glob("*.yaml"))) - 1  # all but broken.yaml


def test_a_file_edited_by_hand_is_found_by_its_new_words_and_not_by_its_old_ones(library: Path) -> None:
    def found(*words: str) -> list[str]:
        result = run_cli("--library", str(library), "search", *words, "--json")
        return [e["id"] for e in json.loads(result.stdout)]

    assert "ada-lovelace" in found("ada")  # builds the search index
    assert _index_rows(library) > 0
    ada = library / "candidates" / "ada-lovelace.yaml"
    text = ada.read_text(encoding="utf-8")
    ada.write_text(text.replace("Ada Lovelace", "Augusta Quixotic"), encoding="utf-8")
    (library / "candidates" / "new-person.yaml").write_text("name: Newton Quixotic\n", encoding="utf-8")
    (library / "candidates" / "zoe-angstrom.yaml").unlink()

    assert found("quixotic") == ["ada-lovelace", "new-person"]
    assert "ada-lovelace" not in found("lovelace")
    assert found("zoe") == []
    # the index took the changes in: the next command finds them without re-reading a file
    assert found("quixotic") == ["ada-lovelace", "new-person"]
    index = open_library(library, decode=False).index
    assert index.reparsed == 0
    question = f"SELECT path FROM {search_index.DOCS} WHERE text LIKE '%quixotic%'"
    rows = index.ask(lambda db: db.execute(question).fetchall())
    assert sorted(path for (path,) in rows) == ["candidates/ada-lovelace.yaml", "candidates/new-person.yaml"]


def test_a_change_stored_by_a_runnerup_without_fts5_is_not_missed_by_one_with_it(library: Path) -> None:
    assert run_cli("--library", str(library), "search", "ada").returncode == 0  # builds the search index
    ada = library / "candidates" / "ada-lovelace.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("Ada Lovelace", "Ada Zanzibar"), encoding="utf-8")
    # this one stores the changed file's row but cannot touch the trigram table
    assert _without_fts("--library", str(library), "search", "zanzibar").returncode == 0
    found = run_cli("--library", str(library), "search", "zanzibar", "--json")
    assert [e["id"] for e in json.loads(found.stdout)] == ["ada-lovelace"]


def test_without_fts5_the_search_index_is_not_asked(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "available", lambda: False)
    index = open_library(library, decode=False).index
    assert search_index.search_cached(index, parse_query("ada"), index.settings, TODAY) is None
    found = search_index.search_library(index, parse_query("ada"), index.settings, TODAY)
    everyone = Searcher(open_library(library).index.candidates.values(), index.settings, TODAY)
    assert [e.id for e in found] == [e.id for e in everyone.search(parse_query("ada"))]
    assert _index_rows(library) == -1, "no table was made for it"


_SCALAR = st.one_of(st.text(), st.integers(), st.none(), st.booleans(), st.floats())
_VALUE = st.one_of(_SCALAR, st.lists(_SCALAR, max_size=3), st.lists(st.lists(_SCALAR), max_size=2), st.dates())


@settings(max_examples=int(os.environ.get("RUNNERUP_FUZZ_EXAMPLES", "300")), deadline=None)
@given(records=st.lists(st.dictionaries(st.text(max_size=8), _VALUE, max_size=5), max_size=4))
def test_search_json_is_written_exactly_as_json_dumps_with_indent_2_writes_it(records: list[dict]) -> None:
    from runnerup_tui.cli.main import indented_records

    assert indented_records(records) == json.dumps(records, ensure_ascii=False, indent=2, default=str)


def test_a_file_stored_twice_in_one_write_is_indexed_once_and_the_cache_survives(library: Path) -> None:
    index = open_library(library, decode=False).index
    assert [e.id for e in search_index.search_library(index, parse_query("lovelace"), index.settings)] == [
        "ada-lovelace"
    ]
    ada = library / "candidates" / "ada-lovelace.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("Ada Lovelace", "Ada Quixotic"), encoding="utf-8")
    index.update(["candidates/ada-lovelace.yaml", "candidates/ada-lovelace.yaml"])

    again = open_library(library, decode=False).index
    assert again.reparsed == 0, "the cache was kept"
    found = search_index.search_cached(again, parse_query("quixotic"), again.settings)
    assert found is not None and [e.id for e in found] == ["ada-lovelace"]
    assert search_index.search_cached(again, parse_query("lovelace"), again.settings) == []


def _segments(library: Path) -> int:
    cache = next((library / ".git" / "runnerup").glob("index-*.sqlite"))
    with sqlite3.connect(cache) as db:
        return db.execute(f"SELECT count(DISTINCT segid) FROM {search_index.TEXT}_idx").fetchone()[0]


def test_a_forgotten_persons_words_leave_the_search_index(library: Path) -> None:
    assert run_cli("--library", str(library), "search", "olivia").returncode == 0  # builds the search index
    assert _segments(library) == 1
    assert run_cli("--library", str(library), "forget", "olivia", "--yes").returncode == 0
    assert run_cli("--library", str(library), "search", "olivia").returncode == 1
    # An FTS5 delete only adds a segment that marks the row deleted: the trigrams of the forgotten person's
    # notes would stay in the older segment until segments merge. Merged at once, one segment is left.
    assert _segments(library) == 1
