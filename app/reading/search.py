"""One search box: features by any of their names, and every sentence that names them or holds a word.

Plain Python (no Streamlit).

* Features: :func:`app.reading.name_search.search_features` (whole names, an
  inflected form the gazetteer reads, whole words, word starts, and typos only
  for queries of six letters or more that are no name: "Lachin" never finds
  China; see that module for the rules).
* Sentences: every annotated sentence that mentions a feature the query names
  (its whole name, an inflected form or a typo of it, or words or the start of
  a longer name when the query is itself some feature's name: "Zangezur",
  Syunik's other name, also brings the Zangezur corridor, and "Зангезур" the
  "Зангезурский коридор", while the bare word "corridor" brings no feature's
  sentences), resolved to the feature by the annotator under any of
  its names in any language ("Zangezur" brings the "Zangezor corridor"
  sentences), plus every
  sentence that contains the query as a word: the normalised query is looked
  for in the normalised text of every document (or every annotated sentence
  when rows are given), so ``كريدور`` finds ``کریدور`` and ``ZANGEZOR`` finds
  ``Zangezor``. Latin/Cyrillic queries must start at a word start (suffixes
  allowed); Arabic-script queries may follow attached prefixes (``ال``, ``و``,
  ``ب``). Hits carry offsets into the original text.

Public API
----------
normalise(s)                        -> str (``app.text.normalise`` + white space collapsed)
search_features(query, names, gazetteer=None, limit=10, cutoff=60) -> [dict]   (name_search)
search_sentences(query, rows_or_docs, limit=50, rows=None, feature_ids=()) -> [dict]
search(query, gazetteer_or_names, rows_or_docs, rows=..., limit_...) -> {"features", "sentences",
                                                                        "sentences_total"}
search_titles(query, metas)         -> [{"doc", "title"}]: documents whose title or file name holds the words
sentence_counts(rows, ids)          -> {id: sentences that name it}: what each found feature's panel quotes
load_names(path=None)               -> names table (``geodata/curated/names.json``)
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any, Mapping, Sequence

from app.reading.name_search import (FUZZY_MIN_LETTERS, LETTERS_PER_EDIT, NAMES_PATH, load_names,
                                     max_edits, normalise, search_features)
from app.reading.metadata import doc_title
from app.text import normalise as _text_normalise
from app.text.cuts import cut_spans

__all__ = ["normalise", "search_features", "search_sentences", "search", "search_store", "search_titles",
           "sentence_counts",
           "load_names", "NAMES_PATH", "FUZZY_MIN_LETTERS", "LETTERS_PER_EDIT",
           "max_edits"]


def _is_arabic_script(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in s)


# --------------------------------------------------------------------------- sentences

_BOUNDARY = re.compile(r"[.!?؟…\n]")


def _sentence_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    """Start and end of the sentence around ``text[a:b]`` (punctuation or newline)."""
    return _Sentences(text).around(a, b)


class _Sentences:
    """The sentence around any span of one text, found by bisection: the text is scanned for
    sentence ends once, not once per hit (hits x text length was quadratic on text without
    punctuation)."""

    def __init__(self, text: str):
        self.text = text
        marks = [(m.start(), m.end()) for m in _BOUNDARY.finditer(text)]
        self.starts = [m[0] for m in marks]
        self.ends = [m[1] for m in marks]

    def around(self, a: int, b: int) -> tuple[int, int]:
        text = self.text
        k = bisect.bisect_right(self.ends, a) - 1          # last boundary ending at or before a
        start = self.ends[k] if k >= 0 else 0
        k = bisect.bisect_left(self.starts, b)             # first boundary starting at or after b
        end = self.ends[k] if k < len(self.starts) else len(text)
        while start < a and text[start].isspace():
            start += 1
        while end > b and text[end - 1] in " \n\t":
            end -= 1
        return start, end


def _boxes(text: str, hits: list[tuple[int, int]], known: list[tuple[int, int]]) -> dict[tuple[int, int], list]:
    """Hits grouped by the sentence that holds them: an annotated sentence (``known``, sorted) if
    one does, else the sentence around the hit, cut to pieces of at most SENTENCE_LIMIT characters
    (never inside a hit). Offsets in the groups are relative to their sentence."""
    starts = [sa for sa, _ in known]
    raw: dict[tuple[int, int], list] = {}
    found: dict[tuple[int, int], list] = {}
    sentences: _Sentences | None = None
    for a, b in hits:
        k = bisect.bisect_right(starts, a) - 1
        box = next((known[i] for i in (k - 1, k) if i >= 0 and known[i][0] <= a and b <= known[i][1]), None)
        if box is not None:
            found.setdefault(box, []).append((a, b))
            continue
        sentences = sentences or _Sentences(text)
        raw.setdefault(sentences.around(a, b), []).append((a, b))
    for (sa, sb), inside in raw.items():
        pieces = cut_spans(text, [(sa, sb)], inside)
        first = [p[0] for p in pieces]
        for a, b in inside:
            pa, pb, _ = pieces[bisect.bisect_right(first, a) - 1]
            found.setdefault((pa, max(pb, b)), []).append((a, b))
    return {box: [(a - box[0], b - box[0]) for a, b in hs] for box, hs in found.items()}


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
        """Documents that hold the word typed first ("Karabakh" typed: the English sentences had come last,
        after every Arabic and Persian one naming the region), then in corpus order (documents as given, then the
        others by name); sentences in text order."""
        typed = {h["doc"] for h in self.by_key.values() if h.get("word")}
        out = sorted(self.by_key.values(), key=lambda h: (h["doc"] not in typed,
                                                          self.order.get(h["doc"], len(self.order)),
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
        grouped = _boxes(text, _find(q, text), sorted(sents.get(name, {})))
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


def search_titles(query: str, metas: Mapping[str, Mapping], limit: int = 20) -> list[dict[str, Any]]:
    """Documents whose title (its own, an English one or one the team supplied) or file name holds every word
    of ``query`` (normalised as the sentences are: any case, with or without accents, Arabic or Persian
    letters alike), in the order of ``metas``; at most ``limit``."""
    words = normalise(query).split()
    if not words:
        return []
    out = []
    for name, meta in metas.items():
        fields = [meta.get(k) for k in ("title", "title_en", "title_supplied")] + [name]
        text = normalise(" ".join(str(f) for f in fields if isinstance(f, str)))
        if all(w in text for w in words):
            title, lang = doc_title(meta, name)          # what readers see everywhere else
            english = meta.get("title_en") or meta.get("title_supplied")
            english = " ".join(english.split()) if isinstance(english, str) and english.strip() != title else None
            out.append({"doc": name, "title": title, "lang": lang, "english": english or None})
            if len(out) == limit:
                break
    return out


def sentence_counts(rows: Sequence[Mapping], ids: Sequence[str]) -> dict[str, int]:
    """For each of ``ids``, how many sentences of ``rows`` name it: the sentences its panel quotes."""
    wanted = set(ids)
    seen: dict[str, set] = {i: set() for i in wanted}
    for r in rows:
        fid = r.get("id")
        if fid in wanted:
            seen[fid].add((r.get("doc"), r.get("sentence_start")))
    return {i: len(s) for i, s in seen.items()}


def search_store(query: str, gazetteer_or_names: Any, reader: Any, limit_sentences: int = 30) -> dict[str, Any]:
    """:func:`search` over a document store too large to hold in memory (``reader``: an
    ``app.corpus.query.StoreReader``): the features as :func:`search` finds them; the sentences that name
    them or contain the query (in any case, with or without accents), up to ``limit_sentences`` found by the store
    (the first documents by name that mention them, the first sentences found with the word) and matched
    as :func:`search_sentences` does. ``sentences_total`` is None when the store holds more than were read."""
    res = search(query, gazetteer_or_names, [], rows=[], limit_sentences=0)
    naming = [f["id"] for f in res["features"] if f["names_it"]]
    # a query that is a feature's name finds its sentences through the annotations (every language and
    # script); the word is looked for only otherwise (a scan of the texts: 1.2-1.7 s at 100,000 documents)
    word = query.strip() if len(normalise(query)) >= 2 and not naming else None
    total, rows = reader.search_sentences(word, naming, limit=limit_sentences)
    sentences = search_sentences(query, rows, limit=limit_sentences, feature_ids=naming)
    return {"features": res["features"], "sentences": sentences, "word_searched": word is not None,
            "sentences_total": None if total is None else len(sentences)}
