"""Evaluate one record: scope exclusions first, then every criterion, then the outcome.

Outcome rules (docs/criteria-format.md):
  out_of_scope  an exclusion of Art. 1.2.b applies
  incomplete    the scope cannot be decided (a fact an exclusion needs is missing)
  fail          some criterion fails (missing data elsewhere cannot rescue it)
  incomplete    no criterion fails but some lack data
  pass          every applicable criterion passes

    assessor = Assessor(lang="vi")          # owns what it computes once per criterion (citations, titles),
                                            # and keeps results by the values a criterion reads
                                            # (read-only: shared by the records with those values)
    result = assessor.assess(record)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from antt_cli.criteria.conditions import Context, Leaf, Node, Verdict
from antt_cli.criteria.model import CompiledCriterion, RuleSet
from antt_cli.criteria.values import NONE
from antt_cli.engine.citation import format_citation
from antt_cli.engine.results import CriterionResult, FrozenDict, FrozenList, UnitResult, frozen

_PLAIN = (int, str, bool, float, type(None))
_STATUS = {True: "pass", False: "fail", None: "incomplete"}
# A criterion's results are kept by the values it reads (Assessor._criterion): a batch shows the
# same few answers (yes/no, ratings, small counts, an empty register) thousands of times, and the
# common ones early. The first MEMO_MAX of a criterion are kept, no more: a kept result is a few KB
# (a register's items), and on 10,000 files 32 a criterion are as fast as 128, in a third of the
# memory (1.2 MB an assessor; a criterion whose values are all different keeps 32 for nothing).
MEMO_MAX = 32

# values whose (value, type) pair is their key as they are: equal pairs print alike, JSON alike
_SIMPLE = frozenset({str, int, bool, type(None), dt.date, type(NONE)})


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


def shown(v: Any) -> Any:
    """jsonable(v), read-only (engine.results.frozen), in one pass: what a result's `values` hold."""
    if type(v) in _PLAIN:
        return v
    if isinstance(v, list):
        return FrozenList([shown(x) for x in v])
    if isinstance(v, dict):
        return FrozenDict({k: shown(x) for k, x in v.items() if x is not None})
    return jsonable(v)


def value_key(v: Any) -> Any:
    """What a fact's value is kept under: equal keys give the same texts and the same JSON value.
    The type is part of it (True == 1 == 1.0, but they are not shown alike), a float is its repr
    (-0.0 == 0.0, but they are not written alike); a list or a mapping (a register and its items) is
    keyed item by item, in order. TypeError for a value that cannot be a key."""
    t = type(v)
    if t in _SIMPLE:
        return (t, v)
    if t is float:
        return (t, repr(v))
    if t is list:
        kinds = tuple(map(type, v))
        if _SIMPLE.issuperset(kinds):
            return (t, tuple(v), kinds)
        return (t, tuple([value_key(x) for x in v]))
    if t is dict:
        items = (*v, *v.values())  # its keys, then its values
        kinds = tuple(map(type, items))
        if _SIMPLE.issuperset(kinds):
            return (t, len(v), items, kinds)
        return (t, tuple([(value_key(k), value_key(x)) for k, x in v.items()]))
    hash(v)
    return (t, v)


