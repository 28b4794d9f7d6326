"""An Assessor keeps a criterion's (and a scope exclusion's) results by the values it reads
(antt_cli/engine/evaluate.py): whatever it assessed before, what it gives back must be what a fresh
assessor computes for the same record — never a text kept for another value, year or language."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle

import pytest
import yaml

from antt_cli.engine import Assessor
from antt_cli.engine.evaluate import memo_key, value_key
from antt_cli.engine.results import with_reasons
from antt_cli.records import record_from_data
from conftest import EXAMPLES


def _data(path: str) -> dict:
    return yaml.safe_load((EXAMPLES / path).read_text(encoding="utf-8"))


def _shown(result) -> str:
    """Everything a report can show but the file's name, with the types: True, 1, 1.0 and -0.0 all
    differ in a repr."""
    shown = dataclasses.asdict(result)
    del shown["file"]
    for c in shown["criteria"]:
        del c["shared"]  # whether the engine keeps it for other units: not shown
    return repr(shown)


def _check(records, lang="vi") -> list[str]:
    """Assess the records one after the other with one assessor; each must equal a fresh one's."""
    kept = Assessor(lang=lang)
    shown = []
    for record in records:
        got = _shown(kept.assess(record))
        assert got == _shown(Assessor(lang=lang).assess(record)), record.source
        shown.append(got)
    return shown


def _variants(criteria, base: dict, changes: list[dict]) -> list:
    return [record_from_data({**base, **change}, f"v{i}", criteria) for i, change in enumerate(changes)]


def test_a_kept_result_is_never_one_for_another_value(criteria):
    base = _data("khu_dan_cu/khu-pho-5-chua-dat.yaml")
    changes = [{}, {"households_registered": 250}, {}, {"crimes": 2}, {"crimes": 5, "crimes_previous_year": 5},
               {"implements_policy_fully": False}, {"implements_policy_fully": None}, {"grassroots_force_rating": None},
               {"party_resolution_date": dt.date(2024, 5, 1)}, {"party_resolution_date": dt.date(2024, 1, 25)}, {}]
    for lang in ("vi", "en"):
        shown = _check(_variants(criteria, base, changes), lang)
        assert shown[0] == shown[2] == shown[-1]  # the same values: the same result
        assert shown[0] != shown[1] and shown[3] != shown[4] and shown[5] != shown[6]


def test_a_kept_sub_condition_is_never_one_for_other_values_or_another_year(criteria):
    """KDC-1c reads a ratio of two counts (rarely the same twice) and, under an `any`, two dates (often
    the same): the assessor keeps the `any`'s verdicts by the dates alone. Whatever it kept, each
    result is a fresh assessor's, in both languages, and with the branches traced."""
    from antt_cli.engine.evaluate import _Kept

    base = _data("khu_dan_cu/khu-pho-5-chua-dat.yaml")
    q1, late = dt.date(2024, 2, 1), dt.date(2024, 5, 1)
    changes = [{"households_registered": 250, "households_residing": 250, "households_registration_date": q1},
               {"households_registered": 249, "households_residing": 250, "households_registration_date": q1},
               {"households_registered": 300, "households_residing": 300, "households_registration_date": late},
               {"households_registered": 301, "households_residing": 301, "households_registration_date": None,
                "registration_date": q1},
               {"households_registered": 302, "households_residing": 302, "households_registration_date": None,
                "registration_date": late},
               {"households_registered": 303, "households_residing": 303, "households_registration_date": None,
                "registration_date": None},
               {"households_registered": 250, "households_residing": 250, "households_registration_date": q1,
                "year": 2025},
               {"households_registered": 250, "households_residing": 250, "households_registration_date": q1}]
    records = _variants(criteria, base, changes)
    for lang in ("vi", "en"):
        shown = _check(records, lang)
        assert shown[0] == shown[-1] and len(set(shown)) == len(shown) - 1
    statuses = [next(c.status for c in Assessor().assess(r).criteria if c.id == "KDC-1c") for r in records]
    assert statuses == ["pass", "fail", "fail", "pass", "fail", "incomplete", "fail", "pass"]
    assessor = Assessor()
    for r in records:
        assessor.assess(r)
    (plan,) = [p for ut, plans, _, _ in assessor.plans.values() for p in plans if p.c.id == "KDC-1c"]
    (kept,) = [n for n in plan.condition.children() if isinstance(n, _Kept)]
    assert kept.facts == ("households_registration_date", "registration_date") and 0 < len(kept.memo) < len(records)
    traced, fresh = Assessor(trace=True), None
    for r in records:
        fresh = Assessor(trace=True).assess(r)
        got = traced.assess(r)
        assert [c.branches for c in got.criteria] == [c.branches for c in fresh.criteria]


