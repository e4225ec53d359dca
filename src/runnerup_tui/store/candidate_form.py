"""The edit form's fields, and the conversions between a candidate and the form's texts.

Every field of :class:`~runnerup_tui.domain.model.Candidate` has a place here: scalars as one
line, lists comma-separated, interviews and history as YAML text. A field whose text was
not touched keeps its original value exactly (so an untouched list whose items contain
commas, or a folded block scalar, is never rewritten). Plain functions, no Textual:
the form widget only shows them.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from pydantic import ValidationError
from ruamel.yaml import YAML

from runnerup_tui.domain.model import Candidate, Channel, Fit
from runnerup_tui.store.parsing import load_plain
from runnerup_tui.store.wording import dotted, error_path, what_is_wrong
from runnerup_tui.store.yamldoc import fresh_node

FieldKind = Literal["text", "longtext", "list", "choice", "flag", "date", "number", "yaml"]


@dataclass(frozen=True)
class FormField:
    """One input of the form; ``path`` is where its value lives in the candidate."""

    path: tuple[str, ...]
    label: str
    kind: FieldKind = "text"
    choices: tuple[str, ...] = ()
    hint: str = ""

    @property
    def key(self) -> str:
        return ".".join(self.path)


SECTIONS: list[tuple[str, list[FormField]]] = [
    (
        "Person",
        [
            FormField(("name",), "Name", hint="full name (required)"),
            FormField(("pronouns",), "Pronouns", hint="she/her"),
            FormField(("headline",), "Headline", hint="current title and company"),
            FormField(("location",), "Location"),
        ],
    ),
    (
        "Contact",
        [
            FormField(("contact", "email"), "Email"),
            FormField(("contact", "phone"), "Phone"),
            FormField(("contact", "linkedin"), "LinkedIn", hint="https://www.linkedin.com/in/…"),
            FormField(("contact", "links"), "Links", "list", hint="comma-separated URLs"),
        ],
    ),
    (
        "Relationship",
        [
            FormField(("fit",), "Fit", "choice", tuple(f.value for f in Fit)),
            FormField(("rating",), "Rating", "choice", ("1", "2", "3", "4", "5")),
            FormField(("owner",), "Owner", hint="who keeps the relationship"),
            FormField(
                ("cadence_days",), "Cadence", "number", hint="days between follow-ups (empty: the library default)"
            ),
            FormField(("next_contact",), "Next contact", "date", hint="YYYY-MM-DD, overrides the computed follow-up"),
            FormField(("tags",), "Tags", "list", hint="comma-separated"),
        ],
    ),
    (
        "The little things",
        [
            FormField(("interests",), "Interests", "list", hint="comma-separated: what is unique about them"),
            FormField(("skills",), "Skills", "list", hint="comma-separated"),
            FormField(("notes",), "Notes", "longtext"),
        ],
    ),
    (
        "Rejection",
        [
            FormField(("rejection", "date"), "Date", "date", hint="YYYY-MM-DD"),
            FormField(("rejection", "channel"), "Channel", "choice", tuple(c.value for c in Channel)),
            FormField(("rejection", "reason"), "Reason", "longtext"),
            FormField(("rejection", "newsletter_invited"), "Invited", "flag"),
        ],
    ),
    (
        "Consent",
        [
            FormField(("consent", "given"), "Given", "date", hint="YYYY-MM-DD"),
            FormField(("consent", "expires"), "Expires", "date", hint="YYYY-MM-DD"),
            FormField(("consent", "newsletter"), "Newsletter", "flag"),
        ],
    ),
    (
        "Interviews",
        [
            FormField(
                ("interviews",),
                "Interviews",
                "yaml",
                hint="- role: Data Engineer   (required)\n  date: 2026-03-10\n  stage: final\n"
                "  interviewers: [Grace Hopper]\n  impression: what stood out",
            ),
        ],
    ),
    (
        "History",
        [
            FormField(
                ("history",),
                "History",
                "yaml",
                hint="- date: 2026-03-12   (required)\n  kind: call   (required)\n  by: Grace Hopper\n"
                "  summary: what was said",
            ),
        ],
    ),
]

FIELDS: list[FormField] = [f for _, fields in SECTIONS for f in fields]
FIELDS_BY_KEY: dict[str, FormField] = {f.key: f for f in FIELDS}
FLAG_CHOICES = ("yes", "no")

_MISSING = object()


# -- candidate -> texts ------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """Plain Python data the YAML writer understands: enums become their text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def original_data(candidate: Candidate | None) -> dict[str, Any]:
    """The keys the file holds, as plain values (unknown keys included)."""
    if candidate is None:
        return {}
    return plain(candidate.model_dump(mode="python", exclude_unset=True))


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for step in path:
        if not isinstance(node, dict) or step not in node:
            return _MISSING
        node = node[step]
    return node


