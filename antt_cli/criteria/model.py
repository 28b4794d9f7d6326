"""The criteria as the engine uses them: typed, compiled, ready to evaluate.

The loader (antt_cli.criteria.loader) turns checked criteria files (antt_cli.criteria.fileformat)
into these objects. Everything here is plain data plus small pure methods: no I/O, no pydantic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable

from antt_cli.criteria.values import NONE, format_value
from antt_cli.text import closest, fold, strip_marks
from antt_cli.words import pick

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.conditions.base import Node


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Vietnamese, with its English working translation when given."""

    vi: str
    en: str | None = None

    def pick(self, lang: str) -> str:
        return (self.en or self.vi) if lang == "en" else self.vi

    def as_dict(self) -> dict[str, str | None]:
        return {"vi": self.vi, "en": self.en}

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as a call (the compiled-criteria cache holds ~800): a slotted dataclass's own
        # __setstate__ looks its fields up for every object, 1.5× the time of the whole load
        return Text, (self.vi, self.en)


@dataclass(frozen=True, slots=True)
class EnumValue:
    id: str
    label: Text

    def __reduce__(self) -> tuple[Any, ...]:
        return EnumValue, (self.id, self.label)


# The kinds of value a fact can hold (docs/criteria-format.md).
FACT_TYPES = ("boolean", "integer", "number", "date", "enum", "enum_set", "text", "events")
NUMERIC = ("integer", "number")


@dataclass
class FactSpec:
    """A declared fact: what a record may hold and how to show it."""

    id: str
    type: str
    label: Text
    help: Text | None = None
    unit: Text | None = None
    min: int | float | None = None
    max: int | float | None = None
    values: list[EnumValue] = field(default_factory=list)  # lowest first if ordered
    ordered: bool = False
    judgement: bool = False
    required: bool = False
    fields: dict[str, "FactSpec"] = field(default_factory=dict)
    none_label: Text | None = None  # how "there is none" reads for this fact ("không có nghị quyết")
    previous_year_of: str | None = None  # last year's value of this fact (taken from last year's record)
    rank: dict[str, int] = field(init=False, repr=False)
    by_label: dict[str, str] = field(init=False, repr=False)
    labels: dict[str, dict[str, str]] = field(init=False, repr=False, compare=False)  # lang → id → label

    def __post_init__(self) -> None:
        self.rank = {v.id: i for i, v in enumerate(self.values)}
        self.labels = {lang: {v.id: v.label.pick(lang) for v in self.values} for lang in ("vi", "en")}
        self.by_label = {}
        for v in self.values:
            for text in (v.id, v.label.vi, v.label.en):
                if text:
                    self.by_label.setdefault(fold(text), v.id)
                    self.by_label.setdefault(strip_marks(text), v.id)

    def choice(self, text: str) -> str | None:
        """The enumeration id that `text` names (id or label, with or without diacritics)."""
        return self.by_label.get(fold(text)) or self.by_label.get(strip_marks(text))

    def value_label(self, value: Any, lang: str) -> str:
        if value is None:
            return format_value(None, lang)
        if value is NONE:
            return self.none_label.pick(lang) if self.none_label is not None else format_value(NONE, lang)
        if self.type in ("enum", "enum_set"):
            items = value if isinstance(value, list) else [value]
            labels = self.labels.get(lang) or self.labels["vi"]
            return ", ".join(labels.get(x, str(x)) for x in items) or format_value(None, lang)
        return format_value(value, lang, self.unit)


def month_day(text: str) -> tuple[int, int]:
    """'11-16' → (11, 16); ValueError unless it is a real day of the year."""
    m, d = int(text[:2]), int(text[3:])
    dt.date(2000, m, d)  # a leap year, so 02-29 is accepted
    return m, d


