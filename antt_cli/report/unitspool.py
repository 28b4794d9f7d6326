"""A batch worker's report bytes, handed to the main process in a file rather than through its pipe.

When every report of a run has an encoder (report.base.Writer.encoder), a worker makes each unit's
bytes (~26 KB of JSON) itself. Pickled into the worker's reply, they were copied five times on their
way to the report (pickle, pipe, read, unpickle, write). Instead the worker appends them to a spool
file of its own and sends a Piece (file, offset, size); the main process copies the piece into the
report in the kernel (os.sendfile) when the unit's turn comes, in input order: the same bytes.

The spool files are private temporary files (mkstemp, 0600) named after the main process. The
main process unlinks a file as soon as it opens it and closes it once every piece in it is written
(or dropped: a unit assessed again in the main process); a worker starts a new file every
ROTATE bytes, so at most a few files per worker exist at once and the disk (or tmpfs) used stays
flat. `release()` (the reports' close or abort) closes what is left and removes the files of
workers that died before their file was opened. A worker that cannot write its spool (a full disk)
sends the bytes themselves, as before.
"""

from __future__ import annotations

import os
from typing import Any, Callable

ROTATE = 8 << 20  # bytes a worker writes to one spool file before it starts the next


def _prefix(owner: int) -> str:
    return f"antt-units-{owner}-"


class Piece:
    """Where a unit's bytes for one report are: a worker's spool file, at `offset`, `size` bytes long.
    `count` is set on the last piece of a file: how many the file holds."""

    __slots__ = ("path", "offset", "size", "count", "local")

    def __init__(self, path: str, offset: int, size: int, count: int | None = None) -> None:
        self.path, self.offset, self.size, self.count = path, offset, size, count
        self.local = False  # made by this process (a worker): never read back here

    def __reduce__(self) -> Any:
        return Piece, (self.path, self.offset, self.size, self.count)


class _Spool:
    """A worker's current spool file."""

    def __init__(self, owner: int) -> None:
        import tempfile

        self.pid = os.getpid()
        self.fd, self.path = tempfile.mkstemp(prefix=f"{_prefix(owner)}{self.pid}-", suffix=".spool")
        self.offset = 0
        self.count = 0

    def put(self, data: bytes) -> Piece:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
        piece = Piece(self.path, self.offset, len(data))
        piece.local = True
        self.offset += len(data)
        self.count += 1
        if self.offset >= ROTATE:
            piece.count = self.count  # the main process closes the file once it has this many
            self.close()
        return piece

    def close(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            os.close(fd)


_spool: _Spool | None = None
_broken = False


def put(data: bytes) -> Piece | bytes:
    """In a worker: `data` appended to this process's spool, as a Piece for the main process (its
    parent) to copy; `data` itself when the spool cannot be written."""
    global _spool, _broken
    if _broken:
        return data
    try:
        if _spool is None or _spool.fd < 0 or _spool.pid != os.getpid():  # a forked child makes its own
            _spool = _Spool(os.getppid())
        return _spool.put(data)
    except OSError:  # no temporary space: the bytes travel in the reply, as they always could
        _broken = True
        return data


class _Reader:
    """In the main process: the spool files its workers wrote, opened on first use."""

    def __init__(self) -> None:
        self.files: dict[str, list[int]] = {}  # path → [fd, pieces done, pieces it holds (or -1)]
        self.opened = 0  # files opened so far (tests)

    def _file(self, piece: Piece) -> list[int]:
        f = self.files.get(piece.path)
        if f is None:
            fd = os.open(piece.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            try:
                os.unlink(piece.path)  # the open descriptor keeps it readable; nothing is left behind
            except OSError:  # pragma: no cover - Windows: removed by release()
                pass
            f = self.files[piece.path] = [fd, 0, -1]
            self.opened += 1
        if piece.count is not None:
            f[2] = piece.count
        return f

    def _done(self, piece: Piece, f: list[int]) -> None:
        piece.local = True  # counted once
        f[1] += 1
        if f[1] == f[2]:
            os.close(f[0])
            del self.files[piece.path]

    def read(self, piece: Piece) -> bytes:
        f = self._file(piece)
        chunks, offset, left = [], piece.offset, piece.size
        while left > 0:
            chunk = _pread(f[0], left, offset)
            if not chunk:
                raise OSError(f"a worker's spool ends early: {piece.path}")
            chunks.append(chunk)
            offset += len(chunk)
            left -= len(chunk)
        self._done(piece, f)
        return b"".join(chunks)

    def copy(self, piece: Piece, out_fd: int) -> bool:
        """The piece written to `out_fd` in the kernel; False (nothing written) where it cannot be."""
        sendfile = getattr(os, "sendfile", None)
        if sendfile is None:
            return False
        f = self._file(piece)
        offset, left = piece.offset, piece.size
        while left > 0:
            try:
                n = sendfile(out_fd, f[0], offset, left)
            except OSError:
                if left == piece.size:
                    return False  # a target sendfile does not write to (a terminal, an append-only file)
                raise
            if n == 0:
                raise OSError(f"a worker's spool ends early: {piece.path}")
            offset += n
            left -= n
        self._done(piece, f)
        return True

    def drop(self, piece: Piece) -> None:
        """A piece that will not be written (its unit was assessed again)."""
        self._done(piece, self._file(piece))

    def release(self) -> None:
        for fd, _, _ in self.files.values():
            try:
                os.close(fd)
            except OSError:  # pragma: no cover
                pass
        self.files.clear()
        import glob
        import tempfile

        for path in glob.glob(os.path.join(glob.escape(tempfile.gettempdir()), _prefix(os.getpid()) + "*.spool")):
            try:
                os.unlink(path)
            except OSError:  # pragma: no cover
                pass


def _pread(fd: int, n: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, n, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows
    return os.read(fd, n)


READER = _Reader()


def sink(write: Callable[[bytes], Any], stream: Any = None) -> Callable[[Any], None]:
    """A writer's function for a unit's bytes: bytes go to `write`; a Piece is copied into `stream`'s
    file by the kernel after what is buffered is flushed (bytes through `write` when it cannot be)."""
    fileno = None
    if stream is not None:
        try:
            fileno = stream.fileno()
        except (AttributeError, OSError, ValueError):  # a stream without a file (io.BytesIO, a test's capture)
            fileno = None

    def put(data: Any) -> None:
        if type(data) is bytes:
            write(data)
            return
        if fileno is not None:
            stream.flush()
            if READER.copy(data, fileno):
                return
        write(READER.read(data))

    return put


def release() -> None:
    READER.release()


def drop(value: Any) -> None:
    """A unit's piece that no report took (called as its Encoded goes): never raises."""
    if type(value) is Piece and not value.local:
        try:
            READER.drop(value)
        except OSError:  # its file is already gone (released): nothing to free
            pass
