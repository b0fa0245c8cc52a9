"""One search box: features by any of their names, and every sentence that names them or holds a word.

Plain Python (no Streamlit).

* Features: the query is compared with every display name and alias of every
  feature (``geodata/curated/names.json`` shape) in any script, after
  normalisation (case, Arabic/Persian letter variants, diacritics, tatweel,
  ZWNJ). What counts as a match, best first:

  1. the whole name (``"Zangezur"``), or an inflected form the gazetteer reads
     as the name (``"Azerbajdzjans"``: pass an :class:`app.gazetteer.Gazetteer`);
  2. whole words of a longer name (``"Lachin"`` in "Lachin corridor"; a query
     under three letters only as a word written in capitals, ``"EU"``);
  3. a name the gazetteer finds inside a longer query;
  4. the start of a word of the name (three letters or more: ``"Zange"``);
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
* Sentences: every annotated sentence that mentions a feature the query names
  (kinds 1 and 5 for the whole name, and kind 2 when the query is itself a name:
  "Zangezur", Syunik's other name, also brings the Zangezur corridor, while the
  bare word "corridor" brings no feature's sentences), resolved to the feature
  by the annotator under any of its names in any language ("Zangezur" brings
  the "Zangezor corridor" sentences), plus every
  sentence that contains the query as a word: the normalised query is looked
  for in the normalised text of every document (or every annotated sentence
  when rows are given), so ``كريدور`` finds ``کریدور`` and ``ZANGEZOR`` finds
  ``Zangezor``. Latin/Cyrillic queries must start at a word start (suffixes
  allowed); Arabic-script queries may follow attached prefixes (``ال``, ``و``,
  ``ب``). Hits carry offsets into the original text.

Public API
----------
normalise(s)                        -> str (``app.text.normalise`` + white space collapsed)
search_features(query, names, gazetteer=None, limit=10, cutoff=60) -> [dict]
search_sentences(query, rows_or_docs, limit=50, rows=None, feature_ids=()) -> [dict]
search(query, gazetteer_or_names, rows_or_docs, rows=..., limit_...) -> {"features", "sentences",
                                                                        "sentences_total"}
load_names(path=None)               -> names table (``geodata/curated/names.json``)
"""

from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from app.text import normalise as _text_normalise

__all__ = ["normalise", "search_features", "search_sentences", "search",
           "load_names", "NAMES_PATH", "FUZZY_MIN_LETTERS", "LETTERS_PER_EDIT",
           "max_edits"]

NAMES_PATH = Path(__file__).resolve().parents[2] / "geodata" / "curated" / "names.json"

#: a query shorter than this (in letters and digits) is never matched with a typo
FUZZY_MIN_LETTERS = 6
#: one edit allowed per this many letters of the query (6-11 letters: one, 12-17: two, …)
LETTERS_PER_EDIT = 6

# scores of the kinds of match (the higher, the better)
_EXACT, _FORM, _WORDS, _IN_QUERY, _PREFIX, _TYPO_NAME, _TYPO_WORDS = 100, 99, 97, 92, 90, 85, 80
#: match kinds of the whole query to a whole name: their features bring their sentences
WHOLE_KINDS = frozenset({"name", "form", "typo"})
#: ... and so do these when the query is itself a name (of kinds above) of some feature
WORD_KINDS = frozenset({"words", "typo-words"})


def normalise(s: str) -> str:
    """Matching form of ``s`` (``app.text.normalise``: case, letter variants,
    diacritics, ZWNJ, digits), with runs of white space collapsed and stripped."""
    return " ".join(_text_normalise(s or "").text.split())


def _is_arabic_script(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in s)


def _letters(s: str) -> int:
    return sum(c.isalnum() for c in s)


def max_edits(query: str) -> int:
    """Edits a typo of ``query`` may have: none under :data:`FUZZY_MIN_LETTERS`
    letters, then one per :data:`LETTERS_PER_EDIT` letters."""
    n = _letters(query)
    return 0 if n < FUZZY_MIN_LETTERS else n // LETTERS_PER_EDIT


# --------------------------------------------------------------------------- features


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
            out.append((row, "words", _WORDS) if whole else (row, "prefix", _PREFIX))
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
    ("name", "form", "words", "in-query", "prefix", "typo" (of the whole name) or
    "typo-words"), "score" (0–100), "exact" (the whole name matched), "names_it"
    (its sentences belong to the results: the query is this feature's name, or a
    typo of it, or words of its name when the query is itself some feature's
    name)}]``, one entry per id.
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
    ranked = sorted(best.values(), key=lambda d: (-d["_rank"], d["name"]))
    is_a_name = any(d["kind"] in WHOLE_KINDS for d in ranked)
    for d in ranked:
        del d["_rank"]
        d["names_it"] = d["kind"] in WHOLE_KINDS or (is_a_name and d["kind"] in WORD_KINDS)
    return ranked[:limit]


