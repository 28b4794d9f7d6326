"""`xlsx`: the report workbook (XlsxWriter, constant_memory: each row goes to disk as it is written,
so memory stays flat for a province).

Sheets: the summary (by unit type, with pass rates); one row per commune with the share of its
units that pass, the threshold of Art. 5.4 (the 70% of its own criteria, read from them) and a
native Excel chart of both; the units (one row per unit, its outcome coloured, the criteria not met
and why); the criteria not met (one row per unit and criterion, with the figures found and
required); the errors; the warnings. Vietnamese headers (English with --lang en), bold, frozen,
filtered; widths set and reasons wrapped; counts and shares stored as numbers (a share with a %
format); paths relative to where the batch ran; printed landscape, one page wide, the header row
repeated on each page.

Text from records is text: a cell that a spreadsheet would run as a formula (=, +, -, @) is
neutralised; characters a workbook cannot hold are replaced.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

from antt_cli.report.base import Format
from antt_cli.report.human import OUTCOME_ORDER, HumanWriter, cite, parent_words
from antt_cli.report.sheets import (FILL, FONT, HEAD_FILL, INK, MAX_ROWS, MEETS_STYLE, SIZE, WORDS as SHEET_WORDS, cell,
                                    height, lines, meets_line)
from antt_cli.report.words import WORDS

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary
    from antt_cli.problems import Problem

FORMAT = Format("xlsx", (".xlsx",), binary=True, terminal=False,
                description=("báo cáo Excel", "an Excel report"), order=50)

# (key, words key, width, wrapped)
UNIT_COLS = (("name", "f:name|col.name", 26, True), ("type", "f:type|col.type", 14, True),
             ("code", "f:code|col.unit_code", 13, False), ("commune", "f:commune|commune", 18, True),
             ("province", "f:province|col.province", 12, True), ("year", "f:year|col.year", 9, False),
             ("outcome", "col.outcome", 16, True), ("failed", "s:col.failed", 12, True),
             ("incomplete", "s:col.incomplete", 12, True), ("reasons", "col.reasons", 60, True),
             ("scope", "s:col.scope", 24, True), ("file", "col.file", 34, False))
CRIT_COLS = (("name", "f:name|col.name", 26, True), ("type", "f:type|col.type", 14, True),
             ("code", "f:code|col.unit_code", 13, False), ("commune", "f:commune|commune", 18, True),
             ("criterion", "col.criterion", 10, False), ("citation", "col.citation", 16, True),
             ("title", "col.title", 44, True), ("status", "col.status", 13, True), ("reasons", "col.reasons", 60, True),
             ("file", "col.file", 34, False))
PROBLEM_COLS = (("file", "col.file", 36, True), ("line", "s:col.line", 7, False), ("col", "s:col.col", 7, False),
                ("field", "col.field", 28, True), ("code", "col.code", 22, False), ("message", "col.message", 80, True))
PRINTED = {"units": 11, "criteria": 9}  # the file column is left off the printed page (it is in the sheet)


def _word(key: str, lang: str, labels: dict[str, str] | None = None, **params: Any) -> str:
    """A column's header: the rule set's label of a record field (f:commune → "Xã, phường, đặc khu
    quản lý"), else the report's words."""
    if key.startswith("f:"):
        fid, _, fallback = key[2:].partition("|")
        return (labels or {}).get(fid) or WORDS(fallback, lang, **params)
    return SHEET_WORDS(key[2:], lang, **params) if key.startswith("s:") else WORDS(key, lang, **params)


class _Sheet:
    """A streamed worksheet: a header row, rows in order, the filter and print setup at the end."""

    def __init__(self, wb: Any, name: str, cols: tuple[tuple[str, str, int, bool], ...], lang: str, f: dict[str, Any],
                 labels: dict[str, str], freeze_cols: int = 1) -> None:
        self.ws = wb.add_worksheet(name[:31])
        self.cols, self.f, self.row, self.lost = cols, f, 0, 0
        heads = [_word(key, lang, labels, parent="") for _, key, _, _ in cols]
        for c, (_, key, width, wrapped) in enumerate(cols):
            self.ws.set_column(c, c, width, f["wrap"] if wrapped else f["cell"])
        self.ws.set_row(0, height(max(lines(h, w) for h, (_, _, w, _) in zip(heads, cols))))
        for c, h in enumerate(heads):
            self.ws.write_string(0, c, h, f["head"])
        self.ws.freeze_panes(1, freeze_cols)
        _print_setup(self.ws)
        self.ws.repeat_rows(0)

    def add(self, values: list[Any], formats: dict[int, Any] | None = None) -> None:
        if self.row + 1 >= MAX_ROWS:
            self.lost += 1
            return
        self.row += 1
        n = max((lines(v, w) for v, (_, _, w, wrapped) in zip(values, self.cols) if wrapped), default=1)
        h = height(n)
        if h is not None:
            self.ws.set_row(self.row, h)
        for c, v in enumerate(values):
            fmt = (formats or {}).get(c)
            if fmt is None and (v is None or v == ""):
                continue  # an empty cell takes its column's format: nothing to write
            _write(self.ws, self.row, c, v, fmt or (self.f["wrap"] if self.cols[c][3] else self.f["cell"]))
        # The row before this one is on disk now (constant_memory), but XlsxWriter keeps each row's
        # height for the rest of the run (row_info, row_sizes: ~250 bytes a row, 50 MB for 100 000
        # units and their criteria). Forget them: these sheets hold no picture placed by row sizes.
        for name in ("row_info", "row_sizes"):
            kept = getattr(self.ws, name, None)
            if isinstance(kept, dict):
                kept.pop(self.row - 1, None)

    def close(self, printed: int | None = None) -> None:
        self.ws.autofilter(0, 0, max(self.row, 1), len(self.cols) - 1)
        if printed:
            self.ws.print_area(0, 0, max(self.row, 1), printed - 1)


def _write(ws: Any, r: int, c: int, v: Any, fmt: Any) -> None:
    v = cell(v)
    if v is None or v == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(v, bool):
        ws.write_boolean(r, c, v, fmt)
    elif isinstance(v, (int, float)):
        ws.write_number(r, c, v, fmt)
    else:
        ws.write_string(r, c, str(v), fmt)


def _print_setup(ws: Any) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many pages long as it takes
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer('&L&"Times New Roman"&10&A&R&"Times New Roman"&10&P/&N')


def formats(wb: Any) -> dict[str, Any]:
    base = {"font_name": FONT, "font_size": SIZE, "valign": "top"}
    f = {
        "cell": wb.add_format(base),
        "wrap": wb.add_format({**base, "text_wrap": True}),
        "head": wb.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#" + HEAD_FILL, "border": 1,
                               "valign": "vcenter", "align": "center"}),
        "center": wb.add_format({**base, "align": "center"}),
        "title": wb.add_format({**base, "bold": True, "font_size": 14}),
        "bold": wb.add_format({**base, "bold": True}),
        "int": wb.add_format({**base, "num_format": "0"}),
        "pct": wb.add_format({**base, "num_format": "0.0%"}),
        "pct0": wb.add_format({**base, "num_format": "0%"}),
        "total": wb.add_format({**base, "bold": True, "top": 1}),
        "total_pct": wb.add_format({**base, "bold": True, "top": 1, "num_format": "0.0%"}),
        "note": wb.add_format({**base, "italic": True, "text_wrap": True, "font_color": "#404040"}),
    }
    for outcome in FILL:
        f[outcome] = wb.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#" + FILL[outcome],
                                    "font_color": "#" + INK[outcome]})
        f[outcome + "_wrap"] = wb.add_format({**base, "text_wrap": True, "bg_color": "#" + FILL[outcome]})
    return f


