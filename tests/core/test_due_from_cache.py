"""`runnerup due` answered from the agenda planned in the index cache: the same bytes as the agenda worked out
from the entries, on any day, for any window, and never stale after a hand edit, a settings change or a new day."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support import PROJECT, git, make_repo, run_cli

from runnerup_tui.domain.agenda import GROUP_TITLES, REASONS, AgendaItem, agenda
from runnerup_tui.domain.safe_text import visible
from runnerup_tui.store.agenda_cache import agenda_lines
from runnerup_tui.store.index import Index
from runnerup_tui.store.library import Library

sys.path.insert(0, str(PROJECT / "benchmarks"))
from generate import generate_library  # noqa: E402

BASE = dt.date(2026, 11, 25)
WINDOWS = (0, 7, 30, 400)


def ago(days: int) -> str:
    return (BASE - dt.timedelta(days=days)).isoformat()


# Candidates whose agenda changes with the day in every way the agenda knows: consent running out (also for a
# closed and a hired person), rejection calls after an interview and after an email, a newsletter invite with no
# rejection date (dated today, whichever day that is), a LinkedIn nudge that comes back, honest conversations,
# explicit and per-person cadences, an undecided fit, names a terminal would interpret or JSON must escape, and
# namesakes the order must tell apart.
EDGE_CASES = {
    "consent-soon": f"""name: Connie Consent
