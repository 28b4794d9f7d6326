"""Every problem code the code can raise has a message in Vietnamese and English."""

from __future__ import annotations

import re

from conftest import ROOT

CALLS = re.compile(r'(?:\bproblem|\bProblem|_fail|report|_err|_problem)\(\s*(?:[\w.\[\]"]+,\s*)?"([a-z][a-z0-9-]+)"')


def test_every_raised_code_has_both_languages():
    from antt_cli.i18n import PROBLEMS, _load_extra_tables, problem_message

    _load_extra_tables()
    codes = set()
    for path in (ROOT / "antt_cli").rglob("*.py"):
        codes |= set(CALLS.findall(path.read_text(encoding="utf-8")))
    assert len(codes) > 40  # the scan really finds the codes
    missing = sorted(c for c in codes if c not in PROBLEMS)
    assert missing == []
    for code, (vi, en) in PROBLEMS.items():
        assert vi and en, code
        assert problem_message(code, {}, "en") != "{code}"
