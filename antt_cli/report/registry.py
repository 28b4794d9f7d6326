"""The output formats: the one list, read by the CLI, the configuration file, the docs and the tests.

Each module of antt_cli.report.formats that declares `FORMAT` and `Writer` is a format; adding a
format is adding a module there.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType

from antt_cli.report.base import Format


@cache
def _modules() -> dict[str, ModuleType]:
    from antt_cli.report import formats

    found = {}
    for info in pkgutil.iter_modules(formats.__path__):
        module = importlib.import_module(f"{formats.__name__}.{info.name}")
        fmt = getattr(module, "FORMAT", None)
        if isinstance(fmt, Format):
            found[fmt.name] = module
    return dict(sorted(found.items(), key=lambda kv: kv[1].FORMAT.order))


def formats() -> dict[str, Format]:
    return {name: m.FORMAT for name, m in _modules().items()}


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
    return _modules()[name].Writer
