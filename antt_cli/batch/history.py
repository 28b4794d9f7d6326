"""Years in a batch: the history a run holds (docs/years.md).

A run knows other years of its units from two places:

  --previous    last year's folders, spreadsheets or JSON reports, read completely before the batch
                starts (`load_previous`), so every worker process has them;
  the batch     a record of an earlier year met earlier in the input order (`antt assess 2023/ 2024/`).

`BatchHistory.settle` sees every result in input order, in the main process. It tells each unit its
years (`history` block) and, when a record of last year met earlier in the batch carries figures
into this one that the worker could not know, assesses the record again with them (the same code
as the worker's, so the output does not depend on --jobs). The communes, assessed last, are taken
oldest year first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

from antt_cli.engine.history import Entry, History, Look, Who, look_problems, set_history
from antt_cli.engine.results import UNIT_OUTCOMES, UnitResult
from antt_cli.problems import WARNING, InputError, Messages, Problem
from antt_cli.report.spool import BATCH, Spool

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.model import CriteriaSet

MESSAGES = Messages({
    "history-order": ("bản ghi năm {year} của đơn vị này đứng sau bản ghi năm {later} ({source}) trong lô: năm {later} "
                      "đã được đánh giá mà không có nó; hãy đặt năm trước lên trước (antt assess 2023/ 2024/) hoặc dùng "
                      "--previous", "this {year} record comes after the unit's {later} record ({source}) in the batch: "
                      "{later} was assessed without it; put the earlier year first (antt assess 2023/ 2024/) or use "
                      "--previous"),
    "history-both": ("năm {year} của đơn vị này có cả trong lô và trong --previous ({source}): dùng bản ghi trong lô",
                     "the unit's {year} is both in this batch and in --previous ({source}): the record of this batch "
                     "is used"),
    "history-reassess": ("không đánh giá lại được với số liệu năm trước ({detail}); giữ kết quả không có chúng",
                         "could not be assessed again with last year's figures ({detail}); the result without them "
                         "is kept"),
    # --previous and `antt diff` read JSON reports written by `antt assess --format json`
    "report-not-json": ("không đọc được JSON: {detail}", "not valid JSON: {detail}"),
    "report-not-antt": ("không phải báo cáo đánh giá của antt{what}: cần tệp do `antt assess … -o ket-qua.json` ghi "
                        "(có schema_version và units)", "not an antt assessment report{what}: a file written by "
                        "`antt assess … -o ket-qua.json` is needed (with schema_version and units)"),
    "report-schema": ("báo cáo ghi theo lược đồ {found} (antt {tool}); antt {ours} đọc lược đồ {wanted}{hint}",
                      "the report is in schema {found} (antt {tool}); antt {ours} reads schema {wanted}{hint}"),
    "report-unit": ("đơn vị này của báo cáo thiếu hoặc sai '{what}': bỏ qua", "this unit of the report lacks or has a "
                    "wrong '{what}': skipped"),
    "report-ruleset": ("báo cáo dùng bộ tiêu chí '{id}', không có trong bộ tiêu chí đang nạp ({loaded}): kết quả các năm "
                       "vẫn được dùng, số liệu năm trước lấy theo tên dữ kiện",
                       "the report was made with rule set '{id}', which is not among the criteria loaded ({loaded}): "
                       "its outcomes are still used, and last year's figures are taken by fact name"),
})
_WHAT = {
    "problems": {"vi": " (đây là kết quả kiểm tra: validate, criteria check, test)",
                 "en": " (this is a check's result: validate, criteria check, test)"},
    "diff": {"vi": " (đây là kết quả so sánh antt diff)", "en": " (this is an antt diff result)"},
    "list": {"vi": " (gốc là một danh sách)", "en": " (its root is a list)"},
}
SCHEMA_VERSION = 1   # the JSON document's schema this antt reads (report/formats/json.py writes it)
REPORT_SUFFIXES = (".json", ".jsonl", ".ndjson")


def is_report(path: str) -> bool:
    return path.lower().endswith(REPORT_SUFFIXES) and not os.path.isdir(path)


def carried_sources(criteria: CriteriaSet) -> set[str]:
    """Every fact some unit type takes into the next year (the facts `previous_year_of` names)."""
    return {s for ut in criteria.all_types() for s in ut.carried().values()}


# ----------------------------------------------------------------------------- the batch's own history


class BatchHistory:
    def __init__(self, criteria: CriteriaSet, previous: History | None, origin: str = "batch") -> None:
        self.criteria = criteria
        self.origin = origin  # what the units of this batch are to the history: "batch", or "previous" (--previous)
        self.book = previous if previous is not None else History()
        self.active = previous is not None   # some unit has another year (the summary says so)
        self.units_with_history = 0
        # Until a second year shows up (and with no --previous), the units are only noted, cheaply, in
        # a spool: most batches hold one year, and indexing each unit would cost them ~25 %.
        self.dormant: Spool | None = None if previous is not None else Spool(BATCH)
        self.year: int | None = None

    def settle(self, r: UnitResult, worker: Any) -> UnitResult:
        """Tell `r` its years; assess it again if the batch holds last year's record with figures the
        worker could not know; keep it for the years after. Warnings go to `r.warnings`."""
        year = r.unit["year"]
        if self.dormant is not None:
            if self.year is None or year == self.year:
                self.year = year
                u = r.unit
                self.dormant.add((u["type"], u["name"], u.get("code"), u.get("commune"), u.get("province"), year,
                                  r.outcome, r.file, r.sources, r.ruleset.get("id")))
                return r
            self._wake()
        who = Who.of_unit(r.unit)
        look = self.book.look(who, year)
        if not hasattr(r, "criteria"):  # a worker's report.Encoded: its bytes hold no years
            if not look.any():
                self._keep(r, who, year)  # type: ignore[arg-type]
                return r
            again = self._again(r, worker)  # other years known: the whole result is made here, told them
            if again is None:
                return r
            r = again
        used = (r.history or {}).get("previous")
        if r.carries and r.rollup is None and look.previous is not None and not _same(look.previous.entry, used):
            again = self._again(r, worker)
            if again is not None:
                r = again
        else:
            set_history(r, look, (r.history or {}).get("carried") if _same(look.previous.entry if look.previous else None,
                                                                            used) else [])
        r.warnings = list(r.warnings) + look_problems(look, r.file, _locator(r.file))
        if look.any():
            self.active = True
        if look.previous is not None or look.older:
            self.units_with_history += 1
        self._keep(r, who, year)
        return r

    def quiet(self, years: Iterable[int]) -> bool:
        """Whether records of these years (the communes, after the batch) can be assessed without the
        history and in any order: no --previous, and every unit so far and every one of `years` is of one
        year, so that no result can depend on another's (`settle` and `expect` only note them)."""
        held = set(years) | ({self.year} if self.year is not None else set())
        return self.dormant is not None and len(held) <= 1

    def expect(self, year: int) -> None:
        """A record of `year` is about to be assessed with the history (a commune, after the batch)."""
        if self.dormant is not None and self.year is not None and year != self.year:
            self._wake()

    def _wake(self) -> None:
        """A second year: index the units noted so far."""
        spool, self.dormant = self.dormant, None
        assert spool is not None
        for t, name, code, commune, province, year, outcome, source, values, ruleset in spool:
            self.book.add(Entry(Who(t, name, code, commune, province), year, outcome, source, values, None, self.origin,
                                ruleset))
        spool.close()

    def _again(self, r: UnitResult, worker: Any) -> UnitResult | None:
        try:
            if r.recheck is not None:
                data, parsed = r.recheck
                record = worker.reader.from_data(data, r.file, parsed=parsed)
            else:
                record = worker.reader.read_file(r.file)
            return worker.assess(record, self.book)
        except (InputError, OSError) as e:
            detail = e.problems[0].message("vi") if isinstance(e, InputError) and e.problems else str(e)
            r.warnings = list(r.warnings) + [MESSAGES.problem(r.file, "history-reassess", level=WARNING, detail=detail)]
            return None

    def _keep(self, r: UnitResult, who: Who, year: int) -> None:
        entry = Entry(who, year, r.outcome, r.file, r.sources, None, self.origin, r.ruleset.get("id"))
        later = self.book.find(who, year + 1)
        if later is not None and not later.type_changed and later.entry.origin == self.origin:
            line, col = _locator(r.file)("year")
            r.warnings.append(MESSAGES.problem(r.file, "history-order", line=line, col=col, field="year", level=WARNING,
                                               year=year, later=year + 1, source=later.entry.source))
        held = self.book.add(entry)
        if held is not None and held.origin == "previous" and self.origin == "batch":
            line, col = _locator(r.file)("year")
            r.warnings.append(MESSAGES.problem(r.file, "history-both", line=line, col=col, field="year", level=WARNING,
                                               year=year, source=held.source))
            self.book.replace(held, entry)

    def summary(self) -> dict[str, Any] | None:
        """For the batch summary: the units of this batch whose latest year ends a run of consecutive
        years passed, longest first ("nhiều năm liền")."""
        if self.dormant is not None:
            self.dormant.close()
        if not self.active:
            return None
        runs: list[dict[str, Any]] = []
        by_length: dict[int, int] = {}
        for e in self.book.entries():
            if e.origin != self.origin:
                continue
            nxt = self.book.find(e.who, e.year + 1)
            if nxt is not None and not nxt.type_changed and nxt.entry.origin == self.origin:
                continue  # not the unit's latest year in this batch
            look = self.book.look(e.who, e.year)
            n = _run(look, e.outcome)
            if n:
                by_length[n] = by_length.get(n, 0) + 1
            if n >= 2:
                runs.append({"name": e.who.name, "type": e.who.type, "code": e.who.code, "commune": e.who.commune,
                             "province": e.who.province, "file": e.source, "years": n, "from": e.year - n + 1,
                             "to": e.year})
        runs.sort(key=lambda x: (-x["years"], x["type"], x["name"]))
        return {"units_with_history": self.units_with_history,
                "consecutive": {str(k): v for k, v in sorted(by_length.items(), reverse=True)},
                "runs": runs}


