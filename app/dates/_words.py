"""Dates the main pattern cannot see: decades in words, and month names one letter off."""

from __future__ import annotations

import re
from types import SimpleNamespace

from app.dates._pattern import DigitRuns

# Decades in words (normalised text): "девяностые (годы)", "the nineties"
_RU_DECADES = {"двадцат": 1920, "тридцат": 1930, "сороков": 1940, "пятидесят": 1950,
               "шестидесят": 1960, "семидесят": 1970, "восьмидесят": 1980, "девяност": 1990,
               "нулев": 2000, "двухтысячн": 2000}
_EN_DECADES = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950,
               "sixties": 1960, "seventies": 1970, "eighties": 1980, "nineties": 1990}
_RU_DECADE_WORDS = re.compile(
    r"(?<!\w)(?P<ru>" + "|".join(_RU_DECADES) + r")(?:ые|ых|ым|ыми)(?:[ \t]+год(?:ы|ов|ах|ами)?)?(?!\w)")
_EN_DECADE_WORDS = re.compile(
    r"(?<!\w)the[ \t]+(?:nineteen[ \t]+)?(?P<en>" + "|".join(_EN_DECADES) + r")(?!\w)")

_MIN_LETTERS = 5
_WORD_AFTER = re.compile(r"[ \t]+(?:of[ \t]+|de[ \t]+)?([^\W\d_]{5,})(?:\.)?(?=[ \t,]|$)")
_DIGITS = re.compile(r"\d+")
_FUZZY_KINDS = ("dmy", "mdy", "my")       # dates with a year: the misspelt name is safe to read
_DELETIONS: dict[int, dict[str, set[str]]] = {}
_ONE_OFF: dict[int, dict[str, str | None]] = {}      # word -> the month name it is off, per table


def decade_items(nt: str, lang: str | None) -> list[dict]:
    """Pass-1 items for decades written in words (precision ``decade``)."""
    out = []
    if lang in (None, "ru", "uk") and any(k in nt for k in _RU_DECADES):
        for m in _RU_DECADE_WORDS.finditer(nt):
            out.append(dict(ns=m.start(), ne=m.end(), date=str(_RU_DECADES[m.group("ru")]),
                            precision="decade", calendar="gregorian"))
    if lang in (None, "en") and any(k in nt for k in _EN_DECADES):
        for m in _EN_DECADE_WORDS.finditer(nt):
            out.append(dict(ns=m.start("en"), ne=m.end(), date=str(_EN_DECADES[m.group("en")]),
                            precision="decade", calendar="gregorian"))
    return out


def _deletion_index(table: dict) -> dict[str, set[str]]:
    """Each month name of 5+ letters and each form with one letter deleted -> the names."""
    key = id(table)
    if key not in _DELETIONS:
        index: dict[str, set[str]] = {}
        for name in table:
            if len(name) >= _MIN_LETTERS and name.isalpha():
                for v in {name} | {name[:i] + name[i + 1:] for i in range(len(name))}:
                    index.setdefault(v, set()).add(name)
        _DELETIONS.clear()
        _DELETIONS[key] = index
    return _DELETIONS[key]


def _one_off(word: str, table: dict) -> str | None:
    """The one month name (5+ letters) that ``word`` is one letter off (a letter missing,
    added, changed or two swapped), or None."""
    if word in table or len(word) < _MIN_LETTERS - 1 or ord(word[0]) >= 0x530:
        return None                          # Latin and Cyrillic names only
    index = _deletion_index(table)
    names = set(index.get(word, ()))
    for i in range(len(word)):
        names |= index.get(word[:i] + word[i + 1:], set())
    names = {n for n in names if abs(len(n) - len(word)) <= 1}
    months = {table[n].month for n in names}
    return min(names) if len(months) == 1 and not any(table[n].solar for n in names) else None


def misspelt_month_items(nt: str, rx: "re.Pattern", table: dict, handlers: dict,
                         lang: str | None, runs: DigitRuns | None = None) -> list[dict]:
    """Pass-1 items for full dates whose month name is one letter off ("5 Septmber 2021").

    Only Latin and Cyrillic words next to a number are looked at (not in Arabic-script
    or Armenian documents); the date is read from a copy of its neighbourhood with the
    name corrected, and the offsets are mapped back. ``runs`` may pass ``DigitRuns(nt)``.
    """
    if lang in ("ar", "fa", "hy", "ka"):
        return []
    words: dict[int, tuple[int, str]] = {}
    runs = runs if runs is not None else DigitRuns(nt)
    # each pattern needs a separator next to the digits: the others are not searched
    for a, b, sep_before, blank_after in runs.near_words():
        if sep_before:
            w = runs.word_before(a)
            if w:
                words[w.start(1)] = (w.end(1), w.group(1))
        if blank_after:
            w = _WORD_AFTER.match(nt, b)
            if w:
                words[w.start(1)] = (w.end(1), w.group(1))
    out = []
    cache = _ONE_OFF.setdefault(id(table), {})
    for s, (e, word) in sorted(words.items()):
        name = cache.get(word, False)
        if name is False:
            name = cache[word] = _one_off(word, table) if len(cache) < 100_000 else None
        if name is None:
            continue
        lo, hi = max(0, s - 16), min(len(nt), e + 24)
        local = nt[lo:s] + name + nt[e:hi]
        shift = len(name) - (e - s)
        item = _read_local(local, s - lo, rx, table, handlers)
        if item is None:
            continue
        ns, ne = item["ns"], item["ne"]          # local offsets -> nt offsets
        item["ns"] = lo + ns if ns <= s - lo else lo + ns - shift
        item["ne"] = lo + ne - shift if ne >= s - lo + len(name) else e
        out.append(item)
    return out


def _read_local(local: str, at: int, rx: "re.Pattern", table: dict, handlers: dict
                ) -> dict | None:
    """A dated item from ``local`` whose match covers the corrected name at ``at``."""
    starts = [m.start() for m in _DIGITS.finditer(local)] + [at]
    for a in sorted(set(starts)):
        m = rx.match(local, a)
        if m is None or m.lastgroup not in _FUZZY_KINDS or not m.start() <= at < m.end():
            continue
        item = handlers[m.lastgroup](SimpleNamespace(table=table), m)
        if item:
            item.update(ns=m.start(), ne=m.end())
            return item
    return None
