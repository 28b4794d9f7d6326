"""Compiled criteria kept between runs, so that a command on one file does not parse, check and
compile the criteria files every time (about a fifth of `antt assess one.yaml`).

    criteria = load_criteria(paths)        # the loader's result, through the cache

Never stale: an entry is found by a key that hashes everything the result depends on — the full
content of every criteria file the loader could read (the files named, every YAML file beside them
and in the bundled folder, where vocabularies are looked for), the paths as given, the working
directory (sources are shown relative to it), the input limits, the Python version, and antt
itself (its version and the size and modification time of every module of the package, so an
edited checkout never reads an entry an older version of the code wrote). A set with problems is
never kept: it is loaded, and its problems reported, every time.

Where: a per-user cache folder — %LOCALAPPDATA%\\antt\\Cache on Windows, ~/Library/Caches/antt on
macOS, $XDG_CACHE_HOME/antt (~/.cache/antt) elsewhere; ANTT_CACHE_DIR chooses another, and
ANTT_NO_CACHE=1 turns the cache off. Entries are written atomically (a temporary file, then a
rename), the oldest are removed beyond a few, and an entry that cannot be read for any reason is
ignored and written again. The entries are pickles: one is only read from a folder that belongs to
the user and that nobody else may write to (POSIX), as a per-user folder is.

Importing this module imports neither YAML nor pydantic: on a hit, neither is needed for the criteria.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from antt_cli.criteria.files import bundled_criteria_dir, criteria_paths_found
from antt_cli.limits import DEFAULT, Limits

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.model import CriteriaSet

KEEP = 8  # entries kept (several criteria sets, or versions of one being edited)
_PREFIX = "criteria-"


def cache_dir() -> Path | None:
    """The folder of the cache (not created here), or None when the cache is off."""
    if os.environ.get("ANTT_NO_CACHE"):
        return None
    given = os.environ.get("ANTT_CACHE_DIR")
    if given:
        return Path(given)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Local")
        return Path(base) / "antt" / "Cache"
    if sys.platform == "darwin":
        return Path(os.path.expanduser("~")) / "Library" / "Caches" / "antt"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "antt"


def load_criteria(paths: Iterable[str | os.PathLike[str]] | None = None, *, limits: Limits = DEFAULT) -> Any:
    """The same as antt_cli.criteria.loader.load_criteria (raises CriteriaError), through the cache."""
    given = None if paths is None else [os.fspath(p) for p in paths]
    folder = cache_dir()
    key = None
    if folder is not None:
        try:
            key = cache_key(given, limits)
        except OSError:  # a file that cannot be read: the loader reports it
            key = None
    if key is not None and folder is not None:
        found = _read(folder, key)
        if found is not None:
            return found
    from antt_cli.criteria.loader import load_criteria as load

    criteria = load(given, limits=limits)
    if key is not None and folder is not None:
        _write(folder, key, criteria)
    return criteria


def cache_key(given: list[str] | None, limits: Limits) -> str:
    h = hashlib.sha256()

    def add(*parts: Any) -> None:
        for p in parts:
            data = p if isinstance(p, bytes) else str(p).encode("utf-8", "surrogateescape")
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)

    from antt_cli import __version__

    add("antt", __version__, sys.version, sys.implementation.cache_tag, pickle.HIGHEST_PROTOCOL, repr(limits))
    add("cwd", os.getcwd(), "given", repr(given))
    for name, size, mtime in _code_fingerprint():
        add(name, size, mtime)
    roots = [Path(p) for p in given] if given is not None else [bundled_criteria_dir()]
    files, bad = criteria_paths_found(roots)
    add("bad", repr(bad))
    # every YAML file the loader could read: those named, and those beside them or in the bundled
    # folder (where a missing vocabulary is looked for), each with its full content
    seen: set[Path] = set()
    named = [f.resolve() for f in files]
    folders = list(dict.fromkeys(f.parent for f in named)) + [bundled_criteria_dir().resolve()]
    candidates = named + [q.resolve() for d in folders if d.is_dir() for q in sorted(d.glob("*.y*ml"))]
    for f in candidates:
        if f in seen:
            continue
        seen.add(f)
        add("file", f, f.read_bytes() if f.is_file() else b"<not a file>")
    return h.hexdigest()


def _code_fingerprint() -> list[tuple[str, int, int]]:
    """(module path, size, modification time) of every module of the antt package."""
    root = Path(__file__).resolve().parent.parent
    out: list[tuple[str, int, int]] = []
    todo = [root]
    while todo:
        d = todo.pop()
        with os.scandir(d) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    if e.name != "__pycache__" and not e.name.startswith("_bundled"):
                        todo.append(Path(e.path))
                elif e.name.endswith(".py"):
                    st = e.stat()
                    out.append((os.path.relpath(e.path, root), st.st_size, st.st_mtime_ns))
    return sorted(out)


def _trusted(path: Path) -> bool:
    """A file or folder only the user can write to (always so on Windows, whose per-user folder is
    the user's own)."""
    if os.name != "posix":
        return True
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def _read(folder: Path, key: str) -> Any:
    path = folder / f"{_PREFIX}{key}.pickle"
    try:
        if not path.is_file() or not _trusted(folder) or not _trusted(path):
            return None
        with open(path, "rb") as fh:
            data = fh.read()
        found = pickle.loads(data)
        os.utime(path)  # used: the last to be pruned
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is no entry: load and write it again
        return None
    from antt_cli.criteria.model import CriteriaSet

    return found if isinstance(found, CriteriaSet) else None


def _write(folder: Path, key: str, criteria: CriteriaSet) -> None:
    """Keep `criteria` (best effort: a cache that cannot be written is no cache)."""
    try:
        data = pickle.dumps(criteria, pickle.HIGHEST_PROTOCOL)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(folder):
            return
        import tempfile  # only when an entry is written

        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".pickle", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, folder / f"{_PREFIX}{key}.pickle")
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        _prune(folder)
    except Exception:  # noqa: BLE001 - read-only home, full disk, an object that does not pickle
        return


def _prune(folder: Path) -> None:
    entries = []
    for p in folder.glob(f"{_PREFIX}*.pickle"):
        try:
            entries.append((p.stat().st_mtime_ns, p))
        except OSError:
            continue
    for _, p in sorted(entries, reverse=True)[KEEP:]:
        try:
            p.unlink()
        except OSError:
            pass


__all__ = ["cache_dir", "cache_key", "load_criteria"]
