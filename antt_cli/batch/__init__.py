"""Batches: many records (folders, several files, spreadsheets) assessed in one run.

    from antt_cli.batch import BatchConfig, run_batch
    summary = run_batch(["don-vi/"], criteria, sinks, BatchConfig(jobs=2))

The library does the work — input discovery (inputs), per-process assessment (worker),
ordering and the commune roll-up of Art. 5.4 (runner, rollup), the running summary
(summary); reports are sinks from antt_cli.report.sinks. The CLI only wires them.
"""

from antt_cli.batch.runner import BatchConfig, Sink, default_jobs, run_batch
from antt_cli.batch.worker import Options

__all__ = ["BatchConfig", "Options", "Sink", "default_jobs", "run_batch"]
