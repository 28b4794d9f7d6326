"""Blank records for a unit type (`antt new`): a YAML record with every field commented in the
user's language, or a blank spreadsheet (csv, xlsx) with headers, descriptions and drop-downs.

The words that name the standard and the record's header fields come from the rule set's
vocabulary (criteria data); the rest are the words of this tool.
"""

from __future__ import annotations

from typing import Any

from antt_cli.criteria import UnitType
from antt_cli.records.messages import TYPE_WORDS
from antt_cli.words import Words, pick

_SIMPLE = ("boolean", "integer", "number", "date", "text")

WORDS = Words({
    "head2": ("Bộ tiêu chí: {instrument}. Điền các trường dưới đây rồi chạy: antt assess TỆP.yaml",
              "Rule set: {instrument}. Fill in the fields below, then run: antt assess FILE.yaml"),
    "head3": ("Trường để trống = chưa có dữ liệu (kết quả “thiếu dữ liệu”). Ngày: 2024-02-20 hoặc 20/02/2024.",
              "An empty field = no data yet (result “incomplete”). Dates: 2024-02-20 or 20/02/2024."),
    "judgement": ("đánh giá của cuộc họp bình xét", "review meeting's judgement"),
    "choose_one": ("Chọn một:", "Choose one:"),
    "choose_list": ("Danh sách, chọn trong:", "A list, from:"),
    "events": ("Ghi [] nếu trong kỳ không có vụ việc nào; để trống = chưa có dữ liệu. Mỗi vụ việc một mục, ví dụ:",
               "Write [] if there were none in the window; empty = no data yet. One item per incident, e.g.:"),
    "type": ("Loại đơn vị", "Unit type"),
    "one_of": ("một trong: ", "one of: "),
    "comma": ("cách nhau bởi dấu phẩy", "comma-separated"),
    "yaml_list": ("danh sách YAML, [] nếu không có; mỗi mục: ", "a YAML list, [] for none; each item: "),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "uncomment": ("Bỏ dấu # ở đầu các dòng dưới đây rồi điền; không điền thì biên bản để dòng chấm để viết tay.",
                  "Remove the # at the start of the lines below and fill them in; if not, the minutes leave dotted lines."),
    "one_person": ("thêm một dòng như vậy cho mỗi người dự họp", "one such line per member present"),
})
_HEADER_DEFAULTS = {"name": '""', "year": None, "code": "", "commune": "", "province": "", "notes": ""}


def _header_fields(ut: UnitType, lang: str) -> list[tuple[str, str, Any]]:
    """(field, description, default value) of the header, described by the vocabulary."""
    vocab = ut.vocabulary
    out = []
    for fid, default in _HEADER_DEFAULTS.items():
        h = vocab.header.get(fid)
        text = h.label.pick(lang) if h else fid
        if h is not None and h.help is not None:
            text += f" ({h.help.pick(lang)})"
        out.append((fid, text, default))
    return out


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.splitlines()]


def _fact_lines(name: str, spec: Any, lang: str, indent: str = "") -> list[str]:
    lines = _comment(pick(spec.label, lang), indent)
    if spec.help:
        lines += _comment(pick(spec.help, lang), indent)
    kind = pick(TYPE_WORDS.get(spec.type), lang) if spec.type in _SIMPLE else ""
    extra = []
    if spec.unit:
        extra.append(pick(spec.unit, lang))
    if spec.min is not None:
        extra.append(f"≥ {spec.min}")
    if spec.judgement:
        extra.append(WORDS("judgement", lang))
    if kind:
        lines += _comment(f"[{kind}{', ' + ', '.join(extra) if extra else ''}]", indent)
    if spec.type in ("enum", "enum_set"):
        lines += _comment(WORDS("choose_one" if spec.type == "enum" else "choose_list", lang), indent)
        lines += [f"{indent}#   {v.id} — {pick(v.label, lang)}" for v in spec.values]
    if spec.type == "events":
        lines += _comment(WORDS("events", lang), indent)
        example = _item_example(spec, lang, indent + "#     ")
        example[0] = indent + "#   - " + example[0].lstrip("# ").lstrip()
        lines += example
        lines.append(f"{indent}{name}:")
    else:
        lines.append(f"{indent}{name}:")
    return lines


def _item_example(spec: Any, lang: str, indent: str) -> list[str]:
    out = []
    for fname, f in spec.fields.items():
        if f.type == "date":
            value = "2024-03-15"
        elif f.type == "enum":
            value = f.values[0].id
        elif f.type == "boolean":
            value = "false"
        else:
            value = '""'
        out.append(f"{indent}{fname}: {value}   # {pick(f.label, lang)}")
    return out


def render_template(ut: Any, lang: str = "vi", year: int | None = None) -> str:
    import datetime as dt

    year = year or dt.date.today().year
    vocab = ut.vocabulary
    title = vocab.form("record_title", lang, standard=vocab.standard.pick(lang), label=pick(ut.label, lang))
    lines = [f"# {title}", f"# {WORDS('head2', lang, instrument=pick(ut.ruleset.instrument, lang))}",
             f"# {WORDS('head3', lang)}"]
    lines += ["", f"type: {ut.id}   # {pick(ut.label, lang)}"]
    for name, label, default in _header_fields(ut, lang):
        lines += _comment(label)
        value = str(year) if name == "year" else default
        lines.append(f"{name}: {value}".rstrip())
    for name, spec in ut.facts.items():
        lines.append("")
        lines += _fact_lines(name, spec, lang)
    lines += _meeting_lines(ut, lang, year)
    return "\n".join(lines) + "\n"


