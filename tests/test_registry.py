"""The format registry lists the formats from formats/index.json without importing their modules,
and only while the index matches the modules: a stale index is never believed."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from antt_cli.report import registry
from antt_cli.report.format import Format


@pytest.fixture
def fresh_registry(monkeypatch, tmp_path):
    """The registry reading an index of the test's own (a copy of the real one) from scratch."""
    index = tmp_path / "index.json"
    shutil.copy(registry.INDEX, index)
    monkeypatch.setattr(registry, "INDEX", str(index))
    registry._table.cache_clear()
    yield index
    registry._table.cache_clear()


def test_the_committed_index_is_the_formats_modules_own():
    with open(registry.INDEX, encoding="utf-8") as fh:
        committed = json.load(fh)
    assert committed == json.loads(json.dumps(registry.build_index())), (
        "antt_cli/report/formats/index.json is out of date: run `python -m antt_cli.report.registry --write-index`")


def test_the_formats_come_from_the_index_without_importing_the_modules(fresh_registry, monkeypatch):
    for name in [m for m in sys.modules if m.startswith("antt_cli.report.formats.")]:
        monkeypatch.delitem(sys.modules, name)
    formats = registry.formats()
    assert list(formats)[:3] == ["table", "json", "jsonl"]
    assert formats["docx"] == Format("docx", (".docx",), binary=True, units=True, problems=False, terminal=False,
                                     description=formats["docx"].description, order=formats["docx"].order)
    assert registry.by_extension(".XLSX").name == "xlsx"
    assert not [m for m in sys.modules if m.startswith("antt_cli.report.formats.")]
    assert registry.writer_class("csv").FORMAT.name == "csv"  # a writer: that one module, imported
    assert [m for m in sys.modules if m.startswith("antt_cli.report.formats.")] == ["antt_cli.report.formats.csv"]


def test_an_index_that_does_not_match_the_modules_is_not_believed(fresh_registry):
    index = json.loads(fresh_registry.read_text(encoding="utf-8"))
    for entry in index["formats"]:
        if entry["name"] == "csv":
            entry["extensions"] = [".tsv"]  # what an edited module would no longer say
    index["modules"]["csv"] = "1:00000000"  # and the module's checksum no longer matches
    fresh_registry.write_text(json.dumps(index), encoding="utf-8")
    assert registry.get("csv").extensions == (".csv",)
    assert registry.by_extension(".tsv") is None


def test_a_damaged_or_missing_index_falls_back_to_the_modules(fresh_registry):
    fresh_registry.write_text("{not json", encoding="utf-8")
    assert registry.get("sarif").extensions == (".sarif",)
    registry._table.cache_clear()
    fresh_registry.unlink()
    assert "html" in registry.names(units=True)
