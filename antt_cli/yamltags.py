"""What PyYAML makes of a scalar: its resolver (which tag a plain scalar gets) and its safe
constructors (which value a tag and a text give). Shared by yamlsrc (libyaml's node tree) and
yamllines (the block subset read line by line), so that both build the same values.

Bottom layer: imports nothing of antt_cli.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MERGE = "tag:yaml.org,2002:merge"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"

# the spellings of yes/no the resolver tags as bool, as SafeConstructor.construct_yaml_bool reads them
BOOLS = {w: v for w, v in yaml.constructor.SafeConstructor.bool_values.items()}
BOOLS.update({w.capitalize(): v for w, v in BOOLS.items()} | {w.upper(): v for w, v in BOOLS.items()})

try:  # the C loader is the default; pure Python only where libyaml is missing
    Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    Base = yaml.SafeLoader

CONSTRUCTOR = yaml.constructor.SafeConstructor()
CTORS = CONSTRUCTOR.yaml_constructors

_resolve_uncached = Base.resolve
_RESOLVER = Base("")  # the resolver's tables are class attributes: any instance answers alike
_RESOLVER.dispose()
# a plain scalar whose first character starts none of the implicit resolvers is text
RESOLVED_FIRST = frozenset(k for k in Base.yaml_implicit_resolvers if k is not None)
_ANY_FIRST = None in Base.yaml_implicit_resolvers
_PLAIN = (True, False)


@functools.lru_cache(maxsize=4096)
def resolve(kind: Any, value: Any, implicit: Any) -> Any:
    """Base.resolve, memoised (libyaml's composer calls it for every scalar)."""
    return _resolve_uncached(_RESOLVER, kind, value, implicit)


def _literal_words(pattern: Any) -> list[str] | None:
    """The words a resolver's pattern matches, when it is a verbose `^(?:word|word…)$` of plain
    words (PyYAML's bool and null), else None."""
    text = pattern.pattern
    if not (pattern.flags & re.VERBOSE and text.startswith("^(?:") and text.endswith(")$")):
        return None
    words = ["".join(w.split()) for w in text[4:-2].split("|")]
    return words if all(w == "" or w == "~" or w.isalnum() for w in words) else None


def _word_tags() -> dict[str, str] | None:
    """Word → tag, for the plain scalars whose first character is a letter or `~`, read from the
    resolver's own patterns: there, only whole words resolve (yes, No, TRUE, null, ~ …), and any
    other text is text. None if some pattern for such a character is not a list of words."""
    out: dict[str, str] = {}
    for first, resolvers in Base.yaml_implicit_resolvers.items():
        if first is None or not (first.isalpha() or first == "~"):
            continue
        for tag, pattern in resolvers:
            words = _literal_words(pattern)
            if words is None:
                return None
            for w in words:
                if w[:1] == first:
                    out.setdefault(w, tag)  # the resolver takes the first pattern that matches
    return out


_WORDS = None if _ANY_FIRST else _word_tags()
# the first characters for which WORD_TAGS answers, and its answers (any other text is text)
WORD_FIRST = frozenset(w[0] for w in _WORDS) if _WORDS is not None else frozenset()
WORD_TAGS: dict[str, str] = _WORDS or {}


def plain_tag(value: str) -> str:
    """The tag PyYAML's resolver gives a plain (unquoted) scalar."""
    if value and not _ANY_FIRST:
        first = value[0]
        if first not in RESOLVED_FIRST:
            return STR
        if first in WORD_FIRST and value[-1] != "\n":  # `$` also matches before a last line break
            return WORD_TAGS.get(value, STR)
    return resolve(ScalarNode, value, _PLAIN)  # type: ignore[no-any-return]


_REFUSED = object()


@functools.lru_cache(maxsize=4096)
def _construct(tag: str, value: str) -> Any:
    ctor = CTORS.get(tag)
    if ctor is None:
        return _REFUSED
    try:
        return ctor(CONSTRUCTOR, ScalarNode(tag, value))
    except Exception:
        return _REFUSED


def construct(tag: str, value: str) -> tuple[bool, Any]:
    """(True, value) as the safe constructor builds a plain scalar of an immutable type (numbers,
    dates, yes/no, null); (False, None) where it refuses, or has no constructor for the tag."""
    if tag not in (INT, FLOAT, TIMESTAMP, BOOL, NULL):
        return False, None
    out = _construct(tag, value)
    return (False, None) if out is _REFUSED else (True, out)
