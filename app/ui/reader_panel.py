"""Feature panel "What the documents say", and the document/language/date filters.

Streamlit view. Reads ``st.session_state["selected"]`` (feature id) and
``st.session_state["filters"]`` (``{"docs", "langs", "date_from", "date_to"}``,
see :func:`app.reading.panel.filters_apply`); :func:`render_filters` writes the latter.

    render(rows, docs, layers=None, names=None, feature_id=None)
    render_filters(rows, docs, container=None)
    filtered_counts(rows, docs, layers=None) -> {id: n}   map counts under the current filters
    url_params() -> {param: str}   the filters as URL parameters (docs, langs, from, to), to merge
                                   into the page URL beside app/ui/state.py's as_of/layers/selected

A shared link with ``?langs=fa&from=2023-01-01`` opens with those filters set (read once
per session by :func:`render_filters`).
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping, Sequence

import streamlit as st

from app.ui import state as S

from app.reading.panel import (counts_for_map, decode_view, doc_language, doc_titles, encode_view,
                               ensure_within, feature_quotes, filter_rows, filters_apply, language_name,
                               meta_index, publication_range, quotes_html)
from app.reading.wording import counted

FILTERS_KEY = "filters"
#: What the sidebar's document filters apply to (the other views have filters of their own).
SCOPE_NOTE = ("The map's counts and what the documents say about a feature use these. Search, the Timeline "
              "and Documents show every document.")
PER_DOC = 10  # sentences shown per document unless the reader asks for all
SELECTED_KEY = "selected"
_CSS = ("<style>.reader-quotes mark, .document mark {background:#ffe08a; padding:0 .1em}"
        ".reader-quotes blockquote{margin:.2em 0 .1em 0; padding-inline-start:.6em;"
        " border-inline-start:3px solid #ccc}.doc-meta{color:#666; font-size:.85em}"
        ".sentence.focus{background:#e8f0ff}.via{color:#777; font-size:.85em}</style>")


def current_filters() -> dict:
    """The filters in session state (empty dict = no filter)."""
    return dict(st.session_state.get(FILTERS_KEY) or {})


def filtered_counts(rows: Sequence[Mapping], docs: Any, layers: Any = None) -> dict[str, int]:
    """Mentions per feature under the current filters (feed to the map)."""
    return counts_for_map(filter_rows(ensure_within(rows, layers), docs,
                                      **filters_apply(current_filters())))


_URL_READ = "_reader_filters_from_url"


def url_params() -> dict[str, str]:
    """The current filters as URL parameters (see :func:`app.reading.panel.encode_view`)."""
    return encode_view({"filters": current_filters()})


def _init_from_url(names: list[str], langs: list[str]) -> None:
    """Once per session: preset the filter widgets from ``?docs=…&langs=…&from=…&to=…``."""
    if st.session_state.get(_URL_READ):
        return
    st.session_state[_URL_READ] = True
    f = decode_view({k: st.query_params.get(k) for k in st.query_params.keys()}).get("filters") or {}
    if f.get("docs"):
        picked = [n for n in f["docs"] if n in names]
        if picked:
            st.session_state["flt_docs"] = picked
    if f.get("langs"):
        picked = [x for x in f["langs"] if x in langs]
        if picked:
            st.session_state["flt_langs"] = picked
    if f.get("date_from") or f.get("date_to"):
        st.session_state["flt_use_dates"] = True
        st.session_state["flt_dates"] = S.date_range(f.get("date_from"), f.get("date_to"))


def render_filters(rows: Sequence[Mapping], docs: Any, container: Any = None) -> dict:
    """Document, language and publication-date filters; stores and returns the filters dict.

    The date range applies to each document's publication date (see
    :mod:`app.reading.panel`); undated documents drop out when a range is set.
    """
    box = container if container is not None else st
    index = meta_index(docs)
    by_doc: dict[str, list] = {}
    for r in rows:
        by_doc.setdefault(r.get("doc"), []).append(r)
    names = sorted(set(index) | set(by_doc))
    langs = sorted({doc_language(index.get(n), by_doc.get(n, ())) or "?" for n in names})

    titles = doc_titles(docs, isolate=True)  # never the file name when a title or first line is known

    def label(n: str) -> str:
        return titles.get(n, n)

    _init_from_url(names, langs)
    st.session_state.setdefault("flt_docs", names)
    st.session_state.setdefault("flt_langs", langs)
    # documents added later in the visit (uploads) join the selection when everything was chosen
    for key, options in (("flt_docs", names), ("flt_langs", langs)):
        value = [x for x in st.session_state[key] if x in options]
        prev = st.session_state.get(f"_{key}_options")
        if prev is not None and prev != options and set(st.session_state[key]) >= set(prev):
            value = list(options)
        st.session_state[key] = value
        st.session_state[f"_{key}_options"] = list(options)
    box.markdown("**Which documents the map reads**")
    box.caption(SCOPE_NOTE)
    chosen_docs = box.multiselect("Documents", names, format_func=label, key="flt_docs")
    chosen_langs = box.multiselect("Languages", langs, format_func=language_name, key="flt_langs")
    ranges = [r for r in (publication_range(index.get(n)) for n in names) if r]
    lo = min((r[0] for r in ranges), default=_dt.date(1990, 1, 1))
    hi = max((r[1] for r in ranges), default=_dt.date.today())
    use_dates = box.checkbox("Limit by publication date", key="flt_use_dates")
    date_from = date_to = None
    if use_dates:
        st.session_state.setdefault("flt_dates", (lo, hi))
        picked = box.date_input("Published between", key="flt_dates")
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            date_from, date_to = picked
    filters = {
        "docs": None if set(chosen_docs) == set(names) else list(chosen_docs),
        "langs": None if set(chosen_langs) == set(langs) else list(chosen_langs),
        "date_from": date_from, "date_to": date_to,
    }
    filters = {k: v for k, v in filters.items() if v is not None}
    st.session_state[FILTERS_KEY] = filters
    return filters


def render(rows: Sequence[Mapping], docs: Any, layers: Any = None,
           names: Mapping[str, str] | None = None, feature_id: str | None = None) -> list[dict]:
    """Show what the documents say about the selected feature; returns the quotes shown.

    ``rows``: annotation rows (joined or not; ``layers`` joins them when they
    lack ``within``); ``docs``: documents or manifest entries; ``names``: id ->
    display name.
    """
    fid = feature_id or st.session_state.get(SELECTED_KEY)
    st.subheader("What the documents say")
    if not fid:
        st.info("Select a feature on the map (or search for one) to read what the documents say about it.")
        return []
    name = (names or {}).get(fid, fid)
    quotes = feature_quotes(fid, ensure_within(rows, layers), docs, filters=current_filters())
    n_sent = sum(len(q["sentences"]) for q in quotes)
    st.caption(f"{name}: {counted(n_sent, 'sentence')} in {counted(len(quotes), 'document')}"
               + (" (filtered)" if current_filters() else ""))
    limit = None
    if any(len(q["sentences"]) > PER_DOC for q in quotes):
        if not st.checkbox(f"Show every sentence (else {PER_DOC} per document)", key="reader_all"):
            limit = PER_DOC
    st.html(_CSS + quotes_html(quotes, feature_id=fid, feature_name=name, names=names,
                               max_sentences=limit))
    return quotes
