"""Stage 3: evaluate records against their unit type's criteria → plain results.

    from antt_cli.engine import assess
    result = assess(record, lang="en")

Modules: evaluate (Assessor: one record → UnitResult), results (the result records), citation
(citations as the vocabulary writes them), summary (counts over many results), rollup (a commune's
counts from its units, Art. 5.4), cases (criteria test cases), words (outcome and status labels).
"""

from __future__ import annotations

from antt_cli.lazy import lazy_exports

_EXPORTS = {"Assessor": "evaluate", "assess": "evaluate", "CriterionResult": "results", "UnitResult": "results"}


__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
