"""Unit records from spreadsheets (.csv, .xlsx): one row per unit, one column per field.

A workbook holds a sheet per unit type (named after it: "Khu dân cư", "khu_dan_cu", …, or with a
`Loại đơn vị` column) and, for a whole commune, a sheet per register — "Vụ việc" (incidents), one
row per incident, linked to its unit by the unit's code (`Mã đơn vị`). A register may also be
written inside the unit's own cell as a YAML list (`[]` for none), as before.

What a sheet may hold, as rosters are really kept (docs/records.md, "Spreadsheets"):

- title rows above the header (ignored); the header is the first row whose cells name fields;
- header cells name a field by its id (`households_registered`), its Vietnamese or English label,
  or for the record's own fields their usual names ("Tên đơn vị", "Năm đánh giá", "Ghi chú"…),
  compared NFC, case-insensitive, spaces collapsed, also without diacritics;
- a second header row of field ids right below the first (the hidden row 2 of `antt new`'s
  workbooks): the ids win, so a relabelled column still reads;
- an STT column (row numbers: STT, TT, Số TT…), columns whose header starts with `#`, and the
  result columns antt adds to an assessed copy: ignored; a value under a column without a header:
  ignored, with a warning;
- rows whose first filled cell starts with '#' (descriptions), blank rows: skipped; a row with a
  single filled cell (a group heading such as "I. Thôn Đông") or a total row ("Tổng cộng"):
  skipped with a warning;
- sheets that are hidden (drop-down lists) or antt's own (its guide, its summary of an assessed
  copy), and sheets named with a leading '#' or '_': not read.

Cells are read by the type of the field: yes/no as có/không, x, 1/0, true/false; numbers with a
decimal comma or point and, for whole numbers, thousands separators (1.500 = 1500); dates as dates,
20/02/2024 or 2024-02-20; choices by label or id; lists (enum_set) separated by semicolons, line
breaks or commas; `không có` = there is none; an empty cell is a missing value (thiếu dữ liệu),
exactly like an absent field in a YAML record.

CSV as Excel writes it: `,` or `;` (the Vietnamese list separator) or tab, detected; UTF-8 with or
without a BOM, UTF-16 with a BOM, or Windows-1258 (Vietnamese Windows' "CSV"), normalised to NFC;
a line break inside a quoted cell stays in the cell.

Every problem is located: file[sheet]:row:column, with the cell (D5) and the field.

    for row in read_sheet_records("don-vi.xlsx", criteria):
        ...  # (data, parsed) for records.record_from_data, an InputError, or a warning Problem
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from antt_cli.criteria import HEADER_FIELDS
from antt_cli.limits import DEFAULT, Limits
from antt_cli.problems import WARNING, InputError, Messages, Problem
from antt_cli.records.messages import TYPE_WORDS
from antt_cli.records.model import FALSE_WORDS, TRUE_WORDS, is_none_word
from antt_cli.records.sheetio import (MergeFill, RowProblem, _mb, csv_rows, load_xlsx, long_cell, scan_sheet,
                                      xlsx_too_big)
from antt_cli.text import closest, fold, strip_marks
from antt_cli.words import Words, hint
from antt_cli.yamlsrc import Parsed, dotted

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.model import CriteriaSet

MESSAGES = Messages({
    "no-records": ("không có tệp bản ghi (*.yaml, *.yml) nào trong thư mục", "no record files (*.yaml, *.yml) in this folder"),
    "sheet-unreadable": ("không đọc được bảng tính: {detail}", "cannot read the spreadsheet: {detail}"),
    "sheet-bad-cell-xml": ("không đọc được ô {cell} của tệp ({detail}); dòng này không được đánh giá, các dòng khác vẫn được "
                           "đọc", "cell {cell} of the file cannot be read ({detail}); this row is not assessed, the other "
                           "rows are read"),
    "sheet-no-header": ("không có dòng tiêu đề (tên trường) trong {n} dòng đầu của trang tính; đặt tên trang bắt đầu "
                        "bằng # nếu trang này không chứa đơn vị",
                        "no header row (field names) in the first {n} rows of this sheet; start the sheet's name "
                        "with # if it holds no units"),
    "sheet-no-type": ("không xác định được loại đơn vị: thêm cột 'type' (Loại đơn vị) hoặc đặt tên trang tính là loại đơn vị ({choices})",
                      "cannot tell the unit type: add a 'type' column or name the sheet after the unit type ({choices})"),
    "sheet-unknown-column": ("cột không xác định '{key}'{hint} (để antt bỏ qua một cột, đặt tiêu đề bắt đầu bằng #)",
                             "unknown column '{key}'{hint} (start a header with # to have antt ignore the column)"),
    "sheet-duplicate-column": ("cột '{key}' bị lặp (đã có ở cột {first})", "column '{key}' appears twice (first in column {first})"),
    "sheet-bad-cell": ("giá trị ô không hợp lệ '{value}': cần {expected}", "invalid cell value '{value}': expected {expected}"),
    "sheet-bad-list": ("không đọc được danh sách trong ô: {detail}", "cannot read the list in this cell: {detail}"),
    "sheet-bad-choice": ("giá trị '{value}' không có trong danh sách{hint}; chọn một trong: {choices}",
                         "'{value}' is not in the list{hint}; choose one of: {choices}"),
    "sheet-empty": ("bảng tính không có dòng dữ liệu nào", "the spreadsheet has no data rows"),
    "sheet-too-large": ("bảng tính quá lớn (tối đa {limit} dòng)", "spreadsheet too large (at most {limit} rows)"),
    "sheet-blank-header": ("cột {column} có giá trị nhưng không có tiêu đề: bỏ qua cột này",
                           "column {column} holds values but has no header: the column is ignored"),
    "sheet-group-row": ("dòng chỉ có một ô ('{text}'): coi là dòng tiêu đề nhóm, bỏ qua",
                        "a row with a single cell ('{text}'): read as a group heading, ignored"),
    "sheet-total-row": ("dòng tổng ('{text}'): bỏ qua", "a total row ('{text}'): ignored"),
    "not-text": ("tệp không phải văn bản UTF-8, UTF-16 hay Windows-1258 (byte {byte}); hãy lưu lại dạng "
                 "“CSV UTF-8 (Comma delimited)”",
                 "the file is not UTF-8, UTF-16 or Windows-1258 text (byte {byte}); save it again as "
                 "“CSV UTF-8 (Comma delimited)”"),
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
    # registers on a sheet of their own (Vụ việc), linked to units by code
    "register-no-code": ("dòng không ghi mã đơn vị: không nối được với đơn vị nào (cột “{label}”)",
                         "no unit code on this row: it cannot be linked to a unit (column “{label}”)"),
    "register-unknown-unit": ("không có đơn vị nào mã '{code}' trong bảng tính: dòng này không được tính cho đơn vị nào",
                              "no unit in this workbook has the code '{code}': this row counts for no unit"),
    "register-not-of-type": ("đơn vị mã '{code}' ({type}) không có “{register}”",
                             "the unit with code '{code}' ({type}) has no “{register}”"),
    "register-twice": ("“{register}” của đơn vị này ghi ở cả ô này và trang “{sheet}” (dòng {rows}): chỉ ghi ở một nơi",
                       "this unit's “{register}” is written both in this cell and on the sheet “{sheet}” (rows "
                       "{rows}): write it in one place only"),
    "register-none-but-rows": ("ô ghi “không có” nhưng trang “{sheet}” có {n} dòng của đơn vị này (dòng {rows})",
                               "the cell says “none” but the sheet “{sheet}” holds {n} rows of this unit (rows {rows})"),
    "register-see-sheet-empty": ("ô ghi '{value}' nhưng trang “{sheet}” không có dòng nào của đơn vị mã '{code}'",
                                 "the cell says '{value}' but the sheet “{sheet}” has no row of the unit with code '{code}'"),
    "register-see-sheet-no-code": ("ô ghi '{value}' nhưng đơn vị không có mã: các dòng của trang “{sheet}” được nối "
                                   "với đơn vị theo mã đơn vị",
                                   "the cell says '{value}' but the unit has no code: the rows of the sheet “{sheet}” are "
                                   "linked to units by their code"),
    "register-name-differs": ("dòng ghi tên '{given}' nhưng đơn vị mã '{code}' là '{name}' (nối theo mã)",
                              "the row names '{given}' but the unit with code '{code}' is '{name}' (linked by code)"),
})

# The columns antt adds to an assessed copy (report format xlsx-assessed), and antt's own sheets:
# read back, they are not data. (The assessed copy writes them with these words.)
RESULT_WORDS = Words({
    "col.outcome": ("Kết quả đánh giá", "Assessment result"),
    "col.criteria": ("Tiêu chí chưa đạt / thiếu dữ liệu", "Criteria not met / lacking data"),
    "col.reasons": ("Lý do", "Reasons"),
    "sheet.summary": ("Kết quả đánh giá (antt)", "Assessment results (antt)"),
    "sheet.guide": ("Hướng dẫn", "Guide"),
    "sheet.lists": ("_lists", "_lists"),
})
RESULT_IDS = ("#antt:outcome", "#antt:criteria", "#antt:reasons")
# row-number columns of a roster, and the first cell of a total row (compared folded and without diacritics)
ROW_NUMBER_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu", "no", "no.", "#"})
TOTAL_WORDS = frozenset({"tong", "tong cong", "cong", "tong so", "total", "sum"})
# what a register's cell on a unit's row may say when the rows are on the register's own sheet:
# a yes word ("có", "x", "có (ghi ở trang Vụ việc)")
HEADER_SEARCH = 30  # rows looked through for the header
TRUE = TRUE_WORDS | {"đạt", "dat"}
FALSE = FALSE_WORDS
_THOUSANDS = re.compile(r"^\d{1,3}([., ]\d{3})+$")
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
_REQUIRED_MARK = re.compile(r"\s*(\(\*\)|\*)\s*$")


class RowError(InputError):
    """The problems of one unit's row; `source` names the row (its problems may lie on its
    register's sheet)."""

    def __init__(self, problems: list[Problem], source: str) -> None:
        super().__init__(problems)
        self.source = source


