"""Limits on input, each with a sane default and a clear error when exceeded (issue: no input may
crash a batch). A run can change them in `antt.toml` (`[limits]`, see docs/records.md).

Bottom layer: imports nothing of antt_cli.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    depth: int = 64                    # nesting of lists and mappings in a YAML document
    digits: int = 100                  # digits of an integer (Python refuses more than 4,300)
    file_bytes: int = 8 * 1024 * 1024  # one YAML record or criteria file
    nodes: int = 200_000               # YAML nodes after aliases (alias bombs)
    problems: int = 50                 # problems reported per input file, then "and N more"
    sheet_bytes: int = 512 * 1024 * 1024  # a spreadsheet's decompressed size (zip bombs)
    sheet_ratio: int = 200             # decompressed / compressed size of an xlsx part
    cell_chars: int = 32_767           # one spreadsheet cell (Excel's own maximum)
    csv_field_chars: int = 1024 * 1024  # one CSV field

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


DEFAULT = Limits()
