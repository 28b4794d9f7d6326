"""The pre-commit hooks (.pre-commit-hooks.yaml) run their commands successfully on this repository."""

from __future__ import annotations

import re
import shlex

import yaml

from conftest import ROOT, run_antt

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_the_three_hooks_are_declared():
    assert [h["id"] for h in HOOKS] == ["antt-criteria-check", "antt-test", "antt-validate"]
    for h in HOOKS:
        assert h["language"] == "python" and h["entry"].startswith("antt ")


def test_each_hook_entry_passes_on_this_repository():
    examples = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").rglob("*.yaml"))
    for h in HOOKS:
        args = shlex.split(h["entry"])[1:]
        if h.get("pass_filenames", True):
            files = [f for f in examples if re.search(h["files"], f)]
            assert len(files) >= 10  # the default pattern matches the bundled examples, not the pack's files
            args += files
        r = run_antt(*args)
        assert r.returncode == 0, (h["id"], r.stdout[-2000:], r.stderr[-2000:])


def test_a_broken_criteria_file_fails_the_check_hook():
    entry = shlex.split(HOOKS[0]["entry"])[1:]
    r = run_antt(*entry, "tests/fixtures/bad-criteria/percent-170.yaml")
    assert r.returncode == 2 and "[cond-percent]" in r.stdout


def test_a_broken_criteria_file_in_a_checkout_is_what_gets_checked(tmp_path):
    """No false green: inside a checkout holding criteria/, `antt criteria check` and `antt test`
    (and so the pre-commit hooks, which run them) check the working files, not the installed copy,
    and say which criteria they used."""
    import shutil

    from conftest import CRITERIA, run_antt

    shutil.copytree(CRITERIA, tmp_path / "criteria")
    ok = run_antt("criteria", "check", "--lang", "en", cwd=tmp_path)
    assert ok.returncode == 0 and ok.stderr.startswith("Criteria: criteria (tt124-2021)")
    kdc = tmp_path / "criteria" / "khu_dan_cu.yaml"
    kdc.write_text(kdc.read_text(encoding="utf-8").replace("ratio: [households_registered, households_residing]",
                                                           "ratio: [households_registerd, households_residing]"),
                   encoding="utf-8")
    r = run_antt("criteria", "check", "--lang", "en", cwd=tmp_path)
    assert r.returncode == 2 and "households_registerd" in r.stdout and "[cond-unknown-fact]" in r.stdout
    t = run_antt("test", "--lang", "en", cwd=tmp_path)
    assert t.returncode == 2 and "[cond-unknown-fact]" in t.stderr
