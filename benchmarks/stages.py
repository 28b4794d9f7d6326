"""Where the time of one file goes, stage by stage, in one process (µs per file, median of rounds).
A profiling aid: the targets are measured by run.py, as whole processes.

    python benchmarks/stages.py benchmarks/out/corpus-1000 [--files 1000] [--rounds 3]

  read+decode     the file's bytes, UTF-8 decoded (the physical floor)
  plain load      yaml.load(CSafeLoader) of the same text, for comparison
  read+parse      antt_cli.yamlsrc.load_file (the line reader, libyaml for what it declines; positions lazily)
  validate        RecordReader.from_data (record model, header, constraints)
  assess          Assessor.assess (scope and every criterion with its reasons)
  json            what --format jsonl writes for a unit (report.formats.jsonl)
  pickle          a unit's result pickled, as a worker sends it to the main process
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import sys
import time


def main(argv: list[str] | None = None) -> int:
    import yaml

    from antt_cli.criteria import load_criteria
    from antt_cli.engine import Assessor
    from antt_cli.problems import InputError
    from antt_cli.records import RecordReader
    from antt_cli.yamlsrc import load_file

    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    files: list[str] = []
    for root, dirs, names in os.walk(args.folder):
        dirs.sort()
        files += [os.path.join(root, n) for n in sorted(names) if n.endswith((".yaml", ".yml"))]
    files = files[: args.files]
    criteria = load_criteria()
    reader = RecordReader(criteria)
    reader.prepare()
    assessor = Assessor(lang="vi")
    encode = _encoder()
    texts = [open(f, encoding="utf-8").read() for f in files]
    rounds: dict[str, list[float]] = {k: [] for k in ("read+decode", "plain load", "read+parse", "validate", "assess",
                                                     "json", "pickle")}
    import gc

    # the stages keep every file's results alive (a batch drops them): without this, the collector's
    # passes over that growing heap would be counted in whichever stage triggers them
    gc.collect()
    gc.freeze()
    gc.disable()
    for _ in range(args.rounds):
        t = time.process_time()
        for f in files:
            with open(f, "rb") as fh:
                fh.read().decode("utf-8")
        rounds["read+decode"].append(time.process_time() - t)
        t = time.process_time()
        for text in texts:
            try:
                yaml.load(text, Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                pass
        rounds["plain load"].append(time.process_time() - t)
        t = time.process_time()
        parsed = []
        for f in files:
            try:
                parsed.append(load_file(f, nfc=True))
            except InputError:
                pass
        rounds["read+parse"].append(time.process_time() - t)
        t = time.process_time()
        records = []
        for p in parsed:
            try:
                records.append(reader.from_data(p.data, p.source, parsed=p))
            except InputError:
                pass
        rounds["validate"].append(time.process_time() - t)
        t = time.process_time()
        results = [assessor.assess(r) for r in records]
        rounds["assess"].append(time.process_time() - t)
        t = time.process_time()
        for r in results:
            encode(r)
        rounds["json"].append(time.process_time() - t)
        t = time.process_time()
        size = sum(len(pickle.dumps(r, pickle.HIGHEST_PROTOCOL)) for r in results)
        rounds["pickle"].append(time.process_time() - t)
    n = len(files)
    print(f"{n} files from {args.folder}, µs per file (median of {args.rounds}); a result pickles to "
          f"{size / max(1, len(results)) / 1024:.1f} KB")
    for k, v in rounds.items():
        print(f"  {k:<12} {statistics.median(v) / n * 1e6:7.0f}")
    return 0


def _encoder():  # type: ignore[no-untyped-def]
    """The bytes --format jsonl writes for one unit, whichever way this checkout makes them."""
    from antt_cli.report.formats import jsonl

    if hasattr(jsonl, "UnitLine"):  # a batch worker's encoder (since 2026-12-04: criteria's JSON kept)
        from antt_cli.report.base import Context

        return jsonl.UnitLine(Context())
    enc = getattr(jsonl, "encode_unit", None)
    if enc is not None:
        return lambda r: enc(r, None)
    from antt_cli.report.formats.json import unit_dict
    from antt_cli.report.jsonenc import dumps

    return lambda r: (dumps(unit_dict(r)) + "\n").encode("utf-8")


if __name__ == "__main__":
    sys.exit(main())
