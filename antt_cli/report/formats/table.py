"""`table`: the terminal report (rich). For a few record files, every unit in full — header,
criteria table, what is not met and why, the reading applied, the verdict; for a folder or a
spreadsheet, the batch summary, the units that did not pass, the invalid inputs.

Text from records is shown as text: rich markup is off, control characters are made visible.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any, TextIO

from antt_cli.report.base import Context, Format
from antt_cli.report.human import HumanWriter, cite, parent_words
from antt_cli.report.output import Output
from antt_cli.report.words import WORDS
from antt_cli.text import printable

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary

FORMAT = Format("table", (".txt",), description=("bảng trên màn hình", "the terminal report"), order=10, diff=True)

STYLE = {"pass": "green", "fail": "bold red", "incomplete": "yellow", "not_applicable": "dim", "out_of_scope": "cyan"}
MARK = {"pass": "✓", "fail": "✗", "incomplete": "?", "not_applicable": "–", "out_of_scope": "○"}


def _date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def make_console(out: TextIO) -> Any:
    from rich.console import Console

    is_tty = hasattr(out, "isatty") and out.isatty()
    return Console(file=out, highlight=False, soft_wrap=False, markup=False, emoji=False,
                   width=None if is_tty else pipe_width())


def pipe_width() -> int:
    """Width when stdout is not a terminal: $COLUMNS, else the terminal stderr is on (`antt … | less`),
    else 120 for files."""
    if os.environ.get("COLUMNS", "").isdigit():
        return max(40, min(int(os.environ["COLUMNS"]), 1000))
    try:
        return os.get_terminal_size(2).columns
    except OSError:
        return 120


def T(*parts: Any) -> Any:
    """A rich Text from (text, style) pairs and plain strings, every piece made printable."""
    from rich.text import Text

    out = Text()
    for p in parts:
        if isinstance(p, tuple):
            out.append(printable(p[0]), style=p[1])
        else:
            out.append(printable(p))
    return out


def history_lines(r: UnitResult, lang: str) -> list[str]:
    """The unit's other years, under its header: last year's record, the years known, the run."""
    h = r.history
    if not h:
        return []
    L, year = lang, r.unit["year"]
    out = []
    p = h.get("previous")
    if p:
        matched = WORDS("matched.code", L, code=r.unit.get("code") or "") if p.get("matched_by") == "code" \
            else WORDS("matched.name", L)
        if p.get("report"):
            matched += WORDS("previous.report", L, report=p["report"])
        out.append(WORDS("previous", L, year=p["year"], outcome=WORDS(f"outcome.{p['outcome']}", L), file=p["file"],
                         matched=matched))
    else:
        out.append(WORDS("previous.none", L, year=year - 1))
    known = {y["year"]: y["outcome"] for y in h.get("years", [])}
    if len(known) > 1:
        shown = [f"{y} {WORDS('outcome.' + known[y], L)}" if y in known else WORDS("year.missing", L, year=y)
                 for y in range(min(known), max(known) + 1)]
        out.append(WORDS("years", L, years=" · ".join(shown)))
    run = h.get("consecutive") or {}
    n = run.get("years") or 0
    key = "consecutive" if n > 1 else "consecutive.one" if n == 1 else "consecutive.none"
    out.append(WORDS(key, L, n=n, first=run.get("from"), last=run.get("to")))
    return out


def render_unit(console: Any, r: UnitResult, lang: str, source: str | None = None) -> None:
    from rich.table import Table

    u = r.unit
    L = lang
    console.print(T((f"{WORDS('unit', L)}: ", "bold"), (u["name"], "bold"), f" ({u['type_label']})"))
    if u.get("commune"):
        console.print(T(f"{WORDS('commune', L)}: ", u["commune"]))
    console.print(T(f"{WORDS('year', L)}: {u['year']} — {WORDS('window', L)}: "
                    f"{_date(r.window['from'])}–{_date(r.window['to'])}"))
    console.print(T(f"{WORDS('ruleset', L)}: {r.ruleset['instrument']} ({WORDS('in_force_from', L)} "
                    f"{_date(r.ruleset['effective_from'])})"))
    for line in history_lines(r, L):
        console.print(T(line), soft_wrap=True)
    if r.scope and r.outcome == "out_of_scope":
        cited = f" — {r.scope['citation']['text']}" if r.scope.get("citation") else ""
        console.print(T((f"{WORDS('exclusion', L)}: {r.scope['reason']}{cited}", "cyan")))
        for line in r.scope.get("details", []):
            console.print(T((f"  → {line}", "cyan")))
        if r.scope.get("note"):
            console.print(T((f"  {WORDS('reading', L)}: {r.scope['note']}", "dim")))
    if r.criteria:
        table = Table(expand=False)
        table.add_column(WORDS("col.id", L), no_wrap=True)
        table.add_column(WORDS("col.citation", L), no_wrap=True)
        table.add_column(WORDS("col.title", L), overflow="fold")
        table.add_column(WORDS("col.status", L), no_wrap=True)
        for c in r.criteria:
            table.add_row(T(c.id), T(cite(c)), T(c.title), T((f"{MARK[c.status]} {WORDS('status.' + c.status, L)}",
                                                               STYLE[c.status])))
        console.print(table)
        details = [c for c in r.criteria if c.status != "pass" or c.reasons]  # a pass may carry remarks
        for c in details:
            console.print(T((f"{MARK[c.status]} {c.id}", STYLE[c.status]), f" ({cite(c)}) {c.title}"))
            for reason in c.reasons:
                console.print(T((("    " if reason.startswith(" ") else "  → ") + reason.strip(), STYLE[c.status])),
                              soft_wrap=True)
            if c.note and c.status != "not_applicable":
                console.print(T((f"  {WORDS('reading', L)}: {c.note}", "dim")), soft_wrap=True)
        readings: dict[str, list[str]] = {}  # a reading applied on a pass is shown too, once per reading
        for c in r.criteria:
            if c.note and c.status == "pass" and not c.reasons:
                readings.setdefault(c.note, []).append(c.id)
        if readings:
            console.print(T((WORDS("readings_applied", L), "bold")))
            for note, ids in readings.items():
                console.print(T((f"  {', '.join(ids)}: ", "dim"), note), soft_wrap=True)
        if r.recorded:
            console.print(T((WORDS("recorded", L), "bold")))
            for x in r.recorded:
                console.print(T(f"  {x['label']}: {x['text']}"), soft_wrap=True)
        n = r.counts()
        console.print(T(WORDS("summary.counts", L, passed=n["pass"], failed=n["fail"], incomplete=n["incomplete"],
                              na=n["not_applicable"])))
    if r.scope and r.outcome != "out_of_scope":
        console.print(T((f"{WORDS('exclusion', L)}? {r.scope['reason']}: " + "; ".join(r.scope.get("details", [])),
                         "yellow")))
    console.print(T((f"{WORDS('verdict', L)}: ", "bold"), (WORDS(f"outcome.{r.outcome}", L), STYLE[r.outcome])))
    console.print()


class Writer(HumanWriter):
    FORMAT = FORMAT

    def __init__(self, output: Output, context: Context) -> None:
        super().__init__(output, context)
        self.detailed = context.detailed

    def start(self) -> None:
        super().start()
        self.console = make_console(self.out)

    def unit(self, result: UnitResult) -> None:
        if self.detailed:
            render_unit(self.console, result, self.lang)
            return
        super().unit(result)

    def _table(self, title: str | None, header: list[str], rows: list[list[Any]], numeric_from: int = 1) -> None:
        from rich.table import Table

        t = Table(title=printable(title) if title else None, title_justify="left", expand=False)
        for i, h in enumerate(header):
            numeric = i >= numeric_from and all(isinstance(r[i], int) or str(r[i]).endswith("%") or r[i] == "–" for r in rows)
            t.add_column(printable(h), justify="right" if numeric else "left", overflow="fold")
        for r in rows:
            t.add_row(*(T("" if v is None else str(v)) for v in r))
        self.console.print(t)

    def render(self, summary: Summary) -> None:
        L, c = self.lang, self.console
        if self.detailed and summary.units + summary.invalid <= 1:
            return
        p = parent_words(summary, L)
        c.print(T((WORDS("title", L), "bold")))
        c.print(T(WORDS("files", L, inputs=summary.inputs, units=summary.units, invalid=summary.invalid)))
        if summary.units:
            self._table(WORDS("by_type", L), self.type_header(), self.type_rows(summary))
            crow = self.commune_rows(summary)
            if crow:
                self._table(WORDS("communes", L, **p), self.commune_header(summary), crow, numeric_from=2)
            lines = self.rollup_lines(summary)
            if lines:
                c.print(T((WORDS("rollup", L, **p), "bold")))
                for line in lines:
                    c.print(T(line), soft_wrap=True)
            if summary.history is not None:
                c.print(T((WORDS("history", L), "bold")))
                c.print(T(self.history_line(summary)), soft_wrap=True)
                rows = self.history_rows(summary)
                if rows:
                    self._table(None, self.history_header(summary), rows, numeric_from=3)
        c.print()
        if not self.detailed and self.failing.count:
            c.print(T((WORDS("failing", L, n=self.failing.count), "bold")))
            for item in self.failing:
                style = "bold red" if item.outcome == "fail" else "yellow"
                c.print(T(("✗ " if item.outcome == "fail" else "? ", style), (item.name, "bold"),
                          f" ({item.type_label}) — {item.source} — ", (item.outcome_label, style)), soft_wrap=True)
                for i in item.issues:
                    s = "red" if i.status == "fail" else "yellow"
                    c.print(T(("  ✗ " if i.status == "fail" else "  ? ", s), f"{i.id} ({i.citation}) {i.title}"),
                            soft_wrap=True)
                    for r in i.reasons:
                        c.print(T((("      " if r.startswith(" ") else "    → ") + r.strip(), s)), soft_wrap=True)
                if item.scope and item.outcome == "incomplete":
                    c.print(T((f"  ? {WORDS('scope_undecided', L)}: {item.scope}", "yellow")), soft_wrap=True)
            c.print()
        if self.problems.count and not self.detailed:  # (with the full blocks, problems went to stderr)
            c.print(T((WORDS("invalid", L, n=self.problems.count), "bold")))
            for _, problems in self.problems:
                for prob in problems:
                    c.print(T((prob.render(L), "red")), soft_wrap=True)
            c.print()

    def diff(self, doc: dict[str, Any]) -> None:
        """`antt diff`: the counts, each unit that changed with its criteria and figures, the new and
        vanished units, the communes' rates then and now."""
        from antt_cli.report import diffs

        L, c = self.lang, self.console
        c.print(T((WORDS("diff.title", L), "bold")))
        for line in diffs.head(doc, L):
            c.print(T(line), soft_wrap=True)
        c.print()
        if doc["units"]:
            c.print(T((WORDS("diff.units", L, n=len(doc["units"])), "bold")))
            for u in doc["units"]:
                title, crits = diffs.unit_lines(u, L)
                style = {"worse": "bold red", "better": "green"}.get(u["change"], "yellow")
                c.print(T((title, style)), soft_wrap=True)
                c.print(T(("  " + diffs.files_line(u, L), "dim")), soft_wrap=True)
                for line, details in crits:
                    c.print(T(f"  • {line}"), soft_wrap=True)
                    for d in details:
                        c.print(T(f"      {d}"), soft_wrap=True)
            c.print()
        for key, side in (("new_units", "new"), ("vanished_units", "old")):
            if doc[key]:
                title = WORDS("diff.new" if side == "new" else "diff.vanished", L, n=len(doc[key]))
                self._table(title, diffs.unit_header(L), diffs.unit_rows(doc[key], side, L), numeric_from=2)
        if doc["communes"]:
            self._table(WORDS("diff.communes", L, **diffs.parent_words(doc, L)), diffs.commune_header(doc, L),
                        diffs.commune_rows(doc, L), numeric_from=9)
        if not (doc["units"] or doc["new_units"] or doc["vanished_units"]):
            c.print(T(WORDS("diff.nothing", L)))
