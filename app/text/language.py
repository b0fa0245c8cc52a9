"""Language of a document and of each of its sentences (lingua, offline, plus cheap cues).

lingua (offline), restricted to ar fa sv en ru tr az hy de fr ka uk,
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

Speed: :func:`detect_languages` counts each span's letters per script and, in a
Latin-script document, its function words in one numpy pass over the
document, so per sentence only lingua (when the cheap cues do not settle it)
costs much.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import Sequence

import numpy as np

from app.text.scripts import (_SAMPLE, _SCRIPT_NAMES, _bmp_matches, _dominant_script, _sample,
                              _script_codes, _script_counts, _span_script_counts, script_of)
from app.text.table_cache import cached

__all__ = [
    "detect_language",
    "detect_languages",
    "LANGUAGES",
    "LONG_SENTENCE_LETTERS",
    "SENTENCE_CONFIDENCE",
    "SHORT_SENTENCE_LETTERS",
    "SHORT_SENTENCE_CONFIDENCE",
    "MIN_FOREIGN_LETTERS",
]

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


def _function_words_disagree(own: int, other: int) -> bool:
    """Another candidate language has at least two function words and no fewer than the document's."""
    return other >= 2 and other >= own


def _disagrees(sent: str, script: str, doc_lang: str) -> bool:
    """Do cheap cues say that ``sent`` may not be in ``doc_lang`` (a language of its script)?

    Letters only another candidate uses (:func:`_letters_disagree`) or its
    function words (:func:`_words_disagree`).
    """
    return _letters_disagree(sent, script, doc_lang) or _words_disagree(sent, script, doc_lang)


def _letters_disagree(sent: str, script: str, doc_lang: str, a: int = 0, b: int | None = None
                      ) -> bool:
    """In an Arabic document a letter only Persian uses (پ چ ژ گ), in a Persian one a
    letter only Arabic uses (ة ى) and none of those; in a Russian document a letter
    only Ukrainian uses (і ї є ґ), and the reverse. ``sent[a:b]`` is looked at."""
    b = len(sent) if b is None else b
    if script == "Arab":
        persian = _PERSIAN_ONLY.search(sent, a, b) is not None
        return (doc_lang == "ar" and persian) or (
            doc_lang == "fa" and not persian and _ARABIC_LETTERS.search(sent, a, b) is not None)
    if script == "Cyrl":
        if doc_lang == "ru":
            return _UK_LETTERS.search(sent, a, b) is not None
        if doc_lang == "uk":
            return _RU_LETTERS.search(sent, a, b) is not None
    return False


def _words_disagree(sent: str, script: str, doc_lang: str) -> bool:
    """Another candidate language of the script has at least two function words in
    ``sent`` and no fewer than ``doc_lang``."""
    candidates = _BY_SCRIPT.get(script, ())
    if doc_lang not in candidates or doc_lang not in _STOPWORDS:
        return False
    if script == "Arab":
        sent = sent.translate(_AR_FOLD)
    counts = Counter(_TOKEN.findall(sent.lower()))
    hit = counts.keys() & _STOP_UNION[script]   # the function words present
    if not hit:
        return False
    own = sum(counts[w] for w in hit & _STOPWORDS[doc_lang])
    other = max((sum(counts[w] for w in hit & _STOPWORDS[lang])
                 for lang in candidates if lang != doc_lang and lang in _STOPWORDS),
                default=0)
    return _function_words_disagree(own, other)


_TOKEN_CHAR: np.ndarray | None = None   # BMP code point -> matches _TOKEN


def _token_chars() -> np.ndarray:
    global _TOKEN_CHAR
    if _TOKEN_CHAR is None:
        table = np.zeros(0x10000, dtype=bool)
        table[_bmp_matches(re.compile(r"[^\W\d_]"))] = True
        _TOKEN_CHAR = table
    return _TOKEN_CHAR


def _build_lower() -> np.ndarray:
    """BMP code point -> the code point of its ``str.lower()``; ``_MANY`` when that is longer."""
    low = [c.lower() for c in map(chr, range(0x10000))]
    return np.array([ord(c) if len(c) == 1 else _MANY for c in low], dtype=np.uint32)


