"""What every condition kind shares: the evaluation context, three-valued verdicts, the node types,
and the compiler that dispatches a raw mapping to the kind that owns it.

A kind is one module of this package (all_, any_, not_, fact, ratio, count) declaring:

    KIND     the key that identifies it in a condition mapping ("fact", "ratio", …)
    ORDER    its place in the documentation and the JSON Schema
    DOC      its documentation entry (Markdown), with pass and fail examples
    compile(raw, path, compiler) -> Node | None     type-checked against the declared facts
    schema() -> dict                                the JSON Schema properties it adds

and its node classes, which evaluate (three-valued), explain a status in words, and describe
themselves (`antt criteria show`). Nothing is ever eval'd: a node is a small object.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Iterator

from antt_cli.criteria.values import format_value
from antt_cli.problems import Messages
from antt_cli.text import closest
from antt_cli.words import Words, hint

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.model import FactSpec, Period

COMPARE_OPS = ("eq", "ne", "lt", "le", "gt", "ge")
OP_SYMBOL = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
# the operator module's functions: C calls, and picklable (compiled criteria are cached pickled)
CMP: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
}

MESSAGES = Messages({
    "cond-kind": ("điều kiện không hợp lệ: cần đúng một trong {kinds}{hint}, có {found}",
                  "invalid condition: expected exactly one of {kinds}{hint}, got {found}"),
    "cond-empty": ("'{kind}' phải có ít nhất một điều kiện con", "'{kind}' needs at least one child condition"),
    "cond-unknown-fact": ("dữ kiện '{fact}' chưa được khai báo cho loại đơn vị '{unit_type}'{hint}",
                          "fact '{fact}' is not declared for unit type '{unit_type}'{hint}"),
    "cond-operator": ("cần đúng một toán tử cho dữ kiện '{fact}' (kiểu {type}): {allowed}; có {found}",
                      "expected exactly one operator for fact '{fact}' (type {type}): {allowed}; got {found}"),
    "cond-value": ("giá trị so sánh không hợp lệ cho '{fact}' (kiểu {type}): {detail}",
                   "invalid comparison value for '{fact}' (type {type}): {detail}"),
    "cond-type-mismatch": ("không thể so sánh '{fact}' ({type}) với '{other}' ({other_type})",
                           "cannot compare '{fact}' ({type}) with '{other}' ({other_type})"),
    "criteria-unknown-key": ("khóa không xác định '{name}'{hint}", "unknown key '{name}'{hint}"),
})

WORDS = Words({
    "missing": ("Thiếu dữ liệu: {label} ({fact})", "Missing data: {label} ({fact})"),
    "required": ("yêu cầu", "required"),
})


@dataclass
class Context:
    """What a condition is evaluated against: one record (or one register item)."""

    facts: dict[str, Any]
    year: int
    window: tuple[dt.date, dt.date]
    lang: str = "vi"
    trace: list[tuple[str, int]] | None = None  # (any-node path, index of the branch that decided)

    def span(self, period: "Period | None") -> tuple[dt.date, dt.date]:
        """The dates of a named period in this assessment year; None is the assessment window."""
        return self.window if period is None else period.dates(self.year)

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

    def found(self, ctx: Context) -> str | None:
        return self.leaf.found(self, ctx)

    def holds(self, ctx: Context) -> str | None:
        return self.leaf.holds(self, ctx)


@dataclass(slots=True)
class Verdict:
    value: bool | None
    leaves: list[LeafResult]


class Node:
    path: str = ""

    def evaluate(self, ctx: Context) -> Verdict:  # pragma: no cover - abstract
        raise NotImplementedError

    def children(self) -> list["Node"]:
        """The nodes below this one that read the same facts (a count's `where` reads item fields)."""
        return []

    def with_children(self, children: list["Node"]) -> "Node":
        """This node with `children` (as children() orders them) in place of its own: a kind that
        has children makes a copy (the engine evaluates such a copy when it keeps a sub-condition's
        verdicts); a node without children is itself."""
        if children:  # pragma: no cover - every kind with children overrides it
            raise NotImplementedError(f"{type(self).__name__}.with_children")
        return self

    def inner(self) -> list[tuple[str, "Node"]]:
        """Named sub-conditions evaluated against something else (a count's items): ("where", node)."""
        return []

    def walk(self) -> Iterator["Node"]:
        yield self
        for c in self.children():
            yield from c.walk()

    def facts_read(self) -> list[str]:
        out: list[str] = []
        for n in self.walk():
            for f in getattr(n, "reads", ()):
                if f not in out:
                    out.append(f)
        return out

    def describe(self, lang: str) -> list[str]:  # pragma: no cover - abstract
        """The condition in words, one line per condition, children indented below."""
        raise NotImplementedError

    def requirement(self, ctx: Context) -> str:  # pragma: no cover - abstract
        """What is required, in a few words (the "yêu cầu" column of a review meeting's minutes)."""
        raise NotImplementedError

    def brief_requirement(self, ctx: Context) -> str:
        """The requirement for a table cell (the printed minutes): for a criterion that is one leaf,
        without the figure's label (the criterion's title names it); one condition a line otherwise."""
        return self.requirement(ctx)


class Leaf(Node):
    reads: tuple[str, ...] = ()

    def explain(self, result: LeafResult, ctx: Context) -> list[str]:  # pragma: no cover - abstract
        """Why this leaf is false or unknown: what was found against what is required."""
        raise NotImplementedError

    def remarks(self, result: LeafResult, ctx: Context) -> list[str]:
        """What a user must still be told when this leaf passes (default: nothing)."""
        return []

    def found(self, result: LeafResult, ctx: Context) -> str | None:  # pragma: no cover - abstract
        """What was found, in a few words (the "số liệu thực tế" column)."""
        raise NotImplementedError

    def holds(self, result: LeafResult, ctx: Context) -> str | None:
        """Why this leaf is true, figures against the threshold ("40 người ≤ 50"): what decided a scope."""
        return self.found(result, ctx)

    def figure_label(self, lang: str) -> str | None:
        """The label `found` begins with ("{label}: …"): the figure this leaf reads. A criterion that is
        this one leaf shows its figure without it, in a table cell (its title names the figure)."""
        return None


def missing(spec: "FactSpec", ctx: Context) -> list[str]:
    return [WORDS("missing", ctx.lang, label=spec.label.pick(ctx.lang), fact=spec.id)]


def exact(x: Any) -> Any:
    """A number for exact comparison: floats as the decimal they were written as."""
    return _fraction(x) if type(x) is float else x


@functools.lru_cache(maxsize=1024)
def _fraction(x: float) -> Fraction:
    """Fraction(str(x)), kept: a batch compares the same few figures (rates, shares) again and again."""
    return Fraction(str(x))


def describe_children(title: str, children: list[Node], lang: str) -> list[str]:
    out = [title]
    for c in children:
        lines = c.describe(lang)
        out += ["  - " + lines[0]] + ["  " + line for line in lines[1:]]
    return out


def not_in(value: Any, allowed: Any) -> dict[str, str]:
    """'x' ∉ {a, b} — did you mean …? (bilingual detail for cond-value)."""
    base = f"'{value}' ∉ {{{', '.join(map(str, allowed))}}}"
    tail = hint(closest(value, [str(o) for o in allowed]))
    return {"vi": base + tail["vi"], "en": base + tail["en"]}


Report = Callable[..., None]  # report(problem) — a located Problem


class Compiler:
    """Compiles raw condition mappings against a fact scope, reporting located problems.

    `locate` places a path of the criteria file; `report` receives each Problem."""

    def __init__(self, scope: dict[str, "FactSpec"], unit_type: str, where: Any, report: Report,
                 periods: dict[str, "Period"] | None = None) -> None:
        self.scope, self.unit_type, self.where, self.report = scope, unit_type, where, report
        self.periods = periods  # None: the rule set's vocabulary is missing (reported once, elsewhere)

    def problem(self, messages: Messages, code: str, path: tuple[Any, ...], *, key: bool = False, **params: Any) -> None:
        self.report(messages.at(self.where, code, path, key=key, **params))

    def fail(self, code: str, path: tuple[Any, ...], *, key: bool = False, **params: Any) -> None:
        self.problem(MESSAGES, code, path, key=key, **params)

    def inner_compiler(self, scope: dict[str, "FactSpec"], name: str) -> "Compiler":
        return Compiler(scope, f"{self.unit_type}.{name}", self.where, self.report, self.periods)

    def compile(self, raw: Any, path: tuple[Any, ...]) -> Node | None:
        from antt_cli.criteria.conditions import KINDS

        names = [k.KIND for k in KINDS]
        if not isinstance(raw, dict):
            self.fail("cond-kind", path, kinds=", ".join(names), found=type(raw).__name__)
            return None
        kinds = [k for k in KINDS if k.KIND in raw]
        if len(kinds) != 1:
            unknown = [k for k in raw if k not in names and k not in COMPARE_OPS]
            sug = closest(unknown[0], names) if unknown else None
            self.fail("cond-kind", path, kinds=", ".join(names), hint=hint(sug), found=", ".join(map(str, raw)) or "{}")
            return None
        return kinds[0].compile(raw, path, self)

    def only(self, raw: dict[str, Any], path: tuple[Any, ...], allowed: set[str]) -> bool:
        ok = True
        for k in raw:
            if k not in allowed:
                self.fail("criteria-unknown-key", path + (k,), key=True, name=k, hint=hint(closest(k, sorted(allowed))))
                ok = False
        return ok

    def spec(self, name: Any, path: tuple[Any, ...]) -> "FactSpec | None":
        if isinstance(name, str) and name in self.scope:
            return self.scope[name]
        self.fail("cond-unknown-fact", path, fact=name, unit_type=self.unit_type, hint=hint(closest(name, self.scope)))
        return None

    def operator(self, raw: dict[str, Any], path: tuple[Any, ...], allowed: tuple[str, ...], what: str,
                 type_: str, extra: frozenset[str] = frozenset()) -> str | None:
        ops = [k for k in raw if k in allowed]
        others = [k for k in raw if k not in allowed and k not in extra]
        if len(ops) != 1 or others:
            sug = closest(others[0], allowed) if others else None
            self.fail("cond-operator", path, fact=what, type=type_, allowed=", ".join(allowed) or "—",
                      found=", ".join(map(str, raw)), hint=hint(sug))
            return None
        return ops[0]


def number_paths(node: Node, label: str) -> None:
    """Give every node of a criterion's tree a unique path ("condition", "all[1]", "all[1].any[0]",
    "where", "all[2].excused_if.any[1]"), so that a decisive `any` branch (Context.trace) names one
    node only — also inside a count's `where` / `excused_if`. Paths below the root are relative to it."""

    def visit(n: Node, path: str, rel: str) -> None:
        n.path = path
        kind = getattr(n, "KIND", "")
        for i, c in enumerate(n.children()):
            sub_name = f"{kind}[{i}]" if kind in ("all", "any") else kind
            sub = f"{rel}.{sub_name}" if rel else sub_name
            visit(c, sub, sub)
        for name, inner in n.inner():
            sub = f"{rel}.{name}" if rel else name
            visit(inner, sub, sub)

    visit(node, label, "")


def any_branches(node: Node) -> list[tuple[str, int]]:
    """Every (any-node path, branch index) of a tree, including inside `where` / `excused_if`."""
    out: list[tuple[str, int]] = []

    def visit(n: Node) -> None:
        if getattr(n, "KIND", "") == "any":
            out.extend((n.path, i) for i in range(len(n.children())))
        for c in n.children():
            visit(c)
        for _, inner in n.inner():
            visit(inner)

    visit(node)
    return out


__all__ = ["CMP", "COMPARE_OPS", "Compiler", "Context", "Leaf", "LeafResult", "MESSAGES", "Node", "OP_SYMBOL",
           "Verdict", "WORDS", "any_branches", "describe_children", "exact", "format_value", "missing", "not_in",
           "number_paths"]
