"""Human report: one block per unit — header, criteria table, details of what is not met, verdict."""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from antt_cli.i18n import ui

STYLE = {"pass": "green", "fail": "bold red", "incomplete": "yellow", "not_applicable": "dim", "out_of_scope": "cyan"}
MARK = {"pass": "✓", "fail": "✗", "incomplete": "?", "not_applicable": "–", "out_of_scope": "○"}


def _cite(c: Any) -> str:
    """The article/clause/point; for a provincial pack's criterion, with its instrument (the header
    names only the national rule set)."""
    return c.citation["text"] if c.pack else c.citation.get("ref", c.citation["text"])


def _date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def make_console(out: TextIO) -> Any:
    from rich.console import Console

    is_tty = hasattr(out, "isatty") and out.isatty()
    return Console(file=out, highlight=False, soft_wrap=False, width=None if is_tty else _pipe_width())


def _pipe_width() -> int:
    """Width when stdout is not a terminal: $COLUMNS, else the terminal stderr is on (`antt … | less`),
    else 120 for files."""
    import os

    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    try:
        return os.get_terminal_size(2).columns
    except OSError:
        return 120


def report_table(results: list[Any], problems: list[Any], lang: str, out: TextIO) -> None:
    console = make_console(out)
    for r in results:
        render_unit(console, r, lang)


def render_unit(console: Any, r: Any, lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    u = r.unit
    console.print(Text.assemble((f"{ui('unit', lang)}: ", "bold"), (u["name"], "bold"), f" ({u['type_label']})"))
    if u.get("commune"):
        console.print(f"{ui('commune', lang)}: {u['commune']}")
    console.print(f"{ui('year', lang)}: {u['year']} — {ui('window', lang)}: "
                  f"{_date(r.window['from'])}–{_date(r.window['to'])}")
    console.print(f"{ui('ruleset', lang)}: {r.ruleset['instrument']} ({ui('in_force_from', lang)} "
                  f"{_date(r.ruleset['effective_from'])})")
    if r.scope and r.outcome == "out_of_scope":
        cite = f" — {r.scope['citation']['text']}" if r.scope.get("citation") else ""
        console.print(Text(f"{ui('exclusion', lang)}: {r.scope['reason']}{cite}", style="cyan"))
        for line in r.scope.get("details", []):
            console.print(Text(f"  → {line}", style="cyan"))
        if r.scope.get("note"):
            console.print(Text(f"  {ui('reading', lang)}: {r.scope['note']}", style="dim"))
    if r.criteria:
        table = Table(expand=False)
        table.add_column(ui("col.id", lang), no_wrap=True)
        table.add_column(ui("col.citation", lang), no_wrap=True)
        table.add_column(ui("col.title", lang))
        table.add_column(ui("col.status", lang), no_wrap=True)
        for c in r.criteria:
            table.add_row(c.id, _cite(c), c.title,
                          Text(f"{MARK[c.status]} {ui('status.' + c.status, lang)}", style=STYLE[c.status]))
        console.print(table)
        details = [c for c in r.criteria if c.status != "pass" or c.reasons]  # a pass may carry remarks
        for c in details:
            console.print(Text.assemble((f"{MARK[c.status]} {c.id}", STYLE[c.status]), f" ({_cite(c)}) {c.title}"))
            for reason in c.reasons:
                console.print(Text(("    " if reason.startswith(" ") else "  → ") + reason.strip(), style=STYLE[c.status]),
                              soft_wrap=True)
            if c.note and c.status != "not_applicable":
                console.print(Text(f"  {ui('reading', lang)}: {c.note}", style="dim"), soft_wrap=True)
        n = r.counts()
        console.print(ui("summary.counts", lang, passed=n["pass"], failed=n["fail"], incomplete=n["incomplete"],
                         na=n["not_applicable"]))
    if r.scope and r.outcome != "out_of_scope":
        console.print(Text(f"{ui('exclusion', lang)}? {r.scope['reason']}: " + "; ".join(r.scope.get("details", [])),
                           style="yellow"))
    console.print(Text.assemble((f"{ui('verdict', lang)}: ", "bold"), (ui(f"outcome.{r.outcome}", lang), STYLE[r.outcome])))
    console.print()
