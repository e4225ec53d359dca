"""What a row of an applicant tracking system's export (or LinkedIn's ``Connections.csv``) says about a person.

Pure: the column table, the systems recognised by their headers, lenient dates and rows turned into facts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from runnerup_tui.domain.identity import EMAIL, LINKEDIN, PHONE, Key, email_key, linkedin_key, phone_key

# The fields a column can bring in (`runnerup import --map COLUMN=FIELD`), documented in the README.
FIELDS: dict[str, str] = {
    "name": "full name (`name`)",
    "first_name": "first name, joined with the last name into `name`",
    "last_name": "last name",
    "email": "email address(es): the first goes to `contact.email`; every one recognises the person",
    "phone": "phone number(s): the first goes to `contact.phone`",
    "linkedin": "LinkedIn profile URL (`contact.linkedin`)",
    "links": "URLs: a LinkedIn profile goes to `contact.linkedin`, the others to `contact.links`",
    "role": "the job they applied for: an interview with that `role`",
    "title": "current job title: `headline` (with the company, 'Title at Company')",
    "company": "current company: `headline`",
    "location": "`location`",
    "stage": "the process's stage: screen, phone, onsite, final or offer become the interview's `stage`; "
    "rejected/archived mark a rejection; other wording goes to `notes`",
    "status": "the application's status (rejected, archived, hired, active...)",
    "rejection_reason": "`rejection.reason` (its presence marks a rejection)",
    "rejection_date": "`rejection.date` (its presence marks a rejection)",
    "updated": "date of the last change: the rejection's date when the row is a rejection without one",
    "tags": "sources and tags, split at commas and semicolons: `tags`",
    "notes": "`notes`",
    "owner": "who keeps the relationship (`owner`); `--owner` wins",
    "connected_on": 'LinkedIn\'s `Connected On`: a `linkedin` touchpoint "Connected on LinkedIn"',
    "ignore": "leave the column out, without listing it as not imported",
}

# Column headers, as the systems spell them, and the field each brings in. Compared without case, spaces or
# punctuation ("Full-Name" = "full name" = "FullName").
COLUMNS: dict[str, str] = {
    # names
    "name": "name",
    "full name": "name",
    "candidate name": "name",
    "candidate": "name",
    "contact name": "name",
    "first name": "first_name",
    "given name": "first_name",
    "candidate first name": "first_name",
    "last name": "last_name",
    "family name": "last_name",
    "surname": "last_name",
    "candidate last name": "last_name",
    # contact
    "email": "email",
    "emails": "email",
    "email address": "email",
    "e-mail": "email",
    "candidate email": "email",
    "phone": "phone",
    "phones": "phone",
    "phone number": "phone",
    "mobile": "phone",
    "candidate phone": "phone",
    "candidate phone number": "phone",
    "linkedin": "linkedin",
    "linkedin url": "linkedin",
    "linkedin profile": "linkedin",
    "candidate linkedin": "linkedin",
    "social media": "links",
    "links": "links",
    "link": "links",
    "url": "links",
    "urls": "links",
    "website": "links",
    "profile urls": "links",
    # the process
    "job": "role",
    "jobs": "role",
    "job title": "role",
    "job name": "role",
    "position": "role",
    "role": "role",
    "requisition": "role",
    "posting": "role",
    "posting title": "role",
    "job ad": "role",
    "applied for": "role",
    "candidate location": "location",
    "location": "location",
    "current company": "company",
    "company": "company",
    "current title": "title",
    "title": "title",  # Greenhouse's and Lever's "Title": the person's own; the job applied for is "Job"
    "headline": "title",
    "stage": "stage",
    "current stage": "stage",
    "application stage": "stage",
    "pipeline stage": "stage",
    "status": "status",
    "application status": "status",
    "candidate status": "status",
    "rejection reason": "rejection_reason",
    "reject reason": "rejection_reason",
    "archive reason": "rejection_reason",
    "application reason of rejection": "rejection_reason",
    "disqualify reason": "rejection_reason",
    "disqualification reason": "rejection_reason",
    "rejected on": "rejection_date",
    "rejection date": "rejection_date",
    "rejected at": "rejection_date",
    "archive date": "rejection_date",
    "archived at": "rejection_date",
    "disqualified at": "rejection_date",
    "disqualified on": "rejection_date",
    "application last update": "updated",
    "last updated": "updated",
    "last update": "updated",
    "updated at": "updated",
    "source": "tags",
    "sources": "tags",
    "tags": "tags",
    "tag": "tags",
    "origin": "tags",
    "notes": "notes",
    "note": "notes",
    "comments": "notes",
    "owner": "owner",
    "recruiter": "owner",
    "connected on": "connected_on",
}

# Columns a system names like another's but means differently: LinkedIn's Position is the person's own job.
SYSTEM_COLUMNS: dict[str, dict[str, str]] = {"LinkedIn": {"position": "title"}}

# How each system is told from its headers (normalised): every header of one set present.
SYSTEMS: list[tuple[str, tuple[str, ...]]] = [
    ("LinkedIn", ("connectedon",)),
    ("LinkedIn", ("url", "company", "position")),
    ("Lever", ("fullname",)),
    ("Lever", ("archivereason",)),
    ("SmartRecruiters", ("candidateemail",)),
    ("SmartRecruiters", ("applicationstage",)),
    ("Recruitee", ("emails", "phones")),
    ("Recruitee", ("name", "jobs")),
    ("Greenhouse", ("firstname", "lastname", "socialmedia")),
    ("Greenhouse", ("firstname", "lastname", "job")),
    ("spreadsheet", ("candidatename",)),
]

# Fields whose column says whether a row is a rejection: a file with none of them imports every row.
STATUS_FIELDS = frozenset({"stage", "status", "rejection_reason", "rejection_date"})

# Stage or status wording that means the process ended with a no (compared normalised).
REJECTED_WORDS = frozenset(
    {"rejected", "archived", "declined", "disqualified", "notselected", "unsuccessful", "turneddown", "rejection"}
)
HIRED_WORDS = frozenset({"hired", "offeraccepted", "accepted", "onboarding", "employee"})

# An ATS stage name mapped to DESIGN's stages when its words make it clear, checked in this order.
_STAGE_RULES: list[tuple[str, str]] = [
    (r"\boffer", "offer"),
    (r"\bfinal", "final"),
    (r"\bon ?-? ?site|\bin ?-? ?person|\bface ?-? ?to ?-? ?face|\bpanel", "onsite"),
    (r"\bphone", "phone"),
    (r"\bscreen", "screen"),
]

_SPLIT = re.compile(r"[;\n]|,(?=\s*\S)")
_URL_SPLIT = re.compile(r"[\s,;|]+")

# Date formats read from text cells, ISO first. Slashed day/month orders are tried both ways (see read_date).
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S.%f%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%d.%m.%Y",
)
_SLASHED = ("%m/%d/%Y", "%d/%m/%Y")
_SLASHED_TIME = (" %H:%M:%S", " %H:%M", "")


def column_key(header: str) -> str:
    """A header as compared: no case, spaces or punctuation ("Full-Name" -> "fullname")."""
    return re.sub(r"[\W_]+", "", str(header).replace("\ufeff", "").casefold())


_COLUMN_KEYS = {column_key(k): v for k, v in COLUMNS.items()}


def system_of(headers: Sequence[str]) -> str:
    """The system whose export these headers look like ("Lever", "LinkedIn"...), or "spreadsheet"."""
    keys = {column_key(h) for h in headers}
    for name, signature in SYSTEMS:
        if all(k in keys for k in signature):
            return name
    return "spreadsheet"


def field_of(header: str, system: str, overrides: dict[str, str] | None = None) -> str | None:
    """The field a column brings in: ``--map`` first, then the system's own meaning, then the common table."""
    key = column_key(header)
    if overrides and key in overrides:
        return overrides[key]
    own = {column_key(k): v for k, v in SYSTEM_COLUMNS.get(system, {}).items()}
    return own.get(key) or _COLUMN_KEYS.get(key)


