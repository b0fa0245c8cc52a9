"""The map view: the folium map for the current state, and the card of the clicked feature."""
from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from app.atlas.mapview import build_map, selection_layer
from app.ui import state as S
from app.ui.card import render_card

#: streamlit-folium return values that cause a rerun.  Pan and zoom are returned too, so
#: that a redrawn map (new date or layers) opens where the reader left it.
RETURNED = ["last_active_drawing", "last_object_clicked", "center", "zoom"]
MAP_KEY = "map"
_VIEW = "_atlas_map_view"
_SENT_FOR, _SENT_VIEW = "_atlas_map_sent_for", "_atlas_map_sent_view"


def _remember_view(value: dict | None) -> None:
    """Keep the reader's last map centre and zoom (from streamlit-folium's return value)."""
    if not value:
        return
    center, zoom = value.get("center"), value.get("zoom")
    if isinstance(center, dict) and "lat" in center and "lng" in center and isinstance(zoom, (int, float)):
        st.session_state[_VIEW] = ((float(center["lat"]), float(center["lng"])), int(zoom))


def render_map(state: S.AtlasState, height: int = 660) -> dict:
    """Draw the map; a click selects the clicked feature (kept in session state)."""
    ids = set(state.gdf.index)
    # The last click is already in session state before the rerun it caused: use it now,
    # so the map and the card of this run agree.
    if S.take_click(st.session_state.get(MAP_KEY), ids):
        state.selected = st.session_state[S.KEYS["selected"]]
    _remember_view(st.session_state.get(MAP_KEY))
    # Pass the remembered view only when the map is redrawn (new date, layers, ...): a pan alone
    # then reruns with identical component arguments, which Streamlit does not send again.
    drawing = (state.on, tuple(sorted(state.layers)), state.tiles, repr(sorted((state.counts or {}).items())))
    if st.session_state.get(_SENT_FOR) != drawing:
        st.session_state[_SENT_FOR] = drawing
        st.session_state[_SENT_VIEW] = st.session_state.get(_VIEW, (None, None))
    center, zoom = st.session_state[_SENT_VIEW]
    m = build_map(state.gdf, state.on, layers=state.layers, counts=state.counts, tiles=state.tiles)
    out = st_folium(m, key=MAP_KEY, height=height, use_container_width=True, returned_objects=RETURNED,
                    center=center, zoom=zoom,
                    feature_group_to_add=selection_layer(state.gdf, state.selected)) or {}
    _remember_view(out)
    if S.take_click(out, ids):
        state.selected = st.session_state[S.KEYS["selected"]]
    return out


def render(state: S.AtlasState) -> None:
    """Map on the left, card of the selected feature on the right."""
    left, right = st.columns([2, 1], gap="medium")
    with left:
        render_map(state)
    with right:
        render_card(state)
        state.selected = st.session_state.get(S.KEYS["selected"])
