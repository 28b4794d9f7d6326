"""The HTML report in a real browser: headless Chromium (Debian package `chromium`), driven over the
DevTools protocol on a pipe (no port, no network). The pages are written by the real program in a
new process (`python -m antt_cli assess examples/batch/xa-minh-tan/ -o bao-cao.html -o ket-qua.json`,
and one unit), loaded from file URLs, in one Chromium session. The tests assert no console error, no
exception, no request but the page itself (and data: URLs), that the embedded font is the one used,
that the charts drawn show the counts of the JSON report, that a table sorts, that units open; a
screenshot and an A4 PDF are taken.

All of it runs early, in the background (conftest `early`): it is subprocesses and waiting, on the
second core, while the in-process tests run. Skipped, with the reason, when Chromium is not
installed (`apt-get install chromium`; `.ci/run` installs it). Set ANTT_RENDER_DIR=folder to keep the
screenshots and the PDFs to look at.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, SESSION_ENV, early, early_result, run_antt_subprocess

BATCH = EXAMPLES / "batch" / "xa-minh-tan"
TIMEOUT = 30.0


def _chromium() -> str | None:
    for name in ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name, path=SESSION_ENV.get("PATH")) if not name.startswith("/") else (
            name if os.access(name, os.X_OK) else None)
        if path:
            return path
    return None


class Browser:
    """A minimal DevTools client over --remote-debugging-pipe (fd 3: commands in, fd 4: replies out)."""

    def __init__(self, exe: str, profile: str):
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()

        def fds():  # in the child: the pipes at 3 and 4
            a, b = os.dup(cmd_r), os.dup(res_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
             "--disable-features=Translate,MediaRouter,OptimizationHints", "--hide-scrollbars",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            preexec_fn=fds, close_fds=False, env=dict(SESSION_ENV), cwd=profile)  # descriptors are non-inheritable (PEP 446) but 3 and 4
        os.close(cmd_r)
        os.close(res_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise TimeoutError("no reply from Chromium")
            chunk = os.read(self._res_r, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe: " + (self.proc.stderr.read() or b"").decode(errors="replace")[-2000:])
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict:
        deadline = time.monotonic() + TIMEOUT
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(i)
        while True:
            e = self._read_message(deadline)
            if e.get("method") == method:
                return e
            self.events.append(e)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._cmd_w)
        os.close(self._res_r)
        if self.proc.stderr:
            self.proc.stderr.close()


def open_page(b: Browser, url: str) -> tuple[str, list[dict]]:
    """Load `url` in a new tab; returns the tab's session and the events seen up to the load."""
    target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Network", "Runtime", "Log", "Page"):
        b.send(f"{domain}.enable", session=session)
    b.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 1800, "deviceScaleFactor": 1, "mobile": False},
           session=session)
    b.events.clear()
    b.send("Page.navigate", {"url": url}, session=session)
    b.wait_for("Page.loadEventFired")
    b.send("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)", "awaitPromise": True}, session=session)
    return session, b.events


def problems_in(events: list[dict], page_url: str) -> dict[str, list]:
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    return {
        "requests": [u for u in requests if u != page_url and not u.startswith("data:")],
        "exceptions": [e["params"]["exceptionDetails"].get("text") for e in events if e.get("method") == "Runtime.exceptionThrown"],
        "console": [e["params"] for e in events if e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "warning", "assert")],
        "log": [e["params"]["entry"]["text"] for e in events if e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] in ("error", "warning")],
    }


def evaluate(b: Browser, session: str, js: str):
    r = b.send("Runtime.evaluate", {"expression": js, "returnByValue": True, "awaitPromise": True}, session=session)
    if "exceptionDetails" in r:
        raise AssertionError(r["exceptionDetails"])
    return r["result"].get("value")


def keep(name: str, data: bytes) -> None:
    folder = SESSION_ENV.get("ANTT_RENDER_DIR")  # this runs in the background: never os.environ
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(data)


NAMES = "Array.from(document.querySelectorAll('#units tbody tr td:nth-child(2)')).map(td => td.textContent.trim())"
BARS = """Array.from(document.querySelectorAll('svg rect[data-count]')).map(r => ({
    chart: r.closest('svg').getAttribute('class'), row: r.closest('g.row').dataset.label,
    key: r.dataset.key, count: Number(r.dataset.count), width: r.getBoundingClientRect().width}))"""


def _look(b: Browser, page: Path, which: str) -> dict:
    """Everything the tests check on one page, seen in the browser."""
    url = page.as_uri()
    session, _ = open_page(b, url)
    seen: dict = {"url": url}
    seen["fonts"] = evaluate(b, session, "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight + ' ' + f.style)")
    seen["font_check"] = evaluate(b, session, "document.fonts.check('16px antt-serif', 'Ưu tiên Đạt Thôn Tây Hội Phụ nữ')")
    seen["family"] = evaluate(b, session, "getComputedStyle(document.body).fontFamily")
    if which == "batch":
        seen["bars"] = evaluate(b, session, BARS)
        seen["names_before"] = evaluate(b, session, NAMES)
        evaluate(b, session, "document.querySelectorAll('#units thead th')[1].click()")
        seen["names_sorted"] = evaluate(b, session, NAMES)
        seen["sorted_in_vietnamese_order"] = evaluate(b, session, f"(() => {{ const a = {NAMES}; return a.every((x, i) => i === 0 || a[i - 1].localeCompare(x, 'vi') <= 0); }})()")
        evaluate(b, session, "document.querySelectorAll('#units thead th')[1].click()")
        seen["names_reversed"] = evaluate(b, session, NAMES)
        evaluate(b, session, "document.getElementById('open-all').click()")
        seen["all_open"] = evaluate(b, session, "Array.from(document.querySelectorAll('details.unit')).every(d => d.open)")
        evaluate(b, session, "document.getElementById('close-all').click()")
    shot = base64.b64decode(b.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                                   session=session)["data"])
    keep(f"{which}.png", shot)
    pdf = base64.b64decode(b.send("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True},
                                  session=session)["data"])
    keep(f"{which}.pdf", pdf)
    seen["png"] = shot[:8], len(shot)
    seen["pdf"] = pdf[:5], re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    seen["problems"] = problems_in(b.events, url)
    return seen


