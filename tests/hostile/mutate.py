"""Mutations of the bundled examples for the fuzz test and the fuzz campaign (issue 8).

Every mutator takes a random.Random (hypothesis passes its own, so a failure replays from the
printed seed) and returns new text. Two levels:

- text: flip, insert or delete characters (control characters, odd Unicode, YAML punctuation),
  duplicate or drop lines, change indentation, truncate, replace a number by a huge or negative
  one, open a flow collection 50–900 levels deep;
- value: load the YAML, change one value somewhere (another type, a huge or negative number, a
  deep structure, odd Unicode, control characters) or add a random key, dump it again.

    rng = random.Random(1)
    kind, text = mutate(rng, seed_text)
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path
from typing import Any, Callable

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent

ODD = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1b[2J", "\x1b]0;title\x07", "\x7f", "\x85", "\u00a0",
       "\u200b", "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\U0001f600", "e\u0301",
       "\u0301", "\ud7ff", "Đ", "ạ", "\t", "\r", "\n", "\r\n", "\\", "\"", "'", "`", "[/]", "[bold]", "[link=x]",
       "<script>", "&", "<", "]]>", "=cmd|' /C calc'!A0", "%", "{", "}", "[", "]", ",", ":", "- ", "? ", "!", "&a",
       "*a", "<<: *a", "!!python/object:os.system", "!!binary", "|", ">", "#", "---", "...", "~", "null", "NaN",
       ".inf", "-.inf", "0x" + "f" * 40, "1e309", "9" * 30]
HUGE = ["1" + "0" * 4400, "0x" + "f" * 4000, "-0x" + "f" * 4000, "0o" + "7" * 5000, "-" + "9" * 4400,
        "1e400", "-1e400", "9" * 400, "18446744073709551616", "-9223372036854775809", "1_000_000"]
SMALL = ["-1", "-0", "0", "1", "2", "10000", "99999", "-2147483648", "0.5", "-0.5", "1,5", "1.5e3", "00012"]


def seeds(root: Path = ROOT) -> list[tuple[str, str]]:
    """(name, text) of every bundled example YAML file (records, packs, cases)."""
    return [(str(p.relative_to(root)), p.read_text(encoding="utf-8")) for p in sorted((root / "examples").rglob("*.yaml"))]


# ----------------------------------------------------------------------------- text level

def _pos(rng: random.Random, text: str) -> int:
    return rng.randrange(len(text) + 1)


def t_insert(rng: random.Random, text: str) -> str:
    i = _pos(rng, text)
    return text[:i] + rng.choice(ODD) + text[i:]


def t_delete(rng: random.Random, text: str) -> str:
    if not text:
        return text
    i = _pos(rng, text)
    return text[:i] + text[i + rng.randint(1, 40):]


def t_flip(rng: random.Random, text: str) -> str:
    if not text:
        return text
    i = rng.randrange(len(text))
    c = ord(text[i]) ^ (1 << rng.randrange(8)) if rng.random() < 0.7 else rng.randrange(0x30000)
    return text[:i] + chr(c) + text[i + 1:]


def t_truncate(rng: random.Random, text: str) -> str:
    return text[:_pos(rng, text)]


def t_lines(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    op = rng.choice(["dup", "drop", "indent", "dedent", "swap", "repeat"])
    if op == "dup":
        lines.insert(i, lines[i])
    elif op == "drop":
        del lines[i]
    elif op == "indent":
        lines[i] = " " * rng.choice([1, 2, 3, 4, 8]) + lines[i]
    elif op == "dedent":
        lines[i] = lines[i].lstrip()
    elif op == "swap" and len(lines) > 1:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines[i:i + 1] = [lines[i]] * rng.randint(2, 50)
    return "\n".join(lines)


_NUMBER = re.compile(r"(?<=: )-?\d+\b")


def t_number(rng: random.Random, text: str) -> str:
    found = list(_NUMBER.finditer(text))
    if not found:
        return t_insert(rng, text)
    m = rng.choice(found)
    return text[:m.start()] + rng.choice(HUGE + SMALL) + text[m.end():]


_VALUE = re.compile(r"(?m)^(\s*[A-Za-z_][\w]*: )(\S.*)$")


def t_value(rng: random.Random, text: str) -> str:
    """A scalar value on one line replaced by hostile text (quoted or not)."""
    found = list(_VALUE.finditer(text))
    if not found:
        return t_insert(rng, text)
    m = rng.choice(found)
    new = rng.choice([rng.choice(ODD), rng.choice(HUGE), '"' + _escaped(rng) + '"', "[" * rng.randint(1, 5),
                      "{" + rng.choice(ODD), "[]", "{}", "~", "yes", "no", "2024-02-30", "30/02/2024", "2024-13-01"])
    return text[:m.start(2)] + new + text[m.end(2):]


def _escaped(rng: random.Random) -> str:
    """A YAML double-quoted string full of escapes (\\e, \\0, \\x01, \\L, \\u…)."""
    parts = ["\\e[2J", "\\e]0;title\\a", "\\0", "\\x01", "\\v", "\\b", "\\L", "\\P", "\\N", "\\_", "\\uFFFE", "\\n",
             "\\r", "\\t", "[/]", "[link=http://x]a[/link]", "<script>x</script>", "Tên", "ĐẠT", "=1+1"]
    return "".join(rng.choice(parts) for _ in range(rng.randint(1, 6)))


def t_nest(rng: random.Random, text: str) -> str:
    """A value replaced by a flow collection nested 50–990 levels deep."""
    found = list(_VALUE.finditer(text))
    depth = rng.choice([50, 200, 450, 600, 900, 990])
    opener, closer = rng.choice([("[", "]"), ("{a: ", "}"), ("[{a: ", "}]")])
    deep = opener * depth + "1" + closer * depth if "a:" in opener else opener * depth + closer * depth
    if not found:
        return text + "\nnested: " + deep + "\n"
    m = rng.choice(found)
    return text[:m.start(2)] + deep + text[m.end(2):]


def t_key(rng: random.Random, text: str) -> str:
    """A random key added at the top level or inside a mapping."""
    key = rng.choice(["a[0]", "function_x", "functionality", "<<", "?", "x" * rng.randint(1, 300), "Tên đơn vị",
                      "type", "name", "year", "incidents", "__class__", "\"\\e]0;k\\a\"", "'[/]'", "123", "null",
                      "~", "true", "2024-01-01", "-", "&a", "!!str k"])
    line = f"{key}: {rng.choice(ODD + SMALL + HUGE[:3])}"
    lines = text.split("\n")
    i = rng.randrange(len(lines) + 1)
    indent = re.match(r"\s*", lines[i - 1]).group(0) if i and rng.random() < 0.5 else ""
    lines.insert(i, indent + line)
    return "\n".join(lines)


TEXT_MUTATORS: list[Callable[[random.Random, str], str]] = [t_insert, t_delete, t_flip, t_truncate, t_lines,
                                                            t_number, t_value, t_nest, t_key]


# ----------------------------------------------------------------------------- value level

class _Huge(int):
    """An integer dumped as its own (huge) literal: yaml.safe_dump cannot str() it."""

    def __new__(cls, text: str) -> "_Huge":
        obj = super().__new__(cls, 1)
        obj.text = text  # type: ignore[attr-defined]
        return obj


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Huge, lambda d, v: d.represent_scalar("tag:yaml.org,2002:int", v.text))


def hostile_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(14)
    if kind == 0:
        return _Huge(rng.choice(HUGE[:5]))
    if kind == 1:
        return rng.choice([-1, -(2 ** 63), 2 ** 64, 0, 10 ** 6, -10 ** 12, 1, 2, 3])
    if kind == 2:
        return rng.choice([0.5, -0.0, float("inf"), float("-inf"), float("nan"), 1e308, 3.0])
    if kind == 3:
        return rng.choice([True, False, None])
    if kind == 4:
        return "".join(rng.choice(ODD) for _ in range(rng.randint(1, 8)))
    if kind == 5:
        return rng.choice(["[/]", "[bold red]ĐẠT[/]", "[link=http://evil.example]x[/link]", "Tên\nFAKE: ĐẠT",
                           "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "x" * rng.choice([200, 5000, 70000])])
    if kind == 6:
        return rng.choice([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29), dt.date(2023, 11, 16),
                           dt.datetime(2024, 1, 1, 12, 0)])
    if kind == 7:
        return rng.choice([0, 1, 10000, 99999, -2024, 2024.5, "2024", "hai nghìn"])  # as a year
    if kind == 8:
        d: Any = rng.choice([[], {}, 1])
        for _ in range(rng.choice([20, 100, 300])):
            d = [d] if rng.random() < 0.5 else {"a": d}
        return d
    if kind == 9 and depth < 3:
        return [hostile_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if kind == 10 and depth < 3:
        return {str(hostile_value(rng, 3))[:30] if rng.random() < 0.3 else f"k{i}": hostile_value(rng, depth + 1)
                for i in range(rng.randint(0, 4))}
    if kind == 11:
        return rng.choice(["khu_dan_cu", "xa", "co_quan", "doanh_nghiep", "co_so_giao_duc", "thôn", "", " ", "KHU DAN CU"])
    if kind == 12:
        return rng.choice(["hoan_thanh_tot", "khong_hoan_thanh", "xuat_sac", "2024-02-30", "30/02/2024", "31/12/1899"])
    return "".join(chr(rng.choice([rng.randrange(0x20, 0x7f), rng.randrange(0xa0, 0x2fff), rng.randrange(0x1f000, 0x1fa00)]))
                   for _ in range(rng.randint(0, 20)))


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if len(path) >= 40:  # a value nested by an earlier mutation: its top levels are enough to pick from
        return out
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, path + (i,))
    return out


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = root
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return root


def v_mutate(rng: random.Random, text: str) -> str:
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError):  # already broken: mutate the text
        return t_insert(rng, text)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(4)
        paths = _paths(data)
        path = rng.choice(paths[1:] or paths)
        if op == 0 or not isinstance(data, dict):  # a value replaced
            data = _set(data, path, hostile_value(rng))
        elif op == 1:  # a random key added somewhere
            targets = [p for p in paths if isinstance(_get(data, p), dict)]
            node = _get(data, rng.choice(targets)) if targets else data
            node[rng.choice(["a[0]", "function", "x" * 50, "Loại", "notes", "type", 1, None, True, "\x1b]0;t\x07",
                             "[/]", f"k{rng.randrange(1000)}"])] = hostile_value(rng)
        elif op == 2:  # a key removed
            if len(path) and isinstance(_get(data, path[:-1]), dict):
                del _get(data, path[:-1])[path[-1]]
        else:  # the type of the value swapped (scalar ↔ list ↔ mapping)
            v = _get(data, path)
            data = _set(data, path, [v] if not isinstance(v, list) else {"value": v})
    try:
        return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    except (yaml.YAMLError, ValueError, RecursionError):
        return t_insert(rng, text)


def _get(root: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        root = root[p]
    return root


MUTATORS: list[tuple[str, Callable[[random.Random, str], str]]] = (
    [(f.__name__, f) for f in TEXT_MUTATORS] + [("v_mutate", v_mutate)] * 4)


def mutate(rng: random.Random, text: str, rounds: int | None = None) -> tuple[str, str]:
    """One to three mutations of `text`: (names of the mutators, new text)."""
    names = []
    for _ in range(rounds or rng.choice([1, 1, 1, 2, 3])):
        name, fn = rng.choice(MUTATORS)
        text = fn(rng, text)
        names.append(name)
    return "+".join(names), text


# Constructs that crash antt today (issue 8), one per class: a "poisoned" file carries one of them
# on top of random mutations, so that a batch check never depends on the luck of the draw.
POISONS: list[tuple[str, str]] = [
    ("incidents", "[" * 900 + "]" * 900),
    ("year", "0"),
    ("year", "10000"),
    ("households_residing", "1" + "0" * 5000),
    ("type", "0x" + "f" * 4000),
    ('"a[0]"', "1"),
    ("function_x", "1"),
    ("commune", '"[/]"'),
    ("name", '"\\e]0;title\\a"'),
    ("crimes", "-0x" + "f" * 4000),
]


def set_top(text: str, key: str, value: str) -> str:
    """`key: value` at the top level of a YAML text: replaced if present, else appended."""
    line = f"{key}: {value}"
    new, n = re.subn(rf"(?m)^{re.escape(key)}:.*$", lambda m: line, text, count=1)
    return new if n else text.rstrip("\n") + "\n" + line + "\n"


def poison(rng: random.Random, text: str) -> tuple[str, str]:
    """Random mutations, then one construct of POISONS: (description, text)."""
    kinds, text = mutate(rng, text)
    key, value = rng.choice(POISONS)
    return f"{kinds}+poison:{key}={value[:12]}", set_top(text, key, value)


def write(path: Path, text: str) -> Path:
    """Write as UTF-8; a lone surrogate (from a flip) becomes bytes that are not UTF-8 — hostile too."""
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path
