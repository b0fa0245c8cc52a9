"""Dates in text: every script, numeral system and calendar, with precision.

:func:`find_dates` finds full dates (day), month-and-year (month) and years
(year) and returns :class:`DateMention` objects whose offsets point into the
ORIGINAL text and whose ``date`` is an ISO Gregorian string
(``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).

Matching runs on :func:`app.text.normalise` output, so Persian/Arabic-Indic
digits, Arabic letter variants, diacritics, ZWNJ and case do not matter.

Month names (Babel/CLDR plus the variants CLDR lacks, and the Solar Hijri months)
come from :mod:`app.dates.months`; calendars from :mod:`app.dates.calendars`.

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

Bare years (1800-2099, any digits) need context, because a four-digit number
is often a count ("۱۹۴۰ ساختمان" = 1940 buildings) or a page: a year cue
before it (in, since, the, of, i, sedan, redan, в, с, عام, في, منذ, سال,
در, از, تا, ...), a year word after it (года, yılında, թ., წელს, میلادی,
``'de`` suffixes ...), an opening parenthesis, the start of a sentence, or
being listed right after another year ("1994, 1997 and 2003"). Never part
of a larger number (86,000 / 62/243 / 2020.5), never a decade (1990s,
1990's, دهه ۱۹۹۰), never after a page or number marker (p., ص, No., ...).
"سال ۱۴۰۲" (Solar Hijri year 1200-1499 after سال) is the Gregorian year
in which that year began (1402 -> 2023), calendar ``solar_hijri``.

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

import re
from dataclasses import dataclass, field

from app.dates._pattern import DigitRuns, _candidate_matches, _pattern
from app.dates._joins import join_ranges_and_repeats
from app.dates._words import decade_items, misspelt_month_items
from app.dates._year_context import _after_decade_word, _running_text_year, _year_context_ok
from app.dates.calendars import (_full, _gregorian_year_ok, _iso, _parse_doc_date, _solar_to_iso,
                                 _solar_year_ok, _valid_day, _year_from_doc)
from app.dates.months import _CAPITALISED, _Month, _month_table, month_names
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



@dataclass
class _Scan:
    """What the first pass over one text reads and what it has found so far."""

    text: str
    norm: Normalised
    table: dict[str, _Month]
    sents: _Sentences
    persian_ok: bool                              # a Solar Hijri year after سال may be read
    lang: str | None = None                       # the document's language (a hint)
    found: list[dict] = field(default_factory=list)
    prev_year_end: int | None = None              # end of the last Gregorian year (normalised)

    @property
    def nt(self) -> str:
        return self.norm.text


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
    table = _month_table()
    rx = _pattern()
    doc = _parse_doc_date(doc_date)
    scan = _Scan(text, norm, table, _Sentences(text, sentences),
                 lang == "fa" or (lang is None and script_of(text) == "Arab"), lang)
    # pass 1: raw matches (normalised offsets)
    runs = DigitRuns(norm.text)                  # shared by both searches below
    for m in _candidate_matches(norm.text, rx, runs):
        kind = m.lastgroup
        if kind in _SPLIT_KINDS:              # ranges append their two mentions themselves
            _SPLIT_KINDS[kind](scan, m)
            continue
        item = _KINDS[kind](scan, m)
        if not item:
            continue
        item.setdefault("ns", m.start())
        item["ne"] = m.end()
        scan.found.append(item)
    # decades in words and month names one letter off: items the pattern cannot see
    extra = decade_items(norm.text, lang) + misspelt_month_items(norm.text, rx, table,
                                                                 _FUZZY_HANDLERS, lang, runs)
    if extra:
        scan.found = _without_overlaps(scan.found, extra) + extra
    # pass 2: complete the dates without a year, build mentions
    scan.found = join_ranges_and_repeats(scan.found, norm.text)
    return _mentions(scan, doc)


def _without_overlaps(found: list[dict], extra: list[dict]) -> list[dict]:
    """The items of ``found`` that overlap none of ``extra``."""
    return [it for it in found
            if not any(it["ns"] < x["ne"] and x["ns"] < it["ne"] for x in extra)]


def _mentions(scan: _Scan, doc: tuple[int, int | None, int | None] | None) -> list[DateMention]:
    """The mentions of pass 1's items, in order, with the dates without a year completed."""
    text, norm, sents = scan.text, scan.norm, scan.sents
    out: list[DateMention] = []
    last_year_in_sentence: dict[int, int] = {}
    for item in scan.found:
        os_, oe = norm.span(item["ns"], item["ne"])
        sidx = sents.index(os_)
        if item.get("noyear"):
            mo, d = item["month"], item["day"]
            y = item.get("range_year") or last_year_in_sentence.get(sidx)
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
        if item["calendar"] == "gregorian" and item["precision"] != "decade":
            last_year_in_sentence[sidx] = int(item["date"][:4])
    return out


