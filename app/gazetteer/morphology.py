"""Morphology per script: the affixes a language glues to a name, and the forms made from an alias."""

from __future__ import annotations

import re
import threading
from typing import Iterable, Iterator, NamedTuple

from app.gazetteer._chars import ZWNJ, _alias_script
from app.text import normalise

BLOCK = "\x00block"  # id of phrases listed under "exclude": they match, then vanish


class Entry(NamedTuple):
    """What one normalised form stands for: an id and the rules its matches obey."""

    id: str
    capital: bool            # alias starts with a capital: match must too
    exact: str | None        # case-sensitive form: the surface must be exactly this
    suffixes: frozenset | None  # None: the script's rules; else only these (+ bare if bare_ok)
    bare_ok: bool


def _lower(s: str) -> str:
    """Lower-case without changing the length (so offsets stay valid)."""
    low = s.lower()
    if len(low) == len(s):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in s)


def _norm(s: str) -> str:
    return _lower(normalise(s).text)


# --------------------------------------------------------------------------- affix rules
# All affixes are written in plain forms and passed through the same
# normalisation as the text when the gazetteer is built.

_AR_PROCLITICS = ("", "و", "ف", "وب", "فب", "ول", "فل", "وك", "فك", "ب", "ل", "ك")
_AR_PREFIXES = tuple(sorted(
    {p + a for p in _AR_PROCLITICS for a in ("", "ال")}
    | {"لل", "ولل", "فلل"}
    - {"لال", "ولال", "فلال"}
))
_AR_SUFFIXES = ("ي", "ية", "يه", "يي", "يو", "يون", "يين", "يان", "يات", "ة", "ه", "ها", "هم",
                "هما", "ين", "ون", "ان", "ات")
_FA_SUFFIXES = ("ی", "ها", "های", "هایی", "هاست", "ای", "ایی", "یی", "یان", "ان", "ش", "شان",
                "یها", "یهای", "یش", "ست", "است", "م", "مان", "ت", "تان")

_LATIN_SUFFIXES = {
    "en": ("s", "n", "ns", "an", "ans", "ian", "ians", "i", "is"),
    "sv": ("s", "n", "ns", "en", "ens", "et", "ets", "na", "nas", "erna", "ernas", "ska",
           "sk", "ske", "ier", "ierna", "iska", "isk", "iske", "ns", "ier", "iers"),
    "de": ("s", "es", "n", "en", "ns", "isch", "ische", "ischen", "ischer", "isches", "ischem",
           "er", "ern", "e", "em"),
    "fr": ("s", "n", "ne", "nne", "ns", "nes", "nnes", "ien", "ienne", "iens", "iennes"),
    "tr": ("a", "e", "ya", "ye", "da", "de", "ta", "te", "dan", "den", "tan", "ten", "ı", "i",
           "u", "ü", "yı", "yi", "yu", "yü", "ın", "in", "un", "ün", "nın", "nin", "nun", "nün",
           "la", "le", "yla", "yle", "lı", "li", "lu", "lü", "lar", "ler", "daki", "deki",
           "taki", "teki", "na", "ne", "nda", "nde", "ndan", "nden", "ya", "dır", "dir",
           "ın", "ə", "də", "dən", "ın", "nın", "la", "lə", "ya", "yə", "nə", "ndə", "ndən",
           "dakı", "dəki", "lı", "li", "lılar", "lılər", "nı", "ni", "nu", "nü"),
}
_LATIN_SUFFIXES["az"] = _LATIN_SUFFIXES["tr"]

# Heads of Swedish and German compounds whose first part is a name
# (Natodelegation, Natochefen, Lachinkorridoren, Irangrenze). Each head is also
# accepted with a genitive/definite ending listed in _HEAD_ENDINGS.
_COMPOUND_HEADS = {
    "sv": ("delegation", "chef", "land", "länder", "medlem", "medlemskap", "allians",
           "korridor", "gräns", "region", "konflikt", "krig", "avtal", "möte", "toppmöte",
           "ledare", "ledning", "trupp", "trupper", "styrka", "styrkor", "bas", "väg",
           "järnväg", "regering", "ambassad", "olja", "gas", "rörledning", "samarbete",
           "kris", "fråga", "sida", "armé", "militär", "president", "stad", "provins",
           "hamn", "flygplats", "flykting", "flyktingar", "enklav", "exklav", "politik",
           "närvaro", "sekreterare", "generalsekreterare", "anslutning", "uppdrag",
           "mission", "stöd", "kriget", "vänlig", "fientlig", "kritisk", "kritik",
           "utvidgning", "expansion", "övning", "övningar", "soldat", "soldater",
           "styrkorna", "insats", "ministermöte", "toppmötet", "ledd", "stödd"),
    "de": ("grenze", "konflikt", "krieg", "korridor", "regierung", "truppen", "mitglied",
           "mitgliedschaft", "beitritt", "gipfel", "staaten", "länder", "chef", "mission",
           "politik", "region", "hauptstadt", "präsident", "bündnis", "erweiterung"),
}
_HEAD_ENDINGS = ("", "s", "en", "ens", "et", "ets", "n", "ns", "na", "nas", "erna", "ernas",
                 "arna", "er", "e", "es", "ar")

