#!/usr/bin/env python3
"""Memory of a whole `antt assess` run, per process, as rows or files grow: is it flat?

    python benchmarks/batch_memory.py sheet 20000 200000      # an N-row xlsx, strings inline (as openpyxl writes)
    python benchmarks/batch_memory.py excel 200000            # the same with a shared-string table (as Excel saves)
    python benchmarks/batch_memory.py csv 40000               # an N-row csv
    python benchmarks/batch_memory.py folder 10000            # N record files
    options: --jobs N (default 2), --keep DIR (reuse generated inputs), --every SECONDS (0.25)

Each input is generated once (tests/hostile/generate.py), then assessed by the real CLI
(`antt assess INPUT --jobs N -q -o report.jsonl`) while /proc is sampled: the peak RSS of the
main process, the largest peak RSS of a worker, and the peak PSS summed over the process tree
(shared pages of forked workers counted once). Prints one line per run:

    sheet   200000 rows  312.4 s  main RSS 64 MB  worker RSS 41 MB  tree PSS 118 MB  exit 0
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hostile"))


def _kb(pid: int, path: str, key: str) -> int:
    try:
        with open(f"/proc/{pid}/{path}") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(_children(p))
    return out


def measure(cmd: list[str], every: float) -> tuple[float, int, int, int, int]:
    """(seconds, main peak RSS, largest worker peak RSS, peak tree PSS, exit code), sizes in kB."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    main = worker = pss = 0
    while proc.poll() is None:
        main = max(main, _kb(proc.pid, "status", "VmHWM:"))
        pids = _tree(proc.pid)
        for p in pids[1:]:
            worker = max(worker, _kb(p, "status", "VmHWM:"))
        pss = max(pss, sum(_kb(p, "smaps_rollup", "Pss:") for p in pids))
        time.sleep(every)
    return time.perf_counter() - t, main, worker, pss, proc.returncode


def make(kind: str, n: int, keep: Path) -> Path:
    import generate  # tests/hostile/generate.py

    keep.mkdir(parents=True, exist_ok=True)
    if kind in ("sheet", "excel"):
        p = keep / (f"{n}.xlsx" if kind == "sheet" else f"{n}-sst.xlsx")
        if not p.exists():
            generate.xlsx_rows(p, n, shared=kind == "excel")
    elif kind == "csv":
        p = keep / f"{n}.csv"
        if not p.exists():
            generate.csv_rows(p, n)
    else:
        p = keep / f"folder-{n}"
        if not p.exists():
            p.mkdir()
            generate.yaml_folder(p, n)
    return p


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=["sheet", "excel", "csv", "folder"])
    ap.add_argument("sizes", nargs="+", type=int)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "antt-batch-memory")
    ap.add_argument("--every", type=float, default=0.25)
    args = ap.parse_args()
    antt = [sys.executable, "-m", "antt_cli"]
    for n in args.sizes:
        src = make(args.kind, n, args.keep)
        with tempfile.TemporaryDirectory() as out:
            secs, main_kb, worker_kb, pss_kb, rc = measure(
                antt + ["assess", str(src), "--jobs", str(args.jobs), "-q", "-o", os.path.join(out, "r.jsonl")], args.every)
        unit = "files" if args.kind == "folder" else "rows"
        print(f"{args.kind:<7}{n:>8} {unit}  {secs:6.1f} s  main RSS {main_kb / 1024:4.0f} MB  "
              f"worker RSS {worker_kb / 1024:4.0f} MB  tree PSS {pss_kb / 1024:4.0f} MB  exit {rc}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
