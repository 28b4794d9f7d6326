"""What a format is: its name, file extensions and what it can write. Light on purpose: the
registry lists the formats (`antt --help`, the option checks) from this and the index, without
importing the format modules themselves."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...] = ()
    binary: bool = False
    units: bool = True        # writes assessment results (`antt assess`)
    problems: bool = False    # writes a list of problems (`validate`, `criteria check`, `test`)
    terminal: bool = True     # may be written to a terminal
    locations: bool = False   # places each criterion not met on its line in the record
    folder: bool = False      # the target is a folder (a dossier of documents), never stdout
    diff: bool = False        # writes the comparison of two runs (`antt diff`): Writer.diff
    description: tuple[str, str] = ("", "")
    order: int = 100
