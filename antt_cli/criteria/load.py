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
    packs: list[str] = field(default_factory=list)  # provincial packs layered on (CriteriaSet.layered)
    fact_sources: dict[str, str] = field(default_factory=dict)  # fact id → "file:line" of its declaration
    rollup: Any = None  # model.Rollup: counts computed from the units naming this one (batch)

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
class PackLayer:
    """A provincial pack's additions to one national unit type (docs/criteria-format.md, "Packs")."""

    name: str
    ruleset: Any  # model.RuleSetInfo of the pack
    type_id: str
    facts: dict[str, FactSpec] = field(default_factory=dict)
    # national rule set id → the pack's criteria / constraints compiled against that version
    criteria: dict[str, list[CompiledCriterion]] = field(default_factory=dict)
    constraints: dict[str, list[CompiledConstraint]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def in_force(self, on: dt.date) -> bool:
        rs = self.ruleset
        return rs.effective_from <= on and (rs.effective_to is None or on <= rs.effective_to)


@dataclass
class CriteriaSet:
    versions: dict[str, list[UnitType]]  # unit type id → versions, oldest first (national only)
    sources: list[str]
    packs: list[PackLayer] = field(default_factory=list)
    _layered: dict[tuple[Any, ...], UnitType] = field(default_factory=dict, repr=False)

    def type_ids(self) -> list[str]:
        return list(self.versions)

    def pack_names(self) -> list[str]:
        return list(dict.fromkeys(p.name for p in self.packs))

    def resolve_type(self, name: Any) -> str | None:
        """A unit type id from its id, label or an alias (NFC, case-insensitive; then without diacritics)."""
        if not isinstance(name, str):
            return None
        from antt_cli.criteria.conditions import _fold, strip_marks

        exact, bare = self._name_index()
        return exact.get(_fold(name)) or bare.get(strip_marks(name))

    def _name_index(self) -> tuple[dict[str, str], dict[str, str]]:
        """Folded names → type id, built once (a batch resolves a `type:` per record)."""
        index = self.__dict__.get("_names")
        if index is None:
            from antt_cli.criteria.conditions import _fold, strip_marks

            exact: dict[str, str] = {}
            bare: dict[str, str] = {}
            for tid, versions in self.versions.items():
                for ut in versions:
                    for n in (tid, ut.label.vi, ut.label.en or "", *ut.aliases):
                        if n:
                            exact.setdefault(_fold(n), tid)
                            bare.setdefault(strip_marks(n), tid)
            index = self.__dict__["_names"] = (exact, bare)
        return index

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
        """The version of a unit type in force on a date (default: the end of `year`'s window),
        with the criteria and facts of every provincial pack in force on that date layered on."""
        versions = self.versions.get(type_id, [])
        for ut in reversed(versions):
            when = on if on is not None else (ut.window(year)[1] if year is not None else dt.date.today())
            if ut.in_force(when):
                return self.layered(ut, when)
        return None

    def latest(self, type_id: str) -> UnitType:
        ut = self.versions[type_id][-1]
        return self.layered(ut, max(dt.date.today(), ut.ruleset.effective_from))

    def layered(self, ut: UnitType, when: dt.date) -> UnitType:
        """`ut` plus the packs in force on `when` (the national object itself when there is none)."""
        layers = [p for p in self.packs if p.type_id == ut.id and p.in_force(when) and ut.ruleset.id in p.criteria]
        if not layers:
            return ut
        key = (ut.id, ut.ruleset.id, *(id(p) for p in layers))
        if key not in self._layered:
            import dataclasses

            facts = dict(ut.facts)
            criteria = list(ut.criteria)
            constraints = list(ut.constraints)
            files = list(ut.files)
            for p in layers:
                facts.update(p.facts)
                criteria += p.criteria[ut.ruleset.id]
                constraints += p.constraints[ut.ruleset.id]
                files += [f for f in p.files if f not in files]
            self._layered[key] = dataclasses.replace(
                ut, facts=facts, criteria=criteria, constraints=constraints, files=files,
                packs=[p.name for p in layers], _record_model=None)
        return self._layered[key]

    def all_versions(self, type_id: str) -> list[UnitType]:
        """Every version of a unit type, each with the packs that overlap it layered on."""
        out = []
        for ut in self.versions.get(type_id, []):
            layers = [p for p in self.packs if p.type_id == type_id and ut.ruleset.id in p.criteria]
            when = max([ut.ruleset.effective_from] + [p.ruleset.effective_from for p in layers])
            out.append(self.layered(ut, when) if layers else ut)
        return out


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
    """Load and check criteria from files or folders (default: the bundled national set).

    Files whose `ruleset.pack` is set are provincial packs: they are layered on the national
    files, whatever the order of the paths."""
    criteria, problems, _ = load_all(paths)
    if problems or criteria is None:
        raise CriteriaError(problems)
    return criteria


def load_all(paths: Iterable[str | os.PathLike[str]] | None = None) -> tuple[CriteriaSet | None, list[Problem], "_Loader"]:
    """Like load_criteria, but returns every problem instead of raising, and the loader (with the
    parsed files and their models) for further checks (antt_cli.criteria.check)."""
    files, problems = criteria_files(paths if paths is not None else [bundled_criteria_dir()])
    loader = _Loader()
    for f in files:
        loader.add(f)
    loader.apply_packs()
    problems += loader.problems
    return (None if problems else loader.finish()), problems, loader


def _rel(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
        return str(path.resolve()) if rel.startswith("..") else rel
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


_FOUND = {"str": {"vi": "một chuỗi ký tự", "en": "text"}, "list": {"vi": "một danh sách", "en": "a list"},
          "NoneType": {"vi": "một tệp rỗng", "en": "an empty file"}}


class _Loader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.versions: dict[str, list[UnitType]] = {}
        self.sources: list[str] = []
        self.pending_packs: list[tuple[Parsed, Any]] = []
        self.files: list[tuple[Parsed, Any]] = []  # every file that passed the structure check
        self.rulesets: dict[str, tuple[Any, str]] = {}  # rule set id → (info, first file)
        self.packs: list[PackLayer] = []

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
            found = type(parsed.data).__name__
            self.problems.append(Problem(source, "root-not-mapping", {"found": _FOUND.get(found, found)}, 1, 1))
            return
        try:
            model = CriteriaFile.model_validate(parsed.data)
        except ValidationError as e:
            self.problems += structure_problems(e, parsed)
            return
        self.sources.append(source)
        self.files.append((parsed, model))
        self._check_ruleset(parsed, model.ruleset)
        if model.ruleset.pack:
            self.pending_packs.append((parsed, model))
        else:
            self.compile_file(parsed, model)

    def _check_ruleset(self, parsed: Parsed, rs: Any) -> None:
        if rs.effective_to is not None and rs.effective_to < rs.effective_from:
            self.problems.append(parsed.problem("ruleset-dates", ("ruleset", "effective_to"),
                                                to=rs.effective_to.isoformat(), start=rs.effective_from.isoformat()))
        first = self.rulesets.get(rs.id)
        if first is None:
            self.rulesets[rs.id] = (rs, parsed.source)
            return
        other = first[0]
        for what in ("instrument", "short", "effective_from", "effective_to", "pack"):
            if getattr(rs, what) != getattr(other, what):
                self.problems.append(parsed.problem("ruleset-mismatch", ("ruleset", what), id=rs.id,
                                                    what=f"{what} ({first[1]})"))

    def compile_file(self, parsed: Parsed, model: Any) -> None:
        def report(code: str, path: tuple[Any, ...], key: bool = False, **params: Any) -> None:
            self.problems.append(parsed.problem(code, path, key=key, **params))

        type_ids = [u.id for u in model.unit_types]
        for i, decl in enumerate(model.unit_types):
            missing = [k for k in ("label", "window") if getattr(decl, k) is None]
            for k in missing:
                report("criteria-missing-key", ("unit_types", i), key=True, name=k)
            if missing:
                continue
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
            ut.rollup = decl.rollup
            if decl.rollup is not None:
                for role in ("total", "registered", "recognised"):
                    name = getattr(decl.rollup, role)
                    if facts.get(name) is None or facts[name].type != "integer":
                        report("cond-unknown-fact", ("unit_types", i, "rollup", role), fact=name, unit_type=decl.id,
                               hint=hint(_close(name, [n for n, f in facts.items() if f.type == "integer"])))
            ut.fact_sources = {n: parsed.where(("facts", n), key=True)[0] for n in model.facts}
            ut.fact_sources.update({n: parsed.where(("unit_types", i, "facts", n), key=True)[0] for n in decl.facts})
            ut.fact_sources = {n: f"{parsed.source}:{line}" for n, line in ut.fact_sources.items()}
            comp = Compiler(facts, decl.id, report)
            ut.constraints += self._constraints(model, comp)
            for j, x in enumerate(model.exclusions):
                if not self._for_type(x.unit_types, decl.id, type_ids, ("exclusions", j, "unit_types"), report):
                    continue
                node = comp.compile(x.if_, ("exclusions", j, "if"))
                if node:
                    ut.exclusions.append(CompiledExclusion(x.id, node, x.reason, x.citation, x.note))
            ut.criteria += self._criteria(parsed, model, comp, decl.id, type_ids, report, {})
            self._add_version(ut, parsed, ("unit_types", i))

    def _constraints(self, model: Any, comp: Compiler) -> list[CompiledConstraint]:
        out = []
        for j, c in enumerate(model.constraints):
            node = comp.compile(c.check, ("constraints", j, "check"))
            if node:
                out.append(CompiledConstraint(c.id, node, c.message))
        return out

    def _criteria(self, parsed: Parsed, model: Any, comp: Compiler, tid: str, type_ids: list[str], report: Any,
                  taken: dict[str, str]) -> list[CompiledCriterion]:
        """Compile the criteria of a file that apply to unit type `tid`. `taken`: ids already used
        (→ the place they were defined), for packs that must not reuse a national id."""
        from antt_cli.criteria.conditions import number_paths
        from antt_cli.criteria.model import Text

        out = []
        seen: dict[str, tuple[Any, ...]] = {}
        pack = model.ruleset.pack
        for j, c in enumerate(model.criteria):
            if not self._for_type(c.unit_types, tid, type_ids, ("criteria", j, "unit_types"), report):
                continue
            if c.id in seen:
                line = parsed.where(seen[c.id])[0]
                report("duplicate-id", ("criteria", j, "id"), id=c.id, first=f"{parsed.source}:{line}")
                continue
            seen[c.id] = ("criteria", j, "id")
            if c.id in taken:
                report("pack-redefines-criterion", ("criteria", j, "id"), pack=pack, id=c.id, type=tid, first=taken[c.id])
                continue
            cond = comp.compile(c.condition, ("criteria", j, "condition"))
            applies = comp.compile(c.applies_if, ("criteria", j, "applies_if"), "applies_if") if c.applies_if else None
            if cond is None or (c.applies_if and applies is None):
                continue
            number_paths(cond, "condition")
            if applies is not None:
                number_paths(applies, "applies_if")
            line = parsed.where(("criteria", j))[0]
            citation = c.citation
            if pack and citation.instrument is None:
                # a pack criterion is cited against the pack's instrument, never the national one
                short = model.ruleset.short
                name = Text(vi=short, en=short) if short else model.ruleset.instrument
                citation = citation.model_copy(update={"instrument": name})
            out.append(CompiledCriterion(
                c.id, citation, c.citation.instrument or model.ruleset.instrument,
                model.ruleset.short or pick_vi(model.ruleset.instrument), c.title, cond, applies,
                c.not_applicable, c.note, f"{parsed.source}:{line}", pack))
        return out

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

    def apply_packs(self) -> None:
        """Compile each provincial pack against the national versions it overlaps."""
        for parsed, model in self.pending_packs:
            self._apply_pack(parsed, model)

    def _apply_pack(self, parsed: Parsed, model: Any) -> None:
        rs, pack = model.ruleset, model.ruleset.pack
        seen_problems: set[str] = set()

        def report(code: str, path: tuple[Any, ...], key: bool = False, **params: Any) -> None:
            p = parsed.problem(code, path, key=key, **params)
            text = p.render("en")
            if text not in seen_problems:  # one pack compiled against several versions: report once
                seen_problems.add(text)
                self.problems.append(p)

        if not self.versions:
            report("national-pack-missing", (), folder=os.path.dirname(parsed.source) or parsed.source, pack=pack)
            return
        for j, _ in enumerate(model.exclusions):
            report("pack-exclusion", ("exclusions", j), key=True)
        type_ids = [u.id for u in model.unit_types]
        for i, decl in enumerate(model.unit_types):
            for k in ("label", "description", "article", "window"):
                if getattr(decl, k) is not None:
                    report("pack-redefines-unit-type", ("unit_types", i, k), key=True, pack=pack, type=decl.id,
                           name=k)
            if decl.aliases:
                report("pack-redefines-unit-type", ("unit_types", i, "aliases"), key=True, pack=pack, type=decl.id,
                       name="aliases")
            versions = self.versions.get(decl.id)
            if not versions:
                report("pack-unknown-unit-type", ("unit_types", i, "id"), pack=pack, value=decl.id,
                       hint=hint(_close(decl.id, list(self.versions))))
                continue
            start, end = rs.effective_from, rs.effective_to or dt.date.max
            overlapping = [v for v in versions if v.ruleset.effective_from <= end
                           and start <= (v.ruleset.effective_to or dt.date.max)]
            if not overlapping:
                report("pack-no-version", ("ruleset", "effective_from"), pack=pack, type=decl.id,
                       start=start.isoformat(), end=rs.effective_to.isoformat() if rs.effective_to else "…")
                continue
            layer = PackLayer(pack, rs, decl.id, files=[parsed.source])
            declared = [(("facts", n), n, f) for n, f in model.facts.items()]
            declared += [(("unit_types", i, "facts", n), n, f) for n, f in decl.facts.items()]
            for path, name, f in declared:
                national = next((v for v in versions if name in v.facts), None)
                earlier = next((p for p in self.packs if p.type_id == decl.id and name in p.facts), None)
                if national is not None:
                    report("pack-redefines-fact", path, key=True, pack=pack, fact=name, type=decl.id,
                           first=national.fact_sources.get(name, national.files[0]))
                elif earlier is not None:
                    report("duplicate-id", path, key=True, id=name, first=earlier.files[0])
                else:
                    layer.facts[name] = _fact_spec(name, f)
            taken = {c.id: c.source for v in versions for c in v.criteria}
            taken.update({c.id: c.source for p in self.packs if p.type_id == decl.id
                          for cs in p.criteria.values() for c in cs})
            for v in overlapping:
                comp = Compiler({**v.facts, **layer.facts}, decl.id, report)
                layer.constraints[v.ruleset.id] = self._constraints(model, comp)
                layer.criteria[v.ruleset.id] = self._criteria(parsed, model, comp, decl.id, type_ids, report, taken)
            self.packs.append(layer)

    def finish(self) -> CriteriaSet:
        return CriteriaSet(self.versions, self.sources, self.packs)


def pick_vi(text: Any) -> str:
    return getattr(text, "vi", str(text))


def _fact_spec(name: str, decl: Any) -> FactSpec:
    fields = {n: _fact_spec(n, f) for n, f in (decl.fields or {}).items()}
    return FactSpec(name, decl.type, decl.label, decl.help, decl.unit, decl.min, decl.max,
                    list(decl.values or []), decl.ordered, decl.judgement, decl.required, fields)


def structure_problems(error: Any, parsed: Parsed) -> list[Problem]:
    """pydantic errors on a criteria file → located problems, with suggestions for misspelt keys."""
    out: list[Problem] = []
    errors = []
    for err in error.errors():
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith(("function-", "literal["))))
        errors.append((loc, err))
    # a misspelt key is reported once, with its suggestion, not also as the key that is missing
    suggested = set()
    for loc, err in errors:
        if err["type"] == "extra_forbidden":
            guess = _close(loc[-1], _allowed_keys(error, loc[:-1], parsed))
            if guess:
                suggested.add(loc[:-1] + (guess,))
    for loc, err in errors:
        kind = err["type"]
        if kind == "extra_forbidden":
            key = loc[-1]
            allowed = _allowed_keys(error, loc[:-1], parsed)
            out.append(parsed.problem("criteria-unknown-key", loc, key=True,
                                      hint=hint(_close(key, allowed)), name=key))
        elif kind == "missing":
            if loc in suggested:
                continue
            out.append(parsed.problem("criteria-missing-key", loc[:-1], key=True, name=loc[-1]))
        else:
            out.append(parsed.problem("criteria-structure", loc, key=False, detail=err["msg"]))
    return out


_KNOWN_KEYS = {
    "": ["schema_version", "ruleset", "unit_types", "facts", "constraints", "exclusions", "criteria"],
    "ruleset": ["id", "instrument", "short", "effective_from", "effective_to", "pack"],
    "unit_types": ["id", "label", "description", "aliases", "article", "window", "facts", "rollup"],
    "rollup": ["of", "link", "total", "registered", "recognised"],
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
