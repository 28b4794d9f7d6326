"""The figures of the HTML report's charts, computed from the result dicts (counts, never estimates),
with their geometry, so that the template only draws rectangles. Every segment carries its count."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from antt_cli.report.dossier.context import OUTCOMES, clean, percent, unit_commune

BAR_H = 22
GAP = 8
LABEL_W = 230
BAR_W = 470
VALUE_W = 110
WIDTH = LABEL_W + BAR_W + VALUE_W


def _d(v: Any) -> dict[str, Any]:
    return v if isinstance(v, dict) else {}


def _segments(counts: dict[str, int], keys: tuple[str, ...], scale_total: int, labels: dict[str, str]) -> list[dict[str, Any]]:
    segs = []
    x = float(LABEL_W)
    for key in keys:
        n = int(counts.get(key, 0) or 0)
        w = BAR_W * n / scale_total if scale_total else 0.0
        segs.append({"key": key, "label": labels.get(key, key), "count": n, "x": round(x, 2), "w": round(w, 2),
                     "tx": round(x + w / 2, 2), "show": n > 0 and w >= 16})
        x += w
    return segs


def _frame(rows: list[dict[str, Any]]) -> dict[str, Any]:
    for i, row in enumerate(rows):
        row.setdefault("title", "")
        row.setdefault("id", "")
        row.setdefault("meets", False)
        row["y"] = GAP + i * (BAR_H + GAP)
        row["ty"] = row["y"] + BAR_H / 2 + 5
    height = GAP + len(rows) * (BAR_H + GAP) + 24
    return {"rows": rows, "width": WIDTH, "height": height, "bar_h": BAR_H, "label_w": LABEL_W, "bar_w": BAR_W,
            "axis_y": height - 22, "value_x": LABEL_W + BAR_W + 8}


def communes_chart(units: list[dict[str, Any]], summary: dict[str, Any] | None, labels: dict[str, str],
                   lang: str, threshold: int) -> dict[str, Any]:
    """One bar per commune: its managed units in scope, pass / fail / incomplete, as shares, with the
    line of Art. 5.4 (threshold %). From the summary's roll-up when given, else from the units."""
    rows = []
    communes = _d(summary).get("communes") if summary else None
    if isinstance(communes, list) and communes:
        source = [(clean(_d(c).get("commune")), {k: int(_d(c).get(k) or 0) for k in ("pass", "fail", "incomplete", "out_of_scope")})
                  for c in communes]
    else:
        tallies: dict[str, Counter] = defaultdict(Counter)
        for u in units:
            if _d(u.get("unit")).get("type") == "xa":
                continue
            tallies[unit_commune(u)][u.get("outcome")] += 1
        source = [(name, dict(t)) for name, t in tallies.items()]
    for name, counts in source:
        in_scope = sum(counts.get(k, 0) for k in ("pass", "fail", "incomplete"))
        row = {"label": name or "—", "counts": counts, "total": in_scope,
               "segments": _segments(counts, ("pass", "fail", "incomplete"), in_scope, labels),
               "value": f"{counts.get('pass', 0)}/{in_scope} ({percent(counts.get('pass', 0), in_scope, lang)})" if in_scope else "—",
               "meets": bool(in_scope) and counts.get("pass", 0) * 100 >= threshold * in_scope,
               "out_of_scope": counts.get("out_of_scope", 0)}
        rows.append(row)
    frame = _frame(rows)
    frame["line_x"] = LABEL_W + BAR_W * threshold / 100
    frame["threshold"] = threshold
    frame["ticks"] = [{"x": LABEL_W + BAR_W * p / 100, "label": f"{p}%"} for p in (0, 50, 100)]
    return frame


def failures_chart(units: list[dict[str, Any]], labels: dict[str, str]) -> dict[str, Any]:
    """Criteria not met (fail) or not decided (incomplete), counted over all units: where to act."""
    fails: Counter = Counter()
    incompletes: Counter = Counter()
    titles: dict[str, str] = {}
    for u in units:
        for c in u.get("criteria") or []:
            c = _d(c)
            cid = clean(c.get("id"))
            if c.get("status") == "fail":
                fails[cid] += 1
            elif c.get("status") == "incomplete":
                incompletes[cid] += 1
            else:
                continue
            titles.setdefault(cid, clean(c.get("title")))
    ids = sorted(set(fails) | set(incompletes), key=lambda i: (-(fails[i] + incompletes[i]), i))
    top = max((fails[i] + incompletes[i] for i in ids), default=0)
    rows = []
    for cid in ids:
        counts = {"fail": fails[cid], "incomplete": incompletes[cid]}
        title = titles.get(cid, "")
        short = title if len(title) <= 24 else title[:23].rstrip() + "…"
        rows.append({"label": f"{cid} {short}", "id": cid, "title": title, "counts": counts,
                     "total": fails[cid] + incompletes[cid],
                     "segments": _segments(counts, ("fail", "incomplete"), top, labels),
                     "value": str(fails[cid] + incompletes[cid])})
    frame = _frame(rows)
    frame["ticks"] = [{"x": LABEL_W, "label": "0"}, {"x": LABEL_W + BAR_W, "label": str(top)}] if top else []
    return frame


def types_chart(units: list[dict[str, Any]], summary: dict[str, Any] | None, labels: dict[str, str],
                type_order: list[str]) -> dict[str, Any]:
    """Outcomes by unit type (pass, fail, incomplete, out of scope), in units."""
    by_type = _d(summary).get("by_type") if summary else None
    if isinstance(by_type, dict) and by_type:
        source = {t: ({k: int(_d(v).get(k) or 0) for k in OUTCOMES}, clean(_d(v).get("label")) or t) for t, v in by_type.items()}
    else:
        tallies: dict[str, Counter] = defaultdict(Counter)
        names: dict[str, str] = {}
        for u in units:
            t = _d(u.get("unit")).get("type") or ""
            tallies[t][u.get("outcome")] += 1
            names.setdefault(t, clean(_d(u.get("unit")).get("type_label")) or t)
        source = {t: ({k: c.get(k, 0) for k in OUTCOMES}, names[t]) for t, c in tallies.items()}
    order = [t for t in type_order if t in source] + sorted(t for t in source if t not in type_order)
    top = max((sum(source[t][0].values()) for t in order), default=0)
    rows = []
    for t in order:
        counts, label = source[t]
        total = sum(counts.values())
        rows.append({"label": label, "type": t, "counts": counts, "total": total,
                     "segments": _segments(counts, OUTCOMES, top, labels), "value": str(total)})
    frame = _frame(rows)
    frame["ticks"] = [{"x": LABEL_W, "label": "0"}, {"x": LABEL_W + BAR_W, "label": str(top)}] if top else []
    return frame
