"""Conditions in words (`antt criteria show`): the compiled tree read back as indented lines.

The words come from the criteria data (fact labels, value labels) and the interface strings
below; nothing legal is added here.
"""

from __future__ import annotations

from typing import Any

from antt_cli.criteria.conditions import OP_SYMBOL, All, AnyOf, CountLeaf, FactLeaf, Node, Not, RatioLeaf, format_value
from antt_cli.i18n import say, pick

WORDS: dict[str, tuple[str, str]] = {
    "all": ("Tất cả các điều kiện sau:", "All of the following:"),
    "any": ("Ít nhất một trong các điều kiện sau:", "At least one of the following:"),
    "not": ("Không phải trường hợp sau:", "Not the following:"),
    "present_true": ("{label}: phải có", "{label}: must be given"),
    "present_false": ("{label}: không có", "{label}: not given"),
    "in_period_q1": ("{label}: trong Quý I của năm đánh giá", "{label}: within Q1 of the assessment year"),
    "in_period_window": ("{label}: trong kỳ đánh giá", "{label}: within the assessment window"),
    "in": ("{label}: là một trong: {values}", "{label}: one of: {values}"),
    "not_in": ("{label}: không thuộc: {values}", "{label}: none of: {values}"),
    "contains_any": ("{label}: có ít nhất một trong: {values}", "{label}: includes at least one of: {values}"),
    "subset_of": ("{label}: chỉ gồm: {values}", "{label}: only: {values}"),
    "cmp": ("{label} {op} {value}", "{label} {op} {value}"),
    "rank_ge": ("{label}: từ “{value}” trở lên", "{label}: “{value}” or better"),
    "rank_gt": ("{label}: cao hơn “{value}”", "{label}: better than “{value}”"),
    "rank_le": ("{label}: không cao hơn “{value}”", "{label}: “{value}” or lower"),
    "rank_lt": ("{label}: thấp hơn “{value}”", "{label}: lower than “{value}”"),
    "ratio": ("{num} / {den} {op} {pct}%", "{num} / {den} {op} {pct}%"),
    "count": ("Số mục của “{label}” trong kỳ đánh giá {op} {n}", "Items of “{label}” within the assessment window {op} {n}"),
    "where": ("chỉ tính mục:", "counting only items where:"),
    "excused": ("không tính mục (miễn trừ) khi:", "not counting (excused) items where:"),
}


def word(key: str, lang: str, **params: Any) -> str:
    return say(WORDS, key, lang, **params)


def describe(node: Node, lang: str = "vi", indent: str = "") -> list[str]:
    """Indented lines, one per condition; a group's children below it."""
    if isinstance(node, (All, AnyOf)):
        out = [indent + word("all" if isinstance(node, All) else "any", lang)]
        for c in node.children:
            lines = describe(c, lang, indent + "  ")
            out += [indent + "  - " + lines[0].lstrip()] + lines[1:]
        return out
    if isinstance(node, Not):
        lines = describe(node.child, lang, indent + "  ")
        return [indent + word("not", lang), indent + "  - " + lines[0].lstrip()] + lines[1:]
    if isinstance(node, FactLeaf):
        return [indent + _fact(node, lang)]
    if isinstance(node, RatioLeaf):
        pct = node.percent
        pct_text = format_value(int(pct) if pct.denominator == 1 else float(pct), lang)
        return [indent + word("ratio", lang, num=pick(node.num.label, lang), den=pick(node.den.label, lang),
                              op=OP_SYMBOL[node.op], pct=pct_text)]
    if isinstance(node, CountLeaf):
        out = [indent + word("count", lang, label=pick(node.spec.label, lang), op=OP_SYMBOL[node.op], n=node.n)]
        for key, inner in (("where", node.where), ("excused", node.excused)):
            if inner is not None:
                lines = describe(inner, lang, indent + "    ")
                out += [indent + "  " + word(key, lang), indent + "    - " + lines[0].lstrip()] + lines[1:]
        return out
    return [indent + type(node).__name__]  # pragma: no cover - every node kind is handled above


def _fact(leaf: FactLeaf, lang: str) -> str:
    spec, op = leaf.spec, leaf.op
    label = pick(spec.label, lang)
    if op == "present":
        return word("present_true" if leaf.const else "present_false", lang, label=label)
    if leaf.other is not None:
        return word("cmp", lang, label=label, op=OP_SYMBOL[op], value=pick(leaf.other.label, lang))
    if op == "in_period":
        return word(f"in_period_{leaf.const}", lang, label=label)
    if op in ("in", "not_in", "contains_any", "subset_of"):
        ordered = [v.id for v in spec.values if v.id in leaf.const]
        return word(op, lang, label=label, values=spec.value_label(ordered, lang))
    value = spec.value_label(leaf.const, lang)
    if spec.type == "enum" and spec.ordered and op not in ("eq", "ne"):
        return word(f"rank_{op}", lang, label=label, value=value)
    return word("cmp", lang, label=label, op=OP_SYMBOL[op], value=value)
