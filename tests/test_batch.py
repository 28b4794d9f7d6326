"""Batches (issue 3): folders, several paths, order, exit codes, duplicates, commune roll-up, --jobs."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, SESSION_ENV, early, early_result, run_antt

BATCH = EXAMPLES / "batch" / "xa-minh-tan"


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_folder_summary_failing_units_and_exit_code():
    r = run_antt("assess", str(BATCH))
    assert r.returncode == 1, r.stderr  # Thôn Tây fails, nothing invalid
    out = r.stdout
    assert out.index("TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ") < out.index("Đơn vị chưa đạt hoặc thiếu dữ liệu (1)")
    assert "6 tệp/dòng đầu vào: 6 đơn vị được đánh giá, 0 không hợp lệ" in out
    assert "✗ Thôn Tây (Khu dân cư)" in out
    assert "KDC-1c" in out and "171/180 hộ (95%); yêu cầu ≥ 100%" in out
    assert "Xã Minh Tân: 3/4 đơn vị thuộc đối tượng được công nhận (đã đăng ký: 4)" in out


def test_rollup_matches_hand_count_and_reports_disagreement():
    """5 units name Xã Minh Tân; the primary school is out of scope → 4 in scope, 3 pass."""
    r = run_antt("assess", str(BATCH), "--format", "json")
    doc = json.loads(r.stdout)
    xa = [u for u in doc["units"] if u["unit"]["type"] == "xa"][0]
    assert doc["units"][-1] is not None and doc["units"][-1]["unit"]["type"] == "xa"  # assessed after its units
    crit = {c["id"]: c for c in xa["criteria"]}
    assert crit["XA-4a"]["values"] == {"managed_units_registered": 4, "managed_units_total": 4}
    assert crit["XA-4b"]["values"] == {"managed_units_recognised": 3, "managed_units_total": 4}
    assert crit["XA-4b"]["status"] == "pass"
    assert any("Tính từ 5 đơn vị trong lô do Xã Minh Tân quản lý: 4 thuộc đối tượng, 4 đã đăng ký, 3 đạt" in x
               for x in crit["XA-4b"]["reasons"])
    [commune] = doc["summary"]["communes"]
    assert (commune["units"], commune["in_scope"], commune["pass"], commune["out_of_scope"]) == (5, 4, 3, 1)
    rollup = commune["record"]["rollup"]
    assert rollup["computed"] == {"managed_units_total": 4, "managed_units_registered": 4, "managed_units_recognised": 3}
    assert rollup["disagreements"] == [
        {"field": "managed_units_total", "stated": 5, "computed": 4},
        {"field": "managed_units_registered", "stated": 5, "computed": 4},
        {"field": "managed_units_recognised", "stated": 4, "computed": 3},
    ]
    assert "xa-minh-tan.yaml:37:22: managed_units_total: bản ghi ghi 5, tính từ 5 đơn vị trong lô được 4" in r.stderr


def test_commune_first_on_the_command_line_is_still_assessed_last(tmp_path):
    files = sorted(BATCH.glob("*.yaml"), key=lambda p: p.name != "xa-minh-tan.yaml")
    r = run_antt("assess", *map(str, files), "--format", "jsonl")
    lines = [d for d in _jsonl(r.stdout) if "unit" in d]
    assert lines[-1]["unit"]["type"] == "xa"
    xa4b = [c for c in lines[-1]["criteria"] if c["id"] == "XA-4b"][0]
    assert xa4b["values"]["managed_units_recognised"] == 3


def test_rollup_changes_the_commune_verdict(tmp_path):
    """Make two more units fail: 1/4 recognised = 25% < 70% → the commune fails XA-4b."""
    for f in BATCH.glob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        if f.name in ("tram-y-te.yaml", "cong-ty-may.yaml"):
            text = text.replace("registration_date: 2024-", "registration_date: 2023-", 1)
        (tmp_path / f.name).write_text(text, encoding="utf-8")
    doc = json.loads(run_antt("assess", str(tmp_path), "--format", "json").stdout)
    xa = doc["units"][-1]
    assert xa["unit"]["type"] == "xa" and xa["outcome"] == "fail"
    assert [c["status"] for c in xa["criteria"] if c["id"] == "XA-4b"] == ["fail"]


def test_invalid_files_are_located_and_do_not_stop_the_batch(tmp_path):
    shutil.copytree(BATCH, tmp_path / "b")
    (tmp_path / "b" / "hong.yaml").write_text("type: khu_dan_cu\nname: [chưa đóng\n", encoding="utf-8")
    (tmp_path / "b" / "sai-kieu.yaml").write_text(
        (BATCH / "thon-dong.yaml").read_text(encoding="utf-8").replace("households_residing: 250", "households_residing: nhiều"),
        encoding="utf-8")
    r = run_antt("assess", str(tmp_path / "b"))
    assert r.returncode == 2
    assert "Tệp/dòng không hợp lệ (2)" in r.stdout
    assert "hong.yaml:3:1: " in r.stdout and "[yaml-syntax]" in r.stdout
    assert "sai-kieu.yaml:" in r.stdout and "households_residing" in r.stdout
    assert "6 đơn vị được đánh giá, 2 không hợp lệ" in r.stdout


def test_exit_codes(tmp_path):
    ok = tmp_path / "ok"
    ok.mkdir()
    shutil.copy(BATCH / "thon-dong.yaml", ok)
    shutil.copy(BATCH / "tram-y-te.yaml", ok)
    assert run_antt("assess", str(ok)).returncode == 0
    assert run_antt("assess", str(ok), str(BATCH / "thon-tay.yaml")).returncode == 1
    assert run_antt("assess", str(ok), str(tmp_path / "khong-co")).returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run_antt("assess", str(empty), "--format", "json")
    assert r.returncode == 2
    assert json.loads(r.stdout)["errors"][0]["code"] == "no-records"


def test_duplicates_are_reported(tmp_path):
    shutil.copy(BATCH / "thon-dong.yaml", tmp_path / "a.yaml")
    shutil.copy(BATCH / "thon-dong.yaml", tmp_path / "b.yaml")  # same code
    text = (BATCH / "thon-tay.yaml").read_text(encoding="utf-8")
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "d.yaml").write_text(text.replace("code: MT-THONTAY", "code: MT-KHAC"), encoding="utf-8")  # same name+commune
    r = run_antt("assess", str(tmp_path), "--format", "json")
    doc = json.loads(r.stdout)
    assert r.returncode == 2
    codes = [(Path(e["file"]).name, e["code"]) for e in doc["errors"]]
    assert codes == [("b.yaml", "duplicate-unit-code"), ("d.yaml", "duplicate-unit")]
    assert [d["first"] for d in doc["summary"]["duplicates"]] == [str(tmp_path / "a.yaml"), str(tmp_path / "c.yaml")]
    assert len(doc["units"]) == 4


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_forked_workers_make_the_duplicate_keys_and_find_the_same_duplicates(tmp_path, monkeypatch):
    """With --jobs 2 the forked workers hash each unit's code and name for the main process (they
    share its hash secret): the same duplicates are found, the code and the name folded (case,
    spaces, NFC) as the main process folds them."""
    import unicodedata

    from antt_cli.engine.summary import Summary

    text = (BATCH / "thon-tay.yaml").read_text(encoding="utf-8")
    for i in range(40):  # enough inputs for a pool
        (tmp_path / f"{i:02d}.yaml").write_text(text.replace("Thôn Tây", f"Thôn {i}").replace("MT-THONTAY", f"MT-{i}"),
                                                encoding="utf-8")
    (tmp_path / "50.yaml").write_text(text.replace("MT-THONTAY", " mt-7 ").replace("Thôn Tây", "Thôn khác"),
                                      encoding="utf-8")  # the code of 07.yaml, in other case and spaces
    decomposed = unicodedata.normalize("NFD", "THÔN   12")
    (tmp_path / "51.yaml").write_text(text.replace("Thôn Tây", decomposed).replace("MT-THONTAY", "MT-KHAC"),
                                      encoding="utf-8")  # the name of 12.yaml
    keys: list[object] = []
    real = Summary.check_unit
    monkeypatch.setattr(Summary, "check_unit", lambda self, *a: keys.append(a[-1]) or real(self, *a))
    one = run_antt("assess", str(tmp_path), "--format", "json", "--jobs", "1")
    assert keys and all(k is None for k in keys)  # one process: made by the summary itself
    keys.clear()
    two = run_antt("assess", str(tmp_path), "--format", "json", "--jobs", "2")
    assert len(keys) == 42 and all(isinstance(k, tuple) for k in keys)  # every unit's, made in a worker
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    doc = json.loads(two.stdout)
    assert [(Path(e["file"]).name, e["code"]) for e in doc["errors"]] == [
        ("50.yaml", "duplicate-unit-code"), ("51.yaml", "duplicate-unit")]


def test_a_worker_with_another_hash_secret_leaves_the_keys_to_the_main_process():
    """A spawned worker (Windows, macOS) hashes texts with a secret of its own: it makes no keys."""
    from antt_cli.batch.worker import Options, Worker
    from antt_cli.criteria import load_criteria
    from antt_cli.engine.summary import KEYS_PROBE, duplicate_keys
    from antt_cli.text import fold

    unit = {"type": "khu_dan_cu", "name": "Thôn Tây", "year": 2024, "code": "MT-THONTAY", "commune": "Xã Minh Tân"}
    criteria = load_criteria(None)
    same = Worker(criteria, Options(keys_probe=hash(KEYS_PROBE)))
    assert same._keys(unit) == duplicate_keys("khu_dan_cu", "Thôn Tây", 2024, "MT-THONTAY", "Xã Minh Tân", None, fold)
    assert Worker(criteria, Options(keys_probe=hash(KEYS_PROBE) + 1))._keys(unit) is None
    assert Worker(criteria, Options())._keys(unit) is None


def test_order_is_deterministic_and_recursive(tmp_path):
    (tmp_path / "b" / "z").mkdir(parents=True)
    (tmp_path / "a").mkdir()
    shutil.copy(BATCH / "thon-dong.yaml", tmp_path / "b" / "z" / "1.yaml")
    shutil.copy(BATCH / "tram-y-te.yaml", tmp_path / "a" / "2.yml")
    shutil.copy(BATCH / "cong-ty-may.yaml", tmp_path / "b" / "0.yaml")
    (tmp_path / "b" / "ghi-chu.txt").write_text("not a record")
    (tmp_path / ".an").mkdir()
    shutil.copy(BATCH / "thon-tay.yaml", tmp_path / ".an" / "x.yaml")
    doc = json.loads(run_antt("assess", str(tmp_path), "--format", "json").stdout)
    assert [str(Path(u["file"]).relative_to(tmp_path)) for u in doc["units"]] == ["a/2.yml", "b/0.yaml", "b/z/1.yaml"]


def test_jobs_do_not_change_the_output(corpus):
    outs = []
    for jobs in ("1", "2"):
        r = run_antt("assess", str(corpus), "--jobs", jobs, "--format", "jsonl")
        assert r.returncode == 2
        outs.append((r.stdout, r.stderr))
    assert outs[0] == outs[1]
    lines = _jsonl(outs[0][0])
    assert sum("unit" in d for d in lines) + sum("error" in d for d in lines) >= 40
    assert "summary" in lines[-1]


def test_a_big_spreadsheet_is_spread_over_the_workers_and_a_small_one_is_not(tmp_path):
    """One spreadsheet is one input on the command line, but its rows go to the workers: --jobs 2
    starts them for a sheet of 400 rows (the same report as --jobs 1), not for a sheet of 5."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("hostile_generate", ROOT / "tests" / "hostile" / "generate.py")
    gen = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(gen)  # type: ignore[union-attr]
    big, small = gen.csv_rows(tmp_path / "big.csv", 400), gen.csv_rows(tmp_path / "small.csv", 5)
    one = run_antt("assess", str(big), "--jobs", "1", "--format", "jsonl")
    two = run_antt("assess", str(big), "--jobs", "2", "--format", "jsonl", "-v")
    assert "Số tiến trình đánh giá: 2" in two.stderr, two.stderr
    assert two.stdout == one.stdout and len(_jsonl(one.stdout)) == 401  # 400 units and the summary
    r = run_antt("assess", str(small), "--jobs", "2", "--format", "jsonl", "-v", "--lang", "en")
    assert "Worker processes: 1 (few inputs" in r.stderr, r.stderr


