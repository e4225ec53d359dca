"""Broken files and $EDITOR: the problems screen, opening a file at a line, edits that break."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList

from runnerup_tui.tui.dialogs.confirm import ConfirmDialog
from runnerup_tui.tui.screens.problems import ProblemsScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import detail_text, git, screen_text, settle, shown_ids, wait_until

FAKE_EDITOR = """\
import json, os, pathlib, sys
log = pathlib.Path(os.environ["FAKE_EDITOR_LOG"])
calls = json.loads(log.read_text()) if log.exists() else []
calls.append(sys.argv[1:])
path = pathlib.Path(sys.argv[-1])
actions = json.loads(os.environ.get("FAKE_EDITOR_ACTIONS", "[]"))
if len(calls) <= len(actions) and actions[len(calls) - 1]:
    old, new = actions[len(calls) - 1]
    path.write_text(path.read_text().replace(old, new))
log.write_text(json.dumps(calls))
"""


class FakeEditor:
    """``$EDITOR`` for tests: records each call and applies one text replacement per call."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        script = folder / "fake_editor.py"
        script.write_text(FAKE_EDITOR)
        self.log = folder / "editor-calls.json"
        self.monkeypatch = monkeypatch
        monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
        monkeypatch.setenv("FAKE_EDITOR_LOG", str(self.log))

    def will(self, *replacements: tuple[str, str] | None) -> None:
        self.monkeypatch.setenv("FAKE_EDITOR_ACTIONS", json.dumps(replacements))

    @property
    def calls(self) -> list[list[str]]:
        return json.loads(self.log.read_text()) if self.log.exists() else []


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeEditor:
    return FakeEditor(tmp_path, monkeypatch)


@pytest.fixture
def broken_library(sample_library: Path) -> Path:
    """The sample with one invalid value (Ada's rating) and one file that is not YAML."""
    ada = sample_library / "candidates/ada-lovelace.yaml"
    ada.write_text(ada.read_text().replace("rating: 5  # would hire tomorrow", "rating: 9"))
    (sample_library / "candidates/half-typed.yaml").write_text("name: Half Typed\nskills: [python\n")
    return sample_library


async def test_problems_are_listed_and_the_rest_of_the_library_still_works(make_app, broken_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        assert len(shown_ids(pilot)) == 27 and "ada-lovelace" not in shown_ids(pilot)
        assert app.screen.sub_title.endswith("27/27 shown · 2 problems (p)")
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(pilot)
        assert "candidates/ada-lovelace.yaml:35: error: rating: must be between 1 and 5 (got 9)" in text
        assert "candidates/half-typed.yaml:3: error: YAML syntax error" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen)


async def test_enter_on_a_problem_opens_the_editor_at_its_line_and_the_fix_shows_up(make_app, broken_library, editor):
    editor.will(("rating: 9", "rating: 5"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("p")
        await settle(pilot)
        problems = app.screen.query_one(OptionList)
        assert problems.highlighted == 0
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(editor.calls) == 1)
        await wait_until(pilot, lambda: len(app.screen.problems) == 1)  # the fixed file drops off
        assert editor.calls[0] == ["+35", str(broken_library / "candidates/ada-lovelace.yaml")]
        assert "half-typed.yaml" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "ada-lovelace" in shown_ids(pilot)


async def test_E_opens_the_candidate_in_the_editor_and_the_change_appears(make_app, sample_library, editor):
    editor.will(("headline: Senior Data Engineer", "headline: Principal Data Engineer"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("E")
        await wait_until(pilot, lambda: len(editor.calls) == 1)
        candidates = app.screen.query_one(CandidateList)
        await wait_until(pilot, lambda: candidates.highlighted.headline.startswith("Principal"))
        await settle(pilot)
        assert "Principal Data Engineer" in detail_text(pilot)
        assert editor.calls[0] == [str(sample_library / "candidates/ada-lovelace.yaml")]
    # a hand edit: left for the person (or sync) to commit
    assert git(sample_library, "status", "--porcelain").strip() == "M candidates/ada-lovelace.yaml"


async def test_an_edit_that_breaks_the_file_offers_to_reopen_the_editor_at_its_problem(
    make_app, sample_library, editor
):
    editor.will(("rating: 5", "rating: five"), ("rating: five", "rating: 4"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "candidates/ada-lovelace.yaml has a problem now" in screen_text(pilot)
        assert app.screen.detail == "line 35: rating: must be a whole number (got 'five')"
        await pilot.press("y")
        await wait_until(pilot, lambda: len(editor.calls) == 2)
        assert editor.calls[1][0] == "+35"
        await wait_until(pilot, lambda: app.screen.query_one(CandidateList).highlighted is not None)
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert app.screen.query_one(CandidateList).highlighted.id == "ada-lovelace"  # back where we were
    assert "rating: 4" in (sample_library / "candidates/ada-lovelace.yaml").read_text()


async def test_keeping_a_broken_edit_keeps_it_on_disk_and_lists_it(make_app, sample_library, editor):
    editor.will(("rating: 5", "rating: five"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.snapshot is not None and len(app.snapshot.errors) == 1)
        await settle(pilot)
        assert "ada-lovelace" not in shown_ids(pilot)
        assert app.screen.sub_title.endswith("1 problem (p)")
    assert "rating: five" in (sample_library / "candidates/ada-lovelace.yaml").read_text()


async def test_an_editor_that_cannot_start_is_named_and_the_file_left_alone(make_app, sample_library, monkeypatch):
    monkeypatch.setenv("EDITOR", str(sample_library / "no-such-editor"))
    before = (sample_library / "candidates/ada-lovelace.yaml").read_bytes()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("E")
        await wait_until(pilot, lambda: any("cannot start the editor" in n.message for n in app._notifications))
        said = next(n.message for n in app._notifications if "cannot start the editor" in n.message)
        assert "no-such-editor" in said and "set $EDITOR" in said
        assert app.screen is app.main_screen
    assert (sample_library / "candidates/ada-lovelace.yaml").read_bytes() == before
