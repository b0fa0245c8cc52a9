"""Build the atlas map with folium: offline Leaflet (served or inlined), made time-aware by the TimeMap plugin."""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

import folium
import geopandas as gpd
from jinja2 import Template

from app.atlas.card import LANG_NAMES, RTL_FONTS, RTL_LANGS, card_html
from app.atlas.layers import LAYERS
from app.atlas.mapdata import CENTER, ZOOM, display_geometry, label_point, map_payload
from app.atlas.styles import LAYER_TITLES, STATUS_STYLES, status_style
from app.atlas.timemap import TimeMap, TimeSignal

__all__ = ["build_map", "map_from_payload", "signal", "signal_data", "card_html", "LAYER_TITLES", "STATUS_STYLES", "CENTER", "ZOOM",
           "RTL_LANGS", "LANG_NAMES", "RTL_FONTS", "status_style", "display_geometry", "label_point",
           "leaflet_inline"]

STATIC = Path(__file__).resolve().parents[1] / "ui" / "static"


class _OfflineSetup(folium.MacroElement):
    """Pins Leaflet's default marker image path to the vendored copy (must run before markers)."""

    _template = Template("{% macro script(this, kwargs) %}"
                         "L.Icon.Default.imagePath = {{ this.image_path|tojson }};"
                         "{% endmacro %}")

    def __init__(self, static_prefix: str):
        super().__init__()
        self._name = "OfflineSetup"
        self.image_path = f"{static_prefix}/leaflet/images/"


@lru_cache(maxsize=1)
def leaflet_inline() -> tuple[str, str]:
    """Leaflet's JS and CSS made fit for inlining: no source map, no external link, no image URL."""
    js = (STATIC / "leaflet" / "leaflet.js").read_text(encoding="utf-8")
    css = (STATIC / "leaflet" / "leaflet.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    # the attribution prefix links to the Leaflet site; Leaflet is credited in plain text instead
    js = js.replace('<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">', "<span>")
    js = js.replace('"Leaflet</a>"', '"Leaflet</span>"')
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.I)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"url\([^)]*\)", "none", css)  # layer-control and marker images are not used
    return js, css


class _InlineLeaflet(folium.MacroElement):
    """Leaflet itself inlined in the page header (a file that opens from disk, no server)."""

    _template = Template("{% macro header(this, kwargs) %}<style>{{ this.css }}</style>"
                         "<script>{{ this.js }}</script>{% endmacro %}")

    def __init__(self):
        super().__init__()
        self._name = "InlineLeaflet"
        self.js, self.css = leaflet_inline()


def _offline_map(static_prefix: str, inline: bool, tiles: bool, **kw) -> folium.Map:
    m = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None, control_scale=True,
                   min_zoom=4, max_zoom=13, prefer_canvas=False, **kw)
    if inline:
        m.default_js, m.default_css = [], []
        _InlineLeaflet().add_to(m)
    else:
        # Leaflet only: no folium Popup is used, so jQuery is not needed
        m.default_js = [("leaflet", f"{static_prefix}/leaflet/leaflet.js")]
        m.default_css = [("leaflet_css", f"{static_prefix}/leaflet/leaflet.css")]
        _OfflineSetup(static_prefix).add_to(m)
    if tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", opacity=0.6).add_to(m)
    return m


def build_map(gdf: gpd.GeoDataFrame, on: _dt.date, layers: Iterable[str] | None = None,
              selected: str | None = None, counts: Mapping[str, int] | None = None,
              tiles: bool = False, static_prefix: str = "../../app/static", events: Iterable[Mapping] = (),
              years: str | None = None, controls: bool = True, host: str = "page", inline: bool = False,
              extra_js: Iterable[str] = (), extra_css: Iterable[str] = (), **map_kw) -> folium.Map:
    """The atlas map, showing ``on`` first; any other date is applied in the browser.

    ``gdf`` is the frame of :func:`app.atlas.layers.load_layers`.  Every feature that is not ``off_map``
    is sent with its periods; on a date, features with no covering period are hidden, features whose
    period has ``present: false`` are drawn ghosted.  ``layers`` are the toggle layers shown (default all),
    ``selected`` is highlighted, ``counts`` (mentions per feature) go into tooltips and line weights,
    ``events`` (``[{date, title}]``) are stops for Previous/Next change, ``years`` ("2020-2026") narrows
    the slider.  ``host="streamlit"`` reports date stops to streamlit-folium.
    """
    payload = map_payload(gdf, on, layers=layers, counts=counts, events=events, years=years)
    payload["selected"] = selected
    return map_from_payload(payload, tiles=tiles, static_prefix=static_prefix, controls=controls, host=host,
                            inline=inline, extra_js=extra_js, extra_css=extra_css, **map_kw)


def map_from_payload(payload: dict, tiles: bool = False, static_prefix: str = "../../app/static",
                     controls: bool = True, host: str = "page", inline: bool = False,
                     extra_js: Iterable[str] = (), extra_css: Iterable[str] = (), host_key: str | None = None,
                     fit_window: bool = False, **map_kw) -> folium.Map:
    """The folium map drawing a ready :func:`app.atlas.mapdata.map_payload` (hosts cache the payload);
    ``fit_window`` makes the hosted map as tall as the window leaves room for below its top."""
    m = _offline_map(static_prefix, inline, tiles, **map_kw)
    TimeMap(payload, controls=controls, host=host, extra_js=extra_js, extra_css=extra_css,
            host_key=host_key, fit_window=fit_window).add_to(m)
    return m


def signal(on: _dt.date | None = None, layers: Iterable[str] | None = None, selected: str | None = None,
           highlight: Iterable[str] = (), counts: Mapping[str, int] | None = None, fit: bool = False,
           seq: int | None = None, years: str | None = None, bounds: list | None = None,
           play: Mapping[str, Any] | None = None) -> TimeSignal:
    """The :func:`signal_data` as a :class:`TimeSignal` (streamlit-folium's ``feature_group_to_add``)."""
    return TimeSignal(signal_data(on, layers, selected, highlight, counts, fit, seq, years, bounds, play))


def signal_data(on: _dt.date | None = None, layers: Iterable[str] | None = None, selected: str | None = None,
                highlight: Iterable[str] = (), counts: Mapping[str, int] | None = None, fit: bool = False,
                seq: int | None = None, years: str | None = None, bounds: list | None = None,
                play: Mapping[str, Any] | None = None) -> dict:
    """What tells a drawn map its date, layers, selection and counts; ``fit`` frames the
    highlighted features, ``bounds`` (``[[south, west], [north, east]]``) a given view instead; ``play``
    (``{"from": day, "to": day, "n": nonce}``) plays the map from one day to the other once."""
    sig: dict = {"layers": [layer for layer in LAYERS if layers is None or layer in set(layers)],
                 "selected": selected, "highlight": list(highlight), "fit": fit}
    if on is not None:
        sig["date"] = on.isoformat()
    if counts is not None:
        sig["counts"] = {k: int(v) for k, v in counts.items()}
    if seq is not None:
        sig["seq"] = int(seq)
    if years:
        sig["years"] = years
    if bounds:
        sig["bounds"] = [[float(v) for v in corner] for corner in bounds]
    if play:
        sig["play"] = {"from": str(play["from"]), "to": str(play["to"]), "n": int(play.get("n", 0))}
    return sig
