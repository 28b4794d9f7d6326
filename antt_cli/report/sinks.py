"""Batch reports, written while the batch runs (one sink per output).

A sink receives each assessed unit (`unit`) and each input with problems (`invalid`) in
input order, then the summary (`close`). Units are written as they come where the format
allows (json, jsonl, csv, xlsx); the human formats (table, markdown) and JUnit, which put
the summary or per-type counts first, keep what they need in a temporary spool file, so
memory does not grow with the batch.

Formats: table, json, jsonl, csv, xlsx, markdown, junit (FORMATS).
"""

from __future__ import annotations

import json

from antt_cli.report.jsonenc import dumps
import pickle
import tempfile
from typing import IO, Any, Iterator
from xml.sax.saxutils import escape, quoteattr

from antt_cli import __version__
from antt_cli.batch import messages
from antt_cli.batch.messages import ui as bui
from antt_cli.i18n import ui
from antt_cli.report.json import SCHEMA_VERSION
from antt_cli.report.output import Output, neutralise

FORMATS = ("table", "json", "jsonl", "csv", "xlsx", "markdown", "junit")
EXTENSIONS = {".txt": "table", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx",
              ".md": "markdown", ".markdown": "markdown", ".xml": "junit"}
BINARY = {"xlsx"}
OUTCOME_ORDER = ("pass", "fail", "incomplete", "out_of_scope")


