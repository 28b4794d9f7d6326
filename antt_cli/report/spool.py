"""Values appended now, read back in order later, kept in a temporary file (memory stays flat): the
bottom layer's antt_cli.spool.Spool, here where the reports and the batch have always found it."""

from __future__ import annotations

from antt_cli.spool import BATCH, Spool

__all__ = ["BATCH", "Spool"]