def test_quiet_and_no_progress_when_not_a_terminal(corpus):
    r = run_antt("assess", str(corpus), "-o", "/dev/null", "--format", "jsonl", "--quiet")
    assert "Đang đánh giá" not in r.stderr and "Đã ghi" not in r.stderr
    r = run_antt("assess", str(BATCH), "-o", "json=/dev/null")
    assert "Đang đánh giá" not in r.stderr
    assert "6 đơn vị: 4 đạt, 1 chưa đạt, 0 thiếu dữ liệu, 1 không thuộc đối tượng" in r.stderr


def test_single_file_table_is_unchanged():
    r = run_antt("assess", str(BATCH / "thon-tay.yaml"))
    assert "Kết luận: CHƯA ĐẠT" in r.stdout
    assert "TỔNG HỢP" not in r.stdout


def test_library_api_without_the_cli(criteria):
    from antt_cli.batch import BatchConfig, run_batch

    class Collect:
        def __init__(self):
            self.units, self.problems = [], []

        def unit(self, item):
            self.units.append((item.name, item.outcome))

        def invalid(self, source, problems):
            self.problems.append(source)

        def close(self, summary):
            self.summary = summary

    sink = Collect()
    summary = run_batch([str(BATCH)], criteria, [sink], BatchConfig(jobs=1))
    assert summary.exit_code() == 1
    assert sink.units[-1] == ("Xã Minh Tân", "pass")
    assert summary.outcomes == {"pass": 4, "fail": 1, "incomplete": 0, "out_of_scope": 1}


