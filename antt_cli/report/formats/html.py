"""`html`: one self-contained page to open in a browser, offline, and print on A4 — for one unit the
content of the biên bản; for a batch the summary a steering committee looks at (charts of the
communes with the 70% line of Art. 5.4, failures per criterion, outcomes by type), then each unit."""

from __future__ import annotations

from typing import Any

from antt_cli.report.base import Format
from antt_cli.report.dossier_writer import DossierWriter

FORMAT = Format("html", (".html", ".htm"), description=("trang HTML in được (biểu đồ)", "a printable HTML page (charts)"),
                order=120)


class Writer(DossierWriter):
    FORMAT = FORMAT

    def render(self, units: list[dict[str, Any]], summary: dict[str, Any] | None) -> None:
        from antt_cli.report.dossier import render_html

        self.out.write(render_html(units, summary, lang=self.lang, templates_dir=self.templates))