def column_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def split_source(source: str) -> tuple[str, str | None, int | None]:
    """A spreadsheet row's source, as results and problems carry it → (file, sheet, row):
    'xa.xlsx[Khu dân cư]:5' → ('xa.xlsx', 'Khu dân cư', 5); 'don-vi.csv:3' → ('don-vi.csv', None, 3).
    (A sheet's name cannot hold '[' or ']'.)"""
    row = None
    head, sep, tail = source.rpartition(":")
    if sep and tail.isdigit():
        source, row = head, int(tail)
    if source.endswith("]") and "[" in source:
        i = source.rfind("[")
        return source[:i], source[i + 1:-1], row
    return source, None, row


@dataclass
class SheetParsed(Parsed):
    """Positions of a row's cells: path → (row, column); the cell is added to the field. The items
    of a register read from its own sheet are placed there (`elsewhere`: (fact, index) → (source,
    row, columns by item field))."""

    row: int = 0
    columns: dict[str, int] | None = None
    elsewhere: dict[tuple[str, int], tuple[str, int, dict[str, int]]] | None = None

    def _far(self, path: tuple[Any, ...]) -> tuple[str, int, dict[str, int]] | None:
        if self.elsewhere and len(path) >= 2:
            return self.elsewhere.get((path[0], path[1]))
        return None

    def source_of(self, path: tuple[Any, ...]) -> str:
        far = self._far(tuple(path))
        return far[0] if far else self.source

    def locate(self, path: tuple[Any, ...], *, key: bool = False) -> tuple[int | None, int | None, str | None]:
        far = self._far(tuple(path))
        if far is not None:
            _, row, cols = far
            col = cols.get(path[2]) if len(path) > 2 else None
            name = dotted(path)
            return row, col, f"{name} ({column_letter(col)}{row})" if col else name
        line, col = self.where(path, key=key)
        if line is None:
            line = self.row
        name = dotted(path) or None
        if col is not None:
            cell = f"{column_letter(col)}{line}"
            name = f"{name} ({cell})" if name else cell
        return line, col, name


