"""Stage 2: load unit records into validated Record objects (or located problems).

    from antt_cli.records import load_record
    record = load_record("to-dan-pho.yaml", criteria)     # raises InputError

Modules: reader (records and the RecordReader that owns the record validators), model (the record
as a pydantic-core validator built from the declared facts), pydantic_model (the same record as a
pydantic model, for its JSON Schema), spreadsheet (records from .csv/.xlsx rows), blank (blank
records and sheets for `antt new`), schema (JSON Schema of a record), messages (problem texts).
"""

from __future__ import annotations

from antt_cli.lazy import lazy_exports

_EXPORTS = {"Record": "reader", "RecordReader": "reader", "load_record": "reader", "record_from_data": "reader"}


__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
