"""A candidate and an opening whose text tries to take over the terminal, for the untrusted-text tests."""

from __future__ import annotations

import re
from pathlib import Path

# Escapes in double-quoted YAML scalars: ruamel loads them as the raw characters.
HOSTILE_CANDIDATE = r"""# Eve's fields carry ESC/CSI/OSC/BEL/C1/bidi characters and Rich markup.
name: "Eve \e[31mRed\e[0m [bold]x[/]"
pronouns: "she/\u202eher"
headline: "\x1b]0;PWNED\x07CTO at [link=https://x]y[/link]"
location: "\x9b2J Berlin \u2066iso\u2069"
contact:
  email: "eve@example.org\e[2J"
interviews:
  - role: "Data \e[5mEngineer"
    date: 2026-03-10
    stage: final
    interviewers: ["Grace\e[0m"]
    impression: "sharp \e[?1049h"
rejection:
  date: 2026-03-12
  channel: call
  reason: "too \e[2Jjunior"
fit: pursue
cadence_days: 30
skills: ["python", "sp\e[2Jark", "[bold]x[/]"]
interests: ["\u202ereversed"]
tags: ["bell\a"]
owner: "Mallory\e[8m"
notes: "line one \e[2J\nline two \x1b]0;PWNED\x07\n[link=https://x]y[/link]\n"
history:
  - id: t-eve-1
    date: 2026-10-01
    kind: call
    by: "Ken\e[31m"
    summary: "talked \x1b]0;PWNED\x07 [bold]x[/]"
"""

HOSTILE_OPENING = r"""title: "Data \e[2JEngineer [bold]x[/]"
team: "Core\u202e"
status: open
opened: 2026-10-01
skills: ["python", "sp\e[2Jark"]
"""

# What must never reach a terminal raw: C0 (but newline), DEL, C1, bidi embeddings/overrides/isolates.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def add_hostile(library: Path) -> None:
    """Write Eve and the hostile opening into ``library`` (not committed)."""
    (library / "candidates" / "eve-red.yaml").write_text(HOSTILE_CANDIDATE, encoding="utf-8")
    (library / "openings").mkdir(exist_ok=True)
    (library / "openings" / "data-hostile.yaml").write_text(HOSTILE_OPENING, encoding="utf-8")


def raw_characters(text: str) -> list[str]:
    """The characters of ``text`` that a terminal would interpret (tab counts: it moves the cursor)."""
    return sorted({f"U+{ord(c):04X}" for c in RAW.findall(text)})
