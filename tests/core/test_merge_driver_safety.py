"""The merge driver never loses a side: bad input, deletions and two different people.

Direct calls give the driver hand-made versions; the team scenarios use real git (a bare
remote and two clones with the driver installed), `runnerup sync` and plain `git pull`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import git, run_cli

from core.test_team_git import ADA, Team, git_call

BASE = b"""\
# Ada's file
name: Ada Lovelace
headline: Engineer at A
rating: 4
history:
  - id: t-1
    date: 2026-01-01
    kind: call
    summary: first call
"""
OURS_OK = BASE.replace(b"headline: Engineer at A", b"headline: OURS-EDIT Lead at A")
THEIRS_OK = BASE.replace(b"headline: Engineer at A", b"headline: THEIRS-EDIT Staff at A")

BROKEN = {
    "invalid YAML": THEIRS_OK.replace(b"rating: 4", b"rating: [4"),
    "duplicate keys": THEIRS_OK.replace(b"rating: 4", b"rating: 4\nrating: 5"),
    "conflict markers": THEIRS_OK.replace(b"rating: 4", b"<<<<<<< HEAD\nrating: 4\n=======\nrating: 5\n>>>>>>> x"),
    "binary bytes": THEIRS_OK.replace(b"rating: 4", b"rating: 4\x00\x01\x02"),
    "invalid UTF-8": THEIRS_OK.replace(b"rating: 4", b"rating: 4 \xe9\xff"),
    "a top-level list": b"- THEIRS-EDIT Staff at A\n- rating: 4\n",
}


def drive(tmp_path: Path, base: bytes, ours: bytes, theirs: bytes, rel: str = "candidates/ada.yaml"):  # noqa: ANN201
    """Run `runnerup merge-driver` as git would, on three temporary files; (result, merged bytes)."""
    paths = []
    for name, raw in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f".merge_file_{name}"
        path.write_bytes(raw)
        paths.append(str(path))
    result = run_cli("merge-driver", *paths, rel)
    return result, (tmp_path / ".merge_file_ours").read_bytes()


def assert_both_sides_marked(merged: bytes, ours_part: bytes, theirs_part: bytes) -> None:
    lines = merged.split(b"\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith(b"<<<<<<<"))
    size = len(lines[start]) - len(lines[start].lstrip(b"<"))  # longer when a side holds markers itself
    split = next(i for i, ln in enumerate(lines) if ln == b"=" * size and i > start)
    end = next(i for i, ln in enumerate(lines) if ln.startswith(b">" * size + b" ") and i > split)
    ours_side, theirs_side = b"\n".join(lines[start + 1 : split]), b"\n".join(lines[split + 1 : end])
    assert ours_part in ours_side, merged
    assert theirs_part in theirs_side, merged


@pytest.mark.parametrize("kind", list(BROKEN))
@pytest.mark.parametrize("broken_side", ["theirs", "ours"])
def test_a_side_the_driver_cannot_read_gives_a_text_conflict_with_both_sides(
    tmp_path: Path, kind: str, broken_side: str
) -> None:
    if broken_side == "theirs":
        ours, theirs = OURS_OK, BROKEN[kind]
    else:
        ours, theirs = BROKEN[kind].replace(b"THEIRS-EDIT", b"OURS-EDIT"), THEIRS_OK
    result, merged = drive(tmp_path, BASE, ours, theirs)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "not merged field by field" in result.stderr
    assert_both_sides_marked(merged, b"OURS-EDIT", b"THEIRS-EDIT")
    if kind == "binary bytes":
        assert ours in merged and theirs in merged  # both kept byte for byte
    if kind == "invalid UTF-8":
        assert b"rating: 4 \xe9\xff" in merged


@pytest.mark.parametrize("empty_side", ["ours", "theirs"])
def test_an_emptied_side_is_a_conflict_never_an_empty_mapping(tmp_path: Path, empty_side: str) -> None:
    ours, theirs = (b"", THEIRS_OK) if empty_side == "ours" else (OURS_OK, b"")
    result, merged = drive(tmp_path, BASE, ours, theirs)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert b"{}" not in merged
    kept = THEIRS_OK if empty_side == "ours" else OURS_OK
    assert b"EDIT" in merged and b"<<<<<<<" in merged and b">>>>>>>" in merged
    for line in kept.split(b"\n"):
        assert line in merged


def test_a_clean_file_still_merges_field_by_field(tmp_path: Path) -> None:
    theirs = THEIRS_OK.replace(b"headline: THEIRS-EDIT Staff at A", b"headline: Engineer at A").replace(
        b"rating: 4", b"rating: 5"
    )
    result, merged = drive(tmp_path, BASE, OURS_OK, theirs)
    assert result.returncode == 0, result.stderr
    assert b"headline: OURS-EDIT Lead at A" in merged and b"rating: 5" in merged and b"<<<<<<<" not in merged


# -- through git ---------------------------------------------------------------------------


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


def test_a_teammate_pushes_invalid_yaml_and_sync_keeps_both_sides(team: Team) -> None:
    path = team.alice / ADA
    path.write_text(path.read_text().replace("rating: 5", "rating: [5  # Alice's broken edit"))
    git(team.alice, "commit", "-q", "-am", "Broken by hand")
    git(team.alice, "push", "-q")
    team.edit(team.bob, "rating: 5", "rating: 3  # Bob's edit", message="Rating 3")
    result = team.runnerup(team.bob, "sync", ok=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ADA in result.stderr
    text = (team.bob / ADA).read_text()
    assert "Alice's broken edit" in text and "Bob's edit" in text
    assert "<<<<<<<" in text and ">>>>>>>" in text
    check = team.runnerup(team.bob, "check", ok=False)
    assert check.returncode == 1
    lines = [ln for ln in check.stdout.splitlines() if ln.startswith(ADA)]
    assert lines and "unresolved merge conflict" in lines[0]
    assert "editor" in lines[0] and "each side" in lines[0]
    assert "git add" not in check.stdout


def test_a_conflict_settled_by_hand_in_the_editor_is_kept_and_sync_finishes_the_merge(team: Team) -> None:
    path = team.alice / ADA
    path.write_text(path.read_text().replace("rating: 5", "rating: [5  # Alice's broken edit"))
    git(team.alice, "commit", "-q", "-am", "Broken by hand")
    git(team.alice, "push", "-q")
    team.edit(team.bob, "rating: 5", "rating: 3  # Bob's edit", message="Rating 3")
    team.runnerup(team.bob, "sync", ok=False)
    lines = (team.bob / ADA).read_text().splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("<<<<<<<"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith(">>>>>>>"))
    settled = "".join(lines[:start]) + "rating: 4  # Bob and Alice agreed\n" + "".join(lines[end + 1 :])
    (team.bob / ADA).write_text(settled)
    check = team.runnerup(team.bob, "check", ok=False)
    line = next(ln for ln in check.stdout.splitlines() if ln.startswith(ADA))
    assert "runnerup sync" in line and "git add" not in line
    team.runnerup(team.bob, "sync")
    assert (team.bob / ADA).read_text() == settled
    assert git(team.bob, "status", "--porcelain") == ""
    team.runnerup(team.alice, "sync")
    assert (team.alice / ADA).read_text() == settled


def test_sync_marks_both_sides_of_an_unreadable_file_a_broken_driver_left_unmerged(team: Team) -> None:
    path = team.alice / ADA
    path.write_text(path.read_text().replace("rating: 5", "rating: [5  # Alice's broken edit"))
    git(team.alice, "commit", "-q", "-am", "Broken by hand")
    git(team.alice, "push", "-q")
    team.edit(team.bob, "rating: 5", "rating: 3  # Bob's edit", message="Rating 3")
    git(team.bob, "config", "merge.runnerup.driver", "/nonexistent/python -m runnerup_tui merge-driver %O %A %B %P")
    assert git_call(team.bob, "pull", "--no-rebase", "--no-edit").returncode != 0
    assert "Alice's broken edit" not in (team.bob / ADA).read_text()  # git kept only our side
    result = team.runnerup(team.bob, "sync", ok=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    text = (team.bob / ADA).read_text()
    assert "Alice's broken edit" in text and "Bob's edit" in text and "<<<<<<<" in text


@pytest.mark.parametrize("pull", ["--no-rebase", "--rebase"])
def test_the_markers_say_which_side_is_this_clone(team: Team, pull: str) -> None:
    path = team.alice / ADA
    path.write_text(path.read_text().replace("rating: 5", "rating: [5  # Alice's broken edit"))
    git(team.alice, "commit", "-q", "-am", "Broken by hand")
    git(team.alice, "push", "-q")
    team.edit(team.bob, "rating: 5", "rating: 3  # Bob's edit", message="Rating 3")
    assert git_call(team.bob, "pull", pull, "--no-edit").returncode != 0
    lines = (team.bob / ADA).read_text().splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("<<<<<<<"))
    split = lines.index("=======", start)
    end = next(i for i, ln in enumerate(lines) if ln.startswith(">>>>>>>") and i > split)
    first, second = "\n".join(lines[start + 1 : split]), "\n".join(lines[split + 1 : end])
    if pull == "--no-rebase":  # a merge: ours is this clone
        assert "this clone" in lines[start] and "Bob's edit" in first and "Alice's broken edit" in second
    else:  # a rebase replays this clone's commit onto the team's version: theirs is this clone
        assert "this clone" in lines[end] and "Bob's edit" in second and "Alice's broken edit" in first


def test_a_conflict_without_markers_is_advised_through_the_resolve_screen(team: Team) -> None:
    team.log(team.alice, "Alice's touchpoint")
    team.runnerup(team.alice, "sync")
    team.log(team.bob, "Bob's touchpoint")
    git(team.bob, "config", "merge.runnerup.driver", "/nonexistent/python -m runnerup_tui merge-driver %O %A %B %P")
    assert git_call(team.bob, "pull", "--no-rebase", "--no-edit").returncode != 0
    check = team.runnerup(team.bob, "check", ok=False)
    line = next(ln for ln in check.stdout.splitlines() if ln.startswith(ADA))
    assert "unresolved merge conflict" in line and "Problems" in line and "Enter" in line
    assert "git add" not in check.stdout and "commit" not in line


TOUCHPOINT = (
    "  - id: t-744195\n    date: 2026-11-06\n    kind: call\n    by: Grace Hopper\n"
    "    summary: Told her about the opening. No promises made; she is keen on a conversation.\n"
    "    opening: senior-data-engineer\n"
)


# both orders of sync; "ours" then keeps the deletion in one and the edit in the other ("theirs": further below)
@pytest.mark.parametrize(("first", "take"), [("editor", "ours"), ("deleter", "ours")])
def test_a_touchpoint_deleted_in_one_clone_and_edited_in_the_other_is_a_conflict(
    team: Team, first: str, take: str
) -> None:
    from runnerup_tui.team.git import GitRepo
    from runnerup_tui.team.resolution import read_conflict, resolve_conflict

    deleter, editor = team.alice, team.bob
    team.edit(deleter, TOUCHPOINT, "", message="Drop a touchpoint")
    team.edit(
        editor, "she is keen on a conversation.", "she is keen; call back in December.", message="Sharper summary"
    )
    one, two = (editor, deleter) if first == "editor" else (deleter, editor)
    team.runnerup(one, "sync")
    result = team.runnerup(two, "sync", ok=False)
    assert result.returncode == 1 and ADA in result.stderr
    text = (two / ADA).read_text()
    assert "call back in December" in text and "<<<<<<<" in text
    repo = GitRepo(two)
    conflict = read_conflict(repo, ADA)
    assert len(conflict.conflicts) == 1
    entry = conflict.conflicts[0]
    assert entry.path[0] == "history"
    edited, deleted = (entry.theirs, entry.ours) if two == deleter else (entry.ours, entry.theirs)
    assert deleted is None and edited["id"] == "t-744195"
    check = team.runnerup(two, "check", ok=False)
    line = next(ln for ln in check.stdout.splitlines() if ln.startswith(ADA))
    assert "unresolved merge conflict" in line and "Problems" in line and "whose value to keep" in line
    assert "git add" not in check.stdout
    commit = resolve_conflict(repo, ADA, {entry.path: take})
    assert commit is not None and git(two, "status", "--porcelain") == ""
    text = (two / ADA).read_text()
    keeps_edit = (take == "ours") == (two == editor)
    assert ("t-744195" in text) == keeps_edit
    assert ("call back in December" in text) == keeps_edit
    assert "<<<<<<<" not in text and team.runnerup(two, "check").stdout == ""


def test_a_field_deleted_in_one_clone_and_edited_in_the_other_is_marked(team: Team) -> None:
    team.edit(team.bob, "pronouns: she/her\n", "", message="No pronouns")
    team.edit(team.alice, "pronouns: she/her", "pronouns: she/they", message="Pronouns")
    team.runnerup(team.alice, "sync")
    team.runnerup(team.bob, "sync", ok=False)
    text = (team.bob / ADA).read_text()
    assert "pronouns: she/they" in text and "<<<<<<<" in text
    assert "git add" not in team.runnerup(team.bob, "check", ok=False).stdout


NEW = "candidates/sam-lee.yaml"


def _add_in_both(team: Team, alice: str, bob: str) -> None:
    for clone, text in ((team.alice, alice), (team.bob, bob)):
        (clone / NEW).write_text(text)
        git(clone, "add", NEW)
        git(clone, "commit", "-q", "-m", "Add Sam")
    git(team.alice, "push", "-q")


def _side(text: str, side: str) -> str:
    """The file as one side wrote it: the lines outside markers plus that side's lines."""
    out, where = [], None
    for line in text.splitlines(keepends=True):
        if line.startswith("<<<<<<<"):
            where = "ours"
        elif line.startswith("=======") and where == "ours":
            where = "theirs"
        elif line.startswith(">>>>>>>") and where == "theirs":
            where = None
        elif where in (None, side):
            out.append(line)
    return "".join(out)


