"""Words in two languages: the mechanism every stage uses for its own word tables.

Bottom layer: imports nothing of antt_cli. Each stage keeps its words beside its code
(`WORDS = Words({...})`); this module only knows how to pick and fill them.
"""

from __future__ import annotations

from typing import Any, Mapping

LANGS = ("vi", "en")
# parameters that are never bilingual: tested by type first, since isinstance(v, typing.Mapping)
# goes through the ABC machinery (a batch fills hundreds of thousands of templates)
_PLAIN = frozenset({str, int, float, bool, type(None)})


def pick(text: Any, lang: str) -> str:
    """A bilingual text ({vi, en} mapping, or an object with .vi/.en) in `lang`, falling back to vi."""
    if text is None:
        return ""
    if type(text) is dict:
        return text.get(lang) or text.get("vi") or ""
    if isinstance(text, str):
        return text
    if isinstance(text, Mapping):
        return text.get(lang) or text.get("vi") or ""
    return getattr(text, lang, None) or getattr(text, "vi", "") or ""


class Words:
    """A table of (vi, en) templates; `WORDS(key, lang, **params)` fills one in `lang`."""

    __slots__ = ("table",)

    def __init__(self, table: Mapping[str, tuple[str, str]]) -> None:
        self.table = dict(table)

    def template(self, key: str, lang: str = "vi") -> str:
        vi, en = self.table[key]
        return en if lang == "en" else vi

    def __call__(self, key: str, lang: str = "vi", **params: Any) -> str:
        vi, en = self.table[key]
        template = en if lang == "en" else vi
        if not params:
            return template
        for k, v in params.items():  # `params` is this call's own dict
            if type(v) not in _PLAIN and isinstance(v, Mapping):  # a bilingual parameter
                params[k] = pick(v, lang)
        return template.format(**params)

    def both(self, key: str, **params: Any) -> dict[str, str]:
        """The text in both languages, as a bilingual value (a parameter of a Problem, say)."""
        return {lang: self(key, lang, **params) for lang in LANGS}

    def __contains__(self, key: str) -> bool:
        return key in self.table

    def merged(self, other: "Words") -> "Words":
        return Words({**self.table, **other.table})


def hint(suggestion: str | None) -> dict[str, str]:
    """The ' — did you mean …?' tail of a message, as a bilingual parameter ('' when there is none)."""
    if not suggestion:
        return {"vi": "", "en": ""}
    return {"vi": f" — có phải ý bạn là '{suggestion}'?", "en": f" — did you mean '{suggestion}'?"}
