"""Month names in every language of the corpus, Gregorian (from Babel's CLDR data) and Solar Hijri.

Gregorian month names come from Babel's CLDR data (wide and abbreviated,
format and, where CLDR has them, stand-alone forms) for en ar ar_SY fa sv ru
uk tr az hy ka de fr, plus variants CLDR lacks: Persian مه/می, آگوست, Dari
forms (جنوری ... دسمبر), Maghreb/Algerian Arabic forms (جانفي, أوت, ...),
Russian/Ukrainian prepositional forms (в ноябре), English "Sept".
Solar Hijri month names (فروردین ... اسفند, also امرداد) are typed here.
Every name is stored normalised (:func:`app.text.normalise`); a word that names
two months is dropped.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from app.text import normalise
from app.text.table_cache import cached

__all__ = ["month_names"]

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
                import babel

                from app.text import normalisation
                # kept on disk between runs (Babel's data is slow to load)
                _MONTHS = cached("months", (__file__, normalisation.__file__), _build_month_table,
                                 extra=str(getattr(babel, "__version__", "")))
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
