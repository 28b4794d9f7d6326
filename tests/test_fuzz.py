"""Issue 8: a seeded, bounded fuzz test. The bundled examples (examples/**/*.yaml) are mutated at the
text level and at the YAML-value level (tests/hostile/mutate.py: types swapped, huge and negative
numbers, deep nesting, odd Unicode, control characters, random keys, truncation); antt must never
end in an internal error or a traceback, and a batch with one poisoned file still reports every
other unit.

Bounded for CI (100 mutants or 2 seconds, whichever comes first; 4 poisoned batches; 1 real run); longer by environment variables:

    ANTT_FUZZ_EXAMPLES=5000 ANTT_FUZZ_SECONDS=600 ANTT_FUZZ_SEED=3 pytest -q tests/test_fuzz.py

A plain seeded loop rather than hypothesis: the mutators draw from random.Random, so a failure is
replayed from (seed, index) alone, printed with the failing file; and hypothesis' pytest plugin
would import all of hypothesis, assertion-rewritten, at the end of every pytest run of the project
(about 2 s each on this machine) — too much for a test that does not need shrinking.

Most mutants run in-process through the library the CLI runs (antt_cli.batch.run_batch with the
report sinks: same loader, engine, bulkhead and writers, no argument parsing); a few through the
real CLI (`python -m antt_cli`, worker pool, every report format).
"""

from __future__ import annotations

import io
import os
import random
import shutil
import sys
import time
from pathlib import Path

import pytest

def _harness():  # tests/hostile/harness.py, loaded once under a name of its own (not on sys.path)
    import importlib.util

    if "hostile_harness" not in sys.modules:
        spec = importlib.util.spec_from_file_location("hostile_harness", Path(__file__).resolve().parent / "hostile" / "harness.py")
        mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules["hostile_harness"] = mod
        spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return sys.modules["hostile_harness"]


_h = _harness()
ALL_GOOD = _h.ALL_GOOD
ROOT = _h.ROOT
run_cli = _h.run_cli
run_inproc = _h.run_inproc
mutate = _h.load("mutate")

N = int(os.environ.get("ANTT_FUZZ_EXAMPLES", "100"))
SECONDS = float(os.environ.get("ANTT_FUZZ_SECONDS", "2"))
SEED = int(os.environ.get("ANTT_FUZZ_SEED", "8"))
MAX_REPORTED = 5  # failures collected before the test stops and reports them
SEEDS = mutate.seeds()
RECORD_SEEDS = [s for s in SEEDS if not s[0].startswith("examples/packs/")]  # unit records only
FORMATS = ["table-detailed", "table", "markdown", "junit", "csv", "xlsx", "jsonl"]


def fail(failures: list[str], tried: int, where: Path) -> None:
    pytest.fail(f"{len(failures)} failing mutants in {tried} tried (seed {SEED}; inputs kept in {where}):\n"
                + "\n".join(failures), pytrace=False)


def run_library(paths: list[str], fmt: str, criteria, lang: str = "vi") -> object:  # type: ignore[no-untyped-def]
    """What `antt assess PATHS -o json=- -o FMT=-` does once its arguments are parsed: the batch
    with a JSON writer and one more report, written to buffers. Returns the summary; raises what
    escapes the batch (the CLI turns that into exit 3)."""
    from antt_cli.batch import BatchConfig, run_batch
    from antt_cli.report import Context, open_writer

    buffers = [io.BytesIO(), io.BytesIO()]
    name = fmt.replace("-detailed", "")
    context = Context(lang=lang, detailed=fmt.endswith("-detailed"), command="assess")
    writers = [open_writer("json", None, context, stream=io.TextIOWrapper(buffers[0], encoding="utf-8")),
               open_writer(name, None, context, stream=buffers[1] if name == "xlsx"
                           else io.TextIOWrapper(buffers[1], encoding="utf-8"))]
    problems: list = []  # type: ignore[type-arg]
    for w in writers:
        w.start()
    summary = run_batch(paths, criteria, writers, BatchConfig(jobs=1, lang=lang, locate=True, on_problem=problems.extend))
    for p in problems:  # what the CLI prints on stderr must render, in both languages
        p.render("vi")
        p.render("en")
    return summary