ALICES_SAM = "name: Sam Lee\ncontact:\n  email: sam@alpha.example\nskills: [python]\nnotes: Alice's Sam\n"
BOBS_SAM = "name: Sam Lee\nheadline: Data Engineer at Beta\ncontact:\n  email: sam.lee@beta.example\nnotes: Bob's Sam\n"


def test_two_different_people_added_with_one_file_name_are_never_merged_by_git_pull(team: Team) -> None:
    _add_in_both(team, ALICES_SAM, BOBS_SAM)
    pulled = git_call(team.bob, "pull", "--no-rebase", "--no-edit")
    assert pulled.returncode != 0
    text = (team.bob / NEW).read_text()
    assert _side(text, "ours") == BOBS_SAM and _side(text, "theirs") == ALICES_SAM


SAM_WITH = "name: {name}\ncontact:\n  email: {email}\n  linkedin: {linkedin}\nnotes: {notes}\n"


@pytest.mark.parametrize(
    ("bob", "alice"),
    [
        (
            {"name": "Samuel Lee", "email": "sam@alpha.example", "linkedin": "https://linkedin.com/in/sam"},
            {"name": "Sam Lee", "email": "sam@alpha.example", "linkedin": "https://linkedin.com/in/sam"},
        ),
        (
            {"name": "Sam Lee", "email": "SAM@alpha.example", "linkedin": "https://linkedin.com/in/sam-b"},
            {"name": "Sam Lee", "email": "sam@alpha.example", "linkedin": "https://www.linkedin.com/in/sam-a/"},
        ),
    ],
    ids=["other name, same email", "same email, other LinkedIn"],
)
def test_two_people_told_apart_by_name_or_linkedin_are_never_merged(
    tmp_path: Path, bob: dict[str, str], alice: dict[str, str]
) -> None:
    bobs, alices = SAM_WITH.format(notes="Bob's", **bob), SAM_WITH.format(notes="Alice's", **alice)
    result, merged = drive(tmp_path, b"", bobs.encode(), alices.encode(), NEW)
    assert result.returncode == 1 and "not the same person" in result.stderr
    assert _side(merged.decode(), "ours") == bobs and _side(merged.decode(), "theirs") == alices


