"""`xlsx-assessed`: the input workbook, assessed — the same workbook (or a csv as a workbook), written
to a new file, with three columns beside each row: its result (coloured by outcome), the criteria
not met or lacking data, and why; a row that could not be read says why in the same place, and so
does a row antt ignored (a group heading) or a row of the incidents sheet that belongs to no unit.
A summary sheet comes first: counts by unit type, by commune with the threshold of Art. 5.4, and
the units that did not pass, each linked to its row.

    antt assess xa-minh-tan.xlsx -o xlsx-assessed=xa-minh-tan-ket-qua.xlsx
    antt assess xa-minh-tan.xlsx --format xlsx-assessed -o xa-minh-tan-ket-qua.xlsx

The input is never written (-o naming it is refused); the copy keeps the workbook's sheets, styles,
drop-downs, widths and formulas (openpyxl; pictures and charts of the input are not kept). Read
back by antt, the three columns and the summary sheet are ignored, so a corrected copy can be
assessed again. Exactly one spreadsheet among the inputs: other inputs (record files) count in the
summary. The whole workbook is held in memory while it is written (a commune's workbook is small;
for a province, use the `xlsx` report).
"""

from __future__ import annotations

import os
from copy import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from antt_cli.problems import InputError, Messages
from antt_cli.report.base import Format
from antt_cli.report.human import HumanWriter, parent_words
from antt_cli.report.sheets import (FILL, FONT, HEAD_FILL, INK, MEETS_STYLE, SIZE, WORDS as SHEET_WORDS, cell, height, lines,
                                    meets_line)
from antt_cli.report.words import WORDS
from antt_cli.words import Words

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary
    from antt_cli.problems import Problem

FORMAT = Format("xlsx-assessed", (".xlsx",), binary=True, terminal=False, order=55,
                description=("bảng tính đầu vào, kèm kết quả từng dòng", "the input workbook, each row with its result"))

MESSAGES = Messages({
    "assessed-one-sheet": ("xlsx-assessed ghi lại đúng một bảng tính đầu vào (.xlsx, .csv) kèm kết quả; lần chạy này "
                           "có {n}{names}",
                           "xlsx-assessed writes back exactly one input spreadsheet (.xlsx, .csv) with its results; "
                           "this run has {n}{names}"),
})
WORDS_HERE = Words({
    "warning": ("Lưu ý", "Note"),
    "ignored": ("Bỏ qua", "Ignored"),
    "title": ("KẾT QUẢ ĐÁNH GIÁ", "ASSESSMENT RESULTS"),
    "of_file": ("Bảng tính: {file}", "Workbook: {file}"),
    "not_passing": ("Đơn vị chưa đạt hoặc thiếu dữ liệu ({n})", "Units that did not pass or lack data ({n})"),
    "invalid_rows": ("Dòng không đọc được ({n})", "Rows that could not be read ({n})"),
    "col.where": ("Dòng", "Row"),
    "none": ("Mọi đơn vị đều đạt hoặc không thuộc đối tượng.", "Every unit passes or is out of scope."),
    "more": ("… và {n} dòng khác: lọc theo cột “{column}” ở từng trang.",
             "… and {n} more rows: filter on the column “{column}” of each sheet."),
})
WIDTHS = (20, 22, 60)
LISTED = 200  # rows listed on the summary sheet (each judged on its own sheet)


@dataclass
class _Mark:
    outcome: str          # pass | fail | incomplete | out_of_scope | invalid | warning
    label: str
    criteria: str = ""
    reasons: str = ""


def _sheet() -> Any:
    """records.spreadsheet (imported when the copy is written: the format registry, read by `antt
    --help`, must stay light)."""
    from antt_cli.records import spreadsheet

    return spreadsheet


