"""`markdown`: the batch summary, the units that did not pass and why, the invalid inputs — for a
wiki page or an e-mail. Text from records is escaped: no raw HTML, no table breaks, one line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from antt_cli.report.base import Format
from antt_cli.report.human import HumanWriter, parent_words
from antt_cli.report.words import WORDS
from antt_cli.text import printable

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.summary import Summary

FORMAT = Format("markdown", (".md", ".markdown"), description=("báo cáo Markdown", "a Markdown report"), order=60,
                diff=True)


def md(v: Any) -> str:
    """A value as Markdown text: HTML escaped, `|` escaped, on one line."""
    text = printable("" if v is None else str(v).replace("\n", " "))
    import html

    return html.escape(text, quote=False).replace("|", "\\|")


class Writer(HumanWriter):
    FORMAT = FORMAT

    def _table(self, header: list[str], rows: list[list[Any]]) -> None:
        w = self.out.write
        w("| " + " | ".join(md(h) for h in header) + " |\n")
        w("|" + "|".join("---" for _ in header) + "|\n")
        for r in rows:
            w("| " + " | ".join(md(v) for v in r) + " |\n")
        w("\n")

    def render(self, summary: Summary) -> None:
        L, w = self.lang, self.out.write
        p = parent_words(summary, L)
        w(f"# {WORDS('title', L)}\n\n")
        w(WORDS("files", L, inputs=summary.inputs, units=summary.units, invalid=summary.invalid) + "\n\n")
        if summary.units:
            w(f"## {WORDS('by_type', L)}\n\n")
            self._table(self.type_header(), self.type_rows(summary))
            crow = self.commune_rows(summary)
            if crow:
                w(f"## {md(WORDS('communes', L, **p))}\n\n")
                self._table(self.commune_header(summary), crow)
            lines = self.rollup_lines(summary)
            if lines:
                w(f"### {md(WORDS('rollup', L, **p))}\n\n")
                for line in lines:
                    w(f"- {md(line.strip())}\n")
                w("\n")
            if summary.history is not None:
                w(f"## {md(WORDS('history', L))}\n\n{md(self.history_line(summary))}\n\n")
                rows = self.history_rows(summary)
                if rows:
                    self._table(self.history_header(summary), rows)
        if self.failing.count:
            w(f"## {WORDS('failing', L, n=self.failing.count)}\n\n")
            for item in self.failing:
                w(f"### {md(item.name)} ({md(item.type_label)}) — {md(item.outcome_label)}\n\n`{md(item.source)}`\n\n")
                for i in item.issues:
                    w(f"- **{md(i.id)}** ({md(i.citation)}) {md(i.title)} — {WORDS('status.' + i.status, L)}\n")
                    for r in i.reasons:
                        w(f"  - {md(r.strip())}\n")
                if item.scope and item.outcome == "incomplete":
                    w(f"- {WORDS('scope_undecided', L)}: {md(item.scope)}\n")
                w("\n")
        if self.problems.count:
            w(f"## {WORDS('invalid', L, n=self.problems.count)}\n\n")
            for _, problems in self.problems:
                for prob in problems:
                    w(f"- `{md(prob.location())}` {md(prob.field or '')} {md(prob.message(L))} `[{prob.code}]`\n")
            w("\n")

    def diff(self, doc: dict[str, Any]) -> None:
        from antt_cli.report import diffs

        L, w = self.lang, self.out.write
        w(f"# {WORDS('diff.title', L)}\n\n")
        for line in diffs.head(doc, L):
            w(md(line) + "\n\n")
        if doc["units"]:
            w(f"## {WORDS('diff.units', L, n=len(doc['units']))}\n\n")
            for u in doc["units"]:
                title, crits = diffs.unit_lines(u, L)
                w(f"### {md(title)}\n\n`{md(diffs.files_line(u, L))}`\n\n")
                for line, details in crits:
                    w(f"- {md(line)}\n")
                    for d in details:
                        w(f"  - {md(d)}\n")
                w("\n")
        for key, side in (("new_units", "new"), ("vanished_units", "old")):
            if doc[key]:
                w(f"## {md(WORDS('diff.new' if side == 'new' else 'diff.vanished', L, n=len(doc[key])))}\n\n")
                self._table(diffs.unit_header(L), diffs.unit_rows(doc[key], side, L))
        if doc["communes"]:
            w(f"## {md(WORDS('diff.communes', L, **diffs.parent_words(doc, L)))}\n\n")
            self._table(diffs.commune_header(doc, L), diffs.commune_rows(doc, L))
        if not (doc["units"] or doc["new_units"] or doc["vanished_units"]):
            w(WORDS("diff.nothing", L) + "\n")
