"""`antt diff OLD NEW`: what changed between two runs (docs/years.md).

Each side is a JSON report written by `antt assess --format json` (or jsonl), or record files,
a folder or a spreadsheet assessed now. Assessed now, the new side takes last year's figures
from the old side, as `antt assess NEW --previous OLD` would. The comparison (engine.compare) is
written by any format that declares `diff=True` (table, json, markdown).

Exit codes: 0 no unit got worse; 1 some unit that passed (đạt) no longer does; 2 a side could not be
read, or some of its inputs were invalid.
"""

from __future__ import annotations

import os
import sys
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from antt_cli.cli import common
from antt_cli.problems import WARNING, Messages, Problem

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.model import CriteriaSet

MESSAGES = Messages({
    "diff-ruleset": ("hai lần chạy dùng bộ tiêu chí khác nhau (trước: {old}; sau: {new}): tiêu chí chỉ có ở một bên "
                     "được ghi là (không có) ở bên kia", "the two runs used different rule sets (then: {old}; now: "
                     "{new}): a criterion found on one side only shows as (absent) on the other"),
})
SMALL = 32


def run(old: Path, new: Path, fmt: str, lang: str, criteria_paths: list[Path] | None, outputs: list[str] | None = None,
        jobs: int | None = None, quiet: bool = False, verbose: bool = False, format_given: bool = False) -> int:
    from antt_cli.engine.compare import compare
    from antt_cli.engine.rollup import rollup_spec
    from antt_cli.report import Context, open_writer, registry

    sides = [os.fspath(old), os.fspath(new)]
    targets = common.parse_outputs(outputs, fmt, format_given, inputs=sides, allowed=registry.names(diff=True))
    criteria = common.load(criteria_paths, verbose=verbose, lang=lang)
    errors: list[Problem] = []
    warnings: list[Problem] = []

    def say(p: Problem) -> None:
        if p.level != WARNING or not quiet:
            print(p.render(lang), file=sys.stderr)

    models: dict[Any, Any] = {}  # the record models, built once for both sides
    before, book = _side(sides[0], criteria, criteria_paths, jobs, lang, None, errors, warnings, say, models)
    after, _ = _side(sides[1], criteria, criteria_paths, jobs, lang, book, errors, warnings, say, models)
    if before is None or after is None:
        return 2
    ids = [_ruleset_id(r) for r in (before, after)]
    if all(ids) and ids[0] != ids[1]:
        p = MESSAGES.problem(sides[1], "diff-ruleset", level=WARNING, old=ids[0], new=ids[1])
        warnings.append(p)
        say(p)
    spec = rollup_spec(criteria)
    doc = compare(before, after, parent_type=spec.parent_type if spec else None,
                  rate_facts=(spec.total, spec.recognised) if spec else None)
    _label_facts(doc, criteria, lang)
    parent = criteria.latest(spec.parent_type).label if spec else None
    code = 2 if (errors or before.invalid or after.invalid) else 1 if doc["counts"]["worse"] else 0
    doc = {"old": _about(before), "new": _about(after), **doc,
           "parent": {"vi": parent.vi, "en": parent.en or parent.vi} if parent else None,
           "errors": [p.to_dict(lang) for p in errors], "warnings": [p.to_dict(lang) for p in warnings],
           "exit_code": code}
    context = Context(lang=lang, command="diff", base=os.getcwd())
    for key in ("units", "new_units", "vanished_units"):  # paths as the reports show them: relative to here
        for u in doc[key]:
            for side in ("old", "new"):
                if side in u and u[side].get("file"):
                    u[side]["file"] = context.path(u[side]["file"])
    writers = [open_writer(f, t, context) for f, t in targets]
    try:
        for w in writers:
            w.start()
            w.diff(doc)
            w.close(None)
    except BaseException:
        for w in writers:
            w.abort()
        raise
    return code


def _label_facts(doc: dict[str, Any], criteria: CriteriaSet, lang: str) -> None:
    """Each figure that moved gets its fact's label (the criteria's words), for the human formats."""
    for u in doc["units"]:
        if u["type"] not in criteria.versions:
            continue
        facts = criteria.latest(u["type"]).facts
        for c in u["criteria"]:
            for m in c["moved"]:
                spec = facts.get(m["fact"])
                m["label"] = spec.label.pick(lang) if spec is not None else m["fact"]


def _ruleset_id(run: Any) -> str | None:
    if isinstance(run.ruleset, dict) and run.ruleset.get("id"):
        return run.ruleset["id"]
    for u in run.units:
        rs = u.get("ruleset")
        if isinstance(rs, dict) and rs.get("id"):
            return rs["id"]
    return None


def _about(run: Any) -> dict[str, Any]:
    return {"source": run.source, "kind": run.kind, "units": len(run.units), "ruleset": _ruleset_id(run),
            "tool_version": run.tool_version, "invalid": run.invalid}


def _side(path: str, criteria: CriteriaSet, criteria_paths: list[Path] | None, jobs: int | None, lang: str, book: Any,
          errors: list[Problem], warnings: list[Problem], say: Any, models: dict[Any, Any]) -> tuple[Any, Any]:
    """One side as a Run (engine.compare), and its units as the history of the side after it."""
    from antt_cli.batch.history import Collector, carried_sources, is_report, read_report, unit_entry
    from antt_cli.engine.compare import Run
    from antt_cli.engine.history import History

    keep = carried_sources(criteria)
    if is_report(path):
        rep = read_report(path, criteria)
        for p in rep.problems + rep.warnings:
            say(p)
        errors += rep.problems
        warnings += rep.warnings
        if rep.problems and not rep.units:
            return None, None
        run = Run(path, rep.units, (rep.summary or {}).get("communes") or [], "report", rep.ruleset, rep.tool_version,
                  len(rep.errors) + len(rep.problems))
        history = History(given=True)
        for u in rep.units:
            history.add(unit_entry(u, path, keep))
        return run, history
    from antt_cli.batch import BatchConfig, default_jobs, run_batch
    from antt_cli.batch.inputs import iter_sources

    n = jobs if jobs and jobs > 0 else default_jobs()
    if sum(1 for _ in islice(iter_sources([path]), SMALL + 1)) <= SMALL:
        n = 1
    collector = Collector(units=True)
    given = [os.fspath(p) for p in common.criteria_paths(criteria_paths) or []] or None

    def problem(ps: list[Problem]) -> None:
        errors.extend(ps)
        for p in ps:
            say(p)

    def warn(p: Problem) -> None:
        warnings.append(p)
        say(p)

    cfg = BatchConfig(jobs=n, limits=common.limits(), criteria_paths=given, lang=lang, history=book,
                      on_problem=problem, on_warning=warn, models=models)
    summary = run_batch([path], criteria, [collector], cfg)
    units = collector.units or []
    run = Run(path, units, summary.commune_rows(), "assessed", summary.ruleset, None, summary.invalid)
    history = History(given=True)
    for u in units:
        history.add(unit_entry(u, None, keep))
    return run, history
