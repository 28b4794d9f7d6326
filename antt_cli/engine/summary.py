"""The running summary of many results: counts per type and outcome, communes, duplicates, invalid inputs.

It keeps a few small values per unit (hashes of its code and identity, to find duplicates: on
disk once the batch is big) and nothing else that grows with the batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from antt_cli.engine.results import UNIT_OUTCOMES, UnitResult
from antt_cli.engine.rollup import Communes
from antt_cli.problems import Messages, Problem
from antt_cli.spool import BATCH, Spool, TextSpool
from antt_cli.text import fold

MESSAGES = Messages({
    "duplicate-unit-code": ("đơn vị trùng mã '{code}' với {first}", "unit code '{code}' already used by {first}"),
    "duplicate-unit": ("đơn vị trùng (cùng loại, tên, xã, năm) với {first}",
                       "duplicate unit (same type, name, commune and year) as {first}"),
})


@dataclass(frozen=True)
class Identity:
    """Who a unit is, as far as duplicates and the commune roll-up are concerned."""

    source: str
    type: str
    name: str
    year: int
    code: str | None = None
    commune: str | None = None
    province: str | None = None


def duplicate_keys(type_: str, name: str, year: int, code: str | None, commune: str | None, province: str | None,
                   place: Any = fold) -> tuple[int | None, int]:
    """The hashes a unit is found again by (Summary.check_unit): of its code and year (None without a
    code), and of its type, name, commune, province and year, the texts folded (`place`: fold, or a
    Folds remembering the communes and provinces). Python's hash of a text depends on the process's
    secret: only a process forked from the one that checks may make them for it."""
    code_key = hash(("code", fold(code), year)) if code else None
    return code_key, hash(("unit", type_, fold(name), place(commune), place(province), year))


KEYS_PROBE = "antt: duplicate keys"  # hash(KEYS_PROBE) is the same in two processes that share the secret


class _HashIndex:
    """64-bit hash → index, open addressing in two arrays: 12 bytes an entry, filled to at most
    3/4 (16-24 bytes an entry), where a dict of Python ints takes ~100. It grows in place, with
    no list of the old entries (a 200,000-unit batch holds 400,000: 12 MB, where a list of
    them took ~40 MB more at each doubling). A hash collision between two different units (2^-64) would be reported as a
    duplicate."""

    # room for 24,576 hashes (a batch of 12,000 units) before the first growth, in 384 KB: growing
    # re-inserts every hash in Python, and from 4,096 a batch of 10,000 units grew three times, 20 ms
    # of the main process's 0.37 s of CPU with --jobs 2
    def __init__(self, capacity: int = 1 << 15) -> None:
        self._alloc(capacity)
        self.used = 0

    def _alloc(self, capacity: int) -> None:
        import array

        self.keys = array.array("q", [0]) * capacity  # no bytes object of the same size first
        self.vals = array.array("I", [0]) * capacity  # a unit's index: below 2^32
        self.mask = capacity - 1

    def _slot(self, key: int) -> int:
        i = key & self.mask
        keys = self.keys
        while keys[i] != 0 and keys[i] != key:
            i = (i + 1) & self.mask
        return i

    @staticmethod
    def _norm(key: int) -> int:
        key &= 0x7FFFFFFFFFFFFFFF
        return key or 1

    def get(self, key: int) -> int | None:
        i = self._slot(self._norm(key))
        return self.vals[i] if self.keys[i] else None

    def _grow(self) -> None:
        old_keys, old_vals = self.keys, self.vals
        self._alloc(len(old_keys) * 2)
        keys, vals = self.keys, self.vals
        for j, k in enumerate(old_keys):
            if k:
                i = self._slot(k)
                keys[i], vals[i] = k, old_vals[j]

    def first_or_add(self, key: int, value: int) -> int | None:
        """The value held for `key` (normalised), or None after recording `value` for it: one probe."""
        i = self._slot(key)
        if self.keys[i]:
            return self.vals[i]
        if (self.used + 1) * 4 > len(self.keys) * 3:
            self._grow()
            i = self._slot(key)
        self.keys[i], self.vals[i] = key, value
        self.used += 1
        return None


SPILL_AT = 1 << 16  # hashes held in memory before the index moves to disk
PATHS_IN_MEMORY = 64  # units' paths in a list before they move to a temporary file (a few files: no file made)


class _Firsts:
    """Each unit's path by its index, and 64-bit hashes → the index of the first unit that had one.

    The paths are in a TextSpool (a temporary file: 8 bytes of memory a unit). The hashes are in
    memory (the index above, 16-24 bytes a hash) up to `spill_at`; beyond, in a private temporary
    SQLite database on disk, which SQLite deletes when it is closed. Its page cache is bounded
    (4 MB), so the memory of a batch stays flat however many rows or files it has (a 200,000-row
    sheet holds 400,000 hashes)."""

    def __init__(self, spill_at: int = SPILL_AT) -> None:
        self.spill_at = spill_at
        self.index: _HashIndex | None = _HashIndex()
        self.paths = TextSpool(spill_at=PATHS_IN_MEMORY)
        self.db: Any = None

    def _spill(self) -> None:
        try:
            import sqlite3
        except ImportError:  # pragma: no cover - a Python built without sqlite3: stay in memory
            self.spill_at = 1 << 62
            return
        db = sqlite3.connect("")  # "": a private temporary database on disk, deleted on close
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-4096")
        db.execute("CREATE TABLE seen (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
        assert self.index is not None
        keys, vals = self.index.keys, self.index.vals
        db.executemany("INSERT INTO seen VALUES (?, ?)", ((k, vals[j]) for j, k in enumerate(keys) if k))
        self.db, self.index = db, None

    def close(self) -> None:
        """Nothing more will be looked up: the index's memory (the SQLite page cache) is given back."""
        if self.db is not None:
            self.db.close()
            self.db = None
        self.index = None
        self.paths.close()

    def add_path(self, path: str) -> int:
        return self.paths.append(path)

    def path(self, i: int) -> str:
        return self.paths[i]

    def first(self, key: int, i: int) -> int | None:
        """The index of the first unit with this hash; None (and `i` recorded for it) if it is new."""
        key = _HashIndex._norm(key)
        if self.index is not None:
            if self.index.used < self.spill_at:  # room for one more
                return self.index.first_or_add(key, i)
            first = self.index.get(key)
            if first is None:
                self._spill()
                return self.first(key, i)
            return first
        row = self.db.execute("SELECT v FROM seen WHERE k = ?", (key,)).fetchone()
        if row is not None:
            return int(row[0])
        self.db.execute("INSERT INTO seen VALUES (?, ?)", (key, i))
        return None


