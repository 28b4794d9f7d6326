"""The reference pages generated from the code are current (scripts/gen-docs.py)."""

from __future__ import annotations

import importlib.util

from conftest import ROOT


def test_generated_pages_are_current():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen-docs.py")
    gen = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(gen)
    stale = [rel for rel, make in gen.PAGES.items() if (ROOT / rel).read_text(encoding="utf-8") != make()]
    assert stale == [], "run: python scripts/gen-docs.py"