def test_one_person_added_twice_is_merged_field_by_field_whatever_the_spelling(tmp_path: Path) -> None:
    bobs = SAM_WITH.format(
        name="Sam  Lee", email="SAM@alpha.example", linkedin="https://linkedin.com/in/sam", notes="met at the meetup"
    )
    alices = (
        SAM_WITH.format(
            name="sam lee",
            email="sam@alpha.example",
            linkedin="https://www.linkedin.com/in/sam/",
            notes="met at the meetup",
        )
        + "skills: [python]\n"
    )
    result, merged = drive(tmp_path, b"", bobs.encode(), alices.encode(), NEW)
    assert "not the same person" not in result.stderr and b"skills: [python]" in merged


def test_the_same_person_added_in_both_clones_merges_cleanly(team: Team) -> None:
    _add_in_both(
        team,
        "name: Sam Lee\ncontact:\n  email: Sam@Example.com\nskills: [python]\n",
        "name: Sam Lee\ncontact:\n  email: Sam@Example.com\nheadline: Data Engineer at Beta\n",
    )
    pulled = git_call(team.bob, "pull", "--no-rebase", "--no-edit")
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    text = (team.bob / NEW).read_text()
    assert "<<<<<<<" not in text and "skills: [python]" in text and "headline: Data Engineer at Beta" in text