class Summary:
    def __init__(self, parent_type: str | None = None, child_types: tuple[str, ...] | None = None,
                 spill_at: int = SPILL_AT) -> None:
        self.parent_type = parent_type
        self.parent_label: dict[str, str] = {"vi": parent_type or "", "en": parent_type or ""}
        self.child_types = child_types  # None: every type other than the parent
        self.inputs = 0                 # files and spreadsheet rows read
        self.units = 0
        self.invalid = 0                # inputs with a problem (a file, a row, a duplicate)
        self.outcomes = dict.fromkeys(UNIT_OUTCOMES, 0)
        self.by_type: dict[str, dict[str, Any]] = {}
        self.communes = Communes()
        # one row per commune record assessed (Summary.commune_rows), in a spool: 2.5 KB each in memory
        self.commune_records = Spool(BATCH)
        self.duplicates: list[dict[str, Any]] = []
        self.ruleset: dict[str, Any] | None = None
        self.history: dict[str, Any] | None = None  # units' other years, when the run has some (batch.history)
        self.rollup_line: dict[str, Any] | None = None  # the parent's required share (Art. 5.4: 70%), engine.rollup
        # duplicates: hash of (code, year) and of (type, name, commune, province, year) → the index
        # of the first file (in memory up to SPILL_AT hashes, then on disk: memory stays flat)
        self._firsts: _Firsts | None = _Firsts(spill_at)

    # -- identity and duplicates -------------------------------------------------
    def check_duplicate(self, item: Identity) -> Problem | None:
        """A problem if this unit's code, or its type + name + commune + province + year, was seen."""
        return self.check_unit(item.source, item.type, item.name, item.year, item.code, item.commune, item.province)

    def check_unit(self, source: str, type_: str, name: str, year: int, code: str | None = None,
                   commune: str | None = None, province: str | None = None,
                   keys: tuple[int | None, int] | None = None) -> Problem | None:
        """check_duplicate of a unit given field by field; `keys`: its duplicate_keys, when a batch
        worker made them (the same hash secret: a forked worker), else made here."""
        firsts = self._firsts
        if firsts is None:
            raise RuntimeError("check_duplicate after identities_done()")
        if keys is None:
            keys = duplicate_keys(type_, name, year, code, commune, province, self.communes.fold)
        code_key, unit_key = keys
        index = firsts.add_path(source)
        problem = None
        if code_key is not None:
            first = firsts.first(code_key, index)
            if first is not None:
                problem = MESSAGES.problem(source, "duplicate-unit-code", field="code", code=code,
                                           first=firsts.path(first))
        first = firsts.first(unit_key, index)
        if first is not None and problem is None:
            problem = MESSAGES.problem(source, "duplicate-unit", field="name", first=firsts.path(first))
        if problem is not None:
            self.duplicates.append({"file": source, "first": problem.params["first"], "code": problem.code,
                                    "unit": name, "type": type_})
        return problem

    def identities_done(self) -> None:
        """Every unit has been checked (the communes were, as they were put aside): the index of their
        identities is dropped before the communes are assessed, which need memory of their own."""
        if self._firsts is not None:
            self._firsts.close()
            self._firsts = None

    # -- accumulation ----------------------------------------------------------------
    def add_unit(self, r: UnitResult, duplicate: bool = False) -> None:
        u = r.unit
        self.units += 1
        self.outcomes[r.outcome] = self.outcomes.get(r.outcome, 0) + 1
        t = self.by_type.get(u["type"])
        if t is None:
            t = self.by_type[u["type"]] = {"label": u.get("type_label", u["type"]), **dict.fromkeys(UNIT_OUTCOMES, 0),
                                           "total": 0}
        t[r.outcome] += 1
        t["total"] += 1
        if self.ruleset is None:
            self.ruleset = {k: r.ruleset[k] for k in ("id", "instrument", "effective_from")}
        kind = u["type"]
        if not duplicate and kind != self.parent_type and (self.child_types is None or kind in self.child_types):
            undecided = r.outcome == "incomplete" and r.scope is not None and not r.scope.get("decided", True)
            self.communes.add(u.get("commune"), u.get("province"), u["year"], r.outcome, kind, r.link, undecided)

    def add_commune_record(self, row: dict[str, Any]) -> None:
        """A commune record assessed: {file, name, province, year, outcome, rollup, matched}."""
        self.commune_records.add(row)

    def add_invalid(self) -> None:
        self.invalid += 1

    # -- results ---------------------------------------------------------------------
    def exit_code(self) -> int:
        if self.invalid:
            return 2
        if self.outcomes.get("fail") or self.outcomes.get("incomplete"):
            return 1
        return 0

    def commune_rows(self) -> list[dict[str, Any]]:
        """One row per commune named by units (and per commune record of the batch), sorted by name."""
        records = {}
        for rec in self.commune_records:
            for key in rec.get("matched", []):
                records.setdefault(key, rec)
        rows: dict[tuple[str, int, str], dict[str, Any]] = {}
        for (cname, year), provinces in self.communes.groups.items():
            for prov, tally in provinces.items():
                rec = records.get((cname, year, prov))
                rkey = (rec["file"], year, "") if rec else (cname, year, prov)
                row = rows.get(rkey)
                if row is None:
                    row = rows[rkey] = {
                        "commune": rec["name"] if rec else self.communes.display[(cname, year)],
                        "province": (rec.get("province") if rec else None) or self.communes.province_display.get(prov) or None,
                        "year": year, "units": 0, "in_scope": 0, "pass": 0, "fail": 0, "incomplete": 0,
                        "out_of_scope": 0, "by_type": {},
                        "record": ({k: rec[k] for k in ("file", "outcome", "rollup")} if rec else None),
                    }
                row["units"] += tally.units
                row["in_scope"] += tally.in_scope
                row["pass"] += tally.passed
                row["fail"] += tally.failed
                row["incomplete"] += tally.incomplete
                row["out_of_scope"] += tally.out_of_scope
                for k, v in tally.by_type.items():
                    row["by_type"][k] = row["by_type"].get(k, 0) + v
        for rec in self.commune_records:  # communes whose units are not in the batch
            if not rec.get("matched"):
                rows[(rec["file"], rec["year"], "")] = {
                    "commune": rec["name"], "province": rec.get("province"), "year": rec["year"], "units": 0,
                    "in_scope": 0, "pass": 0, "fail": 0, "incomplete": 0, "out_of_scope": 0, "by_type": {},
                    "record": {k: rec[k] for k in ("file", "outcome", "rollup")},
                }
        return sorted(rows.values(), key=lambda r: (fold(r["commune"]), r["year"], fold(r["province"])))

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "units": self.units,
            "invalid": self.invalid,
            "outcomes": dict(self.outcomes),
            "by_type": {k: dict(v) for k, v in sorted(self.by_type.items())},
            "communes": self.commune_rows(),
            "duplicates": list(self.duplicates),
            "exit_code": self.exit_code(),
            **({"history": self.history} if self.history is not None else {}),
        }
