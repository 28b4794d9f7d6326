"""The spreadsheet report (.xlsx, openpyxl in write-only mode: rows stream to disk).

Sheets: summary (by type, by commune, Art. 5.4 roll-up), units (one row per unit, as the
csv report), criteria not met (one row per unit and criterion that failed or lacks data,
with the reasons), errors (one row per problem, with file, line/row, column, field).
Text cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

from typing import Any

from antt_cli.batch.messages import ui as bui
from antt_cli.i18n import ui
from antt_cli.report.output import Output, neutralise
from antt_cli.report.sinks import UNIT_COLUMNS, BaseSink, _Human, invalid_row, unit_row


def _cells(row: list[Any]) -> list[Any]:
    return [neutralise(v) for v in row]


class XlsxSink(BaseSink):
    binary = True

    def start(self) -> None:
        from openpyxl import Workbook

        L = self.lang
        self.wb = Workbook(write_only=True)
        self.ws_summary = self.wb.create_sheet(bui("sheet.summary", L))
        self.ws_units = self.wb.create_sheet(bui("sheet.units", L))
        self.ws_criteria = self.wb.create_sheet(bui("sheet.criteria", L))
        self.ws_errors = self.wb.create_sheet(bui("sheet.errors", L))
        self.ws_units.append(list(UNIT_COLUMNS))
        self.ws_criteria.append(["file", "type", "code", "name", "commune", "criterion", "citation", "title", "status",
                                 "status_label", "reasons"])
        self.ws_errors.append(["file", "line", "col", "field", "code", "message"])
        self.ws_units.freeze_panes = "A2"

    def unit(self, item: Any) -> None:
        self.ws_units.append(_cells(unit_row(item)))
        for i in item.issues:
            self.ws_criteria.append(_cells([item.source, item.type, item.code, item.name, item.commune, i.id, i.citation,
                                            i.title, i.status, ui(f"status.{i.status}", self.lang),
                                            "\n".join(r.strip() for r in i.reasons)]))

    def invalid(self, source: str, problems: list[Any]) -> None:
        self.ws_units.append(_cells(invalid_row(source, problems, self.lang)))
        for p in problems:
            self.ws_errors.append(_cells([p.file, p.line, p.col, p.field, p.code, p.message(self.lang)]))

    def close(self, summary: Any) -> None:
        h = _Human(self.output, self.lang)
        ws, L = self.ws_summary, self.lang
        ws.append([bui("title", L)])
        ws.append([bui("files", L, inputs=summary.inputs, units=summary.units, invalid=summary.invalid)])
        ws.append([])
        ws.append([bui("by_type", L)])
        ws.append(h.type_header())
        for r in h.type_rows(summary):
            ws.append(_cells(r))
        rows = h.commune_rows(summary)
        if rows:
            ws.append([])
            ws.append([bui("communes", L)])
            ws.append(h.commune_header())
            for r in rows:
                ws.append(_cells(r))
        lines = h.rollup_lines(summary)
        if lines:
            ws.append([])
            ws.append([bui("rollup", L)])
            for line in lines:
                ws.append(_cells([line.strip()]))
        h.failing.close()
        h.problems.close()
        path = self.output.path_for_writer() if not self.output.is_stdout else None
        if path is None:
            import io
            import sys

            buf = io.BytesIO()
            self.wb.save(buf)
            sys.stdout.buffer.write(buf.getvalue())
            sys.stdout.buffer.flush()
            return
        self.wb.save(path)
        self.output.commit()

    def abort(self) -> None:
        self.output.discard()


__all__ = ["XlsxSink", "Output"]