def rate(n: int, d: int) -> float | None:
    return n / d if d else None




class Writer(HumanWriter):
    FORMAT = FORMAT

    def start(self) -> None:
        import tempfile

        import xlsxwriter

        self.failing = None  # type: ignore[assignment]
        self.problems = None  # type: ignore[assignment]
        L = self.lang
        if self.output.is_stdout:
            fd, self.path = tempfile.mkstemp(suffix=".xlsx")
            os.close(fd)
        else:
            self.path = self.output.path_for_writer()
        self.wb = xlsxwriter.Workbook(self.path, {"constant_memory": True, "strings_to_formulas": False,
                                                  "strings_to_urls": False, "strings_to_numbers": False})
        self.wb.set_properties({"title": WORDS("title", L), "author": "antt", "created": dt.datetime.now()})
        self.f = formats(self.wb)
        self.ws_summary = self.wb.add_worksheet(WORDS("sheet.summary", L))
        self.ws_communes = self.wb.add_worksheet("communes")  # renamed when the parent's label is known
        labels = self.ctx.labels
        self.units = _Sheet(self.wb, WORDS("sheet.units", L), UNIT_COLS, L, self.f, labels)
        self.criteria = _Sheet(self.wb, WORDS("sheet.criteria", L), CRIT_COLS, L, self.f, labels)
        self.errors = _Sheet(self.wb, WORDS("sheet.errors", L), PROBLEM_COLS, L, self.f, labels, freeze_cols=0)
        self.warnings = _Sheet(self.wb, SHEET_WORDS("sheet.warnings", L), PROBLEM_COLS, L, self.f, labels, freeze_cols=0)
        self.n_warnings = 0

    # -- streamed rows ------------------------------------------------------------------
    def unit(self, result: UnitResult) -> None:
        L, u, f = self.lang, result.unit, self.f
        source = self.ctx.path(result.file)
        issues = result.issues()
        failed = [c.id for c in issues if c.status == "fail"]
        incomplete = [c.id for c in issues if c.status == "incomplete"]
        reasons = "\n".join(f"{c.id}: {'; '.join(x.strip() for x in c.reasons)}" for c in issues)
        scope = result.scope["reason"] if result.scope else None
        o = result.outcome
        self.units.add([u["name"], u.get("type_label") or u["type"], u.get("code"), u.get("commune"), u.get("province"),
                        u["year"], WORDS(f"outcome.{o}", L), ", ".join(failed), ", ".join(incomplete), reasons, scope,
                        source], {6: f[o], 9: f[o + "_wrap"] if reasons else None})
        for c in issues:
            self.criteria.add([u["name"], u.get("type_label") or u["type"], u.get("code"), u.get("commune"), c.id, cite(c),
                               c.title, WORDS(f"status.{c.status}", L), "\n".join(x.strip() for x in c.reasons), source],
                              {7: f[c.status]})

    def invalid(self, source: str, problems: list[Problem]) -> None:
        L = self.lang
        text = "\n".join((f"{p.field}: " if p.field else "") + p.message(L) for p in problems)
        where = self.ctx.path(source)  # in the name's place: the file column is not printed
        self.units.add([where, None, None, None, None, None, WORDS("invalid_outcome", L), None, None, text, None, where],
                       {6: self.f["invalid"]})
        for p in problems:
            self.errors.add([self.ctx.path(p.file), p.line, p.col, p.field, p.code, p.message(L)],
                            {1: self.f["center"], 2: self.f["center"]})

    def warning(self, problem: Problem) -> None:
        self.n_warnings += 1
        p = problem
        self.warnings.add([self.ctx.path(p.file), p.line, p.col, p.field, p.code, p.message(self.lang)],
                          {1: self.f["center"], 2: self.f["center"]})

    # -- the summaries, written last ---------------------------------------------------------
    def finish(self, summary: Summary | None) -> None:
        self.units.close(PRINTED["units"])
        self.criteria.close(PRINTED["criteria"])
        self.errors.close()
        self.warnings.close()
        if summary is None:
            self.ws_communes.hide()
            return
        self._summary(summary)
        self._communes(summary)

    def _summary(self, summary: Summary) -> None:
        ws, L, f = self.ws_summary, self.lang, self.f
        ws.set_column(0, 0, 34)
        ws.set_column(1, 6, 14)
        ws.set_column(7, 7, 16)
        ws.write_string(0, 0, WORDS("title", L), f["title"])
        ws.write_string(1, 0, WORDS("files", L, inputs=summary.inputs, units=summary.units, invalid=summary.invalid),
                        f["cell"])
        r = 2
        if summary.ruleset:
            when = dt.date.fromisoformat(summary.ruleset["effective_from"]).strftime("%d/%m/%Y")
            ws.write_string(r, 0, SHEET_WORDS("ruleset", L, instrument=summary.ruleset["instrument"], date=when), f["cell"])
            r += 1
        ws.write_string(r, 0, SHEET_WORDS("counts", L, invalid=summary.invalid, errors=WORDS("sheet.errors", L),
                                          warnings=self.n_warnings, warnings_sheet=SHEET_WORDS("sheet.warnings", L)),
                        f["cell"])
        r += 1
        for s in (self.units, self.criteria, self.errors, self.warnings):
            if s.lost:
                r += 1
                ws.write_string(r, 0, SHEET_WORDS("truncated", L, sheet=s.ws.name, rows=MAX_ROWS, n=s.lost), f["fail"])
        r += 2
        ws.write_string(r, 0, WORDS("by_type", L), f["bold"])
        r += 1
        head = self.type_header() + [SHEET_WORDS("col.rate_type", L)]
        ws.set_row(r, height(2))
        for c, h in enumerate(head):
            ws.write_string(r, c, h, f["head"])
        top = r
        rows = self.type_rows(summary)
        for i, row in enumerate(rows):
            r += 1
            last = i == len(rows) - 1
            fmt = f["total"] if last else f["cell"]
            for c, v in enumerate(row):
                _write(ws, r, c, v, fmt)
            total, passed, oos = row[1], row[2], row[1 + len(OUTCOME_ORDER)]
            share = rate(passed, total - oos)
            _write(ws, r, len(row), share, f["total_pct"] if last else f["pct"])
        ws.autofilter(top, 0, r - 1, len(head) - 1)  # the total row stays below the filter
        _print_setup(ws)

    def _communes(self, summary: Summary) -> None:
        rows = summary.commune_rows()
        ws, L, f = self.ws_communes, self.lang, self.f
        if not rows:
            ws.hide()
            return
        p = parent_words(summary, L)
        title = SHEET_WORDS("sheet.communes", L, **p)
        ws.name = title if len(title) <= 31 else SHEET_WORDS("sheet.communes_short", L)
        line = summary.rollup_line
        ref = line["ref"].get(L) or line["ref"]["vi"] if line else ""
        percent = line["percent"] if line else None
        pct_text = (f"{percent:g}".replace(".", ",") if L == "vi" else f"{percent:g}") if line else ""
        head = [WORDS("col.commune", L, **p), WORDS("col.province", L), WORDS("col.year", L), WORDS("col.units", L),
                WORDS("col.in_scope", L), WORDS("col.passed", L), WORDS("status.fail", L), WORDS("status.incomplete", L),
                SHEET_WORDS("col.out_of_scope", L), WORDS("col.rate", L)]
        if line:
            head += [SHEET_WORDS("col.threshold", L, ref=ref), SHEET_WORDS("col.meets", L)]
        head.append(WORDS("col.commune_outcome", L, **p))
        widths = [28, 14, 8, 10, 12, 9, 10, 12, 14, 11, 16, 18, 22]
        ws.set_column(0, 0, widths[0], f["wrap"])
        for c in range(1, len(head)):
            ws.set_column(c, c, widths[c] if c < len(widths) - 1 else 22)
        ws.set_column(len(head) - 1, len(head) - 1, 22)
        ws.write_string(0, 0, SHEET_WORDS("sheet.communes", L, **p), f["title"])
        r = 1
        if line:
            note = SHEET_WORDS("line.note", L, percent=pct_text, ref=ref, criterion=line["criterion"], **p)
            ws.merge_range(r, 0, r, len(head) - 1, note, f["note"])
            ws.set_row(r, height(lines(note, sum(widths[: len(head)]))))
            r += 1
        r += 1
        ws.set_row(r, height(3))
        for c, h in enumerate(head):
            ws.write_string(r, c, h, f["head"])
        top = r
        cache: dict[str, list[Any]] = {"names": [], "rates": [], "line": []}  # the chart's cached values
        for c in rows:
            r += 1
            rec = c["record"]
            outcome = rec["outcome"] if rec else None
            share = rate(c["pass"], c["in_scope"])
            values: list[Any] = [c["commune"] or WORDS("no_commune", L), c["province"] or "", c["year"], c["units"],
                                 c["in_scope"], c["pass"], c["fail"], c["incomplete"], c["out_of_scope"]]
            for col, v in enumerate(values):
                _write(ws, r, col, v, f["wrap"] if col == 0 else f["cell"])
            _write(ws, r, len(values), share, f["pct"])
            cache["names"].append(cell(values[0]))
            cache["rates"].append(share)
            cache["line"].append(percent / 100 if line else None)  # type: ignore[operator]
            col = len(values) + 1
            if line:
                meets = meets_line(c, percent)  # type: ignore[arg-type]
                _write(ws, r, col, percent / 100, f["pct0"])  # type: ignore[operator]
                _write(ws, r, col + 1, SHEET_WORDS(f"meets.{meets}", L), f[MEETS_STYLE[meets]])
                col += 2
            label = WORDS(f"outcome.{outcome}", L) if outcome else WORDS("not_in_batch", L)
            _write(ws, r, col, label, f[outcome] if outcome else f["cell"])
            tall = max(lines(values[0], widths[0]), lines(label, 22),
                       lines(SHEET_WORDS(f"meets.{meets}", L), widths[11]) if line else 1)
            ws.set_row(r, height(tall))
        last = r
        ws.freeze_panes(top + 1, 1)
        ws.autofilter(top, 0, last, len(head) - 1)
        _print_setup(ws)
        ws.repeat_rows(top)
        r += 2
        texts = self.rollup_lines(summary)
        if texts:
            ws.write_string(r, 0, WORDS("rollup", L, **p), f["bold"])
            for t in texts:
                r += 1
                ws.merge_range(r, 0, r, len(head) - 1, cell(t.strip()), f["wrap"])
                ws.set_row(r, height(lines(t, sum(widths))))
        self._chart(ws, top, last, r + 2, p, line, pct_text, ref, cache)

    def _chart(self, ws: Any, top: int, last: int, at: int, p: dict[str, str], line: dict[str, Any] | None,
               pct_text: str, ref: str, cache: dict[str, list[Any]]) -> None:
        """A column of each commune's pass rate and, when the criteria set one, the threshold as a line.
        The values are given along (`*_data`): a streamed sheet keeps none for the chart's cache, and a
        category cached as text is what makes Excel label the columns with the communes' names."""
        L = self.lang
        name = ws.name
        n = last - top
        chart = self.wb.add_chart({"type": "column"})
        chart.add_series({"name": SHEET_WORDS("chart.rate", L), "categories": [name, top + 1, 0, last, 0],
                          "values": [name, top + 1, 9, last, 9], "fill": {"color": "#5B9BD5"}, "gap": 60,
                          "categories_data": cache["names"], "values_data": cache["rates"],
                          "data_labels": {"value": True, "num_format": "0.0%", "position": "inside_end"}})
        if line:
            # the threshold: a dashed line through the communes; with a single commune a line has no
            # length, so each point is also marked with a dash as wide as its column
            combo = self.wb.add_chart({"type": "line"})
            mark = {"type": "dash", "size": 40, "border": {"color": "#C00000"}, "fill": {"color": "#C00000"}} if n == 1 \
                else {"type": "none"}
            combo.add_series({"name": SHEET_WORDS("chart.line", L, percent=pct_text), "categories": [name, top + 1, 0, last, 0],
                              "values": [name, top + 1, 10, last, 10], "categories_data": cache["names"],
                              "values_data": cache["line"], "marker": mark,
                              "line": {"color": "#C00000", "width": 2.25, "dash_type": "dash"}})
            chart.combine(combo)
            title = SHEET_WORDS("chart.title", L, percent=pct_text, ref=ref, **p)
        else:
            title = SHEET_WORDS("chart.rate", L)
        chart.set_title({"name": title, "name_font": {"name": FONT, "size": 12, "bold": True}})
        chart.set_y_axis({"min": 0, "max": 1, "major_unit": 0.1, "num_format": "0%",
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_x_axis({"num_font": {"name": FONT, "size": 10}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": min(1600, max(720, 60 * n)), "height": 380})
        ws.insert_chart(at, 0, chart)

    def close(self, summary: Summary | None) -> None:
        self.finish(summary)
        self.wb.close()
        if self.output.is_stdout:
            try:
                with open(self.path, "rb") as fh:
                    out = self.output.open()  # stdout, or the stream the caller gave
                    out.write(fh.read())
                    out.flush()
            finally:
                os.unlink(self.path)
            return
        self.output.commit()

    def abort(self) -> None:
        self._drop_row_files()
        if self.output.is_stdout and getattr(self, "path", None):
            try:
                os.unlink(self.path)
            except OSError:  # pragma: no cover
                pass
        self.output.discard()

    def _drop_row_files(self) -> None:
        """A stopped run leaves none of XlsxWriter's row files (constant_memory keeps one per sheet in
        the temporary folder until the workbook is closed)."""
        for ws in getattr(getattr(self, "wb", None), "worksheets_objs", ()):
            fh, name = getattr(ws, "row_data_fh", None), getattr(ws, "row_data_filename", None)
            try:
                if fh is not None:
                    fh.close()
                if name:
                    os.unlink(name)
            except OSError:  # pragma: no cover - already gone
                pass
