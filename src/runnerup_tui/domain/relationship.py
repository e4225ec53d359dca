"""Relationship logic of DESIGN.md §5 that the list and search need: when to reach out next."""

from __future__ import annotations

import datetime as dt

from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.summary import CandidateEntry
from runnerup_tui.domain.terms import Fit, add_days


def last_activity(entry: CandidateEntry) -> dt.date | None:
    """The last time we were in touch: the latest of last touchpoint, rejection and interview.

    The latest, not the first one present: a runner-up interviewed again after months of
    touchpoints was last in touch at that interview.
    """
    value = max(filter(None, (entry.last_contact, entry.rejection_date, entry.last_interview)), default=None)
    return dt.date.fromisoformat(value) if value else None


def follow_up_date(entry: CandidateEntry, settings: LibrarySettings) -> dt.date | None:
    """When to reach out next, or None when no personal follow-up is due for this fit.

    An explicit ``next_contact`` wins; otherwise last activity plus the cadence (the
    person's ``cadence_days``, else the library's default for the fit). Only ``pursue``
    candidates get personal follow-ups.
    """
    if entry.fit != Fit.PURSUE:
        return None
    if entry.next_contact:
        return dt.date.fromisoformat(entry.next_contact)
    cadence = entry.cadence_days or settings.cadence_for(Fit.PURSUE)
    last = last_activity(entry)
    if cadence is None or last is None:
        return None
    return add_days(last, cadence)
