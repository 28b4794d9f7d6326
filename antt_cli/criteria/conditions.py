"""Conditions: a declarative tree compiled from criteria data, type-checked when loaded.

    all / any / not          combine children (three-valued: True, False, None = unknown)
    fact  + operator         compare a fact with a constant, another fact, a period, a set
    ratio + operator         NUM/DEN against a percentage, exactly in integers
    count + operator         items of an event register inside the assessment window

Nothing here is ever eval'd: each node is a small object with an `evaluate` method.
Evaluation returns a Verdict carrying the *decisive* leaves, so every status can be
explained by the leaves that decided it (for an `any` that passed: the branch that passed).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Iterator

from antt_cli.i18n import hint, pick, ui

COMPARE_OPS = ("eq", "ne", "lt", "le", "gt", "ge")
OP_SYMBOL = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}
NUMERIC = ("integer", "number")


# ----------------------------------------------------------------------------- facts


@dataclass
class FactSpec:
    """A declared fact, compiled: what a record may hold and how to show it."""

    id: str
    type: str
    label: Any
    help: Any = None
    unit: Any = None
    min: int | float | None = None
    max: int | float | None = None
    values: list[Any] = field(default_factory=list)  # EnumValue models, lowest first if ordered
    ordered: bool = False
    judgement: bool = False
    required: bool = False
    fields: dict[str, "FactSpec"] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rank = {v.id: i for i, v in enumerate(self.values)}
        self.by_label = {}
        for v in self.values:
            for text in (v.id, v.label.vi, v.label.en):
                if text:
                    self.by_label[_fold(text)] = v.id

    def value_label(self, value: Any, lang: str) -> str:
        if value is None:
            return ui("absent", lang)
        if self.type in ("enum", "enum_set"):
            items = value if isinstance(value, list) else [value]
            labels = {v.id: pick(v.label, lang) for v in self.values}
            return ", ".join(labels.get(x, str(x)) for x in items) or ui("absent", lang)
        return format_value(value, lang, self.unit)


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", text).casefold().strip()


def strip_marks(text: str) -> str:
    """'Tổ dân phố' → 'to dan pho' (for matching words typed without diacritics)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", _fold(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("_", " ")


def format_value(value: Any, lang: str, unit: Any = None) -> str:
    if type(value) is int:
        return f"{value} {pick(unit, lang)}" if unit is not None else str(value)
    if isinstance(value, bool):
        return ui("yes" if value else "no", lang)
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if lang == "vi" and isinstance(value, float):
        text = text.replace(".", ",")
    if unit is not None and isinstance(value, (int, float)):
        text += f" {pick(unit, lang)}"
    return text


def _num(x: Any) -> Any:
    return Fraction(str(x)) if isinstance(x, float) else x


# ----------------------------------------------------------------------------- evaluation


@dataclass
class Context:
    """What a condition is evaluated against: one record (or one register item)."""

    facts: dict[str, Any]
    year: int
    window: tuple[dt.date, dt.date]
    lang: str = "vi"
    trace: list[tuple[str, int]] | None = None  # (any-node path, index of the branch that decided)

    @property
    def q1(self) -> tuple[dt.date, dt.date]:
        return (dt.date(self.year, 1, 1), dt.date(self.year, 3, 31))

    def child(self, facts: dict[str, Any]) -> "Context":
        return Context(facts, self.year, self.window, self.lang, self.trace)


@dataclass(slots=True)
class LeafResult:
    leaf: "Leaf"
    value: bool | None
    data: dict[str, Any]

    def reasons(self, ctx: Context) -> list[str]:
        return self.leaf.explain(self, ctx)

    def remarks(self, ctx: Context) -> list[str]:
        return self.leaf.remarks(self, ctx)


@dataclass(slots=True)
class Verdict:
    value: bool | None
    leaves: list[LeafResult]


