#!/usr/bin/env python3
"""A commune's workbook filled in as its office would, then assessed: the files to look at.

    python scripts/demo-workbooks.py OUT_DIR

Writes OUT_DIR/xa-minh-tan.xlsx — `antt new -o` for the whole commune, filled from the example
records of examples/batch/xa-minh-tan/ the way a person fills it: labels of the choices, có/không,
dates, a title row above the header, an STT column, a group heading, the incidents on the Vụ việc
sheet by unit code, a unit with data missing and a row with a typing mistake — and, from it,
OUT_DIR/xa-minh-tan-ket-qua.xlsx (the same workbook assessed, `xlsx-assessed`) and
OUT_DIR/bao-cao.xlsx (the report, `xlsx`). scripts/render-workbooks.sh renders them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def insert_first_row_and_column(ws) -> None:
    """Insert a row above and a column left of everything, as Excel does it: cells, widths, hidden
    rows, drop-downs, frozen panes and print titles move too (openpyxl moves only the cells)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    ws.insert_cols(1)
    ws.insert_rows(1)
    # a dimension may span several columns (<col min="6" max="7">, as XlsxWriter writes equal
    # neighbours): the span moves too, or the columns after its first lose their width
    dims = {k: (d.width, d.hidden, d.min, d.max) for k, d in ws.column_dimensions.items()}
    for letter in list(ws.column_dimensions):
        del ws.column_dimensions[letter]
    from openpyxl.utils import column_index_from_string

    for letter, (width, hidden, low, high) in dims.items():
        new = get_column_letter(column_index_from_string(letter) + 1)
        ws.column_dimensions[new].width = width
        ws.column_dimensions[new].hidden = hidden
        if low and high:
            ws.column_dimensions[new].min, ws.column_dimensions[new].max = low + 1, high + 1
    ws.column_dimensions["A"].width = 6
    rows = {r: (d.height, d.hidden) for r, d in ws.row_dimensions.items()}
    for r in list(ws.row_dimensions):
        del ws.row_dimensions[r]
    for r, (h, hidden) in rows.items():
        ws.row_dimensions[r + 1].height = h
        ws.row_dimensions[r + 1].hidden = hidden
    for dv in ws.data_validations.dataValidation:
        ranges = []
        for rng in dv.sqref.ranges:
            c = CellRange(rng.coord)
            c.shift(col_shift=1, row_shift=1)
            ranges.append(c.coord)
        dv.sqref = " ".join(ranges)
        if dv.type == "custom" and dv.formula1:  # its cell reference moves with it
            import re

            dv.formula1 = re.sub(r"\b([A-Z]{1,3})(\d+)\b", lambda m: get_column_letter(
                column_index_from_string(m.group(1)) + 1) + str(int(m.group(2)) + 1), dv.formula1)
    ws.freeze_panes = "C5"
    ws.print_title_rows = "1:4"
    ws.print_title_cols = "A:B"


def main(out: Path) -> None:
    import openpyxl

    from antt_cli.criteria import load_criteria
    from antt_cli.yamlsrc import load_file

    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    book = out / "xa-minh-tan.xlsx"
    antt = [sys.executable, "-m", "antt_cli"]
    subprocess.run([*antt, "new", "-o", str(book)], check=True, cwd=ROOT)
    criteria = load_criteria()
    wb = openpyxl.load_workbook(book)
    sheets: dict[str, tuple] = {}
    for tid in criteria.type_ids():
        ut = criteria.latest(tid)
        ws = wb[ut.label.vi[:31]]
        insert_first_row_and_column(ws)
        ws["A1"] = f"DANH SÁCH {ut.label.vi.upper()} — XÃ MINH TÂN — NĂM 2024"
        ws["A2"] = "STT"
        ids = {c.value: c.column for c in ws[3] if c.value}
        sheets[tid] = (ut, ws, ids, [5, 0])  # next row (1 title, 2 labels, 3 ids, 4 guidance), STT
    incidents = wb["Vụ việc"]
    inc_cols = {c.value: c.column for c in incidents[2] if c.value}
    records = [load_file(str(p), nfc=True).data for p in sorted((ROOT / "examples/batch/xa-minh-tan").glob("*.yaml"))]
    extra = dict(next(r for r in records if r["name"] == "Thôn Đông"))
    records.append(dict(extra, name="Thôn Bắc", code="MT-THONBAC", households_registered=None, crimes=None,
                        grassroots_force_rating=None))
    records.append(dict(extra, name="Thôn Nam", code="MT-THONNAM", households_residing="hai trăm"))
    fire = {"date": dt.date(2024, 4, 12), "category": "chay_no", "severity": "it_nghiem_trong", "fatal": False,
            "detected_timely": True, "description": "Cháy kho rơm nhà ông B, dập tắt ngay"}
    heading_done = False
    inc_row = 3
    for rec in records:
        ut, ws, ids, nxt = sheets[rec["type"]]
        if rec["type"] == "khu_dan_cu" and not heading_done:
            ws.cell(nxt[0], ids["name"], "I. CÁC THÔN")
            nxt[0] += 1
            heading_done = True
        r = nxt[0]
        nxt[0] += 1
        nxt[1] += 1
        ws.cell(r, 1, nxt[1])
        items = [fire] if rec["name"] == "Thôn Đông" else []
        for fid, v in rec.items():
            if fid == "type" or fid not in ids or v is None:
                continue
            spec = ut.facts.get(fid)
            if spec is not None and spec.type == "events":
                v = "có (ghi ở trang “Vụ việc”)" if items else "không có"
            elif spec is not None and spec.type == "enum":
                v = next(x.label.vi for x in spec.values if x.id == v)
            elif spec is not None and spec.type == "enum_set":
                v = "; ".join(x.label.vi for x in spec.values if x.id in v)
            elif isinstance(v, bool):
                v = "có" if v else "không"
            elif isinstance(v, dt.date):
                v = dt.datetime(v.year, v.month, v.day)
            c = ws.cell(r, ids[fid], v)
            if isinstance(v, dt.datetime):
                c.number_format = "dd/mm/yyyy"
        for item in items:
            inc_row += 1
            incidents.cell(inc_row, inc_cols["code"], rec["code"])
            incidents.cell(inc_row, inc_cols["name"], rec["name"])
            spec = ut.facts["incidents"].fields
            for f, v in item.items():
                if spec[f].type == "enum":
                    v = next(x.label.vi for x in spec[f].values if x.id == v)
                elif isinstance(v, bool):
                    v = "có" if v else "không"
                elif isinstance(v, dt.date):
                    v = dt.datetime(v.year, v.month, v.day)
                c = incidents.cell(inc_row, inc_cols[f], v)
                if isinstance(v, dt.datetime):
                    c.number_format = "dd/mm/yyyy"  # as the column's own format shows a date typed in Excel
    wb.save(book)
    subprocess.run([*antt, "assess", str(book), "-o", f"xlsx-assessed={out / 'xa-minh-tan-ket-qua.xlsx'}",
                    "-o", str(out / "bao-cao.xlsx")], cwd=out)
    print(f"wrote {book}, {out / 'xa-minh-tan-ket-qua.xlsx'}, {out / 'bao-cao.xlsx'}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "out/workbooks"))
