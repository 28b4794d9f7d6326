"""Citations written as the rule set's vocabulary says (criteria/vocabulary.yaml `citation:`: in
Vietnamese legal order, point, clause, article, then the instrument; in English, article first)."""

from __future__ import annotations

from typing import Any

from antt_cli.criteria.model import Citation, CitationStyle, Text, Vocabulary
from antt_cli.text import safe_format, template_fields


def _style(vocab: Vocabulary | None, lang: str) -> CitationStyle | None:
    if vocab is None:
        return None
    return vocab.citation.get(lang) or vocab.citation.get("vi")


def format_citation(c: Citation, instrument: Text, short: str, vocab: Vocabulary | None, lang: str) -> dict[str, Any]:
    values = {"article": c.article, "clause": c.clause, "point": c.point}
    name = (c.instrument or instrument).pick(lang)
    style = _style(vocab, lang)
    if style is None:  # pragma: no cover - the loader gives every rule set a vocabulary
        ref, text = f"{c.article}", f"{c.article} {name}"
    else:
        parts = [safe_format(p, values) for p in style.parts
                 if all(values.get(f) is not None for f in template_fields(p))]
        ref = style.sep.join(parts)
        text = safe_format(style.full, {"ref": ref, "instrument": name, "short": short})
    return {"text": text, "ref": ref, "instrument": name, "article": c.article, "clause": c.clause, "point": c.point}
