"""Who fits this opening? Ranking runner-ups with the reasons for each score (DESIGN.md §5).

Points, so that the order reads like the playbook:

- each must-have skill: 200 — more than everything below together, so skills dominate;
- ``pursue``: 100 — ``newsletter`` people rank below ``pursue`` people with the same
  must-have skills (we decided the newsletter is as far as it goes), yet one more
  must-have skill still lifts them above; ``closed`` and ``hired`` are left out;
- the rest, under 100 together: nice-to-have skills (12 each, at most 48), a same (15)
  or similar (10) role interviewed for, the furthest stage reached (2–10), the rating
  (3 per star), recent contact (2 within 90 days, 1 within a year).

The score shown is those points as a percentage of the best possible for the opening.
Skills match case- and accent-insensitively, with common aliases (k8s = kubernetes).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from runnerup_tui.domain.names import fold
from runnerup_tui.domain.relationship import last_activity
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.summary import CandidateEntry, OpeningEntry
from runnerup_tui.domain.terms import STAGE_WORDS, Fit

MUST_POINTS = 200
PURSUE_POINTS = 100
NICE_POINTS, NICE_MAX = 12, 48
SAME_ROLE_POINTS, SIMILAR_ROLE_POINTS = 15, 10
STAGE_POINTS = {"screen": 2, "phone": 4, "onsite": 6, "final": 8, "offer": 10}
RATING_POINTS = 3
RECENCY_POINTS = ((90, 2), (365, 1))

SKILL_ALIASES = {
    "k8s": "kubernetes",
    "kube": "kubernetes",
    "postgres": "postgresql",
    "psql": "postgresql",
    "pg": "postgresql",
    "js": "javascript",
    "ecmascript": "javascript",
    "ts": "typescript",
    "golang": "go",
    "py": "python",
    "python3": "python",
    "node": "node.js",
    "nodejs": "node.js",
    "node-js": "node.js",
    "reactjs": "react",
    "react.js": "react",
    "vuejs": "vue",
    "vue.js": "vue",
    "apache-spark": "spark",
    "apache-kafka": "kafka",
    "apache-airflow": "airflow",
    "apache-flink": "flink",
    "amazon-web-services": "aws",
    "google-cloud": "gcp",
    "google-cloud-platform": "gcp",
    "microsoft-azure": "azure",
    "csharp": "c#",
    "c-sharp": "c#",
    "cpp": "c++",
    "cplusplus": "c++",
    "ml": "machine-learning",
    "ux-research": "user-research",
    "mssql": "sql-server",
    "ms-sql": "sql-server",
    "tf": "terraform",
    "iac": "infrastructure-as-code",
    "html5": "html",
    "css3": "css",
}

_SENIORITY = {
    "senior",
    "sr",
    "junior",
    "jr",
    "lead",
    "staff",
    "principal",
    "head",
    "of",
    "mid",
    "level",
    "i",
    "ii",
    "iii",
    "iv",
}


@dataclass(frozen=True, slots=True)
class Match:
    """One candidate for an opening: ``score`` 0–100 and the reasons, most important first.

    ``already_presented``: a ``presented`` touchpoint names this opening (the reasons say so in words too).
    """

    id: str
    name: str
    score: int
    reasons: tuple[str, ...]
    fit: str = "pursue"
    points: int = 0
    already_presented: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "score": self.score,
            "reasons": list(self.reasons),
            "fit": self.fit,
            "points": self.points,
            "already_presented": self.already_presented,
        }


@functools.lru_cache(maxsize=4096)
def skill_key(skill: str) -> str:
    """The canonical form of a skill: "K8s" -> "kubernetes", "Design Systems" -> "design-systems"."""
    key = re.sub(r"[\s_/]+", "-", fold(skill).strip())
    return SKILL_ALIASES.get(key, key)


def rank_for_opening(
    opening: OpeningEntry,
    entries: Iterable[CandidateEntry],
    settings: LibrarySettings,
    today: dt.date,
    limit: int | None = None,
) -> list[Match]:
    """The runner-ups for ``opening``, best first, each with its reasons.

    Only people with at least one skill or a similar role in common are listed.
    ``settings`` is part of the signature so library-wide preferences can join the score
    without changing every caller; today it does not change anything.
    """
    must = [(skill_key(s), s) for s in opening.skills]
    nice = [(skill_key(s), s) for s in opening.nice_to_have]
    best = (
        MUST_POINTS * len(must)
        + PURSUE_POINTS
        + min(NICE_POINTS * len(nice), NICE_MAX)
        + SAME_ROLE_POINTS
        + max(STAGE_POINTS.values())
        + 5 * RATING_POINTS
        + RECENCY_POINTS[0][1]
    )
    must_keys = {key for key, _ in must}
    nice_keys = {key for key, _ in nice}
    # score everyone cheaply first; the reasons are worded only for those shown
    scored: list[tuple[int, str, str, CandidateEntry, _Facts]] = []
    for entry in entries:
        if entry.fit in (Fit.CLOSED, Fit.HIRED):
            continue
        has = {skill_key(s) for s in entry.skills}
        n_must, n_nice = len(has & must_keys), len(has & nice_keys)
        similar, shown_interview, furthest = _interviews(opening.title, entry)
        if not n_must and not n_nice and not similar:
            continue
        last = last_activity(entry)
        age = (today - last).days if last else None
        recency = next((p for days, p in RECENCY_POINTS if age is not None and age <= days), 0)
        points = (
            MUST_POINTS * n_must
            + (PURSUE_POINTS if entry.fit == Fit.PURSUE else 0)
            + min(NICE_POINTS * n_nice, NICE_MAX)
            + {2: SAME_ROLE_POINTS, 1: SIMILAR_ROLE_POINTS}.get(similar, 0)
            + (STAGE_POINTS.get(furthest[2] or "", 0) if furthest else 0)
            + RATING_POINTS * (entry.rating or 0)
            + recency
        )
        scored.append(
            (-points, entry.name, entry.id, entry, _Facts(has, shown_interview, furthest, last if recency else None))
        )
    scored.sort(key=lambda row: row[:3])
    if limit is not None:
        scored = scored[:limit]
    return [_match(opening, entry, facts, -negative, best, must, nice) for negative, _, _, entry, facts in scored]


@dataclass(frozen=True, slots=True)
class _Facts:
    skills: set[str]
    role_interview: tuple | None
    furthest_interview: tuple | None
    recent_contact: dt.date | None


def _match(
    opening: OpeningEntry,
    entry: CandidateEntry,
    facts: _Facts,
    points: int,
    best: int,
    must: list[tuple[str, str]],
    nice: list[tuple[str, str]],
) -> Match:
    """The match with its reasons, in the order the points weigh them."""
    has = facts.skills
    got_must = [shown for key, shown in must if key in has]
    got_nice = [shown for key, shown in nice if key in has]
    reasons: list[str] = []
    if got_must:
        reasons.append(f"{', '.join(got_must)} ({len(got_must)}/{len(must)} must-haves)")
        missing = [shown for key, shown in must if key not in has]
        if missing:
            reasons.append(f"missing {', '.join(missing)}")
    if got_nice:
        reasons.append(f"nice to have: {', '.join(got_nice)}")
    for interview in dict.fromkeys(i for i in (facts.role_interview, facts.furthest_interview) if i):
        reasons.append(_interview_reason(interview))
    if entry.rating:
        reasons.append(f"rating {entry.rating}/5")
    if facts.recent_contact:
        reasons.append(f"last contact {facts.recent_contact}")
    if entry.fit == Fit.NEWSLETTER:
        reasons.append("newsletter only: we decided not to keep in touch personally")
    presented = opening.id in entry.presented_for
    if presented:
        reasons.append("already presented for this opening")
    score = round(100 * points / best)
    return Match(entry.id, entry.name, score, tuple(reasons), str(entry.fit), points, already_presented=presented)


def _interviews(title: str, entry: CandidateEntry) -> tuple[int, tuple | None, tuple | None]:
    """(role similarity 0–2, the interview to mention for the role, the furthest-stage one)."""
    best_role: tuple | None = None
    best_key = (0, -1, "")
    furthest: tuple | None = None
    furthest_key = (-1, "")
    for role, date, stage in entry.interviews:
        interview = (role, date, stage)
        rank = STAGE_POINTS.get(stage or "", 0)
        similar = role_similarity(title, role)
        if similar and (similar, rank, date or "") > best_key:
            best_role, best_key = interview, (similar, rank, date or "")
        if stage and (rank, date or "") > furthest_key:
            furthest, furthest_key = interview, (rank, date or "")
    if best_role is not None and furthest is not None and STAGE_POINTS.get(furthest[2] or "", 0) <= best_key[1]:
        furthest = best_role  # the same-role interview went as far: mention it once
    return best_key[0], best_role, furthest


def _interview_reason(interview: tuple) -> str:
    role, date, stage = interview
    what = STAGE_WORDS.get(stage or "", "interviewed")
    return f"{what} for {role}" + (f", {date[:7]}" if date else "")


@functools.lru_cache(maxsize=4096)
def role_similarity(title: str, role: str) -> int:
    """2 for the same role, 1 for a similar one (seniority and parentheses aside), else 0."""
    if " ".join(fold(title).split()) == " ".join(fold(role).split()):
        return 2
    a, b = _role_words(title), _role_words(role)
    if not a or not b:
        return 0
    small, large = sorted((a, b), key=len)
    if a == b or (len(small) >= 2 and small <= large):
        return 1
    return 0


def _role_words(title: str) -> frozenset[str]:
    text = re.sub(r"\([^)]*\)", " ", fold(title))
    return frozenset(w for w in re.split(r"[^a-z0-9+#.]+", text) if w and w not in _SENIORITY)