def _names(*texts: Any) -> list[str]:
    """How a header may write a name: folded, without diacritics, and without a trailing
    parenthesis ("Mức độ" for "Mức độ (theo kết luận của cơ quan có thẩm quyền)")."""
    out = []
    for t in texts:
        if t:
            t = _REQUIRED_MARK.sub("", str(t))
            out += [fold(t), strip_marks(t)]
            short = t.split("(")[0].strip()
            if short and short != t.strip() and len(short) >= 4:
                out += [fold(short), strip_marks(short)]
    return out


class _Types:
    """Per unit type: header name (folded) → field id, and the field specs; the registers (events
    facts) of every type: their sheet names, and header name → item field."""

    def __init__(self, criteria: CriteriaSet) -> None:
        self.criteria = criteria
        self.maps: dict[str, dict[str, str]] = {}
        self.specs: dict[str, dict[str, Any]] = {}
        self._registers: dict[str, dict[str, Any]] | None = None
        self._ignored: set[str] | None = None

    def of(self, tid: str) -> tuple[dict[str, str], dict[str, Any]]:
        if tid not in self.maps:
            ut = self.criteria.latest(tid)
            m: dict[str, str] = {}
            for fid in HEADER_FIELDS:
                m[fid] = fid
                h = _header_decl(ut, fid)
                if h is not None:
                    for name in _names(h.label.vi, h.label.en, *h.aliases):
                        m.setdefault(name, fid)
            for fid, spec in ut.facts.items():
                m.setdefault(fid, fid)
                for name in _names(spec.label.vi, getattr(spec.label, "en", None)):
                    m.setdefault(name, fid)
            self.maps[tid] = m
            self.specs[tid] = dict(ut.facts)
        return self.maps[tid], self.specs[tid]

    def field_of(self, header: Any, first: str | None = None) -> str | None:
        """The field a header names: in the sheet's own unit type first, then in any."""
        key = _REQUIRED_MARK.sub("", str(header))
        names = (fold(key), strip_marks(key))
        for tid in ([first] if first else []) + self.criteria.type_ids():
            m = self.of(tid)[0]
            for n in names:
                if n in m:
                    return m[n]
        return None

    def all_names(self) -> list[str]:
        names: list[str] = []
        for tid in self.criteria.type_ids():
            names += [k for k in self.of(tid)[0] if k.isidentifier()]
        return sorted(set(names))

    def ignored(self, header: Any) -> bool:
        """A column antt does not read: row numbers (STT), '#…', the result columns of an assessed copy."""
        if self._ignored is None:
            self._ignored = set(ROW_NUMBER_HEADERS)
            for key in ("col.outcome", "col.criteria", "col.reasons"):
                for lang in ("vi", "en"):
                    self._ignored.update(_names(RESULT_WORDS(key, lang)))
        text = str(header).strip()
        return text.startswith("#") or fold(text) in self._ignored or strip_marks(text) in self._ignored

    # -- registers ---------------------------------------------------------------------
    def registers(self) -> dict[str, dict[str, Any]]:
        """events fact id → {label, sheet names, fields: {field: spec} (the union over unit types),
        names: header name → field}."""
        if self._registers is None:
            regs: dict[str, dict[str, Any]] = {}
            for tid in self.criteria.type_ids():
                ut = self.criteria.latest(tid)
                for fid, spec in ut.facts.items():
                    if spec.type != "events":
                        continue
                    r = regs.setdefault(fid, {"label": spec.label, "sheets": set(), "fields": {}, "names": {},
                                              "specs": {}, "types": set()})
                    r["types"].add(tid)
                    r["specs"][tid] = spec
                    r["sheets"].update(_names(fid, *register_sheet_titles(ut, fid)))
                    for hf in ("code", "name"):
                        h = _header_decl(ut, hf)
                        r["names"].setdefault(hf, hf)
                        if h is not None:
                            for n in _names(h.label.vi, h.label.en, *h.aliases):
                                r["names"].setdefault(n, hf)
                    for name, f in spec.fields.items():
                        r["fields"].setdefault(name, f)
                        r["names"].setdefault(name, name)
                        for n in _names(f.label.vi, getattr(f.label, "en", None)):
                            r["names"].setdefault(n, name)
            self._registers = regs
        return self._registers

    def register_of_sheet(self, sheet: str) -> str | None:
        names = set(_names(sheet))
        for fid, r in self.registers().items():
            if names & r["sheets"]:
                return fid
        return None


