"""Stage 1: load criteria files into checked, compiled rule sets.

    from antt_cli.criteria import load_criteria
    criteria = load_criteria()            # the bundled national set
    ut = criteria.unit_type("khu_dan_cu", on=date(2024, 10, 31))

Modules: fileformat (the file format, pydantic), model (the runtime model), loader (files →
model), cache (compiled criteria kept between runs), files (where criteria files are), conditions (the condition language, one module per kind), check (authoring checks),
schema (JSON Schema of criteria files), messages (problem texts), values (how values are shown).
Names are imported on first use, so importing one module of this package stays cheap.
"""

from __future__ import annotations

from antt_cli.lazy import lazy_exports

_EXPORTS = {
    "HEADER_FIELDS": "files", "HEADER_PARTS": "files", "bundled_criteria_dir": "files",
    "load_all": "loader", "load_criteria": "cache",
    "CriteriaSet": "model", "FactSpec": "model", "Text": "model",
    "UnitType": "model",
}


__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
