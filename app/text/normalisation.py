"""Text normalisation with an offset map, sentence spans, script and language.

Everything the matchers (``app.gazetteer``, ``app.dates``) compare is
*normalised* text; everything the rest of the app shows or stores is
*original* text. :func:`normalise` returns both plus an offset map, so any
span found in the normalised text maps back to the exact original surface.

Functions
---------
normalise(s)                          -> Normalised   text for matching + offset map
sentence_spans(s)                     -> [(start, end)] sentences in the original text
script_of(s)                          -> 'Arab' | 'Latn' | 'Cyrl' | 'Armn' | 'Geor' | ... | None
detect_language(s, hint=None)         -> ISO 639-1 code or None
detect_languages(text, spans)         -> (document language, [language per span])

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
the seeds repeated to 10 MB (``benchmarks/bench_text.py``). :func:`sentence_spans`
tries its pattern only where a terminator character stands (numpy);
:func:`detect_languages` counts each span's letters per script and, in a
Latin-script document, its function words in one numpy pass over the
document, so per sentence only lingua (when the cheap cues do not settle it)
costs much.

Offsets: ``Normalised.offsets[i]`` is the index in ``original`` of the
character that produced ``text[i]`` (``None`` when the map is the identity).
:meth:`Normalised.span` maps a normalised slice back; a trailing combining
mark (a haraka after the last letter) is included in the original surface,
deleted format characters around the slice (ZWNJ, bidi marks) are not.

Sentences: :func:`sentence_spans` splits the ORIGINAL text at . ! ? ؟ ۔ … ։
followed by white space (closing quotes, brackets and footnote markers such
as ``^۱`` stay with the sentence) and at line breaks. It does not split after
abbreviations (``U.S.``, ``Dr.``, ``t.ex.``, ``г.``), single-letter initials
in any script (``V.``, ``و.``), list numbers at the start of a line
(``۱. ...``), before a lower-case letter, or inside numbers (``86,000``,
``4.5``, ``62/243``). Semicolons do not end sentences. A single line break
does not split when the line does not end a sentence and the next line
starts with a lower-case letter (hard-wrapped prose).

Language: lingua (offline), restricted to ar fa sv en ru tr az hy de fr ka uk,
one lazily built detector per script. Armenian script -> hy, Georgian -> ka
without calling lingua. Per document first, then per sentence: a sentence in
the document's script keeps the document's language unless lingua is
confident about another one: >= ``SENTENCE_CONFIDENCE`` (0.9) for a long
sentence (>= ``LONG_SENTENCE_LETTERS`` = 60 letters), >= 0.99 for a Latin or
Cyrillic one of 20-59 letters; shorter sentences, and Arabic-script ones
under 60 letters (ar/fa are easily confused), keep it; for Arabic script the
letters ``پ چ ژ گ`` settle Persian in a Persian document without lingua,
and frequent function words settle a sentence in its document's language.
lingua loads its models lazily: the first call per script costs 1-5 s.

Nothing here imports Streamlit or touches the network.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from typing import Sequence

import numpy as np

__all__ = [
    "Normalised",
    "normalise",
    "sentence_spans",
    "script_of",
    "detect_language",
    "detect_languages",
    "LANGUAGES",
    "LONG_SENTENCE_LETTERS",
    "SENTENCE_CONFIDENCE",
    "SHORT_SENTENCE_LETTERS",
    "SHORT_SENTENCE_CONFIDENCE",
    "MIN_FOREIGN_LETTERS",
]

# ---------------------------------------------------------------------------
# Normalisation table
# ---------------------------------------------------------------------------

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
    length of each BMP code point, and numpy lookup tables for the vectorised pass."""
    global _TABLE, _LENS, _ONE, _EXP
    if _TABLE is None:
        with _TABLE_LOCK:
            if _TABLE is None:
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
                _LENS, _ONE, _EXP = lens, one, exp
                _TABLE = table
    return _TABLE, _LENS  # type: ignore[return-value]


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
    codes = _SCRIPT_OF_CP[np.minimum(cps, 0xFFFF)]
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
    idx = np.minimum(cps, 0xFFFF)
    astral = cps > 0xFFFF
    per = _LENS[idx]
    if astral.any():
        per = per.copy()
        per[astral] = 1
    offsets = None
    if np.all(per == 1):
        out = _ONE[idx]
        if astral.any():
            out = np.where(astral, cps, out)
    else:
        offsets = np.repeat(np.arange(len(cps), dtype=np.int32 if len(cps) < 2**31 else np.int64), per)
        one = _ONE[idx]
        if astral.any():
            one = np.where(astral, cps, one)
        out = one[offsets]
        multi = np.flatnonzero(per >= 2)
        if len(multi):                       # expansions (ß -> ss, ligatures): rare
            starts = np.cumsum(per) - per
            for i in multi.tolist():
                n_out = int(per[i])
                out[starts[i]: starts[i] + n_out] = _EXP[idx[i], :n_out]
    out = out.astype(np.uint32, copy=False)
    text = _fix_mixed_words(out.tobytes().decode("utf-32-le"), out)
    return Normalised(s, text, offsets)