class Node:
    path: str = ""

    def evaluate(self, ctx: Context) -> Verdict:  # pragma: no cover - abstract
        raise NotImplementedError

    def walk(self) -> Iterator["Node"]:
        yield self

    def facts_read(self) -> list[str]:
        out: list[str] = []
        for n in self.walk():
            for f in getattr(n, "reads", ()):
                if f not in out:
                    out.append(f)
        return out


class _Group(Node):
    def __init__(self, children: list[Node]):
        self.children = children

    def walk(self) -> Iterator[Node]:
        yield self
        for c in self.children:
            yield from c.walk()


class All(_Group):
    def evaluate(self, ctx: Context) -> Verdict:
        results = [c.evaluate(ctx) for c in self.children]
        for wanted in (False, None):
            picked = [r for r in results if r.value is wanted]
            if picked:
                return Verdict(wanted, [leaf for r in picked for leaf in r.leaves])
        return Verdict(True, [leaf for r in results for leaf in r.leaves])


class AnyOf(_Group):
    def evaluate(self, ctx: Context) -> Verdict:
        results = [c.evaluate(ctx) for c in self.children]
        winners = [i for i, r in enumerate(results) if r.value is True]
        if winners:
            if ctx.trace is not None:
                ctx.trace.extend((self.path, i) for i in winners)
            return Verdict(True, [leaf for i in winners for leaf in results[i].leaves])
        unknown = [r for r in results if r.value is None]
        if unknown:
            return Verdict(None, [leaf for r in unknown for leaf in r.leaves])
        return Verdict(False, [leaf for r in results for leaf in r.leaves])


class Not(Node):
    def __init__(self, child: Node):
        self.child = child

    def walk(self) -> Iterator[Node]:
        yield self
        yield from self.child.walk()

    def evaluate(self, ctx: Context) -> Verdict:
        r = self.child.evaluate(ctx)
        return Verdict(None if r.value is None else not r.value, r.leaves)


class Leaf(Node):
    reads: tuple[str, ...] = ()

    def explain(self, result: LeafResult, ctx: Context) -> list[str]:  # pragma: no cover
        """Why this leaf is false or unknown: what was found against what is required."""
        raise NotImplementedError

    def remarks(self, result: LeafResult, ctx: Context) -> list[str]:
        """What a user must still be told when this leaf passes (default: nothing)."""
        return []

    def _missing(self, spec: FactSpec, ctx: Context) -> list[str]:
        return [ui("r.missing", ctx.lang, label=pick(spec.label, ctx.lang), fact=spec.id)]