class Spool:
    """Values appended now, read back in order later, kept in a temporary file.

    The file is an unnamed TemporaryFile private to this process, so pickle only ever reads back
    what this process wrote (never input from a user)."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()
        self.count = 0

    def add(self, value: Any) -> None:
        pickle.dump(value, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __iter__(self) -> Iterator[Any]:
        self.file.flush()
        self.file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self.file)

    def close(self) -> None:
        self.file.close()


class BaseSink:
    needs_json_line = False
    needs_json_block = False
    needs_result = False
    binary = False

    def __init__(self, output: Output, lang: str) -> None:
        self.output = output
        self.lang = lang
        self.out: Any = None

    def start(self) -> None:
        self.out = self.output.open()

    def unit(self, item: Any) -> None: ...

    def invalid(self, source: str, problems: list[Any]) -> None: ...

    def close(self, summary: Any) -> None:
        self.finish(summary)
        self.output.commit()

    def finish(self, summary: Any) -> None: ...

    def abort(self) -> None:
        self.output.discard()


# --------------------------------------------------------------------------- JSON


def _indented(value: Any, level: int) -> str:
    text = dumps(value, indent=True)
    return text.replace("\n", "\n" + "  " * level)


class JsonSink(BaseSink):
    """The document of antt_cli.report.json (same keys, same layout) plus `summary`, streamed."""

    needs_json_block = True

    def __init__(self, output: Output, lang: str) -> None:
        super().__init__(output, lang)
        self.started = False
        self.n_units = 0
        self.errors: list[dict[str, Any]] = []

    def _head(self, ruleset: Any) -> None:
        self.out.write("{\n")
        self.out.write(f'  "schema_version": {SCHEMA_VERSION},\n  "tool_version": {json.dumps(__version__)},\n')
        self.out.write(f'  "lang": {json.dumps(self.lang)},\n  "ruleset": {_indented(ruleset, 1)},\n  "units": [')
        self.started = True

    def unit(self, item: Any) -> None:
        if not self.started:
            self._head(item.ruleset)
        self.out.write(",\n    " if self.n_units else "\n    ")
        self.out.write(item.json_block.replace("\n", "\n    "))
        self.n_units += 1

    def invalid(self, source: str, problems: list[Any]) -> None:
        self.errors.extend(p.to_dict(self.lang) for p in problems)

    def finish(self, summary: Any) -> None:
        if not self.started:
            self._head(None)
        self.out.write("\n  ]" if self.n_units else "]")
        self.out.write(f',\n  "errors": {_indented(self.errors, 1)},\n  "summary": {_indented(summary.to_dict(), 1)}\n}}\n')


class JsonlSink(BaseSink):
    """One line per unit (the unit object of the JSON document); `{"error": …}` lines for
    invalid input; a last `{"summary": …}` line."""

    needs_json_line = True

    def unit(self, item: Any) -> None:
        self.out.write(item.json_line)
        self.out.write("\n")

    def invalid(self, source: str, problems: list[Any]) -> None:
        for p in problems:
            self.out.write(dumps({"error": p.to_dict(self.lang)}))
            self.out.write("\n")

    def finish(self, summary: Any) -> None:
        self.out.write(dumps({"summary": summary.to_dict()}))
        self.out.write("\n")


# --------------------------------------------------------------------------- CSV


UNIT_COLUMNS = ("file", "type", "type_label", "code", "name", "commune", "province", "year", "outcome", "outcome_label",
                "failed", "incomplete", "reasons", "scope")


def unit_row(item: Any) -> list[Any]:
    failed = [i.id for i in item.issues if i.status == "fail"]
    incomplete = [i.id for i in item.issues if i.status == "incomplete"]
    reasons = [f"{i.id}: {'; '.join(r.strip() for r in i.reasons)}" for i in item.issues]
    return [item.source, item.type, item.type_label, item.code, item.name, item.commune, item.province, item.year,
            item.outcome, item.outcome_label, ", ".join(failed), ", ".join(incomplete), " | ".join(reasons), item.scope]


def invalid_row(source: str, problems: list[Any], lang: str) -> list[Any]:
    text = " | ".join(p.render(lang) for p in problems)
    return [source, None, None, None, None, None, None, None, "invalid", bui("invalid_outcome", lang), None, None, text, None]


class CsvSink(BaseSink):
    """One row per unit (and one per invalid input, outcome `invalid`); cells neutralised."""

    def start(self) -> None:
        import csv

        super().start()
        self.writer = csv.writer(self.out, lineterminator="\n")
        self.writer.writerow(UNIT_COLUMNS)

    def _row(self, row: list[Any]) -> None:
        self.writer.writerow(["" if v is None else neutralise(v) for v in row])

    def unit(self, item: Any) -> None:
        self._row(unit_row(item))

    def invalid(self, source: str, problems: list[Any]) -> None:
        self._row(invalid_row(source, problems, self.lang))


# --------------------------------------------------------------------------- JUnit


class JunitSink(BaseSink):
    """A test suite per unit type, a test case per unit, a failure per criterion not met;
    out-of-scope units are skipped; invalid inputs are errors in a suite of their own."""

    def __init__(self, output: Output, lang: str) -> None:
        super().__init__(output, lang)
        self.suites: dict[str, Spool] = {}
        self.invalid_spool = Spool()

    def unit(self, item: Any) -> None:
        parts = [f'    <testcase classname={quoteattr(item.type)} name={quoteattr(item.name + " — " + item.source)}'
                 f' file={quoteattr(item.source)}>']
        if item.outcome == "out_of_scope":
            parts.append(f"      <skipped message={quoteattr(item.scope or item.outcome_label)}/>")
        for i in item.issues:
            kind = "incomplete" if i.status == "incomplete" else "fail"
            msg = f"{i.id} ({i.citation}) {i.title}"
            parts.append(f"      <failure type={quoteattr(kind)} message={quoteattr(msg)}>"
                         f"{escape(chr(10).join(r.strip() for r in i.reasons))}</failure>")
        if item.outcome == "incomplete" and not item.issues:
            parts.append(f"      <failure type=\"incomplete\" message={quoteattr(item.scope or item.outcome_label)}/>")
        parts.append("    </testcase>")
        self.suites.setdefault(item.type, Spool()).add(("\n".join(parts), item.outcome, item.type_label))

    def invalid(self, source: str, problems: list[Any]) -> None:
        msg = "\n".join(p.render(self.lang) for p in problems)
        self.invalid_spool.add(f'    <testcase classname="invalid" name={quoteattr(source)} file={quoteattr(source)}>\n'
                               f'      <error type={quoteattr(problems[0].code if problems else "invalid")} '
                               f'message={quoteattr(problems[0].message(self.lang) if problems else "")}>{escape(msg)}</error>\n'
                               f"    </testcase>")

    def finish(self, summary: Any) -> None:
        w = self.out.write
        tests = summary.units + self.invalid_spool.count
        failures = summary.outcomes.get("fail", 0) + summary.outcomes.get("incomplete", 0)
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w(f'<testsuites name="antt" tests="{tests}" failures="{failures}" errors="{self.invalid_spool.count}" '
          f'skipped="{summary.outcomes.get("out_of_scope", 0)}">\n')
        for tid in sorted(self.suites):
            t = summary.by_type.get(tid, {})
            w(f'  <testsuite name={quoteattr(tid)} tests="{t.get("total", 0)}" '
              f'failures="{t.get("fail", 0) + t.get("incomplete", 0)}" errors="0" skipped="{t.get("out_of_scope", 0)}">\n')
            for text, _, _ in self.suites[tid]:
                w(text + "\n")
            w("  </testsuite>\n")
            self.suites[tid].close()
        if self.invalid_spool.count:
            w(f'  <testsuite name="invalid" tests="{self.invalid_spool.count}" failures="0" '
              f'errors="{self.invalid_spool.count}" skipped="0">\n')
            for text in self.invalid_spool:
                w(text + "\n")
            w("  </testsuite>\n")
        self.invalid_spool.close()
        w("</testsuites>\n")


# --------------------------------------------------------------------------- human formats


def _pct(n: int, d: int, lang: str = "en") -> str:
    if not d:
        return "–"
    text = f"{100 * n / d:.1f}%"
    return text.replace(".", ",") if lang == "vi" else text


class _Human(BaseSink):
    """Summary first, then the units that did not pass (with why), then the invalid inputs."""

    def __init__(self, output: Output, lang: str) -> None:
        super().__init__(output, lang)
        self.failing = Spool()
        self.problems = Spool()

    def unit(self, item: Any) -> None:
        if item.outcome in ("fail", "incomplete"):
            import dataclasses

            self.failing.add(dataclasses.replace(item, json_line=None, json_block=None, result=None))

    def invalid(self, source: str, problems: list[Any]) -> None:
        self.problems.add((source, problems))

    def finish(self, summary: Any) -> None:
        self.render(summary)
        self.failing.close()
        self.problems.close()

    def type_rows(self, summary: Any) -> list[list[Any]]:
        rows = []
        tot = dict.fromkeys(OUTCOME_ORDER, 0)
        for tid, t in sorted(summary.by_type.items()):
            rows.append([t["label"], t["total"], *(t[o] for o in OUTCOME_ORDER)])
            for o in OUTCOME_ORDER:
                tot[o] += t[o]
        rows.append([bui("total_row", self.lang), summary.units, *(tot[o] for o in OUTCOME_ORDER)])
        return rows

    def type_header(self) -> list[str]:
        return [bui("col.type", self.lang), bui("col.total", self.lang),
                *(ui(f"status.{o}", self.lang) if o != "out_of_scope" else bui("scope", self.lang) for o in OUTCOME_ORDER)]

    def commune_header(self) -> list[str]:
        L = self.lang
        return [bui("col.commune", L), bui("col.province", L), bui("col.units", L), bui("col.in_scope", L),
                bui("col.passed", L), bui("col.rate", L), bui("col.commune_outcome", L)]

    def commune_rows(self, summary: Any) -> list[list[Any]]:
        rows = []
        for c in summary.commune_rows():
            rec = c["record"]
            outcome = ui(f"outcome.{rec['outcome']}", self.lang) if rec else bui("not_in_batch", self.lang)
            rows.append([c["commune"] or bui("no_commune", self.lang), c["province"] or "", c["units"], c["in_scope"],
                         c["pass"], _pct(c["pass"], c["in_scope"], self.lang), outcome])
        return rows

    def rollup_lines(self, summary: Any) -> list[str]:
        lines = []
        for c in summary.commune_rows():
            rec = c["record"]
            if not rec or not rec.get("rollup"):
                continue
            r = rec["rollup"]
            comp = list(r["computed"].values())
            lines.append(bui("rollup.line", self.lang, commune=c["commune"], total=comp[0], registered=comp[1],
                             recognised=comp[2]))
            for d in r["disagreements"]:
                lines.append(bui("rollup.disagree", self.lang, **d))
        return lines

    def render(self, summary: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class TableSink(_Human):
    """The terminal report (rich). With `detailed`, every unit's full block as `antt assess FILE` prints it."""

    def __init__(self, output: Output, lang: str, detailed: bool = False) -> None:
        super().__init__(output, lang)
        self.detailed = detailed
        self.needs_result = detailed

    def start(self) -> None:
        from antt_cli.report.table import make_console

        super().start()
        self.console = make_console(self.out)

    def unit(self, item: Any) -> None:
        if self.detailed:
            from antt_cli.report.table import render_unit

            render_unit(self.console, item.result, self.lang)
            return
        super().unit(item)

    def _table(self, title: str | None, header: list[str], rows: list[list[Any]], numeric_from: int = 1) -> None:
        from rich.table import Table

        t = Table(title=title, title_justify="left", expand=False)
        for i, h in enumerate(header):
            numeric = i >= numeric_from and all(isinstance(r[i], int) or str(r[i]).endswith("%") or r[i] == "–" for r in rows)
            t.add_column(h, justify="right" if numeric else "left")
        for r in rows:
            t.add_row(*("" if v is None else str(v) for v in r))
        self.console.print(t)

    def render(self, summary: Any) -> None:
        from rich.text import Text

        L, c = self.lang, self.console
        if self.detailed and summary.units + summary.invalid <= 1:
            return
        c.print(Text(bui("title", L), style="bold"))
        c.print(bui("files", L, inputs=summary.inputs, units=summary.units, invalid=summary.invalid))
        if summary.units:
            self._table(bui("by_type", L), self.type_header(), self.type_rows(summary))
            crow = self.commune_rows(summary)
            if crow:
                self._table(bui("communes", L), self.commune_header(), crow, numeric_from=2)
            lines = self.rollup_lines(summary)
            if lines:
                c.print(Text(bui("rollup", L), style="bold"))
                for line in lines:
                    c.print(line, soft_wrap=True)
        c.print()
        if not self.detailed and self.failing.count:
            c.print(Text(bui("failing", L, n=self.failing.count), style="bold"))
            for item in self.failing:
                style = "bold red" if item.outcome == "fail" else "yellow"
                c.print(Text.assemble(("✗ " if item.outcome == "fail" else "? ", style), (item.name, "bold"),
                                      f" ({item.type_label}) — {item.source} — ", (item.outcome_label, style)), soft_wrap=True)
                for i in item.issues:
                    s = "red" if i.status == "fail" else "yellow"
                    c.print(Text.assemble(("  ✗ " if i.status == "fail" else "  ? ", s), f"{i.id} ({i.citation}) {i.title}"),
                            soft_wrap=True)
                    for r in i.reasons:
                        c.print(Text(("      " if r.startswith(" ") else "    → ") + r.strip(), style=s), soft_wrap=True)
                if item.scope and item.outcome == "incomplete":
                    c.print(Text(f"  ? {bui('scope_undecided', L)}: {item.scope}", style="yellow"), soft_wrap=True)
            c.print()
        if self.problems.count and not self.detailed:  # (with the full blocks, problems went to stderr)
            c.print(Text(bui("invalid", L, n=self.problems.count), style="bold"))
            for source, problems in self.problems:
                for p in problems:
                    c.print(Text(p.render(L), style="red"), soft_wrap=True)
            c.print()