def _normalise_reference(s: str) -> str:
    """The same text as :func:`normalise` by ``str.translate`` (slow; for tests)."""
    table, _ = _tables()
    return _fix_mixed_words(s.translate(table))


# ---------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------

_ABBREVIATIONS = {
    # English
    "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "no", "nos", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt",
    "sgt", "capt", "maj", "inc", "ltd", "co", "corp", "jr", "sr", "approx", "ca", "cf", "p", "pp",
    "fig", "vol", "ed", "eds", "dept", "govt", "est", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m",
    # Swedish
    "t.ex", "bl.a", "m.m", "d.v.s", "s.k", "f.d", "o.s.v", "resp", "ung", "kl", "nr",
    # German / French
    "z.b", "usw", "bzw", "ggf", "vgl", "mme", "mlle", "env",
    # Russian / Ukrainian
    "г", "гг", "т.е", "т.д", "т.п", "т.к", "ул", "им", "см", "стр", "тыс", "млн", "млрд", "руб",
    "др", "пр", "проф", "акад",
}
_TERMINATOR = re.compile(
    r"(?:[.!?\u061f\u06d4\u2026\u0589\u3002]+)[\"'\u201d\u2019\u00bb)\]]*(?:\^[0-9\u06f0-\u06f9\u0660-\u0669]{1,3}|[\u00b9\u00b2\u00b3\u2070-\u2079]+)?"
    r"(?=\s|$)"
    r"|\n")
_LOWER_NEXT = re.compile(r"\s*[\"'(\u201c\u2018\u00ab]?(\w)")


_ABBREVIATION_MAX = max(len(a) for a in _ABBREVIATIONS)
_TERMINATOR_FIRST = np.zeros(0x10000, dtype=bool)     # characters a _TERMINATOR match starts with
for _c in ".!?\u061f\u06d4\u2026\u0589\u3002\n":
    _TERMINATOR_FIRST[ord(_c)] = True


def _terminators(s: str):
    """``_TERMINATOR.finditer(s)``, faster: the pattern is tried only where a
    match can start (found with numpy), leftmost first, never inside the last match."""
    if not s:
        return
    cps = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    hits = np.flatnonzero(_TERMINATOR_FIRST[np.minimum(cps, 0xFFFF)] & (cps <= 0xFFFF))
    match = _TERMINATOR.match
    pos = 0
    for c in hits.tolist():
        if c < pos:
            continue
        m = match(s, c)
        if m:
            pos = m.end()
            yield m


def _is_abbreviation(s: str, dot: int) -> bool:
    """Is the '.' at ``s[dot]`` part of an abbreviation, an initial or a list number?"""
    if dot == 0:
        return False
    before = s[dot - 1]
    if before.isdigit():
        return _at_line_start(s, dot)       # "۱. ..." / "2. ..." list item
    if not before.isalpha():
        return False
    i = dot - 1                             # walk back over the word (and inner dots: U.S)
    # a word longer than every abbreviation is none (casefold never shortens):
    # stop walking there
    lo = max(0, dot - _ABBREVIATION_MAX - 1)
    while i > lo and (s[i - 1].isalpha() or (s[i - 1] == "." and i > 1 and s[i - 2].isalpha())):
        i -= 1
    if dot - i > _ABBREVIATION_MAX:
        return False
    word = s[i:dot]
    if len(word) == 1:                      # initial: V. / و. / U.
        return True
    return word.casefold() in _ABBREVIATIONS


