"""Every problem code the code can raise has a message in Vietnamese and in English.

The codes are found by reading the source (ast), not by a pattern on its text: every call that
makes a problem — `Problem(file, code, …)`, pydantic's `PydanticCustomError(type, code, …)`, an
exception class that carries a code (`_CellError(code, …)`), and every function that passes its
own `code` parameter on to one of those (`parsed.problem`, `sheet.problem`, `_fail`, `report`,
`_err`, …, found by following the calls) — with the code given by position or as `code=`.
A code that is not written out at the call (a variable) must be declared in DYNAMIC below with
the codes it can take, so that no new way of raising a code goes unchecked.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

from conftest import ROOT

SEEDS = {"Problem": 1, "PydanticCustomError": 1}  # callable → position of the code argument
# (file, function) → the codes a code variable there can hold, besides those raised elsewhere
DYNAMIC = {
    # a pydantic error of kind "antt" carries the code given to records.model._err(...); else this default
    ("antt_cli/records/load.py", "validation_problems"): {"invalid-value"},
}


class _Scope:
    """A function (or a module's top level) and the calls written directly in it."""

    def __init__(self, module: str, name: str, code_position: int | None, carries: bool):
        self.module, self.name, self.code_position, self.carries = module, name, code_position, carries
        self.calls: list[ast.Call] = []


class _Collect(ast.NodeVisitor):
    def __init__(self, module: str):
        self.module = module
        self.scopes = [_Scope(module, "<module>", None, False)]
        self.stack = [self.scopes[0]]
        self.classes: list[ast.ClassDef] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        cls = self.classes[-1] if self.classes and node in self.classes[-1].body else None
        pos = _code_position(node, method=cls is not None)
        # the __init__ of an exception class that keeps the code it is given (`_CellError`): the
        # code is raised here and turned into a problem where the exception is caught
        carries = cls is not None and node.name == "__init__" and pos is not None and _is_exception(cls) and any(
            isinstance(n, ast.Attribute) and n.attr == "code" and isinstance(n.ctx, ast.Store) for n in ast.walk(node))
        scope = _Scope(self.module, cls.name if carries else node.name, pos, carries)
        self.scopes.append(scope)
        self.stack.append(scope)
        self.generic_visit(node)
        self.stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        self.stack[-1].calls.append(node)
        self.generic_visit(node)


class _Source:
    def __init__(self, files: list[Path]):
        self.scopes: list[_Scope] = []
        for f in files:
            collect = _Collect(f.relative_to(ROOT).as_posix())
            collect.visit(ast.parse(f.read_text(encoding="utf-8")))
            self.scopes += collect.scopes
        # names defined in each module that take no code (a local `problem(source, problems)`)
        self.no_code = {(s.module, s.name) for s in self.scopes if s.code_position is None}
        self.makers = dict(SEEDS)  # name → position of `code`
        self._close()

    def _close(self) -> None:
        """Add every function whose `code` parameter reaches a maker, and every exception class
        that carries a code, until nothing changes."""
        changed = True
        while changed:
            changed = False
            for s in self.scopes:
                if s.code_position is None or s.name in self.makers:
                    continue
                if s.carries or any(isinstance(a, ast.Name) and a.id == "code"
                                    for call in s.calls for a in self._code_args(s.module, call)):
                    self.makers[s.name] = s.code_position
                    changed = True

    def _code_args(self, module: str, call: ast.Call) -> list[ast.AST]:
        f = call.func
        if isinstance(f, ast.Name):
            if (module, f.id) in self.no_code and f.id not in SEEDS:
                return []  # a function of this module with the same name, which takes no code
            pos = self.makers.get(f.id)
        elif isinstance(f, ast.Attribute):
            pos = self.makers.get(f.attr)
        else:
            pos = None
        if pos is None:
            return []
        args = [k.value for k in call.keywords if k.arg == "code"]
        if pos < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[:pos + 1]):
            args.append(call.args[pos])
        return args

    def raised_codes(self) -> tuple[dict[str, str], set[tuple[str, str]]]:
        """code → where it is first raised; and the (file, function) where a code is a variable."""
        codes: dict[str, str] = {}
        dynamic: set[tuple[str, str]] = set()
        for s in self.scopes:
            for call in s.calls:
                for arg in self._code_args(s.module, call):
                    literal = _literals(arg)
                    if literal is not None:
                        for code in literal:
                            codes.setdefault(code, f"{s.module}:{call.lineno}")
                    elif isinstance(arg, ast.Name) and arg.id == "code" and s.code_position is not None:
                        continue  # passed on: checked where this function is called
                    elif isinstance(arg, ast.Attribute) and arg.attr == "code":
                        continue  # carried by a problem or an exception: checked where that was made
                    else:
                        dynamic.add((s.module, s.name))
        return codes, dynamic


def _code_position(fn: ast.FunctionDef, method: bool) -> int | None:
    names = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    if method and names and names[0] in ("self", "cls"):
        names = names[1:]
    return names.index("code") if "code" in names else None


def _is_exception(cls: ast.ClassDef) -> bool:
    return any(getattr(b, "id", getattr(b, "attr", "")).endswith(("Error", "Exception")) for b in cls.bases)


def _literals(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _literals(node.body), _literals(node.orelse)
        return None if a is None or b is None else a + b
    return None


def _raised() -> tuple[dict[str, str], set[tuple[str, str]]]:
    return _Source(sorted((ROOT / "antt_cli").rglob("*.py"))).raised_codes()


def test_every_raised_code_has_both_languages():
    from antt_cli.i18n import PROBLEMS, _load_extra_tables, problem_message

    _load_extra_tables()
    codes, dynamic = _raised()
    assert len(codes) > 70  # the scan really finds the codes
    assert {"sheet-bad-cell", "sheet-bad-list", "yaml-syntax", "too-small", "cond-percent", "no-records"} <= set(codes)
    assert dynamic == set(DYNAMIC), "a problem code given as a variable: declare the codes it can take in DYNAMIC"
    for extra in DYNAMIC.values():
        codes.update(dict.fromkeys(extra, "DYNAMIC"))
    missing = sorted(f"{c} ({where})" for c, where in codes.items() if c not in PROBLEMS)
    assert missing == []
    for code in codes:
        vi, en = PROBLEMS[code]
        assert vi.strip() and en.strip(), code
    for code, (vi, en) in PROBLEMS.items():
        assert vi.strip() and en.strip(), code
        assert _fields(vi) == _fields(en), code  # both languages say the same things
        assert problem_message(code, {}, "en") != "{code}"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
