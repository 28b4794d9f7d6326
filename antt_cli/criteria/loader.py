"""Load criteria files (YAML) into a CriteriaSet: validated, compiled, ready to evaluate.

    files → parse (yamlsrc) → check against the file format (fileformat, pydantic)
          → rule sets and their vocabularies → unit types, facts, conditions compiled (conditions)
          → provincial packs layered on → CriteriaSet (model)

Every problem in every file is collected and raised together as a CriteriaError, each located
(file, line, column) and naming the criterion or fact concerned.
"""

from __future__ import annotations

import datetime as dt
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from antt_cli.criteria import fileformat as ff
from antt_cli.criteria.conditions import Compiler, number_paths
from antt_cli.criteria.files import HEADER_FIELDS, HEADER_PARTS, bundled_criteria_dir, criteria_paths_found
from antt_cli.criteria.messages import MESSAGES
from antt_cli.criteria.model import (
    Citation, CitationStyle, CompiledConstraint, CompiledCriterion, CompiledExclusion, CriteriaSet, EnumValue,
    FactSpec, HeaderField, PackLayer, Period, Rollup, RuleSet, Text, UnitType, Vocabulary, month_day, text_of)
from antt_cli.limits import DEFAULT, Limits
from antt_cli.problems import CriteriaError, InputError, Problem
from antt_cli.text import closest, template_fields
from antt_cli.words import hint
from antt_cli.yamlsrc import Parsed, load_file

def criteria_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    files, bad = criteria_paths_found(paths)
    codes = {"empty": "criteria-empty", "missing": "criteria-not-found"}
    return files, [MESSAGES.problem(path, codes[why], path=path) for path, why in bad]


def load_criteria(paths: Iterable[str | os.PathLike[str]] | None = None, *, limits: Limits = DEFAULT) -> CriteriaSet:
    """Load and check criteria from files or folders (default: the bundled national set), without the
    cache (`antt_cli.criteria.load_criteria` is the same, through the compiled-criteria cache).

    Files whose `ruleset.pack` is set are provincial packs: they are layered on the national
    files, whatever the order of the paths."""
    criteria, problems, _ = load_all(paths, limits=limits)
    if problems or criteria is None:
        raise CriteriaError(problems)
    return criteria


