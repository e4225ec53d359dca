"""Key bindings (each with an id, remappable in the user config), the palette and the key help."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import HelpPanel

from runnerup_tui.store.config import load_config
from runnerup_tui.tui.app import RunnerupApp, binding_ids
from runnerup_tui.tui.dialogs.log import LogTouchpointDialog
from runnerup_tui.tui.screens.main import MainScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import settle, wait_until


def write_config(config_home: Path, text: str) -> Path:
    path = config_home / "runnerup" / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_the_design_keys_are_bound_each_with_an_id():
    keys = {b.id: b.key for owner in (RunnerupApp, MainScreen) for b in owner.BINDINGS if isinstance(b, Binding)}
    assert keys == {
        "runnerup.palette": "ctrl+p",
        "runnerup.help": "question_mark",
        "runnerup.search": "slash",
        "runnerup.new": "n",
        "runnerup.edit": "e",
        "runnerup.log": "l",
        "runnerup.draft": "m",
        "runnerup.editor": "E",
        "runnerup.problems": "p",
        "runnerup.today": "t",
        "runnerup.openings": "o",
        "runnerup.rejection": "R",
        "runnerup.history": "h",
        "runnerup.sync": "s",
        "runnerup.forget": "F",
        "runnerup.sort": "S",
        "runnerup.to_list": "escape",
        "runnerup.quit": "q",
        "runnerup.detail.zoom": "z",
        "runnerup.duplicates": "D",
    }
    assert all(binding_id.startswith("runnerup.") for binding_id in binding_ids())


async def test_a_keymap_in_the_user_config_remaps_a_binding(make_app, config_home):
    write_config(config_home, "keymap:\n  runnerup.log: ctrl+l\n")
    app = make_app(read_config=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("l")
        await pilot.pause()
        assert not isinstance(app.screen, LogTouchpointDialog)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LogTouchpointDialog)


async def test_config_mistakes_are_reported_and_the_rest_applies(make_app, config_home):
    write_config(config_home, "theme: nord\nkeymap:\n  runnerup.serch: ctrl+f\n  runnerup.new: ctrl+n\n")
    app = make_app(read_config=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        assert app.theme == "nord"
        messages = [n.message for n in app._notifications]
        assert any("unknown binding id `runnerup.serch`; did you mean `runnerup.search`?" in m for m in messages)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen.sub_title == "New candidate"


def test_an_unreadable_config_falls_back_to_the_defaults(config_home):
    path = write_config(config_home, "keymap: [oops\n")
    config = load_config(path, binding_ids())
    assert config.keymap == {} and "cannot be read" in config.warnings[0]


def first_hit(app: RunnerupApp) -> str:
    hits = app.screen.query_one("CommandList")
    return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""


async def test_the_palette_runs_actions_and_jumps_to_people(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"yuki")
        await wait_until(pilot, lambda: "Show Yuki Tanaka" in first_hit(app))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(CandidateList).highlighted.id == "yuki-tanaka"
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"log touch")
        await wait_until(pilot, lambda: "Log touchpoint" in first_hit(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LogTouchpointDialog))
        assert "Yuki Tanaka" in app.screen.candidate_name


async def test_question_mark_shows_and_hides_the_keys(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)


def _binding_ids_in_the_source() -> list[str]:
    """The id of every ``Binding(..., id="…")`` written anywhere in the app package."""
    import ast

    import runnerup_tui.tui

    ids = []
    for path in sorted(Path(runnerup_tui.tui.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Binding":
                ids += [k.value.value for k in node.keywords if k.arg == "id" and isinstance(k.value, ast.Constant)]
    return ids


def test_every_binding_of_every_screen_can_be_remapped_and_its_id_is_unique():
    written = _binding_ids_in_the_source()
    assert len(written) > 40  # the scan does find the app's bindings
    assert sorted(binding_ids()) == sorted(set(written))
    assert sorted(written) == sorted(set(written)), "two bindings share an id: a keymap entry would remap both"


def test_a_new_screens_bindings_are_remappable_without_being_listed_anywhere(tmp_path, monkeypatch):
    package = tmp_path / "more_screens"
    (package / "screens").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "screens" / "__init__.py").write_text("")
    (package / "screens" / "calendar.py").write_text(
        "from textual.binding import Binding\n"
        "from textual.screen import Screen\n"
        "from textual.widget import Widget\n\n"
        "class CalendarScreen(Screen):\n"
        '    BINDINGS = [Binding("c", "close", "Close", id="runnerup.calendar.close"), ("x", "close", "Close")]\n\n'
        "class DayCell(Widget):\n"
        '    BINDINGS = [Binding("enter", "open", "Open", id="runnerup.calendar.day")]\n\n'
        "class NotAWidget:\n"
        '    BINDINGS = [Binding("z", "zap", "Zap", id="runnerup.calendar.zap")]\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert binding_ids("more_screens") == {"runnerup.calendar.close", "runnerup.calendar.day"}
