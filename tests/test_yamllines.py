"""yamllines reads the block subset of YAML records are written in; wherever it returns a value,
libyaml reads the same document without a problem to the same value, of the same types.

The generated documents mix what records hold with what the subset must decline (flow
collections, anchors, tags, escapes, tabs, bad dates, long numbers, keys that read as yes/no …):
a value read wrongly would be a wrong verdict with no message, so every document the subset
accepts is checked against libyaml."""

from __future__ import annotations

import datetime as dt
import glob
import random
import unicodedata

import pytest

from conftest import ROOT

from antt_cli.limits import Limits
from antt_cli.problems import InputError
from antt_cli.yamllines import read
from antt_cli.yamlsrc import parse, parse_with_libyaml


def _typed(x):  # values with their types: 1 == True == 1.0 must not pass for the same value
    if isinstance(x, dict):
        return {k: _typed(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_typed(v) for v in x]
    return (type(x).__name__, x)


def _agrees(text: str, *, nfc: bool = True, limits: Limits | None = None) -> bool:
    """True when the subset read `text` (and libyaml agrees), False when it declined."""
    kw = {"limits": limits} if limits else {}
    got = read(text, nfc=nfc, **kw)
    if got is None:
        return False
    try:
        want = parse_with_libyaml(text, "t.yaml", nfc=nfc, **kw).data
    except InputError as e:
        raise AssertionError(f"the subset read a document libyaml refuses ({e.problems[0].code}):\n{text}") from None
    assert _typed(got) == _typed(want), text
    return True


def test_a_record_reads_to_its_values():
    text = ("# Ví dụ\ntype: khu_dan_cu   # loại\nname: Tổ dân phố 5\nyear: 2024\nregistration_date: 2024-03-15\n"
            "households: 250\nflag: yes\nnone_here:\nrate: 1.5\nempty: []\nincidents:\n- date: 2024-06-12\n"
            "  fatal: false\n  description: 'Cướp tài sản ''nhỏ'' tại\n    ngõ 12'\n-   date: 2023-09-03\n"
            "    category: chay_no\nlevels:\n  - thpt\n  - thcs\nnotes: dòng một\n  dòng hai\n\n  dòng ba\n")
    assert read(text) == {
        "type": "khu_dan_cu", "name": "Tổ dân phố 5", "year": 2024, "registration_date": dt.date(2024, 3, 15),
        "households": 250, "flag": True, "none_here": None, "rate": 1.5, "empty": [],
        "incidents": [{"date": dt.date(2024, 6, 12), "fatal": False, "description": "Cướp tài sản 'nhỏ' tại ngõ 12"},
                      {"date": dt.date(2023, 9, 3), "category": "chay_no"}],
        "levels": ["thpt", "thcs"], "notes": "dòng một dòng hai\ndòng ba"}
    assert _agrees(text)
    assert read(text.replace("\n", "\r\n")) == read(text)  # Windows line ends read alike
    pasted = "name: Tổ\u00a0dân phố 5\nnotes: >-\n  Họp ngày\u00a020/10/2024; ghi\u00adchú\n"  # from Word
    assert read(pasted) == {"name": "Tổ\u00a0dân phố 5", "notes": "Họp ngày\u00a020/10/2024; ghi\u00adchú"}
    assert _agrees(pasted)
    assert _agrees(text.replace("\n", "\r\n"))


@pytest.mark.parametrize("text", [
    "a: 1\nb: 2\na: 3\n",                      # a duplicate key: libyaml's path reports it, located
    "a: &x 1\nb: *x\n",                         # anchors and aliases
    "a: !!python/name:os.system x\n",           # tags
    "a: [1, [2]]\n", "a: {b: 1}\n", "a: [x, ]\n", "a: ['x']\n",  # flow collections but a list of plain scalars
    "a: |2\n   x\n", "a: |+\n  x\n\n", "a: >\n\n  x\n", "a: >\n  x\n    y\n",  # block scalars outside the subset
    "a: \"x\\ty\"\n",                           # escapes
    "a:\tb\n", "a: b\rc: d\r", "a: b\r",          # tabs, CR alone
    "a: b: c\n", "a: b:\n",                     # a mapping inside a value
    "on: 1\n", "Null: 1\n", "yes: 1\n",         # keys that read as yes/no or null
    "tên: x\n", "'a': 1\n", "a : 1\n",          # keys outside the subset
    "d: 2024-13-01\n",                          # a date the constructor refuses
    "n: " + "9" * 101 + "\n",                   # more digits than the limit
    "---\na: 1\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n",
    "a: 1\n  b: 2\n",                           # over-indented
    "", "# only a comment\n", "just text\n",
    "a: '\nnever closed\n",
    "a: x\n- y\n",
    "a: - b\n",
    "a: \ufeffb\n", "a: b\x85c\n", "a: b\u2028c\n", "a: \x07\n", "a: b\u2029\n", "a: \x7f\n", "a: \x9f\n",
])
def test_declines_what_libyaml_must_read(text):
    assert read(text) is None


def test_limits_are_kept():
    deep = "".join("  " * d + f"k{d}:\n" for d in range(70)) + "  " * 70 + "v: 1\n"
    assert read(deep) is None  # 64 levels at most: libyaml's path reports it
    assert read("a:\n  b: 1\n", limits=Limits(depth=1)) is None
    many = "".join(f"k{i}: {i}\n" for i in range(60))
    assert read(many, limits=Limits(nodes=100)) is None
    assert read(many, limits=Limits(nodes=200)) is not None
    assert read("n: 12345\n", limits=Limits(digits=4)) is None


def test_nfc_and_positions():
    nfd = unicodedata.normalize("NFD", "Tổ dân phố")
    assert read(f"a: {nfd}\nb: '{nfd}'\n", nfc=True) == {"a": "Tổ dân phố", "b": "Tổ dân phố"}
    assert read(f"a: {nfd}\n", nfc=False) == {"a": nfd}
    p = parse("a: 1\nb:\n  - c: 2024-02-20\n    d: x\n", "t.yaml")
    assert p.node is None and p.text is not None  # read by the subset: positions only when asked
    assert p.where(("b", 0, "d")) == (4, 8)
    assert p.where(("b", 0, "d"), key=True) == (4, 5)
    assert p.text is None


# fragments of lines: what records hold (good), and what the subset must decline or read exactly (odd)
_GOOD_KEYS = ["a", "name", "year", "notes", "b_2", "x-y", "y", "n", "fatal", "off_site", "nullable"]
_ODD_KEYS = ["no", "on", "Yes", "null", "NULL", "~", "tên", "'q'", '"q"', "<<", "k" * 130, "1", "-a", "a b", "? a"]
_GOOD_SEPS = [": ", ": ", ":  "]
_ODD_SEPS = [":", " : ", ":\t", ": \t"]
_GOOD_VALUES = [
    "0", "7", "12", "2024", "1.5", "2024-02-20", "yes", "No", "true", "false", "~", "null", "text", "Tổ dân phố 5",
    "[thcs]", "[thcs, thpt]", "[ 1, 2.5 , yes, Tổ 5 ]", "[ ]",
    "a#b", "a:b", "http://x.vn/a?b=1", "-x", "-3", "[]", "{}", "'q'", "'it''s'", "''", "'a' # c", '"d"', '""',
    "\"it's\"", "x'y", 'x"y', "# c", "a  b", "Khu phố 1, phường X", "1 2", unicodedata.normalize("NFD", "Tiến"),
    "hoan_thanh", "it_nghiem_trong", "Nguyễn Văn A", "1" * 100,
]
_ODD_VALUES = [
    "007", "+4", "1_000", "0x1F", "0o17", "0b11", "1:20", "190:20:30", "-.5", "1e3", "1.0e+3", ".inf", "-.Inf",
    ".nan", "2024-2-2", "2024-13-01", "2024-02-30", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10",
    "TRUE", "off", "On", "Null", "NuLL", "=", "<<", "a #b", "a: b", "x:", "-", "- x", "?x", ":x", "[ ]", "[a]",
    "{a: 1}", "&a x", "*a", "!!str 1", "!x y", "|", ">-", "%x", "@x", "`x`", ",x", "]", "'a'b", '"a\\nb"',
    "'open", '"open', "tab\there", "nb\u00a0sp", "9" * 101, "x\u2028y", "\ufeffz", "a\x00b", "\x85",
    "[a, ]", "[a,,b]", "[a, [b]]", "[a: 1]", "['x', y]", "[a #c]", "[-1, 2]", "[2024-13-01]", "[a] x", "[a",
    "\u00a0lead", "soft\u00adhyphen", "ideo\u3000space", "\ue000private", "zw\u200bsp", "'nb\u00a0q'", "[\u00a0, x]",
]


def _document(rng: random.Random) -> str:
    lines: list[str] = []
    odd = rng.choice([0.0, 0.0, 0.02, 0.05, 0.2])  # how often a fragment is an odd one

    def pick(good: list[str], bad: list[str]) -> str:
        return rng.choice(bad if rng.random() < odd else good)

    def mapping(indent: int, depth: int, first_prefix: str | None = None) -> None:
        for n in range(rng.randint(1, 5)):
            pad = first_prefix if (n == 0 and first_prefix is not None) else " " * indent
            key = pick(_GOOD_KEYS, _ODD_KEYS) + (str(n) if rng.random() < 0.8 else "")
            sep = pick(_GOOD_SEPS, _ODD_SEPS)
            roll = rng.random()
            if roll < 0.12 and depth < 3:
                lines.append(f"{pad}{key}:" + pick(["", "", " # c", "  "], ["#c", " x"]))
                sub = indent + (rng.choice([2, 4]) if rng.random() >= odd else rng.choice([0, 1, 3]))
                if rng.random() < 0.5:
                    sequence(sub, depth + 1)
                else:
                    mapping(sub, depth + 1)
            elif roll < 0.28 and rng.random() < 0.3:  # a block scalar
                header = pick([">-", "|", ">", "|-"], ["|+", ">+", "|2", ">1-", "| x", "|#c", ">- #c"])
                lines.append(f"{pad}{key}{sep}{header}")
                body_indent = indent + (rng.choice([2, 4]) if rng.random() >= odd else rng.choice([0, 1, 3]))
                for _ in range(rng.randint(1, 4)):
                    body = pick(["dòng một", "it's: x # y", "- z", "'q'", "", "a  b"], ["  more", "\tx", " ", "    "])
                    lines.append((" " * body_indent + body) if body else pick(["", " " * body_indent], [" " * (body_indent + 2)]))
            elif roll < 0.22:  # a value over several lines
                quote = rng.choice(["'", "", "", '"'])
                body = [pick(["dòng một", "it''s", "a#b", "", "  ", "x y z"], ["x: y", "a #b", "- z", "'", "k: v", "#c", "---"])
                        for _ in range(rng.randint(1, 3))]
                cont = " " * (indent + rng.choice([1, 2, 4]) if rng.random() >= odd else rng.choice([0, indent]))
                lines.append(f"{pad}{key}{sep}{quote}{rng.choice(['Ghi chú', 'a', '', '1'])}")
                lines.extend(cont + b for b in body)
                lines[-1] += quote + pick(["", "", " # c", "  "], ["x", "#c"])
            else:
                tail = pick(["", "", "", " # c", "  "], [" #c", "#c", "\t"])
                lines.append(f"{pad}{key}{sep}{pick(_GOOD_VALUES, _ODD_VALUES)}{tail}")
            if rng.random() < 0.1:
                lines.append(pick(["", "   ", "# c", "  # c"], ["\t", "---", "...", "%TAG", " x"]))

    def sequence(indent: int, depth: int) -> None:
        for _ in range(rng.randint(1, 3)):
            roll = rng.random()
            dash = " " * indent + pick(["- ", "- ", "-   "], ["-", "-\t", "--"])
            if roll < 0.4 and depth < 3:
                mapping(len(dash) if dash.endswith(" ") else indent + 2, depth + 1, first_prefix=dash)
            elif roll < 0.5:
                lines.append(dash.rstrip())
                if rng.random() < 0.5:
                    mapping(indent + 2, depth + 1)
            else:
                lines.append(dash + pick(_GOOD_VALUES, _ODD_VALUES))

    if rng.random() < 0.1:
        sequence(0, 0)
    else:
        mapping(0 if rng.random() >= odd else 2, 0)
    return "\n".join(lines) + rng.choice(["\n", "", "\n\n"])


def test_generated_documents_read_as_libyaml_reads_them():
    rng = random.Random(124)
    accepted = 0
    total = 6000
    for _ in range(total):
        text = _document(rng)
        if rng.random() < 0.2:  # as Windows editors save it
            text = text.replace("\n", "\r\n")
        accepted += _agrees(text, nfc=rng.random() < 0.7)
    # both ways are exercised: a generator that made only what the subset declines would prove nothing
    assert total * 0.25 < accepted < total * 0.9, accepted


def test_a_line_read_before_gives_what_reading_it_again_gives(monkeypatch):
    """The top-level lines a batch's records repeat are kept with their key and value: reading a
    document whose lines are all kept gives what reading it afresh gives; a line is kept for one
    reading's settings only (NFC, the digits' limit); a duplicate key is still a duplicate; and at
    KEEP_LINES all are dropped."""
    from antt_cli import yamllines

    rng = random.Random(5)
    docs = [_document(rng) for _ in range(400)]
    yamllines._KEPT.clear()
    first = [_typed(read(d, nfc=True)) for d in docs]
    hits = sum(len(v) for v in yamllines._KEPT.values())
    assert hits > 100  # the generated documents repeat lines: kept ones are served below
    assert [_typed(read(d, nfc=True)) for d in docs] == first
    yamllines._KEPT.clear()
    assert [_typed(read(d, nfc=True)) for d in docs] == first  # afresh
    nfd = unicodedata.normalize("NFD", "Tổ dân phố")
    line = f"name: {nfd}\n"
    assert read(line, nfc=False) == {"name": nfd} and read(line, nfc=True) == {"name": "Tổ dân phố"}
    assert read(line, nfc=False) == {"name": nfd}
    big = "staff_total: 12345678901234\n"
    assert read(big) == {"staff_total": 12345678901234}
    assert read(big, limits=Limits(digits=8)) is None and read(big) == {"staff_total": 12345678901234}
    assert read("year: 2024\nyear: 2024\n") is None and read("year: 2024\nyear: 2024\n") is None
    monkeypatch.setattr(yamllines, "KEEP_LINES", 4)
    yamllines._KEPT.clear()
    ten = "".join(f"k{n}: {n}\n" for n in range(10))
    assert read(ten) == read(ten) == {f"k{n}": n for n in range(10)}
    assert all(len(v) <= 4 for v in yamllines._KEPT.values())


def _positions_agree(text: str) -> int:
    """For a document yamllines reads: where each top-level key and value is, from its text (the
    fast way) and from libyaml's node tree, for every top-level entry and a few paths that are not
    there. The number of entries compared."""
    try:
        fast = parse(text, "t.yaml", nfc=True)
    except InputError:
        return 0
    if fast.text is None or not isinstance(fast.data, dict):
        return 0
    full = parse(text, "t.yaml", nfc=True)
    full._map_positions()
    paths = [(k,) for k in fast.data] + [("not_there",), (), ("a", "b")]
    for path in paths:
        for key in (True, False):
            assert fast.where(path, key=key) == full.where(path, key=key), (path, key, text)
    return len(fast.data)


def test_a_top_level_entry_is_placed_as_libyaml_places_it():
    rng = random.Random(9)
    compared = 0
    for _ in range(1500):
        text = _document(rng)
        if rng.random() < 0.3:
            text = text.replace("\n", "\r\n")
        compared += _positions_agree(text)
    for path in glob.glob(str(ROOT / "examples" / "**" / "*.yaml"), recursive=True):
        compared += _positions_agree(open(path, encoding="utf-8").read())
    assert compared > 2000
    parsed = parse("type: khu_dan_cu\nname:   'Tổ 5'\nyear: 2024 # năm\nnotes: |\n  a\nlist:\n  - 1\n", "t.yaml")
    assert parsed.where(("year",)) == (3, 7) and parsed.where(("name",)) == (2, 9)
    assert parsed.where(("name",), key=True) == (2, 1) and parsed.where(("notes",)) == (4, 8)
    assert parsed.text is not None  # found in the text: no node tree composed
    assert parsed.where(("list",)) == (7, 3) and parsed.text is None  # a value below its key: libyaml says


def test_every_yaml_file_in_the_repository():
    paths = [p for p in glob.glob(str(ROOT / "**" / "*.yaml"), recursive=True) if "/benchmarks/out/" not in p]
    accepted = 0
    for path in paths:
        with open(path, "rb") as fh:
            raw = fh.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        accepted += _agrees(text)
    assert accepted > 20  # records and cases; criteria files, with their flow lists, mostly go to libyaml


def _mutate_module():  # tests/hostile/mutate.py, loaded once under a name of its own (not on sys.path)
    import importlib.util
    import sys

    if "hostile_mutate" not in sys.modules:
        spec = importlib.util.spec_from_file_location("hostile_mutate", ROOT / "tests" / "hostile" / "mutate.py")
        mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules["hostile_mutate"] = mod
        spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return sys.modules["hostile_mutate"]


def test_hostile_mutants_of_the_examples_read_as_libyaml_reads_them():
    """The fuzz campaign's mutators (tests/hostile/mutate.py) on the bundled examples: text and value
    mutations, and the poisons that once crashed antt."""
    m = _mutate_module()
    seeds = m.seeds()
    rng = random.Random(8)
    accepted = 0
    for _ in range(800):  # 80,000 more agreed too, outside the suite (issue 12's note)
        _, text = rng.choice(seeds)
        _, text = m.poison(rng, text) if rng.random() < 0.3 else m.mutate(rng, text)
        accepted += _agrees(text)
    assert accepted > 80, accepted


def test_words_a_letter_or_a_digit_begins_resolve_as_pyyaml_resolves_them():
    """yamltags knows which words starting with a letter (or ~) are not text (yes, No, TRUE, null …),
    and which texts starting with a digit cannot be numbers or dates: checked against the resolver on
    every such word, on near misses, and on random strings of their characters."""
    from yaml.nodes import ScalarNode

    from antt_cli import yamltags

    assert {"yes", "No", "TRUE", "off", "On", "null", "NULL", "~"} <= set(yamltags.WORD_TAGS)
    rng = random.Random(3)
    letters = "yYnNtTfFoO~uelsrAEUSL_ 1"
    words = list(yamltags.WORD_TAGS) + ["yes ", "Yes!", "noo", "nul", "NULLs", "~x", "y", "n", "tRUE", "true\n", "~\n"]
    words += [rng.choice("yYnNtTfFoO~") + "".join(rng.choice(letters) for _ in range(rng.randint(0, 5))) for _ in range(20000)]
    # and text that begins with a digit: a number or a date, or text (15/03/2024, 12A, 3 hộ)
    digits = "0123456789_.:+-xobeEaAfFtTzZ /hộ,"
    words += ["15/03/2024", "12A", "3 hộ", "0x1F", "0o17", "1e3", "1_000", "190:20:30", "2001-12-14t21:59:43.10-05:00"]
    words += [rng.choice("0123456789") + "".join(rng.choice(digits) for _ in range(rng.randint(0, 8))) for _ in range(20000)]
    resolver = yamltags.pyyaml().Base("")
    for w in words:
        assert yamltags.plain_tag(w) == resolver.resolve(ScalarNode, w, (True, False)), w
    resolver.dispose()


def test_the_tables_written_out_are_those_of_the_pyyaml_installed():
    """yamltags answers without importing PyYAML from tables written out; they must be what the
    PyYAML installed says (its implicit resolvers' first characters, the words that resolve, yes/no)."""
    from antt_cli import yamltags

    derived = yamltags.from_pyyaml()
    assert not derived["any_first"]  # no resolver for any first character: the others are text
    assert yamltags.RESOLVED_FIRST == derived["RESOLVED_FIRST"]
    assert yamltags.WORD_TAGS == derived["WORD_TAGS"]
    assert yamltags.BOOLS == derived["BOOLS"]


def test_numbers_and_dates_read_without_pyyaml_are_what_pyyaml_makes_of_them():
    """The whole numbers, decimals and dates of records (2024, 420.5, 2024-03-15) are built without
    PyYAML: the same tag and value as its resolver and safe constructors, and a date that is none
    (2024-02-30) refused as they refuse it."""
    from yaml.nodes import ScalarNode

    from antt_cli import yamltags

    y = yamltags.pyyaml()
    resolver = y.Base("")
    rng = random.Random(5)
    samples = ["0", "7", "10", "2024", "007", "0.5", "420.5", "1.0", "00.1", "2024-03-15", "2024-02-29", "2023-02-29",
               "2024-13-01", "2024-00-10", "0000-01-01", "9999-12-31", "2024-1-5", "12345678901234567890"]
    samples += ["".join(rng.choice("0123456789") for _ in range(rng.randint(1, 12))) for _ in range(2000)]
    samples += [f"{rng.randint(0, 9999):04d}-{rng.randint(0, 19):02d}-{rng.randint(0, 39):02d}" for _ in range(2000)]
    samples += [f"{rng.randint(0, 10**6)}.{rng.randint(0, 10**4)}" for _ in range(2000)]
    for plain in samples:
        got = yamltags.number_or_date(plain)
        if got is None:
            continue
        tag = resolver.resolve(ScalarNode, plain, (True, False))
        assert got[0] == tag, plain
        try:
            want = y.CTORS[tag](y.CONSTRUCTOR, ScalarNode(tag, plain))
        except ValueError:
            assert got[1] is yamltags._REFUSED, plain
            continue
        assert got[1] == want and type(got[1]) is type(want), plain
    resolver.dispose()


def test_a_block_record_is_read_without_importing_pyyaml(tmp_path):
    """A one-file run (pre-commit, an editor) reads a block record without importing PyYAML at all;
    a document the line reader declines brings it in."""
    import subprocess
    import sys

    record = ROOT / "examples" / "khu_dan_cu" / "to-dan-pho-tran-phu.yaml"
    flow = tmp_path / "flow.yaml"
    flow.write_text("a: {b: 1}\n", encoding="utf-8")
    code = ("import sys; from antt_cli.yamlsrc import load_file; "
            "p = load_file(sys.argv[1], nfc=True); print(int(p.data is not None), int('yaml' in sys.modules))")
    out = [subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout.split()
           for path in (record, flow)]
    assert out == [["1", "0"], ["1", "1"]]