def _at_line_start(s: str, dot: int) -> bool:
    """True if only a list number and spaces lie between the line start and ``dot``."""
    line_start = s.rfind("\n", 0, dot) + 1
    return re.fullmatch(r"[ \t]*[0-9\u06f0-\u06f9\u0660-\u0669]{1,3}\.", s[line_start: dot + 1]) is not None


def sentence_spans(s: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in the original text, stripped of white space.

    See the module docstring for the rules. Empty and white-space-only pieces
    are dropped; ``s[start:end]`` is each sentence.
    """
    spans: list[tuple[int, int]] = []
    append = spans.append
    start = 0
    n = len(s)
    lower_next = _LOWER_NEXT.match
    ends = (".", "!", "?", ":", "\u061f", "\u06d4", "\u0589")
    for m in _terminators(s):
        tok = m.group()
        if tok == "\n":
            cut = m.start()
            line = s[start:cut].rstrip()
            if line and not line.endswith(ends):
                nxt = lower_next(s, cut + 1)
                if nxt and nxt.group(1).islower() and "\n" not in s[cut + 1: nxt.start(1)]:
                    continue                # hard-wrapped line: keep going
        else:
            cut = m.end()
            if tok[0] == "." and tok.count(".") == 1:
                if _is_abbreviation(s, m.start()):
                    continue
                nxt = lower_next(s, cut)
                if nxt and nxt.group(1).islower():
                    continue
        # the piece start..cut stripped of white space (as _add_span)
        a, b = start, cut
        while a < b and s[a].isspace():
            a += 1
        while b > a and s[b - 1].isspace():
            b -= 1
        if b > a:
            append((a, b))
        start = cut
    _add_span(s, start, n, spans)
    return spans


def _add_span(s: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))


# ---------------------------------------------------------------------------
# Script and language
# ---------------------------------------------------------------------------

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


LANGUAGES = ("ar", "fa", "sv", "en", "ru", "tr", "az", "hy", "de", "fr", "ka", "uk")
_BY_SCRIPT = {
    "Arab": ("ar", "fa"),
    "Latn": ("en", "sv", "de", "fr", "tr", "az"),
    "Cyrl": ("ru", "uk"),
}
_SCRIPT_LANGUAGE = {"Armn": "hy", "Geor": "ka", "Hebr": "he", "Grek": "el"}
LONG_SENTENCE_LETTERS = 60
SENTENCE_CONFIDENCE = 0.9
SHORT_SENTENCE_LETTERS = 20
SHORT_SENTENCE_CONFIDENCE = 0.99
_MIN_LETTERS = 3
MIN_FOREIGN_LETTERS = 12

_DETECTORS: dict[tuple[str, bool], object] = {}
_DET_LOCK = threading.Lock()


# lingua's low-accuracy mode (trigrams only) is several times faster and, by lingua's own
# evaluation, close to the full models on sentence-length texts of this many characters or more; shorter
# texts ("Dəhliz bağlandı.") need the full models, which are cheap on them anyway.
LOW_ACCURACY_FROM_CHARS = 60


def _detector(script: str, text: str = ""):
    """The lingua detector for one script's candidate languages (built once per mode)."""
    low = len(text) >= LOW_ACCURACY_FROM_CHARS
    key = (script, low)
    det = _DETECTORS.get(key)
    if det is None:
        with _DET_LOCK:
            det = _DETECTORS.get(key)
            if det is None:
                from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
                langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper()))
                         for c in _BY_SCRIPT[script]]
                builder = LanguageDetectorBuilder.from_languages(*langs)
                det = (builder.with_low_accuracy_mode() if low else builder).build()
                _DETECTORS[key] = det
    return det


_ISO_NAMES: dict = {}


def _iso(language) -> str:
    iso = _ISO_NAMES.get(language)
    if iso is None:
        iso = _ISO_NAMES[language] = language.iso_code_639_1.name.lower()
    return iso


