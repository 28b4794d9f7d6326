"""Unit records from spreadsheets (.csv, .xlsx): one row per unit, one column per field.

Header row: each column names a field by its id (`households_registered`), its Vietnamese
label or its English label (matched NFC, case-insensitive, spaces collapsed); the record's
own fields (type, name, year, code, commune, province, notes) also by their usual
Vietnamese names ("Tên đơn vị", "Năm đánh giá", …). The unit type comes from a `type`
column, or from the sheet's name (one sheet per type: "khu_dan_cu", "Khu dân cư", …); for a
csv without a type column, from the file's name. Rows whose first filled cell starts with
'#' are descriptions (the second row of `antt new TYPE --format xlsx`) and are skipped, as are
empty rows.

Cells are read by the type of the field: yes/no as true/false, có/không, x, 1/0; numbers
with a decimal comma or point and, for whole numbers, thousands separators (1.500 = 1500);
dates as dates, 2024-02-20 or 20/02/2024; lists (enum_set) separated by commas or
semicolons; a register (events) as a YAML flow list, `[]` for none. An empty cell is a
missing value (thiếu dữ liệu), exactly like an absent field in a YAML record.

Every problem is located: file[sheet]:row:column, with the cell (D5) and the field.

    for row in read_sheet_records("don-vi.xlsx", criteria):
        ...  # (data, parsed) ready for records.record_from_data, or an InputError
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterator

from antt_cli.criteria import HEADER_FIELDS
from antt_cli.limits import DEFAULT, Limits
from antt_cli.problems import InputError, Messages, Problem
from antt_cli.records.messages import TYPE_WORDS
from antt_cli.records.model import FALSE_WORDS, TRUE_WORDS, is_none_word
from antt_cli.records.sheetio import MergeFill, RowProblem, SheetScan, _mb, csv_rows, long_cell, scan_sheet, xlsx_too_big
from antt_cli.text import closest, fold
from antt_cli.words import hint
from antt_cli.yamlsrc import Parsed, dotted

MESSAGES = Messages({
    "no-records": ("không có tệp bản ghi (*.yaml, *.yml) nào trong thư mục", "no record files (*.yaml, *.yml) in this folder"),
    "sheet-unreadable": ("không đọc được bảng tính: {detail}", "cannot read the spreadsheet: {detail}"),
    "sheet-no-header": ("không có dòng tiêu đề (tên trường) trong trang tính", "no header row (field names) in this sheet"),
    "sheet-no-type": ("không xác định được loại đơn vị: thêm cột 'type' (Loại đơn vị) hoặc đặt tên trang tính là loại đơn vị ({choices})",
                      "cannot tell the unit type: add a 'type' column or name the sheet after the unit type ({choices})"),
    "sheet-unknown-column": ("cột không xác định '{key}'{hint}", "unknown column '{key}'{hint}"),
    "sheet-duplicate-column": ("cột '{key}' bị lặp (đã có ở cột {first})", "column '{key}' appears twice (first in column {first})"),
    "sheet-bad-cell": ("giá trị ô không hợp lệ '{value}': cần {expected}", "invalid cell value '{value}': expected {expected}"),
    "sheet-bad-list": ("không đọc được danh sách trong ô: {detail}", "cannot read the list in this cell: {detail}"),
    "sheet-empty": ("bảng tính không có dòng dữ liệu nào", "the spreadsheet has no data rows"),
    "sheet-too-large": ("bảng tính quá lớn (tối đa {limit} dòng)", "spreadsheet too large (at most {limit} rows)"),
    "not-utf8": ("tệp không phải UTF-8 (byte {byte}); hãy lưu lại tệp với mã hóa UTF-8",
                 "file is not UTF-8 (byte {byte}); save it again as UTF-8"),
    "file-unreadable": ("không đọc được tệp: {detail}", "cannot read file: {detail}"),
    "csv-syntax": ("lỗi CSV: {detail}; dòng này bị bỏ qua, các dòng sau vẫn được đọc",
                   "CSV error: {detail}; this row is skipped, the rows after it are read"),
    "csv-unclosed-quote": ("dấu ngoặc kép \" mở trong ô này không được đóng, nên ô nuốt cả các dòng sau nó (tới dòng {last}); "
                           "dòng này bị bỏ qua, các dòng sau vẫn được đọc: hãy đóng hoặc xóa dấu ngoặc kép",
                           "a quote \" opened in this cell is never closed, so the cell swallows the lines after it (up to "
                           "line {last}); this row is skipped, the rows after it are read: close or remove the quote"),
    "sheet-cell-too-long": ("ô quá dài ({length} ký tự; tối đa {limit}: [limits] cell_chars trong antt.toml)",
                            "cell too long ({length} characters; at most {limit}: [limits] cell_chars in antt.toml)"),
    "sheet-too-big": ("bảng tính quá lớn khi giải nén ({size}; tối đa {limit}: [limits] sheet_bytes trong antt.toml)",
                      "spreadsheet too large when unpacked ({size}; at most {limit}: [limits] sheet_bytes in antt.toml)"),
    "sheet-formula-no-value": ("ô này có công thức nhưng chưa có giá trị đã tính (tệp được tạo bằng chương trình, chưa "
                               "mở bằng Excel): hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại, hoặc nhập giá trị",
                               "this cell holds a formula with no computed value (the file was written by a program, "
                               "never opened in Excel): open it in Excel or LibreOffice and save it, or type the value"),
})
TRUE = TRUE_WORDS | {"đạt", "dat"}
FALSE = FALSE_WORDS
_THOUSANDS = re.compile(r"^\d{1,3}([., ]\d{3})+$")
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def column_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass
class SheetParsed(Parsed):
    """Positions of a row's cells: path → (row, column); the cell is added to the field."""

    row: int = 0
    columns: dict[str, int] | None = None

    def locate(self, path: tuple[Any, ...], *, key: bool = False) -> tuple[int | None, int | None, str | None]:
        line, col = self.where(path, key=key)
        if line is None:
            line = self.row
        name = dotted(path) or None
        if col is not None:
            cell = f"{column_letter(col)}{line}"
            name = f"{name} ({cell})" if name else cell
        return line, col, name


