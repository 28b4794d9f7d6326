"""`dossier`: the whole dossier in a folder (`-o ho-so/`): for each unit every document Art. 9.2 asks
for (biên bản, báo cáo kết quả, tờ trình for a unit that passes, bản đăng ký), for each commune the
danh sách, báo cáo tổng hợp and dự thảo quyết định, and the HTML report. Files already there are
never replaced (an official may have edited them) unless `--force`."""

from __future__ import annotations

from typing import Any

from antt_cli.report.base import Format
from antt_cli.report.dossier_writer import DossierWriter

FORMAT = Format("dossier", (), terminal=False, folder=True,
                description=("cả hồ sơ vào một thư mục", "the whole dossier, into a folder"), order=130)


class Writer(DossierWriter):
    FORMAT = FORMAT

    def render(self, units: list[dict[str, Any]], summary: dict[str, Any] | None) -> None:
        from antt_cli.report.dossier import write_dossier

        assert self.ctx.target is not None, "a dossier is written to a folder"
        self.written = write_dossier(units, summary, self.ctx.target, lang=self.lang, templates_dir=self.templates,
                                     overwrite=self.ctx.force)