def _header_decl(ut: Any, fid: str) -> Any:
    vocab = ut.ruleset.vocabulary
    return vocab.header.get(fid) if vocab is not None else None


def register_sheet_titles(ut: Any, fid: str) -> list[str]:
    """The names of a register's own sheet: the vocabulary's `register_<fact>` form word (vi, en)."""
    vocab = ut.ruleset.vocabulary
    text = vocab.forms.get(f"register_{fid}") if vocab is not None else None
    return [t for t in (text.vi, text.en) if t] if text is not None else []


# ----------------------------------------------------------------------------- reading the file


def read_sheet_records(path: str, criteria: CriteriaSet, *, limits: Limits = DEFAULT
                       ) -> Iterator[tuple[dict[str, Any], SheetParsed] | InputError | Problem]:
    """Each data row of each sheet: (data, parsed), an InputError with the row's problems, or a
    warning (a Problem of level WARNING: a row or column that is ignored)."""
    types = _Types(criteria)
    try:
        book = _open(path, limits)
    except InputError as e:
        yield e
        return
    try:
        regs = _Registers(types)
        for name, source, rows in book.register_sheets(types):
            regs.read(name, source, rows)
        any_row = False
        for sheet in book.sheets:
            if sheet.register:
                for out in regs.problems_of(sheet.name):
                    any_row = True
                    yield out
                continue
            for out in _read_sheet(path, sheet.name, sheet.source, sheet.rows(), criteria, types, regs):
                if not isinstance(out, Problem):
                    any_row = True
                yield out
        for out in regs.unmatched():
            any_row = True
            yield out
    finally:
        book.close()
    if not any_row:
        yield InputError([MESSAGES.problem(path, "sheet-empty")])


@dataclass
class _Sheet:
    name: str
    source: str
    rows: Any             # () → an iterator of row tuples
    register: str | None = None


@dataclass
class _Book:
    sheets: list[_Sheet]
    wb: Any = None

    def register_sheets(self, types: _Types) -> Iterator[tuple[str, str, Any]]:
        if self.wb is None:
            return  # a csv holds one sheet, never a register
        for s in self.sheets:
            fid = types.register_of_sheet(s.name)
            if fid is not None:
                s.register = fid
                yield s.name, s.source, s.rows()

    def close(self) -> None:
        if self.wb is not None:
            self.wb.close()


def _open(path: str, limits: Limits = DEFAULT) -> _Book:
    if path.lower().endswith(".csv"):
        import csv

        try:
            with open(path, "rb") as fh:
                raw = fh.read(limits.sheet_bytes + 1)
        except OSError as e:
            raise InputError([MESSAGES.problem(path, "file-unreadable", detail=e.strerror or str(e))]) from None
        if len(raw) > limits.sheet_bytes:
            raise InputError([MESSAGES.problem(path, "sheet-too-big", size=f"> {_mb(limits.sheet_bytes)}",
                                               limit=_mb(limits.sheet_bytes))])
        text = decode_text(raw, path)
        delim = sniff_delimiter(text)
        stem = os.path.splitext(os.path.basename(path))[0]
        csv.field_size_limit(max(limits.csv_field_chars, 1))
        # a line break inside a quoted cell stays in the cell; a quote never closed is that row's problem
        return _Book([_Sheet(stem, path, lambda: csv_rows(text, delim, limits.cell_chars))])
    big = xlsx_too_big(path, limits)
    if big:
        raise InputError([MESSAGES.problem(path, "sheet-too-big", **big)])
    try:
        wb = load_xlsx(path)  # records.xlsxread: streamed, its shared strings in a temporary file
    except Exception as e:  # a broken archive or part: zipfile, expat and xlsxread raise their own kinds
        raise InputError([MESSAGES.problem(path, "sheet-unreadable", detail=f"{type(e).__name__}: {e}"[:200])]) from None
    sheets = []
    for ws in wb.worksheets:
        if getattr(ws, "sheet_state", "visible") != "visible":
            continue  # hidden sheets hold lists for data validation
        if ws.title.startswith(("#", "_")):
            continue
        sheets.append(_Sheet(ws.title, f"{path}[{ws.title}]", lambda ws=ws: _xlsx_rows(wb, ws, limits.cell_chars)))
    return _Book(sheets, wb)


