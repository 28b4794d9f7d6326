"""What one input yields in a batch: small, picklable values that cross process boundaries.

A UnitItem keeps what the summary and the reports need about one assessed unit (its
identity, outcome and the criteria it did not meet, with reasons), plus — only when an
output asks for it — the unit's JSON already rendered, or the whole UnitResult.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from antt_cli.problems import Problem


@dataclass
class Issue:
    id: str
    status: str  # fail | incomplete
    title: str
    citation: str
    reasons: list[str]


@dataclass
class UnitItem:
    source: str
    type: str
    type_label: str
    name: str
    year: int
    code: str | None
    commune: str | None
    province: str | None
    outcome: str
    outcome_label: str
    issues: list[Issue] = field(default_factory=list)
    scope: str | None = None          # the exclusion's reason (out_of_scope, or undecided)
    counts: dict[str, int] = field(default_factory=dict)
    ruleset: dict[str, Any] | None = None
    json_line: str | None = None      # compact JSON of the unit (jsonl)
    json_block: str | None = None     # indented JSON of the unit, as inside the JSON document
    result: Any = None                # the UnitResult, when a detailed report needs it
    rollup: dict[str, Any] | None = None   # for a commune whose counts were computed from the batch


@dataclass
class InvalidItem:
    source: str
    problems: list[Problem]


@dataclass
class DeferredItem:
    """A record of a unit type that rolls up others (a commune): assessed after the whole batch."""
    source: str
    kind: str                 # "yaml": re-read `path`; "data": `data` + `parsed` kept
    path: str | None = None
    data: dict[str, Any] | None = None
    parsed: Any = None
    # identity, known from the first validation (for duplicates and matching)
    type: str = ""
    name: str = ""
    year: int = 0
    code: str | None = None
    commune: str | None = None
    province: str | None = None


Item = UnitItem | InvalidItem | DeferredItem
