"""The HTML report in a real browser: headless Chromium (Debian package `chromium`), driven over the
DevTools protocol on a pipe (no port, no network). The page is loaded from a file URL; the test
asserts no console error, no exception, no request but the page itself (and data: URLs), that the
embedded font is the one used, that a table sorts, and it takes a screenshot and prints A4 PDF.

Skipped, with the reason, when Chromium is not installed (`apt-get install chromium`).
Set ANTT_RENDER_DIR=folder to keep the screenshot and the PDF to look at.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from antt_cli.report.dossier import render_html

FIX = Path(__file__).parent / "fixtures" / "dossier"
TIMEOUT = 30.0


def _chromium() -> str | None:
    for name in ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name) if not name.startswith("/") else (name if os.access(name, os.X_OK) else None)
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
            preexec_fn=fds, close_fds=False)  # descriptors are non-inheritable (PEP 446) but 3 and 4
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


@pytest.fixture(scope="module")
def browser():
    exe = _chromium()
    if exe is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium): the HTML report was not tried in a browser")
    profile = tempfile.mkdtemp(prefix="antt-chromium-")
    b = Browser(exe, profile)
    try:
        yield b
    finally:
        b.close()
        shutil.rmtree(profile, ignore_errors=True)


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
    folder = os.environ.get("ANTT_RENDER_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(data)


def test_the_harness_sees_a_blocked_load(browser, tmp_path):
    """Not a silent pass: a page that tries to load something is reported by this harness."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">"
                    "<p style=\"color:red\">x</p><img src=\"http://127.0.0.1:9/x.png\">", encoding="utf-8")
    session, events = open_page(browser, page.as_uri())
    found = problems_in(events, page.as_uri())
    assert found["log"] or found["console"] or found["requests"], found


@pytest.mark.parametrize("which", ["batch", "unit"])
def test_report_in_chromium(browser, tmp_path, which):
    data = json.loads((FIX / "batch-xa-minh-tan.json").read_text(encoding="utf-8"))
    if which == "batch":
        html = render_html(data["units"], data["summary"])
    else:
        html = render_html([next(u for u in data["units"] if u["unit"]["name"] == "Thôn Tây")])
    page = tmp_path / "bao-cao.html"
    page.write_text(html, encoding="utf-8")
    url = page.as_uri()
    session, events = open_page(browser, url)

    # the embedded font is loaded and used, Vietnamese letters included
    fonts = evaluate(browser, session, "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight + ' ' + f.style)")
    assert any(f.startswith("antt-serif 400 normal") for f in fonts), fonts
    assert evaluate(browser, session, "document.fonts.check('16px antt-serif', 'Ưu tiên Đạt Thôn Tây Hội Phụ nữ')")
    family = evaluate(browser, session, "getComputedStyle(document.body).fontFamily")
    assert family.startswith("antt-serif")

    if which == "batch":
        # the charts are drawn and show the summary's counts
        n = evaluate(browser, session, "document.querySelectorAll('svg.chart-communes rect[data-count]').length")
        assert n == sum(1 for c in data["summary"]["communes"] for k in ("pass", "fail", "incomplete") if c[k])
        # a table sorts without a server
        names = "Array.from(document.querySelectorAll('#units tbody tr td:nth-child(2)')).map(td => td.textContent.trim())"
        before = evaluate(browser, session, names)
        evaluate(browser, session, "document.querySelectorAll('#units thead th')[1].click()")
        after = evaluate(browser, session, names)
        assert sorted(after) == sorted(before) and after != before
        ordered = f"(() => {{ const a = {names}; return a.every((x, i) => i === 0 || a[i - 1].localeCompare(x, 'vi') <= 0); }})()"
        assert evaluate(browser, session, ordered)  # Vietnamese order: Thôn Đông before Thôn Tây
        evaluate(browser, session, "document.querySelectorAll('#units thead th')[1].click()")
        assert evaluate(browser, session, names) == list(reversed(after))
        # units are collapsible and open from the buttons
        evaluate(browser, session, "document.getElementById('open-all').click()")
        assert evaluate(browser, session, "Array.from(document.querySelectorAll('details.unit')).every(d => d.open)")
        evaluate(browser, session, "document.getElementById('close-all').click()")

    shot = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                                         session=session)["data"])
    assert shot.startswith(b"\x89PNG") and len(shot) > 10_000
    keep(f"{which}.png", shot)
    pdf = base64.b64decode(browser.send("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True},
                                        session=session)["data"])
    assert pdf.startswith(b"%PDF")
    keep(f"{which}.pdf", pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes, "no page size in the PDF"
    for w, h in boxes:  # A4 portrait: 595.28 x 841.89 pt
        assert abs(float(w) - 595.28) < 2 and abs(float(h) - 841.89) < 2, (w, h)
    if which == "batch":
        assert len(boxes) >= 3  # summary, then every unit opened for print

    found = problems_in(browser.events, url)
    assert found == {"requests": [], "exceptions": [], "console": [], "log": []}, found
