"""`antt criteria check | list | show`: criteria files for the people who keep them."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from antt_cli.i18n import say, pick
from antt_cli.problems import Problem

TEXT: dict[str, tuple[str, str]] = {
    "ok": ("tiêu chí hợp lệ: {files} tệp, {types} loại đơn vị, {criteria} tiêu chí{packs}",
           "criteria OK: {files} file(s), {types} unit type(s), {criteria} criteria{packs}"),
    "packs": ("; gói tỉnh: {names}", "; provincial packs: {names}"),
    "bad": ("{n} lỗi trong tiêu chí", "{n} problem(s) in the criteria"),
    "in_force": ("hiệu lực", "in force"),
    "from": ("từ", "from"),
    "to": ("đến", "to"),
    "pack": ("gói", "pack"),
    "condition": ("Yêu cầu", "Requirement"),
    "applies_if": ("Chỉ áp dụng khi", "Applies only if"),
    "not_applicable": ("Không áp dụng khi không thỏa", "Otherwise not applicable"),
    "reading": ("Cách hiểu", "Reading"),
    "source": ("Nguồn", "Source"),
    "exclusions": ("Không thuộc đối tượng áp dụng", "Out of scope"),
    "md.title": ("Phiếu đánh giá tiêu chuẩn “An toàn về an ninh, trật tự”", "Checklist: “An toàn về an ninh, trật tự” standard"),
    "md.unit": ("Đơn vị", "Unit"),
    "md.year": ("Năm đánh giá", "Assessment year"),
    "md.window": ("Kỳ đánh giá", "Assessment window"),
    "md.window_text": ("từ {start} năm trước đến {end} năm đánh giá",
                       "from {start} of the previous year to {end} of the assessment year"),
    "md.meeting": ("Cuộc họp bình xét ngày", "Review meeting on"),
    "md.result": ("Kết quả", "Result"),
    "md.boxes": ("☐ Đạt  ☐ Chưa đạt  ☐ Không áp dụng", "☐ Pass  ☐ Fail  ☐ Not applicable"),
    "md.evidence": ("Căn cứ, số liệu", "Evidence, figures"),
    "md.verdict": ("Kết luận", "Verdict"),
    "md.verdict_boxes": ("☐ ĐẠT  ☐ CHƯA ĐẠT tiêu chuẩn “An toàn về an ninh, trật tự”",
                         "☐ MEETS  ☐ DOES NOT YET MEET the standard"),
    "md.signatures": ("Chủ trì cuộc họp                    Thư ký", "Chair                    Secretary"),
}


def t(key: str, lang: str, **params: Any) -> str:
    return say(TEXT, key, lang, **params)


# ----------------------------------------------------------------------------- check


def github_annotation(p: Problem, lang: str) -> str:
    """A GitHub Actions workflow command: shows the problem on the line in a pull request."""

    def esc(s: str, prop: bool = False) -> str:
        s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return s.replace(":", "%3A").replace(",", "%2C") if prop else s

    props = [f"file={esc(p.file, True)}"]
    if p.line is not None:
        props.append(f"line={p.line}")
        if p.col is not None:
            props.append(f"col={p.col}")
    props.append(f"title={esc(p.code, True)}")
    field = f"{p.field}: " if p.field else ""
    return f"::error {','.join(props)}::{esc(field + p.message(lang))}"


def check(paths: list[Path] | None, fmt: str, lang: str, whole_set: bool | None) -> int:
    from antt_cli.criteria.check import check_criteria

    criteria, problems = check_criteria(paths or None, whole_set=whole_set)
    out = sys.stdout
    if fmt == "json":
        doc = {"schema_version": 1, "ok": not problems, "problems": [p.to_dict(lang) for p in problems]}
        if criteria is not None:
            doc["summary"] = _summary(criteria)
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for p in problems:
            print(github_annotation(p, lang) if fmt == "github" else p.render(lang), file=out)
    if problems:
        print(t("bad", lang, n=len(problems)), file=sys.stderr)
        return 2
    s = _summary(criteria)
    packs = t("packs", lang, names=", ".join(s["packs"])) if s["packs"] else ""
    print(t("ok", lang, files=len(s["files"]), types=len(s["unit_types"]), criteria=s["criteria"], packs=packs),
          file=sys.stderr)
    return 0


def _summary(criteria: Any) -> dict[str, Any]:
    n = 0
    for tid in criteria.type_ids():
        for ut in criteria.all_versions(tid):
            n += len(ut.criteria)
    return {"files": criteria.sources, "unit_types": criteria.type_ids(), "criteria": n, "packs": criteria.pack_names()}


# ----------------------------------------------------------------------------- list / show


def _versions(criteria: Any, tid: str, year: int | None, as_of: dt.date | None) -> list[Any]:
    """The version(s) to show: the one in force on a date, or the latest."""
    if year is None and as_of is None:
        return [criteria.latest(tid)]
    ut = criteria.unit_type(tid, on=as_of, year=year)
    return [ut] if ut is not None else []


def _no_ruleset(criteria: Any, tid: str, year: int | None, as_of: dt.date | None, lang: str) -> int:
    from antt_cli.cli.assess import print_problems

    when = as_of or criteria.latest(tid).window(year)[1]
    print_problems([Problem("--as-of" if as_of else "--year", "no-ruleset",
                            {"type": tid, "date": when.strftime("%d/%m/%Y")})], lang)
    return 2


def _cite(c: Any, lang: str) -> dict[str, Any]:
    from antt_cli.engine.evaluate import citation

    return citation(c.citation, c.instrument, c.short, lang)


def _criterion_dict(c: Any, lang: str) -> dict[str, Any]:
    from antt_cli.criteria.describe import describe

    return {
        "id": c.id, "citation": _cite(c, lang)["text"], "title": {"vi": c.title.vi, "en": c.title.en},
        "condition": describe(c.condition, lang),
        "applies_if": describe(c.applies_if, lang) if c.applies_if else None,
        "note": {"vi": c.note.vi, "en": c.note.en} if c.note else None,
        "pack": c.pack, "source": c.source,
    }


def _type_header(ut: Any, lang: str) -> str:
    rs = ut.ruleset
    period = f"{t('from', lang)} {rs.effective_from:%d/%m/%Y}"
    if rs.effective_to:
        period += f" {t('to', lang)} {rs.effective_to:%d/%m/%Y}"
    other = ut.label.en if lang != "en" else ut.label.vi
    packs = f" + {t('pack', lang)} {', '.join(ut.packs)}" if ut.packs else ""
    return f"{ut.id} — {pick(ut.label, lang)}" + (f" ({other})" if other else "") + \
        f" · {pick(rs.instrument, lang)}, {t('in_force', lang)} {period}{packs}"


def list_(type_name: str | None, fmt: str, lang: str, year: int | None, as_of: dt.date | None,
          criteria_paths: list[Path] | None) -> int:
    from antt_cli.cli.assess import load_criteria_or_report

    criteria = load_criteria_or_report(criteria_paths, lang)
    if criteria is None:
        return 2
    tids = criteria.type_ids()
    if type_name is not None:
        tid = _resolve_type(criteria, type_name, lang)
        if tid is None:
            return 2
        tids = [tid]
    doc = []
    for tid in tids:
        versions = _versions(criteria, tid, year, as_of)
        if not versions:
            return _no_ruleset(criteria, tid, year, as_of, lang)
        for ut in versions:
            doc.append((ut, ut.criteria))
    if fmt == "json":
        json.dump([{"unit_type": ut.id, "label": {"vi": ut.label.vi, "en": ut.label.en}, "ruleset": ut.ruleset.id,
                    "packs": ut.packs, "criteria": [_criterion_dict(c, lang) for c in cs]} for ut, cs in doc],
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for k, (ut, cs) in enumerate(doc):
        if k:
            print()
        print(_type_header(ut, lang))
        width = max((len(c.id) for c in cs), default=0)
        cites = [_cite(c, lang)["ref"] for c in cs]
        cwidth = max((len(x) for x in cites), default=0)
        for c, cite in zip(cs, cites):
            pack = f" [{t('pack', lang)}: {c.pack}]" if c.pack else ""
            print(f"  {c.id:<{width}}  {cite:<{cwidth}}  {pick(c.title, lang)}{pack}")
    return 0


def _resolve_type(criteria: Any, name: str, lang: str) -> str | None:
    from antt_cli.cli.assess import print_problems
    from antt_cli.i18n import hint

    tid = criteria.resolve_type(name)
    if tid is None:
        print_problems([Problem("TYPE", "unknown-type", {"value": name, "choices": ", ".join(criteria.type_ids()),
                                                          "hint": hint(criteria.suggest_type(name))})], lang)
    return tid


def show(name: str, fmt: str, lang: str, year: int | None, as_of: dt.date | None,
         criteria_paths: list[Path] | None) -> int:
    """ID (a criterion, in every unit type that has it) or TYPE (all its criteria)."""
    from antt_cli.cli.assess import load_criteria_or_report, print_problems
    from antt_cli.i18n import hint

    criteria = load_criteria_or_report(criteria_paths, lang)
    if criteria is None:
        return 2
    tid = criteria.resolve_type(name)
    picked: list[tuple[Any, list[Any]]] = []
    tids = [tid] if tid is not None else criteria.type_ids()
    for each in tids:
        versions = _versions(criteria, each, year, as_of)
        if not versions:
            if tid is not None:
                return _no_ruleset(criteria, each, year, as_of, lang)
            continue
        for ut in versions:
            cs = ut.criteria if tid is not None else [c for c in ut.criteria if c.id.casefold() == name.casefold()]
            if cs:
                picked.append((ut, cs))
    if not picked:
        import difflib

        ids = sorted({c.id for each in criteria.type_ids() for ut in criteria.all_versions(each) for c in ut.criteria})
        close = difflib.get_close_matches(name, ids + criteria.type_ids(), n=1, cutoff=0.6)
        print_problems([Problem("ID", "criterion-not-found", {"name": name, "hint": hint(close[0] if close else None)})],
                       lang)
        return 2
    if fmt == "json":
        json.dump([{"unit_type": ut.id, "ruleset": ut.ruleset.id, "packs": ut.packs,
                    "criteria": [_criterion_dict(c, lang) for c in cs]} for ut, cs in picked],
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif fmt == "markdown":
        sys.stdout.write("\n".join(_markdown(ut, cs, lang, whole=tid is not None) for ut, cs in picked))
    else:
        for k, (ut, cs) in enumerate(picked):
            if k:
                print()
            print(_type_header(ut, lang))
            for c in cs:
                print()
                print("\n".join(_text_block(c, lang)))
    return 0


def _other(text: Any, lang: str) -> str | None:
    """The other language's text, shown in brackets after the chosen one (Vietnamese first)."""
    if text is None:
        return None
    return text.en if lang != "en" else text.vi


