"""Records built from plain data without pydantic, for files whose every value is already what the schema asks.

``show`` and ``log`` read one file; importing pydantic and building the models would cost them more than all
the rest. A file with nothing to convert, no unknown key and no error becomes here the same record
``domain.model`` builds, value for value (tests/core/test_plain_records.py holds the two side by side);
anything else — a quoted date, a bool where a number belongs, an unknown key, any error — gives None,
and the models read the file, word its problems and decide.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.terms import MAX_DAY, MAX_DAYS, MIN_DAY, Channel, Fit, OpeningStatus, Stage, TouchpointKind

MOST_VALUES = 50_000
"""More values than this in one file and the models judge it (the parser's own limits count them too)."""


class _TooMany(Exception):
    pass


class _Counter:
    """Values seen so far in one file."""

    def __init__(self) -> None:
        self.seen = 0

    def add(self, n: int = 1) -> None:
        self.seen += n
        if self.seen > MOST_VALUES:
            raise _TooMany


# -- one check per kind of value: the value as the model would hold it, or _NO when the model must judge it --

_NO = object()


def _text(value: Any, counter: _Counter) -> Any:
    return value if type(value) is str else _NO


def _date(value: Any, counter: _Counter) -> Any:
    # a quoted date is text that pydantic would convert: the models read those files
    return value if type(value) is dt.date and MIN_DAY <= value <= MAX_DAY else _NO


def _yes_no(value: Any, counter: _Counter) -> Any:
    return value if type(value) is bool else _NO


def _rating(value: Any, counter: _Counter) -> Any:
    return value if type(value) is int and 1 <= value <= 5 else _NO


def _days(value: Any, counter: _Counter) -> Any:
    return value if type(value) is int and 0 < value <= MAX_DAYS else _NO


def _days_from_zero(value: Any, counter: _Counter) -> Any:
    return value if type(value) is int and 0 <= value <= MAX_DAYS else _NO


def _texts(value: Any, counter: _Counter) -> Any:
    if type(value) is not list:
        return _NO
    counter.add(len(value))
    return list(value) if all(type(item) is str for item in value) else _NO


def _choice(kind: type[StrEnum]) -> Any:
    values = {member.value: member for member in kind}

    def check(value: Any, counter: _Counter) -> Any:
        return values.get(value, _NO) if type(value) is str else _NO

    return check


def _record(kind: type[PlainRecord]) -> Any:
    def check(value: Any, counter: _Counter) -> Any:
        return kind.build(value, counter)

    return check


def _records(kind: type[PlainRecord]) -> Any:
    def check(value: Any, counter: _Counter) -> Any:
        if type(value) is not list:
            return _NO
        counter.add(len(value))
        built = [kind.build(item, counter) for item in value]
        return _NO if any(item is _NO for item in built) else built

    return check


_REQUIRED = object()
_EMPTY_LIST = object()  # a default of [] (each record its own list)


class PlainRecord:
    """A record of the schema built from plain values; ``FIELDS`` as ``domain.model`` declares them, in order.

    Each field is (name, check, default): ``check`` gives the value as the model holds it, or ``_NO``;
    ``default`` is ``_REQUIRED``, ``_EMPTY_LIST`` or the value of an absent key.
    """

    FIELDS: ClassVar[tuple[tuple[str, Any, Any], ...]] = ()
    NAMES: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.NAMES = frozenset(name for name, _, _ in cls.FIELDS)

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, name, value)

    @classmethod
    def build(cls, data: Any, counter: _Counter) -> Any:
        """The record, or ``_NO`` when ``data`` is not exactly what the schema asks."""
        if type(data) is not dict:
            return _NO
        counter.add(len(data))
        if not cls.NAMES.issuperset(data):
            return _NO  # an unknown key: a warning the models word, and a value they keep
        values: dict[str, Any] = {}
        for name, check, default in cls.FIELDS:
            value = data.get(name)
            if value is None:
                if default is _REQUIRED:
                    return _NO
                if name in data and default is not None:
                    return _NO  # `skills: null`, `status:`: the model refuses what has a default
                values[name] = [] if default is _EMPTY_LIST else default
                continue
            value = check(value, counter)
            if value is _NO:
                return _NO
            values[name] = value
        record = cls(**values)
        return record if record._valid() else _NO

    def _valid(self) -> bool:
        """What the model checks across values, as far as it makes an error."""
        return True

    def to_json(self) -> dict[str, Any]:
        """Exactly what the model's ``model_dump(mode="json", exclude_none=True)`` gives."""
        out: dict[str, Any] = {}
        for name, _, _ in self.FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = _json(value)
        return out