def _xlsx_rows(wb: Any, ws: Any, cell_chars: int) -> Iterator[list[Any] | RowProblem]:
    """A sheet's rows: every row, whatever its <dimension> says; merged ranges filled; a formula
    with no computed value, or a cell over the limit, is its row's problem. A sheet whose XML
    breaks off (a damaged or cut file) keeps the rows before the break, and the break is the
    problem of the row where it is, with what the reader said."""
    import zipfile
    import zlib

    from antt_cli.records.xlsxread import BadCell, XlsxError

    row_no = 0
    try:
        scan = scan_sheet(wb._archive, ws._worksheet_path)
        fill = MergeFill(scan.merges)
        formula_rows: dict[int, int] = {}
        for r, c in sorted(scan.formulas):
            formula_rows.setdefault(r, c)
        for row_no, row in enumerate(ws.iter_values(), start=1):  # every row, whatever its <dimension> says
            if isinstance(row, BadCell):
                yield RowProblem(row_no, "sheet-bad-cell-xml", {"cell": row.ref, "detail": row.message}, col=row.col or None)
                continue
            cells = list(row or ())
            if fill.spans:
                cells = fill.apply(row_no, cells)
            if row_no in formula_rows:
                yield RowProblem(row_no, "sheet-formula-no-value", col=formula_rows[row_no], cells=cells)
                continue
            too_long = long_cell(cells, cell_chars)
            if too_long:
                too_long.row = row_no
                yield too_long
                continue
            yield cells
    except (XlsxError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:  # the reader's XML errors are XlsxError
        detail = (str(e) if isinstance(e, XlsxError) else f"{type(e).__name__}: {e}")[:200]
        yield RowProblem(getattr(e, "row", None) or row_no + 1, "sheet-unreadable", {"detail": {
            "vi": f"{detail} — từ dòng này trở đi không đọc được (tệp hỏng hoặc bị cắt?)",
            "en": f"{detail} — nothing from this row on could be read (a damaged or cut file?)"}})


def decode_text(raw: bytes, source: str) -> str:
    """A CSV's text, as Excel saves one: UTF-8 (with or without a BOM), UTF-16 (with a BOM, or without
    one when every other byte is NUL), else Windows-1258 (whose tone marks are combining characters:
    normalised to NFC)."""
    head = raw[:200]
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            text = raw[3:].decode("utf-8")
        elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-16")
        elif len(head) >= 4 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4):
            text = raw.decode("utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be")
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1258")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        raise InputError([MESSAGES.problem(source, "not-text", line=line, byte=f"0x{raw[e.start]:02x}")]) from None
    return unicodedata.normalize("NFC", text)


def sniff_delimiter(text: str) -> str:
    """`,`, `;` or tab: the one that cuts the first lines into the same number (> 1) of cells most
    often (quotes respected: a comma inside "Cháy, nổ" does not count)."""
    import csv
    import io

    lines = [x for x in text[:64 * 1024].splitlines() if x.strip()][:20]
    if not lines:
        return ","
    best, score = ",", (0.0, 0)
    sample = "\n".join(lines)
    for d in (";", ",", "\t"):
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(sample, newline=""), delimiter=d) if r]
        except csv.Error:
            continue
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        s = (counts.count(mode) / len(counts), mode)
        if s > score:
            best, score = d, s
    return best


def own_sheet(name: str) -> bool:
    """A sheet antt writes that holds no units: the guide of a blank workbook, the summary of an assessed copy."""
    return fold(name) in {fold(RESULT_WORDS(k, lang)) for k in ("sheet.summary", "sheet.guide") for lang in ("vi", "en")}


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


# ----------------------------------------------------------------------------- the header


@dataclass
class _Header:
    row: int
    fields: dict[int, str]                     # column (1-based) → field id
    ignored: set[int] = field(default_factory=set)
    labels: dict[int, str] = field(default_factory=dict)  # column → the header's own text
    problems: list[Problem] = field(default_factory=list)

    def col(self, fid: str) -> int | None:
        return next((c for c, f in self.fields.items() if f == fid), None)


def _is_ids_row(cells: list[Any], names: Any) -> bool:
    """The row of field ids below the labels (antt's own workbooks): every filled cell an id or '#…'."""
    filled = [c for c in cells if not _blank(c)]
    if len(filled) < 2:
        return False
    return all(isinstance(c, str) and (c.strip().startswith("#") or names(c.strip(), exact=True)) for c in filled)


def _find_header(rows: Iterator[tuple[int, list[Any]]], source: str, names: Any, ignored: Any,
                 suggestions: list[str]) -> _Header | None:
    """The header: the first row (of the first HEADER_SEARCH) in which at least two cells, and at least
    half of the filled ones, name fields; rows above it are titles."""
    seen = 0
    for rowno, cells in rows:
        filled = [(i, c) for i, c in enumerate(cells, start=1) if not _blank(c)]
        if not filled or (isinstance(filled[0][1], str) and filled[0][1].lstrip().startswith("#")):
            continue
        seen += 1
        named = [(i, c) for i, c in filled if not ignored(c) and names(str(c).strip())]
        countable = [(i, c) for i, c in filled if not ignored(c)]
        if len(named) >= 2 and 2 * len(named) >= len(countable):
            return _make_header(rowno, cells, source, names, ignored, suggestions)
        if seen >= HEADER_SEARCH:
            break
    return None


def _make_header(rowno: int, cells: list[Any], source: str, names: Any, ignored: Any, suggestions: list[str]) -> _Header:
    h = _Header(rowno, {})
    first: dict[str, int] = {}
    for i, cell in enumerate(cells, start=1):
        if _blank(cell):
            continue
        text = str(cell).strip()
        h.labels[i] = text
        if ignored(cell):
            h.ignored.add(i)
            continue
        fid = names(text)
        where = f"{column_letter(i)}{rowno}"
        if fid is None:
            h.problems.append(MESSAGES.problem(source, "sheet-unknown-column", line=rowno, col=i, field=where,
                                               key=text[:80], hint=hint(closest(fold(text), suggestions))))
        elif fid in first:
            h.problems.append(MESSAGES.problem(source, "sheet-duplicate-column", line=rowno, col=i, field=where,
                                               key=text[:80], first=column_letter(first[fid])))
        else:
            first[fid] = i
            h.fields[i] = fid
    return h


