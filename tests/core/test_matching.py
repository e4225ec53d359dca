"""Who fits this opening: ranking order, reasons, tiers and skill aliases, on a fixed day."""

from __future__ import annotations

from pathlib import Path

from support import git

from core.builders import TODAY, days_ago, entry, touchpoints
from runnerup_tui.actions import add_opening, present_candidate
from runnerup_tui.domain.matching import rank_for_opening, role_similarity, skill_key
from runnerup_tui.domain.model import Settings
from runnerup_tui.domain.summary import OpeningEntry
from runnerup_tui.store.library import Library

DATA = OpeningEntry(
    "senior-data-engineer",
    "Senior Data Engineer",
    skills=["python", "spark", "airflow"],
    nice_to_have=["kafka", "dbt", "postgresql"],
)


def ranked(*entries, opening: OpeningEntry = DATA) -> list[str]:  # noqa: ANN002
    return [m.id for m in rank_for_opening(opening, entries, Settings(), TODAY)]


def strong_extras(**fields):  # noqa: ANN003, ANN201 - everything but must-have skills, at its best
    return dict(
        interviews=[{"role": "Senior Data Engineer", "date": days_ago(20), "stage": "offer"}],
        rating=5,
        history=touchpoints(("call", 5)),
        **fields,
    )


def test_must_have_skills_dominate_everything_else() -> None:
    two_must = entry("two-must", skills=["python", "spark"], rating=1)
    one_must = entry("one-must", skills=["python", "kafka", "dbt", "postgresql"], **strong_extras())
    assert ranked(one_must, two_must) == ["two-must", "one-must"]


def test_then_nice_to_have_then_a_similar_role_then_the_furthest_stage() -> None:
    base = ["python", "spark"]
    nice = entry("nice", skills=[*base, "kafka"])
    role = entry("role", skills=base, interviews=[{"role": "Data Engineer", "stage": "screen"}])
    stage = entry("stage", skills=base, interviews=[{"role": "Product Designer", "stage": "final"}])
    plain = entry("plain", skills=base)
    assert ranked(plain, stage, role, nice) == ["nice", "role", "stage", "plain"]


def test_then_rating_then_recent_contact() -> None:
    base = dict(skills=["python"], interviews=[{"role": "Data Engineer", "stage": "onsite"}])
    rated = entry("rated", rating=5, history=touchpoints(("call", 600)), **base)
    recent = entry("recent", rating=4, history=touchpoints(("call", 10)), **base)
    old = entry("old", rating=4, history=touchpoints(("call", 600)), **base)
    assert ranked(old, recent, rated) == ["rated", "recent", "old"]


def test_the_same_role_beats_a_similar_one() -> None:
    same = entry("same", skills=["python"], interviews=[{"role": "Senior Data Engineer"}])
    similar = entry("similar", skills=["python"], interviews=[{"role": "Data Engineer"}])
    assert ranked(similar, same) == ["same", "similar"]
    assert role_similarity("Platform Engineer (Kubernetes)", "platform engineer") == 1
    assert role_similarity("Senior Data Engineer", "Senior Backend Engineer") == 0
    assert role_similarity("Product Designer", "product  designer") == 2


def test_closed_and_hired_are_left_out_and_newsletter_ranks_below_pursue() -> None:
    skills = ["python", "spark", "airflow"]
    closed = entry("closed", fit="closed", skills=skills)
    hired = entry("hired", fit="hired", skills=skills)
    newsletter = entry("newsletter", fit="newsletter", skills=skills, **strong_extras())
    pursue = entry("pursue", skills=skills, rating=1)
    assert ranked(closed, hired, newsletter, pursue) == ["pursue", "newsletter"]
    # skills still dominate: a newsletter runner-up with more must-haves is shown first
    weaker = entry("weaker", skills=["python", "spark"], **strong_extras())
    assert ranked(weaker, newsletter) == ["newsletter", "weaker"]


def test_people_with_nothing_in_common_are_not_listed() -> None:
    assert ranked(entry("designer", skills=["figma"], interviews=[{"role": "Product Designer"}])) == []


def test_skills_match_across_case_and_common_aliases() -> None:
    opening = OpeningEntry(
        "platform",
        "Platform Engineer",
        skills=["Kubernetes", "Go", "TypeScript"],
        nice_to_have=["PostgreSQL", "JavaScript", "Node.js"],
    )
    person = entry("alias", skills=["k8s", "golang", "ts", "postgres", "JS", "nodejs"])
    match = rank_for_opening(opening, [person], Settings(), TODAY)[0]
    assert match.reasons[:2] == (
        "Kubernetes, Go, TypeScript (3/3 must-haves)",
        "nice to have: PostgreSQL, JavaScript, Node.js",
    )
    assert skill_key("User Research") == skill_key("user-research") == "user-research"
    assert skill_key("K8S") == "kubernetes"


def test_every_match_gives_its_reasons_most_important_first() -> None:
    ada = entry(
        "ada-lovelace",
        "Ada Lovelace",
        skills=["Python", "spark", "sql", "postgresql"],
        rating=5,
        interviews=[{"role": "Data Engineer", "date": "2026-03-10", "stage": "final"}],
        history=touchpoints(("call", 19), ("presented", 21))
        + [{"date": days_ago(21), "kind": "presented", "opening": "senior-data-engineer"}],
    )
    match = rank_for_opening(DATA, [ada], Settings(), TODAY)[0]
    assert (match.id, match.name) == ("ada-lovelace", "Ada Lovelace")
    assert match.reasons == (
        "python, spark (2/3 must-haves)",
        "missing airflow",
        "nice to have: postgresql",
        "final round for Data Engineer, 2026-03",
        "rating 5/5",
        f"last contact {days_ago(19)}",
        "already presented for this opening",
    )
    assert 0 < match.score < 100
    assert set(match.to_json()) >= {"id", "name", "score", "reasons"}


def test_a_runner_up_presented_for_this_opening_is_marked_already_presented() -> None:
    presented = [{"date": days_ago(21), "kind": "presented", "opening": "senior-data-engineer"}]
    elsewhere = [{"date": days_ago(21), "kind": "presented", "opening": "platform-engineer-k8s"}]
    here = entry("ada-lovelace", skills=["python"], history=presented)
    there = entry("grace-hopper", skills=["python"], history=elsewhere)
    never = entry("linus-t", skills=["python"])
    marked = {m.id: m.already_presented for m in rank_for_opening(DATA, [here, there, never], Settings(), TODAY)}
    assert marked == {"ada-lovelace": True, "grace-hopper": False, "linus-t": False}
    assert rank_for_opening(DATA, [here], Settings(), TODAY)[0].to_json()["already_presented"] is True


def test_a_perfect_match_scores_100() -> None:
    best = entry("best", skills=["python", "spark", "airflow", "kafka", "dbt", "postgresql"], **strong_extras())
    assert rank_for_opening(DATA, [best], Settings(), TODAY)[0].score == 100


def test_the_sample_library_ranks_the_march_runner_ups_first(library: Path) -> None:
    lib = Library.open(library)
    data = rank_for_opening(
        lib.find_opening("senior-data-engineer"), lib.index.candidates.values(), lib.settings, TODAY
    )
    assert {m.id for m in data[:3]} == {"ada-lovelace", "beatriz-oliveira", "yuki-tanaka"}
    platform = [
        m.id for m in rank_for_opening(lib.find_opening("platform"), lib.index.candidates.values(), lib.settings, TODAY)
    ]
    assert platform[:2] == ["soren-kierkegaard-nielsen", "tomas-novak"]
    assert "margaret-hamilton" not in platform  # hired
    fits = {m.id: m.fit for m in data}
    assert all(fits[i] == "pursue" for i in list(fits)[:5])


def test_presenting_a_candidate_logs_it_for_the_opening(library: Path) -> None:
    lib = Library.open(library)
    written = present_candidate(lib, "yuki-tanaka", "senior-data-engineer", summary="Third runner-up.")
    assert git(library, "log", "-1", "--format=%s").strip() == "Present Yuki Tanaka for senior-data-engineer"
    assert "senior-data-engineer" in lib.index.candidates["yuki-tanaka"].presented_for
    text = written.path.read_text()
    assert "kind: presented" in text and "opening: senior-data-engineer" in text


def test_adding_an_opening_writes_one_file_in_one_commit(library: Path) -> None:
    lib = Library.open(library)
    written = add_opening(
        lib,
        {
            "title": "Senior Data Engineer",
            "team": "Data Platform",
            "skills": ["python", "flink"],
            "nice_to_have": [],
            "opened": TODAY,
        },
    )
    assert written.id == "senior-data-engineer-2"  # the first one exists
    assert git(library, "show", "--name-only", "--format=%s", "HEAD").split("\n")[:3] == [
        "Add opening Senior Data Engineer",
        "",
        "openings/senior-data-engineer-2.yaml",
    ]
    assert written.path.read_text() == (
        "title: Senior Data Engineer\nteam: Data Platform\nopened: 2026-11-25\nskills:\n  - python\n  - flink\n"
    )
    assert lib.index.openings["senior-data-engineer-2"].skills == ["python", "flink"]