def _text_block(c: Any, lang: str) -> list[str]:
    from antt_cli.criteria.describe import describe

    cite = _cite(c, lang)["text"]
    pack = f" [{t('pack', lang)}: {c.pack}]" if c.pack else ""
    out = [f"{c.id} — {pick(c.title, lang)}{pack}"]
    if _other(c.title, lang):
        out.append(f"  ({_other(c.title, lang)})")
    out.append(f"  {cite}")
    if c.applies_if is not None:
        out.append(f"  {t('applies_if', lang)}:")
        out += ["    " + line for line in describe(c.applies_if, lang)]
    out.append(f"  {t('condition', lang)}:")
    out += ["    " + line for line in describe(c.condition, lang)]
    if c.note:
        out.append(f"  {t('reading', lang)}: {pick(c.note, lang)}")
    out.append(f"  {t('source', lang)}: {c.source}")
    return out


def _md_list(lines: list[str]) -> list[str]:
    """describe() lines → a nested Markdown list."""
    out = []
    for line in lines:
        body = line.lstrip()
        indent = line[: len(line) - len(body)]
        out.append(f"{indent}{body}" if body.startswith("- ") else f"{indent}- {body}")
    return out


def _markdown(ut: Any, cs: list[Any], lang: str, whole: bool) -> str:
    """A printable checklist for the review meeting (biên bản): one section per criterion."""
    from antt_cli.criteria.describe import describe

    rs = ut.ruleset
    (fm, fd), (tm, td) = ut.window_from, ut.window_to
    lines = [f"# {t('md.title', lang)}", "", f"**{pick(ut.label, lang)}** — {pick(rs.instrument, lang)}"
             + (f" + {t('pack', lang)} {', '.join(ut.packs)}" if ut.packs else ""), ""]
    if whole:
        lines += [f"- {t('md.unit', lang)}: ____________________________________",
                  f"- {t('md.year', lang)}: ________",
                  f"- {t('md.window', lang)}: " + t("md.window_text", lang, start=f"{fd:02d}/{fm:02d}", end=f"{td:02d}/{tm:02d}"),
                  f"- {t('md.meeting', lang)}: ____/____/________", ""]
        if ut.exclusions:
            lines += [f"## {t('exclusions', lang)}", ""]
            for x in ut.exclusions:
                lines.append(f"- {pick(x.reason, lang)}")
            lines.append("")
    for c in cs:
        cite = _cite(c, lang)["text"]
        pack = f" *({t('pack', lang)}: {c.pack})*" if c.pack else ""
        lines += [f"## {c.id} — {pick(c.title, lang)}{pack}", "", f"*{cite}*", ""]
        if c.applies_if is not None:
            lines += [f"**{t('applies_if', lang)}:**", ""] + _md_list(describe(c.applies_if, lang)) + [""]
        lines += [f"**{t('condition', lang)}:**", ""] + _md_list(describe(c.condition, lang)) + [""]
        if c.note:
            lines += [f"> {t('reading', lang)}: {pick(c.note, lang)}", ""]
        lines += [f"{t('md.result', lang)}: {t('md.boxes', lang)}", "",
                  f"{t('md.evidence', lang)}: ______________________________________________", ""]
    if whole:
        lines += [f"## {t('md.verdict', lang)}", "", t("md.verdict_boxes", lang), "", "", t("md.signatures", lang), ""]
    return "\n".join(lines) + "\n"