def _confidences(s: str, script: str) -> list[tuple[str, float]]:
    values = _detector(script, s).compute_language_confidence_values(s)
    return [(_iso(v.language), v.value) for v in values]


def detect_language(s: str, hint: str | None = None) -> str | None:
    """ISO 639-1 language of ``s``, or ``None`` when it has (almost) no letters.

    The script decides first (Armenian -> hy, Georgian -> ka); within Arabic,
    Latin or Cyrillic script lingua chooses among that script's languages in
    ``LANGUAGES``. With a ``hint`` among those candidates, the hint wins unless
    ``s`` is long (>= ``LONG_SENTENCE_LETTERS`` letters) and lingua gives
    another language at least ``SENTENCE_CONFIDENCE``.
    """
    sample = _sample(s)
    counts = _script_counts(sample)
    script = max(counts, key=counts.get)
    letters = counts[script]
    if letters < _MIN_LETTERS:
        return hint if letters else None
    if script in _SCRIPT_LANGUAGE:
        return _SCRIPT_LANGUAGE[script]
    candidates = _BY_SCRIPT.get(script)
    if not candidates:
        return hint
    return _lingua_with_hint(sample, script, letters, hint)


def _lingua_with_hint(s: str, script: str, letters: int, hint: str | None) -> str:
    """lingua's choice among the script's languages; a hint wins unless lingua is sure.

    "Sure" means >= ``SENTENCE_CONFIDENCE`` for a long text (>= ``LONG_SENTENCE_LETTERS``
    letters); a Latin or Cyrillic text of ``SHORT_SENTENCE_LETTERS`` letters or more
    needs >= ``SHORT_SENTENCE_CONFIDENCE``; shorter ones (and short Arabic-script
    ones, where ar/fa are easily confused) always keep the hint.
    """
    best = _detector(script, s).compute_language_confidence_values(s)[0]  # highest first
    top, conf = _iso(best.language), best.value
    if hint in _BY_SCRIPT.get(script, ()) and top != hint:
        if letters >= LONG_SENTENCE_LETTERS:
            needed = SENTENCE_CONFIDENCE
        elif letters >= SHORT_SENTENCE_LETTERS and script != "Arab":
            needed = SHORT_SENTENCE_CONFIDENCE
        else:
            return hint
        if conf < needed:
            return hint
    return top


# Frequent function words that settle a sentence's language without lingua
# when the document is in that language (lists avoid words shared between them).
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "is", "that", "for", "with", "was", "are", "by", "it", "this",
           "from", "be", "have", "has", "not", "which", "at", "or", "an", "were", "their", "they",
           "its", "will", "would", "been", "but", "on"},
    "sv": {"och", "att", "det", "som", "på", "är", "av", "för", "med", "till", "den", "har", "inte",
           "ett", "var", "jag", "men", "från", "kan", "sig", "så", "eller", "vid", "också", "efter",
           "under", "mot", "sina", "sin", "hade"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "zu", "im", "dem", "ein",
           "eine", "auch", "sich", "auf", "für", "des", "wird", "bei", "nach", "wie", "aus", "sind"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "pas", "que", "dans", "pour", "qui", "sur",
           "par", "avec", "du", "au", "sont", "plus", "ce", "aux", "mais", "ont", "été"},
    "tr": {"ve", "bir", "bu", "ile", "için", "olarak", "olan", "daha", "çok", "gibi", "ama", "ne",
           "mi", "da", "de", "ise", "kadar", "sonra", "ancak", "değil"},
    "az": {"və", "bir", "bu", "ilə", "üçün", "olan", "daha", "çox", "kimi", "amma", "ki", "isə",
           "onun", "edir", "olunur", "sonra", "ancaq", "deyil"},
    # Arabic script: compared after folding ي ى -> ی, ك -> ک, ة -> ه, أ إ آ -> ا
    "fa": {"است", "این", "را", "که", "می", "های", "شد", "کرد", "برای", "یک", "نیز", "بود",
           "شده", "کند", "باید", "خود", "ما", "آنها", "انها", "اند", "دارد", "کشور", "میشود",
           "میکند", "ولی", "اما", "همچنین", "بر", "چه", "هر"},
    "ar": {"فی", "من", "علی", "الی", "التی", "الذی", "هذا", "هذه", "ان", "عن", "کان", "مع", "قد",
           "لم", "بین", "کما", "ذلک", "حیث", "لا", "او", "کانت", "الا", "منذ", "ضد", "وفی", "وقد",
           "لقد", "ایضا", "عام", "حول"},
}
# all function words of a script's candidate languages (one set intersection per sentence)
_STOP_UNION = {script: frozenset().union(*(_STOPWORDS[lang] for lang in langs if lang in _STOPWORDS))
               for script, langs in _BY_SCRIPT.items()}
