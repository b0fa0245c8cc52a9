"""Sidebar controls: the "as of" date (slider + quick jumps), layer toggles, base map, download."""
from __future__ import annotations

import datetime as _dt
import os

import streamlit as st

from app.atlas.geojson import features_on, geojson_bytes
from app.atlas.layers import LAYERS
from app.atlas.mapview import LAYER_TITLES
from app.ui import state as S


@st.cache_data(show_spinner=False, max_entries=4)
def _geojson_download(path: str, mtime: float, _gdf) -> bytes:
    """Every feature as GeoJSON, with the layers' ``attribution`` (the data licence) kept on top."""
    return geojson_bytes(_gdf)


@st.cache_data(show_spinner=False, max_entries=8)
def _geojson_on_date(path: str, mtime: float, day: str, _gdf) -> bytes:
    """What the map draws on ``day``, each feature with that date's status, label and controlled_by."""
    return geojson_bytes(features_on(_gdf, _dt.date.fromisoformat(day)))


def _jump(labels: dict) -> None:
    choice = st.session_state.get("jump")
    if choice in labels:
        S.set_date(labels[choice])
    st.session_state["jump"] = None


def render_sidebar(gdf) -> None:
    """Draw the sidebar widgets (they write into session state under :data:`app.ui.state.KEYS`)."""
    sb = st.sidebar
    sb.title("South Caucasus Atlas")
    S.clamp_date()
    sb.slider("Date", min_value=S.MIN_DATE, max_value=S.today(), key=S.KEYS["on"],
              format="D MMM YYYY", help="The map shows each feature's state on this date. Finer control: "
              "the \"As of\" box, slider, Previous/Next change and Play under the map.")
    labels = {label: day for label, day in S.QUICK_DATES + [("Today", S.today())]}
    sb.pills("Jump to", list(labels), key="jump", on_change=_jump, args=(labels,),
             help="Key moments; the slider moves to the date.")
    sb.subheader("Layers")
    for layer in LAYERS:
        sb.toggle(LAYER_TITLES[layer], key=S.LAYER_KEY.format(layer))
    sb.toggle("Online base map (OpenStreetMap tiles)", key=S.KEYS["tiles"],
              help="Off by default: the map works offline. Turning this on loads tiles from the internet.")
    path = gdf.attrs.get("path", "features.geojson")
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        mtime = 0.0
    # the data are made when the button is clicked (a callable): with bytes, Streamlit's page fetched both
    # files (1.1 MB) on every page load and the dated one again on every date stop
    sb.download_button("Download all features (GeoJSON)", data=lambda: _geojson_download(path, mtime, gdf),
                       file_name="south_caucasus_atlas.geojson", mime="application/geo+json",
                       key="download_geojson")
    day = st.session_state.get(S.KEYS["on"])
    if isinstance(day, _dt.date):
        sb.download_button(f"Download the map as of {day:%-d %b %Y} (GeoJSON)",
                           data=lambda: _geojson_on_date(path, mtime, day.isoformat(), gdf),
                           file_name=f"south_caucasus_atlas_{day.isoformat()}.geojson", mime="application/geo+json",
                           key="download_geojson_on_date",
                           help="Only what is drawn on this date, each with its status, label and who held it.")
