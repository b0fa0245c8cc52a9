"""Cached loading of the layers for the UI; a broken geodata file becomes a clear st.error."""
from __future__ import annotations

import os

import streamlit as st

from app.layers import GeodataError, default_path, load_layers


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, mtime: float):
    return load_layers(path)


def layers_or_stop():
    """The layers GeoDataFrame, or an ``st.error`` naming the file and the problem, then stop."""
    path = default_path()
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        mtime = -1.0
    try:
        if mtime < 0:
            return load_layers(path)  # raises GeodataError with the reason
        return _load(str(path), mtime)
    except GeodataError as exc:
        st.error(f"Cannot load the map layers. {exc}", icon="🗺️")
        st.caption("Rebuild the layers with `python geodata/build.py`, or point the environment "
                   "variable ATLAS_GEODATA at a valid file (see docs/DATA.md).")
        st.stop()
