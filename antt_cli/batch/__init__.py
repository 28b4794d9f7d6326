"""Batches: many records (folders, several files, spreadsheets) assessed in one run.

    from antt_cli.batch import BatchConfig, run_batch
    summary = run_batch(["don-vi/"], criteria, writers, BatchConfig(jobs=2))

inputs (which files, in which order, and what cannot be read), worker (the work for each input,
a bulkhead per input), pool (worker processes that lose no task), communes (a commune assessed
with the tally of its units, in a worker or here), runner (order, the commune roll-up, the
summary, the writers). The reports are writers from antt_cli.report.
"""

from __future__ import annotations

from antt_cli.lazy import lazy_exports

_EXPORTS = {"BatchConfig": "runner", "default_jobs": "runner", "run_batch": "runner", "Options": "worker",
            "Worker": "worker"}


__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