def _md(v: Any) -> str:
    return str("" if v is None else v).replace("|", "\\|").replace("\n", " ")


class MarkdownSink(_Human):
    def _table(self, header: list[str], rows: list[list[Any]]) -> None:
        w = self.out.write
        w("| " + " | ".join(_md(h) for h in header) + " |\n")
        w("|" + "|".join("---" for _ in header) + "|\n")
        for r in rows:
            w("| " + " | ".join(_md(v) for v in r) + " |\n")
        w("\n")

    def render(self, summary: Any) -> None:
        L, w = self.lang, self.out.write
        w(f"# {bui('title', L)}\n\n")
        w(bui("files", L, inputs=summary.inputs, units=summary.units, invalid=summary.invalid) + "\n\n")
        if summary.units:
            w(f"## {bui('by_type', L)}\n\n")
            self._table(self.type_header(), self.type_rows(summary))
            crow = self.commune_rows(summary)
            if crow:
                w(f"## {bui('communes', L)}\n\n")
                self._table(self.commune_header(), crow)
            lines = self.rollup_lines(summary)
            if lines:
                w(f"### {bui('rollup', L)}\n\n")
                for line in lines:
                    w(f"- {_md(line.strip())}\n")
                w("\n")
        if self.failing.count:
            w(f"## {bui('failing', L, n=self.failing.count)}\n\n")
            for item in self.failing:
                w(f"### {_md(item.name)} ({_md(item.type_label)}) — {item.outcome_label}\n\n`{item.source}`\n\n")
                for i in item.issues:
                    w(f"- **{i.id}** ({_md(i.citation)}) {_md(i.title)} — {ui('status.' + i.status, L)}\n")
                    for r in i.reasons:
                        w(f"  - {_md(r.strip())}\n")
                if item.scope and item.outcome == "incomplete":
                    w(f"- {bui('scope_undecided', L)}: {_md(item.scope)}\n")
                w("\n")
        if self.problems.count:
            w(f"## {bui('invalid', L, n=self.problems.count)}\n\n")
            for source, problems in self.problems:
                for p in problems:
                    w(f"- `{_md(p.location())}` {_md(p.field or '')} {_md(p.message(L))} `[{p.code}]`\n")
            w("\n")


def make_sink(fmt: str, output: Output, lang: str, *, detailed: bool = False) -> BaseSink:
    if fmt == "table":
        return TableSink(output, lang, detailed=detailed)
    if fmt == "json":
        return JsonSink(output, lang)
    if fmt == "jsonl":
        return JsonlSink(output, lang)
    if fmt == "csv":
        return CsvSink(output, lang)
    if fmt == "markdown":
        return MarkdownSink(output, lang)
    if fmt == "junit":
        return JunitSink(output, lang)
    if fmt == "xlsx":
        from antt_cli.report.xlsx import XlsxSink

        return XlsxSink(output, lang)
    raise KeyError(fmt)


__all__ = ["EXTENSIONS", "FORMATS", "BaseSink", "make_sink", "messages"]
