"""Every bundled example gives the verdict its header comment promises, in both languages."""

from __future__ import annotations

import json
import re

import pytest

from conftest import EXAMPLES, run_antt

EXPECTED = {"ĐẠT": ("pass", 0), "CHƯA ĐẠT": ("fail", 1), "KHÔNG THUỘC ĐỐI TƯỢNG": ("out_of_scope", 0),
            "THIẾU DỮ LIỆU": ("incomplete", 1)}
VERDICT_VI = {"pass": "Kết luận: ĐẠT", "fail": "Kết luận: CHƯA ĐẠT", "out_of_scope": "Kết luận: KHÔNG THUỘC ĐỐI TƯỢNG",
              "incomplete": "Kết luận: THIẾU DỮ LIỆU"}
VERDICT_EN = {"pass": "Verdict: MEETS THE STANDARD", "fail": "Verdict: DOES NOT YET MEET THE STANDARD",
              "out_of_scope": "Verdict: OUT OF SCOPE", "incomplete": "Verdict: INCOMPLETE DATA"}


def _examples():
    out = []
    for path in sorted(EXAMPLES.glob("*/*.yaml")):
        m = re.search(r"^# Kết quả mong đợi: (.+?)\s*(?:\(|$)", path.read_text(encoding="utf-8"), re.M)
        if m and m.group(1).strip().rstrip(".") in EXPECTED:
            out.append(pytest.param(path, EXPECTED[m.group(1).strip().rstrip(".")], id=f"{path.parent.name}/{path.name}"))
    return out


EXAMPLE_CASES = _examples()


def test_every_unit_type_has_passing_and_failing_examples():
    seen = {(p.values[0].parent.name, p.values[1][0]) for p in EXAMPLE_CASES}
    for t in ("khu_dan_cu", "xa", "co_quan", "doanh_nghiep", "co_so_giao_duc"):
        assert (t, "pass") in seen, t
        assert (t, "fail") in seen, t
    assert any(outcome == "out_of_scope" for _, outcome in seen)


@pytest.mark.parametrize("path,expected", EXAMPLE_CASES)
def test_example_verdict_vi_and_en(path, expected):
    outcome, code = expected
    vi = run_antt("assess", str(path))
    assert vi.returncode == code, vi.stderr
    assert VERDICT_VI[outcome] in vi.stdout
    en = run_antt("assess", str(path), "--lang", "en")
    assert en.returncode == code, en.stderr
    assert VERDICT_EN[outcome] in en.stdout
    doc = json.loads(run_antt("assess", str(path), "--format", "json").stdout)
    assert doc["units"][0]["outcome"] == outcome
    if outcome == "fail":  # every failing criterion explains itself
        failing = [c for c in doc["units"][0]["criteria"] if c["status"] == "fail"]
        assert failing and all(c["reasons"] for c in failing)