class Writer(HumanWriter):
    FORMAT = FORMAT

    def start(self) -> None:
        from antt_cli.report.spool import Spool

        self.failing, self.problems = Spool(), Spool()  # (the workbook is saved to its path: no stream opened)
        books = [p for p in self.ctx.inputs if p.lower().endswith((".xlsx", ".csv")) and not os.path.isdir(p)]
        if len(books) != 1:
            names = (": " + ", ".join(books[:5])) if books else ""
            raise InputError([MESSAGES.problem(self.ctx.target or "-o", "assessed-one-sheet", n=len(books), names=names)])
        self.book = books[0]
        self.marks: dict[tuple[str | None, int], _Mark] = {}

    def _key(self, source: str) -> tuple[str | None, int] | None:
        path, sheet, row = _sheet().split_source(source)
        return (sheet, row) if path == self.book and row else None

    def unit(self, result: UnitResult) -> None:
        from antt_cli.report.human import Failing

        if result.outcome in ("fail", "incomplete"):  # listed on the summary sheet, linked to their row
            self.failing.add(Failing.of(result, result.file))
        key = self._key(result.file)
        if key is None:
            return
        L = self.lang
        issues = result.issues()
        ids = ", ".join(c.id for c in issues)
        reasons = "\n".join(f"{c.id}: {'; '.join(x.strip() for x in c.reasons)}" for c in issues)
        if result.scope and result.outcome in ("out_of_scope", "incomplete") and not issues:
            reasons = result.scope["reason"]
        self.marks[key] = _Mark(result.outcome, WORDS(f"outcome.{result.outcome}", L), ids, reasons)

    def invalid(self, source: str, problems: list[Problem]) -> None:
        super().invalid(source, problems)
        L = self.lang
        key = self._key(source)
        if key is not None:
            self.marks[key] = _Mark("invalid", WORDS("invalid_outcome", L), "",
                                    "\n".join(_where(p, key) + p.message(L) for p in problems))
        for p in problems:  # a problem on another row (the incident of a unit, on the incidents sheet)
            other = self._key(f"{p.file}:{p.line}") if p.line else None
            if other is not None and other != key and other not in self.marks:
                self.marks[other] = _Mark("invalid", WORDS("invalid_outcome", L), "", p.message(L))

    def warning(self, problem: Problem) -> None:
        key = self._key(f"{problem.file}:{problem.line}") if problem.line else None
        if key is not None and key not in self.marks:
            ignored = problem.code in ("sheet-group-row", "sheet-total-row")
            self.marks[key] = _Mark("warning" if not ignored else "out_of_scope",
                                    WORDS_HERE("ignored" if ignored else "warning", self.lang), "",
                                    problem.message(self.lang))

    # -- the copy -----------------------------------------------------------------------------
    def finish(self, summary: Summary | None) -> None:
        try:
            wb = self._load()
            for ws in wb.worksheets:
                sheet = None if self.book.lower().endswith(".csv") else ws.title
                rows = {r: m for (s, r), m in self.marks.items() if s == sheet}
                if rows and not _sheet().own_sheet(ws.title):
                    self._annotate(ws, rows)
            if summary is not None:
                self._summary(wb, summary)
            self.wb = wb
        finally:
            super().finish(None)

    def _load(self) -> Any:
        from openpyxl import Workbook, load_workbook

        if not self.book.lower().endswith(".csv"):
            wb = load_workbook(self.book)  # formulas, styles, drop-downs kept
            for name in list(wb.sheetnames):
                words = _sheet().RESULT_WORDS
                if name in (words("sheet.summary", "vi"), words("sheet.summary", "en")):
                    del wb[name]  # the summary of an earlier assessed copy: written again
            return wb
        import csv
        import io

        with open(self.book, "rb") as fh:
            text = _sheet().decode_text(fh.read(), self.book)
        wb = Workbook()
        ws = wb.active
        ws.title = _title(os.path.splitext(os.path.basename(self.book))[0])
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=_sheet().sniff_delimiter(text)):
            ws.append([cell(v) if v != "" else None for v in row])
        return wb

    def _annotate(self, ws: Any, rows: dict[int, _Mark]) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.utils import get_column_letter

        L = self.lang
        header, ids_row = _header_row(ws, min(rows))
        heads = [_sheet().RESULT_WORDS(k, L) for k in ("col.outcome", "col.criteria", "col.reasons")]
        known = {f.casefold(): i for i, f in enumerate(_sheet().RESULT_WORDS(k, lang) for lang in ("vi", "en")
                                                      for k in ("col.outcome", "col.criteria", "col.reasons"))}
        first = None
        if header:  # an assessed copy assessed again: its own columns are written over
            for c in range(1, ws.max_column + 1):
                v = ws.cell(header, c).value
                if isinstance(v, str) and v.strip().casefold() in known and known[v.strip().casefold()] % 3 == 0:
                    first = c
                    break
        if first is None:
            first = ws.max_column + 1
        thin = Side(style="thin", color="808080")
        bold = Font(name=FONT, size=SIZE, bold=True)
        for i, h in enumerate(heads):
            col = first + i
            ws.column_dimensions[get_column_letter(col)].width = WIDTHS[i]
            if header:
                c = ws.cell(header, col, h)
                c.font = bold
                c.fill = PatternFill("solid", fgColor=HEAD_FILL)
                c.alignment = Alignment(wrap_text=True, vertical="center")
                c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if ids_row:
                ws.cell(ids_row, col, _sheet().RESULT_IDS[i])
        styles: dict[tuple[str, int], Any] = {}  # (outcome, column) → a styled cell whose style the others copy
        for r, m in sorted(rows.items()):
            values = (m.label, m.criteria or None, m.reasons or None)
            for i, v in enumerate(values):
                c = ws.cell(r, first + i, cell(v))
                model = styles.get((m.outcome, i))
                if model is None:  # styling a cell through openpyxl's descriptors is slow: once per kind
                    c.fill = PatternFill("solid", fgColor=FILL.get(m.outcome, "FFF2CC"))
                    c.alignment = Alignment(wrap_text=i > 0, vertical="top")
                    c.font = Font(name=FONT, size=SIZE, bold=i == 0, color=INK.get(m.outcome, "7F6000") if i == 0 else None)
                    styles[(m.outcome, i)] = c
                else:
                    c._style = copy(model._style)
            need = height(max(lines(m.reasons, WIDTHS[2]), lines(m.criteria, WIDTHS[1])))
            current = ws.row_dimensions[r].height
            if need and (current is None or current < need):
                ws.row_dimensions[r].height = need

    def _summary(self, wb: Any, summary: Summary) -> None:
        L = self.lang
        ws = wb.create_sheet(_sheet().RESULT_WORDS("sheet.summary", L), 0)
        wb.active = 0
        for sheet in wb.worksheets[1:]:
            sheet.sheet_view.tabSelected = False
        ws.sheet_view.tabSelected = True
        t = _Table(ws, (30, 16, 16, 12, 14, 16, 18, 18, 22))
        t.text(WORDS_HERE("title", L), "title")
        t.text(WORDS_HERE("of_file", L, file=os.path.basename(self.book)))
        t.text(WORDS("files", L, inputs=summary.inputs, units=summary.units, invalid=summary.invalid))
        t.skip()
        t.text(WORDS("by_type", L), "bold")
        t.row(self.type_header() + [SHEET_WORDS("col.rate_type", L)], "head")
        rows = self.type_rows(summary)
        for i, row in enumerate(rows):
            share = row[2] / (row[1] - row[5]) if row[1] - row[5] else None
            t.row(row + [share], "total" if i == len(rows) - 1 else "cell", {len(row): "0.0%"})
        communes = summary.commune_rows()
        if communes:
            p = parent_words(summary, L)
            line = summary.rollup_line
            t.skip()
            t.text(SHEET_WORDS("sheet.communes", L, **p), "bold")
            head = [WORDS("col.commune", L, **p), WORDS("col.units", L), WORDS("col.in_scope", L), WORDS("col.passed", L),
                    WORDS("col.rate", L)]
            ref = (line["ref"].get(L) or line["ref"]["vi"]) if line else ""
            if line:
                head += [SHEET_WORDS("col.threshold", L, ref=ref), SHEET_WORDS("col.meets", L)]
            head.append(WORDS("col.commune_outcome", L, **p))
            t.row(head, "head")
            for c in communes:
                rec = c["record"]
                values: list[Any] = [c["commune"] or WORDS("no_commune", L), c["units"], c["in_scope"], c["pass"],
                                     c["pass"] / c["in_scope"] if c["in_scope"] else None]
                fmts: dict[int, str] = {4: "0.0%"}
                fills: dict[int, str] = {}
                if line:
                    meets = meets_line(c, line["percent"])
                    values += [line["percent"] / 100, SHEET_WORDS(f"meets.{meets}", L)]
                    fmts[5] = "0%"
                    fills[6] = MEETS_STYLE[meets]
                values.append(WORDS(f"outcome.{rec['outcome']}", L) if rec else WORDS("not_in_batch", L))
                if rec:
                    fills[len(values) - 1] = rec["outcome"]
                t.row(values, "cell", fmts, fills)
            for text in self.rollup_lines(summary):
                t.text(text.strip(), span=len(head))
        t.skip()
        n = self.failing.count
        t.text(WORDS_HERE("not_passing", L, n=n), "bold")
        if n:
            t.row([WORDS("col.unit", L), WORDS("col.type", L), WORDS("col.outcome", L), WORDS("col.criteria", L),
                   WORDS_HERE("col.where", L)], "head", spans={3: 3})
            for k, item in enumerate(self.failing):
                if k == LISTED:
                    column = _sheet().RESULT_WORDS("col.outcome", L)
                    t.text(WORDS_HERE("more", L, n=n - LISTED, column=column), span=8)
                    break
                key = self._key(item.source) if item.source else None
                shown, link = _link(self.ctx.path(item.source), key)
                t.row([item.name, item.type_label, item.outcome_label, ", ".join(i.id for i in item.issues), shown],
                      "cell", fills={2: item.outcome}, spans={3: 3}, link=(4, link))
        else:
            t.text(WORDS_HERE("none", L))
        if self.problems.count:
            t.skip()
            t.text(WORDS_HERE("invalid_rows", L, n=self.problems.count), "bold")
            for k, (source, problems) in enumerate(self.problems):
                if k == LISTED:
                    column = _sheet().RESULT_WORDS("col.outcome", L)
                    t.text(WORDS_HERE("more", L, n=self.problems.count - LISTED, column=column), span=8)
                    break
                key = self._key(source)
                shown, link = _link(self.ctx.path(source), key)
                t.row([shown, "\n".join((f"{p.field}: " if p.field else "") + p.message(L) for p in problems)], "cell",
                      fills={0: "invalid"}, spans={1: 7}, link=(0, link))
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.oddFooter.left.text, ws.oddFooter.right.text = "&A", "&P/&N"

    def close(self, summary: Summary | None) -> None:
        import io
        import sys

        self.finish(summary)
        if self.output.is_stdout:
            buf = io.BytesIO()
            self.wb.save(buf)
            sys.stdout.buffer.write(buf.getvalue())
            sys.stdout.buffer.flush()
            return
        self.wb.save(self.output.path_for_writer())
        self.output.commit()


