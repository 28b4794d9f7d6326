"""The core is usable from Python without typer: load criteria → load record → assess → report."""

from __future__ import annotations

import datetime as dt
import io
import json
from fractions import Fraction

import pytest

from antt_cli.criteria import FactSpec, load_criteria
from antt_cli.criteria.conditions import Context
from antt_cli.criteria.conditions.all_ import All
from antt_cli.criteria.conditions.any_ import AnyOf
from antt_cli.criteria.conditions.fact import FactLeaf
from antt_cli.criteria.conditions.not_ import Not
from antt_cli.criteria.conditions.ratio import RatioLeaf
from antt_cli.engine import assess
from antt_cli.problems import InputError
from antt_cli.records import load_record, record_from_data
from antt_cli.report import write_report
from conftest import EXAMPLES


def test_pipeline_from_python(criteria):
    record = load_record(str(EXAMPLES / "khu_dan_cu" / "khu-pho-5-chua-dat.yaml"), criteria)
    assert record.type_id == "khu_dan_cu" and record.year == 2024
    result = assess(record, lang="en")
    assert result.outcome == "fail"
    assert [c.id for c in result.criteria if c.status == "fail"] == ["KDC-1c", "KDC-4a", "KDC-4b", "KDC-5b"]
    buf = io.StringIO()
    write_report("json", [result], lang="en", stream=buf)
    assert json.loads(buf.getvalue())["units"][0]["outcome"] == "fail"
    for name in ("table", "markdown", "csv", "jsonl", "junit", "sarif", "github"):  # every format, from memory
        buf = io.StringIO()
        write_report(name, [result], lang="en", stream=buf)
        assert "Khu phố 5" in buf.getvalue() or "KDC-1c" in buf.getvalue(), name


def test_record_from_mapping_and_problems_are_values(criteria):
    with pytest.raises(InputError) as e:
        record_from_data({"type": "xa", "name": "X", "year": 2024, "managed_units_total": "ba"}, "mem", criteria)
    (p,) = e.value.problems
    assert (p.code, p.field) == ("wrong-type", "managed_units_total")
    assert p.render("en") == "mem: managed_units_total: wrong type: expected a whole number, got 'ba' [wrong-type]"


def test_criteria_versions_and_windows(criteria):
    ut = criteria.unit_type("khu_dan_cu", year=2024)
    assert ut.window(2024) == (dt.date(2023, 11, 1), dt.date(2024, 10, 31))
    assert criteria.unit_type("xa", year=2024).window(2024) == (dt.date(2023, 11, 16), dt.date(2024, 11, 15))
    assert criteria.unit_type("khu_dan_cu", on=dt.date(2021, 12, 31)) is None
    assert set(criteria.type_ids()) == {"khu_dan_cu", "xa", "co_quan", "doanh_nghiep", "co_so_giao_duc"}
    assert criteria.resolve_type("Đặc khu") == "xa"
    assert criteria.resolve_type("truong hoc") == "co_so_giao_duc"


def _int(name: str) -> FactSpec:
    from antt_cli.criteria.model import Text

    return FactSpec(name, "integer", Text(vi=name))


def _ctx(**facts):
    return Context(facts, 2024, (dt.date(2023, 11, 1), dt.date(2024, 10, 31)))


def test_three_valued_logic():
    a, b = _int("a"), _int("b")
    t = FactLeaf(a, "eq", 1)
    f = FactLeaf(b, "eq", 1)
    ctx = _ctx(a=1, b=0)
    assert All([t, f]).evaluate(ctx).value is False
    assert AnyOf([t, f]).evaluate(ctx).value is True
    unknown = _ctx(a=1)  # b missing
    assert All([t, f]).evaluate(unknown).value is None
    assert AnyOf([t, f]).evaluate(unknown).value is True
    assert All([FactLeaf(a, "eq", 2), f]).evaluate(unknown).value is False  # a false child decides
    assert Not(f).evaluate(unknown).value is None
    assert FactLeaf(b, "present", False).evaluate(unknown).value is True


def test_ratio_is_exact_not_rounded():
    n, d = _int("n"), _int("d")
    seventy = RatioLeaf(n, d, "ge", Fraction(70))
    assert seventy.evaluate(_ctx(n=18, d=25)).value is True  # 72%
    assert seventy.evaluate(_ctx(n=17, d=25)).value is False  # 68%
    assert seventy.evaluate(_ctx(n=7, d=10)).value is True  # exactly 70%
    assert seventy.evaluate(_ctx(n=699, d=1000)).value is False  # 69.9% never rounds up
    hundred = RatioLeaf(n, d, "ge", Fraction(100))
    assert hundred.evaluate(_ctx(n=999, d=1000)).value is False
    assert hundred.evaluate(_ctx(n=0, d=0)).value is False
    assert hundred.evaluate(_ctx(n=3)).value is None


def test_bundled_criteria_cover_every_article(criteria):
    articles = {t: {c.citation.article for c in criteria.latest(t).criteria} for t in criteria.type_ids()}
    assert articles["khu_dan_cu"] == {4}
    assert articles["xa"] == {5}
    assert articles["co_quan"] == articles["doanh_nghiep"] == {6}
    assert articles["co_so_giao_duc"] == {7}
    clauses = {t: {c.citation.clause for c in criteria.latest(t).criteria} for t in criteria.type_ids()}
    assert clauses["khu_dan_cu"] == {1, 2, 3, 4, 5}
    assert clauses["xa"] == {1, 2, 3, 4}
    assert clauses["co_quan"] == {1, 2, 3, 4, 5}
    assert clauses["co_so_giao_duc"] == {1, 2, 3, 4, 5, 6}
    points = {c.citation.point for c in criteria.latest("khu_dan_cu").criteria if c.citation.clause == 3}
    assert points == {"a", "b", "c", "d", "đ", "e", "g"}


def test_scope_exclusions(criteria):
    base = {"name": "X", "year": 2024}
    army = assess(record_from_data({**base, "type": "co_quan", "is_armed_forces_unit": True}, "m", criteria))
    assert army.outcome == "out_of_scope" and army.scope["id"] == "armed-forces"
    primary = assess(record_from_data({**base, "type": "co_so_giao_duc", "education_levels": ["tieu_hoc"]}, "m", criteria))
    assert primary.outcome == "out_of_scope"
    both = assess(record_from_data({**base, "type": "co_so_giao_duc", "education_levels": ["tieu_hoc", "thcs"]}, "m", criteria))
    assert both.outcome == "incomplete"  # in scope, but the rest of the record is blank
