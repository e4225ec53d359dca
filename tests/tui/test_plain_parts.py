"""The app's parts that need no terminal: form conversions, editor command lines, config."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from runnerup_tui.domain.model import Candidate
from runnerup_tui.store.candidate_form import form_data, initial_texts, original_data
from runnerup_tui.store.config import load_config
from runnerup_tui.tui.editor import editor_command

FILE = Path("/lib/candidates/ada.yaml")


def test_editor_command_opens_at_a_line_the_way_each_editor_wants():
    assert editor_command(FILE, None, {"EDITOR": "vim"}) == ["vim", str(FILE)]
    assert editor_command(FILE, 35, {"EDITOR": "nano -l"}) == ["nano", "-l", "+35", str(FILE)]
    assert editor_command(FILE, 35, {"EDITOR": "/usr/bin/code"}) == ["/usr/bin/code", "--wait", "--goto", f"{FILE}:35"]
    assert editor_command(FILE, 1, {"VISUAL": "emacs -nw"}) == ["emacs", "-nw", str(FILE)]
    assert editor_command(FILE, 2, {}) == ["vi", "+2", str(FILE)]


def test_an_untouched_field_keeps_its_exact_value_even_when_the_form_could_not_write_it_back():
    candidate = Candidate.model_validate(
        {
            "name": "Ada",
            "skills": ["c, the language", "sql"],
            "notes": "folded\nnote\n",
            "fit": "newsletter",
            "x-custom": 1,
        }
    )
    original = original_data(candidate)
    texts = initial_texts(original)
    assert texts["skills"] == "c, the language, sql"  # ambiguous as text…
    result = form_data(dict(texts), texts, original)
    assert result.ok and result.data == original  # …but untouched, so kept exactly (unknown keys too)


def test_an_emptied_field_is_removed_and_typed_values_are_converted():
    original = original_data(Candidate.model_validate({"name": "Ada", "headline": "Engineer"}))
    texts = initial_texts(original)
    changed = {
        **texts,
        "headline": "",
        "rating": "4",
        "next_contact": "2027-01-05",
        "tags": " a, ,b ",
        "rejection.newsletter_invited": "yes",
    }
    result = form_data(changed, texts, original)
    assert result.ok
    assert result.data == {
        "name": "Ada",
        "rating": 4,
        "next_contact": dt.date(2027, 1, 5),
        "tags": ["a", "b"],
        "rejection": {"newsletter_invited": True},
    }


def test_keymap_values_may_be_lists_and_bad_entries_are_reported(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("keymap:\n  runnerup.log: [ctrl+l, L]\n  runnerup.new: 3\n")
    config = load_config(path, {"runnerup.log", "runnerup.new"})
    assert config.keymap == {"runnerup.log": "ctrl+l,L"}
    assert "runnerup.new` needs keys" in config.warnings[0]
