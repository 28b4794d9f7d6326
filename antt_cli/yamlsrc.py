"""Read YAML safely, keeping where every value came from.

PyYAML's C parser composes the node tree; we construct plain Python values from it
ourselves so that each path (("incidents", 0, "date")) maps to its line and column,
duplicate keys are caught (a plain load silently keeps the last), alias bombs and
recursive aliases are refused, and strings can be normalised to NFC on the way.
Only the safe constructors are used: no tag can create an arbitrary object.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from antt_cli.problems import InputError, Problem

try:  # the C loader is the default; pure Python only where libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

MAX_NODES = 200_000  # far above any real record or criteria file; stops alias bombs
_MERGE_TAG = "tag:yaml.org,2002:merge"
_COLLECTION_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")

Path = tuple[Any, ...]


@dataclass
class Parsed:
    data: Any
    source: str
    # path → (line, col) of the value, and of the key for mapping entries (1-based)
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # the composed node tree, kept when positions were not mapped while parsing (the fast
    # path): they are mapped on the first call to where(), i.e. only when a problem is reported
    node: Any = field(default=None, repr=False, compare=False)
    nfc: bool = field(default=False, repr=False, compare=False)

    def _map_positions(self) -> None:
        node, self.node = self.node, None
        _Builder(_CONSTRUCTOR, self, self.nfc).build(node, ())

    def where(self, path: Path, *, key: bool = False) -> tuple[int | None, int | None]:
        """Best position for a path: the exact one, else the nearest parent's."""
        if self.node is not None:
            self._map_positions()
        table = self.keys if key else self.values
        p = tuple(path)
        while True:
            if p in table:
                return table[p]
            if key and p in self.values:
                return self.values[p]
            if not p:
                return (None, None)
            p = p[:-1]

    def problem(self, code: str, path: Path = (), *, key: bool = False, **params: Any) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.source, code, params, line, col, self.field_name(path) or None)

    def field_name(self, path: Path) -> str:
        """`criteria[KDC-4b].condition.ge`: list items that carry an `id` are named by it."""
        named: list[Any] = []
        node = self.data
        for part in path:
            if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                ident = node.get("id") if isinstance(node, dict) else None
                named.append(f"={ident}" if isinstance(ident, str) and ident else part)
                continue
            named.append(part)
            node = node.get(part) if isinstance(node, dict) else None
        return dotted(tuple(named))


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and part.startswith("="):
            out += f"[{part[1:]}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def decode(raw: bytes, source: str) -> str:
    """UTF-8 (with or without BOM); anything else is a located problem."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        col = e.start - (before.rfind(b"\n") + 1) + 1
        raise InputError([Problem(source, "not-utf8", {"byte": f"0x{raw[e.start]:02x}"}, line, col)]) from None


def parse(text: str, source: str, *, nfc: bool = False) -> Parsed:
    """Parse one YAML document. Raises InputError with located problems."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
            detail = " ".join(x for x in (e.context, e.problem) if x)
            raise InputError([Problem(source, "yaml-syntax", {"detail": detail}, line, col)]) from None
        except yaml.YAMLError as e:
            raise InputError([Problem(source, "yaml-syntax", {"detail": str(e)})]) from None
        parsed = Parsed(None, source)
        if node is None:
            return parsed
        try:  # fast path: values only, positions mapped later if ever needed
            parsed.data = _Fast(nfc).build(node)
            parsed.node, parsed.nfc = node, nfc
            return parsed
        except _Slow:
            pass
        builder = _Builder(loader, parsed, nfc)
        parsed.data = builder.build(node, ())
        if builder.problems:
            raise InputError(builder.problems)
        return parsed
    finally:
        loader.dispose()


class _Slow(Exception):
    """The fast path met something it leaves to _Builder (which reports it, located)."""


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_SEQ, _MAP = _COLLECTION_TAGS
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CTORS = _CONSTRUCTOR.yaml_constructors


