"""The gazetteer: every name and inflected form of a place or actor -> its id.

Names come from ``geodata/curated/names.json`` (display names and aliases per
language, base forms only), from the ``names``/``name`` of the built layers
(``geodata/features.geojson``) and from ``geodata/curated/actors.json``. This
module adds the inflected forms by rule and finds every mention in a text.

How matching works
------------------
1. The text is normalised once (:func:`app.text.normalise`: letter variants,
   diacritics, ZWNJ...) and lower-cased character by character, so offsets map
   back to the original through :meth:`Normalised.span`.
2. Every alias is normalised the same way (with its hyphen/space/ZWNJ variants)
   and put into one Aho–Corasick automaton (``pyahocorasick``); one pass over
   the text finds every candidate.
3. Each candidate must sit on word boundaries, except for the affixes a
   language really uses:

   * Arabic script: clitics and the article before the name (و ف ب ك ل ال لل:
     وأذربيجان، بأرمينيا، للناتو، الناتو; the span keeps a written article, الناتو
     and بالناتو give "الناتو", and drops the clitics), nisba/plural/pronoun endings after it
     (ي ية يون ين ...), Persian endings (ی، ها، های، ای، ان ... with or without a
     ZWNJ: آذربایجانی، ارمنستان‌ها). A name ending in ``يا``/``یه`` also matches
     its nisba stem (روسيا -> الروسية، روسیه -> روسی).
   * Latin script: English ``s``/``n``/``an``/``ian``/``i`` (Armenians, Iranian,
     Azerbaijani; ``'s`` needs no rule), Swedish definite and genitive endings
     (Natos, Rysslands, Lachinkorridoren) and compounds with a known Swedish or
     German head noun (Natodelegation, Natochefen), German ``s``/``isch...``
     (Aserbaidschans), French ``n``/``ne``/``nne`` (after ``l'``/``d'``, which
     are boundaries), Turkish/Azerbaijani case endings (Naxçıvanda,
     Azərbaycanın; ``'`` is a boundary). The Swedish/German/French/Turkish sets
     are used when the language is that one (or unknown).
   * Cyrillic: Russian case endings on the stem (Армении, Азербайджаном,
     Нахичевани); Armenian: case endings (Հայաստանի, Հայաստանում).

   Anything else glued to a name rejects the candidate: "Armeniaca", "Bakuriani",
   "Tirane", "ایرانشهر" are not mentions.
4. Case: a Latin/Cyrillic/Armenian alias written with a capital only matches a
   capitalised word ("Turkey", not "turkey"); acronyms of up to three letters
   (EU, US, UK) only match in capitals.
5. Overlaps: the longest name wins (Nagorno-Karabakh over Karabakh, Lachin
   corridor over Lachin, Kaspiska havet as a whole), then the leftmost.
6. A form shared by several ids (Astara) is resolved from the other mentions in
   the same sentence, then the same paragraph: a candidate scores two points for
   each co-mentioned id that is itself, contains it or shares its country
   (taken from the layers' geometry and ``host``) or that its names entry
   lists under ``context``, and one point for an id named in its own display
   names or notes ("Astara (Iran)", "the Rasht–Astara railway ends here").
   A unique best candidate wins. Before context, when the document's date is
   known (``find(..., doc_date=)``), the one candidate whose status periods
   (``periods`` of features.json/actors.json) cover that date wins: a bare
   "Aliyev" in a 1998 text is Heydar, in a 2023 text Ilham. Failing that, a
   candidate that the document names unambiguously elsewhere ("Ilham Aliyev"
   ... "Aliyev"), then the one curated as ``"preferred": true`` in names.json
   (Nakhchivan the region over the city). Otherwise the mention gets
   ``id=None`` and ``ambiguous=(the candidates)``: never a silent guess.
7. Phrases listed under a names entry's ``exclude`` (East Azerbaijan for
   azerbaijan) match as a whole and yield no mention; aliases listed under
   ``case_sensitive`` (and all-capital aliases of up to three letters: EU, US)
   match only with exactly that spelling.

Speed: the automaton's hits are handled as numpy columns: a hit with no word
character glued to it (or an Arabic-script clitic/ending from the lists above,
compared as integer keys) is decided for all hits at once; only the other
affixes, exact spellings and overlapping names are looked at one by one in
Python, and shared names are resolved one by one.

Classes
-------
Mention(start, end, text, id, kind, ambiguous)
Gazetteer.load(names_path=None, features_path=None, actors_path=None) -> Gazetteer  (cached)
Gazetteer.find(text, lang=None, norm=None) -> [Mention]
Gazetteer.find_spans(text, lang=None, norm=None) -> [(start, end, id, kind, ambiguous)]
Gazetteer.lookup(query) -> [id]
Gazetteer.kind_of(id) -> 'place' | 'actor'
"""

from __future__ import annotations

import bisect
import json
import re
import threading
import unicodedata
from collections import defaultdict
from itertools import chain
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple

import ahocorasick
import numpy as np

from app.text import normalise

__all__ = ["Mention", "Gazetteer", "ROOT", "NAMES_PATH", "FEATURES_PATH", "ACTORS_PATH"]

ROOT = Path(__file__).resolve().parents[2]
NAMES_PATH = ROOT / "geodata" / "curated" / "names.json"
FEATURES_PATH = ROOT / "geodata" / "features.geojson"
CURATED_FEATURES_PATH = ROOT / "geodata" / "curated" / "features.json"
ACTORS_PATH = ROOT / "geodata" / "curated" / "actors.json"

ZWNJ = "\u200c"
_BLOCK = "\x00block"  # id of phrases listed under "exclude": they match, then vanish
_MAX_AFFIX = 24  # longest letter run looked at before/after a name


@dataclass(frozen=True)
class Mention:
    """One mention of a place or actor in a text.

    ``start``/``end`` are offsets in the ORIGINAL text and ``text`` is
    ``original[start:end]``: the name with its inflectional ending (Natos,
    Армении, ارمنستان‌ها) and a written Arabic article (بالناتو -> الناتو) but
    without Arabic clitics (وأذربيجان -> أذربيجان) or a compound's head
    (Natodelegation -> Nato). ``id`` is None when the name is
    ambiguous; then ``ambiguous`` holds the candidate ids.
    """

    start: int
    end: int
    text: str
    id: str | None
    kind: str
    ambiguous: tuple[str, ...] | None = None


