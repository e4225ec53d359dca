"""A conflict is settled on the resolve screen by a person who sees who changed each side; history shows it.

Alice and Bob each have a clone of one bare remote, with their own git identities; both
change Ada's headline and fit, Alice pushes, Bob's ``runnerup sync`` stops at the conflict.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import run_cli
from textual.widgets import OptionList

from runnerup_tui.tui.screens.history import HistoryScreen
from runnerup_tui.tui.screens.problems import ProblemsScreen
from runnerup_tui.tui.screens.resolve import ResolveScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .conftest import SAMPLE
from .pilot_support import git, screen_text, settle, wait_until
from .test_problems_and_editor import FakeEditor

ADA = "candidates/ada-lovelace.yaml"
ALICE_HEADLINE = "Staff Data Engineer at Analytical Engines Ltd"
BOB_HEADLINE = "Principal Data Engineer at Babbage & Co"


def identity(clone: Path, name: str) -> None:
    git(clone, "config", "user.name", name)
    git(clone, "config", "user.email", f"{name.split()[0].lower()}@example.com")


def change(clone: Path, headline: str, fit: str, when: str) -> None:
    path = clone / ADA
    text = path.read_text()
    text = text.replace("headline: Senior Data Engineer at Analytical Engines Ltd", f"headline: {headline}", 1)
    path.write_text(text.replace("fit: pursue", f"fit: {fit}", 1))
    git(clone, "commit", "-q", "-am", f"Ada: {fit}", f"--date={when}")


@pytest.fixture
def conflicted(tmp_path: Path) -> Path:
    """Bob's clone, stopped by a sync in the middle of a merge: headline and fit changed two ways."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    alice = tmp_path / "alice"
    shutil.copytree(SAMPLE, alice)
    git(alice, "init", "-q", "-b", "main")
    identity(alice, "Alice Recruiter")
    git(alice, "add", "-A")
    git(alice, "commit", "-q", "-m", "Initial library", "--date=2026-11-01T09:00:00+00:00")
    git(alice, "remote", "add", "origin", str(remote))
    git(alice, "push", "-q", "-u", "origin", "main")
    bob = tmp_path / "bob"
    git(tmp_path, "clone", "-q", str(remote), str(bob))
    identity(bob, "Bob Recruiter")
    change(alice, ALICE_HEADLINE, "newsletter", "2026-11-20T10:00:00+00:00")
    git(alice, "push", "-q")
    change(bob, BOB_HEADLINE, "closed", "2026-11-21T09:30:00+00:00")
    assert run_cli("--library", str(bob), "sync").returncode == 1  # stops at the conflict
    return bob


async def open_resolve_screen(pilot) -> ResolveScreen:  # noqa: ANN001
    await settle(pilot)
    await pilot.press("escape")  # from the search box to the list
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProblemsScreen))
    await settle(pilot)
    await pilot.press("enter")
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, ResolveScreen) and pilot.app.screen.query_one(OptionList).option_count > 0,
    )
    await pilot.pause()
    return pilot.app.screen


def highlighted_id(screen: ResolveScreen) -> str | None:
    choices = screen.query_one(OptionList)
    return None if choices.highlighted is None else choices.get_option_at_index(choices.highlighted).id


async def test_nothing_is_chosen_for_you_and_saving_waits_for_every_value(make_app, conflicted: Path):
    app = make_app(conflicted)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_resolve_screen(pilot)
        text = screen_text(pilot)
        # each side is named by who changed it and when, not ours/theirs
        assert "Bob Recruiter, 2026-11-21 09:30" in text and "Alice Recruiter, 2026-11-20 10:00" in text
        assert "ours" not in text and "theirs" not in text
        assert ALICE_HEADLINE in text and BOB_HEADLINE in text
        # nothing preselected; focus on the first choice
        assert "●" not in text and screen.chosen == {}
        assert app.focused is screen.query_one(OptionList)
        assert highlighted_id(screen) == "pick-0-ours"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ResolveScreen)
        said = [n.message for n in app._notifications]
        assert any("still undecided: headline, fit" in m for m in said), said
        assert git(conflicted, "rev-parse", "-q", "--verify", "MERGE_HEAD").strip()  # nothing committed
        # Alice's headline (the second choice), then Bob's fit (the first choice of the next value)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert highlighted_id(screen) == "pick-1-ours"
        assert "Still undecided: fit" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ResolveScreen)
        assert any(m.startswith("Not saved: still undecided: fit.") for m in [n.message for n in app._notifications])
        await pilot.press("enter")
        await pilot.pause()
        assert screen.chosen == {0: "theirs", 1: "ours"}
        assert "chosen: Alice Recruiter's value" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ResolveScreen), timeout=10)
        await settle(pilot)
    text = (conflicted / ADA).read_text()
    assert f"headline: {ALICE_HEADLINE}" in text and "fit: closed" in text and "<<<<<<<" not in text
    assert len(git(conflicted, "log", "-1", "--format=%P").split()) == 2  # the merge is committed
    assert git(conflicted, "status", "--porcelain") == ""


