"""Read the block YAML that records are written in, line by line, without a node tree.

A record is almost always a block mapping of `key: value` lines, with block lists, nested
mappings, one-line plain or quoted scalars, text folded over several lines (plain, or
single-quoted as PyYAML writes long notes), literal and folded block scalars indented alike (as
the bundled examples write their notes), one-line lists of plain scalars, comments and blank
lines, with LF or CR LF line ends. `read` reads exactly that subset in plain Python, in about a
third of the time libyaml takes to compose a node tree and antt to build values from it, and gives
every plain scalar the tag and the value that PyYAML's own resolver and safe constructors give
(antt_cli.yamltags).

Anything else it declines, returning None, and yamlsrc.parse reads the document with libyaml,
which reports every problem with its line and column: other flow collections, anchors, aliases,
tags, directives, document markers, block scalars that keep (`+`), give their indentation or
indent some lines further, plain text over several lines but as a mapping's value, escapes,
quoted keys, tabs, a CR alone and the other line breaks, controls, the byte-order mark,
duplicate keys, keys that are not plain identifiers, values a constructor refuses, and anything at or over the limits. Where `read`
returns a value, libyaml reads the same document without a problem, to the same value
(tests/test_yamllines.py checks that on generated documents, hostile ones among them).

The top-level lines read are kept with their key and value (KEEP_LINES of them): the records of a
batch repeat most of their lines (`year: 2024`, `rules_fire_prevention: true`), and a line's
reading depends on its text and the reading's settings only.

Bottom layer: imports nothing of antt_cli but the limits and antt_cli.yamltags.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from antt_cli.limits import DEFAULT, Limits
from antt_cli.yamltags import (_REFUSED, RESOLVED_FIRST, STR, WORD_FIRST, WORD_TAGS, WORD_VALUES, construct, number_or_date,
                               plain_tag)

# a mapping key the subset reads: a plain identifier, then ':' and a space or the end of the line
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: +|$)")
# the common line, `key: value`, in one match; the value is then checked to be a one-line plain
# scalar by _NOT_SIMPLE_FIRST and a few substring tests (a regex doing it all is slower)
_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,127}): ++(.+)")
# first characters that make a value anything but a one-line plain scalar without a comment
_NOT_SIMPLE_FIRST = frozenset(" #'\"[]{}&*!|>%@`?:,-")
# what an item of a one-line list may not hold, to be read here (the rest goes to libyaml)
_NOT_IN_FLOW = "[]{}#:'\""
# first characters of a plain scalar that are indicators (quotes, `[`, `{` and `-` are handled apart)
_INDICATORS = frozenset("?:,]}#&*!|>%@`")


class _Decline(Exception):
    """Outside the subset: libyaml reads this document."""


def read(text: str, *, nfc: bool = False, limits: Limits = DEFAULT) -> Any:
    """The document's value (a dict or a list), or None where the document is outside the subset."""
    if "\r" in text:  # Windows line ends: CR LF is one line break, as LF (YAML folds either to LF)
        text = text.replace("\r\n", "\n")  # a CR alone, also a line break to YAML, is declined below
    # a character outside the subset: tab, CR, NEL and the Unicode line and paragraph separators
    # (YAML's other line breaks), the byte-order mark, the other controls, surrogates and the two
    # non-characters libyaml refuses. Everything Python prints is printable to YAML and no line break:
    # one C call for most records; a text with what Python does not print but YAML does (the
    # no-break space a text pasted from Word holds, a soft hyphen) is looked at character by character
    if not text.replace("\n", "").isprintable() and _outside().search(text) is not None:
        return None
    reader = _Reader(text, nfc, limits)
    try:
        return reader.document()
    except (_Decline, RecursionError):
        return None


@functools.lru_cache(maxsize=1)
def _outside() -> Any:
    """The characters outside the subset (compiled on first need: most records never need it)."""
    return re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _dash(line: str, at: int) -> bool:
    """A block list item's `-` at column `at`."""
    return line[at:at + 1] == "-" and line[at + 1:at + 2] in ("", " ")


