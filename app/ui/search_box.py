"""One search box: features by any name in any script, and every sentence that names them or holds the word.

Streamlit view. A feature result is a button that selects it
(``st.session_state["selected"]``); sentence results are highlighted, name their
document by its title and link to the documents view.

    render(gazetteer_or_names, docs, rows=None, names=None)
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import streamlit as st

from app.reading.metadata import _date_label, doc_language, doc_title, language_name, meta_index
from app.reading.panel import sentence_link
from app.reading.search import search, search_store, search_titles, sentence_counts
from app.reading.wording import counted
from app.safe_html import bidi, bidi_plain, esc, highlight, lang_attrs, md_escape, safe_href

QUERY_KEY = "search_q"
SELECTED_KEY = "selected"


def _select(fid: str) -> None:
    """Callback: select the feature and show it on the map."""
    from app.ui import state as S

    S.show("map", fid)


def _feature_label(f: Mapping, quoted: int | None = None) -> str:
    """Button label: the feature's English name, the name that matched when another, and how many sentences
    its panel quotes (when known: "Baku–Tbilisi–Ceyhan pipeline (1 sentence)")."""
    label = md_escape(f["name"])
    if f["matched"] != f["name"]:
        label += f" — \u201c{bidi_plain(md_escape(f['matched']), f.get('lang'))}\u201d"
    if quoted is not None:
        label += f" ({counted(quoted, 'sentence')})" if quoted else " (no sentence)"
    return label


def _sentence_item(s: Mapping, titles: Mapping[str, tuple[str, str | None]],
                   names: Mapping[str, str], more: str = "") -> str:
    """One sentence result as safe HTML: the sentence, its document's title (and ``more``: its outlet, date and
    language), what it names."""
    la = lang_attrs(s.get("lang"))
    body = highlight(s["sentence"], s["hits"])
    title, title_lang = titles.get(s["doc"], (s["doc"], None))
    named = ""
    if s.get("features"):
        named = " · names " + ", ".join(esc(names.get(f, f)) for f in s["features"])
    fid = s["features"][0] if s.get("features") else None
    return (f'<li><blockquote {la}>{body}</blockquote><span class="doc-meta">'
            f'{bidi(title, title_lang)}{(" · " + esc(more)) if more else ""}{named}</span> '
            f'<a href="{sentence_link(s["doc"], s["start"], fid)}" target="_self">open</a></li>')


#: What is typed in the box runs in its own direction: a Persian or Arabic query reads from the right.
_BOX_CSS = f"<style>.st-key-{QUERY_KEY} input {{ unicode-bidi: plaintext; text-align: start; }}</style>"
#: Sentence results: no bullets (a bullet sat at the left of a right-to-left sentence, far from its start);
#: each sentence is marked by a rule on the side it starts from.
_RESULTS_CSS = ("<style>ul.search-sentences { list-style: none; padding-left: 0; }"
                "ul.search-sentences li { margin: 0 0 .9em 0; }"
                "ul.search-sentences blockquote { margin: 0 0 .15em 0; padding-inline-start: .6em;"
                " border-inline-start: 3px solid #ccc; }"
                "ul.search-sentences .doc-meta { color: #666; font-size: .85em; }</style>")


def _box() -> str:
    st.html(_BOX_CSS)  # style only: takes no room on the page
    return st.text_input("Search places, corridors, bases… or any word",
                         key=QUERY_KEY, placeholder="Zangezur, زنگزور, Зангезур, Meghri, pipeline…")


def render(gazetteer_or_names: Any, docs: Sequence[Any], rows: Sequence[Mapping] | None = None,
           names: Mapping[str, str] | None = None, max_sentences: int = 30) -> dict:
    """Draw the box and its results; returns the search result dict."""
    q = _box()
    if not q or not q.strip():
        return {"features": [], "sentences": [], "sentences_total": 0}
    res = search(q, gazetteer_or_names, docs, rows=rows, limit_sentences=max_sentences)
    metas = meta_index(docs)
    res["documents"] = search_titles(q, metas)
    quoted = sentence_counts(rows, [f["id"] for f in res["features"]]) if rows is not None else None
    _results(q, res, lambda: metas, names, quoted)
    return res


@st.cache_data(show_spinner=False, max_entries=256)
def _store_search(stamp: tuple, q: str, limit: int, _index: Any, _reader: Any) -> dict:
    """The same search by every reader of the store is answered once."""
    return search_store(q, _index, _reader, limit_sentences=limit)


def render_store(gazetteer_or_names: Any, reader: Any, names: Mapping[str, str] | None = None,
                 max_sentences: int = 30) -> dict:
    """The box over a large document store (``app.corpus.query.StoreReader``): the store finds the
    sentences, only those shown are read (see :func:`app.reading.search.search_store`)."""
    q = _box()
    if not q or not q.strip():
        return {"features": [], "sentences": [], "sentences_total": 0}
    res = _store_search(reader.stamp, q.strip(), max_sentences, gazetteer_or_names, reader)
    _results(q, res, lambda: reader.metas(sorted({s["doc"] for s in res["sentences"]})), names)
    return res


def _results(q: str, res: Mapping, metas: Any, names: Mapping[str, str] | None,
             quoted: Mapping[str, int] | None = None) -> None:
    """The features as buttons (with the sentences each one's panel quotes, ``quoted``, when known), the
    documents whose title holds the words, then the sentences (``metas()``: the documents' metadata)."""
    feats = res["features"]
    names = dict(names or {})
    names.update({f["id"]: f["name"] for f in feats if f["id"] not in names})
    if feats:
        st.markdown("**Places and features**" + (" (a click shows one on the map, with every sentence that "
                                                  "names it)" if quoted else ""))
        for f in feats:
            st.button(_feature_label(f, None if quoted is None else quoted.get(f["id"], 0)), key=f"srch_{f['id']}",
                      on_click=_select, args=(f["id"],))
    titled = res.get("documents") or []
    if titled:
        st.markdown("**Documents whose title has these words**")
        links = [f'<li><a href="{safe_href({"view": "documents", "doc": d["doc"]})}" target="_self">'
                 f'{bidi(d["title"], d.get("lang"))}</a>'
                 + (f' <span class="doc-meta">({esc(d["english"])})</span>' if d.get("english") else "") + "</li>"
                 for d in titled]
        st.html('<ul class="search-documents">' + "".join(links) + "</ul>")
    sents = res["sentences"]
    if sents:
        total = res.get("sentences_total", len(sents))
        if total is None:     # a large store: only the first sentences it found were read
            shown = f"the first {len(sents)} found; there are more"
        else:
            shown = f"the first {len(sents)} of {total:,}" if total > len(sents) else str(total)
        naming = [f["name"] for f in feats if f.get("names_it")]
        word = f"that contain the word \u201c{bidi_plain(md_escape(q.strip()))}\u201d"
        listed = naming if len(naming) <= 3 else naming[:3] + [f"{len(naming) - 3} more"]
        named = f"that name {md_escape(' or '.join(listed))} (under any of their names, in any language)"
        if not naming:
            why = word
        elif res.get("word_searched", True):
            why = f"{named}, or {word}"
        else:               # a large store: a place's name finds its sentences through the annotations
            why = named
        st.markdown(f"**Sentences** ({md_escape(shown)}) {why}")
        known, shown_docs = metas(), {s["doc"] for s in sents}
        titles = {n: doc_title(m, n) for n, m in known.items()}
        # as the panel writes a source: the title, then the outlet, the date and the language
        more = {n: " · ".join(x for x in (m.get("outlet"), _date_label(m), language_name(doc_language(m))) if x)
                for n, m in known.items() if n in shown_docs}
        items = [_sentence_item(s, titles, names, more.get(s["doc"], "")) for s in sents]
        st.html(_RESULTS_CSS + '<ul class="search-sentences">' + "".join(items) + "</ul>")
    if not feats and not sents and not titled:
        st.info(f"Nothing found for \u201c{bidi_plain(md_escape(q.strip()))}\u201d.")
    elif not sents and not feats:     # words of a title only
        st.info(f"No sentence contains the words \u201c{bidi_plain(md_escape(q.strip()))}\u201d; the documents "
                "above have them in their titles.")
    elif not sents:     # "pipeline": four pipelines, but no sentence holds the word
        st.info(f"No sentence contains the word \u201c{bidi_plain(md_escape(q.strip()))}\u201d. Pick one of the "
                "features above to read what the documents say about it.")