_MANY = 0x110000                        # lower-cases to more than one character (İ)
_LOWER_NP: np.ndarray | None = None
_CODE_BITS = 6                          # a function word's letter: 1 + its index in the alphabet
_CODES: dict[tuple, "tuple[np.ndarray, np.ndarray, np.ndarray, int] | None"] = {}


def _stopword_codes(langs: tuple, fold: bool
                    ) -> "tuple[np.ndarray, np.ndarray, np.ndarray, int] | None":
    """For the function words of ``langs`` (folded with ``_AR_FOLD`` when ``fold``):
    BMP code point -> its letter code after lower-casing and folding (0 not a ``_TOKEN``
    character, 1 one no function word has, 2.. the function words' letters, 255 lower-cases
    to more than one character); the words' sorted integer keys (length and codes), their rows
    in :func:`_stopword_tables`' matrix, and the longest word's length. None when they do not fit."""
    cache_key = (langs, fold)
    if cache_key not in _CODES:
        global _LOWER_NP
        if _LOWER_NP is None:
            _LOWER_NP = cached("lower", (__file__,), _build_lower)
        index = _stopword_tables(langs)[0]
        alphabet = {c: i + 2 for i, c in enumerate(sorted(set("".join(index))))}
        longest = max(map(len, index))
        if len(alphabet) + 2 > 1 << _CODE_BITS or longest * _CODE_BITS > 60:
            _CODES[cache_key] = None
            return None
        many = _LOWER_NP == _MANY
        low = np.where(many, 0, _LOWER_NP)
        if fold:
            low = _ar_fold_np()[low]
        letter = np.zeros(0x110000, dtype=np.uint8)
        letter[[ord(c) for c in alphabet]] = list(alphabet.values())
        codes = np.where(_token_chars()[low], np.maximum(letter[low], 1), 0).astype(np.uint8)
        codes[many] = 255
        keys = sorted((_code_key([alphabet[c] for c in w]), row) for w, row in index.items())
        _CODES[cache_key] = (codes, np.array([k for k, _ in keys], dtype=np.uint64),
                             np.array([r for _, r in keys], dtype=np.int64), longest)
    return _CODES[cache_key]


def _code_key(codes: list[int]) -> int:
    """The integer key of a word from its letter codes: its length, then a code per 6 bits."""
    k = len(codes) << 60
    for j, c in enumerate(codes):
        k |= c << (_CODE_BITS * j)
    return k


_AR_FOLD_NP: np.ndarray | None = None   # BMP code point -> its _AR_FOLD replacement


def _ar_fold_np() -> np.ndarray:
    global _AR_FOLD_NP
    if _AR_FOLD_NP is None:
        table = np.arange(0x10000, dtype=np.uint32)
        for cp, to in _AR_FOLD.items():
            table[cp] = ord(to)
        _AR_FOLD_NP = table
    return _AR_FOLD_NP


