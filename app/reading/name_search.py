"""Features by their names, in any script: whole names, whole words, word starts and bounded typos.

Plain Python (no Streamlit); :mod:`app.reading.search` is the search box's core and re-exports
:func:`search_features`.

The query is compared with every display name and alias of every
feature (``geodata/curated/names.json`` shape) in any script, after
normalisation (case, Arabic/Persian letter variants, diacritics, tatweel,
ZWNJ). What counts as a match, best first:

1. the whole name (``"Zangezur"``), or an inflected form the gazetteer reads
   as the name (``"Azerbajdzjans"``: pass an :class:`app.gazetteer.Gazetteer`);
2. whole words of a longer name (``"Lachin"`` in "Lachin corridor"; a query
   under three letters only as a word written in capitals, ``"EU"``);
3. a name the gazetteer finds inside a longer query;
4. the start of a word of the name (three letters or more: ``"Zange"``; when
   it is the start of the name itself, kind ``name-start``: ``"Зангезур"`` of
   "Зангезурский коридор");
5. a typo of the whole name or of whole words of it, only when the query is
   no name at all (nothing matched as 1 or 2: "Gazakh" is a name, so it does
   not also find "Kazakh"): the query has ``FUZZY_MIN_LETTERS`` letters or
   more, at most one edit (insertion, deletion, substitution or swap) per
   ``LETTERS_PER_EDIT`` of its letters, compared word by word, and a changed
   word keeps its first letter and has four letters or more (``"Zangezr"``
   finds Zangezur; ``"Lachin"`` never finds China, nor ``"ایران"`` (Iran)
   Yerevan, ``ایروان``).

Nothing else: no match of a query inside a word or of a short name inside the
query ("mainland" does not find the Azerbaijani "Aİ" of the European Union).

Public API
----------
normalise(s)          -> str (``app.text.normalise`` + white space collapsed)
max_edits(query)      -> int (edits a typo of ``query`` may have)
search_features(query, names, gazetteer=None, limit=10, cutoff=60) -> [dict]
load_names(path=None) -> names table (``geodata/curated/names.json``)
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import Any, Mapping, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from app.text import normalise as _text_normalise
from app.gazetteer.names import without_asides

__all__ = ["normalise", "max_edits", "search_features", "load_names", "NAMES_PATH",
           "FUZZY_MIN_LETTERS", "LETTERS_PER_EDIT", "WHOLE_KINDS", "WORD_KINDS"]

NAMES_PATH = Path(__file__).resolve().parents[2] / "geodata" / "curated" / "names.json"

#: a query shorter than this (in letters and digits) is never matched with a typo
FUZZY_MIN_LETTERS = 6
#: one edit allowed per this many letters of the query (6-11 letters: one, 12-17: two, …)
LETTERS_PER_EDIT = 6

# scores of the kinds of match (the higher, the better)
_EXACT, _FORM, _WORDS, _IN_QUERY, _NAME_START, _PREFIX, _TYPO_NAME, _TYPO_WORDS = (
    100, 99, 97, 92, 91, 90, 85, 80)
#: match kinds of the whole query to a whole name: their features bring their sentences
WHOLE_KINDS = frozenset({"name", "form", "typo"})
#: ... and so do these when the query is itself a name (of kinds above) of some feature
WORD_KINDS = frozenset({"words", "name-start", "typo-words"})


def normalise(s: str) -> str:
    """Matching form of ``s`` (``app.text.normalise``: case, letter variants,
    diacritics, ZWNJ, digits), with runs of white space collapsed and stripped."""
    return " ".join(_text_normalise(s or "").text.split())


def _letters(s: str) -> int:
    return sum(c.isalnum() for c in s)


def max_edits(query: str) -> int:
    """Edits a typo of ``query`` may have: none under :data:`FUZZY_MIN_LETTERS`
    letters, then one per :data:`LETTERS_PER_EDIT` letters."""
    n = _letters(query)
    return 0 if n < FUZZY_MIN_LETTERS else n // LETTERS_PER_EDIT


def load_names(path: str | Path | None = None) -> dict:
    """The names table (``{id: {"display": {lang: str}, "aliases": {lang: [str]}}}``)."""
    p = Path(path) if path else NAMES_PATH
    with open(p, encoding="utf-8") as f:
        return json.load(f)


def _name_entries(names: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(id, lang, name) for every display name and alias."""
    out = []
    for fid, entry in names.items():
        if not isinstance(entry, Mapping):
            continue
        for lang, val in (entry.get("display") or {}).items():
            if isinstance(val, str) and val:
                out.append((fid, lang, val))
        for lang, vals in (entry.get("aliases") or {}).items():
            for val in ([vals] if isinstance(vals, str) else vals or ()):
                if isinstance(val, str) and val:
                    out.append((fid, lang, val))
    return out