def _in_chromium(workdir: Path) -> dict:
    """The pages written by the real program, looked at in one Chromium session (in the background)."""
    exe = _chromium()
    if exe is None:
        return {"skip": "Chromium is not installed (Debian: apt-get install chromium): the HTML report was not tried in a browser"}
    batch = run_antt_subprocess("assess", str(BATCH), "-o", str(workdir / "bao-cao.html"), "-o", str(workdir / "ket-qua.json"), "-q")
    unit = run_antt_subprocess("assess", str(BATCH / "thon-tay.yaml"), "-o", str(workdir / "don-vi.html"), "-q")
    bad = workdir / "bad.html"
    bad.write_text("<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">"
                   "<p style=\"color:red\">x</p><img src=\"http://127.0.0.1:9/x.png\">", encoding="utf-8")
    profile = workdir / "profile"
    profile.mkdir()
    b = Browser(exe, str(profile))
    try:
        session, events = open_page(b, bad.as_uri())
        out = {"runs": (batch.returncode, batch.stderr, unit.returncode, unit.stderr),
               "harness": problems_in(events, bad.as_uri()),
               "json": json.loads((workdir / "ket-qua.json").read_text(encoding="utf-8")),
               "batch": _look(b, workdir / "bao-cao.html", "batch"),
               "unit": _look(b, workdir / "don-vi.html", "unit")}
    finally:
        b.close()
    return out


def seen(which: str) -> dict:
    got = early_result(_in_chromium)
    if "skip" in got:
        pytest.skip(got["skip"])
    assert got["runs"][0] == 1 and got["runs"][2] == 1, got["runs"]  # Thôn Tây fails
    return got if which == "all" else got[which]


@early(_in_chromium)
def test_the_harness_sees_a_blocked_load():
    """Not a silent pass: a page that tries to load something is reported by this harness."""
    found = seen("all")["harness"]
    assert found["log"] or found["console"] or found["requests"], found


@early(_in_chromium)
@pytest.mark.parametrize("which", ["batch", "unit"])
def test_the_page_loads_offline_with_its_own_font_and_prints_on_a4(which):
    page = seen(which)
    assert page["problems"] == {"requests": [], "exceptions": [], "console": [], "log": []}, page["problems"]
    assert any(f.startswith("antt-serif 400 normal") for f in page["fonts"]), page["fonts"]
    assert page["font_check"] and page["family"].startswith("antt-serif")  # Vietnamese without the machine's fonts
    assert page["png"][0] == b"\x89PNG\r\n\x1a\n" and page["png"][1] > 10_000
    magic, boxes = page["pdf"]
    assert magic == b"%PDF-" and boxes, "no page size in the PDF"
    for w, h in boxes:  # A4 portrait: 595.28 x 841.89 pt
        assert abs(float(w) - 595.28) < 2 and abs(float(h) - 841.89) < 2, (w, h)
    if which == "batch":
        assert len(boxes) >= 3  # summary, then every unit opened for print


@early(_in_chromium)
def test_the_charts_drawn_show_the_counts_of_the_json():
    got = seen("all")
    summary, bars = got["json"]["summary"], got["batch"]["bars"]
    assert all(b["width"] > 0 for b in bars), [b for b in bars if b["width"] <= 0]  # every segment is drawn
    by_chart: dict = {}
    for b in bars:
        chart = next(c.removeprefix("chart-") for c in b["chart"].split() if c.startswith("chart-"))
        by_chart.setdefault(chart, {}).setdefault(b["row"], {})[b["key"]] = b["count"]
    assert by_chart["communes"] == {c["commune"]: {k: c[k] for k in ("pass", "fail", "incomplete") if c[k]}
                                    for c in summary["communes"]}
    assert by_chart["types"] == {v["label"]: {k: v[k] for k in ("pass", "fail", "incomplete", "out_of_scope") if v[k]}
                                 for v in summary["by_type"].values()}
    failed = [(c["id"], c["status"]) for u in got["json"]["units"] for c in u["criteria"] if c["status"] in ("fail", "incomplete")]
    assert sorted((row.split(" ")[0], k) for row, segs in by_chart["failures"].items() for k, n in segs.items()
                  for _ in range(n)) == sorted(failed)


@early(_in_chromium)
def test_tables_sort_and_units_open_without_a_server():
    page = seen("batch")
    before, after = page["names_before"], page["names_sorted"]
    assert sorted(after) == sorted(before) and after != before
    assert page["sorted_in_vietnamese_order"]  # Thôn Đông before Thôn Tây
    assert page["names_reversed"] == list(reversed(after))
    assert page["all_open"]
