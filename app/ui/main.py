"""South Caucasus Atlas: the Streamlit entry page (``streamlit run app/ui/main.py``).

One page, several views chosen with the switch at the top (``?view=`` in the URL, see
:data:`app.ui.state.VIEWS`): Map (map, feature card and "What the documents say"), Documents, Search,
Timeline, Present, Lessons and Add a document.  Only the chosen view is drawn.  The sidebar (date,
quick jumps, layers, document/language/date filters, download) is shared: the filters change both the
mention counts drawn on the map and the panel.

Data: layers and the annotated corpus are loaded once per process (:mod:`app.ui.data`); this visit's
uploads are merged in.  State: session keys and URL parameters live in :mod:`app.ui.state`; a view moves
the map by setting ``st.session_state["as_of"]`` / ``["selected"]`` / ``["view"]`` in a widget callback,
and same-page links in the panels are caught by :mod:`app.ui.links` (no reload, the visit's uploads stay).

To add a view: a key and title in :data:`app.ui.state.VIEWS` and a function in :data:`RENDER` taking
``(state, corpus)``.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app.atlas.timemap import web_js  # noqa: E402
from app.safe_html import md_escape  # noqa: E402
from app.ui import data as D  # noqa: E402
from app.ui import documents, links, map_view, present, reader_panel, search_box, timeline, upload  # noqa: E402
from app.ui import lessons_view, store_view  # noqa: E402
from app.ui.boundary import guarded  # noqa: E402
from app.ui import state as S  # noqa: E402
from app.ui.card import render_card  # noqa: E402
from app.ui.controls import render_date, render_sidebar  # noqa: E402


def _map(state: S.AtlasState, corpus: D.Corpus) -> None:
    """The map across the page (drawn by main() before the sidebar); under it the feature card beside
    "What the documents say"."""
    map_view.send_signal(state)
    card, reader = st.columns([2, 3], gap="medium")
    with card:
        render_card(state)
        state.selected = st.session_state.get(S.KEYS["selected"])
    with reader:
        with st.container(key="atlas_reader"):
            if corpus.reader is not None:
                store_view.render_panel(corpus, state.selected)
            else:
                reader_panel.render(corpus.rows, corpus.docs, names=corpus.names, feature_id=state.selected)


def _documents(state: S.AtlasState, corpus: D.Corpus) -> None:
    if D.too_large_for_memory(corpus):
        documents.render_store(corpus, names=corpus.names)
    else:
        documents.render(corpus.docs, corpus.rows, names=corpus.names)


def _search(state: S.AtlasState, corpus: D.Corpus) -> None:
    st.subheader("Search")
    if D.too_large_for_memory(corpus):
        search_box.render_store(D.search_index(), corpus.reader, names=corpus.names)
    else:
        search_box.render(D.search_index(), corpus.docs, rows=corpus.rows, names=corpus.names)


def _timeline(state: S.AtlasState, corpus: D.Corpus) -> None:
    timeline.render(state.gdf, [], {}, events=corpus.events, key="timeline")   # events given: no rows read
    st.markdown(f"**The map as of {state.on:%d %b %Y}**"
                + (f" · {corpus.names.get(state.selected, state.selected)}" if state.selected else ""))
    map_view.render_map(state, height=460, events=corpus.events)


def _present(state: S.AtlasState, corpus: D.Corpus) -> None:
    present.render(state.gdf, [], {}, events=corpus.events, lessons_dir=D.lessons_dir(), key="present",
                   take_home=lambda: lessons_view.downloads(state.gdf, corpus.events, D.lessons_dir()))


def _lessons(state: S.AtlasState, corpus: D.Corpus) -> None:
    lessons_view.render(state.gdf, corpus.events, corpus.names, D.lessons_dir())


def _add(state: S.AtlasState, corpus: D.Corpus) -> None:
    upload.render(corpus.reader.names if D.too_large_for_memory(corpus) else corpus.docs, folder=D.seeds_dir())


RENDER = {"map": _map, "documents": _documents, "search": _search, "timeline": _timeline,
          "present": _present, "lessons": _lessons, "add": _add}


_VIEW_SHOWN = "_atlas_view_scrolled"


def _top_on_view_change(view: str) -> None:
    """A button in one view that opens another starts the new view at its top (app/web/scroll_to_top.js), and
    Present opens full width (present_full_width.js); the scripts go in the sidebar, where their empty element
    moves nothing a reader sees."""
    last = st.session_state.get(_VIEW_SHOWN)
    st.session_state[_VIEW_SHOWN] = view
    if last is not None and last != view:
        scripts = ["scroll_to_top.js"] + (["present_full_width.js"] if view == "present" else [])
        st.sidebar.html(f"<script>{web_js(scripts)}</script>", unsafe_allow_javascript=True)


def main() -> None:
    # a Present link opens full width for the projector (the sidebar stays one click away)
    sidebar = "collapsed" if st.query_params.get("view") == "present" else "auto"
    st.set_page_config(page_title="South Caucasus Atlas", page_icon="🗺️", layout="wide",
                       initial_sidebar_state=sidebar)
    gdf = D.layers_or_stop()
    ids = set(gdf.index)
    S.init(ids)
    S.keep_widget_state()
    links.take(ids)
    map_view.take_stop()          # where the reader's map stopped: before the sidebar's date widget
    base = D.corpus_or_empty(gdf)
    corpus = D.visit_corpus(base, gdf)
    if S.current_view() == "present":
        present.follow_step_date(corpus.events, D.lessons_dir(), key="present")
    elif S.current_view() == "timeline":
        timeline.follow_latest_event(corpus.events)
    render_date()
    map_view.stop_shown()
    st.segmented_control("View", list(S.VIEWS), format_func=S.VIEWS.get, key=S.KEYS["view"],
                         label_visibility="collapsed", on_change=S.keep_view)
    view = S.current_view()
    _top_on_view_change(view)
    unknown = st.session_state.pop(S.UNKNOWN_VIEW, None)
    if unknown:
        st.info(f"This link asks for a view called “{md_escape(unknown)}”, which the atlas does not have, so the map is "
                f"shown. The views are: {', '.join(S.VIEWS.values())}.")
    if view == "map":             # the map before the rest of the sidebar: the browser fetches its code first
        map_view.draw_map(gdf, corpus.events, tiles=S.current().tiles)
    render_sidebar(gdf)
    if corpus.reader is not None:
        store_view.render_filters(corpus, container=st.sidebar)
        counts = store_view.map_counts(corpus)
    else:
        reader_panel.render_filters(corpus.rows, corpus.docs, container=st.sidebar)
        counts = reader_panel.filtered_counts(corpus.rows, corpus.docs)
    n_up = corpus.n_docs - base.n_docs
    st.sidebar.caption(f"{base.n_docs:,} documents" + (f" + {n_up} added this visit" if n_up else "")
                       + f": {corpus.n_rows:,} mentions of places, people and dates found in them.")
    state = S.current(gdf=gdf, counts=counts)
    RENDER[view](state, corpus)
    extra = reader_panel.url_params()
    if view == "documents" and st.session_state.get(documents.DOC_KEY):
        # the open document (and the sentence a link focused) go into the URL; the documents view
        # remembers that it has seen them, so the URL never overrides the reader's next choice
        doc = st.session_state[documents.DOC_KEY]
        focus = st.session_state.get(documents.FOCUS_KEY)
        sentence = focus[1] if focus and focus[0] == doc else None
        extra["doc"] = doc
        if sentence is not None:
            extra["s"] = str(sentence)
        elif "s" in st.query_params:
            del st.query_params["s"]
        st.session_state[documents._URL_SEEN] = (doc, sentence)
    if view == "search" and str(st.session_state.get(search_box.QUERY_KEY) or "").strip():
        extra["q"] = str(st.session_state[search_box.QUERY_KEY]).strip()     # a search can be shared or reloaded
    S.sync_url(S.current(gdf=gdf, counts=counts), extra=extra)


guarded(main)