class FactLeaf(Leaf):
    def __init__(self, spec: FactSpec, op: str, const: Any = None, other: FactSpec | None = None):
        self.spec, self.op, self.const, self.other = spec, op, const, other
        self.reads = (spec.id,) + ((other.id,) if other else ())
        # specialised once: thousands of records are evaluated against the same leaf
        self._by_rank = spec.type == "enum" and spec.ordered and op not in ("eq", "ne")
        self._cmp = _CMP.get(op)
        self._const_key = self._key(const) if op in _CMP and other is None else None
        self._text: dict[str, tuple[str, str]] = {}  # lang → (label, expected)

    def evaluate(self, ctx: Context) -> Verdict:
        op = self.op
        value = ctx.facts.get(self.spec.id)
        if op == "present":
            ok = (value is not None and value != []) == bool(self.const)
            return Verdict(ok, [LeafResult(self, ok, {"value": value})])
        if value is None:
            return Verdict(None, [LeafResult(self, None, {"missing": self.spec})])
        if self._cmp is not None:
            if self.other is not None:
                other = ctx.facts.get(self.other.id)
                if other is None:
                    return Verdict(None, [LeafResult(self, None, {"missing": self.other})])
                ok = self._cmp(self._key(value), self._key(other))
                return Verdict(ok, [LeafResult(self, ok, {"value": value, "other": other})])
            ok = self._cmp(self._key(value), self._const_key)
        elif op == "in_period":
            start, end = ctx.q1 if self.const == "q1" else ctx.window
            ok = start <= value <= end
            return Verdict(ok, [LeafResult(self, ok, {"value": value, "start": start, "end": end})])
        elif op == "in":
            ok = value in self.const
        elif op == "not_in":
            ok = value not in self.const
        elif op == "contains_any":
            ok = any(v in self.const for v in value)
        else:  # subset_of
            ok = bool(value) and all(v in self.const for v in value)
        return Verdict(ok, [LeafResult(self, ok, {"value": value})])

    def _key(self, v: Any) -> Any:
        if self._by_rank:
            return self.spec.rank.get(v, -1)
        return Fraction(str(v)) if type(v) is float else v

    def _texts(self, lang: str) -> tuple[str, str]:
        found = self._text.get(lang)
        if found is None:
            spec, const = self.spec, self.const
            if self.other is not None or self.op in ("present", "in_period"):
                expected = ""
            elif self.op in ("in", "not_in", "contains_any", "subset_of"):
                expected = spec.value_label(sorted(const, key=lambda v: spec.rank.get(v, 0)), lang)
            elif spec.type == "integer":
                expected = format_value(const, lang)
            else:
                expected = spec.value_label(const, lang)
            found = self._text[lang] = (pick(spec.label, lang), expected)
        return found

    def explain(self, result: LeafResult, ctx: Context) -> list[str]:
        lang, spec, d = ctx.lang, self.spec, result.data
        if "missing" in d:
            return self._missing(d["missing"], ctx)
        label, expected = self._texts(lang)
        actual = spec.value_label(d.get("value"), lang)
        op = self.op
        if op == "present":
            return [ui("r.present", lang, label=label, actual=actual if d.get("value") is not None else ui("absent", lang))]
        if self.other is not None:
            return [ui("r.cmp_fact", lang, label=label, actual=actual, op=OP_SYMBOL[op],
                       other_label=pick(self.other.label, lang), expected=self.other.value_label(d["other"], lang))]
        if op == "in_period":
            period = ui("period.q1", lang, year=ctx.year) if self.const == "q1" else ui("period.window", lang)
            return [ui("r.period", lang, label=label, actual=actual, period=period,
                       start=format_value(d["start"], lang), end=format_value(d["end"], lang))]
        if op in ("in", "not_in", "contains_any", "subset_of"):
            return [ui(f"r.{op}", lang, label=label, actual=actual, expected=expected)]
        if self._by_rank:
            return [ui("r.rank", lang, label=label, actual=actual, requirement=ui(f"op.{op}_rank", lang, x=expected))]
        return [ui("r.cmp", lang, label=label, actual=actual, op=OP_SYMBOL[op], expected=expected)]


class RatioLeaf(Leaf):
    def __init__(self, num: FactSpec, den: FactSpec, op: str, percent: Fraction):
        self.num, self.den, self.op, self.percent = num, den, op, percent
        self.reads = (num.id, den.id)
        self._cmp = _CMP[op]

    def evaluate(self, ctx: Context) -> Verdict:
        n, d = ctx.facts.get(self.num.id), ctx.facts.get(self.den.id)
        for spec, v in ((self.num, n), (self.den, d)):
            if v is None:
                return Verdict(None, [LeafResult(self, None, {"missing": spec})])
        if d == 0:
            return Verdict(False, [LeafResult(self, False, {"zero": True})])
        if type(n) is int and type(d) is int:  # exact integer test: n × 100 × q ⋛ p × d for percent p/q
            ok = self._cmp(n * 100 * self.percent.denominator, self.percent.numerator * d)
        else:
            ok = self._cmp(_num(n) * 100, self.percent * _num(d))
        return Verdict(ok, [LeafResult(self, ok, {"num": n, "den": d})])

    def explain(self, result: LeafResult, ctx: Context) -> list[str]:
        lang, d = ctx.lang, result.data
        if "missing" in d:
            return self._missing(d["missing"], ctx)
        if d.get("zero"):
            return [ui("r.ratio_zero", lang, den_label=pick(self.den.label, lang))]
        pct = Fraction(_num(d["num"])) * 100 / Fraction(_num(d["den"]))
        pct_text = f"{float(pct):.1f}".rstrip("0").rstrip(".") + "%"
        if lang == "vi":
            pct_text = pct_text.replace(".", ",")
        required = format_value(float(self.percent) if self.percent.denominator != 1 else int(self.percent), lang)
        return [ui("r.ratio", lang, num_label=pick(self.num.label, lang), num=format_value(d["num"], lang),
                   den=format_value(d["den"], lang), unit=pick(self.den.unit or self.num.unit, lang),
                   pct=pct_text, op=OP_SYMBOL[self.op], required=required).replace("  (", " (")]


