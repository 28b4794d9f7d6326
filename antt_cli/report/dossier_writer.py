"""What the dossier formats (docx, html, dossier) share: the units kept until the end, as the dicts
of the JSON document, then handed to antt_cli.report.dossier; its errors become located problems."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from antt_cli.problems import InputError, Problem
from antt_cli.report.base import Writer
from antt_cli.report.spool import Spool

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary

def problem_of(e: Any, where: str | None = None) -> InputError:
    """A DossierError as a located problem (exit 2, in the chosen language): its texts come from the
    dossier's own data (report/dossier/data/dossier.yaml, `problems:`). Located at the file it names
    (a template, a record), else at `where` (the document asked for: `-o bien-ban.docx`)."""
    vi, en = (e.message(lang).replace("{", "{{").replace("}", "}}") for lang in ("vi", "en"))
    return InputError([Problem(e.file or where or "-", e.code, {}, e.line, None, None, (vi, en))])


class DossierWriter(Writer):
    def start(self) -> None:
        if not self.FORMAT.folder:
            super().start()
        self.units = Spool()

    def unit(self, result: "UnitResult") -> None:
        from antt_cli.report.formats.json import unit_dict

        unit = unit_dict(result, self.ctx.path(result.file))
        # the brief figures of the printed tables (not in the JSON document)
        unit["criteria"] = [dict(d, found_brief=c.found_brief, required_brief=c.required_brief)
                            for d, c in zip(unit["criteria"], result.criteria)]
        self.units.add(unit)

    def close(self, summary: "Summary | None") -> None:
        from antt_cli.report.dossier import DossierError

        units = list(self.units)
        self.units.close()
        try:
            self.render(units, summary.to_dict() if summary is not None else None)
        except DossierError as e:
            self.abort()
            raise problem_of(e, self.ctx.target) from None
        if not self.FORMAT.folder:
            self.output.commit()

    def abort(self) -> None:
        spool = getattr(self, "units", None)
        if spool is not None:
            spool.close()
        if not self.FORMAT.folder:
            super().abort()

    def render(self, units: list[dict[str, Any]], summary: dict[str, Any] | None) -> None:  # pragma: no cover
        raise NotImplementedError

    @property
    def templates(self) -> str | None:
        return self.ctx.templates


def kind_from_name(target: str | None, scope: str) -> str | None:
    """The document a file name asks for: `bien-ban.docx` → bien_ban, `to-trinh.docx` → to_trinh, and
    with the unit's name around it, `thon-dong-to-trinh.docx` → to_trinh (the longest name found wins)."""
    if not target:
        return None
    from antt_cli.report.dossier import document_kinds
    from antt_cli.report.dossier.names import slug

    stem = slug(os.path.splitext(os.path.basename(target))[0])
    found: list[tuple[int, str]] = []
    for lang in ("vi", "en"):
        for k in document_kinds(lang):
            if k["scope"] != scope:
                continue
            names = {slug(k["id"]), slug(os.path.splitext(k["file"])[0]), slug(os.path.splitext(k["template"])[0])}
            for n in names:
                if not n or len(stem) < 4:
                    continue
                if n.startswith(stem) or stem.startswith(n):
                    return k["id"]
                if f"-{n}-" in f"-{stem}-":
                    found.append((len(n), k["id"]))
    return max(found)[1] if found else None


def blank_registration(ut: Any, lang: str, year: int, templates: str | None = None) -> bytes:
    """The blank bản đăng ký phấn đấu (Art. 9.2.a) of a unit type: its criteria listed, the unit's
    name and commune left to fill in by hand (`antt new TYPE -o dang-ky.docx`)."""
    from antt_cli.engine.citation import format_citation
    from antt_cli.report.dossier import DossierError, blank_unit, render_unit_document

    vocab = ut.ruleset.vocabulary
    criteria = [{"id": c.id, "title": c.title.pick(lang), "pack": c.pack,
                 "citation": format_citation(c.citation, c.instrument, c.short, vocab, lang)} for c in ut.criteria]
    unit = blank_unit(ut.id, type_label=ut.label.pick(lang), year=year, criteria=criteria)
    unit["ruleset"] = {"id": ut.ruleset.id, "instrument": ut.ruleset.instrument.pick(lang)}
    try:
        return render_unit_document(unit, "dang_ky", lang=lang, templates_dir=templates)
    except DossierError as e:
        raise problem_of(e) from None
