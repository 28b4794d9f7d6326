"""What one input yields in a batch: values that cross process boundaries.

An assessed unit is its UnitResult (antt_cli.engine); an input that could not be assessed is an
Invalid with its problems; a record of the unit type that rolls others up (a commune) is a
Deferred, assessed after every other unit of the batch; a warning met while reading is a Notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from typing import TYPE_CHECKING

from antt_cli.problems import Problem

if TYPE_CHECKING:  # pragma: no cover - `antt validate` reads records without the engine
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Identity


@dataclass
class Invalid:
    source: str
    problems: list[Problem]


@dataclass
class Deferred:
    """A record assessed after the batch: re-read from `path`, or `data` + `parsed` kept (a sheet row)."""

    identity: Identity
    path: str | None = None
    data: dict[str, Any] | None = None
    parsed: Any = None


@dataclass
class Notice:
    """A warning met while reading an input (a spreadsheet row or column that is ignored): reported,
    and not an input of its own."""

    problem: Problem


@dataclass
class Valid:
    """A record that was read and validated but not assessed (`antt validate`)."""

    source: str
    type: str
    ruleset: str


Item = "UnitResult | Invalid | Deferred | Valid | Notice"
