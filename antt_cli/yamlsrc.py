"""Read YAML safely, keeping where every value came from.

PyYAML's C parser composes the node tree; we construct plain Python values from it
ourselves so that each path (("incidents", 0, "date")) maps to its line and column,
duplicate keys are caught (a plain load silently keeps the last), alias bombs, recursive
aliases, deep nesting and huge integers are refused, and strings can be normalised to NFC on
the way. Only the safe constructors are used: no tag can create an arbitrary object.

Records in block style are read by antt_cli.yamllines (line by line, no node tree); what it declines,
here, from libyaml's node tree.

Bottom layer: imports nothing of antt_cli but the problem and limit types, yamllines and yamltags.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from antt_cli.limits import DEFAULT, Limits
from antt_cli.problems import InputError, Messages, Problem
from antt_cli.yamllines import read as read_lines
from antt_cli.yamltags import BOOL, BOOLS, INT, MAP, MERGE, NULL, SEQ, STR, pyyaml, resolve

MESSAGES = Messages({
    "file-not-found": ("không tìm thấy tệp", "file not found"),
    "is-directory": ("đây là thư mục, không phải tệp", "is a directory, not a file"),
    "file-unreadable": ("không đọc được tệp: {detail}", "cannot read file: {detail}"),
    "file-too-large": ("tệp quá lớn ({size} byte; tối đa {limit})", "file too large ({size} bytes; at most {limit})"),
    "not-utf8": ("tệp không phải UTF-8 (byte {byte}); hãy lưu lại tệp với mã hóa UTF-8",
                 "file is not UTF-8 (byte {byte}); save it again as UTF-8"),
    "utf16-no-bom": ("tệp có vẻ là UTF-16 không có BOM; hãy lưu lại tệp với mã hóa UTF-8",
                     "the file looks like UTF-16 without a byte-order mark; save it again as UTF-8"),
    "yaml-syntax": ("lỗi cú pháp YAML: {detail}", "YAML syntax error: {detail}"),
    "yaml-value": ("giá trị không hợp lệ '{value}': {detail}", "invalid value '{value}': {detail}"),
    "yaml-tag": ("thẻ YAML không được phép: {tag}", "YAML tag not allowed: {tag}"),
    "yaml-too-large": ("tệp YAML quá lớn hoặc có quá nhiều alias (giới hạn {limit} nút)",
                       "YAML document too large or too many aliases (limit {limit} nodes)"),
    "yaml-too-deep": ("lồng nhau quá sâu (tối đa {limit} cấp)", "nested too deeply (at most {limit} levels)"),
    "number-too-long": ("số quá dài ({digits} chữ số; tối đa {limit})", "number too long ({digits} digits; at most {limit})"),
    "yaml-recursive": ("alias YAML đệ quy không được phép", "recursive YAML alias is not allowed"),
    "yaml-merge": ("khóa gộp '<<' phải trỏ tới một ánh xạ", "merge key '<<' must refer to a mapping"),
    "yaml-complex-key": ("khóa phải là một giá trị đơn", "keys must be plain scalars"),
    "yaml-unsupported": ("nút YAML không hỗ trợ: {tag}", "unsupported YAML node: {tag}"),
    "duplicate-key": ("khóa '{name}' bị lặp (đã có ở dòng {first_line})",
                      "duplicate key '{name}' (first at line {first_line})"),
    # a YAML timestamp that is no real date (2024-02-30)
    "bad-date": ("ngày không hợp lệ '{value}': dùng dạng 2024-02-20 hoặc 20/02/2024",
                 "invalid date '{value}': use 2024-02-20 or 20/02/2024"),
})

_COLLECTION_TAGS = (SEQ, MAP)

Path = tuple[Any, ...]


@functools.lru_cache(maxsize=1)
def _loader_class() -> Any:
    """The C loader (see _loader): PyYAML is imported here, when a document needs libyaml."""

    class _Loader(pyyaml().Base):  # type: ignore[misc, name-defined]
        pass

    return _Loader


def _loader(text: str) -> Any:
    """A C loader for `text` whose per-node calls back into Python are C calls: libyaml's composer
    calls `resolve` for every scalar (answered from yamltags' C-level lru_cache), and
    `descend_resolver` / `ascend_resolver` for every node, which do nothing without path resolvers
    (the safe loader has none): `{}.get` and `int` take the same arguments, do nothing, and their
    results are ignored. Instance attributes, so PyYAML itself is left as it is."""
    cls = _loader_class()
    loader = cls(text)
    if not cls.yaml_path_resolvers:
        loader.resolve = resolve
        loader.descend_resolver = _IGNORE_TWO
        loader.ascend_resolver = int
    return loader


_IGNORE_TWO: Any = {}.get


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
    # or the document's text, when yamllines read it (no node tree at all): composed on that call
    text: str | None = field(default=None, repr=False, compare=False)
    nfc: bool = field(default=False, repr=False, compare=False)
    limits: Limits = field(default=DEFAULT, repr=False, compare=False)

    def _map_positions(self) -> None:
        node, self.node = self.node, None
        text, self.text = self.text, None
        if node is None and text is not None:
            loader = _loader(text)
            try:
                node = loader.get_single_node()
            except pyyaml().yaml.YAMLError:  # pragma: no cover - yamllines reads only what libyaml reads
                return
            finally:
                loader.dispose()
        if node is not None:
            _Builder(self, self.nfc, self.limits).build(node, (), 0)

    def where(self, path: Path, *, key: bool = False) -> tuple[int | None, int | None]:
        """Best position for a path: the exact one, else the nearest parent's."""
        if self.text is not None and self.node is None:
            found = self._top(path, key)
            if found is not None:  # a top-level entry of a document yamllines read: no libyaml
                return found
        if self.node is not None or self.text is not None:
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

    def _top(self, path: Path, key: bool) -> tuple[int, int] | None:
        """Where a top-level entry of a document yamllines read is, from its text: the one line at
        column 0 that begins with its key and a colon (yamllines reads only block mappings of
        identifier keys, never twice the same, and every line of a value over several lines is
        indented). Its key is at column 1; its value, a scalar on that line, where it begins.
        None where the entry is not so simple (the key is not there, its value is below it or is a
        list or a mapping): libyaml's node tree says."""
        data, text = self.data, self.text
        if len(path) != 1 or not isinstance(data, dict) or not isinstance(path[0], str) or path[0] not in data:
            return None
        m = re.search("^" + re.escape(path[0]) + r":(?=[ \r\n]|\Z)", text, re.M)  # type: ignore[arg-type]
        if m is None:  # pragma: no cover - yamllines read the key from such a line
            return None
        assert text is not None
        line = text.count("\n", 0, m.start()) + 1
        if key:
            return line, 1
        if isinstance(data[path[0]], (dict, list)):
            return None
        at = m.end()
        while text[at:at + 1] == " ":
            at += 1
        if text[at:at + 1] in ("", "\r", "\n", "#"):
            return None  # nothing on the line
        return line, at - m.start() + 1

    def locate(self, path: Path, *, key: bool = False) -> tuple[int | None, int | None, str | None]:
        line, col = self.where(path, key=key)
        return line, col, self.field_name(path) or None

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
    """UTF-8 (with or without BOM), or UTF-16 (as Windows tools write it: with a BOM, or without one
    when every other byte is NUL); anything else is a located problem."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError([MESSAGES.problem(source, "not-utf8", byte=f"0x{raw[0]:02x}")]) from None
    head = raw[:200]
    if len(head) >= 4 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4):
        # NUL in every other byte: UTF-16 saved without its byte-order mark (read it if it reads cleanly)
        try:
            text = raw.decode("utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be")
        except UnicodeDecodeError:
            text = "\x00"
        if "\x00" in text:
            raise InputError([MESSAGES.problem(source, "utf16-no-bom", line=1, col=1)]) from None
        return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        col = e.start - (before.rfind(b"\n") + 1) + 1
        raise InputError([MESSAGES.problem(source, "not-utf8", line=line, col=col, byte=f"0x{raw[e.start]:02x}")]) from None


def _nesting_over(text: str, limit: int) -> tuple[int, int] | None:
    """Where the nesting first goes deeper than `limit` levels, or None. The C composer recurses
    once per level (a few ten thousand levels crash the process), so a document that could nest that
    deep is scanned event by event (libyaml's parser is iterative) before it is composed."""
    bound = text.count("[") + text.count("{") + max(map(len, text.split("\n")), default=0)
    if bound <= limit:
        return None
    if bound <= 2000 and limit >= 64:  # the composer is safe that deep; the builders count levels
        return None
    yaml = pyyaml().yaml
    loader = pyyaml().Base(text)
    depth = 0
    try:
        while loader.check_event():
            ev = loader.get_event()
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > limit:
                    m = ev.start_mark
                    return (m.line + 1, m.column + 1)
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # the syntax error is reported by the parse itself
    finally:
        loader.dispose()
    return None


def parse(text: str, source: str, *, nfc: bool = False, limits: Limits = DEFAULT) -> Parsed:
    """Parse one YAML document. Raises InputError with located problems."""
    data = read_lines(text, nfc=nfc, limits=limits)
    if data is not None:  # the block subset records are written in, read without libyaml
        return Parsed(data, source, text=text, nfc=nfc, limits=limits)
    return parse_with_libyaml(text, source, nfc=nfc, limits=limits)


def parse_with_libyaml(text: str, source: str, *, nfc: bool = False, limits: Limits = DEFAULT) -> Parsed:
    """parse, for any document: libyaml composes the node tree, and values are built from it."""
    deep = _nesting_over(text, limits.depth)
    if deep is not None:
        raise InputError([MESSAGES.problem(source, "yaml-too-deep", line=deep[0], col=deep[1], limit=limits.depth)])
    loader = _loader(text)
    yaml = pyyaml().yaml
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
            detail = " ".join(x for x in (e.context, e.problem) if x)
            raise InputError([MESSAGES.problem(source, "yaml-syntax", line=line, col=col, detail=detail)]) from None
        except yaml.YAMLError as e:
            raise InputError([MESSAGES.problem(source, "yaml-syntax", detail=str(e))]) from None
        parsed = Parsed(None, source, limits=limits)
        if node is None:
            return parsed
        try:  # fast path: values only, positions mapped later if ever needed
            parsed.data = _Fast(nfc, limits).build(node, 0)
            parsed.node, parsed.nfc = node, nfc
            return parsed
        except _Slow:
            pass
        builder = _Builder(parsed, nfc, limits)
        parsed.data = builder.build(node, (), 0)
        if builder.problems:
            raise InputError(builder.problems)
        return parsed
    finally:
        loader.dispose()


class _Slow(Exception):
    """The fast path met something it leaves to _Builder (which reports it, located)."""




class _Fast:
    """Build plain values from the node tree without mapping positions: the common case of a
    well-formed record. Anything unusual (merge keys, duplicate keys, tags, aliases used
    recursively, values the constructors refuse, deep nesting, long numbers) raises _Slow, and
    _Builder does it all again with positions and problems. Same values as _Builder wherever
    _Builder reports nothing."""

    def __init__(self, nfc: bool, limits: Limits) -> None:
        self.ctors, self.constructor = pyyaml().CTORS, pyyaml().CONSTRUCTOR
        self.nfc = nfc
        self.count = 0
        self.max_nodes = limits.nodes
        self.max_depth = limits.depth
        self.max_digits = limits.digits
        self.stack: set[int] = set()

    def build(self, node: Any, depth: int) -> Any:
        self.count += 1
        if self.count > self.max_nodes:
            raise _Slow
        tag = node.tag
        if tag == STR:
            v = node.value
            if self.nfc and not v.isascii() and not unicodedata.is_normalized("NFC", v):
                v = unicodedata.normalize("NFC", v)
            return v
        if tag == MAP or tag == SEQ:
            if depth >= self.max_depth or id(node) in self.stack:
                raise _Slow
            self.stack.add(id(node))
            if tag == MAP:
                # the common scalars (text keys; text, whole numbers, yes/no values) are built here,
                # inline, exactly as build() builds them: a record is mostly such entries
                out: Any = {}
                nfc = self.nfc
                for key_node, value_node in node.value:
                    if key_node.tag == STR and key_node.id == "scalar":
                        self.count += 1
                        key = key_node.value
                        if nfc and not key.isascii() and not unicodedata.is_normalized("NFC", key):
                            key = unicodedata.normalize("NFC", key)
                    elif key_node.tag == MERGE or key_node.id != "scalar":
                        raise _Slow
                    else:
                        key = self.build(key_node, depth + 1)
                    if key in out:
                        raise _Slow
                    vtag = value_node.tag
                    if vtag == STR:
                        self.count += 1
                        v = value_node.value
                        if nfc and not v.isascii() and not unicodedata.is_normalized("NFC", v):
                            v = unicodedata.normalize("NFC", v)
                        out[key] = v
                    elif vtag == INT and (v := value_node.value).isdigit() and v.isascii() and len(v) <= self.max_digits \
                            and (v[0] != "0" or v == "0"):
                        self.count += 1
                        out[key] = int(v)
                    elif vtag == BOOL and (b := BOOLS.get(value_node.value)) is not None:
                        self.count += 1
                        out[key] = b
                    else:
                        out[key] = self.build(value_node, depth + 1)
                if self.count > self.max_nodes:
                    raise _Slow
            else:
                out = [self.build(child, depth + 1) for child in node.value]
            self.stack.discard(id(node))
            return out
        if node.id != "scalar":
            raise _Slow
        if tag == INT:
            v = node.value
            if len(v) > self.max_digits:
                raise _Slow
            if v.isdigit() and (v[0] != "0" or v == "0") and v.isascii():
                return int(v)
        elif tag == NULL:
            return None
        ctor = self.ctors.get(tag)
        if ctor is None or (len(node.value) > self.max_digits and tag.endswith((":int", ":float"))):
            raise _Slow
        try:
            value = ctor(self.constructor, node)
        except Exception:
            raise _Slow from None
        try:
            hash(value)
        except TypeError:  # pragma: no cover - a scalar is hashable
            raise _Slow from None
        return value


class _Builder:
    def __init__(self, parsed: Parsed, nfc: bool, limits: Limits):
        self.ctors, self.constructor = pyyaml().CTORS, pyyaml().CONSTRUCTOR
        self.parsed = parsed
        self.nfc = nfc
        self.limits = limits
        self.count = 0
        self.stack: set[int] = set()
        self.problems: list[Problem] = []
        self.stopped = False  # after "too large" or "too deep": no more problems from this document

    def _at(self, node: Any) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def _fail(self, code: str, node: Any, path: Path, **params: Any) -> None:
        if self.stopped:
            return
        line, col = self._at(node)
        name = dotted(path)
        if len(name) > 80:
            name = name[:77] + "…"
        self.problems.append(MESSAGES.problem(self.parsed.source, code, line=line, col=col, field=name or None, **params))
        if code in ("yaml-too-large", "yaml-too-deep"):
            self.stopped = True

    def build(self, node: Any, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > self.limits.nodes:
            if self.count == self.limits.nodes + 1:
                self._fail("yaml-too-large", node, path, limit=self.limits.nodes)
            return None
        self.parsed.values.setdefault(path, self._at(node))
        if node.id == "scalar":
            return self._scalar(node, path)
        if depth >= self.limits.depth:
            self._fail("yaml-too-deep", node, path, limit=self.limits.depth)
            return None
        if id(node) in self.stack:
            self._fail("yaml-recursive", node, path)
            return None
        if node.tag not in _COLLECTION_TAGS:
            self._fail("yaml-tag", node, path, tag=node.tag)
            return None
        self.stack.add(id(node))
        try:
            if node.id == "sequence":
                return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
            if node.id == "mapping":
                return self._mapping(node, path, depth)
        finally:
            self.stack.discard(id(node))
        self._fail("yaml-unsupported", node, path, tag=str(node.tag))  # pragma: no cover
        return None

    def _scalar(self, node: Any, path: Path) -> Any:
        ctor = self.ctors.get(node.tag)
        if ctor is None:
            self._fail("yaml-tag", node, path, tag=node.tag)
            return None
        if node.tag.endswith((":int", ":float")):
            digits = sum(c.isalnum() for c in node.value)
            if digits > self.limits.digits:
                self._fail("number-too-long", node, path, digits=digits, limit=self.limits.digits)
                return None
        try:
            value = ctor(self.constructor, node)
        except (ValueError, TypeError, OverflowError, pyyaml().yaml.YAMLError) as e:
            if node.tag.endswith(":timestamp"):
                self._fail("bad-date", node, path, value=node.value[:40])
            else:
                self._fail("yaml-value", node, path, value=node.value[:40], detail=str(e).split("\n")[0][:120])
            return None
        if self.nfc and isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        return value

    def _mapping(self, node: Any, path: Path, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                sources = value_node.value if value_node.id == "sequence" else [value_node]
                for src in sources:
                    value = self.build(src, path, depth)
                    if isinstance(value, dict):
                        for k, v in value.items():
                            merged.setdefault(k, v)
                    else:
                        self._fail("yaml-merge", src, path)
                continue
            if key_node.id != "scalar":
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
            out[key] = self.build(value_node, child, depth + 1)
        for k, v in merged.items():
            out.setdefault(k, v)
        return out


def read_bytes(path: str, source: str, limits: Limits = DEFAULT) -> bytes:
    """A regular file's bytes, at most `limits.file_bytes`; every failure is an InputError."""
    try:
        # the file's descriptor, not a file object (a few microseconds a file in a batch)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):  # open() refuses a directory; os.open opens it on Linux
                raise IsADirectoryError
            if not stat.S_ISREG(st.st_mode) and not stat.S_ISFIFO(st.st_mode):
                raise InputError([MESSAGES.problem(source, "file-unreadable", detail="not a regular file")])
            # read(n) allocates n bytes before it reads: ask for the size the file has (and one more
            # byte, to see that it has not grown), not for the limit, megabytes for a 1.5 KB record
            want = min(st.st_size, limits.file_bytes) + 1 if stat.S_ISREG(st.st_mode) else limits.file_bytes + 1
            raw = _read_up_to(fd, want)
            if len(raw) == want and want <= limits.file_bytes:  # it grew since fstat: read on, to the limit
                raw += _read_up_to(fd, limits.file_bytes + 1 - want)
        finally:
            os.close(fd)
    except IsADirectoryError:
        raise InputError([MESSAGES.problem(source, "is-directory")]) from None
    except FileNotFoundError:
        raise InputError([MESSAGES.problem(source, "file-not-found")]) from None
    except OSError as e:
        raise InputError([MESSAGES.problem(source, "file-unreadable", detail=e.strerror or str(e))]) from None
    if len(raw) > limits.file_bytes:
        raise InputError([MESSAGES.problem(source, "file-too-large", size=f"> {limits.file_bytes}", limit=limits.file_bytes)])
    return raw


def _read_up_to(fd: int, n: int) -> bytes:
    """Up to `n` bytes, to the end of the file: a read may return fewer than asked."""
    parts = []
    while n > 0:
        part = os.read(fd, n)
        if not part:
            break
        parts.append(part)
        n -= len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def load_file(path: str, *, nfc: bool = False, display: str | None = None, limits: Limits = DEFAULT) -> Parsed:
    """Read, decode and parse a file; every failure is an InputError with a location."""
    source = display or str(path)
    return parse(decode(read_bytes(path, source, limits), source), source, nfc=nfc, limits=limits)