class CountLeaf(Leaf):
    def __init__(self, spec: FactSpec, where: Node | None, excused: Node | None, op: str, n: int):
        self.spec, self.where, self.excused, self.op, self.n = spec, where, excused, op, n
        self.reads = (spec.id,)

    def walk(self) -> Iterator[Node]:
        yield self  # children read register fields, not record facts

    def evaluate(self, ctx: Context) -> Verdict:
        items = ctx.facts.get(self.spec.id)
        if items is None:
            return Verdict(None, [LeafResult(self, None, {"missing": self.spec})])
        start, end = ctx.window
        counted, excused, outside, unknown = [], [], [], []
        for item in items:
            when = item.get("date")
            if when is None or not (start <= when <= end):
                outside.append(item)
                continue
            sub = ctx.child(item)
            match = self.where.evaluate(sub).value if self.where else True
            if match is False:
                continue
            if match is None:
                unknown.append(item)
                continue
            exc = self.excused.evaluate(sub).value if self.excused else False
            if exc is True:
                excused.append(item)
            elif exc is False:
                counted.append(item)
            else:
                unknown.append(item)
        low = _CMP[self.op](len(counted), self.n)
        high = _CMP[self.op](len(counted) + len(unknown), self.n)
        value = low if low == high else None
        data = {"counted": counted, "excused": excused, "outside": outside, "unknown": unknown, "start": start, "end": end}
        return Verdict(value, [LeafResult(self, value, data)])

    def _item(self, item: dict[str, Any], lang: str) -> str:
        parts = []
        for name, spec in self.spec.fields.items():
            if name == "date" or spec.type not in ("enum", "text"):
                continue
            v = item.get(name)
            if v is not None:
                parts.append(spec.value_label(v, lang))
        return f"{format_value(item.get('date'), lang)} {' — '.join(parts)}".strip()

    def explain(self, result: LeafResult, ctx: Context) -> list[str]:
        lang, d = ctx.lang, result.data
        if "missing" in d:
            return self._missing(self.spec, ctx)
        label = pick(self.spec.label, lang)
        out = [ui("r.count", lang, label=label, count=len(d["counted"]), op=OP_SYMBOL[self.op], expected=self.n)]
        out += [ui("r.count_item", lang, what=self._item(i, lang)) for i in d["counted"]]
        return out + self.remarks(result, ctx)

    def remarks(self, result: LeafResult, ctx: Context) -> list[str]:
        """Excused incidents and incidents outside the window are always reported, never silently dropped."""
        lang, d = ctx.lang, result.data
        if "missing" in d:
            return []
        label = pick(self.spec.label, lang)
        out: list[str] = []
        if d["unknown"]:
            out.append(ui("r.count_unknown", lang, n=len(d["unknown"]), items="; ".join(self._item(i, lang) for i in d["unknown"])))
        if d["excused"]:
            out.append(ui("r.count_excused", lang, label=label, n=len(d["excused"]),
                          items="; ".join(self._item(i, lang) for i in d["excused"])))
        if d["outside"]:
            out.append(ui("r.count_outside", lang, n=len(d["outside"]), start=format_value(d["start"], lang),
                          end=format_value(d["end"], lang), items="; ".join(self._item(i, lang) for i in d["outside"])))
        return out


# ----------------------------------------------------------------------------- compilation