_SPLIT = re.compile(r"[\s\-–'\"()/,]+")
_INDEX_CACHE: dict[int, tuple[Mapping, int, "_Index"]] = {}


def _words(s: str) -> tuple[str, ...]:
    return tuple(w for w in _SPLIT.split(s) if w)


class _Index:
    """Every name of a names table, ready to match.

    ``rows``: (id, lang, name, normalised name, its words, its words written in
    capitals); ``text``: every name's words between spaces, one name a line, so
    whole words and word starts are found with ``str.find`` (``starts``: where
    each row's line begins); ``vocab``: every distinct word.
    """

    def __init__(self, names: Mapping) -> None:
        self.rows = []
        lines = []
        for fid, lang, val in _name_entries(names):
            n = normalise(val)
            if n:
                caps = frozenset(normalise(w) for w in _words(val)
                                 if any(c.isalpha() for c in w) and w.isupper())
                self.rows.append((fid, lang, val, n, _words(n), caps))
                lines.append(" " + " ".join(_words(n)) + " ")
        self.starts, pos = [], 0
        for line in lines:
            self.starts.append(pos)
            pos += len(line) + 1
        self.text = "\n".join(lines)
        self.vocab = sorted({w for row in self.rows for w in row[4]})

    def containing(self, run: str) -> dict[int, bool]:
        """Rows whose words contain ``run`` (words joined by spaces) at a word start:
        ``{row: True when it is whole words, False when only a word start}``."""
        out: dict[int, bool] = {}
        needle = " " + run
        i = self.text.find(needle)
        while i >= 0:
            row = bisect.bisect_right(self.starts, i) - 1
            whole = self.text.startswith(" ", i + len(needle))
            out[row] = out.get(row, False) or whole
            i = self.text.find(needle, i + 1)
        return out


def _indexed(names: Mapping) -> _Index:
    """The :class:`_Index` of a names table; cached per table.

    The cache keeps a reference to the table, so its ``id`` cannot be reused;
    a table whose size changed is indexed again.
    """
    hit = _INDEX_CACHE.get(id(names))
    if hit is not None and hit[0] is names and hit[1] == len(names):
        return hit[2]
    index = _Index(names)
    if len(_INDEX_CACHE) > 8:
        _INDEX_CACHE.clear()
    _INDEX_CACHE[id(names)] = (names, len(names), index)
    return index


def _display(names: Mapping, fid: str, gazetteer: Any = None) -> str:
    entry = names.get(fid) or {}
    disp = entry.get("display") or {}
    name = disp.get("en") or next(iter(disp.values()), None)
    if not name and gazetteer is not None and hasattr(gazetteer, "display_name"):
        name = gazetteer.display_name(fid)
    return name or fid


def _matches(q: str, qwords: tuple[str, ...], index: _Index) -> list[tuple[int, str, float]]:
    """(row, kind, score) for the names that match the normalised query, typos aside."""
    letters = _letters(q)
    out = []
    if letters < 3:  # a short query: a whole name, or a word written in capitals ("EU")
        for row, whole in index.containing(" ".join(qwords)).items():
            n, caps = index.rows[row][3], index.rows[row][5]
            if n == q:
                out.append((row, "name", _EXACT))
            elif whole and len(qwords) == 1 and qwords[0] in caps:
                out.append((row, "words", _WORDS))
        return out
    for row, whole in index.containing(" ".join(qwords)).items():
        n = index.rows[row][3]
        if n == q:
            out.append((row, "name", _EXACT))
        else:
            out.append((row, "words", _WORDS) if whole else
                       (row, "name-start", _NAME_START) if n.startswith(q) else (row, "prefix", _PREFIX))
    return out