def _json(value: Any) -> Any:
    if isinstance(value, PlainRecord):
        return value.to_json()
    if isinstance(value, list):
        return [_json(item) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class PlainContact(PlainRecord):
    FIELDS = (
        ("email", _text, None),
        ("phone", _text, None),
        ("linkedin", _text, None),
        ("links", _texts, _EMPTY_LIST),
    )


class PlainInterview(PlainRecord):
    FIELDS = (
        ("role", _text, _REQUIRED),
        ("date", _date, None),
        ("stage", _choice(Stage), None),
        ("interviewers", _texts, _EMPTY_LIST),
        ("impression", _text, None),
    )


class PlainRejection(PlainRecord):
    FIELDS = (
        ("date", _date, None),
        ("channel", _choice(Channel), None),
        ("reason", _text, None),
        ("newsletter_invited", _yes_no, None),
    )


class PlainConsent(PlainRecord):
    FIELDS = (
        ("given", _date, None),
        ("expires", _date, None),
        ("newsletter", _yes_no, None),
    )


class PlainTouchpoint(PlainRecord):
    FIELDS = (
        ("id", _text, None),
        ("date", _date, _REQUIRED),
        ("kind", _choice(TouchpointKind), _REQUIRED),
        ("by", _text, None),
        ("summary", _text, None),
        ("opening", _text, None),
    )


class PlainCandidate(PlainRecord):
    """A candidate as ``domain.model.Candidate`` holds it: the same attributes, ``effective_fit`` and
    ``last_touchpoint()`` (what the summary, the follow-up date and ``show`` read)."""

    FIELDS = (
        ("name", _text, _REQUIRED),
        ("pronouns", _text, None),
        ("headline", _text, None),
        ("location", _text, None),
        ("contact", _record(PlainContact), None),
        ("interviews", _records(PlainInterview), _EMPTY_LIST),
        ("rejection", _record(PlainRejection), None),
        ("fit", _choice(Fit), None),
        ("rating", _rating, None),
        ("skills", _texts, _EMPTY_LIST),
        ("interests", _texts, _EMPTY_LIST),
        ("tags", _texts, _EMPTY_LIST),
        ("owner", _text, None),
        ("cadence_days", _days, None),
        ("next_contact", _date, None),
        ("consent", _record(PlainConsent), None),
        ("notes", _text, None),
        ("history", _records(PlainTouchpoint), _EMPTY_LIST),
    )

    def _valid(self) -> bool:
        ids = [t.id for t in self.history if t.id is not None]
        return bool(self.name.strip()) and len(ids) == len(set(ids))  # a blank name, a touchpoint id used twice

    @property
    def effective_fit(self) -> Fit:
        """The fit the relationship logic goes by: an undecided candidate is treated as ``pursue``."""
        return self.fit or Fit.PURSUE

    def last_touchpoint(self) -> PlainTouchpoint | None:
        """The most recent touchpoint (by date; the file order breaks ties)."""
        if not self.history:
            return None
        return max(reversed(self.history), key=lambda t: t.date)


class PlainOpening(PlainRecord):
    FIELDS = (
        ("title", _text, _REQUIRED),
        ("team", _text, None),
        ("location", _text, None),
        ("status", _choice(OpeningStatus), OpeningStatus.OPEN),
        ("opened", _date, None),
        ("skills", _texts, _EMPTY_LIST),
        ("nice_to_have", _texts, _EMPTY_LIST),
        ("notes", _text, None),
        ("link", _text, None),
    )


def plain_candidate(data: Any) -> PlainCandidate | None:
    """The candidate ``data`` (a file's plain mapping) holds, or None when the models must read it."""
    return _built(PlainCandidate, data)


def plain_opening(data: Any) -> PlainOpening | None:
    """The opening ``data`` holds, or None when the models must read it."""
    return _built(PlainOpening, data)


def _built(kind: type[PlainRecord], data: Any) -> Any:
    try:
        record = kind.build(data, _Counter())
    except _TooMany:
        return None
    return None if record is _NO else record


_FITS = frozenset(fit.value for fit in Fit)
_SETTINGS_CHECKS = {
    "name": _text,
    "rejection_call_within_days": _days_from_zero,
    "consent_days": _days,
    "team": _texts,
    "not_duplicates": _texts,
}


def plain_settings(data: Any) -> LibrarySettings | None:
    """The settings ``runnerup.yaml``'s plain mapping holds, or None when the model must read it."""
    if type(data) is not dict:
        return None
    counter = _Counter()
    try:
        for key, value in data.items():
            if key == "cadence_days":
                if type(value) is not dict or not all(
                    type(k) is str and k in _FITS and _days(v, counter) is not _NO for k, v in value.items()
                ):
                    return None
            elif key == "name" and value is None:
                continue  # `name:` is allowed empty
            elif key not in _SETTINGS_CHECKS or _SETTINGS_CHECKS[key](value, counter) is _NO:
                return None
    except _TooMany:
        return None
    return LibrarySettings.from_values(data)


def record_json(record: Any) -> dict[str, Any]:
    """``model_dump(mode="json", exclude_none=True)`` of a model or of a plain record."""
    if isinstance(record, PlainRecord):
        return record.to_json()
    return record.model_dump(mode="json", exclude_none=True)
