"""`junit`: JUnit XML for CI dashboards — a test suite per unit type, a test case per unit, a
failure per criterion not met; out-of-scope units are skipped; invalid inputs are errors in a
suite of their own. Characters XML cannot hold are replaced."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from antt_cli.report.base import Context, Format, Writer as BaseWriter
from antt_cli.report.output import Output
from antt_cli.report.spool import Spool
from antt_cli.report.words import WORDS

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary
    from antt_cli.problems import Problem

FORMAT = Format("junit", (".xml",), description=("JUnit XML cho hệ thống CI", "JUnit XML for CI"), order=70)

_XML_INVALID = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> str:
    s = _XML_INVALID.sub("\ufffd", "" if value is None else str(value))
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(value: Any) -> str:
    s = xml_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return f'"{s}"'


class Writer(BaseWriter):
    FORMAT = FORMAT

    def __init__(self, output: Output, context: Context) -> None:
        super().__init__(output, context)
        self.suites: dict[str, Spool] = {}
        self.invalid_spool = Spool()

    def unit(self, r: UnitResult) -> None:
        u, source = r.unit, r.file
        label = WORDS(f"outcome.{r.outcome}", self.lang)
        parts = [f'    <testcase classname={xml_attr(u["type"])} name={xml_attr(u["name"] + " — " + source)}'
                 f' file={xml_attr(source)}>']
        scope = r.scope["reason"] if r.scope else None
        if r.outcome == "out_of_scope":
            parts.append(f"      <skipped message={xml_attr(scope or label)}/>")
        issues = r.issues()
        for c in issues:
            kind = "incomplete" if c.status == "incomplete" else "fail"
            ref = c.citation.get("ref", c.citation.get("text", ""))
            parts.append(f"      <failure type={xml_attr(kind)} message={xml_attr(f'{c.id} ({ref}) {c.title}')}>"
                         f"{xml_text(chr(10).join(x.strip() for x in c.reasons))}</failure>")
        if r.outcome == "incomplete" and not issues:
            parts.append(f'      <failure type="incomplete" message={xml_attr(scope or label)}/>')
        parts.append("    </testcase>")
        self.suites.setdefault(u["type"], Spool()).add("\n".join(parts))

    def invalid(self, source: str, problems: list[Problem]) -> None:
        msg = "\n".join(p.render(self.lang) for p in problems)
        self.invalid_spool.add(f'    <testcase classname="invalid" name={xml_attr(source)} file={xml_attr(source)}>\n'
                               f'      <error type={xml_attr(problems[0].code if problems else "invalid")} '
                               f'message={xml_attr(problems[0].message(self.lang) if problems else "")}>{xml_text(msg)}</error>\n'
                               f"    </testcase>")

    def finish(self, summary: Summary | None) -> None:
        w = self.out.write
        units = summary.units if summary else sum(s.count for s in self.suites.values())
        outcomes = summary.outcomes if summary else {}
        tests = units + self.invalid_spool.count
        failures = outcomes.get("fail", 0) + outcomes.get("incomplete", 0)
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w(f'<testsuites name="antt" tests="{tests}" failures="{failures}" errors="{self.invalid_spool.count}" '
          f'skipped="{outcomes.get("out_of_scope", 0)}">\n')
        for tid in sorted(self.suites):
            t = summary.by_type.get(tid, {}) if summary else {}
            w(f'  <testsuite name={xml_attr(tid)} tests="{t.get("total", self.suites[tid].count)}" '
              f'failures="{t.get("fail", 0) + t.get("incomplete", 0)}" errors="0" skipped="{t.get("out_of_scope", 0)}">\n')
            for text in self.suites[tid]:
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

    def abort(self) -> None:
        for s in self.suites.values():
            s.close()
        self.invalid_spool.close()
        super().abort()
