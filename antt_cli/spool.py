"""Texts appended in order and read back by index, in memory while few, then in a temporary file;
values appended now and read back in order later, in a temporary file (Spool).

A batch keeps one such list of every unit's path (to name the first of two duplicates), and a
spreadsheet's shared strings are another (openpyxl keeps them all in a list: a 200,000-row sheet
of distinct names and codes holds 400,000, about 30 MB). On disk, each text costs 4 bytes of
memory (its offset; 8 beyond 4 GB); the file is deleted when closed, or when the process ends.

    spool = TextSpool()
    i = spool.append("don-vi/thon-1.yaml")
    spool[i]  # 'don-vi/thon-1.yaml'
"""

from __future__ import annotations

import array
from typing import IO, Any, Iterator

SPILL_AT = 1 << 14  # texts kept in a list before they move to a temporary file


class TextSpool:
    def __init__(self, spill_at: int | None = None) -> None:
        self.spill_at = SPILL_AT if spill_at is None else spill_at
        self.texts: list[str] | None = []
        self.file: Any = None
        self.offsets = array.array("I")  # 4 bytes a text while the file is under 4 GB, then 8 ("q")
        self.end = 0
        self.at_end = True  # the file's position is its end (no read since the last append)

    def __len__(self) -> int:
        return len(self.texts) if self.texts is not None else len(self.offsets)

    def append(self, text: str) -> int:
        if self.texts is not None:
            self.texts.append(text)
            if len(self.texts) > self.spill_at:
                self._spill()
            return len(self) - 1
        data = text.encode("utf-8", "surrogatepass")
        if not self.at_end:
            self.file.seek(self.end)
            self.at_end = True
        self.file.write(data)
        if self.end > 0xFFFFFFFF and self.offsets.typecode == "I":
            self.offsets = array.array("q", self.offsets)
        self.offsets.append(self.end)
        self.end += len(data)
        return len(self.offsets) - 1

    def _spill(self) -> None:
        import tempfile

        texts, self.texts = self.texts or [], None
        self.file = tempfile.TemporaryFile(prefix="antt-")
        for t in texts:
            self.append(t)

    def __getitem__(self, i: int) -> str:
        if self.texts is not None:
            return self.texts[i]
        if i < 0:
            i += len(self.offsets)
        start = self.offsets[i]  # IndexError beyond the end, as a list
        stop = self.offsets[i + 1] if i + 1 < len(self.offsets) else self.end
        self.file.seek(start)
        self.at_end = False
        return self.file.read(stop - start).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


BATCH = 128  # small values pickled together (one pickle call for many): a batch notes every unit once


class Spool:
    """The file is an unnamed TemporaryFile private to this process, so pickle only ever reads back
    what this process wrote (never input from a user). Values are written `batch` at a time, as lists:
    more than one only for small values (a few of them wait in memory)."""

    def __init__(self, batch: int = 1) -> None:
        self.file: IO[bytes] | None = None  # made by the first value written: most spools of one file stay empty
        self.count = 0
        self.batch = batch
        self.pending: list[Any] = []

    def add(self, value: Any) -> None:
        self.pending.append(value)
        self.count += 1
        if len(self.pending) >= self.batch:
            self._flush()

    def _flush(self) -> None:
        import pickle

        if self.file is None:
            import tempfile

            self.file = tempfile.TemporaryFile()
        self.file.seek(0, 2)  # the end, also after a read
        pickle.dump(self.pending, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.pending = []

    def __iter__(self) -> Iterator[Any]:
        if self.pending:
            self._flush()
        if self.file is None:
            return
        self.file.flush()
        self.file.seek(0)
        left = self.count
        while left > 0:
            values = _load(self.file)
            left -= len(values)
            yield from values

    def close(self) -> None:
        self.pending = []
        if self.file is not None:
            self.file.close()


def _load(f: IO[bytes]) -> Any:
    import pickle

    return pickle.load(f)


__all__ = ["BATCH", "Spool", "TextSpool"]
