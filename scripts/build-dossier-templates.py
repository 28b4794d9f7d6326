#!/usr/bin/env python3
"""Write the shipped dossier templates (antt_cli/report/dossier/templates/{vi,en}/*.docx).

Run once when the wording or layout is redesigned:  python scripts/build-dossier-templates.py
The .docx files it writes are the source of truth afterwards: people edit them in Word (or a
copy of them in an override folder), and this script is only how the first versions were made.

Layout: Decree 30/2020/ND-CP, Appendix I, as commonly quoted (shared/reference/documents.md):
A4 portrait; Times New Roman, black, body 14 pt; margins top 20, bottom 20, left 30, right 15 mm;
issuing body (12 pt caps, the body bold, a short line under it) on the left, Quốc hiệu (12 pt
bold caps) and tiêu ngữ (13 pt bold, underlined) on the right; "Số:" under the body, place and
date (italic) under the tiêu ngữ; document type (bold caps) and summary (bold) centred with a
short line; signer's position bold caps, name bold; "Nơi nhận:" 12 pt bold italic, list 11 pt;
page number centred in the top margin, none on the first page. Tables use 12 pt.

Jinja2 inside (docxtpl): {{ … }} in a run, {%p … %} alone in a paragraph, {%tr … %} alone in
a table row. Every tag is written as one run so that Word does not split it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "antt_cli" / "report" / "dossier" / "templates"
FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
TEXT_WIDTH_MM = 210 - 30 - 15
HEADER_OUTDENT_MM = 8      # into the left margin (30 mm)
HEADER_OVERHANG_MM = 5     # into the right margin (15 mm)

# ----------------------------------------------------------------------------------------------
# words of the templates, per language


def T(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


W = {
    "quoc_hieu": T("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "tieu_ngu": T("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "so": T("Số: ", "No.: "),
    "noi_nhan": T("Nơi nhận:", "Recipients:"),
    "luu": T("- Lưu: VT.", "- File: records."),
    "nhu_tren": T("- Như trên;", "- As above;"),
    "sign_hint": T("(Ký, ghi rõ họ tên)", "(Signature, full name)"),
    "sign_seal": T("(Ký, ghi rõ họ tên, đóng dấu nếu có)", "(Signature, full name, seal if any)"),
    "kinh_gui": T("Kính gửi: ", "To: "),
    "note": T("Ghi chú: ", "Note: "),
    "stt": T("STT", "No."),
}


def w(key: str, lang: str) -> str:
    return W[key][lang]


# ----------------------------------------------------------------------------------------------
# python-docx helpers


def set_run_font(run, size=None, bold=None, italic=None, underline=None):
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    run.font.color.rgb = RGBColor(0, 0, 0)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline


def para(container, parts=(), *, align="justify", size=BODY_PT, bold=False, italic=False, first_indent=None,
         before=0, after=6, keep_next=False, left_indent=None, line=None):
    """A paragraph of runs; `parts` is a string or a list of strings / (text, {bold, italic, underline, size})."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                     "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line if line is not None else 1.0
    if first_indent is not None:
        fmt.first_line_indent = Mm(first_indent)
    if left_indent is not None:
        fmt.left_indent = Mm(left_indent)
    fmt.keep_with_next = keep_next
    if isinstance(parts, str):
        parts = [parts]
    for part in parts:
        text, style = (part, {}) if isinstance(part, str) else part
        run = p.add_run(text)
        set_run_font(run, size=style.get("size", size), bold=style.get("bold", bold),
                     italic=style.get("italic", italic), underline=style.get("underline"))
    return p


def tag(container, text):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}): it disappears when rendered."""
    return para(container, text, align="left", after=0)


def body(container, parts, **kw):
    kw.setdefault("first_indent", 10)
    return para(container, parts, **kw)


def heading(container, text, **kw):
    kw.setdefault("before", 6)
    kw.setdefault("keep_next", True)
    return para(container, [(text, {"bold": True})], align="left", **kw)


def short_line(container, width_mm, column_mm, size=2):
    """A centred horizontal line `width_mm` long: an empty paragraph with a bottom border, indented."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    side = max((column_mm - width_mm) / 2, 0)
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(4)
    fmt.line_spacing = 1.0
    ppr = p._element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.append(borders)
    run = p.add_run("")
    set_run_font(run, size=size)
    return p


def no_borders(table):
    tbl_pr = table._element.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def set_widths(table, widths_mm):
    table.autofit = False
    tbl_pr = table._element.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    grid = table._element.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(width * 56.7)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def indent(table, mm):
    tbl_pr = table._element.tblPr
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(int(mm * 56.7)))
    ind.set(qn("w:type"), "dxa")
    tbl_pr.append(ind)


def cell_margins(table, mm):
    tbl_pr = table._element.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(mm * 56.7)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)


def clear_cell(cell):
    for p in list(cell.paragraphs):
        p._element.getparent().remove(p._element)


def row_flags(row, header=False):
    tr_pr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    tr_pr.append(cant)
    if header:
        h = OxmlElement("w:tblHeader")
        tr_pr.append(h)


def shade(cell, fill="E7E6E6"):
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def page_field(paragraph):
    """A PAGE field (the page number) in a paragraph."""
    def fld(kind):
        r = OxmlElement("w:r")
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r.append(el)
        return r

    paragraph._p.append(fld("begin"))
    r = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r.append(instr)
    paragraph._p.append(r)
    paragraph._p.append(fld("separate"))
    run = paragraph.add_run("2")
    set_run_font(run, size=BODY_PT)
    paragraph._p.append(fld("end"))