def _apply_ids(h: _Header, cells: list[Any], rowno: int, source: str) -> None:
    """The row of ids below the labels: an id names its column whatever the label says."""
    h.problems = [p for p in h.problems if p.code != "sheet-unknown-column" or
                  _blank(cells[p.col - 1] if p.col and p.col <= len(cells) else None)]
    for i, cell in enumerate(cells, start=1):
        if _blank(cell):
            continue
        text = str(cell).strip()
        if text.startswith("#"):
            h.ignored.add(i)
            h.fields.pop(i, None)
            continue
        for c, f in list(h.fields.items()):
            if f == text and c != i:
                del h.fields[c]
        h.fields[i] = text
        h.ignored.discard(i)


@dataclass
class _Failed:
    """A row the reader could not read (sheetio.RowProblem), at its place among the rows."""
    row: int
    problem: RowProblem

    def error(self, source: str) -> InputError:
        p = self.problem
        at = {"line": self.row, "col": p.col, "field": f"{column_letter(p.col)}{self.row}"} if p.col else {"line": self.row}
        params = {k: v for k, v in p.params.items() if k != "line"}
        if p.code == "csv-syntax" and "field larger than field limit" in params.get("detail", ""):
            params["detail"] = {"vi": f"{params['detail']} — có thể do một dấu ngoặc kép \" chưa đóng",
                                "en": f"{params['detail']} — probably an unclosed quote \""}
        return InputError([MESSAGES.problem(source, p.code, **at, **params)])

    def as_title(self) -> tuple[int, list[Any]] | None:
        """A formula without a value above the header (a title) is read as it is."""
        return (self.row, list(self.problem.cells)) if self.problem.code == "sheet-formula-no-value" else None


def _rows(rows: Any, source: str) -> Iterator[tuple[int, list[Any]] | _Failed]:
    for rowno, row in enumerate(rows, start=1):
        yield _Failed(rowno, row) if isinstance(row, RowProblem) else (rowno, list(row or ()))


# ----------------------------------------------------------------------------- unit sheets


def _read_sheet(path: str, sheet: str, source: str, rows: Any, criteria: CriteriaSet, types: _Types,
                regs: "_Registers") -> Iterator[Any]:
    if own_sheet(sheet):
        return  # antt's own sheet (the guide of a blank workbook, the summary of an assessed copy)
    sheet_type = criteria.resolve_type(sheet)
    stream = _rows(rows, source)
    late: list[InputError] = []  # rows not read, said at their place among the rows
    found: list[bool] = []       # the header was found

    def clean() -> Iterator[tuple[int, list[Any]]]:
        for item in stream:
            if isinstance(item, _Failed):
                title = item.as_title() if not found else None
                if title is not None:
                    yield title
                else:
                    late.append(item.error(source))
                continue
            yield item

    def names(text: str, exact: bool = False) -> str | None:
        if exact:
            return text if any(text in types.of(t)[1] or text in HEADER_FIELDS for t in criteria.type_ids()) else None
        return types.field_of(text, sheet_type)

    it = clean()
    header = _find_header(it, source, names, types.ignored, types.all_names())
    found.append(True)
    if header is None:
        yield from late
        yield InputError([MESSAGES.problem(source, "sheet-no-header", n=HEADER_SEARCH)])
        return
    type_col = header.col("type")
    if type_col is None and sheet_type is None:
        yield InputError(header.problems + [MESSAGES.problem(source, "sheet-no-type", line=header.row, col=1,
                                                             choices=", ".join(criteria.type_ids()))])
        return
    first_data = True
    blank_warned: set[int] = set()
    for rowno, cells in it:
        if late:
            yield from late
            late.clear()
        filled = [(i, c) for i, c in enumerate(cells, start=1) if not _blank(c)]
        if not filled:
            continue
        if isinstance(filled[0][1], str) and filled[0][1].lstrip().startswith("#"):
            continue
        if first_data:
            first_data = False
            if _is_ids_row(cells, names):
                _apply_ids(header, cells, rowno, source)
                type_col = header.col("type")
                if header.problems:
                    yield InputError(header.problems)
                continue
            if header.problems:
                yield InputError(header.problems)
        for i, _ in filled:
            if i not in header.fields and i not in header.ignored and i not in header.labels and i not in blank_warned:
                blank_warned.add(i)
                yield MESSAGES.problem(source, "sheet-blank-header", line=rowno, col=i, field=f"{column_letter(i)}{rowno}",
                                       level=WARNING, column=column_letter(i))
        data_cells = [(i, c) for i, c in filled if i in header.fields]
        if not data_cells:
            continue  # only row numbers or ignored columns
        name_col = header.col("name")
        name = cells[name_col - 1] if name_col and name_col <= len(cells) else None
        if not _blank(name) and strip_marks(_text(name)).rstrip(": ") in TOTAL_WORDS:
            yield MESSAGES.problem(source, "sheet-total-row", line=rowno, level=WARNING, text=_text(name)[:60])
            continue
        if len(data_cells) == 1 and len(header.fields) >= 3 and isinstance(data_cells[0][1], str):
            yield MESSAGES.problem(source, "sheet-group-row", line=rowno, col=data_cells[0][0], level=WARNING,
                                   text=_text(data_cells[0][1])[:60])
            continue
        yield from _row(cells, header, source, rowno, sheet_type, type_col, criteria, types, regs)
    yield from late
    if first_data and header.problems:
        yield InputError(header.problems)