class _Table:
    """The summary sheet, written top down: lines of text, and table rows with borders, number
    formats, outcome colours and heights that fit their wrapped text."""

    def __init__(self, ws: Any, widths: tuple[int, ...]) -> None:
        from openpyxl.styles import Border, Font, PatternFill, Side
        from openpyxl.utils import get_column_letter

        self.ws, self.widths, self.r = ws, widths, 1
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        thin = Side(style="thin", color="A6A6A6")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.fonts = {"title": Font(name=FONT, size=14, bold=True), "bold": Font(name=FONT, size=SIZE, bold=True),
                      "cell": Font(name=FONT, size=SIZE), "head": Font(name=FONT, size=SIZE, bold=True),
                      "total": Font(name=FONT, size=SIZE, bold=True)}
        self.head_fill = PatternFill("solid", fgColor=HEAD_FILL)
        self.PatternFill, self.Font = PatternFill, Font

    def skip(self) -> None:
        self.r += 1

    def text(self, value: str, style: str = "cell", span: int = 0) -> None:
        from openpyxl.styles import Alignment

        c = self.ws.cell(self.r, 1, cell(value))
        c.font = self.fonts[style]
        if span > 1:  # a long line: wrapped across the table's width
            self.ws.merge_cells(start_row=self.r, start_column=1, end_row=self.r, end_column=span)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            h = height(lines(value, sum(self.widths[:span])))
            if h:
                self.ws.row_dimensions[self.r].height = h
        self.r += 1

    def row(self, values: list[Any], style: str, fmts: dict[int, str] | None = None, fills: dict[int, str] | None = None,
            spans: dict[int, int] | None = None, link: tuple[int, str | None] | None = None) -> None:
        from openpyxl.styles import Alignment

        col, need = 1, 1
        for i, v in enumerate(values):
            width = (spans or {}).get(i, 1)
            c = self.ws.cell(self.r, col, cell(v))
            c.font = self.fonts[style]
            c.border = self.border
            numeric = isinstance(v, (int, float)) and not isinstance(v, bool)
            c.alignment = Alignment(wrap_text=not numeric, vertical="center" if style == "head" else "top",
                                    horizontal="center" if style == "head" else None)
            if style == "head":
                c.fill = self.head_fill
            if fmts and i in fmts:
                c.number_format = fmts[i]
            outcome = (fills or {}).get(i)
            if outcome:
                c.fill = self.PatternFill("solid", fgColor=FILL.get(outcome, "FFFFFF"))
                c.font = self.Font(name=FONT, size=SIZE, bold=True, color=INK.get(outcome))
            if link and link[0] == i and link[1]:
                from openpyxl.worksheet.hyperlink import Hyperlink

                c.hyperlink = Hyperlink(ref=c.coordinate, location=link[1])  # a place in this workbook
                c.font = self.Font(name=FONT, size=SIZE, color="0563C1", underline="single")
            if width > 1:
                self.ws.merge_cells(start_row=self.r, start_column=col, end_row=self.r, end_column=col + width - 1)
            need = max(need, lines(v, sum(self.widths[col - 1: col - 1 + width])) if not numeric else 1)
            col += width
        h = height(need)
        if h:
            self.ws.row_dimensions[self.r].height = h
        self.r += 1