class _Entry(NamedTuple):
    id: str
    capital: bool            # alias starts with a capital: match must too
    exact: str | None        # case-sensitive form: the surface must be exactly this
    suffixes: frozenset | None  # None: the script's rules; else only these (+ bare if bare_ok)
    bare_ok: bool


# --------------------------------------------------------------------------- scripts


def _script(ch: str) -> str:
    """'arabic', 'latin', 'cyrillic', 'armenian', 'other' for one letter."""
    o = ord(ch)
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
        return "arabic"
    if 0x0400 <= o <= 0x052F:
        return "cyrillic"
    if 0x0530 <= o <= 0x058F:
        return "armenian"
    if ch.isalpha() and (o < 0x0250 or 0x1E00 <= o <= 0x1EFF):
        return "latin"
    return "other"


def _alias_script(alias: str) -> str:
    for ch in alias:
        if ch.isalpha():
            return _script(ch)
    return "other"


_WORD_CACHE: dict[str, bool] = {}


def _is_word(ch: str) -> bool:
    """Letter, digit, combining mark or ZWNJ: a character that continues a word."""
    w = _WORD_CACHE.get(ch)
    if w is None:
        w = ch.isalnum() or ch == ZWNJ or unicodedata.category(ch)[0] == "M"
        if len(_WORD_CACHE) < 100_000:
            _WORD_CACHE[ch] = w
    return w


class _WordMap(dict):
    """``str.translate`` table: word characters -> "1", others -> "0" (filled lazily)."""

    def __missing__(self, cp: int) -> str:
        v = "1" if _is_word(chr(cp)) else "0"
        if len(self) < 200_000:
            self[cp] = v
        return v


_WORDMAP = _WordMap()
_UPPER_NP: "np.ndarray | None" = None  # BMP code point -> str.isupper()


def _upper_table() -> "np.ndarray":
    global _UPPER_NP
    if _UPPER_NP is None:
        _UPPER_NP = np.array([chr(cp).isupper() for cp in range(0x10000)], dtype=bool)
    return _UPPER_NP


_AFFIX_LETTERS = 4   # Arabic-script clitics/endings of up to 4 letters ...
_AFFIX_BITS = 11     # ... below U+0800 fit one integer key (length in the top bits)


_LATIN_LETTERS = 6   # Latin endings of up to 6 letters ...
_LATIN_BITS = 10     # ... below U+0400 fit one integer key


def _affix_keys(affixes: Iterable[str], letters: int = _AFFIX_LETTERS,
                bits: int = _AFFIX_BITS) -> "np.ndarray":
    """Sorted integer keys (see :func:`_affix_key_array`) of the affixes that fit one."""
    keys = set()
    for a in affixes:
        if 1 <= len(a) <= letters and all(ord(c) < 1 << bits for c in a):
            k = len(a) << 60
            for j, c in enumerate(a):
                k |= ord(c) << (bits * j)
            keys.add(k)
    return np.array(sorted(keys), dtype=np.uint64)


def _affix_key_array(cps: "np.ndarray", starts: "np.ndarray", lengths: "np.ndarray",
                     letters: int = _AFFIX_LETTERS, bits: int = _AFFIX_BITS
                     ) -> "tuple[np.ndarray, np.ndarray]":
    """Integer keys of the strings ``cps[start:start + length]`` (1..``letters``
    letters), and a mask of those that do not fit a key (empty, longer, or a
    code point >= 2**bits)."""
    n = len(cps)
    key = lengths.astype(np.uint64) << np.uint64(60)
    bad = (lengths > letters) | (lengths < 1)
    for j in range(letters):
        has = lengths > j
        c = cps[np.clip(starts + j, 0, max(n - 1, 0))].astype(np.uint64)
        bad |= has & (c >= 1 << bits)
        key |= np.where(has, c, 0).astype(np.uint64) << np.uint64(bits * j)
    return key, bad


_LATIN_NP: "np.ndarray | None" = None  # BMP code point -> _script() == "latin"


def _latin_table() -> "np.ndarray":
    global _LATIN_NP
    if _LATIN_NP is None:
        _LATIN_NP = np.array([_script(chr(cp)) == "latin" if not 0xD800 <= cp <= 0xDFFF
                              else False for cp in range(0x10000)], dtype=bool)
    return _LATIN_NP


def _in_keys(key: "np.ndarray", table: "np.ndarray") -> "np.ndarray":
    if not len(table):
        return np.zeros(len(key), dtype=bool)
    at = np.minimum(np.searchsorted(table, key), len(table) - 1)
    return table[at] == key


_ALPHA_NP: "np.ndarray | None" = None  # BMP code point -> str.isalpha()


def _alpha_table() -> "np.ndarray":
    global _ALPHA_NP
    if _ALPHA_NP is None:
        _ALPHA_NP = np.array([chr(cp).isalpha() for cp in range(0x10000)], dtype=bool)
    return _ALPHA_NP


_WORD_NP: "np.ndarray | None" = None   # BMP code point -> ord("1") word / ord("0") not
_WORD_NP_LOCK = threading.Lock()


def _word_flags(s: str) -> str:
    """``s.translate(_WORDMAP)``: "1" per word character, "0" per other (numpy lookup)."""
    return _word_flags_cps(s)[0]


def _word_flags_cps(s: str) -> "tuple[str, np.ndarray]":
    """(:func:`_word_flags` of ``s``, the code points of ``s`` as a numpy array)."""
    global _WORD_NP
    cps = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if s.isascii():
        return s.translate(_WORDMAP), cps
    if _WORD_NP is None:
        with _WORD_NP_LOCK:
            if _WORD_NP is None:
                table = np.full(0x10000, ord("0"), dtype=np.uint8)
                for cp in range(0x10000):
                    if _is_word(chr(cp)):
                        table[cp] = ord("1")
                _WORD_NP = table
    flags = _WORD_NP[np.minimum(cps, 0xFFFF)]
    astral = np.flatnonzero(cps > 0xFFFF)
    for i in astral.tolist():
        flags[i] = ord("1") if _is_word(s[i]) else ord("0")
    return flags.tobytes().decode("ascii"), cps


_ARABIC_NP: "np.ndarray | None" = None  # BMP code point -> _script() == "arabic"


def _arabic_table() -> "np.ndarray":
    global _ARABIC_NP
    if _ARABIC_NP is None:
        table = np.zeros(0x10000, dtype=bool)
        for a, b in ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFEFF)):
            table[a:b + 1] = True
        _ARABIC_NP = table
    return _ARABIC_NP


