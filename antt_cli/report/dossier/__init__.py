"""The dossier of Art. 9.2 of the Circular: Word documents and an HTML report.

Self-contained: it consumes plain result dicts (as in the JSON report, `docs/json-output.md`)
and imports nothing else from antt_cli but `__version__`.

    render_unit_document(unit, kind, lang=, templates_dir=)        -> bytes (.docx)
    render_batch_document(units, summary, kind, lang=, templates_dir=, commune=) -> bytes (.docx)
    write_dossier(units, summary, folder, lang=, templates_dir=)   -> [paths written]
    render_html(units, summary=None, lang=, templates_dir=)        -> str (one self-contained page)
    blank_unit(unit_type, …)                                       -> a unit dict for a blank form
    DOCUMENT_KINDS / document_kinds(lang)                          -> the kinds, as data
    copy_templates(folder)                                         -> copy the shipped templates to edit

Wording and layout are data: data/dossier.yaml (administrative words) and templates/ (.docx with
Jinja2 inside, and html/report.html), overridable file by file from a `templates_dir` folder.
Every failure is a DossierError (file, line, code, message in vi/en), never a traceback.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable

from antt_cli.report.dossier._data import kind_spec, kinds, pick
from antt_cli.report.dossier.context import blank_unit, commune_context, communes_of, unit_context
from antt_cli.report.dossier.errors import DossierError
from antt_cli.report.dossier.names import slug

__all__ = [
    "DOCUMENT_KINDS", "DossierError", "blank_unit", "copy_templates", "document_kinds",
    "render_batch_document", "render_html", "render_unit_document", "write_dossier",
]

def __getattr__(name: str) -> Any:
    # DOCUMENT_KINDS: the ids of the document kinds (data/dossier.yaml, `kinds:`), read on first use
    if name == "DOCUMENT_KINDS":
        return tuple(k["id"] for k in kinds())
    raise AttributeError(name)


def document_kinds(lang: str = "vi") -> list[dict[str, Any]]:
    """Each kind: id, scope (unit | commune), title, citation, outcomes (for unit documents), template."""
    return [{"id": k["id"], "scope": k["scope"], "title": pick(k.get("title"), lang),
             "citation": pick(k.get("citation"), lang), "outcomes": list(k.get("outcomes") or []),
             "template": k["template"], "file": pick(k.get("file"), lang) + ".docx"} for k in kinds()]


def _lang(lang: str) -> str:
    return lang if lang in ("vi", "en") else "vi"


def applies(unit: dict[str, Any], kind: str) -> bool:
    """Whether the document `kind` is made for this unit (by its outcome)."""
    spec = kind_spec(kind)
    outcome = unit.get("outcome") if isinstance(unit, dict) else None
    return spec["scope"] == "unit" and (outcome or "blank") in (spec.get("outcomes") or [])


def render_unit_document(unit: dict[str, Any], kind: str, *, lang: str = "vi",
                         templates_dir: str | os.PathLike[str] | None = None) -> bytes:
    """One unit's document (.docx bytes). A tờ trình is refused for a unit that does not pass;
    no document is made for a unit out of scope (DossierError)."""
    from antt_cli.report.dossier.docx import find_template, render_docx

    lang = _lang(lang)
    spec = kind_spec(kind)
    if spec["scope"] != "unit":
        raise DossierError("wrong-scope", kind=kind, detail="unit")
    if not isinstance(unit, dict):
        raise DossierError("bad-input", detail="unit is not a mapping")
    if not applies(unit, kind):
        from antt_cli.report.dossier.context import outcome_label

        label = outcome_label(unit.get("outcome"), lang, unit.get("outcome_label"))
        code = "not-passing" if kind == "to_trinh" else "not-applicable"
        raise DossierError(code, file=str(unit.get("file") or "") or None, kind=kind, outcome=label)
    context = unit_context(unit, kind, lang)
    return render_docx(find_template(spec["template"], lang, templates_dir), context)


def render_batch_document(units: list[dict[str, Any]], summary: dict[str, Any] | None, kind: str, *,
                          lang: str = "vi", templates_dir: str | os.PathLike[str] | None = None,
                          commune: str | None = None) -> bytes:
    """A commune's document (.docx bytes) from the units of a batch and its summary. With units of
    several communes, `commune` names the one (else DossierError several-communes)."""
    from antt_cli.report.dossier.docx import find_template, render_docx

    lang = _lang(lang)
    spec = kind_spec(kind)
    if spec["scope"] != "commune":
        raise DossierError("wrong-scope", kind=kind, detail="commune")
    context = commune_context(units, summary, kind, lang, commune)
    return render_docx(find_template(spec["template"], lang, templates_dir), context)


def render_html(units: list[dict[str, Any]], summary: dict[str, Any] | None = None, *, lang: str = "vi",
                templates_dir: str | os.PathLike[str] | None = None) -> str:
    """One self-contained HTML page: for one unit, the biên bản's content; for several, the
    steering committee's summary (charts, units), then each unit, collapsible."""
    from antt_cli.report.dossier.html import render_report

    return render_report(units, summary, _lang(lang), templates_dir)