# -- deciding deletions, without git ------------------------------------------------------------

ENTRY = b"  - id: t-2\n    date: 2026-02-01\n    kind: email\n    summary: second\n"
WITH_ENTRY = BASE + ENTRY


@pytest.mark.parametrize("deleter", ["ours", "theirs"])
@pytest.mark.parametrize("take", ["ours", "theirs"])
def test_a_deleted_and_edited_touchpoint_is_settled_by_either_choice(deleter: str, take: str) -> None:
    from runnerup_tui.store.parsing import load_plain
    from runnerup_tui.team.merge import merge_files

    deleted = WITH_ENTRY.replace(ENTRY, b"")
    # the editor also gets an earlier touchpoint from the other side, which moves the entry
    edited = WITH_ENTRY.replace(b"summary: second", b"summary: second, edited")
    other = b"  - id: t-0\n    date: 2025-12-01\n    kind: note\n"
    deleted = deleted.replace(b"history:\n", b"history:\n" + other)
    ours, theirs = (deleted, edited) if deleter == "ours" else (edited, deleted)
    marked = merge_files(WITH_ENTRY, ours, theirs, "candidates/ada.yaml")
    assert len(marked.conflicts) == 1
    conflict = marked.conflicts[0]
    text = marked.text.decode()
    block = text[text.index("<<<<<<< ours") : text.index(">>>>>>> theirs")]
    assert "summary: second, edited" in block and "t-2: deleted on" in block and "t-0" not in block
    settled = merge_files(WITH_ENTRY, ours, theirs, "candidates/ada.yaml", take={conflict.path: take})
    assert settled.clean
    history = load_plain(settled.text.decode())["history"]
    assert [h["id"] for h in history][0] == "t-0"
    assert ("t-2" in [h["id"] for h in history]) == (take != deleter)