def _counts(criteria):
    from antt_cli.criteria.conditions.count import CountLeaf

    return [n for ut in criteria.all_types() for c in ut.criteria for n in c.condition.walk() if isinstance(n, CountLeaf)]


def test_an_item_s_kept_answer_is_never_one_for_other_fields_another_date_or_year(criteria):
    """A count keeps whether an item matches `where` (and `excused_if`) by the item's values of the
    fields they read: registers differ from unit to unit, their items' kinds repeat. Whatever was
    kept, each result is what the count gives with nothing kept."""
    base = _data("khu_dan_cu/khu-pho-5-chua-dat.yaml")
    fire = {"date": dt.date(2024, 3, 1), "category": "chay_no", "severity": "nghiem_trong", "description": "Cháy",
            "force_majeure": False}
    registers = [[fire], [{**fire, "force_majeure": True}], [{**fire, "severity": "it_nghiem_trong"}],
                 [{**fire, "date": dt.date(2023, 1, 5)}], [fire, {**fire, "date": dt.date(2024, 7, 1)}],
                 [{**fire, "category": "tai_nan_lao_dong", "fatal": True}], [{**fire, "force_majeure": None}], [fire]]
    changes = [{"incidents": r} for r in registers] + [{"incidents": [fire], "year": 2025}, {"incidents": [fire]}]
    records = _variants(criteria, base, changes)
    counts = _counts(criteria)
    kept = [_shown(Assessor().assess(r)) for r in records]
    assert any(c._settled for c in counts)  # answers were kept, and served to the later records
    fresh = []
    for r in records:
        for c in counts:
            c._settled.clear()
        fresh.append(_shown(Assessor().assess(r)))
    assert kept == fresh
    assert kept[0] == kept[7] == kept[9] and len(set(kept)) == 8
    statuses = [{c.id: c.status for c in Assessor().assess(r).criteria}["KDC-4d"] for r in records]
    assert statuses == ["fail", "pass", "pass", "pass", "fail", "fail", "incomplete", "fail", "pass", "fail"]
    leaf = counts[0]
    leaf._settled[("where", 2024, None, (), ())] = True
    assert pickle.loads(pickle.dumps(leaf))._settled == {}  # compiled criteria are cached without it


def test_a_kept_result_is_never_one_for_another_year(criteria):
    base = _data("khu_dan_cu/khu-pho-5-chua-dat.yaml")  # one incident inside the 2024 window, one before it
    records = _variants(criteria, base, [{}, {"year": 2025}, {}, {"year": 2025}])
    shown = _check(records)
    assert shown[0] == shown[2] != shown[1] == shown[3]


def test_a_period_named_for_one_year_is_not_named_so_for_another(criteria):
    """The criteria's nodes keep a period's name per language and year, for every assessor."""
    base = _data("khu_dan_cu/khu-pho-5-chua-dat.yaml")
    for year in (2024, 2025, 2024):
        dates = f"(01/01/{year}–31/03/{year})"
        for lang, words in (("vi", f"Quý I năm {year} {dates}"), ("en", f"Q1 of {year} {dates}")):
            data = {**base, "year": year, "party_resolution_date": dt.date(year, 5, 1)}  # after the first quarter
            result = Assessor(lang=lang).assess(record_from_data(data, "m", criteria))
            (reason,) = [c.reasons for c in result.criteria if c.id == "KDC-1a"][0]
            assert words in reason and str(year + 1) not in reason and str(year - 1) not in reason


def test_a_kept_result_is_never_one_for_another_language(criteria):
    record = record_from_data(_data("khu_dan_cu/khu-pho-5-chua-dat.yaml"), "m", criteria)
    vi = Assessor(lang="vi")
    en = Assessor(lang="en")
    first = vi.assess(record)
    assert en.assess(record).criteria[0].title != first.criteria[0].title
    assert _shown(vi.assess(record)) == _shown(first)


