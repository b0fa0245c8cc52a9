"""A built gazetteer kept on disk between runs, keyed by its data files and the code that builds it."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from app.text.table_cache import cache_dir, load

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
    import ahocorasick
    import numpy as np

    key = repr((data_key, _code_digest(), sys.version, np.__version__,
                getattr(ahocorasick, "__version__", ""), pickle.HIGHEST_PROTOCOL))
    return folder / f"gazetteer-{hashlib.sha256(key.encode()).hexdigest()[:24]}.pickle"


def store(path: Path | None, obj: object) -> None:
    """Pickle ``obj`` to ``path`` atomically; a read-only or full disk is not an error."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        old = sorted(path.parent.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime,
                     reverse=True)[_KEEP:]
        for p in old:
            p.unlink(missing_ok=True)
    except Exception:
        try:
            os.unlink(tmp)  # type: ignore[possibly-undefined]
        except Exception:
            pass
