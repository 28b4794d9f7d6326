"""A fuzz campaign for issue 8's figures: mutated examples singly and in batches.

    python tests/hostile/campaign.py [--singles 2000] [--cli-singles 100] [--batches 10] [--batch-size 100]
                                     [--seed 8] [--out campaign.json]

- singles: each mutant alone through the CLI entry point in-process (harness.run_inproc: the
  same code as `antt assess`, criteria loaded once), the report format rotating over the seven;
- cli-singles: some of the same mutants through the real `python -m antt_cli` (cross-check:
  tracebacks and exit codes of a real process);
- batches: `antt assess FOLDER --jobs 2` with the bundled examples plus batch-size mutants,
  a JSON report on stdout and the six other formats as -o files.

Prints a summary (inputs tried, exit codes, units reported, the exception kinds behind exit 3)
and writes every run to --out as JSON. Bounded: nothing runs more than 120 s.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mutate  # noqa: E402
from harness import ALL_GOOD, EXAMPLES, run_cli, run_inproc  # noqa: E402

FORMATS = ["table", "json", "jsonl", "csv", "markdown", "junit", "xlsx"]
KIND = re.compile(r"(?:lỗi nội bộ của antt|internal error[^:]*): (\w+)")


def kind_of(err: str) -> str:
    m = KIND.search(err)
    return m.group(1) if m else ("Traceback" if "Traceback" in err else "?")


def singles(n: int, rng: random.Random, work: Path, cli: int) -> list[dict]:  # type: ignore[type-arg]
    seeds = mutate.seeds()
    out = []
    for i in range(n):
        name, text = rng.choice(seeds)
        kinds, text = mutate.mutate(rng, text)
        path = mutate.write(work / f"single-{i:05d}.yaml", text)
        fmt = FORMATS[i % len(FORMATS)]
        args = ["assess", str(path)]
        args += ["-o", f"xlsx={work / 'r.xlsx'}"] if fmt == "xlsx" else ["--format", fmt]
        t = time.monotonic()
        real = i < cli
        r = run_cli(*args, timeout=120, memory=2 << 30) if real else run_inproc(*args)
        located = bool(r.problems_for(path)) if r.code == 2 else None
        out.append({"i": i, "seed": name, "mutation": kinds, "format": fmt, "real": real, "code": r.code,
                    "located": located, "traceback": "Traceback" in r.err,
                    "kind": kind_of(r.err) if r.code == 3 else None, "seconds": round(time.monotonic() - t, 3),
                    "err": r.err[:200] if r.code == 3 or (r.code == 2 and not located) else None})
        path.unlink()
    return out


def batches(n: int, size: int, rng: random.Random, work: Path) -> list[dict]:  # type: ignore[type-arg]
    seeds = mutate.seeds()
    out = []
    for b in range(n):
        folder = work / f"batch-{b:02d}"
        for p in ALL_GOOD:
            dest = folder / "good" / p.relative_to(EXAMPLES)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, dest)
        kinds = []
        for i in range(size):
            name, text = rng.choice(seeds)
            k, text = mutate.mutate(rng, text)
            kinds.append(k)
            mutate.write(folder / f"mutant-{i:03d}.yaml", text)
        reports = work / f"reports-{b:02d}"
        reports.mkdir()
        outs = [f"{f}={reports / ('r.' + f)}" for f in FORMATS if f != "json"]
        t = time.monotonic()
        r = run_cli("assess", str(folder), "--jobs", "2", "-o", "json=-", *[a for o in outs for a in ("-o", o)],
                    timeout=120, memory=2 << 30)
        units = r.units()
        good = {str(p) for p in (folder / "good").rglob("*.yaml")}
        reported = {u["file"] for u in units}
        try:
            errors = r.json().get("errors", [])
        except ValueError:
            errors = []
        out.append({"batch": b, "inputs": len(good) + size, "code": r.code, "units": len(units),
                    "good_reported": len(good & reported), "good": len(good), "errors": len(errors),
                    "reports_written": sum(Path(o.split("=", 1)[1]).exists() for o in outs) + bool(units),
                    "traceback": "Traceback" in r.err, "kind": kind_of(r.err) if r.code == 3 else None,
                    "seconds": round(time.monotonic() - t, 2), "err": r.err[:300] if r.code == 3 else None})
        shutil.rmtree(folder)
        shutil.rmtree(reports)
    return out


def summary(single: list[dict], batch: list[dict]) -> str:  # type: ignore[type-arg]
    lines = []
    for label, rows in (("in-process", [r for r in single if not r["real"]]), ("real CLI", [r for r in single if r["real"]])):
        if not rows:
            continue
        codes = collections.Counter(r["code"] for r in rows)
        kinds = collections.Counter(r["kind"] for r in rows if r["code"] == 3)
        unlocated = sum(1 for r in rows if r["code"] == 2 and not r["located"])
        tb = sum(r["traceback"] for r in rows)
        lines.append(f"singles ({label}): {len(rows)} inputs; exit codes {dict(sorted(codes.items()))}; "
                     f"exit 3: {codes.get(3, 0)} ({100 * codes.get(3, 0) / len(rows):.1f}%) {dict(kinds.most_common())}; "
                     f"exit 2 without a located message: {unlocated} of {codes.get(2, 0)}; tracebacks: {tb}")
        by_fmt = collections.Counter((r["format"], r["code"] == 3) for r in rows)
        lines.append("  exit 3 by format: " + ", ".join(f"{f} {by_fmt[(f, True)]}/{by_fmt[(f, True)] + by_fmt[(f, False)]}"
                                                       for f in FORMATS))
    if batch:
        codes = collections.Counter(b["code"] for b in batch)
        lines.append(f"batches: {len(batch)} of {batch[0]['inputs']} inputs ({batch[0]['good']} good examples + mutants), "
                     f"--jobs 2, 7 formats; exit codes {dict(sorted(codes.items()))}; "
                     f"exit 3 with no report: {sum(1 for b in batch if b['code'] == 3 and b['units'] == 0)}; "
                     f"good units reported: {sum(b['good_reported'] for b in batch)} of {sum(b['good'] for b in batch)}; "
                     f"units reported: {sum(b['units'] for b in batch)} of {sum(b['inputs'] for b in batch)} inputs; "
                     f"tracebacks: {sum(b['traceback'] for b in batch)}; "
                     f"exit 3 kinds: {dict(collections.Counter(b['kind'] for b in batch if b['kind']).most_common())}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--singles", type=int, default=2000)
    ap.add_argument("--cli-singles", type=int, default=100, help="how many of the singles run as a real process")
    ap.add_argument("--batches", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=100)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    work = Path(tempfile.mkdtemp(prefix="antt-campaign-"))
    t = time.monotonic()
    try:
        s = singles(a.singles, rng, work, a.cli_singles)
        b = batches(a.batches, a.batch_size, rng, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = summary(s, b) + f"\n({time.monotonic() - t:.0f} s, seed {a.seed})"
    print(text)
    if a.out:
        a.out.write_text(json.dumps({"summary": text, "singles": s, "batches": b}, ensure_ascii=False, indent=1),
                         encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
