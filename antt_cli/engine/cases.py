"""Criteria test cases (criteria/cases/*.yaml): a record, the expected outcome and statuses.

    from antt_cli.engine.cases import load_cases, run_case
    cases, problems = load_cases()            # bundled cases
    result = run_case(cases[0], criteria)

A case is `record:` (a whole record) or `base:` (another case's name) plus `set:` (fields to
override; null removes a field). `expect:` holds `outcome:` and/or `criteria: {ID: status}`, or
`invalid: CODE` for a record that must be rejected with that problem code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from antt_cli.criteria import CriteriaSet, bundled_criteria_dir
from antt_cli.problems import InputError, Messages, Problem
from antt_cli.yamlsrc import Parsed, load_file

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.model import CriteriaSet

MESSAGES = Messages({
    "file-not-found": ("không tìm thấy tệp", "file not found"),
    "case-unknown-base": ("không có ca kiểm thử tên '{base}'", "no test case named '{base}'"),
    "case-invalid": ("ca kiểm thử không hợp lệ: {detail}", "invalid test case: {detail}"),
    "duplicate-id": ("mã '{id}' bị trùng (đã có ở {first})", "duplicate id '{id}' (first at {first})"),
    "case-unknown-criterion": ("tiêu chí '{id}' không có cho loại '{type}'", "criterion '{id}' does not exist for type '{type}'"),
})

_CASE_KEYS = {"name", "record", "base", "example", "set", "expect", "description"}
_SOURCES = ("record", "base", "example")  # exactly one: a whole record, another case, or an example file
_EXPECT_KEYS = {"outcome", "criteria", "invalid"}


@dataclass
class Case:
    name: str
    source: str
    line: int | None
    record: dict[str, Any]
    expect: dict[str, Any]
    description: str | None = None


@dataclass
class CaseResult:
    case: Case
    ok: bool
    mismatches: list[str] = field(default_factory=list)
    result: Any = None
    problems: list[Problem] = field(default_factory=list)


def default_case_paths() -> list[Path]:
    return [bundled_criteria_dir() / "cases"]


def _files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    out, problems = [], []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out += sorted(q for q in path.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file())
        elif path.is_file():
            out.append(path)
        else:
            problems.append(MESSAGES.problem(str(path), "file-not-found"))
    return out, problems


def load_cases(paths: Iterable[str | os.PathLike[str]] | None = None) -> tuple[list[Case], list[Problem]]:
    files, problems = _files(paths if paths is not None else default_case_paths())
    raw: list[tuple[dict[str, Any], Parsed, tuple[Any, ...]]] = []
    for f in files:
        try:
            parsed = load_file(str(f), nfc=True, display=os.path.relpath(f))
        except InputError as e:
            problems += e.problems
            continue
        items = parsed.data.get("cases") if isinstance(parsed.data, dict) else None
        if not isinstance(items, list):
            problems.append(MESSAGES.at(parsed, "case-invalid", (), detail="expected `cases:` with a list"))
            continue
        for i, item in enumerate(items):
            path = ("cases", i)
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                problems.append(MESSAGES.at(parsed, "case-invalid", path, detail="each case needs a `name`"))
                continue
            extra = set(item) - _CASE_KEYS
            expect = item.get("expect")
            if extra or not isinstance(expect, dict) or set(expect) - _EXPECT_KEYS or sum(k in item for k in _SOURCES) != 1:
                problems.append(MESSAGES.at(parsed, "case-invalid", path, detail=(
                    f"unknown keys {sorted(extra)}" if extra else
                    "needs exactly one of `record:`, `base:` or `example:`, and `expect:` with outcome/criteria/invalid")))
                continue
            raw.append((item, parsed, path))
    by_name: dict[str, tuple[dict[str, Any], Parsed, tuple[Any, ...]]] = {}
    for entry in raw:
        name = entry[0]["name"]
        if name in by_name:
            problems.append(MESSAGES.at(entry[1], "duplicate-id", entry[2] + ("name",), id=name,
                                        first=by_name[name][1].source))
            continue
        by_name[name] = entry

    resolved: dict[str, dict[str, Any] | None] = {}

    def record_of(name: str, seen: tuple[str, ...] = ()) -> dict[str, Any] | None:
        if name in resolved:
            return resolved[name]
        item, parsed, path = by_name[name]
        if "record" in item:
            rec = item["record"] if isinstance(item["record"], dict) else None
        elif "example" in item:
            rec = _example(item["example"], parsed, path + ("example",), problems)
        else:
            base = item["base"]
            if base not in by_name or base in seen:
                problems.append(MESSAGES.at(parsed, "case-unknown-base", path + ("base",), base=base))
                rec = None
            else:
                parent = record_of(base, seen + (name,))
                rec = None if parent is None else dict(parent)
        if rec is not None:
            for k, v in (item.get("set") or {}).items():
                if v is None:
                    rec.pop(k, None)
                else:
                    rec[k] = v
        resolved[name] = rec
        return rec

    cases = []
    for name, (item, parsed, path) in by_name.items():
        rec = record_of(name)
        if rec is None:
            continue
        cases.append(Case(name, parsed.source, parsed.where(path)[0], rec, item["expect"], item.get("description")))
    return cases, problems


def _example(ref: Any, parsed: Parsed, path: tuple[Any, ...], problems: list[Problem]) -> dict[str, Any] | None:
    """`example: PATH` — a record file, relative to the case file (or to the bundled examples/)."""
    if not isinstance(ref, str) or not ref:
        problems.append(MESSAGES.at(parsed, "case-invalid", path, detail="`example:` takes a file path"))
        return None
    here = Path(parsed.source).parent
    candidates = [here / ref, bundled_examples_dir() / ref]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        problems.append(MESSAGES.at(parsed, "case-invalid", path, detail=f"example file not found: {ref}"))
        return None
    try:
        data = load_file(str(found), nfc=True, display=os.path.relpath(found)).data
    except InputError as e:
        problems.extend(e.problems)
        return None
    if not isinstance(data, dict):
        problems.append(MESSAGES.at(parsed, "case-invalid", path, detail=f"{ref}: not a record (a mapping)"))
        return None
    return dict(data)


def bundled_examples_dir() -> Path:
    return bundled_criteria_dir().parent / "examples"


class CaseRunner:
    """Runs cases against one criteria set, reusing its record models and the assessor."""

    def __init__(self, criteria: CriteriaSet, lang: str = "vi") -> None:
        from antt_cli.engine.evaluate import Assessor
        from antt_cli.records import RecordReader

        self.reader = RecordReader(criteria)
        self.assessor = Assessor(lang=lang, trace=True)

    def run(self, case: Case) -> CaseResult:
        return run_case(case, self.reader.criteria, runner=self)


def run_case(case: Case, criteria: CriteriaSet, lang: str = "vi", *, runner: CaseRunner | None = None) -> CaseResult:
    runner = runner or CaseRunner(criteria, lang)
    source = f"{case.source}:{case.line}[{case.name}]"
    try:
        record = runner.reader.from_data(case.record, source)
    except InputError as e:
        want = case.expect.get("invalid")
        codes = [p.code for p in e.problems]
        if want and want in codes:
            return CaseResult(case, True, problems=e.problems)
        msg = f"invalid record: {'; '.join(p.render(lang) for p in e.problems)}"
        return CaseResult(case, False, [msg], problems=e.problems)
    if case.expect.get("invalid"):
        return CaseResult(case, False, [f"expected invalid input [{case.expect['invalid']}], but the record is valid"])
    result = runner.assessor.assess(record)
    mismatches = []
    want = case.expect.get("outcome")
    if want is not None and want != result.outcome:
        mismatches.append(f"outcome: expected {want}, got {result.outcome}")
    statuses = {c.id: c for c in result.criteria}
    for cid, status in (case.expect.get("criteria") or {}).items():
        got = statuses.get(str(cid))
        if got is None:
            mismatches.append(f"{cid}: no such criterion for {record.type_id}")
        elif got.status != status:
            why = "; ".join(r.strip() for r in got.reasons)
            mismatches.append(f"{cid}: expected {status}, got {got.status} — {why}")
    return CaseResult(case, not mismatches, mismatches, result)


# ----------------------------------------------------------------------------- coverage


@dataclass
class CriterionCoverage:
    type_id: str
    id: str
    source: str
    statuses: set[str] = field(default_factory=set)  # statuses some case gave it
    branches: list[str] = field(default_factory=list)  # every any-branch, as CriterionResult.branches names them
    decided: set[str] = field(default_factory=set)  # the branches some case saw decide

    @property
    def covered(self) -> bool:
        return {"pass", "fail"} <= self.statuses


@dataclass
class Coverage:
    """Criterion coverage: a criterion is covered when some case made it pass and some made it
    fail. Branch coverage: each branch of each `any` was, in some case, one that decided it."""

    items: list[CriterionCoverage]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def covered(self) -> int:
        return sum(i.covered for i in self.items)

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.total if self.total else 100.0

    @property
    def branches_total(self) -> int:
        return sum(len(i.branches) for i in self.items)

    @property
    def branches_covered(self) -> int:
        return sum(len(set(i.branches) & i.decided) for i in self.items)

    @property
    def branch_percent(self) -> float:
        return 100.0 * self.branches_covered / self.branches_total if self.branches_total else 100.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "criteria": {"covered": self.covered, "total": self.total, "percent": round(self.percent, 2)},
            "branches": {"covered": self.branches_covered, "total": self.branches_total,
                         "percent": round(self.branch_percent, 2)},
            "items": [{"type": i.type_id, "id": i.id, "source": i.source, "statuses": sorted(i.statuses),
                       "covered": i.covered, "branches": i.branches, "decided": sorted(set(i.branches) & i.decided)}
                      for i in self.items],
        }


def coverage(results: list[CaseResult], criteria: CriteriaSet) -> Coverage:
    """Coverage of every criterion definition (a criterion shared by several unit types, e.g.
    agencies and enterprises, is one item; each dated version and each pack criterion is its own)."""
    from antt_cli.criteria.conditions import any_branches

    items: dict[str, CriterionCoverage] = {}
    where: dict[tuple[str, str, str], str] = {}  # (unit type, national rule set, criterion id) → source
    for tid in criteria.type_ids():
        for ut in criteria.all_versions(tid):
            for c in ut.criteria:
                where[(tid, ut.ruleset.id, c.id)] = c.source
                item = items.get(c.source)
                if item is None:
                    item = items[c.source] = CriterionCoverage(tid, c.id, c.source)
                elif tid not in item.type_id.split(","):
                    item.type_id += f",{tid}"
                names = [f"{p}#{i}" for p, i in any_branches(c.condition)]
                if c.applies_if is not None:
                    names = [f"applies_if:{p}#{i}" for p, i in any_branches(c.applies_if)] + names
                item.branches += [n for n in names if n not in item.branches]
    for r in results:
        if r.result is None:
            continue
        tid, rs = r.result.unit["type"], r.result.ruleset["id"]
        for c in r.result.criteria:
            source = where.get((tid, rs, c.id))
            if source is not None:
                items[source].statuses.add(c.status)
                items[source].decided.update(c.branches)
    return Coverage(list(items.values()))
