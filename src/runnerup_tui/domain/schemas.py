"""JSON Schemas of the library files, so editors (yaml-language-server) complete and check them."""

from __future__ import annotations

import json
from pathlib import Path

from runnerup_tui.domain.model import Candidate, Opening, Settings

SCHEMAS = {"candidate": Candidate, "opening": Opening, "settings": Settings}


def schema_files(root: Path) -> dict[Path, bytes]:
    """The contents of ``schemas/*.schema.json`` for the library at ``root``."""
    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"runnerup {name}"
        out[root / "schemas" / f"{name}.schema.json"] = (json.dumps(schema, indent=2) + "\n").encode()
    return out
