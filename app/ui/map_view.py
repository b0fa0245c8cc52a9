"""The map view: one time-aware folium map per session; dates, layers and selection reach it as signals."""
from __future__ import annotations

import datetime as _dt
import re

import streamlit as st

from app.atlas.mapdata import map_payload
from app.classroom.event_titles import reported_title
from app.atlas.mapview import map_from_payload, signal_data
from app.atlas.timemap import WEB
from app.ui import state as S
from app.ui.card import render_card
from app.ui.folium_host import cached_map

#: streamlit-folium return values that cause a rerun (a click; pan and zoom stay in the browser).
RETURNED = ["last_active_drawing", "last_object_clicked"]
MAP_KEY = "map"
YEARS_KEY = "map_years"
_STOP, _SEQ = "_atlas_map_stop", "_atlas_map_seq"
#: The stop whose run got as far as the sidebar's date slider (see :func:`stop_shown`).
#: A run that a click cut short before that applies the stop again: the browser's date slider still held
#: the old date, and would have put it back.
_DONE = "_atlas_map_stop_done"
#: The map's height before the browser fits it to the window (and with no window to fit, in tests).
FIRST_HEIGHT = 560
_YEARS = re.compile(r"^(\d{4})-(\d{4})$")
#: Hands each run's signal to the drawn map, so that the map's own (large) arguments never change and
#: Streamlit sends them once per session (later runs send a reference to its message cache).
_relay = st.components.v2.component("atlas_relay", js=(WEB / "atlas_relay.js").read_text(encoding="utf-8"))


def _event_stops(events: list[dict] | None) -> tuple[tuple[str, str], ...]:
    """Dated events found only in the documents (not bare years) as stops for Previous/Next change. An event
    the map's data also holds ("both") is a change of the map on that day already: its title beside the
    change repeated it ("Caspian Sea: … → Convention signed; Caspian Sea: Convention signed")."""
    return tuple((str(e["date"]), reported_title(e)) for e in (events or ())
                 if not e.get("noisy") and e.get("origin") == "corpus" and e.get("date"))


@st.cache_resource(show_spinner=False, max_entries=8)
def _payload(path: str, mtime: float, events: tuple, today: _dt.date, _gdf) -> dict:
    """Every feature with its periods, once per data file (the date comes later, in a signal)."""
    return map_payload(_gdf, today, events=[{"date": d, "title": t} for d, t in events],
                       min_day=S.MIN_DATE, max_day=today)


def payload_for(gdf, events: list[dict] | None = None) -> dict:
    """The cached payload of ``gdf`` (keyed by its file and modification time)."""
    import os
    path = str(gdf.attrs.get("path", ""))
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        mtime = float(len(gdf))
    return _payload(path, mtime, _event_stops(events), S.today(), gdf)


def valid_years(value: str | None) -> str | None:
    """``"2020-2026"`` when it is a sane slider range, else None."""
    m = _YEARS.match(str(value or ""))
    if not m or not (S.MIN_DATE.year <= int(m.group(1)) <= int(m.group(2)) <= S.today().year):
        return None
    return str(value)


def take_stop(key: str = MAP_KEY) -> None:
    """Call before any widget: the date where the reader's map stopped becomes the shared "as of" date
    (the card and "What the documents say" follow), once per stop; the slider range goes to the URL."""
    stop = (st.session_state.get(key) or {}).get("atlas")
    if not isinstance(stop, dict):
        return
    sig = repr((stop.get("seq"), stop.get("date"), stop.get("years")))
    if st.session_state.get(_STOP) == sig and st.session_state.get(_DONE) == sig:
        return
    st.session_state[_STOP] = sig
    st.session_state[_SEQ] = stop.get("seq")
    try:
        S.set_date(_dt.date.fromisoformat(str(stop.get("date"))))
    except ValueError:
        pass
    years = valid_years(stop.get("years"))
    if years == f"{S.MIN_DATE.year}-{S.today().year}":
        st.session_state.pop(YEARS_KEY, None)        # the whole range: nothing to keep in the URL
    elif years:
        st.session_state[YEARS_KEY] = years


def draw_map(gdf, events: list[dict] | None = None, tiles: bool = False, height: int | None = None) -> dict:
    """The map alone (its arguments depend only on the data and the base map), so that a page can draw it
    before the sidebar: the browser then fetches the map's code first, not after every sidebar widget's.
    A click selects the clicked feature (kept in session state).  ``height=None`` fits the map, date bar
    included, to the window's height (the renderer sizes it in the browser)."""
    ids = set(gdf.index)
    S.take_click(st.session_state.get(MAP_KEY), ids)
    if height is None:
        st.html(WEB / "atlas_page.css")        # style only: takes no room on the page
    payload, fit = payload_for(gdf, events), height is None
    # the map's HTML depends only on the payload (one object per data version), the base map and the
    # fitting: folium builds it once for these, later runs resend the same arguments
    out = cached_map(payload, (tiles, fit), lambda: map_from_payload(
        payload, tiles=tiles, host="streamlit", host_key=MAP_KEY, fit_window=fit),
        key=MAP_KEY, height=height or FIRST_HEIGHT, returned_objects=RETURNED) or {}
    S.take_click(out, ids)
    return out


def stop_shown() -> None:
    """Call once the sidebar's date slider is drawn: the date stop taken this run has reached it."""
    st.session_state[_DONE] = st.session_state.get(_STOP)


def relay(map_key: str, sig: dict) -> None:
    """Hand ``sig`` (:func:`app.atlas.mapview.signal_data`) to the drawn map whose ``host_key`` is
    ``map_key``; the browser applies a signal once (the same signal on a later run is not applied again)."""
    _relay(key=f"{map_key}_relay", data={"key": map_key, "signal": sig}, height=0)


def send_signal(state: S.AtlasState) -> None:
    """Tell the drawn map this run's date, layers, selection and counts (the relay; the map is not resent)."""
    relay(MAP_KEY, signal_data(state.on, state.layers, state.selected, counts=state.counts,
                               seq=st.session_state.get(_SEQ), years=st.session_state.get(YEARS_KEY)))


def render_map(state: S.AtlasState, height: int | None = None, events: list[dict] | None = None) -> dict:
    """Draw the map and send it this run's signal; a click selects the clicked feature."""
    out = draw_map(state.gdf, events, tiles=state.tiles, height=height)
    state.selected = st.session_state.get(S.KEYS["selected"])
    send_signal(state)
    return out


def render(state: S.AtlasState) -> None:
    """Map on the left, card of the selected feature on the right."""
    left, right = st.columns([2, 1], gap="medium")
    with left:
        render_map(state)
    with right:
        render_card(state)
        state.selected = st.session_state.get(S.KEYS["selected"])