Report = Callable[..., None]  # report(code, path, key=False, **params)

FACT_OPS: dict[str, tuple[str, ...]] = {
    "boolean": ("eq", "ne"),
    "integer": COMPARE_OPS,
    "number": COMPARE_OPS,
    "date": COMPARE_OPS + ("in_period",),
    "enum": ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge"),
    "enum_set": ("contains_any", "subset_of"),
    "text": (),
    "events": (),
}
KINDS = ("all", "any", "not", "fact", "ratio", "count")
_LEAF_EXTRA = {"fact": set(), "ratio": set(), "count": {"where", "excused_if"}}


def _not_in(value: Any, allowed: Any) -> dict[str, str]:
    """'x' ∉ {a, b} — did you mean …? (bilingual detail for cond-value)."""
    base = f"'{value}' ∉ {{{', '.join(allowed)}}}"
    tail = hint(_suggest(value, allowed))
    return {"vi": base + tail["vi"], "en": base + tail["en"]}


def _suggest(word: str, options: Any) -> str | None:
    found = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return found[0] if found else None


class Compiler:
    """Compiles raw condition mappings against a fact scope, reporting located problems."""

    def __init__(self, scope: dict[str, FactSpec], unit_type: str, report: Report):
        self.scope, self.unit_type, self.report = scope, unit_type, report

    def compile(self, raw: Any, path: tuple[Any, ...], label: str = "condition") -> Node | None:
        if not isinstance(raw, dict):
            self.report("cond-kind", path, kinds=", ".join(KINDS), found=type(raw).__name__)
            return None
        kinds = [k for k in raw if k in KINDS]
        if len(kinds) != 1:
            unknown = [k for k in raw if k not in KINDS and k not in COMPARE_OPS]
            sug = _suggest(unknown[0], KINDS) if unknown else None
            self.report("cond-kind", path, kinds=", ".join(KINDS), hint=hint(sug),
                        found=", ".join(map(str, raw)) or "{}")
            return None
        kind = kinds[0]
        node: Node | None
        if kind in ("all", "any"):
            node = self._group(kind, raw, path)
        elif kind == "not":
            self._only(raw, path, {"not"})
            child = self.compile(raw["not"], path + ("not",))
            node = Not(child) if child else None
        elif kind == "fact":
            node = self._fact(raw, path)
        elif kind == "ratio":
            node = self._ratio(raw, path)
        else:
            node = self._count(raw, path)
        if node is not None:
            node.path = label
        return node

    def _only(self, raw: dict[str, Any], path: tuple[Any, ...], allowed: set[str]) -> bool:
        ok = True
        for k in raw:
            if k not in allowed:
                self.report("criteria-unknown-key", path + (k,), key=True, hint=hint(_suggest(k, allowed)))
                ok = False
        return ok

    def _group(self, kind: str, raw: dict[str, Any], path: tuple[Any, ...]) -> Node | None:
        self._only(raw, path, {kind})
        items = raw[kind]
        if not isinstance(items, list) or not items:
            self.report("cond-empty", path + (kind,), kind=kind)
            return None
        children = [self.compile(c, path + (kind, i), f"{kind}[{i}]") for i, c in enumerate(items)]
        if any(c is None for c in children):
            return None
        node: Node = All(children) if kind == "all" else AnyOf(children)  # type: ignore[arg-type]
        for i, c in enumerate(children):
            assert c is not None
            _prefix(c, f"{kind}[{i}]")
        return node

    def _spec(self, name: Any, path: tuple[Any, ...]) -> FactSpec | None:
        if isinstance(name, str) and name in self.scope:
            return self.scope[name]
        self.report("cond-unknown-fact", path, fact=name, unit_type=self.unit_type,
                    hint=hint(_suggest(name, self.scope)))
        return None

    def _operator(self, raw: dict[str, Any], path: tuple[Any, ...], allowed: tuple[str, ...], what: str,
                  type_: str, extra: set[str] = frozenset()) -> str | None:  # type: ignore[assignment]
        ops = [k for k in raw if k in allowed]
        others = [k for k in raw if k not in allowed and k not in extra]
        if len(ops) != 1 or others:
            sug = _suggest(others[0], allowed) if others else None
            self.report("cond-operator", path, fact=what, type=type_, allowed=", ".join(allowed) or "—",
                        found=", ".join(map(str, raw)), hint=hint(sug))
            return None
        return ops[0]

    def _fact(self, raw: dict[str, Any], path: tuple[Any, ...]) -> Node | None:
        spec = self._spec(raw["fact"], path + ("fact",))
        if spec is None:
            return None
        op = self._operator(raw, path, FACT_OPS[spec.type] + ("present",), spec.id, spec.type, {"fact"})
        if op is None:
            return None
        value = raw[op]
        vpath = path + (op,)

        def bad(detail: Any) -> None:
            self.report("cond-value", vpath, fact=spec.id, type=spec.type, detail=detail)

        if op == "present":
            if not isinstance(value, bool):
                return bad("true/false") or None
            return FactLeaf(spec, op, value)
        if isinstance(value, dict):  # {fact: OTHER}
            if set(value) != {"fact"} or op not in COMPARE_OPS:
                return bad("{fact: NAME}") or None
            other = self._spec(value["fact"], vpath + ("fact",))
            if other is None:
                return None
            same = (spec.type in NUMERIC and other.type in NUMERIC) or (
                spec.type == other.type and spec.type in ("date", "enum", "boolean")
                and [v.id for v in spec.values] == [v.id for v in other.values])
            if not same:
                self.report("cond-type-mismatch", vpath, fact=spec.id, type=spec.type, other=other.id, other_type=other.type)
                return None
            return FactLeaf(spec, op, other=other)
        t = spec.type
        if op == "in_period":
            if value not in ("q1", "window"):
                return bad("q1 | window") or None
        elif op in ("in", "not_in", "contains_any", "subset_of"):
            if not isinstance(value, list) or not value:
                return bad({"vi": "cần một danh sách giá trị không rỗng", "en": "a non-empty list of values"}) or None
            for i, v in enumerate(value):
                if v not in spec.rank:
                    self.report("cond-value", vpath + (i,), fact=spec.id, type=t,
                                detail=_not_in(v, spec.rank))
                    return None
            value = frozenset(value)
        elif t == "boolean":
            if not isinstance(value, bool):
                return bad({"vi": f"cần true/false, không phải {value!r}", "en": f"true/false, not {value!r}"}) or None
        elif t in NUMERIC:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return bad({"vi": f"cần một số, không phải {value!r}", "en": f"a number, not {value!r}"}) or None
            if t == "integer" and isinstance(value, float) and not value.is_integer():
                return bad({"vi": f"cần một số nguyên, không phải {value!r}", "en": f"a whole number, not {value!r}"}) or None
        elif t == "date":
            if not isinstance(value, dt.date):
                return bad({"vi": f"cần một ngày (YYYY-MM-DD), không phải {value!r}", "en": f"a date (YYYY-MM-DD), not {value!r}"}) or None
        elif t == "enum":
            if value not in spec.rank:
                return bad(_not_in(value, spec.rank)) or None
            if op not in ("eq", "ne") and not spec.ordered:
                return bad({"vi": f"'{op}' chỉ dùng cho danh mục có thứ bậc (ordered: true)", "en": f"'{op}' needs an ordered enum (ordered: true)"}) or None
        return FactLeaf(spec, op, value)

    def _ratio(self, raw: dict[str, Any], path: tuple[Any, ...]) -> Node | None:
        pair = raw["ratio"]
        if not (isinstance(pair, list) and len(pair) == 2):
            self.report("cond-value", path + ("ratio",), fact="ratio", type="ratio", detail="[NUMERATOR, DENOMINATOR]")
            return None
        specs = [self._spec(n, path + ("ratio", i)) for i, n in enumerate(pair)]
        if any(s is None for s in specs):
            return None
        for i, s in enumerate(specs):
            assert s is not None
            if s.type not in NUMERIC:
                self.report("cond-type-mismatch", path + ("ratio", i), fact=s.id, type=s.type, other="ratio", other_type="integer")
                return None
        op = self._operator(raw, path, ("eq", "ge", "gt", "le", "lt"), "ratio", "percent", {"ratio"})
        if op is None:
            return None
        pct = raw[op]
        if isinstance(pct, bool) or not isinstance(pct, (int, float)) or not 0 <= pct <= 100:
            self.report("cond-percent", path + (op,), value=pct)
            return None
        return RatioLeaf(specs[0], specs[1], op, Fraction(str(pct)))  # type: ignore[arg-type]

    def _count(self, raw: dict[str, Any], path: tuple[Any, ...]) -> Node | None:
        spec = self._spec(raw["count"], path + ("count",))
        if spec is None:
            return None
        if spec.type != "events":
            self.report("cond-type-mismatch", path + ("count",), fact=spec.id, type=spec.type, other="count", other_type="events")
            return None
        op = self._operator(raw, path, COMPARE_OPS, spec.id, "events", {"count", "where", "excused_if"})
        if op is None:
            return None
        n = raw[op]
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            self.report("cond-value", path + (op,), fact=spec.id, type="count", detail={"vi": f"cần một số nguyên ≥ 0, không phải {n!r}", "en": f"a whole number ≥ 0, not {n!r}"})
            return None
        inner = Compiler(spec.fields, f"{self.unit_type}.{spec.id}", self.report)
        where = inner.compile(raw["where"], path + ("where",), "where") if "where" in raw else None
        excused = inner.compile(raw["excused_if"], path + ("excused_if",), "excused_if") if "excused_if" in raw else None
        if ("where" in raw and where is None) or ("excused_if" in raw and excused is None):
            return None
        return CountLeaf(spec, where, excused, op, n)


