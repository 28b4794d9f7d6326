"""Batch reports: json (core schema + summary), jsonl, csv, xlsx, markdown, junit; -o; atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import xml.etree.ElementTree as ET

import pytest

from conftest import EXAMPLES, run_antt

BATCH = EXAMPLES / "batch" / "xa-minh-tan"


def test_unit_dict_equals_the_dataclass_dump(criteria):
    """The fast unit_dict gives exactly the document the core issue defined (asdict-based)."""
    import dataclasses

    from antt_cli.engine import assess
    from antt_cli.engine.words import WORDS
    from antt_cli.records import load_record
    from antt_cli.report.formats.json import unit_dict

    for path in sorted([*EXAMPLES.glob("*/*.yaml"), *BATCH.glob("*.yaml")]):
        for lang in ("vi", "en"):
            r = assess(load_record(str(path), criteria), lang=lang)
            d = dataclasses.asdict(r)
            recorded = d.pop("recorded")
            for key in ("lang", "rollup", "link", "history", "carries", "sources", "warnings", "recheck"):
                d.pop(key)  # history: only with other years (tests/test_years.py); the rest is not reported
            d["outcome_label"] = WORDS(f"outcome.{r.outcome}", lang)
            if recorded:
                d["recorded"] = recorded
            for c in d["criteria"]:
                c["status_label"] = WORDS(f"status.{c['status']}", lang)
                c.pop("branches")
                c.pop("location"), c.pop("shared")  # shared: whether the engine keeps it for other units
                c.pop("found_brief"), c.pop("required_brief")  # for the dossier's tables, not in the JSON
                c["found"], c["required"] = c.pop("found"), c.pop("required")  # the document's order
            assert json.dumps(unit_dict(r), ensure_ascii=False) == json.dumps(d, ensure_ascii=False)


def test_unit_line_bytes_with_and_without_orjson(criteria, monkeypatch):
    """A unit's JSONL line is the same bytes from orjson (newline appended by it) and from the standard
    library, in both languages: one line, ending in a newline, that reads back as unit_dict."""
    from antt_cli.engine import assess
    from antt_cli.records import load_record
    from antt_cli.report import jsonenc
    from antt_cli.report.formats.json import unit_dict
    from antt_cli.report.formats.jsonl import encode_unit

    for path in sorted(BATCH.glob("*.yaml")):
        for lang in ("vi", "en"):
            r = assess(load_record(str(path), criteria), lang=lang)
            fast = encode_unit(r)
            with monkeypatch.context() as m:
                m.setattr(jsonenc, "_orjson", False)  # the fallback: no orjson
                slow = encode_unit(r)
            assert fast == slow
            assert fast.endswith(b"\n") and fast.count(b"\n") == 1
            assert json.loads(fast) == json.loads(json.dumps(unit_dict(r), ensure_ascii=False))
            assert jsonenc.dumps_bytes({"a": [1, "đ"]}, indent=True, newline=True) == b'{\n  "a": [\n    1,\n    "\xc4\x91"\n  ]\n}\n'


def test_a_criterion_s_kept_json_gives_the_same_bytes_as_the_whole_unit(criteria, monkeypatch):
    """The batch encoders make each criterion's JSON once per (shared, read-only) result and put it in
    the unit's bytes as it is: the same bytes as encoding the unit whole, compact and indented, from
    the first unit to the last, once what is kept starts again, and without orjson."""
    from antt_cli.engine import Assessor
    from antt_cli.records import load_record
    from antt_cli.report import jsonenc
    from antt_cli.report.base import Context
    import dataclasses

    from antt_cli.engine.results import with_reasons
    from antt_cli.problems import InputError
    from antt_cli.report.formats.json import CriteriaJSON, UnitObject, unit_dict
    from antt_cli.report.formats.jsonl import UnitLine, encode_unit

    monkeypatch.setattr(CriteriaJSON, "KEEP", 40)  # starts again within the examples
    records = []
    for p in sorted(EXAMPLES.rglob("*.yaml")):  # every unit record of the examples (packs' files are not records)
        try:
            records.append(load_record(str(p), criteria))
        except InputError:
            continue
    assert len(records) >= 14
    by_lang = {}
    for lang in ("vi", "en"):
        assessor = Assessor(lang=lang)
        line, obj = UnitLine(Context(lang=lang)), UnitObject(Context(lang=lang))
        results = by_lang[lang] = [assessor.assess(r) for r in records * 3]  # the second and third time: all kept
        assert len({id(c) for r in results for c in r.criteria}) < sum(len(r.criteria) for r in results) / 2
        for r in results:
            whole = jsonenc.dumps_bytes(unit_dict(r), indent=True).replace(b"\n", b"\n    ")
            assert line(r) == encode_unit(r) and obj(r) == whole
        assert 0 < len(line.criteria.kept) <= 40
        assert all(c.shared for c, _ in line.criteria.kept.values())  # a unit's own result is not kept
        own = dataclasses.replace(results[0], criteria=[with_reasons(c, ["x"]) for c in results[0].criteria])
        line.criteria.kept.clear()
        assert line(own) == encode_unit(own) and not line.criteria.kept
        copy = pickle.loads(pickle.dumps(line))  # what a worker is sent: nothing kept
        assert copy.criteria.kept == {} and copy(results[0]) == encode_unit(results[0])
        with monkeypatch.context() as m:
            m.setattr(jsonenc, "_orjson", False)  # the fallback: no orjson, no fragments
            assert [line(r) for r in results[:5]] == [encode_unit(r) for r in results[:5]]
    mixed = UnitLine(Context())  # units of both languages through one encoder: each with its own labels
    units = by_lang["vi"][:5] + by_lang["en"][:5] + by_lang["vi"][:5]
    assert [mixed(r) for r in units] == [encode_unit(r) for r in units]


def test_json_document_keeps_the_schema_plus_summary():
    one = json.loads(run_antt("assess", str(BATCH / "thon-dong.yaml"), "--format", "json").stdout)
    assert list(one) == ["schema_version", "tool_version", "lang", "ruleset", "units", "errors", "summary"]
    assert one["ruleset"] == {"id": "tt124-2021", "instrument": "Thông tư số 124/2021/TT-BCA", "effective_from": "2022-02-10"}
    doc = json.loads(run_antt("assess", str(BATCH), "--format", "json").stdout)
    s = doc["summary"]
    assert s["outcomes"] == {"pass": 4, "fail": 1, "incomplete": 0, "out_of_scope": 1}
    assert s["by_type"]["khu_dan_cu"] == {"label": "Khu dân cư", "pass": 1, "fail": 1, "incomplete": 0,
                                          "out_of_scope": 0, "total": 2}
    assert (s["inputs"], s["units"], s["invalid"], s["exit_code"]) == (6, 6, 0, 1)


def test_json_streamed_equals_json_dump_layout(tmp_path):
    """The streamed document is byte-for-byte what json.dump(indent=2) writes for the same object."""
    text = run_antt("assess", str(BATCH), "--format", "json").stdout
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    (tmp_path / "e").mkdir()
    empty = run_antt("assess", str(tmp_path / "e"), "--format", "json").stdout
    assert empty == json.dumps(json.loads(empty), ensure_ascii=False, indent=2) + "\n"
    assert json.loads(empty)["ruleset"] is None and json.loads(empty)["units"] == []


def test_several_outputs_in_one_run(tmp_path):
    paths = {ext: tmp_path / f"bao-cao.{ext}" for ext in ("json", "jsonl", "csv", "xlsx", "md", "xml")}
    r = run_antt("assess", str(BATCH), *[a for p in paths.values() for a in ("-o", str(p))])
    assert r.returncode == 1
    assert r.stdout == ""  # data goes to the named files only
    for p in paths.values():
        assert p.is_file() and p.stat().st_size > 0
        assert f"Đã ghi {p}" in r.stderr
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]
    lines = [json.loads(x) for x in paths["jsonl"].read_text(encoding="utf-8").splitlines()]
    assert [("unit" in x, "summary" in x) for x in lines][-1] == (False, True)
    assert len([x for x in lines if "unit" in x]) == 6
    rows = list(csv.DictReader(io.StringIO(paths["csv"].read_text(encoding="utf-8-sig"))))
    assert [(r["name"], r["outcome"]) for r in rows][-1] == ("Xã Minh Tân", "pass")
    assert [r["failed"] for r in rows if r["name"] == "Thôn Tây"] == ["KDC-1c"]
    md = paths["md"].read_text(encoding="utf-8")
    assert md.startswith("# TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ") and "| Xã Minh Tân | Thanh Hóa | 5 | 4 | 3 | 75,0% | ĐẠT |" in md
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(paths["xlsx"])
    assert wb.sheetnames == ["Tổng hợp", "Theo xã, phường, đặc khu", "Đơn vị", "Tiêu chí chưa đạt", "Lỗi", "Lưu ý"]
    assert wb["Đơn vị"].max_row == 7
    assert [c.value for c in wb["Tiêu chí chưa đạt"][2]][4] == "KDC-1c"


def test_junit_suites_cases_failures(tmp_path):
    out = tmp_path / "r.xml"
    (tmp_path / "hong.yaml").write_text("name: [\n", encoding="utf-8")
    run_antt("assess", str(BATCH), str(tmp_path / "hong.yaml"), "-o", str(out))
    root = ET.parse(out).getroot()
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert sorted(suites) == ["co_quan", "co_so_giao_duc", "doanh_nghiep", "invalid", "khu_dan_cu", "xa"]
    kdc = suites["khu_dan_cu"]
    assert (kdc.get("tests"), kdc.get("failures")) == ("2", "1")
    failing = [c for c in kdc.findall("testcase") if c.find("failure") is not None]
    assert len(failing) == 1 and failing[0].find("failure").get("message").startswith("KDC-1c")
    assert suites["co_so_giao_duc"].find("testcase/skipped") is not None
    assert suites["invalid"].find("testcase/error").get("type") == "yaml-syntax"
    assert root.get("errors") == "1"


def test_format_from_prefix_or_option_and_errors(tmp_path):
    out = tmp_path / "ket-qua.dat"
    assert run_antt("assess", str(BATCH), "-o", f"jsonl={out}").returncode == 1
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["unit"]["name"]
    assert run_antt("assess", str(BATCH), "--format", "csv", "-o", str(out)).returncode == 1
    assert out.read_text(encoding="utf-8-sig").startswith("file,type,")
    r = run_antt("assess", str(BATCH), "-o", str(tmp_path / "x.dat"))
    assert r.returncode == 2 and "ĐỊNH_DẠNG=TỆP" in r.stderr and r.stdout == ""


def test_atomic_write_keeps_the_old_report_on_failure(tmp_path):
    """A report is renamed into place only when complete: an error midway leaves the old file."""
    from antt_cli.report.output import Output

    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")
    out = Output(str(target))
    f = out.open()
    f.write("half a rep")
    out.discard()
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["r.json"]
    out = Output(str(target))
    out.open().write("new")
    out.commit()
    assert target.read_text(encoding="utf-8") == "new"


def test_neutralise():
    from antt_cli.report.output import neutralise

    assert [neutralise(v) for v in ("=SUM(A1)", "+1", "-2", "@x", "a=b", 5, -5, None)] == \
        ["'=SUM(A1)", "'+1", "'-2", "'@x", "a=b", 5, -5, None]


def test_english_summary():
    r = run_antt("assess", str(BATCH), "--lang", "en")
    assert "ASSESSMENT SUMMARY" in r.stdout
    assert "Units that did not pass or lack data (1)" in r.stdout
    assert "Xã Minh Tân: 3/4 in-scope units recognised (registered: 4)" in r.stdout
