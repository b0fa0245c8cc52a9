"""The date pattern (one regex over every month name) and the places in a text where a date can start."""

from __future__ import annotations

import re
import unicodedata
from itertools import repeat
from typing import Iterable

import ahocorasick_rs
import numpy as np

from app.dates.months import _TABLES_LOCK, _month_table
from app.text.table_cache import compiled

_REGEX: re.Pattern | None = None

_B = r"(?<![\w])"            # word start
_E = r"(?![\w])"             # word end
_DAY = r"(?<![\d.,/])(?P<@G@>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|e|:e|:a|-?го|-?ого|-?е|\.(?=[ \t]))?"
# A year: four digits, not part of a number, not a decade ("1990s"), and no letter
# glued to it except the Arabic era mark م (2020م) or Russian г (2020г.).
_YEAR = (r"(?<![\d.,/])(?P<@G@>\d\d\d\d)(?![\d]|[.,/]\d|'s" + _E + r")"
         r"(?:م(?!\w)|(?=г)|(?![^\W\d_]))"
         r"(?:[ \t]*(?:года|году|год|г\.|гг\.|року|рік|р\.))?")
_SEP = r"(?:[ \t]*[,\-/][ \t]*|[ \t]+)"
# between the two ends of a range (normalised): 3-5, 3 to 5, 3 bis 5, du 3 au 5, ۳ تا ۵, 3 إلى 5
_TO = r"(?:[ \t]*-[ \t]*|[ \t]+(?:to|till|until|bis|au|a|до|по|تا|الی|الى|الي)[ \t]+)"
_PREPOSITIONS = [
    # en, sv, de, fr, ru/uk, ar, fa (normalised)
    "in", "since", "until", "till", "by", "during", "from", "early", "late", "mid",
    "i", "sedan", "till", "under", "fran", "efter", "fore", "im", "seit", "bis", "ab",
    "en", "depuis", "в", "у", "с", "до", "к", "после",
    "فی", "منذ", "حتی", "خلال", "شهر", "در", "از", "تا", "ماه",
]


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, built as a trie so that a failing
    position costs a few character tests instead of one per word."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            # longest first: try the longer word, fall back to ending here
            return "(?:" + body + ")?"
        return body

    return emit(trie)


def _pattern() -> re.Pattern:
    global _REGEX
    if _REGEX is None:
        with _TABLES_LOCK:
            if _REGEX is None:
                _REGEX = _compile()
    return _REGEX


_PREP_BEFORE: re.Pattern | None = None
_WORD_BEFORE_DIGITS = re.compile(r"(?<!\w)([^\W\d_]+)(?:\.)?(?:[ \t]*[,\-/][ \t]*|[ \t]+)$")
_TOKEN_STRIP = ".,;:!?()[]{}«»\"'-/"


_DIGIT_NP: np.ndarray | None = None      # BMP code point -> category Nd (what \\d matches)


