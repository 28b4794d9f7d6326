"""The communes of a batch (Art. 5.4): each assessed after every other unit, from its own record and
the tally of the units that name it.

A commune's record waits in the main process (a Deferred, in a spool a year) until every unit of the
batch is known; the main process, which holds the summary, then gives it the Tally of its units
(`Commune`, engine.rollup.Communes.children_of), and `assess` assesses it: in a worker of the pool
(batch.worker.Worker.process) when no commune's result can depend on another's, else in the main
process, one after the other in input order, with the batch's history (batch.history: a commune of
2024 reads its record of 2023, assessed just before). Either way the same function, so the verdicts
and the reports do not depend on where it ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from antt_cli.batch.items import Deferred, Invalid
from antt_cli.problems import WARNING, InputError, Messages, Problem
from antt_cli.words import Words

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.batch.worker import Worker
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.rollup import RollupSpec, Tally

MESSAGES = Messages({
    "rollup-disagrees": ("bản ghi ghi {stated}, tính từ {n} đơn vị trong lô được {computed} (dùng số tính được)",
                         "the record states {stated}, {n} units in this batch give {computed} (the computed count is used)"),
    "rollup-stated": ("các đơn vị trong lô chưa đủ để tính ({why}); dùng số bản ghi ghi: {stated}",
                      "the units in this batch do not settle it ({why}); the record's own figure is used: {stated}"),
    "rollup-unknown": ("các đơn vị trong lô chưa đủ để tính ({why}) và bản ghi không ghi số này: tiêu chí thiếu dữ liệu",
                       "the units in this batch do not settle it ({why}) and the record does not state it: the "
                       "criterion lacks data"),
    "rollup-none": ("không có đơn vị nào trong lô ghi thuộc {commune}; dùng số liệu tự ghi",
                    "no unit of this batch names {commune}; its own counts are used"),
})
WORDS = Words({
    "rollup.reason": ("Tính từ {n} đơn vị trong lô do {commune} quản lý: {total} thuộc đối tượng, {registered} đã đăng ký, "
                      "{recognised} đạt{extra}",
                      "Counted from the {n} units of this batch that {commune} manages: {total} in scope, {registered} "
                      "registered, {recognised} passed{extra}"),
    "rollup.reg_unknown": ("; {n} đơn vị chưa ghi ngày đăng ký (chưa rõ)", "; {n} without a registration date (unknown)"),
    "rollup.unregistered": ("; {n} đơn vị không đăng ký", "; {n} did not register"),
    "rollup.outcome_unknown": ("; {n} đơn vị thiếu dữ liệu (chưa rõ có được công nhận)", "; {n} lack data (recognition unknown)"),
    "rollup.elsewhere": ("; {n} đơn vị do cấp khác công nhận, không tính", "; {n} recognised by another level, not counted"),
    "rollup.used": ("Số dùng để đánh giá: {values}", "Figures used: {values}"),
    "source.computed": ("tính từ lô", "counted from the batch"),
    "source.stated": ("xã tự ghi", "as the record states"),
    "source.none": ("không có", "none"),
    "why.partial": ("bản ghi ghi {stated} đơn vị, lô chỉ có {n}", "the record states {stated} units, the batch holds {n}"),
    "why.scope": ("{n} đơn vị chưa xác định được thuộc đối tượng", "{n} units' scope undecided"),
    "why.registration": ("{n} đơn vị chưa ghi ngày đăng ký", "{n} units without a registration date"),
    "why.outcome": ("{n} đơn vị thiếu dữ liệu", "{n} units lack data"),
    "why.inconsistent": ("số bản ghi ghi lớn hơn số {n} dùng bên cạnh", "the record's figure exceeds the {n} used beside it"),
})


@dataclass
class Commune:
    """A commune's record and the tally of the units of the batch that name it: a task's entry."""

    deferred: Deferred
    tally: Tally
    matched: list[tuple[str, int, str]]   # the groups of units it took (Summary.commune_rows)

    @property
    def source(self) -> str:  # the input a worker that died on it names (batch.pool)
        return self.deferred.identity.source


@dataclass
class Assessed:
    """What assessing a commune gives: its result (a UnitResult, a report.Encoded in a worker that sends
    the reports' bytes, or an Invalid), the warnings of its counts, in order, and its row of the
    summary's commune records (None when it is invalid)."""

    result: Any
    warnings: list[Problem]
    row: dict[str, Any] | None = None


def in_worker(worker: Worker, c: Commune) -> Assessed:
    """In a worker of the pool: no history (the batch holds one year and no --previous was given)."""
    return assess(worker, c, encode=True)


_EMPTY: Any = None


def _empty_book() -> Any:
    """An empty history, as the batch's own is while it holds one year (one per process)."""
    global _EMPTY
    if _EMPTY is None:
        from antt_cli.engine.history import History

        _EMPTY = History()
    return _EMPTY


def assess(worker: Worker, c: Commune, history: Any = None, encode: bool = False) -> Assessed:
    """Assess a commune after its units, with the Art. 5.4 counts its units settle (engine.rollup).
    `history`: the batch's history book (batch.history), or None for an empty one."""
    from antt_cli.engine.rollup import settle
    from antt_cli.yamlsrc import load_file

    d, tally, matched = c.deferred, c.tally, c.matched
    warnings: list[Problem] = []
    warn = warnings.append
    spec = worker.options.rollup
    ident = d.identity
    lang = worker.options.lang
    try:
        history = history if history is not None else _empty_book()
        if d.path is not None:
            parsed = load_file(d.path, nfc=True, limits=worker.options.limits)
            data = parsed.data
        else:
            parsed, data = d.parsed, d.data
        data = dict(data)
        rollup: dict[str, Any] | None = None
        if spec is not None and tally.units:
            stated = {f: data.get(f) for f in spec.facts() if isinstance(data.get(f), int) and not isinstance(data.get(f), bool)}
            s = settle(tally, stated, spec)
            rollup = {"units": tally.units, "out_of_scope": tally.out_of_scope, "elsewhere": tally.elsewhere,
                      "by_type": dict(sorted(tally.by_type.items())), "computed": s["computed"], "stated": stated,
                      "used": s["used"], "source": s["source"], "disagreements": s["disagreements"],
                      "unknown": {"registration": tally.registration_unknown, "outcome": tally.incomplete,
                                  "scope": tally.scope_undecided},
                      "unregistered": tally.unregistered, "partial": s["partial"],
                      "applied": any(v == "computed" for v in s["source"].values())}
            for f in spec.facts():
                if s["source"][f] == "computed":
                    data[f] = s["computed"][f]
                elif s["source"][f] == "none":
                    data.pop(f, None)
            for dis in s["disagreements"]:
                warn(MESSAGES.at(parsed, "rollup-disagrees", (dis["field"],), level=WARNING, stated=dis["stated"],
                                 n=tally.units, computed=dis["computed"]))
            for f in spec.facts():
                if not s["settled"][f] or s["source"][f] == "none":
                    reasons = "; ".join(WORDS(f"why.{k}", lang, n=n, stated=stated.get(spec.total)) for k, n in s["why"][f])
                    code = "rollup-stated" if s["source"][f] == "stated" else "rollup-unknown"
                    warn(MESSAGES.at(parsed, code, (f,), level=WARNING, why=reasons, stated=stated.get(f)))
        elif spec is not None:
            warn(MESSAGES.problem(ident.source, "rollup-none", level=WARNING, commune=ident.name))
        record = worker.reader.from_data(data, ident.source, parsed=parsed)
        result = worker.assess(record, history)
        if rollup is not None and spec is not None:
            _annotate(result, rollup, ident.name, lang, spec, record.unit_type.facts)
        result.rollup = rollup
        row = {"file": result.file, "name": ident.name, "province": ident.province, "year": ident.year,
               "outcome": result.outcome, "rollup": rollup, "matched": matched}
        if encode and worker.options.encoders:  # in a worker: the reports' bytes, as for any other unit
            from antt_cli.report.base import Encoded

            encoded = Encoded.of(result, worker.options.encoders)
            encoded.rollup = rollup
            return Assessed(encoded, warnings, row)
    except InputError as e:
        return Assessed(Invalid(e.problems[0].file if e.problems else ident.source, e.problems), warnings)
    except Exception as e:  # the bulkhead, as for any other input
        from antt_cli.batch.worker import internal_error

        return Assessed(Invalid(ident.source, [internal_error(ident.source, e)]), warnings)
    return Assessed(result, warnings, row)


def _annotate(result: UnitResult, rollup: dict[str, Any], commune: str, lang: str, spec: RollupSpec,
              facts: dict[str, Any]) -> None:
    """Say, in each criterion that reads one of the counts, what the units gave and which figure was used."""
    c, total, registered, recognised = rollup["computed"], *spec.facts()
    unknown = rollup["unknown"]
    extra = ""
    if unknown["registration"]:
        extra += WORDS("rollup.reg_unknown", lang, n=unknown["registration"])
    if rollup["unregistered"]:
        extra += WORDS("rollup.unregistered", lang, n=rollup["unregistered"])
    if unknown["outcome"]:
        extra += WORDS("rollup.outcome_unknown", lang, n=unknown["outcome"])
    if rollup["elsewhere"]:
        extra += WORDS("rollup.elsewhere", lang, n=rollup["elsewhere"])
    line = WORDS("rollup.reason", lang, n=rollup["units"], commune=commune, total=c[total], registered=c[registered],
                 recognised=c[recognised], extra=extra)
    used = [f"{facts[f].label.pick(lang) if f in facts else f}: {rollup['used'][f]} ({WORDS('source.' + rollup['source'][f], lang)})"
            for f in spec.facts() if rollup["used"][f] is not None]
    lines = [line] + ([WORDS("rollup.used", lang, values="; ".join(used))] if used else [])
    if spec.note is not None:
        lines.append(spec.note.pick(lang))
    from antt_cli.engine.results import with_reasons

    read = set(spec.facts())
    result.criteria[:] = [with_reasons(crit, lines) if read & set(crit.values) else crit for crit in result.criteria]
