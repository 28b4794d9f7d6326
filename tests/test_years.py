"""Across years (issue 13): last year's records feed "so với năm trước" (Art. 4.4.a), consecutive
years passed, `antt diff`, and the bad input of several years — all through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CRITERIA, EXAMPLES, run_antt

Y2024 = EXAMPLES / "batch" / "xa-minh-tan"
Y2023 = EXAMPLES / "batch" / "xa-minh-tan-2023"
PREVIOUS = ("crimes_previous_year", "social_evils_previous_year", "other_violations_previous_year")


def _doc(*args: str) -> tuple[dict, str, int]:
    r = run_antt(*args, "--format", "json")
    return json.loads(r.stdout), r.stderr, r.returncode


def _unit(doc: dict, name: str, year: int | None = None) -> dict:
    found = [u for u in doc["units"] if u["unit"]["name"] == name and (year is None or u["unit"]["year"] == year)]
    assert len(found) == 1, [u["unit"]["name"] for u in doc["units"]]
    return found[0]


def _crit(unit: dict, cid: str) -> dict:
    return next(c for c in unit["criteria"] if c["id"] == cid)


def _year(src: Path, dst: Path, year: int, **replace: str) -> Path:
    """A copy of a 2024 record for another year (its dates moved with it)."""
    text = src.read_text(encoding="utf-8").replace("year: 2024", f"year: {year}").replace(": 2024-", f": {year}-")
    for old, new in replace.items():
        text = text.replace(old, new)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(text, encoding="utf-8")
    return dst


# ----------------------------------------------------------------------------- the example


def test_the_2023_example_gives_the_verdicts_its_comments_promise():
    import re

    expected = {"ĐẠT": "pass", "CHƯA ĐẠT": "fail", "KHÔNG THUỘC ĐỐI TƯỢNG": "out_of_scope"}
    doc, err, _ = _doc("assess", str(Y2023))
    got = {Path(u["file"]).name: u["outcome"] for u in doc["units"]}
    for path in sorted(Y2023.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^# Kết quả mong đợi: (.+?)\s*$", text, re.M)
        assert m and got[path.name] == expected[m.group(1)], path.name
        assert "(minh họa)" in text  # invented details are marked
    assert sorted(p.name for p in Y2023.glob("*.yaml")) == sorted(p.name for p in Y2024.glob("*.yaml"))
    assert doc["errors"] == [] and "warnings" not in doc  # the 2023 commune's own counts agree with its units


# ----------------------------------------------------------------------------- last year's figures


def test_2024_takes_last_years_counts_from_2023_with_the_source_shown():
    doc, err, code = _doc("assess", str(Y2024), "--previous", str(Y2023))
    assert code == 1  # Thôn Tây fails KDC-1c, as without --previous
    dong = _unit(doc, "Thôn Đông")
    kdc4a = _crit(dong, "KDC-4a")
    assert kdc4a["status"] == "pass"
    assert kdc4a["values"]["crimes_previous_year"] == 3
    source = f"lấy từ bản ghi năm 2023: {Y2023 / 'thon-dong.yaml'}"
    assert any(source in r and "cùng mã đơn vị MT-THONDONG" in r for r in kdc4a["reasons"]), kdc4a["reasons"]
    h = dong["history"]
    assert h["previous"] == {"year": 2023, "file": str(Y2023 / "thon-dong.yaml"), "report": None, "outcome": "pass",
                             "matched_by": "code", "origin": "previous"}
    assert [c["status"] for c in h["carried"]] == ["agrees", "agrees", "agrees"]
    assert h["consecutive"] == {"years": 2, "from": 2023, "to": 2024}
    # the commune too (XA-2-4.4a)
    xa = _unit(doc, "Xã Minh Tân")
    assert any(f"lấy từ bản ghi năm 2023: {Y2023 / 'xa-minh-tan.yaml'}" in r for r in _crit(xa, "XA-2-4.4a")["reasons"])
    # the verdicts of the 2024 example are those it has on its own
    alone, _, _ = _doc("assess", str(Y2024))
    assert [(u["unit"]["name"], u["outcome"]) for u in doc["units"]] == \
        [(u["unit"]["name"], u["outcome"]) for u in alone["units"]]
    assert all("history" not in u for u in alone["units"])  # no other year given: nothing said


def test_a_typed_figure_that_disagrees_is_reported_at_it_and_last_years_is_used():
    doc, err, _ = _doc("assess", str(Y2024 / "thon-tay.yaml"), "--previous", str(Y2023))
    tay = doc["units"][0]
    kdc4a = _crit(tay, "KDC-4a")
    assert kdc4a["values"]["crimes_previous_year"] == 2  # 2023's record, not the 3 typed in 2024
    assert any("bản ghi năm nay ghi 3 vụ, khác: dùng số của bản ghi năm trước" in r for r in kdc4a["reasons"])
    [w] = [w for w in doc["warnings"] if w["code"] == "previous-differs"]
    assert (Path(w["file"]).name, w["line"], w["col"], w["field"], w["level"]) == \
        ("thon-tay.yaml", 20, 23, "crimes_previous_year", "warning")
    assert "thon-tay.yaml:20:23: crimes_previous_year: bản ghi năm nay ghi 3 vụ, bản ghi năm 2023" in err
    assert tay["history"]["carried"][0] == {"fact": "crimes_previous_year", "from": "crimes", "value": 2, "typed": 3,
                                            "used": 2, "status": "differs"}
    en = run_antt("assess", str(Y2024 / "thon-tay.yaml"), "--previous", str(Y2023), "--lang", "en")
    assert "this record gives 3 cases, the 2023 record" in en.stderr
    assert "Last year (2023): MEETS THE STANDARD" in en.stdout


def test_blank_previous_figures_are_taken_from_last_years_record(tmp_path):
    text = (Y2024 / "thon-dong.yaml").read_text(encoding="utf-8")
    for f in PREVIOUS:
        text = "\n".join(line for line in text.splitlines() if not line.startswith(f + ":")) + "\n"
    rec = tmp_path / "thon-dong.yaml"
    rec.write_text(text, encoding="utf-8")
    alone, _, code = _doc("assess", str(rec))
    assert code == 1 and _crit(alone["units"][0], "KDC-4a")["status"] == "incomplete"
    doc, err, code = _doc("assess", str(rec), "--previous", str(Y2023))
    kdc4a = _crit(doc["units"][0], "KDC-4a")
    assert code == 0 and kdc4a["status"] == "pass"
    assert {f: kdc4a["values"][f] for f in PREVIOUS} == dict(zip(PREVIOUS, (3, 2, 1)))
    assert [c["status"] for c in doc["units"][0]["history"]["carried"]] == ["taken"] * 3
    assert "previous-differs" not in err
    table = run_antt("assess", str(rec), "--previous", str(Y2023)).stdout
    assert f"Số vụ phạm tội kỳ đánh giá năm trước: 3 vụ — lấy từ bản ghi năm 2023: {Y2023 / 'thon-dong.yaml'}" in table
    assert f"Năm trước (2023): ĐẠT — {Y2023 / 'thon-dong.yaml'} (cùng mã đơn vị MT-THONDONG)" in table
    assert "Số năm liền đạt chuẩn: 2 (2023–2024)" in table


def test_matched_by_name_commune_and_type_when_a_record_has_no_code(tmp_path):
    rec = tmp_path / "thon-dong.yaml"
    rec.write_text((Y2024 / "thon-dong.yaml").read_text(encoding="utf-8").replace("code: MT-THONDONG\n", "")
                   .replace("name: Thôn Đông", "name: THÔN  ĐÔNG"), encoding="utf-8")
    doc, _, _ = _doc("assess", str(rec), "--previous", str(Y2023))
    h = doc["units"][0]["history"]
    assert h["previous"]["matched_by"] == "name"
    assert any("cùng tên, xã và loại đơn vị" in r for r in _crit(doc["units"][0], "KDC-4a")["reasons"])


def test_one_batch_holding_both_years_is_the_same_as_previous():
    both, err, _ = _doc("assess", str(Y2023), str(Y2024))
    given, _, _ = _doc("assess", str(Y2024), "--previous", str(Y2023))
    assert [u["unit"]["year"] for u in both["units"]] == [2023] * 5 + [2024] * 5 + [2023, 2024]  # communes last, by year
    for u in given["units"]:
        mine = _unit(both, u["unit"]["name"], 2024)
        assert mine["outcome"] == u["outcome"]
        assert [c["reasons"] for c in mine["criteria"]] == [c["reasons"] for c in u["criteria"]]
        assert mine["history"]["consecutive"] == u["history"]["consecutive"]
        assert mine["history"]["previous"]["origin"] == "batch"
    assert both["summary"]["history"]["consecutive"] == {"2": 3, "1": 1}
    assert [(r["name"], r["years"]) for r in both["summary"]["history"]["runs"]] == \
        [("Trạm Y tế xã Minh Tân", 2), ("Thôn Đông", 2), ("Xã Minh Tân", 2)]


def test_two_years_in_one_spreadsheet(tmp_path):
    import csv

    import yaml

    rows = [yaml.safe_load((d / "thon-dong.yaml").read_text(encoding="utf-8")) for d in (Y2023, Y2024)]
    del rows[1]["crimes_previous_year"]
    rows[1]["social_evils_previous_year"] = 5
    keys = [k for k in rows[0] if k != "incidents"]
    sheet = tmp_path / "thon.csv"
    with open(sheet, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(keys + ["incidents"])
        for r in rows:
            w.writerow([r.get(k, "") for k in keys] + ["[]"])
    doc, err, _ = _doc("assess", str(sheet))
    carried = {c["fact"]: c["status"] for c in _unit(doc, "Thôn Đông", 2024)["history"]["carried"]}
    assert carried == {"crimes_previous_year": "taken", "social_evils_previous_year": "differs",
                       "other_violations_previous_year": "agrees"}
    col = keys.index("social_evils_previous_year") + 1
    assert f"thon.csv:3:{col}: social_evils_previous_year (" in err and "[previous-differs]" in err


def test_two_years_of_a_commune_alone():
    doc, err, _ = _doc("assess", str(Y2024 / "xa-minh-tan.yaml"), str(Y2023 / "xa-minh-tan.yaml"))
    assert [u["unit"]["year"] for u in doc["units"]] == [2023, 2024]  # communes: the oldest year first
    xa = _unit(doc, "Xã Minh Tân", 2024)
    assert xa["history"]["previous"]["file"] == str(Y2023 / "xa-minh-tan.yaml")
    assert [c["status"] for c in xa["history"]["carried"]] == ["agrees"] * 3
    assert "[history-order]" not in err


def test_the_history_does_not_depend_on_jobs(tmp_path, criteria):
    from antt_cli.batch import BatchConfig, run_batch
    from antt_cli.report import Context, open_writer

    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}.json"
        w = open_writer("json", str(out), Context(lang="vi"))
        w.start()
        run_batch([str(Y2023), str(Y2024)], criteria, [w], BatchConfig(jobs=jobs))
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    assert '"status": "differs"' in outs[0]


def test_last_year_after_this_year_in_the_batch_is_reported():
    doc, err, _ = _doc("assess", str(Y2024), str(Y2023))
    assert "history" not in _unit(doc, "Thôn Đông", 2024)  # met before its 2023 record: nothing known yet
    line = (Y2023 / "thon-dong.yaml").read_text(encoding="utf-8").splitlines().index("year: 2023") + 1
    assert f"{Y2023 / 'thon-dong.yaml'}:{line}:1: year: bản ghi năm 2023 của đơn vị này đứng sau bản ghi năm 2024" in err
    assert "[history-order]" in err
    # the summary, made at the end, still knows every year
    assert doc["summary"]["history"]["consecutive"]["2"] == 3


def test_a_json_report_as_previous(tmp_path):
    report = tmp_path / "ket-qua-2023.json"
    assert run_antt("assess", str(Y2023), "-o", str(report), "-q").returncode == 1
    doc, err, _ = _doc("assess", str(Y2024 / "thon-dong.yaml"), "--previous", str(report))
    dong = doc["units"][0]
    assert dong["history"]["previous"]["report"] == str(report)
    assert any(f"qua báo cáo {report}" in r for r in _crit(dong, "KDC-4a")["reasons"])
    assert dong["history"]["consecutive"]["years"] == 2
    lines = tmp_path / "ket-qua-2023.jsonl"
    run_antt("assess", str(Y2023), "-o", str(lines), "-q")
    again, _, _ = _doc("assess", str(Y2024 / "thon-dong.yaml"), "--previous", str(lines))
    assert again["units"][0]["history"]["carried"] == dong["history"]["carried"]


# ----------------------------------------------------------------------------- consecutive years


def test_consecutive_years_are_right_across_a_gap(tmp_path):
    src = Y2024 / "tram-y-te.yaml"
    years = (2022, 2023, 2024, 2026, 2027)  # 2025 is missing
    for y in years:
        _year(src, tmp_path / str(y) / "tram-y-te.yaml", y)
    _year(src, tmp_path / "2023" / "tram-y-te.yaml", 2023, **{"staff_briefed: 12": "staff_briefed: 10"})  # 2023 fails
    folders = [str(tmp_path / str(y)) for y in years]
    doc, err, _ = _doc("assess", *folders)
    runs = {u["unit"]["year"]: u.get("history", {}).get("consecutive", {}).get("years") for u in doc["units"]}
    assert runs == {2022: None, 2023: 0, 2024: 1, 2026: 1, 2027: 2}
    last = _unit(doc, "Trạm Y tế xã Minh Tân", 2027)["history"]
    assert [(y["year"], y["outcome"]) for y in last["years"]] == \
        [(2022, "pass"), (2023, "fail"), (2024, "pass"), (2026, "pass"), (2027, "pass")]
    assert last["missing_years"] == [2025]
    assert last["consecutive"] == {"years": 2, "from": 2026, "to": 2027}
    # the gap is said once, on the record after it
    assert err.count("[history-gap]") == 1
    assert f"{tmp_path / '2026' / 'tram-y-te.yaml'}:4:1: year: không có bản ghi năm 2025 của đơn vị này (năm gần nhất " \
           "có: 2024" in err
    assert [(r["name"], r["years"], r["from"]) for r in doc["summary"]["history"]["runs"]] == \
        [("Trạm Y tế xã Minh Tân", 2, 2026)]
    table = run_antt("assess", *folders).stdout
    assert "Đạt chuẩn nhiều năm liền" in table and "2026–2027" in table
    one = run_antt("assess", str(tmp_path / "2027" / "tram-y-te.yaml"), *[x for f in folders[:-1] for x in ("--previous", f)])
    assert "Các năm: 2022 ĐẠT · 2023 CHƯA ĐẠT · 2024 ĐẠT · 2025 không có bản ghi · 2026 ĐẠT · 2027 ĐẠT" in one.stdout, one.stderr
    assert "Số năm liền đạt chuẩn: 2 (2026–2027)" in one.stdout


# ----------------------------------------------------------------------------- antt diff


def test_diff_lists_exactly_the_units_and_criteria_that_changed():
    r = run_antt("diff", str(Y2023), str(Y2024), "--format", "json")
    assert r.returncode == 1, r.stderr  # Thôn Tây passed in 2023 and fails in 2024
    doc = json.loads(r.stdout)
    assert doc["kind"] == "diff" and doc["schema_version"] == 1
    assert [(u["name"], u["change"], u["old"]["outcome"], u["new"]["outcome"]) for u in doc["units"]] == [
        ("Thôn Tây", "worse", "pass", "fail"), ("Công ty TNHH May Minh Tân", "better", "fail", "pass")]
    tay, may = doc["units"]
    assert [(c["id"], c["old"], c["new"]) for c in tay["criteria"]] == [("KDC-1c", "pass", "fail")]
    assert {m["fact"]: (m["old"], m["new"]) for m in tay["criteria"][0]["moved"]} == {
        "households_registered": (175, 171), "households_residing": (175, 180),
        "registration_date": ("2023-03-10", "2024-03-15")}
    assert [(c["id"], c["old"], c["new"]) for c in may["criteria"]] == [("CQDN-1e", "fail", "pass")]
    assert doc["new_units"] == [] and doc["vanished_units"] == []
    assert doc["counts"] == {"compared": 6, "same": 4, "worse": 1, "better": 1, "changed": 0, "criteria": 0, "new": 0,
                             "vanished": 0}
    [xa] = doc["communes"]
    assert (xa["old"]["rate"], xa["new"]["rate"], xa["old"]["outcome"], xa["new"]["outcome"]) == (75.0, 75.0, "pass", "pass")
    table = run_antt("diff", str(Y2023), str(Y2024)).stdout
    assert "Thôn Tây (Khu dân cư) — 2023: ĐẠT → 2024: CHƯA ĐẠT [kém đi]" in table
    assert "Số hộ gia đình đăng ký tham gia xây dựng khu dân cư “An toàn về an ninh, trật tự”: 175 → 171" in table
    md = run_antt("diff", str(Y2023), str(Y2024), "--format", "markdown", "--lang", "en").stdout
    assert "### Thôn Tây (Residential area) — 2023: MEETS THE STANDARD → 2024: DOES NOT YET MEET THE STANDARD [worse]" in md


def test_diff_of_reports_equals_diff_of_folders_and_finds_new_and_vanished_units(tmp_path):
    new = tmp_path / "2024"
    shutil.copytree(Y2024, new)
    (new / "tieu-hoc.yaml").unlink()
    _year(Y2024 / "thon-dong.yaml", new / "thon-bac.yaml", 2024, **{"Thôn Đông": "Thôn Bắc", "MT-THONDONG": "MT-THONBAC"})
    old_json, new_json = tmp_path / "a.json", tmp_path / "b.json"
    run_antt("assess", str(Y2023), "-o", str(old_json), "-q")
    run_antt("assess", str(new), "--previous", str(Y2023), "-o", str(new_json), "-q")
    folders = json.loads(run_antt("diff", str(Y2023), str(new), "-f", "json").stdout)
    reports = json.loads(run_antt("diff", str(old_json), str(new_json), "-f", "json").stdout)
    for doc in (folders, reports):
        assert [u["name"] for u in doc["new_units"]] == ["Thôn Bắc"]
        assert [u["name"] for u in doc["vanished_units"]] == ["Trường Tiểu học Minh Tân"]
        assert [u["name"] for u in doc["units"]] == ["Thôn Tây", "Công ty TNHH May Minh Tân"]
    assert folders["units"] == reports["units"]
    assert reports["old"]["kind"] == "report" and folders["old"]["kind"] == "assessed"


def test_diff_exit_code_0_when_nothing_got_worse(tmp_path):
    r = run_antt("diff", str(Y2024), str(Y2024), "-f", "json", "-q")
    assert r.returncode == 0
    doc = json.loads(r.stdout)
    assert doc["units"] == [] and doc["counts"]["same"] == 6
    assert run_antt("diff", str(Y2024 / "cong-ty-may.yaml"), str(Y2024 / "cong-ty-may.yaml")).stdout.strip().endswith(
        "Không có thay đổi nào.")
    better = run_antt("diff", str(Y2023 / "cong-ty-may.yaml"), str(Y2024 / "cong-ty-may.yaml"), "-q")
    assert better.returncode == 0 and "[tốt lên]" in better.stdout


def test_diff_bad_input_and_usage(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"a": 1}', encoding="utf-8")
    r = run_antt("diff", str(bad), str(Y2024))
    assert r.returncode == 2 and "[report-not-antt]" in r.stderr and r.stdout == ""
    r = run_antt("diff", str(Y2023), str(Y2024), "--format", "csv")
    assert r.returncode == 2
    r = run_antt("diff", str(Y2023), str(tmp_path / "khong-co"))
    assert r.returncode == 2 and "[file-not-found]" in r.stderr
    broken = tmp_path / "b"
    shutil.copytree(Y2024, broken)
    (broken / "hong.yaml").write_text("type: khu_dan_cu\nname: [chưa đóng\n", encoding="utf-8")
    r = run_antt("diff", str(Y2023), str(broken), "-f", "json")
    doc = json.loads(r.stdout)
    assert r.returncode == 2 and doc["new"]["invalid"] == 1 and doc["errors"][0]["code"] == "yaml-syntax"
    assert [u["name"] for u in doc["units"]] == ["Thôn Tây", "Công ty TNHH May Minh Tân"]  # the rest is compared


def test_diff_warns_when_the_rule_sets_differ(tmp_path):
    old = tmp_path / "a.json"
    run_antt("assess", str(Y2023), "-o", str(old), "-q")
    doc = json.loads(old.read_text(encoding="utf-8"))
    doc["ruleset"]["id"] = "tt48-2025"
    for u in doc["units"]:
        u["ruleset"]["id"] = "tt48-2025"
    old.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = run_antt("diff", str(old), str(Y2024), "-f", "json")
    out = json.loads(r.stdout)
    assert r.returncode == 1
    assert [w["code"] for w in out["warnings"]].count("diff-ruleset") == 1
    assert "report-ruleset" in [w["code"] for w in out["warnings"]]


# ----------------------------------------------------------------------------- bad input across years


def test_two_records_of_one_unit_in_last_year(tmp_path):
    prev = tmp_path / "2023"
    shutil.copytree(Y2023, prev)
    (prev / "zz-ban-sao.yaml").write_text((Y2023 / "thon-dong.yaml").read_text(encoding="utf-8")
                                          .replace("crimes: 3", "crimes: 9"), encoding="utf-8")
    doc, err, code = _doc("assess", str(Y2024 / "thon-dong.yaml"), "--previous", str(prev))
    assert code == 2  # the duplicate is invalid input, as in any batch
    assert [(Path(e["file"]).name, e["code"]) for e in doc["errors"]] == [("zz-ban-sao.yaml", "duplicate-unit-code")]
    dong = doc["units"][0]  # … and the rest goes on: the first record of 2023 is last year's
    assert dong["history"]["previous"]["file"] == str(prev / "thon-dong.yaml")
    assert _crit(dong, "KDC-4a")["values"]["crimes_previous_year"] == 3


def test_two_records_of_one_unit_this_year(tmp_path):
    cur = tmp_path / "2024"
    cur.mkdir()
    shutil.copy(Y2024 / "thon-dong.yaml", cur / "a.yaml")
    shutil.copy(Y2024 / "thon-dong.yaml", cur / "b.yaml")
    doc, err, code = _doc("assess", str(cur), "--previous", str(Y2023))
    assert code == 2 and [e["code"] for e in doc["errors"]] == ["duplicate-unit-code"]
    assert [u["history"]["previous"]["file"] for u in doc["units"]] == [str(Y2023 / "thon-dong.yaml")] * 2
    assert doc["summary"]["history"]["runs"][0]["file"] == str(cur / "a.yaml")  # the first one counts


def test_a_unit_that_changed_type(tmp_path):
    prev = tmp_path / "2023"
    _year(Y2024 / "cong-ty-may.yaml", prev / "tram.yaml", 2023, **{"code: MT-MAY": "code: MT-TYT"})
    doc, err, code = _doc("assess", str(Y2024 / "tram-y-te.yaml"), "--previous", str(prev))
    h = doc["units"][0]["history"]
    assert h["previous"] is None and h["consecutive"]["years"] == 1  # not joined
    assert f"{Y2024 / 'tram-y-te.yaml'}:2:1: type: mã đơn vị 'MT-TYT' năm 2023 là doanh_nghiep" in err
    assert "[unit-type-changed]" in err and code == 0  # a warning: nothing stops
    # without codes, the same name and commune of another type is said, and not joined either
    _year(Y2024 / "cong-ty-may.yaml", prev / "tram.yaml", 2023,
          **{"code: MT-MAY\n": "", "name: Công ty TNHH May Minh Tân": "name: Trạm Y tế xã Minh Tân"})
    rec = tmp_path / "tram-y-te.yaml"
    rec.write_text((Y2024 / "tram-y-te.yaml").read_text(encoding="utf-8").replace("code: MT-TYT\n", ""), encoding="utf-8")
    doc, err, _ = _doc("assess", str(rec), "--previous", str(prev))
    assert doc["units"][0]["history"]["previous"] is None
    assert "[unit-other-type]" in err and "không coi là cùng một đơn vị" in err


@pytest.mark.parametrize("change,code,words", [
    ({"schema_version": 2}, "report-schema", "antt mới hơn"),
    ({"schema_version": 0}, "report-schema", "đánh giá lại"),
    ({"units": "?"}, "report-not-antt", "không phải báo cáo đánh giá của antt"),
])
def test_reports_from_another_antt_are_refused_and_the_rest_goes_on(tmp_path, change, code, words):
    report = tmp_path / "ket-qua.json"
    run_antt("assess", str(Y2023), "-o", str(report), "-q")
    doc = json.loads(report.read_text(encoding="utf-8"))
    doc.update(change)
    report.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out, err, rc = _doc("assess", str(Y2024 / "thon-dong.yaml"), "--previous", str(report))
    assert rc == 2
    assert f"[{code}]" in err and words in err
    assert [e["code"] for e in out["errors"]] == [code]
    assert out["units"][0]["outcome"] == "pass" and out["units"][0]["history"]["previous"] is None


def test_a_report_of_another_rule_set_is_used_with_a_warning(tmp_path):
    report = tmp_path / "ket-qua.json"
    run_antt("assess", str(Y2023), "-o", str(report), "-q")
    doc = json.loads(report.read_text(encoding="utf-8"))
    for u in doc["units"]:
        u["ruleset"]["id"] = "tinh-khac-2023"
    report.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out, err, rc = _doc("assess", str(Y2024 / "thon-dong.yaml"), "--previous", str(report))
    assert rc == 0 and "[report-ruleset]" in err and "tinh-khac-2023" in err
    assert out["units"][0]["history"]["carried"][0]["status"] == "agrees"


@pytest.mark.parametrize("content,code,where", [
    ('{"units": [', "report-not-json", ":1:12:"),
    ("[1, 2]", "report-not-antt", "gốc là một danh sách"),
    ('{"schema_version": 1, "ok": true, "problems": []}', "report-not-antt", "kết quả kiểm tra"),
    ('{"schema_version": 1, "kind": "diff", "units": []}', "report-not-antt", "antt diff"),
    ('{"schema_version": 1, "units": [{"unit": {"type": "khu_dan_cu", "name": "A"}, "outcome": "pass"}]}',
     "report-unit", "units[0].unit.year"),
])
def test_a_json_file_that_is_not_an_antt_report(tmp_path, content, code, where):
    bad = tmp_path / "khac.json"
    bad.write_text(content, encoding="utf-8")
    r = run_antt("assess", str(Y2024 / "thon-dong.yaml"), "--previous", str(bad))
    assert r.returncode == 2
    assert f"[{code}]" in r.stderr and where in r.stderr
    assert "Kết luận: ĐẠT" in r.stdout  # the unit is still assessed


def test_invalid_records_of_last_year_are_reported_and_the_rest_is_used(tmp_path):
    prev = tmp_path / "2023"
    shutil.copytree(Y2023, prev)
    (prev / "hong.yaml").write_text("type: khu_dan_cu\nname: [chưa đóng\n", encoding="utf-8")
    doc, err, rc = _doc("assess", str(Y2024), "--previous", str(prev))
    assert rc == 2 and [e["code"] for e in doc["errors"]] == ["yaml-syntax"]
    assert _unit(doc, "Thôn Đông")["history"]["previous"]["year"] == 2023
    assert "rollup-disagrees" not in " ".join(w["file"] + w["code"] for w in doc["warnings"] if "2023" in w["file"])


# ----------------------------------------------------------------------------- the criteria data


def test_previous_year_of_is_checked_where_it_is_written(tmp_path):
    bad = tmp_path / "criteria"
    shutil.copytree(CRITERIA, bad)
    path = bad / "khu_dan_cu.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("previous_year_of: crimes\n", "previous_year_of: crime\n", 1)
    text = text.replace("previous_year_of: social_evils\n", "previous_year_of: social_evils_previous_year\n", 1)
    text = text.replace("previous_year_of: other_violations\n", "previous_year_of: incidents\n", 1)
    path.write_text(text, encoding="utf-8")
    r = run_antt("criteria", "check", str(bad))
    assert r.returncode == 2
    out = r.stdout + r.stderr
    assert ("khu_dan_cu.yaml:95:23: facts.crimes_previous_year.previous_year_of: dữ kiện 'crime' không có trong loại "
            "đơn vị 'khu_dan_cu' — có phải ý bạn là 'crimes'? [previous-year-unknown]") in out
    assert "facts.social_evils_previous_year.previous_year_of: 'social_evils_previous_year' không thể là số liệu năm " \
           "trước của chính nó [previous-year-self]" in out
    assert "'incidents' có kiểu events, 'other_violations_previous_year' có kiểu integer" in out


def test_every_previous_year_fact_is_declared(criteria):
    carried = {tid: criteria.latest(tid).carried() for tid in criteria.type_ids()}
    expected = {f"{x}_previous_year": x for x in ("crimes", "social_evils", "other_violations")}
    assert carried == {"khu_dan_cu": expected, "xa": expected, "co_quan": {}, "doanh_nghiep": {}, "co_so_giao_duc": {}}
    for tid in carried:  # every fact named "…previous_year…" says which fact it is last year's value of
        for f in criteria.latest(tid).facts:
            assert ("previous_year" in f) == (f in carried[tid]), (tid, f)
