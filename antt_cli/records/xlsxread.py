"""The cell values of an xlsx workbook, streamed row by row, with the standard library only
(zipfile and expat): what openpyxl's read-only mode gives with `iter_rows(values_only=True)` after
`reset_dimensions()` — the same rows, types and values (tests/test_xlsxread.py compares the two on
every workbook of the tests and on generated ones) — without importing openpyxl (about 20 MB of
memory and 90 ms in every process that reads a sheet) and without keeping anything of a row once it
is yielded (openpyxl's parser keeps an emptied element per row and per shared string: 16 MB for a
sheet of 200,000 rows).

Safe by construction: a part with a DOCTYPE or an entity declaration is refused (an xlsx has
neither; they are how XML bombs and external entities come in), nothing is fetched, and the
archive was checked against the size limits before (sheetio.xlsx_too_big).

Imports only antt_cli.spool of antt_cli.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from typing import Any, Callable, Iterator
from xml.parsers import expat

from antt_cli.spool import TextSpool

_CT = "[Content_Types].xml"
_WORKBOOK_TYPES = tuple(f"application/vnd.{t}" for t in (
    "ms-excel.template.macroEnabled.main+xml",                              # xltm
    "openxmlformats-officedocument.spreadsheetml.template.main+xml",       # xltx
    "ms-excel.sheet.macroEnabled.main+xml",                                 # xlsm
    "openxmlformats-officedocument.spreadsheetml.sheet.main+xml"))          # xlsx
_SHARED = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_R_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)
# Excel's built-in number formats that show a date or a time (14-22, 45-47), and the one that
# shows a duration ([h]:mm:ss); the others are numbers
_BUILTIN_DATE = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_BUILTIN_DURATION = frozenset({46})
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # literals and [locale], [colour]
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION_CODE = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)$")


class XlsxError(ValueError):
    """A workbook that cannot be read; the text says why, `row` where (None: not in a sheet)."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row


class BadCell:
    """In place of a row, in `Sheet.iter_values`: a row with a cell that holds no value of its type
    (a number cell that is not a number, a shared string the table lacks). The other rows are read."""

    def __init__(self, row: int, col: int, ref: str, message: str) -> None:
        self.row, self.col, self.ref, self.message = row, col, ref, message


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _parser(start: Callable[[str, dict[str, str]], None] | None = None, end: Callable[[str], None] | None = None,
            text: Callable[[str], None] | None = None) -> Any:
    p = expat.ParserCreate(namespace_separator="}")
    p.buffer_text = True

    def refuse(*_: Any) -> None:
        raise XlsxError("a DOCTYPE or an entity declaration in a workbook part (an xlsx has none)")

    p.StartDoctypeDeclHandler = refuse
    p.EntityDeclHandler = refuse
    if start:
        p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if text:
        p.CharacterDataHandler = text
    return p


def _elements(data: bytes) -> Iterator[tuple[str, dict[str, str]]]:
    """(local name, attributes) of every element of a small part, in document order."""
    found: list[tuple[str, dict[str, str]]] = []
    _parser(start=lambda name, attrs: found.append((_local(name), attrs))).Parse(data, True)
    return iter(found)


def is_date_format(code: str | None) -> bool:
    return code is not None and _DATE_CODE.search(_STRIP.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str | None) -> bool:
    return code is not None and _DURATION_CODE.search(code.split(";")[0]) is not None


def from_excel(value: float, epoch: dt.datetime, duration: bool = False) -> Any:
    """Excel's serial number as a datetime (a time below 1, a timedelta for a duration format),
    with Excel's 1900 leap-year error (serials below 60)."""
    if duration:
        td = dt.timedelta(days=value)
        if td.microseconds:
            td = dt.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + dt.timedelta(days=day) + diff


def _iso(text: str) -> Any:
    """A cell of type d (an ISO 8601 date, time or date and time)."""
    s = text[:-1] if text.endswith("Z") else text
    if "T" in s or (" " in s and "-" in s):
        return dt.datetime.fromisoformat(s)
    if "-" in s:
        return dt.date.fromisoformat(s)
    return dt.time.fromisoformat(s)


def _number(text: str) -> int | float:
    return float(text) if ("." in text or "E" in text or "e" in text) else int(text)


class _Strings:
    """Pushes one <si> (shared string) or <is> (inline string) at a time: its text is the plain <t>
    and the <t> of each rich-text run <r>; phonetic runs (<rPh>) are not the text. `stack` is
    empty outside the holder element."""

    def __init__(self, holder: str) -> None:
        self.holder, self.stack, self.parts, self.on = holder, [], [], False

    def begin(self) -> None:
        self.stack, self.parts, self.on = [self.holder], [], False

    def start(self, name: str) -> None:
        parent = self.stack[-1]
        self.stack.append(name)
        self.on = name == "t" and parent in (self.holder, "r") and "rPh" not in self.stack

    def end(self) -> str | None:
        """Close the innermost element; the holder's text when it is the holder that ends."""
        self.stack.pop()
        self.on = False
        if self.stack:
            return None
        out, self.parts = "".join(self.parts), []
        return out

    def text(self, data: str) -> None:
        if self.on:
            self.parts.append(data)