class _Types:
    """Per unit type: folded header name → field id, and the field specs."""

    def __init__(self, criteria: Any) -> None:
        self.criteria = criteria
        self.maps: dict[str, dict[str, str]] = {}
        self.specs: dict[str, dict[str, Any]] = {}

    def of(self, tid: str) -> tuple[dict[str, str], dict[str, Any]]:
        if tid not in self.maps:
            ut = self.criteria.latest(tid)
            m: dict[str, str] = {}
            vocab = ut.ruleset.vocabulary
            for fid in HEADER_FIELDS:
                m[fid] = fid
                h = vocab.header.get(fid) if vocab is not None else None
                if h is not None:
                    for lab in (h.label.vi, h.label.en, *h.aliases):
                        if lab:
                            m.setdefault(fold(lab), fid)
            for fid, spec in ut.facts.items():
                m.setdefault(fid, fid)
                for lab in (spec.label.vi, getattr(spec.label, "en", None)):
                    if lab:
                        m.setdefault(fold(lab), fid)
            self.maps[tid] = m
            self.specs[tid] = dict(ut.facts)
        return self.maps[tid], self.specs[tid]

    def any_field(self, header: str) -> str | None:
        for tid in self.criteria.type_ids():
            found = self.of(tid)[0].get(fold(header))
            if found:
                return found
        return None

    def all_names(self) -> list[str]:
        names: list[str] = []
        for tid in self.criteria.type_ids():
            names += [k for k in self.of(tid)[0] if k.isidentifier()]
        return sorted(set(names))


def read_sheet_records(path: str, criteria: Any, *, limits: Limits = DEFAULT
                       ) -> Iterator[tuple[dict[str, Any], SheetParsed] | InputError]:
    """Each data row of each sheet: (data, parsed) or an InputError with the row's problems."""
    types = _Types(criteria)
    sheets = _sheets(path, limits)
    any_row = False
    while True:
        try:
            sheet = next(sheets)
        except StopIteration:
            break
        except InputError as e:
            yield e
            return
        sheet_name, source, rows = sheet
        for out in _read_sheet(path, sheet_name, source, rows, criteria, types):
            any_row = True
            yield out
    if not any_row:
        yield InputError([MESSAGES.problem(path, "sheet-empty")])


