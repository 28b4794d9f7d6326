"""A unit across years: last year's record of the same unit, the figures it carries into this year,
and the run of consecutive years the unit passed (docs/years.md).

Recognition is yearly (Art. 3.1) and one criterion compares with the previous year (Art. 4.4.a).
The facts that mean "last year's value of X" are declared in the criteria (`previous_year_of: X`);
with last year's record at hand, they are taken from it:

    book = History()
    book.add(Entry.of_result(result_2023))          # what each earlier year gave
    look = book.look(Who.of_record(record_2024), 2024)
    result = assess_with_history(assessor, record_2024, look)   # carried, assessed, explained

The same unit: the same unit code when both records give one (two different codes are two units),
else the same unit type, name and commune (folded: case, accents' form, spaces), and the same
province when both give one. A unit whose code matches but whose type changed is not joined to its
earlier years (reported). A typed value that disagrees with last year's record is reported, located
at the typed value, and last year's record's value is used (reading 35, docs/readings.md).

Engine layer: reads records and results, knows nothing of files, folders or reports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from antt_cli.criteria.values import NONE
from antt_cli.engine.evaluate import jsonable
from antt_cli.engine.results import UnitResult, with_reasons
from antt_cli.problems import WARNING, Messages, Problem
from antt_cli.text import fold
from antt_cli.words import Words

MESSAGES = Messages({
    "previous-differs": ("bản ghi năm nay ghi {typed}, bản ghi năm {year} ({source}) ghi {source_fact} = {last}: "
                         "dùng {last}, số của bản ghi năm trước (sửa bản ghi năm trước nếu số đó sai)",
                         "this record gives {typed}, the {year} record ({source}) gives {source_fact} = {last}: "
                         "{last} is used, last year's record's figure (correct last year's record if it is wrong)"),
    "history-gap": ("không có bản ghi năm {year} của đơn vị này (năm gần nhất có: {have}, {source}): số liệu năm trước "
                    "không lấy được từ bản ghi, và chuỗi năm đạt liền bị ngắt",
                    "there is no {year} record of this unit (the latest earlier one: {have}, {source}): last year's "
                    "figures cannot come from a record, and the run of consecutive years is broken"),
    "unit-type-changed": ("mã đơn vị '{code}' năm {year} là {old_type} ({source}), nay là {new_type}: hai năm không được "
                          "nối (không lấy số liệu năm trước, không tính năm đạt liền)",
                          "unit code '{code}' was a {old_type} in {year} ({source}), now a {new_type}: the years are "
                          "not joined (no figures carried, no consecutive years)"),
    "unit-other-type": ("năm {year} có đơn vị cùng tên và cùng xã nhưng khác loại ({old_type}, {source}): không coi là "
                        "cùng một đơn vị; nếu là một, hãy ghi cùng mã đơn vị (code) ở cả hai bản ghi",
                        "in {year} a unit of the same name and commune but another type ({old_type}, {source}) was "
                        "assessed: it is not taken as the same unit; if it is, give both records the same unit code"),
})
WORDS = Words({
    "by.code": ("cùng mã đơn vị {code}", "the same unit code {code}"),
    "by.name": ("cùng tên, xã và loại đơn vị", "the same name, commune and unit type"),
    "from": ("lấy từ bản ghi năm {year}: {source}", "taken from the {year} record: {source}"),
    "from.report": ("lấy từ bản ghi năm {year}: {source}, qua báo cáo {report}",
                    "taken from the {year} record: {source}, via the report {report}"),
    "carried": ("{label}: {value} — {where} ({matched})", "{label}: {value} — {where} ({matched})"),
    "agrees": ("; bản ghi năm nay ghi cùng số", "; this record gives the same figure"),
    "differs": ("; bản ghi năm nay ghi {typed}, khác: dùng số của bản ghi năm trước",
                "; this record gives {typed}, which differs: last year's record's figure is used"),
    "absent": ("{label}: bản ghi năm {year} ({source}) không ghi {source_fact}; dùng số bản ghi năm nay ghi: {typed}",
               "{label}: the {year} record ({source}) does not give {source_fact}; this record's own figure is used: "
               "{typed}"),
})

OUTCOME_PASS = "pass"


def _dumps(value: Any) -> bytes:
    try:
        from antt_cli.lazy import import_shielded

        orjson = import_shielded("orjson")  # see import_shielded: a signal during its import

        return orjson.dumps(value)
    except (ImportError, TypeError):  # pragma: no cover - orjson is a dependency; a value it does not know
        import json

        return json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")


# ----------------------------------------------------------------------------- who a unit is


@dataclass(frozen=True)
class Who:
    """What identifies a unit from one year to the next."""

    type: str
    name: str
    code: str | None = None
    commune: str | None = None
    province: str | None = None
    folded: tuple[str, str, str, str] = field(init=False, repr=False, compare=False)  # code, name, commune, province

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", (fold(self.code) if self.code else "", fold(self.name), fold(self.commune),
                                            fold(self.province)))

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.type, self.name, self.code, self.commune, self.province)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for k, v in zip(("type", "name", "code", "commune", "province"), state):
            object.__setattr__(self, k, v)
        self.__post_init__()

    @classmethod
    def of_record(cls, record: Any) -> "Who":
        h = record.header
        return cls(record.type_id, record.name, h.get("code"), h.get("commune"), h.get("province"))

    @classmethod
    def of_unit(cls, unit: Mapping[str, Any]) -> "Who":
        return cls(unit["type"], unit["name"], unit.get("code"), unit.get("commune"), unit.get("province"))

    def name_key(self) -> tuple[str, str, str]:
        return (self.type, self.folded[1], self.folded[2])

    def place_key(self) -> tuple[str, str]:
        return (self.folded[1], self.folded[2])


@dataclass(frozen=True)
class Entry:
    """One year of one unit, as a later year needs it: its outcome, where it came from, and the
    values of the facts a later year carries (as JSON values)."""

    who: Who
    year: int
    outcome: str
    source: str                       # the record file (or sheet row) assessed that year
    values: Mapping[str, Any] = field(default_factory=dict)
    report: str | None = None         # the JSON report it was read from (--previous ket-qua.json)
    origin: str = "batch"             # "batch": this run; "previous": given with --previous
    ruleset: str | None = None

    @classmethod
    def of_result(cls, r: UnitResult, keep: Iterable[str] = (), *, origin: str = "batch") -> "Entry":
        return cls.of_unit(r.unit, r.outcome, r.file, ((c.values for c in r.criteria)), r.recorded, keep,
                           origin=origin, ruleset=r.ruleset.get("id"))

    @classmethod
    def of_unit(cls, unit: Mapping[str, Any], outcome: str, source: str, values: Iterable[Mapping[str, Any]],
                recorded: Iterable[Mapping[str, Any]] = (), keep: Iterable[str] = (), *, report: str | None = None,
                origin: str = "batch", ruleset: str | None = None) -> "Entry":
        """From a unit as results and JSON reports hold it: the facts read by its criteria (`values`),
        then the facts kept for the record (`recorded`), of which only those in `keep`."""
        wanted = set(keep)
        found: dict[str, Any] = {}
        if wanted:
            for vs in values:
                for k in wanted:
                    v = vs.get(k)
                    if v is not None:
                        found.setdefault(k, v)
            for x in recorded:
                k = x.get("fact")
                if k in wanted and x.get("value") is not None:
                    found.setdefault(k, x["value"])
        return cls(Who.of_unit(unit), int(unit["year"]), outcome, source, found, report, origin, ruleset)

    def shown(self) -> str:
        return self.source


@dataclass(frozen=True)
class Match:
    entry: Entry
    by: str                       # "code" | "name"
    type_changed: bool = False    # matched by code, but the unit type differs


@dataclass
class Look:
    """What the history says about one unit in one year."""

    who: Who
    year: int
    previous: Match | None = None          # last year's record of the same unit
    older: list[Entry] = field(default_factory=list)   # earlier years, newest first (a gap left open)
    type_changed: Match | None = None      # last year's record by the code, of another type (not joined)
    other_type: Entry | None = None        # last year's unit of the same name and commune, another type
    given: bool = False                    # history was given for the run (--previous): always say what it holds

    @property
    def gap(self) -> Entry | None:
        """The newest earlier record when last year's is missing."""
        return self.older[0] if self.previous is None and self.older else None

    def any(self) -> bool:
        return self.given or bool(self.previous or self.older or self.type_changed or self.other_type)


