"""Be upfront (DESIGN.md §1.5): no personal outreach beyond the fit we decided or past consent, no job promises.

Both checks are plain functions over values, so the CLI can refuse or warn and the TUI
can ask for a confirmation from the same answer.
"""

from __future__ import annotations

import datetime as dt
import re

from .model import PERSONAL_KINDS, Fit, TouchpointKind
from .problems import RunnerupError


class NeedsConfirmation(RunnerupError):
    """The action goes against the playbook; it runs only when the person confirms (``force``)."""


class PersonalTouchpointRefused(NeedsConfirmation):
    """A personal touchpoint for someone we decided not to keep warm."""

    def __init__(self, name: str, fit: Fit, kind: TouchpointKind, concern: str | None = None) -> None:
        self.name, self.fit, self.kind = name, fit, kind
        super().__init__(concern or outreach_concern(name, fit, kind) or "")


class ConsentExpiredRefused(PersonalTouchpointRefused):
    """Outreach (personal or the newsletter) to someone whose consent has expired."""

    def __init__(self, name: str, fit: Fit, kind: TouchpointKind, expires: dt.date | None) -> None:
        self.expires = expires
        super().__init__(name, fit, kind, _consent_concern(name, kind, expires))


def _day(value: dt.date | str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else value or None


def _reaches_out(kind: TouchpointKind) -> bool:
    """Personal touchpoints and the newsletter: what consent must cover."""
    return kind in PERSONAL_KINDS or kind is TouchpointKind.NEWSLETTER


def consent_expired(expires: dt.date | str | None, on: dt.date) -> bool:
    """True when consent that ends on ``expires`` no longer covers ``on`` (it holds through that day)."""
    day = _day(expires)
    return day is not None and day < on


def _consent_concern(name: str, kind: TouchpointKind, expires: dt.date | None) -> str:
    return (f"{name}'s consent expired on {expires}: no follow-ups and no newsletter until they renew it, so a"
            f" {kind.value} needs their renewed consent first (or forget them); log it only if they reached out")


def outreach_concern(name: str, fit: Fit | str, kind: TouchpointKind | str, *,
                     consent_expires: dt.date | str | None = None, on: dt.date | None = None) -> str | None:
    """Why logging ``kind`` for someone with this ``fit`` goes against "be upfront", or None.

    Consent that expired before ``on`` (the touchpoint's day) allows no outreach at all: no
    personal touchpoint, no newsletter, whatever the fit. ``newsletter``: the rejection and
    the newsletter are as far as it goes, so a personal touchpoint (see
    :data:`~runnerup_tui.model.PERSONAL_KINDS`) would string them along. ``closed``: no
    contact at all, so the newsletter is refused too. Records (notes, a rejection) are fine.
    """
    fit, kind = Fit(fit), TouchpointKind(kind)
    if on is not None and _reaches_out(kind) and consent_expired(consent_expires, on):
        return _consent_concern(name, kind, _day(consent_expires))
    if fit is Fit.NEWSLETTER and kind in PERSONAL_KINDS:
        return (f"{name} is `newsletter`: the rejection and the newsletter are as far as it goes, and a"
                f" personal {kind.value} would keep them hoping; move them to `pursue` first if you now see"
                " them on the team")
    if fit is Fit.CLOSED and (kind in PERSONAL_KINDS or kind is TouchpointKind.NEWSLETTER):
        return (f"{name} is `closed`: we do not contact them any more; log a {kind.value} only if they"
                " reached out first and this answers them")
    return None


def check_outreach(name: str, fit: Fit | str, kind: TouchpointKind | str, *, force: bool = False,
                   consent_expires: dt.date | str | None = None, on: dt.date | None = None) -> None:
    """Raise :class:`PersonalTouchpointRefused` unless the touchpoint fits the decision or is forced.

    :class:`ConsentExpiredRefused` (a kind of it) when consent expired before ``on``.
    """
    if force:
        return
    fit, kind = Fit(fit), TouchpointKind(kind)
    if on is not None and _reaches_out(kind) and consent_expired(consent_expires, on):
        raise ConsentExpiredRefused(name, fit, kind, _day(consent_expires))
    if outreach_concern(name, fit, kind):
        raise PersonalTouchpointRefused(name, fit, kind)


# A promise of a job, in the words recruiters slip into: "I guarantee…", "promised her the
# role", "the job is yours". Negated forms ("no promises", "can't guarantee") are honest.
_JOB = r"(?:job|role|position|offer|seat|place\s+on\s+the\s+team)"
_PROMISES = [
    re.compile(r"\bguarantee(?:s|d|ing)?\b", re.I),
    re.compile(rf"\bpromis(?:e|es|ed|ing)\s+(?:you|him|her|them)\s+(?:[\w-]+\s+){{0,3}}{_JOB}\b", re.I),
    re.compile(rf"\b{_JOB}\s+(?:is|will\s+be|'s)\s+(?:yours|his|hers|theirs)\b", re.I),
    re.compile(r"\b(?:you|he|she|they)(?:'ll|\s+will)\s+(?:definitely|surely|certainly)\s+(?:get|be\s+hired|be\s+offered)\b",
               re.I),
    re.compile(r"\bwe(?:'ll|\s+will)\s+(?:definitely|surely|certainly)\s+(?:hire|offer)\b", re.I),
    re.compile(r"\b(?:you're|you\s+are)\s+hired\b", re.I),
]
_NEGATION = re.compile(r"\b(?:no|not|never|without|can't|cannot|couldn't|won't|don't|didn't|nor)\s+(?:[\w']+\s+){0,2}$",
                       re.I)


def job_promises(text: str | None) -> list[str]:
    """The phrases in ``text`` that promise a job ("guarantee", "promise you the role", …).

    "Never string anyone along, never guarantee a job": a summary or note that does is
    worth a second look. Negated phrases ("no promises made", "can't guarantee") are fine.
    """
    if not text:
        return []
    found: list[str] = []
    for pattern in _PROMISES:
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 40):match.start()]
            if _NEGATION.search(before):
                continue
            found.append(" ".join(match.group(0).split()))
    return found


def promise_warning(where: str, text: str | None) -> str | None:
    """A one-line warning when ``text`` promises a job, naming ``where`` it was written."""
    phrases = job_promises(text)
    if not phrases:
        return None
    quoted = ", ".join(f"“{p}”" for p in dict.fromkeys(phrases))
    return (f"{where} reads like a promise of a job ({quoted}); be upfront: we never guarantee"
            " a role, so say what is and is not decided")
