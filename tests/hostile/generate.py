"""The hostile corpus of issue 8: write the stored files, and generate the big ones on demand.

    python tests/hostile/generate.py --stored            # rewrite the small stored files here
    python tests/hostile/generate.py --big OUT_DIR       # write the big ones (tests do this in tmp_path)

Every record starts from BASE: a residential area that FAILS one criterion (300 of 312 households
registered), so that its name and commune appear in every report format (the batch table and
markdown list only the units that did not pass). Each file has its own name and code, so a batch
of the examples plus any of these files reports no duplicate. See README.md for the classes.

Nothing here needs antt itself, only PyYAML-free string building and openpyxl (for the xlsx files).
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# A failing residential area (KDC-1c: 300/312 households registered); every other criterion passes.
BASE = """\
type: khu_dan_cu
name: Thôn Thử Nghiệm
year: 2024
code: HOSTILE
commune: Xã Thử Nghiệm
province: Tỉnh Thử Nghiệm
party_resolution_date: 2024-02-20
registration_date: 15/03/2024
households_residing: 312
households_registered: 300
implements_policy_fully: true
anti_party_activities: 0
sabotage_activities: 0
illegal_religion_activities: 0
exploitation_activities: 0
separatist_activities: 0
prolonged_disputes: 0
complaint_disorder_activities: 0
crimes: 2
crimes_previous_year: 4
social_evils: 1
social_evils_previous_year: 1
other_violations: 3
other_violations_previous_year: 5
incidents: []
new_hotspots: 0
new_social_evil_persons: 0
managed_persons_handled_well: true
grassroots_force_rating: hoan_thanh_tot
force_members_disciplined: 0
"""

# A provincial pack (like examples/packs/thanh-hoa) with one fact and one criterion; the
# hostile criteria files change the condition or the title. Loaded with
# `--criteria criteria --criteria FILE`.
PACK = """\
schema_version: 1
ruleset:
  id: hostile-pack
  pack: hostile
  instrument:
    vi: "Gói thử nghiệm (tệp kiểm thử)"
    en: "Test pack (a test file)"
  short: "Gói thử"
  effective_from: 2022-02-10

unit_types:
  - id: khu_dan_cu

facts:
  security_camera_points:
    type: integer
    min: 0
    label: {vi: "Số điểm camera an ninh", en: "Security camera points"}

criteria:
  - id: HOSTILE-1
    citation: {article: 1, clause: 1}
    title:
      vi: "TITLE"
      en: "TITLE"
    condition: CONDITION
