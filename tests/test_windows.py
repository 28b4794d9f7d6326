"""The office PC (issue 10): Windows code pages, spawned workers, Windows paths.

On Windows a redirected or piped stdout is encoded with the ANSI code page (cp1258 on Vietnamese
Windows, cp1252 on English Windows) unless Python's UTF-8 mode is on. `run_antt(encoding=…)` opens
the streams exactly so (strict: a character the code page cannot hold raises) and reads back what
was written as UTF-8 — what antt must write whatever the code page.
"""

from __future__ import annotations

import json
import ntpath
import os
from pathlib import Path

import pytest

import subprocess
import sys

from conftest import EXAMPLES, ROOT, SESSION_ENV, early, early_result, run_antt

BATCH = EXAMPLES / "batch" / "xa-minh-tan"
KDC = EXAMPLES / "khu_dan_cu" / "to-dan-pho-tran-phu.yaml"
CODE_PAGES = ("cp1258", "cp1252")

# every command that writes text, with something Vietnamese in what it writes (stdout, stderr); the
# report formats all write through the same streams (a few of them here)
COMMANDS = {
    "version": (["--version"], "antt"),
    "help": (["--help"], "Đánh giá"),
    "assess-help": (["assess", "--help"], "Định dạng"),
    "new-yaml": (["new", "khu_dan_cu"], "Bản ghi đánh giá"),
    "new-csv": (["new", "khu_dan_cu", "--format", "csv"], "Tên đơn vị"),
    "schema": (["schema", "khu_dan_cu"], "Khu dân cư"),
    "schema-criteria": (["schema", "criteria"], "$schema"),
    "assess-table": (["assess", str(KDC)], "Kết luận"),
    "assess-batch-table": (["assess", str(BATCH)], "TỔNG HỢP"),
    "assess-json": (["assess", str(BATCH), "--format", "json"], "Xã Minh Tân"),
    "assess-csv": (["assess", str(BATCH), "--format", "csv"], "Thôn Tây"),
    "assess-markdown": (["assess", str(BATCH), "--format", "markdown"], "Tỷ lệ đạt"),
    "assess-sarif": (["assess", str(BATCH), "--format", "sarif"], "hộ"),
    "validate": (["validate", str(BATCH)], ""),
    "validate-json": (["validate", str(BATCH), "--format", "json"], "["),
    "validate-bad": (["validate", "hỏng.yaml"], "hỏng.yaml:4:22: households_residing: kiểu sai"),
    "validate-bad-sarif": (["validate", "hỏng.yaml", "--format", "sarif"], "kiểu sai"),
    "test": (["test", "-k", "KDC-1a"], "ca"),
    "criteria-check": (["criteria", "check"], ""),
    "criteria-list": (["criteria", "list", "khu_dan_cu"], "Quý I"),
    "criteria-show": (["criteria", "show", "KDC-1a"], "nghị quyết"),
    "criteria-show-md": (["criteria", "show", "khu_dan_cu", "--format", "markdown"], "Phiếu đánh giá"),
    "config-show": (["config", "show"], "lang"),
    "missing-file": (["assess", "không-có.yaml"], "không tìm thấy tệp"),
    "usage-error": (["assess", str(KDC), "-o", "ra.dat"], "định dạng"),
    "click-usage-error": (["assess", "--khong-co"], "--khong-co"),
}


# every command under the Vietnamese code page; a few under the English one (which holds even fewer
# Vietnamese letters: the same code path, the same result)
CASES = [(n, "cp1258") for n in COMMANDS] + [(n, "cp1252") for n in ("help", "new-yaml", "assess-batch-table",
                                                                     "validate-bad", "missing-file")]


@pytest.mark.parametrize("name, code_page", CASES)
def test_every_command_writes_utf8_whatever_the_code_page(name, code_page, tmp_path):
    args, expected = COMMANDS[name]
    bad = tmp_path / "hỏng.yaml"
    bad.write_text("type: khu_dan_cu\nname: Thôn Ñ\nyear: 2024\nhouseholds_residing: nhiều\n", encoding="utf-8")
    r = run_antt(*[str(bad) if a == "hỏng.yaml" else a for a in args], encoding=code_page)
    assert r.returncode != 3, r.stderr
    assert "UnicodeEncodeError" not in r.stderr and "lỗi nội bộ" not in r.stderr
    assert expected in r.stdout + r.stderr


@pytest.mark.parametrize("code_page", CODE_PAGES)
def test_redirected_new_is_the_same_record(code_page):
    """`antt new khu_dan_cu > x.yaml` on Vietnamese Windows: the same bytes as under UTF-8."""
    assert run_antt("new", "khu_dan_cu", encoding=code_page).stdout == run_antt("new", "khu_dan_cu").stdout


def test_schema_and_new_write_files(tmp_path):
    r = run_antt("schema", "khu_dan_cu", "-o", str(tmp_path / "s.json"))
    assert r.returncode == 0 and r.stdout == ""
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["title"].startswith("antt — Khu dân cư")
    r = run_antt("new", "khu_dan_cu", "-o", str(tmp_path / "kdc.xlsx"))
    assert r.returncode == 0
    assert (tmp_path / "kdc.xlsx").read_bytes()[:2] == b"PK"  # a workbook, never YAML text in an .xlsx