def _row(cells: list[Any], header: _Header, source: str, rowno: int, sheet_type: str | None,
         type_col: int | None, criteria: CriteriaSet, types: _Types, regs: "_Registers") -> Iterator[Any]:
    parsed = SheetParsed(None, source, row=rowno)
    problems: list[Problem] = []
    raw_type = cells[type_col - 1] if type_col is not None and type_col <= len(cells) else None
    tid = criteria.resolve_type(raw_type) if not _blank(raw_type) else sheet_type
    fmap, specs = types.of(tid) if tid else ({}, {})
    data: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    for col, fid in sorted(header.fields.items()):
        value = cells[col - 1] if col <= len(cells) else None
        if _blank(value):
            continue
        parsed.values[(fid,)] = (rowno, col)
        parsed.keys[(fid,)] = (rowno, col)
        raw[fid] = value
        if fid == "type":
            data["type"] = value if not isinstance(value, str) else value.strip()
            continue
        if tid is None:  # the type problem is reported by record_from_data
            data[fid] = value
            continue
        spec = specs.get(fid)
        if spec is not None and spec.type == "events" and _see_sheet(value) and regs.has(fid):
            continue  # "có": the register's rows are on its own sheet
        try:
            data[fid] = convert(value, fid, spec)
        except _CellError as e:
            problems.append(MESSAGES.at(parsed, e.code, (fid,), **e.params))
    if sheet_type and "type" not in data:
        data["type"] = sheet_type
    extra: list[Any] = []
    if tid is not None:
        code = data.get("code")
        for fid, spec in specs.items():
            if spec.type == "events":
                problems += regs.attach(fid, spec, tid, code, data, raw.get(fid), parsed, extra)
        if code is not None:
            extra += regs.other_registers(code, tid, specs, types)
    if problems:
        yield RowError(problems, f"{source}:{rowno}")
    else:
        parsed.data = data
        yield data, parsed
    yield from extra


def _see_sheet(value: Any) -> bool:
    """A register's cell saying its rows are on the register's sheet: có, x, "có (ghi ở trang Vụ việc)"."""
    if not isinstance(value, str) or value.strip().startswith("["):
        return False
    words = fold(value).replace("(", " ").replace("—", " ").replace("-", " ").split()
    return bool(words) and words[0] in TRUE and not is_none_word(value)


# ----------------------------------------------------------------------------- registers on their own sheet


@dataclass
class _RegRow:
    row: int
    code: str
    name: str | None
    item: dict[str, Any]
    cols: dict[str, int]
    problems: list[Problem]
    matched: bool = False