"""


def slug_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")


def record(slug: str, /, *, comment: str, **fields: str) -> str:
    """BASE with its own name and code, then `fields` replaced (values are YAML text)."""
    text = BASE
    values = {"name": f"Thôn thử {slug}", "code": f"HOSTILE-{slug.upper()}"}
    values.update(fields)
    for key, value in values.items():
        text, n = re.subn(rf"^{re.escape(key)}:.*$", lambda m, k=key, v=value: f"{k}: {v}", text, flags=re.M)
        if n == 0:
            text += f"{key}: {value}\n"
    return f"# hostile corpus (issue 8): {comment}\n" + text


def pack(*, condition: str = "{fact: security_camera_points, ge: 1}", title: str = "Có camera an ninh") -> str:
    return PACK.replace("CONDITION", condition).replace("TITLE", title)


def nested_list(depth: int) -> str:
    return "[" * depth + "]" * depth


def nested_not(depth: int) -> str:
    return "{not: " * depth + "{fact: security_camera_points, ge: 1}" + "}" * depth


DEPTH = 900          # 450–999 levels crash today (libyaml itself refuses 1000 and more)
DIGITS = 5000        # Python refuses int ↔ str beyond 4,300 digits
HEX = "0x" + "f" * 4000  # ≈ 4,817 decimal digits: parses (hex has no limit), crashes when shown


def stored_yaml() -> dict[str, str]:
    """name → text of every stored YAML record (records/)."""
    r: dict[str, str] = {}

    def add(file: str, comment: str, /, **fields: str) -> None:
        r[file] = record(slug_of(file), comment=comment, **fields)

    add("deep-nesting-900-record.yaml", f"{DEPTH} nested flow lists in `incidents`", incidents=nested_list(DEPTH))
    add("bigint-5000-digits-record.yaml", f"a {DIGITS}-digit decimal integer (YAML parse)",
        households_residing="1" + "0" * (DIGITS - 1))
    add("bigint-hex-field-record.yaml", "a 4,000-hex-digit integer in a validated field (shown in the reasons)",
        households_residing=HEX)
    add("bigint-hex-negative-record.yaml", "a huge negative integer (shown in the too-small message)",
        crimes="-" + HEX)
    add("bigint-hex-name-record.yaml", "a huge integer where text is expected (repr in the wrong-type message)",
        name=HEX)
    add("bigint-hex-type-record.yaml", "a huge integer as `type:` (str in the type suggestion)", type=HEX)
    add("bigint-hex-year-record.yaml", "a huge integer as `year:` (a date is built from it)", year=HEX)
    add("year-1-record.yaml", "year: 1 (a date is built before the year is validated)", year="1")
    add("year-0-record.yaml", "year: 0", year="0")
    add("year-10000-record.yaml", "year: 10000", year="10000")
    add("unknown-key-bracket-record.yaml", "an unknown key containing '['", **{'"a[0]"': "1"})
    add("unknown-key-function-record.yaml", "an unknown key starting with 'function'", function_x="1")
    add("markup-commune-close-tag-record.yaml", "rich markup in commune: a closing tag with nothing to close",
        commune='"[/]"')
    add("markup-commune-link-record.yaml", "rich markup in commune: a hidden terminal hyperlink",
        commune='"[link=http://evil.example]Xã Thử Nghiệm[/link]"')
    add("markup-name-link-record.yaml", "rich markup in name: a link", name='"[link=http://x]a[/link]"')
    add("markup-name-verdict-record.yaml", "rich markup in name: a fake red verdict", name='"[bold red]ĐẠT[/]"')
    add("control-nul-name-record.yaml", "NUL in name", name=r'"Thôn\0NUL"')
    add("control-osc-title-name-record.yaml", "OSC escape (sets the terminal window title) in name",
        name=r'"Thôn\e]0;title\a OSC"')
    add("control-clear-screen-name-record.yaml", "ANSI clear-screen and a fake green verdict in name",
        name=r'"\e[2J\e[H\e[32mĐẠT\e[0m Thôn ANSI"')
    add("control-osc8-link-commune-record.yaml", "OSC 8 hyperlink in commune",
        commune=r'"\e]8;;http://evil.example\e\\Xã Thử Nghiệm\e]8;;\e\\"')
    add("control-backspace-name-record.yaml", "backspaces that overwrite the text shown", name=r'"Thôn ĐẠT\b\b\bXYZ"')
    add("control-vtab-name-record.yaml", r"\v in name", name=r'"Thôn\vVT"')
    add("control-u2028-name-record.yaml", "U+2028 LINE SEPARATOR in name", name=r'"Thôn\LLS"')
    add("control-escape-in-key-record.yaml", "an unknown key holding an OSC escape (echoed in the problem)",
        **{r'"\e]0;title\a"': "1"})
    add("newline-forged-line-name-record.yaml", "a newline in name that forges a report line",
        name=r'"Tên\nFAKE: ĐẠT"')
    add("junit-xml-forbidden-name-record.yaml", "characters XML 1.0 forbids (for JUnit)", name=r'"Thôn\x01\x0c\uFFFE XML"')
    add("markdown-script-name-record.yaml", "raw HTML for markdown", name='"<script>alert(1)</script>"',
        commune='"<img src=x onerror=alert(1)>"')
    r["merge-key-bomb-record.yaml"] = merge_key_bomb()
    return r


def stored_criteria() -> dict[str, str]:
    return {
        "deep-nesting-900-criteria.yaml": f"# hostile corpus (issue 8): a condition nested {DEPTH} levels\n"
                                          + pack(condition=nested_not(DEPTH)),
        "bigint-threshold-criteria.yaml": f"# hostile corpus (issue 8): a {DIGITS}-digit threshold\n"
                                          + pack(condition="{fact: security_camera_points, ge: 1" + "0" * (DIGITS - 1) + "}"),
        "markup-title-criteria.yaml": "# hostile corpus (issue 8): rich markup in a criterion title\n"
                                      + pack(title="[/] [link=http://evil.example]bấm vào đây[/link]"),
    }


def merge_key_bomb(levels: int = 6, fan: int = 10) -> str:
    """Merge keys that multiply: fan**levels node visits from 1 KB. The node limit stops it
    (the real error); today every later merge adds a false `yaml-merge` error."""
    lines = ["# hostile corpus (issue 8): a merge-key bomb",
             "a0: &a0 {" + ", ".join(f"k{i}: {i}" for i in range(10)) + "}"]
    for d in range(1, levels + 1):
        lines.append(f"a{d}: &a{d} {{<<: [" + ", ".join([f"*a{d - 1}"] * fan) + "]}")
    return "\n".join(lines) + "\n" + record("merge-key-bomb", comment="(the record after the bomb)").split("\n", 1)[1]


def utf16_record() -> str:
    """An ASCII-only record (no diacritics): its UTF-16 bytes then decode as 'valid' UTF-8 full
    of NULs, which is how today's reader ends up with a YAML syntax error at position 1."""
    return record("utf16", comment="UTF-16 without a BOM", name="Thon thu utf16", commune="Xa Thu Nghiem",
                  province="Tinh Thu Nghiem")


