"""Reading the dossier's Word documents back in tests: their text, their tables, and the layout
checks of Decree 30/2020/NĐ-CP. Straight from the package's XML (lxml, as python-docx reads it):
python-docx's object model costs ~70 ms a document to walk, this ~5 ms."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MM = 56.7  # twips in a millimetre


def _paragraph(p) -> str:
    out = []
    for el in p.iter(W + "t", W + "br", W + "tab"):
        out.append(el.text or "" if el.tag == W + "t" else "\n" if el.tag == W + "br" else "\t")
    return "".join(out)


@dataclass
class Docx:
    """A .docx as tests look at it: the text, paragraph by paragraph (body in order, tables included,
    then the page headers), the tables (rows of cell texts), and the raw parts for layout checks."""

    data: bytes
    parts: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        with zipfile.ZipFile(io.BytesIO(self.data)) as z:
            self.parts = {n: z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels"))}
        self.root = etree.fromstring(self.parts["word/document.xml"])
        self.body = self.root.find(W + "body")
        self.lines = [_paragraph(p) for p in self.body.iter(W + "p")]
        for name in sorted(self.parts):
            if re.fullmatch(r"word/header\d*\.xml", name):
                self.lines += [_paragraph(p) for p in etree.fromstring(self.parts[name]).iter(W + "p")]
        self.text = "\n".join(self.lines)
        self.tables = [[["\n".join(_paragraph(p) for p in tc.iter(W + "p")) for tc in tr.findall(W + "tc")]
                        for tr in tbl.findall(W + "tr")] for tbl in self.body.iter(W + "tbl")]


def read(data: bytes | Path) -> Docx:
    return Docx(data if isinstance(data, bytes) else Path(data).read_bytes())


def all_text(document: Docx) -> str:
    return document.text


def criteria_rows(document: Docx):
    """The criteria table: (header, {STT: [cell texts]}) — the table whose header starts with STT and has ≥ 5 columns."""
    for t in document.tables:
        if t and t[0] and t[0][0] in ("STT", "No.") and len(t[0]) >= 5:
            return t[0], {r[0]: r for r in t[1:]}
    raise AssertionError("no criteria table")


def decree_30_layout(data: bytes | Docx) -> list[str]:
    """What is not as Decree 30/2020/NĐ-CP (Appendix I, as commonly quoted) lays a page out; [] when all is."""
    d = data if isinstance(data, Docx) else Docx(data)
    wrong = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            wrong.append(what)

    sect = d.body.find(W + "sectPr")
    size, margins = sect.find(W + "pgSz"), sect.find(W + "pgMar")
    width, height = (int(size.get(W + k)) / MM for k in ("w", "h"))
    check(abs(width - 210) < 0.5 and abs(height - 297) < 0.5, "A4 portrait")
    mar = {k: int(margins.get(W + k)) / MM for k in ("top", "bottom", "left", "right")}
    check(19.5 <= mar["top"] <= 25.5 and 19.5 <= mar["bottom"] <= 25.5, f"top/bottom 20–25 mm: {mar}")
    check(29.5 <= mar["left"] <= 35.5, f"left 30–35 mm: {mar}")
    check(14.5 <= mar["right"] <= 20.5, f"right 15–20 mm: {mar}")
    styles = etree.fromstring(d.parts["word/styles.xml"])
    normal = next(s for s in styles.iter(W + "style") if s.get(W + "styleId") == "Normal")
    fonts, sz = normal.find(f"{W}rPr/{W}rFonts"), normal.find(f"{W}rPr/{W}sz")
    check(fonts is not None and fonts.get(W + "ascii") == "Times New Roman" and sz is not None
          and 13 <= int(sz.get(W + "val")) / 2 <= 14, "body Times New Roman 13–14 pt")
    check(sect.find(W + "titlePg") is not None, "a first page of its own")
    rels = etree.fromstring(d.parts["word/_rels/document.xml.rels"])
    target = {r.get("Id"): r.get("Target") for r in rels}
    headers = {h.get(W + "type"): d.parts["word/" + target[h.get(R + "id")]].decode("utf-8")
               for h in sect.findall(W + "headerReference")}
    check("PAGE" in headers.get("default", "") and 'w:val="center"' in headers.get("default", ""),
          "page number centred in the top margin")
    check("PAGE" not in headers.get("first", "PAGE"), "no page number on page 1")
    body = d.parts["word/document.xml"].decode("utf-8")
    check(set(re.findall(r'w:ascii="([^"]+)"', body)) == {"Times New Roman"}, "Times New Roman only")
    check(set(re.findall(r'<w:color w:val="([0-9A-Fa-f]{6}|auto)"', body)) <= {"000000", "auto"}, "black")
    check(max(int(v) / 2 for v in re.findall(r'<w:sz w:val="(\d+)"', body)) <= 14, "no text above 14 pt")
    check(QUOC_HIEU in d.text and TIEU_NGU in d.text, "Quốc hiệu and tiêu ngữ")
    check("{{" not in d.text and "{%" not in d.text, "no template tag left")
    return wrong