@dataclass(frozen=True)
class Period:
    """A span of the assessment year declared in the criteria (e.g. Q1 = 01-01 … 03-31), or the
    assessment window itself."""

    id: str
    start: tuple[int, int]
    end: tuple[int, int]
    label: Text  # may name {year}

    def dates(self, year: int) -> tuple[dt.date, dt.date]:
        """The span in the assessment year `year`; a span that wraps (11-01 → 10-31) starts the year
        before. Each year's is computed once (every record of a batch asks for the same few)."""
        spans = self.__dict__.get("_spans")
        if spans is None:
            spans = self.__dict__["_spans"] = {}
        found = spans.get(year)
        if found is None:
            (sm, sd), (em, ed) = self.start, self.end
            first = year - 1 if (sm, sd) > (em, ed) else year
            found = _day(first, sm, sd), _day(year, em, ed)
            if len(spans) < 256:  # records' years lie in 2000–2100 (records.model.YEARS)
                spans[year] = found
        return found


def _day(year: int, month: int, day: int) -> dt.date:
    if (month, day) == (2, 29) and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        day = 28
    return dt.date(year, month, day)


@dataclass(frozen=True)
class CitationStyle:
    """How a citation is written in one language: `parts` in order ('điểm {point}', 'khoản {clause}',
    'Điều {article}'), a part whose fields are all empty left out, joined by `sep`; `full` adds the
    instrument ('{ref} {instrument}')."""

    parts: tuple[str, ...]
    sep: str
    full: str


@dataclass(frozen=True)
class HeaderField:
    """A field of a record's header (name, year, commune …): its label and the other names a
    spreadsheet column may give it."""

    id: str
    label: Text
    help: Text | None = None
    aliases: tuple[str, ...] = ()
    fields: dict[str, "HeaderField"] = field(default_factory=dict)  # the parts of a block (meeting)

    def described(self, lang: str) -> str:
        """The label, with the help in brackets when there is one."""
        return self.label.pick(lang) + (f" ({self.help.pick(lang)})" if self.help is not None else "")


@dataclass
class Vocabulary:
    """The administrative words of a rule set that are not criteria: the standard's name, how
    citations are written, named periods (Q1), the record header's labels, the words of forms."""

    standard: Text
    citation: dict[str, CitationStyle]
    periods: dict[str, Period] = field(default_factory=dict)
    header: dict[str, HeaderField] = field(default_factory=dict)
    forms: dict[str, Text] = field(default_factory=dict)
    source: str = ""

    def form(self, key: str, lang: str, **params: Any) -> str:
        from antt_cli.text import safe_format

        text = self.forms.get(key)
        return safe_format(text.pick(lang), params) if text is not None else key

    def header_label(self, fid: str, lang: str) -> str:
        h = self.header.get(fid)
        return h.label.pick(lang) if h is not None else fid


@dataclass
class RuleSet:
    id: str
    instrument: Text
    short: str | None
    effective_from: dt.date
    effective_to: dt.date | None = None
    pack: str | None = None
    vocabulary: Vocabulary | None = None  # the rule set's (for a pack: its own, else the national one)

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def short_name(self) -> str:
        return self.short or self.instrument.vi


@dataclass(frozen=True)
class Citation:
    article: int
    clause: int | None = None
    point: str | None = None
    instrument: Text | None = None  # when the criterion cites another instrument than its rule set


@dataclass
class CompiledCriterion:
    id: str
    citation: Citation
    instrument: Text       # the instrument cited (the criterion's own, else its rule set's)
    short: str             # the rule set's short name, for tables
    title: Text
    condition: "Node"
    applies_if: "Node | None" = None
    not_applicable: Text | None = None
    note: Text | None = None
    source: str = ""       # file:line of the definition
    pack: str | None = None
    ruleset: RuleSet | None = None

    def facts_read(self) -> list[str]:
        out = self.applies_if.facts_read() if self.applies_if else []
        return out + [f for f in self.condition.facts_read() if f not in out]


@dataclass
class CompiledExclusion:
    id: str
    condition: "Node"
    reason: Text
    citation: Citation | None = None
    note: Text | None = None


@dataclass
class CompiledConstraint:
    id: str
    check: "Node"
    message: Text


