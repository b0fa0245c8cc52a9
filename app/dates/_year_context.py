"""Whether a bare four-digit number is a year: the words and marks around it."""

from __future__ import annotations

import re

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


def _year_context_ok(nt: str, start: int, end: int, sent_start: int,
                     prev_year_end: int | None) -> bool | None:
    """Does the normalised context around ``nt[start:end]`` make it a year?

    True: a cue says so; False: a page/number marker before it or a count word
    after it says it is not; None: no cue either way (see :func:`_running_text_year`).
    """
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
        return None
    if gap.strip() not in ("", "-"):         # punctuation between cue and year
        return None
    return True if prev in _YEAR_BEFORE else None


# Words that follow a year in running text (a count would be followed by its noun)
_AFTER_YEAR = {
    "and", "when", "was", "were", "to", "as", "but", "in", "on", "with", "after", "before",
    "until", "at", "or", "which", "during", "is", "had", "has", "saw", "brought", "the",
    "och", "nar", "var", "blev", "som", "men", "pa", "efter", "fore",
    "et", "quand", "lorsque", "le", "la", "les", "avec", "dans", "par", "pour", "puis", "apres",
    "avant", "ou", "qui", "que", "est", "etait", "a", "ont", "avait",
    "и", "когда", "был", "была", "было", "были", "на", "после", "до", "а", "но", "началась",
    "ve", "sonra", "once", "da", "de", "ile", "ве",
    "و", "که", "بود", "به", "را", "تا", "عندما", "حین", "فی", "الی", "کان", "کانت",
}
_DECADE_WORD = re.compile(r"(?:دهه|دهه ی|عقد|annees|decennie|decennies|decenniet|decade)[ \t]+$")


def _after_decade_word(nt: str, start: int) -> bool:
    """Is ``nt[start:]`` (a year ending in 0) right after a decade word (دهه, années)?"""
    return _DECADE_WORD.search(nt, max(0, start - 16), start) is not None


def _running_text_year(text: str, norm, nt: str, end: int, lang: str | None) -> bool:
    """A number without a cue before it is a year in running text when what follows is
    not a counted noun: the end of a clause, a function word, or (in German, where nouns
    are capitalised) a word in lower case ("als sie 2008 begann")."""
    nxt = _NEXT_WORD.match(nt, end)
    if nxt is None:
        rest = nt[end:end + 2].lstrip(" \t")
        return not rest or rest[0] in ".,;:!?)]»\"'\n"
    word = nxt.group(1)
    if word in _AFTER_YEAR:
        return True
    if lang == "de":
        first = norm.span(nxt.start(1), nxt.end(1))[0]
        return text[first:first + 1].islower()
    return False
