"""Dates in text: every script, numeral system and calendar, with precision.

:func:`find_dates` finds full dates (day), month-and-year (month) and years
(year) and returns :class:`DateMention` objects whose offsets point into the
ORIGINAL text and whose ``date`` is an ISO Gregorian string
(``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).

Matching runs on :func:`app.text.normalise` output, so Persian/Arabic-Indic
digits, Arabic letter variants, diacritics, ZWNJ and case do not matter.

Month names
-----------
Gregorian month names come from Babel's CLDR data (wide and abbreviated,
format and, where CLDR has them, stand-alone forms) for en ar ar_SY fa sv ru
uk tr az hy ka de fr, plus variants CLDR lacks: Persian مه/می, آگوست, Dari
forms (جنوری ... دسمبر), Maghreb/Algerian Arabic forms (جانفي, أوت, ...),
Russian/Ukrainian prepositional forms (в ноябре), English "Sept".
Solar Hijri month names (فروردین ... اسفند, also امرداد) are typed here.

Patterns (tried in this order at each position)
-----------------------------------------------
* day month year     ``10 نوفمبر 2020``, ``8th of August 2025``, ``8 августа 2025 года``
* month day, year    ``November 10, 2020``, ``Aug. 8, 2025``
* year month day     ``2020 թ. նոյեմբերի 10``, ``2020-ci il noyabrın 10``
* day ranges         ``21-22 September 2023`` -> two day mentions ("21", "22 September 2023")
* numeric            ``2020-11-10``, ``10.11.2020``, ``1402/07/01`` (year 1200-1499: Solar Hijri);
                     ``25/12/2020`` and ``12/25/2020`` are days, but ``05/06/2021`` (day-month
                     or month-day?) gives only the year, precision ``year``
* month year         ``نوامبر ۲۰۲۰``, ``December 2022``, ``ноябрь 2020``
* day month          ``10 نوفمبر``, ``19 May`` (no year)
* month day          ``May 19`` (no year)
* preposition month  ``i augusti``, ``in August``, ``در اوت`` (no year; month precision)
* year ranges        ``1997 - 2003``, ``سالهای ۲۰۲۰ تا ۲۰۲۳`` -> two year mentions
* bare years         ``in 2020``, ``عام 2020``, ``سال ۱۹۹۷``, ``2020 году``

Russian/Ukrainian year words (года, году, г.) after the year are part of
the span. A month name that is also a common word (English may/march,
Persian مه/می, Arabic اب ...) needs a year after it ("مه ۱۹۹۸", "may 2020"),
or a capital letter in the original ("May 19", "in March"); so in Arabic
script such a name never makes a date without a year, except after ماه/شهر
("month of"). In the capitalising languages (en, de, tr) every date
without a year needs the month name capitalised in the original.

Bare years (1900-2099, any digits) need context, because a four-digit number
is often a count ("۱۹۴۰ ساختمان" = 1940 buildings) or a page: a year cue
before it (in, since, the, of, i, sedan, redan, в, с, عام, في, منذ, سال,
در, از, تا, ...), a year word after it (года, yılında, թ., წელს, میلادی,
``'de`` suffixes ...), an opening parenthesis, the start of a sentence, or
being listed right after another year ("1994, 1997 and 2003"). Never part
of a larger number (86,000 / 62/243 / 2020.5), never a decade (1990s,
1990's, دهه ۱۹۹۰), never after a page or number marker (p., ص, No., ...).
"سال ۱۴۰۲" (Solar Hijri year 1200-1499 after سال) is the Gregorian year
in which that year began (1402 -> 2023), calendar ``solar_hijri``.

Solar Hijri
-----------
Converted with jdatetime. A Solar Hijri month-and-year spans two Gregorian
months: we give the Gregorian month of its 1st day (``مهر ۱۴۰۲`` ->
``2023-09``), precision ``month``.

Dates without a year
--------------------
* If the same sentence has an explicit year BEFORE the date (the nearest
  one), that year is used: ``inferred=False``, ``year_source='sentence'``
  ("حرب عام 2020 ... في 10 نوفمبر" -> 2020-11-10).
* Otherwise the year comes from ``doc_date``: its year, or the year before
  when the month (or, for same-month day dates, the day) is after the
  document date's. ``inferred=True``, ``year_source='document'``.
* Otherwise the mention is skipped: the current year is never used.

Nothing here imports Streamlit or touches the network.
"""

