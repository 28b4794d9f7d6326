"""Evaluate one record: scope exclusions first, then every criterion, then the outcome.

Outcome rules (docs/criteria-format.md):
  out_of_scope  an exclusion of Art. 1.2.b applies
  incomplete    the scope cannot be decided (a fact an exclusion needs is missing)
  fail          some criterion fails (missing data elsewhere cannot rescue it)
  incomplete    no criterion fails but some lack data
  pass          every applicable criterion passes
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from antt_cli.criteria.conditions import Context, Verdict
from antt_cli.engine.results import CriterionResult, UnitResult
from antt_cli.i18n import pick


def citation(c: Any, instrument: Any, short: str, lang: str) -> dict[str, Any]:
    if lang == "en":
        text = f"Art. {c.article}" + (f"({c.clause})" if c.clause else "") + (f"({c.point})" if c.point else "")
    else:
        text = f"Điều {c.article}" + (f" khoản {c.clause}" if c.clause else "") + (f" điểm {c.point}" if c.point else "")
    name = pick(c.instrument, lang) if c.instrument else short
    return {"text": f"{text}, {name}", "ref": text, "instrument": pick(instrument, lang), "article": c.article,
            "clause": c.clause, "point": c.point}


_PLAIN = (int, str, bool, float, type(None))
_STATUS = {True: "pass", False: "fail", None: "incomplete"}


def jsonable(v: Any) -> Any:
    if type(v) in _PLAIN:
        return v
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items() if x is not None}
    return v


def _reasons(verdict: Verdict, ctx: Context) -> list[str]:
    """Sentences for a status: for fail/incomplete, found against required (or what is missing);
    for pass, only remarks a user must still see (excused incidents, incidents outside the window)."""
    out: list[str] = []
    passed = verdict.value is True
    for leaf in verdict.leaves:
        for line in (leaf.remarks(ctx) if passed else leaf.reasons(ctx)):
            if line not in out:
                out.append(line)
    return out


def assess(record: Any, *, lang: str = "vi", trace: bool = False) -> UnitResult:
    ut = record.unit_type
    start, end = ut.window(record.year)
    ctx = Context(record.facts, record.year, (start, end), lang)
    rs = ut.ruleset
    result = UnitResult(
        file=record.source,
        unit={"type": ut.id, "type_label": pick(ut.label, lang), "name": record.name, "year": record.year,
              **{k: v for k, v in record.header.items() if v is not None}},
        ruleset={"id": rs.id, "instrument": pick(rs.instrument, lang), "effective_from": rs.effective_from.isoformat(),
                 "effective_to": rs.effective_to.isoformat() if rs.effective_to else None},
        window={"from": start.isoformat(), "to": end.isoformat()},
        outcome="pass",
        lang=lang,
    )
    short = rs.short or pick(rs.instrument, "vi")
    undecided_scope = None
    for x in ut.exclusions:
        v = x.condition.evaluate(ctx)
        if v.value is True or (v.value is None and undecided_scope is None):
            scope = {"id": x.id, "reason": pick(x.reason, lang), "decided": v.value is True,
                     "citation": citation(x.citation, rs.instrument, short, lang) if x.citation else None,
                     "note": pick(x.note, lang) or None, "details": _reasons(v, ctx)}
            if v.value is True:
                result.scope, result.outcome = scope, "out_of_scope"
                return result
            undecided_scope = scope
    for c in ut.criteria:
        result.criteria.append(_criterion(c, ctx, rs, short, lang, trace))
    statuses = {c.status for c in result.criteria}
    if undecided_scope is not None:  # it may be out of scope: no verdict either way
        result.outcome = "incomplete"
    elif "fail" in statuses:
        result.outcome = "fail"
    elif "incomplete" in statuses:
        result.outcome = "incomplete"
    if undecided_scope is not None:
        result.scope = undecided_scope
    return result


def _static(c: Any, short: str, lang: str) -> tuple[dict[str, Any], str, str | None, list[str]]:
    """What does not depend on the record (citation, title, note, facts read), computed once per
    criterion and language: a batch assesses thousands of records against the same criteria."""
    cache = c.__dict__.setdefault("_static_cache", {})
    key = (short, lang)
    found = cache.get(key)
    if found is None:
        found = cache[key] = (citation(c.citation, c.instrument, short, lang), pick(c.title, lang),
                              pick(c.note, lang) or None, c.facts_read())
    return found


def _criterion(c: Any, ctx: Context, rs: Any, short: str, lang: str, trace: bool) -> CriterionResult:
    ctx.trace = [] if trace else None
    cite, title, note, facts = _static(c, short, lang)
    values = {f: jsonable(ctx.facts.get(f)) for f in facts}
    out = CriterionResult(c.id, dict(cite), title, "pass", [], values, note, c.pack)
    if c.applies_if is not None:
        app = c.applies_if.evaluate(ctx)
        if app.value is not True:
            out.status = "not_applicable" if app.value is False else "incomplete"
            if app.value is False and c.not_applicable is not None:
                out.reasons = [pick(c.not_applicable, lang)]
            else:
                out.reasons = _reasons(app, ctx)
            out.branches = [f"applies_if:{p}#{i}" for p, i in ctx.trace or []]
            return out
    verdict = c.condition.evaluate(ctx)
    out.status = _STATUS[verdict.value]
    out.reasons = _reasons(verdict, ctx)
    out.branches = [f"{p}#{i}" for p, i in ctx.trace or []]
    return out
