"""Commune roll-up (Art. 5.4): a commune's counts of managed units, computed from its units.

When a commune's record (the unit type with a `rollup:` block, `xa`) and units that name it in
`commune:` are in one batch, the commune's facts for "units under its management / registered /
recognised" are computed from those units' results; how they are counted is declared in the
criteria (criteria/xa.yaml, `rollup:`). The commune is assessed after every unit of the batch.
A duplicate unit is counted once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from antt_cli.criteria.model import CriteriaSet
from antt_cli.text import fold


@dataclass(frozen=True)
class RollupSpec:
    parent_type: str
    child_types: tuple[str, ...]
    total: str
    registered: str
    recognised: str
    link: str = "commune"  # header field of a child record naming its parent

    def facts(self) -> tuple[str, str, str]:
        return (self.total, self.registered, self.recognised)

    def active(self, criteria: CriteriaSet) -> bool:
        versions = criteria.versions.get(self.parent_type) or []
        return any(all(f in ut.facts for f in self.facts()) for ut in versions)


def rollup_spec(criteria: CriteriaSet) -> RollupSpec | None:
    """The roll-up declared in the criteria (the newest version of a unit type with `rollup:`)."""
    found = criteria.rollup()
    if found is None:
        return None
    tid, r = found
    return RollupSpec(tid, r.of, r.total, r.registered, r.recognised, r.link)


@dataclass
class Tally:
    units: int = 0
    passed: int = 0
    failed: int = 0
    incomplete: int = 0
    out_of_scope: int = 0
    by_type: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str, type_id: str) -> None:
        self.units += 1
        if outcome == "pass":
            self.passed += 1
        elif outcome == "fail":
            self.failed += 1
        elif outcome == "incomplete":
            self.incomplete += 1
        else:
            self.out_of_scope += 1
        self.by_type[type_id] = self.by_type.get(type_id, 0) + 1

    def merge(self, other: "Tally") -> None:
        self.units += other.units
        self.passed += other.passed
        self.failed += other.failed
        self.incomplete += other.incomplete
        self.out_of_scope += other.out_of_scope
        for k, v in other.by_type.items():
            self.by_type[k] = self.by_type.get(k, 0) + v

    @property
    def in_scope(self) -> int:
        return self.units - self.out_of_scope


class Communes:
    """Units grouped by the commune they name: (folded commune, year) → province → tally."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, int], dict[str, Tally]] = {}
        self.display: dict[tuple[str, int], str] = {}
        self.province_display: dict[str, str] = {}

    def add(self, commune: str | None, province: str | None, year: int, outcome: str, type_id: str) -> None:
        key = (fold(commune), year)
        if key not in self.display:
            self.display[key] = commune or ""
        prov = fold(province)
        self.province_display.setdefault(prov, province or "")
        self.groups.setdefault(key, {}).setdefault(prov, Tally()).add(outcome, type_id)

    def children_of(self, name: str, code: str | None, province: str | None, year: int) -> tuple[Tally, list[tuple[str, int, str]]]:
        """The units that name this commune (by name or by code), in its province if both say one."""
        out = Tally()
        used: list[tuple[str, int, str]] = []
        prov = fold(province)
        for key in dict.fromkeys(k for k in (fold(name), fold(code)) if k):
            for p, tally in self.groups.get((key, year), {}).items():
                if prov and p and p != prov:
                    continue
                out.merge(tally)
                used.append((key, year, p))
        return out, used


def computed_counts(tally: Tally) -> dict[str, int]:
    return {"total": tally.in_scope, "registered": tally.in_scope, "recognised": tally.passed}
