"""Drafted outreach: a short message from the little things on file, filled into a team's template.

Pure logic: the template's text, the candidate's record and the openings come in; a :class:`Draft` or a
:class:`TemplateError` (file and line) comes out. A line whose field is empty is left out, so a template
keeps each optional sentence on a line of its own; a line that would read like a job promise is left out too.
"""

from __future__ import annotations

import datetime as dt
import string
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from runnerup_tui.domain.matching import rank_for_opening, role_similarity, skill_key
from runnerup_tui.domain.problems import RunnerupError
from runnerup_tui.domain.settings import LibrarySettings
from runnerup_tui.domain.summary import CandidateEntry, OpeningEntry
from runnerup_tui.domain.terms import CONVERSATION_KINDS, DRAFT_KINDS, Fit, OpeningStatus, TouchpointKind
from runnerup_tui.domain.upfront import job_promises, outreach_concern

KINDS = DRAFT_KINDS

FIELDS = {
    "first_name": "the first word of their name (for “Smith, John”: John)",
    "name": "their full name",
    "headline": "their current title and company, as last known",
    "interest": "one of their interests; a different one each time a personal touchpoint is logged",
    "note": "the little thing you jotted down: the first sentence of their notes, else the latest note touchpoint",
    "last_conversation": "the last time you spoke, e.g. “our coffee in July 2026” (latest call, coffee or meeting)",
    "career_update": "the summary of their latest career-update touchpoint",
    "opening_title": "the open opening that fits them best (a must-have skill or a similar role), not yet presented",
    "opening_link": "that opening's link (the `link:` of its file)",
    "me": "your name (git user.name)",
}
"""Every field a template may use, with what it holds; the README and each default template list them too."""

LONGEST_FIELD = 200
_MONTHS = (
    "January February March April May June July August September October November December".split()  # not the locale's
)


class TemplateError(RunnerupError):
    """A template that cannot be filled: ``path:line: message``, for the person who wrote it."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True, slots=True)
class TemplateLine:
    """One line of a template: its line number in the file, its text and the fields it uses."""

    number: int
    text: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template: where it comes from (``templates/email.md`` or ``built-in email.md``), subject, body."""

    source: str
    subject: TemplateLine | None
    body: tuple[TemplateLine, ...]


def parse_template(text: str, source: str) -> Template:
    """The template in ``text``; raises :class:`TemplateError` naming ``source`` and the line of any mistake.

    A leading ``<!-- … -->`` comment (the template's own documentation) is skipped; then an optional
    ``Subject: …`` line; the rest is the body. Fields are ``{name}`` from :data:`FIELDS`; ``{{``/``}}`` are braces.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and lines[start].lstrip().startswith("<!--"):
        end = next((i for i in range(start, len(lines)) if "-->" in lines[i]), None)
        if end is None:
            raise TemplateError(source, start + 1, "the comment `<!--` is never closed with `-->`")
        if lines[end].split("-->", 1)[1].strip():
            raise TemplateError(source, end + 1, "put the text after `-->` on a line of its own")
        start = end + 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    subject = None
    if start < len(lines) and lines[start].lower().startswith("subject:"):
        subject = _line(source, start + 1, lines[start].split(":", 1)[1].strip())
        start += 1
    body = tuple(_line(source, n + 1, lines[n].rstrip()) for n in range(start, len(lines)))
    return Template(source, subject, body)


def _line(source: str, number: int, text: str) -> TemplateLine:
    """One template line with its fields checked: known names only, no formatting or attribute access."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as err:
        raise TemplateError(source, number, f"{err} (write {{{{ and }}}} for a brace)") from None
    used: list[str] = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in FIELDS:
            known = ", ".join(f"{{{f}}}" for f in FIELDS)
            raise TemplateError(source, number, f"unknown field {{{name}}}; the fields are {known}")
        if spec or conversion:
            raise TemplateError(source, number, f"write the field as {{{name}}}, without `!` or `:`")
        used.append(name)
    return TemplateLine(number, text, tuple(dict.fromkeys(used)))