# --------------------------------------------------------------------------- sentences

_BOUNDARY = re.compile(r"[.!?؟…\n]")


def _sentence_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    """Start and end of the sentence around ``text[a:b]`` (punctuation or newline)."""
    start = 0
    for m in _BOUNDARY.finditer(text, 0, a):
        start = m.end()
    m = _BOUNDARY.search(text, b)
    end = m.end() if m else len(text)
    while start < a and text[start].isspace():
        start += 1
    while end > b and text[end - 1] in " \n\t":
        end -= 1
    return start, end


@lru_cache(maxsize=64)
def _norm_text(text: str):
    return _text_normalise(text)


def _find(q: str, text: str) -> list[tuple[int, int]]:
    """Original-text spans where normalised ``q`` occurs in ``text`` (any white
    space in the text matches a space of the query)."""
    n = _norm_text(text)
    arabic = _is_arabic_script(q)
    pat = re.compile(r"\s+".join(re.escape(w) for w in q.split(" ")))
    out = []
    for m in pat.finditer(n.text):
        i = m.start()
        if arabic or i == 0 or not n.text[i - 1].isalnum():
            out.append(n.span(m.start(), m.end()))
    return out


def _as_sources(rows_or_docs: Any) -> tuple[list[tuple[str, str, str | None]], list[Mapping]]:
    """(documents as (name, text, lang), annotation rows) from a list of either."""
    docs, rows = [], []
    for item in rows_or_docs or ():
        if isinstance(item, Mapping) and "sentence" in item:
            rows.append(item)
        elif isinstance(item, Mapping):
            docs.append((str(item.get("name") or item.get("file")), str(item.get("text") or ""),
                         item.get("lang")))
        else:
            docs.append((str(getattr(item, "name", "")), str(getattr(item, "text", "") or ""),
                         getattr(item, "lang", None)))
    return docs, rows


def _sentence_key(r: Mapping) -> tuple[int, int]:
    return int(r.get("sentence_start") or 0), int(r.get("sentence_end") or 0)


def _mention_span(r: Mapping) -> tuple[int, int] | None:
    """A row's mention relative to its sentence, when the offsets agree with the sentence."""
    sent = r.get("sentence") or ""
    try:
        a, b = int(r["start"]) - int(r["sentence_start"]), int(r["end"]) - int(r["sentence_start"])
    except (KeyError, TypeError, ValueError):
        return None
    if 0 <= a < b <= len(sent) and sent[a:b] == (r.get("text") or sent[a:b]):
        return a, b
    return None


class _Hits:
    """Sentences found so far, by (document, sentence start, end), with their hits."""

    def __init__(self, doc_order: Sequence[str]) -> None:
        self.by_key: dict[tuple[str, int, int], dict] = {}
        self.order = {d: i for i, d in enumerate(doc_order)}

    def add(self, doc: str, sentence: str, sa: int, sb: int, lang: str | None,
            hits: Sequence[tuple[int, int]], fid: str | None = None) -> None:
        item = self.by_key.setdefault((doc, sa, sb), {
            "doc": doc, "sentence": sentence, "start": sa, "end": sb, "hits": [], "lang": lang,
            "features": [], "word": False})
        for a, b in hits:
            if {"start": a, "end": b} not in item["hits"]:
                item["hits"].append({"start": a, "end": b})
        if fid is None:
            item["word"] = True
        elif fid not in item["features"]:
            item["features"].append(fid)

    def ranked(self) -> list[dict]:
        """In corpus order: documents as given (then the others by name), sentences in text order."""
        out = sorted(self.by_key.values(), key=lambda h: (self.order.get(h["doc"], len(self.order)),
                                                          str(h["doc"]), h["start"]))
        for h in out:
            h["hits"].sort(key=lambda x: (x["start"], -x["end"]))
        return out


