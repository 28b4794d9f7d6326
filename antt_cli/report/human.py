"""What the human reports (table, markdown, xlsx) share: the rows of the batch summary, and the
slim record of a unit that did not pass, kept in a spool until the summary is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from antt_cli.report.base import Writer
from antt_cli.report.spool import Spool
from antt_cli.report.words import WORDS

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary

OUTCOME_ORDER = ("pass", "fail", "incomplete", "out_of_scope")


@dataclass
class Issue:
    id: str
    status: str  # fail | incomplete
    title: str
    citation: str
    reasons: list[str]


@dataclass
class Failing:
    """A unit that did not pass, as the human reports list it."""

    source: str
    name: str
    type: str
    type_label: str
    outcome: str
    outcome_label: str
    issues: list[Issue] = field(default_factory=list)
    scope: str | None = None

    @classmethod
    def of(cls, r: UnitResult, source: str) -> "Failing":
        u = r.unit
        return cls(source, u["name"], u["type"], u.get("type_label", u["type"]), r.outcome,
                   WORDS(f"outcome.{r.outcome}", r.lang),
                   [Issue(c.id, c.status, c.title, cite(c), list(c.reasons)) for c in r.issues()],
                   r.scope["reason"] if r.scope else None)


def cite(c: Any) -> str:
    """A criterion's citation in a table: the short reference; a pack's criterion with its instrument."""
    return c.citation["text"] if c.pack else c.citation.get("ref", c.citation["text"])


def pct(n: int, d: int, lang: str = "en") -> str:
    if not d:
        return "–"
    text = f"{100 * n / d:.1f}%"
    return text.replace(".", ",") if lang == "vi" else text


def parent_words(summary: Summary, lang: str) -> dict[str, str]:
    label = summary.parent_label.get(lang) or summary.parent_label.get("vi") or ""
    return {"parent": label, "parent_lower": label[:1].lower() + label[1:] if label else ""}


class HumanWriter(Writer):
    """Summary first, then the units that did not pass (with why), then the invalid inputs."""

    def start(self) -> None:
        super().start()
        self.failing = Spool()
        self.problems = Spool()

    def unit(self, result: UnitResult) -> None:
        if result.outcome in ("fail", "incomplete"):
            self.failing.add(Failing.of(result, self.ctx.path(result.file)))

    def invalid(self, source: str, problems: list[Any]) -> None:
        self.problems.add((source, problems))

    def finish(self, summary: Summary | None) -> None:
        try:
            if summary is not None:
                self.render(summary)
        finally:
            self.failing.close()
            self.problems.close()

    def abort(self) -> None:
        for spool in (getattr(self, "failing", None), getattr(self, "problems", None)):
            if spool is not None:
                spool.close()
        super().abort()

    def render(self, summary: Summary) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # the tables of the summary -------------------------------------------------------
    def type_header(self) -> list[str]:
        L = self.lang
        return [WORDS("col.type", L), WORDS("col.total", L),
                *(WORDS(f"status.{o}", L) if o != "out_of_scope" else WORDS("scope", L) for o in OUTCOME_ORDER)]

    def type_rows(self, summary: Summary) -> list[list[Any]]:
        rows = []
        tot = dict.fromkeys(OUTCOME_ORDER, 0)
        for _, t in sorted(summary.by_type.items()):
            rows.append([t["label"], t["total"], *(t[o] for o in OUTCOME_ORDER)])
            for o in OUTCOME_ORDER:
                tot[o] += t[o]
        rows.append([WORDS("total_row", self.lang), summary.units, *(tot[o] for o in OUTCOME_ORDER)])
        return rows

    def commune_header(self, summary: Summary) -> list[str]:
        L, p = self.lang, parent_words(summary, self.lang)
        return [WORDS("col.commune", L, **p), WORDS("col.province", L), WORDS("col.units", L), WORDS("col.in_scope", L),
                WORDS("col.passed", L), WORDS("col.rate", L), WORDS("col.commune_outcome", L, **p)]

    def commune_rows(self, summary: Summary) -> list[list[Any]]:
        rows = []
        for c in summary.commune_rows():
            rec = c["record"]
            outcome = WORDS(f"outcome.{rec['outcome']}", self.lang) if rec else WORDS("not_in_batch", self.lang)
            rows.append([c["commune"] or WORDS("no_commune", self.lang), c["province"] or "", c["units"], c["in_scope"],
                         c["pass"], pct(c["pass"], c["in_scope"], self.lang), outcome])
        return rows

    def rollup_lines(self, summary: Summary) -> list[str]:
        lines = []
        for c in summary.commune_rows():
            rec = c["record"]
            if not rec or not rec.get("rollup"):
                continue
            r = rec["rollup"]
            comp = list(r["computed"].values())
            used = list(r.get("used", r["computed"]).values())
            lines.append(WORDS("rollup.line", self.lang, commune=c["commune"], total=comp[0], registered=comp[1],
                               recognised=comp[2]))
            if used != comp:
                shown = ["?" if v is None else v for v in used]
                lines.append(WORDS("rollup.used", self.lang, total=shown[0], registered=shown[1], recognised=shown[2]))
            for d in r["disagreements"]:
                lines.append(WORDS("rollup.disagree", self.lang, **d))
        return lines

    # units' other years (docs/years.md) ---------------------------------------------------
    def history_line(self, summary: Summary) -> str:
        h = summary.history or {}
        counts = ", ".join(WORDS("history.count", self.lang, years=k, n=v) for k, v in (h.get("consecutive") or {}).items())
        return WORDS("history.counts", self.lang, n=h.get("units_with_history", 0), counts=counts or "–")

    def history_header(self, summary: Summary) -> list[str]:
        L, p = self.lang, parent_words(summary, self.lang)
        return [WORDS("col.unit", L), WORDS("col.type", L), WORDS("col.commune", L, **p), WORDS("col.years", L),
                WORDS("col.span", L)]

    def history_rows(self, summary: Summary) -> list[list[Any]]:
        labels = {k: t.get("label", k) for k, t in summary.by_type.items()}
        return [[r["name"], labels.get(r["type"], r["type"]), r.get("commune") or "", r["years"], f"{r['from']}–{r['to']}"]
                for r in (summary.history or {}).get("runs", [])]