# --- pass 1: one function per kind of match (the pattern's named groups) -------------------

def _two_days(scan: _Scan, m: re.Match, g: str, first_span: tuple[int, int]) -> None:
    """Two day mentions of one month and year (groups ``{g}1``, ``{g}2``, ``{g}_m``, ``{g}_y``): the first
    over ``first_span``, the second from its day to the match's end."""
    y, name = int(m.group(g + "_y")), m.group(g + "_m")
    d1, d2 = int(m.group(g + "1")), int(m.group(g + "2"))
    first, last = _full(scan.table, name, d1, y), _full(scan.table, name, d2, y)
    if last is None:
        return
    if first and d1 < d2:
        first.update(ns=first_span[0], ne=first_span[1])
        scan.found.append(first)
    # a first day not before the second ("30–1 October 2023": across a month end) is not read; the second is
    last.update(ns=m.start(g + "2"), ne=m.end())
    scan.found.append(last)
    if last["calendar"] == "gregorian":
        scan.prev_year_end = m.end(g + "_y")


def _day_range(scan: _Scan, m: re.Match) -> None:
    """21-22 September 2023: two day mentions ("21", "22 September 2023")."""
    _two_days(scan, m, "dr", (m.start("dr1"), m.end("dr1")))


def _month_day_range(scan: _Scan, m: re.Match) -> None:
    """March 3-5, 2021: two day mentions ("March 3", "5, 2021")."""
    _two_days(scan, m, "mr", (m.start(), m.end("mr1")))


def _day_range_without_year(scan: _Scan, m: re.Match) -> None:
    """19–20 сентября, 24 bis 30. September: two day mentions whose year comes in pass 2, as a single
    "20 сентября" would (the first day was lost)."""
    info = _month_without_year(scan, m, "dnr")
    d1, d2 = int(m.group("dnr1")), int(m.group("dnr2"))
    if info is None:
        return
    if d1 < d2:       # else ("30–1 October") only the second day is read, as a single "1 October" would be
        scan.found.append(dict(month=info.month, day=d1, noyear=True, ns=m.start("dnr1"), ne=m.end("dnr1")))
    scan.found.append(dict(month=info.month, day=d2, noyear=True, ns=m.start("dnr2"), ne=m.end()))


def _decade(scan: _Scan, m: re.Match) -> dict | None:
    """1990s, 1990-е, 1990er: a decade (precision ``decade``, date its first year)."""
    return dict(date=m.group("dec_y"), precision="decade", calendar="gregorian")


def _year_range(scan: _Scan, m: re.Match) -> None:
    """1997 - 2003: two year mentions."""
    y1, y2 = int(m.group("r1")), int(m.group("r2"))
    if _gregorian_year_ok(y1, True) and _gregorian_year_ok(y2, True) and y1 < y2:
        for g in ("r1", "r2"):
            scan.found.append(dict(ns=m.start(g), ne=m.end(g), date=m.group(g), precision="year",
                                   calendar="gregorian"))
        scan.prev_year_end = m.end("r2")


def _slashed(scan: _Scan, m: re.Match) -> dict | None:
    """D/M/Y or M/D/Y: a day when unambiguous, else the year only."""
    a_, b_, y = int(m.group("sl_a")), int(m.group("sl_b")), int(m.group("sl_y"))
    if not _gregorian_year_ok(y):
        return None
    if a_ > 12 and _valid_day(y, b_, a_):
        return dict(date=_iso(y, b_, a_), precision="day", calendar="gregorian")
    if b_ > 12 and _valid_day(y, a_, b_):
        return dict(date=_iso(y, a_, b_), precision="day", calendar="gregorian")
    if a_ == b_ and _valid_day(y, a_, b_):
        return dict(date=_iso(y, a_, b_), precision="day", calendar="gregorian")
    return dict(date=f"{y:04d}", precision="year", calendar="gregorian")   # 05/06/2021


def _named_month(month: str, day: str | None, year: str):
    """A handler for a pattern with a month name, an optional day and a year (group names)."""
    def handle(scan: _Scan, m: re.Match) -> dict | None:
        return _full(scan.table, m.group(month), int(m.group(day)) if day else None,
                     int(m.group(year)))
    return handle


def _year_month_day(scan: _Scan, m: re.Match) -> dict | None:
    """2020-11-10 (or Solar Hijri 1402/07/01)."""
    y, mo, d = int(m.group("ymd_y")), int(m.group("ymd_m")), int(m.group("ymd_d"))
    if _solar_year_ok(y):
        iso = _solar_to_iso(y, mo, d)
        return iso and dict(date=iso, precision="day", calendar="solar_hijri")
    if _gregorian_year_ok(y) and _valid_day(y, mo, d):
        return dict(date=_iso(y, mo, d), precision="day", calendar="gregorian")
    return None


