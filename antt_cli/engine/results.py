"""Plain result records: what the engine produces and every reporter consumes.

They hold strings already in the user's language and JSON-ready values, so they
can cross process boundaries (batches) and be rendered without the criteria.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

UNIT_OUTCOMES = ("pass", "fail", "incomplete", "out_of_scope")
CRITERION_STATUSES = ("pass", "fail", "not_applicable", "incomplete")


@dataclass
class CriterionResult:
    id: str
    citation: dict[str, Any]  # {text, instrument, article, clause, point}
    title: str
    status: str
    reasons: list[str]
    values: dict[str, Any]
    note: str | None = None
    pack: str | None = None
    branches: list[str] = field(default_factory=list)  # any-branches that decided (for coverage)


@dataclass
class UnitResult:
    file: str
    unit: dict[str, Any]  # {type, type_label, name, year, code, commune, province}
    ruleset: dict[str, Any]  # {id, instrument, effective_from}
    window: dict[str, str]  # {from, to} ISO dates
    outcome: str
    criteria: list[CriterionResult] = field(default_factory=list)
    scope: dict[str, Any] | None = None  # the exclusion that applied (or could not be decided)
    lang: str = "vi"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(CRITERION_STATUSES, 0)
        for c in self.criteria:
            out[c.status] += 1
        return out
