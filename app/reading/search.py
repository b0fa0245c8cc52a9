"""One search box: features and places by any name, and sentences containing a word.

Plain Python (no Streamlit).

* Features: the query is compared with every display name and alias of every
  feature (``geodata/curated/names.json`` shape) in any script, after
  normalisation (case, Arabic/Persian letter variants, diacritics, tatweel,
  ZWNJ). Exact names and names whose word starts with the query rank first;
  typos are tolerated with rapidfuzz (``"Zangezr"`` finds the Zangezur
  corridor). A :class:`app.gazetteer.Gazetteer` can be passed instead of (or
  with) the names table: its ``lookup`` adds the inflected forms it knows.
* Sentences: the normalised query is looked for in the normalised text of every
  document (or every annotated sentence when rows are given), so ``كريدور``
  finds ``کریدور`` and ``ZANGEZOR`` finds ``Zangezor``. Latin/Cyrillic queries
  must start at a word start (suffixes allowed: ``Azerbajdzjan`` finds
  ``Azerbajdzjans``); Arabic-script queries may follow attached prefixes
  (``ال``, ``و``, ``ب``). Hits carry offsets into the original text.

Public API
----------
normalise(s)                        -> str (``app.text.normalise`` + white space collapsed)
search_features(query, names, gazetteer=None, limit=10, cutoff=80) -> [dict]
search_sentences(query, rows_or_docs, limit=50)                   -> [dict]
search(query, gazetteer_or_names, rows_or_docs, limit=...)        -> {"features", "sentences"}
load_names(path=None)               -> names table (``geodata/curated/names.json``)
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from rapidfuzz import fuzz

__all__ = ["normalise", "search_features", "search_sentences", "search",
           "load_names", "NAMES_PATH"]

NAMES_PATH = Path(__file__).resolve().parents[2] / "geodata" / "curated" / "names.json"

from app.text import normalise as _text_normalise


def normalise(s: str) -> str:
    """Matching form of ``s`` (``app.text.normalise``: case, letter variants,
    diacritics, ZWNJ, digits), with runs of white space collapsed and stripped."""
    return " ".join(_text_normalise(s or "").text.split())


def _is_arabic_script(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in s)


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


_INDEX_CACHE: dict[int, tuple[Mapping, int, list]] = {}


def _indexed(names: Mapping) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    """(id, lang, name, normalised name, its words) for every name; cached per table.

    The cache keeps a reference to the table, so its ``id`` cannot be reused;
    a table whose size changed is indexed again.
    """
    hit = _INDEX_CACHE.get(id(names))
    if hit is not None and hit[0] is names and hit[1] == len(names):
        return hit[2]
    rows = []
    for fid, lang, val in _name_entries(names):
        n = normalise(val)
        if n:
            rows.append((fid, lang, val, n, tuple(w for w in re.split(r"[\s\-–'\"()]+", n) if w)))
    if len(_INDEX_CACHE) > 8:
        _INDEX_CACHE.clear()
    _INDEX_CACHE[id(names)] = (names, len(names), rows)
    return rows


def _display(names: Mapping, fid: str) -> str:
    entry = names.get(fid) or {}
    disp = entry.get("display") or {}
    return disp.get("en") or next(iter(disp.values()), None) or fid


def _score(q: str, qwords: list[str], n: str, words: tuple[str, ...]) -> float:
    if q == n:
        return 100.0
    if len(q) >= 2 and q in words:
        return 98.0
    if len(q) >= 3 and any(w.startswith(q) for w in words):
        return 95.0
    if len(qwords) > 1 and n.startswith(q):
        return 95.0
    if len(q) < 3:
        return 0.0
    # typos: the whole name, or as many of its words as the query has (a typo inside a
    # longer name: "Zangezr" ~ "Zangezur corridor"). Never a part of a word, and never a
    # short name against a longer query or the reverse ("Lachin" is not "China").
    best = fuzz.ratio(q, n) if _comparable(q, n) else 0.0
    k = len(qwords)
    for i in range(len(words) - k + 1):
        window = " ".join(words[i:i + k])
        if _comparable(q, window) and window != n:   # part of a longer name: ranks lower
            best = max(best, fuzz.ratio(q, window) - 2)
    return float(best)


def _comparable(q: str, name: str) -> bool:
    """Are ``q`` and ``name`` close enough in length (and, when short, in their first letter)
    for a typo to turn one into the other?"""
    if abs(len(q) - len(name)) > max(1, len(q) // 6):
        return False
    return len(q) >= 7 or q[:1] == name[:1]


def search_features(
    query: str,
    names: Mapping | None,
    gazetteer: Any = None,
    limit: int = 10,
    cutoff: float = 80.0,
) -> list[dict]:
    """Features whose names match ``query`` in any script, best first.

    Returns ``[{"id", "name" (English display), "matched" (the name that
    matched), "lang" (of that name), "score" (0–100), "exact" (bool)}]``, one
    entry per id. ``gazetteer.lookup(query)`` hits (inflected forms) score 100.
    """
    q = normalise(query)
    if not q:
        return []
    qwords = q.split()
    best: dict[str, dict] = {}

    def offer(fid: str, lang: str | None, matched: str, score: float) -> None:
        cur = best.get(fid)
        if cur is None or score > cur["score"]:
            best[fid] = {"id": fid, "name": _display(names or {}, fid), "matched": matched,
                         "lang": lang, "score": round(score, 1), "exact": score >= 95}

    if gazetteer is not None and hasattr(gazetteer, "lookup"):
        try:
            for fid in gazetteer.lookup(query) or ():
                offer(fid, None, query.strip(), 100.0)
        except Exception:  # a gazetteer failure must not break the box
            pass
    if names:
        for fid, lang, val, n, words in _indexed(names):
            s = _score(q, qwords, n, words)
            if s >= cutoff:
                # among equal scores, a shorter name is the better match
                offer(fid, lang, val, s - min(len(n), 60) / 1000.0)
    ranked = sorted(best.values(), key=lambda d: (-d["score"], d["name"]))
    for d in ranked:
        d["score"] = round(d["score"], 1)
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


def _as_sources(rows_or_docs: Any) -> tuple[list[tuple[str, str, str | None]], dict]:
    """(docs as (name, text, lang), sentences from rows keyed by doc)."""
    docs, sents = [], {}
    for item in rows_or_docs or ():
        if isinstance(item, Mapping) and "sentence" in item:
            key = (int(item.get("sentence_start") or 0), int(item.get("sentence_end") or 0))
            sents.setdefault(item.get("doc"), {}).setdefault(key, (item["sentence"], item.get("lang")))
        elif isinstance(item, Mapping):
            docs.append((str(item.get("name") or item.get("file")), str(item.get("text") or ""),
                         item.get("lang")))
        else:
            docs.append((str(getattr(item, "name", "")), str(getattr(item, "text", "") or ""),
                         getattr(item, "lang", None)))
    return docs, sents


def search_sentences(query: str, rows_or_docs: Any, limit: int = 50,
                     rows: Sequence[Mapping] | None = None) -> list[dict]:
    """Sentences containing ``query`` (normalised match), in corpus order.

    ``rows_or_docs``: documents (``app.corpus.Document`` or dicts with ``name``
    and ``text``; the whole text is searched) or annotation rows (only the
    annotated sentences are searched). With documents, pass ``rows`` too so a
    hit inside an annotated sentence uses that sentence (and its offset, the
    ``s`` of document links).

    Returns ``[{"doc", "sentence", "start", "end" (sentence offsets in the
    document), "hits": [{"start", "end"}] (relative to the sentence), "lang"}]``.
    """
    q = normalise(query)
    if len(q) < 2:
        return []
    docs, sents = _as_sources(rows_or_docs)
    for r in rows or ():
        key = (int(r.get("sentence_start") or 0), int(r.get("sentence_end") or 0))
        sents.setdefault(r.get("doc"), {}).setdefault(key, (r.get("sentence") or "", r.get("lang")))
    out: list[dict] = []

    def add(doc: str, sentence: str, sa: int, sb: int, hits: list, lang: str | None) -> None:
        out.append({"doc": doc, "sentence": sentence, "start": sa, "end": sb,
                    "hits": [{"start": a, "end": b} for a, b in hits], "lang": lang})

    if docs:
        for name, text, lang in docs:
            known = sorted(sents.get(name, {}).items())
            grouped: dict[tuple[int, int], list] = {}
            for a, b in _find(q, text):
                box = next(((sa, sb) for (sa, sb), _ in known if sa <= a and b <= sb), None)
                if box is None:
                    box = _sentence_bounds(text, a, b)
                grouped.setdefault(box, []).append((a - box[0], b - box[0]))
            for (sa, sb), hits in sorted(grouped.items()):
                slang = sents.get(name, {}).get((sa, sb), (None, None))[1] or lang
                add(name, text[sa:sb], sa, sb, hits, slang)
                if len(out) >= limit:
                    return out
    else:
        for name, by_key in sents.items():
            for (sa, sb), (sentence, lang) in sorted(by_key.items()):
                hits = _find(q, sentence)
                if hits:
                    add(name, sentence, sa, sb, hits, lang)
                    if len(out) >= limit:
                        return out
    return out


def search(
    query: str,
    gazetteer_or_names: Any,
    rows_or_docs: Any,
    *,
    rows: Sequence[Mapping] | None = None,
    limit_features: int = 10,
    limit_sentences: int = 50,
    cutoff: float = 80.0,
) -> dict[str, list[dict]]:
    """Search features (by name, any script, typo-tolerant) and sentences (by word).

    ``gazetteer_or_names``: the names table (dict of ``names.json`` shape), an
    ``app.gazetteer.Gazetteer`` (its ``lookup`` is used; its names table too if
    it exposes one as ``names``; else ``geodata/curated/names.json`` is read if
    present), or a tuple ``(gazetteer, names)``. ``rows_or_docs``: documents or
    annotation rows (see :func:`search_sentences`).
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
    sentences = search_sentences(query, rows_or_docs, limit=limit_sentences, rows=rows)
    if rows is None:
        rows = [r for r in rows_or_docs or () if isinstance(r, Mapping) and "sentence" in r]
    ids = {f["id"] for f in features if f["exact"]}
    if ids and rows:
        sentences = _with_feature_sentences(sentences, ids, rows, limit_sentences)
    return {"features": features, "sentences": sentences}


def _with_feature_sentences(found: list[dict], ids: set[str], rows: Sequence[Mapping],
                            limit: int) -> list[dict]:
    """``found`` plus every annotated sentence that mentions one of ``ids`` under any of its
    names in any language ("Zangezor corridor" for Zangezur), in corpus order."""
    by_key = {(d["doc"], d["start"]): d for d in found}
    for r in rows:
        if r.get("id") not in ids or r.get("sentence") is None:
            continue
        sa = int(r.get("sentence_start") or 0)
        hit = {"start": int(r["start"]) - sa, "end": int(r["end"]) - sa}
        d = by_key.get((r.get("doc"), sa))
        if d is None:
            d = by_key[(r.get("doc"), sa)] = {
                "doc": r.get("doc"), "sentence": r["sentence"], "start": sa,
                "end": int(r.get("sentence_end") or sa + len(r["sentence"])), "hits": [],
                "lang": r.get("lang")}
        if hit not in d["hits"]:
            d["hits"].append(hit)
            d["hits"].sort(key=lambda h: (h["start"], h["end"]))
    ordered = sorted(by_key.values(), key=lambda d: (str(d["doc"]), d["start"]))
    return ordered[:max(limit, len(found))]