async def test_space_chooses_the_highlighted_value(make_app, conflicted: Path):
    app = make_app(conflicted)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_resolve_screen(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert screen.chosen == {0: "ours"}
        assert highlighted_id(screen) == "pick-1-ours"


async def test_a_file_deleted_on_one_side_waits_for_keep_or_delete(make_app, tmp_path: Path):
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    alice = tmp_path / "alice"
    shutil.copytree(SAMPLE, alice)
    git(alice, "init", "-q", "-b", "main")
    identity(alice, "Alice Recruiter")
    git(alice, "add", "-A")
    git(alice, "commit", "-q", "-m", "Initial library")
    git(alice, "remote", "add", "origin", str(remote))
    git(alice, "push", "-q", "-u", "origin", "main")
    bob = tmp_path / "bob"
    git(tmp_path, "clone", "-q", str(remote), str(bob))
    identity(bob, "Bob Recruiter")
    git(alice, "rm", "-q", ADA)
    git(alice, "commit", "-q", "-m", "Forget Ada")
    git(alice, "push", "-q")
    change(bob, BOB_HEADLINE, "closed", "2026-11-21T09:30:00+00:00")
    assert run_cli("--library", str(bob), "sync").returncode == 1
    app = make_app(bob)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_resolve_screen(pilot)
        text = screen_text(pilot)
        assert "Alice Recruiter deleted this candidate" in text
        assert "Keep the changed file" in text and "changed by Bob Recruiter, 2026-11-21 09:30" in text
        assert "Delete it" in text and "deleted by Alice Recruiter" in text
        assert "●" not in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("still undecided: the file" in n.message for n in app._notifications)
        assert isinstance(app.screen, ResolveScreen)
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ResolveScreen), timeout=10)
        await settle(pilot)
    assert BOB_HEADLINE in git(bob, "show", f"HEAD:{ADA}")
    assert len(git(bob, "log", "-1", "--format=%P").split()) == 2


async def test_a_file_settled_in_the_editor_is_accepted_once_the_markers_are_gone(
    make_app, conflicted: Path, tmp_path: Path, monkeypatch
):
    editor = FakeEditor(tmp_path, monkeypatch)
    first, second = marker_blocks((conflicted / ADA).read_text())
    editor.will((first, f"headline: {BOB_HEADLINE}\n"), (second, "fit: newsletter\n"))
    app = make_app(conflicted)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_resolve_screen(pilot)
        await pilot.press("E")  # one block settled, one left: refused
        await wait_until(pilot, lambda: any("Not resolved yet" in n.message for n in app._notifications))
        assert isinstance(app.screen, ResolveScreen)
        assert git(conflicted, "rev-parse", "-q", "--verify", "MERGE_HEAD").strip()
        await pilot.press("E")
        await wait_until(pilot, lambda: not isinstance(app.screen, ResolveScreen), timeout=10)
        await settle(pilot)
    assert len(editor.calls) == 2
    shown = git(conflicted, "show", f"HEAD:{ADA}")
    assert f"headline: {BOB_HEADLINE}" in shown and "fit: newsletter" in shown
    assert len(git(conflicted, "log", "-1", "--format=%P").split()) == 2
    assert git(conflicted, "status", "--porcelain") == ""


