"""The feature card in the side panel: a feature picker and the escaped card HTML."""
from __future__ import annotations

import streamlit as st

from app.atlas.mapview import card_html
from app.ui import state as S


def render_card(state: S.AtlasState) -> None:
    """Show a feature picker (synchronised with map clicks) and the selected feature's card."""
    gdf = state.gdf
    names = dict(zip(gdf.index, gdf["name"].astype(str)))   # one pass (gdf.at per option cost 12 ms a run)
    options = [None] + sorted(names, key=lambda i: names[i].lower())
    if st.session_state.get(S.KEYS["selected"]) not in options:
        st.session_state[S.KEYS["selected"]] = None
    st.selectbox("Feature", options, key=S.KEYS["selected"], placeholder="Click the map or pick a feature",
                 format_func=lambda i: "— click the map or pick one —" if i is None else names[i])
    fid = st.session_state.get(S.KEYS["selected"])
    if fid is None:
        st.caption("Click a border, corridor, base or place on the map to see its card: names in every "
                   "language, its state on the chosen date, its history and sources.")
        return
    with st.container(border=True, key="atlas_card"):
        st.html(card_html(gdf.loc[fid], state.on))
