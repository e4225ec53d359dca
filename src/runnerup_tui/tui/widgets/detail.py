"""The detail pane: everything about one candidate, the relationship at a glance.

Contact, interviews, the rejection and its honest reason, the little things (interests,
notes) and the touchpoint timeline, newest first. Rendered as one block of text wrapped
to the pane's width (with hanging indents), re-rendered only when the candidate or the
width changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from runnerup_tui.domain.model import UNDECIDED, Candidate
from runnerup_tui.domain.safe_text import visible, visible_line
from runnerup_tui.session import LoadedCandidate

LABEL = "$foreground-muted"
SECTION = "bold $accent"
LABEL_WIDTH = 11


def _wrap(text: Content | str, width: int, indent: int = 0, first: Content | str = "") -> list[Content]:
    """``text`` wrapped to ``width``; lines after the first are indented by ``indent``.

    ``first`` is put before the first line (a label ``indent`` cells wide).
    """
    body = text if isinstance(text, Content) else Content(text)
    lines: list[Content] = []
    for paragraph in body.split("\n") or [Content("")]:
        lines += paragraph.wrap(max(width - indent, 10)) or [Content("")]
    pad = Content(" " * indent)
    head = first if isinstance(first, Content) else Content(first)
    head = head.pad_right(max(indent - head.cell_length, 0)) if indent else head
    return [(head if i == 0 else pad) + line for i, line in enumerate(lines)]


def _field(label: str, value: str | Content, width: int) -> list[Content]:
    return _wrap(value, width, LABEL_WIDTH, Content.styled(f"  {label}", LABEL))


def _section(title: str, lines: list[Content]) -> list[Content]:
    return [Content(""), Content.styled(title, SECTION), *lines] if lines else []


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def follow_up_text(follow_up: dt.date | None, today: dt.date) -> Content:
    """The next follow-up, with how far off (or overdue) it is."""
    if follow_up is None:
        return Content.styled("no personal follow-up", LABEL)
    delta = (follow_up - today).days
    if delta < 0:
        return Content.styled(f"{follow_up} (overdue by {_days(-delta)})", "bold $text-error")
    if delta == 0:
        return Content.styled(f"{follow_up} (today)", "bold $text-warning")
    style = "$text-warning" if delta <= 7 else ""
    return Content.styled(f"{follow_up} (in {_days(delta)})", style)


def _escaped(value: object) -> object:
    """``value`` with every text in it shown safely (control characters and bidi overrides escaped)."""
    if isinstance(value, str):
        return visible(value)  # an enum's text is safe and comes back as the same object
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: _escaped(getattr(value, name)) for name in type(value).model_fields})
    return value


def render_candidate(cid: str, c: Candidate, follow_up: dt.date | None, today: dt.date, width: int) -> Content:
    """The whole card as one block of text ``width`` cells wide."""
    c = _escaped(c)  # type: ignore[assignment]  # the one place the card's data becomes display text
    lines: list[Content] = []
    lines += _wrap(Content.assemble((c.name, "bold"), (f"  {c.pronouns}" if c.pronouns else "", LABEL)), width)
    where = " · ".join(x for x in (c.headline, c.location) if x)
    if where:
        lines += _wrap(where, width)
    stars = f"rating {'★' * c.rating}{'☆' * (5 - c.rating)}" if c.rating else ""
    fit = (
        Content.styled(c.fit.value, "bold")
        if c.fit
        else Content.assemble((UNDECIDED, "bold $text-warning"), (f" (treated as {c.effective_fit.value})", LABEL))
    )
    facts: list[Content | str] = [fit, stars]
    facts += [f"owner {c.owner}" if c.owner else "", Content.assemble("follow-up ", follow_up_text(follow_up, today))]
    lines += _wrap(Content(" · ").join(f for f in facts if f), width)
    lines += [Content.styled(f"{visible_line(cid)}.yaml", LABEL)]  # a hand-made file name can hold anything

    contact: list[Content] = []
    if c.contact:
        for key in ("email", "phone", "linkedin"):
            if value := getattr(c.contact, key):
                contact += _field(key, value, width)
        for link in c.contact.links:
            contact += _field("link", link, width)
    lines += _section("Contact", contact)

    interviews: list[Content] = []
    for i in sorted(c.interviews, key=lambda i: i.date or dt.date.min, reverse=True):
        head = " · ".join(str(x) for x in (i.date, i.role, i.stage and i.stage.value) if x)
        interviews += _wrap(Content.styled(head, "bold"), width, 2, "  ")
        if i.interviewers:
            interviews += _wrap(f"with {', '.join(i.interviewers)}", width, 4, "    ")
        if i.impression:
            interviews += _wrap(" ".join(i.impression.split()), width, 4, "    ")
    lines += _section("Interviews", interviews)

    rejection: list[Content] = []
    if r := c.rejection:
        head = [str(r.date) if r.date else "", f"by {r.channel.value}" if r.channel else ""]
        if r.newsletter_invited is not None:
            head.append("newsletter invited" if r.newsletter_invited else "not invited to the newsletter")
        if any(head):
            rejection += _wrap(" · ".join(h for h in head if h), width, 2, "  ")
        if r.reason:
            rejection += _wrap(" ".join(r.reason.split()), width, 4, "    ")
    lines += _section("Rejection", rejection)

    little: list[Content] = []
    for label, values in (("interests", c.interests), ("skills", c.skills), ("tags", c.tags)):
        if values:
            little += _field(label, ", ".join(values), width)
    if c.notes:
        little += _wrap(c.notes.rstrip("\n"), width, 2, "  ")
    lines += _section("The little things", little)

    consent: list[Content] = []
    if c.consent:
        parts = [
            f"given {c.consent.given}" if c.consent.given else "",
            f"expires {c.consent.expires}" if c.consent.expires else "",
        ]
        if c.consent.newsletter is not None:
            parts.append("newsletter yes" if c.consent.newsletter else "newsletter no")
        if any(parts):
            consent += _wrap(" · ".join(p for p in parts if p), width, 2, "  ")
    if c.cadence_days or c.next_contact:
        extra = [
            f"every {_days(c.cadence_days)}" if c.cadence_days else "",
            f"next contact set to {c.next_contact}" if c.next_contact else "",
        ]
        consent += _wrap(" · ".join(e for e in extra if e), width, 2, "  ")
    lines += _section("Consent and cadence", consent)

    timeline: list[Content] = []
    newest_first = sorted(enumerate(c.history), key=lambda p: (p[1].date, p[0]), reverse=True)
    for _, t in newest_first:
        who = " · ".join(x for x in (t.by, t.opening and f"for {t.opening}") if x)
        head = Content.assemble((str(t.date), "bold"), "  ", (f"{t.kind.value:<13}", "$text-primary"), (who, LABEL))
        timeline += _wrap(head, width, 2, "  ")
        if t.summary:
            timeline += _wrap(" ".join(t.summary.split()), width, 14, " " * 14)
    lines += _section(
        f"Timeline ({len(c.history)})" if c.history else "Timeline",
        timeline or [Content.styled("  no touchpoints yet: press l to log one", LABEL)],
    )
    return Content("\n").join(lines)


def render_problems(loaded: LoadedCandidate) -> Content:
    """What the pane shows for a file that does not validate."""
    lines: Iterable[Content] = [
        Content.styled(f"{visible_line(loaded.rel_path)} cannot be shown", "bold $text-error"),
        Content(""),
        *(Content(f"line {p.line}: {visible_line(p.message)}") for p in loaded.problems if p.severity == "error"),
        Content(""),
        Content.styled("Press E to fix it in your editor, or p for all problems.", LABEL),
    ]
    return Content("\n").join(lines)


class CandidateDetail(VerticalScroll):
    """Shows one candidate; the parent sets what to show with :meth:`show`."""

    ALLOW_MAXIMIZE = True  # z on the main screen gives it the whole screen

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: tuple[LoadedCandidate, dt.date | None, dt.date] | None = None
        self._width = 0

    def compose(self):  # noqa: ANN201 - a ComposeResult
        yield Static(id="detail-body")

    @property
    def candidate_id(self) -> str | None:
        return self._shown[0].id if self._shown else None

    def show(self, loaded: LoadedCandidate, follow_up: dt.date | None, today: dt.date) -> None:
        """Show a candidate (or its file's problems); a new person starts at the top."""
        same = self._shown is not None and self._shown[0].id == loaded.id
        self._shown = (loaded, follow_up, today)
        self._render_card()
        if not same:
            self.scroll_home(animate=False)

    def show_message(self, text: str) -> None:
        """Show a line of text instead of a candidate (loading, nothing matches)."""
        self._shown = None
        self.query_one("#detail-body", Static).update(Content.styled(text, LABEL))

    def _content_width(self) -> int:
        width = self.scrollable_content_region.width
        return width if width > 10 else 60

    def _render_card(self) -> None:
        if self._shown is None:
            return
        loaded, follow_up, today = self._shown
        self._width = self._content_width()
        if loaded.candidate is None:
            content = render_problems(loaded)
        else:
            content = render_candidate(loaded.id, loaded.candidate, follow_up, today, self._width)
        self.query_one("#detail-body", Static).update(content)

    def on_resize(self, event: Resize) -> None:
        if self._shown is not None and self._content_width() != self._width:
            self._render_card()
