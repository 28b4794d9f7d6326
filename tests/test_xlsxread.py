"""records.xlsxread reads every cell as openpyxl's read-only mode does (`iter_rows(values_only=True)`
after `reset_dimensions()`): the same sheets, states, rows and values, of every type, on the
workbooks of the tests, on those antt writes, and on workbooks made here to hold every kind of
cell; and it refuses what an xlsx never holds."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_antt

openpyxl = pytest.importorskip("openpyxl")

from antt_cli.records.xlsxread import BadCell, Workbook, XlsxError  # noqa: E402


def _openpyxl_view(path: Path) -> list[tuple[str, str, list[list]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        out = []
        for ws in wb.worksheets:
            ws.reset_dimensions()
            out.append((ws.title, ws.sheet_state, [list(r or ()) for r in ws.iter_rows(min_row=1, values_only=True)]))
        return out
    finally:
        wb.close()


def _our_view(path: Path) -> list[tuple[str, str, list[list]]]:
    wb = Workbook(str(path))
    try:
        return [(ws.title, ws.sheet_state, [list(r) for r in ws.iter_values()]) for ws in wb.worksheets]
    finally:
        wb.close()


def _same(path: Path) -> list[tuple[str, str, list[list]]]:
    ours, theirs = _our_view(path), _openpyxl_view(path)
    assert [(t, s) for t, s, _ in ours] == [(t, s) for t, s, _ in theirs]
    for (title, _, a), (_, _, b) in zip(ours, theirs):
        assert len(a) == len(b), title
        for i, (x, y) in enumerate(zip(a, b), start=1):
            assert x == y and [type(v) for v in x] == [type(v) for v in y], f"{path.name} [{title}] row {i}: {x} != {y}"
    return ours


def _every_kind(path: Path, *, epoch1904: bool = False) -> Path:
    wb = openpyxl.Workbook()
    if epoch1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Khu dân cư"
    ws.append(["name", "ngày", "giờ", "số", "thực", "có", "thời lượng", "trống", "ghi chú"])
    ws.append(["Tổ dân phố Trần Phú", dt.datetime(2025, 3, 14), dt.time(7, 30), 42, 3.25, True, dt.timedelta(hours=30),
               None, "  khoảng trắng giữ nguyên  "])
    ws.append(["Thôn Đông", dt.datetime(1900, 2, 1), dt.time(0, 0, 1), -7, 1e20, False, dt.timedelta(minutes=5),
               "", "dòng 1\ndòng 2"])
    ws.append([])  # an empty row
    ws.append([None, None, "chỉ cột 3"])
    ws["A7"] = "sau hai dòng trống"
    ws["J7"] = 10**15
    ws["B8"] = dt.datetime(2024, 2, 29, 23, 59, 59)
    ws["B8"].number_format = "dd/mm/yyyy hh:mm"
    ws["C8"] = 45000
    ws["C8"].number_format = '[$-42A]d mmmm yyyy;@'  # a Vietnamese date format, with its locale
    ws["D8"] = 0.5
    ws["D8"].number_format = '0.00" ngày"'  # a number with a literal that holds a d: not a date
    ws["E8"] = "=1+1"  # a formula with no cached value
    ws["F8"] = 2
    ws["F8"].number_format = "[Red]0"
    ws["G8"] = 1.5
    ws["G8"].number_format = "[h]:mm:ss"
    ws["H8"] = "#N/A"
    ws["H8"].data_type = "e"
    hidden = wb.create_sheet("_lists")
    hidden.sheet_state = "hidden"
    hidden.append(["có", "không"])
    very = wb.create_sheet("ẩn hẳn")
    very.sheet_state = "veryHidden"
    very["C3"] = "x"
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.add_data(Reference(ws, min_col=4, min_row=1, max_row=3), titles_from_data=True)
    wb.create_chartsheet("Biểu đồ").add_chart(chart)  # a chart sheet is not a sheet of rows
    wb.save(path)
    return path


def _generate():  # type: ignore[no-untyped-def]
    """tests/hostile/generate.py, under the name tests/hostile/harness.py gives it (never on sys.path:
    its name would shadow benchmarks/generate.py)."""
    import importlib.util
    import sys

    if "hostile_generate" not in sys.modules:
        spec = importlib.util.spec_from_file_location("hostile_generate", ROOT / "tests" / "hostile" / "generate.py")
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        sys.modules["hostile_generate"] = mod
        spec.loader.exec_module(mod)
    return sys.modules["hostile_generate"]


def _shared(path: Path) -> Path:
    """The same workbook with its strings in a shared-string table, as Excel saves one."""
    _generate().xlsx_shared_strings(path)
    return path


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    sheets = _same(_every_kind(tmp_path / "moi-kieu.xlsx"))
    assert [(t, s) for t, s, _ in sheets] == [("Khu dân cư", "visible"), ("_lists", "hidden"), ("ẩn hẳn", "veryHidden")]
    rows = sheets[0][2]
    assert rows[1] == ["Tổ dân phố Trần Phú", dt.datetime(2025, 3, 14), dt.time(7, 30), 42, 3.25, True,
                       dt.timedelta(hours=30), None, "  khoảng trắng giữ nguyên  "]
    assert rows[3] == [] and rows[5] == []
    assert rows[7][1:7] == [dt.datetime(2024, 2, 29, 23, 59, 59), dt.datetime(2023, 3, 15), 0.5, None, 2,
                            dt.timedelta(hours=36)]


def test_the_1904_calendar_and_a_shared_string_table(tmp_path: Path) -> None:
    _same(_every_kind(tmp_path / "1904.xlsx", epoch1904=True))
    sheets = _same(_shared(_every_kind(tmp_path / "sst.xlsx")))
    with zipfile.ZipFile(tmp_path / "sst.xlsx") as zf:
        assert "xl/sharedStrings.xml" in zf.namelist()
    assert sheets[0][2][0][0] == "name"


def test_the_hostile_workbooks_and_those_antt_writes(tmp_path: Path) -> None:
    for path in sorted((ROOT / "tests" / "hostile" / "sheets").glob("*.xlsx")):
        _same(path)
    assert run_antt("new", "-o", str(tmp_path / "xa.xlsx")).returncode == 0
    _same(tmp_path / "xa.xlsx")
    r = run_antt("assess", *(str(ROOT / "examples" / t) for t in ("khu_dan_cu", "xa", "co_quan")), "-o",
                 str(tmp_path / "bao-cao.xlsx"))
    assert r.returncode == 1, r.stderr
    _same(tmp_path / "bao-cao.xlsx")  # XlsxWriter's: shared strings, styles, formulas with values


def test_a_workbook_of_many_rows_and_strings_spills_its_strings(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from antt_cli import spool

    monkeypatch.setattr(spool, "SPILL_AT", 100)  # 16,384 strings in a list, then a file: here 100

    path = _generate().xlsx_rows(tmp_path / "rows.xlsx", 300, shared=True)  # 600 distinct strings
    wb = Workbook(str(path))
    try:
        assert wb.shared.file is not None  # past the threshold: in a temporary file
        rows = list(wb.worksheets[0].iter_values())
    finally:
        wb.close()
    assert len(rows) == 301 and rows[-1][:2] == ("khu_dan_cu", "Thôn 299")
    _same(path)


def _rewrite(src: Path, dst: Path, member: str, edit) -> Path:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w") as b:
        for info in a.infolist():
            data = a.read(info)
            b.writestr(info, edit(data) if info.filename == member else data)
    return dst


def test_a_doctype_or_an_entity_is_refused(tmp_path: Path) -> None:
    src = _every_kind(tmp_path / "a.xlsx")
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    bad = _rewrite(src, tmp_path / "b.xlsx", "xl/worksheets/sheet1.xml", lambda d: bomb + (d.split(b"?>", 1)[1] if d.startswith(b"<?xml") else d))
    wb = Workbook(str(bad))
    with pytest.raises(XlsxError, match="DOCTYPE"):
        list(wb.worksheets[0].iter_values())
    wb.close()


def test_a_shared_string_the_table_lacks_is_a_clear_error(tmp_path: Path) -> None:
    src = _shared(_every_kind(tmp_path / "a.xlsx"))
    bad = _rewrite(src, tmp_path / "b.xlsx", "xl/worksheets/sheet1.xml",
                   lambda d: d.replace(b't="s"><v>0</v>', b't="s"><v>999999</v>', 1))
    wb = Workbook(str(bad))
    rows = list(wb.worksheets[0].iter_values())
    wb.close()
    assert isinstance(rows[0], BadCell) and (rows[0].row, rows[0].ref) == (1, "A1")
    assert rows[0].message == "cell A1 names shared string '999999', which the workbook does not have"
    assert rows[1][0] == "Tổ dân phố Trần Phú"  # the next rows are read


def test_a_sheet_as_a_user_gives_it_assesses_the_same(tmp_path: Path) -> None:
    """The reader in its place: a 3-row sheet whose <dimension> says one row reads all three."""
    r = run_antt("assess", str(ROOT / "tests" / "hostile" / "sheets" / "xlsx-stale-dimension.xlsx"), "--format", "json")
    import json

    assert len(json.loads(r.stdout)["units"]) == 3, r.stderr


def _sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def test_a_cut_sheet_keeps_the_rows_before_the_cut_and_says_where(tmp_path: Path) -> None:
    import json

    src = _generate().xlsx_rows(tmp_path / "a.xlsx", 40)
    cut_at = _sheet_xml(src).index(b'<row r="21"') + 30  # inside row 21
    cut = _rewrite(src, tmp_path / "cut.xlsx", "xl/worksheets/sheet1.xml", lambda d: d[:cut_at])
    r = run_antt("assess", str(cut), "--format", "json")
    assert r.returncode == 2
    assert [u["unit"]["name"] for u in json.loads(r.stdout)["units"]] == [f"Thôn {i}" for i in range(19)]  # rows 2-20
    assert f"{cut}[khu_dan_cu]:21: không đọc được bảng tính: the sheet's XML breaks off: " in r.stderr
    assert "từ dòng này trở đi không đọc được (tệp hỏng hoặc bị cắt?) [sheet-unreadable]" in r.stderr


def test_a_cell_that_holds_no_value_of_its_type_is_its_rows_problem(tmp_path: Path) -> None:
    import json

    src = _generate().xlsx_rows(tmp_path / "a.xlsx", 5)
    bad = _rewrite(src, tmp_path / "bad.xlsx", "xl/worksheets/sheet1.xml",
                   lambda d: d.replace(b'<c r="C3" t="n"><v>2024</v>', b'<c r="C3" t="n"><v>20x4</v>'))
    assert b"20x4" in _sheet_xml(bad)
    r = run_antt("assess", str(bad), "--format", "json", "--lang", "en")
    assert r.returncode == 2
    assert [u["unit"]["name"] for u in json.loads(r.stdout)["units"]] == ["Thôn 0", "Thôn 2", "Thôn 3", "Thôn 4"]
    assert (f"{bad}[khu_dan_cu]:3:3: C3: cell C3 of the file cannot be read (cell C3 of type 'n' holds '20x4', which "
            "is not a value of that type); this row is not assessed, the other rows are read [sheet-bad-cell-xml]") in r.stderr


def test_a_damaged_workbook_raises_only_what_the_sheet_reader_reports(tmp_path: Path) -> None:
    """Seeded mutations of every part of a workbook: each is read, or fails with an error the
    spreadsheet layer turns into a located problem (never an internal error)."""
    import io
    import random
    from xml.parsers.expat import ExpatError

    src = ROOT / "tests" / "hostile" / "sheets" / "xlsx-merged-commune.xlsx"
    with zipfile.ZipFile(src) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    tokens = [b"<", b">", b'"', b'r="', b't="s"', b't="b"', b't="d"', b"<v>", b"</v>", b's="99"', b"<row>", b'<row r="x">',
              b"</row>", b"&#0;", b"\xff", b"<c>", b"</c>", b"-1", b"1e999", b"9" * 30, b"<!DOCTYPE a>"]
    rng = random.Random(124)
    outcomes: dict[str, int] = {}
    for _ in range(300):
        member = rng.choice(sorted(parts))
        data = bytearray(parts[member])
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(data))
            op = rng.random()
            if op < 0.3:
                data[pos:pos + rng.randint(1, 20)] = b""
            elif op < 0.7:
                data[pos:pos] = rng.choice(tokens)
            else:
                data[pos] = rng.randrange(256)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, body in parts.items():
                zf.writestr(name, bytes(data) if name == member else body)
        path = tmp_path / "f.xlsx"
        path.write_bytes(buf.getvalue())
        try:
            wb = Workbook(str(path))
            try:
                for ws in wb.worksheets:
                    for _row in ws.iter_values():
                        pass
            finally:
                wb.close()
            kind = "read"
        except (XlsxError, ExpatError, zipfile.BadZipFile, EOFError, OSError) as e:
            kind = type(e).__name__
        outcomes[kind] = outcomes.get(kind, 0) + 1
    assert outcomes.get("read", 0) > 10 and outcomes.get("XlsxError", 0) > 10, outcomes
