"""Today's agenda (DESIGN.md §5): whom to contact, why, and what to talk about.

A pure function of the index entries, the settings and the day: no files are read and
the clock is never asked, so the CLI, the TUI and the tests agree on every item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from runnerup_tui.domain.relationship import follow_up_date, last_activity
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.starters import conversation_starter
from runnerup_tui.domain.summary import CandidateEntry
from runnerup_tui.domain.terms import STAGE_WORDS, UNDECIDED, Fit, add_days

FOLLOW_UP = "follow-up"
REJECTION_CALL = "rejection-call"
CONSENT_EXPIRING = "consent-expiring"
CONSENT_MISSING = "consent-missing"
HONEST_CONVERSATION = "honest-conversation"

REASONS = (REJECTION_CALL, CONSENT_EXPIRING, CONSENT_MISSING, FOLLOW_UP, HONEST_CONVERSATION)
"""The agenda's groups, most urgent first: a rejection call is owed within days, consent
is a legal limit (expiring, or never recorded for a newsletter invite), follow-ups are the
daily work, an honest conversation can be planned."""

CONSENT_WARNING_DAYS = 30
EMAIL_REJECTION_CALL_DAYS = 365  # after a year, a call about an emailed rejection is no longer one
GROUP_TITLES = {
    REJECTION_CALL: "Rejection calls",
    CONSENT_EXPIRING: "Consent expiring or expired",
    CONSENT_MISSING: "Newsletter invited, no consent recorded",
    FOLLOW_UP: "Follow-ups",
    HONEST_CONVERSATION: "Honest conversations",
}
"""How each group is headed, in the CLI's `due` and on Today."""

