"""Documents view: read a document with its annotations highlighted and clickable.

Streamlit view. Opens the document named by ``?doc=…&s=…`` (links from the
feature panel) or chosen in the select box; highlights link to ``?selected=<id>``
and the buttons under the text select a feature without leaving the page.

    render(docs, rows, names=None)
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Sequence

import streamlit as st

from app.atlas.timemap import WEB
from app.reading.panel import decode_view, doc_titles, document_html
from app.reading.wording import counted
from app.safe_html import bidi_text, lang_attrs, md_escape
from app.ui.timeline import actor_kinds, actor_names

DOC_KEY = "doc_view"
FOCUS_KEY = "doc_focus"          # (doc name, sentence start, opening number) opened from a link
_URL_SEEN = "_doc_url_seen"
SELECTED_KEY = "selected"


def _name(d: Any) -> str:
    return d.get("name") if isinstance(d, Mapping) else d.name


def _select(fid: str) -> None:
    """Callback: select the feature and show it on the map."""
    from app.ui import state as S

    S.show("map", fid)


def open_at(doc: str, start: Any) -> None:
    """Remember that a link opened ``doc`` at the sentence starting at ``start`` (each opening numbered)."""
    n = (st.session_state.get(FOCUS_KEY) or (None, None, 0))[2] + 1
    st.session_state[FOCUS_KEY] = (doc, start, n)


def render(docs: Sequence[Any], rows: Sequence[Mapping], names: Mapping[str, str] | None = None) -> None:
    """Choose a document and read it; ``docs`` are ``app.corpus.Document`` objects (or dicts)."""
    st.subheader("Documents")
    if not docs:
        st.info("No documents are loaded.")
        return
    by_name = {_name(d): d for d in docs}
    url = decode_view({k: st.query_params.get(k) for k in st.query_params.keys()})
    if url.get("doc") in by_name and st.session_state.get(_URL_SEEN) != (url["doc"], url.get("s")):
        # a link ?doc=…&s=… opened the page: remember it (the map's URL sync may drop these params)
        st.session_state[_URL_SEEN] = (url["doc"], url.get("s"))
        st.session_state[DOC_KEY] = url["doc"]
        open_at(url["doc"], url.get("s"))
    elif url.get("doc") and url["doc"] not in by_name and st.session_state.get(_URL_SEEN) != (url["doc"], None):
        st.session_state[_URL_SEEN] = (url["doc"], None)     # said once: the reader's next choice is theirs
        st.info(f"No document called “{md_escape(url['doc'])}” is loaded (it may have been renamed or not saved "
                "into the corpus), so the first one is shown. Pick another below.")
    options = list(by_name)
    if st.session_state.get(DOC_KEY) not in by_name:
        st.session_state[DOC_KEY] = options[0]

    titles = doc_titles(docs, isolate=True)  # never the file name when a title or first line is known
    name = st.selectbox("Document", options, format_func=lambda n: titles.get(n, n), key=DOC_KEY)
    _read(name, by_name[name], [r for r in rows if r.get("doc") == name], names)


#: Documents listed at once by the store's picker.
PICK = 50


def render_store(corpus: Any, names: Mapping[str, str] | None = None) -> None:
    """The same view over a large document store (``corpus.reader``): a title/file-name box and the first
    :data:`PICK` documents that match; only the chosen document's text and rows are read."""
    st.subheader("Documents")
    reader = corpus.reader
    url = decode_view({k: st.query_params.get(k) for k in st.query_params.keys()})
    if url.get("doc") and st.session_state.get(_URL_SEEN) != (url["doc"], url.get("s")):
        st.session_state[_URL_SEEN] = (url["doc"], url.get("s"))
        st.session_state[DOC_KEY] = url["doc"]
        open_at(url["doc"], url.get("s"))
    text = st.text_input("Title or file name contains", key="doc_find")
    total, found = reader.find_documents(text.strip() or None, limit=PICK)
    titles = {n: t or n for n, t in found}
    titles.update({d.name: d.meta.get("title") or d.name for d in corpus.uploads})
    current = st.session_state.get(DOC_KEY)
    if current and current not in titles and not text.strip():    # opened from a link: keep it listed
        meta = reader.metas([current]).get(current)
        if meta is not None:
            titles = {current: meta.get("title") or current, **titles}
    if not titles:
        st.info("No document's title or file name contains that.")
        return
    if st.session_state.get(DOC_KEY) not in titles:
        st.session_state[DOC_KEY] = next(iter(titles))
    match = "matches" if total == 1 else "match"
    listed = f"; the first {PICK} by file name are listed" if total > PICK else ""
    st.caption(f"{counted(total, 'document')} in the store {match}{listed}.")
    name = st.selectbox("Document", list(titles), format_func=lambda n: titles.get(n, n), key=DOC_KEY)
    upload = next((d for d in corpus.uploads if d.name == name), None)
    if upload is not None:
        doc, doc_rows = upload, [r for r in corpus.upload_rows if r.get("doc") == name]
    else:
        doc, doc_rows = reader.document(name)
    _read(name, doc, doc_rows, names)


