"""Load criteria files (YAML) into a CriteriaSet: validated, compiled, ready to evaluate.

Every problem in every file is collected and raised together as a CriteriaError, each
located (file, line, column) and naming the criterion or fact concerned.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from antt_cli.criteria.conditions import Compiler, FactSpec, Node
from antt_cli.i18n import hint
from antt_cli.problems import CriteriaError, InputError, Problem
from antt_cli.yamlsrc import Parsed, load_file

_PKG = Path(__file__).resolve().parent.parent


def bundled_criteria_dir() -> Path:
    """The national criteria shipped with the package (or the repository's criteria/ when run from source)."""
    shipped = _PKG / "_bundled" / "criteria"
    return shipped if shipped.is_dir() else _PKG.parent / "criteria"


@dataclass
class CompiledCriterion:
    id: str
    citation: Any  # model.Citation
    instrument: Any  # Text
    short: str
    title: Any
    condition: Node
    applies_if: Node | None = None
    not_applicable: Any = None
    note: Any = None
    source: str = ""
    pack: str | None = None

    def facts_read(self) -> list[str]:
        out = self.applies_if.facts_read() if self.applies_if else []
        return out + [f for f in self.condition.facts_read() if f not in out]


@dataclass
class CompiledExclusion:
    id: str
    condition: Node
    reason: Any
    citation: Any = None
    note: Any = None


@dataclass
class CompiledConstraint:
    id: str
    check: Node
    message: Any


@dataclass
class UnitType:
    id: str
    label: Any
    description: Any
    aliases: list[str]
    article: int | None
    window_from: tuple[int, int]
    window_to: tuple[int, int]
    ruleset: Any  # model.RuleSetInfo
    facts: dict[str, FactSpec] = field(default_factory=dict)
    criteria: list[CompiledCriterion] = field(default_factory=list)
    exclusions: list[CompiledExclusion] = field(default_factory=list)
    constraints: list[CompiledConstraint] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    _record_model: Any = None

    def window(self, year: int) -> tuple[dt.date, dt.date]:
        """Assessment window ending in `year` (Art. 8.2)."""
        (fm, fd), (tm, td) = self.window_from, self.window_to
        start_year = year - 1 if (fm, fd) > (tm, td) else year
        return dt.date(start_year, fm, fd), dt.date(year, tm, td)

    def in_force(self, on: dt.date) -> bool:
        rs = self.ruleset
        return rs.effective_from <= on and (rs.effective_to is None or on <= rs.effective_to)

    @property
    def record_model(self) -> Any:
        if self._record_model is None:
            from antt_cli.records.model import build_record_model

            self._record_model = build_record_model(self)
        return self._record_model


@dataclass
class CriteriaSet:
    versions: dict[str, list[UnitType]]  # unit type id → versions, oldest first
    sources: list[str]

    def type_ids(self) -> list[str]:
        return list(self.versions)

    def resolve_type(self, name: Any) -> str | None:
        """A unit type id from its id, label or an alias (NFC, case-insensitive)."""
        if not isinstance(name, str):
            return None
        from antt_cli.criteria.conditions import _fold, strip_marks

        for fold in (_fold, strip_marks):
            wanted = fold(name)
            for tid, versions in self.versions.items():
                for ut in versions:
                    names = [tid, ut.label.vi, ut.label.en or "", *ut.aliases]
                    if wanted in {fold(n) for n in names if n}:
                        return tid
        return None

    def suggest_type(self, name: Any) -> str | None:
        from antt_cli.criteria.conditions import strip_marks

        names = {}
        for tid, versions in self.versions.items():
            for ut in versions:
                for n in [tid, ut.label.vi, *ut.aliases]:
                    names[strip_marks(n)] = tid
        found = difflib.get_close_matches(strip_marks(str(name)), list(names), n=1, cutoff=0.6)
        return names[found[0]] if found else None

    def unit_type(self, type_id: str, on: dt.date | None = None, year: int | None = None) -> UnitType | None:
        """The version of a unit type in force on a date (default: the end of `year`'s window)."""
        versions = self.versions.get(type_id, [])
        for ut in reversed(versions):
            when = on if on is not None else (ut.window(year)[1] if year is not None else dt.date.today())
            if ut.in_force(when):
                return ut
        return None

    def latest(self, type_id: str) -> UnitType:
        return self.versions[type_id][-1]


def criteria_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    files: list[Path] = []
    problems: list[Problem] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(q for q in path.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file())
            if not found:
                problems.append(Problem(str(path), "criteria-empty", {"path": str(path)}))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), "criteria-not-found", {"path": str(path)}))
    return files, problems