def _typo_edits(qwords: tuple[str, ...], words: Sequence[str], budget: int) -> int | None:
    """Edits between the query's words and as many words of a name, word by word, or
    ``None`` when that is more than ``budget`` or a changed word is under four letters
    long or does not begin with the same letter."""
    total = 0
    for qw, w in zip(qwords, words):
        if qw == w:
            continue
        if qw[:1] != w[:1] or _letters(qw) < 4:
            return None
        total += OSA.distance(qw, w, score_cutoff=budget - total)
        if total > budget:
            return None
    return total


def _typo(qwords: tuple[str, ...], budget: int, words: tuple[str, ...]) -> tuple[str, float] | None:
    """A typo of the whole name ("typo") or of a run of its words ("typo-words")."""
    k = len(qwords)
    best = None
    for i in range(len(words) - k + 1):
        d = _typo_edits(qwords, words[i:i + k], budget)
        if d:
            kind, score = ("typo", _TYPO_NAME) if k == len(words) else ("typo-words", _TYPO_WORDS)
            if best is None or score - 2 * d > best[1]:
                best = (kind, score - 2 * d)
    return best


def _gazetteer_hits(query: str, gazetteer: Any) -> list[tuple[str, str, str, float]]:
    """(id, kind, matched text, score) for the names the gazetteer reads in ``query``:
    the whole query as a (possibly inflected) name, or names inside a longer query."""
    if gazetteer is None or not hasattr(gazetteer, "find"):
        return []
    try:
        mentions = gazetteer.find(query)
    except Exception:  # a gazetteer failure must not break the box
        return []
    stripped = query.strip(" \t\n.,;:!?؟،\"'«»“”()")
    a = query.find(stripped)
    out = []
    for m in mentions:
        whole = m.start <= a and m.end >= a + len(stripped)
        kind, score = ("form", _FORM) if whole else ("in-query", _IN_QUERY)
        for fid in ([m.id] if m.id else list(m.ambiguous or ())):
            out.append((fid, kind, m.text, score))
    return out


def _named_after(display: str, q: str) -> bool:
    """True when a feature's own name (in one language) is the word typed and a common noun: "Zangezur
    corridor", "Зангезурский коридор" (an adjective of the word), "کریدور زنگزور" (the noun first). In a cased
    script the noun is in lower case ("EU Mission in Armenia" is not the EU's); Arabic script has no case."""
    words = without_asides(display).split()
    if len(words) != 2:
        return False
    keys = [normalise(w) for w in words]
    for k, other in ((0, 1), (1, 0)):
        if keys[k] == q or (k == 0 and keys[k].startswith(q) and len(keys[k]) - len(q) <= 4):
            noun = words[other]
            return noun.islower() or not any(ch.isupper() or ch.islower() for ch in noun)
    return False


def _named_after_first(best: dict[str, dict], q: str, names: Mapping) -> None:
    """A feature named after the word typed, in any language, comes before one the word is only another name
    of: "Zangezur", "زنگزور" or "Зангезур" give the Zangezur corridor first, then Syunik (whose old name it
    is). A feature whose own name, in any language, is the word ("Lachin", "لاچین", "Nakhchivan (city)")
    keeps its place."""
    def displays(fid: str, d: dict) -> list[str]:
        return [d["name"], *((names.get(fid) or {}).get("display") or {}).values()]

    # (its English name two words too: "Zangezur corridor"; in Armenian "ռուս խաղաղապահներ" is an adjective and
    # a noun, but the Russian peacekeeping contingent is not named after Russia the way a corridor is)
    english = {fid: without_asides(d["name"]).split() for fid, d in best.items()}
    named = [fid for fid, d in best.items() if len(english[fid]) <= 2
             and any(_named_after(n, q) for n in displays(fid, d))]
    if not named:
        return
    # what they are named after, in English ("Lachin" of "Lachin corridor"): a feature of that English name
    # keeps its place too, whatever the script typed ("Լաչին" is the town, before its district and corridor)
    stems = {normalise(w) for fid in named if len(english[fid]) == 2 for w in english[fid] if not w.islower()}
    top = max(best[fid]["_rank"] for fid in named)
    for fid, d in best.items():
        own = {normalise(without_asides(n)) for n in displays(fid, d)}
        if d["kind"] in ("name", "form") and q not in own and normalise(without_asides(d["name"])) not in stems:
            d["_rank"] = min(d["_rank"], top - 0.01)