class _Fast:
    """Build plain values from the node tree without mapping positions: the common case of a
    well-formed record. Anything unusual (merge keys, duplicate keys, tags, aliases used
    recursively, values the constructors refuse) raises _Slow, and _Builder does it all again
    with positions and problems. Same values as _Builder wherever _Builder reports nothing."""

    def __init__(self, nfc: bool) -> None:
        self.nfc = nfc
        self.count = 0
        self.stack: set[int] = set()

    def build(self, node: Any) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Slow
        tag = node.tag
        if tag == _STR:
            v = node.value
            if self.nfc and not v.isascii() and not unicodedata.is_normalized("NFC", v):
                v = unicodedata.normalize("NFC", v)
            return v
        if tag == _MAP:
            if id(node) in self.stack:
                raise _Slow
            self.stack.add(id(node))
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG or not isinstance(key_node, ScalarNode):
                    raise _Slow
                key = self.build(key_node)
                if key in out:
                    raise _Slow
                out[key] = self.build(value_node)
            self.stack.discard(id(node))
            return out
        if tag == _SEQ:
            if id(node) in self.stack:
                raise _Slow
            self.stack.add(id(node))
            items = [self.build(child) for child in node.value]
            self.stack.discard(id(node))
            return items
        if not isinstance(node, ScalarNode):
            raise _Slow
        if tag == _INT:
            v = node.value
            if v.isdigit() and (v[0] != "0" or v == "0") and v.isascii():
                return int(v)
        elif tag == _NULL:
            return None
        ctor = _CTORS.get(tag)
        if ctor is None:
            raise _Slow
        try:
            value = ctor(_CONSTRUCTOR, node)
        except Exception:
            raise _Slow from None
        try:
            hash(value)
        except TypeError:  # pragma: no cover - a scalar is hashable
            raise _Slow from None
        return value


class _Builder:
    def __init__(self, loader: Any, parsed: Parsed, nfc: bool):
        self.loader = loader
        self.parsed = parsed
        self.nfc = nfc
        self.count = 0
        self.stack: set[int] = set()
        self.problems: list[Problem] = []

    def _at(self, node: Any) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def _fail(self, code: str, node: Any, path: Path, **params: Any) -> None:
        line, col = self._at(node)
        self.problems.append(Problem(self.parsed.source, code, params, line, col, dotted(path) or None))

    def build(self, node: Any, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self._fail("yaml-too-large", node, path, limit=MAX_NODES)
            return None
        self.parsed.values.setdefault(path, self._at(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if id(node) in self.stack:
            self._fail("yaml-recursive", node, path)
            return None
        if node.tag not in _COLLECTION_TAGS:
            self._fail("yaml-tag", node, path, tag=node.tag)
            return None
        self.stack.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
        finally:
            self.stack.discard(id(node))
        self._fail("yaml-unsupported", node, path, tag=str(node.tag))  # pragma: no cover
        return None

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        ctor = self.loader.yaml_constructors.get(node.tag)
        if ctor is None:
            self._fail("yaml-tag", node, path, tag=node.tag)
            return None
        try:
            value = ctor(self.loader, node)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError) as e:
            if node.tag.endswith(":timestamp"):
                self._fail("bad-date", node, path, value=node.value)
            else:
                self._fail("yaml-value", node, path, value=node.value, detail=str(e).split("\n")[0])
            return None
        if self.nfc and isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        return value

    def _mapping(self, node: MappingNode, path: Path) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for src in sources:
                    value = self.build(src, path)
                    if isinstance(value, dict):
                        for k, v in value.items():
                            merged.setdefault(k, v)
                    else:
                        self._fail("yaml-merge", src, path)
                continue
            if not isinstance(key_node, ScalarNode):
                self._fail("yaml-complex-key", key_node, path)
                continue
            key = self._scalar(key_node, path)
            try:
                hash(key)
            except TypeError:  # pragma: no cover
                self._fail("yaml-complex-key", key_node, path)
                continue
            child = path + (key,)
            if key in out:
                first = self.parsed.keys.get(child, (None, None))
                self._fail("duplicate-key", key_node, child, name=key, first_line=first[0])
                continue
            self.parsed.keys[child] = self._at(key_node)
            out[key] = self.build(value_node, child)
        for k, v in merged.items():
            out.setdefault(k, v)
        return out


def load_file(path: str, *, nfc: bool = False, display: str | None = None) -> Parsed:
    """Read, decode and parse a file; every failure is an InputError with a location."""
    source = display or str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except IsADirectoryError:
        raise InputError([Problem(source, "is-directory")]) from None
    except FileNotFoundError:
        raise InputError([Problem(source, "file-not-found")]) from None
    except OSError as e:
        raise InputError([Problem(source, "file-unreadable", {"detail": e.strerror or str(e)})]) from None
    return parse(decode(raw, source), source, nfc=nfc)
