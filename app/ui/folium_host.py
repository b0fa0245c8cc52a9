"""streamlit-folium's map component fed with a map's arguments built once per map, not on every run."""
from __future__ import annotations

import threading
from typing import Callable, Iterable

import folium
import folium.elements
import streamlit as st
import streamlit_folium as sf

#: (what the map is drawn from, and how) -> (the object the map was built from, the component's arguments)
_ARGS: dict[tuple, tuple[object, dict]] = {}
_LOCK = threading.Lock()
_MAX = 16


def _links(m: folium.Map) -> tuple[list[str], list[str]]:
    """The CSS and JS links of the map's elements, in st_folium's order (depth first)."""
    css: list[str] = []
    js: list[str] = []

    def walk(el: object) -> None:
        if isinstance(el, folium.elements.JSCSSMixin):
            css.extend(href for _, href in getattr(el, "default_css", []))
            js.extend(src for _, src in getattr(el, "default_js", []))
        for child in getattr(el, "_children", {}).values():
            walk(child)
    walk(m)
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def map_args(m: folium.Map, key: str, returned_objects: Iterable[str]) -> dict:
    """What ``st_folium(m, key=key, returned_objects=..., use_container_width=True)`` hands its component,
    but the height and the change callback (streamlit-folium 0.27's own steps, with its own helpers)."""
    m.get_root().render()
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)     # before _get_map_string, which renames the map
    script = sf._get_map_string(m)
    (south, west), (north, east) = m.get_bounds()
    defaults = {"last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
                "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
                "last_active_drawing": None,
                "bounds": {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}},
                "zoom": m.options.get("zoom"), "last_circle_radius": None, "last_circle_polygon": None,
                "selected_layers": None, "selected_tags": None, "last_geocoder_result": None}
    returned = list(returned_objects)
    css, js = _links(m)
    return dict(script=script, header=header, html=html, id=sf.get_full_id(m),
                key=sf.generate_js_hash(script, key, False), width=None, returned_objects=returned,
                default={k: v for k, v in defaults.items() if k in returned}, zoom=None, center=None,
                feature_group=None, return_on_hover=False, layer_control=None, pixelated=False,
                css_links=css, js_links=js, wrap_longitude=False)


def cached_map(source: object, how: tuple, build: Callable[[], folium.Map], key: str, height: int,
               returned_objects: Iterable[str]) -> dict | None:
    """Draw the map ``build()`` makes from ``source`` (a cached payload: the same object as long as the data
    is the same) with streamlit-folium, building the folium map and its script only when ``source`` or
    ``how`` (the other things the map's HTML depends on) changed; returns the component's value."""
    returned = tuple(returned_objects)
    slot = (id(source), how, key, returned)
    with _LOCK:
        hit = _ARGS.get(slot)
    if hit is None or hit[0] is not source:
        hit = (source, map_args(build(), key, returned))
        with _LOCK:
            while len(_ARGS) >= _MAX:
                _ARGS.pop(next(iter(_ARGS)))
            _ARGS[slot] = hit
    args = hit[1]

    def _on_change() -> None:            # as st_folium: the value under the caller's key
        st.session_state[key] = st.session_state.get(args["key"], {})

    return sf._component_func(**args, height=height, on_change=_on_change)
