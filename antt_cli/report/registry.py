"""The output formats: the one list, read by the CLI, the configuration file, the docs and the tests.

Each module of antt_cli.report.formats that declares `FORMAT` and `Writer` is a format; adding a
format is adding a module there.

Listing the formats (`antt --help`, checking `--format`) does not import the format modules: it
reads formats/index.json, which holds every module's FORMAT and the size and CRC-32 of its source
(a check against edits, not against tampering: whoever can edit the index can edit the modules;
zlib instead of hashlib spares `antt --help` the 3 ms of importing OpenSSL). The
index is used only while it matches the modules, file for file (each one's size and checksum, line
ends read as LF, so a Windows checkout that wrote CRLF still matches); a module
added, removed or edited without `python -m antt_cli.report.registry --write-index` makes the
registry import the modules as before, and tests/test_registry.py fails until the index is written
again. A writer is always its module's own: `writer_class` imports that one module.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import sys
import zlib
from functools import cache
from typing import Any

from antt_cli.report.format import Format

_PACKAGE = "antt_cli.report.formats"
_FOLDER = os.path.join(os.path.dirname(__file__), "formats")
INDEX = os.path.join(_FOLDER, "index.json")


def _sources() -> dict[str, str]:
    """module name → the size and CRC-32 of its source, for every module of the formats package."""
    out = {}
    for name in sorted(os.listdir(_FOLDER)):
        if name.endswith(".py") and not name.startswith("_"):
            with open(os.path.join(_FOLDER, name), "rb") as fh:
                data = fh.read().replace(b"\r\n", b"\n")
            out[name[:-3]] = f"{len(data)}:{zlib.crc32(data):08x}"
    return out


def _imported() -> dict[str, tuple[str, Format]]:
    """format name → (module name, FORMAT), by importing every module (in the formats' order)."""
    found = {}
    for module_name in _sources():
        fmt = getattr(importlib.import_module(f"{_PACKAGE}.{module_name}"), "FORMAT", None)
        if isinstance(fmt, Format):
            found[fmt.name] = (module_name, fmt)
    return dict(sorted(found.items(), key=lambda kv: kv[1][1].order))


def build_index() -> dict[str, Any]:
    """What formats/index.json holds: the modules' hashes and every format's declaration."""
    return {"modules": _sources(),
            "formats": [{"module": m, **dataclasses.asdict(f)} for m, f in _imported().values()]}


def _from_index() -> dict[str, tuple[str, Format]] | None:
    try:
        with open(INDEX, encoding="utf-8") as fh:
            index = json.load(fh)
        if index["modules"] != _sources():
            return None
        out = {}
        for entry in index["formats"]:
            entry = dict(entry)
            module = entry.pop("module")
            fmt = Format(**{k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()})
            out[fmt.name] = (module, fmt)
        return out
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no index (a source-less install), or a stale or damaged one: import the modules


@cache
def _table() -> dict[str, tuple[str, Format]]:
    return _from_index() or _imported()


def formats() -> dict[str, Format]:
    return {name: fmt for name, (_, fmt) in _table().items()}


def names(*, units: bool | None = None, problems: bool | None = None, diff: bool | None = None) -> list[str]:
    """The formats, in their order; those that write units, problems or a comparison (`antt diff`) when asked."""
    return [f.name for f in formats().values()
            if (units is None or f.units == units) and (problems is None or f.problems == problems)
            and (diff is None or f.diff == diff)]


def get(name: str) -> Format | None:
    return formats().get(name)


def by_extension(ext: str) -> Format | None:
    ext = ext.lower()
    for f in formats().values():
        if ext in f.extensions:
            return f
    return None


def writer_class(name: str) -> type:
    module = importlib.import_module(f"{_PACKAGE}.{_table()[name][0]}")
    return module.Writer  # type: ignore[no-any-return]


def write_index() -> None:
    text = json.dumps(build_index(), ensure_ascii=False, indent=1) + "\n"
    with open(INDEX, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


if __name__ == "__main__":  # python -m antt_cli.report.registry --write-index
    if sys.argv[1:] != ["--write-index"]:
        sys.exit("usage: python -m antt_cli.report.registry --write-index")
    write_index()
    print(f"wrote {INDEX}")