@dataclass(frozen=True)
class Rollup:
    """How a parent unit's counts are computed from the units that name it (Art. 5.4, in a batch)."""

    of: tuple[str, ...]   # unit types whose records count as the parent's units
    link: str             # the record header field naming the parent
    total: str            # integer facts of the parent the counts go into
    registered: str
    recognised: str
    registration: str | None = None      # the units' date fact recording their registration
    managed_fact: str | None = None      # the units' fact naming who manages them (absent: the parent)
    managed_value: str | None = None     # its value meaning "the parent's level"
    note: Text | None = None             # the reading of the counting, shown with the counts

    def facts(self) -> tuple[str, str, str]:
        return (self.total, self.registered, self.recognised)


@dataclass
class UnitType:
    id: str
    label: Text
    description: Text | None
    aliases: list[str]
    article: int | None
    window_from: tuple[int, int]
    window_to: tuple[int, int]
    ruleset: RuleSet
    facts: dict[str, FactSpec] = field(default_factory=dict)
    criteria: list[CompiledCriterion] = field(default_factory=list)
    exclusions: list[CompiledExclusion] = field(default_factory=list)
    constraints: list[CompiledConstraint] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    packs: list[str] = field(default_factory=list)  # provincial packs layered on (CriteriaSet.layered)
    fact_sources: dict[str, str] = field(default_factory=dict)  # fact id → "file:line" of its declaration
    rollup: Rollup | None = None  # counts computed from the units naming this one (batch)

    def carried(self) -> dict[str, str]:
        """Facts that are last year's value of another fact: {fact: the fact of last year's record}
        (computed once per unit type version)."""
        found = self.__dict__.get("_carried")
        if found is None:
            found = self.__dict__["_carried"] = {f: s.previous_year_of for f, s in self.facts.items() if s.previous_year_of}
        return found

    def enum_sets(self) -> tuple[str, ...]:
        """The facts of type enum_set (computed once per unit type version: every record asks)."""
        found = self.__dict__.get("_enum_sets")
        if found is None:
            found = self.__dict__["_enum_sets"] = tuple(f for f, s in self.facts.items() if s.type == "enum_set")
        return found  # type: ignore[no-any-return]

    @property
    def window_period(self) -> Period:
        """The assessment window as a period (made once: it keeps its dates by year)."""
        found = self.__dict__.get("_window_period")
        if found is None:
            found = self.__dict__["_window_period"] = Period("window", self.window_from, self.window_to,
                                                              Text("kỳ đánh giá", "the assessment window"))
        return found  # type: ignore[no-any-return]

    def window(self, year: int) -> tuple[dt.date, dt.date]:
        """Assessment window ending in `year` (Art. 8.2)."""
        return self.window_period.dates(year)

    def in_force(self, on: dt.date) -> bool:
        return self.ruleset.in_force(on)

    @property
    def vocabulary(self) -> Vocabulary:
        assert self.ruleset.vocabulary is not None, "the loader gives every rule set a vocabulary"
        return self.ruleset.vocabulary

    @property
    def key(self) -> tuple[str, ...]:
        """Identifies this version of the type (with its packs): record models are built per key
        (made once: every record asks for it)."""
        found = self.__dict__.get("_key")
        if found is None:
            found = self.__dict__["_key"] = (self.id, self.ruleset.id, *self.packs)
        return found  # type: ignore[no-any-return]