@pytest.mark.parametrize("deleter", ["ours", "theirs"])
@pytest.mark.parametrize("take", ["ours", "theirs"])
def test_a_deleted_and_edited_field_is_settled_by_either_choice(deleter: str, take: str) -> None:
    from runnerup_tui.store.parsing import load_plain
    from runnerup_tui.team.merge import merge_files

    deleted, edited = BASE.replace(b"rating: 4\n", b""), BASE.replace(b"rating: 4", b"rating: 2")
    ours, theirs = (deleted, edited) if deleter == "ours" else (edited, deleted)
    marked = merge_files(BASE, ours, theirs, "candidates/ada.yaml")
    assert [c.path for c in marked.conflicts] == [("rating",)]
    assert "rating: 2" in marked.text.decode() and "rating: (removed on" in marked.text.decode()
    settled = merge_files(BASE, ours, theirs, "candidates/ada.yaml", take={("rating",): take})
    assert settled.clean
    assert load_plain(settled.text.decode()).get("rating") == (None if take == deleter else 2)


# -- many damaged versions (RUNNERUP_FUZZ_EXAMPLES=N -m fuzz for a longer run) ------------------


def _damage(rng, raw: bytes) -> bytes:  # noqa: ANN001 - a random.Random
    cut = rng.randrange(len(raw))
    return rng.choice(
        [
            b"",
            raw[:cut] + rng.choice([b"\x00", b"\xff\xfe", b"\t", b": [", b"<<<<<<< x\n", b"\n- a\n"]) + raw[cut:],
            raw[:cut],
            raw.replace(b"\n", b"\nrating: 1\n", 1),
        ]
    )


@pytest.mark.fuzz
def test_damaged_versions_never_crash_the_driver_and_keep_every_line(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    import os
    import random

    from support import SAMPLE

    from runnerup_tui.team.driver import run_merge_driver

    rng = random.Random(20261126)
    files = sorted((SAMPLE / "candidates").glob("*.yaml"))
    for _ in range(int(os.environ.get("RUNNERUP_FUZZ_EXAMPLES", "25"))):
        base = rng.choice(files).read_bytes()
        ours, theirs = _damage(rng, base), _damage(rng, base)
        for name, raw in (("base", base), ("ours", ours), ("theirs", theirs)):
            (tmp_path / name).write_bytes(raw)
        code = run_merge_driver(tmp_path / "base", tmp_path / "ours", tmp_path / "theirs", "candidates/x.yaml")
        merged = (tmp_path / "ours").read_bytes()
        if "not merged field by field" in capsys.readouterr().err:
            assert code == 1 and b"<<<<<<<" in merged
            for side in (ours, theirs):
                assert all(line in merged for line in side.split(b"\n"))
        else:
            assert code in (0, 1)
