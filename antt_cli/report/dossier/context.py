"""From plain result dicts (as in the JSON report) to the plain context the templates fill in.

Everything a template shows is prepared here as text: dates in words, the participants of
Art. 9.1 with names or dotted blanks, one row per criterion (figures found, requirement,
result, reading). The words come from data/dossier.yaml; nothing here is legal wording.
Record text is cleaned of characters XML cannot hold; it is escaped later, by the templates'
autoescaping, never interpreted.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from typing import Any, Iterable

from antt_cli.report.dossier._data import data, fill, kind_spec, pick, unit_type_spec
from antt_cli.report.dossier.errors import DossierError

OUTCOMES = ("pass", "fail", "incomplete", "out_of_scope")

# characters XML 1.0 cannot hold, and the controls docxtpl would turn into structure (\a \f \t \v)
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


_AS_NEWLINE = dict.fromkeys(map(ord, "\r\v\f\u2028\u2029"), "\n")  # a cell's line breaks, as Word lines
_BREAKS = re.compile("[\r\t\v\f\u2028\u2029]")


def clean(text: Any) -> str:
    if text is None:
        return ""
    if type(text) is not str:
        text = str(text)
    if _BREAKS.search(text):
        text = text.replace("\r\n", "\n").translate(_AS_NEWLINE).replace("\t", " ")
    if _BAD_CHARS.search(text):
        text = _BAD_CHARS.sub("", text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


_CODE = re.compile(r"`([^`\n]+)`")


def plain(text: str) -> str:
    """Criteria text for paper: Markdown code spans (`commune:`) become quoted words (“commune:”)."""
    return _CODE.sub(lambda m: f"“{m.group(1)}”", text) if "`" in text else text


def _cleaned(value: Any) -> Any:
    """The whole context, every string cleaned (keys included)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(k) if isinstance(k, str) else k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_cleaned(v) for v in value]
    return value