_RU_ENDINGS = ("а", "я", "у", "ю", "е", "ом", "ем", "ой", "ей", "ою", "ею", "ы", "и", "ь",
               "ью", "ии", "ия", "ию", "ией", "ах", "ях", "ам", "ям", "ами", "ями", "ов",
               "ев", "ский", "ская", "ское", "ского", "ской", "ском", "ские", "ских",
               "цы", "цев")
# Relational adjectives made from a Russian place name ending in a consonant
# (Азербайджан -> азербайджанских, Иран -> иранским, Нахичевань -> нахичеванской):
# lower-case, stem + "ск" + one of these endings.
_RU_ADJ_ENDINGS = ("ий", "ая", "ое", "ого", "ой", "ом", "ому", "ую", "ие", "их", "им", "ими",
                   "ая", "ие")
# Armenian case endings, plural and demonym endings; after a name ending in a vowel
# (Թուրքիա, Մոսկվա) the endings take a glide յ (Թուրքիայի, Մոսկվայում).
_HY_CASES = ("ի", "ին", "ից", "ում", "ով", "ը", "ն")
_HY_ENDINGS = _HY_CASES + ("ու", "ուն", "ցի", "ցու", "ցիներ", "ցիները", "ցիների", "ցիներին",
                           "ցիներից", "յան", "ական", "ականը", "ականի", "ականների") \
    + tuple("յ" + e for e in _HY_CASES[:5]) \
    + tuple(p + e for p in ("ներ", "եր") for e in ("", "ը", "ի", "ին", "ից", "ով", "ում"))

_ACRONYM_SUFFIXES = ("s",)


def _nset(items: Iterable[str]) -> frozenset:
    out = set()
    for s in items:
        out.add(_norm(s) if s else "")
    return frozenset(out)


class _Rules:
    """Affix sets in normalised form (built once per process)."""

    _lock = threading.Lock()
    _built: "_Rules | None" = None

    def __init__(self):
        self.ar_prefixes = _nset(_AR_PREFIXES)
        self.ar_article = _norm("ال")
        self.arabic_suffixes = _nset(_AR_SUFFIXES + _FA_SUFFIXES)
        self.latin = {lang: _nset(s) for lang, s in _LATIN_SUFFIXES.items()}
        self.latin_all = frozenset().union(*self.latin.values())
        self.heads = {lang: _nset(h + e for h in heads for e in _HEAD_ENDINGS)
                      for lang, heads in _COMPOUND_HEADS.items()}
        self.heads_all = frozenset().union(*self.heads.values())
        self.ru = _nset(_RU_ENDINGS)
        self.hy = _nset(_HY_ENDINGS)
        self.hy_u = _norm("ու")
        self.hy_v = _norm("վ")
        self.hy_v_endings = _nset(_HY_CASES[:5])
        self.ru_adj = _nset(_RU_ADJ_ENDINGS)
        self.hy_ut = _norm("ություն")
        self.hy_uty = _norm("ությ")
        self.hy_ut_endings = _nset(("ան", "անը", "անն", "անից", "անում", "ամբ", "ուն", "ունը",
                                    "ունն", "ունից", "ունում", "ունով"))
        self.acronym = _nset(_ACRONYM_SUFFIXES)
        self.ar_ya = _norm("يا")
        self.fa_ye = _norm("یه")
        self._latin_cache: dict = {}

    @classmethod
    def get(cls) -> "_Rules":
        with cls._lock:
            if cls._built is None:
                cls._built = _Rules()
            return cls._built

    def latin_for(self, lang: str | None) -> tuple[frozenset, frozenset]:
        """(suffixes, compound heads) allowed for Latin names in a text of ``lang``."""
        if lang not in self._latin_cache:
            if lang is None:
                val = (self.latin_all, self.heads_all)
            elif lang not in self.latin:  # another language: English forms only
                val = (self.latin["en"], frozenset())
            else:
                val = (self.latin["en"] | self.latin[lang], self.heads.get(lang, frozenset()))
            self._latin_cache[lang] = val
        return self._latin_cache[lang]


_DASHES = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2212]")


