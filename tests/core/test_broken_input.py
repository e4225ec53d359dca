"""Every kind of broken file gets one line naming file:line:col, and is never rewritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import run_cli

from runnerup_tui.actions import log_touchpoint
from runnerup_tui.domain.model import TouchpointKind
from runnerup_tui.domain.problems import InvalidFile, UsageError
from runnerup_tui.store.library import Library

BOMB = b'name: Alias Bomb\nnotes: "x"\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + b"".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n".encode() for p, c in zip("abcdefg", "bcdefgh")
)

# name -> (file bytes, expected "line:col", a fragment of the message)
BROKEN: dict[str, tuple[bytes, str, str]] = {
    "yaml-syntax": (b"name: Syntax Error\nheadline: Lead: Data\n", "2:15", "YAML syntax error"),
    "duplicate-key": (b"name: Dup Key\nrating: 3\nskills: [go]\nrating: 4\n", "4:1", "duplicate key `rating`"),
    "impossible-date": (
        b"name: Bad Date\nhistory:\n  - date: 2026-02-30\n    kind: call\n",
        "3:11",
        "history[0].date: there is no such day (got '2026-02-30')",
    ),
    "conflict-markers": (
        b"name: Merged Badly\n<<<<<<< HEAD\nrating: 3\n=======\nrating: 4\n>>>>>>> theirs\n",
        "2:1",
        "unresolved merge conflict",
    ),
    "not-a-mapping": (b"# a list, not a candidate\n- name: Ada\n", "2:1", "must be a mapping"),
    "empty-file": (b"", "1:1", "file is empty"),
    "comment-only": (b"# nothing here yet\n", "1:1", "file is empty"),
    "invalid-utf8": (b"name: Latin One\nnotes: caf\xe9 au lait\n", "2:11", "not valid UTF-8"),
    "control-char": (b"name: Nul\x00 Byte\n", "1:10", "character 0x00 is not allowed"),
    "tab-indent": (b"name: Tabs\nskills:\n\t- go\n", "3:1", "tab"),
    "rating-range": (
        b"name: Too Good\n# after the debrief\nrating: 9\n",
        "3:9",
        "rating: must be between 1 and 5 (got 9)",
    ),
    "bad-enum": (
        b"name: Bad Kind\nhistory:\n  - date: 2026-01-02\n    kind: phone\n",
        "4:11",
        "history[0].kind: must be one of call, email",
    ),
    "missing-key": (
        b"name: No Kind\nhistory:\n  - date: 2026-01-02\n    summary: hi\n",
        "3:5",
        "history[0].kind: required key is missing",
    ),
    "missing-name": (b"headline: Nameless\n", "1:1", "name: required key is missing"),
    "number-as-text": (b"name: Phone\ncontact:\n  phone: 5551234\n", "3:10", "put it in quotes"),
    "huge-integer": (b"name: Big\nrating: " + b"9" * 5000 + b"\n", "2:9", "number is too long"),
    "alias-bomb": (BOMB, "8:4", "aliases"),
    "deep-nesting": (b"name: Deep\nnotes: " + b"[" * 3000 + b"]" * 3000 + b"\n", "2:8", "nested more than 32 levels"),
    "python-tag": (b"name: !!python/object/apply:os.system ['true']\n", "1:7", "YAML syntax error"),
}


@pytest.fixture
def broken_library(library: Path) -> Path:
    for name, (raw, _, _) in BROKEN.items():
        (library / "candidates" / f"{name}.yaml").write_bytes(raw)
    return library


def test_check_reports_each_broken_file_at_its_line(broken_library: Path) -> None:
    result = run_cli("--library", str(broken_library), "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for name, (_, position, fragment) in BROKEN.items():
        mine = [ln for ln in lines if ln.startswith(f"candidates/{name}.yaml:")]
        assert mine, f"{name}: not reported"
        first = mine[0]
        assert first.startswith(f"candidates/{name}.yaml:{position}: error: "), first
        assert fragment.lower() in first.lower(), first
        assert len(first) < 300, f"{name}: message too long or echoes the input: {first[:100]}…"
    # the rest of the library still loads
    assert "checked " in result.stderr
    assert not [ln for ln in lines if not any(ln.startswith(f"candidates/{n}.yaml:") for n in BROKEN)]


def test_check_json_shape(broken_library: Path) -> None:
    result = run_cli("--library", str(broken_library), "check", "--json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert {tuple(sorted(p)) for p in problems} == {("column", "line", "message", "path", "severity")}
    by_path = {p["path"]: p for p in problems}
    assert by_path["candidates/rating-range.yaml"] == {
        "path": "candidates/rating-range.yaml",
        "line": 3,
        "column": 9,
        "severity": "error",
        "message": "rating: must be between 1 and 5 (got 9)",
    }


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_never_rewritten(broken_library: Path, name: str) -> None:
    path = broken_library / "candidates" / f"{name}.yaml"
    before = path.read_bytes()
    lib = Library.open(broken_library)
    with pytest.raises((InvalidFile, UsageError)) as caught:
        log_touchpoint(lib, name, TouchpointKind.CALL, summary="should not be written")
    assert f"candidates/{name}.yaml:" in str(caught.value)
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_cli_refuses_to_log_into_a_broken_file(broken_library: Path) -> None:
    path = broken_library / "candidates" / "rating-range.yaml"
    before = path.read_bytes()
    result = run_cli("--library", str(broken_library), "log", "rating-range", "call", "--summary", "hello")
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert "candidates/rating-range.yaml:3:9: error: rating: must be between 1 and 5 (got 9)" in result.stderr
    assert path.read_bytes() == before


def test_unknown_keys_are_warnings_with_a_suggestion(library: Path) -> None:
    path = library / "candidates" / "ada-lovelace.yaml"
    path.write_text(path.read_text() + "skils: [cobol]\n", encoding="utf-8")
    result = run_cli("--library", str(library), "check")
    assert result.returncode == 0, result.stdout
    line_no = len(path.read_text().splitlines())
    assert (
        f"candidates/ada-lovelace.yaml:{line_no}:1: warning: skils: unknown key; did you mean `skills`?"
        in result.stdout
    )


def test_unknown_keys_survive_a_write(library: Path) -> None:
    path = library / "candidates" / "ada-lovelace.yaml"
    path.write_text(
        path.read_text().replace("name: Ada Lovelace", "name: Ada Lovelace\nfavourite_editor: emacs"), encoding="utf-8"
    )
    log_touchpoint(Library.open(library), "ada-lovelace", TouchpointKind.CALL)
    assert "favourite_editor: emacs" in path.read_text()


def test_symlinked_file_is_a_problem_and_not_followed(library: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: Outside\n", encoding="utf-8")
    (library / "candidates" / "linked.yaml").symlink_to(outside)
    result = run_cli("--library", str(library), "check")
    assert "candidates/linked.yaml:1:1: error: is a symbolic link" in result.stdout
    with pytest.raises(UsageError):
        log_touchpoint(Library.open(library), "linked", TouchpointKind.CALL)
    assert outside.read_text() == "name: Outside\n"


def test_duplicate_touchpoint_ids_are_an_error(library: Path) -> None:
    path = library / "candidates" / "twins.yaml"
    path.write_text(
        "name: Twin Ids\nhistory:\n  - id: t-aaaaaa\n    date: 2026-01-01\n    kind: call\n"
        "  - id: t-aaaaaa\n    date: 2026-01-02\n    kind: email\n",
        encoding="utf-8",
    )
    result = run_cli("--library", str(library), "check")
    assert result.returncode == 1
    assert "candidates/twins.yaml:6:9: error: history[1].id: `t-aaaaaa` is already used by history[0]" in result.stdout


def test_touchpoint_naming_a_missing_opening_is_a_warning(library: Path) -> None:
    path = library / "candidates" / "ada-lovelace.yaml"
    text = path.read_text()
    path.write_text(text.replace("opening: senior-data-engineer", "opening: senior-data-enginer", 1), encoding="utf-8")
    line = next(n for n, ln in enumerate(path.read_text().splitlines(), 1) if "senior-data-enginer" in ln)
    result = run_cli("--library", str(library), "check")
    assert result.returncode == 0
    assert f"candidates/ada-lovelace.yaml:{line}:" in result.stdout
    assert "there is no opening `senior-data-enginer`" in result.stdout


def test_a_quoted_date_where_text_belongs_is_text(library: Path) -> None:
    ada = library / "candidates" / "ada-lovelace.yaml"
    text = ada.read_text(encoding="utf-8")
    old = "headline: Senior Data Engineer at Analytical Engines Ltd\n"
    assert old in text
    ada.write_text(text.replace(old, 'headline: "2026-03-01"\n'), encoding="utf-8")
    checked = run_cli("--library", str(library), "check")  # the first index reads the file
    assert checked.returncode == 0, checked.stdout
    assert checked.stderr.endswith(": 0 errors, 0 warnings\n")
    result = run_cli("--library", str(library), "show", "ada-lovelace", "--json")
    assert json.loads(result.stdout)["headline"] == "2026-03-01"
    assert json.loads(run_cli("--library", str(library), "search", "2026-03", "--json").stdout)[0]["id"] == (
        "ada-lovelace"
    )
