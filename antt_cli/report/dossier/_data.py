"""The dossier's data file (data/dossier.yaml), loaded once, and the small helpers to read it."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

PACKAGE = "antt_cli.report.dossier"
LANGS = ("vi", "en")


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    text = resources.files(PACKAGE).joinpath("data", "dossier.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def pick(value: Any, lang: str) -> str:
    """A text of the data file in `lang`: a plain string, or {vi: …, en: …} (Vietnamese if missing)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        text = value.get(lang)
        if text is None:
            text = value.get("vi", "")
        return str(text)
    return str(value)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(pattern: str, values: dict[str, Any], blank: str | None = None) -> str:
    """Replace {name} by values[name]; nothing else is interpreted (no attribute access, no format spec).

    A known name whose value is empty becomes `blank` (the dotted line); an unknown name stays as written.
    """
    if blank is None:
        blank = data()["blank"]

    def one(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in values:
            return m.group(0)
        value = values[key]
        return blank if value in (None, "") else str(value)

    return _PLACEHOLDER.sub(one, pattern)


def unit_type_spec(unit_type: str | None) -> dict[str, Any]:
    types = data()["unit_types"]
    return types.get(unit_type or "", types["default"])


def kinds() -> list[dict[str, Any]]:
    return data()["kinds"]


def kind_spec(kind: str) -> dict[str, Any]:
    for spec in kinds():
        if spec["id"] == kind:
            return spec
    from antt_cli.report.dossier.errors import DossierError

    raise DossierError("unknown-kind", kind=kind, detail=", ".join(k["id"] for k in kinds()))
