"""Lookup tables built once per machine and kept on disk, keyed by the code that builds them.

Several steps of the pipeline build a table over every BMP character (the
normalisation's folding, word and script flags) or from library data (month
names from Babel) the first time they run; in a fresh process that is most of
the annotator's start-up. :func:`cached` keeps such a table in the cache folder
(:func:`cache_dir`: ``$ATLAS_CACHE_DIR``, else ``~/.cache/south-caucasus-atlas``;
``ATLAS_CACHE_DIR=off`` turns it off), under a name that changes with the
source file of the builder, the Python, numpy and Unicode versions and any
extra version given, so an edited builder or a new library rebuilds it.
Nothing here is needed for correctness: an absent, unreadable or stale file is
rebuilt, and a read-only disk only means the table is built every time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Callable, TypeVar

import numpy as np

__all__ = ["cache_dir", "cached", "compiled", "load", "store"]

T = TypeVar("T")
_KEEP = 3                 # newest files kept per table name (other versions of the code)
_SOURCES: dict[str, str] = {}


def cache_dir() -> Path | None:
    """``$ATLAS_CACHE_DIR``, else ``$XDG_CACHE_HOME``/``~/.cache`` + ``/south-caucasus-atlas``.

    ``ATLAS_CACHE_DIR=off`` (or an empty value) turns the cache off.
    """
    env = os.environ.get("ATLAS_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "none") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "south-caucasus-atlas"


def load(path: Path | None) -> object | None:
    """The object pickled at ``path``, or None when absent or unreadable."""
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # absent, truncated or from another version: rebuild
        return None


def store(path: Path | None, obj: object, keep: int, pattern: str) -> None:
    """Pickle ``obj`` to ``path`` atomically, keeping the ``keep`` newest files matching
    ``pattern`` in its folder; a read-only or full disk is not an error."""
    if path is None:
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        old = sorted(path.parent.glob(pattern), key=lambda p: p.stat().st_mtime,
                     reverse=True)[keep:]
        for p in old:
            p.unlink(missing_ok=True)
    except Exception:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _source_digest(path: str) -> str:
    got = _SOURCES.get(path)
    if got is None:
        try:
            got = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            got = "unreadable"
        _SOURCES[path] = got
    return got


def cached(name: str, sources: tuple[str, ...], build: Callable[[], T], extra: str = "") -> T:
    """``build()``, or the table it built before on this machine.

    ``name`` names the table (a file name part), ``sources`` are the source files
    whose code shapes it (usually ``__file__`` of the builder's module) and
    ``extra`` any other version it depends on (a library's version).
    """
    folder = cache_dir()
    if folder is None:
        return build()
    key = repr((name, [_source_digest(s) for s in sources], extra, sys.version,
                np.__version__, unicodedata.unidata_version, pickle.HIGHEST_PROTOCOL))
    path = folder / f"table-{name}-{hashlib.sha256(key.encode()).hexdigest()[:20]}.pickle"
    got = load(path)
    if isinstance(got, tuple) and len(got) == 2 and got[0] == key:
        return got[1]
    value = build()
    store(path, (key, value), _KEEP, f"table-{name}-*.pickle")
    return value


# CPython versions whose re._compiler.compile is the parse, _code and _sre.compile done below
_RE_INTERNALS = {(3, 11), (3, 12), (3, 13)}


def compiled(name: str, source: str, flags: int = 0) -> "re.Pattern":
    """``re.compile(source, flags)``, with the program it compiles to kept on disk.

    Python's regex compiler (parse, then code generation) takes ~0.13 s on the date pattern,
    in every run; the program it makes is a list of integers, so :func:`cached` keeps it (keyed
    by the pattern and the Python version) and ``_sre.compile`` rebuilds the pattern from it in
    a few milliseconds. Where ``re``'s internals are not the known ones, or anything fails,
    this is plain ``re.compile``.
    """
    if sys.version_info[:2] not in _RE_INTERNALS or sys.implementation.name != "cpython":
        return re.compile(source, flags)
    try:
        import _sre
        from re import _compiler, _parser

        def build() -> tuple:
            parsed = _parser.parse(source, flags)
            code = _compiler._code(parsed, flags)
            groupindex = dict(parsed.state.groupdict)
            indexgroup = [None] * parsed.state.groups
            for k, i in groupindex.items():
                indexgroup[i] = k
            return (flags | parsed.state.flags, [int(c) for c in code], parsed.state.groups - 1,
                    groupindex, tuple(indexgroup))

        digest = hashlib.sha256(f"{flags}:{source}".encode("utf-8", "surrogatepass")).hexdigest()
        all_flags, code, groups, groupindex, indexgroup = cached(
            "regex-" + name, (__file__,), build, extra=digest)
        return _sre.compile(source, all_flags, code, groups, groupindex, indexgroup)
    except Exception:  # internals not as expected: the ordinary way
        return re.compile(source, flags)
