"""`ratio`: NUMERATOR / DENOMINATOR against a percentage, computed exactly in integers.

    {ratio: [households_registered, households_residing], ge: 100}
    {ratio: [qualifying_subunits, eligible_subunits], ge: 70}

249/250 is 99.6%, never rounded up to 100%; 18/25 = 72% passes a 70% test, 17/25 = 68% fails. A
zero denominator fails (the share is undefined) and says so.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from antt_cli.criteria.conditions.base import (
    CMP, OP_SYMBOL, Compiler, Context, Leaf, LeafResult, Node, Verdict, exact, format_value, missing)
from antt_cli.criteria.model import NUMERIC
from antt_cli.criteria.values import percent_text
from antt_cli.problems import Messages
from antt_cli.words import Words

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.model import FactSpec

KIND = "ratio"
ORDER = 50
OPERATORS = ("eq", "ge", "gt", "le", "lt")
DOC = """### `ratio` — a share against a percentage

```yaml
{ratio: [households_registered, households_residing], ge: 100}
```

Both facts are numbers; the operator (`eq ge gt le lt`) takes a percentage 0–100. The test is
exact (numerator × 100 against percentage × denominator): 249/250 households fails `ge: 100`,
18/25 passes `ge: 70`, 17/25 fails it. A denominator of 0 fails, with the reason shown.
"""

MESSAGES = Messages({
    "cond-percent": ("ngưỡng phần trăm {value} phải trong khoảng 0–100", "percentage {value} must be within 0–100"),
})

WORDS = Words({
    "r.ratio": ("{num_label}: {num}/{den} {unit} ({pct}); yêu cầu {op} {required}%",
                "{num_label}: {num}/{den} {unit} ({pct}); required {op} {required}%"),
    "r.ratio_zero": ("{den_label} bằng 0: không tính được tỷ lệ", "{den_label} is 0: the ratio is undefined"),
    "found": ("{num_label}: {num}/{den} {unit} ({pct})", "{num_label}: {num}/{den} {unit} ({pct})"),
    "q": ("{num} / {den} {op} {pct}%", "{num} / {den} {op} {pct}%"),
    "b.q": ("{op} {pct}%", "{op} {pct}%"),
})


def schema() -> dict[str, Any]:
    return {KIND: {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "string"},
                   "description": "[NUMERATOR, DENOMINATOR] against a percentage 0–100"}}


class RatioLeaf(Leaf):
    KIND = KIND

    def __init__(self, num: "FactSpec", den: "FactSpec", op: str, percent: Fraction) -> None:
        self.num, self.den, self.op, self.percent = num, den, op, percent
        self.reads = (num.id, den.id)
        self._cmp = CMP[op]

    def evaluate(self, ctx: Context) -> Verdict:
        n, d = ctx.facts.get(self.num.id), ctx.facts.get(self.den.id)
        for spec, v in ((self.num, n), (self.den, d)):
            if v is None:
                return Verdict(None, [LeafResult(self, None, {"missing": spec})])
        if d == 0:
            return Verdict(False, [LeafResult(self, False, {"zero": True, "num": n, "den": d})])
        if type(n) is int and type(d) is int:  # exact integer test: n × 100 × q ⋛ p × d for percent p/q
            ok = self._cmp(n * 100 * self.percent.denominator, self.percent.numerator * d)
        else:
            ok = self._cmp(exact(n) * 100, self.percent * exact(d))
        return Verdict(ok, [LeafResult(self, ok, {"num": n, "den": d})])

    def _pct(self, lang: str) -> str:
        p = self.percent
        return format_value(float(p) if p.denominator != 1 else int(p), lang)

    def _share(self, d: dict[str, Any], lang: str) -> dict[str, str]:
        num, den = d["num"], d["den"]
        if type(num) is int and type(den) is int:  # int / int is correctly rounded: the Fraction's float
            share: Any = num * 100 / den
        else:
            share = Fraction(exact(num)) * 100 / Fraction(exact(den))
        return {"num_label": self.num.label.pick(lang), "num": format_value(d["num"], lang),
                "den": format_value(d["den"], lang), "unit": (self.den.unit or self.num.unit or _NONE).pick(lang),
                "pct": percent_text(share, lang)}

    def explain(self, result: LeafResult, ctx: Context) -> list[str]:
        lang, d = ctx.lang, result.data
        if "missing" in d:
            return missing(d["missing"], ctx)
        if d.get("zero"):
            return [WORDS("r.ratio_zero", lang, den_label=self.den.label.pick(lang))]
        return [WORDS("r.ratio", lang, **self._share(d, lang), op=OP_SYMBOL[self.op],
                      required=self._pct(lang)).replace("  (", " (")]

    def found(self, result: LeafResult, ctx: Context) -> str | None:
        d = result.data
        if "missing" in d or d.get("zero"):
            return self.explain(result, ctx)[0]
        return WORDS("found", ctx.lang, **self._share(d, ctx.lang)).replace("  (", " (")

    def figure_label(self, lang: str) -> str | None:
        return self.num.label.pick(lang)

    def brief_requirement(self, ctx: Context) -> str:
        return WORDS("b.q", ctx.lang, op=OP_SYMBOL[self.op], pct=self._pct(ctx.lang))

    def requirement(self, ctx: Context) -> str:
        lang = ctx.lang
        return WORDS("q", lang, num=self.num.label.pick(lang), den=self.den.label.pick(lang), op=OP_SYMBOL[self.op],
                     pct=self._pct(lang))

    def describe(self, lang: str) -> list[str]:
        import datetime as dt

        return [self.requirement(Context({}, 0, (dt.date.min, dt.date.min), lang))]


class _None:
    def pick(self, lang: str) -> str:
        return ""


_NONE = _None()


def compile(raw: dict[str, Any], path: tuple[Any, ...], c: Compiler) -> Node | None:
    pair = raw[KIND]
    if not (isinstance(pair, list) and len(pair) == 2):
        c.fail("cond-value", path + (KIND,), fact="ratio", type="ratio", detail="[NUMERATOR, DENOMINATOR]")
        return None
    specs = [c.spec(n, path + (KIND, i)) for i, n in enumerate(pair)]
    if any(s is None for s in specs):
        return None
    for i, s in enumerate(specs):
        assert s is not None
        if s.type not in NUMERIC:
            c.fail("cond-type-mismatch", path + (KIND, i), fact=s.id, type=s.type, other="ratio", other_type="integer")
            return None
    op = c.operator(raw, path, OPERATORS, "ratio", "percent", frozenset({KIND}))
    if op is None:
        return None
    pct = raw[op]
    if isinstance(pct, bool) or not isinstance(pct, (int, float)) or not 0 <= pct <= 100:
        c.problem(MESSAGES, "cond-percent", path + (op,), value=repr(pct)[:40])
        return None
    return RatioLeaf(specs[0], specs[1], op, Fraction(str(pct)))  # type: ignore[arg-type]
