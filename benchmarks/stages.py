"""Where the time of one file goes, stage by stage, in one process (µs per file, median of rounds).

    python benchmarks/stages.py /tmp/antt-bench [--files 3000] [--rounds 3]

  read+parse      antt_cli.yamlsrc.load_file (C composer, values built, positions mapped lazily)
  plain load      yaml.load(CSafeLoader) of the same text, for comparison
  validate        records.record_from_data (pydantic model, header, constraints)
  assess          engine.assess (scope, every criterion with its reasons)
  json            report.json.unit_dict + report.jsonenc.dumps (what --format jsonl writes per unit)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def main(argv: list[str] | None = None) -> int:
    import json

    import yaml

    from antt_cli.batch.worker import prepare
    from antt_cli.criteria import load_criteria
    from antt_cli.engine import assess
    from antt_cli.problems import InputError
    from antt_cli.records import record_from_data
    from antt_cli.report.json import unit_dict
    from antt_cli.report.jsonenc import dumps
    from antt_cli.yamlsrc import load_file

    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    files: list[str] = []
    for root, dirs, names in os.walk(args.folder):
        dirs.sort()
        files += [os.path.join(root, n) for n in sorted(names) if n.endswith((".yaml", ".yml"))]
    files = files[: args.files]
    criteria = load_criteria()
    prepare(criteria)
    texts = [open(f, encoding="utf-8").read() for f in files]
    rounds: dict[str, list[float]] = {k: [] for k in ("read+parse", "plain load", "validate", "assess", "json")}
    for _ in range(args.rounds):
        t = time.perf_counter()
        parsed = []
        for f in files:
            try:
                p = load_file(f, nfc=True)
                p.node = None  # positions are mapped lazily from the node tree; not needed here
                parsed.append(p)
            except InputError:
                pass
        rounds["read+parse"].append(time.perf_counter() - t)
        t = time.perf_counter()
        for text in texts:
            try:
                yaml.load(text, Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                pass
        rounds["plain load"].append(time.perf_counter() - t)
        t = time.perf_counter()
        records = []
        for p in parsed:
            try:
                records.append(record_from_data(p.data, p.source, criteria, parsed=p))
            except InputError:
                pass
        rounds["validate"].append(time.perf_counter() - t)
        t = time.perf_counter()
        results = [assess(r) for r in records]
        rounds["assess"].append(time.perf_counter() - t)
        t = time.perf_counter()
        for r in results:
            dumps(unit_dict(r))
        rounds["json"].append(time.perf_counter() - t)
    n = len(files)
    print(f"{n} files from {args.folder}, µs per file (median of {args.rounds}):")
    for k, v in rounds.items():
        print(f"  {k:<12} {statistics.median(v) / n * 1e6:7.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