def _span_stopwords_disagree(text: str, spans: Sequence[tuple[int, int]], script: str,
                             doc_lang: str | None, fold: bool = False) -> list[int] | None:
    """:func:`_words_disagree` for every span of a Latin- or Arabic-script document at
    once: 1 disagrees, 0 agrees, -1 unknown here (ask the function). ``fold``
    folds Arabic-script letters with ``_AR_FOLD`` first (as that function does per span).

    The document's characters are lower-cased, folded and coded in one numpy look-up
    (:func:`_stopword_codes`); each token (a run of ``_TOKEN`` characters) becomes an
    integer key of its length and codes, compared with the function words' keys, and
    prefix sums over the function words give each span's counts. A span whose edge cuts
    through a token (not the case for :func:`sentence_spans`) is left to the per-sentence
    function, as is every span of a text with a character beyond the BMP or one that
    lower-cases to more than one. ``None`` when the document's language has no
    function-word list.
    """
    candidates = _BY_SCRIPT.get(script, ())
    if doc_lang not in candidates or doc_lang not in _STOPWORDS:
        return None
    langs = tuple(lang for lang in candidates if lang in _STOPWORDS)
    coded = _stopword_codes(langs, fold)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if coded is None or not len(cps) or cps.max() > 0xFFFF:
        return None
    table, sorted_keys, rows, longest = coded
    codes = table.take(cps)
    if codes.max() == 255:
        return None
    n = len(codes)
    tok = codes != 0
    padded = np.concatenate([[False], tok, [False]])              # padded[i + 1] = tok[i]
    edge = np.flatnonzero(padded[1:] != padded[:-1])
    begins = edge[0::2]                                           # tokens: [begins, ends)
    lengths = edge[1::2] - begins
    # the key of each token no longer than the longest function word: its length and codes
    short = np.flatnonzero(lengths <= longest)
    steps = np.arange(longest)
    at = begins[short, None] + steps
    got = np.where(lengths[short, None] > steps, codes[np.minimum(at, n - 1)], 0)
    key = (lengths[short].astype(np.uint64) << np.uint64(60)) | (
        got.astype(np.uint64) << (steps * _CODE_BITS).astype(np.uint64)).sum(
            axis=1, dtype=np.uint64)
    at = np.minimum(np.searchsorted(sorted_keys, key), len(sorted_keys) - 1)
    hit = np.flatnonzero(sorted_keys[at] == key)
    found = short[hit]                                       # the function words
    per_lang = _stopword_tables(langs)[1][rows[at[hit]]]     # function words x languages
    sums = np.zeros((len(found) + 1, len(langs)), dtype=np.int64)
    np.cumsum(per_lang, axis=0, out=sums[1:])
    bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    a, b = bounds[:, 0], bounds[:, 1]
    word_begins = begins[found]
    counts = sums[np.searchsorted(word_begins, b)] - sums[np.searchsorted(word_begins, a)]
    own_col = langs.index(doc_lang)
    own = counts[:, own_col]
    others = counts[:, [j for j in range(len(langs)) if j != own_col]]
    other = others.max(axis=1) if others.shape[1] else np.zeros(len(own), dtype=np.int64)
    verdict = ((other >= 2) & (other >= own)).astype(np.int64)   # _function_words_disagree
    ca, cb = np.minimum(np.maximum(a, 0), n), np.minimum(np.maximum(b, 0), n)
    cuts_token = (padded[ca] & padded[ca + 1]) | (padded[cb] & padded[cb + 1])
    verdict[cuts_token | (a < 0) | (b > n) | (a > b)] = -1
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


_PERSIAN_ONLY_LETTERS = "\u067e\u0686\u0698\u06af"          # پ چ ژ گ
_ARABIC_ONLY_LETTERS = "\u0629\u0649"                           # ة ى
_PERSIAN_ONLY = re.compile(f"[{_PERSIAN_ONLY_LETTERS}]")
_ARABIC_LETTERS = re.compile(f"[{_ARABIC_ONLY_LETTERS}]")