def looks_like_header(cells: Sequence[Any], overrides: dict[str, str] | None = None) -> bool:
    """Whether a line of cells is a header line: at least two columns runnerup knows (a preamble has none)."""
    known = {field_of(str(c), "", overrides) for c in cells if isinstance(c, str) and c.strip()}
    known.discard(None)
    return len(known) >= 2


def parse_map(items: Iterable[str]) -> dict[str, str]:
    """``--map COLUMN=FIELD`` options as ``{column key: field}``; raises ValueError with the sentence to show."""
    found: dict[str, str] = {}
    for item in items:
        column, sep, target = item.partition("=")
        target = target.strip().lower().replace("-", "_")
        if not sep or not column.strip() or not target:
            raise ValueError(f"--map {item!r}: use COLUMN=FIELD, e.g. --map 'Candidate Source=tags'")
        if target not in FIELDS:
            raise ValueError(f"--map {item!r}: unknown field `{target}`; one of: {', '.join(FIELDS)}")
        found[column_key(column)] = target
    return found


# -- dates ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateRead:
    """A cell read as a date: ``day`` (None when it is no date) and why not, in words."""

    day: dt.date | None
    problem: str | None = None


def read_date(value: Any) -> DateRead:
    """A cell as a date, leniently: ISO, ``2024-01-31 06:00:00.000``, ``2017-09-27T12:03:02.728Z``,
    ``15 Mar 2024``, ``03/15/2024``. A slashed date that reads both ways (``03/04/2024``) is never guessed."""
    if isinstance(value, dt.datetime):
        return DateRead(value.date())
    if isinstance(value, dt.date):
        return DateRead(value)
    text = " ".join(str(value or "").split())
    if not text:
        return DateRead(None)
    if text.endswith("Z"):
        text = text[:-1] + "+0000"
    for fmt in _DATE_FORMATS:
        try:
            return DateRead(dt.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    readings = set()
    for fmt in _SLASHED:
        for time in _SLASHED_TIME:
            try:
                readings.add(dt.datetime.strptime(text, fmt + time).date())
            except ValueError:
                continue
    if len(readings) == 1:
        return DateRead(readings.pop())
    if len(readings) > 1:
        return DateRead(None, f"date {text} is ambiguous (day/month?)")
    return DateRead(None, f"{text!r} is not a date runnerup can read")


# -- rows -----------------------------------------------------------------------------------------


@dataclass
class Application:
    """A job a person applied for, as an interview: the role and the DESIGN stage reached (if clear)."""

    role: str
    stage: str | None = None


@dataclass
class PersonRow:
    """What one row (or several rows of one person) says about them, ready to add to a candidate file."""

    row: int
    name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    linkedin: str | None = None
    links: list[str] = field(default_factory=list)
    headline: str | None = None
    location: str | None = None
    applications: list[Application] = field(default_factory=list)
    rejection_reason: str | None = None
    rejection_date: dt.date | None = None
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # paragraphs
    owner: str | None = None
    connected_on: dt.date | None = None
    updated: dt.date | None = None  # the row's last change: the rejection's date when it gives none
    outcome: str | None = None  # "rejected", "hired", "open" (a status column said so) or None (no status)
    stage_text: str = ""  # the stage or status as the file says it, for a skipped row's reason
    warnings: list[str] = field(default_factory=list)
    merged_rows: list[int] = field(default_factory=list)

    def keys(self, region: str | None = None) -> set[Key]:
        """Every exact key this row gives: each email, phone and the LinkedIn profile."""
        keys = {Key(EMAIL, k) for k in map(email_key, self.emails) if k}
        keys |= {Key(PHONE, k) for k in (phone_key(p, region) for p in self.phones) if k}
        for url in (self.linkedin, *self.links):
            if value := linkedin_key(url):
                keys.add(Key(LINKEDIN, value))
        return keys

    def absorb(self, other: PersonRow) -> None:
        """Add what a later row of the same person says and this one does not."""
        for name in ("name", "linkedin", "headline", "location", "rejection_reason", "rejection_date", "owner"):
            if not getattr(self, name) and getattr(other, name):
                setattr(self, name, getattr(other, name))
        if other.connected_on and (not self.connected_on or other.connected_on < self.connected_on):
            self.connected_on = other.connected_on
        for name in ("emails", "phones", "links", "tags", "notes", "warnings"):
            mine = getattr(self, name)
            mine.extend(x for x in getattr(other, name) if x not in mine)
        for application in other.applications:
            same = next((a for a in self.applications if a.role.casefold() == application.role.casefold()), None)
            if same is None:
                self.applications.append(application)
            elif not same.stage:
                same.stage = application.stage
        if other.outcome == "rejected" or self.outcome is None:
            self.outcome = other.outcome or self.outcome
        self.merged_rows.append(other.row)


def design_stage(text: str) -> str | None:
    """The DESIGN stage an ATS stage name means ("Phone Screen" -> phone, "On-site interview" -> onsite), or None."""
    words = " ".join(re.sub(r"[_\-]+", " ", text).split()).casefold()
    for pattern, stage in _STAGE_RULES:
        if re.search(pattern, words):
            return stage
    return None


def _texts(values: list[Any]) -> list[str]:
    return [t for t in (cell_text(v) for v in values) if t]


def cell_text(value: Any) -> str:
    """A cell as text: a whole number read from a spreadsheet without ``.0``, dates in ISO, lines ending in ``\\n``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()  # a spreadsheet's CRLF inside a cell


def _split(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        for part in _SPLIT.split(value):
            part = " ".join(part.split())
            if part and part not in out:
                out.append(part)
    return out


def read_row(row: int, cells: dict[str, list[Any]], *, status_column: bool) -> PersonRow:
    """The person a row describes; ``cells`` holds each field's values (several columns may feed one field).

    ``status_column``: the file has a column saying whether a row is a rejection (else ``outcome`` stays None).
    """
    get = lambda name: _texts(cells.get(name, []))  # noqa: E731
    person = PersonRow(row)
    first, last = " ".join(get("first_name")), " ".join(get("last_name"))
    person.name = " ".join((get("name") or [f"{first} {last}"])[0].split())
    person.emails = [e for e in _split(get("email")) if e]
    for text in person.emails:
        if email_key(text) is None:
            person.warnings.append(f"{text!r} is not an email address; left out")
    person.emails = [e for e in person.emails if email_key(e)]
    person.phones = _split(get("phone"))
    urls = [u for value in get("linkedin") + get("links") for u in _URL_SPLIT.split(value) if u]
    for url in urls:
        if linkedin_key(url) and person.linkedin is None:
            person.linkedin = url
        elif url not in person.links and (not linkedin_key(url) or linkedin_key(url) != linkedin_key(person.linkedin)):
            person.links.append(url)
    title, company = " ".join(get("title")), " ".join(get("company"))
    person.headline = f"{title} at {company}" if title and company else (title or company or None)
    person.location = " ".join(get("location")) or None
    stage_text = " ".join(get("stage"))
    status_text = " ".join(get("status"))
    stage = design_stage(stage_text) if stage_text else None
    for role in (r for value in get("role") for r in re.split(r"[;\n]", value)):
        if role := " ".join(role.split()):
            person.applications.append(Application(role, stage))
    person.rejection_reason = " ".join(get("rejection_reason")) or None
    person.tags = _split(get("tags"))
    person.notes = [n for n in get("notes") if n]
    person.owner = " ".join(get("owner")) or None
    for name in ("rejection_date", "updated", "connected_on"):
        for value in cells.get(name, []):
            read = read_date(value)
            if read.problem:
                person.warnings.append(read.problem)
            if read.day:
                setattr(person, name, read.day)
                break
    words = {_word(stage_text), _word(status_text)} - {""}
    if person.rejection_reason and _word(person.rejection_reason) in HIRED_WORDS:
        person.outcome = "hired"  # Lever archives the people it hired too
    elif words & HIRED_WORDS:
        person.outcome = "hired"
    elif words & REJECTED_WORDS or person.rejection_reason or person.rejection_date:
        person.outcome = "rejected"
    elif status_column:
        person.outcome = "open"
    if person.outcome == "rejected" and person.rejection_date is None:
        person.rejection_date = person.updated
    person.stage_text = stage_text or status_text
    unsaid = stage is None or not person.applications  # no interview to hold it: the notes do
    if stage_text and unsaid and _word(stage_text) not in REJECTED_WORDS | HIRED_WORDS:
        roles = ", ".join(a.role for a in person.applications)
        person.notes.append(f"Stage reached{f' ({roles})' if roles else ''}: {stage_text}")
    return person


def _word(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())