def _prefix(node: Node, prefix: str) -> None:
    """Give nested nodes a path relative to the criterion ("any[1].all[0]")."""
    for n in node.walk():
        if n is not node and n.path and not n.path.startswith(prefix):
            n.path = f"{prefix}.{n.path}"


def number_paths(node: Node, label: str) -> None:
    """Give every node of a criterion's tree a unique path ("condition", "all[1]", "all[1].any[0]",
    "where", "all[2].excused_if.any[1]"), so that a decisive `any` branch (Context.trace) names one
    node only — also inside a count's `where` / `excused_if`. Paths below the root are relative to it."""

    def visit(n: Node, path: str, rel: str) -> None:
        n.path = path
        if isinstance(n, (All, AnyOf)):
            kind = "all" if isinstance(n, All) else "any"
            for i, c in enumerate(n.children):
                sub = f"{rel}.{kind}[{i}]" if rel else f"{kind}[{i}]"
                visit(c, sub, sub)
        elif isinstance(n, Not):
            sub = f"{rel}.not" if rel else "not"
            visit(n.child, sub, sub)
        elif isinstance(n, CountLeaf):
            for name, inner in (("where", n.where), ("excused_if", n.excused)):
                if inner is not None:
                    sub = f"{rel}.{name}" if rel else name
                    visit(inner, sub, sub)

    visit(node, label, "")


def any_branches(node: Node) -> list[tuple[str, int]]:
    """Every (any-node path, branch index) of a tree, including inside `where` / `excused_if`."""
    out: list[tuple[str, int]] = []

    def visit(n: Node) -> None:
        if isinstance(n, AnyOf):
            out.extend((n.path, i) for i in range(len(n.children)))
        if isinstance(n, (All, AnyOf)):
            for c in n.children:
                visit(c)
        elif isinstance(n, Not):
            visit(n.child)
        elif isinstance(n, CountLeaf):
            for inner in (n.where, n.excused):
                if inner is not None:
                    visit(inner)

    visit(node)
    return out