def _word_hits(q: str, docs: Sequence[tuple[str, str, str | None]], rows: Sequence[Mapping],
               found: _Hits) -> None:
    """Sentences holding the normalised query as a word (see the module docstring)."""
    sents: dict[str, dict[tuple[int, int], tuple[str, str | None]]] = {}
    for r in rows:
        sents.setdefault(r.get("doc"), {}).setdefault(_sentence_key(r), (r.get("sentence") or "",
                                                                         r.get("lang")))
    if not docs:  # annotated sentences only
        for name, by_key in sents.items():
            for (sa, sb), (sentence, lang) in by_key.items():
                hits = _find(q, sentence)
                if hits:
                    found.add(name, sentence, sa, sb, lang, hits)
        return
    for name, text, lang in docs:
        known = sorted(sents.get(name, {}))
        grouped: dict[tuple[int, int], list] = {}
        for a, b in _find(q, text):
            box = next(((sa, sb) for sa, sb in known if sa <= a and b <= sb), None)
            if box is None:
                box = _sentence_bounds(text, a, b)
            grouped.setdefault(box, []).append((a - box[0], b - box[0]))
        for (sa, sb), hits in grouped.items():
            slang = sents.get(name, {}).get((sa, sb), (None, None))[1] or lang
            found.add(name, text[sa:sb], sa, sb, slang, hits)


def _feature_hits(feature_ids: Sequence[str], rows: Sequence[Mapping], found: _Hits) -> None:
    """Sentences whose annotations resolve to one of ``feature_ids``, under whatever name."""
    wanted = set(feature_ids)
    for r in rows:
        fid = r.get("id")
        if fid not in wanted or r.get("kind") == "date":
            continue
        span = _mention_span(r)
        if span is None:
            continue
        sa, sb = _sentence_key(r)
        found.add(r.get("doc"), r.get("sentence") or "", sa, sb, r.get("lang"), [span], fid)


def _all_sentences(query: str, rows_or_docs: Any, rows: Sequence[Mapping] | None,
                   feature_ids: Sequence[str]) -> list[dict]:
    q = normalise(query)
    docs, own_rows = _as_sources(rows_or_docs)
    rows = list(own_rows) + list(rows or ())
    found = _Hits([d[0] for d in docs] + list(dict.fromkeys(r.get("doc") for r in rows)))
    if len(q) >= 2:
        _word_hits(q, docs, rows, found)
    if feature_ids:
        _feature_hits(feature_ids, rows, found)
    return found.ranked()


def search_sentences(query: str, rows_or_docs: Any, limit: int = 50,
                     rows: Sequence[Mapping] | None = None,
                     feature_ids: Sequence[str] = ()) -> list[dict]:
    """Sentences containing ``query`` (normalised match) or naming one of
    ``feature_ids`` (by the annotation rows), in corpus order.

    ``rows_or_docs``: documents (``app.corpus.Document`` or dicts with ``name``
    and ``text``; the whole text is searched) or annotation rows (only the
    annotated sentences are searched). With documents, pass ``rows`` too so a
    hit inside an annotated sentence uses that sentence (and its offset, the
    ``s`` of document links), and so ``feature_ids`` can find their mentions.

    Returns ``[{"doc", "sentence", "start", "end" (sentence offsets in the
    document), "hits": [{"start", "end"}] (relative to the sentence: the word,
    and the mentions of the features), "lang", "features" (the ``feature_ids``
    it mentions), "word" (it holds the query itself)}]``.
    """
    return _all_sentences(query, rows_or_docs, rows, feature_ids)[:limit]


def search(
    query: str,
    gazetteer_or_names: Any,
    rows_or_docs: Any,
    *,
    rows: Sequence[Mapping] | None = None,
    limit_features: int = 10,
    limit_sentences: int = 50,
    cutoff: float = 60.0,
) -> dict[str, Any]:
    """Search features (by name, any script, typo-tolerant) and sentences (every
    sentence naming a matched feature, and every sentence holding the word).

    ``gazetteer_or_names``: the names table (dict of ``names.json`` shape), an
    ``app.gazetteer.Gazetteer`` (it reads inflected forms; its names table too if
    it exposes one as ``names``; else ``geodata/curated/names.json`` is read if
    present), or a tuple ``(gazetteer, names)``. ``rows_or_docs``: documents or
    annotation rows (see :func:`search_sentences`). ``sentences_total`` counts
    every sentence found, ``sentences`` holds the first ``limit_sentences``.
    """
    gaz, names = None, None
    if isinstance(gazetteer_or_names, tuple):
        gaz, names = gazetteer_or_names
    elif isinstance(gazetteer_or_names, Mapping):
        names = gazetteer_or_names
    elif gazetteer_or_names is not None:
        gaz = gazetteer_or_names
        cand = getattr(gaz, "names", None)
        if isinstance(cand, Mapping):
            names = cand
        elif NAMES_PATH.exists():
            names = load_names()
    features = search_features(query, names, gaz, limit=limit_features, cutoff=cutoff)
    naming = [f["id"] for f in features if f["names_it"]]
    sentences = _all_sentences(query, rows_or_docs, rows, naming)
    return {"features": features, "sentences": sentences[:limit_sentences],
            "sentences_total": len(sentences)}