class DigitRuns:
    """The maximal runs of decimal digits of one text (``\\d+``, found with numpy), shared by
    the pattern's search and the misspelt-month search.

    ``may``: the starts where the pattern may match. Every branch of the pattern that starts
    with a digit reads a year of exactly four digits or a day of one or two; a day is followed
    by a separator, a dot, a slash or an ending (st, nd, rd, th, er, e, :e, :a, -го, -ого, -е).
    ``after_sep``: the starts with a separator (or a line break) right before them, where a
    month name may end (:meth:`word_before`, searched once per run).
    """

    def __init__(self, nt: str):
        global _DIGIT_NP
        if _DIGIT_NP is None:             # str.isdecimal: exactly category Nd
            _DIGIT_NP = np.fromiter(map(str.isdecimal, map(chr, range(0x10000))), dtype=bool,
                                    count=0x10000)
        self.nt = nt
        self._before: dict[int, re.Match | None] = {}
        n = len(nt)
        cps = np.frombuffer(nt.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if n and cps.max() > 0xFFFF:
            cps = np.minimum(cps, 0xFFFF)
            digit = _DIGIT_NP[cps]
            for i in np.flatnonzero(cps == 0xFFFF).tolist():   # astral digits (rare)
                digit[i] = unicodedata.category(nt[i]) == "Nd"
        else:
            digit = _DIGIT_NP.take(cps)
        padded = np.zeros(n + 2, dtype=bool)
        padded[1:-1] = digit
        edge = np.flatnonzero(padded[1:] != padded[:-1])
        begins, ends = edge[0::2], edge[1::2]
        after = cps[np.minimum(ends, max(n - 1, 0))] if n else cps
        length = ends - begins
        self.may: list[int] = begins[(length == 4) | ((length <= 2) & (ends < n)
                                                      & _DAY_NEXT[after])].tolist()
        self._sep = (begins > 0) & _SEP_BEFORE[cps[np.maximum(begins - 1, 0)]] if n \
            else np.zeros(0, dtype=bool)
        self.after_sep: list[int] = begins[self._sep].tolist()
        self._begins, self._ends, self._after = begins, ends, after

    def word_before(self, a: int) -> re.Match | None:
        """:data:`_WORD_BEFORE_DIGITS` before the run starting at ``a`` (one of ``after_sep``)."""
        got = self._before.get(a, False)
        if got is False:
            got = self._before[a] = _WORD_BEFORE_DIGITS.search(self.nt, max(0, a - 24), a)
        return got

    def near_words(self) -> list[tuple[int, int, bool, bool]]:
        """``(start, end, separator before, blank after)`` of the runs with either, in order."""
        blank = (self._ends < len(self.nt)) & _BLANK[self._after]
        some = self._sep | blank
        return list(zip(self._begins[some].tolist(), self._ends[some].tolist(),
                        self._sep[some].tolist(), blank[some].tolist()))


def _char_flags(chars: str) -> np.ndarray:
    flags = np.zeros(0x10000, dtype=bool)
    flags[[ord(c) for c in chars]] = True
    return flags


_DAY_NEXT = _char_flags(" \t,-/.snrte:гое")    # what may follow a day's digits
_SEP_BEFORE = _char_flags(" \t,-/\n")          # what may stand between a month name and digits
_BLANK = _char_flags(" \t")


_NAME_FINDER: dict[int, tuple] = {}      # per month table: (automaton, names) or None


def _name_finder(table: dict) -> "tuple[ahocorasick_rs.AhoCorasick, list[str]] | None":
    """An automaton over the month names that may stand without a number (not Solar Hijri, no
    blank inside: a blank-split token never holds one), each after a space, a tab or a line
    break (a preposition and blanks must come before it), and the names; None when one of
    them is not all letters and digits (then the names are looked for the slow way)."""
    key = id(table)
    if key not in _NAME_FINDER:
        names = [k for k, v in table.items() if not v.solar and not any(c.isspace() for c in k)]
        _NAME_FINDER.clear()
        _NAME_FINDER[key] = (ahocorasick_rs.AhoCorasick(
            [c + k for c in " \t\n" for k in names], matchkind=ahocorasick_rs.MatchKind.Standard,
            implementation=ahocorasick_rs.Implementation.DFA), names) \
            if names and all(k.isalnum() for k in names) else None
    return _NAME_FINDER[key]


def _prep_before(nt: str, i: int) -> int | None:
    """Where the preposition starts that stands right before ``nt[i]`` (blanks between)."""
    global _PREP_BEFORE
    if _PREP_BEFORE is None:
        _PREP_BEFORE = re.compile(r"(?<!\w)(?:" + _alternation(_PREPOSITIONS) + r")[ \t]+$")
    p = _PREP_BEFORE.search(nt, max(0, i - 12), i)
    return p.start() if p else None


def _after_prepositions(nt: str, table: dict) -> list[int]:
    """Where a preposition starts that stands before a month name used without a number ("in
    May", "i augusti"): the name a whole word (no letter or digit on either side) and one of
    the text's blank-separated tokens (stripped of punctuation), the preposition at most 12
    characters before it. The names are found with one automaton (not from the set of all the
    text's tokens, which cost more than the rest of the date search)."""
    finder = _name_finder(table)
    if finder is None:
        return _after_prepositions_slow(nt, table)
    automaton, names = finder
    out: list[int] = []
    token_ok: dict[str, bool] = {}
    n = len(nt)
    for k, i, j in automaton.find_matches_as_indexes(nt, overlapping=True):
        if j < n and nt[j].isalnum():
            continue
        i += 1                                   # the name's start, after its blank
        p = _prep_before(nt, i)
        if p is None:
            continue
        name = names[k % len(names)]
        ok = token_ok.get(name)
        if ok is None:
            ok = token_ok[name] = _is_token(nt, name, i)
        if ok:
            out.append(p)
    return out


def _is_token(nt: str, name: str, at: int) -> bool:
    """Whether ``name`` is one of ``nt.split()``'s tokens stripped of :data:`_TOKEN_STRIP`
    (``name`` stands at ``at`` after a blank: usually its own token shows it)."""
    end = at
    n = len(nt)
    while end < n and not nt[end].isspace():
        end += 1
    if nt[at:end].strip(_TOKEN_STRIP) == name:
        return True
    strip = "[" + re.escape(_TOKEN_STRIP) + "]*"
    return re.search(r"(?<!\S)" + strip + re.escape(name) + strip + r"(?!\S)", nt) is not None


def _after_prepositions_slow(nt: str, table: dict) -> list[int]:
    """:func:`_after_prepositions` from the set of the text's tokens (for any month names)."""
    out: list[int] = []
    tokens = set(map(str.strip, set(nt.split()), repeat(_TOKEN_STRIP)))
    for name in tokens & table.keys():
        if table[name].solar:
            continue
        i = nt.find(name)
        while i != -1:
            j = i + len(name)
            if (i == 0 or not nt[i - 1].isalnum()) and (j == len(nt) or not nt[j].isalnum()):
                p = _prep_before(nt, i)
                if p is not None:
                    out.append(p)
            i = nt.find(name, j)
    return out


def _candidate_matches(nt: str, rx: re.Pattern, runs: DigitRuns | None = None):
    """``rx.finditer(nt)`` restricted to the places a date can start.

    Scanning every position with the big pattern is slow (~1-2 MB/s), so we
    try ``rx.match`` only where a date can begin: at each digit run, at a
    month name right before a digit run ("November 10", "مه ۱۹۹۷") and at a
    preposition before a month name ("i augusti"). Month names without a
    digit are found with an automaton (:func:`_after_prepositions`). ``runs`` may pass
    ``DigitRuns(nt)``.
    """
    table = _month_table()
    runs = runs if runs is not None else DigitRuns(nt)
    starts = list(runs.may)
    for a in runs.after_sep:
        # the pattern ends with a separator (or a line break, which "$" may
        # precede): anything else right before the digits cannot match
        w = runs.word_before(a)
        if w:
            word = w.group(1)
            if word in table or (word.endswith("ی") and word[:-1] in table):
                starts.append(w.start())
    # month names used without a number: only after a preposition
    starts.extend(_after_prepositions(nt, table))
    starts.sort()
    end = 0
    for a in starts:
        if a < end:
            continue
        m = rx.match(nt, a)
        if m:
            end = m.end()
            yield m


def _compile() -> re.Pattern:
    table = _month_table()
    names = _alternation(table)
    # a month written twice, in two languages or calendars: "5 مارس/آذار 2021", "5 مارس (آذار) 2021"
    twice = r"(?:[ \t]*(?:/|\()[ \t]*" + _B + "(?:" + names + r")(?:ی)?" + _E + r"[ \t]*\)?)?"
    month = r"(?P<@G@>" + names + r")(?:ی)?(?:\.(?=[ \t]*\d))?" + _E + twice
    d = lambda g: _DAY.replace("@G@", g)      # noqa: E731
    y = lambda g: _YEAR.replace("@G@", g)     # noqa: E731
    m = lambda g: month.replace("@G@", g)     # noqa: E731
    prep = _alternation(_PREPOSITIONS)
    parts = [
        # day range in one month: 21-22 September 2023 (two day mentions)
        rf"(?P<drange>(?<![\d.,/])(?P<dr1>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|e|\.)?{_TO}"
        rf"{d('dr2')}{_SEP}{_B}{m('dr_m')}{_SEP}{y('dr_y')})",
        # day range after the month: March 3-5, 2021 (two day mentions)
        rf"(?P<mrange>{_B}{m('mr_m')}{_SEP}(?P<mr1>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?{_TO}"
        rf"{d('mr2')}(?:[ \t]*,[ \t]*|[ \t]+){y('mr_y')})",
        # day month year
        rf"(?P<dmy>{d('dmy_d')}(?:[ \t]+of|[ \t]+de)?{_SEP}{_B}{m('dmy_m')}{_SEP}{y('dmy_y')})",
        # month day, year
        rf"(?P<mdy>{_B}{m('mdy_m')}{_SEP}{d('mdy_d')}(?:[ \t]*,[ \t]*|[ \t]+){y('mdy_y')})",
        # numeric: Y-M-D, D.M.Y
        r"(?P<ymd>(?<![\d.,/])(?P<ymd_y>\d{4})(?P<ymd_s>[-/.])(?P<ymd_m>0?[1-9]|1[0-2])(?P=ymd_s)"
        r"(?P<ymd_d>0?[1-9]|[12]\d|3[01])(?![\d]|[.,/]\d))",
        r"(?P<dmyn>(?<![\d.,/])(?P<dmyn_d>0?[1-9]|[12]\d|3[01])\.(?P<dmyn_m>0?[1-9]|1[0-2])\."
        r"(?P<dmyn_y>\d{4})(?![\d]|[.,/]\d))",
        # year month day (Armenian, Azerbaijani, Turkish order), after a year word:
        # 2020 թ. նոյեմբերի 10 / 2020-ci il noyabrın 10 / 2020 yılı Kasım 10
        rf"(?P<ymdw>{y('ymdw_y')}[ \t]*(?:թ\.|թվականի|-?c[iu][ \t]+il|yili)[ \t]*{_B}{m('ymdw_m')}"
        r"[ \t]+(?P<ymdw_d>0?[1-9]|[12]\d|3[01])(?![\d]|[.,/]\d))",
        # year month after a year word, no day: 2023 թվականի սեպտեմբերին,
        # 2024-cü ilin may ayında, 2023 yılının Eylül ayında
        rf"(?P<ymw>{y('ymw_y')}[ \t]*(?:թ\.|թվականի|-?c[iu][ \t]+ilin|-?c[iu][ \t]+il|yilinin|yili)"
        rf"[ \t]*{_B}{m('ymw_m')})",
        # slashed numeric D/M/Y or M/D/Y: day when unambiguous, else the year only
        r"(?P<slash>(?<![\d.,/])(?P<sl_a>0?[1-9]|[12]\d|3[01])/(?P<sl_b>0?[1-9]|[12]\d|3[01])/"
        r"(?P<sl_y>\d{4})(?![\d]|[.,/]\d))",
        # month year
        rf"(?P<my>{_B}{m('my_m')}{_SEP}{y('my_y')})",
        # day range in one month, no year: 19–20 сентября, 24 bis 30. September (two day mentions)
        rf"(?P<dnr>(?<![\d.,/])(?P<dnr1>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|e|\.)?{_TO}"
        rf"{d('dnr2')}{_SEP}{_B}{m('dnr_m')})",
        # day month (no year)
        rf"(?P<dm>{d('dm_d')}(?:[ \t]+of)?[ \t]+{_B}{m('dm_m')})",
        # month day (no year)
        rf"(?P<md>{_B}{m('md_m')}[ \t]+(?P<md_d>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d]|[.,/]\d){_E})",
        # preposition month (no year)
        rf"(?P<pm>{_B}(?P<pm_p>{prep})[ \t]+{m('pm_m')}(?!{_SEP}\d))",
        # year ranges
        r"(?P<range>(?<![\d.,/])(?P<r1>\d{4})[ \t]*(?:-|to|till|until|och|and|und|et|bis|"
        r"до|по|تا|الی|الی|حتی|و)[ \t]*(?P<r2>\d{4})(?![\d]|[.,/]\d|'s" + _E + "))",
        # decades written with a suffix: 1990s, 1990's, 1990-е, 1990er, 1990'larda
        rf"(?P<decade>(?<![\d.,/])(?P<dec_y>1[89]\d0|20\d0)(?:'?s|-?е|-?х|er|'?l[ae]r\w*)"
        rf"(?![^\W\d_]))",
        # bare years
        rf"(?P<year>{y('y')})",
    ]
    return compiled("dates", "|".join(parts))     # its compiled program kept on disk