def test_a_batch_keeps_nothing_frozen_afterwards(criteria):
    """A batch moves the criteria out of the garbage collector's sight while it runs
    (batch.worker.prepare); a program that runs many batches (a service, a notebook) gets them
    back afterwards, or every batch's criteria would stay in memory for good."""
    import gc

    from antt_cli.batch import BatchConfig, run_batch

    assert gc.get_freeze_count() == 0
    try:
        run_batch([str(BATCH / "thon-dong.yaml")], criteria, [], BatchConfig(jobs=1))
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()  # a failure here must not spill into the tests that follow


def _on_a_terminal(workdir) -> str:
    """What `antt assess FOLDER` shows on a terminal (stdout and stderr on one pseudo-terminal)."""
    import os
    import pty
    import subprocess

    master, slave = pty.openpty()
    env = dict(SESSION_ENV, COLUMNS="100", TERM="xterm")
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "antt_cli", "assess", str(EXAMPLES / "batch" / "xa-minh-tan")],
                            stdout=slave, stderr=slave, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@early(_on_a_terminal)
def test_progress_bar_is_gone_before_the_report_on_a_terminal():
    """On a terminal, the bar (stderr) is taken down before the summary (stdout) is printed."""
    screen = early_result(_on_a_terminal)
    assert "TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ" in screen
    before = screen.split("TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ")[0]
    # the bar's last frame ("6/6 …") is erased (ESC[2K) before the title is written
    assert "6/6" in before and "\x1b[2K" in before.rsplit("6/6", 1)[1], repr(before[-120:])


