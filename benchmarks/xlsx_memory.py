#!/usr/bin/env python3
"""Peak memory and time of the xlsx report for N units: is memory flat as N grows?

    python benchmarks/xlsx_memory.py 1000 10000 100000 [--format xlsx|xlsx-assessed|csv]

Each N runs in a new process (peak RSS is per process): the example commune's units are assessed
once, then N results (copies with their own names and codes, a third of them failing with reasons)
stream through the report writer exactly as a batch hands them over. Prints N, seconds, peak RSS
(MB) and the file's size.
"""

from __future__ import annotations

import dataclasses
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def one(n: int, fmt: str) -> None:
    from antt_cli.criteria import load_criteria
    from antt_cli.engine import Assessor
    from antt_cli.engine.summary import Summary
    from antt_cli.records import RecordReader
    from antt_cli.report import Context, open_writer

    criteria = load_criteria()
    reader, assessor = RecordReader(criteria), Assessor(lang="vi")
    base = [assessor.assess(reader.read_file(str(p))) for p in sorted((ROOT / "examples/batch/xa-minh-tan").glob("*.yaml"))]
    out = Path(tempfile.mkdtemp()) / "bao-cao.xlsx"
    w = open_writer(fmt, str(out), Context(lang="vi", detailed=False, base=str(ROOT)))
    summary = Summary()
    t = time.perf_counter()
    w.start()
    for i in range(n):
        r = base[i % len(base)]
        r = dataclasses.replace(r, unit=dict(r.unit, name=f"{r.unit['name']} {i}", code=f"U{i}"), file=f"don-vi/{i}.yaml")
        summary.inputs += 1
        summary.add_unit(r)
        w.unit(r)
    w.close(summary)
    secs = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n:>8} units  {secs:6.1f} s  peak RSS {peak:6.0f} MB  file {out.stat().st_size / 1e6:6.1f} MB")
    out.unlink()


if __name__ == "__main__":
    args = sys.argv[1:]
    fmt = "xlsx"
    if "--format" in args:
        i = args.index("--format")
        fmt = args[i + 1]
        del args[i:i + 2]
    if os.environ.get("_XLSX_MEMORY_ONE"):
        one(int(args[0]), fmt)
    else:
        for n in args or ["1000", "10000", "100000"]:
            subprocess.run([sys.executable, __file__, n, "--format", fmt], env=dict(os.environ, _XLSX_MEMORY_ONE="1"),
                           check=True)
