"""The structure of a criteria file, as pydantic models (docs/criteria-format.md).

This is the file format only: the loader checks a parsed file against it and turns it into the
runtime model (antt_cli.criteria.model). Conditions are kept as raw mappings here; the condition
compiler (antt_cli.criteria.conditions) type-checks them against the declared facts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    vi: str = Field(min_length=1)
    en: str | None = None


class Citation(_Strict):
    instrument: Text | None = None
    article: int = Field(ge=1)
    clause: int | None = Field(default=None, ge=1)
    point: str | None = None


class RuleSetInfo(_Strict):
    """A file with unit types declares its rule set in full; a vocabulary file may name it by `id`."""

    id: str = Field(min_length=1)
    instrument: Text | None = None
    short: str | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    pack: str | None = None


class Window(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    from_: str = Field(alias="from", pattern=r"^\d{2}-\d{2}$")
    to: str = Field(pattern=r"^\d{2}-\d{2}$")


class EnumValue(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: Text


FactType = Literal["boolean", "integer", "number", "date", "enum", "enum_set", "text", "events"]


class FactDecl(_Strict):
    type: FactType
    label: Text
    help: Text | None = None
    unit: Text | None = None
    min: int | float | None = None
    max: int | float | None = None
    values: list[EnumValue] | None = None
    ordered: bool = False
    judgement: bool = False
    required: bool = False
    fields: dict[str, FactDecl] | None = None
    none: Text | None = None  # how "there is none" (a record's `không có`) reads: "không có nghị quyết"
    # this fact is last year's value of another fact of the same unit type: with last year's record
    # at hand (a batch holding both years, or `--previous`), it is taken from that record
    previous_year_of: str | None = None


class ManagedBy(_Strict):
    fact: str                                   # an enum fact of the units (absent: the parent manages them)
    value: str                                  # the value meaning "managed by this parent's level"


class Rollup(_Strict):
    """How a parent unit's counts are computed from the units that name it (Art. 5.4, in a batch)."""

    of: list[str] = Field(min_length=1)        # unit types whose records count as the parent's units
    link: Literal["commune"] = "commune"        # the record header field naming the parent
    total: str                                  # integer facts of the parent the counts go into
    registered: str
    recognised: str
    registration: str | None = None             # the units' date fact that records their registration
    managed_by: ManagedBy | None = None         # the units' fact saying who manages them
    note: Text | None = None                    # the reading of the counting, shown with the counts



class UnitTypeDecl(_Strict):
    """A unit type. In the national set `label` and `window` are required (checked by the loader);
    a provincial pack names an existing national type by `id` and may only add `facts`."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Text | None = None
    description: Text | None = None
    aliases: list[str] = []
    article: int | None = None
    window: Window | None = None
    facts: dict[str, FactDecl] = {}
    rollup: Rollup | None = None


class Constraint(_Strict):
    id: str
    check: dict[str, Any]
    message: Text


class Exclusion(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    id: str
    unit_types: list[str] | None = None
    citation: Citation | None = None
    if_: dict[str, Any] = Field(alias="if")
    reason: Text
    note: Text | None = None


class Criterion(_Strict):
    id: str = Field(min_length=1)
    unit_types: list[str] | None = None
    citation: Citation
    title: Text
    applies_if: dict[str, Any] | None = None
    not_applicable: Text | None = None
    condition: dict[str, Any]
    note: Text | None = None


class CitationStyle(_Strict):
    """How a citation is written in one language (docs/criteria-format.md, "Vocabulary")."""

    parts: list[str] = Field(min_length=1)   # e.g. ["điểm {point}", "khoản {clause}", "Điều {article}"]
    sep: str = " "
    full: str                                # e.g. "{ref} {instrument}"


class PeriodDecl(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    from_: str = Field(alias="from", pattern=r"^\d{2}-\d{2}$")
    to: str = Field(pattern=r"^\d{2}-\d{2}$")
    label: Text                              # may name {year}


class HeaderFieldDecl(_Strict):
    label: Text
    help: Text | None = None
    aliases: list[str] = []
    fields: dict[str, "HeaderFieldDecl"] = {}   # the parts of a block (meeting: date, place, chair …)


class Vocabulary(_Strict):
    """A rule set's administrative words that are not criteria."""

    standard: Text                           # the standard's name
    citation: dict[Literal["vi", "en"], CitationStyle]
    periods: dict[str, PeriodDecl] = {}
    header: dict[str, HeaderFieldDecl] = {}
    forms: dict[str, Text] = {}


class CriteriaFile(_Strict):
    schema_version: Literal[1]
    ruleset: RuleSetInfo
    vocabulary: Vocabulary | None = None
    unit_types: list[UnitTypeDecl] = []
    facts: dict[str, FactDecl] = {}
    constraints: list[Constraint] = []
    exclusions: list[Exclusion] = []
    criteria: list[Criterion] = []

    @model_validator(mode="after")
    def _declares_something(self) -> "CriteriaFile":
        if not self.unit_types and self.vocabulary is None:
            raise ValueError("a criteria file declares unit_types (or, for a rule set's words, vocabulary)")
        return self

    @field_validator("facts")
    @classmethod
    def _fact_names(cls, v: dict[str, FactDecl]) -> dict[str, FactDecl]:
        for name in v:
            if not name.isidentifier() or name != name.lower():
                raise ValueError(f"fact name '{name}' must be snake_case")
        return v