class History:
    """Every unit-year known to a run, indexed by unit code and by type + name + commune.

    A batch may hold 100,000 units: an entry is kept as a line of JSON in a temporary file, and in
    memory only its offset and, per key (code, type + name + commune, name + commune), a hash → the
    newest entry with it, and the previous entry with the same key (about 350 bytes an entry).
    Entries are read back only when a unit has another year. Forked worker processes read the file with `pread` (no shared
    offset); a pickled History (spawned workers) carries its entries."""

    _KINDS = ("code", "name", "place")

    def __init__(self, *, given: bool = False) -> None:
        import array

        self.given = given      # history was given for the run (--previous): units say what it holds
        self.years: set[int] = set()
        self._file: Any = None               # a temporary file, made when the buffer first fills
        self._flushed = 0                    # bytes written to the file; the rest is in _buf
        self._buf = bytearray()
        self._offsets = array.array("q")
        self._index: dict[int, int] = {}     # hash of (kind, key, year) → the newest entry with it
        self._prev = {k: array.array("q") for k in self._KINDS}   # entry → the previous one with its key
        self._dead: set[int] = set()         # entries replaced (history-both)

    # -- storage --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._offsets) - len(self._dead)

    def __getstate__(self) -> dict[str, Any]:
        return {"given": self.given, "entries": list(self.entries())}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(given=state["given"])  # type: ignore[misc]
        for e in state["entries"]:
            self.add(e)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def _write(self, data: bytes) -> int:
        at = self._flushed + len(self._buf)
        self._buf += data
        if len(self._buf) >= 1 << 16:
            if self._file is None:
                import tempfile

                self._file = tempfile.TemporaryFile()
            self._file.seek(self._flushed)
            self._file.write(self._buf)
            self._file.flush()
            self._flushed += len(self._buf)
            self._buf = bytearray()
        return at

    def _read(self, start: int, stop: int) -> bytes:
        if start >= self._flushed:
            return bytes(self._buf[start - self._flushed: stop - self._flushed])
        import os

        if hasattr(os, "pread"):
            return os.pread(self._file.fileno(), stop - start, start)
        self._file.seek(start)  # pragma: no cover - not POSIX (no fork there: no shared offset either)
        return self._file.read(stop - start)

    def _entry(self, i: int) -> Entry:
        import json

        start = self._offsets[i]
        stop = self._offsets[i + 1] if i + 1 < len(self._offsets) else self._flushed + len(self._buf)
        t, name, code, commune, province, year, outcome, source, values, report, origin, ruleset = \
            json.loads(self._read(start, stop))
        return Entry(Who(t, name, code, commune, province), year, outcome, source, values, report, origin, ruleset)

    @staticmethod
    def _dump(e: Entry) -> bytes:
        w = e.who
        return _dumps([w.type, w.name, w.code, w.commune, w.province, e.year, e.outcome, e.source, dict(e.values),
                           e.report, e.origin, e.ruleset])

    @staticmethod
    def _keys(who: Who, year: int) -> dict[str, int]:
        c, n, m, _ = who.folded
        keys = {"name": hash(("name", who.type, n, m, year)), "place": hash(("place", n, m, year))}
        if c:
            keys["code"] = hash(("code", c, year))
        return keys

    def _chain(self, kind: str, key: int) -> Iterable[int]:
        i = self._index.get(key)
        prev = self._prev[kind]
        while i is not None and i >= 0:
            if i not in self._dead:
                yield i
            i = prev[i]

    def entries(self) -> Iterable[Entry]:
        for i in range(len(self._offsets)):
            if i not in self._dead:
                yield self._entry(i)

    # -- the same unit ----------------------------------------------------------------------
    def add(self, e: Entry) -> Entry | None:
        """Keep `e`; if the same unit already has a record that year, keep that one and return it."""
        keys = self._keys(e.who, e.year)
        held = self.find(e.who, e.year, keys)
        if held is not None and not held.type_changed:
            return held.entry
        i = len(self._offsets)
        self._offsets.append(self._write(self._dump(e)))
        for kind, key in keys.items():
            before = self._index.get(key)
            self._prev[kind].append(before if before is not None else -1)
            self._index[key] = i
        for kind in self._KINDS:
            if len(self._prev[kind]) < i + 1:
                self._prev[kind].append(-1)
        self.years.add(e.year)
        return None

    def replace(self, old: Entry, new: Entry) -> None:
        """Put `new` in the place of `old` (the same unit and year)."""
        for i in self._find_index(old.who, old.year):
            if self._entry(i) == old:
                self._dead.add(i)
                break
        self.add(new)

    def _find_index(self, who: Who, year: int) -> Iterable[int]:
        keys = self._keys(who, year)
        for kind in ("code", "name"):
            if kind in keys:
                yield from self._chain(kind, keys[kind])

    def find(self, who: Who, year: int, keys: dict[str, int] | None = None) -> Match | None:
        if year not in self.years:
            return None
        keys = keys or self._keys(who, year)
        code, _, _, province = who.folded
        if code:
            for i in self._chain("code", keys["code"]):
                e = self._entry(i)
                if e.who.folded[0] == code and e.year == year:
                    return Match(e, "code", type_changed=e.who.type != who.type)
        for i in self._chain("name", keys["name"]):
            e = self._entry(i)
            if e.year != year or e.who.name_key() != who.name_key():
                continue  # a hash collision
            if code and e.who.folded[0] and e.who.folded[0] != code:
                continue  # two different codes: two units
            if province and e.who.folded[3] and province != e.who.folded[3]:
                continue
            return Match(e, "name")
        return None

    def _other_type(self, who: Who, year: int) -> Entry | None:
        for i in self._chain("place", self._keys(who, year)["place"]):
            e = self._entry(i)
            if e.year == year and e.who.place_key() == who.place_key() and e.who.type != who.type \
                    and not (who.code and e.who.code):
                return e
        return None

    def look(self, who: Who, year: int) -> Look:
        out = Look(who, year, given=self.given)
        if not self.years or min(self.years) >= year:
            return out
        first = self.find(who, year - 1)
        if first is not None and first.type_changed:
            out.type_changed = first
            return out  # not joined: nothing earlier counts either
        out.previous = first
        if first is None and year - 1 in self.years:
            out.other_type = self._other_type(who, year - 1)
        current, y = who, year - 1
        lowest = min(self.years)
        while y >= lowest:
            m = self.find(current, y)
            if m is not None:
                if m.type_changed:
                    break
                out.older.append(m.entry)
                current = m.entry.who
            y -= 1
        if first is not None:
            out.older = out.older[1:]  # the first is `previous`
        return out