def detect_languages(text: str, spans: Sequence[tuple[int, int]], doc_lang: str | None = None
                     ) -> tuple[str | None, list[str | None]]:
    """Document language first, then one language per span of ``text``.

    ``doc_lang`` is the document's language when known (the manifest's, or
    detected once on reading); otherwise it is detected here. A span in the
    document's script takes the document's language; lingua is asked (see
    :func:`_lingua_with_hint`: long spans need ``SENTENCE_CONFIDENCE``,
    Latin/Cyrillic spans of 20-59 letters ``SHORT_SENTENCE_CONFIDENCE``) only
    where cheap cues disagree with the document (:func:`_disagrees`: another
    candidate's function words, letters only another candidate uses) and the
    span is long enough (``SHORT_SENTENCE_LETTERS``; Arabic script
    ``LONG_SENTENCE_LETTERS``). Armenian/Georgian script names its language.
    A span with no letters takes the document's language; a span in another
    script than the document's with fewer than ``MIN_FOREIGN_LETTERS`` letters
    gets ``None`` (unless its script alone names the language: hy, ka); a
    longer one is detected on its own.
    """
    if doc_lang is None:
        doc_lang = detect_language(text)
    codes = _script_codes(text)
    doc_script = _dominant_script(codes) if len(text) <= _SAMPLE else script_of(text)
    # letters per script of every span in one numpy pass; the first script with
    # the most letters wins (as max() over _script_counts' dict would pick it)
    bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)     # (a, b) per span, once
    table = _span_script_counts(text, bounds, codes)
    best = table.argmax(axis=1).tolist() if len(spans) else []
    most = table.max(axis=1).tolist() if len(spans) else []
    names = _SCRIPT_NAMES
    # function-word verdicts for all spans at once (Latin/Arabic-script documents), or None
    verdicts = None
    if doc_script in ("Latn", "Arab") and len(spans):
        verdicts = _span_stopwords_disagree(text, bounds, doc_script, doc_lang,
                                            fold=doc_script == "Arab")
    out: list[str | None] = [doc_lang] * len(spans)
    quiet = _surely_document_language(text, bounds, table, doc_script, doc_lang, verdicts)
    for j in np.flatnonzero(~quiet).tolist():
        (a, b), letters = spans[j], most[j]
        script = names[best[j]]             # (spans without letters are among the quiet ones)
        if script in _SCRIPT_LANGUAGE:
            out[j] = _SCRIPT_LANGUAGE[script]
        elif script == doc_script and doc_lang is not None:
            out[j] = _same_script_language(text, a, b, script, letters, doc_lang,
                                           verdicts[j] if verdicts is not None else -1)
        elif letters < MIN_FOREIGN_LETTERS:
            # another script than the document's: no document prior applies, and
            # lingua is unreliable on a few letters ("NATO" in a Persian text)
            out[j] = None
        else:
            out[j] = detect_language(text[a:b])
    return doc_lang, out


def _surely_document_language(text: str, bounds: np.ndarray, table: np.ndarray,
                              doc_script: str | None, doc_lang: str | None,
                              verdicts: list[int] | None) -> np.ndarray:
    """The spans surely in the document's language (:func:`detect_languages`), found for all at
    once: no letters; or in its script and too short for lingua, or with function words that
    agree (verdict 0) and no letter only another candidate uses (:func:`_letters_disagree`)."""
    most = table.max(axis=1)
    quiet = most == 0
    if doc_lang is None or doc_script not in _BY_SCRIPT or not len(bounds):
        return quiet
    same = table.argmax(axis=1) == _SCRIPT_NAMES.index(doc_script)
    short = most < (LONG_SENTENCE_LETTERS if doc_script == "Arab" else SHORT_SENTENCE_LETTERS)
    quiet |= same & short
    if verdicts is not None:
        agree = np.asarray(verdicts) == 0
        if doc_script == "Arab" and doc_lang in ("ar", "fa"):
            cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            persian = _letters_in(cps, _PERSIAN_ONLY_LETTERS, bounds) > 0
            if doc_lang == "ar":
                agree &= ~persian
            else:
                agree &= persian | (_letters_in(cps, _ARABIC_ONLY_LETTERS, bounds) == 0)
        elif doc_script != "Latn":
            agree[:] = False                # letters only another candidate uses: per span
        quiet |= same & agree
    return quiet


def _letters_in(cps: np.ndarray, letters: str, bounds: np.ndarray) -> np.ndarray:
    """How many of the characters ``letters`` lie in each span ``[a, b)`` of ``bounds`` (``cps``: the text's
    code points)."""
    hit = np.isin(cps, [ord(c) for c in letters])
    where = np.flatnonzero(hit)
    return np.searchsorted(where, bounds[:, 1]) - np.searchsorted(where, bounds[:, 0])


def _same_script_language(text: str, a: int, b: int, script: str, letters: int, doc_lang: str,
                          verdict: int) -> str:
    """The language of the span ``text[a:b]`` in the document's script (``verdict``: see
    :func:`_span_stopwords_disagree`); the span is only cut out when it must be read whole."""
    if letters < SHORT_SENTENCE_LETTERS or (script == "Arab" and letters < LONG_SENTENCE_LETTERS):
        return doc_lang
    if script not in _BY_SCRIPT:
        return doc_lang
    if verdict == -1:
        disagree = _disagrees(text[a:b], script, doc_lang)
    else:
        disagree = verdict == 1 or _letters_disagree(text, script, doc_lang, a, b)
    return _lingua_with_hint(text[a:b], script, letters, doc_lang) if disagree else doc_lang