def load_criteria(paths: Iterable[str | os.PathLike[str]] | None = None) -> CriteriaSet:
    """Load and check criteria from files or folders (default: the bundled national set)."""
    files, problems = criteria_files(paths if paths is not None else [bundled_criteria_dir()])
    loader = _Loader()
    for f in files:
        loader.add(f)
    problems += loader.problems
    if problems:
        raise CriteriaError(problems)
    return loader.finish()


def _rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


class _Loader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.versions: dict[str, list[UnitType]] = {}
        self.sources: list[str] = []
        self.pending_packs: list[tuple[Parsed, Any]] = []

    def add(self, path: Path) -> None:
        from pydantic import ValidationError

        from antt_cli.criteria.model import CriteriaFile

        source = _rel(path)
        try:
            parsed = load_file(str(path), display=source)
        except InputError as e:
            self.problems += e.problems
            return
        if not isinstance(parsed.data, dict):
            self.problems.append(Problem(source, "root-not-mapping", {"found": type(parsed.data).__name__}, 1, 1))
            return
        try:
            model = CriteriaFile.model_validate(parsed.data)
        except ValidationError as e:
            self.problems += structure_problems(e, parsed)
            return
        self.sources.append(source)
        self.compile_file(parsed, model)

    def compile_file(self, parsed: Parsed, model: Any) -> None:
        def report(code: str, path: tuple[Any, ...], key: bool = False, **params: Any) -> None:
            self.problems.append(parsed.problem(code, path, key=key, **params))

        type_ids = [u.id for u in model.unit_types]
        for i, decl in enumerate(model.unit_types):
            window = []
            for end in ("from", "to"):
                raw = getattr(decl.window, "from_" if end == "from" else "to")
                try:
                    m, d = int(raw[:2]), int(raw[3:])
                    dt.date(2001, m, d)
                    window.append((m, d))
                except ValueError:
                    report("window-invalid", ("unit_types", i, "window", end), value=raw)
                    window.append((1, 1))
            facts = {n: _fact_spec(n, f) for n, f in model.facts.items()}
            facts.update({n: _fact_spec(n, f) for n, f in decl.facts.items()})
            ut = UnitType(decl.id, decl.label, decl.description, list(decl.aliases), decl.article,
                          window[0], window[1], model.ruleset, facts, files=[parsed.source])
            comp = Compiler(facts, decl.id, report)
            for j, c in enumerate(model.constraints):
                node = comp.compile(c.check, ("constraints", j, "check"))
                if node:
                    ut.constraints.append(CompiledConstraint(c.id, node, c.message))
            for j, x in enumerate(model.exclusions):
                if not self._for_type(x.unit_types, decl.id, type_ids, ("exclusions", j, "unit_types"), report):
                    continue
                node = comp.compile(x.if_, ("exclusions", j, "if"))
                if node:
                    ut.exclusions.append(CompiledExclusion(x.id, node, x.reason, x.citation, x.note))
            seen: dict[str, tuple[Any, ...]] = {}
            for j, c in enumerate(model.criteria):
                if not self._for_type(c.unit_types, decl.id, type_ids, ("criteria", j, "unit_types"), report):
                    continue
                if c.id in seen:
                    line = parsed.where(seen[c.id])[0]
                    report("duplicate-id", ("criteria", j, "id"), id=c.id, first=f"{parsed.source}:{line}")
                    continue
                seen[c.id] = ("criteria", j, "id")
                cond = comp.compile(c.condition, ("criteria", j, "condition"))
                applies = comp.compile(c.applies_if, ("criteria", j, "applies_if"), "applies_if") if c.applies_if else None
                if cond is None or (c.applies_if and applies is None):
                    continue
                line = parsed.where(("criteria", j))[0]
                ut.criteria.append(CompiledCriterion(
                    c.id, c.citation, c.citation.instrument or model.ruleset.instrument,
                    model.ruleset.short or pick_vi(model.ruleset.instrument), c.title, cond, applies,
                    c.not_applicable, c.note, f"{parsed.source}:{line}", model.ruleset.pack))
            self._add_version(ut, parsed, ("unit_types", i))

    def _for_type(self, listed: list[str] | None, tid: str, defined: list[str], path: tuple[Any, ...], report: Any) -> bool:
        if listed is None:
            return True
        for k, name in enumerate(listed):
            if name not in defined:
                report("cond-unknown-unit-type", path + (k,), value=name)
        return tid in listed

    def _add_version(self, ut: UnitType, parsed: Parsed, path: tuple[Any, ...]) -> None:
        versions = self.versions.setdefault(ut.id, [])
        for other in versions:
            a, b = ut.ruleset, other.ruleset
            if a.id == b.id:
                self.problems.append(parsed.problem("duplicate-id", path + ("id",), id=ut.id, first=other.files[0]))
                return
            a_end = a.effective_to or dt.date.max
            b_end = b.effective_to or dt.date.max
            if a.effective_from <= b_end and b.effective_from <= a_end:
                self.problems.append(parsed.problem("ruleset-overlap", ("ruleset",), type=ut.id,
                                                    other=f"{b.id} ({other.files[0]})"))
                return
        versions.append(ut)
        versions.sort(key=lambda u: u.ruleset.effective_from)

    def finish(self) -> CriteriaSet:
        return CriteriaSet(self.versions, self.sources)