def text_of(field: FormField, value: Any) -> str:
    """How ``value`` is written in the form."""
    if value is _MISSING or value is None:
        return ""
    if field.kind == "list":
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if field.kind == "flag":
        return "yes" if value is True else "no" if value is False else str(value)
    if field.kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if field.kind == "yaml":
        return dump_yaml(value) if value else ""
    return str(value)


def initial_texts(data: dict[str, Any]) -> dict[str, str]:
    """The text of every field for a candidate's plain data (empty for a new one)."""
    return {f.key: text_of(f, _get(data, f.path)) for f in FIELDS}


def dump_yaml(value: Any) -> str:
    """A list of interviews or touchpoints as block YAML, as it would look in the file."""
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(fresh_node(value), out)  # multi-line text as | blocks, as in the file
    return textwrap.dedent(out.getvalue())


# -- texts -> candidate ------------------------------------------------------------------------


@dataclass
class FormResult:
    """The outcome of reading the form: plain data to save, or errors by field key."""

    data: dict[str, Any] | None
    errors: dict[str, list[str]]

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.errors


def _parse(field: FormField, text: str) -> Any:
    """The value a changed text stands for (None when empty); raises ValueError for bad YAML."""
    stripped = text.strip()
    if field.kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()] or None
    if not stripped:
        return None
    if field.kind == "flag":
        return {"yes": True, "no": False}.get(stripped.lower(), stripped)
    if field.kind == "longtext":
        return text.strip("\n").rstrip() + ("\n" if "\n" in text.strip("\n") else "")
    if field.kind == "yaml":
        try:
            value = load_plain(text)
        except Exception as err:  # any YAML error: show where, keep the form open
            mark = getattr(err, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            problem = getattr(err, "problem", None) or str(err).splitlines()[0]
            raise ValueError(f"{where}YAML syntax error: {problem}") from None
        if value is None:
            return None
        if isinstance(value, dict):
            value = [value]  # one item written without its leading "- "
        return value
    return stripped


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = data
    for step in path[:-1]:
        child = node.get(step)
        if not isinstance(child, dict):
            child = node[step] = {}
        node = child
    if value is _MISSING:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


def form_data(texts: dict[str, str], initial: dict[str, str], original: dict[str, Any]) -> FormResult:
    """Read the form: untouched fields keep their original value, changed ones are parsed.

    A field emptied by the person is removed from the file. The result is validated with
    the model; on success ``data`` holds typed plain values ready for ``edit_candidate``.
    """
    raw: dict[str, Any] = {k: v for k, v in original.items()}
    for key in ("contact", "rejection", "consent"):
        if isinstance(raw.get(key), dict):
            raw[key] = dict(raw[key])
    errors: dict[str, list[str]] = {}
    for field in FIELDS:
        text = texts.get(field.key, "")
        if text == initial.get(field.key, ""):
            continue  # the original value (or its absence) stands
        try:
            value = _parse(field, text)
        except ValueError as err:
            errors.setdefault(field.key, []).append(str(err))
            continue
        _put(raw, field.path, _MISSING if value is None else value)
    for key in ("contact", "rejection", "consent"):
        if raw.get(key) == {} and original.get(key) != {}:
            del raw[key]
    result = validate(raw)  # also when some text did not parse: report every field at once
    if errors:
        for key, messages in result.errors.items():
            errors.setdefault(key, []).extend(messages)
        return FormResult(None, errors)
    return result


def validate(raw: dict[str, Any]) -> FormResult:
    """Check ``raw`` with the model; errors are keyed by the form field they belong to."""
    try:
        candidate = Candidate.model_validate(raw)
    except ValidationError as err:
        found: dict[str, list[str]] = {}
        for e in err.errors(include_url=False):
            key, message = field_error(e)
            found.setdefault(key, []).append(message)
        return FormResult(None, found)
    return FormResult(original_data(candidate), {})


def field_error(e: dict[str, Any]) -> tuple[str, str]:
    """Which field a pydantic error belongs to, and one short sentence for it."""
    loc = error_path(e)
    for depth in (2, 1):
        key = ".".join(str(s) for s in loc[:depth])
        if key in FIELDS_BY_KEY:
            rest = loc[depth:]
            break
    else:
        return "", f"{dotted(loc)}: {what_is_wrong(e, in_form=True)}"
    if FIELDS_BY_KEY[key].kind == "yaml" and rest:
        where = f"item {rest[0] + 1}" if isinstance(rest[0], int) else str(rest[0])
        inner = ".".join(str(s) for s in rest[1:])
        return key, f"{where}{', ' + inner if inner else ''}: {what_is_wrong(e, in_form=True)}"
    return key, what_is_wrong(e, in_form=True)
