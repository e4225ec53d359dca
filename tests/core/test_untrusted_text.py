"""Text from the library never drives the terminal: human output shows it escaped, --json keeps it exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import add_hostile, raw_characters
from support import git, run_cli

TODAY = {"RUNNERUP_TODAY": "2026-11-16"}
EVE = "Eve \x1b[31mRed\x1b[0m [bold]x[/]"


@pytest.fixture
def hostile_library(library: Path) -> Path:
    """The sample library plus Eve and an opening whose text is full of terminal escapes, committed."""
    add_hostile(library)
    git(library, "add", "-A")
    git(library, "commit", "-q", "-m", "Add hostile records")
    return library


def cli(library: Path, *args: str, **kw):  # noqa: ANN201, ANN003
    return run_cli("--library", str(library), *args, env=TODAY, **kw)


def assert_nothing_raw(result) -> None:  # noqa: ANN001
    """Neither stream carries a character the terminal would interpret (tabs separate `search` cells)."""
    assert raw_characters(result.stdout.replace("\t", " ")) == [], result.stdout
    assert raw_characters(result.stderr) == [], result.stderr


@pytest.mark.parametrize("command", [("show", "eve-red"), ("search", "eve"), ("due",), ("match", "data-hostile")])
def test_human_output_shows_control_characters_and_bidi_overrides_escaped(
    hostile_library: Path, command: tuple[str, ...]
) -> None:
    result = cli(hostile_library, *command)
    assert result.returncode == 0, result.stderr
    assert_nothing_raw(result)
    assert "Eve \\x1b[31mRed\\x1b[0m [bold]x[/]" in result.stdout


def test_history_shows_commit_messages_and_diffs_escaped(hostile_library: Path) -> None:
    path = hostile_library / "candidates" / "eve-red.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "interests_note: raw \u202e bidi\n", encoding="utf-8")
    git(hostile_library, "commit", "-q", "-am", "Eve \x1b]0;PWNED\x07 edited by hand")
    result = cli(hostile_library, "show", "eve-red", "--history")
    assert result.returncode == 0, result.stderr
    assert_nothing_raw(result)
    assert "Eve \\x1b]0;PWNED\\x07 edited by hand" in result.stdout
    assert "+interests_note: raw \\u202e bidi" in result.stdout


def test_show_escapes_every_field_and_keeps_markup_literal(hostile_library: Path) -> None:
    out = cli(hostile_library, "show", "eve").stdout
    for shown in (
        "she/\\u202eher",
        "\\x1b]0;PWNED\\x07CTO at [link=https://x]y[/link]",
        "\\x9b2J Berlin \\u2066iso\\u2069",
        "eve@example.org\\x1b[2J",
        "sp\\x1b[2Jark",
        "\\u202ereversed",
        "bell\\x07",
        "Mallory\\x1b[8m",
        "line one \\x1b[2J",
        "line two \\x1b]0;PWNED\\x07",
        "Data \\x1b[5mEngineer",
        "Grace\\x1b[0m",
        "sharp \\x1b[?1049h",
        "too \\x1b[2Jjunior",
        "(Ken\\x1b[31m): talked \\x1b]0;PWNED\\x07 [bold]x[/]",
    ):
        assert shown in out


def test_search_keeps_one_cell_per_field_when_the_data_holds_a_tab(hostile_library: Path) -> None:
    path = hostile_library / "candidates" / "tab-tom.yaml"
    path.write_text('name: "Tab\\tTom\\nNext"\nheadline: "a\\tb"\n', encoding="utf-8")
    line = cli(hostile_library, "search", "tab").stdout.splitlines()[0]
    assert line.split("\t") == ["tab-tom", "Tab\\tTom\\nNext", "a\\tb", "pursue"]


def test_json_output_keeps_the_exact_text(hostile_library: Path) -> None:
    shown = json.loads(cli(hostile_library, "show", "eve", "--json").stdout)
    assert shown["name"] == EVE
    assert shown["pronouns"] == "she/\u202eher"
    assert shown["notes"] == "line one \x1b[2J\nline two \x1b]0;PWNED\x07\n[link=https://x]y[/link]\n"
    found = json.loads(cli(hostile_library, "search", "eve", "--json").stdout)
    assert found[0]["headline"] == "\x1b]0;PWNED\x07CTO at [link=https://x]y[/link]"
    due = json.loads(cli(hostile_library, "due", "--json").stdout)
    assert EVE in [item["name"] for item in due]
    ranked = json.loads(cli(hostile_library, "match", "data-hostile", "--json").stdout)
    assert ranked[0]["name"] == EVE and any("sp\x1b[2Jark" in reason for reason in ranked[0]["reasons"])
    # JSON itself escapes control characters; bidi characters stay as they are.
    raw = cli(hostile_library, "show", "eve", "--json").stdout
    assert "\x1b" not in raw and "\\u001b" in raw and "\u202e" in raw


def test_check_warns_about_each_value_with_file_line_and_column(hostile_library: Path) -> None:
    result = cli(hostile_library, "check")
    assert result.returncode == 0, result.stdout  # warnings, not errors
    assert_nothing_raw(result)
    lines = result.stdout.splitlines()
    for expected in (
        "candidates/eve-red.yaml:2:7: warning: name contains a control character (shown as \\x1b)",
        "candidates/eve-red.yaml:3:11: warning: pronouns contains a bidirectional override (shown as \\u202e)",
        "candidates/eve-red.yaml:4:11: warning: headline contains a control character (shown as \\x1b, \\x07)",
        "candidates/eve-red.yaml:12:20: warning: interviews[0].interviewers[0] contains a control character "
        "(shown as \\x1b)",
        "candidates/eve-red.yaml:22:8: warning: tags[0] contains a control character (shown as \\x07)",
        "candidates/eve-red.yaml:30:14: warning: history[0].summary contains a control character "
        "(shown as \\x1b, \\x07)",
        "openings/data-hostile.yaml:2:7: warning: team contains a bidirectional override (shown as \\u202e)",
    ):
        assert expected in lines
    assert sum("eve-red.yaml" in line for line in lines) == 16  # one per value, markup alone is no finding
    assert "0 errors, 19 warnings" in result.stderr
    as_json = json.loads(cli(hostile_library, "check", "--json").stdout)
    assert {
        "path": "candidates/eve-red.yaml",
        "line": 2,
        "column": 7,
        "severity": "warning",
        "message": "name contains a control character (shown as \\x1b)",
    } in as_json


def test_check_of_one_hand_written_file_with_a_raw_bidi_character(hostile_library: Path) -> None:
    path = hostile_library / "candidates" / "ivy.yaml"
    path.write_text("name: Ivy\nnotes: |\n  invoice\u202egpj.exe\n", encoding="utf-8")
    result = run_cli("check", str(path), cwd=hostile_library)
    assert result.returncode == 0
    assert result.stdout == (
        "candidates/ivy.yaml:2:8: warning: notes contains a bidirectional override (shown as \\u202e)\n"
    )


def test_confirmations_and_errors_that_quote_data_are_escaped(hostile_library: Path) -> None:
    added = cli(hostile_library, "add", "Mal \x1b]0;PWNED\x07")
    assert added.returncode == 0, added.stderr
    assert_nothing_raw(added)
    logged = cli(hostile_library, "log", "eve", "call", "--summary", "hi \x1b[2J")
    assert logged.returncode == 0, logged.stderr
    assert_nothing_raw(logged)
    message = git(hostile_library, "log", "-1", "--format=%s")  # git log shows it on a terminal too
    assert message.strip() == "Log call with Eve \\x1b[31mRed\\x1b[0m [bold]x[/]"
    unknown = cli(hostile_library, "show", "nobody\x1b[2J")
    assert unknown.returncode == 2
    assert_nothing_raw(unknown)
    assert "nobody\\x1b[2J" in unknown.stderr
    bad_kind = cli(hostile_library, "log", "eve", "\x1b]0;PWNED\x07")
    assert bad_kind.returncode == 2
    assert_nothing_raw(bad_kind)
    assert "\\x1b]0;PWNED\\x07" in bad_kind.stderr
    refused = cli(hostile_library, "forget", "eve")
    assert refused.returncode == 2 and "forget erases Eve \\x1b[31mRed" in refused.stderr
    assert_nothing_raw(refused)
    forgot = cli(hostile_library, "forget", "eve", "--yes")
    assert forgot.returncode == 0, forgot.stderr
    assert_nothing_raw(forgot)
    assert forgot.stdout.startswith("forgot Eve \\x1b[31mRed\\x1b[0m [bold]x[/] (eve-red)")


def test_paths_quoted_in_errors_are_escaped(hostile_library: Path, tmp_path: Path) -> None:
    odd = tmp_path / "lib\x1b[2J"
    odd.mkdir()
    result = run_cli("check", str(odd))
    assert result.returncode == 1
    assert_nothing_raw(result)
    assert "lib\\x1b[2J" in result.stderr
    synced = cli(hostile_library, "sync")  # no remote: the error names the library
    assert_nothing_raw(synced)
    bob = hostile_library / "candidates" / "bob\x1b]0;PWNED\x07.yaml"  # a file name can hold anything
    bob.write_text("name: Bob\nfit: maybe\n", encoding="utf-8")
    checked = cli(hostile_library, "check")
    assert checked.returncode == 1
    assert_nothing_raw(checked)
    assert "candidates/bob\\x1b]0;PWNED\\x07.yaml:2:6: error: fit: must be one of" in checked.stdout