class _Reader:
    def __init__(self, text: str, nfc: bool, limits: Limits) -> None:
        self.lines = text.split("\n")
        self.end = len(self.lines)
        self.nfc = nfc
        self.count = 0
        self.max_nodes, self.max_depth, self.max_digits = limits.nodes, limits.depth, limits.digits

    def document(self) -> Any:
        i = self.skip(0)
        if i == self.end:
            raise _Decline  # empty: libyaml says so
        line = self.lines[i]
        at = _indent(line)
        if _dash(line, at):
            value, i = self.sequence(i, at, 0, under_key=False)
        elif _KEY.match(line, at):
            value, i = self.mapping(i, at, 0)
        else:
            raise _Decline  # a scalar document, a marker, a flow collection
        if self.skip(i) != self.end or self.count > self.max_nodes:
            raise _Decline
        return value

    def skip(self, i: int) -> int:
        """The first line from `i` that is neither blank nor a comment."""
        lines, end = self.lines, self.end
        while i < end:
            rest = lines[i].lstrip(" ")
            if rest and rest[0] != "#":
                return i
            i += 1
        return i

    def mapping(self, i: int, at: int, depth: int) -> tuple[dict[str, Any], int]:
        """The block mapping whose keys are at column `at`, from line `i`."""
        if depth >= self.max_depth:
            raise _Decline
        out: dict[str, Any] = {}
        lines, end, entry, max_digits, nfc = self.lines, self.end, _ENTRY.match, self.max_digits, self.nfc
        max_nodes = self.max_nodes
        pad = " " * at
        count = 1
        last = None  # the line of the last entry, when its value was a one-line plain scalar
        kept = _kept(nfc, max_digits) if not at else None  # a record's own lines: the same in many records
        while i < end:
            line = lines[i]
            if kept is not None:
                hit = kept.get(line)
                if hit is not None:  # a common line read before: its key and value, as below
                    key = hit[0]
                    if key in out:
                        raise _Decline  # a duplicate
                    out[key] = hit[1]
                    count += 2
                    if count > max_nodes:
                        raise _Decline
                    last = i
                    i += 1
                    continue
            m = entry(line, at)
            if m is not None and (not at or line.startswith(pad)):
                key, plain = m.group(1, 2)
                first = plain[0]
                if first not in _NOT_SIMPLE_FIRST and ": " not in plain and " #" not in plain \
                        and plain[-1] not in " :":  # the common line, read here inline
                    if key in out or key in WORD_TAGS:
                        raise _Decline  # a duplicate, or a key that reads as yes/no or null
                    value: Any = plain
                    if first in WORD_FIRST:  # a letter: text, but for a few words (yes, No, null …)
                        value = WORD_VALUES.get(plain, plain)
                    elif first in RESOLVED_FIRST:  # a number, a date …: kept, they repeat
                        value = _plain_value(plain) if len(plain) <= max_digits else _long_plain_value(plain)
                        if value is _TEXT:
                            value = plain
                        elif value is _DECLINED:
                            raise _Decline
                    if value is plain and nfc and not plain.isascii() and not unicodedata.is_normalized("NFC", plain):
                        value = unicodedata.normalize("NFC", plain)
                    out[key] = value
                    if kept is not None:
                        if len(kept) >= KEEP_LINES:
                            kept.clear()
                        kept[line] = (key, value)
                    count += 2
                    if count > max_nodes:  # a mapping of 100,000 keys: libyaml's path says so, without reading on
                        raise _Decline
                    last = i
                    i += 1
                    continue
            rest = line.lstrip(" ")
            if not rest or rest[0] == "#":
                i += 1
                continue
            indent = len(line) - len(rest)
            if indent < at:
                return out, i
            if indent > at and last is not None:  # the plain value above goes on over this line
                m = entry(lines[last], at)
                assert m is not None
                out[m.group(1)], i = self.plain_lines(last, m.start(2), at)
                last = None
                continue
            last = None
            m = _KEY.match(line, at) if indent == at else None
            if m is None:
                raise _Decline
            key = m.group(1)
            if key in out or key in WORD_TAGS:  # a duplicate, or a key that reads as yes/no or null
                raise _Decline
            count += 1
            out[key], i = self.value(line, m.end(), i, at, depth, in_list=False)
        self.count += count
        return out, i

    def sequence(self, i: int, at: int, depth: int, *, under_key: bool) -> tuple[list[Any], int]:
        """The block list whose `-` are at column `at`; `under_key`: at its key's column."""
        if depth >= self.max_depth:
            raise _Decline
        self.count += 1
        out: list[Any] = []
        lines = self.lines
        while True:
            i = self.skip(i)
            if i == self.end:
                return out, i
            line = lines[i]
            indent = _indent(line)
            if indent < at:
                return out, i
            if indent > at or not _dash(line, at):
                if indent == at and under_key:
                    return out, i  # the next key of the mapping the list is a value of
                raise _Decline
            start = at + 1
            while line[start:start + 1] == " ":
                start += 1
            if _dash(line, start):
                raise _Decline  # a list inside an item on the same line
            if _KEY.match(line, start):  # a mapping that starts on the item's line
                lines[i] = " " * start + line[start:]
                item, i = self.mapping(i, start, depth + 1)
            else:
                item, i = self.value(line, start, i, at, depth, in_list=True)
            out.append(item)

    def value(self, line: str, pos: int, i: int, at: int, depth: int, *, in_list: bool) -> tuple[Any, int]:
        """The value starting at `line[pos:]` (line `i`) of an entry or item at column `at`, and the
        line after it."""
        first = line[pos:pos + 1]
        if first == "" or first == "#":  # nothing on the line: a block below it, or null
            j = self.skip(i + 1)
            if j < self.end:
                below = self.lines[j]
                indent = _indent(below)
                if indent > at:
                    if _dash(below, indent):
                        return self.sequence(j, indent, depth + 1, under_key=False)
                    if _KEY.match(below, indent) is None:
                        raise _Decline  # a plain scalar on the next lines
                    return self.mapping(j, indent, depth + 1)
                if indent == at and not in_list and _dash(below, at):
                    return self.sequence(j, at, depth + 1, under_key=True)
            self.count += 1
            return None, i + 1
        self.count += 1
        if first == "'":
            return self.single_quoted(line, pos, i, at)
        if first == '"':
            close = line.find('"', pos + 1)
            if close < 0 or "\\" in line[pos:close]:
                raise _Decline  # over several lines, or with escapes
            self.after(line, close + 1)
            return self.text(line[pos + 1:close]), i + 1
        if first == "[":  # a list on one line of plain scalars: [thcs, thpt]
            close = line.find("]", pos)
            if close < 0:
                raise _Decline
            self.after(line, close + 1)
            inner = line[pos + 1:close]
            if not inner.strip(" "):
                return [], i + 1
            items = []
            for item in inner.split(","):
                item = item.strip(" ")
                if not item or item[0] in _NOT_SIMPLE_FIRST or any(c in item for c in _NOT_IN_FLOW):
                    raise _Decline  # empty, quoted, nested, a mapping, a comment, a trailing comma
                self.count += 1
                items.append(self.scalar(item))
            return items, i + 1
        if first == "{":
            if line[pos + 1:pos + 2] != "}":
                raise _Decline
            self.after(line, pos + 2)
            return {}, i + 1
        if first == "|" or first == ">":
            return self.block_scalar(line, pos, i, at)
        if first in _INDICATORS or (first == "-" and line[pos + 1:pos + 2] in ("", " ")):
            raise _Decline
        comment = line.find(" #", pos)
        plain = (line[pos:] if comment < 0 else line[pos:comment]).rstrip(" ")
        if ": " in plain or plain[-1] == ":":
            raise _Decline  # a mapping inside a value on the same line: libyaml refuses it
        return self.scalar(plain), i + 1

    def plain_lines(self, i: int, pos: int, at: int) -> tuple[Any, int]:
        """A plain scalar from `lines[i][pos:]` over the lines below it indented past column `at`,
        folded as YAML folds it (as single_quoted), and the line after it. Each line must be plain
        text on its own: no indicator first, no ': ' or ' #', no ':' last."""
        lines, end = self.lines, self.end
        out = [lines[i][pos:].rstrip(" ")]  # the folded text, in pieces (joined once: linear on any length)
        breaks = 0
        i += 1
        while i < end:
            line = lines[i]
            rest = line.lstrip(" ")
            if not rest:
                breaks += 1
                i += 1
                continue
            if len(line) - len(rest) <= at or rest[0] == "#":
                break
            rest = rest.rstrip(" ")
            if rest[0] in _NOT_SIMPLE_FIRST or ": " in rest or " #" in rest or rest[-1] == ":":
                raise _Decline
            out.append("\n" * breaks if breaks else " ")
            out.append(rest)
            breaks = 0
            i += 1
        return self.scalar("".join(out)), i

    def block_scalar(self, line: str, pos: int, i: int, at: int) -> tuple[str, int]:
        """A literal (`|`) or folded (`>`) block scalar, clipped or stripped (`-`), whose lines are
        indented alike past column `at` (as the bundled examples write their notes). Declined: an
        explicit indentation, keeping (`+`), a blank first line, a line indented further than the
        first (folded text keeps those lines apart), a blank line holding more blanks than the
        indentation."""
        header = line[pos + 1:pos + 2]
        strip = header == "-"
        rest = line[pos + (2 if strip else 1):]
        stripped = rest.lstrip(" ")
        if stripped and (stripped[0] != "#" or stripped == rest):
            raise _Decline  # `+`, an indentation digit, or anything else after the indicator
        lines, end = self.lines, self.end
        j = i + 1
        first = lines[j] if j < end else ""
        indent = _indent(first)
        if indent <= at or not first.strip(" "):
            raise _Decline  # empty, or blank lines first
        folded = line[pos] == ">"
        parts: list[str] = []
        breaks = last = 0
        while j < end:
            text = lines[j]
            if not text.strip(" "):
                if len(text) > indent:
                    raise _Decline  # blanks past the indentation: content, to YAML
                breaks += 1
                j += 1
                continue
            if _indent(text) < indent:
                break
            body = text[indent:]
            if body[0] == " ":
                raise _Decline  # more indented: not folded, and kept as it is
            if parts:
                parts.append("\n" * breaks if folded and breaks else " " if folded else "\n" * (breaks + 1))
            parts.append(body)
            breaks = 0
            last = j
            j += 1
        if not strip and last < end - 1:  # clipped: the last line's break (if it has one), not the blanks after
            parts.append("\n")
        return self.text("".join(parts)), j

    def after(self, line: str, pos: int) -> None:
        """Only blanks, or a comment after a blank, may follow a quoted scalar or [] on its line."""
        rest = line[pos:]
        stripped = rest.lstrip(" ")
        if stripped and (stripped[0] != "#" or stripped == rest):
            raise _Decline

    def single_quoted(self, line: str, pos: int, i: int, at: int) -> tuple[str, int]:
        """A single-quoted scalar from `line[pos]`, over as many lines as it takes, folded as YAML
        folds flow scalars: the line breaks between two lines of text become one space, each
        empty line a line break, and the blanks around each break are dropped."""
        lines = self.lines
        parts: list[str] = []  # the text of each line, up to the closing quote
        start = pos + 1
        under = " " * (at + 1)  # what a continuation line begins with, unless it is blank
        while True:
            close = line.find("'", start)
            while close >= 0 and line[close + 1:close + 2] == "'":  # '' is a quote inside
                close = line.find("'", close + 2)
            if close >= 0:
                break
            parts.append(line[start:])
            i += 1
            if i == self.end:
                raise _Decline  # never closed
            line = lines[i]
            if not line.startswith(under) and line.strip(" "):
                raise _Decline  # a continuation line must be indented under its key
            start = 0
        parts.append(line[start:close])
        self.after(line, close + 1)
        if len(parts) == 1:
            return self.text(parts[0].replace("''", "'")), i + 1
        out = [parts[0].rstrip(" ")]
        breaks = 0
        last = len(parts) - 1
        for n in range(1, len(parts)):
            part = parts[n].strip(" ") if n < last else parts[n].lstrip(" ")
            if not part and n < last:
                breaks += 1
                continue
            out.append("\n" * breaks if breaks else " ")
            out.append(part)
            breaks = 0
        return self.text("".join(out).replace("''", "'")), i + 1

    def text(self, value: str) -> str:
        if self.nfc and not value.isascii() and not unicodedata.is_normalized("NFC", value):
            return unicodedata.normalize("NFC", value)
        return value

    def scalar(self, plain: str) -> Any:
        """A plain scalar, as PyYAML resolves and constructs it."""
        if plain[0] in WORD_FIRST and plain[-1] != "\n":
            value = WORD_VALUES.get(plain, _TEXT)
            if value is not _TEXT:
                return value
        elif plain[0] in RESOLVED_FIRST:
            value = _plain_value(plain) if len(plain) <= self.max_digits else _long_plain_value(plain)
            if value is _DECLINED:
                raise _Decline
            if value is not _TEXT:
                return value
        return self.text(plain)


