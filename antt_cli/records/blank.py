"""Blank records for a unit type (`antt new`): a YAML record with every field commented in the
user's language, a blank csv, or a blank workbook — for one unit type or a whole commune (a sheet
per unit type, a sheet per register such as the incidents, Vụ việc, and a guide) — with labels,
drop-downs and checks Excel enforces (workbook_template).

The words that name the standard and the record's header fields come from the rule set's
vocabulary (criteria data); the rest are the words of this tool.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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


# ----------------------------------------------------------------------------- blank csv


def sheet_title(ut: Any, lang: str = "vi") -> str:
    """The sheet's name: the unit type's label (it names the type when read back), ≤ 31 characters."""
    return _sheet_name(pick(ut.label, lang))


def sheet_template_csv(ut: Any, lang: str = "vi", year: int | None = None) -> str:
    """A blank csv as the workbook's sheet: labels, then the field ids (antt reads either), then a
    guidance row starting with '#'; a `type` column first."""
    import csv
    import datetime as dt
    import io

    year = year or dt.date.today().year
    cols = [_Col("type", WORDS("type", lang), "type")] + _unit_columns(ut, lang)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c.label for c in cols])
    w.writerow([c.id for c in cols])
    w.writerow([f"# {ut.id} ({pick(ut.label, lang)})"] + [_hint(c, lang, year, {}).lstrip("# ") for c in cols[1:]])
    return buf.getvalue()


# ----------------------------------------------------------------------------- blank workbooks

SHEET_WORDS = Words({
    "hint.name": ("# tên đầy đủ (bắt buộc)", "# full name (required)"),
    "hint.text": ("chữ", "text"),
    "hint.integer": ("số nguyên ≥ {min}", "a whole number ≥ {min}"),
    "hint.number": ("số ≥ {min}", "a number ≥ {min}"),
    "hint.year": ("năm, ví dụ {year}", "a year, e.g. {year}"),
    "hint.date": ("ngày, ví dụ 20/02/2024; hoặc “không có”", "a date, e.g. 20/02/2024; or “không có” (none)"),
    "hint.item_date": ("ngày, ví dụ 20/02/2024", "a date, e.g. 20/02/2024"),
    "hint.boolean": ("có / không", "có / không (yes / no)"),
    "hint.enum": ("chọn trong danh sách", "choose from the list"),
    "hint.enum_set": ("một hoặc nhiều, cách nhau bởi dấu ;", "one or more, separated by ;"),
    "hint.events": ("“có” (ghi ở trang “{sheet}”) hoặc “không có”", "“có” (listed on the sheet “{sheet}”) or “không có” (none)"),
    "hint.code": ("mã, duy nhất", "a code, unique"),
    "hint.link": ("mã đơn vị (như ở trang của đơn vị)", "the unit's code (as on the unit's sheet)"),
    "hint.link_name": ("để dễ đọc; nối theo mã", "for reading; linked by the code"),
    "see_sheet": ("có (ghi ở trang “{sheet}”)", "có (listed on the sheet “{sheet}”)"),
    "none": ("không có", "không có"),
    "prompt.integer": ("Số nguyên", "Whole number"),
    "prompt.number": ("Số", "Number"),
    "prompt.date": ("Ngày", "Date"),
    "prompt.boolean": ("Có / không", "Yes / no"),
    "prompt.enum": ("Chọn trong danh sách", "Choose from the list"),
    "prompt.enum_set": ("Danh sách", "List"),
    "prompt.events": ("Sổ theo dõi", "Register"),
    "prompt.year": ("Năm đánh giá", "Assessment year"),
    "error.integer": ("Cần một số nguyên ≥ {min}.", "A whole number ≥ {min} is needed."),
    "error.number": ("Cần một số ≥ {min}.", "A number ≥ {min} is needed."),
    "error.year": ("Cần một năm từ 2000 đến 2100.", "A year from 2000 to 2100 is needed."),
    "error.date": ("Cần một ngày (ví dụ 20/02/2024), hoặc “không có”.", "A date (e.g. 20/02/2024), or “không có”, is needed."),
    "error.item_date": ("Cần một ngày, ví dụ 20/02/2024.", "A date, e.g. 20/02/2024, is needed."),
    "error.list": ("Chọn một giá trị trong danh sách.", "Choose a value from the list."),
    "error.events": ("Ghi “có” rồi liệt kê ở trang “{sheet}”, hoặc “không có”.",
                     "Write “có” and list them on the sheet “{sheet}”, or “không có”."),
    "guide.title": ("Bảng tính đánh giá tiêu chuẩn “{standard}”", "Workbook for the “{standard}” standard"),
    "guide.ruleset": ("Bộ tiêu chí: {instrument}.", "Rule set: {instrument}."),
    "guide.1": ("Mỗi trang một loại đơn vị; mỗi dòng một đơn vị, từ dòng 4. Dòng 1 là tên cột; dòng 2 (ẩn) là mã cột "
                "antt đọc; dòng 3 là hướng dẫn. Có thể thêm cột STT, cột ghi chú riêng (tiêu đề bắt đầu bằng #), "
                "dòng tiêu đề nhóm: antt bỏ qua.",
                "One sheet per unit type; one row per unit, from row 4. Row 1 names the columns; row 2 (hidden) holds "
                "the ids antt reads; row 3 is guidance. An STT column, your own columns (header starting with #) and "
                "group headings may be added: antt ignores them."),
    "guide.2": ("Ô để trống = chưa có số liệu (kết quả “thiếu dữ liệu”); “không có” = không có (0 vụ, không có nghị "
                "quyết). Có / không: chọn trong danh sách. Ngày: nhập ngày, ví dụ 20/02/2024.",
                "An empty cell = no data yet (result “incomplete”); “không có” = there is none (0 cases, no "
                "resolution). Yes / no: choose có / không. Dates: type a date, e.g. 20/02/2024."),
    "guide.3": ("Vụ việc: mỗi vụ một dòng ở trang “{sheet}”, ghi đúng mã đơn vị; ở trang của đơn vị ghi “có” (hoặc "
                "“không có” nếu trong kỳ không có vụ việc nào).",
                "Incidents: one row per incident on the sheet “{sheet}”, with the unit's code; on the unit's sheet "
                "write “có” (or “không có” if there were none in the window)."),
    "guide.4": ("Đánh giá: antt assess {file} -o xlsx-assessed=ket-qua-{file} (bảng tính này kèm kết quả từng dòng) "
                "-o bao-cao.xlsx (báo cáo tổng hợp).",
                "Assess: antt assess {file} -o xlsx-assessed=result-{file} (this workbook with each row's result) "
                "-o report.xlsx (the summary report)."),
    "guide.fields": ("Các cột", "The columns"),
    "guide.col.sheet": ("Trang", "Sheet"),
    "guide.col.label": ("Cột", "Column"),
    "guide.col.id": ("Mã cột", "Column id"),
    "guide.col.kind": ("Cách ghi", "How to write it"),
    "guide.col.help": ("Hướng dẫn", "Guidance"),
})
DATA_ROWS = 1000        # rows below the header that carry the drop-downs and checks
FIRST_DATA = 3          # 0-based: row 4 in Excel (labels, ids, hints above)
_WIDTH = {"integer": 14, "number": 14, "date": 14, "boolean": 12, "enum": 26, "enum_set": 28, "text": 30,
          "events": 24}
_HEAD_WIDTH = {"name": 30, "code": 14, "year": 10, "commune": 24, "province": 16, "notes": 40}
_HEADER_ORDER = ("name", "code", "year", "commune", "province")
_MAX_HEAD_LINES = 5


@dataclass
class _Col:
    id: str
    label: str
    kind: str             # a fact type, or year / name / code / text / link
    spec: Any = None
    help: str = ""
    width: int = 14
    item: bool = False    # a field of a register's item (an incident's date is a date, never "không có")


def register_title(ut: Any, fid: str, lang: str = "vi") -> str:
    """The sheet of a register (events fact): the vocabulary's `register_<fact>` word, else its label
    up to a parenthesis; ≤ 31 characters, as Excel requires."""
    vocab = ut.ruleset.vocabulary
    text = vocab.forms.get(f"register_{fid}") if vocab is not None else None
    title = text.pick(lang) if text is not None else pick(ut.facts[fid].label, lang).split("(")[0].strip()
    return _sheet_name(title)


def _sheet_name(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31].strip()


def _unit_columns(ut: Any, lang: str) -> list[_Col]:
    vocab = ut.vocabulary
    cols = []
    for fid in _HEADER_ORDER:
        h = vocab.header.get(fid)
        cols.append(_Col(fid, h.label.pick(lang) if h else fid, fid if fid in ("name", "year", "code") else "text",
                         help=h.help.pick(lang) if h is not None and h.help is not None else "", width=_HEAD_WIDTH[fid]))
    for fid, spec in ut.facts.items():
        label = pick(spec.label, lang)
        width = _WIDTH.get(spec.type, 16)
        width = max(width, min(40, len(label) // 4))
        cols.append(_Col(fid, label, spec.type, spec, pick(spec.help, lang) if spec.help else "", width))
    h = vocab.header.get("notes")
    cols.append(_Col("notes", h.label.pick(lang) if h else "notes", "text",
                     help=h.help.pick(lang) if h is not None and h.help is not None else "", width=_HEAD_WIDTH["notes"]))
    return cols


def _register_columns(uts: list[Any], fid: str, lang: str) -> list[_Col]:
    """A register's sheet: the unit's code (the link), its name (for reading), then the item fields of
    every unit type's register of that id, in order; a choice lists every type's values."""
    vocab = uts[0].vocabulary
    code, name = vocab.header.get("code"), vocab.header.get("name")
    cols = [_Col("code", code.label.pick(lang) if code else "code", "link", width=14),
            _Col("name", name.label.pick(lang) if name else "name", "link_name", width=28)]
    fields: dict[str, Any] = {}
    for ut in uts:
        spec = ut.facts.get(fid)
        if spec is None:
            continue
        for fname, f in spec.fields.items():
            if fname not in fields:
                fields[fname] = replace(f, values=list(f.values))
            else:
                known = {v.id for v in fields[fname].values}
                fields[fname].values.extend(v for v in f.values if v.id not in known)
    for fname, f in fields.items():
        label = pick(f.label, lang)
        cols.append(_Col(fname, label, f.type, f, width=max(_WIDTH.get(f.type, 16), min(40, len(label) // 3)), item=True))
    return cols


def _hint(col: _Col, lang: str, year: int, see: dict[str, str]) -> str:
    W = SHEET_WORDS
    spec = col.spec
    unit = f" ({pick(spec.unit, lang)})" if spec is not None and spec.unit else ""
    if col.kind == "name":
        return W("hint.name", lang)
    if col.kind == "year":
        return W("hint.year", lang, year=year)
    if col.kind in ("code", "link", "link_name"):
        return W({"code": "hint.code", "link": "hint.link", "link_name": "hint.link_name"}[col.kind], lang)
    if col.kind in ("integer", "number"):
        return W(f"hint.{col.kind}", lang, min=_num(spec.min if spec.min is not None else 0)) + unit
    if col.kind == "events":
        if col.id not in see:
            return WORDS("yaml_list", lang) + "{" + ", ".join(spec.fields) + "}"
        return W("hint.events", lang, sheet=see[col.id])
    if col.kind == "date" and col.item:
        return W("hint.item_date", lang)
    if col.kind in ("date", "boolean", "enum", "enum_set"):
        return W(f"hint.{col.kind}", lang)
    return W("hint.text", lang)


def _num(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def workbook_template(uts: list[Any], lang: str = "vi", year: int | None = None, file: str = "xa.xlsx") -> bytes:
    """A blank workbook for these unit types: a guide, a sheet per unit type, a sheet per register the
    types keep (incidents: one row per incident, linked by the unit's code), drop-down lists of labels
    on a hidden sheet. Row 1: labels; row 2 (hidden): field ids; row 3: guidance; data from row 4."""
    import datetime as dt
    import io

    import xlsxwriter

    year = year or dt.date.today().year
    W = SHEET_WORDS
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    f = _formats(wb)
    vocab = uts[0].vocabulary
    wb.set_properties({"title": W("guide.title", lang, standard=vocab.standard.pick(lang)), "author": "antt",
                       "comments": "antt new --format xlsx"})
    registers: dict[str, list[Any]] = {}
    for ut in uts:
        for fid, spec in ut.facts.items():
            if spec.type == "events":
                registers.setdefault(fid, []).append(ut)
    see = {fid: register_title(types[0], fid, lang) for fid, types in registers.items()}
    guide = wb.add_worksheet(_guide_name(lang))
    lists = _Lists()
    sheets: list[tuple[str, list[_Col]]] = []
    for ut in uts:
        cols = _unit_columns(ut, lang)
        name = _sheet_name(pick(ut.label, lang))
        _blank_sheet(wb, name, cols, f, lists, lang, year, see)
        sheets.append((name, cols))
    for fid, types in registers.items():
        cols = _register_columns(types, fid, lang)
        _blank_sheet(wb, see[fid], cols, f, lists, lang, year, see)
        sheets.append((see[fid], cols))
    _guide(guide, sheets, f, lang, uts[0], see, file)
    lists.write(wb)
    wb.worksheets()[1].activate()
    wb.close()
    return buf.getvalue()


def _guide_name(lang: str) -> str:
    from antt_cli.records.spreadsheet import RESULT_WORDS

    return RESULT_WORDS("sheet.guide", lang)


def _formats(wb: Any) -> dict[str, Any]:
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}
    return {
        "head": wb.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#DDEBF7", "border": 1,
                               "align": "center", "valign": "vcenter"}),
        "ids": wb.add_format({**base, "font_size": 9, "font_color": "#808080"}),
        "hint": wb.add_format({**base, "font_size": 10, "italic": True, "font_color": "#595959", "text_wrap": True,
                               "bg_color": "#F2F2F2", "border": 1}),
        "text": wb.add_format({**base, "text_wrap": True, "num_format": "@"}),
        "cell": wb.add_format(base),
        "int": wb.add_format({**base, "num_format": "0"}),
        "num": wb.add_format({**base, "num_format": "0.##"}),
        "date": wb.add_format({**base, "num_format": "dd/mm/yyyy"}),
        "title": wb.add_format({**base, "bold": True, "font_size": 14}),
        "para": wb.add_format({**base, "text_wrap": True}),
        "bold": wb.add_format({**base, "bold": True}),
        "gh": wb.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#DDEBF7", "border": 1}),
        "gc": wb.add_format({**base, "text_wrap": True, "border": 1}),
    }


class _Lists:
    """The values of drop-down lists, one column each on a hidden sheet, written last (a list given
    inline would break on a label holding a comma, "Cháy, nổ", and is limited to 255 characters)."""

    def __init__(self) -> None:
        from antt_cli.records.spreadsheet import RESULT_WORDS

        self.name = RESULT_WORDS("sheet.lists", "vi")
        self.known: dict[tuple[str, ...], str] = {}

    def ref(self, values: list[str]) -> str:
        key = tuple(values)
        if key not in self.known:
            from xlsxwriter.utility import xl_col_to_name

            letter = xl_col_to_name(len(self.known))
            self.known[key] = f"={self.name}!${letter}$1:${letter}${len(values)}"
        return self.known[key]

    def write(self, wb: Any) -> None:
        ws = wb.add_worksheet(self.name)
        for col, values in enumerate(self.known):
            for r, v in enumerate(values):
                ws.write_string(r, col, v)
        ws.hide()


def _choices(spec: Any, lang: str) -> list[str]:
    values = [pick(v.label, lang) for v in spec.values]
    if spec.none_label is not None:
        values.append(SHEET_WORDS("none", lang))
    return values


def _blank_sheet(wb: Any, name: str, cols: list[_Col], f: dict[str, Any], lists: _Lists, lang: str, year: int,
                 see: dict[str, str]) -> None:
    import datetime as dt

    from xlsxwriter.utility import xl_rowcol_to_cell

    W = SHEET_WORDS
    ws = wb.add_worksheet(name)
    first, last = FIRST_DATA, FIRST_DATA + DATA_ROWS - 1
    lines = 1
    for c, col in enumerate(cols):
        fmt = {"integer": f["int"], "year": f["int"], "number": f["num"], "date": f["date"]}.get(col.kind, f["text"])
        if col.kind in ("boolean", "enum", "events"):
            fmt = f["cell"]
        ws.set_column(c, c, col.width, fmt)
        ws.write_string(0, c, col.label, f["head"])
        ws.write_string(1, c, col.id, f["ids"])
        text = _hint(col, lang, year, see)
        ws.write_string(2, c, text if c or text.startswith("#") else "# " + text, f["hint"])  # a guidance row: '#' first
        lines = max(lines, -(-len(col.label) // max(1, int(col.width * 0.95))))
        cell = xl_rowcol_to_cell(first, c)
        prompt = (col.help or col.label)[:255]
        dv: dict[str, Any] | None = None
        spec = col.spec
        if col.kind == "year":
            dv = {"validate": "integer", "criteria": "between", "minimum": 2000, "maximum": 2100,
                  "input_title": W("prompt.year", lang), "error_message": W("error.year", lang)}
        elif col.kind in ("integer", "number"):
            low = spec.min if spec.min is not None else 0
            dv = {"validate": "integer" if col.kind == "integer" else "decimal", "criteria": ">=", "value": low,
                  "input_title": W(f"prompt.{col.kind}", lang), "error_message": W(f"error.{col.kind}", lang, min=_num(low))}
            if spec.max is not None:
                dv.update(criteria="between", minimum=low, maximum=spec.max)
                dv.pop("value")
        elif col.kind == "date" and col.item:
            dv = {"validate": "date", "criteria": "between", "minimum": dt.date(2000, 1, 1),
                  "maximum": dt.date(2100, 12, 31), "input_title": W("prompt.date", lang),
                  "error_message": W("error.item_date", lang)}
        elif col.kind == "date":
            none = W("none", lang)
            dv = {"validate": "custom", "value": f'=OR(AND(ISNUMBER({cell}),{cell}>=DATE(2000,1,1),{cell}<=DATE(2100,12,31)),'
                                                 f'LOWER(TRIM({cell}))="{none}")',
                  "input_title": W("prompt.date", lang), "error_message": W("error.date", lang)}
        elif col.kind == "boolean":
            dv = {"validate": "list", "source": lists.ref([WORDS("yes", "vi"), WORDS("no", "vi")]),
                  "input_title": W("prompt.boolean", lang), "error_message": W("error.list", lang)}
        elif col.kind == "enum":
            dv = {"validate": "list", "source": lists.ref(_choices(spec, lang)),
                  "input_title": W("prompt.enum", lang), "error_message": W("error.list", lang)}
        elif col.kind == "events":
            sheet = see.get(col.id, "")
            dv = {"validate": "list", "source": lists.ref([W("see_sheet", lang, sheet=sheet), W("none", lang)]),
                  "input_title": W("prompt.events", lang), "error_type": "warning",
                  "error_message": W("error.events", lang, sheet=sheet)}
        elif col.kind == "enum_set":
            prompt = ("; ".join(pick(v.label, lang) for v in spec.values))[:255]
            ws.data_validation(first, c, last, c, {"validate": "any", "input_title": W("prompt.enum_set", lang),
                                                   "input_message": prompt})
        if dv is not None:
            dv.setdefault("input_message", prompt)
            dv["input_title"] = dv["input_title"][:32]
            dv["error_title"] = "antt"
            dv["error_message"] = dv["error_message"][:255]
            ws.data_validation(first, c, last, c, dv)
    ws.set_row(0, 15.75 * min(_MAX_HEAD_LINES, max(2, lines)))
    ws.set_row(1, None, None, {"hidden": True})
    ws.set_row(2, 30)
    ws.freeze_panes(FIRST_DATA, 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.repeat_rows(0, 2)  # a roster too wide for one page prints across pages, each with the header
    ws.repeat_columns(0)  # and the unit's name
    ws.set_print_scale(75)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&L&A&R&P/&N")


def _guide(ws: Any, sheets: list[tuple[str, list[_Col]]], f: dict[str, Any], lang: str, ut: Any,
           see: dict[str, str], file: str) -> None:
    W = SHEET_WORDS
    vocab = ut.vocabulary
    for c, w in enumerate((22, 48, 28, 34, 60)):
        ws.set_column(c, c, w)
    ws.write_string(0, 0, W("guide.title", lang, standard=vocab.standard.pick(lang)), f["title"])
    ws.write_string(1, 0, W("guide.ruleset", lang, instrument=pick(ut.ruleset.instrument, lang)), f["cell"])
    incidents = see.get("incidents") or next(iter(see.values()), "")
    row = 3
    for key in ("guide.1", "guide.2", "guide.3", "guide.4"):
        text = W(key, lang, sheet=incidents, file=file)
        ws.merge_range(row, 0, row, 4, text, f["para"])
        ws.set_row(row, 15.75 * (1 + len(text) // 180))
        row += 1
    row += 1
    ws.write_string(row, 0, W("guide.fields", lang), f["bold"])
    row += 1
    head = [W(f"guide.col.{k}", lang) for k in ("sheet", "label", "id", "kind", "help")]
    for c, h in enumerate(head):
        ws.write_string(row, c, h, f["gh"])
    ws.freeze_panes(row + 1, 0)
    top = row
    widths = (22, 48, 28, 34, 60)
    for name, cols in sheets:
        for col in cols:
            row += 1
            kind = _hint(col, lang, 2024, see).lstrip("# ")
            if col.spec is not None and col.kind == "enum":
                kind += ": " + "; ".join(_choices(col.spec, lang))
            values = (name, col.label, col.id, kind, col.help)
            n = max(-(-len(v) // int(w * 1.1)) if v else 1 for v, w in zip(values, widths))
            if n > 1:
                ws.set_row(row, 15.75 * min(n, 12))
            for c, v in enumerate(values):
                ws.write_string(row, c, v, f["gc"])
    ws.autofilter(top, 0, row, 4)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(top)
