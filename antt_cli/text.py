"""Text helpers every stage uses: folding for comparison, "did you mean", safe display, safe templates.

Bottom layer: imports nothing of antt_cli.
"""

from __future__ import annotations

import re
import string
import unicodedata
from typing import Any, Iterable, Mapping


def fold(text: Any) -> str:
    """The form names are compared in: NFC, case-folded, surrounding and inner whitespace collapsed."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


class Folds:
    """fold() of texts that repeat from unit to unit (the communes and provinces of a batch), each
    folded once: at most `size` remembered, then all forgotten at once (memory stays flat)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.seen: dict[Any, str] = {}

    def __call__(self, text: Any) -> str:
        seen = self.seen
        try:
            return seen[text]
        except KeyError:
            pass
        except TypeError:  # not hashable: not remembered
            return fold(text)
        if len(seen) >= self.size:
            seen.clear()
        out = seen[text] = fold(text)
        return out


def strip_marks(text: Any) -> str:
    """'Tổ dân phố' → 'to dan pho' (to match words typed without diacritics); '_' reads as a space."""
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("_", " ")


def closest(word: Any, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The option most like `word` (for "did you mean …?"), compared with and without diacritics."""
    options = [o for o in dict.fromkeys(options) if isinstance(o, str)]
    if not options:
        return None
    w = str(word)
    import difflib  # on first use: `antt --help` shows no suggestion

    found = difflib.get_close_matches(w, options, n=1, cutoff=cutoff)
    if found:
        return found[0]
    bare = {strip_marks(o): o for o in options}
    found = difflib.get_close_matches(strip_marks(w), list(bare), n=1, cutoff=cutoff)
    return bare[found[0]] if found else None


# Control characters (C0, DEL, C1) and the line/paragraph separators are shown, never obeyed:
# a name holding an ANSI escape, a newline or U+2028 must not drive the terminal or forge a line.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape_char(m: re.Match[str]) -> str:
    c = m.group()
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(c)
    if named:
        return named
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def printable(text: Any) -> str:
    """`text` with control characters made visible (\\x1b, \\n, \\u2028): safe on one line of a terminal."""
    s = text if isinstance(text, str) else str(text)
    return _CONTROL.sub(_escape_char, s) if _CONTROL.search(s) else s


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text))


class _SafeFormatter(string.Formatter):
    """str.format for templates that come from data: plain `{name}` fields only (no attribute or
    index access, no conversion, no format spec), so a template can never reach into an object."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        if not field_name.isidentifier():
            raise ValueError(f"template field {{{field_name}}} is not a plain name")
        return self.get_value(field_name, args, kwargs), field_name

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion:
            raise ValueError("template conversions (!r, !s) are not allowed")
        return value

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec:
            raise ValueError("template format specifications are not allowed")
        return "" if value is None else str(value)


_FORMATTER = _SafeFormatter()


def template_fields(template: str) -> list[str]:
    """The field names of a data template; ValueError if it is not a plain template."""
    names = []
    for _, name, spec, conv in _FORMATTER.parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conv:
            raise ValueError(f"{{{name}}}")
        names.append(name)
    return names


def safe_format(template: str, values: Mapping[str, Any]) -> str:
    """Fill a template that came from data (a criteria file, a document template)."""
    return _FORMATTER.vformat(template, (), values)