@pytest.mark.parametrize("n, spill_at", [(50_000, None), (3_000, 10)], ids=["default", "spilled-early"])
def test_duplicates_are_found_among_many_units_after_the_index_has_grown(n: int, spill_at: int | None) -> None:
    """The duplicate index (engine.summary) grows in place as a batch goes on, then moves to a
    temporary SQLite database on disk (memory stays flat in rows). Across both, a repeated code and
    a repeated unit are still named with the first file, wherever that was kept, and a new unit is
    not a duplicate."""
    from antt_cli.engine.summary import Identity, Summary

    s = Summary() if spill_at is None else Summary(spill_at=spill_at)
    for i in range(n):
        assert s.check_duplicate(Identity(f"u/{i}.yaml", "khu_dan_cu", f"Thôn {i}", 2025, f"C-{i}", "Xã A", "Tỉnh B")) is None
    assert s._firsts.db is not None  # it did move to disk
    early = s.check_duplicate(Identity("again.yaml", "khu_dan_cu", "Thôn khác", 2025, "c-3", "Xã A", "Tỉnh B"))
    assert (early.code, early.params["first"]) == ("duplicate-unit-code", "u/3.yaml")   # kept in memory
    last = n - 1
    same_unit = s.check_duplicate(Identity("twice.yaml", "khu_dan_cu", f"THÔN {last}", 2025, None, "xã a", "Tỉnh B"))
    assert (same_unit.code, same_unit.params["first"]) == ("duplicate-unit", f"u/{last}.yaml")  # kept on disk
    late_code = s.check_duplicate(Identity("ba lần.yaml", "khu_dan_cu", "Thôn mới", 2025, f"C-{last}", "Xã A", "Tỉnh B"))
    assert (late_code.code, late_code.params["first"]) == ("duplicate-unit-code", f"u/{last}.yaml")
    assert s.check_duplicate(Identity("new.yaml", "khu_dan_cu", "Thôn 7", 2024, "C-7", "Xã A", "Tỉnh B")) is None
    again = s.check_duplicate(Identity("new-again.yaml", "khu_dan_cu", "Thôn 8", 2024, "C-7", "Xã A", "Tỉnh B"))
    assert again.params["first"] == "new.yaml"  # a unit first seen after the move is named too
    assert [d["file"] for d in s.duplicates] == ["again.yaml", "twice.yaml", "ba lần.yaml", "new-again.yaml"]