def write_dossier(units: list[dict[str, Any]], summary: dict[str, Any] | None, folder: str | os.PathLike[str], *,
                  lang: str = "vi", templates_dir: str | os.PathLike[str] | None = None,
                  overwrite: bool = False, html: bool = True) -> list[Path]:
    """Every applicable document, per unit and per commune, under `folder`:

        folder/<commune>/00-<commune document>.docx
        folder/<commune>/<unit>/<unit document>.docx
        folder/<report>.html

    Names are ASCII (no diacritics), safe on Windows. Existing files are never overwritten
    unless `overwrite`: an official may have edited them (DossierError target-exists, nothing
    written). Everything is rendered before anything is written.
    """
    lang = _lang(lang)
    if not isinstance(units, list):
        raise DossierError("bad-input", detail="units is not a list")
    root = Path(folder)
    # plan every file first (names only), so that an existing file stops the run before any work
    planned: list[tuple[Path, Any]] = []
    used: set[str] = set()
    from antt_cli.report.dossier._data import data as _data

    unknown = slug(pick(_data()["files"]["unknown_commune"], lang))
    for commune in communes_of(units):
        cdir = slug(commune) or unknown
        mine = [u for u in units if _commune_of(u) == commune]
        # the commune's own documents concern the units it manages (not its own record)
        if any(u.get("outcome") is not None and (u.get("unit") or {}).get("type") != "xa" for u in mine):
            for i, kind in enumerate(k["id"] for k in kinds() if k["scope"] == "commune"):
                planned.append((root / cdir / f"00-{i + 1}-{pick(kind_spec(kind)['file'], lang)}.docx",
                                (render_batch_document, (units, summary, kind),
                                 {"lang": lang, "templates_dir": templates_dir, "commune": commune})))
        for u in mine:
            udir = _unit_dir(u, used, cdir)
            for k in kinds():
                if k["scope"] == "unit" and applies(u, k["id"]):
                    planned.append((root / cdir / udir / f"{pick(k['file'], lang)}.docx",
                                    (render_unit_document, (u, k["id"]), {"lang": lang, "templates_dir": templates_dir})))
    if html and units:
        planned.append((root / pick(_data()["files"]["html"], lang),
                        (render_html, (units, summary), {"lang": lang, "templates_dir": templates_dir})))
    if not overwrite:
        existing = [str(p) for p, _ in planned if p.exists()]
        if existing:
            raise DossierError("target-exists", file=existing[0],
                               detail=", ".join(existing[:3]) + (" …" if len(existing) > 3 else ""))
    rendered = []
    for path, (fn, args, kwargs) in planned:  # everything rendered before anything is written
        payload = fn(*args, **kwargs)
        rendered.append((path, payload.encode("utf-8") if isinstance(payload, str) else payload))
    written = []
    for path, payload in rendered:
        _write_atomic(path, payload)
        written.append(path)
    return written


def _commune_of(unit: dict[str, Any]) -> str:
    from antt_cli.report.dossier.context import unit_commune

    return unit_commune(unit)


def _unit_dir(unit: dict[str, Any], used: set[str], cdir: str) -> str:
    u = unit.get("unit") if isinstance(unit.get("unit"), dict) else {}
    base = slug(u.get("name") or "") or slug(u.get("code") or "") or slug(Path(str(unit.get("file") or "don-vi")).stem) or "don-vi"
    name = base
    if f"{cdir}/{name}" in used and u.get("code"):
        name = f"{base}-{slug(u['code'])}"
    n = 2
    while f"{cdir}/{name}" in used:
        name = f"{base}-{n}"
        n += 1
    used.add(f"{cdir}/{name}")
    return name


def _write_atomic(path: Path, payload: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".antt-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise DossierError("write-failed", file=str(path), detail=exc.strerror or str(exc)) from None


def copy_templates(folder: str | os.PathLike[str], *, langs: Iterable[str] = ("vi", "en")) -> list[Path]:
    """Copy the shipped templates into `folder` (folder/vi/*.docx, folder/en/*.docx, folder/html/*),
    to edit and pass back as `templates_dir`. Existing files are kept."""
    from antt_cli.report.dossier.docx import shipped_templates

    src = shipped_templates()
    out = []
    for sub in [*langs, "html"]:
        for f in sorted((src / sub).glob("*")):
            if f.is_file():
                target = Path(folder) / sub / f.name
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(f, target)
                out.append(target)
    return out
