"""Safe YAML with positions: what untrusted files cannot do, and where problems are reported."""

from __future__ import annotations

import pytest

from antt_cli.problems import InputError
from antt_cli.yamlsrc import parse


def _codes(text: str) -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(InputError) as e:
        parse(text, "t.yaml")
    return [(p.code, p.line, p.col) for p in e.value.problems]


def test_positions_of_values_and_keys():
    p = parse("a: 1\nb:\n  - {c: 2024-02-20}\n", "t.yaml")
    assert p.where(("b", 0, "c")) == (3, 9)
    assert p.where(("b", 0, "c"), key=True) == (3, 6)
    assert p.where(("b", 0, "zzz")) == (3, 5)  # nearest known parent


def test_refuses_dangerous_and_malformed_yaml():
    assert _codes("a: !!python/object/apply:os.system [ls]\n") == [("yaml-tag", 1, 4)]
    assert _codes("a: !!python/name:os.system x\n") == [("yaml-tag", 1, 4)]
    assert _codes("a: &a [*a]\n") == [("yaml-recursive", 1, 4)]
    assert _codes("a: 1\nb: 2\na: 3\n") == [("duplicate-key", 3, 1)]
    assert _codes("d: 2024-13-01\n") == [("bad-date", 1, 4)]


def test_alias_bomb_is_bounded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        prev = f"*a{i-1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    codes = _codes("\n".join(lines) + "\n")
    assert codes[0][0] == "yaml-too-large"


def test_nfc_normalisation():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Tổ dân phố")
    assert parse(f"a: {decomposed}\n", "t", nfc=True).data["a"] == "Tổ dân phố"


def test_fast_path_builds_what_the_full_builder_builds():
    """The fast path (inline text, whole numbers, yes/no) and the full builder agree on every scalar
    the resolver can tag, with and without NFC."""
    from antt_cli.limits import DEFAULT
    from antt_cli.yamlsrc import Parsed, _Builder, _Fast, _loader

    text = ("a: yes\nb: No\nc: ON\nd: off\ne: True\nf: 007\ng: 0\nh: 12\ni: 0x1F\nj: 1_000\nk: -3\nl: 1.5\n"
            "m: ~\nn: null\no: 2024-02-20\np: 'yes'\nq: \"12\"\nr: Tiê\u0301n\ns: [yes, 3, x]\nt: {u: false}\n"
            "Tie\u0302\u0301n: 1\n")
    for nfc in (True, False):
        loader = _loader(text)
        node = loader.get_single_node()
        loader.dispose()
        fast = _Fast(nfc, DEFAULT).build(node, 0)
        full = _Builder(Parsed(None, "t"), nfc, DEFAULT).build(node, (), 0)
        assert fast == full
        assert [type(v) for v in fast.values()] == [type(v) for v in full.values()]
    assert parse(text, "t.yaml", nfc=True).data["r"] == "Tiến"


def test_files_are_read_whole_up_to_the_limit(tmp_path):
    """read_bytes asks for the file's own size, not the limit: the limit itself still holds, to the byte."""
    from antt_cli.limits import Limits
    from antt_cli.yamlsrc import read_bytes

    path = tmp_path / "r.yaml"
    path.write_bytes(b"a: 1\n" * 20)  # 100 bytes
    assert read_bytes(str(path), "r.yaml", Limits(file_bytes=100)) == b"a: 1\n" * 20
    with pytest.raises(InputError) as e:
        read_bytes(str(path), "r.yaml", Limits(file_bytes=99))
    assert e.value.problems[0].code == "file-too-large"
    big = b"x" * 300_000
    path.write_bytes(big)
    assert read_bytes(str(path), "r.yaml") == big
    with pytest.raises(InputError) as e:
        read_bytes(str(tmp_path), "d")  # os.open opens a directory on Linux: read_bytes still says what it is
    assert e.value.problems[0].code == "is-directory"
    with pytest.raises(InputError) as e:
        read_bytes(str(tmp_path / "none.yaml"), "none.yaml")
    assert e.value.problems[0].code == "file-not-found"
