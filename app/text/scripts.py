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
_SCRIPT_NAMES = tuple(_SCRIPT_CODES)          # column order of _span_script_counts
_SCRIPT_NP: np.ndarray | None = None          # BMP code point -> 1 + index in _SCRIPT_NAMES, 0 none


_BMP: str | None = None    # every BMP character in order (NUL for the surrogates)


def _bmp_matches(rx: "re.Pattern") -> np.ndarray:
    """The BMP code points (surrogates excepted) one character of which ``rx`` matches."""
    global _BMP
    if _BMP is None:
        cps = np.arange(0x10000, dtype=np.uint32)
        cps[0xD800:0xE000] = 0
        _BMP = cps.tobytes().decode("utf-32-le")
    hits = np.array([m.start() for m in rx.finditer(_BMP)], dtype=np.int64)
    return hits[(hits < 0xD800) | (hits > 0xDFFF)]


def _script_np() -> np.ndarray:
    """BMP code point -> 1 + its script's column in ``_SCRIPT_NAMES`` (0: not a letter
    of a known script); the first class in ``_SCRIPT_CLASSES`` that matches wins."""
    global _SCRIPT_NP
    if _SCRIPT_NP is None:
        table = np.zeros(0x10000, dtype=np.uint8)
        for i, name in reversed(list(enumerate(_SCRIPT_NAMES))):   # earlier classes win
            table[_bmp_matches(_SCRIPT_CLASSES[name])] = i + 1
        _SCRIPT_NP = table
    return _SCRIPT_NP


def _script_counts(s: str) -> dict[str, int]:
    """Number of letters of each script in ``s`` (astral characters are not counted)."""
    counts = np.bincount(_script_codes(s), minlength=len(_SCRIPT_NAMES) + 1)[1:].tolist()
    return dict(zip(_SCRIPT_NAMES, counts))


def _script_codes(text: str) -> np.ndarray:
    """Per character of ``text``: 1 + its script's column in ``_SCRIPT_NAMES`` (0: none; letters
    beyond the BMP are not counted, as in :func:`_script_counts`)."""
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    codes = _script_np().take(cps, mode="clip")     # beyond the BMP: zeroed below
    if len(cps) and cps.max() > 0xFFFF:
        codes[cps > 0xFFFF] = 0
    return codes


def _dominant_script(codes: np.ndarray) -> str | None:
    """:func:`script_of` a text no longer than its sample, from its :func:`_script_codes`."""
    counts = np.bincount(codes, minlength=len(_SCRIPT_NAMES) + 1)[1:]
    k = int(counts.argmax())                  # the first script with the most letters
    return _SCRIPT_NAMES[k] if counts[k] else None


def _span_script_counts(text: str, spans: Sequence[tuple[int, int]],
                        codes: np.ndarray | None = None) -> np.ndarray:
    """Letters of each script (columns in ``_SCRIPT_NAMES`` order) in each span of ``text``.

    The same numbers as :func:`_script_counts` on each ``text[a:b]``, from one
    vectorised pass over the document (prefix sums per script present); ``codes`` are the
    text's :func:`_script_codes` when already known.
    """
    out = np.zeros((len(spans), len(_SCRIPT_NAMES)), dtype=np.int64)
    if not len(spans):
        return out
    if codes is None:
        codes = _script_codes(text)
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
