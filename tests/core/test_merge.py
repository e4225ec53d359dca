"""The field-level three-way merge of one file, on hand-built versions."""

from __future__ import annotations

from runnerup_tui.store.parsing import load_plain
from runnerup_tui.team.merge import merge_files

BASE = b"""\
# Ada's file: keep this header
name: Ada Lovelace
headline: Engineer at A   # as of March
skills: [python, sql]
contact:
  email: ada@example.com
history:
  - id: t-1
    date: 2026-01-01
    kind: call
    summary: first call
  # a note between entries
  - date: 2026-02-01
    kind: note
    summary: hand-written entry without id

# notes below
notes: |
  Rows at dawn.
"""


def edit(raw: bytes, *pairs: tuple[bytes, bytes]) -> bytes:
    for old, new in pairs:
        assert old in raw, old
        raw = raw.replace(old, new, 1)
    return raw


def add_entry(raw: bytes, entry: bytes) -> bytes:
    return edit(
        raw, (b"    summary: hand-written entry without id\n", b"    summary: hand-written entry without id\n" + entry)
    )


def test_unrelated_changes_merge_and_keep_our_formatting() -> None:
    ours = edit(BASE, (b"email: ada@example.com", b"email: ada@new.example"))
    theirs = edit(
        BASE,
        (b"headline: Engineer at A   # as of March", b"headline: Lead at B   # as of March"),
        (b"Rows at dawn.\n", b"Rows at dawn.\n  Bakes sourdough.\n"),
    )
    result = merge_files(BASE, ours, theirs)
    assert result.clean
    assert result.text == edit(
        BASE,
        (b"email: ada@example.com", b"email: ada@new.example"),
        (b"headline: Engineer at A   # as of March", b"headline: Lead at B   # as of March"),
        (b"Rows at dawn.\n", b"Rows at dawn.\n  Bakes sourdough.\n"),
    )


def test_touchpoints_added_on_both_sides_are_all_kept_in_date_order() -> None:
    ours = add_entry(BASE, b"  - id: t-ours\n    date: 2026-03-05\n    kind: email\n")
    theirs = add_entry(BASE, b"  - id: t-theirs\n    date: 2026-03-01\n    kind: coffee\n")
    result = merge_files(BASE, ours, theirs)
    assert result.clean
    history = load_plain(result.text.decode())["history"]
    assert [h.get("id") for h in history] == ["t-1", None, "t-theirs", "t-ours"]
    assert b"# notes below\nnotes: |" in result.text
    assert b"  # a note between entries\n" in result.text


def test_the_same_touchpoint_added_identically_without_id_appears_once() -> None:
    entry = b"  - date: 2026-03-01\n    kind: linkedin\n    summary: endorsed spark\n"
    result = merge_files(BASE, add_entry(BASE, entry), add_entry(BASE, entry))
    assert result.text.count(b"endorsed spark") == 1


def test_an_entry_deleted_on_one_side_and_untouched_on_the_other_goes() -> None:
    theirs = edit(BASE, (b"  - id: t-1\n    date: 2026-01-01\n    kind: call\n    summary: first call\n", b""))
    ours = edit(BASE, (b"Rows at dawn.", b"Rows at dawn, daily."))
    result = merge_files(BASE, ours, theirs)
    assert result.clean
    assert b"first call" not in result.text and b"Rows at dawn, daily." in result.text


def test_string_lists_merge_as_sets() -> None:
    ours = edit(BASE, (b"skills: [python, sql]", b"skills: [python, sql, go]"))
    theirs = edit(BASE, (b"skills: [python, sql]", b"skills: [python, rust]"))
    result = merge_files(BASE, ours, theirs)
    assert load_plain(result.text.decode())["skills"] == ["python", "go", "rust"]


def test_a_comment_they_added_is_kept() -> None:
    ours = edit(BASE, (b"email: ada@example.com", b"email: ada@new.example"))
    theirs = edit(
        BASE,
        (b"contact:\n", b"# phone only after 6pm\ncontact:\n"),
        (b"skills: [python, sql]", b"skills: [python, sql, spark]"),
    )
    result = merge_files(BASE, ours, theirs)
    assert b"# phone only after 6pm\ncontact:\n  email: ada@new.example\n" in result.text
    assert b"skills: [python, sql, spark]" in result.text


def test_a_value_changed_two_ways_is_the_only_conflict() -> None:
    ours = edit(
        BASE,
        (b"summary: first call", b"summary: first call, went well"),
        (b"email: ada@example.com", b"email: ours@example.com"),
    )
    theirs = edit(BASE, (b"summary: first call", b"summary: first call (short)"))
    result = merge_files(BASE, ours, theirs)
    assert [c.path for c in result.conflicts] == [("history", 0, "summary")]
    text = result.text.decode()
    assert (
        "<<<<<<< ours\n    summary: first call, went well\n=======\n    summary: first call (short)\n>>>>>>> theirs\n"
    ) in text
    assert "email: ours@example.com" in text
    assert text.count("<<<<<<<") == 1


def test_crlf_files_stay_crlf() -> None:
    base = BASE.replace(b"\n", b"\r\n")
    ours = edit(base, (b"email: ada@example.com", b"email: ada@new.example"))
    theirs = edit(base, (b"skills: [python, sql]", b"skills: [python, sql, go]"))
    result = merge_files(base, ours, theirs)
    assert result.text.count(b"\n") == result.text.count(b"\r\n")
    assert b"skills: [python, sql, go]\r\n" in result.text and b"ada@new.example\r\n" in result.text


def test_a_key_both_sides_added_with_the_same_value_is_no_conflict() -> None:
    ours = edit(BASE, (b"name: Ada Lovelace\n", b"name: Ada Lovelace\nrating: 4\n"))
    theirs = edit(BASE, (b"name: Ada Lovelace\n", b"name: Ada Lovelace\nrating: 4\n"))
    assert merge_files(BASE, ours, theirs).text == ours
