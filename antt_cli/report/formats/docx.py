"""`docx`: one document of the dossier of Art. 9.2, for Word — for one unit the biên bản (or, with
`--document`, the báo cáo kết quả, the tờ trình of a unit that passes, the bản đăng ký), for a batch
the báo cáo tổng hợp (or the danh sách đề nghị công nhận, the dự thảo quyết định). The file name
can say which: `-o to-trinh.docx`. Wording and layout are templates (antt_cli/report/dossier)."""

from __future__ import annotations

from typing import Any

from antt_cli.report.base import Format
from antt_cli.report.dossier_writer import DossierWriter, kind_from_name

FORMAT = Format("docx", (".docx",), binary=True, terminal=False,
                description=("văn bản Word của hồ sơ (biên bản, tờ trình…)", "a Word document of the dossier"), order=110)


class Writer(DossierWriter):
    FORMAT = FORMAT

    def render(self, units: list[dict[str, Any]], summary: dict[str, Any] | None) -> None:
        from antt_cli.report.dossier import render_batch_document, render_unit_document

        one = len(units) == 1 and units[0]["unit"]["type"] != "xa" or (len(units) == 1 and self.ctx.detailed)
        scope = "unit" if one else "commune"
        other = "commune" if one else "unit"  # `-o danh-sach.docx` for one unit: its commune's list (of one)
        kind = (self.ctx.document or kind_from_name(self.ctx.target, scope) or kind_from_name(self.ctx.target, other)
                or ("bien_ban" if one else "bao_cao_tong_hop"))
        from antt_cli.report.dossier._data import kind_spec

        if kind_spec(kind)["scope"] == "unit":
            if len(units) != 1:
                from antt_cli.report.dossier import DossierError

                raise DossierError("one-unit-only", kind=kind, detail=str(len(units)))
            payload = render_unit_document(units[0], kind, lang=self.lang, templates_dir=self.templates)
        else:
            payload = render_batch_document([u for u in units if u["unit"]["type"] != "xa"] or units, summary, kind,
                                            lang=self.lang, templates_dir=self.templates)
        self.out.write(payload)