def _shared_strings(archive: zipfile.ZipFile, member: str, chunk: int = 1 << 16) -> TextSpool:
    spool = TextSpool()
    s = _Strings("si")

    def start(name: str, attrs: dict[str, str]) -> None:
        if s.stack:
            s.start(_local(name))
        elif _local(name) == "si":
            s.begin()

    def end(name: str) -> None:
        if s.stack:
            text = s.end()
            if text is not None:
                spool.append(text.replace("x005F_", ""))  # as openpyxl reads the table

    p = _parser(start, end, s.text)
    with archive.open(member) as fh:
        while True:
            data = fh.read(chunk)
            p.Parse(data, not data)
            if not data:
                return spool


class Sheet:
    """One worksheet of the workbook: its title, state (visible, hidden, veryHidden) and rows."""

    def __init__(self, parent: "Workbook", title: str, state: str, member: str) -> None:
        self.parent, self.title, self.sheet_state, self._worksheet_path = parent, title, state, member

    def iter_values(self, chunk: int = 1 << 16) -> Iterator[tuple[Any, ...]]:
        """Every row from the first, as tuples of values (a missing row is ()), whatever the
        sheet's <dimension> says; each row as long as its last cell."""
        wb = self.parent
        rows: list[tuple[int, list[tuple[int, Any]]]] = []
        st: dict[str, Any] = {"row": 0, "col": 0, "cells": None, "cell": None, "v": None, "in_v": False, "bad": None}
        inline = _Strings("is")

        def start(name: str, attrs: dict[str, str]) -> None:
            name = _local(name)
            if inline.stack:
                inline.start(name)
            elif name == "c":
                st["cell"], st["v"], st["has_is"] = attrs, None, False
            elif name == "v" and st["cell"] is not None:
                st["in_v"], st["vparts"] = True, []
            elif name == "is" and st["cell"] is not None:
                st["has_is"] = True
                inline.begin()
            elif name == "row":
                r = attrs.get("r")
                if r is None:
                    st["row"] += 1
                else:
                    try:
                        st["row"] = int(r)
                    except ValueError:
                        try:
                            f = float(r)
                        except ValueError:
                            f = 0.5
                        if not f.is_integer() or f < 1:
                            raise XlsxError(f"row number {r[:40]!r} is not a whole number", st["row"] + 1) from None
                        st["row"] = int(f)
                st["col"], st["cells"], st["bad"] = 0, [], None

        def end(name: str) -> None:
            name = _local(name)
            if inline.stack:
                text = inline.end()
                if text is not None:
                    st["is_text"] = text
            elif name == "v" and st["in_v"]:
                st["in_v"] = False
                if st["v"] is None:  # the first <v> of the cell, as ElementTree's findtext
                    st["v"] = "".join(st["vparts"])
            elif name == "c" and st["cell"] is not None:
                col = 0
                if st["cells"] is not None:
                    try:
                        col = _column(st)
                        st["cells"].append((col, _value(wb, st)))
                    except (ValueError, OverflowError) as e:  # XlsxError too
                        if st["bad"] is None:
                            ref = st["cell"].get("r") or f"#{col}"
                            st["bad"] = (col, ref, str(e) if isinstance(e, XlsxError) else
                                         f"cell {ref} of type {st['cell'].get('t', 'n')!r} holds {(st['v'] or '')[:40]!r}, "
                                         f"which is not a value of that type")
                st["cell"] = None
            elif name == "row" and st["cells"] is not None:
                rows.append((st["row"], st["cells"] if st["bad"] is None else BadCell(st["row"], *st["bad"])))
                st["cells"], st["bad"] = None, None

        def text(data: str) -> None:
            if inline.stack:
                inline.text(data)
            elif st["in_v"]:
                st["vparts"].append(data)

        p = _parser(start, end, text)
        counter = 1
        with wb._archive.open(self._worksheet_path) as fh:
            while True:
                broken: XlsxError | None = None
                try:
                    data = fh.read(chunk)
                    p.Parse(data, not data)
                except (XlsxError, expat.ExpatError) as e:  # the rows before the break are still given
                    at = st["row"] if st["cells"] is not None else st["row"] + 1
                    broken = e if isinstance(e, XlsxError) else XlsxError(f"the sheet's XML breaks off: {e}")
                    broken.row = broken.row or max(at, counter)
                for idx, cells in rows:  # as openpyxl: a row before the one expected is dropped
                    while counter < idx:
                        counter += 1
                        yield ()
                    if counter <= idx:
                        counter += 1
                        yield cells if isinstance(cells, BadCell) else _row(cells)
                rows.clear()
                if broken is not None:
                    raise broken
                if not data:
                    return


def _column(st: dict[str, Any]) -> int:
    ref = st["cell"].get("r")
    if ref is None:
        st["col"] += 1
        return st["col"]
    m = _CELL_REF.match(ref)
    if m is None:
        raise XlsxError(f"cell reference {ref[:40]!r} is not a cell (A1, B2 …)")
    n = 0
    for ch in m.group(1).upper():
        n = n * 26 + ord(ch) - 64
    return n


