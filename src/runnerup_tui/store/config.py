"""The user's settings, from the user config file: the default library, key remapping and theme.

The file is ``user_config_path("runnerup") / "config.yaml"`` (platformdirs), read once into
:class:`UserConfig`; library resolution (``store.library``) and the app both use that::

    library: ~/recruiting       # opened when no --library, $RUNNERUP_LIBRARY or library above
    theme: nord
    keymap:
      runnerup.log: ctrl+l        # binding id: keys, comma-separated
      runnerup.quit: q,ctrl+q

A broken file never stops the app: what cannot be used is reported and skipped.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class UserConfig:
    """What the user config file asks of runnerup, and what in it could not be used."""

    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    library: Path | None = None  # the default library (DESIGN.md §4: the last step of resolution)
    warnings: list[str] = field(default_factory=list)


def config_path() -> Path:
    """Where the user config lives (it may not exist)."""
    from platformdirs import user_config_path

    return user_config_path("runnerup") / "config.yaml"


def load_config(path: Path | None = None, binding_ids: set[str] | None = None) -> UserConfig:
    """Read the user config; with ``binding_ids``, unknown ids are reported and skipped.

    (The app checks the ids later, with :func:`unknown_binding_ids`, so that it need not
    import every screen before its first frame.)
    """
    path = path or config_path()
    config = UserConfig()
    if not path.is_file():
        return config
    from ruamel.yaml import YAML

    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except Exception as err:  # any YAML or I/O error: report it, start with defaults
        config.warnings.append(f"{path}: cannot be read ({str(err).splitlines()[0]}); using the default keys")
        return config
    if data is None:
        return config
    if not isinstance(data, dict):
        config.warnings.append(f"{path}: must be a mapping of keys; ignored")
        return config
    theme = data.get("theme")
    if isinstance(theme, str) and theme.strip():
        config.theme = theme.strip()
    library = data.get("library")
    if isinstance(library, str) and library.strip():
        config.library = Path(library).expanduser()
    elif library is not None:
        config.warnings.append(f"{path}: library: must be the path of a library folder; ignored")
    keymap = data.get("keymap")
    if keymap is None:
        return config
    if not isinstance(keymap, dict):
        config.warnings.append(f"{path}: keymap: must be a mapping of binding id to keys; ignored")
        return config
    for binding_id, keys in keymap.items():
        binding_id = str(binding_id)
        if binding_ids is not None and binding_id not in binding_ids:
            config.warnings += unknown_binding_ids({binding_id: ""}, binding_ids, path)
            continue
        if isinstance(keys, list):
            keys = ",".join(str(k) for k in keys)
        if not isinstance(keys, str) or not keys.strip():
            config.warnings.append(f"{path}: keymap: `{binding_id}` needs keys like `ctrl+l` or `l,ctrl+l`")
            continue
        config.keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return config


def unknown_binding_ids(keymap: dict[str, str], binding_ids: set[str], path: Path | None = None) -> list[str]:
    """A warning for each id of ``keymap`` that no binding has, with the id probably meant."""
    warnings = []
    for binding_id in keymap:
        if binding_id in binding_ids:
            continue
        guess = difflib.get_close_matches(binding_id, sorted(binding_ids), n=1)
        hint = f"; did you mean `{guess[0]}`?" if guess else f" (known: {', '.join(sorted(binding_ids))})"
        warnings.append(f"{path or config_path()}: keymap: unknown binding id `{binding_id}`{hint}")
    return warnings
