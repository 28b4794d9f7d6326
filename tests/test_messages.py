"""Every message exists in both languages, with the same placeholders; every problem code raised in
the source is declared in the table that raises it. The source is read with ast, so a code raised
through any maker of problems (MESSAGES.problem / .at, a spreadsheet _CellError, a pydantic _err)
is found; and a planted undeclared code makes the check fail."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import string

import antt_cli
from antt_cli.problems import Messages
from antt_cli.words import Words
from conftest import ROOT

MAKERS = {"problem": 1, "at": 1, "fail": 0, "_fail": 0}  # method → index of the code argument
FUNCTIONS = {"_CellError": 0, "_err": 0}  # constructors whose first argument is a problem code


def _modules():
    for info in pkgutil.walk_packages(antt_cli.__path__, "antt_cli."):
        if info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)
    from antt_cli.report import formats  # a namespace package (the format registry): not walked above

    for info in pkgutil.iter_modules(formats.__path__, "antt_cli.report.formats."):
        yield importlib.import_module(info.name)


def _tables():
    messages, words = {}, {}
    for m in _modules():
        for name, value in vars(m).items():
            if isinstance(value, Messages):
                messages[f"{m.__name__}.{name}"] = value
            elif isinstance(value, Words):
                words[f"{m.__name__}.{name}"] = value
    return messages, words


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_has_both_languages_and_the_same_placeholders():
    messages, words = _tables()
    assert messages and words
    bad = []
    for where, table in [*messages.items(), *words.items()]:
        for key, pair in table.table.items():
            if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(t, str) and t.strip() for t in pair)):
                bad.append(f"{where}[{key}]: needs (vi, en)")
            elif _fields(pair[0]) != _fields(pair[1]):
                bad.append(f"{where}[{key}]: placeholders differ {_fields(pair[0])} / {_fields(pair[1])}")
    assert bad == []


def raised_codes(source: str) -> list[tuple[str, int]]:
    """(code, line) of every literal problem code given to a maker of problems."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        index = None
        if isinstance(node.func, ast.Attribute) and node.func.attr in MAKERS:
            index = MAKERS[node.func.attr]
        elif isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS:
            index = FUNCTIONS[node.func.id]
        if index is not None and len(node.args) > index:
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                out.append((arg.value, node.lineno))
    return out


def test_every_raised_code_is_declared():
    messages, _ = _tables()
    declared = set().union(*(m.table for m in messages.values()))
    missing = []
    for path in (ROOT / "antt_cli").rglob("*.py"):
        for code, line in raised_codes(path.read_text(encoding="utf-8")):
            if code not in declared:
                missing.append(f"{path.relative_to(ROOT)}:{line}: {code}")
    assert missing == []


def test_the_check_sees_an_undeclared_code():
    planted = 'MESSAGES.at(parsed, "no-such-code", ("x",))\nraise _CellError("other-code", value=1)\n'
    assert [c for c, _ in raised_codes(planted)] == ["no-such-code", "other-code"]
    messages, _ = _tables()
    declared = set().union(*(m.table for m in messages.values()))
    assert "no-such-code" not in declared and "other-code" not in declared


def test_a_problem_renders_in_the_language_asked_wherever_it_travels():
    import pickle

    from antt_cli.yamlsrc import MESSAGES

    p = pickle.loads(pickle.dumps(MESSAGES.problem("f.yaml", "yaml-too-deep", line=3, col=1, limit=64)))
    assert p.render("vi") == "f.yaml:3:1: lồng nhau quá sâu (tối đa 64 cấp) [yaml-too-deep]"
    assert p.render("en") == "f.yaml:3:1: nested too deeply (at most 64 levels) [yaml-too-deep]"
