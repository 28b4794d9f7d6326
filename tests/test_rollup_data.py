"""The commune roll-up is declared in the criteria (`rollup:` on the xa unit type), not in Python."""

from __future__ import annotations

import json
import shutil

from conftest import CRITERIA, EXAMPLES, run_antt

BATCH = EXAMPLES / "batch" / "xa-minh-tan"


def _criteria_copy(tmp_path, edit):
    dest = tmp_path / "criteria"
    shutil.copytree(CRITERIA, dest, ignore=shutil.ignore_patterns("cases"))
    xa = dest / "xa.yaml"
    xa.write_text(edit(xa.read_text(encoding="utf-8")), encoding="utf-8")
    return dest


def _commune(doc):
    return next(u for u in doc["units"] if u["unit"]["type"] == "xa")


def test_rollup_computes_counts_from_units():
    doc = json.loads(run_antt("assess", str(BATCH), "--format", "json", "--jobs", "1").stdout)
    values = {c["id"]: c["values"] for c in _commune(doc)["criteria"]}
    assert values["XA-4b"] == {"managed_units_recognised": 3, "managed_units_total": 4}


def test_without_rollup_block_the_record_counts_stand(tmp_path):
    def drop(text: str) -> str:
        head, tail = text.split("    rollup:\n")
        rest = tail.split("\n")
        while rest and rest[0].startswith("      "):  # the block's lines
            rest.pop(0)
        return head + "\n".join(rest)

    crit = _criteria_copy(tmp_path, drop)
    assert "    rollup:\n" not in (crit / "xa.yaml").read_text(encoding="utf-8")
    r = run_antt("assess", str(BATCH), "--format", "json", "--jobs", "1", "-c", str(crit))
    values = {c["id"]: c["values"] for c in _commune(json.loads(r.stdout))["criteria"]}
    assert values["XA-4b"] == {"managed_units_recognised": 4, "managed_units_total": 5}  # as the record states


def test_rollup_naming_an_undeclared_fact_is_a_located_error(tmp_path):
    crit = _criteria_copy(tmp_path, lambda t: t.replace("recognised: managed_units_recognised",
                                                        "recognised: managed_units_recognized"))
    r = run_antt("criteria", "check", str(crit), "--lang", "en")
    assert r.returncode == 2
    line = next(i for i, s in enumerate((crit / "xa.yaml").read_text(encoding="utf-8").splitlines(), 1)
                if "managed_units_recognized" in s)
    assert f"xa.yaml:{line}:" in r.stdout
    assert "unit_types[xa].rollup.recognised: fact 'managed_units_recognized' is not declared for unit type 'xa'" \
           " — did you mean 'managed_units_recognised'?" in r.stdout
