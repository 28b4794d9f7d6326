"""Art. 5.4 in a batch: the commune's counts come from what its units' records settle — a unit is
registered only when its registration is recorded, counted only when the commune manages it — and a
count the units do not settle never overrides the commune's own figure."""

from __future__ import annotations

import json
import shutil

from conftest import EXAMPLES, run_antt

BATCH = EXAMPLES / "batch" / "xa-minh-tan"


def _batch(tmp_path, edit):
    folder = tmp_path / "xa"
    shutil.copytree(BATCH, folder)
    edit(folder)
    r = run_antt("assess", str(folder), "--format", "json", "--lang", "en")
    doc = json.loads(r.stdout)
    xa = next(u for u in doc["units"] if u["unit"]["type"] == "xa")
    return r, doc, xa, {c["id"]: c for c in xa["criteria"]}


def _set(path, line: str, value: str | None) -> None:
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith(line + ":")]
    if value is not None:
        lines.append(f"{line}: {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_managed_unit_that_never_registered_fails_the_commune(tmp_path):
    r, doc, xa, crit = _batch(tmp_path, lambda f: _set(f / "thon-dong.yaml", "registration_date", "không có"))
    assert xa["outcome"] == "fail"
    assert crit["XA-4a"]["status"] == "fail"
    assert crit["XA-4a"]["reasons"][0] == ("Of these, units that registered to strive for the standard: 3/4 units (75%); "
                                           "required ≥ 100%")
    assert xa["rollup"]["computed"] == {"managed_units_total": 4, "managed_units_registered": 3,
                                        "managed_units_recognised": 2}
    assert xa["rollup"]["source"] == dict.fromkeys(xa["rollup"]["computed"], "computed")
    # the report agrees with itself: the commune's row and the unit lines say the same
    [row] = doc["summary"]["communes"]
    assert (row["in_scope"], row["pass"]) == (4, 2)
    dong = next(u for u in doc["units"] if u["unit"]["name"] == "Thôn Đông")
    assert dong["outcome"] == "fail" and [c["status"] for c in dong["criteria"] if c["id"] == "KDC-1b"] == ["fail"]
    assert "1 did not register" in crit["XA-4a"]["reasons"][1]


def test_a_unit_without_registration_data_is_unknown_and_the_stated_figure_stands(tmp_path):
    r, doc, xa, crit = _batch(tmp_path, lambda f: _set(f / "thon-dong.yaml", "registration_date", None))
    rollup = xa["rollup"]
    assert rollup["unknown"]["registration"] == 1
    assert rollup["source"]["managed_units_total"] == "computed"          # settled: 4 in scope
    assert rollup["source"]["managed_units_registered"] == "none"         # not settled, and the stated 5 > 4 cannot stand
    assert crit["XA-4a"]["status"] == "incomplete"
    warnings = [w["code"] for w in doc.get("warnings", [])]
    assert "rollup-unknown" in warnings
    assert "[rollup-unknown]" in r.stderr


def test_the_commune_figure_stands_when_the_batch_lacks_units(tmp_path):
    def edit(f):
        (f / "tram-y-te.yaml").unlink()       # the batch now holds 4 of the 5 units the commune states
    r, doc, xa, crit = _batch(tmp_path, edit)
    rollup = xa["rollup"]
    assert rollup["partial"] is True
    assert rollup["source"] == dict.fromkeys(rollup["computed"], "stated")
    assert rollup["used"] == {"managed_units_total": 5, "managed_units_registered": 5, "managed_units_recognised": 4}
    assert [w["code"] for w in doc["warnings"]].count("rollup-stated") == 3


def test_a_unit_recognised_by_another_level_is_not_the_communes(tmp_path):
    r, doc, xa, crit = _batch(tmp_path, lambda f: _set(f / "cong-ty-may.yaml", "managing_level", "Ủy ban nhân dân cấp tỉnh"))
    rollup = xa["rollup"]
    assert rollup["elsewhere"] == 1
    assert rollup["computed"]["managed_units_total"] == 3
    assert "1 recognised by another level, not counted" in crit["XA-4b"]["reasons"][1]
    assert any(line.startswith("Reading: a unit naming this commune") for line in crit["XA-4b"]["reasons"])
