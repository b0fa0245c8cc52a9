"""Normalisation for matching, with the offset map back to the original text.

Everything the matchers (``app.gazetteer``, ``app.dates``) compare is
*normalised* text; everything the rest of the app shows or stores is
*original* text. :func:`normalise` returns both plus an offset map, so any
span found in the normalised text maps back to the exact original surface.

Normalisation rules (the same function is applied to aliases and to text)
-------------------------------------------------------------------------
* Arabic-script letter variants fold to the Persian forms: ي ى ې ئ -> ی,
  ك ڪ -> ک, ة ۀ ە ہ ھ ۃ -> ه, أ إ آ ٱ ٲ ٳ -> ا, ؤ -> و; Arabic presentation
  forms (ﻻ ...) decompose to base letters.
* Removed (0 characters): harakat and other Arabic marks (incl. superscript
  alef), tatweel, combining diacritics, ZWNJ/ZWJ, bidi controls, soft hyphen,
  BOM. So ``قره‌باغ`` and ``قرهباغ`` normalise alike.
* Digits of every script (Persian ۰-۹, Arabic-Indic ٠-٩, ...) -> ASCII.
  Arabic punctuation -> ASCII: ، -> ``,`` ؛ -> ``;`` ؟ -> ``?`` ٫ -> ``.``
  ٬ -> ``,`` ۔ -> ``.`` ٪ -> ``%``.
* Case: full casefold (ß -> ss, so one character may become two), with the
  Turkish/Azerbaijani dotted/dotless i folded to plain ``i`` (İ -> i, ı -> i).
* Latin (and Greek/Cyrillic) diacritics are folded for recall: ç -> c,
  ş -> s, ğ -> g, ä/å -> a, ö -> o, ü -> u, é -> e, ё -> е, and ə -> e,
  ø -> o, æ -> ae, œ -> oe, ł -> l, đ -> d. Cyrillic й is kept (not и).
  "Naxçıvan" and "Naxcivan" both become "naxcivan".
* Typographic quotes “ ” „ « » ″ -> ``"``; ‘ ’ ‚ ′ -> ``'``; dashes
  – — ‒ ― − ‐ -> ``-``; NBSP, thin and other spaces -> a plain space.
* Mixed-script words (found with numpy, characters replaced one for one):
  Cyrillic or Latin letters inside an Arabic-script word (OCR errors such as
  ``متحдан``) become the Persian letter they stand for (д -> د, а -> ا,
  н -> ن, ...) when they are not the majority of the word's letters (a
  run of three or more Latin letters is kept: a glued foreign word); in a
  word mixing Latin and Cyrillic letters, look-alike letters of the minority
  script become the majority script's letter (``Bаku`` with Cyrillic а ->
  ``baku``).

Speed: one vectorised pass (numpy lookup tables over the UTF-32 code points,
``np.repeat`` for deleted/expanded characters); ~40-70 MB/s on one core over
the seeds repeated to 10 MB (``benchmarks/bench_text.py``).

Offsets: ``Normalised.offsets[i]`` is the index in ``original`` of the
character that produced ``text[i]`` (``None`` when the map is the identity).
:meth:`Normalised.span` maps a normalised slice back; a trailing combining
mark (a haraka after the last letter) is included in the original surface,
deleted format characters around the slice (ZWNJ, bidi marks) are not.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from app.text.table_cache import cached

__all__ = ["Normalised", "normalise"]

_ARABIC_OVERRIDES = {
    # yeh / alef maksura / hamza on yeh -> Persian yeh
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u06d0": "\u06cc", "\u06cd": "\u06cc",
    "\u0626": "\u06cc", "\u06ce": "\u06cc",
    # kaf
    "\u0643": "\u06a9", "\u06aa": "\u06a9",
    # teh marbuta, heh variants
    "\u0629": "\u0647", "\u06c0": "\u0647", "\u06d5": "\u0647", "\u06c1": "\u0647",
    "\u06be": "\u0647", "\u06c3": "\u0647", "\u06c2": "\u0647",
    # alef variants
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0672": "\u0627", "\u0673": "\u0627", "\u0675": "\u0627",
    # waw with hamza
    "\u0624": "\u0648", "\u0676": "\u0648",
    # punctuation
    "\u060c": ",", "\u061b": ";", "\u061f": "?", "\u066b": ".", "\u066c": ",",
    "\u06d4": ".", "\u066a": "%",
}

_OTHER_OVERRIDES = {
    "\u0130": "i", "\u0131": "i",                      # İ ı
    "\u0259": "e", "\u018f": "e",                      # ə Ə
    "\u00f8": "o", "\u00d8": "o", "\u00e6": "ae", "\u00c6": "ae",
    "\u0153": "oe", "\u0152": "oe", "\u0142": "l", "\u0141": "l",
    "\u0111": "d", "\u0110": "d", "\u00f0": "d", "\u00de": "th", "\u00fe": "th",
    "\u0419": "\u0439", "\u0439": "\u0439",            # keep Cyrillic й
}
for _c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036\u301d\u301e\uff02":
    _OTHER_OVERRIDES[_c] = '"'
for _c in "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u00b4\u02bc\u02bb\uff07":
    _OTHER_OVERRIDES[_c] = "'"
for _c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d":
    _OTHER_OVERRIDES[_c] = "-"
for _c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000":
    _OTHER_OVERRIDES[_c] = " "

_DELETE_RANGES = [
    (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
    (0x0591, 0x05C7),                                   # Hebrew points
    (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC),
    (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED), (0x08D3, 0x08FF),
    (0x0640, 0x0640),                                   # tatweel
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069),
    (0xFEFF, 0xFEFF), (0x00AD, 0x00AD), (0x061C, 0x061C),
]
_DELETE = {chr(c) for a, b in _DELETE_RANGES for c in range(a, b + 1)}
# NFKD is not applied to these blocks (Hangul would explode into jamo).
_NO_NFKD = [(0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F)]


def _fold_one(ch: str) -> str:
    """Normalise one character by the rules in the module docstring (no context)."""
    if ch in _DELETE:
        return ""
    if ch in _ARABIC_OVERRIDES:
        return _ARABIC_OVERRIDES[ch]
    if ch in _OTHER_OVERRIDES:
        return _OTHER_OVERRIDES[ch]
    cp = ord(ch)
    if unicodedata.category(ch) == "Nd":
        return str(unicodedata.decimal(ch))
    if any(a <= cp <= b for a, b in _NO_NFKD):
        return ch.casefold()
    decomposed = unicodedata.normalize("NFKD", ch)
    out = []
    for d in decomposed:
        if d in _DELETE or unicodedata.category(d) == "Mn":
            continue
        if d in _ARABIC_OVERRIDES:
            out.append(_ARABIC_OVERRIDES[d])
        elif d in _OTHER_OVERRIDES:
            out.append(_OTHER_OVERRIDES[d])
        elif unicodedata.category(d) == "Nd":
            out.append(str(unicodedata.decimal(d)))
        else:
            for f in d.casefold():
                if unicodedata.category(f) == "Mn":
                    continue
                out.append(_OTHER_OVERRIDES.get(f, f))
    return "".join(out)


_TABLE_LOCK = threading.Lock()
_TABLE: dict[int, str] | None = None
_LENS: np.ndarray | None = None       # output length per BMP code point
_ONE: np.ndarray | None = None        # BMP code point -> its single output code point
_EXP: np.ndarray | None = None        # BMP code point -> up to K output code points


def _tables() -> tuple[dict[int, str], np.ndarray]:
    """Build (once) the per-character tables: a str.translate dict, the output
    length of each BMP code point, and numpy lookup tables for the vectorised pass
    (kept on disk between runs: :mod:`app.text.table_cache`)."""
    global _TABLE, _LENS, _ONE, _EXP
    if _TABLE is None:
        with _TABLE_LOCK:
            if _TABLE is None:
                table, lens, one, exp = cached("normalise", (__file__,), _build_tables)
                _LENS, _ONE, _EXP = lens, one, exp
                _TABLE = table
    return _TABLE, _LENS  # type: ignore[return-value]


def _build_tables() -> tuple[dict[int, str], np.ndarray, np.ndarray, np.ndarray]:
    """The tables of :func:`_tables`, from :func:`_fold_one` on every BMP character."""
    table: dict[int, str] = {}
    lens = np.ones(0x10000, dtype=np.int64)
    one = np.arange(0x10000, dtype=np.uint32)
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if cp < 0x80 and not ("A" <= ch <= "Z"):
            continue
        out = _fold_one(ch)
        if out != ch:
            table[cp] = out
            lens[cp] = len(out)
            if len(out) == 1:
                one[cp] = ord(out)
    k = int(lens.max())
    exp = np.zeros((0x10000, k), dtype=np.uint32)
    exp[:, 0] = one
    for cp, out in table.items():
        if len(out) != 1:
            exp[cp, :len(out)] = [ord(c) for c in out]
    return table, lens, one, exp


# Context-dependent, one-for-one replacements -------------------------------

# Cyrillic/Latin letters standing for a Persian letter (read phonetically, as
# an OCR engine confusing scripts produces them: متحдан = متحدان).
_TO_PERSIAN = {
    "а": "ا", "б": "ب", "в": "و", "г": "گ", "д": "د", "е": "ه", "ж": "ژ", "з": "ز",
    "и": "ی", "й": "ی", "к": "ک", "л": "ل", "м": "م", "н": "ن", "о": "و", "п": "پ",
    "р": "ر", "с": "س", "т": "ت", "у": "و", "ф": "ف", "х": "خ", "ч": "چ", "ш": "ش",
    "і": "ی", "я": "ی", "ю": "و", "ы": "ی",
    "a": "ا", "b": "ب", "v": "و", "g": "گ", "d": "د", "e": "ه", "z": "ز", "i": "ی",
    "y": "ی", "k": "ک", "l": "ل", "m": "م", "n": "ن", "o": "و", "p": "پ", "r": "ر",
    "s": "س", "t": "ت", "u": "و", "f": "ف", "x": "خ", "j": "ج", "q": "ق", "h": "ه",
    "c": "ک", "w": "و",
}
# Cyrillic look-alikes of Latin letters (after casefolding) and back.
_CYR_TO_LAT = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "і": "i", "ј": "j", "к": "k", "м": "m",
    "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
}
_LAT_TO_CYR = {
    "a": "а", "b": "в", "e": "е", "h": "н", "i": "і", "j": "ј", "k": "к", "m": "м",
    "o": "о", "p": "р", "c": "с", "t": "т", "y": "у", "x": "х", "s": "ѕ",
}
_AR = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
_CY = "\u0400-\u052f"
_LA = "a-z\u00df-\u024f"
# A mixed word: letters of two scripts touching each other.
_WORD_AROUND = re.compile(f"[{_AR}{_CY}{_LA}]+")
_ARAB_LETTER = re.compile(f"[{_AR}]")
_CYR_LETTER = re.compile(f"[{_CY}]")
_LAT_LETTER = re.compile(f"[{_LA}]")
_LATIN_OR_CYRILLIC_RUN = re.compile(f"[{_LA}]+|[{_CY}]+")


def _fix_word(word: str) -> str:
    """Repair one mixed-script word (same length in, same length out)."""
    n_ar = len(_ARAB_LETTER.findall(word))
    n_cy = len(_CYR_LETTER.findall(word))
    n_la = len(_LAT_LETTER.findall(word))
    if n_ar and (n_cy or n_la):
        if n_cy + n_la > n_ar:
            return word
        # Cyrillic runs are OCR confusions; a Latin run of 3+ letters is more
        # likely a foreign word glued to a Persian one ("روزنامهDAWN"): keep it.
        return _LATIN_OR_CYRILLIC_RUN.sub(
            lambda m: m.group() if _LAT_LETTER.match(m.group()) and len(m.group()) > 2
            else "".join(_TO_PERSIAN.get(c, c) for c in m.group()), word)
    if n_cy and n_la:
        if n_la >= n_cy:
            return "".join(_CYR_TO_LAT.get(c, c) for c in word)
        return "".join(_LAT_TO_CYR.get(c, c) for c in word)
    return word


_SCRIPT_OF_CP: np.ndarray | None = None   # BMP code point -> 0 other, 1 Arabic, 2 Cyrillic, 3 Latin


def _mixed_positions(cps: np.ndarray) -> np.ndarray:
    """Indices i where letters of two scripts touch (``cps[i]`` and ``cps[i+1]``)."""
    global _SCRIPT_OF_CP
    if _SCRIPT_OF_CP is None:
        table = np.zeros(0x10000, dtype=np.uint8)
        for a, b in ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF)):
            table[a:b + 1] = 1
        table[0x0400:0x0530] = 2
        table[ord("a"):ord("z") + 1] = 3
        table[0x00DF:0x0250] = 3
        table[0x00F7] = 0
        _SCRIPT_OF_CP = table
    codes = _SCRIPT_OF_CP.take(cps, mode="clip")
    codes[cps > 0xFFFF] = 0
    left, right = codes[:-1], codes[1:]
    return np.flatnonzero((left != right) & (left > 0) & (right > 0))


def _fix_mixed_words(text: str, cps: np.ndarray | None = None) -> str:
    """One-for-one repair of every mixed-script word in ``text``.

    ``cps`` may give the code points of ``text`` (numpy uint32) to save work.
    """
    if text.isascii():
        return text
    if cps is None:
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    hints = _mixed_positions(cps)
    if not len(hints):
        return text
    parts: list[str] = []
    pos = 0
    for h in hints.tolist():
        if h < pos:
            continue
        # expand to the whole word around the hint
        a = h
        while a > 0 and _WORD_AROUND.match(text, a - 1, a):
            a -= 1
        m = _WORD_AROUND.match(text, a)
        b = m.end() if m else h + 2
        parts.append(text[pos:a])
        parts.append(_fix_word(text[a:b]))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


@dataclass(frozen=True)
class Normalised:
    """A text normalised for matching, with the map back to the original.

    ``offsets[i]`` is the index in ``original`` of the character that produced
    ``text[i]``; ``offsets`` is ``None`` when no character was deleted or
    expanded (then the map is the identity).
    """

    original: str
    text: str
    offsets: np.ndarray | None = field(default=None, compare=False, repr=False)

    def orig_index(self, i: int) -> int:
        """Index in ``original`` of the character that produced ``text[i]``."""
        if self.offsets is None:
            return i
        return int(self.offsets[i])

    def norm_index(self, orig: int) -> int:
        """First index of ``text`` produced at or after ``original[orig]`` (inverse map)."""
        if self.offsets is None:
            return orig
        key = np.asarray(orig, dtype=self.offsets.dtype)   # same dtype: no array copy
        return int(self.offsets.searchsorted(key, side="left"))

    def spans(self, starts, ends) -> tuple[list[int], list[int]]:
        """:meth:`span` for many slices at once (numpy): two lists of original offsets.

        ``starts``/``ends`` are sequences of normalised offsets with
        ``start < end`` for each pair (non-empty slices); the result equals
        ``[self.span(s, e) for s, e in zip(starts, ends)]`` unzipped.
        """
        if self.offsets is None:
            return list(starts), list(ends)
        if not len(starts):
            return [], []
        n = len(self.text)
        st = np.asarray(starts, dtype=np.int64)
        en = np.asarray(ends, dtype=np.int64)
        if st.min() < 0 or en.max() > n or np.any(st >= en):
            # empty or out-of-range slices: the scalar path (and its errors)
            pairs = [self.span(int(a), int(b)) for a, b in zip(st.tolist(), en.tolist())]
            return [a for a, _ in pairs], [b for _, b in pairs]
        off = self.offsets
        s = off[st]
        e = off[en - 1].astype(np.int64) + 1
        ext = np.append(off, len(self.original))
        limit = ext[en]
        s_list = s.tolist()
        e_list = e.tolist()
        orig = self.original
        for i in np.flatnonzero(e < limit).tolist():   # a gap: combining marks may follow
            j, lim = e_list[i], int(limit[i])
            while j < lim and unicodedata.category(orig[j]) == "Mn":
                j += 1
            e_list[i] = j
        return s_list, e_list

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` for the normalised slice ``text[start:end]``.

        ``original[s:e]`` is exactly the surface: it starts at the character that
        produced ``text[start]`` and ends after the one that produced
        ``text[end-1]`` (plus combining marks that were attached to it).
        An empty slice maps to an empty span at the corresponding position.
        """
        n = len(self.text)
        if not (0 <= start <= end <= n):
            raise IndexError(f"span ({start}, {end}) outside 0..{n}")
        if self.offsets is None:
            return start, end
        if start == end:
            pos = int(self.offsets[start]) if start < n else len(self.original)
            return pos, pos
        s = int(self.offsets[start])
        e = int(self.offsets[end - 1]) + 1
        limit = int(self.offsets[end]) if end < n else len(self.original)
        orig = self.original
        while e < limit and unicodedata.category(orig[e]) == "Mn":
            e += 1
        return s, e


