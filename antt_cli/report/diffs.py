"""What the human formats (table, markdown) show of `antt diff`: the lines of each changed unit, the
rows of the new, vanished and commune tables, from the document engine.compare builds."""

from __future__ import annotations

import json
from typing import Any

from antt_cli.report.words import WORDS


def _outcome(o: str | None, lang: str) -> str:
    return WORDS(f"outcome.{o}", lang) if o else WORDS("diff.absent", lang)


def _status(s: str | None, lang: str) -> str:
    return WORDS(f"status.{s}", lang) if s else WORDS("diff.absent", lang)


def value(v: Any, lang: str) -> str:
    if v is None:
        return WORDS("diff.absent", lang)
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (bool, int, float)):
        from antt_cli.criteria.values import format_value

        return format_value(v, lang)
    return str(v)


def parent_words(doc: dict[str, Any], lang: str) -> dict[str, str]:
    label = (doc.get("parent") or {}).get(lang) or (doc.get("parent") or {}).get("vi") or ""
    return {"parent": label, "parent_lower": label[:1].lower() + label[1:] if label else ""}


def head(doc: dict[str, Any], lang: str) -> list[str]:
    o, n = doc["old"], doc["new"]
    return [WORDS("diff.sides", lang, old=o["source"], old_units=o["units"], new=n["source"], new_units=n["units"]),
            WORDS("diff.counts", lang, **doc["counts"])]


def unit_lines(u: dict[str, Any], lang: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """The heading of a changed unit, and per criterion changed its line and the figures that moved."""
    L = lang
    title = WORDS("diff.unit", L, name=u["name"], type_label=u["type_label"], old_year=u["old"]["year"],
                  old=_outcome(u["old"]["outcome"], L), new_year=u["new"]["year"], new=_outcome(u["new"]["outcome"], L),
                  change=WORDS(f"diff.change.{u['change']}", L))
    if u.get("old_type"):
        title += WORDS("diff.type", L, old=u["old_type"], new=u["type"])
    crits = []
    for c in u["criteria"]:
        line = WORDS("diff.crit", L, id=c["id"], citation=c.get("citation") or "", title=c.get("title") or "",
                     old=_status(c["old"], L), new=_status(c["new"], L))
        details = [WORDS("diff.moved", L, fact=m.get("label") or m["fact"], old=value(m["old"], L), new=value(m["new"], L))
                   for m in c["moved"]]
        f = c.get("found") or {}
        if (f.get("old") or f.get("new")) and f.get("old") != f.get("new"):
            details.append(WORDS("diff.found", L, old=f.get("old") or WORDS("diff.absent", L),
                                 new=f.get("new") or WORDS("diff.absent", L)))
        crits.append((line, details))
    return title, crits


def files_line(u: dict[str, Any], lang: str) -> str:
    return WORDS("diff.files", lang, old=u["old"]["file"], new=u["new"]["file"])


def unit_header(lang: str) -> list[str]:
    return [WORDS("col.unit", lang), WORDS("col.type", lang), WORDS("col.year", lang), WORDS("col.outcome", lang),
            WORDS("col.file", lang)]


def unit_rows(units: list[dict[str, Any]], side: str, lang: str) -> list[list[Any]]:
    return [[u["name"], u["type_label"], u[side]["year"], _outcome(u[side]["outcome"], lang), u[side]["file"]]
            for u in units]


def commune_header(doc: dict[str, Any], lang: str) -> list[str]:
    p = parent_words(doc, lang)
    return [WORDS("col.commune", lang, **p), WORDS("col.province", lang), WORDS("col.then", lang),
            WORDS("col.then_outcome", lang), WORDS("col.now", lang), WORDS("col.now_outcome", lang)]


def commune_rows(doc: dict[str, Any], lang: str) -> list[list[Any]]:
    from antt_cli.report.human import pct

    def rate(r: dict[str, Any] | None) -> str:
        if r is None:
            return WORDS("diff.absent", lang)
        return WORDS("diff.rate", lang, year=r["year"], passed=r["passed"], in_scope=r["in_scope"],
                     rate=pct(r["passed"], r["in_scope"], lang))

    return [[c["commune"], c.get("province") or "", rate(c["old"]), _outcome((c["old"] or {}).get("outcome"), lang),
             rate(c["new"]), _outcome((c["new"] or {}).get("outcome"), lang)] for c in doc["communes"]]
