"""`runnerup merge-people KEEP OTHER`: one record from two, nothing lost without saying so, one commit."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import SAMPLE, git, make_repo, run_cli

from runnerup_tui.actions import merge_people, plan_merge
from runnerup_tui.store.library import Library

KEEP = """\
# John came through a referral from Grace: keep this note
name: John Smith
headline: Data Engineer at Acme
contact:
  email: john@x.org
  phone: '+1 415 555 0100'
interviews:
  - role: Data Engineer
    date: 2025-03-01
    stage: onsite
skills: [python, spark]
interests:
  - sailing  # his boat is called Ada
history:
  - id: t-0001
    date: 2025-03-02
    kind: call
    summary: Rejection call, he took it well.
  - id: t-0003
    date: 2025-06-01
    kind: coffee
    summary: Coffee at the harbour.
"""

OTHER = """\
name: Jon Smith
headline: Senior Data Engineer at Initech
location: Lisbon
contact:
  email: JOHN@x.org
  phone: '+1 415 555 0199'
  linkedin: https://www.linkedin.com/in/jonsmith
interviews:
  - role: Data Engineer
    date: 2025-03-01
  - role: Platform Engineer
    date: 2024-01-10
skills: [Python, kafka]
tags: [referral]
history:
  - id: t-0001
    date: 2025-03-02
    kind: call
    summary: Rejection call, he took it well.
  - id: t-0002
    date: 2025-04-15
    kind: article
    summary: Sent the Kafka article.
  - date: 2025-09-01
    kind: career-update
    summary: Moved to Initech.