def normalise(s: str) -> Normalised:
    """Normalise ``s`` for matching and keep the offset map (see module docstring).

    One vectorised pass: the text's code points (UTF-32) are looked up in
    per-character tables with numpy; only when some character is deleted or
    expanded is the output rebuilt with ``np.repeat`` (which also gives the
    offset map). Code points outside the BMP are kept as they are.
    """
    _tables()
    if s.isascii():
        return Normalised(s, s.lower(), None)
    cps = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32)
    per = _LENS.take(cps, mode="clip")       # beyond the BMP: U+FFFF's entries, then fixed
    astral = cps > 0xFFFF
    any_astral = astral.any()
    if any_astral:
        per[astral] = 1
    one = _ONE.take(cps, mode="clip")
    if any_astral:
        one = np.where(astral, cps, one)
    offsets = None
    if np.all(per == 1):
        out = one
    else:
        offsets = np.repeat(np.arange(len(cps), dtype=np.int32 if len(cps) < 2**31 else np.int64), per)
        out = one[offsets]
        multi = np.flatnonzero(per >= 2)
        if len(multi):                       # expansions (ß -> ss, ligatures): rare
            starts = np.cumsum(per) - per
            for i in multi.tolist():
                n_out = int(per[i])
                out[starts[i]: starts[i] + n_out] = _EXP[min(int(cps[i]), 0xFFFF), :n_out]
    out = out.astype(np.uint32, copy=False)
    text = _fix_mixed_words(out.tobytes().decode("utf-32-le"), out)
    return Normalised(s, text, offsets)


def _normalise_reference(s: str) -> str:
    """The same text as :func:`normalise` by ``str.translate`` (slow; for tests)."""
    table, _ = _tables()
    return _fix_mixed_words(s.translate(table))
