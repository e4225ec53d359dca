"""A second rejection: the new one fills ``rejection:``, the earlier one's facts stay in its history entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ruamel.yaml import YAML
from support import git, run_cli

from runnerup_tui.store.library import Library

TODAY = {"RUNNERUP_TODAY": "2026-11-25"}


def cli(library: Path, *args: str):  # noqa: ANN201
    return run_cli("--library", str(library), *args, env=TODAY)


def reject(library: Path, who: str, reason: str, date: str, channel: str = "call", *more: str) -> None:
    result = cli(
        library,
        "log",
        who,
        "rejection",
        "--channel",
        channel,
        "--fit",
        "pursue",
        "--reason",
        reason,
        "--date",
        date,
        *more,
    )
    assert result.returncode == 0, result.stderr


def rejections(path: Path) -> list[dict]:
    return [dict(e) for e in YAML().load(path.read_text()).get("history") or [] if e["kind"] == "rejection"]


def test_two_rejections_by_the_app_keep_both_reasons_dates_and_channels(library: Path) -> None:
    path = library / "candidates" / "beatriz-oliveira.yaml"
    reject(
        library,
        "beatriz",
        "Ada had more streaming experience.",
        "2026-11-22",
        "email",
        "--impressed",
        "Her question on testing pipelines",
        "--newsletter",
    )
    reject(library, "beatriz", "The second loop needed on-call experience she does not have yet.", "2026-11-25")
    record = Library.open(library).read_candidate("beatriz-oliveira")
    assert (record.rejection.date, record.rejection.channel.value, record.rejection.reason) == (
        dt.date(2026, 11, 25),
        "call",
        "The second loop needed on-call experience she does not have yet.",
    )
    assert record.rejection.newsletter_invited is None  # not said for this one; the first one's stays below
    first, second = rejections(path)
    assert first["date"] == dt.date(2026, 11, 22) and first["summary"] == (
        "Rejection by email: Ada had more streaming experience. What impressed us: Her question on testing "
        "pipelines. Invited to the newsletter."
    )
    assert second["date"] == dt.date(2026, 11, 25)
    assert second["summary"].startswith("Rejection call: The second loop needed on-call experience")
    assert git(library, "status", "--porcelain") == ""
    assert cli(library, "check").returncode == 0


def test_a_hand_written_rejection_entry_gains_the_facts_it_did_not_hold_and_the_comment_moves_with_them(
    library: Path,
) -> None:
    path = library / "candidates" / "kwame-mensah.yaml"
    reject(library, "kwame", "The team chose someone already in Berlin.", "2026-11-25")
    text = path.read_text()
    assert (
        "rejection:\n  date: 2026-11-25\n  channel: call\n  reason: The team chose someone already in Berlin.\n"
        "fit: pursue\n" in text
    )  # the 2024 comment no longer describes this rejection
    first = rejections(path)[0]
    assert (first["id"], first["date"], first["by"]) == ("t-5fdb07", dt.date(2024, 10, 3), "Ken Thompson")
    assert first["summary"] == (
        "Rejection by email after the phone screen (before we called everyone).\n"
        "Rejection by email: Needs more distributed-systems experience for this level. "
        "Invited to the newsletter.\n"
    )
    assert "  kind: rejection  # from the 2024 process; the 2026 decision is still open\n" in text
    removed = [
        ln
        for ln in git(library, "diff", "HEAD~1", "--", "candidates/kwame-mensah.yaml").splitlines()
        if ln.startswith("-") and not ln.startswith("---")
    ]
    assert removed == [
        "-rejection:  # from the 2024 process; the 2026 decision is still open",
        "-  date: 2024-10-03",
        "-  channel: email",
        "-  reason: Needs more distributed-systems experience for this level.",
        "-  newsletter_invited: true",
        "-  kind: rejection",
        "-  summary: Rejection by email after the phone screen (before we called everyone).",
    ]
    assert "headline: Senior Software Engineer at Gold Coast Logistics  # updated 2026-10" in text
    assert cli(library, "check").returncode == 0


def test_an_earlier_rejection_without_a_history_entry_gets_one_in_date_order(library: Path) -> None:
    path = library / "candidates" / "lars-andersen.yaml"
    assert rejections(path) == []
    reject(library, "lars", "The senior loop needed Spark in production.", "2026-11-24")
    first, second = rejections(path)
    assert first["date"] == dt.date(2026, 3, 5) and first["summary"] == (
        "Rejection by email: The role needs production Python and Spark experience he does not have yet. "
        "Invited to the newsletter."
    )
    assert first["id"].startswith("t-") and "by" not in first
    dates = [e["date"] for e in YAML().load(path.read_text())["history"]]
    assert dates == sorted(dates)
    assert second["date"] == dt.date(2026, 11, 24)


def test_the_same_rejection_recorded_again_adds_no_duplicate_facts(library: Path) -> None:
    path = library / "candidates" / "beatriz-oliveira.yaml"
    reject(library, "beatriz", "Ada had more streaming experience.", "2026-11-22")
    first_summary = rejections(path)[0]["summary"]
    reject(library, "beatriz", "Ada had more streaming experience than the role needs.", "2026-11-22")
    assert [r["summary"] for r in rejections(path)][0] == first_summary
    assert len(rejections(path)) == 2


def test_comments_inside_the_earlier_rejection_move_and_the_comment_above_the_next_key_stays(library: Path) -> None:
    path = library / "candidates" / "hand-made.yaml"
    path.write_text(
        "name: Hand Made\n"
        "rejection:\n"
        "  # told on the phone\n"
        "  date: 2025-01-10\n"
        "  channel: call  # Ken did it\n"
        "  reason: Not enough Go.\n"
        "  newsletter_invited: true\n"
        "# the fit below was agreed with Grace\n"
        "fit: pursue\n"
    )
    git(library, "add", "candidates/hand-made.yaml")
    git(library, "commit", "-q", "-m", "Add a hand-made file")
    reject(library, "hand-made", "The second loop went to someone with Rust.", "2026-11-20")
    assert path.read_text() == (
        "name: Hand Made\n"
        "rejection:\n"
        "  date: 2026-11-20\n"
        "  channel: call\n"
        "  reason: The second loop went to someone with Rust.\n"
        "# the fit below was agreed with Grace\n"
        "fit: pursue\n"
        f"history:\n"
        f"  - id: {rejections(path)[0]['id']}\n"
        "    date: 2025-01-10\n"
        "    kind: rejection  # told on the phone; Ken did it\n"
        "    summary: 'Rejection call: Not enough Go. Invited to the newsletter.'\n"
        f"  - id: {rejections(path)[1]['id']}\n"
        "    date: 2026-11-20\n"
        "    kind: rejection\n"
        "    by: Test Recruiter\n"
        "    summary: 'Rejection call: The second loop went to someone with Rust.'\n"
    )


def test_a_comment_already_on_the_entry_stays_and_the_moved_one_follows_it(library: Path) -> None:
    path = library / "candidates" / "hand-made.yaml"
    path.write_text(
        "name: Hand Made\n"
        "rejection:  # the first loop\n"
        "  date: 2025-01-10\n"
        "  channel: email\n"
        "  reason: Not enough Go.\n"
        "history:\n"
        "- id: t-1\n"
        "  date: 2025-01-10\n"
        "  kind: rejection  # Ken's call\n"
        "  # he asked for feedback in writing\n"
        "  summary: Rejection by email. Not enough Go.\n"
    )
    git(library, "add", "candidates/hand-made.yaml")
    git(library, "commit", "-q", "-m", "Add a hand-made file")
    reject(library, "hand-made", "The second loop went to someone with Rust.", "2026-11-20")
    text = path.read_text()
    assert text.startswith("name: Hand Made\nrejection:\n  date: 2026-11-20\n")
    assert (
        "- id: t-1\n  date: 2025-01-10\n  kind: rejection  # Ken's call; the first loop\n"
        "  # he asked for feedback in writing\n  summary: Rejection by email. Not enough Go.\n"
    ) in text
