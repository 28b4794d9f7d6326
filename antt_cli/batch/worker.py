"""The work done for each input, in the main process (--jobs 1) or a pool worker.

Each process holds one State: the criteria, loaded and checked once, and the options.
`process(sources)` turns a chunk of inputs into items, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from antt_cli.batch import messages  # (also registers the batch problem codes)
from antt_cli.batch.inputs import Source
from antt_cli.batch.items import DeferredItem, InvalidItem, Issue, Item, UnitItem
from antt_cli.problems import InputError, Problem


@dataclass
class Options:
    lang: str = "vi"
    year: int | None = None
    as_of: Any = None
    json_line: bool = False
    json_block: bool = False
    keep_result: bool = False
    defer_type: str | None = None   # unit type assessed after the batch (commune roll-up)
    spec: Any = None                # the RollupSpec in force, if any


@dataclass
class State:
    criteria: Any
    options: Options


_STATE: State | None = None


def prepare(criteria: Any) -> None:
    """Build every record model and the unit-type name index now (before a fork), so no worker
    builds them again."""
    for versions in criteria.versions.values():
        for ut in versions:
            ut.record_model  # noqa: B018
    criteria.resolve_type("")  # builds the name index once, before a fork
    # The criteria, models and modules are long-lived: move them out of the collector's sight, so
    # that the collections triggered by each record's short-lived objects do not walk them again
    # and again (inherited as is by forked workers).
    import gc

    gc.collect()
    gc.freeze()


def init(criteria: Any, options: Options) -> None:
    global _STATE
    _STATE = State(criteria, options)


def reset() -> None:
    """Forget the batch's criteria and options once it is done (run_batch)."""
    global _STATE
    _STATE = None


def init_from_paths(criteria_paths: list[str] | None, options: Options) -> None:
    """Pool initializer where workers do not inherit the criteria (spawn start method)."""
    from antt_cli.criteria import load_criteria

    criteria = load_criteria(criteria_paths or None)
    prepare(criteria)
    init(criteria, options)


def process(sources: list[Source]) -> list[Item]:
    assert _STATE is not None, "worker not initialised"
    out: list[Item] = []
    for src in sources:
        out.extend(items_for(src, _STATE))
    return out


def items_for(src: Source, state: State) -> Iterator[Item]:
    if src.kind == "missing":
        assert src.problem is not None
        yield InvalidItem(src.path, [src.problem])
        return
    if src.kind == "sheet":
        from antt_cli.records.spreadsheet import read_sheet_records

        for row in read_sheet_records(src.path, state.criteria):
            if isinstance(row, InputError):
                first = row.problems[0] if row.problems else None
                where = f"{first.file}:{first.line}" if first is not None and first.line else _source_of(row.problems, src.path)
                yield InvalidItem(where, row.problems)
            else:
                data, parsed = row
                yield from _one(lambda d=data, p=parsed: _from_data(d, p, state), state, data=data, parsed=parsed)
        return
    yield from _one(lambda: _from_file(src.path, state), state, path=src.path)


def _source_of(problems: list[Problem], default: str) -> str:
    return problems[0].file if problems else default


def _from_file(path: str, state: State) -> Any:
    from antt_cli.records import load_record

    o = state.options
    return load_record(path, state.criteria, year=o.year, as_of=o.as_of)


def _from_data(data: dict[str, Any], parsed: Any, state: State) -> Any:
    from antt_cli.records import record_from_data

    o = state.options
    row = getattr(parsed, "row", None)
    source = f"{parsed.source}:{row}" if row else parsed.source
    return record_from_data(data, source, state.criteria, parsed=parsed, year=o.year, as_of=o.as_of)


def _one(load: Any, state: State, *, path: str | None = None, data: Any = None, parsed: Any = None) -> Iterator[Item]:
    try:
        record = load()
    except InputError as e:
        yield InvalidItem(_source_of(e.problems, path or getattr(parsed, "source", "?")), e.problems)
        return
    o = state.options
    if o.defer_type and record.type_id == o.defer_type:
        h = record.header
        yield DeferredItem(record.source, "yaml" if path else "data", path=path, data=data, parsed=parsed,
                           type=record.type_id, name=record.name, year=record.year, code=h.get("code"),
                           commune=h.get("commune"), province=h.get("province"))
        return
    from antt_cli.engine import assess

    yield make_item(assess(record, lang=o.lang), o)


