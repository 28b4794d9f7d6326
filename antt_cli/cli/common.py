"""What several commands share: which criteria to load, unit types named on the command line,
report targets (-o) checked before any work starts, printing problems."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from antt_cli.cli.errors import WORDS, UsageError
from antt_cli.problems import InputError, Messages, Problem, sorted_problems

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.model import CriteriaSet

MESSAGES = Messages({
    "unknown-type": ("loại đơn vị không xác định '{value}'{hint}; các loại: {choices}",
                     "unknown unit type '{value}'{hint}; types: {choices}"),
    "no-ruleset": ("không có bộ tiêu chí nào cho '{type}' có hiệu lực vào ngày {date}",
                   "no rule set for '{type}' is in force on {date}"),
})


def criteria_paths(given: list[Path] | None) -> list[Path] | None:
    """The criteria to load: those given (flag, environment or antt.toml), else a `criteria/`
    folder here when it holds criteria files (a checkout being edited: check what is being edited,
    never the installed copy), else None — the criteria bundled with antt."""
    if given:
        return list(given)
    here = Path("criteria")
    if here.is_dir() and any(_is_criteria(p) for p in here.glob("*.y*ml")):
        return [here]
    return None


def _is_criteria(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return b"schema_version:" in head and b"ruleset:" in head


def load(given: list[Path] | None, *, verbose: bool = False, lang: str = "vi") -> Any:
    """Load the criteria (raises CriteriaError with every problem located)."""
    from antt_cli.criteria import load_criteria

    paths = criteria_paths(given)
    criteria = load_criteria(paths)
    if verbose:
        say(criteria_line(criteria, paths, lang))
    return criteria


def criteria_line(criteria: CriteriaSet, paths: list[Path] | None, lang: str) -> str:
    where = ", ".join(str(p) for p in paths) if paths else WORDS("bundled", lang)
    rulesets = ", ".join(rs.id for rs in criteria.rulesets()) + \
        ("".join(f" + {p}" for p in criteria.pack_names()) if criteria.pack_names() else "")
    return WORDS("criteria-used", lang, where=where, rulesets=rulesets)


def say(text: str) -> None:
    print(text, file=sys.stderr)


def print_problems(problems: Iterable[Problem], lang: str) -> None:
    for p in sorted_problems(list(problems)):
        print(p.render(lang), file=sys.stderr)


def field_labels(criteria: CriteriaSet, lang: str) -> dict[str, str]:
    """The labels of a record's header fields in the rule set's vocabulary ("Tên đơn vị"…), for reports."""
    ids = criteria.type_ids()
    vocab = criteria.latest(ids[0]).vocabulary if ids else None
    return {fid: h.label.pick(lang) for fid, h in vocab.header.items()} if vocab is not None else {}


def resolve_type(criteria: CriteriaSet, name: str) -> str:
    from antt_cli.words import hint

    tid = criteria.resolve_type(name)
    if tid is None:
        raise InputError([MESSAGES.problem("TYPE", "unknown-type", value=name, choices=", ".join(criteria.type_ids()),
                                           hint=hint(criteria.suggest_type(name)))])
    return tid


def unit_type(criteria: CriteriaSet, tid: str, year: int | None, as_of: dt.date | None, where: str = "--year") -> Any:
    """The version of `tid` in force (for a year or a date), else the latest; InputError if none."""
    if year is None and as_of is None:
        return criteria.latest(tid)
    ut = criteria.unit_type(tid, on=as_of, year=year)
    if ut is None:
        when = as_of or criteria.latest(tid).window(year)[1]
        raise InputError([MESSAGES.problem("--as-of" if as_of else where, "no-ruleset", type=tid,
                                           date=when.strftime("%d/%m/%Y"))])
    return ut


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    from antt_cli.records.model import to_date

    try:
        return to_date(value)
    except Exception:
        raise UsageError("bad-date", value=value) from None


# ----------------------------------------------------------------------------- report targets


def write_failed(e: OSError, target: str | None = None) -> UsageError:
    """A report that could not be written (a full disk; on Windows, a file open in Excel cannot be replaced)."""
    key = "write-denied" if isinstance(e, PermissionError) else "write-failed"
    return UsageError(key, target=target or e.filename or "", detail=e.strerror or str(e))


def unwritable(target: str) -> UsageError | None:
    """Why a report could not be written to `target` (checked before a long batch starts), or None."""
    if os.path.isdir(target):
        return UsageError("output-folder", target=target)
    if os.path.exists(target):
        return None if os.access(target, os.W_OK) else UsageError("output-denied", target=target)
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        return UsageError("output-no-folder", target=target, folder=folder)
    if not os.access(folder, os.W_OK):
        return UsageError("output-folder-denied", target=target, folder=folder)
    return None


def parse_outputs(outputs: list[str] | None, fmt: str, format_given: bool, *, inputs: list[str] = (),  # type: ignore[assignment]
                  allowed: list[str] | None = None) -> list[tuple[str, str | None]]:
    """`-o` values → (format, path or None for stdout): FORMAT=FILE, else the extension, else --format.
    A target that is an input, lies inside an input folder, or is named twice is refused."""
    from antt_cli.report import registry

    choices = allowed or registry.names(units=True)
    if not outputs:
        if registry.get(fmt) is not None and registry.get(fmt).folder:  # type: ignore[union-attr]
            raise UsageError("folder-format", fmt=fmt)
        return [(fmt, None)]
    out: list[tuple[str, str | None]] = []
    for value in outputs:
        if value.endswith(("/", "\\")) or (os.path.isdir(value) and "=" not in value and not format_given):
            out.append(("dossier", value))  # a folder: the whole dossier
            continue
        head, sep, tail = value.partition("=")
        if sep and head in registry.formats():
            if head not in choices:
                raise UsageError("format-not-here", fmt=head, choices=", ".join(choices))
            out.append((head, None if tail == "-" else tail))
            continue
        if value == "-":
            out.append((fmt, None))
            continue
        ext = os.path.splitext(value)[1].lower()
        found = registry.by_extension(ext) if ext else None
        given = registry.get(fmt) if format_given else None
        if given is not None and ext in given.extensions and given.name in choices:
            found = given  # --format xlsx-assessed -o ket-qua.xlsx: the format asked for, of those the extension allows
        if found is not None and found.name in choices and not (format_given and ext == ".txt" and found is not given):
            out.append((found.name, value))
        elif format_given:
            out.append((fmt, value))
        else:
            raise UsageError("output-format", target=value, choices=", ".join(choices))
    if sum(1 for _, t in out if t is None) > 1:
        raise UsageError("output-stdout-twice")
    for f, t in out:
        spec = registry.get(f)
        if spec is not None and spec.folder and t is None:
            raise UsageError("folder-format", fmt=f)
    check_targets([t for f, t in out if t is not None and not registry.get(f).folder], inputs)  # type: ignore[union-attr]
    for f, t in out:
        if t is not None and registry.get(f).folder:  # type: ignore[union-attr]
            check_folder(t, inputs)
    return out


def check_folder(folder: str, inputs: Iterable[str]) -> None:
    """A dossier folder: an existing folder, or one that can be made; never an input or inside one."""
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise UsageError("output-not-folder", target=folder)
    parent = os.path.dirname(os.path.abspath(folder.rstrip("/\\"))) or "."
    if not os.path.isdir(folder) and not os.path.isdir(parent):
        raise UsageError("output-no-folder", target=folder, folder=parent)
    for p in inputs:
        if os.path.isdir(p) and inside(folder, p):
            raise UsageError("output-in-input", target=folder, folder=p)


def check_document(kind: str) -> None:
    from antt_cli.report.dossier import document_kinds

    ids = [k["id"] for k in document_kinds()]
    if kind not in ids:
        raise UsageError("unknown-document", kind=kind, choices=", ".join(ids))


def pack_templates(criteria_given: list[Path] | None) -> str | None:
    """A provincial pack's own document templates: a `templates/` folder beside its criteria."""
    for p in criteria_paths(criteria_given) or []:
        folder = p if p.is_dir() else p.parent
        if (folder / "templates").is_dir():
            return str(folder / "templates")
    return None