def new_document(lang: str, title: str):
    doc = Document()
    # defaults: Times New Roman 14 pt black, Vietnamese (or English) proofing language
    for style_name in ("Normal",):
        style = doc.styles[style_name]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        style.font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            if fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]
        lang_el = OxmlElement("w:lang")
        lang_el.set(qn("w:val"), "vi-VN" if lang == "vi" else "en-GB")
        rpr.append(lang_el)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.line_spacing = 1.0
    # the document defaults too, so that table cells and headers inherit the font
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr_default.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)

    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)
    sec.different_first_page_header_footer = True
    header_p = sec.header.paragraphs[0]
    header_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_field(header_p)
    sec.first_page_header.is_linked_to_previous = False
    sec.first_page_header.paragraphs[0].text = ""
    import datetime as _dt

    doc.core_properties.created = doc.core_properties.modified = _dt.datetime(2025, 1, 1)
    doc.core_properties.last_modified_by = "antt"
    doc.core_properties.revision = 1
    doc.core_properties.title = title
    doc.core_properties.author = "antt"
    doc.core_properties.comments = "antt dossier template (Jinja2 inside, filled in by antt)"
    # the empty first paragraph of the default template
    first = doc.paragraphs[0] if doc.paragraphs else None
    if first is not None and not first.text:
        first._element.getparent().remove(first._element)
    return doc


def national_header(doc, lang, *, issuer=True, number=True):
    """Issuing body | Quốc hiệu, tiêu ngữ; then Số | place and date."""
    # the issuer's column holds a long name (the steering committee) in three lines; the Quốc hiệu
    # (12 pt bold caps) and the date line need about 95 mm: the table reaches into both margins
    left, right = 80, TEXT_WIDTH_MM + HEADER_OUTDENT_MM + HEADER_OVERHANG_MM - 80
    table = doc.add_table(rows=2, cols=2)
    no_borders(table)
    set_widths(table, [left, right])
    indent(table, -HEADER_OUTDENT_MM)
    cell_margins(table, 1)
    c = table.cell(0, 0)
    clear_cell(c)
    if issuer:
        tag(c, "{%p if issuer.parent %}")
        para(c, "{{ issuer.parent|upper }}", align="center", size=12, after=0)
        tag(c, "{%p endif %}")
        para(c, "{{ issuer.body|upper }}", align="center", size=12, bold=True, after=0)
        short_line(c, 22, left)
    c = table.cell(0, 1)
    clear_cell(c)
    para(c, w("quoc_hieu", lang), align="center", size=12, bold=True, after=0)
    para(c, [(w("tieu_ngu", lang), {"underline": True})], align="center", size=13, bold=True, after=4)
    c = table.cell(1, 0)
    clear_cell(c)
    if number:  # inside the run: a cell keeps its paragraph even when there is no number
        para(c, ["{% if doc.number %}" + w("so", lang), "{{ doc.number }}{% endif %}"], align="center", size=13, after=0)
    else:
        para(c, "", align="center", size=13, after=0)
    c = table.cell(1, 1)
    clear_cell(c)
    para(c, "{{ doc.place_date }}", align="center", size=13, italic=True, after=0)
    para(doc, "", after=6)
    return table


def title_block(doc, *, draft=False):
    if draft:
        para(doc, [("{{ doc.draft }}", {"bold": True})], align="right", size=12, after=0)
    para(doc, "{{ doc.heading|upper }}", align="center", bold=True, size=14, before=6, after=0, keep_next=True)
    para(doc, "{{ doc.summary }}", align="center", bold=True, size=14, after=0, keep_next=True)
    short_line(doc, 40, TEXT_WIDTH_MM)


def translation_note(doc, lang):
    if lang == "en":
        para(doc, [("{{ notes.working_translation }}", {"italic": True})], align="center", size=11, after=6)


def signature_table(doc, lang, left_kind, right, *, left_recipients=None, left=None):
    """Left: Nơi nhận (left_kind='recipients'), a second signer ('signer') or nothing ('blank');
    right: the signer. A signer is (lines, name_expr, hint): lines are "for …" loops over
    upper-cased role lines, or literal texts. The paragraph before it keeps with it: a signature
    never stands alone at the top of a page."""
    for p in reversed(doc.paragraphs):
        if p.text.strip() and not p.text.startswith("{%p"):
            p.paragraph_format.keep_with_next = True
            break
    # two rows: the titles and the room to sign, then the names (on one line, whatever the titles)
    table = doc.add_table(rows=2, cols=2)
    no_borders(table)
    set_widths(table, [TEXT_WIDTH_MM / 2 - 10, TEXT_WIDTH_MM / 2 + 10])
    row_flags(table.rows[0])
    row_flags(table.rows[1])
    lcell, rcell = table.cell(0, 0), table.cell(0, 1)
    for cell in (lcell, rcell, table.cell(1, 0), table.cell(1, 1)):
        clear_cell(cell)
    if left_kind == "recipients":
        para(lcell, [(w("noi_nhan", lang), {"bold": True, "italic": True})], align="left", size=12, after=0, before=6)
        for line in left_recipients or []:
            if line.startswith("{%p"):
                tag(lcell, line)
            else:
                para(lcell, line, align="left", size=11, after=0)
        para(lcell, w("luu", lang), align="left", size=11, after=0)
    elif left_kind == "signer":
        signer_block(lcell, table.cell(1, 0), lang, *left)
    else:
        para(lcell, "", after=0)
    if left_kind != "signer":
        para(table.cell(1, 0), "", after=0)
    signer_block(rcell, table.cell(1, 1), lang, *right)
    for cell in (lcell, rcell):  # the names stay on the page of the titles
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True
    return table


