"""Imports flow one way (docs/architecture.md): a module imports only from its own layer or below,
and the top-level parts of antt_cli form no cycle. Every import counts, also one inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "antt_cli"
# the layers, bottom first; a top-level module or package of antt_cli belongs to exactly one
LAYERS: list[set[str]] = [
    {"__init__", "text", "words", "problems", "limits", "lazy", "stopping", "spool", "yamltags", "yamllines", "yamlsrc"},
    {"criteria"},
    {"records"},
    {"engine"},
    {"report"},
    {"batch"},
    {"config"},
    {"cli", "__main__"},
]
LEVEL = {part: i for i, parts in enumerate(LAYERS) for part in parts}


def _part(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "antt_cli":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def _imports() -> dict[str, set[tuple[str, str, int]]]:
    """top-level part → {(imported part, file, line)}"""
    out: dict[str, set[tuple[str, str, int]]] = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        module = ".".join(rel.parts)
        if module.endswith(".__init__"):
            package = module[: -len(".__init__")]
        else:
            package = module.rsplit(".", 1)[0]
        src = _part(module)
        assert src is not None
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    names = [".".join(base + ([node.module] if node.module else []))]
                elif node.module:
                    names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                dst = _part(name)
                if dst is not None and dst != src:
                    out.setdefault(src, set()).add((dst, str(path.relative_to(ROOT)), node.lineno))
    return out


def test_every_part_has_a_layer():
    parts = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    assert parts - set(LEVEL) == set(), "add the new module or package to LAYERS (and docs/architecture.md)"


def test_imports_flow_down():
    upward = []
    for src, targets in _imports().items():
        for dst, file, line in targets:
            if LEVEL[dst] > LEVEL[src]:
                upward.append(f"{file}:{line}: {src} (layer {LEVEL[src]}) imports {dst} (layer {LEVEL[dst]})")
    assert upward == []


def test_the_bottom_imports_only_the_bottom():
    bottom = LAYERS[0]
    wrong = [f"{file}:{line}: {src} imports {dst}" for src, targets in _imports().items() if src in bottom
             for dst, file, line in targets if dst not in bottom]
    assert wrong == []


def test_no_cycle_between_parts():
    edges = {src: {dst for dst, _, _ in targets} for src, targets in _imports().items()}

    def reach(a: str, b: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(w == b or (w not in seen and reach(w, b, seen | {w})) for w in edges.get(a, ()))

    cycles = sorted({tuple(sorted((a, b))) for a in edges for b in edges[a] if reach(b, a)})
    assert cycles == []


def test_the_check_finds_an_upward_import(tmp_path, monkeypatch):
    """The test itself can fail: an upward import planted in a copy of the package is found."""
    import shutil

    copy = tmp_path / "antt_cli"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "text.py").write_text((copy / "text.py").read_text(encoding="utf-8") + "\nfrom antt_cli.cli import main\n",
                                  encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", copy)
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    found = [dst for src, targets in _imports().items() if src == "text" for dst, _, _ in targets]
    assert found == ["cli"]
