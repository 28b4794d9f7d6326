"""Texts appended in order and read back by index, in memory while few, then in a temporary file.

A batch keeps one such list of every unit's path (to name the first of two duplicates), and a
spreadsheet's shared strings are another (openpyxl keeps them all in a list: a 200,000-row sheet
of distinct names and codes holds 400,000, about 30 MB). On disk, each text costs 8 bytes of
memory (its offset); the file is deleted when closed, or when the process ends.

    spool = TextSpool()
    i = spool.append("don-vi/thon-1.yaml")
    spool[i]  # 'don-vi/thon-1.yaml'
"""

from __future__ import annotations

import array
from typing import Any

SPILL_AT = 1 << 14  # texts kept in a list before they move to a temporary file


class TextSpool:
    def __init__(self, spill_at: int | None = None) -> None:
        self.spill_at = SPILL_AT if spill_at is None else spill_at
        self.texts: list[str] | None = []
        self.file: Any = None
        self.offsets = array.array("q")
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


__all__ = ["TextSpool"]
