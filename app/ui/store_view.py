"""The map view's questions answered by the store: filters, map counts and a paginated "What the documents say".

Streamlit view over :class:`app.corpus.query.StoreReader` (``corpus.reader``) plus this visit's uploads
(held in memory, ``corpus.uploads``/``corpus.upload_rows``). Up to :data:`LIST_DOCS` documents the sidebar
lists every document (the filters of :mod:`app.ui.reader_panel`); past that, a "title or file name
contains" box replaces the list. The panel shows :data:`PAGE` documents at a time, with the number of
documents and mentions per language.
"""
from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Any

import streamlit as st

from app.reading.panel import counts_for_map, feature_quotes, filter_rows, filters_apply, language_name, quotes_html
from app.reading.wording import counted
from app.ui import reader_panel
from app.ui.reader_panel import FILTERS_KEY, PER_DOC, SCOPE_NOTE, current_filters

LIST_DOCS = 1000  # up to this many documents the filter lists them all
PAGE = 10         # documents per page of the panel
PAGE_KEY = "reader_page"
_PAGE_FOR = "_reader_page_for"


def feature_ids(fid: str, inside: dict) -> list[str]:
    """``fid`` and every feature inside it (their mentions count for it)."""
    return [fid] + sorted(x for x, cont in inside.items() if fid in (cont or ()) and x != fid)


def render_filters(corpus: Any, container: Any = None) -> dict:
    """The sidebar filters (document list for small stores; a name/title search for large ones)."""
    reader = corpus.reader
    if reader.n_docs <= LIST_DOCS:
        entries = [{**m, "file": n, "_detected_lang": m.get("_detected_lang") or lang}
                   for n, m, lang in _entries(reader)]
        return reader_panel.render_filters([], entries + list(corpus.uploads), container=container)
    box = container if container is not None else st
    langs = sorted(set(_store_languages(reader.stamp, reader)) | {d.lang or "?" for d in corpus.uploads})
    box.markdown(f"**Which documents the map reads** ({reader.n_docs:,} in the store)")
    box.caption(SCOPE_NOTE)
    text = box.text_input("Title or file name contains", key="flt_text")
    st.session_state.setdefault("flt_langs", langs)
    chosen = box.multiselect("Languages", langs, format_func=language_name, key="flt_langs")
    lo, hi = _publication_span(reader.stamp, reader)
    date_from = date_to = None
    if box.checkbox("Limit by publication date", key="flt_use_dates"):
        st.session_state.setdefault("flt_dates", (lo or _dt.date(1990, 1, 1), hi or _dt.date.today()))
        picked = box.date_input("Published between", key="flt_dates")
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            date_from, date_to = picked
    filters = {"text": text.strip() or None, "langs": None if set(chosen) == set(langs) else list(chosen),
               "date_from": date_from, "date_to": date_to}
    filters = {k: v for k, v in filters.items() if v is not None}
    st.session_state[FILTERS_KEY] = filters
    return filters


@st.cache_data(show_spinner=False, max_entries=4)
def _store_languages(stamp: tuple, _reader: Any) -> list[str]:
    return _reader.languages()


@st.cache_data(show_spinner=False, max_entries=4)
def _publication_span(stamp: tuple, _reader: Any) -> tuple:
    return _reader.publication_span()


@st.cache_data(show_spinner=False, max_entries=4)
def _entries_cached(stamp: tuple, _reader: Any) -> list[tuple]:
    return [(n, m, m.get("_detected_lang")) for n, m in sorted(_reader.metas().items())]


def _entries(reader: Any) -> list[tuple]:
    return _entries_cached(reader.stamp, reader)


def _layers_key(corpus: Any) -> str:
    """Which layers the roll-up (``corpus.inside``) was computed from: part of every cache key that uses it,
    so that counts and quotes made for one geodata file are never served for another."""
    gdf = getattr(corpus, "gdf", None)
    return str(gdf.attrs.get("path", "")) if gdf is not None else ""


def map_counts(corpus: Any) -> dict[str, int]:
    """Mentions per feature under the current filters (store + this visit's uploads)."""
    filters = current_filters()
    counts = _counts(corpus.reader.stamp, _layers_key(corpus), repr(sorted(filters.items())), corpus.reader,
                     filters, corpus.inside)
    if corpus.uploads:
        counts = dict(counts)
        extra = filter_rows(corpus.upload_rows, corpus.uploads, **filters_apply(filters))
        for k, v in counts_for_map(extra).items():
            counts[k] = counts.get(k, 0) + v
    return counts


