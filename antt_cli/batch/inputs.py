"""Which files a batch reads, in a deterministic order.

Paths are taken in the order given. A folder is walked recursively: its entries sorted by
name (code point order, so the same on every machine), sub-folders in place, hidden
entries (starting with '.') skipped, symbolic links to folders not followed. Only *.yaml and
*.yml are collected from folders; spreadsheets (.csv, .xlsx) are read when named
explicitly (a folder may hold earlier reports). A file reached twice is read once.

Nothing is skipped in silence: a record-named entry that is not a regular file (a FIFO, a
device), a link that leads nowhere or to itself, a folder that cannot be read, each becomes a
located problem of its own, in order.
"""

from __future__ import annotations

import array
import errno
import os
import stat
from dataclasses import dataclass
from typing import Iterator

from antt_cli.problems import Messages, Problem

RECORD_SUFFIXES = (".yaml", ".yml")
SHEET_SUFFIXES = (".csv", ".xlsx")
_NOT_RECORDS = (".xls", ".ods", ".json", ".txt", ".pdf", ".docx", ".doc", ".html", ".md", ".zip")

MESSAGES = Messages({
    "no-records": ("không có tệp bản ghi (*.yaml, *.yml) nào trong thư mục", "no record files (*.yaml, *.yml) in this folder"),
    "not-a-record-file": ("không đọc được loại tệp này: cần .yaml, .yml, .csv hoặc .xlsx",
                          "cannot read this kind of file: .yaml, .yml, .csv or .xlsx expected"),
    "file-not-found": ("không tìm thấy tệp", "file not found"),
    "not-a-regular-file": ("không phải tệp thông thường ({kind}): bỏ qua", "not a regular file ({kind}): skipped"),
    "dangling-link": ("liên kết tượng trưng trỏ tới tệp không tồn tại: bỏ qua", "symbolic link to a file that does not exist: skipped"),
    "symlink-loop": ("liên kết tượng trưng vòng lặp: bỏ qua", "symbolic link loop: skipped"),
    "folder-unreadable": ("không đọc được thư mục: {detail}", "cannot read the folder: {detail}"),
    "file-unreadable": ("không đọc được tệp: {detail}", "cannot read file: {detail}"),
})


@dataclass(frozen=True)
class Source:
    path: str   # as given or found (relative paths stay relative: they are shown to the user)
    kind: str   # "yaml" | "sheet" | "missing" (a problem to report in order)
    problem: Problem | None = None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special"


def _link_problem(path: str) -> Problem:
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return MESSAGES.problem(path, "symlink-loop")
        if e.errno == errno.ENOENT:
            return MESSAGES.problem(path, "dangling-link")
        return MESSAGES.problem(path, "file-unreadable", detail=e.strerror or str(e))
    return MESSAGES.problem(path, "file-unreadable", detail="?")  # pragma: no cover


class _Inodes:
    """The inodes of one device: open addressing in an array of 8-byte slots (0: free), filled to
    at most a half; inode 0 (some file systems give no inode) is a flag of its own."""

    MIX = 0x9E3779B97F4A7C15

    def __init__(self) -> None:
        self.slots = array.array("Q", [0]) * 1024
        self.used = 0
        self.zero = False

    def slot(self, ino: int) -> int:
        slots = self.slots
        mask = len(slots) - 1
        i = ((ino * self.MIX) >> 20) & mask
        while slots[i] and slots[i] != ino:
            i = (i + 1) & mask
        return i

    def grow(self) -> None:
        old, self.slots = self.slots, array.array("Q", [0]) * (len(self.slots) * 2)
        for ino in old:
            if ino:
                self.slots[self.slot(ino)] = ino