def memo_key(head: Any, facts: dict[str, Any], names: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The key of what a condition gives for the values of `names` in `facts`, under `head` (the year
    and window); None when a value cannot be a key. Most values are strings, numbers, yes/no and
    dates: they are keyed with their types as they are (and most criteria read one fact)."""
    if len(names) == 1:
        value = facts.get(names[0])
        kind = type(value)
        if kind in _SIMPLE:
            return head, value, kind
        values: tuple[Any, ...] = (value,)
    else:
        values = tuple(map(facts.get, names))
        kinds = tuple(map(type, values))
        if _SIMPLE.issuperset(kinds):
            return head, values, kinds
    try:
        return head, tuple([value_key(v) for v in values])
    except TypeError:
        return None


def _reasons(verdict: Verdict, ctx: Context) -> list[str]:
    """Sentences for a status: for fail/incomplete, found against required (or what is missing);
    for pass, only remarks a user must still see (excused incidents, incidents outside the window)."""
    out: list[str] = []
    passed = verdict.value is True
    for r in verdict.leaves:
        for line in (r.leaf.remarks(r, ctx) if passed else r.leaf.explain(r, ctx)):
            if line not in out:
                out.append(line)
    return out


def _decided(verdict: Verdict, ctx: Context) -> list[str]:
    """What made a condition true, figure by figure (the details of a scope exclusion)."""
    out: list[str] = []
    for r in verdict.leaves:
        text = r.leaf.holds(r, ctx)
        if text and text not in out:
            out.append(text)
    return out


def _found_texts(verdict: Verdict, ctx: Context) -> dict[str, Any]:
    """What each leaf found, once each, in order: text → the leaf."""
    out: dict[str, Any] = {}
    for r in verdict.leaves:
        text = r.leaf.found(r, ctx)
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


class _Kept(Node):
    """A sub-condition whose verdicts an assessor keeps by the values it reads (and the year and
    window), as it keeps a criterion's results: a criterion of several facts whose values rarely
    repeat together (a ratio of two counts) often has a part whose few facts repeat (the dates of
    `KDC-1c`'s `any`). A verdict is only read once made. Not kept while tracing the branches that
    decide (`antt test --coverage`): those are recorded as the node is evaluated."""

    def __init__(self, node: Node) -> None:
        self.node, self.path = node, node.path
        self.facts = tuple(node.facts_read())
        self.memo: dict[tuple[Any, ...], Verdict] = {}

    def evaluate(self, ctx: Context) -> Verdict:
        if ctx.trace is not None:
            return self.node.evaluate(ctx)
        key = memo_key((ctx.year, ctx.window), ctx.facts, self.facts)
        found = self.memo.get(key) if key is not None else None
        if found is None:
            found = self.node.evaluate(ctx)
            if key is not None and len(self.memo) < MEMO_MAX:
                self.memo[key] = found
        return found


def _keeping(node: Node, facts: frozenset[str], root: bool = True) -> Node:
    """The condition an assessor evaluates for a criterion reading `facts`: the same nodes, but for
    each sub-condition of several nodes that reads only some of them, kept (_Kept)."""
    children = node.children()
    if not children:
        return node
    if not root and frozenset(node.facts_read()) < facts:
        return _Kept(node)
    rebuilt = [_keeping(child, facts, root=False) for child in children]
    return node if all(a is b for a, b in zip(rebuilt, children)) else node.with_children(rebuilt)


class _Plan:
    """What an assessor keeps for one criterion: what does not depend on the record (its citation,
    title, note, the facts it reads), and its results by the values it reads (`memo`). For a
    criterion that is one leaf, `prefix` is the "{label}: " its `found` begins with (None for several
    leaves); `alternatives` are its leaves under an `any` or a `not`."""

    __slots__ = ("c", "citation", "title", "note", "facts", "prefix", "alternatives", "memo", "condition")

    def __init__(self, c: CompiledCriterion, lang: str) -> None:
        vocab = c.ruleset.vocabulary if c.ruleset is not None else None
        self.c = c
        self.citation = frozen(format_citation(c.citation, c.instrument, c.short, vocab, lang))
        self.title = c.title.pick(lang)
        self.note = c.note.pick(lang) if c.note else None
        self.facts = tuple(c.facts_read())
        self.prefix = _prefix(c.condition, lang)
        self.alternatives = _alternatives(c.condition)
        self.memo: dict[tuple[Any, ...], CriterionResult] = {}
        self.condition = _keeping(c.condition, frozenset(self.facts))  # what is evaluated


class _Scope:
    """What an assessor keeps for one scope exclusion: its words, and its verdicts by the values it
    reads (`memo`: key → (value, details))."""

    __slots__ = ("x", "facts", "reason", "citation", "note", "memo")

    def __init__(self, x: Any, rs: RuleSet, lang: str) -> None:
        self.x = x
        self.facts = tuple(x.condition.facts_read())
        self.reason = x.reason.pick(lang)
        self.citation = (format_citation(x.citation, rs.instrument, rs.short_name, rs.vocabulary, lang)
                         if x.citation else None)
        self.note = x.note.pick(lang) if x.note else None
        self.memo: dict[tuple[Any, ...], tuple[bool | None, tuple[str, ...]]] = {}

    def verdict(self, ctx: Context, head: Any) -> tuple[bool | None, tuple[str, ...]]:
        """(value, details): what decided it when true, what it lacks when unknown (none when false)."""
        key = memo_key(head, ctx.facts, self.facts)
        found = self.memo.get(key) if key is not None else None
        if found is None:
            v = self.x.condition.evaluate(ctx)
            found = (v.value, tuple(_decided(v, ctx)) if v.value is True else
                     tuple(_reasons(v, ctx)) if v.value is None else ())
            if key is not None and len(self.memo) < MEMO_MAX:
                self.memo[key] = found
        return found

    def result(self, value: bool | None, details: tuple[str, ...]) -> dict[str, Any]:
        return {"id": self.x.id, "reason": self.reason, "decided": value is True,
                "citation": dict(self.citation) if self.citation is not None else None,
                "note": self.note, "details": list(details)}


class Assessor:
    """Assesses records in one language. What does not depend on the record (a criterion's citation,
    title and note) is computed once per criterion and kept here: a batch assesses thousands of
    records against the same criteria. So are a criterion's results for the values it reads: they are
    read-only, and every record with those values holds the same one."""

    def __init__(self, *, lang: str = "vi", trace: bool = False, locate: bool = False) -> None:
        self.lang, self.trace, self.locate = lang, trace, locate
        # unit type → (its type, what is kept for its criteria, for its exclusions, its rule set's block)
        self.plans: dict[int, tuple[Any, tuple[_Plan, ...], tuple[_Scope, ...], dict[str, Any]]] = {}
        self.windows: dict[tuple[int, int], tuple[Any, Any, dict[str, str]]] = {}  # (unit type, year) → window
        self.leaf_required: dict[tuple[int, int], tuple[Any, str]] = {}  # (leaf, year) → its brief requirement
        # (criterion, year) → (criterion, requirement, the same for a table cell)
        self.required: dict[tuple[int, int], tuple[CompiledCriterion, str, str]] = {}
        self.unread: dict[tuple[str, ...], list[str]] = {}  # unit type version → facts no criterion reads
        self._shown: dict[str, tuple[Any, Any]] = {}  # fact → (its value, shown): the record being assessed

    def _plans(self, ut: Any) -> tuple[Any, tuple[_Plan, ...], tuple[_Scope, ...], dict[str, Any]]:
        found = self.plans.get(id(ut))
        if found is None:
            lang, rs = self.lang, ut.ruleset
            ruleset = {"id": rs.id, "instrument": rs.instrument.pick(lang), "effective_from": rs.effective_from.isoformat(),
                       "effective_to": rs.effective_to.isoformat() if rs.effective_to else None}
            found = self.plans[id(ut)] = (ut, tuple(_Plan(c, lang) for c in ut.criteria),
                                          tuple(_Scope(x, rs, lang) for x in ut.exclusions), ruleset)
        return found

    def _window(self, ut: Any, year: int) -> tuple[Any, Any, dict[str, str]]:
        """(start, end, {from, to}) of the unit type's assessment window ending in `year`."""
        found = self.windows.get((id(ut), year))
        if found is None:
            start, end = ut.window(year)
            found = self.windows[(id(ut), year)] = (start, end, {"from": start.isoformat(), "to": end.isoformat()})
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
        self._shown.clear()  # this record's facts as results show them (_evaluate)
        _, plans, scopes, ruleset = self._plans(ut)
        start, end, window = self._window(ut, record.year)
        ctx = Context(record.facts, record.year, (start, end), lang)
        head = (record.year, start, end)  # what the kept results depend on besides the values read
        result = UnitResult(
            file=record.source,
            unit={"type": ut.id, "type_label": ut.label.pick(lang), "name": record.name, "year": record.year,
                  **{k: v for k, v in record.header.items() if v is not None}},
            ruleset=dict(ruleset), window=dict(window), outcome="pass", lang=lang,
        )
        undecided_scope = None
        for x in scopes:
            value, details = x.verdict(ctx, head)
            if value is True:
                result.scope, result.outcome = x.result(value, details), "out_of_scope"
                return result
            if value is None and undecided_scope is None:
                undecided_scope = x.result(value, details)
        criteria = result.criteria
        for plan in plans:
            criteria.append(self._criterion(plan, ctx, head))
        result.recorded = self._recorded(record)
        if self.locate and record.parsed is not None:  # this record's own copy of what it locates
            for i, (c, cr) in enumerate(zip(ut.criteria, criteria)):
                if cr.status in ("fail", "incomplete"):
                    criteria[i] = replace(cr, location=_where(record, c))
        statuses = {c.status for c in criteria}
        if undecided_scope is not None:  # it may be out of scope: no verdict either way
            result.outcome = "incomplete"
            result.scope = undecided_scope
        elif "fail" in statuses:
            result.outcome = "fail"
        elif "incomplete" in statuses:
            result.outcome = "incomplete"
        return result

    def _criterion(self, plan: _Plan, ctx: Context, head: Any) -> CriterionResult:
        """The criterion's result: the one kept for the same values read under the same head (year and
        window; the language and trace are this assessor's), else evaluated. A result is read-only
        (engine.results), so every record with those values holds the same one."""
        key = memo_key(head, ctx.facts, plan.facts)
        kept = plan.memo.get(key) if key is not None else None
        if kept is None:
            kept = self._evaluate(plan, ctx)
            if key is not None and len(plan.memo) < MEMO_MAX:
                object.__setattr__(kept, "shared", True)  # read-only to everyone else (engine.results)
                plan.memo[key] = kept
        return kept

    def _evaluate(self, plan: _Plan, ctx: Context) -> CriterionResult:
        c, prefix = plan.c, plan.prefix
        ctx.trace = [] if self.trace else None
        read: dict[str, Any] = {}
        for f in plan.facts:  # a register several criteria read is made read-only once a record
            v = ctx.facts.get(f)
            if type(v) in _PLAIN:
                read[f] = v
                continue
            kept = self._shown.get(f)
            if kept is None or kept[0] is not v:
                kept = self._shown[f] = (v, shown(v))
            read[f] = kept[1]
        values = FrozenDict(read)
        _, required, required_brief = self._required(c, ctx)
        if c.applies_if is not None:
            app = c.applies_if.evaluate(ctx)
            if app.value is not True:
                if app.value is False and c.not_applicable is not None:
                    reasons = [c.not_applicable.pick(self.lang)]
                else:
                    reasons = _reasons(app, ctx)
                found = _found(app, ctx)
                return CriterionResult(
                    c.id, plan.citation, plan.title, "not_applicable" if app.value is False else "incomplete",
                    FrozenList(reasons), values, plan.note, c.pack, FrozenList(f"applies_if:{p}#{i}" for p, i in ctx.trace or []),
                    found, required, found, required_brief)
        verdict = plan.condition.evaluate(ctx)
        texts = _found_texts(verdict, ctx)
        found = found_brief = None
        if prefix is not None and len(texts) == 1:  # one leaf: the figure without its label, for a table cell
            (found,) = texts
            found_brief = found[len(prefix):] if prefix and found.startswith(prefix) else found
        elif texts:
            found = "; ".join(texts)
            found_brief, required_brief = self._brief(verdict, texts, ctx, plan.alternatives, required_brief)
        return CriterionResult(c.id, plan.citation, plan.title, _STATUS[verdict.value], FrozenList(_reasons(verdict, ctx)),
                               values, plan.note, c.pack, FrozenList(f"{p}#{i}" for p, i in ctx.trace or []),
                               found, required, found_brief, required_brief)

    def _brief(self, verdict: Verdict, texts: dict[str, Any], ctx: Context, alternatives: set[int],
               required_brief: str) -> tuple[str, str]:
        """The figures of a criterion of several leaves for a table cell (the dossier's printed minutes):
        one figure a line, numbered, and the requirement of each figure on the same numbered line —
        when each is required as such (the criterion passed, or no figure is one alternative of an
        `any`); else the requirement of the whole criterion (`required_brief`). → (found, required)."""
        own = verdict.value is True or not any(id(leaf) in alternatives for leaf in texts.values())
        if len(texts) == 1:
            ((found, leaf),) = texts.items()
            return found, self._leaf_required(leaf, ctx) if own else required_brief
        found = "\n".join(f"{i}. {text}" for i, text in enumerate(texts, 1))
        if own:
            required_brief = "\n".join(f"{i}. {self._leaf_required(leaf, ctx)}" for i, leaf in enumerate(texts.values(), 1))
        return found, required_brief

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