@st.cache_data(show_spinner=False, max_entries=64)
def _counts(stamp: tuple, layers: str, key: str, _reader: Any, filters: dict, _inside: dict) -> dict[str, int]:
    return _reader.map_counts(filters, _inside)


def _page(n_pages: int, key: tuple) -> int:
    """The page chosen (back to 1 when the feature or the filters change)."""
    if st.session_state.get(_PAGE_FOR) != key:
        st.session_state[_PAGE_FOR] = key
        st.session_state[PAGE_KEY] = 1
    if n_pages <= 1:
        return 1
    return int(st.number_input(f"Page (of {n_pages}, {PAGE} documents each)", min_value=1, max_value=n_pages,
                               key=PAGE_KEY))


def _summary(name: str, langs: list[tuple], extra: list[dict], filtered: bool, sentences: int | None) -> str:
    """"<name>: N sentences in D documents" (mentions instead of sentences when the documents fill
    more than one page: only the page's sentences are read), then documents and mentions per language."""
    by_lang: Counter = Counter()
    mentions: Counter = Counter()
    for lang, d, n in langs:
        by_lang[lang] += d
        mentions[lang] += n
    for q in extra:
        by_lang[q.get("lang") or "?"] += 1
        mentions[q.get("lang") or "?"] += q["count"]
    total_docs, total = sum(by_lang.values()), sum(mentions.values())
    per = " · ".join(f"{language_name(lg if lg != '?' else None)} {d:,} ({mentions[lg]:,})"
                     for lg, d in by_lang.most_common())
    head = counted(sentences, "sentence") if sentences is not None else counted(total, "mention")
    return (f"{name}: {head} in {counted(total_docs, 'document')}" + (" (filtered)" if filtered else "")
            + (f". By language, documents (mentions): {per}" if per else ""))


@st.cache_data(show_spinner=False, max_entries=256)
def _languages(stamp: tuple, fid: str, key: str, _reader: Any, ids: list[str], filters: dict) -> list[tuple]:
    """(language, documents, mentions) for a feature under filters: the same for every reader of the store."""
    return _reader.feature_languages(ids, filters)


@st.cache_data(show_spinner=False, max_entries=256)
def _quotes(stamp: tuple, layers: str, fid: str, key: str, page: int, size: int, _reader: Any, ids: list[str],
            filters: dict, _inside: dict) -> list[dict]:
    """The quotes of one page of documents about a feature (the same for every reader of the store)."""
    shown = _reader.feature_documents(ids, filters, offset=(page - 1) * size, limit=size)
    rows = _reader.rows([(h, p) for _n, h, p, _c, _l in shown], ids)
    rows = [r if not r.get("id") else {**r, "within": list(_inside.get(r["id"], []))} for r in rows]
    metas = _reader.metas([n for n, *_ in shown])
    return feature_quotes(fid, rows, [{**m, "file": n} for n, m in metas.items()])


def render_panel(corpus: Any, feature_id: str | None) -> None:
    """"What the documents say" about the selected feature, one page of documents at a time. A fragment:
    turning a page, or showing every sentence, reruns only the panel (not the map)."""
    _panel(corpus, feature_id)


@st.fragment
def _panel(corpus: Any, feature_id: str | None) -> list[dict]:
    st.subheader("What the documents say")
    if not feature_id:
        st.info("Select a feature on the map (or search for one) to read what the documents say about it.")
        return []
    reader, names, filters = corpus.reader, corpus.names, current_filters()
    name = names.get(feature_id, feature_id)
    ids = feature_ids(feature_id, corpus.inside)
    key = repr(sorted(filters.items()))
    langs = _languages(reader.stamp, feature_id, key, reader, ids, filters)
    n_docs = sum(d for _l, d, _n in langs)
    extra = feature_quotes(feature_id, corpus.upload_rows, corpus.uploads, filters=filters) if corpus.uploads else []
    n_pages = max(1, -(-n_docs // PAGE))
    caption = st.empty()
    page = _page(n_pages, (feature_id, key))
    quotes = _quotes(reader.stamp, _layers_key(corpus), feature_id, key, page, PAGE, reader, ids, filters,
                     corpus.inside)
    if page == 1:
        quotes = quotes + extra
    whole = n_pages == 1
    caption.caption(_summary(name, langs, extra, bool(filters),
                             sum(len(q["sentences"]) for q in quotes) if whole else None))
    limit = None
    if any(len(q["sentences"]) > PER_DOC for q in quotes):
        if not st.checkbox(f"Show every sentence (else {PER_DOC} per document)", key="reader_all"):
            limit = PER_DOC
    st.html(reader_panel._CSS + quotes_html(quotes, feature_id=feature_id, feature_name=name, names=names,
                                            max_sentences=limit))
    return quotes