class Seen:
    """The (device, inode) of every file already given: exact, 16-32 bytes a file, where a set of
    tuples takes ~140 (14 MB for 100,000 files)."""

    def __init__(self) -> None:
        self.devices: dict[int, _Inodes] = {}

    def __contains__(self, key: tuple[int, int]) -> bool:
        dev, ino = key
        d = self.devices.get(dev)
        if d is None:
            return False
        return d.zero if ino == 0 else bool(d.slots[d.slot(ino)])

    def add(self, key: tuple[int, int]) -> bool:
        """Record the file; False if it was already there."""
        dev, ino = key
        d = self.devices.get(dev)
        if d is None:
            d = self.devices[dev] = _Inodes()
        if ino == 0:
            new, d.zero = not d.zero, True
            return new
        i = d.slot(ino)
        if d.slots[i]:
            return False
        if (d.used + 1) * 2 > len(d.slots):
            d.grow()
            i = d.slot(ino)
        d.slots[i] = ino
        d.used += 1
        return True


def _walk(folder: str, seen: Seen, device: int | None = None) -> Iterator[Source]:
    """`device`: the folder's device (entries of one folder share it, so their inode from readdir
    identifies them without a stat per file)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as e:
        yield Source(folder, "missing", MESSAGES.problem(folder, "folder-unreadable", detail=e.strerror or str(e)))
        return
    for e in entries:
        record_named = e.name.lower().endswith(RECORD_SUFFIXES)
        try:
            if e.is_dir(follow_symlinks=False):
                yield from _walk(e.path, seen)
                continue
            if device is None:
                device = os.stat(folder).st_dev
            if not record_named:
                continue
            if e.is_symlink():
                try:
                    st = os.stat(e.path)
                except OSError:
                    yield Source(e.path, "missing", _link_problem(e.path))
                    continue
                if stat.S_ISDIR(st.st_mode):
                    continue  # links to folders are not followed
                key = (st.st_dev, st.st_ino)
                mode = st.st_mode
            else:
                mode = e.stat(follow_symlinks=False).st_mode if not e.is_file(follow_symlinks=False) else stat.S_IFREG
                key = (device, e.inode())
            if not stat.S_ISREG(mode):
                yield Source(e.path, "missing", MESSAGES.problem(e.path, "not-a-regular-file", kind=_kind(mode)))
                continue
        except OSError as err:  # vanished or unreadable while walking
            yield Source(e.path, "missing", MESSAGES.problem(e.path, "file-unreadable", detail=err.strerror or str(err)))
            continue
        if not seen.add(key):
            continue
        yield Source(e.path, "yaml")


def iter_sources(paths: list[str]) -> Iterator[Source]:
    seen = Seen()
    for p in paths:
        p = os.fspath(p)
        if os.path.isdir(p):
            found = False
            for s in _walk(p, seen):
                found = True
                yield s
            if not found:
                yield Source(p, "missing", MESSAGES.problem(p, "no-records"))
            continue
        try:
            st = os.stat(p)
        except OSError as e:
            if os.path.islink(p):
                yield Source(p, "missing", _link_problem(p))
            elif e.errno == errno.ENOENT:
                yield Source(p, "missing", MESSAGES.problem(p, "file-not-found"))
            else:
                yield Source(p, "missing", MESSAGES.problem(p, "file-unreadable", detail=e.strerror or str(e)))
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen and stat.S_ISREG(st.st_mode):
            continue
        seen.add(key)
        low = p.lower()
        if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) or stat.S_ISSOCK(st.st_mode):
            yield Source(p, "missing", MESSAGES.problem(p, "not-a-regular-file", kind=_kind(st.st_mode)))
        elif low.endswith(SHEET_SUFFIXES):
            yield Source(p, "sheet")
        elif low.endswith(RECORD_SUFFIXES) or not low.endswith(_NOT_RECORDS):
            yield Source(p, "yaml")  # an explicit file is read as YAML whatever its name, unless clearly not
        else:
            yield Source(p, "missing", MESSAGES.problem(p, "not-a-record-file"))


def count_sources(paths: list[str]) -> int:
    """How many inputs `iter_sources` will give (for the progress bar); cheap: names only."""
    return sum(1 for _ in iter_sources(paths))


def input_files(paths: list[str]) -> set[tuple[int, int]]:
    """The (device, inode) of every file and folder a run reads: a report must never be written onto one."""
    out: set[tuple[int, int]] = set()
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            continue
        out.add((st.st_dev, st.st_ino))
    return out
