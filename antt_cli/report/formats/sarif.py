"""`sarif`: SARIF 2.1.0, the static-analysis results format that code scanning (GitHub, Azure
DevOps, editors) reads. Each criterion a unit does not meet is a result on the record's file (at
the line of the fact it read, when known), each invalid input a result with its problem code;
the rules are the criteria and the problem codes met."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from antt_cli import __version__
from antt_cli.problems import WARNING, Problem
from antt_cli.report.base import Context, Format, Writer as BaseWriter
from antt_cli.report.jsonenc import dumps
from antt_cli.report.output import Output

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary

FORMAT = Format("sarif", (".sarif",), units=True, problems=True, locations=True,
                description=("SARIF 2.1.0 cho code scanning", "SARIF 2.1.0 for code scanning"), order=100)
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def uri(path: str, pathmod: Any = os.path) -> str:
    """A file path as a SARIF artifact URI (RFC 3986, percent-encoded UTF-8): a relative path with
    forward slashes (a colon in its first segment encoded, so it never reads as a scheme); an
    absolute one as a file: URI — file:///home/x.yaml, file:///C:/Users/C%C3%A1n%20b%E1%BB%99/x.yaml,
    file://server/share/x.yaml for a Windows share. `pathmod`: ntpath in the tests."""
    from urllib.parse import quote

    p = path.replace(pathmod.sep, "/")
    if pathmod.altsep:
        p = p.replace(pathmod.altsep, "/")
    if not pathmod.isabs(path):
        return quote(p, safe="/")
    if p.startswith("//"):  # \\server\share\…
        return "file:" + quote(p, safe="/")
    drive = pathmod.splitdrive(path)[0]
    if drive and drive.endswith(":"):  # C:\… → /C:/…
        return "file:///" + drive + quote(p[len(drive):], safe="/")
    return "file://" + quote(p if p.startswith("/") else "/" + p, safe="/")


def _location(file: str, line: int | None, col: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(file)}}
    if line is not None and line >= 1:
        region: dict[str, Any] = {"startLine": line}
        if col is not None and col >= 1:
            region["startColumn"] = col
        physical["region"] = region
    return {"physicalLocation": physical}


class Writer(BaseWriter):
    FORMAT = FORMAT

    def __init__(self, output: Output, context: Context) -> None:
        super().__init__(output, context)
        self.rules: dict[str, dict[str, Any]] = {}
        self.results: list[dict[str, Any]] = []

    def _rule(self, rid: str, text: str, extra: dict[str, Any] | None = None) -> int:
        if rid not in self.rules:
            self.rules[rid] = {"id": rid, "shortDescription": {"text": text or rid}, **(extra or {})}
        return list(self.rules).index(rid)

    def unit(self, r: UnitResult) -> None:
        source = self.ctx.path(r.file)
        for c in r.issues():
            extra: dict[str, Any] = {"help": {"text": c.citation.get("text", "")},
                                     "properties": {"citation": c.citation.get("text", "")}}
            if c.note:
                extra["fullDescription"] = {"text": c.note}
            index = self._rule(c.id, c.title, extra)
            line, col = c.location or (None, None)
            why = "; ".join(x.strip() for x in c.reasons)
            self.results.append({
                "ruleId": c.id, "ruleIndex": index, "level": "error" if c.status == "fail" else "warning",
                "message": {"text": f"{r.unit['name']}: {c.title}" + (f" — {why}" if why else "")},
                "locations": [_location(source, line, col)],
                "properties": {"unit": r.unit["name"], "unitType": r.unit["type"], "status": c.status,
                               "outcome": r.outcome},
            })

    def _problem(self, p: Problem) -> None:
        index = self._rule(p.code, p.code)
        name = f"{p.field}: " if p.field else ""
        self.results.append({"ruleId": p.code, "ruleIndex": index, "level": "warning" if p.level == WARNING else "error",
                             "message": {"text": name + p.message(self.lang)},
                             "locations": [_location(p.file, p.line, p.col)]})

    def invalid(self, source: str, problems: list[Problem]) -> None:
        for p in problems:
            self._problem(p)

    def warning(self, problem: Problem) -> None:
        self._problem(problem)

    def finish(self, summary: Summary | None) -> None:
        driver = {"name": "antt", "version": __version__, "semanticVersion": __version__,
                  "informationUri": "https://pypi.org/project/antt/", "rules": list(self.rules.values())}
        log = {"$schema": SCHEMA, "version": "2.1.0",
               "runs": [{"tool": {"driver": driver}, "language": self.lang, "columnKind": "unicodeCodePoints",
                         "results": self.results}]}
        self.out.write(dumps(log, indent=True) + "\n")
