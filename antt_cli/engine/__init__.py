"""Stage 3: evaluate a Record against its unit type's criteria → UnitResult."""

from antt_cli.engine.evaluate import assess
from antt_cli.engine.results import CriterionResult, UnitResult

__all__ = ["CriterionResult", "UnitResult", "assess"]