def search_features(
    query: str,
    names: Mapping | None,
    gazetteer: Any = None,
    limit: int = 10,
    cutoff: float = 60.0,
) -> list[dict]:
    """Features whose names match ``query`` in any script, best first (see the module
    docstring for what matches).

    Returns ``[{"id", "name" (English display), "matched" (the name that
    matched), "lang" (of that name, ``None`` for a gazetteer form), "kind"
    ("name", "form", "words", "in-query", "name-start" (the name begins with the query),
    "prefix" (a later word does), "typo" (of the whole name) or
    "typo-words"), "score" (0–100), "exact" (the whole name matched), "names_it"
    (its sentences belong to the results: the query is this feature's name, a form
    or a typo of it, or whole words or the start of its name when the query is
    itself some feature's name)}]``, one entry per id.
    """
    q = normalise(query)
    if not q:
        return []
    qwords = _words(q)
    best: dict[str, dict] = {}

    def offer(fid: str, lang: str | None, matched: str, kind: str, score: float) -> None:
        cur = best.get(fid)
        if cur is None or score > cur["_rank"]:
            best[fid] = {"id": fid, "name": _display(names or {}, fid, gazetteer), "matched": matched,
                         "lang": lang, "kind": kind, "score": float(round(score)),
                         "exact": kind in ("name", "form"), "_rank": score}

    for fid, kind, text, score in _gazetteer_hits(query, gazetteer):
        offer(fid, None, text, kind, score)
    index = _indexed(names or {})
    for row, kind, score in _matches(q, qwords, index):
        fid, lang, val, n = index.rows[row][:4]
        if score >= cutoff:
            # among equal kinds, a shorter name is the better match
            offer(fid, lang, val, kind, score - min(len(n), 60) / 100.0)
    # a name in any script finds what that place's English name is part of, as the English name would:
    # "لاچین" is Lachin, and finds the Lachin district and the corridor strips, named in English only
    for d in [d for d in best.values() if d["kind"] in ("name", "form") and d["name"] != d["id"]]:
        # its English display name (offer() put it in the entry) without an aside in brackets
        # ("Lachin (Berdzor)": Lachin)
        en = normalise(without_asides(d["name"]))
        if en and en != q:
            for row, kind, score in _matches(en, _words(en), index):
                other = index.rows[row][0]
                if kind == "words" and other not in best and score >= cutoff:   # a match in the query's script stays
                    offer(other, index.rows[row][1], index.rows[row][2], kind,
                          score - 1 - min(len(index.rows[row][3]), 60) / 100.0)
    budget = max_edits(q)
    # a typo only where the query is no name at all: "Gazakh" is a name, so not a typo of "Kazakh"
    if budget and qwords and not any(d["kind"] in ("name", "form", "words") for d in best.values()):
        # only names with a word near one of the query's (found in C, not in a Python loop)
        near = {w for qw in qwords for w, _d, _i in process.extract(
            qw, index.vocab, scorer=OSA.distance, score_cutoff=budget, limit=None)}
        for fid, lang, val, n, words, _caps in index.rows:
            if near.isdisjoint(words):
                continue
            hit = _typo(qwords, budget, words)
            if hit and hit[1] >= cutoff:
                offer(fid, lang, val, hit[0], hit[1] - min(len(n), 60) / 100.0)
    _named_after_first(best, q, names or {})
    ranked = sorted(best.values(), key=lambda d: (-d["_rank"], d["name"]))
    is_a_name = any(d["kind"] in WHOLE_KINDS for d in ranked)
    for d in ranked:
        del d["_rank"]
        d["names_it"] = d["kind"] in WHOLE_KINDS or (is_a_name and d["kind"] in WORD_KINDS)
    return ranked[:limit]