@dataclass
class PackLayer:
    """A provincial pack's additions to one national unit type (docs/criteria-format.md, "Packs")."""

    name: str
    ruleset: RuleSet
    type_id: str
    facts: dict[str, FactSpec] = field(default_factory=dict)
    # national rule set id → the pack's criteria / constraints compiled against that version
    criteria: dict[str, list[CompiledCriterion]] = field(default_factory=dict)
    constraints: dict[str, list[CompiledConstraint]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def in_force(self, on: dt.date) -> bool:
        return self.ruleset.in_force(on)


@dataclass
class CriteriaSet:
    versions: dict[str, list[UnitType]]  # unit type id → versions, oldest first (national only)
    sources: list[str]
    packs: list[PackLayer] = field(default_factory=list)
    # derived, built once: folded names → type id; (type, rule set, packs) → the layered type
    names: tuple[dict[str, str], dict[str, str]] = field(init=False, repr=False)
    layered_types: dict[tuple[Any, ...], UnitType] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        exact: dict[str, str] = {}
        bare: dict[str, str] = {}
        for tid, versions in self.versions.items():
            for ut in versions:
                for n in (tid, ut.label.vi, ut.label.en or "", *ut.aliases):
                    if n:
                        exact.setdefault(fold(n), tid)
                        bare.setdefault(strip_marks(n), tid)
        self.names = (exact, bare)

    def type_ids(self) -> list[str]:
        return list(self.versions)

    def pack_names(self) -> list[str]:
        return list(dict.fromkeys(p.name for p in self.packs))

    def rulesets(self) -> list[RuleSet]:
        seen: dict[str, RuleSet] = {}
        for versions in self.versions.values():
            for ut in versions:
                seen.setdefault(ut.ruleset.id, ut.ruleset)
        return list(seen.values())

    def resolve_type(self, name: Any) -> str | None:
        """A unit type id from its id, label or an alias (NFC, case-insensitive; then without diacritics)."""
        if not isinstance(name, str):
            return None
        exact, bare = self.names
        return exact.get(fold(name)) or bare.get(strip_marks(name))

    def suggest_type(self, name: Any) -> str | None:
        names: dict[str, str] = {}
        for tid, versions in self.versions.items():
            for ut in versions:
                for n in (tid, ut.label.vi, *ut.aliases):
                    names.setdefault(strip_marks(n), tid)
        found = closest(strip_marks(str(name)), list(names))
        return names[found] if found else None

    def unit_type(self, type_id: str, on: dt.date | None = None, year: int | None = None) -> UnitType | None:
        """The version of a unit type in force on a date (default: the end of `year`'s window),
        with the criteria and facts of every provincial pack in force on that date layered on."""
        for ut in reversed(self.versions.get(type_id, [])):
            when = on if on is not None else (ut.window(year)[1] if year is not None else dt.date.today())
            if ut.in_force(when):
                return self.layered(ut, when)
        return None

    def latest(self, type_id: str) -> UnitType:
        ut = self.versions[type_id][-1]
        return self.layered(ut, max(dt.date.today(), ut.ruleset.effective_from))

    def layered(self, ut: UnitType, when: dt.date) -> UnitType:
        """`ut` plus the packs in force on `when` (the national object itself when there is none)."""
        layers = [p for p in self.packs if p.type_id == ut.id and p.in_force(when) and ut.ruleset.id in p.criteria]
        if not layers:
            return ut
        key = (ut.id, ut.ruleset.id, *(p.name for p in layers))
        found = self.layered_types.get(key)
        if found is None:
            facts = dict(ut.facts)
            criteria = list(ut.criteria)
            constraints = list(ut.constraints)
            files = list(ut.files)
            for p in layers:
                facts.update(p.facts)
                criteria += p.criteria[ut.ruleset.id]
                constraints += p.constraints[ut.ruleset.id]
                files += [f for f in p.files if f not in files]
            found = self.layered_types[key] = replace(
                ut, facts=facts, criteria=criteria, constraints=constraints, files=files, packs=[p.name for p in layers])
        return found

    def all_versions(self, type_id: str) -> list[UnitType]:
        """Every version of a unit type, each with the packs that overlap it layered on."""
        out = []
        for ut in self.versions.get(type_id, []):
            layers = [p for p in self.packs if p.type_id == type_id and ut.ruleset.id in p.criteria]
            when = max([ut.ruleset.effective_from] + [p.ruleset.effective_from for p in layers])
            out.append(self.layered(ut, when) if layers else ut)
        return out

    def all_types(self) -> Iterable[UnitType]:
        for tid in self.type_ids():
            yield from self.all_versions(tid)

    def rollup(self) -> tuple[str, Rollup] | None:
        """The roll-up declared in the criteria: (parent type, spec) of the newest version that has one."""
        for tid, versions in self.versions.items():
            if versions and versions[-1].rollup is not None:
                return tid, versions[-1].rollup
        return None


def text_of(value: Any) -> Text | None:
    """A file model's {vi, en} (or None) as a runtime Text."""
    if value is None:
        return None
    return Text(value.vi, value.en)


def pick_text(text: Text | None, lang: str) -> str:
    return pick(text, lang)
