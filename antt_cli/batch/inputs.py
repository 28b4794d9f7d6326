"""Which files a batch reads, in a deterministic order.

Paths are taken in the order given. A folder is walked recursively: its entries sorted by
name (code point order, so the same on every machine), sub-folders in place, hidden
entries (starting with '.') skipped, symbolic links to folders not followed. Only *.yaml and
*.yml are collected from folders; spreadsheets (.csv, .xlsx) are read when named
explicitly (a folder may hold earlier reports). A file reached twice is read once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator

from antt_cli.problems import Problem

RECORD_SUFFIXES = (".yaml", ".yml")
SHEET_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Source:
    path: str   # as given or found (relative paths stay relative: they are shown to the user)
    kind: str   # "yaml" | "sheet" | "missing" (a problem to report in order)
    problem: Problem | None = None


def _walk(folder: str) -> Iterator[str]:
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        try:
            if e.is_dir(follow_symlinks=False):
                yield from _walk(e.path)
            elif e.name.lower().endswith(RECORD_SUFFIXES) and e.is_file():
                yield e.path
        except OSError:  # pragma: no cover - vanished while walking
            continue


def iter_sources(paths: list[str]) -> Iterator[Source]:
    seen: set[str] = set()

    def first(p: str) -> bool:
        key = os.path.realpath(p)
        if key in seen:
            return False
        seen.add(key)
        return True

    for p in paths:
        p = os.fspath(p)
        if os.path.isdir(p):
            found = False
            for f in _walk(p):
                found = True
                if first(f):
                    yield Source(f, "yaml")
            if not found:
                yield Source(p, "missing", Problem(p, "no-records"))
        elif os.path.exists(p):
            if not first(p):
                continue
            low = p.lower()
            if low.endswith(SHEET_SUFFIXES):
                yield Source(p, "sheet")
            elif low.endswith(RECORD_SUFFIXES) or not low.endswith((".xls", ".ods", ".json", ".txt", ".pdf", ".docx", ".doc")):
                yield Source(p, "yaml")  # an explicit file is read as YAML whatever its name, unless clearly not
            else:
                yield Source(p, "missing", Problem(p, "not-a-record-file"))
        else:
            yield Source(p, "missing", Problem(p, "file-not-found"))


def count_sources(paths: list[str]) -> int:
    """How many inputs `iter_sources` will give (for the progress bar); cheap: names only."""
    return sum(1 for _ in iter_sources(paths))