# ----------------------------------------------------------------------------- figures carried


@dataclass
class Carried:
    fact: str              # this year's fact (crimes_previous_year)
    source_fact: str       # last year's fact (crimes)
    last: Any              # last year's value (None: not given there)
    typed: Any             # the value this year's record gives (None: blank)
    used: Any
    status: str            # taken | agrees | differs | absent

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "from": self.source_fact, "value": jsonable(self.last),
                "typed": jsonable(self.typed), "used": jsonable(self.used), "status": self.status}


def native(spec: Any, value: Any) -> Any:
    """A JSON value (as results and reports hold it) back into the value a record of `spec` holds;
    None when it does not fit."""
    t = spec.type
    if value is None:
        return None
    if t == "integer":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if t == "number":
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if t == "boolean":
        return value if isinstance(value, bool) else None
    if t == "text":
        return value if isinstance(value, str) and value.strip() else None
    if value == "none" and t in ("date", "enum"):
        return NONE
    if t == "date":
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None
    if t == "enum":
        return value if isinstance(value, str) and value in spec.rank else None
    return None


def carry(record: Any, match: Match) -> tuple[Any, list[Carried], list[Problem]]:
    """This year's record with the facts declared `previous_year_of` taken from last year's entry;
    what was taken; a warning for each typed value that disagrees (located at it)."""
    ut = record.unit_type
    facts = dict(record.facts)
    out: list[Carried] = []
    problems: list[Problem] = []
    e = match.entry
    for fact, source_fact in ut.carried().items():
        spec = ut.facts[fact]
        last = native(spec, e.values.get(source_fact))
        typed = facts.get(fact)
        if last is None:
            out.append(Carried(fact, source_fact, None, typed, typed, "absent"))
            continue
        if typed is None:
            status = "taken"
        elif typed == last:
            status = "agrees"
        else:
            status = "differs"
            if record.parsed is not None:
                problems.append(MESSAGES.at(record.parsed, "previous-differs", (fact,), level=WARNING,
                                            typed=_both(spec, typed), last=_both(spec, last),
                                            year=e.year, source=e.shown(), source_fact=source_fact))
        facts[fact] = last
        out.append(Carried(fact, source_fact, last, typed, last, status))
    return dataclasses.replace(record, facts=facts), out, problems


