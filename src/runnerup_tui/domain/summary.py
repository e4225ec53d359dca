"""What the list, search, agenda and matching need of a record: a summary and its derived facts.

The index caches these (store/index.py); the playbook reads them and never parses a file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runnerup_tui.domain.names import fold
from runnerup_tui.domain.terms import CONVERSATION_KINDS, PERSONAL_KINDS, TouchpointKind

if TYPE_CHECKING:
    from runnerup_tui.domain.model import Candidate, Opening


@dataclass(slots=True)
class CandidateEntry:
    """What the list, search and agenda need of one candidate; dates as ISO strings."""

    id: str
    name: str
    headline: str = ""
    location: str = ""
    fit: str = "pursue"  # the effective fit: what the agenda, matching and search go by
    fit_decided: bool = True  # False when the file has no `fit` (shown as "undecided")
    rating: int | None = None
    owner: str = ""
    skills: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    last_contact: str | None = None  # last touchpoint
    last_interview: str | None = None
    rejection_date: str | None = None
    cadence_days: int | None = None
    next_contact: str | None = None
    consent_expires: str | None = None
    touchpoints: int = 0
    opening_refs: list[str] = field(default_factory=list)  # openings named by touchpoints
    # -- what the agenda and matching need (DESIGN.md §5), so they never parse a file --
    interviews: list[list[str | None]] = field(default_factory=list)  # [role, date, stage] each
    rejection_channel: str | None = None
    last_rejection_logged: str | None = None  # last `rejection` touchpoint
    last_conversation: str | None = None  # last call, coffee or meeting
    last_presented: str | None = None
    presented_for: list[str] = field(default_factory=list)  # openings they were presented for
    personal_touchpoints: int = 0  # see model.PERSONAL_KINDS
    personal_since_presented: int = 0
    last_personal_summary: str = ""  # folded, shortened: what we talked about last
    last_career_update: str | None = None
    has_linkedin: bool = False
    newsletter_invited: bool = False  # at the rejection
    has_consent: bool = False  # a consent with a given or expiry date is on file
    note_hint: str = ""  # the first sentence of the notes, shortened
    keys: list[str] = field(default_factory=list)  # exact keys (email, phone, LinkedIn) as identity.key_text writes
    name_key: str = ""  # folded name
    facets: str = ""  # folded headline, location, skills, interests, tags, roles, owner
    # folded notes, impressions, rejection reason and touchpoint summaries, each distinct
    # word once: search matches words, and this is most of the bytes the index holds
    body: str = ""

    @classmethod
    def from_candidate(cls, cid: str, c: Candidate) -> CandidateEntry:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        # one pass over the history (the index summarises every candidate): the latest date of each
        # kind of touchpoint, and the personal ones
        latest_of: dict[TouchpointKind, dt.date] = {}
        personal = []
        for t in c.history:
            if t.kind not in latest_of or t.date > latest_of[t.kind]:
                latest_of[t.kind] = t.date
            if t.kind in PERSONAL_KINDS:
                personal.append(t)
        interviews = [i.date for i in c.interviews if i.date]
        facets = [
            c.headline or "",
            c.location or "",
            *c.skills,
            *c.interests,
            *c.tags,
            *(i.role for i in c.interviews),
            c.owner or "",
        ]
        body = [
            c.notes or "",
            *(i.impression or "" for i in c.interviews),
            (c.rejection.reason or "") if c.rejection else "",
            *(t.summary or "" for t in c.history),
        ]
        last_presented = latest_of.get(TouchpointKind.PRESENTED)
        last_personal = max(reversed(personal), key=lambda t: t.date) if personal else None
        latest = lambda kinds: max((latest_of[k] for k in kinds if k in latest_of), default=None)  # noqa: E731
        return cls(
            id=cid,
            name=c.name,
            headline=c.headline or "",
            location=c.location or "",
            fit=c.effective_fit.value,
            fit_decided=c.fit is not None,
            rating=c.rating,
            owner=c.owner or "",
            skills=list(c.skills),
            interests=list(c.interests),
            tags=list(c.tags),
            roles=[i.role for i in c.interviews],
            stages=[i.stage.value for i in c.interviews if i.stage],
            last_contact=iso(max(latest_of.values(), default=None)),
            last_interview=iso(max(interviews)) if interviews else None,
            rejection_date=iso(c.rejection.date) if c.rejection else None,
            cadence_days=c.cadence_days,
            next_contact=iso(c.next_contact),
            consent_expires=iso(c.consent.expires) if c.consent else None,
            touchpoints=len(c.history),
            opening_refs=sorted({t.opening for t in c.history if t.opening}),
            interviews=[[i.role, iso(i.date), i.stage.value if i.stage else None] for i in c.interviews],
            rejection_channel=c.rejection.channel.value if c.rejection and c.rejection.channel else None,
            last_rejection_logged=iso(latest({TouchpointKind.REJECTION})),
            last_conversation=iso(latest(CONVERSATION_KINDS)),
            last_presented=iso(last_presented),
            presented_for=sorted({t.opening for t in c.history if t.kind is TouchpointKind.PRESENTED and t.opening}),
            personal_touchpoints=len(personal),
            personal_since_presented=sum(1 for t in personal if last_presented is None or t.date > last_presented),
            last_personal_summary=_shorten(fold(last_personal.summary or ""), 160) if last_personal else "",
            last_career_update=iso(latest({TouchpointKind.CAREER_UPDATE})),
            has_linkedin=bool(c.contact and c.contact.linkedin),
            newsletter_invited=bool(c.rejection and c.rejection.newsletter_invited),
            has_consent=bool(c.consent and (c.consent.given or c.consent.expires)),
            note_hint=_first_sentence(c.notes or ""),
            keys=_keys(c.contact) if c.contact else [],
            name_key=fold(c.name),
            facets=fold(" \n".join(facets)),
            body=" ".join(dict.fromkeys(fold(" ".join(body)).split())),
        )

    @property
    def search_text(self) -> str:
        """What free words are looked for in, by search.Searcher and the cache's search index: name, facets, body."""
        return f"{self.name_key}\n{self.facets}\n{self.body}"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _first_sentence(notes: str) -> str:
    """The opening sentence of the notes: usually the little thing worth remembering."""
    text = " ".join(notes.split())
    end = re.search(r"[.!?](?:\s|$)", text)
    return _shorten(text[: end.end()].strip() if end else text, 120)


@dataclass(slots=True)
class OpeningEntry:
    id: str
    title: str
    status: str = "open"
    team: str = ""
    skills: list[str] = field(default_factory=list)
    nice_to_have: list[str] = field(default_factory=list)

    @classmethod
    def from_opening(cls, oid: str, o: Opening) -> OpeningEntry:
        return cls(oid, o.title, o.status.value, o.team or "", list(o.skills), list(o.nice_to_have))


def _keys(contact: Any) -> list[str]:
    """The contact's exact keys as the index stores them (identity is imported only where summaries are made)."""
    from runnerup_tui.domain.identity import contact_keys, key_text

    return sorted(key_text(k) for k in contact_keys(contact))