def _redirected(workdir) -> dict:
    """The real thing, in a new interpreter whose stdout is a file in the Vietnamese code page
    (PYTHONIOENCODING is how Python is told what Windows would give it)."""
    env = dict(SESSION_ENV, PYTHONIOENCODING="cp1258", PYTHONUTF8="0")
    with open(workdir / "x.yaml", "wb") as out:
        r = subprocess.run([sys.executable, "-m", "antt_cli", "new", "khu_dan_cu"], stdout=out, stderr=subprocess.PIPE,
                           env=env, cwd=ROOT, timeout=120)
    bad = subprocess.run([sys.executable, "-m", "antt_cli", "assess", "không-có.yaml"], capture_output=True, env=env,
                         cwd=workdir, timeout=120)
    return {"rc": r.returncode, "stderr": r.stderr, "yaml": (workdir / "x.yaml").read_bytes(), "bad": bad}


@early(_redirected)
def test_redirected_stdout_in_a_new_process():
    got = early_result(_redirected)
    assert got["rc"] == 0, got["stderr"].decode("utf-8", "replace")
    assert got["yaml"].decode("utf-8").startswith("# Bản ghi đánh giá tiêu chuẩn “An toàn về an ninh, trật tự”")
    assert got["bad"].returncode == 2
    assert got["bad"].stderr.decode("utf-8") == "không-có.yaml: không tìm thấy tệp [file-not-found]\n"


# ----------------------------------------------------------------------------- --jobs where processes are spawned


def _spawn_args(workdir) -> list[str]:
    return ["assess", str(workdir / "don-vi"), str(workdir / "thon.csv"), "--format", "json", "--year", "2024",
            "--lang", "en", "--criteria", "criteria", "--criteria", "examples/packs/thanh-hoa", "--jobs", "2"]


def _spawned(workdir) -> subprocess.CompletedProcess:
    """A batch of 43 inputs (enough for the pool) — generated records, the example commune, a csv whose
    rows travel to the workers too — assessed by two spawned workers, in a new process (early, in the
    background: spawning interpreters that load the criteria takes a few seconds of CPU)."""
    import csv
    import shutil

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    generate.generate(workdir / "don-vi", 36, seed=11, invalid=0.05)
    shutil.copytree(BATCH, workdir / "don-vi" / "xa-minh-tan")
    with open(workdir / "thon.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Loại đơn vị", "Tên đơn vị", "Năm đánh giá", "Xã, phường, đặc khu", "households_residing",
                    "households_registered"])
        for i in range(40):
            w.writerow(["thôn", f"Thôn {i}", "", "Xã Minh Tân", "100", str(100 - i % 3)])
    env = dict(SESSION_ENV, ANTT_START_METHOD="spawn", NO_COLOR="1", COLUMNS="120")
    env.pop("ANTT_LANG", None)
    return subprocess.run([sys.executable, "-m", "antt_cli", *_spawn_args(workdir)], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=300)


@early(_spawned)
def test_spawned_workers_give_the_same_report_as_forked():
    """Windows and macOS start worker processes by spawning a fresh interpreter, which must build its
    own criteria (a provincial pack too), options (--year, --lang) and record models: the report is
    byte for byte the one forked workers, and a single process, give."""
    spawned = early_result(_spawned)
    workdir = Path(spawned.args[4]).parent
    forked = run_antt(*_spawn_args(workdir), env={"ANTT_START_METHOD": "fork"})
    one = run_antt(*_spawn_args(workdir)[:-2], "--jobs", "1")
    assert spawned.returncode == forked.returncode == one.returncode, spawned.stderr
    assert spawned.stdout == forked.stdout == one.stdout
    assert spawned.stderr == forked.stderr == one.stderr
    doc = json.loads(spawned.stdout)
    assert len(doc["units"]) + len(doc["errors"]) >= 36 + 6 + 40


# ----------------------------------------------------------------------------- Windows paths (ntpath rules)

HOME = "C:\\Users\\Cán bộ\\Tài liệu"


@pytest.mark.parametrize("path, shown", [
    (HOME + "\\xa\\thôn đông.yaml", "xa\\thôn đông.yaml"),
    ("c:\\users\\CÁN BỘ\\tài liệu\\xa\\a.yaml", "xa\\a.yaml"),          # Windows names ignore case
    ("C:/Users/Cán bộ/Tài liệu/xa/a.yaml", "xa\\a.yaml"),              # and read / as \
    (HOME + "\\xa.xlsx[Khu dân cư]:5", "xa.xlsx[Khu dân cư]:5"),       # a spreadsheet row
    (HOME + "\\..dữ liệu\\a.yaml", "..dữ liệu\\a.yaml"),              # a folder named ..x lies inside
    ("C:\\Users\\Cán bộ\\a.yaml", "C:\\Users\\Cán bộ\\a.yaml"),         # outside: as given
    ("D:\\Báo cáo\\a.yaml", "D:\\Báo cáo\\a.yaml"),                     # another drive
    ("xa\\a.yaml", "xa\\a.yaml"),                                       # relative: as typed
    ("\\\\may-chu\\chia-se\\a.yaml", "\\\\may-chu\\chia-se\\a.yaml"),   # a network share
])
def test_report_paths_relative_to_the_run_under_windows_rules(path, shown):
    from antt_cli.report.base import shown_path

    assert shown_path(path, HOME, ntpath) == shown


