"""Evaluate one record: scope exclusions first, then every criterion, then the outcome.

Outcome rules (docs/criteria-format.md):
  out_of_scope  an exclusion of Art. 1.2.b applies
  incomplete    the scope cannot be decided (a fact an exclusion needs is missing)
  fail          some criterion fails (missing data elsewhere cannot rescue it)
  incomplete    no criterion fails but some lack data
  pass          every applicable criterion passes

    assessor = Assessor(lang="vi")          # owns what it computes once per criterion (citations, titles)
    result = assessor.assess(record)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from antt_cli.criteria.conditions import Context, Leaf, Verdict
from antt_cli.criteria.model import CompiledCriterion, RuleSet
from antt_cli.criteria.values import NONE
from antt_cli.engine.citation import format_citation
from antt_cli.engine.results import CriterionResult, UnitResult

_PLAIN = (int, str, bool, float, type(None))
_STATUS = {True: "pass", False: "fail", None: "incomplete"}


def jsonable(v: Any) -> Any:
    if type(v) in _PLAIN:
        return v
    if v is NONE:
        return "none"  # "there is none" (không có), as distinct from null: not given
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items() if x is not None}
    return str(v)


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


def _decided(verdict: Verdict, ctx: Context) -> list[str]:
    """What made a condition true, figure by figure (the details of a scope exclusion)."""
    out: list[str] = []
    for leaf in verdict.leaves:
        text = leaf.holds(ctx)
        if text and text not in out:
            out.append(text)
    return out


def _found_texts(verdict: Verdict, ctx: Context) -> dict[str, Any]:
    """What each leaf found, once each, in order: text → the leaf."""
    out: dict[str, Any] = {}
    for r in verdict.leaves:
        text = r.found(ctx)
        if text and text not in out:
            out[text] = r.leaf
    return out


def _found(verdict: Verdict, ctx: Context) -> str | None:
    return "; ".join(_found_texts(verdict, ctx)) or None


def _prefix(condition: Any, lang: str) -> str | None:
    """For a criterion that is one leaf, the "{label}: " its `found` begins with ("" if none); else None."""
    if not isinstance(condition, Leaf):
        return None
    label = condition.figure_label(lang)
    return f"{label}: " if label else ""


def _alternatives(node: Any, under: bool = False, out: set[int] | None = None) -> set[int]:
    """The leaves of a condition that lie under an `any` or a `not`: their own requirement is not
    what the criterion requires (it is one alternative, or its opposite)."""
    out = set() if out is None else out
    kind = getattr(node, "KIND", "")
    if isinstance(node, Leaf):
        if under:
            out.add(id(node))
    for child in node.children():
        _alternatives(child, under or kind in ("any", "not"), out)
    return out


class Assessor:
    """Assesses records in one language. What does not depend on the record (a criterion's citation,
    title and note) is computed once per criterion and kept here: a batch assesses thousands of
    records against the same criteria."""

    def __init__(self, *, lang: str = "vi", trace: bool = False, locate: bool = False) -> None:
        self.lang, self.trace, self.locate = lang, trace, locate
        self.static: dict[int, tuple[Any, ...]] = {}
        self.leaf_required: dict[tuple[int, int], tuple[Any, str]] = {}  # (leaf, year) → its brief requirement
        # (criterion, year) → (criterion, requirement, the same for a table cell)
        self.required: dict[tuple[int, int], tuple[CompiledCriterion, str, str]] = {}
        self.unread: dict[tuple[str, ...], list[str]] = {}  # unit type version → facts no criterion reads

    def _static(self, c: CompiledCriterion) -> tuple[Any, ...]:
        """(criterion, citation, title, note, facts read, prefix, alternatives): for a criterion that is
        one leaf, `prefix` is the "{label}: " its `found` begins with (None for several leaves)."""
        found = self.static.get(id(c))
        if found is None:
            lang = self.lang
            vocab = c.ruleset.vocabulary if c.ruleset is not None else None
            found = self.static[id(c)] = (c, format_citation(c.citation, c.instrument, c.short, vocab, lang),
                                          c.title.pick(lang), c.note.pick(lang) if c.note else None, c.facts_read(),
                                          _prefix(c.condition, lang), _alternatives(c.condition))
        return found

    def _required(self, c: CompiledCriterion, ctx: Context) -> tuple[CompiledCriterion, str, str]:
        key = (id(c), ctx.year)
        found = self.required.get(key)
        if found is None:
            found = self.required[key] = (c, c.condition.requirement(ctx), c.condition.brief_requirement(ctx))
        return found

    def _unread(self, ut: Any) -> list[str]:
        """The facts of a unit type that no criterion, exclusion or constraint reads: the Circular names
        them, a record may give them, and the report keeps them for the record."""
        found = self.unread.get(ut.key)
        if found is None:
            read: set[str] = set()
            for c in ut.criteria:
                read.update(c.facts_read())
            for x in ut.exclusions:
                read.update(x.condition.facts_read())
            for k in ut.constraints:
                read.update(k.check.facts_read())
            found = self.unread[ut.key] = [f for f in ut.facts if f not in read]
        return found

    def _recorded(self, record: Any) -> list[dict[str, Any]]:
        out = []
        for f in self._unread(record.unit_type):
            v = record.facts.get(f)
            if v is None or v is False or v == 0 or v == [] or (isinstance(v, str) and not v.strip()):
                continue
            spec = record.unit_type.facts[f]
            out.append({"fact": f, "label": spec.label.pick(self.lang), "value": jsonable(v),
                        "text": spec.value_label(v, self.lang)})
        return out

    def assess(self, record: Any) -> UnitResult:
        lang = self.lang
        ut = record.unit_type
        start, end = ut.window(record.year)
        ctx = Context(record.facts, record.year, (start, end), lang)
        rs: RuleSet = ut.ruleset
        result = UnitResult(
            file=record.source,
            unit={"type": ut.id, "type_label": ut.label.pick(lang), "name": record.name, "year": record.year,
                  **{k: v for k, v in record.header.items() if v is not None}},
            ruleset={"id": rs.id, "instrument": rs.instrument.pick(lang), "effective_from": rs.effective_from.isoformat(),
                     "effective_to": rs.effective_to.isoformat() if rs.effective_to else None},
            window={"from": start.isoformat(), "to": end.isoformat()},
            outcome="pass",
            lang=lang,
        )
        undecided_scope = None
        for x in ut.exclusions:
            v = x.condition.evaluate(ctx)
            if v.value is True or (v.value is None and undecided_scope is None):
                scope = {"id": x.id, "reason": x.reason.pick(lang), "decided": v.value is True,
                         "citation": format_citation(x.citation, rs.instrument, rs.short_name, rs.vocabulary, lang)
                         if x.citation else None,
                         "note": x.note.pick(lang) if x.note else None,
                         "details": _decided(v, ctx) if v.value is True else _reasons(v, ctx)}
                if v.value is True:
                    result.scope, result.outcome = scope, "out_of_scope"
                    return result
                undecided_scope = scope
        for c in ut.criteria:
            result.criteria.append(self._criterion(c, ctx))
        result.recorded = self._recorded(record)
        if self.locate and record.parsed is not None:
            for c, cr in zip(ut.criteria, result.criteria):
                if cr.status in ("fail", "incomplete"):
                    cr.location = _where(record, c)
        statuses = {c.status for c in result.criteria}
        if undecided_scope is not None:  # it may be out of scope: no verdict either way
            result.outcome = "incomplete"
            result.scope = undecided_scope
        elif "fail" in statuses:
            result.outcome = "fail"
        elif "incomplete" in statuses:
            result.outcome = "incomplete"
        return result

    def _criterion(self, c: CompiledCriterion, ctx: Context) -> CriterionResult:
        ctx.trace = [] if self.trace else None
        _, cite, title, note, facts, prefix, alternatives = self._static(c)
        values = {f: jsonable(ctx.facts.get(f)) for f in facts}
        _, required, required_brief = self._required(c, ctx)
        out = CriterionResult(c.id, dict(cite), title, "pass", [], values, note, c.pack,
                              required=required, required_brief=required_brief)
        if c.applies_if is not None:
            app = c.applies_if.evaluate(ctx)
            if app.value is not True:
                out.status = "not_applicable" if app.value is False else "incomplete"
                if app.value is False and c.not_applicable is not None:
                    out.reasons = [c.not_applicable.pick(self.lang)]
                else:
                    out.reasons = _reasons(app, ctx)
                out.found = out.found_brief = _found(app, ctx)
                out.branches = [f"applies_if:{p}#{i}" for p, i in ctx.trace or []]
                return out
        verdict = c.condition.evaluate(ctx)
        out.status = _STATUS[verdict.value]
        out.reasons = _reasons(verdict, ctx)
        texts = _found_texts(verdict, ctx)
        if prefix is not None and len(texts) == 1:  # one leaf: the figure without its label, for a table cell
            (text,) = texts
            out.found = text
            out.found_brief = text[len(prefix):] if prefix and text.startswith(prefix) else text
        elif texts:
            out.found = "; ".join(texts)
            self._brief(verdict, texts, ctx, alternatives, out)
        out.branches = [f"{p}#{i}" for p, i in ctx.trace or []]
        return out

    def _brief(self, verdict: Verdict, texts: dict[str, Any], ctx: Context, alternatives: set[int],
               out: CriterionResult) -> None:
        """The figures of a criterion of several leaves for a table cell (the dossier's printed minutes):
        one figure a line, numbered, and the requirement of each figure on the same numbered line —
        when each is required as such (the criterion passed, or no figure is one alternative of an
        `any`); else the requirement of the whole criterion (`required_brief` as set from it)."""
        own = verdict.value is True or not any(id(leaf) in alternatives for leaf in texts.values())
        if len(texts) == 1:
            ((out.found_brief, leaf),) = texts.items()
            if own:
                out.required_brief = self._leaf_required(leaf, ctx)
            return
        out.found_brief = "\n".join(f"{i}. {text}" for i, text in enumerate(texts, 1))
        if own:
            out.required_brief = "\n".join(f"{i}. {self._leaf_required(leaf, ctx)}" for i, leaf in enumerate(texts.values(), 1))

    def _leaf_required(self, leaf: Any, ctx: Context) -> str:
        key = (id(leaf), ctx.year)
        found = self.leaf_required.get(key)
        if found is None:
            found = self.leaf_required[key] = (leaf, leaf.brief_requirement(ctx))
        return found[1]


def _where(record: Any, c: CompiledCriterion) -> tuple[int, int] | None:
    """The line and column of the first fact the criterion read that the record gives."""
    for f in c.facts_read():
        if record.facts.get(f) is not None:
            line, col = record.parsed.where((f,), key=True)
            if line is not None:
                return (line, col or 1)
    return None


def assess(record: Any, *, lang: str = "vi", trace: bool = False) -> UnitResult:
    """Assess one record (for many, keep one Assessor)."""
    return Assessor(lang=lang, trace=trace).assess(record)


__all__ = ["Assessor", "assess", "jsonable"]
