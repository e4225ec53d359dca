"""Conversation starters: "remember the little things" (DESIGN.md §1.2) turned into a prompt.

A follow-up suggests one thing to talk about, taken from the person's interests (and the
first sentence of the notes). The choice rotates with the history, never with hidden
state: each personal touchpoint logged moves to the next starter, and a topic the last
personal touchpoint already covered is skipped.
"""

from __future__ import annotations

import functools

from runnerup_tui.domain.names import fold
from runnerup_tui.domain.summary import CandidateEntry

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
    said = set(entry.last_personal_summary.replace(",", " ").replace(".", " ").split())
    topic = next((t for t in ordered if not _talked_about(t, said)), ordered[0])
    if topic == entry.note_hint:
        return f"from your notes: {topic.rstrip('.')}"
    # alternate between asking and sending something, as the playbook does
    verb = "ask about" if (entry.personal_touchpoints // len(options)) % 2 == 0 else "send something on"
    return f"{verb} {topic}"


def _talked_about(topic: str, said: set[str]) -> bool:
    """Whether the words of the last summary (folded) include the topic's main words."""
    return bool(said) and any(w in said for w in _topic_words(topic))


@functools.lru_cache(maxsize=4096)
def _topic_words(topic: str) -> frozenset[str]:
    """The main words of a topic, with and without a plural "s" ("marathons" ~ "marathon")."""
    words = [
        w for w in fold(topic).replace("(", " ").replace(")", " ").split() if w not in _SMALL_WORDS and len(w) > 3
    ][:3]
    return frozenset(w for word in words for w in (word, word.rstrip("s"), f"{word}s"))