def _run(look: Look, outcome: str) -> int:
    if outcome != "pass":
        return 0
    years = {look.year: outcome}
    if look.previous is not None:
        years[look.previous.entry.year] = look.previous.entry.outcome
    for e in look.older:
        years.setdefault(e.year, e.outcome)
    n = 0
    while years.get(look.year - n) == "pass":
        n += 1
    return n


def _same(entry: Entry | None, used: dict[str, Any] | None) -> bool:
    if entry is None or used is None:
        return entry is None and used is None
    return (entry.year, entry.source, entry.report) == (used.get("year"), used.get("file"), used.get("report"))


def _locator(source: str) -> Callable[[str], tuple[int | None, int | None]]:
    """Where a header field is in a record file, found only when a warning needs it."""
    def locate(name: str) -> tuple[int | None, int | None]:
        if not source.lower().endswith((".yaml", ".yml")) or not os.path.isfile(source):
            return (None, None)
        try:
            from antt_cli.yamlsrc import load_file

            return load_file(source, nfc=True).where((name,), key=True)
        except (InputError, OSError):
            return (None, None)

    return locate


# ----------------------------------------------------------------------------- JSON reports


@dataclass
class Report:
    """What a JSON report holds, for --previous and `antt diff`."""

    path: str
    units: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] | None = None
    ruleset: dict[str, Any] | None = None
    tool_version: str | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)   # the report cannot be used (or a unit of it)
    warnings: list[Problem] = field(default_factory=list)