def test_report_paths_relative_to_the_run_here(tmp_path):
    from antt_cli.report.base import shown_path

    assert shown_path(str(tmp_path / "..x" / "a.yaml"), str(tmp_path)) == os.path.join("..x", "a.yaml")
    assert shown_path(str(tmp_path.parent / "a.yaml"), str(tmp_path)) == str(tmp_path.parent / "a.yaml")


def test_output_targets_compare_like_windows():
    from antt_cli.cli.common import inside, path_key

    assert path_key("C:\\Users\\Cán bộ\\X.xlsx", ntpath) == path_key("c:/users/cán bộ/x.xlsx", ntpath)
    assert inside(HOME + "\\xa\\bao-cao.yaml", HOME + "\\", ntpath)
    assert inside(HOME + "\\xa\\bao-cao.yaml", "c:\\users\\cán bộ\\tài liệu", ntpath)
    assert inside("C:\\", "C:\\", ntpath) and inside("C:\\a.yaml", "C:\\", ntpath)
    assert not inside(HOME + " cũ\\a.yaml", HOME, ntpath)  # a sibling whose name starts the same
    assert not inside("D:\\Tài liệu\\a.yaml", HOME, ntpath)


def test_output_into_an_input_folder_with_spaces_and_vietnamese(tmp_path):
    folder = tmp_path / "Tài liệu" / "Xã Minh Tân"
    folder.mkdir(parents=True)
    import shutil

    for f in BATCH.iterdir():
        shutil.copy(f, folder / f.name)
    r = run_antt("assess", str(folder), "-o", str(folder / "ket-qua.yaml"), "--format", "json")
    assert r.returncode == 2 and "nằm trong thư mục đầu vào" in r.stderr
    r = run_antt("assess", str(folder), "-o", str(folder.parent / "Báo cáo tháng 11.json"), cwd=folder.parent)
    assert r.returncode == 1, r.stderr
    doc = json.loads((folder.parent / "Báo cáo tháng 11.json").read_text(encoding="utf-8"))
    assert doc["units"][0]["file"] == str(folder / "cong-ty-may.yaml")  # data formats keep paths as given


@pytest.mark.parametrize("path, expected", [
    ("C:\\Users\\Cán bộ\\x.yaml", "file:///C:/Users/C%C3%A1n%20b%E1%BB%99/x.yaml"),
    ("xa\\thôn a.yaml", "xa/th%C3%B4n%20a.yaml"),
    ("a:b.yaml", "a%3Ab.yaml"),
    ("\\\\may-chu\\chia se\\x.yaml", "file://may-chu/chia%20se/x.yaml"),
    ("C:/Users/x.xlsx[Khu dân cư]", "file:///C:/Users/x.xlsx%5BKhu%20d%C3%A2n%20c%C6%B0%5D"),
])
def test_sarif_uris_of_windows_paths(path, expected):
    from antt_cli.report.formats.sarif import uri

    assert uri(path, ntpath) == expected


def test_sarif_uris_here():
    from antt_cli.report.formats.sarif import uri

    assert uri("/home/cán bộ/x.yaml") == "file:///home/c%C3%A1n%20b%E1%BB%99/x.yaml"
    assert uri("xa/a.yaml") == "xa/a.yaml"


def test_a_record_saved_by_powershell_redirection_is_read(tmp_path):
    """Windows PowerShell 5.1's `antt new khu_dan_cu > x.yaml` writes UTF-16 with a byte-order mark."""
    text = run_antt("new", "khu_dan_cu").stdout.replace("name: \"\"", "name: Tổ dân phố 1")
    path = tmp_path / "x.yaml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))  # with its BOM, as PowerShell writes it
    r = run_antt("validate", str(path))
    assert r.returncode == 0, r.stderr


def test_a_report_open_in_excel_says_so(tmp_path, monkeypatch):
    """On Windows a file open in Excel cannot be replaced: the message says what to do, nothing is left."""
    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process", dst)

    monkeypatch.setattr(os, "replace", locked)
    target = tmp_path / "bao-cao.xlsx"
    r = run_antt("assess", str(KDC), "-o", str(target))
    assert r.returncode == 2 and "đang mở trong Excel" in r.stderr, r.stderr
    r = run_antt("new", "-o", str(tmp_path / "xa.xlsx"), "--lang", "en")
    assert r.returncode == 2 and "open in Excel" in r.stderr
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind
