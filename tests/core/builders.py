"""Hand-built candidates for the relationship tests: a few fields each, the rest defaulted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from runnerup_tui.domain.model import Candidate
from runnerup_tui.domain.summary import CandidateEntry

TODAY = dt.date(2026, 11, 25)


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


def entry(cid: str = "ada-lovelace", name: str | None = None, **fields: Any) -> CandidateEntry:
    """The index entry of a candidate made of ``fields`` (validated like a file would be)."""
    candidate = Candidate.model_validate({"name": name or cid.replace("-", " ").title(), **fields})
    return CandidateEntry.from_candidate(cid, candidate)


def touchpoints(*kinds_and_ages: tuple[str, int], summary: str = "") -> list[dict[str, Any]]:
    """History items from ``(kind, days ago)`` pairs, oldest first as in a file."""
    items = [
        {"date": days_ago(age), "kind": kind, "summary": summary or f"{kind} {age} days ago"}
        for kind, age in kinds_and_ages
    ]
    return sorted(items, key=lambda t: t["date"])
