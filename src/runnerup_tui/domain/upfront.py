"""Be upfront (DESIGN.md §1.5): no personal outreach beyond the fit we decided or past consent, no job promises.

Both checks are plain functions over values, so the CLI can refuse or warn and the TUI
can ask for a confirmation from the same answer.
"""

from __future__ import annotations

import datetime as dt
import re

from runnerup_tui.domain.problems import RunnerupError
from runnerup_tui.domain.terms import PERSONAL_KINDS, Fit, TouchpointKind


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
    return (
        f"{name}'s consent expired on {expires}: no follow-ups and no newsletter until they renew it, so a"
        f" {kind.value} needs their renewed consent first (or forget them); log it only if they reached out"
    )


def outreach_concern(
    name: str,
    fit: Fit | str,
    kind: TouchpointKind | str,
    *,
    consent_expires: dt.date | str | None = None,
    on: dt.date | None = None,
) -> str | None:
    """Why logging ``kind`` for someone with this ``fit`` goes against "be upfront", or None.

    Consent that expired before ``on`` (the touchpoint's day) allows no outreach at all: no
    personal touchpoint, no newsletter, whatever the fit. ``newsletter``: the rejection and
    the newsletter are as far as it goes, so a personal touchpoint (see
    :data:`~runnerup_tui.domain.model.PERSONAL_KINDS`) would string them along. ``closed``: no
    contact at all, so the newsletter is refused too. Records (notes, a rejection) are fine.
    """
    fit, kind = Fit(fit), TouchpointKind(kind)
    if on is not None and _reaches_out(kind) and consent_expired(consent_expires, on):
        return _consent_concern(name, kind, _day(consent_expires))
    if fit is Fit.NEWSLETTER and kind in PERSONAL_KINDS:
        return (
            f"{name} is `newsletter`: the rejection and the newsletter are as far as it goes, and a"
            f" personal {kind.value} would keep them hoping; move them to `pursue` first if you now see"
            " them on the team"
        )
    if fit is Fit.CLOSED and (kind in PERSONAL_KINDS or kind is TouchpointKind.NEWSLETTER):
        return (
            f"{name} is `closed`: we do not contact them any more; log a {kind.value} only if they"
            " reached out first and this answers them"
        )
    return None