def _meeting_lines(ut: UnitType, lang: str, year: int) -> list[str]:
    """The optional `meeting:` block (the review meeting of Art. 9.1), commented out: its names fill
    the biên bản. Its labels are the vocabulary's (header.meeting and its fields)."""
    h = ut.vocabulary.header.get("meeting")
    if h is None:
        return []
    part = {k: f.described(lang) for k, f in h.fields.items()}
    label = {k: f.label.pick(lang) for k, f in h.fields.items()}
    rows = [
        (f"  date: {year}-11-05", part.get("date", "date")),
        ('  place: ""', part.get("place", "place")),
        ('  chair: {name: "", title: ""}', f"{label.get('chair', 'chair')}: {label.get('name', 'name')}, {label.get('title', 'title')}"),
        ('  secretary: {name: "", title: ""}', label.get("secretary", "secretary")),
        ("  attendees:", part.get("attendees", "attendees")),
        ('    - {role: "", name: ""}', f"{part.get('role', 'role')}; {label.get('name', 'name')} — {WORDS('one_person', lang)}"),
    ]
    width = max(len(code) for code, _ in rows) + 2
    out = ["", *_comment(h.described(lang)), *_comment(WORDS("uncomment", lang)), "# meeting:"]
    out += [f"# {code.ljust(width)}# {text}" for code, text in rows]
    return out


# ----------------------------------------------------------------------------- blank spreadsheets

def _sheet_columns(ut: Any, lang: str, with_type: bool) -> list[tuple[str, str, Any]]:
    """(column header = field id, description, spec or None) for every field of the unit type."""
    cols: list[tuple[str, str, Any]] = []
    if with_type:
        cols.append(("type", f"{WORDS('type', lang)}: {ut.id} ({pick(ut.label, lang)})", None))
    cols += [(n, label, None) for n, label, _ in _header_fields(ut, lang)]
    for name, spec in ut.facts.items():
        desc = pick(spec.label, lang)
        kind = pick(TYPE_WORDS.get(spec.type), lang) if spec.type in _SIMPLE else ""
        extra = [kind] if kind else []
        if spec.unit:
            extra.append(pick(spec.unit, lang))
        if spec.type in ("enum", "enum_set"):
            extra.append(WORDS("one_of", lang) + ", ".join(v.id for v in spec.values))
            if spec.type == "enum_set":
                extra.append(WORDS("comma", lang))
        if spec.type == "events":
            extra.append(WORDS("yaml_list", lang) + "{" + ", ".join(spec.fields) + "}")
        cols.append((name, desc + (f" [{'; '.join(extra)}]" if extra else ""), spec))
    return cols


def sheet_title(ut: Any, lang: str = "vi") -> str:
    """The sheet's name: the unit type's label (it names the type when read back), ≤ 31 characters."""
    title = pick(ut.label, "vi")
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31] if len(title) <= 31 else ut.id


def sheet_template_csv(ut: Any, lang: str = "vi", year: int | None = None) -> str:
    """A blank csv: header row (field ids, a `type` column), then a description row starting with '#'."""
    import csv
    import io

    cols = _sheet_columns(ut, lang, with_type=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c[0] for c in cols])
    w.writerow(["# " + cols[0][1]] + [c[1] for c in cols[1:]])
    return buf.getvalue()


def sheet_template_xlsx(ut: Any, lang: str = "vi", year: int | None = None) -> bytes:
    """A blank workbook: one sheet named after the unit type, header row (field ids), a description
    row (starting with '#'), data validation lists for enumerations and yes/no fields."""
    import io

    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    cols = _sheet_columns(ut, lang, with_type=False)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(ut, lang)
    lists = wb.create_sheet("_lists")
    lists.sheet_state = "hidden"
    bold = Font(bold=True)
    grey = Font(italic=True, color="666666")
    fill = PatternFill("solid", fgColor="EEEEEE")
    list_col = 0
    yes_no = [WORDS("yes", lang), WORDS("no", lang)]
    for i, (name, desc, spec) in enumerate(cols, start=1):
        head = ws.cell(row=1, column=i, value=name)
        head.font = bold
        d = ws.cell(row=2, column=i, value=("# " + desc) if i == 1 else desc)
        d.font = grey
        d.fill = fill
        d.alignment = Alignment(wrap_text=True, vertical="top")
        if spec is not None and spec.help:
            head.comment = Comment(pick(spec.help, lang)[:2000], "antt")
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(name) + 2))
        if name == "year":
            dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(f"{get_column_letter(i)}3:{get_column_letter(i)}5000")
            if year:
                pass
        values: list[str] | None = None
        if spec is not None and spec.type == "enum":
            values = [v.id for v in spec.values]
        elif spec is not None and spec.type == "boolean":
            values = yes_no
        if values:
            list_col += 1
            letter = get_column_letter(list_col)
            for r, v in enumerate(values, start=1):
                lists.cell(row=r, column=list_col, value=v)
            dv = DataValidation(type="list", formula1=f"=_lists!${letter}$1:${letter}${len(values)}", allow_blank=True,
                                showErrorMessage=True)
            ws.add_data_validation(dv)
            dv.add(f"{get_column_letter(i)}3:{get_column_letter(i)}5000")
        if spec is not None and spec.type == "integer":
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(int(spec.min or 0)), allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(f"{get_column_letter(i)}3:{get_column_letter(i)}5000")
    ws.row_dimensions[2].height = 60
    ws.freeze_panes = "B3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
