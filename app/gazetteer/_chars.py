"""Character classes of the scripts the gazetteer reads, as cached tables and integer keys."""

from __future__ import annotations

import threading
import unicodedata
from typing import Iterable

import numpy as np

from app.text.table_cache import cached

ZWNJ = "\u200c"


def _script(ch: str) -> str:
    """'arabic', 'latin', 'cyrillic', 'armenian', 'other' for one letter."""
    o = ord(ch)
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
        return "arabic"
    if 0x0400 <= o <= 0x052F:
        return "cyrillic"
    if 0x0530 <= o <= 0x058F:
        return "armenian"
    if ch.isalpha() and (o < 0x0250 or 0x1E00 <= o <= 0x1EFF):
        return "latin"
    return "other"


def _alias_script(alias: str) -> str:
    for ch in alias:
        if ch.isalpha():
            return _script(ch)
    return "other"


_WORD_CACHE: dict[str, bool] = {}


def _is_word(ch: str) -> bool:
    """Letter, digit, combining mark or ZWNJ: a character that continues a word."""
    w = _WORD_CACHE.get(ch)
    if w is None:
        w = ch.isalnum() or ch == ZWNJ or unicodedata.category(ch)[0] == "M"
        if len(_WORD_CACHE) < 100_000:
            _WORD_CACHE[ch] = w
    return w


class _WordMap(dict):
    """``str.translate`` table: word characters -> "1", others -> "0" (filled lazily)."""

    def __missing__(self, cp: int) -> str:
        v = "1" if _is_word(chr(cp)) else "0"
        if len(self) < 200_000:
            self[cp] = v
        return v


_WORDMAP = _WordMap()
_UPPER_NP: "np.ndarray | None" = None  # BMP code point -> str.isupper()


def _upper_table() -> "np.ndarray":
    global _UPPER_NP
    if _UPPER_NP is None:
        _UPPER_NP = cached("upper", (__file__,), lambda: np.array(
            [chr(cp).isupper() for cp in range(0x10000)], dtype=bool))
    return _UPPER_NP


_AFFIX_LETTERS = 4   # Arabic-script clitics/endings of up to 4 letters ...
_AFFIX_BITS = 11     # ... below U+0800 fit one integer key (length in the top bits)


_LATIN_LETTERS = 6   # Latin endings of up to 6 letters ...
_LATIN_BITS = 10     # ... below U+0400 fit one integer key


def _affix_keys(affixes: Iterable[str], letters: int = _AFFIX_LETTERS,
                bits: int = _AFFIX_BITS) -> "np.ndarray":
    """Sorted integer keys (see :func:`_affix_key_array`) of the affixes that fit one."""
    keys = set()
    for a in affixes:
        if 1 <= len(a) <= letters and all(ord(c) < 1 << bits for c in a):
            k = len(a) << 60
            for j, c in enumerate(a):
                k |= ord(c) << (bits * j)
            keys.add(k)
    return np.array(sorted(keys), dtype=np.uint64)


def _affix_key_array(cps: "np.ndarray", starts: "np.ndarray", lengths: "np.ndarray",
                     letters: int = _AFFIX_LETTERS, bits: int = _AFFIX_BITS
                     ) -> "tuple[np.ndarray, np.ndarray]":
    """Integer keys of the strings ``cps[start:start + length]`` (1..``letters``
    letters), and a mask of those that do not fit a key (empty, longer, or a
    code point >= 2**bits)."""
    n = len(cps)
    steps = np.arange(letters)
    # the first ``letters`` code points of every string at once (strings x letters)
    at = np.minimum(np.maximum(starts[:, None] + steps, 0), max(n - 1, 0))
    has = lengths[:, None] > steps
    c = np.where(has, cps[at], 0).astype(np.uint64)
    bad = (lengths > letters) | (lengths < 1) | (c >= 1 << bits).any(axis=1)
    # the letters' bits do not overlap: their sum is their bitwise or
    shifts = (steps * bits).astype(np.uint64)
    key = (lengths.astype(np.uint64) << np.uint64(60)) | (c << shifts).sum(axis=1, dtype=np.uint64)
    return key, bad


_LATIN_NP: "np.ndarray | None" = None  # BMP code point -> _script() == "latin"


def _latin_table() -> "np.ndarray":
    global _LATIN_NP
    if _LATIN_NP is None:
        _LATIN_NP = cached("latin", (__file__,), lambda: np.array(
            [_script(chr(cp)) == "latin" if not 0xD800 <= cp <= 0xDFFF else False
             for cp in range(0x10000)], dtype=bool))
    return _LATIN_NP


def _in_keys(key: "np.ndarray", table: "np.ndarray") -> "np.ndarray":
    if not len(table):
        return np.zeros(len(key), dtype=bool)
    at = np.minimum(np.searchsorted(table, key), len(table) - 1)
    return table[at] == key


_ALPHA_NP: "np.ndarray | None" = None  # BMP code point -> str.isalpha()


def _alpha_table() -> "np.ndarray":
    global _ALPHA_NP
    if _ALPHA_NP is None:
        _ALPHA_NP = cached("alpha", (__file__,), lambda: np.array(
            [chr(cp).isalpha() for cp in range(0x10000)], dtype=bool))
    return _ALPHA_NP


_WORD_NP: "np.ndarray | None" = None   # BMP code point -> ord("1") word / ord("0") not
_WORD_NP_LOCK = threading.Lock()


def _word_flags(s: str) -> str:
    """``s.translate(_WORDMAP)``: "1" per word character, "0" per other (numpy lookup)."""
    return _word_flags_cps(s)[0]


def _word_table() -> "np.ndarray":
    table = np.full(0x10000, ord("0"), dtype=np.uint8)
    for cp in range(0x10000):
        if _is_word(chr(cp)):
            table[cp] = ord("1")
    return table


def _word_flags_cps(s: str) -> "tuple[str, np.ndarray]":
    """(:func:`_word_flags` of ``s``, the code points of ``s`` as a numpy array)."""
    global _WORD_NP
    cps = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if s.isascii():
        return s.translate(_WORDMAP), cps
    if _WORD_NP is None:
        with _WORD_NP_LOCK:
            if _WORD_NP is None:
                _WORD_NP = cached("word", (__file__,), _word_table)
    flags = _WORD_NP.take(cps, mode="clip")         # beyond the BMP: fixed below
    astral = np.flatnonzero(cps > 0xFFFF)
    for i in astral.tolist():
        flags[i] = ord("1") if _is_word(s[i]) else ord("0")
    return flags.tobytes().decode("ascii"), cps


_ARABIC_NP: "np.ndarray | None" = None  # BMP code point -> _script() == "arabic"


def _arabic_table() -> "np.ndarray":
    global _ARABIC_NP
    if _ARABIC_NP is None:
        table = np.zeros(0x10000, dtype=bool)
        for a, b in ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFEFF)):
            table[a:b + 1] = True
        _ARABIC_NP = table
    return _ARABIC_NP


class _ScriptMap(dict):
    def __missing__(self, ch: str) -> str:
        v = _script(ch)
        self[ch] = v
        return v


_SCRIPTS = _ScriptMap()
