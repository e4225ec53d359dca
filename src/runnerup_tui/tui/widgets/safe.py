"""Fields that edit a library's text exactly yet never draw its control characters or bidi overrides raw.

Textual draws an Input's or TextArea's text as it is, so a value holding ESC would drive
the terminal. These draw each such character as one visible stand-in (``␛``, ``�``): the
value itself, and so what is saved, is untouched.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.expand_tabs import expand_tabs_inline
from textual.widgets import Input, TextArea

from runnerup_tui.domain.safe_text import pictured


class SafeInput(Input):
    """An Input whose value is drawn with control characters and bidi overrides shown as pictures."""

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        # Built here rather than from super(): rich's Text drops some control characters,
        # which would shift the cursor against the real value.
        text = Text(pictured(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def _position_to_cell(self, position: int) -> int:
        return cell_len(expand_tabs_inline(pictured(self.value[:position]), 4))


class SafeTextArea(TextArea):
    """A TextArea whose lines are drawn with control characters and bidi overrides shown as pictures.

    The layout still measures the raw line, so on a line holding such characters the cursor
    may sit a cell off; the text and what is saved are exact.
    """

    def get_line(self, line_index: int) -> Text:
        return Text(pictured(self.document.get_line(line_index)), end="", no_wrap=True)
