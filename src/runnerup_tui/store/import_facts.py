"""Adding what an imported row says to a candidate file's round-trip tree, never overwriting what it says already.

An empty field is filled, a list gets the items it lacks, an interview for a new role is added; every other
line of the file (comments and order included) is left as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from runnerup_tui.domain.identity import email_key, linkedin_key, phone_key
from runnerup_tui.domain.importing import PersonRow
from runnerup_tui.domain.terms import TouchpointKind
from runnerup_tui.store.yamldoc import append_to_list, block_text, put_trailing_comment, take_trailing_comment

CANDIDATE_ORDER = [
    "name",
    "pronouns",
    "headline",
    "location",
    "contact",
    "interviews",
    "rejection",
    "fit",
    "rating",
    "skills",
    "interests",
    "tags",
    "owner",
    "cadence_days",
    "next_contact",
    "consent",
    "notes",
    "history",
]
CONTACT_ORDER = ["email", "phone", "linkedin", "links"]
REJECTION_ORDER = ["date", "channel", "reason", "newsletter_invited"]
CONNECTED = "Connected on LinkedIn"


def add_facts(
    data: CommentedMap,
    person: PersonRow,
    *,
    owner: str | None,
    new_id: Callable[[set[str]], str],
    region: str | None = None,
) -> list[str]:
    """Add to ``data`` (a candidate's round-trip mapping) what ``person`` says and it lacks; the changes, in words.

    ``new_id(taken)`` gives a touchpoint id not in ``taken``. Nothing already in ``data`` is changed.
    """
    changes: list[str] = []
    for key, value in (("headline", person.headline), ("location", person.location), ("owner", owner)):
        if value and not _has(data, key):
            _put(data, key, value, CANDIDATE_ORDER)
            changes.append(key)
    if person.outcome == "hired" and not _has(data, "fit"):
        _put(data, "fit", "hired", CANDIDATE_ORDER)  # imported with --all: a hire is no runner-up to keep warm
        changes.append("fit hired")
    changes += _add_contact(data, person, region)
    changes += _add_interviews(data, person)
    changes += _add_rejection(data, person)
    for tag in person.tags:
        if _add_item(data, "tags", tag, lambda a, b: a.casefold() == b.casefold()):
            changes.append(f"tag {tag}")
    if _add_notes(data, person.notes):
        changes.append("notes")
    if person.connected_on and _add_connection(data, person.connected_on, new_id):
        changes.append(f"linkedin touchpoint {person.connected_on.isoformat()}")
    return changes


def _has(mapping: Any, key: str) -> bool:
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return value not in (None, "", [], {}) and not (isinstance(value, str) and not value.strip())


def _put(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set ``key``; a new key goes where the schema's order puts it among the keys already there."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = next((i for i, k in enumerate(mapping) if k in order and order.index(k) > rank), len(mapping))
    mapping.insert(position, key, value)


def _submap(data: CommentedMap, key: str, order: list[str]) -> CommentedMap:
    current = data.get(key)
    if isinstance(current, CommentedMap):
        return current
    fresh = CommentedMap()
    _put(data, key, fresh, order)
    return fresh


def _add_item(mapping: CommentedMap, key: str, item: Any, same: Callable[[Any, Any], bool]) -> bool:
    """Append ``item`` to the list ``mapping[key]`` unless an equal one is there; comments below it stay below."""
    seq = mapping.get(key)
    if isinstance(seq, list) and any(isinstance(x, type(item)) and same(x, item) for x in seq):
        return False
    if not isinstance(seq, CommentedSeq):
        seq = CommentedSeq()
        _put(mapping, key, seq, CANDIDATE_ORDER if key in CANDIDATE_ORDER else CONTACT_ORDER)
    if isinstance(item, CommentedMap):
        append_to_list(mapping, key, item)
        return True
    trailing = take_trailing_comment(seq) if len(seq) else ""
    seq.append(item)
    if trailing:
        put_trailing_comment(seq, trailing)
    return True


def _add_contact(data: CommentedMap, person: PersonRow, region: str | None) -> list[str]:
    changes: list[str] = []
    contact = data.get("contact")
    wanted = {
        "email": person.emails[0] if person.emails else None,
        "phone": person.phones[0] if person.phones else None,
        "linkedin": person.linkedin,
    }
    if not any(wanted.values()) and not person.links:
        return changes
    if not isinstance(contact, CommentedMap):
        contact = _submap(data, "contact", CANDIDATE_ORDER)
    known_links = [linkedin_key(contact.get("linkedin")), *map(linkedin_key, contact.get("links") or [])]
    if wanted["linkedin"] and linkedin_key(wanted["linkedin"]) in known_links:
        wanted["linkedin"] = None  # the profile is there already, under links
    if wanted["email"] and email_key(wanted["email"]) == email_key(contact.get("email")):
        wanted["email"] = None
    if wanted["phone"] and phone_key(wanted["phone"], region) == phone_key(contact.get("phone"), region):
        wanted["phone"] = None
    for key, value in wanted.items():
        if value and not _has(contact, key):
            _put(contact, key, value, CONTACT_ORDER)
            changes.append("LinkedIn" if key == "linkedin" else key)
    for url in person.links:
        if _add_item(contact, "links", url, lambda a, b: a.rstrip("/").casefold() == b.rstrip("/").casefold()):
            changes.append(f"link {url}")
    return changes


def _add_interviews(data: CommentedMap, person: PersonRow) -> list[str]:
    changes: list[str] = []
    for application in person.applications:
        interviews = data.get("interviews") if isinstance(data.get("interviews"), list) else []
        same = next(
            (
                i
                for i in interviews
                if isinstance(i, CommentedMap) and str(i.get("role") or "").casefold() == application.role.casefold()
            ),
            None,
        )
        if same is None:
            item = CommentedMap({"role": application.role})
            if application.stage:
                item["stage"] = application.stage
            _add_item(data, "interviews", item, lambda a, b: False)
            changes.append(f"interview {application.role}")
        elif application.stage and not same.get("stage"):
            _put(same, "stage", application.stage, ["role", "date", "stage", "interviewers", "impression"])
            changes.append(f"stage {application.stage} for {application.role}")
    return changes


def _add_rejection(data: CommentedMap, person: PersonRow) -> list[str]:
    wanted = {"date": person.rejection_date, "reason": person.rejection_reason}
    if person.outcome != "rejected" or not any(wanted.values()):
        return []
    rejection = data.get("rejection")
    if not isinstance(rejection, CommentedMap):
        rejection = _submap(data, "rejection", CANDIDATE_ORDER)
    changes = []
    for key, value in wanted.items():
        if value and not _has(rejection, key):
            if isinstance(value, dt.date):
                value = dt.date.fromordinal(value.toordinal())  # its own object: a shared one becomes a YAML alias
            _put(rejection, key, block_text(value) if isinstance(value, str) else value, REJECTION_ORDER)
            changes.append(f"rejection {key}")
    return changes


def _add_notes(data: CommentedMap, paragraphs: list[str]) -> bool:
    current = str(data.get("notes") or "")
    said = " ".join(current.split()).casefold()
    new = [p.strip() for p in paragraphs if p.strip() and " ".join(p.split()).casefold() not in said]
    new = list(dict.fromkeys(new))
    if not new:
        return False
    text = "\n".join([current.rstrip("\n")] * bool(current.strip()) + new)
    _put(data, "notes", block_text(text), CANDIDATE_ORDER)
    return True


def _add_connection(data: CommentedMap, day: dt.date, new_id: Callable[[set[str]], str]) -> bool:
    history = data.get("history") if isinstance(data.get("history"), list) else []
    if any(
        isinstance(t, dict) and t.get("kind") == TouchpointKind.LINKEDIN.value and t.get("date") == day for t in history
    ):
        return False
    taken = {str(t.get("id")) for t in history if isinstance(t, dict) and t.get("id")}
    item = CommentedMap()
    item["id"] = new_id(taken)
    item["date"] = dt.date.fromordinal(day.toordinal())
    item["kind"] = TouchpointKind.LINKEDIN.value
    item["summary"] = CONNECTED
    if "history" not in data:
        _put(data, "history", CommentedSeq(), CANDIDATE_ORDER)
    append_to_list(data, "history", item)
    return True
