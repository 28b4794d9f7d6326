"""Values appended now, read back in order later, kept in a temporary file (memory stays flat)."""

from __future__ import annotations

from typing import IO, Any, Iterator


class Spool:
    """The file is an unnamed TemporaryFile private to this process, so pickle only ever reads back
    what this process wrote (never input from a user)."""

    def __init__(self) -> None:
        import tempfile

        self.file: IO[bytes] = tempfile.TemporaryFile()
        self.count = 0

    def add(self, value: Any) -> None:
        import pickle

        pickle.dump(value, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __iter__(self) -> Iterator[Any]:
        self.file.flush()
        self.file.seek(0)
        for _ in range(self.count):
            yield _load(self.file)

    def close(self) -> None:
        self.file.close()


def _load(f: IO[bytes]) -> Any:
    import pickle

    return pickle.load(f)
