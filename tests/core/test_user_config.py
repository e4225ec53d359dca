"""The user config file, read once into one model: its default library, its keymap and theme."""

from __future__ import annotations

from pathlib import Path

from support import run_cli

from runnerup_tui.store.config import UserConfig, config_path, load_config
from runnerup_tui.store.library import resolve_library


def write_config(text: str) -> Path:
    """The user's config file (the private XDG_CONFIG_HOME of tests/conftest.py)."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_configured_library_opens_from_any_folder(library: Path, tmp_path: Path) -> None:
    write_config(f"library: {library}\ntheme: nord\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("search", "ada", "--json", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert '"ada-lovelace"' in result.stdout


def test_a_broken_config_file_is_no_library_and_no_traceback(tmp_path: Path) -> None:
    write_config("library: [oops\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("search", "ada", cwd=elsewhere)
    assert result.returncode == 1
    assert result.stderr.startswith("runnerup: no runnerup library here")
    assert "Traceback" not in result.stderr


def test_one_model_holds_the_default_library_with_the_keymap_and_theme(library: Path) -> None:
    path = write_config(f"library: {library}\ntheme: nord\nkeymap:\n  runnerup.log: ctrl+l\n")
    config = load_config(path)
    assert (config.library, config.theme, config.keymap) == (library, "nord", {"runnerup.log": "ctrl+l"})
    assert config.warnings == []


def test_a_library_that_is_not_a_path_is_reported_and_skipped(tmp_path: Path) -> None:
    path = write_config("library: [a, b]\ntheme: nord\n")
    config = load_config(path)
    assert config.library is None and config.theme == "nord"
    assert config.warnings == [f"{path}: library: must be the path of a library folder; ignored"]


def test_library_resolution_asks_the_config_it_is_given(library: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    write_config(f"library: {other}\n")  # on disk; the config already read says otherwise
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert resolve_library(cwd=elsewhere, config=UserConfig(library=library)) == library.resolve()
    assert resolve_library(cwd=elsewhere) == other.resolve()  # nothing given: the file is read
