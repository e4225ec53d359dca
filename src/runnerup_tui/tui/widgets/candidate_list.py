"""The candidate list: a line-API ``ScrollView`` that draws only the rows on screen.

DataTable and OptionList build every row up front (≈ 0.9 s for 10,000); this widget
keeps a plain list of :class:`~.rows.Row` and renders the ~40 visible lines on demand,
so replacing 10,000 rows after a search keystroke costs a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from runnerup_tui.domain.rows import Row, SortOrder, index_of

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Column:
    """One column of the list: its title, width and the sort a click on the title asks for."""

    key: str
    title: str
    width: int
    order: SortOrder | None  # the sort a click on its title asks for


def layout_columns(width: int) -> list[Column]:
    """Column widths for a list ``width`` cells wide; the headline takes what is left."""
    fit, last, follow = 10, 10, 10
    name = max(12, min(26, width // 4))
    gaps = 6  # one cell before each column and after the last
    headline = width - gaps - name - fit - last - follow
    columns = [Column("name", "Name", name, SortOrder.NAME)]
    if headline >= 10:
        columns.append(Column("headline", "Headline", headline, None))
    elif headline < 0:  # very narrow: drop "last contact" and give the name what is left
        last = 0
        name = max(8, width - 4 - fit - follow)
        columns[0] = Column("name", "Name", name, SortOrder.NAME)
    columns.append(Column("fit", "Fit", fit, None))
    if last:
        columns.append(Column("last_contact", "Contacted", last, SortOrder.LAST_CONTACT))
    columns.append(Column("follow_up", "Follow-up", follow, SortOrder.FOLLOW_UP))
    return columns


def _cell(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells, with an ellipsis when cut."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    return set_cell_size(text, width)


class CandidateList(ScrollView, can_focus=True, inherit_bindings=False):
    """Candidates, one per line, with a cursor; posts which one is highlighted."""

    DEFAULT_CSS = """
    CandidateList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .candidate-list--header { text-style: bold; color: $text-accent; }
        & > .candidate-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .candidate-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .candidate-list--hover { background: $block-hover-background; }
        & > .candidate-list--muted { color: $text-muted; }
        & > .candidate-list--overdue { color: $text-error; text-style: bold; }
        & > .candidate-list--due { color: $text-warning; }
        & > .candidate-list--fit-pursue { color: $text-success; }
        & > .candidate-list--fit-newsletter { color: $text-primary; }
        & > .candidate-list--fit-closed { color: $text-muted; }
        & > .candidate-list--fit-hired { color: $text-accent; }
        & > .candidate-list--fit-undecided { color: $text-warning; text-style: italic; }
    }
    """

    COMPONENT_CLASSES = {
        "candidate-list--header",
        "candidate-list--cursor",
        "candidate-list--hover",
        "candidate-list--muted",
        "candidate-list--overdue",
        "candidate-list--due",
        "candidate-list--fit-pursue",
        "candidate-list--fit-newsletter",
        "candidate-list--fit-closed",
        "candidate-list--fit-hired",
        "candidate-list--fit-undecided",
    }

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="runnerup.list.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="runnerup.list.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="runnerup.list.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="runnerup.list.page_down"),
        Binding("home,g", "first", "First", show=False, id="runnerup.list.first"),
        Binding("end,G", "last", "Last", show=False, id="runnerup.list.last"),
        Binding("enter", "choose", "Read", show=False, id="runnerup.list.read"),
    ]

    class Highlighted(Message):
        """The cursor moved to another candidate (``id`` None when the list is empty)."""

        def __init__(self, candidate_list: CandidateList, id: str | None) -> None:
            super().__init__()
            self.candidate_list = candidate_list
            self.id = id

    class Chosen(Message):
        """Enter or a double click on a candidate."""

        def __init__(self, candidate_list: CandidateList, id: str) -> None:
            super().__init__()
            self.candidate_list = candidate_list
            self.id = id

    class SortClicked(Message):
        """A click on a column title that can sort."""

        def __init__(self, candidate_list: CandidateList, order: SortOrder) -> None:
            super().__init__()
            self.candidate_list = candidate_list
            self.order = order

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    hover_row: reactive[int] = reactive(-1, repaint=False, init=False)
    sorting: reactive[SortOrder] = reactive(SortOrder.MATCH)
    placeholder: reactive[str] = reactive("")
    today: reactive[dt.date] = reactive(dt.date.today)

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows: Sequence[Row] = []  # rows not on screen may not be built yet (domain.rows.RowBook)
        self._highlighted: str | None = None
        self._columns: tuple[int, list[Column]] = (-1, [])
        self._styles: dict[str, Style] = {}

    # -- data ----------------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Row]:
        return self._rows

    @property
    def highlighted(self) -> Row | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    def set_rows(self, rows: Sequence[Row], keep: str | None = None, total: int | None = None) -> None:
        """Show ``rows``; the cursor stays on ``keep`` (default: the current one) if present.

        ``total``: the rows are the first of that many (the list scrolls as far; the cursor stops at the last given).
        """
        keep = keep if keep is not None else self._highlighted
        self._rows = rows
        self.virtual_size = Size(1, max(len(rows), total or 0) + 1)
        index = 0
        if keep is not None:
            index = index_of(rows, keep) or 0
        self.set_reactive(CandidateList.cursor, min(index, max(len(rows) - 1, 0)))
        self._scroll_to_cursor()
        self.refresh()
        self._announce()

    def select(self, cid: str) -> bool:
        """Move the cursor to ``cid``; False when that candidate is not shown."""
        index = index_of(self._rows, cid)
        if index is None:
            return False
        self.cursor = index
        return True

    def _announce(self) -> None:
        row = self.highlighted
        cid = row.id if row else None
        if cid != self._highlighted:
            self._highlighted = cid
            self.post_message(self.Highlighted(self, cid))

    # -- cursor ----------------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self._scroll_to_cursor()
        self._announce()

    def watch_hover_row(self, old: int, new: int) -> None:
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_offset.y)
        lowest = self.cursor - self._visible_rows() + 1
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif top < lowest:
            self.scroll_to(y=lowest, animate=False, force=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= self._visible_rows()

    def action_page_down(self) -> None:
        self.cursor += self._visible_rows()

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_choose(self) -> None:
        if row := self.highlighted:
            self.post_message(self.Chosen(self, row.id))

    # -- mouse -----------------------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        return -1 if offset.y == 0 else round(self.scroll_offset.y) + offset.y - 1

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index is None:
            return
        if index == -1:
            offset = event.get_content_offset(self)
            column = self._column_at(offset.x if offset else 0)
            if column is not None and column.order is not None:
                self.post_message(self.SortClicked(self, column.order))
            return
        if 0 <= index < len(self._rows):
            self.cursor = index
            if event.chain >= 2:
                self.post_message(self.Chosen(self, self._rows[index].id))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._row_at(event)
        self.hover_row = index if index is not None and 0 <= index < len(self._rows) else -1

    def on_leave(self, event: events.Leave) -> None:
        self.hover_row = -1

    def _column_at(self, x: int) -> Column | None:
        left = 1
        for column in self._layout():
            if left <= x < left + column.width + 1:
                return column
            left += column.width + 1
        return None

    # -- rendering -------------------------------------------------------------------------------

    def _layout(self) -> list[Column]:
        width = self.scrollable_content_region.width
        if self._columns[0] != width:
            self._columns = (width, layout_columns(width))
        return self._columns[1]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self.refresh()

    def on_focus(self, event: events.Focus) -> None:
        self._styles.clear()  # the cursor's look depends on :focus

    def on_blur(self, event: events.Blur) -> None:
        self._styles.clear()

    @property
    def _base_style(self) -> Style:
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def _component(self, name: str) -> Style:
        """A component class's style, looked up once per style change, not once per cell."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style
        if y == 0:
            return self._header(width, base)
        index = round(self.scroll_offset.y) + y - 1
        if 0 <= index < len(self._rows):
            return self._row(index, width, base)
        if not self._rows and y == 2 and self.placeholder:
            style = base + self._component("candidate-list--muted")
            return Strip([Segment(" " + _cell(self.placeholder, max(width - 1, 0)), style)], width)
        return Strip.blank(width, base)

    def _header(self, width: int, base: Style) -> Strip:
        style = base + self._component("candidate-list--header")
        segments = [Segment(" ", base)]
        for column in self._layout():
            title = column.title
            if column.order is not None and column.order is self.sorting:
                title += " ▼" if column.order is SortOrder.LAST_CONTACT else " ▲"
            segments += [Segment(_cell(title, column.width), style), Segment(" ", base)]
        return Strip(segments).adjust_cell_length(width, base)

    def _row(self, index: int, width: int, base: Style) -> Strip:
        row = self._rows[index]
        component = self._component
        is_cursor = index == self.cursor
        if is_cursor:
            base = base + component("candidate-list--cursor")
        elif index == self.hover_row:
            base = base + component("candidate-list--hover")
        segments = [Segment(" ", base)]
        for column in self._layout():
            text, cls = self._cell_text(row, column.key)
            style = base if is_cursor or cls is None else base + component(cls)
            segments += [Segment(_cell(text, column.width), style), Segment(" ", base)]
        return Strip(segments).adjust_cell_length(width, base)

    def _cell_text(self, row: Row, key: str) -> tuple[str, str | None]:
        if key == "name":
            return row.name, None
        if key == "headline":
            return row.headline, "candidate-list--muted"
        if key == "fit":
            return row.fit_shown, f"candidate-list--fit-{row.fit_shown}"
        if key == "last_contact":
            return (row.last_contact.isoformat(), None) if row.last_contact else ("—", "candidate-list--muted")
        if row.follow_up is None:
            return "—", "candidate-list--muted"
        if row.follow_up < self.today:
            return row.follow_up.isoformat(), "candidate-list--overdue"
        if (row.follow_up - self.today).days <= DUE_SOON_DAYS:
            return row.follow_up.isoformat(), "candidate-list--due"
        return row.follow_up.isoformat(), None
