"""`xlsx`: the spreadsheet report (openpyxl in write-only mode: rows stream to disk).

Sheets: summary (by type, by commune, Art. 5.4 roll-up), units (one row per unit, as the
csv report), criteria not met (one row per unit and criterion that failed or lacks data,
with the reasons), errors (one row per problem, with file, line/row, column, field).
Text cells that a spreadsheet would run as a formula are neutralised; characters a
workbook cannot hold are replaced.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from antt_cli.report.base import Format
from antt_cli.report.formats.csv import UNIT_COLUMNS, invalid_row, unit_row
from antt_cli.report.human import HumanWriter, parent_words
from antt_cli.report.output import neutralise
from antt_cli.report.words import WORDS

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary
    from antt_cli.problems import Problem

FORMAT = Format("xlsx", (".xlsx",), binary=True, terminal=False,
                description=("báo cáo Excel", "an Excel report"), order=50)

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell(v: Any) -> Any:
    if isinstance(v, str):
        v = _ILLEGAL.sub("\ufffd", v)
        if len(v) > 32_767:
            v = v[:32_760] + "…"
    return neutralise(v)


def _cells(row: list[Any]) -> list[Any]:
    return [cell(v) for v in row]


class Writer(HumanWriter):
    FORMAT = FORMAT

    def start(self) -> None:
        from openpyxl import Workbook

        self.failing = None  # type: ignore[assignment]
        self.problems = None  # type: ignore[assignment]
        L = self.lang
        self.wb = Workbook(write_only=True)
        self.ws_summary = self.wb.create_sheet(WORDS("sheet.summary", L))
        self.ws_units = self.wb.create_sheet(WORDS("sheet.units", L))
        self.ws_criteria = self.wb.create_sheet(WORDS("sheet.criteria", L))
        self.ws_errors = self.wb.create_sheet(WORDS("sheet.errors", L))
        self.ws_units.freeze_panes = "A2"
        self.ws_units.append(list(UNIT_COLUMNS))
        self.ws_criteria.append(["file", "type", "code", "name", "commune", "criterion", "citation", "title", "status",
                                 "status_label", "reasons"])
        self.ws_errors.append(["file", "line", "col", "field", "code", "message"])

    def unit(self, result: UnitResult) -> None:
        source = self.ctx.path(result.file)
        u = result.unit
        self.ws_units.append(_cells(unit_row(result, source)))
        for c in result.issues():
            self.ws_criteria.append(_cells([source, u["type"], u.get("code"), u["name"], u.get("commune"), c.id,
                                            c.citation.get("ref", c.citation.get("text")), c.title, c.status,
                                            WORDS(f"status.{c.status}", self.lang), "\n".join(x.strip() for x in c.reasons)]))

    def invalid(self, source: str, problems: list[Problem]) -> None:
        self.ws_units.append(_cells(invalid_row(source, problems, self.lang)))
        for p in problems:
            self.ws_errors.append(_cells([p.file, p.line, p.col, p.field, p.code, p.message(self.lang)]))

    def finish(self, summary: Summary | None) -> None:
        ws, L = self.ws_summary, self.lang
        if summary is not None:
            p = parent_words(summary, L)
            ws.append([WORDS("title", L)])
            ws.append([WORDS("files", L, inputs=summary.inputs, units=summary.units, invalid=summary.invalid)])
            ws.append([])
            ws.append([WORDS("by_type", L)])
            ws.append(self.type_header())
            for r in self.type_rows(summary):
                ws.append(_cells(r))
            rows = self.commune_rows(summary)
            if rows:
                ws.append([])
                ws.append([WORDS("communes", L, **p)])
                ws.append(self.commune_header(summary))
                for r in rows:
                    ws.append(_cells(r))
            lines = self.rollup_lines(summary)
            if lines:
                ws.append([])
                ws.append([WORDS("rollup", L, **p)])
                for line in lines:
                    ws.append(_cells([line.strip()]))

    def close(self, summary: Summary | None) -> None:
        self.finish(summary)
        if self.output.is_stdout:
            import io

            buf = io.BytesIO()
            self.wb.save(buf)
            out = self.output.open()  # stdout, or the stream the caller gave
            out.write(buf.getvalue())
            out.flush()
            return
        self.wb.save(self.output.path_for_writer())
        self.output.commit()

    def abort(self) -> None:
        self._drop_sheets()
        self.output.discard()

    def _drop_sheets(self) -> None:
        """Close the write-only sheets' generators innermost first, so that nothing is written to
        their temporary files or raised when Python collects them at exit (a stopped run)."""
        for ws in getattr(self, "wb", None) and self.wb.worksheets or ():
            for gen in (getattr(ws, "_rows", None), getattr(getattr(ws, "_writer", None), "xf", None)):
                try:
                    if gen is not None:
                        gen.close()
                except Exception:  # noqa: BLE001 - a half-written sheet is thrown away anyway
                    pass
            try:
                ws._writer.out.close() if hasattr(ws._writer.out, "close") else None
            except Exception:  # noqa: BLE001
                pass