# ----------------------------------------------------------------------------- spreadsheets

def _base_fields() -> dict[str, str]:
    return dict(line.split(": ", 1) for line in BASE.strip().splitlines())


SHEET_COLUMNS = list(_base_fields()) + ["notes"]


def sheet_rows(prefix: str, n: int = 3) -> list[dict[str, str]]:
    """n distinct, valid units (all fail KDC-1c like BASE) for a spreadsheet."""
    rows = []
    for i in range(1, n + 1):
        r = _base_fields()
        r.update(name=f"Thôn {prefix} {i}", code=f"{prefix.upper()}-{i}", notes="")
        rows.append(r)
    return rows


def csv_text(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=SHEET_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def stored_csv() -> dict[str, str]:
    out: dict[str, str] = {}
    rows = sheet_rows("csv-newline")
    rows[1]["notes"] = "dòng 1\ndòng 2"
    out["csv-quoted-newline.csv"] = csv_text(rows)
    rows = sheet_rows("csv-u2028")
    rows[1]["notes"] = "trước\u2028sau"
    out["csv-u2028-in-cell.csv"] = csv_text(rows)
    rows = sheet_rows("csv-vtab")
    rows[1]["notes"] = "trước\vsau"
    out["csv-vtab-in-cell.csv"] = csv_text(rows)
    # one stray quote opening the name of row 3: it swallows row 4
    lines = csv_text(sheet_rows("csv-quote")).split("\r\n")
    lines[2] = lines[2].replace("Thôn csv-quote 2", '"Thôn csv-quote 2', 1)
    out["csv-stray-quote.csv"] = "\r\n".join(lines)
    return out


def csv_big_field(size: int = 130 * 1024) -> str:
    rows = sheet_rows("csv-bigfield")
    rows[1]["notes"] = "x" * size
    return csv_text(rows)


def _cell(v: str) -> object:
    if v in ("true", "false"):
        return v == "true"
    if re.fullmatch(r"\d+", v):
        return int(v)
    return v


def _workbook(prefix: str, n: int = 3):  # -> openpyxl Workbook
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "khu_dan_cu"
    ws.append(SHEET_COLUMNS)
    for r in sheet_rows(prefix, n):
        r["commune"] = "Xã Thử Nghiệm"
        ws.append([_cell(r[c]) if r[c] else None for c in SHEET_COLUMNS])
    return wb


def _save(wb, path: Path) -> None:  # type: ignore[no-untyped-def]
    wb.save(path)
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Stable bytes: openpyxl stamps the time into docProps/core.xml and the zip entries."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", data)
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def xlsx_stale_dimension(path: Path) -> None:
    """3 units, but the sheet's <dimension> says A1:B2 (openpyxl read-only mode trusts it)."""
    _save(_workbook("xlsx-dim"), path)
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "xl/worksheets/sheet1.xml":
                new = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:B2"/>', data)
                assert new != data, "no <dimension> in the sheet"
                data = new
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def xlsx_merged_commune(path: Path) -> None:
    """3 units of one commune, the commune column merged C2:C4 (only C2 holds the value)."""
    from openpyxl.utils import get_column_letter

    wb = _workbook("xlsx-merged")
    col = get_column_letter(SHEET_COLUMNS.index("commune") + 1)
    wb.active.merge_cells(f"{col}2:{col}4")
    _save(wb, path)


