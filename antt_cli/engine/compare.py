"""What changed between two runs (`antt diff OLD NEW`, docs/years.md).

A run is the units of one assessment as the JSON document holds them (report/formats/json.py:
`unit`, `outcome`, `criteria[]` with `status` and `values`), with its summary's communes. Units are
paired as from one year to the next (engine.history): the same unit code when both give one, else
the same type, name and commune (and province when both give one). For each pair: the outcome then
and now, and the criteria whose status changed with the figures that moved; then the units only in
the new run, those only in the old one, and per commune the Art. 5.4 rate then and now.

A unit got **worse** when it passed (đạt) and now fails or lacks data — it lost its recognition;
**better** when it now passes and did not. Every other change of outcome (fail ↔ incomplete, in or
out of scope) is a change, neither worse nor better.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from antt_cli.engine.history import Who
from antt_cli.text import fold

RECOGNISED = "pass"
LOST = ("fail", "incomplete")


@dataclass
class Run:
    """One side of a comparison."""

    source: str                                   # the path given (a report, a folder, a spreadsheet)
    units: list[dict[str, Any]]
    communes: list[dict[str, Any]] = field(default_factory=list)   # the summary's `communes` rows
    kind: str = "report"                          # report | assessed
    ruleset: dict[str, Any] | None = None
    tool_version: str | None = None
    invalid: int = 0                              # inputs of the run that could not be assessed

    def latest(self) -> list[dict[str, Any]]:
        """Each unit once: a run holding several years of a unit is compared by its latest year."""
        keep: dict[tuple[Any, ...], dict[str, Any]] = {}
        order: list[tuple[Any, ...]] = []
        for u in self.units:
            who = Who.of_unit(u["unit"])
            key = ("code", fold(who.code)) if who.code else ("name", *who.name_key(), fold(who.province or ""))
            held = keep.get(key)
            if held is None:
                order.append(key)
                keep[key] = u
            elif u["unit"]["year"] > held["unit"]["year"]:
                keep[key] = u
        return [keep[k] for k in order]


def direction(old: str | None, new: str | None) -> str:
    if old == RECOGNISED and new in LOST:
        return "worse"
    if new == RECOGNISED and old in LOST:
        return "better"
    return "same" if old == new else "changed"


def _ident(u: dict[str, Any]) -> dict[str, Any]:
    unit = u["unit"]
    return {"type": unit["type"], "type_label": unit.get("type_label", unit["type"]), "name": unit["name"],
            "code": unit.get("code"), "commune": unit.get("commune"), "province": unit.get("province")}


def _side(u: dict[str, Any]) -> dict[str, Any]:
    return {"file": u.get("file"), "year": u["unit"]["year"], "outcome": u["outcome"],
            "outcome_label": u.get("outcome_label")}


class _Index:
    def __init__(self, units: Iterable[dict[str, Any]]) -> None:
        self.units = list(units)
        self.by_code: dict[str, list[int]] = {}
        self.by_name: dict[tuple[str, str, str], list[int]] = {}
        self.taken: set[int] = set()
        for i, u in enumerate(self.units):
            who = Who.of_unit(u["unit"])
            if who.code:
                self.by_code.setdefault(fold(who.code), []).append(i)
            self.by_name.setdefault(who.name_key(), []).append(i)

    def match(self, who: Who) -> tuple[int, str] | None:
        if who.code:
            for i in self.by_code.get(fold(who.code), []):
                if i not in self.taken:
                    return i, "code"
        for i in self.by_name.get(who.name_key(), []):
            other = Who.of_unit(self.units[i]["unit"])
            if i in self.taken or (who.code and other.code and fold(who.code) != fold(other.code)):
                continue
            if who.province and other.province and fold(who.province) != fold(other.province):
                continue
            return i, "name"
        return None


def _criteria(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The criteria whose status changed, with the figures that moved."""
    before = {c["id"]: c for c in old.get("criteria") or [] if isinstance(c, dict) and "id" in c}
    after = {c["id"]: c for c in new.get("criteria") or [] if isinstance(c, dict) and "id" in c}
    out = []
    for cid in list(after) + [k for k in before if k not in after]:
        a, b = before.get(cid), after.get(cid)
        sa, sb = (a or {}).get("status"), (b or {}).get("status")
        if sa == sb:
            continue
        va, vb = (a or {}).get("values") or {}, (b or {}).get("values") or {}
        moved = [{"fact": f, "old": va.get(f), "new": vb.get(f)} for f in list(vb) + [k for k in va if k not in vb]
                 if va.get(f) != vb.get(f)]
        c = b or a or {}
        cite = c.get("citation") or {}
        out.append({"id": cid, "title": c.get("title"), "citation": cite.get("ref") or cite.get("text"),
                    "old": sa, "new": sb, "moved": moved,
                    "found": {"old": (a or {}).get("found"), "new": (b or {}).get("found")}})
    return out