def _value(wb: "Workbook", st: dict[str, Any]) -> Any:
    cell = st["cell"]
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return st.get("is_text") if st["has_is"] else None
    value = st["v"] or None
    if value is None:
        return None
    if kind == "n":
        number = _number(value)
        s = cell.get("s")
        style = int(s) if s else 0
        if style in wb.date_styles:
            try:
                return from_excel(number, wb.epoch, style in wb.duration_styles)
            except (OverflowError, ValueError):
                return "#VALUE!"  # a date serial outside the dates (as openpyxl)
        return number
    if kind == "s":
        try:
            i = int(value)
            if i < 0:
                raise IndexError(i)
            return wb.shared[i]
        except (IndexError, ValueError):
            raise XlsxError(f"cell {cell.get('r', '?')} names shared string {value[:20]!r}, which the "
                            f"workbook does not have") from None
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        return _iso(value)
    return value  # str (a formula's text), e (an error such as #N/A), or an unknown type


def _row(cells: list[tuple[int, Any]]) -> tuple[Any, ...]:
    if not cells:
        return ()
    width = cells[-1][0]  # as openpyxl: up to the row's last cell
    out: list[Any] = [None] * width
    for col, value in cells:
        if 1 <= col <= width:
            out[col - 1] = value
    return tuple(out)


class Workbook:
    """An xlsx opened for reading: `worksheets` (chart sheets are not), `close()`."""

    def __init__(self, path: str) -> None:
        self._archive = zipfile.ZipFile(path)
        try:
            self._read()
        except BaseException:
            self._archive.close()
            raise

    def _read(self) -> None:
        names = set(self._archive.namelist())
        part, shared = "xl/workbook.xml", None
        if _CT in names:
            overrides: dict[str, str] = {}
            defaults = set()
            for tag, a in _elements(self._archive.read(_CT)):
                if tag == "Override":
                    overrides.setdefault(a.get("ContentType", ""), a.get("PartName", "").lstrip("/"))
                elif tag == "Default":
                    defaults.add(a.get("ContentType", ""))
            found = next((overrides[t] for t in _WORKBOOK_TYPES if t in overrides), None)
            if found is None and not defaults & set(_WORKBOOK_TYPES):
                raise XlsxError("the workbook has no workbook part ([Content_Types].xml)")
            part = found or part
            shared = overrides.get(_SHARED)
        if part not in names:
            raise XlsxError(f"the workbook part {part} is missing")
        self.epoch = WINDOWS_EPOCH
        sheets: list[tuple[str, str, str]] = []
        for tag, a in _elements(self._archive.read(part)):
            if tag == "workbookPr" and a.get("date1904", "").lower() in ("1", "true"):
                self.epoch = MAC_EPOCH
            elif tag == "sheet" and a.get(_R_ID):
                sheets.append((a.get("name", ""), a.get("state", "visible"), a[_R_ID]))
        folder, base = posixpath.split(part)
        rels_path = posixpath.join(folder, "_rels", base + ".rels")
        rels: dict[str, tuple[str, str]] = {}
        if rels_path in names:
            for tag, a in _elements(self._archive.read(rels_path)):
                if tag == "Relationship" and a.get("TargetMode") != "External":
                    target = a.get("Target", "")
                    target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                    rels[a.get("Id", "")] = (target, a.get("Type", ""))
        self.worksheets = [Sheet(self, title, state, rels[rid][0]) for title, state, rid in sheets
                           if rid in rels and rels[rid][0] in names and "chartsheet" not in rels[rid][1]]
        self.date_styles, self.duration_styles = self._styles(names)
        self.shared: Any = _shared_strings(self._archive, shared.lstrip("/")) if shared and shared.lstrip("/") in names \
            else []

    def _styles(self, names: set[str]) -> tuple[frozenset[int], frozenset[int]]:
        """The cell styles (indices into cellXfs) whose number format shows a date, and a duration."""
        if "xl/styles.xml" not in names:
            return frozenset(), frozenset()
        custom: dict[int, str] = {}
        xfs: list[int] = []
        where = ""
        for tag, a in _elements(self._archive.read("xl/styles.xml")):
            if tag in ("cellXfs", "cellStyleXfs", "dxfs", "numFmts"):
                where = tag
            try:
                if tag == "numFmt" and where == "numFmts":
                    custom[int(a.get("numFmtId", 0))] = a.get("formatCode", "")
                elif tag == "xf" and where == "cellXfs":
                    xfs.append(int(a.get("numFmtId", 0)))
            except ValueError:
                raise XlsxError(f"xl/styles.xml: number format id {a.get('numFmtId', '')[:20]!r} is not a number") from None
        dates, durations = set(), set()
        for i, fid in enumerate(xfs):
            code = custom.get(fid)
            if (is_date_format(code) if fid in custom else fid in _BUILTIN_DATE):
                dates.add(i)
            if (is_duration_format(code) if fid in custom else fid in _BUILTIN_DURATION):
                durations.add(i)
        return frozenset(dates), frozenset(durations)

    def close(self) -> None:
        self._archive.close()
        if isinstance(self.shared, TextSpool):
            self.shared.close()