def signer_block(cell, name_cell, lang, lines, name_expr, hint):
    first = True
    for line in lines:
        before = 6 if first else 0
        first = False
        if line.startswith("for "):
            para(cell, "", size=4, after=0, before=before - 4 if before else 0)  # the space above, once
            tag(cell, "{%p " + line + " %}")
            para(cell, "{{ line|upper }}", align="center", bold=True, size=14, after=0)
            tag(cell, "{%p endfor %}")
        elif line.startswith("~"):  # a plain (not bold) line under the title
            para(cell, line[1:], align="center", size=13, after=0, before=before)
        else:
            para(cell, line, align="center", bold=True, size=14, after=0, before=before)
    para(cell, w(hint, lang), align="center", italic=True, size=13, after=0)
    for _ in range(3):  # room to sign (and stamp)
        para(cell, "", after=0)
    para(name_cell, "{{ " + name_expr + " }}", align="center", bold=True, size=14, after=0)


def closing_note(doc, lang, exprs):
    """The note that antt drafted the document (review it before signing): in the footer of the
    first page, where it never ends up alone on a last page and is deleted in one place."""
    text = " ".join("{{ " + e + " }}" for e in exprs)
    footer = doc.sections[0].first_page_footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    fmt = p.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    for part, style in ((w("note", lang), {"italic": True, "bold": True}), (text, {"italic": True})):
        set_run_font(p.add_run(part), size=10, **style)


def grid_table(doc, headers, widths, body_rows, *, loop=None, endloop="{%tr endfor %}", size=TABLE_PT,
               extra_rows=()):
    """A bordered table: a header row, then optionally {%tr loop %}, the body row(s), {%tr endfor %}."""
    rows = 1 + (1 if loop else 0) + len(body_rows) + (1 if loop else 0) + len(extra_rows)
    table = doc.add_table(rows=rows, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, widths)
    r = 0
    row_flags(table.rows[r], header=True)
    for i, text in enumerate(headers):
        cell = table.cell(r, i)
        clear_cell(cell)
        shade(cell)
        para(cell, text, align="center", bold=True, size=size, after=0)
    r += 1

    def fill_row(cells):
        nonlocal r
        row_flags(table.rows[r])
        for i, spec in enumerate(cells):
            cell = table.cell(r, i)
            clear_cell(cell)
            specs = spec if isinstance(spec, list) else [spec]
            for s in specs:
                if isinstance(s, tuple) and s and s[0] == "raw":
                    para(cell, s[1], align=s[2] if len(s) > 2 else "left", size=size, after=0)
                elif isinstance(s, str) and s.startswith("{%p"):
                    tag(cell, s)
                elif isinstance(s, dict):
                    para(cell, s["parts"], align=s.get("align", "left"), size=s.get("size", size),
                         bold=s.get("bold", False), italic=s.get("italic", False), after=0)
                else:
                    para(cell, s, align="left", size=size, after=0)
        r += 1

    def tag_row(text):
        nonlocal r
        cell = table.cell(r, 0)
        clear_cell(cell)
        para(cell, text, align="left", size=size, after=0)
        for i in range(1, len(headers)):
            clear_cell(table.cell(r, i))
            para(table.cell(r, i), "", after=0)
        r += 1

    if loop:
        tag_row(loop)
    for cells in body_rows:
        if isinstance(cells, str):
            tag_row(cells)
        else:
            fill_row(cells)
    if loop:
        tag_row(endloop)
    for cells in extra_rows:
        fill_row(cells)
    return table


def centre(text, **kw):
    return dict({"parts": text, "align": "center"}, **kw)


# ----------------------------------------------------------------------------------------------
# the documents


def participants(doc, lang):
    L = lambda vi, en: vi if lang == "vi" else en  # noqa: E731
    heading(doc, L("I. THÀNH PHẦN THAM DỰ", "I. PARTICIPANTS"))
    body(doc, L("Thành phần cuộc họp theo {{ meeting.citation }}:", "Participants as in {{ meeting.citation }}:"))
    para(doc, [L("1. Chủ trì: ", "1. Chair: "), "{{ meeting.chair.role }}: {{ meeting.chair.display }}"], align="left", first_indent=10)
    para(doc, [L("2. Thư ký: ", "2. Secretary: "), "{{ meeting.secretary.display }}"], align="left", first_indent=10)
    body(doc, L("3. Thành viên dự họp:", "3. Members present:"))
    tag(doc, "{%p for p in meeting.members %}")
    para(doc, "- {% if p.first %}{{ p.role }}: {% endif %}{{ p.display }}", align="left", left_indent=10)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if meeting.others %}")
    body(doc, L("4. Thành phần khác:", "4. Others present:"))
    tag(doc, "{%p for p in meeting.others %}")
    para(doc, "- {{ p.role }}: {{ p.display }}", align="left", left_indent=10)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def criteria_table(doc, lang, *, with_required=True):
    L = lambda vi, en: vi if lang == "vi" else en  # noqa: E731
    if with_required:
        headers = [w("stt", lang), L("Tiêu chí", "Criterion"), L("Căn cứ", "Basis"),
                   L("Số liệu thực tế", "Figures found"), L("Yêu cầu", "Required"), L("Kết quả", "Result")]
        widths = [12, 53, 20, 34, 25, 21]
        cells = [centre("{{ c.no }}"),
                 [{"parts": ["{{ c.title }}", ("{% if c.reading_mark %} {{ c.reading_mark }}{% endif %}", {"italic": True})]},
                  {"parts": "{{ c.id }}", "size": 10, "italic": True}],
                 "{{ c.cite }}",
                 ["{{ c.found }}", "{%p for r in c.remarks %}", {"parts": "{{ r }}", "italic": True, "size": 11}, "{%p endfor %}"],
                 "{{ c.required }}",
                 centre("{{ c.result }}", bold=True)]
    else:
        headers = [w("stt", lang), L("Tiêu chí", "Criterion"), L("Căn cứ", "Basis"),
                   L("Kết quả thực hiện", "What was achieved"), L("Tự đánh giá", "Self-assessment")]
        widths = [12, 60, 20, 46, 27]
        cells = [centre("{{ c.no }}"),
                 [{"parts": "{{ c.title }}"}, {"parts": "{{ c.id }}", "size": 10, "italic": True}],
                 "{{ c.cite }}",
                 ["{{ c.found }}", "{%p if c.required != '—' %}",
                  {"parts": L("Yêu cầu: {{ c.required }}", "Required: {{ c.required }}"), "italic": True, "size": 11},
                  "{%p endif %}"],
                 centre("{{ c.result }}", bold=True)]
    grid_table(doc, headers, widths, [cells], loop="{%tr for c in criteria %}")