@dataclass(frozen=True, slots=True)
class Draft:
    """A message ready to edit; ``left_out`` says which sentences were dropped.

    ``to``: their email address, or for a ``linkedin`` message their LinkedIn profile; None when not on file.
    """

    id: str
    kind: str
    to: str | None
    subject: str | None
    body: str
    opening: str | None = None  # the id of the opening the draft mentions
    opening_title: str | None = None
    left_out: tuple[str, ...] = ()

    @property
    def mailto(self) -> str | None:
        """The draft as a ``mailto:`` URL (RFC 6068), or None without an email address (or for LinkedIn)."""
        return mailto_url(self.to, self.subject, self.body) if self.to and self.kind != "linkedin" else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "to": self.to,
            "subject": self.subject,
            "body": self.body,
            "mailto": self.mailto,
        }


def mailto_url(to: str, subject: str | None, body: str) -> str:
    """``mailto:`` with the address, subject and body percent-encoded, line breaks as CRLF (RFC 6068).

    Everything but the ``@`` is encoded, so an address holding ``?`` or ``&`` cannot add headers.
    """
    query = []
    if subject:
        query.append("subject=" + urllib.parse.quote(subject, safe=""))
    query.append("body=" + urllib.parse.quote(body.replace("\r\n", "\n").replace("\n", "\r\n"), safe=""))
    return f"mailto:{urllib.parse.quote(to.strip(), safe='@')}?{'&'.join(query)}"


def default_kind(candidate: Any) -> str:
    """``congrats`` when their latest touchpoint is a career update (the playbook: congratulate them), else email."""
    last = candidate.last_touchpoint()
    return "congrats" if last is not None and last.kind is TouchpointKind.CAREER_UPDATE else "email"


def draft_concern(name: str, fit: Fit | str, kind: str, consent_expires: Any, today: dt.date) -> str | None:
    """Why drafting a personal message to them goes against "be upfront" (their fit, their consent), or None."""
    return outreach_concern(name, fit, TouchpointKind(kind), consent_expires=consent_expires, on=today)


def best_opening(
    entry: CandidateEntry, openings: Iterable[OpeningEntry], settings: LibrarySettings, today: dt.date
) -> OpeningEntry | None:
    """The open opening that fits them best: a must-have skill or a similar role, not yet presented for.

    Only a real fit is mentioned ("made me think of you"): a nice-to-have skill alone is not one.
    """
    skills = {skill_key(s) for s in entry.skills}
    fitting = [
        o
        for o in openings
        if o.status == OpeningStatus.OPEN.value
        and o.id not in entry.presented_for
        and (skills & {skill_key(s) for s in o.skills} or any(role_similarity(o.title, r) for r in entry.roles))
    ]
    scored = []
    for opening in fitting:
        matches = rank_for_opening(opening, [entry], settings, today)
        if matches:
            scored.append((-matches[0].points, opening.title, opening.id, opening))
    return min(scored)[3] if scored else None


def draft_fields(
    entry: CandidateEntry,
    candidate: Any,
    *,
    opening: OpeningEntry | None = None,
    opening_link: str | None = None,
    me: str | None = None,
) -> dict[str, str]:
    """Every field of :data:`FIELDS` for this candidate (a model or plain record), "" where nothing is known."""
    history = list(candidate.history)
    latest = lambda kinds: max(  # noqa: E731 - the latest of these kinds (file order breaks ties)
        (t for t in reversed(history) if t.kind in kinds), key=lambda t: t.date, default=None
    )
    interests = [i.strip() for i in candidate.interests if i.strip()]
    interest = interests[entry.personal_touchpoints % len(interests)] if interests else ""
    note = entry.note_hint or ((n := latest({TouchpointKind.NOTE})) and n.summary) or ""
    talk = latest(CONVERSATION_KINDS)
    spoke = f"our {talk.kind.value} in {_MONTHS[talk.date.month - 1]} {talk.date.year}" if talk else ""
    update = latest({TouchpointKind.CAREER_UPDATE})
    cheered = latest({TouchpointKind.CONGRATS})
    if update and cheered and cheered.date >= update.date:  # already congratulated on this news
        update = None
    values = {
        "first_name": first_name(candidate.name),
        "name": candidate.name,
        "headline": candidate.headline or "",
        "interest": interest,
        "note": _fragment(note),
        "last_conversation": spoke,
        "career_update": _fragment(update.summary or "") if update else "",
        "opening_title": opening.title if opening else "",
        "opening_link": (opening_link or "") if opening else "",
        "me": me or "",
    }
    return {key: _one_line(value) for key, value in values.items()}