def test_a_stop_swallowed_inside_a_destructor_is_still_acted_on() -> None:
    """Ctrl-C's exception raised while Python runs a destructor is only printed ("Exception ignored
    in …"), and the batch would go on to complete reports and exit 1 (seen once with --jobs 2). The
    handler also records the stop (antt_cli.stopping): the batch raises it at its next task, or at
    the latest before its reports are closed."""
    from antt_cli import stopping
    from antt_cli.batch import BatchConfig, run_batch
    from antt_cli.criteria import load_criteria

    class Writer:
        def __init__(self) -> None:
            self.units, self.closed = 0, False

        def unit(self, r) -> None:  # type: ignore[no-untyped-def]
            self.units += 1
            if self.units == 1:
                stopping.request(KeyboardInterrupt())  # as the handler does, its raise lost

        def invalid(self, source, problems) -> None:  # type: ignore[no-untyped-def]
            pass

        def close(self, summary) -> None:  # type: ignore[no-untyped-def]
            self.closed = True

    folder = EXAMPLES / "batch" / "xa-minh-tan"
    w = Writer()
    try:
        with pytest.raises(KeyboardInterrupt):
            run_batch([str(folder)], load_criteria(), [w], BatchConfig(jobs=1))
    finally:
        stopping.clear()
    assert not w.closed  # no report is completed: the writers' abort (cli.assess) discards them
    assert stopping.pending is None


def test_the_set_of_files_already_read_is_exact_across_devices_and_growth() -> None:
    from antt_cli.batch.inputs import Seen

    seen = Seen()
    keys = [(dev, ino) for dev in (1, 2**63 + 5) for ino in [0, 1, 2**64 - 1, *range(10, 50_000, 7)]]
    for k in keys[::2]:
        seen.add(k)
    assert all(k in seen for k in keys[::2])
    assert not any(k in seen for k in keys[1::2])  # the others, and every key on a third device
    assert (3, 10) not in seen and (1, 3) not in seen


