"""`not`: the child condition does not hold (unknown stays unknown).

    applies_if: {not: {fact: party_organisation, eq: false}}
"""

from __future__ import annotations

from typing import Any

from antt_cli.criteria.conditions.base import Compiler, Context, Node, Verdict, describe_children
from antt_cli.words import Words

KIND = "not"
ORDER = 30
DOC = """### `not` — the child does not hold

```yaml
not: {fact: has_protection_force, eq: false}
```

Passes when the child fails, fails when it passes; a child lacking data stays *thiếu dữ liệu*.
"""

WORDS = Words({
    "title": ("Không phải trường hợp sau:", "Not the following:"),
    "req": ("không: {x}", "not: {x}"),
})


def schema() -> dict[str, Any]:
    return {KIND: {"$ref": "#/$defs/Condition", "description": "the child condition does not hold"}}


class Not(Node):
    KIND = KIND

    def __init__(self, child: Node) -> None:
        self.child = child

    def children(self) -> list[Node]:
        return [self.child]

    def with_children(self, children: list[Node]) -> Node:
        (child,) = children
        copy = Not(child)
        copy.path = self.path
        return copy

    def evaluate(self, ctx: Context) -> Verdict:
        r = self.child.evaluate(ctx)
        return Verdict(None if r.value is None else not r.value, r.leaves)

    def describe(self, lang: str) -> list[str]:
        return describe_children(WORDS("title", lang), [self.child], lang)

    def requirement(self, ctx: Context) -> str:
        return WORDS("req", ctx.lang, x=self.child.requirement(ctx))


def compile(raw: dict[str, Any], path: tuple[Any, ...], c: Compiler) -> Node | None:
    c.only(raw, path, {KIND})
    child = c.compile(raw[KIND], path + (KIND,))
    return Not(child) if child is not None else None