HONEST_AFTER_TOUCHPOINTS = 6  # personal touchpoints since the last `presented` (or ever)
HONEST_AFTER_DAYS = 365  # without presenting them for anything
CAREER_UPDATE_STALE_DAYS = 180  # after this, check their LinkedIn for news


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One thing to do for one candidate; ``date`` is when it is (or was) due.

    ``detail`` says what to do and why; a follow-up's ``starter`` and ``nudge`` are not in it,
    so each front end places them as it likes (:attr:`line` puts all three on one line).
    """

    id: str
    name: str
    reason: str
    date: dt.date
    detail: str
    owner: str = ""
    starter: str | None = None  # follow-ups: what to talk about
    nudge: str | None = None  # follow-ups: check LinkedIn for news

    @property
    def line(self) -> str:
        """The detail, then the starter and the nudge, in one line: what `runnerup due` prints."""
        return "; ".join(part for part in (self.detail, self.starter, self.nudge) if part)

    def to_json(self) -> dict[str, object]:
        """The item for ``due --json``; its ``detail`` is the one line (with starter and nudge), as it always was."""
        return {
            "id": self.id,
            "name": self.name,
            "reason": self.reason,
            "date": self.date.isoformat(),
            "detail": self.line,
            "owner": self.owner,
            "starter": self.starter,
            "nudge": self.nudge,
        }


def agenda(
    entries: Iterable[CandidateEntry], settings: LibrarySettings, today: dt.date, within_days: int = 7
) -> list[AgendaItem]:
    """Everything due by ``today + within_days``, grouped by :data:`REASONS`, oldest first.

    A candidate can appear under several reasons (an overdue follow-up whose consent
    expires soon, say): each is a different thing to do. Once consent has expired, "renew
    or forget" is the only thing to do: no follow-up, no call, no newsletter.
    """
    horizon = add_days(today, within_days)  # saturates: a huge ``within_days`` never overflows
    consent_horizon = add_days(today, max(within_days, CONSENT_WARNING_DAYS))
    items: list[AgendaItem] = []
    for entry in entries:
        consent = consent_item(entry, today)
        if consent and consent.date < today:
            items.append(consent)
            continue
        call = rejection_call(entry, settings, today)
        if call and call.date <= horizon:
            items.append(call)
        if consent and consent.date <= consent_horizon:
            items.append(consent)
        missing = missing_consent(entry, today)
        if missing:
            items.append(missing)
        if entry.fit != Fit.PURSUE:
            continue
        due = follow_up_date(entry, settings)
        if due is not None and due <= horizon:
            items.append(follow_up_item(entry, due, today))
        honest = honest_conversation(entry, today)
        if honest:
            items.append(honest)
    order = {reason: i for i, reason in enumerate(REASONS)}
    items.sort(key=lambda item: (order[item.reason], item.date, item.name, item.id))
    return items


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _when(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days < 0:
        return f"overdue by {-days} day{'s' if days < -1 else ''}"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days > 1 else ''}"


def rejection_call(entry: CandidateEntry, settings: LibrarySettings, today: dt.date) -> AgendaItem | None:
    """A rejection call owed, or None.

    Owed after an interview with no later rejection, ``rejection_call_within_days`` after
    it. After a rejection sent by email (it counts, but the playbook rejects by call) a
    call is suggested until a call, coffee or meeting is logged, for at most
    :data:`EMAIL_REJECTION_CALL_DAYS`. Not for ``closed`` or ``hired`` people.
    """
    if entry.fit in (Fit.CLOSED, Fit.HIRED):
        return None
    interviewed = _date(entry.last_interview)
    rejected = max(filter(None, (_date(entry.rejection_date), _date(entry.last_rejection_logged))), default=None)
    if interviewed and (rejected is None or rejected < interviewed):
        role, stage = _latest_interview(entry)
        due = add_days(interviewed, settings.rejection_call_within_days)
        what = STAGE_WORDS.get(stage or "", "interview") + (f" for {role}" if role else "")
        return AgendaItem(
            entry.id,
            entry.name,
            REJECTION_CALL,
            due,
            f"{what} on {interviewed}: no rejection logged yet; call with the honest reason and what impressed us",
            entry.owner,
        )
    sent = _date(entry.rejection_date)
    if entry.rejection_channel == "email" and sent is not None and sent == rejected:
        spoke = _date(entry.last_conversation)
        if (spoke is None or spoke < sent) and (today - sent).days <= EMAIL_REJECTION_CALL_DAYS:
            return AgendaItem(
                entry.id,
                entry.name,
                REJECTION_CALL,
                sent,
                f"rejected by email on {sent}: call to explain the reason and what impressed us",
                entry.owner,
            )
    return None


def _latest_interview(entry: CandidateEntry) -> tuple[str | None, str | None]:
    dated = [i for i in entry.interviews if i[1]]
    if not dated:
        return None, None
    role, _, stage = max(dated, key=lambda i: i[1] or "")
    return role, stage


def consent_item(entry: CandidateEntry, today: dt.date) -> AgendaItem | None:
    """The consent to renew (or the record to forget), dated by its expiry; for any fit.

    :func:`agenda` shows it from :data:`CONSENT_WARNING_DAYS` before the expiry on.
    """
    expires = _date(entry.consent_expires)
    if expires is None:
        return None
    days = (expires - today).days
    if entry.fit == Fit.CLOSED:
        action = "closed, so do not ask them to renew it: `runnerup forget` the record"
    elif days < 0:
        action = (
            "renew or forget: ask them to renew it (no follow-ups or newsletter until then),"
            " or `runnerup forget` the record"
        )
    else:
        action = "ask them to renew it, or `runnerup forget` the record"
    when = (
        f"expired on {expires}"
        if days < 0
        else "expires today"
        if days == 0
        else f"expires on {expires} (in {days} day{'s' if days > 1 else ''})"
    )
    return AgendaItem(entry.id, entry.name, CONSENT_EXPIRING, expires, f"consent {when}: {action}", entry.owner)


def missing_consent(entry: CandidateEntry, today: dt.date) -> AgendaItem | None:
    """A newsletter invite with no consent on file, dated by the invitation; not for closed or hired people."""
    if not entry.newsletter_invited or entry.has_consent or entry.fit in (Fit.CLOSED, Fit.HIRED):
        return None
    since = _date(entry.rejection_date) or today
    return AgendaItem(
        entry.id,
        entry.name,
        CONSENT_MISSING,
        since,
        "newsletter invited, no consent recorded: ask whether they agree and record it"
        " (given, expires, newsletter), or send them no newsletter",
        entry.owner,
    )


def follow_up_item(entry: CandidateEntry, due: dt.date, today: dt.date) -> AgendaItem:
    """A personal follow-up, with something to talk about and a LinkedIn nudge when due."""
    last = last_activity(entry)
    starter = conversation_starter(entry)
    nudge = linkedin_nudge(entry, today)
    parts = [_when(due, today) + (f" (last contact {last})" if last else " (no contact logged yet)")]
    if not entry.fit_decided:  # DESIGN.md §2: no fit means pursue; say so, someone may want to decide
        parts.append(f"fit {UNDECIDED}, treated as pursue")
    return AgendaItem(entry.id, entry.name, FOLLOW_UP, due, "; ".join(parts), entry.owner, starter, nudge)


def linkedin_nudge(entry: CandidateEntry, today: dt.date) -> str | None:
    """ "Check their LinkedIn" when the last career update is old or was never logged.

    Without a LinkedIn profile on file, the playbook's fallback: a brief email.
    """
    seen = _date(entry.last_career_update)
    if seen is not None and (today - seen).days <= CAREER_UPDATE_STALE_DAYS:
        return None
    since = f"no career update since {seen}" if seen else "no career update logged"
    if not entry.has_linkedin:
        return f"{since}: no LinkedIn on file, ask in a brief email"
    return f"{since}: check their LinkedIn for news"


def honest_conversation(entry: CandidateEntry, today: dt.date) -> AgendaItem | None:
    """A ``pursue`` candidate we keep in touch with but have presented for nothing in a year.

    "Keep a relationship only with people you truly see on the team later": many personal
    touchpoints (:data:`HONEST_AFTER_TOUCHPOINTS` since the last ``presented``) and no
    ``presented`` for :data:`HONEST_AFTER_DAYS` call for an honest conversation, or a
    move to ``newsletter``. Presenting them, or changing their fit, clears it.
    """
    if entry.fit != Fit.PURSUE or entry.personal_since_presented < HONEST_AFTER_TOUCHPOINTS:
        return None
    presented = _date(entry.last_presented)
    since = presented or _date(entry.rejection_date) or _date(entry.last_interview)
    if since is None:
        return None
    due = add_days(since, HONEST_AFTER_DAYS)
    if due > today:
        return None
    what = f"last presented on {presented}" if presented else "never presented for an opening"
    return AgendaItem(
        entry.id,
        entry.name,
        HONEST_CONVERSATION,
        due,
        f"{entry.personal_since_presented} personal touchpoints, {what}: be upfront about"
        " what is realistic, or move them to newsletter",
        entry.owner,
    )
