"""One search box: features by any name in any script, and sentences containing a word.

Streamlit view. A feature result is a button that selects it
(``st.session_state["selected"]``); sentence results are highlighted and link
to the documents view.

    render(gazetteer_or_names, docs, rows=None, names=None)
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import streamlit as st

from app.reading.metadata import document_title
from app.reading.panel import sentence_link
from app.safe_html import esc, highlight, lang_attrs, md_escape
from app.reading.search import search

QUERY_KEY = "search_q"
SELECTED_KEY = "selected"


def _select(fid: str) -> None:
    """Callback: select the feature and show it on the map."""
    from app.ui import state as S

    S.show("map", fid)


def _titles(docs: Sequence[Any]) -> dict[str, str]:
    """File name -> what readers see for it (the manifest's title, else the first line)."""
    out = {}
    for d in docs or ():
        if isinstance(d, Mapping):
            name, meta, text = d.get("name") or d.get("file"), d.get("meta") or d, d.get("text")
        else:
            name, meta, text = getattr(d, "name", None), getattr(d, "meta", None), getattr(d, "text", None)
        if name:
            out[str(name)] = document_title(meta, text, str(name))
    return out


def render(gazetteer_or_names: Any, docs: Sequence[Any], rows: Sequence[Mapping] | None = None,
           names: Mapping[str, str] | None = None, max_sentences: int = 30) -> dict:
    """Draw the box and its results; returns the search result dict."""
    q = st.text_input("Search places, corridors, bases… or any word",
                      key=QUERY_KEY, placeholder="Zangezur, زنگزور, Зангезур, Meghri, pipeline…")
    if not q or not q.strip():
        return {"features": [], "sentences": []}
    res = search(q, gazetteer_or_names, docs, rows=rows, limit_sentences=max_sentences)
    feats = res["features"]
    if feats:
        st.markdown("**Places and features**")
        for f in feats:
            label = md_escape(f["name"]) if f["matched"] == f["name"] else \
                f"{md_escape(f['name'])} — “\u2068{md_escape(f['matched'])}\u2069”"  # FSI…PDI
            st.button(label, key=f"srch_{f['id']}", on_click=_select, args=(f["id"],))
    sents = res["sentences"]
    if sents:
        st.markdown(f"**Sentences** ({len(sents)}{'+' if len(sents) >= max_sentences else ''})")
        titles = _titles(docs)
        items = []
        for s in sents:
            la = lang_attrs(s.get("lang"))
            body = highlight(s["sentence"], s["hits"])
            shown = titles.get(s["doc"]) or s["doc"]
            items.append(f'<li><blockquote {la}>{body}</blockquote><span class="doc-meta"><bdi>{esc(shown)}</bdi>'
                         f'</span> <a href="{sentence_link(s["doc"], s["start"])}">open</a></li>')
        st.html('<ul class="search-sentences">' + "".join(items) + "</ul>")
    if not feats and not sents:
        st.info(f"Nothing found for “\u2068{md_escape(q.strip())}\u2069”.")
    return res
