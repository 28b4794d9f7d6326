"""The HTML report: one self-contained page, offline (no network at all), printable on A4.

The page is templates/html/report.html (Jinja2, sandboxed, autoescaped) with report.css and
report.js inlined, and the Tinos font (Latin + Vietnamese subset, SIL OFL) embedded as base64
WOFF2. A Content-Security-Policy allows only that inline style and script (by their SHA-256)
and data: fonts, so a page can load nothing and run nothing else, even if text slipped through.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from antt_cli.report.dossier._data import PACKAGE, data, pick
from antt_cli.report.dossier.charts import communes_chart, failures_chart, types_chart
from antt_cli.report.dossier.context import OUTCOMES, commune_context, communes_of, outcome_label, unit_context
from antt_cli.report.dossier.errors import DossierError

FONT_FACES = [("Regular", "normal", 400), ("Bold", "normal", 700), ("Italic", "italic", 400), ("BoldItalic", "italic", 700)]
FONT_FAMILY = "antt-serif"


@lru_cache(maxsize=1)
def font_css() -> str:
    fonts = resources.files(PACKAGE).joinpath("fonts")
    rules = []
    for name, style, weight in FONT_FACES:
        raw = fonts.joinpath(f"Tinos-{name}.woff2").read_bytes()
        b64 = base64.b64encode(raw).decode("ascii")
        rules.append(f"@font-face{{font-family:{FONT_FAMILY};font-style:{style};font-weight:{weight};"
                     f"src:url(data:font/woff2;base64,{b64}) format(\"woff2\");}}")
    return "\n".join(rules) + "\n"


def _html_file(name: str, templates_dir: Any) -> Path:
    from antt_cli.report.dossier.docx import shipped_templates

    if templates_dir is not None:
        base = Path(templates_dir)
        if not base.is_dir():
            raise DossierError("template-dir-missing", file=str(base))
        for p in (base / "html" / name, base / name):
            if p.is_file():
                return p
    p = shipped_templates() / "html" / name
    if not p.is_file():
        raise DossierError("template-missing", file=str(p))
    return p


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DossierError("template-unreadable", file=str(path), detail=str(exc)[:200]) from None


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _labels(lang: str) -> dict[str, str]:
    return {k: pick(v, lang) for k, v in data()["html"].items()}


def render_report(units: list[dict[str, Any]], summary: dict[str, Any] | None, lang: str, templates_dir: Any) -> str:
    from jinja2 import TemplateError, TemplateSyntaxError
    from markupsafe import Markup

    if not isinstance(units, list) or not all(isinstance(u, dict) for u in units):
        raise DossierError("bad-input", detail="units is not a list of mappings")
    summary = summary if isinstance(summary, dict) else None
    labels = _labels(lang)
    seg_labels = {o: pick(data()["outcomes"][o], lang).capitalize() for o in OUTCOMES}
    seg_labels.update({o: labels[f"seg_{o}"] for o in OUTCOMES if f"seg_{o}" in labels})
    threshold = data()["commune"]["art54"]["recognised_required"]
    single = len(units) == 1

    unit_views = []
    for i, u in enumerate(units, 1):
        ctx = unit_context(u, "bien_ban", lang)
        ctx["anchor"] = f"u{i}"
        unit_views.append(ctx)

    totals = {o: sum(1 for u in units if u.get("outcome") == o) for o in OUTCOMES}
    outcomes = dict(_d(summary.get("outcomes"))) if summary else {}
    charts = {}
    communes = []
    if not single:
        charts = {
            "communes": communes_chart(units, summary, seg_labels, lang, threshold),
            "failures": failures_chart(units, seg_labels),
            "types": types_chart(units, summary, seg_labels, data()["commune"]["type_order"]),
        }
        for name in communes_of(units):
            try:
                c = commune_context(units, summary, None, lang, name)
            except DossierError:
                continue
            communes.append(c)

    context = {
        "lang": lang,
        "L": labels,
        "single": single,
        "units": unit_views,
        "summary": {
            "units": summary.get("units", len(units)) if summary else len(units),
            "invalid": summary.get("invalid", 0) if summary else 0,
            "outcomes": {o: outcomes.get(o, totals[o]) for o in OUTCOMES},
        },
        "outcome_labels": {o: outcome_label(o, lang) for o in OUTCOMES},
        "seg_labels": seg_labels,
        "charts": charts,
        "communes": communes,
        "threshold": threshold,
        "notes": {k: pick(v, lang) for k, v in data()["notes"].items()},
        "tool": unit_views[0]["tool"] if unit_views else "antt",
        "ruleset": unit_views[0]["ruleset"] if unit_views else {"id": "", "instrument": ""},
    }

    tpl_path = _html_file("report.html", templates_dir)
    css_path = _html_file("report.css", templates_dir)
    js_path = _html_file("report.js", templates_dir)
    style = font_css() + _read(css_path)
    script = _read(js_path)
    context["style"] = Markup(style.replace("</", "<\\/"))  # a stylesheet cannot close its element
    context["script"] = Markup(script.replace("</", "<\\/"))
    context["csp"] = (f"default-src 'none'; style-src '{_sha256(str(context['style']))}'; "
                      f"script-src '{_sha256(str(context['script']))}'; font-src data:; img-src data:; "
                      "base-uri 'none'; form-action 'none'")
    try:
        template = _compiled(_read(tpl_path))
        return template.render(context)
    except TemplateSyntaxError as exc:
        raise DossierError("template-syntax", file=str(tpl_path), line=exc.lineno, detail=exc.message or "",
                           near=(exc.source or "").splitlines()[exc.lineno - 1].strip()[:120] if exc.source and exc.lineno else "") from None
    except TemplateError as exc:
        raise DossierError("template-error", file=str(tpl_path), detail=str(exc)) from None


_COMPILED: dict[str, Any] = {}  # template source → compiled template (compiling was 90% of a page's time)


def _compiled(source: str) -> Any:
    """The page template compiled once per source text, in a Jinja2 sandbox with autoescaping."""
    found = _COMPILED.get(source)
    if found is None:
        from jinja2 import StrictUndefined
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        from antt_cli.report.dossier.docx import capfirst

        env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters["capfirst"] = capfirst
        found = env.from_string(source)
        if len(_COMPILED) >= 8:
            _COMPILED.clear()
        _COMPILED[source] = found
    return found


def _d(v: Any) -> dict[str, Any]:
    return v if isinstance(v, dict) else {}
