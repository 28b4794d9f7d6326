"""Check that `antt schema` gives editor completion and diagnostics through a real YAML language server.

Not part of the test suite (it needs Node.js and the npm package). Run by hand:

    npm install --prefix /tmp/yls yaml-language-server@1
    python scripts/check-editor-completion.py /tmp/yls/node_modules/.bin/yaml-language-server

It writes a schema and a record with the `# yaml-language-server: $schema=...` modeline into a
temporary folder, opens the record over LSP, and prints the diagnostics and the completions
offered for a field name and for an enum value. Checked on 2026-11-24 with yaml-language-server 1.x:
field names and enum values (ids and labels) complete; a negative count and an unknown field are
underlined.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time


def main(server: str) -> int:
    work = tempfile.mkdtemp()
    schema = subprocess.run([sys.executable, "-m", "antt_cli", "schema", "khu_dan_cu"], capture_output=True, text=True, check=True)
    with open(os.path.join(work, "khu_dan_cu.schema.json"), "w", encoding="utf-8") as f:
        f.write(schema.stdout)
    text = ("# yaml-language-server: $schema=./khu_dan_cu.schema.json\ntype: khu_dan_cu\nname: Thôn A\nyear: 2024\n"
            "grassroots_force_rating: \nhouseholds_registered: -5\nhousehold_residing: 3\nh\n")
    with open(os.path.join(work, "rec.yaml"), "w", encoding="utf-8") as f:
        f.write(text)
    p = subprocess.Popen([server, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    q = queue.Queue()
    def reader():
        f = p.stdout
        while True:
            line = f.readline()
            if not line: break
            if line.lower().startswith(b"content-length"):
                n = int(line.split(b":")[1]); f.readline(); q.put(json.loads(f.read(n)))
    threading.Thread(target=reader, daemon=True).start()
    def send(msg):
        b = json.dumps(msg).encode(); p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b); p.stdin.flush()
    def wait(pred, t=20):
        end = time.time()+t
        while time.time() < end:
            try: m = q.get(timeout=0.5)
            except queue.Empty: continue
            if m.get("method") == "workspace/configuration":
                send({"jsonrpc":"2.0","id":m["id"],"result":[{"validate":True,"completion":True,"hover":True, "schemas":{}}]*len(m["params"]["items"])}); continue
            if m.get("method") in ("client/registerCapability",) and "id" in m:
                send({"jsonrpc":"2.0","id":m["id"],"result":None}); continue
            if pred(m): return m
        return None
    root = "file://" + work
    uri = root + "/rec.yaml"
    send({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":None,"rootUri":root,"capabilities":{"textDocument":{"completion":{"completionItem":{"snippetSupport":False}}}, "workspace":{"configuration":True}}}})
    wait(lambda m: m.get("id")==1)
    send({"jsonrpc":"2.0","method":"initialized","params":{}})
    send({"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"yaml":{"validate":True,"completion":True}}}})
    send({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":uri,"languageId":"yaml","version":1,"text":text}}})
    diag = wait(lambda m: m.get("method")=="textDocument/publishDiagnostics" and m["params"]["diagnostics"])
    for d in (diag or {}).get("params",{}).get("diagnostics",[])[:5]:
        print("DIAG", d["range"]["start"]["line"]+1, d["message"][:90])
    send({"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{"textDocument":{"uri":uri},"position":{"line":7,"character":1}}})
    c = wait(lambda m: m.get("id")==2)
    items = (c or {}).get("result") or {}
    items = items.get("items", items) if isinstance(items, dict) else items
    print("COMPLETE field name 'h' ->", [i["label"] for i in items][:6])
    send({"jsonrpc":"2.0","id":3,"method":"textDocument/completion","params":{"textDocument":{"uri":uri},"position":{"line":4,"character":25}}})
    c = wait(lambda m: m.get("id")==3)
    items = (c or {}).get("result") or {}
    items = items.get("items", items) if isinstance(items, dict) else items
    print("COMPLETE rating ->", [i["label"] for i in items][:6])
    p.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "yaml-language-server"))