def _both(spec: Any, value: Any) -> dict[str, str]:
    return {lang: spec.value_label(value, lang) for lang in ("vi", "en")}


def matched_words(m: Match, lang: str) -> str:
    return WORDS("by.code", lang, code=m.entry.who.code) if m.by == "code" else WORDS("by.name", lang)


def explain(result: UnitResult, record: Any, match: Match, carried: list[Carried], lang: str) -> None:
    """Say, in each criterion that reads a carried figure, where it came from."""
    ut = record.unit_type
    e = match.entry
    where = (WORDS("from.report", lang, year=e.year, source=e.shown(), report=e.report) if e.report
             else WORDS("from", lang, year=e.year, source=e.shown()))
    lines: dict[str, str] = {}
    for c in carried:
        spec = ut.facts[c.fact]
        label = spec.label.pick(lang)
        if c.status == "absent":
            lines[c.fact] = WORDS("absent", lang, label=label, year=e.year, source=e.shown(), source_fact=c.source_fact,
                                  typed=spec.value_label(c.typed, lang))
            continue
        text = WORDS("carried", lang, label=label, value=spec.value_label(c.used, lang), where=where,
                     matched=matched_words(match, lang))
        if c.status == "agrees":
            text += WORDS("agrees", lang)
        elif c.status == "differs":
            text += WORDS("differs", lang, typed=spec.value_label(c.typed, lang))
        lines[c.fact] = text
    result.criteria[:] = [with_reasons(crit, [text for fact, text in lines.items() if fact in crit.values])
                          for crit in result.criteria]


