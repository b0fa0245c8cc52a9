"""A built gazetteer kept on disk between runs, keyed by its data files and the code that builds it."""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path

from app.text.table_cache import cache_dir, load
from app.text.table_cache import store as _store

__all__ = ["cache_dir", "cache_file", "load", "store"]

_CODE_DIRS = ("gazetteer", "text")   # packages under app/ whose code shapes the built tables
_KEEP = 8                            # newest cache files kept (other data files, versions)


def _code_digest() -> str:
    app = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for sub in _CODE_DIRS:
        for p in sorted((app / sub).glob("*.py")):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def cache_file(data_key: tuple) -> Path | None:
    """Where the gazetteer built from the files in ``data_key`` is kept (None: no cache)."""
    folder = cache_dir()
    if folder is None:
        return None
    import numpy as np

    key = repr((data_key, _code_digest(), sys.version, np.__version__, pickle.HIGHEST_PROTOCOL))
    return folder / f"gazetteer-{hashlib.sha256(key.encode()).hexdigest()[:24]}.pickle"


def store(path: Path | None, obj: object) -> None:
    """Pickle ``obj`` to ``path`` atomically (the newest :data:`_KEEP` gazetteers kept); a read-only or full
    disk is not an error."""
    _store(path, obj, _KEEP, "gazetteer-*.pickle")
