"""Run every hostile class once as a user would and print FINDINGS.md's evidence table.

    python tests/hostile/findings.py > /tmp/findings.md

For each class: the exact command (run from the repository root; $T is a scratch folder), the exit
code and the first lines of stderr, the symptom (what the issue says must not happen and did), and
the innermost antt_cli frame when it crashed (ANTT_DEBUG=1). Real processes, memory capped at 1 GB.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import CONTROL, ROOT, cli_env  # noqa: E402

import generate  # noqa: E402

R, C, S = "tests/hostile/records", "tests/hostile/criteria", "tests/hostile/sheets"
T = Path(tempfile.mkdtemp(prefix="antt-findings-"))


def sh(args: list[str], env: dict | None = None, debug: bool = False) -> tuple[int, bytes, str]:  # type: ignore[type-arg]
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    e = cli_env({**(env or {}), **({"ANTT_DEBUG": "1"} if debug else {})})
    p = subprocess.run([sys.executable, "-m", "antt_cli", *args], capture_output=True, env=e, cwd=ROOT, timeout=120,
                       preexec_fn=cap)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def where(args: list[str]) -> str:
    _, _, err = sh(args, debug=True)
    frames = re.findall(r'File "[^"]*antt_cli/([^"]+)", line (\d+), in (\w+)', err)
    return f"{frames[-1][0]}:{frames[-1][2]}" if frames else ""


def show(text: str, n: int = 2) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()][:n]
    out = " ⏎ ".join(lines)
    out = CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256 else f"\\u{ord(m.group(0)):04x}", out)
    out = out.replace(str(T), "$T").replace("|", "\\|")
    return (out[:220] + "…") if len(out) > 220 else out


def raw_controls(data: bytes | str) -> str:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    found = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text.replace("\r\n", "\n"))})
    return ("raw " + " ".join(found)) if found else ""


# class, command, symptom(code, out, err) → str, suggested fix
Check = Callable[[int, bytes, str], str]


def crash(code: int, out: bytes, err: str) -> str:
    return "exit 3, no report" if code == 3 else ("" if code == 2 else f"exit {code}")


def literal(text: str, fmt_args: tuple[str, ...] = ()) -> Check:
    def check(code: int, out: bytes, err: str) -> str:
        if code == 3:
            return "exit 3, no report"
        return "" if text in out.decode("utf-8", "replace") else f"{text!r} not shown literally (read as markup)"
    return check


def controls(code: int, out: bytes, err: str) -> str:
    if code == 3:
        return "exit 3, no report"
    return " ".join(x for x in (raw_controls(out) and "stdout " + raw_controls(out),
                                raw_controls(err) and "stderr " + raw_controls(err)) if x)


def count_units(n: int) -> Check:
    def check(code: int, out: bytes, err: str) -> str:
        import json

        try:
            units = json.loads(out)["units"]
        except ValueError:
            return f"exit {code}, no report"
        return f"{len(units)} of {n} units read" + (", no problem reported" if code != 2 else "") if len(units) != n else ""
    return check


def FILE_UNCHANGED(path: Path, before: bytes) -> Check:
    def check(code: int, out: bytes, err: str) -> str:
        return f"exit {code}; the input was overwritten" if path.read_bytes() != before else ""
    return check


def setup() -> dict[str, Any]:
    env: dict[str, Any] = {}
    big = T / "csv-field-130k.csv"
    big.write_bytes(generate.csv_big_field().encode("utf-8"))
    keys = generate.unknown_keys(T / "unknown-keys-2000-record.yaml", 2000)
    fold = T / "in"
    fold.mkdir()
    shutil.copy(ROOT / "examples/khu_dan_cu/to-dan-pho-tran-phu.yaml", fold / "good.yaml")
    os.mkfifo(fold / "pipe.yaml")
    (fold / "gone.yaml").symlink_to(T / "nowhere.yaml")
    (fold / "loop-a.yaml").symlink_to(fold / "loop-b.yaml")
    (fold / "loop-b.yaml").symlink_to(fold / "loop-a.yaml")
    named = T / "names"
    named.mkdir()
    (named / "\x1b[2Jevil.yaml").write_text("type: khu_dan_cu\nname: X\nyear: 2024\nfoo: 1\n", encoding="utf-8")
    o = T / "o"
    o.mkdir()
    (o / "units.csv").write_bytes(generate.csv_text(generate.sheet_rows("o")).encode("utf-8"))
    shutil.copy(ROOT / S / "xlsx-merged-commune.xlsx", o / "units.xlsx")
    shutil.copy(ROOT / "examples/khu_dan_cu/to-dan-pho-tran-phu.yaml", o / "unit.yaml")
    shutil.copy(ROOT / "examples/khu_dan_cu/to-dan-pho-tran-phu.yaml", o / "other.yaml")
    env.update(big=big, keys=keys, fold=fold, o=o, named=named)
    return env


def rows() -> list[tuple[str, list[str], Check, str]]:
    e = setup()
    o, fold = e["o"], e["fold"]
    ex = ["examples/co_quan"]  # a folder: the batch (summary) report
    junit_ok: Check = lambda c, out, err: "exit 3, no report" if c == 3 else _xml(out)  # noqa: E731
    md_html: Check = lambda c, out, err: "exit 3" if c == 3 else ("raw <script>/<img> in markdown" if re.search(rb"<(script|img)", out) else "")  # noqa: E731
    forged: Check = lambda c, out, err: "exit 3" if c == 3 else ("a line starting 'FAKE: ĐẠT'" if re.search(r"(?m)^\W*FAKE: ĐẠT", out.decode()) else "")  # noqa: E731
    many: Check = lambda c, out, err: f"{len(err.splitlines())} lines on stderr for one file"  # noqa: E731
    bomb: Check = lambda c, out, err: f"{err.count('[yaml-merge]')} false [yaml-merge] after [yaml-too-large]"  # noqa: E731
    utf16: Check = lambda c, out, err: "" if "utf-16" in err.lower() else "the message does not say UTF-16"  # noqa: E731
    silent: Check = lambda c, out, err: f"exit {c}, nothing said" if c in (0, 1) and not err.strip() else ""  # noqa: E731
    accepted: Check = lambda c, out, err: f"exit {c}: accepted" if c != 2 else ""  # noqa: E731
    t = []
    for name, fix in [
        ("deep-nesting-900-record.yaml", "yamlsrc._Builder/_Fast.build: an explicit depth counter (limit as data, e.g. 100) → [yaml-too-deep]"),
        ("bigint-5000-digits-record.yaml", "yamlsrc._Fast.build / _scalar: refuse int literals over N digits before int() → [number-too-long]"),
        ("bigint-hex-field-record.yaml", "yamlsrc: limit the digits of every int (hex/octal too) at parse; never str() an unbounded int"),
        ("bigint-hex-negative-record.yaml", "same limit at parse; i18n.problem_message: format values through a bounded repr"),
        ("bigint-hex-name-record.yaml", "records/load.validation_problems: a bounded repr (reprlib) instead of repr(input)[:40]"),
        ("bigint-hex-type-record.yaml", "records/load.record_from_data: a non-string type is wrong-type before resolve/suggest_type"),
        ("bigint-hex-year-record.yaml", "records/load.record_from_data: check 2000 ≤ year ≤ 2100 (data) before criteria.unit_type()"),
        ("year-1-record.yaml", "same: validate the year range before UnitType.window builds a date"),
        ("year-0-record.yaml", "same"),
        ("year-10000-record.yaml", "same"),
        ("unknown-key-bracket-record.yaml", "records/load.validation_problems: filter pydantic's own loc parts by position, not by content of user keys"),
        ("unknown-key-function-record.yaml", "same"),
    ]:
        t.append((name, ["assess", f"{R}/{name}"], crash, fix))
    t += [
        ("deep-nesting-900-criteria.yaml (check)", ["criteria", "check", "criteria", f"{C}/deep-nesting-900-criteria.yaml"], crash,
         "the same depth limit in yamlsrc (criteria files use it); conditions compiler iterative or depth-limited"),
        ("bigint-threshold-criteria.yaml (check)", ["criteria", "check", "criteria", f"{C}/bigint-threshold-criteria.yaml"], crash,
         "the same digit limit at parse"),
        ("markup-title-criteria.yaml (assess)", ["assess", "-c", "criteria", "-c", f"{C}/markup-title-criteria.yaml",
                                                 "examples/khu_dan_cu/to-dan-pho-tran-phu.yaml"],
         literal("[/] [link=http://evil.example]bấm vào đây[/link]"),
         "report/table.render_unit: criteria titles, commune, instrument as rich Text (or markup.escape), never markup strings"),
        ("markup-commune-close-tag-record.yaml", ["assess", f"{R}/markup-commune-close-tag-record.yaml"], literal("[/]"),
         "report/table.render_unit line 'Thuộc:' and sinks.TableSink._table cells: Text(), not str"),
        ("markup-commune-link-record.yaml (batch)", ["assess", *ex, f"{R}/markup-commune-link-record.yaml"],
         literal("[link=http://evil.example]Xã Thử Nghiệm[/link]"),
         "sinks.TableSink._table: add_row(Text(str(v))) — markup in a commune name becomes a hidden hyperlink today"),
        ("markup-name-link-record.yaml (holds)", ["assess", f"{R}/markup-name-link-record.yaml"], literal("[link=http://x]a[/link]"),
         "(holds today: the name is a Text)"),
        ("control-osc-title-name-record.yaml", ["assess", f"{R}/control-osc-title-name-record.yaml"], controls,
         "one escape for every text from a record: control characters (C0, C1, DEL, U+2028/9) shown as \\x1b or refused at input"),
        ("control-clear-screen-name-record.yaml (markdown)", ["assess", *ex, f"{R}/control-clear-screen-name-record.yaml",
                                                              "-f", "markdown"], controls, "same, in sinks._md"),
        ("control-nul-name-record.yaml (xlsx)", ["assess", *ex, f"{R}/control-nul-name-record.yaml", "-o", f"{T}/r.xlsx"], crash,
         "report/xlsx._cells: strip/replace openpyxl ILLEGAL_CHARACTERS_RE; a sink never aborts the run"),
        ("control-u2028-name-record.yaml", ["assess", f"{R}/control-u2028-name-record.yaml"], controls, "same escape (U+2028/9)"),
        ("control-escape-in-key-record.yaml", ["assess", f"{R}/control-escape-in-key-record.yaml"], controls,
         "problems.Problem.render: escape the file, field and parameters"),
        ("control character in a file name", ["assess", str(e["named"])], controls, "same (file names are data)"),
        ("newline-forged-line-name-record.yaml", ["assess", f"{R}/newline-forged-line-name-record.yaml"], forged,
         "refuse newlines in single-line fields (name, code, commune, province) at validation, or show them as ⏎"),
        ("junit-xml-forbidden-name-record.yaml (junit)", ["assess", *ex, f"{R}/junit-xml-forbidden-name-record.yaml", "-f", "junit"],
         junit_ok, "sinks.JunitSink: drop characters XML 1.0 forbids before escape()/quoteattr()"),
        ("markdown-script-name-record.yaml (markdown)", ["assess", *ex, f"{R}/markdown-script-name-record.yaml", "-f", "markdown"],
         md_html, "sinks._md: escape & < > (and backticks) as HTML entities"),
        ("merge-key-bomb-record.yaml", ["assess", f"{R}/merge-key-bomb-record.yaml"], bomb,
         "yamlsrc._Builder._mapping: after yaml-too-large stop building (raise), no yaml-merge for the None it returns"),
        ("unknown keys ×2000 (generated)", ["assess", str(e["keys"])], many,
         "records/load.validation_problems (and yamlsrc): the first 50 problems per file, then 'and N more'"),
        ("utf16le-no-bom-record.yaml", ["assess", f"{R}/utf16le-no-bom-record.yaml"], utf16,
         "yamlsrc.decode: NULs in every other byte → 'this file is UTF-16' (or decode it); locate YAML reader errors"),
        ("utf16le-bom-record.yaml", ["assess", f"{R}/utf16le-bom-record.yaml"], utf16, "yamlsrc.decode: recognise the UTF-16 BOMs"),
        ("csv-stray-quote.csv", ["assess", f"{S}/csv-stray-quote.csv", "-f", "json"], count_units(2),
         "records/spreadsheet._sheets: csv over the file with newline='' and strict=True; a quoted field spanning rows → located problem"),
        ("csv-quoted-newline.csv", ["assess", f"{S}/csv-quoted-newline.csv", "-f", "json"], lambda c, o_, e_: "the cell's newline is deleted (library check)",
         "records/spreadsheet._sheets: csv.reader(fh) on the file opened with newline='', not text.splitlines()"),
        ("csv-u2028-in-cell.csv", ["assess", f"{S}/csv-u2028-in-cell.csv", "-f", "json"], lambda c, o_, e_: "" if c != 2 else "a row split in two: " + show(e_, 1),
         "same (splitlines splits on U+2028, \\v, \\f, \\x1c–\\x1e, \\x85)"),
        ("csv-vtab-in-cell.csv", ["assess", f"{S}/csv-vtab-in-cell.csv", "-f", "json"], lambda c, o_, e_: "" if c != 2 else "a row split in two",
         "same"),
        ("csv-field-130k.csv (generated)", ["assess", str(e["big"]), "-f", "json"], crash,
         "records/spreadsheet._sheets: a cell-length limit as data; catch csv.Error per row → located problem"),
        ("xlsx-stale-dimension.xlsx", ["assess", f"{S}/xlsx-stale-dimension.xlsx", "-f", "json"], count_units(3),
         "records/spreadsheet._sheets: ws.reset_dimensions() (read-only) before iter_rows, or read without read_only for small files"),
        ("xlsx-merged-commune.xlsx", ["assess", f"{S}/xlsx-merged-commune.xlsx", "-f", "json"],
         lambda c, o_, e_: "" if c == 2 else f"exit {c}: 2 of 3 units lose their commune without a word",
         "records/spreadsheet: read merged ranges (ws.merged_cells needs non-read-only, or parse <mergeCells>) and fill or report"),
        ("xlsx-formula-no-cached-value.xlsx", ["assess", f"{S}/xlsx-formula-no-cached-value.xlsx", "-f", "json"],
         lambda c, o_, e_: "" if c == 2 else f"exit {c}: formulas read as missing data without a word",
         "records/spreadsheet: a second read with data_only=False to tell a formula without value from an empty cell → problem"),
        ("/dev/zero (1 GB cap)", ["assess", "/dev/zero"], crash,
         "yamlsrc.load_file: read at most the size limit + 1 bytes (data), else [file-too-large]; refuse non-regular explicit files or cap them"),
        ("FIFO / dangling link / symlink loop in a folder", ["assess", str(fold)], silent,
         "batch/inputs._walk: report [not-a-regular-file], [dangling-link] (ELOOP too) instead of skipping *.yaml entries that are not files"),
        ("-o onto the input (csv)", ["assess", str(o / "units.csv"), "-o", str(o / "units.csv")],
         FILE_UNCHANGED(o / "units.csv", (o / "units.csv").read_bytes()),
         "cli/assess.parse_outputs: refuse a target whose realpath is an input, inside an input folder, or named twice"),
        ("-o onto the input (xlsx)", ["assess", str(o / "units.xlsx"), "-o", str(o / "units.xlsx")],
         FILE_UNCHANGED(o / "units.xlsx", (o / "units.xlsx").read_bytes()), "same"),
        ("-o json= onto the yaml", ["assess", str(o / "unit.yaml"), "-o", f"json={o / 'unit.yaml'}"],
         FILE_UNCHANGED(o / "unit.yaml", (o / "unit.yaml").read_bytes()), "same"),
        ("-o the same target twice", ["assess", str(o / "other.yaml"), "-o", str(o / "r.json"), "-o", f"json={o / 'r.json'}"],
         accepted, "same"),
    ]
    return t


def _xml(out: bytes) -> str:
    try:
        ET.fromstring(out)
        return ""
    except ET.ParseError as e:
        return f"JUnit not well-formed: {e}"


def main() -> int:
    print("| class | command (`antt …`) | exit | stderr (first lines) | symptom | where (ANTT_DEBUG=1) | suggested fix |")
    print("|---|---|---|---|---|---|---|")
    for name, args, check, fix in rows():
        code, out, err = sh(args)
        symptom = check(code, out, err) or "—"
        loc = where(args) if code == 3 else ""
        cmd = " ".join(a if re.fullmatch(r"[\w./=:\[\]-]+", a) else repr(a) for a in args).replace(str(T), "$T")
        cmd = CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", cmd)
        print(f"| {name} | `{cmd}` | {code} | {show(err) or '—'} | {symptom} | {loc or '—'} | {fix} |")
    shutil.rmtree(T, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