from __future__ import annotations

import calendar
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Iterable

import jdatetime
import numpy as np

from app.text import Normalised, normalise, script_of, sentence_spans

__all__ = ["DateMention", "find_dates", "month_names"]


@dataclass(frozen=True)
class DateMention:
    """One date in a text. ``start``/``end`` index the ORIGINAL text."""

    start: int
    end: int
    text: str                 # original[start:end]
    date: str                 # ISO Gregorian: YYYY, YYYY-MM or YYYY-MM-DD
    precision: str            # 'year' | 'month' | 'day'
    inferred: bool            # the year was completed from the document date
    calendar: str             # 'gregorian' | 'solar_hijri'
    year_source: str = "explicit"   # 'explicit' | 'sentence' | 'document'


# ---------------------------------------------------------------------------
# Month tables
# ---------------------------------------------------------------------------

_BABEL_LOCALES = ("en", "ar", "ar_SY", "fa", "sv", "ru", "uk", "tr", "az", "hy", "ka", "de", "fr")
# Locales whose CLDR data has its own stand-alone month names. (Babel 2.18
# resolves inherited stand-alone aliases through shared data, so asking other
# locales for stand-alone names can return another locale's names.)
_STANDALONE_LOCALES = ("ru", "uk", "hy", "fa")
_ABBREVIATED_LOCALES = ("en", "sv", "de", "fr", "ru", "uk", "tr", "az")
_CAPITALISED = {"en", "de", "tr"}

_EXTRA_GREGORIAN = {
    "fa": {1: ["جنوری", "ژانویه"], 2: ["فبروری", "فوریه"], 3: ["مارچ"], 4: ["اپریل", "آپریل"],
           5: ["مه", "می", "مى"], 6: ["جون", "ژوئن"], 7: ["ژوئیه", "ژوئيه", "جولای", "ژولای"],
           8: ["اوت", "آگوست", "آگست", "اگست"], 9: ["سپتمبر"], 10: ["اکتوبر"],
           11: ["نومبر"], 12: ["دسمبر"]},
    "ar": {1: ["جانفي"], 2: ["فيفري"], 4: ["أفريل", "ابريل"], 5: ["ماي"], 6: ["جوان"],
           7: ["جويلية", "يوليوز"], 8: ["أوت", "غشت", "اغسطس"], 9: ["شتنبر"], 11: ["نونبر"],
           12: ["دجنبر"]},
    "en": {9: ["Sept"]},
    "ru": {9: ["сент"], 11: ["нояб"], 2: ["февр"]},
}
_SOLAR_MONTHS = {
    1: ["فروردین"], 2: ["اردیبهشت"], 3: ["خرداد"], 4: ["تیر"], 5: ["مرداد", "امرداد"],
    6: ["شهریور"], 7: ["مهر"], 8: ["آبان"], 9: ["آذر"], 10: ["دی"], 11: ["بهمن"], 12: ["اسفند"],
}
# normalised names that are also common words (and every name that only comes
# from CLDR's abbreviated lists, such as Azerbaijani "sen"): without a year they
# need a capital letter in the original
_AMBIGUOUS = {"may", "mar", "march", "mai", "jun", "jan", "aug", "dec", "oct", "nov", "sep",
              "mart", "ocak", "ekim", "aralik", "mayis", "nisan", "kas", "ara", "eki",
              "مه", "می", "اب", "ماي", "ماه"}


@dataclass(frozen=True)
class _Month:
    month: int
    langs: frozenset
    solar: bool
    weak: bool = False        # also a common word or only an abbreviation


_TABLES_LOCK = threading.RLock()  # _pattern() -> _compile() -> _month_table() re-enters
_MONTHS: dict[str, _Month] | None = None
_REGEX: re.Pattern | None = None


def _russian_prepositional(nominative: str) -> str:
    """в январе, в мае, в марте: январь -> январе, май -> мае, март -> марте."""
    if nominative.endswith(("ь", "й")):
        return nominative[:-1] + "е"
    return nominative + "е"


def _ukrainian_locative(nominative: str) -> str:
    """у листопаді, у січні, у лютому: листопад -> листопаді, січень -> січні, лютий -> лютому."""
    if nominative.endswith("ень"):
        return nominative[:-3] + "ні"
    if nominative.endswith("ий"):
        return nominative[:-2] + "ому"
    return nominative + "і"


