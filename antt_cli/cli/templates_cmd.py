"""`antt templates copy DIR` (the shipped document templates, to edit) and `antt templates list`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from antt_cli.cli.errors import UsageError
from antt_cli.words import Words

WORDS = Words({
    "copied": ("Đã chép {n} mẫu vào {folder} ({kept} tệp đã có được giữ nguyên).",
               "Copied {n} templates into {folder} ({kept} files already there were kept)."),
    "next": ("Mở các tệp .docx trong Word, sửa chữ hoặc trình bày, giữ nguyên các thẻ {{{{ … }}}} và {{% … %}}; "
             "xóa những tệp không sửa. Rồi: antt assess … --templates {folder}",
             "Open the .docx files in Word, change the wording or the layout, keep the {{{{ … }}}} and {{% … %}} tags; "
             "delete the files you do not change. Then: antt assess … --templates {folder}"),
    "head": ("văn bản\tphạm vi\tmẫu\ttệp ghi ra\ttên", "document\tscope\ttemplate\tfile written\ttitle"),
    "scope.unit": ("một đơn vị", "one unit"),
    "scope.commune": ("một xã", "a commune"),
    "html": ("trang HTML (-o bao-cao.html)", "the HTML page (-o bao-cao.html)"),
})


def copy(folder: Path, lang: str, quiet: bool = False) -> int:
    from antt_cli.report.dossier import copy_templates
    from antt_cli.report.dossier.docx import shipped_templates

    if folder.exists() and not folder.is_dir():
        raise UsageError("output-not-folder", target=str(folder))
    src = shipped_templates()
    existing = {p.relative_to(src) for p in src.rglob("*") if p.is_file() and (folder / p.relative_to(src)).exists()}
    try:
        targets = copy_templates(folder)
    except OSError as e:
        raise UsageError("write-failed", target=e.filename or str(folder), detail=e.strerror or str(e)) from None
    if not quiet:
        shown = str(folder) + ("" if str(folder).endswith(("/", os.sep)) else os.sep)
        print(WORDS("copied", lang, n=len(targets) - len(existing), folder=shown, kept=len(existing)), file=sys.stderr)
        print(WORDS("next", lang, folder=str(folder)), file=sys.stderr)
    return 0


def list_(lang: str) -> int:
    """The documents (data/dossier.yaml, `kinds:`): id, scope, template, the file a dossier writes, title."""
    from antt_cli.report.dossier import document_kinds

    print(WORDS("head", lang))
    for k in document_kinds(lang):
        print("\t".join([k["id"], WORDS(f"scope.{k['scope']}", lang), f"{lang}/{k['template']}", k["file"], k["title"]]))
    print("\t".join(["html", "", "html/report.html", "", WORDS("html", lang)]))
    return 0