def _read(name: str, doc: Any, doc_rows: list, names: Mapping[str, str] | None) -> None:
    """One document with its mentions, and a button per feature or actor it mentions (by its English name)."""
    names = {**actor_names(), **(names or {})}
    stored = st.session_state.get(FOCUS_KEY)
    focus = stored[1] if stored and stored[0] == name else None
    sent = None
    if focus is not None:
        row = next((r for r in doc_rows if r.get("sentence_start") == focus and r.get("sentence")), None)
        sent = row["sentence"] if row else None
        if sent:
            st.caption("Opened at the sentence (highlighted in blue below):")
            # in its own direction and script: a Persian sentence laid out left to right put its last words first
            st.html(f'<blockquote class="focus-sentence" style="margin: 0 0 0.6em; padding: 0.3em 0.8em; '
                    f'border-inline-start: 4px solid #93c5fd; background: #eff6ff">'
                    f'<div {lang_attrs(row.get("lang"))}>{bidi_text(sent)}</div></blockquote>')
    st.html(document_html(doc, doc_rows, focus=focus, feature_names=names))
    if sent:        # scroll the window to it once per opening (app/web/scroll_to_sentence.js)
        st.html(f'<div hidden data-scroll-to="s-{int(focus)}" data-n="{int(stored[2])}"></div><script>'
                f"{(WEB / 'scroll_to_sentence.js').read_text(encoding='utf-8')}</script>",
                unsafe_allow_javascript=True)

    mentioned = Counter(r["id"] for r in doc_rows if r.get("id") and r.get("kind") not in ("date", "actor"))
    if mentioned:
        st.markdown("**Show on the map:**")
        cols = st.columns(3)      # four to a row cut "Nakhchivan Autonomous …" and most base names short
        for i, (fid, n) in enumerate(mentioned.most_common()):
            cols[i % 3].button(f"{md_escape((names or {}).get(fid, fid))} ({n})", key=f"docsel_{name}_{fid}",
                               on_click=_select, args=(fid,))
    # people and organisations are not on the map: named, not offered as map buttons that would do nothing;
    # nor are far-off states and places (China, the Persian Gulf), listed apart from the people
    actors = Counter(r["id"] for r in doc_rows if r.get("id") and r.get("kind") == "actor")
    kinds = actor_kinds()
    is_people = {a: kinds.get(a) in ("person", "organisation", "format") for a in actors}
    people = [(a, n) for a, n in actors.most_common() if is_people[a]]
    others = [(a, n) for a, n in actors.most_common() if not is_people[a]]
    for label, listed in (("People and organisations it names", people),
                          ("Other countries and places it names (not on the map)", others)):
        if listed:
            st.markdown(f"**{label}:** " + ", ".join(
                f"{md_escape((names or {}).get(a, a.replace('_', ' ').title()))} ({n})" for a, n in listed))
