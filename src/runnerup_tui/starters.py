"""Conversation starters: "remember the little things" (DESIGN.md §1.2) turned into a prompt.

A follow-up suggests one thing to talk about, taken from the person's interests (and the
first sentence of the notes). The choice rotates with the history, never with hidden
state: each personal touchpoint logged moves to the next starter, and a topic the last
personal touchpoint already covered is skipped.
"""

from __future__ import annotations

from .index import CandidateEntry
from .names import fold

_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "on", "in", "at", "to", "for", "with", "her", "his", "their"}


def topics(entry: CandidateEntry) -> list[str]:
    """What one could talk about with this person, in the order they were written down."""
    found = [i.strip() for i in entry.interests if i.strip()]
    if entry.note_hint:
        found.append(entry.note_hint)
    return found


def conversation_starter(entry: CandidateEntry) -> str | None:
    """One line to open the next conversation with, or None when nothing is known.

    Rotates by the number of personal touchpoints, so the same starter is not suggested
    twice in a row, and skips topics the last personal touchpoint already talked about.
    """
    options = topics(entry)
    if not options:
        return None
    start = entry.personal_touchpoints % len(options)
    ordered = options[start:] + options[:start]
    fresh = [t for t in ordered if not _talked_about(t, entry.last_personal_summary)]
    topic = (fresh or ordered)[0]
    if topic == entry.note_hint:
        return f"from your notes: {topic.rstrip('.')}"
    # alternate between asking and sending something, as the playbook does
    verb = "ask about" if (entry.personal_touchpoints // len(options)) % 2 == 0 else "send something on"
    return f"{verb} {topic}"


def _talked_about(topic: str, summary: str) -> bool:
    """Whether the (folded) summary mentions the topic's main words."""
    if not summary:
        return False
    words = [w for w in fold(topic).replace("(", " ").replace(")", " ").split()
             if w not in _SMALL_WORDS and len(w) > 3]
    said = set(summary.replace(",", " ").replace(".", " ").split())
    return any(w in said or w.rstrip("s") in said or f"{w}s" in said for w in words[:3])
