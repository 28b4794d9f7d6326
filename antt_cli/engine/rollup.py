"""Commune roll-up (Art. 5.4): a commune's counts of managed units, computed from its units.

When a commune's record (the unit type with a `rollup:` block, `xa`) and units that name it in
`commune:` are in one batch, the commune's facts "units under its management / registered /
recognised" are counted from those units. How is declared in the criteria (criteria/xa.yaml,
`rollup:`):

  managed     a unit whose record does not name another recognising level (`managed_by`)
  total       managed units in scope (an excluded unit, Art. 1.2.b, leaves the denominator)
  registered  managed units in scope whose registration date is recorded (a date); `không có`
              is not registered; a blank is unknown
  recognised  managed units in scope that pass; a unit lacking data is unknown

A count the units settle (nothing unknown, and the batch holds at least the units the commune
says it manages) replaces the commune's own figure, and a difference is reported. A count they do
not settle never replaces a stated figure: the commune's own figure stands, and the gap is
reported; with no stated figure the count stays unknown (the criterion lacks data). The commune
is assessed after every unit of the batch; a duplicate unit is counted once.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from antt_cli.criteria.model import CriteriaSet
from antt_cli.criteria.values import NONE
from antt_cli.text import Folds, fold


@dataclass(frozen=True)
class RollupSpec:
    parent_type: str
    child_types: tuple[str, ...]
    total: str
    registered: str
    recognised: str
    link: str = "commune"              # header field of a child record naming its parent
    registration: str | None = None    # the child's date fact recording its registration
    managed_fact: str | None = None    # the child's fact naming who manages it
    managed_value: str | None = None
    note: Any = None                   # Text: the reading of the counting

    def facts(self) -> tuple[str, str, str]:
        return (self.total, self.registered, self.recognised)

    def active(self, criteria: CriteriaSet) -> bool:
        versions = criteria.versions.get(self.parent_type) or []
        return any(all(f in ut.facts for f in self.facts()) for ut in versions)

    def link_of(self, facts: dict[str, Any]) -> dict[str, Any]:
        """What a child's record says for its parent's counts: registered (True, False or None =
        unknown) and managed (False when it names another recognising level)."""
        registered: bool | None = True
        if self.registration is not None:
            value = facts.get(self.registration)
            registered = None if value is None else value is not NONE
        managed = True
        if self.managed_fact is not None:
            level = facts.get(self.managed_fact)
            managed = level is None or level is NONE or level == self.managed_value
        return {"registered": registered, "managed": managed}


def rollup_spec(criteria: CriteriaSet) -> RollupSpec | None:
    """The roll-up declared in the criteria (the newest version of a unit type with `rollup:`)."""
    found = criteria.rollup()
    if found is None:
        return None
    tid, r = found
    return RollupSpec(tid, r.of, r.total, r.registered, r.recognised, r.link, r.registration, r.managed_fact,
                      r.managed_value, r.note)


_ALL_IN = {"registered": True, "managed": True}  # a unit whose record says nothing of its link: read only


@dataclass
class Tally:
    units: int = 0             # managed units naming the parent (any scope)
    passed: int = 0
    failed: int = 0
    incomplete: int = 0
    out_of_scope: int = 0
    scope_undecided: int = 0   # incomplete because their scope could not be decided
    registered: int = 0        # in scope, registration recorded
    unregistered: int = 0      # in scope, `không có` registration
    registration_unknown: int = 0  # in scope, registration not given
    elsewhere: int = 0         # naming the parent but recognised by another level (not counted)
    by_type: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str, type_id: str, link: dict[str, Any] | None = None, scope_undecided: bool = False) -> None:
        link = link or _ALL_IN
        if not link.get("managed", True):
            self.elsewhere += 1
            return
        self.units += 1
        # interned: each unit's type id comes unpickled from a worker, a string of its own, and a
        # batch keeps a tally by type for every commune (100,000 units: 2,600 communes)
        type_id = sys.intern(type_id)
        self.by_type[type_id] = self.by_type.get(type_id, 0) + 1
        if outcome == "out_of_scope":
            self.out_of_scope += 1
            return
        if outcome == "pass":
            self.passed += 1
        elif outcome == "fail":
            self.failed += 1
        else:
            self.incomplete += 1
            if scope_undecided:
                self.scope_undecided += 1
        reg = link.get("registered")
        if reg is True:
            self.registered += 1
        elif reg is False:
            self.unregistered += 1
        else:
            self.registration_unknown += 1

    def merge(self, other: "Tally") -> None:
        for name in ("units", "passed", "failed", "incomplete", "out_of_scope", "scope_undecided", "registered",
                     "unregistered", "registration_unknown", "elsewhere"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
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
        self.fold = Folds()  # a batch names few communes and provinces, each in many units

    def add(self, commune: str | None, province: str | None, year: int, outcome: str, type_id: str,
            link: dict[str, Any] | None = None, scope_undecided: bool = False) -> None:
        key = (self.fold(commune), year)
        if key not in self.display:
            self.display[key] = commune or ""
        prov = self.fold(province)
        self.province_display.setdefault(prov, province or "")
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = {}
        tally = group.get(prov)
        if tally is None:  # (setdefault would make a Tally for every unit, to throw it away)
            tally = group[prov] = Tally()
        tally.add(outcome, type_id, link, scope_undecided)

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


def settle(tally: Tally, stated: dict[str, Any], spec: RollupSpec) -> dict[str, Any]:
    """The counts the units settle, and for each parent fact the figure to use and where it comes from.

    {computed: {fact: n}, settled: {fact: bool}, used: {fact: n | None}, source: {fact: computed |
    stated | none}, why: {fact: [(reason, n)]}, disagreements: [...], partial: bool}"""
    total, registered, recognised = spec.facts()
    stated_total = stated.get(total)
    # the batch lacks units when the commune states more than all the units that name it
    partial = isinstance(stated_total, int) and stated_total > tally.units + tally.elsewhere
    computed = {total: tally.in_scope, registered: tally.registered, recognised: tally.passed}
    why: dict[str, list[tuple[str, int]]] = {f: [] for f in spec.facts()}
    if partial:
        for f in spec.facts():
            why[f].append(("partial", tally.units + tally.elsewhere))
    if tally.scope_undecided:
        why[total].append(("scope", tally.scope_undecided))
        why[registered].append(("scope", tally.scope_undecided))
    if tally.registration_unknown:
        why[registered].append(("registration", tally.registration_unknown))
    if tally.incomplete:
        why[recognised].append(("outcome", tally.incomplete))
    out: dict[str, Any] = {"computed": computed, "settled": {}, "used": {}, "source": {}, "why": {},
                           "disagreements": [], "partial": partial}
    for f in spec.facts():
        ok = not why[f]
        out["settled"][f] = ok
        out["why"][f] = why[f]
        s = stated.get(f)
        if ok:
            out["used"][f], out["source"][f] = computed[f], "computed"
            if s is not None and s != computed[f]:
                out["disagreements"].append({"field": f, "stated": s, "computed": computed[f]})
        elif s is not None:
            out["used"][f], out["source"][f] = s, "stated"
        else:
            out["used"][f], out["source"][f] = None, "none"
    # a stated figure stands only where it fits the figures used beside it (registered ≤ total,
    # recognised ≤ registered): a figure counted for another set of units is no answer
    used = out["used"]
    for small, big in ((registered, total), (recognised, registered)):
        if out["source"][small] == "stated" and used[big] is not None and used[small] > used[big]:
            used[small], out["source"][small] = None, "none"
            why[small].append(("inconsistent", used[big]))
    return out


def computed_counts(tally: Tally) -> dict[str, int]:
    return {"total": tally.in_scope, "registered": tally.registered, "recognised": tally.passed}


def rollup_line(criteria: CriteriaSet, spec: RollupSpec) -> dict[str, Any] | None:
    """The share of its units a parent must have recognised (Art. 5.4: 70%), as its own criteria
    say it: the `ratio` of recognised to total in the parent's newest version. {percent, criterion,
    ref: {vi, en}} (ref: the citation the criteria data gives it), or None when no criterion tests that share."""
    from antt_cli.criteria.conditions.ratio import RatioLeaf
    from antt_cli.engine.citation import format_citation

    ut = criteria.latest(spec.parent_type)
    for crit in ut.criteria:
        for node in crit.condition.walk():
            if isinstance(node, RatioLeaf) and (node.num.id, node.den.id) == (spec.recognised, spec.total) \
                    and node.op in ("ge", "gt"):
                ref = {lang: format_citation(crit.citation, crit.instrument, crit.short, ut.vocabulary, lang)["ref"]
                       for lang in ("vi", "en")}
                return {"percent": float(node.percent), "criterion": crit.id, "ref": ref}
    return None
