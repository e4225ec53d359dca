"""The recruiter's domain: candidates, their touchpoints, openings and library settings.

Exactly the keys and enums of DESIGN.md §2. Pure data and validation: no files, no YAML,
no git, no Textual. Unknown keys are kept (``extra="allow"``) so that a hand-added key
survives a write; :func:`unknown_keys` reports them.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from runnerup_tui.domain.settings import CONSENT_DAYS, REJECTION_CALL_WITHIN_DAYS, cadence_for
from runnerup_tui.domain.terms import (  # noqa: F401 - the recruiter's words, re-exported for the model's users
    CONVERSATION_KINDS,
    HORIZON_TEXT,
    MAX_DAY,
    MAX_DAYS,
    MIN_DAY,
    PERSONAL_KINDS,
    STAGE_WORDS,
    UNDECIDED,
    Channel,
    Fit,
    OpeningStatus,
    Stage,
    TouchpointKind,
    add_days,
    parse_day,
)

Finding = tuple[tuple[Any, ...], str, str]  # (path to the value, "error" | "warning", sentence)


class _Record(BaseModel):
    """Base of every record read from a file: unknown keys are kept, never dropped."""

    model_config = ConfigDict(extra="allow", validate_default=False)

    def findings(self) -> list[Finding]:
        """Problems that span several values (each value on its own is valid)."""
        return []


def _date_not_number(value: Any) -> Any:
    # pydantic would read 20260301 as seconds since 1970; in a hand-written file it is a typo.
    if isinstance(value, (int, float)):
        raise ValueError(f"must be a date like 2026-03-14 (got {value!r})")
    return value


def _within_horizon(value: dt.date) -> dt.date:
    if not MIN_DAY <= value <= MAX_DAY:
        raise ValueError(f"{HORIZON_TEXT} (got {value})")
    return value


Date = Annotated[dt.date, BeforeValidator(_date_not_number), AfterValidator(_within_horizon)]


TextList = list[str]
PositiveInt = Annotated[int, Field(gt=0)]
Days = Annotated[int, Field(gt=0, le=MAX_DAYS)]


class Contact(_Record):
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    links: TextList = []


class Interview(_Record):
    role: str
    date: Date | None = None
    stage: Stage | None = None
    interviewers: TextList = []
    impression: str | None = None


class Rejection(_Record):
    date: Date | None = None
    channel: Channel | None = None
    reason: str | None = None
    newsletter_invited: bool | None = None


class Consent(_Record):
    given: Date | None = None
    expires: Date | None = None
    newsletter: bool | None = None


class Touchpoint(_Record):
    id: str | None = None
    date: Date
    kind: TouchpointKind
    by: str | None = None
    summary: str | None = None
    opening: str | None = None


class Candidate(_Record):
    name: str
    pronouns: str | None = None
    headline: str | None = None
    location: str | None = None
    contact: Contact | None = None
    interviews: list[Interview] = []
    rejection: Rejection | None = None
    fit: Fit | None = None  # None: nobody has decided yet (see effective_fit)
    rating: int | None = None
    skills: TextList = []
    interests: TextList = []
    tags: TextList = []
    owner: str | None = None
    cadence_days: Days | None = None
    next_contact: Date | None = None
    consent: Consent | None = None
    notes: str | None = None
    history: list[Touchpoint] = []

    @field_validator("rating")
    @classmethod
    def _rating_in_range(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 5:
            raise ValueError(f"must be between 1 and 5 (got {str(value)[:20]}{'…' if len(str(value)) > 20 else ''})")
        return value

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        seen: dict[str, int] = {}
        for i, touchpoint in enumerate(self.history):
            if touchpoint.id is None:
                continue
            if touchpoint.id in seen:
                found.append(
                    (
                        ("history", i, "id"),
                        "error",
                        f"history[{i}].id: `{touchpoint.id}` is already used by history[{seen[touchpoint.id]}];"
                        " touchpoint ids must be unique",
                    )
                )
            else:
                seen[touchpoint.id] = i
        if self.consent and self.consent.given and self.consent.expires and self.consent.expires < self.consent.given:
            found.append((("consent", "expires"), "warning", "consent.expires: is before consent.given"))
        return found

    @property
    def effective_fit(self) -> Fit:
        """The fit the relationship logic goes by: an undecided candidate is treated as ``pursue`` (DESIGN.md §2)."""
        return self.fit or Fit.PURSUE

    def last_touchpoint(self) -> Touchpoint | None:
        """The most recent touchpoint (by date; the file order breaks ties)."""
        if not self.history:
            return None
        return max(reversed(self.history), key=lambda t: t.date)


class Opening(_Record):
    title: str
    team: str | None = None
    location: str | None = None
    status: OpeningStatus = OpeningStatus.OPEN
    opened: Date | None = None
    skills: TextList = []
    nice_to_have: TextList = []
    notes: str | None = None
    link: str | None = None  # the job ad: drafted outreach links to it


class Settings(_Record):
    """``runnerup.yaml``: library-wide defaults (all optional)."""

    name: str | None = None
    cadence_days: dict[Fit, Days] = {}
    rejection_call_within_days: Annotated[int, Field(ge=0, le=MAX_DAYS)] = REJECTION_CALL_WITHIN_DAYS
    consent_days: Days = CONSENT_DAYS
    team: TextList = []
    not_duplicates: TextList = []  # "ada-lovelace ~ augusta-king": two people, whatever their names or contacts say

    def cadence_for(self, fit: Fit) -> int | None:
        """Days between personal follow-ups for a fit; only ``pursue`` has a default."""
        return cadence_for(self.cadence_days, fit)


def unknown_keys(record: BaseModel) -> list[tuple[tuple[Any, ...], str, list[str]]]:
    """Every key not in the schema, anywhere in ``record``.

    Returns ``(path, key, known_keys_at_that_level)`` so that the caller can suggest
    the key that was probably meant.
    """
    found: list[tuple[tuple[Any, ...], str, list[str]]] = []

    def visit(obj: BaseModel, path: tuple[Any, ...]) -> None:
        if obj.model_extra:
            known = list(type(obj).model_fields)
            for key in obj.model_extra:
                found.append((path, key, known))
        for field in _fields_holding_records(type(obj)):
            value = getattr(obj, field)
            if isinstance(value, BaseModel):
                visit(value, (*path, field))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, BaseModel):
                        visit(item, (*path, field, i))

    visit(record, ())
    return found


@functools.cache
def _fields_holding_records(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` whose type lets them hold a record (a contact, the history...).

    Only those can hold unknown keys of their own: the others hold text, numbers, dates and
    lists of them, which is most of a file. Worked out once per model.
    """
    return tuple(name for name, info in model.model_fields.items() if _may_hold_record(info.annotation))


def _may_hold_record(annotation: Any) -> bool:
    """Whether a value of this type can be a record or a list holding some; a form not foreseen here can."""
    if annotation is Any or annotation is object:
        return True
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _may_hold_record(typing.get_args(annotation)[0])
    if origin is not None:  # X | None, list[X], dict[K, V]
        return any(map(_may_hold_record, typing.get_args(annotation)))
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel)
    return True


RECORD_TYPES: dict[str, type[_Record]] = {
    "candidates": Candidate,
    "openings": Opening,
}