@pytest.mark.parametrize("n", [0, 1, 127, 128, 129, 300])
def test_a_spool_gives_back_every_value_in_order_across_its_batches(n: int) -> None:
    from antt_cli.report.spool import BATCH, Spool

    assert BATCH == 128  # the sizes above straddle it
    s = Spool(BATCH)
    try:
        for i in range(n):
            s.add(("unit", i, {"x": [i]}))
        assert list(s) == [("unit", i, {"x": [i]}) for i in range(n)]
        assert list(s) == [("unit", i, {"x": [i]}) for i in range(n)]  # read again
        s.add("late")  # appended after a read: at the end, not where the read stopped
        assert list(s)[-1:] == ["late"] and len(list(s)) == n + 1
    finally:
        s.close()


def test_the_paths_spool_appends_after_a_read_at_its_end() -> None:
    from antt_cli.spool import TextSpool

    t = TextSpool(spill_at=0)
    try:
        assert [t.append(p) for p in ("a/1.yaml", "b/2.yaml")] == [0, 1]
        assert t[0] == "a/1.yaml"  # a read moves the file's position
        assert t.append("c/3.yaml") == 2
        assert [t[i] for i in range(3)] == ["a/1.yaml", "b/2.yaml", "c/3.yaml"]
    finally:
        t.close()


def test_the_paths_spool_keeps_4_byte_offsets_until_its_file_passes_4_gb() -> None:
    from antt_cli.spool import TextSpool

    t = TextSpool(spill_at=0)
    try:
        t.append("a/1.yaml")
        assert t.offsets.typecode == "I"  # 4 bytes a path: 100,000 paths in 0.4 MB
        t.end = 1 << 32  # as if 4 GB of paths were written before this one
        t.append("b/2.yaml")
        assert t.offsets.typecode == "q" and list(t.offsets) == [0, 1 << 32]
    finally:
        t.close()


def test_folds_are_remembered_up_to_a_bound() -> None:
    from antt_cli.text import Folds, fold

    f = Folds(size=2)
    assert f("  Xã  MINH Tân ") == fold("  Xã  MINH Tân ") == "xã minh tân"
    assert f(None) == "" and f(["unhashable"]) == fold(["unhashable"])
    f("Tỉnh B")
    assert len(f.seen) <= 2


@pytest.mark.parametrize("spill_at", [None, 4])
def test_the_identity_index_is_dropped_once_every_unit_is_in(spill_at: int | None) -> None:
    from antt_cli.engine.summary import Identity, Summary

    s = Summary(spill_at=spill_at) if spill_at else Summary()
    for i in range(10):
        s.check_duplicate(Identity(f"u/{i}.yaml", "khu_dan_cu", f"Thôn {i}", 2025, f"C-{i}", "Xã A", "Tỉnh B"))
    assert s.check_duplicate(Identity("again.yaml", "khu_dan_cu", "Thôn 3", 2025, None, "Xã A", "Tỉnh B")) is not None
    s.identities_done()
    s.identities_done()  # twice is harmless
    with pytest.raises(RuntimeError):
        s.check_duplicate(Identity("late.yaml", "khu_dan_cu", "Thôn 11", 2025, None, "Xã A", "Tỉnh B"))
    assert [d["file"] for d in s.duplicates] == ["again.yaml"]  # what was found is kept for the report