def month_names() -> dict[str, tuple[int, tuple[str, ...], bool]]:
    """Normalised month name -> (month number, languages, is Solar Hijri)."""
    return {k: (v.month, tuple(sorted(v.langs)), v.solar) for k, v in _month_table().items()}


def _month_table() -> dict[str, _Month]:
    global _MONTHS
    if _MONTHS is None:
        with _TABLES_LOCK:
            if _MONTHS is None:
                _MONTHS = _build_month_table()
    return _MONTHS


def _build_month_table() -> dict[str, _Month]:
    from babel.dates import get_month_names

    raw: dict[str, dict[int, set[str]]] = {}      # normalised name -> month -> langs
    full: set[str] = set()                         # keys seen as a full (not abbreviated) name

    def add(name: str, month: int, lang: str, abbreviated: bool = False) -> None:
        key = normalise(name.strip().rstrip(".")).text
        if len(key) < 2:
            return
        raw.setdefault(key, {}).setdefault(month, set()).add(lang)
        if not abbreviated:
            full.add(key)

    # stand-alone first (see _STANDALONE_LOCALES)
    for loc in _STANDALONE_LOCALES:
        lang = loc.split("_")[0]
        for m, name in dict(get_month_names("wide", locale=loc, context="stand-alone")).items():
            add(name, m, lang)
            if lang == "ru":
                add(_russian_prepositional(name), m, lang)
            elif lang == "uk":
                add(_ukrainian_locative(name), m, lang)
    for loc in _BABEL_LOCALES:
        lang = loc.split("_")[0]
        for m, name in dict(get_month_names("wide", locale=loc, context="format")).items():
            add(name, m, lang)
    for loc in _ABBREVIATED_LOCALES:
        lang = loc.split("_")[0]
        for m, name in dict(get_month_names("abbreviated", locale=loc, context="format")).items():
            if len(name.rstrip(".")) >= 3:
                add(name, m, lang, abbreviated=True)
    # Azerbaijani genitive (noyabrın 10-u): -ın/-in/-un/-ün, i.e. "in"/"un" once normalised
    for m, name in dict(get_month_names("wide", locale="az", context="format")).items():
        add(name + "ın", m, "az")
        add(name + "un", m, "az")
    # Azerbaijani locative/ablative, also possessive (sentyabrda, sentyabrdan, mayında)
    for m, name in dict(get_month_names("wide", locale="az", context="format")).items():
        for end in ("da", "də", "dan", "dən", "ında", "ində", "unda", "ündə", "ından", "indən"):
            add(name + end, m, "az")
    # Armenian dative/ablative of the stand-alone name (սեպտեմբերին "in September",
    # սեպտեմբերից "from September")
    for m, name in dict(get_month_names("wide", locale="hy", context="stand-alone")).items():
        for end in ("ին", "ից"):
            add(name + end, m, "hy")
    for lang, months in _EXTRA_GREGORIAN.items():
        for m, names in months.items():
            for name in names:
                add(name, m, lang)
    table: dict[str, _Month] = {}
    for key, by_month in raw.items():
        if len(by_month) > 1:       # the same word names two months: unusable
            continue
        (m, langs), = by_month.items()
        table[key] = _Month(m, frozenset(langs), False, key in _AMBIGUOUS or key not in full)
    for m, names in _SOLAR_MONTHS.items():
        for name in names:
            key = normalise(name).text
            table[key] = _Month(m, frozenset({"fa"}), True, True)
    return table


# ---------------------------------------------------------------------------
# The pattern
# ---------------------------------------------------------------------------

_B = r"(?<![\w])"            # word start
_E = r"(?![\w])"             # word end
_DAY = r"(?<![\d.,/])(?P<@G@>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|e|:e|:a|-?го|-?ого|-?е|\.(?=[ \t]))?"
# A year: four digits, not part of a number, not a decade ("1990s"), and no letter
# glued to it except the Arabic era mark م (2020م) or Russian г (2020г.).
_YEAR = (r"(?<![\d.,/])(?P<@G@>\d\d\d\d)(?![\d]|[.,/]\d|'s" + _E + r")"
         r"(?:م(?!\w)|(?=г)|(?![^\W\d_]))"
         r"(?:[ \t]*(?:года|году|год|г\.|гг\.|року|рік|р\.))?")
