"""What PyYAML makes of a scalar: its resolver (which tag a plain scalar gets) and its safe
constructors (which value a tag and a text give). Shared by yamlsrc (libyaml's node tree) and
yamllines (the block subset read line by line), so that both build the same values.

Bottom layer: imports nothing of antt_cli.
"""

from __future__ import annotations

import functools
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


def plain_tag(value: str) -> str:
    """The tag PyYAML's resolver gives a plain (unquoted) scalar."""
    if value and value[0] not in RESOLVED_FIRST and not _ANY_FIRST:
        return STR
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