_AR_FOLD = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
                          "\u0629": "\u0647", "\u0623": "\u0627", "\u0625": "\u0627",
                          "\u0622": "\u0627", "\u200c": " "})
_TOKEN = re.compile(r"[^\W\d_]+")
_UK_LETTERS = re.compile("[іїєґІЇЄҐ]")
_RU_LETTERS = re.compile("[ыэъёЫЭЪЁ]")


def _settled_without_lingua(sent: str, script: str, doc_lang: str) -> bool:
    """Do cheap cues confirm that ``sent`` is in ``doc_lang`` (its script's language)?"""
    candidates = _BY_SCRIPT.get(script, ())
    if doc_lang in candidates and doc_lang in _STOPWORDS:
        if script == "Arab":
            sent = sent.translate(_AR_FOLD)
        counts = Counter(_TOKEN.findall(sent.lower()))
        hit = counts.keys() & _STOP_UNION[script]   # the function words present
        own = sum(counts[w] for w in hit & _STOPWORDS[doc_lang])
        if own < 2:
            return False
        other = max((sum(counts[w] for w in hit & _STOPWORDS[lang])
                     for lang in candidates if lang != doc_lang and lang in _STOPWORDS),
                    default=0)
        return own > 2 * other
    if script == "Cyrl":
        if doc_lang == "ru":
            return bool(_RU_LETTERS.search(sent)) and not _UK_LETTERS.search(sent)
        if doc_lang == "uk":
            return bool(_UK_LETTERS.search(sent)) and not _RU_LETTERS.search(sent)
    return False


_TOKEN_CHAR: np.ndarray | None = None   # BMP code point -> matches _TOKEN


def _token_chars() -> np.ndarray:
    global _TOKEN_CHAR
    if _TOKEN_CHAR is None:
        one = re.compile(r"[^\W\d_]")
        table = np.zeros(0x10000, dtype=bool)
        for cp in range(0x10000):
            if not 0xD800 <= cp <= 0xDFFF and one.match(chr(cp)):
                table[cp] = True
        _TOKEN_CHAR = table
    return _TOKEN_CHAR