def xlsx_formula_no_cache(path: Path) -> None:
    """households_registered is a formula (=J2) with no cached value, as openpyxl writes it."""
    from openpyxl.utils import get_column_letter

    wb = _workbook("xlsx-formula")
    ws = wb.active
    target = SHEET_COLUMNS.index("households_registered") + 1
    source = get_column_letter(SHEET_COLUMNS.index("households_residing") + 1)
    for row in range(2, 5):
        ws.cell(row=row, column=target, value=f"={source}{row}")
    _save(wb, path)


STORED_XLSX = {
    "xlsx-stale-dimension.xlsx": xlsx_stale_dimension,
    "xlsx-merged-commune.xlsx": xlsx_merged_commune,
    "xlsx-formula-no-cached-value.xlsx": xlsx_formula_no_cache,
}


# ----------------------------------------------------------------------------- big ones (generated)

def unknown_keys(path: Path, n: int = 100_000) -> Path:
    """A record with n unknown keys: one problem each today (100,000 lines in 19 s)."""
    text = record("unknown-keys", comment=f"{n} unknown keys")
    path.write_text(text + "".join(f"unknown_field_{i}: {i}\n" for i in range(n)), encoding="utf-8")
    return path


def xlsx_zip_bomb(path: Path, compressed: int = 400 * 1024) -> Path:
    """An xlsx of about `compressed` bytes whose sheet inflates about 1000×: the same short row
    again and again (read-only openpyxl streams it; antt keeps every row today)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "khu_dan_cu"
    wb.active.append(["type", "name", "year"])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    row = b'<row><c t="inlineStr"><is><t>khu_dan_cu</t></is></c><c t="inlineStr"><is><t>x</t></is></c><c><v>2024</v></c></row>'
    head = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row><c t="inlineStr"><is><t>type</t></is></c><c t="inlineStr"><is><t>name</t></is></c>'
            b'<c t="inlineStr"><is><t>year</t></is></c></row>')
    tail = b"</sheetData></worksheet>"
    info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in items:
            if name != "xl/worksheets/sheet1.xml":
                z.writestr(name, data)
        with z.open(info, "w", force_zip64=True) as f:
            f.write(head)
            block = row * 10_000
            written = 0
            while written < compressed * 1000:  # deflate reaches about 1:1000 on this
                f.write(block)
                written += len(block)
            f.write(tail)
    return path


def xlsx_rows(path: Path, n: int = 200_000, *, shared: bool = False) -> Path:
    """An n-row sheet of valid units (write-only openpyxl: flat memory while writing). openpyxl
    writes its strings inline; `shared=True` moves them to a shared-string table, as Excel saves a
    workbook (a table of 2n + a few distinct strings)."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("khu_dan_cu")
    ws.append(SHEET_COLUMNS)
    base = _base_fields()
    values = [_cell(base[c]) if c in base else None for c in SHEET_COLUMNS]
    i_name, i_code = SHEET_COLUMNS.index("name"), SHEET_COLUMNS.index("code")
    for i in range(n):
        values[i_name] = f"Thôn {i}"
        values[i_code] = f"ROW-{i}"
        ws.append(values)
    wb.save(path)
    if shared:
        xlsx_shared_strings(path)
    return path


_INLINE = re.compile(rb'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t(?: [^>]*)?>([^<]*)</t></is></c>')