def _sheets(path: str, limits: Limits) -> Iterator[tuple[str, str, Any]]:
    """(sheet name, source, rows): rows are lists of cells, or a RowProblem for a row not read."""
    if path.lower().endswith(".csv"):
        import csv

        try:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                text = fh.read(limits.sheet_bytes + 1)
        except UnicodeDecodeError as e:
            raise InputError([MESSAGES.problem(path, "not-utf8", byte=f"0x{e.object[e.start]:02x}")]) from None
        except OSError as e:
            raise InputError([MESSAGES.problem(path, "file-unreadable", detail=e.strerror or str(e))]) from None
        if len(text) > limits.sheet_bytes:
            raise InputError([MESSAGES.problem(path, "sheet-too-big", size=f"> {_mb(limits.sheet_bytes)}",
                                               limit=_mb(limits.sheet_bytes))])
        first = text.split("\n", 1)[0]
        delim = max((",", ";", "\t"), key=first.count) if first else ","
        stem = os.path.splitext(os.path.basename(path))[0]
        csv.field_size_limit(max(limits.csv_field_chars, 1))
        # a line break inside a quoted cell stays in the cell; a quote never closed is one row's problem
        yield stem, path, csv_rows(text, delim, limits.cell_chars)
        return
    big = xlsx_too_big(path, limits)
    if big:
        raise InputError([MESSAGES.problem(path, "sheet-too-big", **big)])
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a broken file
        raise InputError([MESSAGES.problem(path, "sheet-unreadable", detail=f"{type(e).__name__}: {e}"[:200])]) from None
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue  # hidden sheets hold lists for data validation
            yield ws.title, f"{path}[{ws.title}]", _xlsx_rows(wb, ws, limits.cell_chars)
    finally:
        wb.close()


def _xlsx_rows(wb: Any, ws: Any, cell_chars: int) -> Iterator[list[Any] | RowProblem]:
    """A sheet's rows: every row, whatever its <dimension> says; merged ranges filled; a formula
    with no computed value is its row's problem."""
    try:
        scan = scan_sheet(wb._archive, ws._worksheet_path)
    except Exception:  # pragma: no cover - openpyxl internals moved: read without the scan
        scan = SheetScan()
    ws.reset_dimensions()  # a stale <dimension> would cut the sheet short
    fill = MergeFill(scan.merges)
    formula_rows: dict[int, int] = {}
    for r, c in sorted(scan.formulas):
        formula_rows.setdefault(r, c)
    for row_no, row in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
        cells = list(row or ())
        if fill.spans:
            cells = fill.apply(row_no, cells)
        if row_no in formula_rows:
            col = formula_rows[row_no]
            yield RowProblem(row_no, "sheet-formula-no-value", col=col, cells=cells)
            continue
        too_long = long_cell(cells, cell_chars)
        if too_long:
            too_long.row = row_no
            yield too_long
            continue
        yield cells


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _read_sheet(path: str, sheet: str, source: str, rows: Any, criteria: Any, types: _Types) -> Iterator[Any]:
    header: list[tuple[int, str | None]] | None = None
    sheet_type = criteria.resolve_type(sheet)
    type_col: int | None = None
    for rowno, row in enumerate(rows, start=1):
        if isinstance(row, RowProblem):
            if row.code == "sheet-formula-no-value" and header is None:
                row = row.cells  # a formula in a title or the header row: read it as it is
            else:
                yield InputError([_row_problem(source, row)])
                continue
        cells = list(row or ())
        filled = [c for c in cells if not _blank(c)]
        if not filled:
            continue
        if isinstance(filled[0], str) and filled[0].lstrip().startswith("#"):
            continue
        if header is None:
            header, problems = _header(cells, source, rowno, types)
            type_col = next((i for i, (_, fid) in enumerate(header) if fid == "type"), None)
            if type_col is None and sheet_type is None:
                problems.append(MESSAGES.problem(source, "sheet-no-type", line=rowno, col=1,
                                                 choices=", ".join(criteria.type_ids())))
                yield InputError(problems)
                return
            if problems:
                yield InputError(problems)
            continue
        yield _row(cells, header, source, rowno, sheet_type, type_col, criteria, types)


def _row_problem(source: str, p: RowProblem) -> Problem:
    at = {"line": p.row, "col": p.col, "field": f"{column_letter(p.col)}{p.row}"} if p.col else {"line": p.row}
    params = {k: v for k, v in p.params.items() if k != "line"}
    if p.code == "csv-syntax" and "field larger than field limit" in params.get("detail", ""):
        params["detail"] = {"vi": f"{params['detail']} — có thể do một dấu ngoặc kép \" chưa đóng",
                            "en": f"{params['detail']} — probably an unclosed quote \""}
    return MESSAGES.problem(source, p.code, **at, **params)


