"""The compiled-criteria cache (antt_cli.criteria.cache): the same criteria as loading them, never stale."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import CRITERIA


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANTT_CACHE_DIR", str(folder))
    monkeypatch.delenv("ANTT_NO_CACHE", raising=False)
    return folder


def _entries(folder):
    return sorted(folder.glob("criteria-*.pickle")) if folder.is_dir() else []


def _summary(c):
    return [(ut.key, [(k.id, k.title.vi, k.condition.describe("vi")) for k in ut.criteria]) for ut in c.all_types()]


def test_a_hit_is_the_set_the_loader_builds(cache, tmp_path):
    from antt_cli.criteria.cache import load_criteria
    from antt_cli.criteria.loader import load_criteria as load

    copy = tmp_path / "criteria"
    shutil.copytree(CRITERIA, copy, ignore=shutil.ignore_patterns("cases"))
    first = load_criteria([copy])
    assert len(_entries(cache)) == 1
    again = load_criteria([copy])
    assert again is not first  # read back from the cache
    assert _summary(again) == _summary(first) == _summary(load([copy]))


def test_an_edited_file_is_never_served_stale(cache, tmp_path):
    from antt_cli.criteria.cache import load_criteria

    copy = tmp_path / "criteria"
    shutil.copytree(CRITERIA, copy, ignore=shutil.ignore_patterns("cases"))
    before = load_criteria([copy])
    f = copy / "khu_dan_cu.yaml"
    text = f.read_text(encoding="utf-8")
    first = before.latest("khu_dan_cu").criteria[0]
    assert first.title.vi in text
    st = os.stat(f)
    f.write_text(text.replace(first.title.vi, first.title.vi + " (sửa)", 1), encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # same modification time: the content decides
    after = load_criteria([copy])
    assert after.latest("khu_dan_cu").criteria[0].title.vi == first.title.vi + " (sửa)"
    assert len(_entries(cache)) == 2


def test_a_set_with_problems_is_not_kept_and_a_damaged_entry_is_ignored(cache, tmp_path):
    from antt_cli.criteria.cache import load_criteria
    from antt_cli.problems import CriteriaError

    copy = tmp_path / "criteria"
    shutil.copytree(CRITERIA, copy, ignore=shutil.ignore_patterns("cases"))
    (copy / "broken.yaml").write_text("schema_version: 1\nruleset: [\n", encoding="utf-8")
    with pytest.raises(CriteriaError):
        load_criteria([copy])
    assert _entries(cache) == []
    (copy / "broken.yaml").unlink()
    good = load_criteria([copy])
    [entry] = _entries(cache)
    entry.write_bytes(b"not a pickle")
    assert _summary(load_criteria([copy])) == _summary(good)


def test_off_and_per_user_folder(monkeypatch, tmp_path):
    from antt_cli.criteria import cache

    monkeypatch.setenv("ANTT_NO_CACHE", "1")
    assert cache.cache_dir() is None
    monkeypatch.delenv("ANTT_NO_CACHE")
    monkeypatch.delenv("ANTT_CACHE_DIR", raising=False)
    monkeypatch.setattr(cache.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert cache.cache_dir() == tmp_path / "Local" / "antt" / "Cache"
    monkeypatch.setattr(cache.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "antt"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_entry_others_may_write_is_not_read(cache, tmp_path):
    from antt_cli.criteria.cache import load_criteria

    copy = tmp_path / "criteria"
    shutil.copytree(CRITERIA, copy, ignore=shutil.ignore_patterns("cases"))
    load_criteria([copy])
    [entry] = _entries(cache)
    entry.chmod(0o666)
    mtime = entry.stat().st_mtime_ns
    load_criteria([copy])  # not read (it would have been touched), and written again
    [entry] = _entries(cache)
    assert entry.stat().st_mode & 0o022 == 0 or entry.stat().st_mtime_ns != mtime