def path_key(p: str, pathmod: Any = os.path) -> str:
    """How two names of one file compare: absolute, normalised, in the system's case (Windows: any
    case, / or \\ — C:\\Users\\Cán bộ\\X.xlsx is c:/users/cán bộ/x.xlsx)."""
    return pathmod.normcase(pathmod.abspath(p))


def inside(p: str, folder: str, pathmod: Any = os.path) -> bool:
    """`p` is `folder` or lies somewhere under it (names compared as path_key does)."""
    key, top = path_key(p, pathmod), path_key(folder, pathmod)
    if key == top:
        return True
    return key.startswith(top if top.endswith(pathmod.sep) else top + pathmod.sep)


def check_targets(targets: list[str], inputs: Iterable[str]) -> None:
    seen: set[str] = set()
    ins = [os.path.abspath(p) for p in inputs]
    in_ids = set()
    for p in ins:
        try:
            st = os.stat(p)
            in_ids.add((st.st_dev, st.st_ino))
        except OSError:
            pass
    for t in targets:
        problem = unwritable(t)
        if problem is not None:
            raise problem
        key = path_key(t)
        if key in seen:
            raise UsageError("output-twice", target=t)
        seen.add(key)
        try:
            st = os.stat(t)
            if (st.st_dev, st.st_ino) in in_ids and os.path.isfile(t):
                raise UsageError("output-is-input", target=t)
        except FileNotFoundError:
            pass
        for p in ins:
            if os.path.isdir(p) and inside(t, p) and t.lower().endswith((".yaml", ".yml")):
                raise UsageError("output-in-input", target=t, folder=p)
            if path_key(p) == key:
                raise UsageError("output-is-input", target=t)


def limits() -> Any:
    """The input limits in force: antt.toml's [limits] over the defaults (antt_cli.limits)."""
    from antt_cli.config import load_config
    from antt_cli.limits import DEFAULT

    cfg = load_config()
    return cfg.get("limits") or DEFAULT
