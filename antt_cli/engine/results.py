"""Plain result records: what the engine produces and every report consumes.

They hold strings already in the user's language and JSON-ready values, so they can cross
process boundaries (batches) and be rendered without the criteria.

A CriterionResult is read-only, and so are its lists and mappings: the engine keeps one for each set
of values a criterion reads, and every unit with those values holds that same result (a batch of
thousands shows the same few answers again and again). A report that adds to a unit's result puts a
new one in its place, in that unit's own list (`with_reasons`, `dataclasses.replace`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable

_SHARED = ("a criterion's result is shared by every unit with the same values and cannot be changed; "
           "put a new one in the unit's list (antt_cli.engine.results.with_reasons, dataclasses.replace)")


def _refuse(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise TypeError(_SHARED)


class FrozenList(list):  # type: ignore[type-arg]
    """A list that cannot be changed (a list for every reader: isinstance, ==, JSON, pickle)."""

    __slots__ = ()
    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse

    def __reduce__(self) -> Any:
        return FrozenList, (list(self),)


class FrozenDict(dict):  # type: ignore[type-arg]
    """A mapping that cannot be changed (a dict for every reader: isinstance, ==, JSON, pickle)."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> Any:
        return FrozenDict, (dict(self),)


def frozen(value: Any) -> Any:
    """A JSON-ready value with its lists and mappings made read-only, all the way down."""
    t = type(value)
    if t is list or t is tuple or t is FrozenList:
        return FrozenList([frozen(x) for x in value])
    if t is dict or t is FrozenDict:
        return FrozenDict({k: frozen(x) for k, x in value.items()})
    return value

UNIT_OUTCOMES = ("pass", "fail", "incomplete", "out_of_scope")
CRITERION_STATUSES = ("pass", "fail", "not_applicable", "incomplete")


@dataclass(frozen=True)
class CriterionResult:
    """One criterion's result; read-only, and shared by the units with the same values (see above).
    Made with `frozen` lists and mappings by the engine."""

    id: str
    citation: dict[str, Any]  # {text, ref, instrument, article, clause, point}
    title: str
    status: str
    reasons: list[str]
    values: dict[str, Any]
    note: str | None = None      # the reading chosen where the text is ambiguous
    pack: str | None = None
    branches: list[str] = field(default_factory=FrozenList)  # any-branches that decided (for coverage)
    found: str | None = None     # what was found, in a few words ("số liệu thực tế")
    required: str | None = None  # what is required, in a few words ("yêu cầu")
    # the same for a table cell (the dossier's printed minutes): without the figure's label when the
    # criterion reads one figure (its title names it), else one figure a line, each with its label
    found_brief: str | None = None
    required_brief: str | None = None
    location: tuple[int, int] | None = None  # (line, col) in the record of the first fact read, when asked
    # True when the engine keeps this result for the units with the same values (set by the engine
    # alone): a report may keep what it makes of it (report.formats.json.CriteriaJSON). A copy —
    # pickled, or made with dataclasses.replace — is its unit's own.
    shared: bool = field(default=False, init=False, compare=False, repr=False)

    def __reduce__(self) -> Any:
        """Pickled with plain lists and mappings (a batch worker sends results to the main process:
        read-only ones cost twice the time to pickle). What is read back is that unit's own copy, and
        nothing shares it."""
        return CriterionResult, (self.id, dict(self.citation), self.title, self.status, list(self.reasons),
                                 _thawed(self.values), self.note, self.pack, list(self.branches), self.found,
                                 self.required, self.found_brief, self.required_brief, self.location)


def _thawed(value: Any) -> Any:
    t = type(value)
    if t is FrozenDict:
        return {k: _thawed(x) if type(x) in _FROZEN else x for k, x in value.items()}
    if t is FrozenList:
        return [_thawed(x) if type(x) in _FROZEN else x for x in value]
    return value


_FROZEN = (FrozenList, FrozenDict)


def with_reasons(c: CriterionResult, lines: Iterable[str]) -> CriterionResult:
    """The result with `lines` added to its reasons (each once, in order); `c` itself if none is new."""
    reasons = list(c.reasons)
    for line in lines:
        if line not in reasons:
            reasons.append(line)
    return c if len(reasons) == len(c.reasons) else replace(c, reasons=FrozenList(reasons))


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
