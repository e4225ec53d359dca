"""The command-line contract of DESIGN.md §4, through the real command in real repositories."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from support import SAMPLE, git, run_cli


def cli(library: Path, *args: str, **kw):  # noqa: ANN201, ANN003
    return run_cli("--library", str(library), *args, **kw)


def test_check_on_the_sample_library_is_clean(library: Path) -> None:
    result = cli(library, "check")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr.strip() == "checked 32 files: 0 errors, 0 warnings"


def test_check_one_file(library: Path) -> None:
    path = library / "candidates" / "ada-lovelace.yaml"
    result = run_cli("check", str(path), cwd=library)
    assert result.returncode == 0
    assert "checked 1 files" in result.stderr


def test_search_finds_by_name_skill_and_interest_best_first(library: Path) -> None:
    result = cli(library, "search", "ada", "--json")
    assert result.returncode == 0
    found = json.loads(result.stdout)
    assert found[0]["id"] == "ada-lovelace"
    assert {"id", "name"} <= set(found[0])
    # accent-insensitive, any case
    assert json.loads(cli(library, "search", "ZOE", "angstrom", "--json").stdout)[0]["id"] == "zoe-angstrom"
    assert json.loads(cli(library, "search", "lukasz", "--json").stdout)[0]["name"] == "Łukasz Wiśniewski"


def test_search_qualifiers_combine(library: Path) -> None:
    found = json.loads(cli(library, "search", "skill:python", "fit:pursue", 'role:"data engineer"', "--json").stdout)
    assert found
    for item in found:
        assert "python" in [s.lower() for s in item["skills"]]
        assert item["fit"] == "pursue"
    shown = json.loads(cli(library, "show", found[0]["id"], "--json").stdout)
    assert any("data engineer" in i["role"].lower() for i in shown["interviews"])


def test_search_bad_qualifier_is_a_usage_error(library: Path) -> None:
    result = cli(library, "search", "colour:blue")
    assert result.returncode == 2
    assert result.stderr.startswith("runnerup: unknown search qualifier `colour:`")


def test_search_without_match_exits_1(library: Path) -> None:
    result = cli(library, "search", "nobody-at-all-xyz", "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == []


def test_show_json_has_the_record_and_the_follow_up(library: Path) -> None:
    shown = json.loads(cli(library, "show", "jose", "--json").stdout)
    assert shown["id"] == "jose-martinez"
    assert shown["name"] == "José Martínez"
    assert shown["next_follow_up"] == "2026-12-03"  # explicit next_contact wins
    text = cli(library, "show", "jose-martinez").stdout
    assert text.startswith("José Martínez")


def test_add_prints_a_unique_id_and_commits_only_that_file(library: Path) -> None:
    # unrelated work in progress must not be swept into the commit
    (library / "candidates" / "ada-lovelace.yaml").write_text(
        (library / "candidates" / "ada-lovelace.yaml").read_text() + "# staged edit\n"
    )
    git(library, "add", "candidates/ada-lovelace.yaml")
    (library / "scratch.txt").write_text("untracked\n")
    first = cli(
        library, "add", "José Martínez", "--role", "Data Engineer", "--skill", "python", "--email", "jm@example.com"
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "jose-martinez-2"
    second = cli(library, "add", "José Martínez")
    assert second.stdout.strip() == "jose-martinez-3"
    assert git(library, "show", "--name-only", "--format=%s", "HEAD~1").split("\n")[:3] == [
        "Add candidate José Martínez",
        "",
        "candidates/jose-martinez-2.yaml",
    ]
    status = git(library, "status", "--porcelain")
    assert "M  candidates/ada-lovelace.yaml" in status
    assert "?? scratch.txt" in status
    new = (library / "candidates" / "jose-martinez-2.yaml").read_text()
    assert new.startswith("name: José Martínez\n")
    assert "owner: Test Recruiter" in new
    assert cli(library, "check").returncode == 0


def test_log_by_name_prefix_with_all_options(library: Path) -> None:
    result = cli(
        library,
        "log",
        "Zoë",
        "presented",
        "--summary",
        "Put forward for the design role",
        "--date",
        "2026-11-24",
        "--by",
        "Barbara Liskov",
        "--opening",
        "product",
    )
    assert result.returncode == 0, result.stderr
    text = (library / "candidates" / "zoe-angstrom.yaml").read_text()
    tail = text[text.rindex("- id: t-") :]
    assert "date: 2026-11-24" in tail and "kind: presented" in tail and "by: Barbara Liskov" in tail
    assert "opening: product-designer" in tail
    assert git(library, "log", "-1", "--format=%s").strip() == "Present Zoë Ångström for product-designer"


def test_log_touchpoint_ids_are_unique(library: Path) -> None:
    for _ in range(3):
        assert cli(library, "log", "ada-lovelace", "note").returncode == 0
    text = (library / "candidates" / "ada-lovelace.yaml").read_text()
    ids = [ln.split("id:")[1].strip() for ln in text.splitlines() if ln.strip().startswith("- id:")]
    assert len(ids) == len(set(ids))


def test_ambiguous_and_unknown_ids_are_clear_errors(library: Path) -> None:
    before = git(library, "rev-parse", "HEAD")
    ambiguous = cli(library, "log", "a", "call")
    assert ambiguous.returncode == 2
    assert "matches" in ambiguous.stderr and "ada-lovelace (Ada Lovelace)" in ambiguous.stderr
    assert "aoife-brennan" in ambiguous.stderr
    unknown = cli(library, "show", "nobody")
    assert unknown.returncode == 2
    assert unknown.stderr == "runnerup: no candidate matches `nobody`\n"
    assert git(library, "rev-parse", "HEAD") == before


def test_bad_kind_and_date_are_usage_errors(library: Path) -> None:
    assert cli(library, "log", "ada-lovelace", "phone").returncode == 2
    bad_date = cli(library, "log", "ada-lovelace", "call", "--date", "2026-02-30")
    assert bad_date.returncode == 2
    assert "not a date" in bad_date.stderr


def test_no_git_identity_stops_before_writing(library: Path, isolated_home: Path) -> None:
    (isolated_home / ".gitconfig").write_text("")
    path = library / "candidates" / "ada-lovelace.yaml"
    before = path.read_bytes()
    result = cli(library, "log", "ada-lovelace", "call", env={"GIT_CONFIG_GLOBAL": str(isolated_home / ".gitconfig")})
    assert result.returncode == 1
    assert "git has no user.name and user.email" in result.stderr
    assert "git config --global user.name" in result.stderr
    assert path.read_bytes() == before


def test_library_outside_git_is_written_without_commits(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    shutil.copytree(SAMPLE, root)
    result = run_cli("log", "ada-lovelace", "call", "--summary", "No repo here", cwd=root / "candidates")
    assert result.returncode == 0, result.stderr
    assert "commit" not in result.stdout
    assert "No repo here" in (root / "candidates" / "ada-lovelace.yaml").read_text()


def test_library_resolution_order(library: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    missing = run_cli("check", cwd=elsewhere)
    assert missing.returncode == 1
    assert "runnerup init" in missing.stderr and "runnerup demo" in missing.stderr
    assert missing.stderr.count("\n") == 1
    from_env = run_cli("search", "ada", cwd=elsewhere, env={"RUNNERUP_LIBRARY": str(library)})
    assert from_env.stdout.startswith("ada-lovelace")
    from_cwd = run_cli("search", "ada", cwd=library / "openings")
    assert from_cwd.stdout.startswith("ada-lovelace")


def test_index_cache_stays_out_of_the_tracked_tree(library: Path) -> None:
    cli(library, "check")
    assert git(library, "status", "--porcelain") == ""
    assert list((library / ".git" / "runnerup").glob("index-*.sqlite"))


def test_init_makes_a_library_in_git_and_is_idempotent(tmp_path: Path) -> None:
    root = tmp_path / "team-library"
    first = run_cli("init", str(root), "--name", "Acme runner-ups")
    assert first.returncode == 0, first.stderr
    assert git(root, "log", "--format=%s").strip() == "Create runnerup library"
    files = sorted(git(root, "ls-files").split())
    assert files == [
        ".gitattributes",
        "candidates/.gitkeep",
        "openings/.gitkeep",
        "runnerup.yaml",
        "schemas/candidate.schema.json",
        "schemas/opening.schema.json",
        "schemas/settings.schema.json",
        "templates/article.md",
        "templates/congrats.md",
        "templates/email.md",
        "templates/linkedin.md",
    ]
    assert (root / ".gitattributes").read_text() == "*.yaml merge=runnerup\n"
    assert "-m runnerup_tui merge-driver %O %A %B %P" in git(root, "config", "--local", "merge.runnerup.driver")
    assert 'name: "Acme runner-ups"' in (root / "runnerup.yaml").read_text()
    again = run_cli("init", str(root))
    assert again.returncode == 0
    assert "already a runnerup library" in again.stderr
    assert git(root, "rev-list", "--count", "HEAD").strip() == "1"
    added = run_cli("add", "Grace Hopper", cwd=root)
    assert added.stdout.strip() == "grace-hopper"
    assert run_cli("check", cwd=root).returncode == 0
    schema = json.loads((root / "schemas" / "candidate.schema.json").read_text())
    assert "history" in schema["properties"]


def test_forget_erases_the_file_in_one_commit_and_explains_the_rest(library: Path) -> None:
    refused = cli(library, "forget", "olivia")
    assert refused.returncode == 2 and "add --yes" in refused.stderr
    result = cli(library, "forget", "olivia", "--yes")
    assert result.returncode == 0, result.stderr
    assert not (library / "candidates" / "olivia-brooks.yaml").exists()
    assert git(library, "show", "--name-status", "--format=%s", "HEAD").split() == [
        "Forget",
        "Olivia",
        "Brooks",
        "(consent",
        "withdrawn)",
        "D",
        "candidates/olivia-brooks.yaml",
    ]
    assert "git filter-repo --invert-paths --path candidates/olivia-brooks.yaml" in result.stderr
    assert json.loads(cli(library, "search", "olivia", "--json").stdout) == []
    cache = next((library / ".git" / "runnerup").glob("index-*.sqlite")).read_bytes()
    assert b"olivia" not in cache.lower()


def test_each_command_parses_and_explains_itself_alike_when_only_its_parser_is_built() -> None:
    # A run builds only the parser of the command it names; its help, and so its options, must be the full parser's.
    from runnerup_tui.cli.main import COMMANDS, _command_word, build_parser

    def command_help(parser: argparse.ArgumentParser, name: str) -> str:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return sub.choices[name].format_help()

    full = build_parser()
    for name in COMMANDS:
        assert _command_word(["--library", "x", name, "--json"]) == name
        assert command_help(build_parser(only=name), name) == command_help(full, name), name
    assert _command_word(["--help"]) is None and _command_word(["nonsense"]) is None


def test_an_unknown_command_and_a_bad_option_are_told_as_before() -> None:
    unknown = run_cli("serach", "kafka")
    assert unknown.returncode == 2 and "invalid choice: 'serach'" in unknown.stderr and "search" in unknown.stderr
    bad = run_cli("search", "--jsn", "kafka")
    assert bad.returncode == 2 and "unrecognized arguments: --jsn" in bad.stderr
    assert "add-opening" in run_cli("--help").stdout
