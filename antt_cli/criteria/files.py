"""Where criteria files are: the bundled set, and the files a list of paths names. Light (no YAML, no
pydantic), so that the compiled-criteria cache can find and hash them without importing the loader."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

_PKG = Path(__file__).resolve().parent.parent

# Header fields of a unit record (their labels are data: vocabulary.header)
HEADER_FIELDS = ("type", "name", "year", "code", "commune", "province", "notes", "meeting")
# The parts of a header field that is a block: the review meeting of Art. 9.1, whose names fill the
# biên bản (vocabulary.header.meeting.fields labels them; a person is {name, title}, an attendee {role, name})
HEADER_PARTS = {"meeting": ("date", "place", "chair", "secretary", "attendees", "name", "title", "role")}


def bundled_criteria_dir() -> Path:
    """The national criteria shipped with the package (or the repository's criteria/ when run from source)."""
    shipped = _PKG / "_bundled" / "criteria"
    return shipped if shipped.is_dir() else _PKG.parent / "criteria"


def criteria_paths_found(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The criteria files that `paths` name (a folder: its *.yaml, *.yml, sorted), and the paths that
    name none, as (path, why): "empty" (a folder without criteria files) or "missing"."""
    files: list[Path] = []
    bad: list[tuple[str, str]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(q for q in path.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file())
            if not found:
                bad.append((str(path), "empty"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            bad.append((str(path), "missing"))
    return files, bad
