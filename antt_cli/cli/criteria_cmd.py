"""`antt criteria check | list | show`: criteria files for the people who keep them."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from antt_cli.cli import common
from antt_cli.problems import InputError, Messages
from antt_cli.words import Words, hint

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.model import CriteriaSet

WORDS = Words({
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
    "reading": ("Cách hiểu", "Reading"),
    "source": ("Nguồn", "Source"),
    "exclusions": ("Không thuộc đối tượng áp dụng", "Out of scope"),
    "unit": ("Đơn vị", "Unit"),
    "year": ("Năm đánh giá", "Assessment year"),
    "window": ("Kỳ đánh giá", "Assessment window"),
    "window_text": ("từ {start} năm trước đến {end} năm đánh giá", "from {start} of the previous year to {end} of the "
                    "assessment year"),
    "result": ("Kết quả", "Result"),
})
MESSAGES = Messages({
    "criterion-not-found": ("không có tiêu chí hay loại đơn vị nào tên '{name}'{hint}",
                            "no criterion or unit type named '{name}'{hint}"),
})


# ----------------------------------------------------------------------------- check


def check(paths: list[Path] | None, fmt: str, lang: str, whole_set: bool | None, quiet: bool = False,
          verbose: bool = False) -> int:
    from antt_cli.criteria.check import check_criteria
    from antt_cli.report import Context, open_writer

    used = common.criteria_paths(paths)
    criteria, problems = check_criteria(used, whole_set=whole_set)
    extra: dict[str, Any] = {"criteria": [str(p) for p in used] if used else None}
    if criteria is not None:
        extra["summary"] = _summary(criteria)
    writer = open_writer(fmt, None, Context(lang=lang, command="check", base=os.getcwd(), extra=extra))
    writer.start()
    writer.invalid("", problems)
    writer.close(None)
    if problems:
        print(WORDS("bad", lang, n=len(problems)), file=sys.stderr)
        return 2
    assert criteria is not None
    if not quiet:
        s = _summary(criteria)
        packs = WORDS("packs", lang, names=", ".join(s["packs"])) if s["packs"] else ""
        print(common.criteria_line(criteria, used, lang), file=sys.stderr)
        print(WORDS("ok", lang, files=len(s["files"]), types=len(s["unit_types"]), criteria=s["criteria"], packs=packs),
              file=sys.stderr)
    return 0


def _summary(criteria: CriteriaSet) -> dict[str, Any]:
    n = sum(len(ut.criteria) for ut in criteria.all_types())
    return {"files": criteria.sources, "unit_types": criteria.type_ids(), "criteria": n, "packs": criteria.pack_names()}


# ----------------------------------------------------------------------------- list / show


def _cite(c: Any, lang: str) -> dict[str, Any]:
    from antt_cli.engine.citation import format_citation

    vocab = c.ruleset.vocabulary if c.ruleset is not None else None
    return format_citation(c.citation, c.instrument, c.short, vocab, lang)


def _criterion_dict(c: Any, lang: str) -> dict[str, Any]:
    return {
        "id": c.id, "citation": _cite(c, lang)["text"], "title": c.title.as_dict(),
        "condition": c.condition.describe(lang),
        "applies_if": c.applies_if.describe(lang) if c.applies_if else None,
        "note": c.note.as_dict() if c.note else None,
        "pack": c.pack, "source": c.source,
    }


def _type_header(ut: Any, lang: str) -> str:
    rs = ut.ruleset
    period = f"{WORDS('from', lang)} {rs.effective_from:%d/%m/%Y}"
    if rs.effective_to:
        period += f" {WORDS('to', lang)} {rs.effective_to:%d/%m/%Y}"
    other = ut.label.en if lang != "en" else ut.label.vi
    packs = f" + {WORDS('pack', lang)} {', '.join(ut.packs)}" if ut.packs else ""
    return f"{ut.id} — {ut.label.pick(lang)}" + (f" ({other})" if other else "") + \
        f" · {rs.instrument.pick(lang)}, {WORDS('in_force', lang)} {period}{packs}"


def list_(type_name: str | None, fmt: str, lang: str, year: int | None, as_of: str | None,
          criteria_paths: list[Path] | None, verbose: bool = False) -> int:
    date = common.parse_date(as_of)
    criteria = common.load(criteria_paths, verbose=verbose, lang=lang)
    tids = [common.resolve_type(criteria, type_name)] if type_name is not None else criteria.type_ids()
    doc = [common.unit_type(criteria, tid, year, date) for tid in tids]
    if fmt == "json":
        json.dump([{"unit_type": ut.id, "label": ut.label.as_dict(), "ruleset": ut.ruleset.id, "packs": ut.packs,
                    "criteria": [_criterion_dict(c, lang) for c in ut.criteria]} for ut in doc],
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for k, ut in enumerate(doc):
        if k:
            print()
        print(_type_header(ut, lang))
        cs = ut.criteria
        width = max((len(c.id) for c in cs), default=0)
        cites = [_cite(c, lang)["ref"] for c in cs]
        cwidth = max((len(x) for x in cites), default=0)
        for c, cited in zip(cs, cites):
            pack = f" [{WORDS('pack', lang)}: {c.pack}]" if c.pack else ""
            print(f"  {c.id:<{width}}  {cited:<{cwidth}}  {c.title.pick(lang)}{pack}")
    return 0


def show(name: str, fmt: str, lang: str, year: int | None, as_of: str | None,
         criteria_paths: list[Path] | None, verbose: bool = False) -> int:
    """ID (a criterion, in every unit type that has it) or TYPE (all its criteria)."""
    date = common.parse_date(as_of)
    criteria = common.load(criteria_paths, verbose=verbose, lang=lang)
    tid = criteria.resolve_type(name)
    picked: list[tuple[Any, list[Any]]] = []
    for each in [tid] if tid is not None else criteria.type_ids():
        try:
            ut = common.unit_type(criteria, each, year, date)
        except InputError:
            if tid is not None:
                raise
            continue
        cs = ut.criteria if tid is not None else [c for c in ut.criteria if c.id.casefold() == name.casefold()]
        if cs:
            picked.append((ut, cs))
    if not picked:
        from antt_cli.text import closest

        ids = sorted({c.id for ut in criteria.all_types() for c in ut.criteria})
        raise InputError([MESSAGES.problem("ID", "criterion-not-found", name=name,
                                           hint=hint(closest(name, ids + criteria.type_ids())))])
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
    pack = f" [{WORDS('pack', lang)}: {c.pack}]" if c.pack else ""
    out = [f"{c.id} — {c.title.pick(lang)}{pack}"]
    if _other(c.title, lang):
        out.append(f"  ({_other(c.title, lang)})")
    out.append(f"  {_cite(c, lang)['text']}")
    if c.applies_if is not None:
        out.append(f"  {WORDS('applies_if', lang)}:")
        out += ["    " + line for line in c.applies_if.describe(lang)]
    out.append(f"  {WORDS('condition', lang)}:")
    out += ["    " + line for line in c.condition.describe(lang)]
    if c.note:
        out.append(f"  {WORDS('reading', lang)}: {c.note.pick(lang)}")
    out.append(f"  {WORDS('source', lang)}: {c.source}")
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
    """A printable checklist for the review meeting: one section per criterion. Its administrative
    words (title, result boxes, signatures) come from the rule set's vocabulary."""
    v = ut.vocabulary
    standard = v.standard.pick(lang)
    rs = ut.ruleset
    (fm, fd), (tm, td) = ut.window_from, ut.window_to
    lines = [f"# {v.form('checklist_title', lang, standard=standard)}", "",
             f"**{ut.label.pick(lang)}** — {rs.instrument.pick(lang)}"
             + (f" + {WORDS('pack', lang)} {', '.join(ut.packs)}" if ut.packs else ""), ""]
    if whole:
        lines += [f"- {WORDS('unit', lang)}: ____________________________________",
                  f"- {WORDS('year', lang)}: ________",
                  f"- {WORDS('window', lang)}: " + WORDS("window_text", lang, start=f"{fd:02d}/{fm:02d}",
                                                         end=f"{td:02d}/{tm:02d}"),
                  f"- {v.form('checklist_meeting', lang)}: ____/____/________", ""]
        if ut.exclusions:
            lines += [f"## {WORDS('exclusions', lang)}", ""]
            lines += [f"- {x.reason.pick(lang)}" for x in ut.exclusions]
            lines.append("")
    for c in cs:
        pack = f" *({WORDS('pack', lang)}: {c.pack})*" if c.pack else ""
        lines += [f"## {c.id} — {c.title.pick(lang)}{pack}", "", f"*{_cite(c, lang)['text']}*", ""]
        if c.applies_if is not None:
            lines += [f"**{WORDS('applies_if', lang)}:**", ""] + _md_list(c.applies_if.describe(lang)) + [""]
        lines += [f"**{WORDS('condition', lang)}:**", ""] + _md_list(c.condition.describe(lang)) + [""]
        if c.note:
            lines += [f"> {WORDS('reading', lang)}: {c.note.pick(lang)}", ""]
        lines += [f"{WORDS('result', lang)}: {v.form('checklist_boxes', lang)}", "",
                  f"{v.form('checklist_evidence', lang)}: ______________________________________________", ""]
    if whole:
        lines += [f"## {v.form('checklist_verdict', lang)}", "", v.form("checklist_verdict_boxes", lang, standard=standard),
                  "", "", v.form("checklist_signatures", lang), ""]
    return "\n".join(lines) + "\n"


__all__ = ["check", "list_", "show"]
