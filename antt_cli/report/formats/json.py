"""`json`: one document (docs/json-output.md), versioned by `schema_version`, streamed as units arrive.

For `antt assess`: {schema_version, tool_version, lang, ruleset, units, errors, warnings, summary}.
For the commands that report problems (validate, criteria check, test): {schema_version, ok,
problems, …the command's own fields}.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from antt_cli import __version__
from antt_cli.engine.results import CRITERION_STATUSES, UNIT_OUTCOMES
from antt_cli.engine.words import WORDS
from antt_cli.report.base import Context, Format, Writer as BaseWriter
from antt_cli.report.jsonenc import dumps, dumps_bytes, fast_json
from antt_cli.report.output import Output

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary
    from antt_cli.problems import Problem

FORMAT = Format("json", (".json",), units=True, problems=True, diff=True,
                description=("dữ liệu JSON cho chương trình khác", "JSON for other programs"), order=20)
SCHEMA_VERSION = 1


_LABELS: dict[str, tuple[dict[str, str], dict[str, str]]] = {}


def _labels(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """The status and outcome labels in `lang`, made once (engine.words: constant tables)."""
    found = _LABELS.get(lang)
    if found is None:
        found = _LABELS[lang] = ({s: WORDS(f"status.{s}", lang) for s in CRITERION_STATUSES},
                                 {o: WORDS(f"outcome.{o}", lang) for o in UNIT_OUTCOMES})
    return found


def criterion_dict(c: Any, labels: dict[str, str]) -> dict[str, Any]:
    """A criterion's object in a unit's `criteria` (its result's own lists and mappings, shared)."""
    return {"id": c.id, "citation": c.citation, "title": c.title, "status": c.status, "reasons": c.reasons,
            "values": c.values, "note": c.note, "pack": c.pack, "status_label": labels.get(c.status) or c.status,
            "found": c.found, "required": c.required}


def unit_dict(r: UnitResult, path: str | None = None, criteria: list[Any] | None = None) -> dict[str, Any]:
    """The unit as in the document: the UnitResult's fields in order, without `lang` and `branches`,
    with `outcome_label` and `status_label` added. Built field by field (not dataclasses.asdict,
    which deep-copies every value and costs more than the assessment in a batch). `criteria`: the
    criteria's objects already made (CriteriaJSON), else each is made here."""
    lang = r.lang
    labels, outcomes = _labels(lang)
    # shares the result's own dicts and lists: they are serialised, never modified
    out = {
        "file": path if path is not None else r.file,
        "unit": r.unit,
        "ruleset": r.ruleset,
        "window": r.window,
        "outcome": r.outcome,
        "criteria": criteria if criteria is not None else [criterion_dict(c, labels) for c in r.criteria],
        "scope": r.scope,
        "outcome_label": outcomes[r.outcome] if r.outcome in outcomes else WORDS(f"outcome.{r.outcome}", lang),
    }
    if r.recorded:
        out["recorded"] = r.recorded
    if r.rollup is not None:
        out["rollup"] = r.rollup
    if r.history is not None:
        out["history"] = r.history
    return out


class CriteriaJSON:
    """Each criterion's JSON made once per result, not once per unit: a criterion's result is
    read-only, and the engine gives the same one to every unit with the same values (its `shared`
    results, engine.results), so their bytes are the same each time. They go into the unit's line as
    orjson Fragments, written as they are: compact for JSONL, or indented as a criterion sits in the
    document (`depth` levels in). Only shared results are kept (a unit's own would be kept for
    nothing); what is kept holds its results, so an id is never another result's; at KEEP results
    it starts again. Without orjson there are no fragments (`__call__` gives None) and a unit is
    encoded whole, to the same text."""

    KEEP = 4096

    def __init__(self, depth: int | None = None) -> None:
        self.depth = depth  # None: compact
        self.kept: dict[int, tuple[Any, Any]] = {}  # id of a result → (the result, its fragment)
        self.lang: str | None = None  # the language of what is kept (a result has one: its assessor's)

    def __getstate__(self) -> dict[str, Any]:  # a worker starts with nothing kept
        return {"depth": self.depth}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["depth"])  # type: ignore[misc]

    def __call__(self, r: UnitResult) -> list[Any] | None:
        fast = fast_json()
        if not fast:
            return None
        lang = r.lang
        if lang != self.lang:  # the status labels are in the unit's language
            self.kept, self.lang = {}, lang
        kept = self.kept
        out = []
        for c in r.criteria:
            found = kept.get(id(c))
            if found is None:
                text = dumps_bytes(criterion_dict(c, _labels(lang)[0]), indent=self.depth is not None)
                if self.depth is not None:
                    text = text.replace(b"\n", b"\n" + b"  " * self.depth)
                found = (c, fast.Fragment(text))
                if c.shared:  # one the engine gives other units too (a unit's own is made once)
                    if len(kept) >= self.KEEP:
                        kept.clear()
                    kept[id(c)] = found
            out.append(found[1])
        return out


