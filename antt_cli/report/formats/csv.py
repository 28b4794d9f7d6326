"""`csv`: one row per unit, and one per invalid input (outcome `invalid`); cells that a
spreadsheet would run as a formula are neutralised. Written with a BOM so Excel reads UTF-8."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from antt_cli.report.base import Format, Writer as BaseWriter
from antt_cli.report.output import neutralise
from antt_cli.report.words import WORDS

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.problems import Problem

FORMAT = Format("csv", (".csv",), description=("bảng CSV, mỗi đơn vị một dòng", "CSV, one row per unit"), order=40)

UNIT_COLUMNS = ("file", "type", "type_label", "code", "name", "commune", "province", "year", "outcome", "outcome_label",
                "failed", "incomplete", "reasons", "scope", "consecutive_years")


def unit_row(r: UnitResult, source: str) -> list[Any]:
    u = r.unit
    issues = r.issues()
    failed = [c.id for c in issues if c.status == "fail"]
    incomplete = [c.id for c in issues if c.status == "incomplete"]
    reasons = [f"{c.id}: {'; '.join(x.strip() for x in c.reasons)}" for c in issues]
    return [source, u["type"], u.get("type_label"), u.get("code"), u["name"], u.get("commune"), u.get("province"),
            u["year"], r.outcome, WORDS(f"outcome.{r.outcome}", r.lang), ", ".join(failed), ", ".join(incomplete),
            " | ".join(reasons), r.scope["reason"] if r.scope else None,
            r.history["consecutive"]["years"] if r.history else None]  # only with other years (docs/years.md)


def invalid_row(source: str, problems: list[Problem], lang: str) -> list[Any]:
    text = " | ".join(p.render(lang) for p in problems)
    return [source, None, None, None, None, None, None, None, "invalid", WORDS("invalid_outcome", lang), None, None, text, None,
            None]


class Writer(BaseWriter):
    FORMAT = FORMAT

    def start(self) -> None:
        self.output.bom = self.output.target is not None
        super().start()
        import csv as _csv

        self.writer = _csv.writer(self.out, lineterminator="\n")
        self.writer.writerow(UNIT_COLUMNS)

    def _row(self, row: list[Any]) -> None:
        self.writer.writerow(["" if v is None else neutralise(v) for v in row])

    def unit(self, result: UnitResult) -> None:
        self._row(unit_row(result, result.file))

    def invalid(self, source: str, problems: list[Problem]) -> None:
        self._row(invalid_row(source, problems, self.lang))