def _commune_rows(run: Run, parent_type: str | None, facts: tuple[str, str] | None) -> dict[tuple[str, str], dict[str, Any]]:
    """Per commune (its latest year in the run): the units in scope, those that passed, the rate, and
    the commune's own outcome and the figures it was assessed on, when its record is in the run."""
    communes: dict[tuple[str, str], dict[str, Any]] = {}
    records = {}
    for u in run.units:
        if u["unit"]["type"] == parent_type:
            key = (fold(u["unit"]["name"]), u["unit"]["year"])
            records[key] = u
    for c in run.communes:
        if not isinstance(c, dict) or not c.get("commune"):
            continue
        key = (fold(c["commune"]), fold(c.get("province") or ""))
        held = communes.get(key)
        if held is not None and held["year"] >= c.get("year", 0):
            continue
        in_scope, passed = c.get("in_scope") or 0, c.get("pass") or 0
        row = {"commune": c["commune"], "province": c.get("province"), "year": c.get("year"), "in_scope": in_scope,
               "passed": passed, "rate": round(100 * passed / in_scope, 1) if in_scope else None, "basis": "units",
               "outcome": (c.get("record") or {}).get("outcome")}
        rec = records.get((fold(c["commune"]), c.get("year")))
        if rec is not None and facts is not None:
            values: dict[str, Any] = {}
            for crit in rec.get("criteria") or []:
                values.update({k: v for k, v in (crit.get("values") or {}).items() if k in facts})
            total, recognised = values.get(facts[0]), values.get(facts[1])
            if isinstance(total, int) and isinstance(recognised, int) and total:
                row.update(in_scope=total, passed=recognised, rate=round(100 * recognised / total, 1), basis="commune")
            row["outcome"] = rec["outcome"]
        communes[key] = row
    return communes


def compare(old: Run, new: Run, *, parent_type: str | None = None,
            rate_facts: tuple[str, str] | None = None) -> dict[str, Any]:
    """The difference of two runs, as the `antt diff` JSON document holds it (docs/years.md)."""
    index = _Index(old.latest())
    units, added = [], []
    counts = dict.fromkeys(("compared", "same", "worse", "better", "changed", "criteria", "new", "vanished"), 0)
    for u in new.latest():
        who = Who.of_unit(u["unit"])
        found = index.match(who)
        if found is None:
            added.append({**_ident(u), "new": _side(u)})
            counts["new"] += 1
            continue
        i, by = found
        index.taken.add(i)
        was = index.units[i]
        counts["compared"] += 1
        change = direction(was["outcome"], u["outcome"])
        crits = _criteria(was, u)
        if change == "same" and not crits:
            counts["same"] += 1
            continue
        counts[change if change != "same" else "criteria"] += 1
        entry = {**_ident(u), "matched_by": by, "change": change, "old": _side(was), "new": _side(u), "criteria": crits}
        if was["unit"]["type"] != u["unit"]["type"]:
            entry["old_type"] = was["unit"]["type"]
        units.append(entry)
    vanished = [{**_ident(u), "old": _side(u)} for i, u in enumerate(index.units) if i not in index.taken]
    counts["vanished"] = len(vanished)
    before, after = _commune_rows(old, parent_type, rate_facts), _commune_rows(new, parent_type, rate_facts)
    communes = []
    for key in list(after) + [k for k in before if k not in after]:
        a, b = before.get(key), after.get(key)
        row = (b or a or {})
        communes.append({"commune": row.get("commune"), "province": row.get("province"),
                         "old": _strip(a), "new": _strip(b),
                         "changed": a is None or b is None or (a["rate"], a["outcome"]) != (b["rate"], b["outcome"])})
    order = {"worse": 0, "changed": 1, "better": 2, "criteria": 3}
    units.sort(key=lambda x: order.get(x["change"], 9))
    return {"units": units, "new_units": added, "vanished_units": vanished, "communes": communes, "counts": counts}


def _strip(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {k: row[k] for k in ("year", "in_scope", "passed", "rate", "basis", "outcome")}


__all__ = ["Run", "compare", "direction"]
