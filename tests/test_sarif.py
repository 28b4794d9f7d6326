"""`--format sarif` is valid SARIF 2.1.0 (checked against the OASIS JSON schema, as published in the
MIT-licensed npm package @microsoft/jest-sarif, fetched once from the npm registry and cached) and
places each criterion not met on the line of the fact it read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_antt

CACHE = Path(os.environ.get("ANTT_TEST_CACHE", Path.home() / ".cache" / "antt-tests"))
SCHEMA = CACHE / "sarif-2.1.0-rtm.5.json"


def _schema() -> dict:
    if not SCHEMA.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("the SARIF schema is not cached and npm is not installed to fetch it")
        CACHE.mkdir(parents=True, exist_ok=True)
        r = subprocess.run([npm, "pack", "@microsoft/jest-sarif@1.0.0-beta.0", "--silent"], cwd=CACHE,
                           capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            pytest.skip(f"cannot fetch the SARIF schema from the npm registry: {r.stderr.strip()[:200]}")
        with tarfile.open(CACHE / r.stdout.strip().splitlines()[-1]) as tar:
            member = tar.getmember("package/lib/schemas/sarif-2.1.0-rtm.5.json")
            SCHEMA.write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_assess_sarif_validates_and_locates_each_criterion(tmp_path):
    import jsonschema

    bad = tmp_path / "hong.yaml"
    bad.write_text("type: khu_dan_cu\nname: [chưa đóng\n", encoding="utf-8")
    failing = EXAMPLES / "khu_dan_cu" / "khu-pho-5-chua-dat.yaml"
    r = run_antt("assess", str(failing), str(bad), "--format", "sarif")
    assert r.returncode == 2
    log = json.loads(r.stdout)
    jsonschema.Draft4Validator(_schema()).validate(log)
    results = log["runs"][0]["results"]
    by_rule = {x["ruleId"]: x for x in results}
    assert set(by_rule) == {"KDC-1c", "KDC-4a", "KDC-4b", "KDC-5b", "yaml-syntax"}
    c1c = by_rule["KDC-1c"]
    assert c1c["level"] == "error"
    region = c1c["locations"][0]["physicalLocation"]["region"]
    lines = failing.read_text(encoding="utf-8").splitlines()
    assert lines[region["startLine"] - 1].lstrip().startswith("households_")
    assert by_rule["yaml-syntax"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rules[x["ruleIndex"]]["id"] for x in results] == [x["ruleId"] for x in results]


def test_criteria_check_and_validate_write_sarif_too():
    import jsonschema

    schema = _schema()
    r = run_antt("criteria", "check", "--format", "sarif", "tests/fixtures/bad-criteria/percent-170.yaml")
    assert r.returncode == 2
    log = json.loads(r.stdout)
    jsonschema.Draft4Validator(schema).validate(log)
    assert [x["ruleId"] for x in log["runs"][0]["results"]] == ["cond-percent"]
    r = run_antt("validate", "--format", "sarif", str(EXAMPLES / "khu_dan_cu"))
    assert r.returncode == 0
    jsonschema.Draft4Validator(schema).validate(json.loads(r.stdout))