"""


def library_of(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "lib"
    (root / "candidates").mkdir(parents=True)
    (root / "runnerup.yaml").write_text("name: Test\n")
    for cid, text in files.items():
        (root / "candidates" / f"{cid}.yaml").write_text(text)
    return make_repo(root)


def test_merging_unites_history_and_lists_and_keeps_keeps_comments(tmp_path: Path) -> None:
    root = library_of(tmp_path, {"john-smith": KEEP, "jon-smith": OTHER})
    result = run_cli("--library", str(root), "merge-people", "john-smith", "jon-smith")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("merged candidates/jon-smith.yaml into candidates/john-smith.yaml, commit ")
    assert not (root / "candidates/jon-smith.yaml").exists()
    text = (root / "candidates/john-smith.yaml").read_text()
    assert text.startswith("# John came through a referral from Grace: keep this note\nname: John Smith\n")
    assert "  - sailing  # his boat is called Ada\n" in text
    record = Library.open(root).read_candidate("john-smith")
    assert [t.id for t in record.history] == ["t-0001", "t-0002", "t-0003", None]  # every touchpoint, in date order
    assert [str(t.date) for t in record.history] == ["2025-03-02", "2025-04-15", "2025-06-01", "2025-09-01"]
    assert record.skills == ["python", "spark", "kafka"]
    assert record.tags == ["referral"]
    assert record.location == "Lisbon"  # only OTHER had it
    assert record.contact.linkedin == "https://www.linkedin.com/in/jonsmith"
    assert (record.headline, record.contact.phone, record.contact.email) == (
        "Data Engineer at Acme",
        "+1 415 555 0100",
        "john@x.org",
    )
    assert [(i.role, str(i.date)) for i in record.interviews] == [
        ("Platform Engineer", "2024-01-10"),
        ("Data Engineer", "2025-03-01"),
    ]
    assert run_cli("--library", str(root), "check").returncode == 0


def test_merging_makes_one_commit_of_both_files_listing_what_was_dropped(tmp_path: Path) -> None:
    root = library_of(tmp_path, {"john-smith": KEEP, "jon-smith": OTHER})
    before = int(git(root, "rev-list", "--count", "HEAD"))
    result = run_cli("--library", str(root), "merge-people", "john", "jon")  # name prefixes, as every ID argument
    assert result.returncode == 0, result.stderr
    assert int(git(root, "rev-list", "--count", "HEAD")) == before + 1
    assert git(root, "show", "--name-status", "--format=", "HEAD").split() == [
        "M",
        "candidates/john-smith.yaml",
        "D",
        "candidates/jon-smith.yaml",
    ]
    message = git(root, "log", "-1", "--format=%B")
    assert message.startswith("Merge Jon Smith into John Smith\n\n")
    dropped = next(line for line in message.splitlines() if line.startswith("dropped from jon-smith: "))
    assert "name 'Jon Smith'" in dropped
    assert "headline 'Senior Data Engineer at Initech'" in dropped
    assert "contact.phone '+1 415 555 0199'" in dropped
    assert "contact.email" not in dropped  # JOHN@x.org is the same email
    assert "kept from john-smith: " in message and "headline 'Data Engineer at Acme'" in message
    assert "added from jon-smith: " in message and "2 touchpoints" in message
    assert "dropped headline 'Senior Data Engineer at Initech' (from jon-smith)" in result.stderr
    assert git(root, "status", "--porcelain") == ""


def test_merging_refuses_one_person_given_twice(tmp_path: Path) -> None:
    root = library_of(tmp_path, {"john-smith": KEEP, "jon-smith": OTHER})
    result = run_cli("--library", str(root), "merge-people", "john-smith", "John Sm")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "one record" in result.stderr
    assert (root / "candidates/jon-smith.yaml").exists()


def test_merging_refuses_a_broken_file_and_writes_nothing(tmp_path: Path) -> None:
    root = library_of(tmp_path, {"john-smith": KEEP, "jon-smith": "name: Jon Smith\nrating: 9\n"})
    head = git(root, "rev-parse", "HEAD")
    result = run_cli("--library", str(root), "merge-people", "john-smith", "jon-smith")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "jon-smith" in result.stderr and "fixed" in result.stderr
    assert (root / "candidates/john-smith.yaml").read_text() == KEEP
    assert git(root, "rev-parse", "HEAD") == head


def test_merging_refuses_when_a_file_changed_since_the_person_looked(tmp_path: Path) -> None:
    root = library_of(tmp_path, {"john-smith": KEEP, "jon-smith": OTHER})
    plan = plan_merge(Library.open(root), "john-smith", "jon-smith")
    (root / "candidates/jon-smith.yaml").write_text(OTHER + "notes: added by hand meanwhile\n")
    result = None
    try:
        merge_people(Library.open(root), "john-smith", "jon-smith", expected=plan.hashes)
    except Exception as err:  # noqa: BLE001 - the test names the error below
        result = err
    assert type(result).__name__ == "FileChanged"
    assert (root / "candidates/john-smith.yaml").read_text() == KEEP
    assert (root / "candidates/jon-smith.yaml").exists()


def test_a_refused_commit_leaves_both_files_as_they_were(tmp_path: Path) -> None:
    root = library_of(tmp_path, {"john-smith": KEEP, "jon-smith": OTHER})
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'policy: no merges today' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = run_cli("--library", str(root), "merge-people", "john-smith", "jon-smith")
    assert result.returncode == 1
    assert "no merges today" in result.stderr
    assert (root / "candidates/john-smith.yaml").read_text() == KEEP
    assert (root / "candidates/jon-smith.yaml").read_text() == OTHER


def test_the_plan_lists_the_differing_fields_and_a_choice_takes_others_value(tmp_path: Path) -> None:
    root = library_of(tmp_path, {"john-smith": KEEP, "jon-smith": OTHER})
    plan = plan_merge(Library.open(root), "john-smith", "jon-smith")
    assert [d.path for d in plan.differences] == [("name",), ("headline",), ("contact", "phone")]
    merged = merge_people(
        Library.open(root), "john-smith", "jon-smith", take_other=(("headline",),), expected=plan.hashes
    )
    record = Library.open(root).read_candidate("john-smith")
    assert record.headline == "Senior Data Engineer at Initech"
    assert "headline 'Data Engineer at Acme' (from john-smith)" in merged.dropped
    assert "dropped from john-smith: headline 'Data Engineer at Acme'" in git(root, "log", "-1", "--format=%B")


def test_one_touchpoint_or_interview_in_both_files_is_filled_in_and_what_differs_is_listed(tmp_path: Path) -> None:
    keep = (
        "name: Ada\ninterviews:\n  - role: CTO\n    date: 2025-01-01\n"
        "history:\n  - id: t-1\n    date: 2025-01-02\n    kind: call\n    summary: Short call.\n"
    )
    other = (
        "name: Ada\ninterviews:\n  - role: cto\n    date: 2025-01-01\n    stage: final\n"
        "history:\n  - id: t-1\n    date: 2025-01-02\n    kind: call\n    by: Grace\n"
        "    summary: Long call about sailing.\n"
    )
    root = library_of(tmp_path, {"ada": keep, "ada-2": other})
    assert run_cli("--library", str(root), "merge-people", "ada", "ada-2").returncode == 0
    record = Library.open(root).read_candidate("ada")
    assert [(i.role, i.stage.value) for i in record.interviews] == [("CTO", "final")]
    assert [(t.id, t.by, t.summary) for t in record.history] == [("t-1", "Grace", "Short call.")]
    assert "history[0].summary 'Long call about sailing.'" in git(root, "log", "-1", "--format=%B")


def test_merging_refuses_a_file_no_commit_holds(tmp_path: Path) -> None:
    root = library_of(tmp_path, {"john-smith": KEEP})
    (root / "candidates/jon-smith.yaml").write_text(OTHER)  # made by hand, not committed yet
    result = run_cli("--library", str(root), "merge-people", "john-smith", "jon-smith")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "in no commit yet" in result.stderr
    assert (root / "candidates/jon-smith.yaml").read_text() == OTHER
    assert (root / "candidates/john-smith.yaml").read_text() == KEEP
    git(root, "add", "candidates/jon-smith.yaml")  # staged only: a merge's commit would leave it in no commit
    assert run_cli("--library", str(root), "merge-people", "john-smith", "jon-smith").returncode == 1
    git(root, "commit", "-qm", "Add Jon Smith by hand")
    assert run_cli("--library", str(root), "merge-people", "john-smith", "jon-smith").returncode == 0
    assert git(root, "status", "--porcelain") == ""


def _merged_away_in_a_while_b_changes(tmp_path: Path, *b_change: str) -> tuple[Path, Path]:
    """Clone A merges lovelace-ada into ada-lovelace and pushes; clone B meanwhile runs ``b_change`` on lovelace-ada."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    a = tmp_path / "a"
    shutil.copytree(SAMPLE, a)
    make_repo(a)
    git(a, "remote", "add", "origin", str(remote))
    assert run_cli("--library", str(a), "add", "Lovelace, Ada", "--email", "ada.lovelace@example.org").returncode == 0
    git(a, "push", "-q", "origin", "HEAD:master")
    b = tmp_path / "b"
    git(tmp_path, "clone", "-q", "-b", "master", str(remote), str(b))
    git(b, "config", "user.name", "Grace Hopper")
    git(b, "config", "user.email", "grace@example.org")
    assert run_cli("--library", str(a), "merge-people", "ada-lovelace", "lovelace-ada").returncode == 0
    git(a, "push", "-q", "origin", "HEAD:master")
    changed = run_cli("--library", str(b), *b_change)
    assert changed.returncode == 0, changed.stderr
    return a, b