def _day_month_year_numeric(scan: _Scan, m: re.Match) -> dict | None:
    """10.11.2020."""
    y, mo, d = int(m.group("dmyn_y")), int(m.group("dmyn_m")), int(m.group("dmyn_d"))
    if _gregorian_year_ok(y) and _valid_day(y, mo, d):
        return dict(date=_iso(y, mo, d), precision="day", calendar="gregorian")
    return None


def _month_year(scan: _Scan, m: re.Match) -> dict | None:
    """December 2022, or a day written as a Russian ordinal word before it."""
    table = scan.table
    item = _full(table, m.group("my_m"), None, int(m.group("my_y")))
    if item and item["calendar"] == "gregorian" and "ru" in table[m.group("my_m")].langs:
        # a day written as a Russian ordinal word: "Десятого ноября 2020 года"
        s = m.start()
        w = _RU_ORDINAL_BEFORE.search(scan.nt, max(0, s - 40), s)
        if w:
            day = _RU_ORDINALS[w.group("o").lower().replace("ё", "е")]
            if w.group("t"):
                day += 20 if w.group("t").lower().startswith("дв") else 30
            full = _full(table, m.group("my_m"), day, int(m.group("my_y")))
            if full:
                full["ns"] = w.start()
                return full
    return item


def _month_without_year(scan: _Scan, m: re.Match, kind: str):
    """The month named in group ``{kind}_m`` of a date without a year, or None when the name is not read
    as a month there (a Solar Hijri month; a weak name or one of a language that capitalises months, in
    lower case)."""
    info = scan.table[m.group(kind + "_m")]
    if info.solar:
        return None
    msurf_start = scan.norm.span(m.start(kind + "_m"), m.end(kind + "_m"))[0]
    capital = scan.text[msurf_start].isupper()
    if kind == "pm" and m.group("pm_p") in ("ماه", "شهر"):
        return info                  # "month of ...": unambiguous
    if (info.weak or info.langs <= _CAPITALISED) and not capital:
        return None
    return info


def _without_year(scan: _Scan, m: re.Match) -> dict | None:
    """10 نوفمبر, May 19, i augusti: month (and day) now, the year in pass 2."""
    kind = m.lastgroup
    info = _month_without_year(scan, m, kind)
    if info is None:
        return None
    day = int(m.group(kind + "_d")) if kind != "pm" else None
    item = dict(month=info.month, day=day, noyear=True)
    if kind == "pm":
        item["ns"] = m.start("pm_m")   # the span is the month name, not the preposition
    return item


def _bare_year(scan: _Scan, m: re.Match) -> dict | None:
    """in 2020, سال ۱۴۰۲: a year when its context says so."""
    nt, norm = scan.nt, scan.norm
    s, e = m.span()
    y = int(m.group("y"))
    sent_start_orig = scan.sents.start_of(norm.span(s, e)[0])
    sent_start = norm.norm_index(sent_start_orig)
    solar = False
    if y % 10 == 0 and _gregorian_year_ok(y, True) and _after_decade_word(nt, s):
        scan.prev_year_end = m.end("y")
        return dict(date=f"{y:04d}", precision="decade", calendar="gregorian")
    if not _gregorian_year_ok(y, True):
        before = nt[max(0, s - 12): s].split()
        if scan.persian_ok and _solar_year_ok(y) and before and before[-1] in ("سال", "وسال"):
            solar = True
        else:
            return None
    else:
        ok = _year_context_ok(nt, s, m.end("y"), sent_start, scan.prev_year_end)
        if ok is None:
            ok = _running_text_year(scan.text, norm, nt, m.end("y"), scan.lang)
        if not ok:
            return None
    if solar:
        iso = _solar_to_iso(y, 1, None)
        item = dict(date=iso[:4], precision="year", calendar="solar_hijri")
    else:
        item = dict(date=f"{y:04d}", precision="year", calendar="gregorian")
    scan.prev_year_end = m.end("y")
    return item


_SPLIT_KINDS = {"drange": _day_range, "mrange": _month_day_range, "range": _year_range,
                "dnr": _day_range_without_year}
_KINDS = {
    "slash": _slashed,
    "dmy": _named_month("dmy_m", "dmy_d", "dmy_y"),
    "mdy": _named_month("mdy_m", "mdy_d", "mdy_y"),
    "ymd": _year_month_day,
    "dmyn": _day_month_year_numeric,
    "ymdw": _named_month("ymdw_m", "ymdw_d", "ymdw_y"),
    "ymw": _named_month("ymw_m", None, "ymw_y"),
    "my": _month_year,
    "dm": _without_year,
    "md": _without_year,
    "pm": _without_year,
    "decade": _decade,
    "year": _bare_year,
}
# the kinds read with a misspelt month name (only the groups, never the scan)
_FUZZY_HANDLERS = {"dmy": _KINDS["dmy"], "mdy": _KINDS["mdy"],
                   "my": _named_month("my_m", None, "my_y")}


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
