"""What PyYAML makes of a scalar: its resolver (which tag a plain scalar gets) and its safe
constructors (which value a tag and a text give). Shared by yamlsrc (libyaml's node tree) and
yamllines (the block subset read line by line), so that both build the same values.

PyYAML itself is imported on first need (`pyyaml()`): a record of text, yes/no, whole numbers,
decimals and dates is read without it (about 15 ms of a one-file run). What this module answers
without PyYAML — the first characters its implicit resolvers start with, the words that resolve
(yes, No, null …), the yes/no values — is written out below; `tests/test_yamllines.py` derives
each from the PyYAML installed (`from_pyyaml()`) and checks they are the same.

Bottom layer: imports nothing of antt_cli.
"""

from __future__ import annotations

import functools
import re
from typing import Any

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MERGE = "tag:yaml.org,2002:merge"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"

# SafeConstructor.bool_values, with the capitalised and upper-case spellings the resolver tags as bool
_YES_NO = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
BOOLS = {**_YES_NO, **{w.capitalize(): v for w, v in _YES_NO.items()}, **{w.upper(): v for w, v in _YES_NO.items()}}
# the first characters the safe loader's implicit resolvers start with ("" for the empty scalar):
# a plain scalar that begins with any other is text
RESOLVED_FIRST = frozenset(["", "!", "&", "*", "+", "-", ".", "<", "=", "~", *"0123456789", *"FNOTYfnoty"])
# the words the resolver tags, for the first characters that are letters or `~`: any other text
# that begins with one of them is text
WORD_TAGS: dict[str, str] = {**{w: BOOL for w in BOOLS}, "null": NULL, "Null": NULL, "NULL": NULL, "~": NULL}
WORD_FIRST = frozenset(w[0] for w in WORD_TAGS)
WORD_VALUES: dict[str, Any] = {w: BOOLS.get(w) for w in WORD_TAGS}  # yes → True, off → False, null, ~ → None


class _PyYAML:
    """PyYAML's safe loader class, a safe constructor and its table, and the memoised resolver."""

    def __init__(self) -> None:
        import yaml

        try:  # the C loader is the default; pure Python only where libyaml is missing
            self.Base: type = yaml.CSafeLoader
        except AttributeError:  # pragma: no cover
            self.Base = yaml.SafeLoader
        self.yaml = yaml
        self.CONSTRUCTOR = yaml.constructor.SafeConstructor()
        self.CTORS = self.CONSTRUCTOR.yaml_constructors
        resolver = self.Base("")  # the resolver's tables are class attributes: any instance answers alike
        resolver.dispose()
        self.resolve = functools.lru_cache(maxsize=4096)(functools.partial(self.Base.resolve, resolver))


@functools.lru_cache(maxsize=1)
def pyyaml() -> _PyYAML:
    """PyYAML, imported on the first call."""
    return _PyYAML()


def resolve(kind: Any, value: Any, implicit: Any) -> Any:
    """The safe loader's resolve, memoised (libyaml's composer calls it for every scalar)."""
    return pyyaml().resolve(kind, value, implicit)


# every character the int, float and timestamp patterns can match after a first digit (hexadecimal
# digits, `0b`, `_`, `.`, `e`, `:`, signs, `T`, `Z`, blanks): a text that begins with a digit and
# holds any other (15/03/2024, 12A, 3 hộ) is text
_NUMERIC = frozenset("0123456789_.:+-xbABCDEFabcdefTtZz \t")


def plain_tag(value: str) -> str:
    """The tag PyYAML's resolver gives a plain (unquoted) scalar."""
    if value:
        first = value[0]
        if first not in RESOLVED_FIRST:
            return STR
        if first in WORD_FIRST and value[-1] != "\n":  # `$` also matches before a last line break
            return WORD_TAGS.get(value, STR)
        if first.isdigit() and not _NUMERIC.issuperset(value):
            return STR
    from yaml.nodes import ScalarNode

    return resolve(ScalarNode, value, (True, False))  # type: ignore[no-any-return]


_REFUSED = object()
# the dates and decimals of records, as the resolver tags them and the safe constructors build them
# (2024-03-15: a timestamp, a date; 420.5: a float): no need to ask PyYAML (checked in the tests)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")


@functools.lru_cache(maxsize=4096)
def _construct(tag: str, value: str) -> Any:
    if tag == TIMESTAMP and _DATE.fullmatch(value):
        import datetime as dt

        try:
            return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            return _REFUSED
    y = pyyaml()
    ctor = y.CTORS.get(tag)
    if ctor is None:
        return _REFUSED
    from yaml.nodes import ScalarNode

    try:
        return ctor(y.CONSTRUCTOR, ScalarNode(tag, value))
    except Exception:
        return _REFUSED


def construct(tag: str, value: str) -> tuple[bool, Any]:
    """(True, value) as the safe constructor builds a plain scalar of an immutable type (numbers,
    dates, yes/no, null); (False, None) where it refuses, or has no constructor for the tag."""
    if tag not in (INT, FLOAT, TIMESTAMP, BOOL, NULL):
        return False, None
    out = _construct(tag, value)
    return (False, None) if out is _REFUSED else (True, out)


def number_or_date(plain: str) -> tuple[str, Any] | None:
    """(tag, value) of a plain scalar that is a whole number, a decimal or a date as records write
    them (2024, 420.5, 2024-03-15), without PyYAML; None for anything else (ask plain_tag)."""
    if plain.isdigit() and plain.isascii():
        if plain[0] != "0" or plain == "0":
            return INT, int(plain)
        return None  # 007: an octal number to YAML 1.1
    if _DATE.fullmatch(plain):
        return TIMESTAMP, _construct(TIMESTAMP, plain)
    if _DECIMAL.fullmatch(plain):
        return FLOAT, float(plain)
    return None


def from_pyyaml() -> dict[str, Any]:
    """The tables above as the PyYAML installed gives them (for the tests): RESOLVED_FIRST,
    WORD_TAGS (read from the resolver's own patterns of plain words) and BOOLS."""
    y = pyyaml()
    resolvers = y.Base.yaml_implicit_resolvers
    words: dict[str, str] = {}
    for first, entries in resolvers.items():
        if first is None or not (first.isalpha() or first == "~"):
            continue
        for tag, pattern in entries:
            text = pattern.pattern
            assert pattern.flags & re.VERBOSE and text.startswith("^(?:") and text.endswith(")$"), text
            for w in ("".join(part.split()) for part in text[4:-2].split("|")):
                if w[:1] == first:
                    words.setdefault(w, tag)  # the resolver takes the first pattern that matches
    bools = dict(y.CONSTRUCTOR.bool_values)
    bools.update({w.capitalize(): v for w, v in y.CONSTRUCTOR.bool_values.items()})
    bools.update({w.upper(): v for w, v in y.CONSTRUCTOR.bool_values.items()})
    return {"RESOLVED_FIRST": frozenset(k for k in resolvers if k is not None), "WORD_TAGS": words,
            "BOOLS": bools, "any_first": None in resolvers}