def _title(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31] or "Sheet1"


def _where(p: Problem, key: tuple[str | None, int]) -> str:
    """A problem's place when it is not the row's own cell: another sheet's row (the incidents)."""
    path, sheet, _ = _sheet().split_source(p.file)
    if p.line and (sheet, p.line) != key:
        return f"{sheet}!{p.line}: " if sheet else f"{p.line}: "
    return f"{p.field}: " if p.field else ""


def _link(source: str, key: tuple[str | None, int] | None) -> tuple[str, str | None]:
    """The text and the in-workbook link of a unit's row."""
    if key is None:
        return source, None
    sheet, row = key
    if sheet is None:
        return str(row), None
    quoted = "'" + sheet.replace("'", "''") + "'"
    return f"{sheet}!{row}", f"{quoted}!A{row}"


def _header_row(ws: Any, first_data: int) -> tuple[int | None, int | None]:
    """The header above the first data row, as the reader found it: skipping '#' rows (guidance),
    blank rows and the row of field ids (antt's own workbooks), which is returned too."""
    ids_row = None
    r = first_data - 1
    while r >= 1:
        values = [c.value for c in ws[r] if c.value not in (None, "")]
        if not values:
            r -= 1
            continue
        if isinstance(values[0], str) and values[0].lstrip().startswith("#"):
            r -= 1
            continue
        if all(isinstance(v, str) and (v.isidentifier() and v == v.lower() or v.startswith("#")) for v in values) \
                and len(values) >= 2 and ids_row is None:
            ids_row = r
            r -= 1
            continue
        return r, ids_row
    return None, ids_row
