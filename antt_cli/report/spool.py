"""Values appended now, read back in order later, kept in a temporary file (memory stays flat)."""

from __future__ import annotations

from typing import IO, Any, Iterator

BATCH = 128  # values pickled together: one pickle call for many (a batch notes every unit once)


class Spool:
    """The file is an unnamed TemporaryFile private to this process, so pickle only ever reads back
    what this process wrote (never input from a user). Values are written BATCH at a time, as lists."""

    def __init__(self) -> None:
        import tempfile

        self.file: IO[bytes] = tempfile.TemporaryFile()
        self.count = 0
        self.pending: list[Any] = []

    def add(self, value: Any) -> None:
        self.pending.append(value)
        self.count += 1
        if len(self.pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        import pickle

        self.file.seek(0, 2)  # the end, also after a read
        pickle.dump(self.pending, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.pending = []

    def __iter__(self) -> Iterator[Any]:
        if self.pending:
            self._flush()
        self.file.flush()
        self.file.seek(0)
        left = self.count
        while left > 0:
            values = _load(self.file)
            left -= len(values)
            yield from values

    def close(self) -> None:
        self.pending = []
        self.file.close()


def _load(f: IO[bytes]) -> Any:
    import pickle

    return pickle.load(f)
