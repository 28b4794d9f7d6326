"""Plain result records: what the engine produces and every report consumes.

They hold strings already in the user's language and JSON-ready values, so they can cross
process boundaries (batches) and be rendered without the criteria.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

UNIT_OUTCOMES = ("pass", "fail", "incomplete", "out_of_scope")
CRITERION_STATUSES = ("pass", "fail", "not_applicable", "incomplete")


@dataclass
class CriterionResult:
    id: str
    citation: dict[str, Any]  # {text, ref, instrument, article, clause, point}
    title: str
    status: str
    reasons: list[str]
    values: dict[str, Any]
    note: str | None = None      # the reading chosen where the text is ambiguous
    pack: str | None = None
    branches: list[str] = field(default_factory=list)  # any-branches that decided (for coverage)
    found: str | None = None     # what was found, in a few words ("số liệu thực tế")
    required: str | None = None  # what is required, in a few words ("yêu cầu")
    # the same for a table cell (the dossier's printed minutes): without the figure's label when the
    # criterion reads one figure (its title names it), else one figure a line, each with its label
    found_brief: str | None = None
    required_brief: str | None = None
    location: tuple[int, int] | None = None  # (line, col) in the record of the first fact read, when asked


@dataclass
class UnitResult:
    file: str
    unit: dict[str, Any]  # {type, type_label, name, year, code, commune, province, notes}
    ruleset: dict[str, Any]  # {id, instrument, effective_from, effective_to}
    window: dict[str, str]  # {from, to} ISO dates
    outcome: str
    criteria: list[CriterionResult] = field(default_factory=list)
    scope: dict[str, Any] | None = None  # the exclusion that applied (or could not be decided)
    lang: str = "vi"
    rollup: dict[str, Any] | None = None  # a parent unit's counts computed from a batch (Art. 5.4)
    link: dict[str, Any] | None = None    # what this unit's record says for its parent's counts (registered, managed)
    recorded: list[dict[str, Any]] = field(default_factory=list)  # facts given that no criterion reads (for the record)
    history: dict[str, Any] | None = None  # the unit's other years: last year's record, figures carried, years passed
    # not reported as such: the facts this unit's type takes from last year's record, and warnings met
    # while assessing it (a typed figure that disagrees with last year's), handed to the batch's reports
    carries: tuple[tuple[str, str], ...] = ()  # (this year's fact, last year's fact it is taken from)
    sources: dict[str, Any] = field(default_factory=dict)  # this record's values of those last-year facts (JSON)
    warnings: list[Any] = field(default_factory=list)
    recheck: Any = None  # a spreadsheet row's (data, parsed), when the batch may assess it again with its history

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(CRITERION_STATUSES, 0)
        for c in self.criteria:
            out[c.status] += 1
        return out

    @property
    def name(self) -> str:
        return self.unit["name"]

    @property
    def type(self) -> str:
        return self.unit["type"]

    def issues(self) -> list[CriterionResult]:
        """The criteria not met or lacking data."""
        return [c for c in self.criteria if c.status in ("fail", "incomplete")]