class _ScriptMap(dict):
    def __missing__(self, ch: str) -> str:
        v = _script(ch)
        self[ch] = v
        return v


_SCRIPTS = _ScriptMap()


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
_HY_ENDINGS = ("ի", "ը", "ն", "ում", "ից", "ով", "ին", "ու", "ուն", "ցի", "ցիներ",
               "ցիները", "յան", "ական")

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


# --------------------------------------------------------------------------- dates


def _iso_start(value) -> tuple | None:
    """(y, m, d) of the first day of an ISO ``YYYY[-MM[-DD]]`` value, or None."""
    if not isinstance(value, str) or not value[:4].isdigit():
        return None
    parts = [int(x) for x in value.split("-")[:3] if x.isdigit()]
    return tuple(parts + [1] * (3 - len(parts)))


def _iso_after(value) -> tuple | None:
    """(y, m, d) just after the last day an ISO value covers (exclusive end)."""
    start = _iso_start(value)
    if start is None:
        return None
    n = len([x for x in value.split("-")[:3] if x.isdigit()])
    y, m, d = start
    if n == 1:
        return (y + 1, 1, 1)
    if n == 2:
        return (y + 1, 1, 1) if m == 12 else (y, m + 1, 1)
    return (y, m, d + 1)  # a tuple bound: (y, m, 32) still sorts before the next month


def _period_bounds(period: dict) -> tuple:
    """``[start, end)`` of a status period as comparable tuples (None = open).

    A period's ``end`` is exclusive (docs/DATA.md); a document date given as
    both start and end covers its whole year/month/day.
    """
    start = _iso_start(period.get("start"))
    end = period.get("end")
    if end is not None and end == period.get("start"):
        return start, _iso_after(end)
    return start, _iso_start(end)


def _overlaps(a: tuple, b: tuple) -> bool:
    (a0, a1), (b0, b1) = a, b
    return (a1 is None or b0 is None or b0 < a1) and (b1 is None or a0 is None or a0 < b1)


# --------------------------------------------------------------------------- loading


def _read_json(path) -> object:
    p = Path(path)
    if not p.exists():
        return None
    return json.loads(p.read_text(encoding="utf-8"))