def test_a_touchpoint_logged_with_a_person_merged_away_in_another_clone_lands_in_the_kept_record(
    tmp_path: Path,
) -> None:
    # Two recruiters logging touchpoints never conflict (DESIGN §6): also when one merged the person away meanwhile.
    _a, b = _merged_away_in_a_while_b_changes(tmp_path, "log", "lovelace-ada", "call", "--summary", "New role")
    synced = run_cli("--library", str(b), "sync")
    assert synced.returncode == 0, synced.stderr
    assert "New role" in (b / "candidates" / "ada-lovelace.yaml").read_text(encoding="utf-8")
    assert not (b / "candidates" / "lovelace-ada.yaml").exists()
    assert git(b, "status", "--porcelain") == ""
    assert run_cli("--library", str(b), "check").returncode == 0
    assert "lovelace-ada" in synced.stdout + synced.stderr  # said what it brought where


def test_a_value_changed_on_a_person_merged_away_in_another_clone_is_a_conflict_that_says_how_to_keep_it(
    tmp_path: Path,
) -> None:
    # Clone B logs a call with lovelace-ada and renames her while clone A merges her into ada-lovelace. A changed
    # value cannot be united by itself (kept or dropped is a person's call), so the pull stops on "deleted on one
    # side, changed on the other": the problem must say it was a merge and how to keep the call and the name.
    _a, b = _merged_away_in_a_while_b_changes(tmp_path, "log", "lovelace-ada", "call", "--summary", "New role")
    (b / "candidates" / "lovelace-ada.yaml").write_text(
        (b / "candidates" / "lovelace-ada.yaml").read_text(encoding="utf-8").replace("Lovelace, Ada", "Ada King"),
        encoding="utf-8",
    )
    git(b, "commit", "-qam", "Ada's married name")
    synced = run_cli("--library", str(b), "sync")
    assert synced.returncode == 1 and "candidates/lovelace-ada.yaml" in synced.stderr
    check = run_cli("--library", str(b), "check")
    assert "merged into ada-lovelace" in check.stdout + check.stderr, check.stdout + check.stderr
    assert "merge-people ada-lovelace lovelace-ada" in check.stdout + check.stderr
    # following the advice keeps the call: the file kept (the app's choice), then the two merged again
    from runnerup_tui.team.git import GitRepo
    from runnerup_tui.team.resolution import read_conflict, resolve_conflict

    conflict = read_conflict(GitRepo(b), "candidates/lovelace-ada.yaml")
    assert conflict.deleted_by == "theirs" and conflict.merged_into == "ada-lovelace"
    resolve_conflict(GitRepo(b), "candidates/lovelace-ada.yaml", {}, keep_file=True)
    assert run_cli("--library", str(b), "merge-people", "ada-lovelace", "lovelace-ada").returncode == 0
    assert "New role" in (b / "candidates" / "ada-lovelace.yaml").read_text(encoding="utf-8")
    assert not (b / "candidates" / "lovelace-ada.yaml").exists()
