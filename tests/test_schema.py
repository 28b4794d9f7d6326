"""`antt schema TYPE | criteria`: JSON Schema for editors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, run_antt


def _schema(*args: str) -> dict:
    r = run_antt("schema", *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_record_schema_from_the_pydantic_model():
    s = _schema("khu_dan_cu")
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["additionalProperties"] is False
    assert s["required"] == ["type", "name", "year"]
    props = s["properties"]
    assert props["type"]["enum"][:3] == ["khu_dan_cu", "Khu dân cư", "Residential area"]
    assert "tổ dân phố" in props["type"]["enum"]
    hh = props["households_residing"]
    assert hh["anyOf"][0] == {"minimum": 1, "type": "integer"}
    assert hh["description"] == "Số hộ gia đình đang cư trú trên địa bàn\nTheo sổ quản lý cư trú tại thời điểm đăng ký. [hộ]"
    assert props["year"]["minimum"] == 2000 and "ge" not in props["year"]
    rating = props["grassroots_force_rating"]["anyOf"][0]["enum"]
    assert rating[:4] == ["khong_hoan_thanh", "hoan_thanh", "hoan_thanh_tot", "hoan_thanh_xuat_sac"]
    assert "Hoàn thành tốt nhiệm vụ" in rating


def test_record_schema_in_english_and_by_alias():
    s = _schema("tổ dân phố", "--lang", "en")
    assert s["title"] == "antt — Residential area (Circular No. 124/2021/TT-BCA)"
    assert s["properties"]["households_residing"]["description"].startswith("Households residing in the area")


def test_schema_with_a_pack_has_the_pack_facts():
    s = _schema("khu_dan_cu", "-c", "criteria", "-c", "examples/packs/thanh-hoa")
    assert "security_camera_points" in s["properties"]
    assert s["$id"] == "antt:record/khu_dan_cu/tt124-2021+thanh-hoa"


def test_unknown_type_is_a_located_error():
    r = run_antt("schema", "khu_dan", "--lang", "en")
    assert r.returncode == 2
    assert r.stderr.startswith("TYPE: unknown unit type 'khu_dan' — did you mean 'khu_dan_cu'?")


def test_criteria_schema():
    s = _schema("criteria")
    crit = s["$defs"]["Criterion"]
    assert crit["properties"]["condition"]["$ref"] == "#/$defs/Condition"
    assert set(crit["required"]) == {"id", "citation", "title", "condition"}
    cond = s["$defs"]["Condition"]["properties"]
    assert {"all", "any", "not", "fact", "ratio", "count", "where", "excused_if", "in_period", "present"} <= set(cond)
    assert s["$defs"]["Window"]["properties"].keys() == {"from", "to"}


@pytest.mark.parametrize("example", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*/*.yaml")))
def test_every_example_record_validates_against_its_schema(example, criteria):
    pytest.importorskip("jsonschema")
    import yaml

    data = yaml.safe_load((ROOT / example).read_text(encoding="utf-8"))
    for k, v in list(data.items()):  # an editor sees YAML 1.2: dates are strings
        if hasattr(v, "isoformat"):
            data[k] = v.isoformat()
        if isinstance(v, list):
            data[k] = [{f: (x.isoformat() if hasattr(x, "isoformat") else x) for f, x in i.items()} if isinstance(i, dict)
                       else i for i in v]
    ut = criteria.latest(criteria.resolve_type(data["type"]))
    _validator(ut).validate(data)


_VALIDATORS: dict = {}


def _validator(ut):
    """What `jsonschema.validate(data, record_schema(ut))` does — the schema checked against its
    meta-schema, then the data against the schema — with the first step done once per unit type."""
    import jsonschema

    from antt_cli.records.schema import record_schema

    found = _VALIDATORS.get(id(ut))
    if found is None or found[0] is not ut:
        schema = record_schema(ut)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        found = _VALIDATORS[id(ut)] = (ut, cls(schema))
    return found[1]


def test_schema_rejects_what_validate_rejects(criteria):
    jsonschema = pytest.importorskip("jsonschema")

    validator = _validator(criteria.latest("khu_dan_cu"))
    base = {"type": "khu_dan_cu", "name": "T", "year": 2024}
    validator.validate({**base, "party_resolution_date": "20/02/2024"})
    for bad in ({"households_residing": 0}, {"foo": 1}, {"party_resolution_date": "20-02"}, {"year": 1999}):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate({**base, **bad})


def test_readme_shows_the_modeline():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=" in text
    assert "antt schema" in text