def readings_block(doc, lang):
    L = lambda vi, en: vi if lang == "vi" else en  # noqa: E731
    tag(doc, "{%p if readings %}")
    para(doc, [(L("Cách hiểu văn bản đã áp dụng", "Readings applied"), {"bold": True, "italic": True}),
               (L(" (số trong ngoặc ở cột Tiêu chí):", " (numbers in brackets in the Criterion column):"), {"italic": True})],
         size=12, before=6, after=2, keep_next=True)
    tag(doc, "{%p for r in readings %}")
    para(doc, [("({{ r.no }}) ", {"bold": True}), ("{{ r.ids_text }}: ", {"italic": True}), "{{ r.text }}"],
         size=12, after=2)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def addressees(doc, lang, name):
    """Kính gửi: one addressee on the line; several, one a line under it, each with a dash."""
    tag(doc, "{%p if " + name + "|length == 1 %}")
    para(doc, [w("kinh_gui", lang), "{{ " + name + "[0] }}."], align="center", after=0, before=6)
    tag(doc, "{%p else %}")
    para(doc, w("kinh_gui", lang).strip(), align="left", left_indent=15, after=0, before=6)
    tag(doc, "{%p for r in " + name + " %}")
    para(doc, "- {{ r }}{{ ';' if not loop.last else '.' }}", align="left", left_indent=35, first_indent=-3, after=0)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def bien_ban(lang):
    L = lambda vi, en: vi if lang == "vi" else en  # noqa: E731
    doc = new_document(lang, L("Biên bản cuộc họp đánh giá", "Minutes of the review meeting"))
    national_header(doc, lang)
    translation_note(doc, lang)
    title_block(doc)
    body(doc, L("Hôm nay, vào hồi ...... giờ ......, {{ meeting.when }}, tại {{ meeting.place }}, "
                "{{ unit.designation }} tổ chức cuộc họp kiểm điểm, đánh giá tình hình, kết quả thực hiện "
                "các tiêu chí đạt tiêu chuẩn {{ standard }} năm {{ unit.year }}.",
                "Today, at ...... o'clock, {{ meeting.when }}, at {{ meeting.place }}, {{ unit.designation }} "
                "held a meeting to review the implementation of the criteria of the {{ standard }} standard "
                "for {{ unit.year }}."), before=6)
    participants(doc, lang)
    heading(doc, L("II. NỘI DUNG", "II. BUSINESS"))
    body(doc, L("Cuộc họp đã kiểm điểm, đánh giá kết quả thực hiện các tiêu chí quy định tại {{ criteria_article }} "
                "{{ ruleset.instrument }}, kỳ đánh giá từ ngày {{ window.from }} đến ngày {{ window.to }} "
                "(Điều 8 khoản 2). Kết quả từng tiêu chí như sau:",
                "The meeting reviewed the criteria of {{ criteria_article }}, {{ ruleset.instrument }}, for the "
                "assessment window {{ window.from }} to {{ window.to }} (Art. 8(2)). Criterion by criterion:"))
    criteria_table(doc, lang)
    readings_block(doc, lang)
    tag(doc, "{%p if unit.notes %}")
    body(doc, [(L("Căn cứ, nguồn số liệu: ", "Basis and sources: "), {"italic": True}), "{{ unit.notes }}"], before=6)
    tag(doc, "{%p endif %}")
    heading(doc, L("III. KẾT LUẬN", "III. CONCLUSION"))
    body(doc, [L("Đối chiếu với các tiêu chí, {{ unit.designation }} đạt {{ counts.pass }}/{{ counts.applicable }} "
                 "tiêu chí áp dụng{% if counts.not_applicable %} ({{ counts.not_applicable }} tiêu chí không áp dụng)"
                 "{% endif %}. Cuộc họp thống nhất đánh giá: ",
                 "Against the criteria, {{ unit.designation }} meets {{ counts.pass }} of {{ counts.applicable }} "
                 "applicable criteria{% if counts.not_applicable %} ({{ counts.not_applicable }} not applicable)"
                 "{% endif %}. The meeting agreed on the verdict: "),
               ("{{ outcome.label }}", {"bold": True}), "."])
    tag(doc, "{%p if outcome.code == 'pass' %}")
    body(doc, L("Cuộc họp thống nhất hoàn tất hồ sơ đề nghị {{ decided_by }} xét duyệt, công nhận "
                "{{ unit.designation }} đạt tiêu chuẩn {{ standard }} năm {{ unit.year }}. {{ deadline }}",
                "The meeting agreed to complete the dossier asking {{ decided_by }} to review and recognise "
                "{{ unit.designation }} as meeting the {{ standard }} standard for {{ unit.year }}. {{ deadline }}"))
    tag(doc, "{%p elif outcome.code == 'fail' %}")
    body(doc, L("Chưa đủ điều kiện đề nghị công nhận. Các tiêu chí chưa đạt:",
                "Not yet eligible for recognition. Criteria not met:"))
    tag(doc, "{%p else %}")
    body(doc, L("Chưa đủ số liệu để kết luận; cần bổ sung số liệu của các tiêu chí sau và đánh giá lại:",
                "Not enough data to conclude; complete the data of these criteria and review again:"))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for c in not_passing %}")
    body(doc, "- {{ c.id }} {{ c.title }}: {{ c.found_inline }} ({{ c.result }})", left_indent=10, first_indent=0)
    tag(doc, "{%p endfor %}")
    body(doc, L("Cuộc họp kết thúc vào hồi ...... giờ ...... cùng ngày. Biên bản đã được đọc lại trước cuộc họp "
                "và được các thành viên dự họp nhất trí thông qua.",
                "The meeting closed at ...... o'clock the same day. These minutes were read out to the meeting "
                "and approved by those present."), before=6)
    signature_table(doc, lang, "signer",
                    ([L("CHỦ TRÌ", "CHAIR"), "~{{ meeting.chair.role }}"], "meeting.chair.name", "sign_hint"),
                    left=([L("THƯ KÝ", "SECRETARY")], "meeting.secretary.name", "sign_hint"))
    closing_note(doc, lang, ["notes.no_form", "route_note"])
    return doc


