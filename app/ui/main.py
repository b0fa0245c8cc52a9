"""South Caucasus Atlas: the Streamlit entry page (``streamlit run app/ui/main.py``).

Each view is one module with a ``render(state)`` function (``state`` is an
:class:`app.ui.state.AtlasState`: date, layers, selection, tiles, the layers GeoDataFrame
``state.gdf``, mention ``counts`` and an ``extra`` dict for data other views load); add it to
:data:`VIEWS`.  A view whose render takes other arguments gets a small adapter, e.g.
``("Timeline", lambda s: timeline.render(s.gdf, rows))``.  With more than one view the page
shows tabs; the sidebar (date, layers, download) is shared.  Session and URL state live in
:mod:`app.ui.state`; a view changes the map by setting ``st.session_state["as_of"]`` /
``["selected"]`` in a widget callback.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app.ui import map_view  # noqa: E402
from app.ui import state as S  # noqa: E402
from app.ui.controls import render_sidebar  # noqa: E402
from app.ui.data import layers_or_stop  # noqa: E402

#: (tab title, render function).  Later views (documents, search, timeline, ...) go here.
VIEWS = [("Map", map_view.render)]


def main() -> None:
    st.set_page_config(page_title="South Caucasus Atlas", page_icon="🗺️", layout="wide")
    gdf = layers_or_stop()
    S.init(set(gdf.index))
    render_sidebar(gdf)
    state = S.current(gdf=gdf)
    if len(VIEWS) == 1:
        VIEWS[0][1](state)
    else:
        for tab, (_, render) in zip(st.tabs([title for title, _ in VIEWS]), VIEWS):
            with tab:
                render(state)
    S.sync_url(S.current(gdf=gdf))


main()
