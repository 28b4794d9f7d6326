"""The condition language: one module per kind (all_, any_, not_, fact, ratio, count).

Each kind module declares its key, documentation, JSON Schema, compiler and node classes
(antt_cli.criteria.conditions.base says what a kind provides). The kinds are found here, so a new
kind is one new module in this package and its criteria cases.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

from antt_cli.criteria.conditions.base import (
    Compiler, Context, Leaf, LeafResult, Node, Verdict, any_branches, number_paths)


def _kinds() -> tuple[ModuleType, ...]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "KIND"):
            found.append(module)
    return tuple(sorted(found, key=lambda m: m.ORDER))


KINDS = _kinds()


def condition_schema() -> dict[str, Any]:
    """The JSON Schema of a condition: the properties every kind adds."""
    properties: dict[str, Any] = {}
    for kind in KINDS:
        properties.update(kind.schema())
    return {"type": "object", "minProperties": 1, "additionalProperties": False,
            "description": " | ".join(k.KIND for k in KINDS), "properties": properties}


def documentation() -> str:
    """The reference of the condition language (docs/conditions.md is generated from it)."""
    return "\n".join(k.DOC for k in KINDS)


__all__ = ["KINDS", "Compiler", "Context", "Leaf", "LeafResult", "Node", "Verdict", "any_branches",
           "condition_schema", "documentation", "number_paths"]
