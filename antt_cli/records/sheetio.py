"""Reading a spreadsheet's rows safely, below the field logic of `spreadsheet.py`.

CSV: the rows of the text, where a quote that never closes or a field over the limit is one
located problem at its row and reading goes on from the next line (nothing after it is lost).
XLSX: the archive is checked against the limits before anything is inflated (zip bombs); the
rows are streamed by records.xlsxread; each sheet's XML is scanned once before, as bytes, for what
a stream of rows cannot give in time: merged ranges (a commune merged over its units' rows is their commune) and formulas that have no
computed value (a file written by a program, never opened in Excel: the value is unknown).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterator

from antt_cli.limits import Limits

_EOL = re.compile(r"\r\n|\r|\n")


@dataclass
class RowProblem:
    """A row that could not be read: its problem code and parameters (spreadsheet.py words it)."""
    row: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    col: int | None = None
    cells: list[Any] = field(default_factory=list)  # what was read of the row, if anything


class _Lines:
    """The lines of a text for csv.reader, with the count and offset read so far (for a restart)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.buf = io.StringIO(text, newline="")
        self.n = 0
        self.pos = 0

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = self.buf.readline()
        if not line:
            raise StopIteration
        self.n += 1
        self.pos += len(line)
        return line

    def restart_after_line(self, start: int, line_no: int) -> None:
        """Go on from the line after the one starting at offset `start` (numbered `line_no`)."""
        m = _EOL.search(self.text, start)
        self.pos = m.end() if m else len(self.text)
        self.buf.seek(self.pos)
        self.n = line_no


def long_cell(cells: list[Any], limit: int) -> RowProblem | None:
    """A row with a cell longer than the limit (Excel's own is 32,767 characters) is refused there."""
    for i, cell in enumerate(cells, start=1):
        if isinstance(cell, str) and len(cell) > limit:
            return RowProblem(0, "sheet-cell-too-long", {"length": f"{len(cell):,}".replace(",", "."),
                                                         "limit": f"{limit:,}".replace(",", ".")}, col=i)
    return None


def csv_rows(text: str, delimiter: str, cell_chars: int = 32_767) -> Iterator[list[str] | RowProblem]:
    """The rows of a CSV text. A row whose quoted cell swallows the lines after it (a quote opened
    and never closed: its cell holds whole lines of the sheet) or that the csv module refuses (a
    field over the limit) is a RowProblem, and reading goes on from the line after its first."""
    import csv

    lines = _Lines(text)
    first = text.split("\n", 1)[0]
    width = first.count(delimiter)  # a line with as many delimiters as the header is a row of the sheet
    reader = csv.reader(lines, delimiter=delimiter)
    row_no = 0
    while True:
        start, start_line = lines.pos, lines.n + 1
        row_no += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield RowProblem(row_no, "csv-syntax", {"detail": str(e), "line": start_line})
            lines.restart_after_line(start, start_line)
            reader = csv.reader(lines, delimiter=delimiter)
            continue
        if lines.n > start_line and width >= 2:
            col = next((i for i, cell in enumerate(row, start=1)
                        if any(part.count(delimiter) >= width for part in _EOL.split(cell)[1:])), None)
            if col is not None:
                yield RowProblem(row_no, "csv-unclosed-quote", {"last": lines.n, "line": start_line}, col=col)
                lines.restart_after_line(start, start_line)
                reader = csv.reader(lines, delimiter=delimiter)
                continue
        too_long = long_cell(row, cell_chars)
        if too_long:
            too_long.row = row_no
            yield too_long
            continue
        yield row


# ---------------------------------------------------------------------------------------------- xlsx

def xlsx_too_big(path: str, limits: Limits) -> dict[str, Any] | None:
    """Why this archive may not be opened (parameters of `sheet-too-big`), or None. A part that
    inflates beyond the limit, or far beyond its compressed size, is a zip bomb."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return None  # the reader says what is wrong with it
    total = sum(i.file_size for i in infos)
    if total > limits.sheet_bytes:
        return {"size": _mb(total), "limit": _mb(limits.sheet_bytes)}
    for i in infos:
        if i.file_size > 16 * 1024 * 1024 and i.file_size > limits.sheet_ratio * max(i.compress_size, 1):
            return {"size": _mb(i.file_size), "limit": _mb(limits.sheet_bytes)}
    return None


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB".replace(",", ".")


_CELL = rb"(?:\w+:)?c"
# a formula cell with no cached value: <c r="J2"><f>SUM(A2:I2)</f></c>, <c r="J3"><f t="shared" si="0"/></c>
_SCAN = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"'
                   rb'|<' + _CELL + rb'\s[^>]*?r="([A-Z]+)(\d+)"[^>]*>\s*<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>[^<]*</(?:\w+:)?f>)'
                   rb'\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</' + _CELL + rb'>')


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


@dataclass
class SheetScan:
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    formulas: set[tuple[int, int]] = field(default_factory=set)            # (row, col) without a value


def scan_sheet(archive: zipfile.ZipFile, member: str, chunk: int = 1 << 20) -> SheetScan:
    """Merged ranges and value-less formulas of one sheet, by a streaming scan of its XML."""
    out = SheetScan()
    with archive.open(member) as fh:
        carry = b""
        while True:
            data = fh.read(chunk)
            buf = carry + data
            # complete elements end before the last element start (re-read with the next chunk)
            cut = len(buf) if not data else max(buf.rfind(b"<"), 0)
            last_cell = buf.rfind(b"<c ", 0, cut) if data else -1
            if last_cell != -1 and cut - last_cell < 64 * 1024:
                cut = last_cell
            for m in _SCAN.finditer(buf, 0, cut):
                if m.group(1):
                    r1, c1 = int(m.group(2)), _col(m.group(1))
                    r2, c2 = (int(m.group(4)), _col(m.group(3))) if m.group(3) else (r1, c1)
                    out.merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
                else:
                    out.formulas.add((int(m.group(6)), _col(m.group(5))))
            if not data:
                return out
            carry = buf[cut:]


class MergeFill:
    """Fills the cells of a merged range spanning rows with its top-left value, as the eye reads it."""

    def __init__(self, merges: list[tuple[int, int, int, int]]) -> None:
        self.spans = [m for m in merges if m[2] > m[0]]
        self.values: dict[tuple[int, int, int, int], Any] = {}

    def apply(self, row_no: int, cells: list[Any]) -> list[Any]:
        for span in self.spans:
            r1, c1, r2, c2 = span
            if row_no == r1:
                self.values[span] = cells[c1 - 1] if c1 - 1 < len(cells) else None
            elif r1 < row_no <= r2 and self.values.get(span) is not None:
                if len(cells) < c2:
                    cells = cells + [None] * (c2 - len(cells))
                for c in range(c1, c2 + 1):
                    if cells[c - 1] is None:
                        cells[c - 1] = self.values[span]
        return cells


def load_xlsx(path: str) -> Any:
    """The workbook, opened for streaming its rows (records.xlsxread: the standard library only, its
    shared strings in a TextSpool past 16,384 — a 200,000-row sheet of distinct names and codes
    holds 400,000 strings)."""
    from antt_cli.records.xlsxread import Workbook

    return Workbook(path)