def marker_blocks(text: str) -> list[str]:
    """Each ``<<<<<<< … >>>>>>>`` block in ``text``, with its lines."""
    blocks = []
    while "<<<<<<<" in text:
        start = text.index("<<<<<<<")
        end = text.index("\n", text.index(">>>>>>>", start)) + 1
        blocks.append(text[start:end])
        text = text[end:]
    return blocks


async def test_a_file_already_settled_by_hand_is_accepted_from_the_resolve_screen(
    make_app, conflicted: Path, tmp_path: Path, monkeypatch
):
    editor = FakeEditor(tmp_path, monkeypatch)
    path = conflicted / ADA
    text = path.read_text()
    first, second = marker_blocks(text)
    path.write_text(text.replace(first, f"headline: {ALICE_HEADLINE}\n").replace(second, "fit: closed\n"))
    app = make_app(conflicted)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_resolve_screen(pilot)
        assert "has no conflict markers" in screen_text(pilot)
        await pilot.press("E")  # looked at it, changed nothing: accepted as it is
        await wait_until(pilot, lambda: not isinstance(app.screen, ResolveScreen), timeout=10)
        await settle(pilot)
    assert len(editor.calls) == 1
    assert len(git(conflicted, "log", "-1", "--format=%P").split()) == 2
    assert "fit: closed" in git(conflicted, "show", f"HEAD:{ADA}")


async def test_history_shows_the_merge_and_whose_value_it_kept(make_app, conflicted: Path):
    from runnerup_tui.team.git import GitRepo
    from runnerup_tui.team.resolution import resolve_conflict

    resolve_conflict(GitRepo(conflicted), ADA, {("headline",): "theirs", ("fit",): "ours"})
    app = make_app(conflicted)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        app.screen.query_one(CandidateList).select("ada-lovelace")
        await settle(pilot)
        await pilot.press("h")
        await wait_until(
            pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.query_one(OptionList).option_count >= 4
        )
        await pilot.pause()
        commits = app.screen.query_one(OptionList)
        newest = str(commits.get_option_at_index(0).prompt)
        assert "Bob Recruiter" in newest and "Merge" in newest and "resolution" in newest
        assert "Ada: closed" in str(commits.get_option_at_index(1).prompt)
        shown = app.screen.query_one("#history-diff").content.plain.splitlines()
        assert "  kept Alice Recruiter's value for headline (Staff Data Engineer at Analytical Engines Ltd)" in shown
        assert "  kept Bob Recruiter's value for fit (closed)" in shown
        assert f"+headline: {ALICE_HEADLINE}" in shown  # the newest entry holds what the file holds
    assert f"headline: {ALICE_HEADLINE}" in (conflicted / ADA).read_text()
    shown = run_cli("--library", str(conflicted), "show", "ada", "--history").stdout.splitlines()
    assert "Bob Recruiter" in shown[0] and "Merge" in shown[0]
    assert "kept Alice Recruiter's value for headline" in shown[1]


class TestResolveSnapshot:
    def test_at_80_by_24(self, snap_compare, make_app, conflicted: Path):
        async def resolve(pilot):  # noqa: ANN001, ANN202
            await open_resolve_screen(pilot)
            await pilot.press("down", "enter")
            await settle(pilot)

        assert snap_compare(make_app(conflicted), terminal_size=(80, 24), run_before=resolve)


def test_the_same_person_on_both_sides_is_told_apart_by_date_then_commit():
    from runnerup_tui.team.history import Author
    from runnerup_tui.tui.screens.resolve import side_words

    morning = Author("Alice Recruiter", "alice@example.com", "2026-11-20 10:00", "a" * 40)
    evening = Author("Alice Recruiter", "alice@example.com", "2026-11-20 18:00", "b" * 40)
    same_minute = Author("Alice Recruiter", "alice@example.com", "2026-11-20 10:00", "c" * 40)
    assert side_words(morning, evening) == "Alice Recruiter, 2026-11-20 10:00"
    assert side_words(morning, same_minute) == "Alice Recruiter, 2026-11-20 10:00 (aaaaaaa)"
    assert side_words(None, morning) == "(who: unknown)"
    assert side_words(Author("Eve\x1b[2J", "e@x", "2026-11-20 10:00", "d" * 40), morning).startswith("Eve\\x1b[2J")
