"""The running summary of a batch: counts per type and outcome, communes, duplicates, invalid inputs.

It keeps a few small values per unit (its code and identity, to find duplicates) and
nothing else that grows with the batch.
"""

from __future__ import annotations

from typing import Any

from antt_cli.batch.items import DeferredItem, UnitItem
from antt_cli.batch.rollup import Communes, fold
from antt_cli.engine.results import UNIT_OUTCOMES
from antt_cli.problems import Problem


class Summary:
    def __init__(self, parent_type: str | None = None) -> None:
        self.parent_type = parent_type
        self.inputs = 0                 # files and spreadsheet rows read
        self.units = 0
        self.invalid = 0                # inputs with a problem (a file, a row, a duplicate)
        self.outcomes = dict.fromkeys(UNIT_OUTCOMES, 0)
        self.by_type: dict[str, dict[str, Any]] = {}
        self.communes = Communes()
        self.commune_records: list[dict[str, Any]] = []
        self.duplicates: list[dict[str, Any]] = []
        self.ruleset: dict[str, Any] | None = None
        self._codes: dict[tuple[str, str], str] = {}
        self._keys: dict[tuple[Any, ...], str] = {}

    # -- identity and duplicates -------------------------------------------------
    def check_duplicate(self, item: UnitItem | DeferredItem) -> Problem | None:
        """A problem if this unit's code, or its type + name + commune + province + year, was seen."""
        problem = None
        if item.code:
            ckey = (fold(item.code), str(item.year))
            first = self._codes.get(ckey)
            if first is not None:
                problem = Problem(item.source, "duplicate-unit-code", {"code": item.code, "first": first}, field="code")
            else:
                self._codes[ckey] = item.source
        key = (item.type, fold(item.name), fold(item.commune), fold(item.province), item.year)
        first = self._keys.get(key)
        if first is not None and problem is None:
            problem = Problem(item.source, "duplicate-unit", {"first": first}, field="name")
        elif first is None:
            self._keys[key] = item.source
        if problem is not None:
            self.duplicates.append({"file": item.source, "first": problem.params["first"], "code": problem.code,
                                    "unit": item.name, "type": item.type})
        return problem

    # -- accumulation ----------------------------------------------------------------
    def add_unit(self, item: UnitItem, duplicate: bool = False) -> None:
        self.units += 1
        self.outcomes[item.outcome] = self.outcomes.get(item.outcome, 0) + 1
        t = self.by_type.setdefault(item.type, {"label": item.type_label, **dict.fromkeys(UNIT_OUTCOMES, 0), "total": 0})
        t[item.outcome] += 1
        t["total"] += 1
        if self.ruleset is None:
            self.ruleset = item.ruleset
        if not duplicate and item.type != self.parent_type:
            self.communes.add(item.commune, item.province, item.year, item.outcome, item.type)

    def add_invalid(self) -> None:
        self.invalid += 1

    # -- results ---------------------------------------------------------------------
    def exit_code(self) -> int:
        if self.invalid:
            return 2
        if self.outcomes.get("fail") or self.outcomes.get("incomplete"):
            return 1
        return 0

    def commune_rows(self) -> list[dict[str, Any]]:
        """One row per commune named by units (and per commune record of the batch), sorted by name."""
        records = {}
        for rec in self.commune_records:
            for key in rec.get("matched", []):
                records.setdefault(key, rec)
        rows: dict[tuple[str, int, str], dict[str, Any]] = {}
        for (cname, year), provinces in self.communes.groups.items():
            for prov, tally in provinces.items():
                rec = records.get((cname, year, prov))
                rkey = (rec["file"], year, "") if rec else (cname, year, prov)
                row = rows.get(rkey)
                if row is None:
                    row = rows[rkey] = {
                        "commune": rec["name"] if rec else self.communes.display[(cname, year)],
                        "province": (rec.get("province") if rec else None) or self.communes.province_display.get(prov) or None,
                        "year": year, "units": 0, "in_scope": 0, "pass": 0, "fail": 0, "incomplete": 0,
                        "out_of_scope": 0, "by_type": {},
                        "record": ({k: rec[k] for k in ("file", "outcome", "rollup")} if rec else None),
                    }
                row["units"] += tally.units
                row["in_scope"] += tally.in_scope
                row["pass"] += tally.passed
                row["fail"] += tally.failed
                row["incomplete"] += tally.incomplete
                row["out_of_scope"] += tally.out_of_scope
                for k, v in tally.by_type.items():
                    row["by_type"][k] = row["by_type"].get(k, 0) + v
        for rec in self.commune_records:  # communes whose units are not in the batch
            if not rec.get("matched"):
                rows[(rec["file"], rec["year"], "")] = {
                    "commune": rec["name"], "province": rec.get("province"), "year": rec["year"], "units": 0,
                    "in_scope": 0, "pass": 0, "fail": 0, "incomplete": 0, "out_of_scope": 0, "by_type": {},
                    "record": {k: rec[k] for k in ("file", "outcome", "rollup")},
                }
        return sorted(rows.values(), key=lambda r: (fold(r["commune"]), r["year"], fold(r["province"])))

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "units": self.units,
            "invalid": self.invalid,
            "outcomes": dict(self.outcomes),
            "by_type": {k: dict(v) for k, v in sorted(self.by_type.items())},
            "communes": self.commune_rows(),
            "duplicates": list(self.duplicates),
            "exit_code": self.exit_code(),
        }
