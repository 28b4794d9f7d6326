"""A blank record for a unit type, every field with a comment in the user's language (`antt new`)."""

from __future__ import annotations

from typing import Any

from antt_cli.i18n import pick

_HEAD = {
    "vi": [
        "Bản ghi đánh giá tiêu chuẩn “An toàn về an ninh, trật tự” — {label}",
        "Bộ tiêu chí: {instrument}. Điền các trường dưới đây rồi chạy: antt assess TỆP.yaml",
        "Trường để trống = chưa có dữ liệu (kết quả “thiếu dữ liệu”). Ngày: 2024-02-20 hoặc 20/02/2024.",
    ],
    "en": [
        "Record for the “An toàn về an ninh, trật tự” standard — {label}",
        "Rule set: {instrument}. Fill in the fields below, then run: antt assess FILE.yaml",
        "An empty field = no data yet (result “incomplete”). Dates: 2024-02-20 or 20/02/2024.",
    ],
}
_HEADER_FIELDS = [
    ("name", {"vi": "Tên đơn vị (bắt buộc)", "en": "Unit name (required)"}, '""'),
    ("year", {"vi": "Năm đánh giá (năm kết thúc kỳ đánh giá)", "en": "Assessment year (the year the window ends)"}, None),
    ("code", {"vi": "Mã đơn vị (không bắt buộc; duy nhất trong một lần đánh giá hàng loạt)", "en": "Unit code (optional)"}, ""),
    ("commune", {"vi": "Xã/phường/đặc khu quản lý đơn vị", "en": "Commune that manages the unit"}, ""),
    ("province", {"vi": "Tỉnh/thành phố", "en": "Province"}, ""),
    ("notes", {"vi": "Ghi chú: căn cứ của các đánh giá, nguồn số liệu", "en": "Notes: basis of judgements, data sources"}, ""),
]
_TYPE_HINT = {
    "boolean": {"vi": "true (có) / false (không)", "en": "true / false"},
    "integer": {"vi": "số nguyên", "en": "whole number"},
    "number": {"vi": "số", "en": "number"},
    "date": {"vi": "ngày", "en": "date"},
    "text": {"vi": "văn bản", "en": "text"},
}


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.splitlines()]


def _fact_lines(name: str, spec: Any, lang: str, indent: str = "") -> list[str]:
    lines = _comment(pick(spec.label, lang), indent)
    if spec.help:
        lines += _comment(pick(spec.help, lang), indent)
    kind = pick(_TYPE_HINT.get(spec.type), lang)
    extra = []
    if spec.unit:
        extra.append(pick(spec.unit, lang))
    if spec.min is not None:
        extra.append(f"≥ {spec.min}")
    if spec.judgement:
        extra.append("đánh giá của cuộc họp bình xét" if lang == "vi" else "review meeting's judgement")
    if kind:
        lines += _comment(f"[{kind}{', ' + ', '.join(extra) if extra else ''}]", indent)
    if spec.type in ("enum", "enum_set"):
        head = "Chọn một:" if spec.type == "enum" else "Danh sách, chọn trong:"
        if lang == "en":
            head = "Choose one:" if spec.type == "enum" else "A list, from:"
        lines += _comment(head, indent)
        lines += [f"{indent}#   {v.id} — {pick(v.label, lang)}" for v in spec.values]
    if spec.type == "events":
        lines += _comment("Ghi [] nếu trong kỳ không có vụ việc nào; để trống = chưa có dữ liệu. Mỗi vụ việc một mục, ví dụ:"
                          if lang == "vi" else
                          "Write [] if there were none in the window; empty = no data yet. One item per incident, e.g.:", indent)
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
    lines = [f"# {line}" for line in (t.format(label=pick(ut.label, lang), instrument=pick(ut.ruleset.instrument, lang))
                                       for t in _HEAD[lang if lang in _HEAD else "vi"])]
    lines += ["", f"type: {ut.id}   # {pick(ut.label, lang)}"]
    for name, label, default in _HEADER_FIELDS:
        lines += _comment(pick(label, lang))
        value = str(year) if name == "year" else default
        lines.append(f"{name}: {value}".rstrip())
    for name, spec in ut.facts.items():
        lines.append("")
        lines += _fact_lines(name, spec, lang)
    return "\n".join(lines) + "\n"