def assess_with_history(assessor: Any, record: Any, look: Look) -> UnitResult:
    """Assess a record with what the history knows: last year's figures carried (when its unit type
    declares some), the reasons saying where they came from, the unit's years (`result.history`).
    The warnings of the carry are left in `result.warnings`."""
    carried: list[Carried] = []
    problems: list[Problem] = []
    if look.previous is not None and record.unit_type.carried():
        record, carried, problems = carry(record, look.previous)
    result = assessor.assess(record)
    if carried and look.previous is not None:
        explain(result, record, look.previous, carried, assessor.lang)
    note_carries(result, record)
    result.warnings = problems
    set_history(result, look, carried)
    return result


def note_carries(result: UnitResult, record: Any) -> None:
    """What a later year takes from this unit: which facts its type carries, and this record's values
    of the facts they are taken from."""
    pairs = record.unit_type.carried()
    result.carries = tuple(pairs.items())
    if pairs:
        facts = record.facts
        result.sources = {s: jsonable(facts[s]) for s in pairs.values() if facts.get(s) is not None}


def set_history(result: UnitResult, look: Look, carried: list[Carried] | list[dict[str, Any]] | None) -> None:
    """The unit's `history` block (docs/json-output.md): last year's record, the figures carried, the
    years known, and the run of consecutive years passed up to this one. None when nothing is known."""
    if not look.any():
        result.history = None
        return
    years = [{"year": e.year, "outcome": e.outcome, "file": e.source, **({"report": e.report} if e.report else {})}
             for e in reversed(look.older)]
    if look.previous is not None:
        e = look.previous.entry
        years.append({"year": e.year, "outcome": e.outcome, "file": e.source, **({"report": e.report} if e.report else {})})
    years.append({"year": look.year, "outcome": result.outcome, "file": result.file})
    held = {y["year"] for y in years}
    missing = [y for y in range(years[0]["year"], look.year) if y not in held]
    run = 0
    for y in reversed(years):
        if y["outcome"] != OUTCOME_PASS or y["year"] != look.year - run:
            break
        run += 1
    previous = None
    if look.previous is not None:
        e = look.previous.entry
        previous = {"year": e.year, "file": e.source, "report": e.report, "outcome": e.outcome,
                    "matched_by": look.previous.by, "origin": e.origin}
    result.history = {
        "previous": previous,
        "carried": [c.to_dict() if isinstance(c, Carried) else c for c in carried or []],
        "years": years,
        "missing_years": missing,
        "consecutive": {"years": run, "from": look.year - run + 1 if run else None, "to": look.year if run else None},
    }


def look_problems(look: Look, source: str, locate: Any = None) -> list[Problem]:
    """The warnings a unit's years give: a gap before this year, a code whose unit type changed, a unit
    of the same name but another type last year. `locate(field)` → (line, col) in the record, if known."""
    def at(kind: str, fname: str, **params: Any) -> Problem:
        line, col = locate(fname) if locate is not None else (None, None)
        return MESSAGES.problem(source, kind, line=line, col=col, field=fname, level=WARNING, **params)

    out = []
    if look.type_changed is not None:
        e = look.type_changed.entry
        out.append(at("unit-type-changed", "type", code=e.who.code, year=e.year, old_type=e.who.type,
                      new_type=look.who.type, source=e.shown()))
    elif look.other_type is not None:
        e = look.other_type
        out.append(at("unit-other-type", "type", year=e.year, old_type=e.who.type, source=e.shown()))
    gap = look.gap
    if gap is not None:
        out.append(at("history-gap", "year", year=look.year - 1, have=gap.year, source=gap.shown()))
    return out


__all__ = ["Carried", "Entry", "History", "Look", "Match", "Who", "assess_with_history", "carry",
           "explain", "look_problems", "native", "note_carries", "set_history"]
