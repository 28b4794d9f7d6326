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
