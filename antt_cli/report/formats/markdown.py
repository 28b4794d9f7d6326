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

FORMAT = Format("markdown", (".md", ".markdown"), description=("báo cáo Markdown", "a Markdown report"), order=60)


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