def make_item(r: Any, o: Options, rollup: dict[str, Any] | None = None) -> UnitItem:
    u = r.unit
    issues = [Issue(c.id, c.status, c.title, c.citation.get("ref", c.citation.get("text", "")), list(c.reasons))
              for c in r.criteria if c.status in ("fail", "incomplete")]
    from antt_cli.i18n import ui

    item = UnitItem(
        source=r.file, type=u["type"], type_label=u.get("type_label", u["type"]), name=u["name"], year=u["year"],
        code=u.get("code"), commune=u.get("commune"), province=u.get("province"), outcome=r.outcome,
        outcome_label=ui(f"outcome.{r.outcome}", r.lang), issues=issues,
        scope=r.scope["reason"] if r.scope else None, counts=r.counts(),
        ruleset={k: r.ruleset[k] for k in ("id", "instrument", "effective_from")}, rollup=rollup,
    )
    if o.json_line or o.json_block:
        from antt_cli.report.json import unit_dict
        from antt_cli.report.jsonenc import dumps

        d = unit_dict(r)
        if o.json_line:
            item.json_line = dumps(d)
        if o.json_block:
            item.json_block = dumps(d, indent=True)
    if o.keep_result:
        item.result = r
    return item


def process_deferred(tasks: list[tuple[DeferredItem, Any, Any]]) -> list[tuple[Item, list[str], Any]]:
    assert _STATE is not None, "worker not initialised"
    out: list[tuple[Item, list[str], Any]] = []
    for d, tally, matched in tasks:
        warnings: list[str] = []
        out.append((assess_deferred(d, _STATE, tally, warnings), warnings, matched))
    return out


def assess_deferred(d: DeferredItem, state: State, tally: Any, warnings: list[str]) -> Item:
    """Assess a commune after its units, with the Art. 5.4 counts computed from them (batch.rollup)."""
    from antt_cli.batch.rollup import computed_counts
    from antt_cli.engine import assess
    from antt_cli.records import record_from_data
    from antt_cli.yamlsrc import load_file

    o, spec = state.options, state.options.spec
    try:
        if d.kind == "yaml":
            assert d.path is not None
            parsed = load_file(d.path, nfc=True)
            data = parsed.data
        else:
            parsed, data = d.parsed, d.data
        data = dict(data)
        rollup: dict[str, Any] | None = None
        if spec is not None and tally is not None:
            counts = computed_counts(tally)
            names = {"total": spec.total, "registered": spec.registered, "recognised": spec.recognised}
            stated = {names[k]: data.get(names[k]) for k in names if data.get(names[k]) is not None}
            rollup = {"units": tally.units, "out_of_scope": tally.out_of_scope, "by_type": dict(sorted(tally.by_type.items())),
                      "computed": {names[k]: v for k, v in counts.items()}, "stated": stated,
                      "disagreements": [], "applied": counts["total"] > 0}
            for k, v in counts.items():
                s = stated.get(names[k])
                if s is not None and s != v:
                    rollup["disagreements"].append({"field": names[k], "stated": s, "computed": v})
            if rollup["applied"]:
                for k, v in counts.items():
                    data[names[k]] = v
                for dis in rollup["disagreements"]:
                    line, col = parsed.where((dis["field"],))
                    loc = parsed.source + (f":{line}:{col}" if line else "")
                    warnings.append(messages.ui("rollup.warning", o.lang, file=loc, field=dis["field"], stated=dis["stated"],
                                                n=tally.units, computed=dis["computed"]))
            else:
                warnings.append(messages.ui("rollup.none", o.lang, commune=d.name))
        row = getattr(parsed, "row", None)
        source = f"{parsed.source}:{row}" if row else parsed.source
        record = record_from_data(data, source, state.criteria, parsed=parsed, year=o.year, as_of=o.as_of)
    except InputError as e:
        return InvalidItem(e.problems[0].file if e.problems else d.source, e.problems)
    result = assess(record, lang=o.lang)
    if rollup is not None and rollup["applied"]:
        _annotate(result, rollup, d.name, o.lang, spec)
    return make_item(result, o, rollup)


def _annotate(result: Any, rollup: dict[str, Any], commune: str, lang: str, spec: Any) -> None:
    """Say, in each criterion that reads a computed count, where the count came from."""
    facts = set(spec.facts())
    c = rollup["computed"]
    stated = ""
    if rollup["stated"]:
        values = ", ".join(f"{k} = {v}" for k, v in rollup["stated"].items())
        stated = messages.ui("rollup.stated", lang, values=values)
    line = messages.ui("rollup.reason", lang, n=rollup["units"], commune=commune, total=c[spec.total],
                       registered=c[spec.registered], recognised=c[spec.recognised], stated=stated)
    for crit in result.criteria:
        if facts & set(crit.values):
            crit.reasons.append(line)