def encode(r: UnitResult, criteria: CriteriaJSON, *, indent: bool = False, newline: bool = False) -> bytes:
    """The unit's bytes with its criteria's kept JSON (the same bytes as encoding it whole)."""
    made = criteria(r)
    if made is not None:
        fast = fast_json()
        try:
            return fast.dumps(unit_dict(r, criteria=made), option=(fast.OPT_INDENT_2 if indent else 0) |
                              (fast.OPT_APPEND_NEWLINE if newline else 0))
        except TypeError:  # a value orjson does not know (an int beyond 64 bits): the whole unit, as ever
            pass
    return dumps_bytes(unit_dict(r), indent=indent, newline=newline)


def _indented(value: Any, level: int) -> str:
    return dumps(value, indent=True).replace("\n", "\n" + "  " * level)


class UnitObject:
    """A unit's object in the document's `units` list (bytes, indented to its place), made wherever the
    unit is assessed (Writer.encoder)."""

    key = "json"

    def __init__(self, context: Context) -> None:
        self.ctx = context
        self.criteria = CriteriaJSON(depth=2)  # the unit's object → its `criteria` → a criterion

    def __call__(self, result: UnitResult) -> bytes:
        return encode(result, self.criteria, indent=True).replace(b"\n", b"\n    ")


class Writer(BaseWriter):
    FORMAT = FORMAT

    def __init__(self, output: Output, context: Context) -> None:
        super().__init__(output, context)
        self.started = False
        self.n_units = 0
        self.errors: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []
        self.problem_mode = context.command != "assess"

    def start(self) -> None:
        super().start()
        self.bytes = self.byte_sink()  # everything this writer writes goes through it, in order
        self.object = UnitObject(self.ctx)

    def write(self, text: str) -> None:
        self.bytes(text.encode("utf-8"))

    def encoder(self) -> Any:
        return UnitObject(self.ctx) if not self.problem_mode else None

    def _head(self, ruleset: Any) -> None:
        self.write("{\n")
        self.write(f'  "schema_version": {SCHEMA_VERSION},\n  "tool_version": {dumps(__version__)},\n')
        self.write(f'  "lang": {dumps(self.lang)},\n  "ruleset": {_indented(ruleset, 1)},\n  "units": [')
        self.started = True

    def unit(self, result: UnitResult) -> None:
        if not self.started:
            self._head({k: result.ruleset[k] for k in ("id", "instrument", "effective_from")})
        self.bytes(b",\n    " if self.n_units else b"\n    ")
        encoded = getattr(result, "encoded", None)  # an Encoded from a batch worker
        self.bytes(encoded["json"] if encoded is not None else self.object(result))
        self.n_units += 1

    def invalid(self, source: str, problems: list[Problem]) -> None:
        self.errors.extend(p.to_dict(self.lang) for p in problems)

    def warning(self, problem: Problem) -> None:
        self.warnings.append(problem.to_dict(self.lang))

    def diff(self, document: dict[str, Any]) -> None:
        """`antt diff`: {schema_version, kind: "diff", tool_version, lang, old, new, counts, units, new_units,
        vanished_units, communes, errors, warnings, exit_code} (docs/years.md)."""
        head = {"schema_version": SCHEMA_VERSION, "kind": "diff", "tool_version": __version__, "lang": self.lang}
        self.out.write(dumps({**head, **document}, indent=True) + "\n")
        self.problem_mode = False
        self.diffed = True

    def finish(self, summary: Summary | None) -> None:
        if getattr(self, "diffed", False):
            return
        if self.problem_mode:
            doc = {"schema_version": SCHEMA_VERSION, "ok": not self.errors, **self.ctx.extra,
                   "problems": self.errors + self.warnings}
            self.write(dumps(doc, indent=True) + "\n")
            return
        if not self.started:
            self._head(None)
        self.write("\n  ]" if self.n_units else "]")
        self.write(f',\n  "errors": {_indented(self.errors, 1)}')
        if self.warnings:
            self.write(f',\n  "warnings": {_indented(self.warnings, 1)}')
        if summary is not None:
            self.write(f',\n  "summary": {_indented(summary.to_dict(), 1)}')
        self.write("\n}\n")
