"""JSON text for reports: orjson when installed (4–5× faster on a batch), else the standard
library — the same text either way: compact lines for JSONL, 2-space indentation for documents.

`dumps_bytes` is what the writers use: orjson makes UTF-8 bytes, and they go to the file as they
are (decoding a unit's ~20 KB to text only for the file's text layer to encode it again costs as
much as encoding it). orjson and json are imported on first use: the format registry imports this
module for `antt --help`."""

from __future__ import annotations

from typing import Any

_orjson: Any = None


def _fast() -> Any:
    global _orjson
    if _orjson is None:
        from antt_cli.lazy import import_shielded

        try:
            orjson = import_shielded("orjson")  # a signal during its initialisation would crash the interpreter
        except ImportError:  # pragma: no cover - orjson is a dependency; the fallback keeps the core portable
            orjson = False
        _orjson = orjson
    return _orjson


def fast_json() -> Any:
    """orjson, or False where it is missing."""
    return _orjson or _fast()


def dumps_bytes(value: Any, *, indent: bool = False, newline: bool = False) -> bytes:
    """`value` as UTF-8 JSON; with `newline`, "\n" appended by orjson itself (a JSONL line, no copy to add it)."""
    fast = _orjson or _fast()
    if fast:
        try:
            return fast.dumps(value, option=(fast.OPT_INDENT_2 if indent else 0) |
                              (fast.OPT_APPEND_NEWLINE if newline else 0))
        except TypeError:  # a value orjson does not know (e.g. an int beyond 64 bits)
            pass
    return (_std(value, indent) + "\n" if newline else _std(value, indent)).encode("utf-8")


def dumps(value: Any, *, indent: bool = False) -> str:
    fast = _orjson or _fast()
    if fast:
        try:
            return fast.dumps(value, option=fast.OPT_INDENT_2 if indent else 0).decode("utf-8")
        except TypeError:
            pass
    return _std(value, indent)


def _std(value: Any, indent: bool) -> str:
    import json

    if indent:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
