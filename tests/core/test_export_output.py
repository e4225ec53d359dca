"""``runnerup export -o FILE``: written in one step, never into the library; exporting changes nothing in git."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from icalendar import Calendar
from support import git, run_cli


def test_o_replaces_the_file_in_one_step_so_a_reader_never_sees_half_of_it(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "agenda.ics"
    target.parent.mkdir()
    target.write_text("the previous export\n", encoding="utf-8")
    with target.open(encoding="utf-8") as reader:  # a calendar client in the middle of reading the old file
        before = os.fstat(reader.fileno()).st_ino
        result = run_cli("--library", str(library), "export", "ics", "-o", str(target))
        assert result.returncode == 0, result.stderr
        assert reader.read() == "the previous export\n"  # the old file, whole: it was replaced, not rewritten
    assert target.stat().st_ino != before
    assert Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert sorted(p.name for p in target.parent.iterdir()) == ["agenda.ics"]  # no temporary file left behind
    assert result.stdout == "" and result.stderr.startswith("exported ") and str(target) in result.stderr


def test_a_failed_export_leaves_the_previous_file_as_it_was(library: Path, tmp_path: Path, isolated_home: Path) -> None:
    target = tmp_path / "contacts.vcf"
    target.write_text("previous\n", encoding="utf-8")
    (isolated_home / ".gitconfig").write_text("")  # nobody to be `me`
    result = run_cli("--library", str(library), "export", "vcard", "--owner", "me", "-o", str(target))
    assert result.returncode == 2
    assert result.stderr.startswith("runnerup: --owner me: ") and len(result.stderr.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "library") == ["contacts.vcf"]


def test_o_never_writes_into_the_librarys_own_files(library: Path) -> None:
    ada = (library / "candidates" / "ada-lovelace.yaml").read_bytes()
    for given in ("candidates/ada-lovelace.yaml", "candidates/new.csv", "runnerup.yaml", "candidates"):
        result = run_cli("--library", str(library), "export", "csv", "-o", given, cwd=library)
        assert result.returncode == 2, given
        assert len(result.stderr.splitlines()) == 1 and "-o" in result.stderr
    assert (library / "candidates" / "ada-lovelace.yaml").read_bytes() == ada
    assert not (library / "candidates" / "new.csv").exists()


def test_o_into_a_missing_folder_is_one_clear_line(library: Path, tmp_path: Path) -> None:
    result = run_cli("--library", str(library), "export", "csv", "-o", str(tmp_path / "nowhere" / "x.csv"))
    assert result.returncode == 2 and result.stderr.startswith("runnerup: -o ") and "no folder" in result.stderr


def test_exporting_changes_nothing_in_the_library_or_its_history(library: Path, tmp_path: Path) -> None:
    head = git(library, "rev-parse", "HEAD")
    for kind in ("csv", "ics", "vcard"):
        assert run_cli("--library", str(library), "export", kind).returncode == 0
        assert run_cli("--library", str(library), "export", kind, "-o", str(tmp_path / f"x.{kind}")).returncode == 0
    assert git(library, "rev-parse", "HEAD") == head
    assert git(library, "status", "--porcelain") == ""


def test_within_is_only_for_the_calendar_and_the_format_is_required(library: Path) -> None:
    result = run_cli("--library", str(library), "export", "csv", "--within", "5")
    assert result.returncode == 2 and "--within is for `export ics`" in result.stderr
    assert run_cli("--library", str(library), "export", "pdf").returncode == 2
    assert run_cli("--library", str(library), "export").returncode == 2


def test_a_broken_candidate_file_is_left_out_with_a_warning(library: Path) -> None:
    (library / "candidates" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    result = run_cli("--library", str(library), "export", "csv")
    assert result.returncode == 0
    assert "left out 1 candidate file(s) with errors (broken)" in result.stderr
    assert "broken," not in result.stdout and "ada-lovelace," in result.stdout


def test_export_runs_without_textual(library: Path) -> None:
    code = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError("textual is blocked in this test")
sys.meta_path.insert(0, Block())
from runnerup_tui.cli.main import main
for kind in ("csv", "ics", "vcard"):
    assert main(["--library", sys.argv[1], "export", kind, "-o", sys.argv[2] + "." + kind]) == 0, kind
"""
    result = subprocess.run(
        [sys.executable, "-c", code, str(library), str(library.parent / "out")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