def pick_vi(text: Any) -> str:
    return getattr(text, "vi", str(text))


def _fact_spec(name: str, decl: Any) -> FactSpec:
    fields = {n: _fact_spec(n, f) for n, f in (decl.fields or {}).items()}
    return FactSpec(name, decl.type, decl.label, decl.help, decl.unit, decl.min, decl.max,
                    list(decl.values or []), decl.ordered, decl.judgement, decl.required, fields)


def structure_problems(error: Any, parsed: Parsed) -> list[Problem]:
    """pydantic errors on a criteria file → located problems, with suggestions for misspelt keys."""
    out: list[Problem] = []
    for err in error.errors():
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith(("function-", "literal["))))
        kind = err["type"]
        if kind == "extra_forbidden":
            key = loc[-1]
            allowed = _allowed_keys(error, loc[:-1], parsed)
            out.append(parsed.problem("criteria-unknown-key", loc, key=True, key_name=key,
                                      hint=hint(_close(key, allowed)), **{"key": key}))
        elif kind == "missing":
            out.append(parsed.problem("criteria-missing-key", loc[:-1], key=True, **{"key": loc[-1]}))
        else:
            out.append(parsed.problem("criteria-structure", loc, key=False, detail=err["msg"]))
    return out


_KNOWN_KEYS = {
    "": ["schema_version", "ruleset", "unit_types", "facts", "constraints", "exclusions", "criteria"],
    "ruleset": ["id", "instrument", "short", "effective_from", "effective_to", "pack"],
    "unit_types": ["id", "label", "description", "aliases", "article", "window", "facts"],
    "facts": ["type", "label", "help", "unit", "min", "max", "values", "ordered", "judgement", "required", "fields"],
    "criteria": ["id", "unit_types", "citation", "title", "applies_if", "not_applicable", "condition", "note"],
    "exclusions": ["id", "unit_types", "citation", "if", "reason", "note"],
    "constraints": ["id", "check", "message"],
    "citation": ["instrument", "article", "clause", "point"],
    "window": ["from", "to"],
}


def _allowed_keys(error: Any, parent: tuple[Any, ...], parsed: Parsed) -> list[str]:
    names = [p for p in parent if isinstance(p, str)]
    for name in reversed(names):
        if name in _KNOWN_KEYS:
            # a fact's own mapping sits under facts.<name>; a field under fields.<name>
            return _KNOWN_KEYS[name]
        if len(names) >= 2 and names[-2] in ("facts", "fields"):
            return _KNOWN_KEYS["facts"]
    return _KNOWN_KEYS[""] if not names else sum(_KNOWN_KEYS.values(), [])


def _close(word: Any, options: list[str]) -> str | None:
    found = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    return found[0] if found else None
