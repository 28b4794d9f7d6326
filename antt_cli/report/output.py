"""Where a report goes: stdout, or a file written atomically (temporary file, then rename).

A crash, an interrupt or an error leaves either the previous file or none — never half a
report. Targets that are not regular files (/dev/null, a pipe, a terminal) are written
directly, since they cannot be renamed onto.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class Output:
    def __init__(self, target: str | None, *, binary: bool = False, bom: bool = False,
                 stream: IO[Any] | None = None) -> None:
        self.target = target          # None: stdout (or `stream`, when given)
        self.binary = binary
        self.bom = bom and target is not None
        self.tmp: str | None = None
        self.stream: IO[Any] | None = None
        self.given = stream

    @property
    def is_stdout(self) -> bool:
        return self.target is None

    def _direct(self) -> bool:
        assert self.target is not None
        return os.path.exists(self.target) and not os.path.isfile(self.target)

    def path_for_writer(self) -> str:
        """A path a library can save to (xlsx): the temporary file, or the target itself."""
        assert self.target is not None
        if self._direct():
            return self.target
        import tempfile

        folder = os.path.dirname(os.path.abspath(self.target))
        fd, self.tmp = tempfile.mkstemp(prefix="." + os.path.basename(self.target) + ".", suffix=".tmp", dir=folder)
        os.close(fd)
        return self.tmp

    def open(self) -> IO[Any]:
        if self.target is None:
            if self.given is not None:
                self.stream = self.given
            else:
                self.stream = sys.stdout.buffer if self.binary else sys.stdout
            return self.stream
        if self._direct():
            f: IO[Any] = open(self.target, "wb") if self.binary else open(self.target, "w", encoding="utf-8", newline="")
        else:
            import tempfile

            folder = os.path.dirname(os.path.abspath(self.target))
            fd, self.tmp = tempfile.mkstemp(prefix="." + os.path.basename(self.target) + ".", suffix=".tmp", dir=folder)
            f = os.fdopen(fd, "wb") if self.binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        if self.bom and not self.binary:
            f.write("\ufeff")
        self.stream = f
        return f

    def commit(self) -> None:
        if self.stream is not None and self.target is not None:
            self.stream.flush()
            if self.tmp is not None:
                os.fsync(self.stream.fileno())
            self.stream.close()
        elif self.stream is not None:
            self.stream.flush()
        if self.tmp is not None:
            try:
                mode = os.stat(self.target).st_mode & 0o777 if os.path.exists(self.target) else 0o666 & ~_umask()
                os.chmod(self.tmp, mode)
            except OSError:  # pragma: no cover
                pass
            os.replace(self.tmp, self.target)  # type: ignore[arg-type]
            self.tmp = None

    def discard(self) -> None:
        if self.stream is not None and self.target is not None:
            try:
                self.stream.close()
            except OSError:  # pragma: no cover
                pass
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:  # pragma: no cover
                pass
            self.tmp = None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