_SEP = r"(?:[ \t]*[,\-/][ \t]*|[ \t]+)"
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
_DIGITS = re.compile(r"\d+")
_WORD_BEFORE_DIGITS = re.compile(r"(?<!\w)([^\W\d_]+)(?:\.)?(?:[ \t]*[,\-/][ \t]*|[ \t]+)$")
_TOKEN_STRIP = ".,;:!?()[]{}«»\"'-/"


_DIGIT_NP: np.ndarray | None = None      # BMP code point -> category Nd (what \\d matches)


def _digit_run_starts(nt: str) -> list[int]:
    """Starts of the maximal runs of decimal digits in ``nt`` (``\\d+``), with numpy."""
    global _DIGIT_NP
    if _DIGIT_NP is None:
        table = np.zeros(0x10000, dtype=bool)
        for cp in range(0x10000):
            if unicodedata.category(chr(cp)) == "Nd":
                table[cp] = True
        _DIGIT_NP = table
    if not nt:
        return []
    cps = np.frombuffer(nt.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    digit = _DIGIT_NP[np.minimum(cps, 0xFFFF)]
    for i in np.flatnonzero(cps > 0xFFFF).tolist():     # astral digits (rare)
        digit[i] = unicodedata.category(nt[i]) == "Nd"
    begins = digit.copy()
    begins[1:] &= ~digit[:-1]
    return np.flatnonzero(begins).tolist()


def _candidate_matches(nt: str, rx: re.Pattern):
    """``rx.finditer(nt)`` restricted to the places a date can start.

    Scanning every position with the big pattern is slow (~1-2 MB/s), so we
    try ``rx.match`` only where a date can begin: at each digit run, at a
    month name right before a digit run ("November 10", "مه ۱۹۹۷") and at a
    preposition before a month name ("i augusti"). Month names without a
    digit are located from the set of the text's tokens (``str.split``) and
    ``str.find``, which keeps the whole search above 10 MB/s.
    """
    global _PREP_BEFORE
    table = _month_table()
    if _PREP_BEFORE is None:
        _PREP_BEFORE = re.compile(r"(?<!\w)(?:" + _alternation(_PREPOSITIONS) + r")[ \t]+$")
    starts: list[int] = []
    for a in _digit_run_starts(nt):
        starts.append(a)
        # the pattern ends with a separator (or a line break, which "$" may
        # precede): anything else right before the digits cannot match
        if not a or nt[a - 1] not in " \t,-/\n":
            continue
        w = _WORD_BEFORE_DIGITS.search(nt, max(0, a - 24), a)
        if w:
            word = w.group(1)
            if word in table or (word.endswith("ی") and word[:-1] in table):
                starts.append(w.start())
    # month names used without a number: only after a preposition
    tokens = {t.strip(_TOKEN_STRIP) for t in set(nt.split())}
    for name in tokens & table.keys():
        info = table[name]
        if info.solar:
            continue
        i = nt.find(name)
        while i != -1:
            j = i + len(name)
            if (i == 0 or not nt[i - 1].isalnum()) and (j == len(nt) or not nt[j].isalnum()):
                p = _PREP_BEFORE.search(nt, max(0, i - 12), i)
                if p:
                    starts.append(p.start())
            i = nt.find(name, j)
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
    month = r"(?P<@G@>" + _alternation(table) + r")(?:ی)?(?:\.(?=[ \t]*\d))?" + _E
    d = lambda g: _DAY.replace("@G@", g)      # noqa: E731
    y = lambda g: _YEAR.replace("@G@", g)     # noqa: E731
    m = lambda g: month.replace("@G@", g)     # noqa: E731
    prep = _alternation(_PREPOSITIONS)
    parts = [
        # day range in one month: 21-22 September 2023 (two day mentions)
        rf"(?P<drange>(?<![\d.,/])(?P<dr1>0?[1-9]|[12]\d|3[01])[ \t]*-[ \t]*{d('dr2')}{_SEP}{_B}"
        rf"{m('dr_m')}{_SEP}{y('dr_y')})",
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
        # day month (no year)
        rf"(?P<dm>{d('dm_d')}(?:[ \t]+of)?[ \t]+{_B}{m('dm_m')})",
        # month day (no year)
        rf"(?P<md>{_B}{m('md_m')}[ \t]+(?P<md_d>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d]|[.,/]\d){_E})",
        # preposition month (no year)
        rf"(?P<pm>{_B}(?P<pm_p>{prep})[ \t]+{m('pm_m')}(?!{_SEP}\d))",
        # year ranges
        r"(?P<range>(?<![\d.,/])(?P<r1>\d{4})[ \t]*(?:-|to|till|until|och|and|und|et|bis|"
        r"до|по|تا|الی|الی|حتی|و)[ \t]*(?P<r2>\d{4})(?![\d]|[.,/]\d|'s" + _E + "))",
        # bare years
        rf"(?P<year>{y('y')})",
    ]
    return re.compile("|".join(parts))


# ---------------------------------------------------------------------------
# Bare-year context
# ---------------------------------------------------------------------------

_YEAR_BEFORE = {
    # en
    "in", "since", "of", "the", "by", "until", "till", "from", "to", "year", "years", "early",
    "late", "mid", "before", "after", "during", "between", "and", "around", "circa", "already",
    "summer", "winter", "spring", "autumn", "fall", "end", "beginning", "through", "throughout",
    "as", "for", "on", "its", "this", "that", "at", "about", "born", "died", "b", "d", "fodd",
    "dod", "geboren", "gestorben", "ne", "nee", "mort", "родился", "родилась", "умер",
    # sv
    "i", "sedan", "ar", "aret", "under", "fore", "efter", "redan", "varen", "hosten", "sommaren",
    "vintern", "mellan", "och", "fram", "intill", "slutet", "borjan", "fran",
    # de
    "im", "jahr", "jahre", "seit", "bis", "von", "ab", "vor", "nach", "bereits", "schon",
    "zwischen", "und", "ende", "anfang",
    # fr
    "en", "depuis", "annee", "avant", "apres", "de", "entre", "et", "fin", "debut", "deja", "des",
    # ru / uk
    "в", "во", "году", "год", "с", "со", "до", "по", "к", "после", "между", "и", "уже", "конце",
    "начале", "середине", "весной", "летом", "осенью", "зимой", "у", "з", "році", "рік", "року",
    # tr / az
    "ve", "ile",
    # ar (normalised)
    "عام", "العام", "سنه", "السنه", "منذ", "فی", "حتی", "قبل", "بعد", "خلال", "عامی", "وعام",
    "بین", "ومنذ", "مطلع", "اواخر", "اوایل", "نهایه", "بدایه", "مند", "وفی", "لعام", "عامي",
    # fa (normalised)
    "سال", "سالهای", "سالها", "در", "از", "تا", "پایان", "اوخر", "اغاز", "ابتدای", "طی",
    "پس", "میانه", "تابستان", "زمستان", "بهار", "پاییز", "سالی", "وسال", "اواسط",
}
_YEAR_AFTER = re.compile(
    r"[ \t]*(?:'[a-z]+|-?(?:ci|cu|cı|cü|ji)\b|yil|yili|yilinda|yilinin|yilindan|yilina|ilde|ili|"
    r"ilinde|года|году|год|г\.|թ\.|թվական\w*|წელ\w*|میلادی|م\b|ام\b)")
_YEAR_REJECT_BEFORE = {
    "p", "pp", "page", "pages", "s", "sid", "sidan", "seite", "стр", "ص", "صفحه", "no", "nr",
    "nummer", "number", "№", "#", "شماره", "رقم", "دهه", "decade", "km", "$", "€", "£",
}
_COUNT_AFTER = {
    "people", "persons", "men", "women", "soldiers", "troops", "km", "kilometers", "kilometres",
    "miles", "meters", "metres", "tons", "tonnes", "barrels", "dollars", "euros", "households",
    "families", "refugees", "buildings", "homes", "houses", "villages", "cases", "votes",
    "percent", "%", "hours", "hrs", "h", "gmt", "utc", "personer", "soldater", "kilometer", "ton", "kronor", "dollar", "procent",
    "hus", "byar", "человек", "км", "тонн", "рублей", "долларов", "домов", "نفر", "کیلومتر",
    "تن", "دلار", "درصد", "ساختمان", "خانه", "شخص", "طن", "دولار", "جندی", "منزل", "قریه",
}
_NEXT_WORD = re.compile(r"[ \t]*([^\W\d_]+|%)")
_PREV_WORD = re.compile(r"([^\W\d_]+|[#№$€£])\W{0,3}$")
_LIST_JOIN = re.compile(r"[ \t]*(?:,|and|och|und|et|и|و|or|eller|oder|ou|یا)[ \t]*$")


def _year_context_ok(nt: str, start: int, end: int, sent_start: int, prev_year_end: int | None) -> bool:
    """Does the normalised context around ``nt[start:end]`` make it a year?"""
    before = nt[max(sent_start, start - 40): start]
    if prev_year_end is not None and prev_year_end >= sent_start and _LIST_JOIN.fullmatch(
            nt[prev_year_end:start]):
        return True
    m = _PREV_WORD.search(before)
    prev = m.group(1) if m else None
    gap = before[m.end(1):] if m else before
    if prev in _YEAR_REJECT_BEFORE:
        return False
    nxt = _NEXT_WORD.match(nt, end)
    if nxt and nxt.group(1) in _COUNT_AFTER:
        return False
    if gap.rstrip().endswith("("):
        return True
    if _YEAR_AFTER.match(nt, end):
        return True
    if not before.strip(" \t\"'(-") and sent_start >= 0 and start - sent_start <= 2:
        return True                          # sentence start
    if prev is None:
        return False
    if gap.strip() not in ("", "-"):         # punctuation between cue and year
        return False
    return prev in _YEAR_BEFORE


# ---------------------------------------------------------------------------
# find_dates
# ---------------------------------------------------------------------------

def _parse_doc_date(doc_date: str | None) -> tuple[int, int | None, int | None] | None:
    if not doc_date:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", doc_date.strip()[:10])
    if not m:
        return None
    return int(m.group(1)), (int(m.group(2)) if m.group(2) else None), (
        int(m.group(3)) if m.group(3) else None)


def _valid_day(y: int, mo: int, d: int) -> bool:
    return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]


