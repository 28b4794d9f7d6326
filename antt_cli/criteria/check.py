"""`antt criteria check`: every problem of a set of criteria files, located.

The loader (antt_cli.criteria.loader) already reports what would make evaluation wrong:
structure, duplicate keys and ids, undeclared facts, operators that do not fit a fact's type,
percentages outside 0–100, windows that do not exist, overlapping rule sets, pack conflicts.
This module adds the authoring rules that do not change a result but make the criteria
trustworthy: well-formed citations, Vietnamese and English text, fact bounds, and — for a
whole national set — the unit types it must cover and gaps between dated rule sets.

    from antt_cli.criteria.check import check_criteria
    criteria, problems = check_criteria(["criteria"])
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any, Iterable

from antt_cli.criteria.loader import Loaded, bundled_criteria_dir, load_all
from antt_cli.criteria.messages import MESSAGES
from antt_cli.criteria.model import CriteriaSet
from antt_cli.problems import Problem, sorted_problems
from antt_cli.text import has_control, printable
from antt_cli.yamlsrc import Parsed

# a point of a clause is one Vietnamese letter: a, b, c, d, đ, e, g, h, i, k, l, m, n, o, p, q, r, s, t, u, v, x, y
_POINT = re.compile(r"^[a-zđ]$")
_REQUIRED_FILE = Path(__file__).with_name("national.yaml")


def required_unit_types() -> list[str]:
    """The unit types a national set must cover (data: antt_cli/criteria/national.yaml)."""
    from antt_cli.yamlsrc import load_file

    data = load_file(str(_REQUIRED_FILE)).data or {}
    return [str(t) for t in data.get("unit_types", [])]


def check_criteria(paths: Iterable[str | os.PathLike[str]] | None = None, *,
                   whole_set: bool | None = None) -> tuple[CriteriaSet | None, list[Problem]]:
    """Load and check criteria; return the set (None if it cannot be used) and every problem.

    `whole_set`: also check what only a complete national set can satisfy (every required unit
    type covered, no gap between dated rule sets). Default: when no path or a folder is given."""
    paths = list(paths) if paths is not None else None
    if whole_set is None:
        whole_set = paths is None or any(Path(p).is_dir() for p in paths)
    criteria, problems, loaded = load_all(paths)
    for parsed, model in loaded.files:
        problems += _lint_file(parsed, model)
    if whole_set and loaded.files:
        problems += _lint_set(loaded, paths)
    problems = sorted_problems(problems)
    return (None if problems else criteria), problems


def _lint_file(parsed: Parsed, model: Any) -> list[Problem]:
    out: list[Problem] = []
    national = not model.ruleset.pack

    def text(value: Any, path: tuple[Any, ...], what: str | None) -> None:
        """`what`: the English is required in the national set (a title or a label)."""
        if value is None:
            return
        if not value.vi.strip():
            out.append(MESSAGES.at(parsed, "text-blank", path + ("vi",)))
        if national and what and not (value.en or "").strip():
            out.append(MESSAGES.at(parsed, "text-missing-en", path, what=what))
        for lang in ("vi", "en"):
            t = getattr(value, lang) or ""
            if has_control(t.replace("\n", "")):
                bad = next(ch for ch in t if has_control(ch) and ch != "\n")
                out.append(MESSAGES.at(parsed, "text-control", path + (lang,), char=printable(bad)))

    def citation(c: Any, path: tuple[Any, ...]) -> None:
        if c is None:
            return
        if c.point is not None and not _POINT.match(str(c.point)):
            out.append(MESSAGES.at(parsed, "citation-point", path + ("point",), point=c.point))
        if c.point is not None and c.clause is None:
            out.append(MESSAGES.at(parsed, "citation-point-without-clause", path + ("point",), point=c.point))
        text(c.instrument, path + ("instrument",), None)

    def facts(decls: dict[str, Any], path: tuple[Any, ...]) -> None:
        for name, f in decls.items():
            p = path + (name,)
            text(f.label, p + ("label",), _what("label", name))
            for key in ("help", "unit"):
                text(getattr(f, key), p + (key,), None)
            if f.min is not None and f.max is not None and f.min > f.max:
                out.append(MESSAGES.at(parsed, "fact-bounds", p + ("min",), min=f.min, max=f.max))
            for k, v in enumerate(f.values or []):
                text(v.label, p + ("values", k, "label"), _what("label", f"{name}.{v.id}"))
            facts(f.fields or {}, p + ("fields",))

    rs = model.ruleset
    text(rs.instrument, ("ruleset", "instrument"), _what("instrument", rs.id))
    for i, u in enumerate(model.unit_types):
        text(u.label, ("unit_types", i, "label"), _what("label", u.id))
        text(u.description, ("unit_types", i, "description"), None)
        facts(u.facts, ("unit_types", i, "facts"))
    facts(model.facts, ("facts",))
    for j, c in enumerate(model.constraints):
        text(c.message, ("constraints", j, "message"), None)
    for j, x in enumerate(model.exclusions):
        citation(x.citation, ("exclusions", j, "citation"))
        text(x.reason, ("exclusions", j, "reason"), _what("reason", x.id))
        text(x.note, ("exclusions", j, "note"), None)
    for j, c in enumerate(model.criteria):
        citation(c.citation, ("criteria", j, "citation"))
        text(c.title, ("criteria", j, "title"), _what("title", c.id))
        text(c.not_applicable, ("criteria", j, "not_applicable"), None)
        text(c.note, ("criteria", j, "note"), None)
    return out


def _what(kind: str, name: str) -> dict[str, str]:
    vi = {"label": "nhãn", "title": "tên tiêu chí", "reason": "lý do", "instrument": "văn bản"}[kind]
    return {"vi": f"{vi} '{name}'", "en": f"the {kind} of '{name}'"}


def _lint_set(loaded: Loaded, paths: list[Any] | None) -> list[Problem]:
    """Checks of a whole national set: required unit types, and no gap between rule sets."""
    out: list[Problem] = []
    national = [(parsed, model) for parsed, model in loaded.files if not model.ruleset.pack]
    if not national:
        return out
    declared = {u.id for _, model in national for u in model.unit_types}
    required = required_unit_types()
    where = _set_name(national, paths)
    for tid in required:
        if tid not in declared:
            out.append(MESSAGES.problem(where, "national-missing-type", type=tid, required=", ".join(required)))
    for tid, versions in loaded.versions.items():
        for before, after in zip(versions, versions[1:]):
            end = before.ruleset.effective_to
            if end is not None and after.ruleset.effective_from > end + dt.timedelta(days=1):
                parsed = next(p for p, m in loaded.files if p.source == before.files[0])
                out.append(MESSAGES.at(
                    parsed, "ruleset-gap", ("ruleset", "effective_to"), type=tid,
                    start=(end + dt.timedelta(days=1)).isoformat(),
                    end=(after.ruleset.effective_from - dt.timedelta(days=1)).isoformat(),
                    before=before.ruleset.id, after=after.ruleset.id))
    return out


def _set_name(national: list[tuple[Parsed, Any]], paths: list[Any] | None) -> str:
    """Where a set-level problem is reported: the folder of the national files."""
    folders = {os.path.dirname(p.source) for p, _ in national}
    if len(folders) == 1:
        return folders.pop() or "."
    if paths is None:
        return os.path.relpath(bundled_criteria_dir())
    return ", ".join(str(p) for p in paths)
