"""Scripts: letters per script (Arabic, Latin, Cyrillic, Armenian, ...) and the dominant one.

The counts are what :mod:`app.text.language` decides with; :func:`script_of`
names a text's dominant script as an ISO 15924 code.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

__all__ = ["script_of"]

_CY = "\u0400-\u052f"
_SCRIPT_CLASSES = {
    "Arab": re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff"
                       "\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"),
    "Latn": re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "Cyrl": re.compile(f"[{_CY}]"),
    "Armn": re.compile("[\u0531-\u058f\ufb13-\ufb17]"),
    "Geor": re.compile("[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]"),
    "Grek": re.compile("[\u0370-\u03ff\u1f00-\u1fff]"),
    "Hebr": re.compile("[\u0590-\u05ff]"),
}
_SAMPLE = 20000


def _sample(s: str) -> str:
    """Up to ~_SAMPLE characters spread over ``s`` (whole string when short)."""
    if len(s) <= _SAMPLE:
        return s
    k = 10
    step = len(s) // k
    size = _SAMPLE // k
    return "".join(s[i * step: i * step + size] for i in range(k))


_SCRIPT_CODES = {"Arab": "A", "Latn": "L", "Cyrl": "C", "Armn": "H", "Geor": "G", "Grek": "K",
                 "Hebr": "E"}
_SCRIPT_TABLE: dict[int, str | None] | None = None


def _script_table() -> dict[int, str | None]:
    """str.translate table: letters -> one code character per script, the rest deleted."""
    global _SCRIPT_TABLE
    if _SCRIPT_TABLE is None:
        table: dict[int, str | None] = {}
        for cp in range(0x10000):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            ch = chr(cp)
            code = None
            for name, rx in _SCRIPT_CLASSES.items():
                if rx.match(ch):
                    code = _SCRIPT_CODES[name]
                    break
            table[cp] = code
        _SCRIPT_TABLE = table
    return _SCRIPT_TABLE


def _script_counts(s: str) -> dict[str, int]:
    """Number of letters of each script in ``s`` (one str.translate pass)."""
    codes = s.translate(_script_table())
    return {name: codes.count(code) for name, code in _SCRIPT_CODES.items()}


_SCRIPT_NAMES = tuple(_SCRIPT_CODES)          # column order of _span_script_counts
_SCRIPT_NP: np.ndarray | None = None          # BMP code point -> 1 + index in _SCRIPT_NAMES, 0 none


def _script_np() -> np.ndarray:
    """numpy form of :func:`_script_table` (same classes, built from it once)."""
    global _SCRIPT_NP
    if _SCRIPT_NP is None:
        table = np.zeros(0x10000, dtype=np.uint8)
        index = {code: i + 1 for i, code in enumerate(_SCRIPT_CODES.values())}
        for cp, code in _script_table().items():
            if code is not None:
                table[cp] = index[code]
        _SCRIPT_NP = table
    return _SCRIPT_NP


def _span_script_counts(text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Letters of each script (columns in ``_SCRIPT_NAMES`` order) in each span of ``text``.

    The same numbers as :func:`_script_counts` on each ``text[a:b]``, from one
    vectorised pass over the document (prefix sums per script present).
    """
    out = np.zeros((len(spans), len(_SCRIPT_NAMES)), dtype=np.int64)
    if not len(spans):
        return out
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    codes = _script_np()[np.minimum(cps, 0xFFFF)]
    if len(cps) and cps.max() > 0xFFFF:
        codes[cps > 0xFFFF] = 0             # astral letters: not counted (as str.translate)
    bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    a, b = bounds[:, 0], bounds[:, 1]
    present = np.flatnonzero(np.bincount(codes, minlength=len(_SCRIPT_NAMES) + 1)[1:])
    for k in present.tolist():
        # positions of this script's letters; a span's count is how many lie in [a, b)
        where = np.flatnonzero(codes == k + 1)
        out[:, k] = np.searchsorted(where, b, side="left") - np.searchsorted(where, a, side="left")
    return out


def script_of(s: str) -> str | None:
    """Dominant script of ``s`` as an ISO 15924 code, or ``None`` without letters."""
    counts = _script_counts(_sample(s))
    best = max(counts, key=counts.get)
    return best if counts[best] else None