def test_a_kept_result_is_never_one_for_a_value_of_another_type(criteria):
    """1 and 1.0 are equal, and so are 0.0 and -0.0, but a report does not write them alike."""
    base = _data("doanh_nghiep/cong-ty-da-my-nghe-an-hung.yaml")
    changes = [{"revenue_billion_vnd": v, "capital_billion_vnd": w}
               for v, w in ((18, 9.5), (18.0, 9.5), (18, 9.5), (0.0, 0.0), (-0.0, -0.0), (0.0, 0.0))]
    shown = _check(_variants(criteria, base, changes))
    assert shown[0] == shown[2] and shown[3] == shown[5]
    assert value_key(1) != value_key(1.0) != value_key(True) and value_key(0.0) != value_key(-0.0)
    assert memo_key((), {"a": 1}, ("a",)) != memo_key((), {"a": True}, ("a",))
    assert memo_key((), {"a": [{"x": 1}]}, ("a",)) != memo_key((), {"a": [{"x": True}]}, ("a",))
    assert memo_key((), {"a": [[1]]}, ("a",)) is not None and memo_key((), {"a": {1, 2}}, ("a",)) is None


def test_a_kept_register_is_never_one_for_other_items(criteria):
    base = _data("khu_dan_cu/khu-pho-5-chua-dat.yaml")
    first = dict(base["incidents"][0])
    changes = [{}, {"incidents": [{**first, "reported_immediately": True}]}, {"incidents": [first]},
               {"incidents": [{**first, "date": dt.date(2023, 10, 1)}]}, {"incidents": []}, {}]
    shown = _check(_variants(criteria, base, changes))
    assert shown[0] == shown[5] and len(set(shown)) == 5


def test_a_kept_result_is_shared_read_only_and_a_report_changes_its_own_copy(criteria):
    record = record_from_data(_data("khu_dan_cu/khu-pho-5-chua-dat.yaml"), "m", criteria)
    assessor = Assessor(lang="vi")
    first, second = assessor.assess(record), assessor.assess(record)
    assert all(a is b for a, b in zip(first.criteria, second.criteria))  # the same values: the same result
    registers = [c for c in first.criteria if isinstance(c.values.get("incidents"), list) and c.values["incidents"]]
    assert registers  # the example has incidents: an item of a register is read-only too
    changes = [lambda c: c.reasons.append("changed"), lambda c: c.reasons.extend(["changed"]),
               lambda c: c.values.__setitem__("changed", 1), lambda c: c.values.update(changed=1),
               lambda c: c.citation.__setitem__("text", "changed"), lambda c: c.branches.append("changed"),
               lambda c: registers[0].values["incidents"][0].__setitem__("date", "changed"),
               lambda c: registers[0].values["incidents"].append({})]
    for c in first.criteria:
        for change in changes:
            with pytest.raises(TypeError, match="shared by every unit with the same values"):
                change(c)
        with pytest.raises(dataclasses.FrozenInstanceError):
            c.status = "pass"
    # what engine/history.py does: a carried figure's origin added to the reasons, in this unit's list
    assert all(c.shared for c in first.criteria)  # the engine keeps them: a report may keep what it makes of them
    assert not dataclasses.replace(first.criteria[0], title="x").shared  # a copy is its unit's own
    first.criteria[:] = [with_reasons(c, ["changed", c.reasons[0] if c.reasons else "changed"]) for c in first.criteria]
    assert all(c.reasons.count("changed") == 1 and not c.shared for c in first.criteria)
    assert all("changed" not in c.reasons for c in second.criteria)
    again = assessor.assess(record)
    assert _shown(again) == _shown(Assessor(lang="vi").assess(record))
    assert all("changed" not in c.reasons for c in again.criteria)
    # a result crosses to the main process equal in every field (its copy there is its own)
    located = dataclasses.replace(again, criteria=[dataclasses.replace(c, location=(i, 2)) for i, c in enumerate(again.criteria)])
    for result in (again, located):
        back = pickle.loads(pickle.dumps(result))
        assert _shown(back) == _shown(result) and [c.location for c in back.criteria] == [c.location for c in result.criteria]
        assert not any(c.shared for c in back.criteria)


def test_a_kept_scope_is_never_one_for_another_value(criteria):
    base = {"type": "co_quan", "name": "X", "year": 2024}
    records = _variants(criteria, base, [{"is_armed_forces_unit": True}, {"is_armed_forces_unit": False},
                                         {"is_armed_forces_unit": True}, {}])
    _check(records)
    outcomes = [Assessor().assess(r).outcome for r in records]
    assert outcomes[0] == outcomes[2] == "out_of_scope" and outcomes[1] != "out_of_scope"