def bao_cao_ket_qua(lang):
    L = lambda vi, en: vi if lang == "vi" else en  # noqa: E731
    doc = new_document(lang, L("Báo cáo kết quả", "Results report"))
    national_header(doc, lang)
    translation_note(doc, lang)
    title_block(doc)
    body(doc, L("Thực hiện {{ circular }}, {{ unit.designation }} báo cáo kết quả xây dựng đạt tiêu chuẩn "
                "{{ standard }} năm {{ unit.year }} (kỳ đánh giá từ ngày {{ window.from }} đến ngày {{ window.to }}) "
                "như sau:",
                "Under {{ circular }}, {{ unit.designation }} reports the results of building to the {{ standard }} "
                "standard for {{ unit.year }} (assessment window {{ window.from }} to {{ window.to }}):"), before=6)
    heading(doc, L("I. ĐẶC ĐIỂM, TÌNH HÌNH", "I. BACKGROUND"))
    tag(doc, "{%p if unit.notes %}")
    body(doc, "{{ unit.notes }}")
    tag(doc, "{%p else %}")
    para(doc, "{{ blank_line }}", align="left", first_indent=10)
    para(doc, "{{ blank_line }}", align="left", first_indent=10)
    tag(doc, "{%p endif %}")
    heading(doc, L("II. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ", "II. RESULTS CRITERION BY CRITERION"))
    body(doc, L("Theo các tiêu chí quy định tại {{ criteria_article }} {{ ruleset.instrument }}:",
                "Against the criteria of {{ criteria_article }}, {{ ruleset.instrument }}:"))
    criteria_table(doc, lang, with_required=False)
    readings_block(doc, lang)
    heading(doc, L("III. TỰ ĐÁNH GIÁ", "III. SELF-ASSESSMENT"))
    body(doc, [L("{{ unit.designation|capfirst }} đạt {{ counts.pass }}/{{ counts.applicable }} tiêu chí áp dụng"
                 "{% if counts.fail %}, {{ counts.fail }} tiêu chí chưa đạt{% endif %}"
                 "{% if counts.incomplete %}, {{ counts.incomplete }} tiêu chí thiếu dữ liệu{% endif %}. Tự đánh giá: ",
                 "{{ unit.designation|capfirst }} meets {{ counts.pass }} of {{ counts.applicable }} applicable criteria"
                 "{% if counts.fail %}, {{ counts.fail }} not met{% endif %}"
                 "{% if counts.incomplete %}, {{ counts.incomplete }} with incomplete data{% endif %}. Self-assessment: "),
               ("{{ outcome.label }}", {"bold": True}), "."])
    tag(doc, "{%p for c in not_passing %}")
    body(doc, "- {{ c.id }} {{ c.title }}: {{ c.found_inline }} ({{ c.result }})", left_indent=10, first_indent=0)
    tag(doc, "{%p endfor %}")
    heading(doc, L("IV. ĐỀ XUẤT, KIẾN NGHỊ", "IV. PROPOSALS"))
    tag(doc, "{%p if outcome.code == 'pass' %}")
    body(doc, L("Đề nghị {{ decided_by }} xem xét, công nhận {{ unit.designation }} đạt tiêu chuẩn {{ standard }} "
                "năm {{ unit.year }}.",
                "We ask {{ decided_by }} to review and recognise {{ unit.designation }} as meeting the {{ standard }} "
                "standard for {{ unit.year }}."))
    tag(doc, "{%p else %}")
    para(doc, "{{ blank_line }}", align="left", first_indent=10)
    tag(doc, "{%p endif %}")
    signature_table(doc, lang, "recipients", (["for line in signer.lines"], "signer.name", "sign_seal"),
                    left_recipients=["{%p for r in recipients %}", "- {{ r }};", "{%p endfor %}"])
    closing_note(doc, lang, ["notes.no_form"])
    return doc


