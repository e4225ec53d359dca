"""`runnerup due`, `match`, `add-opening` and `log ID rejection` through the real command.

The sample library is dated around November 2026, so these pin the day with the CLI's
hidden ``RUNNERUP_TODAY`` override instead of depending on the clock.
"""

from __future__ import annotations

import json
from pathlib import Path

from support import git, run_cli

TODAY = {"RUNNERUP_TODAY": "2026-11-25"}


def cli(library: Path, *args: str, **kw):  # noqa: ANN201, ANN003
    return run_cli("--library", str(library), *args, env={**TODAY, **kw.pop("env", {})}, **kw)


def test_due_json_lists_every_item_with_its_reason_date_and_detail(library: Path) -> None:
    result = cli(library, "due", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert items and all({"id", "name", "reason", "date", "detail"} <= set(item) for item in items)
    assert [i["reason"] for i in items] == sorted(
        (i["reason"] for i in items),
        key=["rejection-call", "consent-expiring", "consent-missing", "follow-up", "honest-conversation"].index,
    )
    first = next(i for i in items if i["id"] == "beatriz-oliveira")
    assert (first["reason"], first["date"], first["name"]) == ("rejection-call", "2026-11-22", "Beatriz Oliveira")
    follow_up = next(i for i in items if i["reason"] == "follow-up")
    assert {"starter", "nudge"} <= set(follow_up)
    assert [i["reason"] for i in items if i["id"] == "lukasz-wisniewski"] == ["consent-expiring"]


def test_due_prints_a_follow_up_with_its_starter_and_nudge_on_one_line(library: Path) -> None:
    result = cli(library, "due")
    assert result.returncode == 0, result.stderr
    assert (
        "  2026-11-11  Elena Petrova (elena-petrova) — overdue by 14 days (last contact 2026-09-12); "
        "ask about chess; no career update logged: check their LinkedIn for news"
    ) in result.stdout.splitlines()
    assert (
        "  2025-03-23  Théo Lefèvre (theo-lefevre) — overdue by 612 days (last contact 2025-01-22); "
        "fit undecided, treated as pursue; no career update logged: no LinkedIn on file, ask in a brief email"
    ) in result.stdout.splitlines()
    elena = next(i for i in json.loads(cli(library, "due", "--json").stdout) if i["id"] == "elena-petrova")
    assert elena["detail"] == (
        "overdue by 14 days (last contact 2026-09-12); ask about chess; no career update logged: "
        "check their LinkedIn for news"
    )
    assert elena["starter"] == "ask about chess"
    assert elena["nudge"] == "no career update logged: check their LinkedIn for news"


def test_due_within_widens_the_window(library: Path) -> None:
    def ids(*args: str) -> set[str]:
        return {i["id"] for i in json.loads(cli(library, "due", "--json", *args).stdout) if i["reason"] == "follow-up"}

    assert "jose-martinez" not in ids("--within", "7")  # next_contact 2026-12-03
    assert "jose-martinez" in ids("--within", "8")
    assert cli(library, "due", "--within", "soon").returncode == 2


def test_due_prints_the_agenda_grouped_by_reason(library: Path) -> None:
    result = cli(library, "due")
    assert result.returncode == 0
    headings = [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert headings == [
        "Rejection calls (6)",
        "Consent expiring or expired (6)",
        "Newsletter invited, no consent recorded (1)",
        "Follow-ups (8)",
    ]
    assert "  2026-11-22  Beatriz Oliveira (beatriz-oliveira) — onsite for Senior Data Engineer" in result.stdout


def test_match_json_ranks_runner_ups_with_reasons(library: Path) -> None:
    result = cli(library, "match", "senior", "--json", "--limit", "3")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert len(found) == 3
    assert {"id", "name", "score", "reasons"} <= set(found[0])
    assert found[0]["id"] == "ada-lovelace"
    assert found[0]["reasons"][0] == "python, spark, sql, airflow (4/4 must-haves)"
    assert "final round for Data Engineer, 2026-03" in found[0]["reasons"]
    assert [m["score"] for m in found] == sorted((m["score"] for m in found), reverse=True)
    text = cli(library, "match", "senior-data-engineer", "--limit", "1").stdout
    assert text.startswith(f"{found[0]['score']:3d}  Ada Lovelace (ada-lovelace) — python, spark, sql, airflow")


def test_match_says_when_the_opening_is_on_hold(library: Path) -> None:
    result = cli(library, "match", "platform")
    assert result.returncode == 0
    assert result.stderr == "runnerup: note: platform-engineer-k8s is on-hold\n"
    assert cli(library, "match", "nothing-like-this").returncode == 2


def test_add_opening_prints_the_id_and_match_finds_people_for_it(library: Path) -> None:
    result = cli(
        library,
        "add-opening",
        "Streaming Engineer",
        "--team",
        "Data Platform",
        "--skill",
        "Kafka",
        "--skill",
        "flink",
        "--nice",
        "scala",
        "--location",
        "Berlin",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "streaming-engineer\n"
    assert git(library, "log", "-1", "--format=%s").strip() == "Add opening Streaming Engineer"
    text = (library / "openings" / "streaming-engineer.yaml").read_text()
    assert "opened: 2026-11-25" in text and "status" not in text
    found = json.loads(cli(library, "match", "streaming-engineer", "--json").stdout)
    assert found[0]["id"] == "mei-lin-chen"  # kafka, flink and scala
    assert cli(library, "check").returncode == 0


def test_log_rejection_asks_nothing_and_needs_the_decision(library: Path) -> None:
    head = git(library, "rev-parse", "HEAD")
    bare = cli(library, "log", "nguyen", "rejection")
    assert bare.returncode == 2
    assert bare.stderr.startswith("runnerup: logging a rejection needs --channel, --reason, --fit")
    assert cli(library, "log", "nguyen", "call", "--fit", "closed").returncode == 2
    assert git(library, "rev-parse", "HEAD") == head


def test_log_rejection_records_it_and_the_agenda_moves_on(library: Path) -> None:
    result = cli(
        library,
        "log",
        "nguyen",
        "rejection",
        "--channel",
        "call",
        "--fit",
        "pursue",
        "--newsletter",
        "--reason",
        "Visual polish was behind the other finalist.",
        "--impressed",
        "The research readout",
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    shown = json.loads(cli(library, "show", "nguyen-thi-mai", "--json").stdout)
    assert shown["rejection"] == {
        "date": "2026-11-25",
        "channel": "call",
        "newsletter_invited": True,
        "reason": "Visual polish was behind the other finalist.",
    }
    assert shown["history"][-1]["kind"] == "rejection"
    due = json.loads(cli(library, "due", "--json").stdout)
    assert ("nguyen-thi-mai", "rejection-call") not in {(i["id"], i["reason"]) for i in due}


def test_a_personal_touchpoint_for_a_newsletter_candidate_is_refused_without_force(library: Path) -> None:
    head = git(library, "rev-parse", "HEAD")
    refused = cli(library, "log", "lars", "coffee", "--summary", "Coffee in Aarhus")
    assert refused.returncode == 1
    assert refused.stderr.startswith("runnerup: Lars Andersen is `newsletter`: the rejection and the newsletter")
    assert refused.stderr.rstrip().endswith("nothing logged (add --force to log it anyway)")
    assert refused.stderr.count("\n") == 1
    assert git(library, "rev-parse", "HEAD") == head
    forced = cli(library, "log", "lars", "coffee", "--summary", "He asked for it", "--force")
    assert forced.returncode == 0, forced.stderr
    assert cli(library, "log", "lars", "newsletter").returncode == 0  # the newsletter is fine


def test_a_promised_job_is_logged_only_when_forced_and_then_with_a_warning_on_stderr(library: Path) -> None:
    refused = cli(library, "log", "ada", "call", "--summary", "I guarantee the senior role is hers.")
    assert refused.returncode == 1 and refused.stdout == ""
    result = cli(library, "log", "ada", "call", "--summary", "I guarantee the senior role is hers.", "--force")
    assert result.returncode == 0
    assert result.stdout.startswith("logged call as t-")
    assert result.stderr.startswith("runnerup: warning: the summary reads like a promise of a job")
    honest = cli(library, "log", "ada", "call", "--summary", "No promises; told her where the process stands.")
    assert honest.stderr == ""


def test_the_pinned_day_must_be_a_date(library: Path) -> None:
    result = cli(library, "due", env={"RUNNERUP_TODAY": "tomorrow"})
    assert result.returncode == 2
    assert "RUNNERUP_TODAY" in result.stderr


def test_search_due_counts_from_the_pinned_day_as_the_agenda_does(tmp_path: Path) -> None:
    # A script pinning RUNNERUP_TODAY must get the same "overdue" from `search due:` as from `due`.
    root = tmp_path / "lib"
    assert run_cli("init", str(root)).returncode == 0
    (root / "candidates" / "ada.yaml").write_text(
        "name: Ada\nfit: pursue\nhistory:\n  - {id: t1, date: 2027-01-04, kind: call}\n", encoding="utf-8"
    )
    pinned = {"RUNNERUP_TODAY": "2027-06-01"}  # the follow-up (2027-03-05) is overdue then, not on the real today
    due = run_cli("--library", str(root), "due", "--json", env=pinned)
    assert [item["id"] for item in json.loads(due.stdout)] == ["ada"], due.stderr
    found = run_cli("--library", str(root), "search", "due:overdue", env=pinned)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split("\t")[0] == "ada"
