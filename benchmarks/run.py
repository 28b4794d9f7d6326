"""Time `antt assess` on generated files against a lower bound, and start-up against typer.

    python benchmarks/generate.py /tmp/antt-bench -n 10000
    python benchmarks/run.py /tmp/antt-bench [--rounds 3] [--jobs N]

In one run, on the same files, it measures (median of --rounds):
  (a) `antt assess DIR --format jsonl -o /dev/null -q` with --jobs 1 and with all cores;
  (b) a lower bound: a minimal loop that reads the same files with PyYAML's C loader
      (CSafeLoader) and validates them with the same pydantic record models, one process;
  (c) `antt --version` and `antt --help` against `python -c "import typer"`;
and the peak memory (RSS summed over the process and its workers, sampled from /proc) of
each `antt assess` run. It prints files/s and the ratios against the targets of issue 3.

    python benchmarks/run.py DIR --rss-only     # only the peak RSS of one --jobs run (for 10k vs 100k)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ANTT = [sys.executable, "-m", "antt_cli"]


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


def _tree_rss_kb(pid: int) -> int:
    """RSS of a process and all its descendants, in KB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parts = fh.read().rsplit(")", 1)[1].split()
            ppid, pages = int(parts[1]), int(parts[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def run_measured(cmd: list[str]) -> tuple[float, int, int]:
    """(seconds, peak tree RSS in KB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    rc = proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    t.join()
    return elapsed, peak, rc


def lower_bound(folder: str) -> float:
    """Seconds for: read + CSafeLoader + the same pydantic models, one process (criteria loading excluded)."""
    code = f"""
import sys, time, os, yaml
from antt_cli.criteria import load_criteria
c = load_criteria()
for v in c.versions.values():
    for ut in v: ut.record_model
files = []
for root, dirs, names in os.walk({folder!r}):
    dirs.sort()
    files += [os.path.join(root, n) for n in sorted(names) if n.endswith(('.yaml', '.yml'))]
t = time.perf_counter()
for f in files:
    try:
        with open(f, 'rb') as fh:
            d = yaml.load(fh.read().decode('utf-8'), Loader=yaml.CSafeLoader)
        ut = c.unit_type(c.resolve_type(d['type']), year=d['year'])
        ut.record_model.model_validate(d)
    except Exception:
        pass
print(time.perf_counter() - t)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def startup(cmd: list[str], rounds: int) -> float:
    times = []
    for _ in range(max(5, rounds * 3)):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="'all cores' (default: os.cpu_count())")
    ap.add_argument("--rss-only", action="store_true")
    args = ap.parse_args(argv)
    n = count_files(args.folder)
    cmd = [*ANTT, "assess", str(args.folder), "--format", "jsonl", "-o", "/dev/null", "-q"]
    if args.rss_only:
        secs, peak, rc = run_measured([*cmd, "--jobs", str(args.jobs)])
        print(f"{n} files, --jobs {args.jobs}: {secs:.1f} s, {n / secs:.0f} files/s, peak RSS {peak / 1024:.0f} MB (exit {rc})")
        return 0
    print(f"{n} files in {args.folder}; {os.cpu_count()} cores; python {sys.version.split()[0]}; median of {args.rounds}")
    res: dict[str, list[tuple[float, int]]] = {"j1": [], "jN": []}
    lb: list[float] = []
    for _ in range(args.rounds):  # interleaved, so drift on a shared machine hits all alike
        for key, jobs in (("j1", 1), ("jN", args.jobs)):
            secs, peak, _ = run_measured([*cmd, "--jobs", str(jobs)])
            res[key].append((secs, peak))
        lb.append(lower_bound(str(args.folder)))
    j1 = statistics.median(s for s, _ in res["j1"])
    jn = statistics.median(s for s, _ in res["jN"])
    low = statistics.median(lb)
    rss1 = max(p for _, p in res["j1"]) / 1024
    rssn = max(p for _, p in res["jN"]) / 1024
    print(f"(a) antt assess --jobs 1        {n / j1:8.0f} files/s  ({j1:.2f} s, whole process, peak RSS {rss1:.0f} MB)")
    print(f"(a) antt assess --jobs {args.jobs:<2}       {n / jn:8.0f} files/s  ({jn:.2f} s, peak RSS {rssn:.0f} MB over all processes)")
    print(f"(b) lower bound (CSafeLoader + pydantic, loop only) {n / low:8.0f} files/s  ({low:.2f} s)")
    print(f"    --jobs 1 / lower bound   = {low / j1:.2f}   (target ≥ 0.80)")
    print(f"    --jobs {args.jobs} / --jobs 1      = {j1 / jn:.2f}   (target ≥ 1.60)")
    v = startup([*ANTT[:1], "-m", "antt_cli", "--version"], args.rounds)
    h = startup([*ANTT[:1], "-m", "antt_cli", "--help"], args.rounds)
    t = startup([sys.executable, "-c", "import typer"], args.rounds)
    print(f"(c) antt --version {v * 1000:.0f} ms, antt --help {h * 1000:.0f} ms, python -c 'import typer' {t * 1000:.0f} ms")
    print(f"    --version / import typer = {v / t:.2f}   (target ≤ 2.00); --help / import typer = {h / t:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