def to_trinh(lang):
    L = lambda vi, en: vi if lang == "vi" else en  # noqa: E731
    doc = new_document(lang, L("Tờ trình đề nghị công nhận", "Request for recognition"))
    national_header(doc, lang)
    translation_note(doc, lang)
    title_block(doc)
    addressees(doc, lang, "recipients")
    body(doc, L("Căn cứ {{ circular }};", "Having regard to {{ circular }};"), before=12)
    tag(doc, "{%p if meeting.date %}")
    body(doc, L("Căn cứ kết quả cuộc họp đánh giá tình hình, kết quả thực hiện các tiêu chí {{ meeting.when }};",
                "Having regard to the review meeting of {{ meeting.when }};"))
    tag(doc, "{%p else %}")
    body(doc, L("Căn cứ kết quả cuộc họp đánh giá tình hình, kết quả thực hiện các tiêu chí ngày …… tháng …… năm {{ unit.year }};",
                "Having regard to the review meeting of …… {{ unit.year }};"))
    tag(doc, "{%p endif %}")
    body(doc, L("Trong kỳ đánh giá từ ngày {{ window.from }} đến ngày {{ window.to }}, {{ unit.designation }} đã thực hiện "
                "đạt {{ counts.pass }}/{{ counts.applicable }} tiêu chí áp dụng theo {{ criteria_article }} "
                "{{ ruleset.instrument }} (chi tiết tại Báo cáo kết quả và Biên bản cuộc họp kèm theo).",
                "In the window {{ window.from }} to {{ window.to }}, {{ unit.designation }} met {{ counts.pass }} of "
                "{{ counts.applicable }} applicable criteria of {{ criteria_article }}, {{ ruleset.instrument }} (details in "
                "the enclosed results report and minutes)."))
    body(doc, [L("Kính đề nghị {{ decided_by }} xem xét, công nhận {{ unit.designation }} đạt tiêu chuẩn {{ standard }} năm {{ unit.year }}.",
                 "We respectfully ask {{ decided_by }} to review and recognise {{ unit.designation }} as meeting the "
                 "{{ standard }} standard for {{ unit.year }}.")])
    body(doc, [(L("Hồ sơ kèm theo:", "Enclosed:"), {"italic": True})], keep_next=True)
    for line in (L("- Báo cáo kết quả xây dựng đạt tiêu chuẩn {{ standard }};", "- Results report;"),
                 L("- Biên bản cuộc họp đánh giá tình hình, kết quả thực hiện các tiêu chí;", "- Minutes of the review meeting;"),
                 L("- Các tài liệu khác có liên quan.", "- Other relevant documents.")):
        body(doc, line, left_indent=10, first_indent=0, after=0)
    body(doc, [("{{ deadline }}", {"italic": True})], before=6)
    signature_table(doc, lang, "recipients", (["for line in signer.lines"], "signer.name", "sign_seal"),
                    left_recipients=[w("nhu_tren", lang)])
    closing_note(doc, lang, ["notes.no_form", "route_note"])
    return doc


def dang_ky(lang):
    L = lambda vi, en: vi if lang == "vi" else en  # noqa: E731
    doc = new_document(lang, L("Bản đăng ký phấn đấu", "Registration"))
    national_header(doc, lang)
    translation_note(doc, lang)
    title_block(doc)
    addressees(doc, lang, "registration_recipients")
    body(doc, L("Căn cứ {{ circular }};", "Having regard to {{ circular }};"), before=12)
    body(doc, [L("Tên đơn vị: ", "Unit: "), ("{{ unit.name }}", {"bold": True})], first_indent=0)
    body(doc, [L("Loại: ", "Type: "), "{{ unit.type_label or blank }}"], first_indent=0)
    body(doc, [L("Thuộc: ", "Commune: "), "{{ unit.commune }}, {{ unit.province }}"], first_indent=0)
    body(doc, L("{{ unit.designation|capfirst }} đăng ký phấn đấu đạt tiêu chuẩn {{ standard }} năm {{ unit.year }}, thực hiện đầy đủ "
                "các tiêu chí quy định tại {{ criteria_article }} {{ ruleset.instrument or 'Thông tư 124/2021/TT-BCA' }}:",
                "{{ unit.designation|capfirst }} registers to strive for the {{ standard }} standard for {{ unit.year }} and to meet "
                "all the criteria of {{ criteria_article }}, {{ ruleset.instrument or 'Circular 124/2021/TT-BCA' }}:"), before=6)
    tag(doc, "{%p if criteria %}")
    grid_table(doc, [w("stt", lang), L("Tiêu chí", "Criterion"), L("Căn cứ", "Basis")], [12, 112, 41],
               [[centre("{{ c.no }}"), "{{ c.title }}", "{{ c.cite }}"]], loop="{%tr for c in criteria %}")
    tag(doc, "{%p else %}")
    for _ in range(4):
        para(doc, "- {{ blank_line }}", align="left", left_indent=10)
    tag(doc, "{%p endif %}")
    body(doc, L("{{ unit.designation|capfirst }} cam kết tổ chức thực hiện nghiêm túc, phấn đấu đạt tiêu chuẩn {{ standard }} "
                "trong năm {{ unit.year }}.",
                "{{ unit.designation|capfirst }} undertakes to carry this out and to meet the {{ standard }} standard in {{ unit.year }}."),
         before=6)
    signature_table(doc, lang, "blank", (["for line in signer.lines"], "signer.name", "sign_seal"))
    closing_note(doc, lang, ["notes.no_form"])
    return doc


def danh_sach(lang):
    L = lambda vi, en: vi if lang == "vi" else en  # noqa: E731
    doc = new_document(lang, L("Danh sách đề nghị công nhận", "List proposed for recognition"))
    national_header(doc, lang)
    translation_note(doc, lang)
    title_block(doc)
    para(doc, [(L("(Kèm theo Tờ trình số …… ngày …… tháng …… năm {{ commune.year }} của Thường trực Ban Chỉ đạo {{ commune.text }})",
                  "(Enclosed with Request No. …… of …… {{ commune.year }} of the Steering Committee of {{ commune.text }})"),
                 {"italic": True})], align="center", size=13, after=6)
    tag(doc, "{%p if groups %}")
    grid_table(doc, [w("stt", lang), L("Tên đơn vị", "Unit"), L("Mã", "Code"), L("Số tiêu chí đạt", "Criteria met"),
                     L("Ghi chú", "Remarks")], [12, 72, 36, 22, 23],
               ["{%tr for g in groups %}",
                [centre([("{{ g.roman }}", {"bold": True})]), {"parts": [("{{ g.label|upper }} ({{ g.count }})", {"bold": True})]}, "", "", ""],
                "{%tr for u in g.units %}",
                [centre("{{ u.no }}"), "{{ u.name }}", "{{ u.code }}", centre("{{ u.passed }}/{{ u.applicable }}"), ""],
                "{%tr endfor %}", "{%tr endfor %}"])
    body(doc, [L("Tổng số: ", "Total: "), ("{{ proposed }}", {"bold": True}), L(" đơn vị ({{ proposed_text }}).", " units ({{ proposed_text }}).")],
         before=6)
    tag(doc, "{%p else %}")
    body(doc, L("Không có đơn vị nào đạt tiêu chuẩn để đề nghị công nhận.", "No unit meets the standard to be proposed."))
    tag(doc, "{%p endif %}")
    signature_table(doc, lang, "blank", (["for line in committee_signer.lines"], "''", "sign_seal"))
    closing_note(doc, lang, ["notes.recognised_counts", "deadline"])
    return doc