def _records(data) -> Iterable[tuple[str, dict]]:
    """(id, record) pairs from a {id: record} dict, a list of records or a FeatureCollection."""
    if data is None:
        return
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        for f in data.get("features", []):
            props = dict(f.get("properties") or {})
            fid = f.get("id") or props.get("id")
            if fid:
                props["_geometry"] = f.get("geometry")
                yield fid, props
        return
    if isinstance(data, dict):
        for key in ("features", "actors", "records", "items"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if isinstance(data, list):
        for rec in data:
            if isinstance(rec, dict) and rec.get("id"):
                yield rec["id"], rec
    elif isinstance(data, dict):
        for key, rec in data.items():
            if not key.startswith("_") and isinstance(rec, dict):
                yield rec.get("id", key), rec


def _names_of(rec: dict) -> list[tuple[str, str]]:
    """(lang, name) pairs from a record's display names, names and aliases."""
    out: list[tuple[str, str]] = []
    for key in ("display", "names"):
        val = rec.get(key)
        if isinstance(val, dict):
            out += [(lang, n) for lang, n in val.items() if isinstance(n, str)]
    aliases = rec.get("aliases")
    if isinstance(aliases, dict):
        for lang, names in aliases.items():
            if isinstance(names, str):
                names = [names]
            out += [(lang, n) for n in names or [] if isinstance(n, str)]
    elif isinstance(aliases, list):
        out += [("en", n) for n in aliases if isinstance(n, str)]
    if isinstance(rec.get("name"), str):
        out.append(("en", rec["name"]))
    return out


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
        if ZWNJ in a:
            out.add(a.replace(ZWNJ, ""))
            out.add(a.replace(ZWNJ, " "))
    return out


# --------------------------------------------------------------------------- the gazetteer


class Gazetteer:
    """Names and forms of all features and actors, and the matcher over them.

    Build with :meth:`load` (cached per set of paths) or directly from records
    with ``Gazetteer(names, features, actors)`` where each is a ``{id: record}``
    mapping as in ``docs/DATA.md``.
    """

    _cache: dict = {}
    _cache_lock = threading.Lock()

    def __init__(self, names: dict | None = None, features: dict | None = None,
                 actors: dict | None = None):
        self.rules = _Rules.get()
        names = names or {}
        features = features or {}
        actors = actors or {}
        self._features = features
        self._actors = actors
        self._kind: dict[str, str] = {}
        for fid in features:
            self._kind[fid] = "place"
        for aid in actors:
            self._kind.setdefault(aid, "actor")
        self._has_features = bool(features)

        # strong context: geometry, host, names.json "context"; weak: the ids
        # named in an entry's own display names and notes (weight 1 instead of 2)
        self._context: dict[str, set[str]] = defaultdict(set)
        self._weak_context: dict[str, set[str]] = defaultdict(set)
        for fid, rec in names.items():
            ctx = rec.get("context") if isinstance(rec, dict) else None
            if isinstance(ctx, list):
                self._context[fid].update(c for c in ctx if isinstance(c, str))
        self._relations_from_features(features)

        self._forms: dict[str, list[_Entry]] = defaultdict(list)
        self._display: dict[str, str] = {}
        self._preferred: set[str] = set()
        self._periods: dict[str, list[tuple]] = {}
        for source in (features, actors):
            for fid, rec in source.items():
                spans = [_period_bounds(p) for p in rec.get("periods") or []
                         if isinstance(p, dict) and p.get("present", True) is not False]
                if spans:
                    self._periods[fid] = spans
        for source in (names, features, actors):
            for fid, rec in source.items():
                cs = rec.get("case_sensitive")
                cs = frozenset(cs) if isinstance(cs, list) else frozenset()
                for lang, alias in _names_of(rec):
                    self._add_alias(fid, lang, alias, cs)
                excl = rec.get("exclude")
                if isinstance(excl, dict):
                    excl = [a for v in excl.values() for a in (v if isinstance(v, list) else [v])]
                for alias in excl if isinstance(excl, list) else []:
                    if isinstance(alias, str):
                        self._add_alias(fid, "", alias, blocker=True)
                if rec.get("preferred") is True:
                    self._preferred.add(fid)
                if fid not in self._display:
                    disp = rec.get("display") or rec.get("names") or {}
                    self._display[fid] = (disp.get("en") if isinstance(disp, dict) else None) \
                        or rec.get("name") or fid
        self._automaton = ahocorasick.Automaton()
        # per key (the automaton's value is its index): (length, entries,
        # needs_case, entries without an affix), and numpy columns of the same
        # for the vectorised fast path of find_spans
        kinfo: list[tuple[int, tuple, int, tuple]] = []
        for key, entries in self._forms.items():
            # de-duplicate entries, keep order
            uniq = list(dict.fromkeys(entries))
            self._forms[key] = uniq
            uniq = tuple(uniq)
            # 0: no case rule; 1: every entry only needs a capital; 2: check each entry
            if not any(e.capital or e.exact is not None for e in uniq):
                needs_case = 0
            elif all(e.capital and e.exact is None for e in uniq):
                needs_case = 1
            else:
                needs_case = 2
            bare = tuple(e for e in uniq if e.bare_ok)
            self._automaton.add_word(key, len(kinfo))
            kinfo.append((len(key), uniq, needs_case, bare))
        if len(self._forms):
            self._automaton.make_automaton()
        self._kinfo = kinfo
        self._k_len = np.array([k[0] for k in kinfo], dtype=np.int64)
        self._k_case = np.array([k[2] for k in kinfo], dtype=np.int8)
        self._k_bare = np.array([bool(k[3]) for k in kinfo], dtype=bool)
        # every entry of the key needs an upper-case first letter (a capital
        # alias, or an exact spelling that starts with one)
        self._k_upper = np.array(
            [all((e.exact[:1].isupper()) if e.exact is not None else e.capital for e in k[1])
             for k in kinfo], dtype=bool)
        # ids of the bare entries of each key (blocking phrases have none)
        self._k_bare_ids = [list(dict.fromkeys(e.id for e in k[3] if e.id != _BLOCK))
                            for k in kinfo]
        # ids of all entries of each key, and whether no entry has its own suffix list
        self._k_all_ids = [list(dict.fromkeys(e.id for e in k[1] if e.id != _BLOCK))
                           for k in kinfo]
        self._k_nosuffixes = np.array([all(e.suffixes is None for e in k[1]) for k in kinfo],
                                      dtype=bool)
        # candidate sources: key index -> bare ids, len(kinfo) + key index -> all ids
        self._k_src_ids = self._k_bare_ids + self._k_all_ids
        r = self.rules
        self._prefix_keys = _affix_keys(p for p in r.ar_prefixes if p)
        self._suffix_keys = _affix_keys(x for x in r.arabic_suffixes if x)
        self._ids = sorted({e.id for es in self._forms.values() for e in es if e.id != _BLOCK})
        self._context_from_descriptions(names, features, actors)

    def _context_from_descriptions(self, *sources: dict) -> None:
        """Context for ids that share a name, read from their own display names and notes.

        "Astara (Iran)" or a note saying "The Rasht–Astara railway ends here"
        relate astara_ir to iran and rasht even before the layers exist.
        """
        shared = {e.id for es in self._forms.values()
                  if len({x.id for x in es}) > 1 for e in es if e.id != _BLOCK}
        for fid in shared:
            texts = []
            for source in sources:
                rec = source.get(fid) or {}
                for key in ("display", "names"):
                    if isinstance(rec.get(key), dict):
                        texts += [t for t in rec[key].values() if isinstance(t, str)]
                for key in ("note", "description", "name"):
                    if isinstance(rec.get(key), str):
                        texts.append(rec[key])
            rivals = {e.id for es in self._forms.values() if any(x.id == fid for x in es)
                      for e in es}
            pieces = [p for t in texts for p in [t, *re.split(r"[()\[\],;:/\u2013\u2014-]+", t)]
                      if p.strip()]
            for t in pieces:
                for m in self.find(t, _case=False, _resolve=False):
                    for i in ([m.id] if m.id else []):
                        if i not in rivals:
                            self._weak_context[fid].add(i)

    # ------------------------------------------------------------------ building

    @classmethod
    def load(cls, names_path=None, features_path=None, actors_path=None) -> "Gazetteer":
        """Load the repository's names, layers and actors (or the given files); cached.

        ``features_path`` may be the built ``features.geojson`` or the curated
        ``features.json``; by default the first that exists. Missing files count
        as empty. The cache key includes the files' modification times, so an
        edited names file is picked up.
        """
        names_path = Path(names_path) if names_path else NAMES_PATH
        if features_path:
            features_path = Path(features_path)
        else:
            features_path = FEATURES_PATH if FEATURES_PATH.exists() else CURATED_FEATURES_PATH
        actors_path = Path(actors_path) if actors_path else ACTORS_PATH

        def stamp(p: Path):
            try:
                return p.stat().st_mtime_ns
            except OSError:
                return None

        key = tuple((str(p), stamp(p)) for p in (names_path, features_path, actors_path))
        with cls._cache_lock:
            if key in cls._cache:
                return cls._cache[key]
        names = dict(_records(_read_json(names_path)))
        features = dict(_records(_read_json(features_path)))
        actors = dict(_records(_read_json(actors_path)))
        gaz = cls(names, features, actors)
        with cls._cache_lock:
            cls._cache[key] = gaz
        return gaz

    def _relations_from_features(self, features: dict) -> None:
        """Context relations: containers (by geometry) and same-country places."""
        try:
            from shapely.geometry import shape
            from shapely import STRtree
        except ImportError:  # pragma: no cover - shapely is pinned
            return
        geoms, ids, kinds = [], [], []
        for fid, rec in features.items():
            g = rec.get("_geometry") or rec.get("geometry")
            if not g:
                continue
            try:
                geoms.append(shape(g))
            except Exception:
                continue
            ids.append(fid)
            kinds.append(rec.get("kind"))
        containers = [i for i, k in enumerate(kinds) if k in ("country", "region", "sea")]
        country_of: dict[str, set[str]] = defaultdict(set)
        if containers:
            tree = STRtree([geoms[i] for i in containers])
            for i, g in enumerate(geoms):
                if kinds[i] in ("country", "sea"):
                    continue
                # regions too: Nakhchivan (region) and Nakhchivan (city) are then
                # both "in Azerbaijan", and a nearby Baku does not pick the city
                pt = g.representative_point()
                for j in tree.query(pt, predicate="intersects"):
                    cid = ids[containers[int(j)]]
                    if cid == ids[i]:
                        continue
                    self._context[ids[i]].add(cid)
                    if kinds[containers[int(j)]] == "country":
                        country_of[cid].add(ids[i])
        for fid, rec in features.items():
            host = rec.get("host")
            if isinstance(host, str):
                self._context[fid].add(host)
                country_of[host].add(fid)
        # places sharing a country are each other's context
        for cid, members in country_of.items():
            for m in members:
                self._context[m].update(members - {m})

    def _add_alias(self, fid: str, lang: str, alias: str,
                   case_sensitive: frozenset = frozenset(), blocker: bool = False) -> None:
        """Add one alias and its rule-made forms (or a blocking phrase) to the table."""
        alias = alias.strip()
        if len(alias) < 2:
            return
        script = _alias_script(alias)
        letters = [c for c in alias if c.isalpha()]
        capital = script in ("latin", "cyrillic", "armenian") and alias[0].isupper()
        short = bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 3
        exact = short or alias in case_sensitive
        r = self.rules
        for var in _variants(alias):
            key = _norm(var)
            if len(key) < 2:
                continue
            if blocker:
                self._forms[key].append(_Entry(_BLOCK, False, None, None, True))
                continue
            if exact:
                self._forms[key].append(
                    _Entry(fid, True, var, r.acronym if short else None, True))
                continue
            self._forms[key].append(_Entry(fid, capital, None, None, True))
            if script == "arabic" and lang == "ar" and var.startswith("\u0627\u0644") \
                    and len(key) > len(r.ar_article) + 2:
                # الكرملين -> كرملين as well, so "للكرملين" (ل + ال) matches; a
                # written article is put back into the span at match time.
                self._forms[key[len(r.ar_article):]].append(
                    _Entry(fid, capital, None, None, True))
            if script == "arabic":
                # nisba stem: روسيا -> روسي(ة), روسیه -> روسی
                for end in (r.ar_ya, r.fa_ye):
                    if key.endswith(end) and len(key) - 1 >= 4:
                        self._forms[key[:-1]].append(_Entry(fid, False, None, None, True))
            elif script == "cyrillic":
                last = key.rsplit(" ", 1)[-1]
                if len(last) >= 5 and last[-1] in "аяь":
                    stem = key[:-1]
                    self._forms[stem].append(
                        _Entry(fid, capital, None, r.ru | {key[-1]}, False))
                if lang == "ru" and capital and " " not in key and "-" not in key \
                        and len(key) >= 4 and key.isalpha() \
                        and key[-1] not in "аеёиоуыэюяй":
                    # Азербайджан -> азербайджанск(ий, их, ...), Нахичевань -> нахичеванск...
                    stem = key[:-1] if key[-1] == "ь" else key
                    self._forms[stem + "ск"].append(_Entry(fid, False, None, r.ru_adj, False))
                if lang == "ru" and not capital and key.endswith("кий") and len(key) >= 7 \
                        and " " not in key:
                    # an adjective given in the masculine (армянский, российский,
                    # турецкий): every case and gender (армянских, российским, турецкой)
                    self._forms[key[:-2]].append(_Entry(fid, False, None, r.ru_adj, False))
            elif script == "armenian" and key.endswith(r.hy_ut) and len(key) > len(r.hy_ut) + 1:
                # -ություն changes its stem in the other cases: Եվրոպական միությանը,
                # Խորհրդային Միության, Հանրապետությամբ
                self._forms[key[:-len(r.hy_ut)] + r.hy_uty].append(
                    _Entry(fid, capital, None, r.hy_ut_endings, False))
            elif script == "latin" and lang == "en" and key.endswith("e") and len(key) >= 6 \
                    and key.isalpha():
                # Ukraine -> Ukrainian(s)
                self._forms[key[:-1]].append(
                    _Entry(fid, capital, None, _nset(("ian", "ians")), False))

    def _latin_keys(self, lang: str | None) -> "tuple[np.ndarray, np.ndarray]":
        """Integer keys of the Latin endings and compound heads allowed in ``lang``."""
        cache = self.__dict__.setdefault("_latin_key_cache", {})
        if lang not in cache:
            suffixes, heads = self.rules.latin_for(lang)
            cache[lang] = (_affix_keys(suffixes, _LATIN_LETTERS, _LATIN_BITS),
                           _affix_keys(heads, _LATIN_LETTERS, _LATIN_BITS))
        return cache[lang]

    # ------------------------------------------------------------------ queries

    @property
    def ids(self) -> list[str]:
        """All ids that have at least one name."""
        return list(self._ids)

    def kind_of(self, id) -> str:
        """'place' for ids with geometry in the layers, 'actor' otherwise.

        Without any layers loaded, ids of ``actors.json`` are actors and all
        others places.
        """
        if id in self._kind:
            return self._kind[id]
        return "actor" if self._has_features else "place"

    def display_name(self, id) -> str:
        """English display name of an id (the id itself when unknown)."""
        return self._display.get(id, id)

    def forms(self, id) -> list[str]:
        """The normalised forms (keys) that map to ``id`` (for inspection and tests)."""
        return sorted(k for k, es in self._forms.items() if any(e.id == id for e in es))

    def lookup(self, query: str) -> list[str]:
        """Ids whose names match ``query`` (any script, any inflection), best first.

        Order: exact name; the names found in the query by :meth:`find`; names
        starting with the query; then close spellings (rapidfuzz, score >= 85).
        """
        if not query or not query.strip():
            return []
        q = _norm(" ".join(query.split()))
        out: list[str] = []

        def add(ids):
            for i in ids:
                if i not in out:
                    out.append(i)

        add(e.id for e in self._forms.get(q, ()) if e.id != _BLOCK)
        for m in self.find(query, norm=None, _case=False):
            add([m.id] if m.id else list(m.ambiguous or ()))
        if len(q) >= 2:
            add(e.id for k in sorted(self._forms, key=len) if k.startswith(q)
                for e in self._forms[k] if e.id != _BLOCK)
        if len(q) >= 4:
            try:
                from rapidfuzz import fuzz, process
                hits = process.extract(q, list(self._forms), scorer=fuzz.ratio,
                                       score_cutoff=85, limit=10)
                add(e.id for k, _s, _i in hits for e in self._forms[k] if e.id != _BLOCK)
            except ImportError:  # pragma: no cover - rapidfuzz is pinned
                pass
        return out

    # ------------------------------------------------------------------ matching

    def find(self, text: str, lang: str | None = None, norm=None, doc_date: str | None = None,
             _case: bool = True, _resolve: bool = True) -> list[Mention]:
        """All mentions of places and actors in ``text``, in text order.

        ``lang`` (ISO 639-1, the document's language) selects the Swedish,
        German, French or Turkish/Azerbaijani endings for Latin names (English
        ones always apply; any other language gets only those); ``None``
        allows all. ``norm`` is ``app.text.normalise(text)`` if already computed.
        ``doc_date`` (``YYYY[-MM[-DD]]``, the document's date) lets a shared name
        go to the one candidate whose status periods cover that date (the
        president in office for a bare "Aliyev").
        """
        if not text or not self._forms:
            return []
        if norm is None or (norm.original is not text and norm.original != text):
            norm = normalise(text)
        orig = norm.original
        return [Mention(s, e, orig[s:e], fid, kind, amb)
                for s, e, fid, kind, amb in self.find_spans(text, lang, norm, doc_date,
                                                            _case, _resolve)]

    def find_spans(self, text: str, lang: str | None = None, norm=None,
                   doc_date: str | None = None, _case: bool = True, _resolve: bool = True
                   ) -> list[tuple[int, int, str | None, str, tuple[str, ...] | None]]:
        """:meth:`find` as plain tuples ``(start, end, id, kind, ambiguous)``.

        The same mentions in the same order, without building :class:`Mention`
        objects or surface strings (``text[start:end]`` is the surface): the
        annotator's fast path, where the seeds hold ~15,000 mentions per MB.
        """
        if not text or not self._forms:
            return []
        if norm is None or (norm.original is not text and norm.original != text):
            norm = normalise(text)
        nt = _lower(norm.text)
        n = len(nt)
        r = self.rules
        lat_suffixes, lat_heads = r.latin_for(lang)
        orig = norm.original
        offsets = norm.offsets

        # "1" where nt has a word character, "0" elsewhere: word edges are then
        # found with str.find/rfind in C instead of a Python loop per character.
        isw, nt_cps = _word_flags_cps(nt)

        # ---- every key occurrence, as numpy columns: (end index, key index)
        found = np.fromiter(chain.from_iterable(self._automaton.iter(nt)), dtype=np.int64)
        found = found.reshape(-1, 2)
        k_end = found[:, 0] + 1                 # exclusive end in nt
        k_idx = found[:, 1]
        k_len = self._k_len[k_idx]
        k_start = k_end - k_len
        # What can be decided for all occurrences at once is decided with numpy:
        # fast = no word character glued on either side, entries usable without
        # an affix, and no case rule or only "starts with a capital" (met);
        # reject = a rule below would drop it whatever its entries. The rest
        # goes through the per-occurrence rules.
        word = np.frombuffer(isw.encode("ascii"), dtype=np.uint8) == ord("1")
        glued_left = (k_start > 0) & word[np.maximum(k_start - 1, 0)]
        glued_right = (k_end < n) & word[np.minimum(k_end, n - 1)]
        bare = self._k_bare[k_idx]
        nonword = np.flatnonzero(~word)
        at = np.searchsorted(nonword, k_start, side="left") - 1
        word_start = np.where(at >= 0, nonword[np.maximum(at, 0)] + 1, 0) if len(nonword) \
            else np.zeros(len(k_start), dtype=np.int64)
        at = np.searchsorted(nonword, k_end, side="left")
        word_end = np.where(at < len(nonword), nonword[np.minimum(at, len(nonword) - 1)], n) \
            if len(nonword) else np.full(len(k_end), n, dtype=np.int64)
        first_nt = nt_cps[np.minimum(k_start, n - 1)] if n else np.zeros(0, dtype=np.uint32)
        arabic_first = _arabic_table()[np.minimum(first_nt, 0xFFFF)] & (first_nt <= 0xFFFF)
        reject = (glued_left & (~arabic_first | (k_start - word_start > 4))) \
            | (glued_right & (word_end - k_end > _MAX_AFFIX)) \
            | (~glued_right & ~bare)
        if _case:
            case = self._k_case[k_idx]
            ocp = np.frombuffer(orig.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            first_cp = ocp[k_start if offsets is None else offsets[k_start]]
            known = first_cp <= 0xFFFF           # astral first letters: the slow way
            upper = _upper_table()[np.minimum(first_cp, 0xFFFF)]
            lower_first = known & ~upper
            reject |= ((case == 1) | ((case == 2) & self._k_upper[k_idx])) & lower_first
            plain = ~glued_left & ~glued_right & bare
            fast = plain & ((case == 0) | ((case == 1) & known & upper)) & ~reject
        else:
            case = np.zeros(len(k_idx), dtype=np.int8)
            fast = ~glued_left & ~glued_right & bare
        # Arabic-script names with clitics before (و ب ل ال ...) and/or endings
        # after, decided with numpy when every part fits an integer key: the
        # prefix must be one of the clitic sets, the ending one of the Arabic /
        # Persian endings (then all the key's entries match, the span takes the
        # ending, and a written article before the name joins the span).
        arab = ~fast & ~reject & (case == 0) & (glued_left | glued_right)
        arab_at = np.flatnonzero(arab)
        v_start = v_end = v_src = np.zeros(0, dtype=np.int64)
        if len(arab_at):
            a_start, a_end, a_kid = k_start[arab_at], k_end[arab_at], k_idx[arab_at]
            a_gl, a_gr = glued_left[arab_at], glued_right[arab_at]
            p_start = word_start[arab_at]
            p_key, p_bad = _affix_key_array(nt_cps, p_start, a_start - p_start)
            p_ok = _in_keys(p_key, self._prefix_keys)
            s_key, s_bad = _affix_key_array(nt_cps, a_end, word_end[arab_at] - a_end)
            s_ok = _in_keys(s_key, self._suffix_keys)
            last = nt_cps[np.maximum(a_end - 1, 0)]
            last_small = last <= 0xFFFF
            last = np.minimum(last, 0xFFFF)
            arabic_last = _arabic_table()[last] & _alpha_table()[last] & last_small
            decidable = (~a_gl | ~p_bad) \
                & (~a_gr | (~s_bad & arabic_last & self._k_nosuffixes[a_kid]))
            good = decidable & (~a_gl | p_ok) & (~a_gr | s_ok)
            # decided ones leave the slow path; the bad ones are dropped
            slow_mask = ~fast & ~reject
            slow_mask[arab_at[decidable]] = False
            article = r.ar_article
            if len(article) == 2:
                a0, a1 = ord(article[0]), ord(article[1])
                has_article = a_gl & (a_start >= 2) \
                    & (nt_cps[np.maximum(a_start - 2, 0)] == a0) \
                    & (nt_cps[np.maximum(a_start - 1, 0)] == a1)
            else:
                has_article = np.zeros(len(arab_at), dtype=bool)
            v_start = np.where(has_article, a_start - 2, a_start)[good]
            v_end = np.where(a_gr, word_end[arab_at], a_end)[good]
            v_src = np.where(a_gr, len(self._kinfo) + a_kid, a_kid)[good]
            v_len = k_len[arab_at][good]
            v_kend = a_end[good]
        else:
            slow_mask = ~fast & ~reject
            v_len = v_kend = np.zeros(0, dtype=np.int64)
        # Latin-script names with an ending (Armenians, Natos, Natochefen): when
        # the ending fits an integer key and the key's entries have no suffix
        # list of their own, the language's endings keep it (span with the
        # ending), the compound heads keep it (span without), else it is dropped.
        if _case:
            case_ok = (case == 0) | ((case == 1) & known & upper)
        else:
            case_ok = np.ones(len(k_idx), dtype=bool)
        lat_at = np.flatnonzero(slow_mask & ~glued_left & glued_right & case_ok
                                & self._k_nosuffixes[k_idx])
        if len(lat_at):
            l_start, l_end, l_kid = k_start[lat_at], k_end[lat_at], k_idx[lat_at]
            l_we = word_end[lat_at]
            last = nt_cps[np.maximum(l_end - 1, 0)]
            latin_last = _latin_table()[np.minimum(last, 0xFFFF)] & (last <= 0xFFFF)
            suffixes_k, heads_k = self._latin_keys(lang)
            key, bad = _affix_key_array(nt_cps, l_end, l_we - l_end, _LATIN_LETTERS, _LATIN_BITS)
            key1, bad1 = _affix_key_array(nt_cps, l_end + 1, l_we - l_end - 1,
                                          _LATIN_LETTERS, _LATIN_BITS)
            by_suffix = _in_keys(key, suffixes_k) & ~bad
            starts_s = nt_cps[np.minimum(l_end, max(n - 1, 0))] == ord("s")
            by_head = (_in_keys(key, heads_k) & ~bad) \
                | (starts_s & _in_keys(key1, heads_k) & ~bad1)
            decidable = latin_last & ~bad
            good = decidable & (by_suffix | by_head)
            slow_mask[lat_at[decidable]] = False
            v_start = np.concatenate([v_start, l_start[good]])
            v_end = np.concatenate([v_end, np.where(by_suffix, l_we, l_end)[good]])
            v_src = np.concatenate([v_src, (len(self._kinfo) + l_kid)[good]])
            v_len = np.concatenate([v_len, k_len[lat_at][good]])
            v_kend = np.concatenate([v_kend, l_end[good]])

        # ---- the rest: affixes, clitics, exact spellings (Python, per occurrence)
        slow_start: list[int] = []
        slow_end: list[int] = []
        slow_len: list[int] = []
        slow_kend: list[int] = []
        slow_entries: list[tuple[_Entry, ...]] = []
        scripts = _SCRIPTS
        article = r.ar_article
        kinfo = self._kinfo
        slow_at = np.flatnonzero(slow_mask)
        for kid, end in zip(k_idx[slow_at].tolist(), k_end[slow_at].tolist()):
            klen, entries, needs_case, bare = kinfo[kid]
            start = end - klen
            # ---- left boundary
            span_start = start
            if start > 0 and isw[start - 1] == "1":
                ws = isw.rfind("0", 0, start) + 1
                if start - ws > 4 or nt[ws:start] not in r.ar_prefixes \
                        or scripts[nt[start]] != "arabic":
                    continue
                if nt[start - 2:start] == article:  # the article belongs to the name
                    span_start = start - 2
            # ---- right boundary
            span_end = end
            if end < n and isw[end] == "1":
                we = isw.find("0", end)
                if we < 0:
                    we = n
                if we - end > _MAX_AFFIX:
                    continue
                suffix = nt[end:we]
                script = scripts[nt[end - 1]] if nt[end - 1].isalpha() else scripts[nt[start]]
                ok = []
                for e in entries:
                    if e.suffixes is not None:
                        good = suffix in e.suffixes
                        new_end = we
                    elif script == "arabic":
                        s = suffix.lstrip(ZWNJ).replace(ZWNJ, "")
                        good = s == "" or s in r.arabic_suffixes
                        new_end = we if s else end
                    elif script == "latin":
                        if suffix in lat_suffixes:
                            good, new_end = True, we
                        else:
                            h = suffix[1:] if suffix[:1] == "s" and suffix[1:] in lat_heads \
                                else suffix
                            good, new_end = h in lat_heads, end
                    elif script == "cyrillic":
                        good, new_end = suffix in r.ru, we
                    elif script == "armenian":
                        good, new_end = suffix in r.hy, we
                    else:
                        good, new_end = False, end
                    if good:
                        ok.append(e)
                        span_end = new_end
                if not ok:
                    continue
                entries = tuple(ok)
            else:
                if not bare:
                    continue
                entries = bare
            # ---- case (checked on the original text)
            if _case and needs_case:
                first = orig[start if offsets is None else int(offsets[start])]
                if needs_case == 1:
                    if not first.isupper():
                        continue
                else:
                    surface = None
                    kept = []
                    for e in entries:
                        if e.exact is not None:
                            if surface is None:
                                ostart, oend = norm.span(start, end)
                                surface = orig[ostart:oend]
                            if surface != e.exact:
                                continue
                        elif e.capital and not first.isupper():
                            continue
                        kept.append(e)
                    if not kept:
                        continue
                    entries = tuple(kept)
            slow_start.append(span_start)
            slow_end.append(span_end)
            slow_len.append(klen)
            slow_kend.append(end)
            slow_entries.append(entries)

        # ---- all candidates as columns; ``src`` >= 0 is a key index (its bare
        # entries; + len(kinfo): all its entries), < 0 is -(1 + index into slow_entries)
        fi = np.flatnonzero(fast)
        c_start = np.concatenate([k_start[fi], v_start, np.asarray(slow_start, dtype=np.int64)])
        c_end = np.concatenate([k_end[fi], v_end, np.asarray(slow_end, dtype=np.int64)])
        c_len = np.concatenate([k_len[fi], v_len, np.asarray(slow_len, dtype=np.int64)])
        c_kend = np.concatenate([k_end[fi], v_kend, np.asarray(slow_kend, dtype=np.int64)])
        c_src = np.concatenate([k_idx[fi], v_src,
                                -1 - np.arange(len(slow_entries), dtype=np.int64)])

        # ---- longest name wins, then leftmost (then the earlier end, i.e. the
        # automaton's order). A candidate overlapping no other one is chosen
        # whatever the order; only the overlapping ones go through the greedy pass.
        by_start = np.lexsort((c_kend, c_start))
        ss, se = c_start[by_start], c_end[by_start]
        if len(ss):
            prev_end = np.concatenate([[-1], np.maximum.accumulate(se)[:-1]])
            next_start = np.concatenate([ss[1:], [n + 1]])
            alone = (prev_end <= ss) & (next_start >= se)
        else:
            alone = np.zeros(0, dtype=bool)
        keep = np.zeros(len(c_start), dtype=bool)
        keep[by_start[alone]] = True
        crowd = by_start[~alone]
        if len(crowd):
            crowd = crowd[np.lexsort((c_kend[crowd], c_start[crowd], -c_len[crowd]))]
            occupied = bytearray(n)
            cs_l, ce_l = c_start[crowd].tolist(), c_end[crowd].tolist()
            for j, s, e in zip(crowd.tolist(), cs_l, ce_l):
                if occupied.find(1, s, e) != -1:
                    continue
                occupied[s:e] = b"\x01" * (e - s)
                keep[j] = True
        chosen = np.flatnonzero(keep)
        chosen = chosen[np.argsort(c_start[chosen], kind="stable")]

        # ids per candidate source: a key's bare entries, or a slow entries tuple
        ids_by_src = self._k_src_ids
        src_list = c_src[chosen].tolist()
        if slow_entries:
            slow_ids: dict[tuple, list[str]] = {}  # entries tuples repeat: ids once each
            ids_by_src = list(ids_by_src)
            for entries in reversed(slow_entries):  # src -1, -2, ... index from the end
                ids = slow_ids.get(entries)
                if ids is None:
                    ids = slow_ids[entries] = list(
                        dict.fromkeys(en.id for en in entries if en.id != _BLOCK))
                ids_by_src.append(ids)
        # the mentions as parallel lists (starts, ends, ids in nt): no tuple
        # per mention that the garbage collector would have to walk
        m_s = c_start[chosen].tolist()
        m_e = c_end[chosen].tolist()
        m_ids = [ids_by_src[src] for src in src_list]
        if not all(m_ids):                     # blocking phrases: no mention
            keep_i = [i for i, ids in enumerate(m_ids) if ids]
            m_s = [m_s[i] for i in keep_i]
            m_e = [m_e[i] for i in keep_i]
            m_ids = [m_ids[i] for i in keep_i]
        if _resolve:
            fids, ambs = self._resolve(nt, m_s, m_ids, doc_date)
        else:
            fids = [ids[0] if len(ids) == 1 else None for ids in m_ids]
            ambs = {i: tuple(ids) for i, ids in enumerate(m_ids) if len(ids) > 1}

        starts, ends = norm.spans(m_s, m_e)
        kind = self._kind.get                    # = self.kind_of
        other = "actor" if self._has_features else "place"
        if not ambs:
            return [(os_, oe, fid, kind(fid, other), None)
                    for os_, oe, fid in zip(starts, ends, fids)]
        return [(os_, oe, fid, kind(fid if fid else ids[0], other), ambs.get(i))
                for i, (os_, oe, fid, ids) in enumerate(zip(starts, ends, fids, m_ids))]

    _SENT_END = re.compile(r"[.!?\u061F\u06D4\u2026]+(?=\s)|\n")

    def _resolve(self, nt: str, starts: list[int], id_lists: list[list[str]],
                 doc_date: str | None = None) -> tuple[list, dict[int, tuple]]:
        """Pick one id per mention, from date and context when the name is shared.

        ``starts`` (sorted) and ``id_lists`` describe the mentions in ``nt``.
        Returns the id per mention (None when unresolved) and, for the
        unresolved ones, ``{index: candidate ids}``. Only the shared names do
        any work: their sentence (between ends of ``_SENT_END`` matches) and
        paragraph (between line breaks) are found around each of them, not for
        the whole text.
        """
        fids: list = [ids[0] if len(ids) == 1 else None for ids in id_lists]
        ambs: dict[int, tuple] = {}
        shared = [i for i, ids in enumerate(id_lists) if len(ids) > 1]
        if not shared:
            return fids, ambs
        n = len(nt)
        sent_end = self._SENT_END

        def windows(pos):
            """(sentence, paragraph) windows ``(lo, hi)`` around ``pos``, as a
            bisect over all sentence / line-break match ends would give them."""
            plo = nt.rfind("\n", 0, pos) + 1
            j = nt.find("\n", pos)
            phi = n if j < 0 else j + 1
            lo, hi = plo, phi
            for m in sent_end.finditer(nt, plo, phi):
                b = m.end()
                if b <= pos:
                    lo = b
                else:
                    hi = b
                    break
            return (lo, hi), (plo, phi)

        in_doc = None
        when = _period_bounds({"start": doc_date, "end": doc_date}) if doc_date else None
        for k in shared:
            s, ids = starts[k], id_lists[k]
            pick = None
            if doc_date:
                # the candidates whose periods cover the document's date
                dated = [c for c in ids if c in self._periods]
                if len(dated) == len(ids):
                    live = [c for c in ids
                            if any(_overlaps(p, when) for p in self._periods[c])]
                    if len(live) == 1:
                        pick = live[0]
            for lo, hi in windows(s) if pick is None else ():
                a, b = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
                near = {mids[0] for mids in id_lists[a:b] if len(mids) == 1}
                scores = {c: 2 * len(near & (self._context.get(c, set()) | {c}))
                          + len(near & self._weak_context.get(c, set())) for c in ids}
                best = max(scores.values())
                winners = [c for c, v in scores.items() if v == best]
                if best > 0 and len(winners) == 1:
                    pick = winners[0]
                    break
            if pick is None:
                # the document names exactly one candidate unambiguously elsewhere
                if in_doc is None:
                    in_doc = {mids[0] for mids in id_lists if len(mids) == 1}
                named = [c for c in ids if c in in_doc]
                if len(named) == 1:
                    pick = named[0]
            if pick is None:
                # a curated default reading (names.json "preferred": true)
                preferred = [c for c in ids if c in self._preferred]
                if len(preferred) == 1:
                    pick = preferred[0]
            if pick:
                fids[k] = pick
            else:
                ambs[k] = tuple(ids)
        return fids, ambs