def check_outreach(
    name: str,
    fit: Fit | str,
    kind: TouchpointKind | str,
    *,
    force: bool = False,
    consent_expires: dt.date | str | None = None,
    on: dt.date | None = None,
) -> None:
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
# role", "the job is yours", "we'll make you an offer", "you'll get the role". An honest hope
# ("we hope to have a role", "we may have openings", "no promises, but…") or a negation
# ("can't guarantee") earlier in the same sentence makes it none.
_JOB = r"(?:job|role|position|offer|seat|place\s+on\s+the\s+team)"
_JOB_OR_OPENING = r"(?:job|role|position|offer|seat|opening|place\s+on\s+the\s+team)"
_PERSON = r"(?:you|him|her|them)"
_WILL = r"(?:'ll|\s+will|\s+shall|\s+(?:are|is|am)\s+going\s+to|'(?:re|s|m)\s+going\s+to)"
_SURELY = r"(?:\s+(?:definitely|surely|certainly|absolutely|for\s+sure))?"
# up to two describing words before the job ("the next senior role"), never a preposition:
# "an email about the role" is not the role
_DESCRIBED = (
    r"(?:(?:the|a|an|this|that|our|your|his|her|their)\s+)?"
    r"(?:(?!(?:about|for|from|in|of|on|to|with)\b)[\w-]+\s+){0,2}"
)
_PROMISES = [
    re.compile(r"\bguarantee(?:s|d|ing)?\b", re.I),
    re.compile(rf"\bpromis(?:e|es|ed|ing)\s+{_PERSON}\s+(?:[\w-]+\s+){{0,3}}{_JOB}\b", re.I),
    re.compile(rf"\b{_JOB_OR_OPENING}\s+(?:is|will\s+be|'s)\s+(?:all\s+)?(?:yours|his|hers|theirs)\b", re.I),
    re.compile(rf"\bconsider\s+{_DESCRIBED}{_JOB}\s+(?:yours|his|hers|theirs)\b", re.I),
    # we'll hire you / make you an offer / give you the role / have a role for you / bring you on board
    re.compile(
        rf"\b(?:we|i){_WILL}{_SURELY}\s+(?:hire\s+{_PERSON}\b|make\s+{_PERSON}\s+{_DESCRIBED}offer"
        rf"|(?:offer|give)\s+{_PERSON}\s+{_DESCRIBED}{_JOB}\b|have\s+{_DESCRIBED}{_JOB}\s+for\s+{_PERSON}\b"
        rf"|bring\s+{_PERSON}\s+on\s*board|take\s+{_PERSON}\s+on\b)",
        re.I,
    ),
    # you'll get the role / be offered the position / be hired
    re.compile(
        rf"\b(?:you|he|she|they){_WILL}{_SURELY}\s+(?:(?:get|receive|land|be\s+offered|be\s+given)\s+"
        rf"{_DESCRIBED}{_JOB}\b|be\s+hired\b|be\s+(?:our|the)\s+(?:next|first)\s+hire\b)",
        re.I,
    ),
    re.compile(rf"\bthere{_WILL}{_SURELY}\s+be\s+{_DESCRIBED}{_JOB}\s+for\s+{_PERSON}\b", re.I),
    re.compile(rf"\bfirst\s+in\s+line\s+for\s+{_DESCRIBED}{_JOB_OR_OPENING}\b", re.I),
    re.compile(rf"\bcount\s+on\s+{_DESCRIBED}{_JOB}\b", re.I),
    re.compile(r"\b(?:you're|you\s+are)\s+hired\b", re.I),
]
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|can't|cannot|couldn't|won't|don't|didn't|nor)\s+(?:[\w']+\s+){0,2}$", re.I
)
# a hope or a "no promises" earlier in the same sentence: "we hope we'll have a role for you"
_HEDGE = re.compile(
    r"\b(?:hope|hoping|hopefully|maybe|perhaps|possibly|might|may|could|would\s+love|wish"
    r"|no\s+promises?|no\s+guarantees?)\b[^.;!?]*$",
    re.I,
)


def job_promises(text: str | None) -> list[str]:
    """The phrases in ``text`` that promise a job ("guarantee", "promise you the role", …).

    "Never string anyone along, never guarantee a job": a summary or note that does is
    worth a second look. Negated phrases ("no promises made", "can't guarantee") are fine.
    """
    if not text:
        return []
    text = text.replace("\u2019", "'")  # a typographic apostrophe: "we’ll"
    found: list[tuple[int, str]] = []
    for pattern in _PROMISES:
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()]
            if _NEGATION.search(before) or _HEDGE.search(text[max(0, match.start() - 120) : match.start()]):
                continue
            found.append((match.start(), " ".join(match.group(0).split())))
    return [phrase for _, phrase in sorted(found)]


def promise_warning(where: str, text: str | None) -> str | None:
    """A one-line warning when ``text`` promises a job, naming ``where`` it was written."""
    phrases = job_promises(text)
    if not phrases:
        return None
    quoted = ", ".join(f"“{p}”" for p in dict.fromkeys(phrases))
    return (
        f"{where} reads like a promise of a job ({quoted}); be upfront: we never guarantee"
        " a role, so say what is and is not decided"
    )


class JobPromise(NeedsConfirmation):
    """Text about to be saved promises a job; it is saved only when the person confirms (``force``)."""

    def __init__(self, warnings: tuple[str, ...]) -> None:
        self.warnings = warnings
        super().__init__("; ".join(warnings))


def check_promises(texts: dict[str, str | None], *, force: bool = False) -> None:
    """Before saving: raise :class:`JobPromise` when any of ``texts`` promises a job, unless ``force``.

    ``texts`` maps where each text is written ("the reason", "the summary") to what was
    typed, so the warning names the field to rephrase.
    """
    warnings = tuple(w for where, text in texts.items() if (w := promise_warning(where, text)))
    if warnings and not force:
        raise JobPromise(warnings)
