"""Sentence spans in the original text, in every script.

:func:`sentence_spans` splits the ORIGINAL text at . ! ? ؟ ۔ … ։
followed by white space (closing quotes, brackets and footnote markers such
as ``^۱`` stay with the sentence) and at line breaks. It does not split after
abbreviations (``U.S.``, ``Dr.``, ``t.ex.``, ``г.``), single-letter initials
in any script (``V.``, ``و.``), list numbers at the start of a line
(``۱. ...``), a day before a month's name (``am 26. August``), before a
lower-case letter, or inside numbers (``86,000``, ``4.5``, ``62/243``).
Semicolons do not end sentences. A single line break does not split when the
line does not end a sentence and the next line starts with a lower-case
letter (hard-wrapped prose).

Speed: the terminator pattern is tried only where a terminator character
stands (found with numpy).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

__all__ = ["sentence_spans"]

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
    # beyond the BMP: U+FFFF's entry, which is no terminator
    hits = np.flatnonzero(_TERMINATOR_FIRST.take(cps, mode="clip"))
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


_WORD_AFTER = re.compile(r"\s+(\w+)")


def _day_before_month(s: str, dot: int, cut: int) -> bool:
    """Is the '.' at ``s[dot]`` that of a day number before a month's name ("am 26. August 2022", as
    German and the Nordic languages write an ordinal)?  Such a dot ends no sentence."""
    i = dot
    while i > 0 and s[i - 1].isdigit():
        i -= 1
    if not 1 <= dot - i <= 2 or (i > 0 and (s[i - 1].isalnum() or s[i - 1] in ".,")):
        return False
    nxt = _WORD_AFTER.match(s, cut)
    if not nxt or not 1 <= int(s[i:dot]) <= 31:
        return False
    return nxt.group(1).casefold() in _capitalised_months()


@lru_cache(maxsize=1)
def _capitalised_months() -> frozenset[str]:
    """Month names, case-folded, of the languages that write them capitalised after a day's dot (German,
    and English typed that way), from Babel's locale data.  A month written in lower case (Swedish, Danish,
    Czech …) never ends a sentence anyway: no split comes before a lower-case letter."""
    from babel.dates import get_month_names

    return frozenset(name.casefold().rstrip(".") for loc in ("de", "de_AT", "en") for width in ("wide", "abbreviated")
                     for context in ("format", "stand-alone")
                     for name in get_month_names(width, context, locale=loc).values())


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
                dot = m.start()
                if _is_abbreviation(s, dot) or (dot and s[dot - 1].isdigit() and _day_before_month(s, dot, cut)):
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