@dataclass
class Loaded:
    """What loading saw, for the authoring checks (antt_cli.criteria.check)."""

    files: list[tuple[Parsed, ff.CriteriaFile]] = field(default_factory=list)
    versions: dict[str, list[UnitType]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    packs: list[PackLayer] = field(default_factory=list)
    rulesets: dict[str, tuple[RuleSet, Parsed]] = field(default_factory=dict)  # id → (rule set, first file)
    problems: list[Problem] = field(default_factory=list)
    rollups: list[tuple[Parsed, tuple[Any, ...], UnitType]] = field(default_factory=list)  # checked at the end


def load_all(paths: Iterable[str | os.PathLike[str]] | None = None, *, limits: Limits = DEFAULT,
             ) -> tuple[CriteriaSet | None, list[Problem], Loaded]:
    """Like load_criteria, but returns every problem instead of raising, and what was loaded
    (the parsed files and their models) for further checks."""
    files, problems = criteria_files(paths if paths is not None else [bundled_criteria_dir()])
    loaded = Loaded(problems=problems)
    for f in files:
        _read(f, loaded, limits)
    for parsed, model in loaded.files:
        _ruleset(parsed, model, loaded)
    for parsed, model in loaded.files:
        if model.vocabulary is not None:
            _vocabulary(parsed, model, loaded)
    _find_vocabularies(files, loaded, limits)
    _require_vocabularies(loaded)
    for parsed, model in loaded.files:
        if model.ruleset.id not in loaded.rulesets:
            continue  # its rule set block is incomplete (reported)
        if not model.ruleset.pack:
            _compile_file(parsed, model, loaded)
    for parsed, model in loaded.files:
        if model.ruleset.pack and model.ruleset.id in loaded.rulesets:
            _apply_pack(parsed, model, loaded)
    _check_rollups(loaded)
    result = None if loaded.problems else CriteriaSet(loaded.versions, loaded.sources, loaded.packs)
    return result, loaded.problems, loaded


def _rel(path: Path) -> str:
    """A criteria file is named as the user gave it (a folder's files under the folder as given)."""
    return str(path)


_FOUND = {"str": {"vi": "một chuỗi ký tự", "en": "text"}, "list": {"vi": "một danh sách", "en": "a list"},
          "NoneType": {"vi": "một tệp rỗng", "en": "an empty file"}}


def _read(path: Path, loaded: Loaded, limits: Limits) -> None:
    from pydantic import ValidationError

    source = _rel(path)
    try:
        parsed = load_file(str(path), display=source, limits=limits)
    except InputError as e:
        loaded.problems += e.problems
        return
    if not isinstance(parsed.data, dict):
        found = type(parsed.data).__name__
        loaded.problems.append(MESSAGES.problem(source, "root-not-mapping", line=1, col=1, found=_FOUND.get(found, found)))
        return
    try:
        model = ff.CriteriaFile.model_validate(parsed.data)
    except ValidationError as e:
        loaded.problems += structure_problems(e, parsed)
        return
    loaded.sources.append(source)
    loaded.files.append((parsed, model))


def _ruleset(parsed: Parsed, model: ff.CriteriaFile, loaded: Loaded) -> None:
    rs = model.ruleset
    if rs.instrument is None and rs.effective_from is None and not model.unit_types:
        return  # a vocabulary file naming its rule set by id
    missing = [k for k in ("instrument", "effective_from") if getattr(rs, k) is None]
    for k in missing:
        loaded.problems.append(MESSAGES.at(parsed, "criteria-missing-key", ("ruleset",), key=True, name=k))
    if missing:
        return
    assert rs.effective_from is not None
    if rs.effective_to is not None and rs.effective_to < rs.effective_from:
        loaded.problems.append(MESSAGES.at(parsed, "ruleset-dates", ("ruleset", "effective_to"),
                                           to=rs.effective_to.isoformat(), start=rs.effective_from.isoformat()))
    first = loaded.rulesets.get(rs.id)
    if first is None:
        loaded.rulesets[rs.id] = (RuleSet(rs.id, text_of(rs.instrument), rs.short, rs.effective_from, rs.effective_to,
                                          rs.pack), parsed)
        return
    other, where = first
    mine = RuleSet(rs.id, text_of(rs.instrument), rs.short, rs.effective_from, rs.effective_to, rs.pack)
    for what in ("instrument", "short", "effective_from", "effective_to", "pack"):
        if getattr(mine, what) != getattr(other, what):
            loaded.problems.append(MESSAGES.at(parsed, "ruleset-mismatch", ("ruleset", what), id=rs.id,
                                               what=f"{what} ({where.source})"))


def _vocabulary(parsed: Parsed, model: ff.CriteriaFile, loaded: Loaded) -> None:
    found = loaded.rulesets.get(model.ruleset.id)
    if found is None:
        return  # words of a rule set none of whose criteria are loaded: nothing to attach them to
    rs = found[0]
    v = model.vocabulary
    assert v is not None
    if rs.vocabulary is not None:
        loaded.problems.append(MESSAGES.at(parsed, "vocabulary-twice", ("vocabulary",), key=True, id=rs.id,
                                           first=rs.vocabulary.source))
        return
    ok = True

    def template(text: str, path: tuple[Any, ...], allowed: set[str]) -> None:
        nonlocal ok
        try:
            names = template_fields(text)
        except ValueError as e:
            names, ok = [], False
            loaded.problems.append(MESSAGES.at(parsed, "vocabulary-template", path, template=text,
                                               detail=f"{{{e}}}"))
        for name in names:
            if name not in allowed:
                ok = False
                loaded.problems.append(MESSAGES.at(parsed, "vocabulary-template", path, template=text,
                                                   detail=f"{{{name}}} ∉ {{{', '.join(sorted(allowed))}}}"))

    citation = {}
    for lang, style in v.citation.items():
        base = ("vocabulary", "citation", lang)
        for i, part in enumerate(style.parts):
            template(part, base + ("parts", i), {"article", "clause", "point"})
        template(style.full, base + ("full",), {"ref", "instrument", "short"})
        citation[lang] = CitationStyle(tuple(style.parts), style.sep, style.full)
    periods = {}
    for pid, p in v.periods.items():
        path = ("vocabulary", "periods", pid)
        try:
            start, end = month_day(p.from_), month_day(p.to)
        except ValueError:
            ok = False
            loaded.problems.append(MESSAGES.at(parsed, "window-invalid", path, value=f"{p.from_} … {p.to}"))
            continue
        for lang in ("vi", "en"):
            text = getattr(p.label, lang)
            if text:
                template(text, path + ("label", lang), {"year"})
        periods[pid] = Period(pid, start, end, text_of(p.label))  # type: ignore[arg-type]
    header = {}
    for name, h in v.header.items():
        if name not in HEADER_FIELDS:
            ok = False
            loaded.problems.append(MESSAGES.at(parsed, "vocabulary-header", ("vocabulary", "header", name), key=True,
                                               name=name, choices=", ".join(HEADER_FIELDS),
                                               hint=hint(closest(name, HEADER_FIELDS))))
            continue
        parts = {}
        for part, p in h.fields.items():
            if part not in HEADER_PARTS.get(name, ()):
                ok = False
                known = HEADER_PARTS.get(name, ())
                loaded.problems.append(MESSAGES.at(parsed, "vocabulary-header", ("vocabulary", "header", name, "fields", part),
                                                   key=True, name=part, choices=", ".join(known) or "—",
                                                   hint=hint(closest(part, known))))
                continue
            parts[part] = HeaderField(part, text_of(p.label), text_of(p.help), tuple(p.aliases))  # type: ignore[arg-type]
        header[name] = HeaderField(name, text_of(h.label), text_of(h.help), tuple(h.aliases), parts)  # type: ignore[arg-type]
    if ok:
        rs.vocabulary = Vocabulary(text_of(v.standard), citation, periods, header,  # type: ignore[arg-type]
                                   {k: text_of(t) for k, t in v.forms.items()},  # type: ignore[misc]
                                   source=parsed.source)


def _find_vocabularies(files: list[Path], loaded: Loaded, limits: Limits) -> None:
    """A rule set whose vocabulary was not among the files given takes it from a vocabulary file
    beside them (checking one file of a folder), else — for a rule set of the bundled criteria
    (a copy being edited) — from the bundled vocabulary file."""
    wanting = {rid for rid, (rs, _) in loaded.rulesets.items() if rs.vocabulary is None and not rs.pack}
    if not wanting:
        return
    given = {f.resolve() for f in files}
    folders = list(dict.fromkeys(f.resolve().parent for f in files)) + [bundled_criteria_dir().resolve()]
    for folder in folders:
        for candidate in sorted(folder.glob("*.y*ml")):
            if not wanting:
                return
            if candidate.resolve() in given or not _declares_vocabulary(candidate):
                continue
            before = len(loaded.files)
            _read(candidate, loaded, limits)
            if len(loaded.files) == before:
                continue
            parsed, model = loaded.files[-1]
            if model.ruleset.id not in wanting or model.unit_types or model.vocabulary is None:
                loaded.files.pop()
                loaded.sources.pop()
                continue
            _ruleset(parsed, model, loaded)
            _vocabulary(parsed, model, loaded)
            wanting.discard(model.ruleset.id)


def _declares_vocabulary(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(64 * 1024)
    except OSError:
        return False
    return b"\nvocabulary:" in head


def _require_vocabularies(loaded: Loaded) -> None:
    """Every national rule set that has unit types needs its vocabulary; a pack without one uses the
    vocabulary of the national rule set its criteria are compiled against."""
    reported: set[str] = set()
    for parsed, model in loaded.files:
        found = loaded.rulesets.get(model.ruleset.id)
        if found is None:
            continue
        rs = found[0]
        if model.ruleset.pack or not model.unit_types or rs.vocabulary is not None or rs.id in reported:
            continue
        if any(p.code.startswith("vocabulary-") for p in loaded.problems):
            continue  # a broken vocabulary was reported where it is
        reported.add(rs.id)
        example = os.path.join(os.path.dirname(parsed.source), "vocabulary.yaml")
        loaded.problems.append(MESSAGES.at(parsed, "vocabulary-missing", ("ruleset",), key=True, id=rs.id,
                                           example=example))


def _fact_spec(name: str, decl: ff.FactDecl) -> FactSpec:
    fields = {n: _fact_spec(n, f) for n, f in (decl.fields or {}).items()}
    values = [EnumValue(v.id, text_of(v.label)) for v in (decl.values or [])]  # type: ignore[arg-type]
    return FactSpec(name, decl.type, text_of(decl.label), text_of(decl.help), text_of(decl.unit),  # type: ignore[arg-type]
                    decl.min, decl.max, values, decl.ordered, decl.judgement, decl.required, fields,
                    text_of(decl.none), decl.previous_year_of)


def _citation(c: ff.Citation | None) -> Citation | None:
    if c is None:
        return None
    return Citation(c.article, c.clause, c.point, text_of(c.instrument))


def _report(loaded: Loaded):  # type: ignore[no-untyped-def]
    return loaded.problems.append


def _compile_file(parsed: Parsed, model: ff.CriteriaFile, loaded: Loaded) -> None:
    rs, _ = loaded.rulesets[model.ruleset.id]
    type_ids = [u.id for u in model.unit_types]
    periods = rs.vocabulary.periods if rs.vocabulary else None  # None: unknown (vocabulary-missing is reported)
    reported: set[str] = set()

    def once(p: Problem) -> None:  # a file's shared facts are checked for each of its unit types
        if p.render("en") not in reported:
            reported.add(p.render("en"))
            loaded.problems.append(p)

    for i, decl in enumerate(model.unit_types):
        missing = [k for k in ("label", "window") if getattr(decl, k) is None]
        for k in missing:
            loaded.problems.append(MESSAGES.at(parsed, "criteria-missing-key", ("unit_types", i), key=True, name=k))
        if missing:
            continue
        assert decl.window is not None and decl.label is not None
        window = []
        for end in ("from", "to"):
            raw = getattr(decl.window, "from_" if end == "from" else "to")
            try:
                window.append(month_day(raw))
            except ValueError:
                loaded.problems.append(MESSAGES.at(parsed, "window-invalid", ("unit_types", i, "window", end), value=raw))
                window.append((1, 1))
        facts = {n: _fact_spec(n, f) for n, f in model.facts.items()}
        facts.update({n: _fact_spec(n, f) for n, f in decl.facts.items()})
        ut = UnitType(decl.id, text_of(decl.label), text_of(decl.description), list(decl.aliases),  # type: ignore[arg-type]
                      decl.article, window[0], window[1], rs, facts, files=[parsed.source])
        if decl.rollup is not None:
            r = decl.rollup
            ut.rollup = Rollup(tuple(r.of), r.link, r.total, r.registered, r.recognised, r.registration,
                               r.managed_by.fact if r.managed_by else None, r.managed_by.value if r.managed_by else None,
                               text_of(r.note))
            loaded.rollups.append((parsed, ("unit_types", i, "rollup"), ut))
            for role in ("total", "registered", "recognised"):
                name = getattr(r, role)
                if facts.get(name) is None or facts[name].type != "integer":
                    loaded.problems.append(MESSAGES.at(
                        parsed, "cond-unknown-fact", ("unit_types", i, "rollup", role), fact=name, unit_type=decl.id,
                        hint=hint(closest(name, [n for n, f in facts.items() if f.type == "integer"]))))
        sources = {n: parsed.where(("facts", n), key=True)[0] for n in model.facts}
        sources.update({n: parsed.where(("unit_types", i, "facts", n), key=True)[0] for n in decl.facts})
        ut.fact_sources = {n: f"{parsed.source}:{line}" for n, line in sources.items()}
        declared = [(("facts", n), n) for n in model.facts] + [(("unit_types", i, "facts", n), n) for n in decl.facts]
        check_previous_year(facts, declared, decl.id, parsed, once)
        comp = Compiler(facts, decl.id, parsed, _report(loaded), periods)
        ut.constraints += _constraints(model, comp)
        for j, x in enumerate(model.exclusions):
            if not _for_type(x.unit_types, decl.id, type_ids, ("exclusions", j, "unit_types"), parsed, loaded):
                continue
            node = comp.compile(x.if_, ("exclusions", j, "if"))
            if node is not None:
                ut.exclusions.append(CompiledExclusion(x.id, node, text_of(x.reason), _citation(x.citation),  # type: ignore[arg-type]
                                                       text_of(x.note)))
        ut.criteria += _criteria(parsed, model, comp, decl.id, type_ids, loaded, {}, rs)
        _add_version(ut, parsed, ("unit_types", i), loaded)


# fact types a `previous_year_of` may carry from one year's record to the next (one value each)
CARRIED_TYPES = ("integer", "number", "boolean", "date", "enum", "text")


def check_previous_year(facts: dict[str, FactSpec], declared: list[tuple[tuple[Any, ...], str]], tid: str,
                        parsed: Parsed, report: Any) -> None:
    """`previous_year_of: crimes` on `crimes_previous_year`: the fact named exists in the unit type, is
    not the fact itself nor last year's value of yet another fact, and holds the same kind of value."""
    for path, name in declared:
        spec = facts.get(name)
        source = spec.previous_year_of if spec is not None else None
        if source is None:
            continue
        at = path + ("previous_year_of",)
        other = facts.get(source)
        if spec.type not in CARRIED_TYPES:
            report(MESSAGES.at(parsed, "previous-year-kind", at, type=spec.type, kinds=", ".join(CARRIED_TYPES)))
        elif source == name:
            report(MESSAGES.at(parsed, "previous-year-self", at, fact=name))
        elif other is None:
            report(MESSAGES.at(parsed, "previous-year-unknown", at, fact=source, unit_type=tid,
                               hint=hint(closest(source, [n for n, f in facts.items() if f.type == spec.type and n != name]))))
        elif other.previous_year_of:
            report(MESSAGES.at(parsed, "previous-year-chain", at, fact=source, other=other.previous_year_of))
        elif other.type != spec.type:
            report(MESSAGES.at(parsed, "previous-year-type", at, fact=source, source_type=other.type, name=name,
                               type=spec.type))
        elif spec.type == "enum" and list(other.rank) != list(spec.rank):
            report(MESSAGES.at(parsed, "previous-year-values", at, fact=source, name=name))


def _check_rollups(loaded: Loaded) -> None:
    """A roll-up's unit types exist; each has the registration date fact; where one has the fact saying
    who manages it, it is an enumeration holding the parent's value."""
    for parsed, path, ut in loaded.rollups:
        r = ut.rollup
        assert r is not None
        for k, tid in enumerate(r.of):
            versions = [v for v in loaded.versions.get(tid, []) if v.ruleset.id == ut.ruleset.id]
            if not versions:
                loaded.problems.append(MESSAGES.at(parsed, "cond-unknown-unit-type", path + ("of", k), value=tid))
                continue
            child = versions[0]
            if r.registration is not None:
                spec = child.facts.get(r.registration)
                if spec is None or spec.type != "date":
                    loaded.problems.append(MESSAGES.at(
                        parsed, "cond-unknown-fact", path + ("registration",), fact=r.registration, unit_type=tid,
                        hint=hint(closest(r.registration, [n for n, f in child.facts.items() if f.type == "date"]))))
            if r.managed_fact is not None and r.managed_fact in child.facts:
                spec = child.facts[r.managed_fact]
                if spec.type != "enum" or r.managed_value not in spec.rank:
                    from antt_cli.criteria.conditions.base import not_in

                    loaded.problems.append(MESSAGES.at(parsed, "cond-value", path + ("managed_by", "value"),
                                                       fact=r.managed_fact, type=spec.type,
                                                       detail=not_in(r.managed_value, spec.rank)))


def _constraints(model: ff.CriteriaFile, comp: Compiler) -> list[CompiledConstraint]:
    out = []
    for j, c in enumerate(model.constraints):
        node = comp.compile(c.check, ("constraints", j, "check"))
        if node is not None:
            out.append(CompiledConstraint(c.id, node, text_of(c.message)))  # type: ignore[arg-type]
    return out


def _criteria(parsed: Parsed, model: ff.CriteriaFile, comp: Compiler, tid: str, type_ids: list[str], loaded: Loaded,
              taken: dict[str, str], cited_by: RuleSet) -> list[CompiledCriterion]:
    """Compile the criteria of a file that apply to unit type `tid`. `taken`: ids already used
    (→ the place they were defined), for packs that must not reuse a national id. `cited_by`: the
    rule set whose vocabulary writes the citations."""
    rs, _ = loaded.rulesets[model.ruleset.id]
    out = []
    seen: dict[str, tuple[Any, ...]] = {}
    pack = model.ruleset.pack
    for j, c in enumerate(model.criteria):
        if not _for_type(c.unit_types, tid, type_ids, ("criteria", j, "unit_types"), parsed, loaded):
            continue
        if c.id in seen:
            line = parsed.where(seen[c.id])[0]
            loaded.problems.append(MESSAGES.at(parsed, "duplicate-id", ("criteria", j, "id"), id=c.id,
                                               first=f"{parsed.source}:{line}"))
            continue
        seen[c.id] = ("criteria", j, "id")
        if c.id in taken:
            loaded.problems.append(MESSAGES.at(parsed, "pack-redefines-criterion", ("criteria", j, "id"), pack=pack,
                                               id=c.id, type=tid, first=taken[c.id]))
            continue
        cond = comp.compile(c.condition, ("criteria", j, "condition"))
        applies = comp.compile(c.applies_if, ("criteria", j, "applies_if")) if c.applies_if else None
        if cond is None or (c.applies_if and applies is None):
            continue
        number_paths(cond, "condition")
        if applies is not None:
            number_paths(applies, "applies_if")
        line = parsed.where(("criteria", j))[0]
        citation = _citation(c.citation)
        assert citation is not None
        if pack and citation.instrument is None:
            # a pack criterion is cited against the pack's instrument, never the national one
            name = Text(rs.short, rs.short) if rs.short else rs.instrument
            from dataclasses import replace

            citation = replace(citation, instrument=name)
        out.append(CompiledCriterion(
            c.id, citation, text_of(c.citation.instrument) or rs.instrument, rs.short_name,  # type: ignore[arg-type]
            text_of(c.title), cond, applies, text_of(c.not_applicable), text_of(c.note),  # type: ignore[arg-type]
            f"{parsed.source}:{line}", pack, cited_by))
    return out


def _for_type(listed: list[str] | None, tid: str, defined: list[str], path: tuple[Any, ...], parsed: Parsed,
              loaded: Loaded) -> bool:
    if listed is None:
        return True
    for k, name in enumerate(listed):
        if name not in defined:
            loaded.problems.append(MESSAGES.at(parsed, "cond-unknown-unit-type", path + (k,), value=name))
    return tid in listed


def _add_version(ut: UnitType, parsed: Parsed, path: tuple[Any, ...], loaded: Loaded) -> None:
    versions = loaded.versions.setdefault(ut.id, [])
    for other in versions:
        a, b = ut.ruleset, other.ruleset
        if a.id == b.id:
            loaded.problems.append(MESSAGES.at(parsed, "duplicate-id", path + ("id",), id=ut.id, first=other.files[0]))
            return
        a_end = a.effective_to or dt.date.max
        b_end = b.effective_to or dt.date.max
        if a.effective_from <= b_end and b.effective_from <= a_end:
            loaded.problems.append(MESSAGES.at(parsed, "ruleset-overlap", ("ruleset",), type=ut.id,
                                               other=f"{b.id} ({other.files[0]})"))
            return
    versions.append(ut)
    versions.sort(key=lambda u: u.ruleset.effective_from)


def _apply_pack(parsed: Parsed, model: ff.CriteriaFile, loaded: Loaded) -> None:
    """Compile a provincial pack against the national versions it overlaps."""
    rs, _ = loaded.rulesets[model.ruleset.id]
    pack = rs.pack
    seen_problems: set[str] = set()

    def report(p: Problem) -> None:
        text = p.render("en")
        if text not in seen_problems:  # one pack compiled against several versions: report once
            seen_problems.add(text)
            loaded.problems.append(p)

    def fail(code: str, path: tuple[Any, ...], key: bool = False, **params: Any) -> None:
        report(MESSAGES.at(parsed, code, path, key=key, **params))

    if not loaded.versions:
        fail("national-pack-missing", (), folder=os.path.dirname(parsed.source) or parsed.source, pack=pack)
        return
    for j, _ in enumerate(model.exclusions):
        fail("pack-exclusion", ("exclusions", j), key=True)
    type_ids = [u.id for u in model.unit_types]
    for i, decl in enumerate(model.unit_types):
        for k in ("label", "description", "article", "window"):
            if getattr(decl, k) is not None:
                fail("pack-redefines-unit-type", ("unit_types", i, k), key=True, pack=pack, type=decl.id, name=k)
        if decl.aliases:
            fail("pack-redefines-unit-type", ("unit_types", i, "aliases"), key=True, pack=pack, type=decl.id,
                 name="aliases")
        versions = loaded.versions.get(decl.id)
        if not versions:
            fail("pack-unknown-unit-type", ("unit_types", i, "id"), pack=pack, value=decl.id,
                 hint=hint(closest(decl.id, list(loaded.versions))))
            continue
        start, end = rs.effective_from, rs.effective_to or dt.date.max
        overlapping = [v for v in versions if v.ruleset.effective_from <= end
                       and start <= (v.ruleset.effective_to or dt.date.max)]
        if not overlapping:
            fail("pack-no-version", ("ruleset", "effective_from"), pack=pack, type=decl.id,
                 start=start.isoformat(), end=rs.effective_to.isoformat() if rs.effective_to else "…")
            continue
        layer = PackLayer(pack or "", rs, decl.id, files=[parsed.source])
        declared = [(("facts", n), n, f) for n, f in model.facts.items()]
        declared += [(("unit_types", i, "facts", n), n, f) for n, f in decl.facts.items()]
        for path, name, f in declared:
            national = next((v for v in versions if name in v.facts), None)
            earlier = next((p for p in loaded.packs if p.type_id == decl.id and name in p.facts), None)
            if national is not None:
                fail("pack-redefines-fact", path, key=True, pack=pack, fact=name, type=decl.id,
                     first=national.fact_sources.get(name, national.files[0]))
            elif earlier is not None:
                fail("duplicate-id", path, key=True, id=name, first=earlier.files[0])
            else:
                layer.facts[name] = _fact_spec(name, f)
        for v in overlapping:
            check_previous_year({**v.facts, **layer.facts}, [(p, n) for p, n, _ in declared if n in layer.facts],
                                decl.id, parsed, report)
        taken = {c.id: c.source for v in versions for c in v.criteria}
        taken.update({c.id: c.source for p in loaded.packs if p.type_id == decl.id
                      for cs in p.criteria.values() for c in cs})
        for v in overlapping:
            periods = dict(v.ruleset.vocabulary.periods if v.ruleset.vocabulary else {})
            if rs.vocabulary is not None:
                periods.update(rs.vocabulary.periods)
            comp = Compiler({**v.facts, **layer.facts}, decl.id, parsed, report, periods)
            layer.constraints[v.ruleset.id] = _constraints(model, comp)
            cited_by = rs if rs.vocabulary is not None else v.ruleset
            layer.criteria[v.ruleset.id] = _criteria(parsed, model, comp, decl.id, type_ids, loaded, taken, cited_by)
        loaded.packs.append(layer)


# ----------------------------------------------------------------------------- structure problems


def structure_problems(error: Any, parsed: Parsed) -> list[Problem]:
    """pydantic errors on a criteria file → located problems, with suggestions for misspelt keys."""
    out: list[Problem] = []
    errors = []
    for err in error.errors():
        loc = tuple(x for x in err["loc"] if not _generated(x))
        errors.append((loc, err))
    # a misspelt key is reported once, with its suggestion, not also as the key that is missing
    suggested = set()
    for loc, err in errors:
        if err["type"] == "extra_forbidden" and loc:
            guess = closest(loc[-1], allowed_keys(loc[:-1]))
            if guess:
                suggested.add(loc[:-1] + (guess,))
    for loc, err in errors:
        kind = err["type"]
        if kind == "extra_forbidden" and loc:
            key = loc[-1]
            out.append(MESSAGES.at(parsed, "criteria-unknown-key", loc, key=True,
                                   hint=hint(closest(key, allowed_keys(loc[:-1]))), name=key))
        elif kind == "missing" and loc:
            if loc in suggested:
                continue
            out.append(MESSAGES.at(parsed, "criteria-missing-key", loc[:-1], key=True, name=loc[-1]))
        else:
            out.append(MESSAGES.at(parsed, "criteria-structure", loc, detail=err["msg"][:300]))
    return out


def _generated(part: Any) -> bool:
    """A part of a pydantic error location that names a validator or a union member, not a key."""
    return isinstance(part, str) and part.startswith(("function-", "literal[", "union[", "tagged-union["))


def allowed_keys(parent: tuple[Any, ...]) -> list[str]:
    """The keys the file format allows at `parent` (a path in a criteria file), read from the pydantic
    models themselves, so the suggestions never drift from the format."""
    model: Any = ff.CriteriaFile
    skip_key = False
    for part in parent:
        if skip_key:  # a key of a dict[str, Model]
            skip_key = False
            continue
        if isinstance(part, int):
            continue
        fields = _fields(model)
        if part not in fields:
            return []
        model, skip_key = _inner(fields[part])
        if model is None:
            return []
    if skip_key:
        return []
    return list(_fields(model)) if model is not None else []


def _fields(model: Any) -> dict[str, Any]:
    out = {}
    for name, info in getattr(model, "model_fields", {}).items():
        out[info.alias or name] = info.annotation
    return out


def _inner(annotation: Any) -> tuple[Any, bool]:
    """The model inside an annotation (X | None, list[X], dict[str, X]), and whether a dict key comes first."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                return _inner(arg)
        return None, False
    if origin is list:
        return _inner(typing.get_args(annotation)[0])
    if origin is dict:
        inner, _ = _inner(typing.get_args(annotation)[1])
        return inner, True
    return (annotation, False) if hasattr(annotation, "model_fields") else (None, False)