class _Registers:
    """The rows of the register sheets of a workbook, by register and unit code, read before the units."""

    def __init__(self, types: _Types) -> None:
        self.types = types
        self.rows: dict[str, dict[str, list[_RegRow]]] = {}      # fact → folded code → rows
        self.sheets: dict[str, tuple[str, str]] = {}               # fact → (sheet name, source)
        self.early: dict[str, list[Any]] = {}                      # sheet name → problems found while reading
        self.code_col: dict[str, int] = {}

    def read(self, sheet: str, source: str, rows: Any) -> None:
        fid = self.types.register_of_sheet(sheet)
        assert fid is not None
        reg = self.types.registers()[fid]
        self.sheets[fid] = (sheet, source)
        found = self.rows.setdefault(fid, {})
        out = self.early.setdefault(sheet, [])
        lookup = reg["names"]

        def names(text: str, exact: bool = False) -> str | None:
            if exact:
                return text if text in reg["fields"] or text in ("code", "name") else None
            return lookup.get(fold(_REQUIRED_MARK.sub("", text))) or lookup.get(strip_marks(_REQUIRED_MARK.sub("", text)))

        def clean() -> Iterator[tuple[int, list[Any]]]:
            for item in _rows(rows, source):
                if isinstance(item, _Failed):
                    out.append(item.error(source))  # said with the sheet's other problems
                    continue
                yield item

        it = clean()
        header = _find_header(it, source, names, self.types.ignored, sorted(k for k in lookup if k.isidentifier()))
        if header is None:
            out.append(InputError([MESSAGES.problem(source, "sheet-no-header", n=HEADER_SEARCH)]))
            return
        first_data = True
        code_label = header.labels.get(header.col("code") or 0, "code")
        if header.col("code"):
            self.code_col[fid] = header.col("code")
        for rowno, cells in it:
            filled = [(i, c) for i, c in enumerate(cells, start=1) if not _blank(c)]
            if not filled or (isinstance(filled[0][1], str) and filled[0][1].lstrip().startswith("#")):
                continue
            if first_data:
                first_data = False
                if _is_ids_row(cells, names):
                    _apply_ids(header, cells, rowno, source)
                    if header.problems:
                        out.append(InputError(header.problems))
                    continue
                if header.problems:
                    out.append(InputError(header.problems))
            data = [(i, c) for i, c in filled if i in header.fields]
            if not data:
                continue
            code_col = header.col("code")
            code = cells[code_col - 1] if code_col and code_col <= len(cells) else None
            if _blank(code):
                if len(data) == 1 and isinstance(data[0][1], str):
                    out.append(MESSAGES.problem(source, "sheet-group-row", line=rowno, col=data[0][0], level=WARNING,
                                                text=_text(data[0][1])[:60]))
                    continue
                out.append(InputError([MESSAGES.problem(source, "register-no-code", line=rowno, col=code_col,
                                                        label=code_label)]))
                continue
            name_col = header.col("name")
            name = cells[name_col - 1] if name_col and name_col <= len(cells) else None
            item: dict[str, Any] = {}
            cols: dict[str, int] = {}
            problems: list[Problem] = []
            for col, f in header.fields.items():
                if f in ("code", "name"):
                    continue
                cols[f] = col
                value = cells[col - 1] if col <= len(cells) else None
                if _blank(value):
                    continue
                spec = reg["fields"].get(f)
                try:
                    item[f] = _text(value) if spec is not None and spec.type == "enum" else convert(value, f, spec)
                except _CellError as e:
                    problems.append(MESSAGES.problem(source, e.code, line=rowno, col=col,
                                                     field=f"{f} ({column_letter(col)}{rowno})", **e.params))
            key = fold(_text(code))
            found.setdefault(key, []).append(_RegRow(rowno, _text(code), None if _blank(name) else _text(name), item,
                                                     cols, problems))

    def has(self, fid: str) -> bool:
        return fid in self.sheets

    def problems_of(self, sheet: str) -> list[Any]:
        return self.early.pop(sheet, [])

    def attach(self, fid: str, spec: Any, tid: str, code: Any, data: dict[str, Any], cell: Any, parsed: SheetParsed,
               extra: list[Any]) -> list[Problem]:
        """Put the unit's rows of register `fid` into `data[fid]`; the problems of the unit (its cell
        contradicting the sheet, a value not allowed for this unit type) are returned, warnings go to
        `extra`."""
        if fid not in self.sheets:
            return []
        sheet, source = self.sheets[fid]
        rows = self.rows.get(fid, {}).get(fold(code)) if code is not None else None
        label = spec.label.vi
        if not rows:
            if _see_sheet(cell):
                code_msg = ("register-see-sheet-empty", {"code": code}) if code is not None else \
                    ("register-see-sheet-no-code", {})
                return [MESSAGES.at(parsed, code_msg[0], (fid,), value=_text(cell)[:40], sheet=sheet, **code_msg[1])]
            return []
        for r in rows:
            r.matched = True
        listed = ", ".join(str(r.row) for r in rows[:10]) + ("…" if len(rows) > 10 else "")
        if cell is not None and not _see_sheet(cell):
            if is_none_word(cell) or (isinstance(cell, str) and cell.strip() == "[]"):
                return [MESSAGES.at(parsed, "register-none-but-rows", (fid,), sheet=sheet, n=len(rows), rows=listed)]
            return [MESSAGES.at(parsed, "register-twice", (fid,), register=label, sheet=sheet, rows=listed)]
        problems: list[Problem] = []
        items = []
        parsed.elsewhere = parsed.elsewhere or {}
        for i, r in enumerate(rows):
            problems += r.problems
            item = dict(r.item)
            for f, value in r.item.items():
                fs = spec.fields.get(f)
                if fs is None or fs.type != "enum":
                    continue
                found = fs.choice(value)
                if found is None:
                    col = r.cols.get(f)
                    guess = closest(fold(value), [v.label.vi for v in fs.values])
                    problems.append(MESSAGES.problem(source, "sheet-bad-choice", line=r.row, col=col,
                                                     field=f"{f} ({column_letter(col)}{r.row})" if col else f,
                                                     value=value[:40], hint=hint(guess),
                                                     choices=", ".join(v.label.vi for v in fs.values)))
                else:
                    item[f] = found
            items.append(item)
            parsed.elsewhere[(fid, i)] = (source, r.row, r.cols)
            name = data.get("name")
            if r.name and name and fold(r.name) != fold(name):
                extra.append(MESSAGES.problem(source, "register-name-differs", line=r.row, level=WARNING, given=r.name,
                                              code=r.code, name=name))
        data[fid] = items
        return problems

    def other_registers(self, code: Any, tid: str, specs: dict[str, Any], types: _Types) -> list[Any]:
        """Rows of a register this unit type does not keep, linked to this unit's code: reported."""
        out: list[Any] = []
        for fid, by_code in self.rows.items():
            if fid in specs:
                continue
            rows = by_code.get(fold(code)) or []
            sheet, source = self.sheets[fid]
            label = types.criteria.latest(tid).label.vi
            for r in rows:
                if r.matched:
                    continue
                r.matched = True
                out.append(InputError([MESSAGES.problem(source, "register-not-of-type", line=r.row, code=r.code,
                                                        type=label, register=types.registers()[fid]["label"].vi)]))
        return out

    def unmatched(self) -> Iterator[InputError]:
        for fid, by_code in self.rows.items():
            sheet, source = self.sheets[fid]
            for rows in by_code.values():
                for r in rows:
                    if not r.matched:
                        col = self.code_col.get(fid)
                        yield InputError([MESSAGES.problem(source, "register-unknown-unit", line=r.row, col=col,
                                                           field=f"code ({column_letter(col)}{r.row})" if col else None,
                                                           code=r.code)])


# ----------------------------------------------------------------------------- cells


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
    # a line break typed in a cell (Alt+Enter) may come back as \r\n from a CSV: one \n
    return unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()


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
        return choices_in(s, spec)
    if t == "events":
        return _yaml_list(_text(value))
    return _text(value)


def choices_in(text: str, spec: Any) -> list[str]:
    """The choices named in a cell: separated by ';' or line breaks, or by commas — a label that
    holds a comma itself ("Nhà trẻ, nhóm trẻ") is kept whole."""
    out: list[str] = []
    for piece in re.split(r"[;\n]", text):
        parts = [p.strip() for p in piece.split(",")]
        i = 0
        while i < len(parts):
            for j in range(len(parts), i, -1):  # the longest run of parts that names a choice
                joined = ", ".join(parts[i:j])
                if j - i > 1 and spec.choice(joined):
                    out.append(joined)
                    i = j
                    break
            else:
                if parts[i]:
                    out.append(parts[i])
                i += 1
    return out


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