def first_name(name: str) -> str:
    """How the message greets them: the first word of the name; for "Smith, John", John."""
    family, comma, given = name.partition(",")
    words = (given if comma and given.strip() else name).split()
    return words[0] if words else name.strip()


def _fragment(text: str) -> str:
    """A summary to put inside a sentence: one line, without its closing full stop."""
    return _one_line(text).rstrip(" .;,")


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LONGEST_FIELD else text[: LONGEST_FIELD - 1].rsplit(" ", 1)[0] + "…"


@dataclass
class _Filled:
    lines: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def render(template: Template, fields: dict[str, str]) -> tuple[str | None, str, tuple[str, ...]]:
    """(subject, body, what was left out) of ``template`` filled with ``fields``.

    A line with an empty field is left out; so is a line that the data (a note, a summary) turns into a job
    promise, with a sentence saying so. A promise in the template's own words is a :class:`TemplateError`.
    """
    filled = _Filled()
    subject = _fill(template, template.subject, fields, filled) if template.subject else None
    for line in template.body:
        text = _fill(template, line, fields, filled)
        if text is not None:
            filled.lines.append(text)
    body = _tidy(filled.lines)
    whole = "\n".join(x for x in (subject, body) if x)
    if promises := job_promises(whole):  # across lines: each line alone read as none
        raise TemplateError(template.source, 1, f"the draft reads like a promise of a job ({_quoted(promises)})")
    return subject or None, body, tuple(filled.left_out)


def _fill(template: Template, line: TemplateLine, fields: dict[str, str], filled: _Filled) -> str | None:
    if any(not fields.get(name) for name in line.fields):
        return None
    text = line.text.format_map({name: fields[name] for name in line.fields})
    promises = job_promises(text)
    if not promises:
        return text
    own = line.text.format_map({name: "" for name in line.fields})
    if job_promises(own):
        raise TemplateError(
            template.source,
            line.number,
            f"reads like a promise of a job ({_quoted(job_promises(own))}); be upfront: never guarantee a role",
        )
    used = ", ".join(f"{{{name}}}" for name in line.fields)
    filled.left_out.append(
        f"a line with {used} was left out: it would read like a promise of a job ({_quoted(promises)})"
    )
    return None


def _quoted(phrases: list[str]) -> str:
    return ", ".join(f"“{p}”" for p in dict.fromkeys(phrases))


def _tidy(lines: list[str]) -> str:
    """The body without the blank lines that dropped sentences leave: one between paragraphs, none at the ends."""
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def make_draft(
    cid: str,
    kind: str,
    template: Template,
    fields: dict[str, str],
    contact: Any,
    opening: OpeningEntry | None = None,
) -> Draft:
    """The draft of ``kind`` for ``cid``: ``template`` filled with ``fields`` (see :func:`draft_fields`).

    ``contact``: the candidate's contact record (or None), where the message goes.
    """
    subject, body, left_out = render(template, fields)
    mentioned = opening if opening and fields.get("opening_title") and opening.title in body else None
    to = getattr(contact, "linkedin" if kind == "linkedin" else "email", None) if contact else None
    return Draft(
        cid,
        kind,
        (to or "").strip() or None,
        subject,
        body,
        mentioned.id if mentioned else None,
        mentioned.title if mentioned else None,
        left_out,
    )