fit: pursue
contact: {{linkedin: https://example.com/connie}}
interests: [rowing, sourdough]
consent: {{given: {ago(700)}, expires: {ago(-20)}}}
history:
  - {{date: {ago(100)}, kind: career-update, summary: new job}}
  - {{date: {ago(50)}, kind: call, summary: talked about rowing}}
""",
    "consent-closed": f"""name: Clara Closed
fit: closed
consent: {{given: {ago(700)}, expires: {ago(-5)}}}
""",
    "consent-hired": f"""name: Harry Hired
fit: hired
consent: {{expires: {ago(10)}}}
interviews: [{{role: Data Engineer, date: {ago(30)}, stage: final}}]
""",
    "email-rejected": f"""name: Emil Email
interviews: [{{role: Data Engineer, date: {ago(40)}, stage: onsite}}]
rejection: {{date: {ago(35)}, channel: email, newsletter_invited: true}}
fit: pursue
""",
    "email-then-coffee": f"""name: Cora Coffee
interviews: [{{role: Designer, date: {ago(80)}, stage: final}}]
rejection: {{date: {ago(75)}, channel: email}}
fit: newsletter
history:
  - {{date: {ago(60)}, kind: coffee, summary: coffee near the office}}
""",
    "no-rejection-yet": f"""name: Nora Pending
interviews:
  - {{role: Data Engineer, date: {ago(2)}, stage: final}}
  - {{role: Platform Engineer, date: {ago(200)}, stage: phone}}
""",
    "invited-undated": """name: Ida Undated
rejection: {channel: call, newsletter_invited: true}
fit: newsletter
""",
    "invited-undated-twin": f"""name: Ida Undated
rejection: {{channel: call, newsletter_invited: true}}
fit: pursue
next_contact: {ago(-3)}
""",
    "invited-dated": f"""name: Ida Dated
rejection: {{date: {ago(-6)}, channel: video, newsletter_invited: true}}
fit: newsletter
""",
    "nudge-returns": f"""name: Nick Nudge
fit: pursue
contact: {{linkedin: https://example.com/nick}}
history:
  - {{date: {ago(100)}, kind: career-update, summary: promoted}}
  - {{date: {ago(50)}, kind: call}}
""",
    "honest-talk": f"""name: Hugo Honest
fit: pursue
interests: [chess]
notes: Builds chess engines at night. Also plays the cello.
rejection: {{date: {ago(500)}, channel: call}}
history:
  - {{date: {ago(400)}, kind: coffee, summary: chess}}
  - {{date: {ago(350)}, kind: call}}
  - {{date: {ago(300)}, kind: article}}
  - {{date: {ago(250)}, kind: congrats}}
  - {{date: {ago(200)}, kind: endorsement}}
  - {{date: {ago(150)}, kind: linkedin}}
  - {{date: {ago(100)}, kind: email, summary: sent an article on chess engines}}
""",
    "explicit-date": f"""name: Xavier Explicit
fit: pursue
next_contact: {ago(-3)}
cadence_days: 10
history: [{{date: {ago(5)}, kind: call}}]
""",
    "own-cadence": f"""name: Olga Own-Cadence
cadence_days: 10
history: [{{date: {ago(5)}, kind: call}}]
""",
    "terminal-tricks": f"""name: "Eve \\e[31mRed\\u202e \\"quoted\\" back\\\\slash"
fit: pursue
interests: ["tabs\\tand\\u2028lines"]
history: [{{date: {ago(70)}, kind: call}}]
""",
    "sam-same-b": f"""name: Sam Same
fit: pursue
history: [{{date: {ago(61)}, kind: email}}]
""",
    "sam-same-a": f"""name: Sam Same
fit: pursue
history: [{{date: {ago(61)}, kind: email}}]
""",
    "far-future": """name: Fay Far
fit: pursue
next_contact: 2200-12-31
consent: {expires: 2200-12-31}
""",
    "long-ago": """name: Lou Long-Ago
fit: pursue
interviews: [{role: Analyst, date: 1900-01-02, stage: screen}]
consent: {given: 1900-01-01, expires: 1900-01-05}
""",
}

# the days the edge cases change on (each ±1), and days far off
EDGE_DAYS = sorted(
    {
        BASE + dt.timedelta(days=d + e)
        for d in (-100, -5, 0, 1, 3, 5, 6, 10, 20, 80, 81, 330, 331, 1000)
        for e in (-1, 0, 1)
    }
    | {dt.date(1900, 1, 1), dt.date(1900, 1, 5), dt.date(1900, 1, 6), dt.date(2200, 12, 31)}
)


def write_edge_cases(root: Path) -> None:
    for cid, text in EDGE_CASES.items():
        (root / "candidates" / f"{cid}.yaml").write_text(text, encoding="utf-8")


def read_afresh(root: Path) -> Index:
    """The library read from its files, with no cache."""
    return Index(root, None).load()


def expected_lines(fresh: Index, today: dt.date, within: int, as_json: bool) -> list[tuple[int, bytes]]:
    """``due``'s lines as the agenda works them out from every entry, written the way `due` always wrote them."""
    items = agenda(fresh.candidates.values(), fresh.settings, today, within)
    return [(REASONS.index(item.reason), _line(item, as_json).encode()) for item in items]


def _line(item: AgendaItem, as_json: bool) -> str:
    if as_json:
        return json.dumps(item.to_json(), ensure_ascii=False)
    return visible(f"  {item.date}  {item.name} ({item.id}) — {item.line}")


def expected_output(root: Path, today: dt.date, within: int, as_json: bool) -> str:
    """The whole of `due`'s output as the command printed it before the agenda was planned ahead."""
    index = read_afresh(root)
    items = agenda(index.candidates.values(), index.settings, today, within)
    if as_json:
        rows = [json.dumps(item.to_json(), ensure_ascii=False) for item in items]
        return "[\n  " + ",\n  ".join(rows) + "\n]\n" if rows else "[]\n"
    if not items:
        return f"nothing due in the next {within} days\n"
    out = []
    for reason in REASONS:
        group = [item for item in items if item.reason == reason]
        if group:
            out += [f"{GROUP_TITLES[reason]} ({len(group)})", *(_line(item, False) for item in group), ""]
    return "\n".join(out) + "\n"


def due(root: Path, today: dt.date, *args: str) -> str:
    done = run_cli("--library", str(root), "due", *args, env={"RUNNERUP_TODAY": today.isoformat()})
    assert done.returncode == 0, done.stderr
    return done.stdout


def cached_index(root: Path) -> Index:
    return Library.open(root, None, root / ".git" / "runnerup", decode=False).index


def planned_rows(root: Path) -> int:
    (cache,) = (root / ".git" / "runnerup").glob("index-*.sqlite")
    with sqlite3.connect(cache) as db:
        return db.execute("SELECT count(*) FROM agenda_planned").fetchone()[0]


@pytest.fixture
def edge_library(library: Path) -> Path:
    """The sample library with the edge cases added and committed."""
    write_edge_cases(library)
    git(library, "add", "-A")
    git(library, "commit", "-qm", "Edge cases")
    return library


# -- the same lines as the agenda, on any day ----------------------------------------------------------------


def test_due_from_the_cache_lists_what_the_agenda_lists_on_every_day_the_edge_cases_change(edge_library: Path) -> None:
    index, fresh = cached_index(edge_library), read_afresh(edge_library)
    for today in EDGE_DAYS:
        for within in WINDOWS:
            for as_json in (True, False):
                got = agenda_lines(index, index.settings, today, within, as_json=as_json)
                assert got is not None, "the cache answers"
                assert got == expected_lines(fresh, today, within, as_json), (today, within, as_json)


def test_due_from_the_cache_lists_what_the_agenda_lists_over_a_generated_library(tmp_path: Path) -> None:
    root = generate_library(tmp_path / "generated", 300, seed=7)
    write_edge_cases(root)
    index, fresh = cached_index(root), read_afresh(root)
    settings = index.settings
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=d) for d in range(0, 1400, 97)]
    for today in days:
        for within in WINDOWS:
            for as_json in (True, False):
                got = agenda_lines(index, settings, today, within, as_json=as_json)
                assert got == expected_lines(fresh, today, within, as_json), (today, within, as_json)


def test_the_command_prints_the_same_bytes_as_before_in_text_and_json(edge_library: Path) -> None:
    for today, within in ((BASE, 7), (BASE + dt.timedelta(days=21), 30), (dt.date(1900, 1, 3), 0)):
        args = ("--within", str(within))
        assert due(edge_library, today, *args, "--json") == expected_output(edge_library, today, within, True)
        assert due(edge_library, today, *args) == expected_output(edge_library, today, within, False)
    assert planned_rows(edge_library) == len(EDGE_CASES) + 28


def test_nothing_due_reads_as_before(tmp_path: Path) -> None:
    root = make_repo_with(tmp_path, {"nobody-yet": "name: Nobody Yet\nfit: closed\n"})
    assert due(root, BASE, "--within", "3") == "nothing due in the next 3 days\n"
    assert due(root, BASE, "--json") == "[]\n"


def make_repo_with(tmp_path: Path, candidates: dict[str, str]) -> Path:
    root = tmp_path / "lib"
    (root / "candidates").mkdir(parents=True)
    for cid, text in candidates.items():
        (root / "candidates" / f"{cid}.yaml").write_text(text, encoding="utf-8")
    return make_repo(root)


# -- never stale -------------------------------------------------------------------------------------------------


def test_a_hand_edit_changes_due_as_the_agenda_does(edge_library: Path) -> None:
    before = due(edge_library, BASE, "--json")
    ada = edge_library / "candidates" / "ada-lovelace.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("cadence_days: 45", f"next_contact: {BASE}"), "utf-8")
    (edge_library / "candidates" / "sam-same-a.yaml").unlink()
    (edge_library / "candidates" / "new-person.yaml").write_text(
        f"name: New Person\nfit: pursue\nhistory: [{{date: {ago(90)}, kind: call}}]\n", encoding="utf-8"
    )
    after = due(edge_library, BASE, "--json")
    assert after != before
    assert after == expected_output(edge_library, BASE, 7, True)
    assert '"id": "new-person"' in after and '"id": "sam-same-a"' not in after
    assert due(edge_library, BASE) == expected_output(edge_library, BASE, 7, False)


def test_a_settings_change_replans_every_candidate(edge_library: Path) -> None:
    before = due(edge_library, BASE, "--json", "--within", "30")
    settings = edge_library / "runnerup.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        .replace("pursue: 60", "pursue: 20")
        .replace("within_days: 3", "within_days: 9"),
        encoding="utf-8",
    )
    after = due(edge_library, BASE, "--json", "--within", "30")
    assert after != before
    assert after == expected_output(edge_library, BASE, 30, True)
    settings.unlink()  # the defaults apply
    assert due(edge_library, BASE, "--json", "--within", "30") == expected_output(edge_library, BASE, 30, True)


def test_an_opening_change_leaves_due_as_the_agenda_has_it(edge_library: Path) -> None:
    before = due(edge_library, BASE, "--json")
    (edge_library / "openings" / "night-shift.yaml").write_text(
        "title: Night Shift\nskills: [chess]\n", encoding="utf-8"
    )
    for opening in (edge_library / "openings").glob("senior-*.yaml"):
        opening.write_text(opening.read_text(encoding="utf-8").replace("status: open", "status: filled"), "utf-8")
    assert due(edge_library, BASE, "--json") == before == expected_output(edge_library, BASE, 7, True)


def test_the_next_day_moves_every_line_without_planning_again(edge_library: Path) -> None:
    due(edge_library, BASE, "--json")
    (cache,) = (edge_library / ".git" / "runnerup").glob("index-*.sqlite")
    with sqlite3.connect(cache) as db:
        rows = db.execute("SELECT * FROM agenda ORDER BY reason, day, name, id, first").fetchall()
    for days in (1, 2, 31, 366):
        today = BASE + dt.timedelta(days=days)
        assert due(edge_library, today, "--json") == expected_output(edge_library, today, 7, True)
        assert due(edge_library, today) == expected_output(edge_library, today, 7, False)
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT * FROM agenda ORDER BY reason, day, name, id, first").fetchall() == rows


def test_a_write_by_the_app_drops_that_candidate_s_rows_and_due_plans_them_again(edge_library: Path) -> None:
    index = cached_index(edge_library)
    assert agenda_lines(index, index.settings, BASE, 7, as_json=True) == expected_lines(
        read_afresh(edge_library), BASE, 7, True
    )
    ada = edge_library / "candidates" / "ada-lovelace.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("fit: pursue", "fit: closed"), encoding="utf-8")
    index.update(["candidates/ada-lovelace.yaml"])  # as the app does after it saved the file
    assert planned_rows(edge_library) == len(EDGE_CASES) + 27
    got = agenda_lines(index, index.settings, BASE, 7, as_json=True)
    assert got == expected_lines(read_afresh(edge_library), BASE, 7, True)
    assert planned_rows(edge_library) == len(EDGE_CASES) + 28


def test_a_cache_that_could_not_be_written_is_not_asked(edge_library: Path) -> None:
    index = cached_index(edge_library)
    assert agenda_lines(index, index.settings, BASE, 7, as_json=True) is not None
    assert index.cache_file is not None
    stored = index.cache_file.with_name("stored.sqlite")
    index.cache_file.rename(stored)
    index.cache_file.mkdir()  # a folder where the cache file should be: the write after the edit fails
    ada = edge_library / "candidates" / "ada-lovelace.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("fit: pursue", "fit: closed"), encoding="utf-8")
    index.refresh()
    index.cache_file.rmdir()
    stored.rename(index.cache_file)  # the cache is back, with Ada's old rows
    assert index.cache_behind
    assert agenda_lines(index, index.settings, BASE, 7, as_json=True) is None
    # the command works the agenda out from the entries, and the next one that can write catches the cache up
    assert due(edge_library, BASE, "--json") == expected_output(edge_library, BASE, 7, True)


def test_due_on_a_library_outside_git_answers_from_the_user_cache(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    shutil.copytree(PROJECT / "library", root)
    write_edge_cases(root)
    for _ in range(2):  # the first plans, the second selects
        assert due(root, BASE, "--json", "--within", "30") == expected_output(root, BASE, 30, True)
    assert list((Path(os.environ["XDG_CACHE_HOME"]) / "runnerup").glob("index-*.sqlite"))


def test_rows_planned_by_other_code_are_planned_again_also_in_a_table_of_another_shape(edge_library: Path) -> None:
    index = cached_index(edge_library)
    assert agenda_lines(index, index.settings, BASE, 7, as_json=True) is not None
    assert index.cache_file is not None
    with sqlite3.connect(index.cache_file) as db:
        db.execute("DROP TABLE agenda")
        db.execute("CREATE TABLE agenda (path TEXT, line TEXT)")  # as some other version of runnerup left it
        db.execute("UPDATE meta SET value = 'planned by other code' WHERE key = 'agenda'")
    got = agenda_lines(index, index.settings, BASE, 7, as_json=True)
    assert got is not None, "the cache answers again"
    assert got == expected_lines(read_afresh(edge_library), BASE, 7, True)


def test_a_terminal_that_does_not_speak_utf8_gets_the_same_text_in_its_own_encoding(edge_library: Path) -> None:
    for as_json in (True, False):
        done = subprocess.run(
            [sys.executable, "-m", "runnerup_tui", "--library", str(edge_library), "due", *(["--json"] * as_json)],
            capture_output=True,
            env={**os.environ, "RUNNERUP_TODAY": BASE.isoformat(), "PYTHONIOENCODING": "utf-16"},
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.decode("utf-16") == expected_output(edge_library, BASE, 7, as_json)
