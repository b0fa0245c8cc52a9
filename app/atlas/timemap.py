"""The folium plugin that makes a map time-aware: the renderer of ``app/web/`` inlined, with every feature once."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import folium
from jinja2 import Template

__all__ = ["TimeMap", "TimeSignal", "RawHtml", "web_js", "web_css", "js_json", "WEB", "RENDERER_JS"]

#: The renderer's files (real JavaScript and CSS, tested by ``node --test app/web/tests/``).
WEB = Path(__file__).resolve().parents[1] / "web"
RENDERER_JS = ("atlas_time.js", "atlas_style.js", "atlas_labels.js", "atlas_pick.js", "atlas_map.js", "atlas_controls.js", "atlas_host.js")
RENDERER_CSS = ("atlas_map.css",)


@lru_cache(maxsize=16)
def _read(name: str, mtime_ns: int) -> str:
    return (WEB / name).read_text(encoding="utf-8")


def _web(names: Iterable[str]) -> str:
    parts = []
    for name in names:
        text = _read(name, (WEB / name).stat().st_mtime_ns)
        # inlined into <script>/<style>: nothing may close the element early
        parts.append(re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.I))
    return "\n".join(parts)


def web_js(names: Iterable[str] = RENDERER_JS) -> str:
    """The JavaScript files of ``app/web/`` joined, safe to inline in a ``<script>``."""
    return _web(names)


def web_css(names: Iterable[str] = RENDERER_CSS) -> str:
    """The CSS files of ``app/web/`` joined, safe to inline in a ``<style>``."""
    return _web(names)


def js_json(data: Any) -> str:
    """JSON that is also a safe JavaScript literal inside ``<script>`` (no ``</``, ``<!--``, U+2028)."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
            # folium renders the script once more as a Jinja template: no '{{', '{%', '{#' (only in strings)
            .replace("{{", "{\\u007b").replace("{%", "{\\u0025").replace("{#", "{\\u0023"))


_JSON: dict[int, tuple[dict, str]] = {}


def _payload_json(payload: dict) -> str:
    """:func:`js_json` of a payload, kept for the same (cached, unchanged) payload object: a host that caches
    the payload runs this once, not on every run."""
    hit = _JSON.get(id(payload))
    if hit is not None and hit[0] is payload:
        return hit[1]
    text = js_json(payload)
    if len(_JSON) >= 8:
        _JSON.pop(next(iter(_JSON)))
    _JSON[id(payload)] = (payload, text)
    return text


class TimeMap(folium.MacroElement):
    """Add to a folium map: draws every feature of ``payload`` (see :func:`app.atlas.mapdata.map_payload`)
    and applies dates in the browser, with labels, legend and (unless ``controls=False``) date controls.

    ``host="streamlit"`` sends date stops to Python through streamlit-folium; ``host_key`` makes the map
    take its signals from ``atlas_relay.js`` (the map's script then never changes); ``fit_window`` sizes a
    hosted map to the window (its date bar in the first view); ``extra_js`` names more
    ``app/web`` files to run once the map is drawn (the lesson file's stepper)."""

    _template = Template("""
{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
{% macro script(this, kwargs) %}
{{ this.js }}
var {{ this.get_name() }} = AtlasHost.start({{ this._parent.get_name() }}, {{ this.payload }}, {{ this.options }});
{{ this.after_js }}
{% endmacro %}""")

    def render(self, **kwargs) -> None:
        """As folium's MacroElement, but the rendered header and script (the renderer and every feature,
        ~270 KB) are placed as ready text: folium's ``Element`` would compile them as Jinja templates
        again, which was most of a warm run's time in Streamlit."""
        module = self._template.module
        figure = self.get_root()
        figure.header.add_child(RawHtml(module.header(self, kwargs)), name=self.get_name())
        figure.script.add_child(RawHtml(module.script(self, kwargs)), name=self.get_name())

    def __init__(self, payload: dict, controls: bool = True, host: str = "page",
                 extra_js: Iterable[str] = (), extra_css: Iterable[str] = (), host_key: str | None = None,
                 fit_window: bool = False):
        super().__init__()
        self._name = "TimeMap"
        self.js = web_js(RENDERER_JS)
        self.after_js = web_js(extra_js) if extra_js else ""
        self.css = web_css(tuple(RENDERER_CSS) + tuple(extra_css))
        for text in (self.js, self.after_js, self.css):   # branca renders these strings as templates once more
            if re.search(r"\{[{%#]", text):
                raise ValueError("app/web files must not contain '{{', '{%' or '{#' (read as Jinja)")
        self.payload = _payload_json(payload)
        options = {"controls": controls, "host": host, "years": payload.get("years")}
        if host_key:
            options["hostKey"] = host_key       # signals come through atlas_relay.js under this key
        if fit_window:
            options["fitWindow"] = True         # atlas_host.js sizes the map to the app's window
        self.options = js_json(options)


class TimeSignal(folium.FeatureGroup):
    """What Python tells a drawn map on a later run (date, layers, selection, counts), as the
    ``feature_group_to_add`` of streamlit-folium: evaluated in the page without rebuilding the map."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.featureGroup();
AtlasHost.signal({{ this.signal }});
{% endmacro %}""")

    def __init__(self, signal: dict):
        super().__init__(name="atlas signal", control=False)
        self.signal = js_json(signal)


class RawHtml(folium.Element):
    """Ready HTML placed as is (folium's Element would read its text as a Jinja template)."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text