def xlsx_shared_strings(path: Path) -> None:
    """Rewrite a workbook's inline strings as a shared-string table (xl/sharedStrings.xml), streaming."""
    tmp = path.with_suffix(".tmp.xlsx")
    table: dict[bytes, int] = {}

    def to_shared(m: re.Match[bytes]) -> bytes:
        i = table.setdefault(m.group(3), len(table))
        return b'<c r="' + m.group(1) + b'"' + (m.group(2) or b"") + b' t="s"><v>' + str(i).encode() + b"</v></c>"

    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename.startswith("xl/worksheets/sheet"):
                with src.open(info) as fh, dst.open(info.filename, "w", force_zip64=True) as out:
                    carry = b""
                    while True:
                        data = fh.read(1 << 20)
                        buf = carry + data
                        cut = buf.rfind(b"</row>") + len(b"</row>") if data else len(buf)
                        cut = max(cut, 0)
                        out.write(_INLINE.sub(to_shared, buf[:cut]))
                        carry = buf[cut:]
                        if not data:
                            break
                continue
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            dst.writestr(info, data)
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.'
                      b'openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(table), len(table)))
            for text in table:
                out.write(b"<si><t xml:space=\"preserve\">" + text + b"</t></si>")
            out.write(b"</sst>")
    os.replace(tmp, path)


def csv_rows(path: Path, n: int = 40_000) -> Path:
    base = _base_fields()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=SHEET_COLUMNS, lineterminator="\r\n")
        w.writeheader()
        for i in range(n):
            w.writerow(dict(base, name=f"Thôn {i}", code=f"ROW-{i}", notes=""))
    return path


def yaml_folder(folder: Path, n: int, *, examples: Path | None = None) -> list[Path]:
    """n distinct record files, copies of the bundled examples (every unit type) with their own
    name and code: cheap to write (no YAML dump), realistic to assess."""
    examples = examples or HERE.parent.parent / "examples"
    bases = [p.read_text(encoding="utf-8") for d in ("khu_dan_cu", "xa", "co_quan", "doanh_nghiep", "co_so_giao_duc")
             for p in sorted((examples / d).glob("*.yaml"))]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        text = bases[i % len(bases)]
        text = re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1).rstrip()} số {i}", text, count=1, flags=re.M)
        text = re.sub(r"^code: (.*)$", lambda m: f"code: {m.group(1).rstrip()}-{i}", text, count=1, flags=re.M)
        sub = folder / f"{i // 200:03d}"
        sub.mkdir(exist_ok=True)
        p = sub / f"unit-{i:06d}.yaml"
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out


# ----------------------------------------------------------------------------- main

def write_stored(folder: Path = HERE) -> list[Path]:
    written = []
    for sub, files in (("records", stored_yaml()), ("criteria", stored_criteria())):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            p = folder / sub / name
            p.write_text(text, encoding="utf-8", newline="\n")
            written.append(p)
    p = folder / "records" / "utf16le-no-bom-record.yaml"
    p.write_bytes(utf16_record().encode("utf-16-le"))
    written.append(p)
    p = folder / "records" / "utf16le-bom-record.yaml"
    p.write_bytes(b"\xff\xfe" + utf16_record().encode("utf-16-le"))
    written.append(p)
    (folder / "sheets").mkdir(exist_ok=True)
    for name, text in stored_csv().items():
        p = folder / "sheets" / name
        p.write_bytes(text.encode("utf-8"))
        written.append(p)
    for name, fn in STORED_XLSX.items():
        p = folder / "sheets" / name
        fn(p)
        written.append(p)
    return written


def write_big(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = [unknown_keys(folder / "unknown-keys-100k-record.yaml"), xlsx_zip_bomb(folder / "xlsx-zip-bomb-400k.xlsx")]
    p = folder / "csv-field-130k.csv"
    p.write_bytes(csv_big_field().encode("utf-8"))
    out.append(p)
    out.append(xlsx_rows(folder / "xlsx-200k-rows.xlsx"))
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["--stored"]:
        for p in write_stored():
            print(p.relative_to(HERE), os.path.getsize(p))
        return 0
    if argv[:1] == ["--big"] and len(argv) == 2:
        for p in write_big(Path(argv[1])):
            print(p, os.path.getsize(p))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