def _header(cells: list[Any], source: str, rowno: int, types: _Types) -> tuple[list[tuple[int, str | None]], list[Problem]]:
    out: list[tuple[int, str | None]] = []
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for i, cell in enumerate(cells, start=1):
        if _blank(cell):
            out.append((i, None))
            continue
        fid = types.any_field(str(cell))
        if fid is None:
            problems.append(MESSAGES.problem(source, "sheet-unknown-column", line=rowno, col=i, field=f"{column_letter(i)}{rowno}",
                                             key=str(cell).strip()[:80], hint=hint(closest(fold(cell), types.all_names()))))
        elif fid in seen:
            problems.append(MESSAGES.problem(source, "sheet-duplicate-column", line=rowno, col=i,
                                             field=f"{column_letter(i)}{rowno}", key=str(cell).strip()[:80],
                                             first=column_letter(seen[fid])))
            fid = None
        else:
            seen[fid] = i
        out.append((i, fid))
    return out, problems


def _row(cells: list[Any], header: list[tuple[int, str | None]], source: str, rowno: int, sheet_type: str | None,
         type_col: int | None, criteria: Any, types: _Types) -> Any:
    parsed = SheetParsed(None, source, row=rowno)
    problems: list[Problem] = []
    raw_type = cells[type_col] if type_col is not None and type_col < len(cells) else None
    tid = criteria.resolve_type(raw_type) if not _blank(raw_type) else sheet_type
    fmap, specs = types.of(tid) if tid else ({}, {})
    data: dict[str, Any] = {}
    for (col, fid), value in zip(header, cells):
        if fid is None or _blank(value):
            continue
        parsed.values[(fid,)] = (rowno, col)
        parsed.keys[(fid,)] = (rowno, col)
        if fid == "type":
            data["type"] = value if not isinstance(value, str) else value.strip()
            continue
        if tid is None:  # the type problem is reported by record_from_data
            data[fid] = value
            continue
        try:
            data[fid] = convert(value, fid, specs.get(fid))
        except _CellError as e:
            problems.append(MESSAGES.at(parsed, e.code, (fid,), **e.params))
    if sheet_type and "type" not in data:
        data["type"] = sheet_type
    if problems:
        return InputError(problems)
    parsed.data = data
    return data, parsed


class _CellError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


EXPECTED = TYPE_WORDS


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def convert(value: Any, fid: str, spec: Any) -> Any:
    """A cell's value → the value a YAML record would hold for this field."""
    if fid == "year":
        return _integer(value)
    if spec is None:  # a record header field (text), or a field of another unit type
        return _text(value)
    t = spec.type
    if is_none_word(value) and t in ("integer", "number", "events", "enum_set", "date", "enum"):
        return {"integer": 0, "number": 0, "events": []}.get(t, _text(value))  # "không có": there is none
    if t == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        f = fold(value)
        if f in TRUE:
            return True
        if f in FALSE:
            return False
        raise _CellError("sheet-bad-cell", value=_text(value), expected=EXPECTED["boolean"])
    if t == "integer":
        return _integer(value)
    if t == "number":
        if isinstance(value, bool):
            raise _CellError("sheet-bad-cell", value=str(value), expected=EXPECTED["number"])
        if isinstance(value, (int, float)):
            return value
        s = _text(value).replace(" ", "")
        if _NUMBER.match(s):
            return float(s.replace(",", "."))
        raise _CellError("sheet-bad-cell", value=_text(value), expected=EXPECTED["number"])
    if t == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return _text(value)
    if t == "enum_set":
        s = _text(value)
        if s.startswith("["):
            return _yaml_list(s)
        return [p.strip() for p in re.split(r"[,;\n]", s) if p.strip()]
    if t == "events":
        return _yaml_list(_text(value))
    return _text(value)


def _integer(value: Any) -> Any:
    if isinstance(value, bool):
        raise _CellError("sheet-bad-cell", value=str(value), expected=EXPECTED["integer"])
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise _CellError("sheet-bad-cell", value=str(value), expected=EXPECTED["integer"])
    s = _text(value)
    if len(s) > 30:
        raise _CellError("sheet-bad-cell", value=s[:30] + "…", expected=EXPECTED["integer"])
    if _THOUSANDS.match(s):
        return int(re.sub(r"[., ]", "", s))
    try:
        return int(s)
    except ValueError:
        raise _CellError("sheet-bad-cell", value=s, expected=EXPECTED["integer"]) from None


def _yaml_list(text: str) -> Any:
    from antt_cli.yamlsrc import parse

    try:
        parsed = parse(text, "cell", nfc=True)
    except InputError as e:
        raise _CellError("sheet-bad-list", detail=e.problems[0].message("en") if e.problems else "YAML") from None
    if not isinstance(parsed.data, list):
        raise _CellError("sheet-bad-list", detail="[ ... ]")
    return parsed.data
