"""Stage 2: load unit records into validated Record objects (or located problems).

    from antt_cli.records import load_record
    record = load_record("to-dan-pho.yaml", criteria)     # raises InputError
"""

from antt_cli.records.load import HEADER_FIELDS, Record, load_record, record_from_data

__all__ = ["HEADER_FIELDS", "Record", "load_record", "record_from_data"]