def _span_stopwords_settled(text: str, spans: Sequence[tuple[int, int]], script: str,
                            doc_lang: str | None) -> list[int] | None:
    """:func:`_settled_without_lingua` for every span of a Latin- or Cyrillic-script
    document at once: 1 settled, 0 not settled, -1 unknown here (ask the function).

    The document is lower-cased and tokenised once (``_TOKEN``'s characters,
    looked up with numpy, then ``str.split``); each
    token's function-word languages come from one dict look-up, and prefix sums
    give each span's counts. A span whose edge cuts through a token (not the
    case for :func:`sentence_spans`) is left to the per-sentence function, as is
    every span when lower-casing changes the text's length. ``None`` when the
    document's language has no function-word list.
    """
    candidates = _BY_SCRIPT.get(script, ())
    if doc_lang not in candidates or doc_lang not in _STOPWORDS:
        return None
    low = text.lower()
    if len(low) != len(text):
        return None
    cps = np.frombuffer(low.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if len(cps) and cps.max() > 0xFFFF:
        return None
    tok = _token_chars()[cps]
    if not len(tok):
        return None
    begins = np.flatnonzero(tok & ~np.concatenate([[False], tok[:-1]]))
    langs = [lang for lang in candidates if lang in _STOPWORDS]
    keys = _stopword_keys(tuple(langs))
    if keys is not None:
        # each token (a run of _TOKEN characters) as an integer key of its
        # length and code points, compared with the function words' keys
        n = len(cps)
        ends = np.flatnonzero(tok & ~np.concatenate([tok[1:], [False]])) + 1
        lengths = ends - begins
        key = lengths.astype(np.uint64) << np.uint64(60)
        bad = lengths > _KEY_LETTERS
        for j in range(_KEY_LETTERS):
            has = lengths > j
            c = cps[np.minimum(begins + j, n - 1)].astype(np.uint64)
            bad |= has & (c >= 1 << _KEY_BITS)
            key |= np.where(has, c, 0).astype(np.uint64) << np.uint64(_KEY_BITS * j)
        key[bad] = 0                                          # never a function word
        sorted_keys, rows = keys
        at = np.minimum(np.searchsorted(sorted_keys, key), len(sorted_keys) - 1)
        marks = np.where(sorted_keys[at] == key, rows[at], 0)
    else:
        # the tokens themselves: every non-token character becomes a space,
        # then str.split (the same words as _TOKEN.findall(low))
        words = np.where(tok, cps, 32).astype(np.uint32).tobytes().decode("utf-32-le").split()
        if len(words) != len(begins):       # cannot happen; be safe
            return None
        index = _stopword_index(tuple(langs))
        marks = np.fromiter(map(index.get, words, repeat(0)), dtype=np.int64, count=len(words))
    per_lang = _stopword_matrix(tuple(langs))[marks]         # tokens x languages
    sums = np.zeros((len(begins) + 1, len(langs)), dtype=np.int64)
    np.cumsum(per_lang, axis=0, out=sums[1:])
    bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    a, b = bounds[:, 0], bounds[:, 1]
    t0 = np.searchsorted(begins, a, side="left")
    t1 = np.searchsorted(begins, b, side="left")
    counts = sums[t1] - sums[t0]                              # spans x languages
    own_col = langs.index(doc_lang)
    own = counts[:, own_col]
    others = np.delete(counts, own_col, axis=1)
    other = others.max(axis=1) if others.shape[1] else np.zeros(len(own), dtype=np.int64)
    verdict = ((own >= 2) & (own > 2 * other)).astype(np.int64)
    n = len(tok)
    inside_a = (a > 0) & (a < n) & tok[np.clip(a - 1, 0, n - 1)] & tok[np.clip(a, 0, n - 1)]
    inside_b = (b > 0) & (b < n) & tok[np.clip(b - 1, 0, n - 1)] & tok[np.clip(b, 0, n - 1)]
    verdict[inside_a | inside_b | (a < 0) | (b > n) | (a > b)] = -1
    return verdict.tolist()


_STOP_TABLES: dict[tuple, tuple[dict, np.ndarray]] = {}


def _stopword_tables(langs: tuple) -> tuple[dict, np.ndarray]:
    """word -> row (0: no function word) and row -> 0/1 per language of ``langs``."""
    if langs not in _STOP_TABLES:
        words = sorted(set().union(*(_STOPWORDS[lang] for lang in langs)))
        index = {w: i + 1 for i, w in enumerate(words)}
        matrix = np.zeros((len(words) + 1, len(langs)), dtype=np.int64)
        for w, i in index.items():
            for j, lang in enumerate(langs):
                matrix[i, j] = w in _STOPWORDS[lang]
        _STOP_TABLES[langs] = (index, matrix)
    return _STOP_TABLES[langs]


_KEY_LETTERS = 6     # function words of up to 6 letters ...
_KEY_BITS = 10       # ... each below U+0400 fit one 64-bit key (length in the top bits)
_STOP_KEYS: dict[tuple, "tuple[np.ndarray, np.ndarray] | None"] = {}


def _stopword_keys(langs: tuple) -> "tuple[np.ndarray, np.ndarray] | None":
    """Sorted integer keys of the function words of ``langs`` and their rows in
    :func:`_stopword_matrix`; None when some word does not fit a key."""
    if langs not in _STOP_KEYS:
        index = _stopword_index(langs)
        keys = []
        for w, row in index.items():
            if len(w) > _KEY_LETTERS or any(ord(c) >= 1 << _KEY_BITS for c in w):
                _STOP_KEYS[langs] = None
                return None
            k = len(w) << 60
            for j, c in enumerate(w):
                k |= ord(c) << (_KEY_BITS * j)
            keys.append((k, row))
        keys.sort()
        _STOP_KEYS[langs] = (np.array([k for k, _ in keys], dtype=np.uint64),
                             np.array([r for _, r in keys], dtype=np.int64))
    return _STOP_KEYS[langs]


def _stopword_index(langs: tuple) -> dict:
    return _stopword_tables(langs)[0]


def _stopword_matrix(langs: tuple) -> np.ndarray:
    return _stopword_tables(langs)[1]


_PERSIAN_ONLY = re.compile("[\u067e\u0686\u0698\u06af]")      # پ چ ژ گ
_ARABIC_ONLY = re.compile("[\u0629\u0649]|(?:^|\\s)ال")        # ة ى, article


def detect_languages(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str | None, list[str | None]]:
    """Document language first, then one language per span of ``text``.

    A span in the document's script takes the document's language unless
    lingua is confident otherwise (see :func:`_lingua_with_hint`: long spans
    need ``SENTENCE_CONFIDENCE``, Latin/Cyrillic spans of 20-59 letters
    ``SHORT_SENTENCE_CONFIDENCE``; shorter spans, and Arabic-script spans
    under 60 letters, always keep the document's language).
    lingua is not called for those short spans, for Armenian/Georgian script, for
    Arabic-script spans whose letters settle it (پ چ ژ گ in a Persian
    document; ة ى or the article ال and none of پ چ ژ گ in an Arabic one),
    for spans with at least two of the document language's function words
    and more than twice as many as of any other candidate of the script,
    or for Cyrillic spans with letters only Russian (ы э ъ ё) or only
    Ukrainian (і ї є ґ) uses, matching the document.
    A span with no letters takes the document's language; a span in another
    script than the document's with fewer than ``MIN_FOREIGN_LETTERS`` letters
    gets ``None`` (unless its script alone names the language: hy, ka).
    """
    doc_lang = detect_language(text)
    doc_script = script_of(text)
    out: list[str | None] = []
    # letters per script of every span in one numpy pass; the first script with
    # the most letters wins (as max() over _script_counts' dict would pick it)
    table = _span_script_counts(text, spans)
    best = table.argmax(axis=1).tolist() if len(spans) else []
    most = table.max(axis=1).tolist() if len(spans) else []
    names = _SCRIPT_NAMES
    # function-word verdicts for all spans at once (Latin-script documents), or None
    settled = _span_stopwords_settled(text, spans, doc_script, doc_lang) \
        if doc_script == "Latn" and len(spans) else None
    for j, ((a, b), k, letters) in enumerate(zip(spans, best, most)):
        script = names[k]
        if letters == 0:
            out.append(doc_lang)
            continue
        if script in _SCRIPT_LANGUAGE:
            out.append(_SCRIPT_LANGUAGE[script])
            continue
        sent = text[a:b]
        if script == doc_script and doc_lang is not None:
            if letters < SHORT_SENTENCE_LETTERS or (
                    script == "Arab" and letters < LONG_SENTENCE_LETTERS):
                out.append(doc_lang)
                continue
            verdict = settled[j] if settled is not None else -1
            if verdict == 1:
                out.append(doc_lang)
                continue
            if verdict == 0:
                out.append(_lingua_with_hint(sent, script, letters, doc_lang))
                continue
            if script == "Arab":
                persian = _PERSIAN_ONLY.search(sent) is not None
                if doc_lang == "fa" and persian:
                    out.append("fa")
                    continue
                if doc_lang == "ar" and not persian and _ARABIC_ONLY.search(sent):
                    out.append("ar")
                    continue
            if _settled_without_lingua(sent, script, doc_lang):
                out.append(doc_lang)
                continue
            out.append(_lingua_with_hint(sent, script, letters, doc_lang)
                       if script in _BY_SCRIPT else doc_lang)
        else:
            # another script than the document's: no document prior applies, and
            # lingua is unreliable on a few letters ("NATO" in a Persian text)
            if letters < MIN_FOREIGN_LETTERS:
                out.append(None)
            else:
                out.append(detect_language(sent))
    return doc_lang, out
