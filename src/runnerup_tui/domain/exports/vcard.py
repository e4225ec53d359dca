"""Candidates as vCard 3.0 contacts (``runnerup export vcard``), for a phone or an address book.

vCard 3.0 rather than 4.0: the version every address book (Apple, Google, Outlook, Android) imports.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

import vobject
from vobject.vcard import Name

from runnerup_tui.domain.exports import format_text
from runnerup_tui.domain.terms import STAGE_WORDS, Fit

_UNSPACED_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_HEADLINE = re.compile(r"^\s*(?P<title>[^,;|·•@()]+?)\s+(?:at|@)\s+(?P<org>[^,;|·•@()]+?)\s*$")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_UID_SPACE = uuid.UUID("5b1f0c1e-2d0a-4b8e-9a57-72756e6e6572")  # runnerup's own namespace for contact UIDs


def exported(candidate: Any) -> bool:
    """Whether a candidate becomes a contact: not when ``closed`` — the playbook's "no contact" — so that
    nobody is put in a phone to be called whom the team decided to leave alone."""
    return candidate.effective_fit is not Fit.CLOSED


def card_uid(library: str, cid: str) -> str:
    """The card's UID, from the library's name and the candidate's id: the same person exports the same UID."""
    return "urn:uuid:" + str(uuid.uuid5(_UID_SPACE, f"{library}\n{cid}"))


def name_parts(name: str) -> Name:
    """The structured name (N) of a full name, without guessing beyond what the name shows.

    "Lovelace, Ada" is family, given; a name in a script written without spaces (Chinese, Japanese,
    Korean) is family name first, and unspaced it is kept whole as the family name; otherwise the last
    word is the family name. FN always holds the name exactly as written, and is what address books show.
    """
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return Name(family=family.strip(), given=given.strip())
    words = name.split(" ")
    if _UNSPACED_SCRIPTS.search(name):
        return Name(family=words[0], given=" ".join(words[1:]))
    if len(words) == 1:
        return Name(given=name)
    return Name(family=words[-1], given=" ".join(words[:-1]))


def title_and_org(headline: str | None) -> tuple[str, str] | None:
    """("Senior Data Engineer", "Analytical Engines Ltd") from "Senior Data Engineer at Analytical Engines Ltd";
    None unless the headline is that one clean sentence (no second "at", no lists or separators, both parts
    capitalised as titles and company names are)."""
    match = _HEADLINE.match(" ".join((headline or "").split()))
    if match is None:
        return None
    title, org = match["title"], match["org"]
    if any(re.search(r"\s(?:at|@)\s", part) or part[0].islower() for part in (title, org)):
        return None  # "Lead at Foo and mentor at Bar", "Looking at options": not a title at a company
    return title, org


def first_line(notes: str) -> str:
    """The notes' first line, or their first sentence when it runs on: notes are often one paragraph wrapped
    over lines in the file, and half a sentence tells nobody anything."""
    paragraph = " ".join(notes.strip().split("\n\n", 1)[0].split()) if notes.strip() else ""
    end = _SENTENCE_END.search(paragraph)
    line = next((line.strip() for line in notes.splitlines() if line.strip()), "")
    if end is None:
        return line
    sentence = paragraph[: end.end()].strip()
    return line if line.endswith((".", "!", "?")) else sentence


def note(candidate: Any) -> str:
    """The card's note: the notes' first line (the little thing to remember), then where we met them."""
    lines = []
    first = first_line(candidate.notes or "")
    if first:
        lines.append(first)
    dated = [i for i in candidate.interviews if i.date]
    if dated:
        last = max(dated, key=lambda i: i.date)
        stage = STAGE_WORDS.get(last.stage.value, last.stage.value) if last.stage else "interview"
        lines.append(f"Runner-up for {last.role}, {stage}, {last.date.isoformat()}")
    return "\n".join(lines)


def contact_card(library: str, cid: str, candidate: Any) -> vobject.base.Component:
    """One candidate's vCard."""
    card = vobject.vCard()
    card.add("uid").value = card_uid(library, cid)
    card.add("fn").value = format_text(candidate.name)
    card.add("n").value = name_parts(format_text(candidate.name))
    contact = candidate.contact
    if contact is not None and contact.email:
        email = card.add("email")
        email.value = format_text(contact.email)
        email.type_param = "INTERNET"
    if contact is not None and contact.phone:
        card.add("tel").value = format_text(contact.phone)
    if contact is not None and contact.linkedin:
        card.add("url").value = format_text(contact.linkedin)
        profile = card.add("x-socialprofile")
        profile.value = format_text(contact.linkedin)
        profile.type_param = "linkedin"
    for link in contact.links if contact is not None else ():
        card.add("url").value = format_text(link)
    parts = title_and_org(format_text(candidate.headline or ""))
    if parts is not None:
        card.add("title").value = parts[0]
        card.add("org").value = [parts[1]]
    text = format_text(note(candidate))
    if text:
        card.add("note").value = text
    return card


def contact_cards(library: str, records: Iterable[tuple[str, Any]]) -> bytes:
    """The vCard file of ``(id, candidate)`` records (the closed ones left out: :func:`exported`)."""
    return "".join(
        contact_card(library, cid, candidate).serialize() for cid, candidate in records if exported(candidate)
    ).encode("utf-8")
