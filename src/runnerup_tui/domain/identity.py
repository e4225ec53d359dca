"""Who a person is, across files and imports: the keys that make two records one person.

Exact keys are facts that belong to one person: an email (casefolded), a phone in E.164 and a
LinkedIn profile id (``/in/<id>``). Names only make a *likely* match: "Smith, John", "John
Smith" and "Jöhn Smith" are scored alike, never merged without a person deciding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

EMAIL = "email"
PHONE = "phone"
LINKEDIN = "linkedin"

# What each exact key is called in a sentence ("same email ada@example.com").
KEY_WORDS = {EMAIL: "email", PHONE: "phone", LINKEDIN: "LinkedIn profile"}

# Scores (0-100) at or above this make two names a likely match: "Smith, John" ~ "John Smith"
# is 100, "Jon Smith" ~ "John Smith" is 95, "John Smith" ~ "Joan Smyth" is 80.
LIKELY_NAME_SCORE = 90.0

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LINKEDIN = re.compile(r"(?:^|[/.])linkedin\.com/(?:mwlite/)?in/([^/?#\s]+)", re.IGNORECASE)
_BARE_LINKEDIN = re.compile(r"^/?in/([^/?#\s]+)/?$", re.IGNORECASE)
_NUMBER = re.compile(r"\b[0-9]+\b")


@dataclass(frozen=True)
class Key:
    """One exact key of a person: ``kind`` is email, phone or linkedin; ``value`` its normal form."""

    kind: str
    value: str

    def __str__(self) -> str:
        return f"same {KEY_WORDS[self.kind]} {self.value}"


def email_key(text: str | None) -> str | None:
    """The email as a key (``Ada@Example.COM`` -> ``ada@example.com``), or None when it is not an email."""
    if not text:
        return None
    text = text.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().strip("<>").casefold()
    return text if _EMAIL.match(text) else None


def phone_key(text: str | None, region: str | None = None) -> str | None:
    """The phone in E.164 (``+44 20 7946 0958`` -> ``+442079460958``), or None when it cannot be read as one.

    A number without its country code is read in ``region`` (ISO 3166 code such as "US"); without
    a region it is no key: two local numbers from different countries must never make one person.
    """
    if not text or not text.strip():
        return None
    import phonenumbers  # ~25 ms to import its metadata: only commands that compare people pay it

    text = text.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def linkedin_key(text: str | None) -> str | None:
    """The profile id of a LinkedIn URL (``https://www.linkedin.com/in/Ada-L/`` -> ``ada-l``), or None."""
    if not text:
        return None
    text = text.strip()
    match = _LINKEDIN.search(text) or _BARE_LINKEDIN.match(text)
    if not match:
        return None
    return unquote(match.group(1)).strip().casefold() or None


def contact_keys(contact: Mapping[str, Any] | Any | None, region: str | None = None) -> set[Key]:
    """The exact keys in a contact map (a dict or a model): email, phone, LinkedIn, and LinkedIn links."""
    if contact is None:
        return set()

    def get(name: str) -> Any:
        return contact.get(name) if isinstance(contact, Mapping) else getattr(contact, name, None)

    keys: set[Key] = set()
    if isinstance(email := get("email"), str) and (value := email_key(email)):
        keys.add(Key(EMAIL, value))
    if isinstance(phone := get("phone"), str) and (value := phone_key(phone, region)):
        keys.add(Key(PHONE, value))
    urls = [get("linkedin"), *(get("links") or [])]
    for url in urls:
        if isinstance(url, str) and (value := linkedin_key(url)):
            keys.add(Key(LINKEDIN, value))
    return keys


def key_text(key: Key) -> str:
    """A key as one string (``email:ada@x.org``), as the index stores it."""
    return f"{key.kind}:{key.value}"


def key_from_text(text: str) -> Key:
    """The key :func:`key_text` wrote."""
    kind, _, value = text.partition(":")
    return Key(kind, value)


def person_keys(record: Mapping[str, Any] | Any, region: str | None = None) -> set[Key]:
    """The exact keys of a candidate record (a dict read from a file, or a ``Candidate``)."""
    contact = record.get("contact") if isinstance(record, Mapping) else getattr(record, "contact", None)
    return contact_keys(contact, region)


def name_key(name: str | None) -> str:
    """A name in a comparable form: ASCII, lowercase, words only, "Last, First" turned round.

    "Smith, John" -> "john smith", "Zoë  O'Brien" -> "zoe obrien", "王小明" -> "wang xiao ming".
    """
    if not name:
        return ""
    from anyascii import anyascii

    name = unicodedata.normalize("NFKC", name).strip()
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if first and last:
            name = f"{first} {last}"
    name = re.sub(r"(?<=\w)['\u2019\u02bc](?=\w)", "", name)
    # each ideograph is a syllable of its own: anyascii runs them together in CamelCase
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", anyascii(name))
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def name_score(a: str | None, b: str | None) -> float:
    """How alike two names are, 0-100, word order and accents aside ("Smith, John" ~ "John Smith" = 100)."""
    from rapidfuzz import fuzz

    ka, kb = name_key(a), name_key(b)
    if not ka or not kb or not numbers_agree(ka, kb):
        return 0.0
    return fuzz.token_sort_ratio(ka, kb)


def numbers_agree(a: str, b: str) -> bool:
    """Whether two name keys carry the same numbers, when both carry some.

    A number in a name is there to tell people apart ("Li Na 2"): "Li Na 2" and "Li Na 3" are two
    people however alike the letters, while "Li Na" and "Li Na 2" are left to the letters.
    """
    na, nb = _NUMBER.findall(a), _NUMBER.findall(b)
    return not na or not nb or sorted(na) == sorted(nb)


# Below this (rapidfuzz token_set_ratio, 0-100) two names are plainly two people, whatever key they share:
# "Alice Park" / "Bob Stone" is 11, while "Bob Stone" / "Robert Stone" is 76 and "J. Smith" / "John Smith" 83.
NAMES_AGREE_SCORE = 70.0


def names_agree(a: str | None, b: str | None) -> bool:
    """Whether two names can be one person's, so that a shared email or phone may make them one record.

    A placeholder address on many rows of an export (``noreply@...``), or a team phone, is shared by people
    whose names have nothing in common: those stay apart. A missing name agrees with any.
    """
    from rapidfuzz import fuzz

    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return True
    return fuzz.token_set_ratio(ka, kb) >= NAMES_AGREE_SCORE


def likely_same_name(a: str | None, b: str | None) -> bool:
    """Whether two names are alike enough to ask a person if they are one person."""
    return name_score(a, b) >= LIKELY_NAME_SCORE


def likely_names(name: str, names: Iterable[tuple[str, str]], limit: int = 5) -> list[tuple[str, float]]:
    """The ids among ``(id, name)`` pairs whose name is likely ``name``'s, best first, with their scores.

    Fast enough for one name against a library of 10,000 (rapidfuzz compares in C).
    """
    from rapidfuzz import fuzz, process

    wanted = name_key(name)
    if not wanted:
        return []
    pairs = [(cid, name_key(other)) for cid, other in names]
    choices = {cid: key for cid, key in pairs if key}
    choices = {cid: key for cid, key in choices.items() if numbers_agree(wanted, key)}
    found = process.extract(wanted, choices, scorer=fuzz.token_sort_ratio, score_cutoff=LIKELY_NAME_SCORE, limit=limit)
    return [(cid, score) for _key, score, cid in found]
