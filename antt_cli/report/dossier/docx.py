"""Fill a .docx template (Jinja2 inside Word, via docxtpl) with a prepared context.

Templates are untrusted data (a provincial pack, a user's folder): they are rendered in a
Jinja2 sandbox with autoescaping, so record text is XML-escaped and shown literally, and a
template cannot reach Python. A template that is missing, not a .docx, too large when unpacked,
or whose Jinja is broken, raises DossierError naming the file (and the paragraph, when known).
"""

from __future__ import annotations

import io
import re
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

from antt_cli.report.dossier._data import PACKAGE
from antt_cli.report.dossier.errors import DossierError

MAX_UNPACKED = 64 * 1024 * 1024  # a template larger than this when unpacked is refused (zip bomb)
MAX_MEMBERS = 2000


def shipped_templates() -> Path:
    return Path(str(resources.files(PACKAGE).joinpath("templates")))


def find_template(name: str, lang: str, templates_dir: str | Path | None) -> Path:
    """The template file `name` for `lang`: first in the override folder (DIR/<lang>/name, then
    DIR/name), then the one shipped in the package. An override folder holds only what it changes."""
    candidates: list[Path] = []
    if templates_dir is not None:
        base = Path(templates_dir)
        if not base.is_dir():
            raise DossierError("template-dir-missing", file=str(base))
        candidates += [base / lang / name, base / name]
    candidates.append(shipped_templates() / lang / name)
    for path in candidates:
        if path.is_file():
            return path
    raise DossierError("template-missing", file=str(candidates[0]))


_CACHE_SIZE = 64
_ENV = None
_TEMPLATE_CLASS = None


def sandbox():
    """The one Jinja2 sandbox (autoescaping, strict about unknown names). It compiles each template
    part once: a batch renders the same few templates thousands of times (compiling was 40% of a
    document's time)."""
    global _ENV
    if _ENV is None:
        from jinja2 import StrictUndefined
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        class CachingSandbox(ImmutableSandboxedEnvironment):
            _compiled: dict[str, Any] = {}

            def from_string(self, source, globals=None, template_class=None):  # noqa: A002
                if globals is not None or template_class is not None or not isinstance(source, str):
                    return super().from_string(source, globals, template_class)
                tpl = self._compiled.get(source)
                if tpl is None:
                    if len(self._compiled) >= _CACHE_SIZE:
                        self._compiled.clear()
                    tpl = self._compiled[source] = super().from_string(source)
                return tpl

        _ENV = CachingSandbox(autoescape=True, undefined=StrictUndefined)
        _ENV.filters["capfirst"] = capfirst
    return _ENV


def _template_class():
    """docxtpl's DocxTemplate, with its XML clean-up (a pure function of the part's XML) cached."""
    global _TEMPLATE_CLASS
    if _TEMPLATE_CLASS is None:
        from docxtpl import DocxTemplate

        patched: dict[str, str] = {}

        class Template(DocxTemplate):
            def patch_xml(self, src_xml):
                out = patched.get(src_xml)
                if out is None:
                    if len(patched) >= _CACHE_SIZE:
                        patched.clear()
                    out = patched[src_xml] = super().patch_xml(src_xml)
                return out

        _TEMPLATE_CLASS = Template
    return _TEMPLATE_CLASS


def capfirst(value: Any) -> Any:
    """The first letter in capitals, the rest untouched (Jinja's `capitalize` lowers the rest)."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return value
    text = str(value)
    return text[:1].upper() + text[1:]


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise DossierError("template-too-large", file=str(path),
                                   detail=f"{len(infos)} parts, {sum(i.file_size for i in infos)} bytes")
            if "word/document.xml" not in {i.filename for i in infos}:
                raise DossierError("template-unreadable", file=str(path), detail="no word/document.xml")
    except zipfile.BadZipFile as exc:
        raise DossierError("template-unreadable", file=str(path), detail=str(exc) or "not a zip file") from None
    except OSError as exc:
        raise DossierError("template-unreadable", file=str(path), detail=exc.strerror or str(exc)) from None


_TAGS = re.compile(r"<[^>]+>")


def _near(exc: Exception) -> str:
    lines = [ln.strip() for ln in getattr(exc, "docx_context", None) or [] if ln.strip()]
    text = " ".join(lines)
    return (text[:120] + "…") if len(text) > 120 else text


def render_docx(path: Path, context: dict[str, Any]) -> bytes:
    from jinja2 import TemplateError, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    _check_zip(path)
    try:
        tpl = _template_class()(str(path))
        tpl.init_docx()
    except Exception as exc:  # a broken part inside the .docx (XML, relationships)
        raise DossierError("template-unreadable", file=str(path), detail=f"{type(exc).__name__}: {exc}"[:200]) from None
    try:
        tpl.render(context, jinja_env=sandbox(), autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
    except TemplateSyntaxError as exc:
        # docxtpl puts each paragraph on its own line: the line is the paragraph number
        line = exc.lineno - 1 if exc.lineno and exc.lineno > 1 else None
        raise DossierError("template-syntax", file=str(path), line=line, detail=exc.message or "", near=_near(exc)) from None
    except (UndefinedError, SecurityError) as exc:
        raise DossierError("template-error", file=str(path), detail=str(exc)) from None
    except TemplateError as exc:
        raise DossierError("template-error", file=str(path), line=getattr(exc, "lineno", None), detail=str(exc)) from None
    except DossierError:
        raise
    except Exception as exc:  # an expression of the template failed (1/0, a bad call), or its XML
        raise DossierError("template-error", file=str(path), detail=f"{type(exc).__name__}: {exc}"[:200]) from None
    return out.getvalue()
