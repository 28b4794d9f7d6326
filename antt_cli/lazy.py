"""Names of a package imported on first use (PEP 562), so that importing one light module of a
package (its words, its result types) never drags in the heavy ones (pydantic, YAML).

Bottom layer: imports nothing of antt_cli.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable


def lazy_exports(package: str, names: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` resolving each name in `names` from the submodule it maps to."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__


_SHIELDED = ("SIGINT", "SIGTERM", "SIGHUP")


def import_shielded(name: str) -> Any:
    """`importlib.import_module(name)` with Ctrl-C, SIGTERM and SIGHUP held back until it is done.

    A C extension imported in the middle of a run (orjson when the first unit is written) runs
    Python code while it initialises; a signal handler that raises there (KeyboardInterrupt, or
    antt's Stopped) leaves the extension half made, and orjson then crashes the interpreter
    (exit -11, seen under the signal tests). Held back, the signal is delivered as soon as the
    import ends and the run unwinds as usual. antt's main process has no other thread that could
    take the signal meanwhile. Where signals cannot be masked (Windows), a plain import."""
    import signal
    import sys

    if name in sys.modules:
        return sys.modules[name]
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:  # pragma: no cover - Windows
        return importlib.import_module(name)
    held = {getattr(signal, s) for s in _SHIELDED if hasattr(signal, s)}
    before = mask(signal.SIG_BLOCK, held)
    try:
        return importlib.import_module(name)
    finally:
        mask(signal.SIG_SETMASK, before)