def _d(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# ---------------------------------------------------------------------------------------------
# numbers and dates


def percent(num: int | None, den: int | None, lang: str) -> str:
    """72 %, 66,7 % (Vietnamese decimal comma), one decimal at most, never rounded up to a pass."""
    if num is None or not den:
        return data()["blank_short"]
    tenths = (num * 1000) // den  # floor: 69.96 % shows as 69,9 %, never as 70 %
    whole, frac = divmod(tenths, 10)
    text = f"{whole}" if frac == 0 else f"{whole}{',' if lang == 'vi' else '.'}{frac}"
    return f"{text}%"


def parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def date_words(value: Any, lang: str, year: Any = None, blank: str = "blank") -> str:
    """'ngày 05 tháng 11 năm 2024' / '5 November 2024'; dotted blanks (with the year if known) when unknown."""
    spec = data()["date"][lang if lang in data()["date"] else "vi"]
    d = parse_date(value)
    if d is None:
        return spec.get(blank, spec["blank"]).replace("{yyyy}", str(year) if year else "……")
    months = spec.get("months") or []
    return (spec["pattern"].replace("{dd}", f"{d.day:02d}").replace("{d}", str(d.day))
            .replace("{mm}", f"{d.month:02d}").replace("{yyyy}", str(d.year))
            .replace("{month}", months[d.month - 1] if months else str(d.month)))


def date_short(value: Any, lang: str) -> str:
    d = parse_date(value)
    if d is None:
        return clean(value) if value else data()["blank_short"]
    spec = data()["date"][lang if lang in data()["date"] else "vi"]
    return spec["short"].replace("{dd}", f"{d.day:02d}").replace("{mm}", f"{d.month:02d}").replace("{yyyy}", str(d.year))


def place_date(place: str, when: Any, lang: str, year: Any) -> str:
    return (pick(data()["place_date"], lang).replace("{place}", place or data()["blank_place"])
            .replace("{date}", date_words(when, lang, year, "blank_line")))


def format_values(values: dict[str, Any], lang: str) -> str:
    """Fallback when a criterion has no `found` text: the facts read, as `fact: value`."""
    words = data()["values"]
    parts = []
    for key, value in values.items():
        if isinstance(value, bool):
            text = pick(words["yes" if value else "no"], lang)
        elif isinstance(value, list):
            text = pick(words["none"], lang) if not value else pick(words["items"], lang).replace("{n}", str(len(value)))
        elif isinstance(value, dict):
            continue
        elif isinstance(value, str) and parse_date(value) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            text = date_short(value, lang)
        else:
            text = str(value)
        parts.append(f"{key}: {text}")
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------
# the unit


def unit_commune(result: dict[str, Any]) -> str:
    """The commune a unit belongs to; a commune's own record belongs to itself."""
    unit = _d(result.get("unit"))
    if unit.get("type") == "xa":
        return clean(unit.get("name"))
    return clean(unit.get("commune"))


def outcome_label(code: str | None, lang: str, given: str | None = None) -> str:
    if given:
        return given
    return pick(data()["outcomes"].get(code or "", code or ""), lang)


def in_sentence(name: str, lang: str = "vi") -> str:
    """'Xã Minh Tân' -> 'xã Minh Tân' (inside a Vietnamese sentence)."""
    if lang != "vi":
        return name
    for prefix in data().get("sentence_lower_prefixes") or []:
        if name.startswith(prefix):
            return prefix.lower() + name[len(prefix):]
    return name


def _values_for(unit: dict[str, Any], spec: dict[str, Any], lang: str) -> dict[str, Any]:
    name = clean(unit.get("name"))
    commune = in_sentence(clean(unit.get("commune")) if unit.get("type") != "xa" else name, lang)
    if unit.get("type") == "xa":
        name = in_sentence(name, lang)
    values = {
        "name": name, "commune": commune, "province": clean(unit.get("province")),
        "year": unit.get("year") or "", "type_label": clean(unit.get("type_label")),
        "noun": pick(spec.get("noun"), lang),
    }
    values["designation"] = fill(pick(spec.get("designation"), lang), values) if name else (
        pick(spec.get("noun"), lang) + " " + data()["blank"])
    values["standard"] = pick(data()["standard"], lang)
    return values


def _issuer(pattern: dict[str, Any] | None, values: dict[str, Any], lang: str) -> dict[str, str]:
    pattern = pattern or {}
    parent = pick(pattern.get("parent"), lang)
    body = pick(pattern.get("body"), lang)
    return {"parent": fill(parent, values) if parent else "", "body": fill(body, values) if body else data()["blank"]}


def _norm(text: Any) -> str:
    return unicodedata.normalize("NFC", str(text or "")).casefold()


def meeting_context(result: dict[str, Any], spec: dict[str, Any], lang: str, year: Any) -> dict[str, Any]:
    """Chair, secretary and the members Art. 9.1 names for the unit type, with the names given in
    `meeting:` (matched on the words of each role) or dotted lines to fill in by hand."""
    m = _d(result.get("meeting")) or _d(_d(result.get("unit")).get("meeting"))
    mspec = spec.get("meeting") or {}
    blank_person = pick(data()["person_blank"], lang)

    def person(role: str, given: dict[str, Any]) -> dict[str, str]:
        name = clean(given.get("name"))
        title = clean(given.get("title") or given.get("role"))
        if title and _norm(title) == _norm(role):
            title = ""
        display = name + (f", {title}" if name and title else "") if name else blank_person
        return {"role": role, "name": name, "title": title, "display": display, "first": True}

    chair = person(pick(_d(mspec.get("chair")).get("role"), lang), _d(m.get("chair")))
    secretary_role = {"vi": "Thư ký", "en": "Secretary"}
    secretary = person(pick(secretary_role, lang), _d(m.get("secretary")))

    members_spec = _l(mspec.get("members"))
    by_key = {ms.get("key"): ms for ms in members_spec}
    order = [by_key[k] for k in _l(mspec.get("match_order")) if k in by_key] or members_spec
    assigned: dict[str, list[dict[str, Any]]] = {ms.get("key"): [] for ms in members_spec}
    others: list[dict[str, str]] = []
    for attendee in _l(m.get("attendees")):
        attendee = _d(attendee)
        if not attendee:
            continue
        role_text = _norm(attendee.get("role"))
        for ms in order:
            if any(_norm(word) in role_text for word in _l(ms.get("match"))):
                assigned[ms.get("key")].append(attendee)
                break
        else:
            others.append(person(clean(attendee.get("role")) or data()["blank"], {"name": attendee.get("name")}))

    members = []
    for ms in members_spec:
        role = pick(ms.get("role"), lang)
        given = assigned.get(ms.get("key")) or []
        group = [person(role, g) for g in given] or [person(role, {}) for _ in range(int(ms.get("blank_lines", 1)))]
        for i, p in enumerate(group):
            p["first"] = i == 0  # the role is written once, on the first line of its group
        members += group

    when = m.get("date")
    return {
        "given": bool(m),
        "date": clean(when) if when else "",
        "when": date_words(when, lang, year),
        "place": clean(m.get("place")) or data()["blank"],
        "citation": pick(mspec.get("citation"), lang),
        "chair": chair,
        "secretary": secretary,
        "members": members,
        "others": others,
        "roles": [pick(ms.get("role"), lang) for ms in members_spec],
    }


class _Remarks(dict):
    def __missing__(self, key: str) -> list[str]:
        spec = data().get("remarks") or {}
        self.update(readings=list(spec.get("reading_prefixes") or []), omit=list(spec.get("omit_prefixes") or []))
        return self[key]


_REMARKS = _Remarks()


def criteria_context(result: dict[str, Any], lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One row per criterion, and the readings applied (numbered once each, shared by criteria)."""
    rows: list[dict[str, Any]] = []
    readings: dict[str, dict[str, Any]] = {}
    dash = "—"
    for no, c in enumerate(_l(result.get("criteria")), 1):
        c = _d(c)
        status = c.get("status") or ""
        reasons = [plain(clean(r)) for r in _l(c.get("reasons"))]
        if c.get("found_brief") or c.get("found"):
            found = clean(c.get("found_brief") or c["found"])
            # a pass keeps what the user must still see (excused incidents…); a fail, the items it counted
            # (the reasons' indented lines: "  – 12/06/2024 Tội phạm …"); the first line repeats the figures
            remarks = reasons if status in ("pass", "not_applicable") else [
                r.strip() for r in (clean(x) for x in _l(c.get("reasons"))) if r.startswith(" ")]
        else:
            found = "\n".join(reasons) or format_values(_d(c.get("values")), lang) or dash
            remarks = []
        # "Thiếu dữ liệu: Số hộ … (households_residing)": the fact's id helps at the terminal, not on paper
        for fid in _d(c.get("values")):
            tag = f" ({fid})"
            if tag in found:
                found = found.replace(tag, "")
        reading = c["reading"] if "reading" in c else c.get("note")
        reading = plain(clean(reading))
        texts = [reading] if reading else []
        # remarks the paper shows elsewhere (data/dossier.yaml, `remarks:`): a reading goes with the others
        # under the table; figures the commune's documents give in their own table are left out
        kept = []
        for r in remarks:
            head = next((p for p in _REMARKS["readings"] if r.startswith(p)), None)
            if head is not None:
                texts.append(r[len(head):].strip())
            elif not any(r.startswith(p) for p in _REMARKS["omit"]):
                kept.append(r)
        remarks = kept
        nos = []
        for text in dict.fromkeys(texts):
            entry = readings.get(text)
            if entry is None:
                entry = readings[text] = {"no": len(readings) + 1, "text": text, "ids": []}
            entry["ids"].append(clean(c.get("id")))
            nos.append(str(entry["no"]))
        mark = f"({', '.join(nos)})" if nos else ""
        citation = _d(c.get("citation"))
        rows.append({
            "no": no,
            "id": clean(c.get("id")),
            "title": plain(clean(c.get("title"))),
            "citation": clean(citation.get("text") or citation.get("ref")),
            "ref": clean(citation.get("ref")),
            # the short reference; a provincial pack's criterion names its own instrument
            "cite": clean(citation.get("text") if c.get("pack") else (citation.get("ref") or citation.get("text"))),
            "instrument": clean(citation.get("instrument")),
            "found": found,
            "found_inline": found.replace("\n", "; "),
            "remarks": remarks,
            # a criterion that does not apply has no requirement to show
            "required": dash if status == "not_applicable" else clean(c.get("required_brief") or c.get("required")) or dash,
            "status": status,
            "result": clean(c.get("status_label")) or pick(data()["statuses"].get(status, status), lang),
            "reading": reading,
            "reading_no": readings[reading]["no"] if reading else None,
            "reading_mark": mark,
            "pack": clean(c.get("pack")),
            "reasons": reasons,
        })
    for entry in readings.values():
        entry["ids_text"] = ", ".join(entry["ids"])
    return rows, list(readings.values())


def unit_context(result: dict[str, Any], kind: str | None, lang: str) -> dict[str, Any]:
    """The context of one unit's document (`kind`), or of its part of the HTML report (kind=None)."""
    if not isinstance(result, dict):
        raise DossierError("bad-input", detail="unit is not a mapping")
    unit = _d(result.get("unit"))
    spec = unit_type_spec(unit.get("type"))
    year = unit.get("year") or ""
    values = _values_for(unit, spec, lang)
    outcome = result.get("outcome")
    criteria, readings = criteria_context(result, lang)
    counts = Counter(row["status"] for row in criteria)
    total = len(criteria)
    applicable = total - counts.get("not_applicable", 0)
    meeting = meeting_context(result, spec, lang, year)
    window = _d(result.get("window"))
    ruleset = _d(result.get("ruleset"))
    scope = _d(result.get("scope"))
    place = unit_commune(result)

    kspec = kind_spec(kind) if kind else {}
    symbol = spec.get("number_symbol") or ""
    if kind:
        values_doc = dict(values, symbol=symbol or "……")
        issuer_key = "meeting" if kind == "bien_ban" else "unit"
        when: Any = None
        if kind == "bien_ban":
            when = meeting["date"]
        elif kind == "dang_ky":
            when = _registration_date(result)
        doc = {
            "kind": kind,
            "heading": pick(kspec.get("heading"), lang),
            "summary": fill(pick(kspec.get("summary"), lang), values_doc),
            "title": pick(kspec.get("title"), lang),
            "citation": pick(kspec.get("citation"), lang),
            "number": fill(pick(kspec.get("number"), lang), values_doc, blank="……") if kspec.get("number") else "",
            "place_date": place_date(place, when, lang, year),
            "draft": pick(kspec.get("draft"), lang),
        }
        issuer = _issuer(_d(spec.get("issuer")).get(issuer_key), values, lang)
    else:
        doc = {"kind": None}
        issuer = _issuer(_d(spec.get("issuer")).get("meeting"), values, lang)

    signer_role = pick(spec.get("signer"), lang)
    signer_name = meeting["chair"]["name"]
    return _cleaned({
        "lang": lang,
        "tool": _tool(),
        "doc": doc,
        "issuer": issuer,
        "unit": {
            "name": clean(unit.get("name")) or data()["blank"],
            "named": bool(values["name"]),
            "type": clean(unit.get("type")),
            "type_label": clean(unit.get("type_label")),
            "noun": values["noun"],
            "designation": values["designation"],
            "year": year or "……",
            "code": clean(unit.get("code")),
            "commune": unit_commune(result) or data()["blank"],
            "commune_text": values["commune"] or data()["blank"],
            "province": values["province"] or data()["blank"],
            "notes": clean(unit.get("notes")),
            "file": clean(result.get("file")),
        },
        "window": {"from": date_short(window.get("from"), lang), "to": date_short(window.get("to"), lang)},
        "ruleset": {"id": clean(ruleset.get("id")), "instrument": clean(ruleset.get("instrument"))},
        "outcome": {"code": outcome or "blank", "label": outcome_label(outcome, lang, result.get("outcome_label"))},
        "scope": {"reason": plain(clean(scope.get("reason"))), "citation": clean(_d(scope.get("citation")).get("text")),
                  "note": plain(clean(scope.get("note")))} if scope else None,
        "criteria": criteria,
        "readings": readings,
        "not_passing": [row for row in criteria if row["status"] in ("fail", "incomplete")],
        "counts": {"total": total, "applicable": applicable, "pass": counts.get("pass", 0),
                   "fail": counts.get("fail", 0), "incomplete": counts.get("incomplete", 0),
                   "not_applicable": counts.get("not_applicable", 0)},
        "meeting": meeting,
        "signer": {"lines": [line for line in signer_role.split("\n") if line], "name": signer_name},
        "recipients": [fill(pick(r, lang), values) for r in _l(spec.get("recipients"))],
        "registration_recipients": [fill(pick(r, lang), values) for r in _l(spec.get("registration_recipients"))],
        "decided_by": pick(spec.get("decided_by"), lang),
        "deadline": pick(spec.get("deadline"), lang),
        "route_note": pick(data()["notes"].get(spec.get("route_note") or "", ""), lang),
        "criteria_article": pick(spec.get("criteria_article"), lang),
        "circular": pick(data()["circular"], lang),
        "steering_committee": pick(data()["steering_committee"], lang),
        "standard": values["standard"],
        "notes": {k: pick(v, lang) for k, v in data()["notes"].items()},
        "blank": data()["blank"],
        "blank_line": data()["blank_line"],
    })


def _registration_date(result: dict[str, Any]) -> str | None:
    facts = data().get("registration_date_facts") or []
    for c in _l(result.get("criteria")):
        vals = _d(_d(c).get("values"))
        for fact in facts:
            if parse_date(vals.get(fact)):
                return vals[fact]
    return None


def _tool() -> str:
    from antt_cli import __version__

    return f"antt {__version__}"


def blank_unit(unit_type: str, *, type_label: str | None = None, year: int | None = None,
               criteria: Iterable[dict[str, Any]] | None = None, commune: str | None = None,
               province: str | None = None) -> dict[str, Any]:
    """A unit dict for a blank form (bản đăng ký for a unit type with no record).

    `criteria`: the criteria of the type as plain dicts {id, title, citation: {text}} (from the
    criteria set); without them the form lists none and leaves room to write them in.
    """
    return {
        "file": None,
        "unit": {"type": unit_type, "type_label": type_label or "", "name": "", "year": year,
                 "code": "", "commune": commune or "", "province": province or ""},
        "outcome": None,
        "criteria": [dict(c, status=None, status_label="") for c in (criteria or [])],
    }


# ---------------------------------------------------------------------------------------------
# the commune (batch documents)


def communes_of(units: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for u in units:
        seen.setdefault(unit_commune(u), None)
    return list(seen)


def commune_context(units: list[dict[str, Any]], summary: dict[str, Any] | None, kind: str | None,
                    lang: str, commune: str | None = None) -> dict[str, Any]:
    if not isinstance(units, list) or not all(isinstance(u, dict) for u in units):
        raise DossierError("bad-input", detail="units is not a list of mappings")
    names = communes_of(units)
    if commune is None:
        if len(names) > 1:
            raise DossierError("several-communes", detail=", ".join(n or "?" for n in names))
        commune = names[0] if names else ""
    mine = [u for u in units if unit_commune(u) == commune]
    if not mine and units:
        raise DossierError("no-units", detail=commune)
    cdata = data()["commune"]
    summary = _d(summary)
    srow = next((c for c in _l(summary.get("communes")) if _d(c).get("commune") == commune), {})
    commune_unit = next((u for u in mine if _d(u.get("unit")).get("type") == "xa"), None)
    managed = [u for u in mine if _d(u.get("unit")).get("type") != "xa"]
    years = Counter(_d(u.get("unit")).get("year") for u in mine if _d(u.get("unit")).get("year"))
    year = srow.get("year") or (years.most_common(1)[0][0] if years else "")
    province = clean(srow.get("province")) or next(
        (clean(_d(u.get("unit")).get("province")) for u in mine if _d(u.get("unit")).get("province")), "")
    values = {"commune": in_sentence(commune, lang), "name": in_sentence(commune, lang), "province": province, "year": year,
              "standard": pick(data()["standard"], lang)}
    type_labels: dict[str, str] = {}
    for u in mine:
        t = _d(u.get("unit"))
        type_labels.setdefault(t.get("type"), clean(t.get("type_label")) or clean(t.get("type")))

    order = [t for t in cdata["type_order"] if t in type_labels] + sorted(
        t for t in type_labels if t not in cdata["type_order"] and t is not None)

    # passing units the commune decides on, by type
    groups = []
    n = 0
    for t in order:
        if t not in cdata["decides_types"] and t in data()["unit_types"]:
            continue
        passing = [u for u in managed if _d(u.get("unit")).get("type") == t and u.get("outcome") == "pass"]
        if not passing:
            continue
        rows = []
        for u in passing:
            n += 1
            uu = _d(u.get("unit"))
            crit = _l(u.get("criteria"))
            applicable = sum(1 for c in crit if _d(c).get("status") != "not_applicable")
            passed = sum(1 for c in crit if _d(c).get("status") == "pass")
            rows.append({"no": n, "name": clean(uu.get("name")), "code": clean(uu.get("code")),
                         "type_label": type_labels[t], "passed": passed, "applicable": applicable,
                         "file": clean(u.get("file"))})
        groups.append({"type": t, "label": type_labels[t], "count": len(rows), "units": rows})
    for i, g in enumerate(groups):
        g["roman"] = _ROMAN[i] if i < len(_ROMAN) else str(i + 1)
    proposed = sum(g["count"] for g in groups)
    proposed_text = ", ".join(f"{g['count']} {pick(unit_type_spec(g['type']).get('noun'), lang)}" for g in groups)

    # counts by type and outcome
    by_type = []
    totals = Counter()
    for t in order:
        of_type = [u for u in mine if _d(u.get("unit")).get("type") == t]
        row = {"type": t, "label": type_labels[t], "total": len(of_type)}
        for o in OUTCOMES:
            row[o] = sum(1 for u in of_type if u.get("outcome") == o)
            totals[o] += row[o]
        totals["total"] += len(of_type)
        by_type.append(row)

    # Art. 5.4
    rollup = _d(_d(srow.get("record")).get("rollup"))
    computed = _d(rollup.get("computed"))
    in_scope = [u for u in managed if u.get("outcome") != "out_of_scope"]
    a54 = cdata["art54"]
    fields = a54["fields"]  # row → the commune's fact that holds its figure (criteria/xa.yaml, rollup:)
    total = computed.get(fields["total"], srow.get("in_scope", len(in_scope)))
    registered = computed.get(fields["registered"])
    recognised = computed.get(fields["recognised"], srow.get("pass", sum(1 for u in in_scope if u.get("outcome") == "pass")))
    row_labels = {row: pick(text, lang) for row, text in a54["rows"].items()}
    label_of = {fact: row_labels[row] for row, fact in fields.items()}
    art54 = {
        "rows": row_labels,
        "citation": pick(a54["citation"], lang),
        "total": total,
        "registered": registered if registered is not None else data()["blank_short"],
        "registered_pct": percent(registered, total, lang),
        "registered_required": f"{a54['registered_required']}%",
        "registered_ok": registered is not None and total and registered * 100 >= a54["registered_required"] * total,
        "recognised": recognised,
        "recognised_pct": percent(recognised, total, lang),
        "recognised_required": f"≥ {a54['recognised_required']}%",
        "recognised_ok": bool(total) and recognised * 100 >= a54["recognised_required"] * total,
        "stated": _d(rollup.get("stated")),
        "disagreements": [{"field": clean(d.get("field")), "label": label_of.get(d.get("field")) or clean(d.get("field")),
                           "stated": d.get("stated"), "computed": d.get("computed")}
                          for d in map(_d, _l(rollup.get("disagreements")))],
    }

    not_passing = []
    for u in managed:
        if u.get("outcome") in ("fail", "incomplete"):
            uu = _d(u.get("unit"))
            rows, _ = criteria_context(u, lang)
            why = [r for r in rows if r["status"] in ("fail", "incomplete")]
            not_passing.append({"name": clean(uu.get("name")), "code": clean(uu.get("code")),
                                "type_label": type_labels.get(uu.get("type"), ""),
                                "outcome": u.get("outcome"),
                                "outcome_label": outcome_label(u.get("outcome"), lang, u.get("outcome_label")),
                                "why": why,
                                "why_text": "\n".join(f"{r['id']} – {r['title']}: {r['found_inline']}" for r in why)})
    for i, u in enumerate(not_passing, 1):
        u["no"] = i
    out_of_scope = []
    for u in managed:
        if u.get("outcome") == "out_of_scope":
            uu = _d(u.get("unit"))
            sc = _d(u.get("scope"))
            out_of_scope.append({"name": clean(uu.get("name")), "type_label": type_labels.get(uu.get("type"), ""),
                                 "reason": plain(clean(sc.get("reason"))), "citation": clean(_d(sc.get("citation")).get("text"))})
    for i, u in enumerate(out_of_scope, 1):
        u["no"] = i

    commune_result = None
    if commune_unit is not None:
        rows, _ = criteria_context(commune_unit, lang)
        commune_result = {"outcome": commune_unit.get("outcome"),
                          "label": outcome_label(commune_unit.get("outcome"), lang, commune_unit.get("outcome_label")),
                          "not_passing": [r for r in rows if r["status"] in ("fail", "incomplete")],
                          "counts": Counter(r["status"] for r in rows)}

    kspec = kind_spec(kind) if kind else {}
    doc = {}
    if kind:
        doc = {
            "kind": kind,
            "heading": pick(kspec.get("heading"), lang),
            "summary": fill(pick(kspec.get("summary"), lang), values),
            "title": pick(kspec.get("title"), lang),
            "citation": pick(kspec.get("citation"), lang),
            "number": pick(kspec.get("number"), lang),
            "place_date": place_date(commune, None, lang, year),
            "draft": pick(kspec.get("draft"), lang),
        }
    issuer_key = "people_committee" if kind == "quyet_dinh" else "committee"
    return _cleaned({
        "lang": lang,
        "tool": _tool(),
        "doc": doc,
        "issuer": _issuer(cdata["issuer"][issuer_key], values, lang),
        "commune": {"name": commune or data()["blank"], "text": in_sentence(commune, lang) or data()["blank"],
                    "province": province or data()["blank"], "year": year or "……"},
        "groups": groups,
        "proposed": proposed,
        "proposed_text": proposed_text,
        "by_type": by_type,
        "totals": dict(totals),
        "art54": art54,
        "not_passing": not_passing,
        "out_of_scope": out_of_scope,
        "commune_result": commune_result,
        "committee_signer": {"lines": [x for x in pick(cdata["committee_signer"], lang).split("\n") if x]},
        "chair_signer": {"lines": [x for x in pick(cdata["chair_signer"], lang).split("\n") if x]},
        "decision_maker": fill(pick(cdata["decision_maker"], lang), values),
        "deadline": pick(cdata["deadline"], lang),
        "circular": pick(data()["circular"], lang),
        "steering_committee": pick(data()["steering_committee"], lang),
        "standard": values["standard"],
        "notes": {k: pick(v, lang) for k, v in data()["notes"].items()},
        "blank": data()["blank"],
        "blank_line": data()["blank_line"],
        "units_count": len(mine),
    })


_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