@pytest.mark.parametrize("encode", [False, True])
def test_a_task_s_files_read_stage_by_stage_give_what_each_file_gives_alone(criteria, tmp_path, monkeypatch, encode):
    """Worker.process reads a task's record files stage by stage (every file read, then validated,
    then assessed, then encoded): the items are those of each file on its own, in order, and one
    file's failure at any stage is that file's problem only."""
    from antt_cli.batch.inputs import Source
    from antt_cli.batch.items import Deferred, Invalid
    from antt_cli.batch.worker import Options, Worker
    from antt_cli.engine import evaluate
    from antt_cli.report.base import Context
    from antt_cli.report.formats.jsonl import UnitLine

    good = sorted((EXAMPLES / "batch" / "xa-minh-tan").glob("*.yaml"))
    (tmp_path / "syntax.yaml").write_text("type: khu_dan_cu\nname: [unclosed\n", encoding="utf-8")
    (tmp_path / "unknown.yaml").write_text("type: khu_dan_cu\nname: X\nyear: 2024\nso_ho_dan: 3\n", encoding="utf-8")
    (tmp_path / "boom.yaml").write_text((good[0]).read_text(encoding="utf-8").replace("name:", "name: BOOM", 1),
                                        encoding="utf-8")
    paths = [str(good[0]), str(tmp_path / "syntax.yaml"), str(tmp_path / "missing.yaml"), *map(str, good[1:]),
             str(tmp_path / "unknown.yaml"), str(tmp_path / "boom.yaml")]
    real = evaluate.Assessor.assess

    def assess(self, record):  # an engine failure on one file: the bulkhead
        if record.name.startswith("BOOM"):
            raise ZeroDivisionError("boom")
        return real(self, record)

    monkeypatch.setattr(evaluate.Assessor, "assess", assess)
    spec = {"encoders": (UnitLine(Context()),)} if encode else {}
    options = Options(defer_type="xa", **spec)
    staged = Worker(criteria, options).process([Source(p, "yaml") for p in paths])
    alone = [item for p in paths for item in Worker(criteria, options).items(Source(p, "yaml"))]  # file by file

    def shown(item):
        if isinstance(item, Invalid):
            return ("invalid", item.source, [(p.code, p.line, p.col, p.message("en")) for p in item.problems])
        if isinstance(item, Deferred):
            return ("deferred", item.identity, item.path)
        if encode:
            return ("encoded", item.file, item.outcome, bytes(item.encoded["jsonl"]))
        return ("unit", item.file, item.outcome, [(c.id, c.status, list(c.reasons)) for c in item.criteria])

    assert [shown(i) for i in staged] == [shown(i) for i in alone]
    kinds = [shown(i)[0] for i in staged]
    assert kinds.count("invalid") == 4 and "deferred" in kinds and kinds.count("encoded" if encode else "unit") >= 4
    codes = [shown(i)[2][0][0] for i in staged if isinstance(i, Invalid)]
    assert codes == ["yaml-syntax", "file-not-found", "unknown-field", "internal-error"]


def test_a_task_of_big_records_is_taken_a_few_files_at_a_time(criteria, tmp_path):
    """A task's files are held in memory together while its stages run, and a record may be 8 MB
    (30 MB once read and assessed): Worker.process_some reads files until their bytes reach its budget,
    and leaves the rest of the task for the next call. The items are the same, in the same order, as
    the task's in one go; a file that cannot be read counts nothing against the budget."""
    from antt_cli.batch.inputs import Source
    from antt_cli.batch.items import Invalid
    from antt_cli.batch.worker import TASK_BYTES, Options, Worker

    good = sorted((EXAMPLES / "batch" / "xa-minh-tan").glob("*.yaml"))[:4]
    sizes = [p.stat().st_size for p in good]
    task = [Source(str(good[0]), "yaml"), Source(str(tmp_path / "missing.yaml"), "yaml"),
            *[Source(str(p), "yaml") for p in good[1:]]]
    worker = Worker(criteria, Options())

    def shown(items):
        return [(type(i).__name__, getattr(i, "file", None) or i.source) for i in items]

    whole, n = worker.process_some(task)
    assert n == len(task) and TASK_BYTES > sum(sizes)  # a task of usual records: in one go
    first, n = worker.process_some(task, budget=sizes[0] + sizes[1])  # reached at the third file read
    assert n == 3 and shown(first) == shown(whole)[:3] and isinstance(first[1], Invalid)
    steps, taken, done = [], [], 0
    while done < len(task):
        items, n = worker.process_some(task[done:], budget=1)  # one file read at a time
        steps += items
        taken.append(n)
        done += n
    assert taken == [1, 2, 1, 1]  # the missing file and the one after it in one step
    assert shown(steps) == shown(whole) == shown(worker.process(task))
