"""The Duplicates screen: `D` lists people who may be in the library twice; a pair is compared and merged."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from textual.command import CommandPalette
from textual.widgets import OptionList

from runnerup_tui.tui.screens.duplicates import DuplicatesScreen
from runnerup_tui.tui.screens.main import MainScreen
from runnerup_tui.tui.screens.merge_people import MergeScreen

from .pilot_support import commit_count, git, git_repo, screen_text, settle, wait_until

JOHN = """\
name: John Smith
headline: Data Engineer at Acme  # as of the debrief
contact:
  email: john@x.org
history:
  - id: t-0001
    date: 2025-03-02
    kind: call
"""
JON = """\
name: Jon Smith
headline: Staff Engineer at Initech
contact:
  email: JOHN@x.org
history:
  - id: t-0002
    date: 2025-05-02
    kind: coffee
    summary: Coffee by the river.
"""


def two_johns(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    (root / "candidates").mkdir(parents=True)
    (root / "runnerup.yaml").write_text("name: Team\n")
    (root / "candidates/john-smith.yaml").write_text(JOHN)
    (root / "candidates/jon-smith.yaml").write_text(JON)
    (root / "candidates/ada-lovelace.yaml").write_text("name: Ada Lovelace\n")
    return git_repo(root)


async def open_duplicates(pilot) -> DuplicatesScreen:
    await settle(pilot)
    await pilot.press("escape")  # from the search box to the list
    await pilot.press("D")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DuplicatesScreen)
    return screen


async def test_d_lists_the_pairs_with_their_reasons_at_80x24(make_app, tmp_path: Path) -> None:
    app = make_app(two_johns(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_duplicates(pilot)
        assert [(p.first, p.second, p.kind) for p in screen.pairs] == [("john-smith", "jon-smith", "exact")]
        text = screen_text(pilot)
        assert "1 pair (1 exact, 0 likely)" in text
        assert "same email john@x.org" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_the_palette_opens_duplicates_and_none_are_said_so(make_app) -> None:
    app = make_app()  # the sample library holds nobody twice
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Duplicates")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DuplicatesScreen)
        assert app.screen.pairs == []
        assert "No duplicates" in screen_text(pilot)


async def test_choosing_a_pair_picking_a_value_and_merging_updates_the_list(make_app, tmp_path: Path) -> None:
    root = two_johns(tmp_path)
    app = make_app(root)
    commits = commit_count(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_duplicates(pilot)
        await pilot.press("enter")
        await settle(pilot)
        merge = app.screen
        assert isinstance(merge, MergeScreen) and merge.plan is not None
        assert [d.path for d in merge.plan.differences] == [("name",), ("headline",)]
        text = screen_text(pilot)
        assert "Staff Engineer at Initech" in text and "Data Engineer at Acme" in text
        choices = merge.query_one("#merge-choices", OptionList)
        choices.highlighted = 1  # the headline: take Jon's, the newer one
        await pilot.press("enter")
        assert merge.take_other == {("headline",)}
        await pilot.press("m")
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, DuplicatesScreen))
        await settle(pilot)
        assert app.screen.pairs == []
        assert "No duplicates" in screen_text(pilot)
    assert not (root / "candidates/jon-smith.yaml").exists()
    data = YAML(typ="safe").load((root / "candidates/john-smith.yaml").read_text())
    assert data["name"] == "John Smith"
    assert data["headline"] == "Staff Engineer at Initech"
    assert [t["id"] for t in data["history"]] == ["t-0001", "t-0002"]
    assert commit_count(root) == commits + 1
    message = git(root, "log", "-1", "--format=%B")
    assert message.startswith("Merge Jon Smith into John Smith")
    assert "dropped from john-smith: headline 'Data Engineer at Acme'" in message
    assert "dropped from jon-smith: name 'Jon Smith'" in message


async def test_a_file_changed_while_comparing_is_not_merged(make_app, tmp_path: Path) -> None:
    root = two_johns(tmp_path)
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_duplicates(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        (root / "candidates/jon-smith.yaml").write_text(JON + "notes: typed in an editor meanwhile\n")
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)  # still here, the records read again
    assert (root / "candidates/jon-smith.yaml").exists()
    assert (root / "candidates/john-smith.yaml").read_text() == JOHN


async def test_x_notes_two_people_and_the_pair_is_gone(make_app, tmp_path: Path) -> None:
    root = two_johns(tmp_path)
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("x")
        await settle(pilot)
        await wait_until(pilot, lambda: screen.pairs == [])
        assert "No duplicates" in screen_text(pilot)
    assert "  - john-smith ~ jon-smith\n" in (root / "runnerup.yaml").read_text()
    assert git(root, "log", "-1", "--format=%s").strip() == "Note that John Smith and Jon Smith are two people, not one"


async def test_w_keeps_the_other_record_instead(make_app, tmp_path: Path) -> None:
    root = two_johns(tmp_path)
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_duplicates(pilot)
        await pilot.press("enter")
        await settle(pilot)
        merge = app.screen
        assert isinstance(merge, MergeScreen) and merge.plan is not None
        await pilot.press("w")
        await settle(pilot)
        await wait_until(pilot, lambda: merge.plan is not None and merge.plan.keep_id == "jon-smith")
        await pilot.press("m")
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, DuplicatesScreen))
    assert not (root / "candidates/john-smith.yaml").exists()
    data = YAML(typ="safe").load((root / "candidates/jon-smith.yaml").read_text())
    assert (data["name"], data["headline"]) == ("Jon Smith", "Staff Engineer at Initech")
    assert [t["id"] for t in data["history"]] == ["t-0001", "t-0002"]
    assert git(root, "log", "-1", "--format=%s").strip() == "Merge John Smith into Jon Smith"