def bao_cao_tong_hop(lang):
    L = lambda vi, en: vi if lang == "vi" else en  # noqa: E731
    doc = new_document(lang, L("Báo cáo tổng hợp", "Summary report"))
    national_header(doc, lang)
    translation_note(doc, lang)
    title_block(doc)
    body(doc, L("Thường trực Ban Chỉ đạo {{ commune.text }} báo cáo kết quả đánh giá {{ units_count }} đơn vị trên địa bàn "
                "theo {{ circular }} như sau:",
                "The standing body of the Steering Committee of {{ commune.text }} reports the assessment of "
                "{{ units_count }} units under {{ circular }}:"), before=6)
    heading(doc, L("I. KẾT QUẢ THEO LOẠI ĐƠN VỊ", "I. RESULTS BY UNIT TYPE"))
    grid_table(doc, [L("Loại đơn vị", "Unit type"), L("Tổng số", "Total"), L("Đạt", "Pass"), L("Chưa đạt", "Fail"),
                     L("Thiếu dữ liệu", "Incomplete"), L("Không thuộc đối tượng", "Out of scope")],
               [50, 20, 20, 23, 24, 28],
               [["{{ r.label }}", centre("{{ r.total }}"), centre("{{ r.pass }}"), centre("{{ r.fail }}"),
                 centre("{{ r.incomplete }}"), centre("{{ r.out_of_scope }}")]],
               loop="{%tr for r in by_type %}",
               extra_rows=[[{"parts": L("Cộng", "Total"), "bold": True},
                            centre("{{ totals.total or 0 }}", bold=True), centre("{{ totals.pass or 0 }}", bold=True),
                            centre("{{ totals.fail or 0 }}", bold=True), centre("{{ totals.incomplete or 0 }}", bold=True),
                            centre("{{ totals.out_of_scope or 0 }}", bold=True)]])
    heading(doc, L("II. TỶ LỆ THEO {{ art54.citation|upper }}", "II. FIGURES OF {{ art54.citation|upper }}"), before=12)
    grid_table(doc, ["", L("Số đơn vị", "Units"), L("Tỷ lệ", "Share"), L("Yêu cầu", "Required"), L("Kết quả", "Result")],
               [68, 25, 25, 22, 25],
               [],
               extra_rows=[
                   ["{{ art54.rows.total }}", centre("{{ art54.total }}"), centre(""), centre(""), centre("")],
                   ["{{ art54.rows.registered }}", centre("{{ art54.registered }}"), centre("{{ art54.registered_pct }}"),
                    centre("{{ art54.registered_required }}"),
                    centre(L("{{ 'Đạt' if art54.registered_ok else 'Chưa đạt' }}", "{{ 'Pass' if art54.registered_ok else 'Fail' }}"), bold=True)],
                   ["{{ art54.rows.recognised }}", centre("{{ art54.recognised }}"),
                    centre("{{ art54.recognised_pct }}"), centre("{{ art54.recognised_required }}"),
                    centre(L("{{ 'Đạt' if art54.recognised_ok else 'Chưa đạt' }}", "{{ 'Pass' if art54.recognised_ok else 'Fail' }}"), bold=True)],
               ])
    tag(doc, "{%p if art54.disagreements %}")
    para(doc, [(L("Số liệu bản ghi của xã khác số tính từ các đơn vị (dùng số tính được):",
                  "The commune's record states other figures than the units give (the computed ones are used):"), {"italic": True})],
         size=12, before=4, after=0)
    tag(doc, "{%p for d in art54.disagreements %}")
    para(doc, L("- {{ d.label }}: bản ghi {{ d.stated }}, tính được {{ d.computed }}", "- {{ d.label }}: stated {{ d.stated }}, computed {{ d.computed }}"),
         size=12, left_indent=10, after=0)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    heading(doc, L("III. ĐƠN VỊ CHƯA ĐẠT, THIẾU DỮ LIỆU VÀ LÝ DO", "III. UNITS NOT PASSING, AND WHY"), before=12)
    tag(doc, "{%p if not_passing %}")
    grid_table(doc, [w("stt", lang), L("Đơn vị", "Unit"), L("Kết quả", "Outcome"), L("Tiêu chí chưa đạt, thiếu dữ liệu", "Criteria not met or incomplete")],
               [12, 45, 28, 80],
               [[centre("{{ u.no }}"), ["{{ u.name }}", {"parts": "{{ u.type_label }}", "italic": True, "size": 11}],
                 centre("{{ u.outcome_label }}", bold=True),
                 ["{%p for c in u.why %}", {"parts": [("{{ c.id }} ", {"bold": True}), "{{ c.title }}: {{ c.found }}"]}, "{%p endfor %}"]]],
               loop="{%tr for u in not_passing %}")
    tag(doc, "{%p else %}")
    body(doc, L("Không có.", "None."))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if out_of_scope %}")
    heading(doc, L("IV. ĐƠN VỊ KHÔNG THUỘC ĐỐI TƯỢNG", "IV. UNITS OUT OF SCOPE"), before=12)
    tag(doc, "{%p for u in out_of_scope %}")
    body(doc, "- {{ u.name }} ({{ u.type_label }}): {{ u.reason }} ({{ u.citation }})", left_indent=10, first_indent=0)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if commune_result %}")
    heading(doc, L("V. KẾT QUẢ ĐÁNH GIÁ CỦA {{ commune.name|upper }}", "V. THE ASSESSMENT OF {{ commune.name|upper }}"), before=12)
    body(doc, [L("Tự đánh giá theo Điều 5: ", "Self-assessment against Art. 5: "), ("{{ commune_result.label }}", {"bold": True}), "."])
    tag(doc, "{%p for c in commune_result.not_passing %}")
    body(doc, "- {{ c.id }} {{ c.title }}: {{ c.found_inline }} ({{ c.result }})", left_indent=10, first_indent=0)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    signature_table(doc, lang, "recipients", (["for line in committee_signer.lines"], "''", "sign_seal"),
                    left_recipients=[L("- Ủy ban nhân dân {{ commune.text }};", "- People's Committee of {{ commune.text }};")])
    closing_note(doc, lang, ["notes.recognised_counts", "deadline"])
    return doc