def _variants(alias: str) -> set[str]:
    """Spelling variants of one alias: dashes vs spaces, ZWNJ vs joined vs spaced."""
    alias = " ".join(alias.split())
    out = {alias}
    if _DASHES.search(alias):
        out.add(_DASHES.sub("-", alias))
        out.add(_DASHES.sub(" ", alias))
        out.add(_DASHES.sub("", alias))
    for a in list(out):
        if "\u0587" in a or "եւ" in a:
            # Armenian և is ԵՎ in capitals (ԵՐԵՎԱՆ) and often written եվ
            out.add(a.replace("\u0587", "եվ").replace("եւ", "եվ"))
    for a in list(out):
        if ZWNJ in a:
            out.add(a.replace(ZWNJ, ""))
            out.add(a.replace(ZWNJ, " "))
    return out


def alias_forms(fid: str, lang: str, alias: str, rules: _Rules,
                case_sensitive: frozenset = frozenset(),
                blocker: bool = False) -> Iterator[tuple[str, Entry]]:
    """One alias and its rule-made forms (or a blocking phrase) as ``(key, entry)`` pairs."""
    alias = alias.strip()
    if len(alias) < 2:
        return
    script = _alias_script(alias)
    letters = [c for c in alias if c.isalpha()]
    capital = script in ("latin", "cyrillic", "armenian") and alias[0].isupper()
    short = bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 3
    exact = short or alias in case_sensitive
    r = rules
    for var in _variants(alias):
        key = _norm(var)
        if len(key) < 2:
            continue
        if blocker:
            yield key, Entry(BLOCK, False, None, None, True)
            continue
        if exact:
            yield key, Entry(fid, True, var, r.acronym if short else None, True)
            continue
        yield key, Entry(fid, capital, None, None, True)
        yield from _rule_forms(fid, lang, var, key, script, capital, r)


def _rule_forms(fid: str, lang: str, var: str, key: str, script: str, capital: bool,
                r: _Rules) -> Iterator[tuple[str, Entry]]:
    """The stems and forms a script's rules make from one normalised alias ``key``."""
    if script == "arabic" and lang == "ar" and var.startswith("\u0627\u0644") \
            and len(key) > len(r.ar_article) + 2:
        # الكرملين -> كرملين as well, so "للكرملين" (ل + ال) matches; a
        # written article is put back into the span at match time.
        yield key[len(r.ar_article):], Entry(fid, capital, None, None, True)
    if script == "arabic":
        # nisba stem: روسيا -> روسي(ة), روسیه -> روسی
        for end in (r.ar_ya, r.fa_ye):
            if key.endswith(end) and len(key) - 1 >= 4:
                yield key[:-1], Entry(fid, False, None, None, True)
    elif script == "cyrillic":
        last = key.rsplit(" ", 1)[-1]
        if len(last) >= 5 and last[-1] in "аяь":
            stem = key[:-1]
            yield stem, Entry(fid, capital, None, r.ru | {key[-1]}, False)
        if lang == "ru" and capital and " " not in key and "-" not in key \
                and len(key) >= 4 and key.isalpha() \
                and key[-1] not in "аеёиоуыэюяй":
            # Азербайджан -> азербайджанск(ий, их, ...), Нахичевань -> нахичеванск...
            stem = key[:-1] if key[-1] == "ь" else key
            yield stem + "ск", Entry(fid, False, None, r.ru_adj, False)
        if lang == "ru" and not capital and key.endswith("кий") and len(key) >= 7 \
                and " " not in key:
            # an adjective given in the masculine (армянский, российский,
            # турецкий): every case and gender (армянских, российским, турецкой)
            yield key[:-2], Entry(fid, False, None, r.ru_adj, False)
    elif script == "armenian" and key.endswith(r.hy_ut) and len(key) > len(r.hy_ut) + 1:
        # -ություն changes its stem in the other cases: Եվրոպական միությանը,
        # Խորհրդային Միության, Հանրապետությամբ
        yield key[:-len(r.hy_ut)] + r.hy_uty, Entry(fid, capital, None, r.hy_ut_endings, False)
    elif script == "armenian" and key.endswith(r.hy_u) and len(key) >= 4 and " " not in key:
        # a final ու becomes վ before a case ending: Բաքու -> Բաքվի, Բաքվում
        yield key[:-len(r.hy_u)] + r.hy_v, Entry(fid, capital, None, r.hy_v_endings, False)
    elif script == "latin" and lang == "en" and key.endswith("e") and len(key) >= 6 \
            and key.isalpha():
        # Ukraine -> Ukrainian(s)
        yield key[:-1], Entry(fid, capital, None, _nset(("ian", "ians")), False)
