"""Untrusted text is shown with its control characters and bidi overrides escaped."""

from runnerup_tui.domain.safe_text import unsafe_characters, visible, visible_line


def test_escape_sequences_become_visible_text() -> None:
    assert visible("Eve \x1b[31mRed\x1b[0m") == "Eve \\x1b[31mRed\\x1b[0m"
    assert visible("\x1b]0;PWNED\x07") == "\\x1b]0;PWNED\\x07"
    assert visible("a\x9bb\x7fc\x00") == "a\\x9bb\\x7fc\\x00"


def test_bidi_overrides_and_isolates_are_escaped() -> None:
    assert visible("invoice\u202egpj.exe") == "invoice\\u202egpj.exe"
    assert visible("\u2066x\u2069") == "\\u2066x\\u2069"


def test_newlines_and_tabs_stay_except_on_one_line() -> None:
    assert visible("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert visible_line("two\nlines\tand a tab") == "two\\nlines\\tand a tab"


def test_ordinary_text_in_any_script_is_unchanged() -> None:
    for text in ("Zoë Ångström", "王小明", "Юлия Петрова", "محمد علي", "[bold]x[/]", "emoji 🙂"):
        assert visible(text) == text
        assert unsafe_characters(text) == []


def test_offsets_of_unsafe_characters() -> None:
    assert unsafe_characters("ab\x1bc\u202e") == [2, 4]


def test_pictures_keep_the_length_so_an_editor_cursor_still_lines_up() -> None:
    from runnerup_tui.domain.safe_text import pictured

    text = "Eve \x1b[31m\x07\x7f\x9b\u202e\tok\n"
    assert pictured(text) == "Eve \u241b[31m\u2407\u2421\ufffd\ufffd\tok\n"
    assert len(pictured(text)) == len(text)
    assert pictured("Zoë [bold]x[/]") == "Zoë [bold]x[/]"


def test_every_character_that_is_escaped_is_one_python_calls_unprintable() -> None:
    """The fast path (``str.isprintable``) may only skip text that has nothing to escape."""
    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
        assert not chr(code).isprintable(), hex(code)
        assert visible_line(chr(code)) != chr(code)
