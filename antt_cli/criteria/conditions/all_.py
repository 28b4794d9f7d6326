"""`all`: every child condition holds.

    condition:
      all:
        - {fact: crimes, le: {fact: crimes_previous_year}}
        - {fact: social_evils, le: {fact: social_evils_previous_year}}

Three-valued: false as soon as one child is false (the false children explain it), else unknown
if one child lacks data, else true.
"""

from __future__ import annotations

from typing import Any

from antt_cli.criteria.conditions.base import MESSAGES, Compiler, Context, Node, Verdict, describe_children
from antt_cli.words import Words

KIND = "all"
ORDER = 10
DOC = """### `all` — every child holds

```yaml
all:
  - {fact: crimes, le: {fact: crimes_previous_year}}
  - {fact: social_evils, le: {fact: social_evils_previous_year}}
```

Passes when every child passes; fails when one fails (those children explain it); otherwise,
when a child lacks data, the result is *thiếu dữ liệu*. An empty list is an error.
"""

WORDS = Words({
    "title": ("Tất cả các điều kiện sau:", "All of the following:"),
    "and": ("; ", "; "),
})


def schema() -> dict[str, Any]:
    return {KIND: {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Condition"},
                   "description": "every child condition holds"}}


class All(Node):
    KIND = KIND

    def __init__(self, items: list[Node]) -> None:
        self.items = items

    def children(self) -> list[Node]:
        return self.items

    def with_children(self, children: list[Node]) -> Node:
        copy = All(list(children))
        copy.path = self.path
        return copy

    def evaluate(self, ctx: Context) -> Verdict:
        results = [c.evaluate(ctx) for c in self.items]
        for wanted in (False, None):
            picked = [r for r in results if r.value is wanted]
            if picked:
                return Verdict(wanted, [leaf for r in picked for leaf in r.leaves])
        return Verdict(True, [leaf for r in results for leaf in r.leaves])

    def describe(self, lang: str) -> list[str]:
        return describe_children(WORDS("title", lang), self.items, lang)

    def requirement(self, ctx: Context) -> str:
        return WORDS("and", ctx.lang).join(c.requirement(ctx) for c in self.items)

    def brief_requirement(self, ctx: Context) -> str:
        return "\n".join(c.requirement(ctx) for c in self.items)  # one condition a line, each with its label


def compile_group(raw: dict[str, Any], path: tuple[Any, ...], c: Compiler, kind: str) -> list[Node] | None:
    c.only(raw, path, {kind})
    items = raw[kind]
    if not isinstance(items, list) or not items:
        c.problem(MESSAGES, "cond-empty", path + (kind,), kind=kind)
        return None
    children = [c.compile(item, path + (kind, i)) for i, item in enumerate(items)]
    if any(child is None for child in children):
        return None
    return children  # type: ignore[return-value]


def compile(raw: dict[str, Any], path: tuple[Any, ...], c: Compiler) -> Node | None:
    children = compile_group(raw, path, c, KIND)
    return All(children) if children is not None else None