def _iso(y: int, mo: int | None = None, d: int | None = None) -> str:
    if mo is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{mo:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _solar_to_iso(y: int, mo: int, d: int | None) -> str | None:
    try:
        g = jdatetime.date(y, mo, d or 1).togregorian()
    except (ValueError, TypeError):
        return None
    return _iso(g.year, g.month, g.day if d else None)


def _gregorian_year_ok(y: int, bare: bool = False) -> bool:
    return 1900 <= y <= 2099 if bare else 1800 <= y <= 2099


def _solar_year_ok(y: int) -> bool:
    return 1200 <= y <= 1499


class _Sentences:
    """Sentence lookup by original offset (spans computed on first use)."""

    def __init__(self, text: str, spans: list[tuple[int, int]] | None = None):
        self._text = text
        self._spans = spans
        self._starts: list[int] | None = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = sentence_spans(self._text)
        return self._spans

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [a for a, _ in self.spans]
        return self._starts

    def index(self, pos: int) -> int:
        import bisect
        i = bisect.bisect_right(self.starts, pos) - 1
        return i

    def start_of(self, pos: int) -> int:
        i = self.index(pos)
        return self.spans[i][0] if i >= 0 else 0


def find_dates(text: str, lang: str | None = None, doc_date: str | None = None,
               norm: Normalised | None = None,
               sentences: list[tuple[int, int]] | None = None) -> list[DateMention]:
    """All date mentions in ``text``, in order (rules in the module docstring).

    ``lang`` (ISO 639-1) is a hint: it decides whether a Solar Hijri year after
    سال is read (``fa``, or an Arabic-script text without a hint).
    ``doc_date`` (``YYYY[-MM[-DD]]``) completes dates without a year.
    ``norm`` may pass ``normalise(text)`` and ``sentences`` may pass
    ``sentence_spans(text)`` if the caller already has them (saves time).
    A year seen in one sentence never completes a date in another one.
    """
    if norm is None or norm.original != text:
        norm = normalise(text)
    nt = norm.text
    table = _month_table()
    rx = _pattern()
    doc = _parse_doc_date(doc_date)
    sents = _Sentences(text, sentences)
    persian_ok = lang == "fa" or (lang is None and script_of(text) == "Arab")

    # pass 1: raw matches (normalised offsets)
    found: list[dict] = []
    prev_year_end: int | None = None
    for m in _candidate_matches(nt, rx):
        kind = m.lastgroup
        s, e = m.span()
        item = None
        if kind == "drange":
            y, name = int(m.group("dr_y")), m.group("dr_m")
            d1, d2 = int(m.group("dr1")), int(m.group("dr2"))
            first = _full(table, name, d1, y)
            whole = _full(table, name, d2, y)
            if first and whole and d1 < d2:
                first.update(ns=m.start("dr1"), ne=m.end("dr1"))
                found.append(first)
                whole.update(ns=m.start("dr2"), ne=e)
                found.append(whole)
                if whole["calendar"] == "gregorian":
                    prev_year_end = m.end("dr_y")
            continue
        elif kind == "slash":
            a_, b_, y = int(m.group("sl_a")), int(m.group("sl_b")), int(m.group("sl_y"))
            if not _gregorian_year_ok(y):
                continue
            if a_ > 12 and _valid_day(y, b_, a_):
                item = dict(date=_iso(y, b_, a_), precision="day", calendar="gregorian")
            elif b_ > 12 and _valid_day(y, a_, b_):
                item = dict(date=_iso(y, a_, b_), precision="day", calendar="gregorian")
            elif a_ == b_ and _valid_day(y, a_, b_):
                item = dict(date=_iso(y, a_, b_), precision="day", calendar="gregorian")
            else:                       # 05/06/2021: day-month or month-day? keep the year
                item = dict(date=f"{y:04d}", precision="year", calendar="gregorian")
        elif kind == "dmy":
            item = _full(table, m.group("dmy_m"), int(m.group("dmy_d")), int(m.group("dmy_y")))
        elif kind == "mdy":
            item = _full(table, m.group("mdy_m"), int(m.group("mdy_d")), int(m.group("mdy_y")))
        elif kind == "ymd":
            y, mo, d = int(m.group("ymd_y")), int(m.group("ymd_m")), int(m.group("ymd_d"))
            if _solar_year_ok(y):
                iso = _solar_to_iso(y, mo, d)
                item = iso and dict(date=iso, precision="day", calendar="solar_hijri")
            elif _gregorian_year_ok(y) and _valid_day(y, mo, d):
                item = dict(date=_iso(y, mo, d), precision="day", calendar="gregorian")
        elif kind == "dmyn":
            y, mo, d = int(m.group("dmyn_y")), int(m.group("dmyn_m")), int(m.group("dmyn_d"))
            if _gregorian_year_ok(y) and _valid_day(y, mo, d):
                item = dict(date=_iso(y, mo, d), precision="day", calendar="gregorian")
        elif kind == "ymdw":
            item = _full(table, m.group("ymdw_m"), int(m.group("ymdw_d")), int(m.group("ymdw_y")))
        elif kind == "ymw":
            item = _full(table, m.group("ymw_m"), None, int(m.group("ymw_y")))
        elif kind == "my":
            item = _full(table, m.group("my_m"), None, int(m.group("my_y")))
            if item and item["calendar"] == "gregorian" and "ru" in table[m.group("my_m")].langs:
                # a day written as a Russian ordinal word: "Десятого ноября 2020 года"
                w = _RU_ORDINAL_BEFORE.search(nt, max(0, s - 40), s)
                if w:
                    day = _RU_ORDINALS[w.group("o").lower().replace("ё", "е")]
                    if w.group("t"):
                        day += 20 if w.group("t").lower().startswith("дв") else 30
                    full = _full(table, m.group("my_m"), day, int(m.group("my_y")))
                    if full:
                        item, s = full, w.start()
        elif kind in ("dm", "md", "pm"):
            name = m.group(kind + "_m")
            info = table[name]
            if info.solar:
                continue
            os_, oe = norm.span(s, e)
            msurf_start = norm.span(m.start(kind + "_m"), m.end(kind + "_m"))[0]
            capital = text[msurf_start].isupper()
            if kind == "pm" and m.group("pm_p") in ("ماه", "شهر"):
                pass                         # "month of ...": unambiguous
            elif (info.weak or info.langs <= _CAPITALISED) and not capital:
                continue
            day = int(m.group(kind + "_d")) if kind != "pm" else None
            item = dict(month=info.month, day=day, noyear=True)
            if kind == "pm":
                s = m.start("pm_m")          # the span is the month name, not the preposition
        elif kind == "range":
            y1, y2 = int(m.group("r1")), int(m.group("r2"))
            if _gregorian_year_ok(y1, True) and _gregorian_year_ok(y2, True) and y1 < y2:
                for g in ("r1", "r2"):
                    found.append(dict(ns=m.start(g), ne=m.end(g), date=m.group(g), precision="year",
                                      calendar="gregorian"))
                prev_year_end = m.end("r2")
            continue
        elif kind == "year":
            y = int(m.group("y"))
            sent_start_orig = sents.start_of(norm.span(s, e)[0])
            sent_start = norm.norm_index(sent_start_orig)
            solar = False
            if not _gregorian_year_ok(y, True):
                before = nt[max(0, s - 12): s].split()
                if persian_ok and _solar_year_ok(y) and before and before[-1] in ("سال", "وسال"):
                    solar = True
                else:
                    continue
            elif not _year_context_ok(nt, s, m.end("y"), sent_start, prev_year_end):
                continue
            if solar:
                iso = _solar_to_iso(y, 1, None)
                item = dict(date=iso[:4], precision="year", calendar="solar_hijri")
            else:
                item = dict(date=f"{y:04d}", precision="year", calendar="gregorian")
            prev_year_end = m.end("y")
        if not item:
            continue
        item["ns"], item["ne"] = s, e
        found.append(item)

    # pass 2: complete the dates without a year, build mentions
    out: list[DateMention] = []
    last_year_in_sentence: dict[int, int] = {}
    for item in found:
        os_, oe = norm.span(item["ns"], item["ne"])
        sidx = sents.index(os_)
        if item.get("noyear"):
            mo, d = item["month"], item["day"]
            y = last_year_in_sentence.get(sidx)
            source = "sentence"
            if y is None and doc is not None:
                y = _year_from_doc(doc, mo, d)
                source = "document"
            if y is None:
                continue
            if d is not None and not _valid_day(y, mo, d):
                continue
            out.append(DateMention(os_, oe, text[os_:oe], _iso(y, mo, d),
                                   "day" if d else "month", source == "document", "gregorian",
                                   source))
            continue
        out.append(DateMention(os_, oe, text[os_:oe], item["date"], item["precision"], False,
                               item["calendar"]))
        if item["calendar"] == "gregorian":
            last_year_in_sentence[sidx] = int(item["date"][:4])
    return out


_RU_ORDINALS = {w: i for i, w in enumerate((
    "первого", "второго", "третьего", "четвертого", "пятого", "шестого", "седьмого",
    "восьмого", "девятого", "десятого", "одиннадцатого", "двенадцатого", "тринадцатого",
    "четырнадцатого", "пятнадцатого", "шестнадцатого", "семнадцатого", "восемнадцатого",
    "девятнадцатого", "двадцатого", "тридцатого"), start=1)}
_RU_ORDINALS["тридцатого"] = 30
# the ordinal right before a month name: "десятого ", "двадцать первого ", "тридцатого "
_RU_ORDINAL_BEFORE = re.compile(
    r"(?<!\w)(?:(?P<t>двадцать|тридцать)[ \t]+)?(?P<o>" + "|".join(
        sorted({w for w in _RU_ORDINALS} | {w.replace("е", "ё", 1) for w in ("четвертого",)},
               key=len, reverse=True)) + r")[ \t]+$", re.IGNORECASE)


def _year_from_doc(doc: tuple[int, int | None, int | None], mo: int, d: int | None) -> int:
    y, dm, dd = doc
    if dm is not None and (mo > dm or (mo == dm and d is not None and dd is not None and d > dd)):
        return y - 1
    return y


def _full(table: dict[str, _Month], name: str, day: int | None, year: int) -> dict | None:
    info = table[name]
    if info.solar:
        if not _solar_year_ok(year):
            return None
        iso = _solar_to_iso(year, info.month, day)
        if iso is None:
            return None
        return dict(date=iso, precision="day" if day else "month", calendar="solar_hijri")
    if not _gregorian_year_ok(year):
        return None
    if day is not None and not _valid_day(year, info.month, day):
        return None
    return dict(date=_iso(year, info.month, day), precision="day" if day else "month",
                calendar="gregorian")
