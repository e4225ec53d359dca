"""The outreach templates: ``templates/<kind>.md`` in the library, else the ones runnerup ships.

A team tunes its voice by editing the library's copies (``runnerup init`` writes them); a kind whose file
is absent uses the built-in one.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from runnerup_tui.domain.drafts import KINDS, Template, TemplateError, parse_template
from runnerup_tui.domain.problems import InvalidFile
from runnerup_tui.store.reading import read_library_file

TEMPLATES_FOLDER = "templates"


def built_in_templates() -> dict[str, bytes]:
    """``{"email.md": bytes, …}``: the templates shipped in the package, one per kind."""
    folder = resources.files("runnerup_tui").joinpath("templates")
    return {f"{kind}.md": folder.joinpath(f"{kind}.md").read_bytes() for kind in KINDS}


def read_template(root: Path, kind: str) -> Template:
    """The template for ``kind``: the library's ``templates/<kind>.md`` if there is one, else the built-in one.

    Raises :class:`TemplateError` (file and line) for a file that cannot be read or filled.
    """
    rel = f"{TEMPLATES_FOLDER}/{kind}.md"
    if not os.path.lexists(root / rel):
        return parse_template(built_in_templates()[f"{kind}.md"].decode("utf-8"), f"built-in {kind}.md")
    try:
        raw = read_library_file(root, rel)  # a regular file inside the library, never through a link out
    except InvalidFile as err:
        first = err.problems[0] if err.problems else None
        raise TemplateError(rel, first.line if first else 1, first.message if first else str(err)) from None
    except OSError as err:
        raise TemplateError(rel, 1, f"cannot be read: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise TemplateError(rel, line, "is not UTF-8 text; save it as UTF-8") from None
    return parse_template(text, rel)
