"""`any`: at least one child condition holds.

    excused_if:
      any:
        - {fact: force_majeure, eq: true}
        - all: [{fact: detected_timely, eq: true}, {fact: reported_immediately, eq: true}]

Three-valued: true as soon as one child is true (the branches that held explain it and are
recorded for branch coverage), else unknown if one child lacks data, else false.
"""

from __future__ import annotations

from typing import Any

from antt_cli.criteria.conditions.all_ import compile_group
from antt_cli.criteria.conditions.base import Compiler, Context, Node, Verdict, describe_children
from antt_cli.words import Words

KIND = "any"
ORDER = 20
DOC = """### `any` — at least one child holds

```yaml
any:
  - {fact: force_majeure, eq: true}
  - all:
      - {fact: detected_timely, eq: true}
      - {fact: reported_immediately, eq: true}
```

Passes when one child passes (the branches that passed explain it, and `antt test --coverage`
counts which branches ever decided); fails when every child fails; otherwise *thiếu dữ liệu*.
"""

WORDS = Words({
    "title": ("Ít nhất một trong các điều kiện sau:", "At least one of the following:"),
    "or": (" hoặc ", " or "),
})


def schema() -> dict[str, Any]:
    return {KIND: {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Condition"},
                   "description": "at least one child condition holds"}}


class AnyOf(Node):
    KIND = KIND

    def __init__(self, items: list[Node]) -> None:
        self.items = items

    def children(self) -> list[Node]:
        return self.items

    def with_children(self, children: list[Node]) -> Node:
        copy = AnyOf(list(children))
        copy.path = self.path
        return copy

    def evaluate(self, ctx: Context) -> Verdict:
        results = [c.evaluate(ctx) for c in self.items]
        winners = [i for i, r in enumerate(results) if r.value is True]
        if winners:
            if ctx.trace is not None:
                ctx.trace.extend((self.path, i) for i in winners)
            return Verdict(True, [leaf for i in winners for leaf in results[i].leaves])
        unknown = [r for r in results if r.value is None]
        if unknown:
            return Verdict(None, [leaf for r in unknown for leaf in r.leaves])
        return Verdict(False, [leaf for r in results for leaf in r.leaves])

    def describe(self, lang: str) -> list[str]:
        return describe_children(WORDS("title", lang), self.items, lang)

    def requirement(self, ctx: Context) -> str:
        return WORDS("or", ctx.lang).join(f"({c.requirement(ctx)})" if len(self.items) > 1 else c.requirement(ctx)
                                          for c in self.items)


def compile(raw: dict[str, Any], path: tuple[Any, ...], c: Compiler) -> Node | None:
    children = compile_group(raw, path, c, KIND)
    return AnyOf(children) if children is not None else None