def test_a_mutated_example_is_a_unit_or_a_located_problem(tmp_path: Path) -> None:
    """Library level: one mutated file → a unit, or located problems; never an exception out of
    the batch, whatever the report format and the language."""
    from antt_cli.criteria import load_criteria

    criteria = load_criteria()
    rng = random.Random(SEED)
    failures: list[str] = []
    deadline = time.monotonic() + SECONDS
    tried = 0
    for i in range(N):
        if time.monotonic() > deadline or len(failures) >= MAX_REPORTED:
            break
        name, text = rng.choice(SEEDS)
        kinds, text = mutate.mutate(rng, text)
        fmt, lang = rng.choice(FORMATS), rng.choice(["vi", "en"])
        path = mutate.write(tmp_path / f"mutant-{i:05d}.yaml", text)
        tried += 1
        try:
            summary = run_library([str(path)], fmt, criteria, lang)
        except Exception as e:  # noqa: BLE001 - any exception is the finding
            failures.append(f"  #{i} {name} [{kinds}] -o {fmt} --lang {lang}: {type(e).__name__}: {str(e)[:120]}"
                            f" → {path.name}")
            continue
        if summary.units + summary.invalid < 1:  # type: ignore[attr-defined]
            failures.append(f"  #{i} {name} [{kinds}]: neither a unit nor a problem → {path.name}")
            continue
        path.unlink()
    if failures:
        fail(failures, tried, tmp_path)


def test_a_batch_with_one_poisoned_file_reports_every_other_unit(tmp_path: Path) -> None:
    """The examples plus one poisoned file (random mutations and one construct that crashes antt
    today, mutate.POISONS), through the CLI in-process (≤ 32 inputs), with JSON, table and xlsx."""
    rng = random.Random(SEED + 1)
    folder = tmp_path / "batch"
    for p in ALL_GOOD:
        dest = folder / p.relative_to(ROOT / "examples")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(p, dest)
    reports = tmp_path / "reports"
    reports.mkdir()
    failures: list[str] = []
    rounds = max(4, min(len(mutate.POISONS), N // 40))
    for i in range(rounds):
        name, text = rng.choice(RECORD_SEEDS)
        kinds, text = mutate.poison(rng, text)
        poisoned = mutate.write(folder / "zz-poisoned.yaml", text)
        r = run_inproc("assess", str(folder), "-o", "json=-", "-o", f"table={reports / 't.txt'}",
                       "-o", f"xlsx={reports / 'r.xlsx'}")
        files = r.unit_files()
        missing = [str(p.relative_to(folder)) for p in folder.rglob("*.yaml") if p != poisoned and str(p) not in files]
        what = None
        if r.code == 3:
            what = f"exit 3: {r.err.strip()[:160]}"
        elif missing:
            what = f"{len(missing)} good units not reported"
        elif str(poisoned) not in files and not r.codes_for(poisoned):
            what = "the poisoned file is neither reported nor named"
        if what:
            keep = shutil.copy(poisoned, tmp_path / f"poisoned-{i:02d}.yaml")
            failures.append(f"  round {i}: {name} [{kinds}]: {what} → {Path(keep).name}")
    if failures:
        fail(failures, rounds, tmp_path)


def test_real_cli_batch_with_mutants_and_every_format(tmp_path: Path) -> None:
    """One real run (worker pool, every report format): the examples plus ten mutants (> 32 inputs)."""
    rng = random.Random(SEED + 2)
    folder = tmp_path / "in"
    for p in ALL_GOOD:
        dest = folder / "good" / p.relative_to(ROOT / "examples")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(p, dest)
    for i in range(10):
        name, text = rng.choice(SEEDS)
        mutate.write(folder / f"mutant-{i:02d}.yaml", mutate.poison(rng, text)[1] if i == 0 else mutate.mutate(rng, text)[1])
    outs = [f"{f}={tmp_path / ('r.' + f)}" for f in ("table", "markdown", "junit", "csv", "xlsx", "jsonl")]
    r = run_cli("assess", str(folder), "--jobs", "2", "-o", "json=-", *[a for o in outs for a in ("-o", o)], timeout=120)
    problems = []
    if r.code == 3 or "Traceback" in r.err:
        problems.append(r.describe())
    missing = [str(p) for p in (folder / "good").rglob("*.yaml") if str(p) not in r.unit_files()]
    if missing:
        problems.append(f"{len(missing)} good units not reported")
    problems += [f"{o}: not written" for o in outs if not Path(o.split("=", 1)[1]).exists()]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