_TEXT, _DECLINED = object(), object()

# The common lines of top-level entries read so far (`rules_fire_prevention: true`, `year: 2024`,
# `illegal_strikes: 0`): a batch's records repeat most of their lines, and a line's key and value
# depend on nothing but its text and the reading's settings (NFC, the digits' limit). The values
# are immutable (text, numbers, yes/no, null, dates). At KEEP_LINES lines, all are dropped at once.
KEEP_LINES = 8192
_KEPT: dict[tuple[bool, int], dict[str, tuple[str, Any]]] = {}


def _kept(nfc: bool, digits: int) -> dict[str, tuple[str, Any]]:
    found = _KEPT.get((nfc, digits))
    if found is None:
        found = _KEPT[(nfc, digits)] = {}
    return found


@functools.lru_cache(maxsize=8192)
def _plain_value(plain: str) -> Any:
    """What a plain scalar of at most the limit's digits, whose first character starts a resolver
    other than the words' (a digit, a sign, `.` …), is: _TEXT, its value, or _DECLINED (a tag the
    subset leaves to libyaml, a value the constructor refuses)."""
    known = number_or_date(plain)  # 2024, 420.5, 2024-03-15: without asking PyYAML
    if known is not None:
        return _DECLINED if known[1] is _REFUSED else known[1]
    tag = plain_tag(plain)
    if tag == STR:
        return _TEXT
    built, value = construct(tag, plain)
    return value if built else _DECLINED


def _long_plain_value(plain: str) -> Any:
    """_plain_value, for a scalar longer than the limit's digits: a number that long is declined."""
    tag = plain_tag(plain)
    return _TEXT if tag == STR else _DECLINED
