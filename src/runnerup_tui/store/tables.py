"""Reading an export to import: CSV (UTF-8, ``,`` ``;`` or tab) or an Excel workbook, header line found.

Each row keeps the number a person sees in an editor or spreadsheet, so a report can point at it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runnerup_tui.domain.problems import RunnerupError

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
DELIMITERS = ",;\t"
HEADER_SEARCH = 30  # lines a preamble (LinkedIn's "Notes:") may take before the header line
MAX_TABLE_BYTES = 64 * 1024 * 1024


class UnreadableTable(RunnerupError):
    """The file to import cannot be read as a table; the message names the file."""


@dataclass
class Table:
    """A table read from a file: its header and each row with its number (1 = the file's first line)."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    header_row: int


def read_table(path: Path, is_header: Callable[[Sequence[Any]], bool]) -> Table:
    """The table in ``path``; ``is_header`` tells the header line from a preamble above it.

    Raises :class:`UnreadableTable` with one line naming the file when it is not UTF-8 text or a workbook.
    """
    name = path.name
    if not path.is_file():
        raise UnreadableTable(f"{path}: no such file")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_workbook(path, is_header)
    raw = path.read_bytes()
    if len(raw) > MAX_TABLE_BYTES:
        raise UnreadableTable(f"{name}: larger than {MAX_TABLE_BYTES // 2**20} MB; split it into smaller files")
    return _read_csv(name, raw, is_header)


def _decode(name: str, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableTable(f"{name}: UTF-16 text; save it as CSV UTF-8 and import that")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise UnreadableTable(
            f"{name}: not UTF-8 text (byte 0x{raw[err.start]:02x} on line {line}); save it as CSV UTF-8 and import that"
        ) from None
    if "\x00" in text:
        raise UnreadableTable(f"{name}: holds NUL characters (UTF-16 without a BOM?); save it as CSV UTF-8")
    return text


def _read_csv(name: str, raw: bytes, is_header: Callable[[Sequence[Any]], bool]) -> Table:
    text = _decode(name, raw)
    lines = text.splitlines(keepends=True)
    if not lines:
        raise UnreadableTable(f"{name}: empty file")
    at = next(
        (i for i, line in enumerate(lines[:HEADER_SEARCH]) for d in DELIMITERS if is_header(_cells(line, d))),
        0,
    )
    body = "".join(lines[at:])
    delimiter = _delimiter(body, lines[at])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
        rows: list[tuple[int, list[Any]]] = []
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append((at + start, record))
            start = reader.line_num + 1
    except csv.Error as err:
        raise UnreadableTable(f"{name}: line {at + reader.line_num}: {err}") from None
    return Table(name, headers, rows, at + 1)


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    except csv.Error:
        return []


def _delimiter(sample_text: str, header_line: str) -> str:
    """``,`` ``;`` or tab: sniffed on a sample; the header line's most frequent of the three when sniffing fails."""
    try:
        found = csv.Sniffer().sniff(sample_text[: 64 * 1024], delimiters=DELIMITERS).delimiter
        if found in header_line:
            return found
    except csv.Error:
        pass
    return max(DELIMITERS, key=header_line.count)


def _read_workbook(path: Path, is_header: Callable[[Sequence[Any]], bool]) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    except Exception as err:  # calamine raises its own errors (and ValueError, IndexError) for a broken file
        reason = " ".join(str(err).split())[:120] or type(err).__name__
        raise UnreadableTable(f"{path.name}: not a workbook runnerup can read ({reason})") from None
    if not rows:
        raise UnreadableTable(f"{path.name}: the first sheet is empty")
    at = next((i for i, row in enumerate(rows[:HEADER_SEARCH]) if is_header(row)), 0)
    headers = [str(h).strip() if h is not None else "" for h in rows[at]]
    body = [(at + 2 + i, list(row)) for i, row in enumerate(rows[at + 1 :])]  # row numbers as the sheet shows them
    filled = [(n, row) for n, row in body if any(str(c).strip() for c in row if c is not None)]
    return Table(path.name, headers, filled, at + 1)