def read_report(path: str, criteria: CriteriaSet | None = None) -> Report:
    """A report written by `antt assess --format json` (or jsonl), checked: JSON, an antt assessment
    report, a schema this antt reads, each unit with what a later year needs. Never raises."""
    from antt_cli import __version__

    out = Report(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as e:
        from antt_cli.batch.inputs import MESSAGES as INPUTS

        code = "file-not-found" if isinstance(e, FileNotFoundError) else "file-unreadable"
        out.problems.append(INPUTS.problem(path, code, detail=e.strerror or str(e)))
        return out
    if path.lower().endswith((".jsonl", ".ndjson")):
        return _read_lines(out, raw, criteria)
    doc = _parse(out, raw, 1)
    if doc is None:
        return out
    if not isinstance(doc, dict):
        out.problems.append(MESSAGES.problem(path, "report-not-antt", what=_WHAT["list"] if isinstance(doc, list) else ""))
        return out
    what = _WHAT["diff"] if doc.get("kind") == "diff" else _WHAT["problems"] if "problems" in doc else ""
    if "schema_version" not in doc or not isinstance(doc.get("units"), list) or what:
        out.problems.append(MESSAGES.problem(path, "report-not-antt", what=what))
        return out
    version = doc.get("schema_version")
    out.tool_version = str(doc.get("tool_version") or "?")
    if version != SCHEMA_VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION
        hint = ({"vi": " — báo cáo của một antt mới hơn: hãy cập nhật antt", "en": " — written by a newer antt: update antt"}
                if newer else {"vi": " — hãy đánh giá lại các bản ghi của năm đó", "en": " — assess that year's records again"})
        out.problems.append(MESSAGES.problem(path, "report-schema", field="schema_version", found=str(version)[:20],
                                             tool=out.tool_version[:20], ours=__version__, wanted=SCHEMA_VERSION, hint=hint))
        return out
    out.ruleset = doc.get("ruleset") if isinstance(doc.get("ruleset"), dict) else None
    out.summary = doc.get("summary") if isinstance(doc.get("summary"), dict) else None
    out.errors = [e for e in doc.get("errors") or [] if isinstance(e, dict)]
    for i, u in enumerate(doc["units"]):
        _unit(out, u, f"units[{i}]")
    _check_ruleset(out, criteria)
    return out


def _parse(out: Report, raw: bytes, line0: int) -> Any:
    import json

    try:
        from antt_cli.lazy import import_shielded

        orjson = import_shielded("orjson")  # see import_shielded: a signal during its import

        return orjson.loads(raw)
    except ImportError:  # pragma: no cover
        pass
    except ValueError:
        pass
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        out.problems.append(MESSAGES.problem(out.path, "report-not-json", detail=f"UTF-8: byte {e.start}"))
    except json.JSONDecodeError as e:
        out.problems.append(MESSAGES.problem(out.path, "report-not-json", line=e.lineno + line0 - 1, col=e.colno,
                                             detail=e.msg))
    return None


def _read_lines(out: Report, raw: bytes, criteria: CriteriaSet) -> Report:
    any_unit = False
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        before = len(out.problems)
        doc = _parse(out, line, n)
        if doc is None:
            if len(out.problems) > before and not any_unit and n == 1:
                return out
            continue
        if isinstance(doc, dict) and "summary" in doc and isinstance(doc["summary"], dict):
            out.summary = doc["summary"]
        elif isinstance(doc, dict) and "error" in doc:
            out.errors.append(doc["error"])
        elif isinstance(doc, dict) and "warning" in doc:
            continue
        elif isinstance(doc, dict) and "unit" in doc:
            any_unit = True
            _unit(out, doc, f"line {n}", line=n)
            if out.ruleset is None and isinstance(doc.get("ruleset"), dict):
                out.ruleset = doc["ruleset"]
        else:
            out.problems.append(MESSAGES.problem(out.path, "report-not-antt", line=n, what=""))
            return out
    _check_ruleset(out, criteria)
    return out


def _unit(out: Report, u: Any, where: str, line: int | None = None) -> None:
    def bad(what: str) -> None:
        out.problems.append(MESSAGES.problem(out.path, "report-unit", line=line, field=f"{where}.{what}", what=what))

    if not isinstance(u, dict) or not isinstance(u.get("unit"), dict):
        return bad("unit")
    unit = u["unit"]
    for k in ("type", "name"):
        if not isinstance(unit.get(k), str) or not unit[k]:
            return bad(f"unit.{k}")
    if not isinstance(unit.get("year"), int) or isinstance(unit.get("year"), bool):
        return bad("unit.year")
    if u.get("outcome") not in UNIT_OUTCOMES:
        return bad("outcome")
    if not isinstance(u.get("criteria", []), list):
        return bad("criteria")
    out.units.append(u)


def _check_ruleset(out: Report, criteria: CriteriaSet) -> None:
    if criteria is None:
        return
    known = {rs.id for rs in criteria.rulesets()}
    ids = {rs.get("id") for rs in [out.ruleset] + [u.get("ruleset") for u in out.units] if isinstance(rs, dict)}
    for rid in sorted(i for i in ids if isinstance(i, str) and i not in known):
        out.warnings.append(MESSAGES.problem(out.path, "report-ruleset", field="ruleset", level=WARNING, id=rid[:80],
                                             loaded=", ".join(sorted(known))))


def unit_entry(u: dict[str, Any], report: str | None, keep: Iterable[str], origin: str = "previous") -> Entry:
    """A unit as the JSON document holds it (of the report `report`, or of a run) as a year of its history."""
    values = [c.get("values") or {} for c in u.get("criteria") or [] if isinstance(c, dict)]
    recorded = [x for x in u.get("recorded") or [] if isinstance(x, dict)]
    rs = u.get("ruleset") if isinstance(u.get("ruleset"), dict) else {}
    return Entry.of_unit(u["unit"], u["outcome"], str(u.get("file") or report or "?"),
                         [v for v in values if isinstance(v, dict)],
                         recorded, keep, report=report, origin=origin, ruleset=rs.get("id"))


# ----------------------------------------------------------------------------- --previous


class Collector:
    """A writer that keeps what a run gives: a year of history per unit (and, for `antt diff`, the
    units as the JSON document holds them), the invalid inputs, the summary."""

    def __init__(self, *, units: bool = False) -> None:
        self.units: list[dict[str, Any]] | None = [] if units else None
        self.problems: list[tuple[str, list[Problem]]] = []
        self.warnings: list[Problem] = []
        self.summary: Any = None

    def unit(self, r: UnitResult) -> None:
        if self.units is not None:
            from antt_cli.report.formats.json import unit_dict

            self.units.append(unit_dict(r))

    def invalid(self, source: str, problems: list[Problem]) -> None:
        self.problems.append((source, problems))

    def warning(self, problem: Problem) -> None:
        self.warnings.append(problem)

    def close(self, summary: Any) -> None:
        self.summary = summary


def load_previous(paths: list[str], criteria: CriteriaSet, cfg: Any) -> tuple[History, list[tuple[str, list[Problem]]],
                                                                     list[Problem]]:
    """Last year's runs, read before this one: JSON reports as they are, folders, record files and
    spreadsheets assessed now (with the reports as their own history). Returns the history, the
    inputs that could not be used (source, problems) and warnings about the reports."""
    from dataclasses import replace

    from antt_cli.batch.runner import run_batch

    book = History(given=True)
    keep = carried_sources(criteria)
    invalid: list[tuple[str, list[Problem]]] = []
    warnings: list[Problem] = []
    records = []
    for p in paths:
        if not is_report(p):
            records.append(p)
            continue
        rep = read_report(p, criteria)
        warnings += rep.warnings
        if rep.problems:
            invalid.append((p, rep.problems))
        for u in rep.units:
            book.add(unit_entry(u, p, keep))
    if cfg.models is None:
        cfg.models = {}  # the record models, built once for both batches
    if records:  # assessed as a batch of their own, whose units join the history as "previous"
        collector = Collector()
        inner = replace(cfg, year=None, as_of=None, history=book, history_origin="previous", on_problem=None,
                        on_warning=None, on_progress=None, on_done=None, before=[])
        run_batch(records, criteria, [collector], inner)
        invalid += collector.problems
    return book, invalid, warnings


__all__ = ["BatchHistory", "Collector", "Report", "carried_sources", "is_report", "load_previous", "read_report",
           "unit_entry"]