def quyet_dinh(lang):
    L = lambda vi, en: vi if lang == "vi" else en  # noqa: E731
    doc = new_document(lang, L("Dự thảo quyết định công nhận", "Draft recognition decision"))
    national_header(doc, lang)
    translation_note(doc, lang)
    title_block(doc, draft=True)
    para(doc, "{{ decision_maker|upper }}", align="center", bold=True, before=6, after=6)
    body(doc, [(L("Căn cứ Luật Tổ chức chính quyền địa phương ……………………;", "Having regard to the Law on the Organisation of Local Government ……………………;"), {"italic": True})])
    body(doc, [(L("Căn cứ {{ circular }};", "Having regard to {{ circular }};"), {"italic": True})])
    body(doc, [(L("Xét đề nghị của Thường trực Ban Chỉ đạo {{ commune.text }} tại Tờ trình số …… ngày …… tháng …… năm {{ commune.year }}.",
                  "On the proposal of the Steering Committee of {{ commune.text }} in Request No. …… of …… {{ commune.year }}."), {"italic": True})])
    para(doc, L("QUYẾT ĐỊNH:", "DECIDES:"), align="center", bold=True, before=6, after=6)
    body(doc, [(L("Điều 1. ", "Article 1. "), {"bold": True}),
               L("Công nhận {{ proposed }} đơn vị ({{ proposed_text }}) đạt tiêu chuẩn {{ standard }} năm {{ commune.year }} "
                 "(có danh sách kèm theo).",
                 "{{ proposed }} units ({{ proposed_text }}) are recognised as meeting the {{ standard }} standard for "
                 "{{ commune.year }} (list enclosed).")])
    body(doc, [(L("Điều 2. ", "Article 2. "), {"bold": True}), L("Quyết định này có hiệu lực kể từ ngày ký.", "This decision takes effect on signature.")])
    body(doc, [(L("Điều 3. ", "Article 3. "), {"bold": True}),
               L("Văn phòng Ủy ban nhân dân, Công an {{ commune.text }}, Thường trực Ban Chỉ đạo {{ commune.text }} và các "
                 "đơn vị có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
                 "The Office of the People's Committee, the police of {{ commune.text }}, the Steering Committee of "
                 "{{ commune.text }} and the units named in Article 1 are responsible for carrying out this decision.")])
    signature_table(doc, lang, "recipients", (["for line in chair_signer.lines"], "''", "sign_seal"),
                    left_recipients=[L("- Như Điều 3;", "- As in Article 3;")])
    # the annex: a new page
    p = para(doc, "", after=0)
    p.add_run().add_break(WD_BREAK.PAGE)
    para(doc, L("DANH SÁCH", "LIST"), align="center", bold=True, after=0)
    para(doc, [(L("Đơn vị đạt tiêu chuẩn {{ standard }} năm {{ commune.year }}", "Units meeting the {{ standard }} standard, {{ commune.year }}"), {"bold": True})],
         align="center", after=0)
    para(doc, [(L("(Kèm theo Quyết định số {{ doc.number }} ngày …… tháng …… năm {{ commune.year }} của {{ decision_maker }})",
                  "(Enclosed with Decision No. {{ doc.number }} of …… {{ commune.year }} of {{ decision_maker }})"), {"italic": True})],
         align="center", size=13, after=2)
    short_line(doc, 40, TEXT_WIDTH_MM)
    tag(doc, "{%p if groups %}")
    grid_table(doc, [w("stt", lang), L("Tên đơn vị", "Unit"), L("Loại", "Type"), L("Ghi chú", "Remarks")], [12, 88, 40, 25],
               ["{%tr for g in groups %}",
                "{%tr for u in g.units %}",
                [centre("{{ u.no }}"), "{{ u.name }}", "{{ u.type_label }}", ""],
                "{%tr endfor %}", "{%tr endfor %}"])
    body(doc, [L("Tổng số: {{ proposed }} đơn vị.", "Total: {{ proposed }} units.")], before=6)
    tag(doc, "{%p else %}")
    body(doc, L("Không có đơn vị nào.", "No unit."))
    tag(doc, "{%p endif %}")
    closing_note(doc, lang, ["notes.no_form", "notes.recognised_counts"])
    return doc


BUILDERS = {
    "bien-ban.docx": bien_ban,
    "bao-cao-ket-qua.docx": bao_cao_ket_qua,
    "to-trinh.docx": to_trinh,
    "dang-ky.docx": dang_ky,
    "danh-sach.docx": danh_sach,
    "bao-cao-tong-hop.docx": bao_cao_tong_hop,
    "quyet-dinh.docx": quyet_dinh,
}


def save(doc, path: Path) -> None:
    """The document, with fixed times inside the zip: the same script writes the same bytes."""
    import io
    import zipfile

    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, src.read(item.filename))


def main() -> int:
    for lang in ("vi", "en"):
        (OUT / lang).mkdir(parents=True, exist_ok=True)
        for name, build in BUILDERS.items():
            doc = build(lang)
            path = OUT / lang / name
            save(doc, path)
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
