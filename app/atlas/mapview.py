"""Build the atlas map (folium) and feature cards (HTML) for a state of the reader.

Plain Python: no Streamlit, no network.  The map is fully offline: Leaflet and
jQuery come from ``static_prefix`` (the app serves ``app/ui/static/`` at
``/app/static/``; the default relative prefix works from inside the
streamlit-folium iframe), there is no tile layer unless ``tiles=True``, and no
branca colormap (it would pull d3 from a CDN).

* :func:`build_map` draws every feature that exists on a date, one
  ``FeatureGroup`` per toggle layer (borders, regions, corridors, pipelines,
  bases, places), styled by the feature's status on that date, with labels and a
  compact legend.  Every clickable GeoJSON feature carries ``properties.id``, so
  streamlit-folium's ``last_active_drawing.properties.id`` names what was clicked.
* :func:`selection_layer` is the highlight of one feature as its own group (the UI
  adds it without rebuilding the map).
* :func:`card_html` is the feature card as safe HTML: every text from the data is
  escaped with :func:`html.escape`; Arabic and Persian names are ``dir="rtl"``.
"""
from __future__ import annotations

import datetime as _dt
import html
import math
from typing import Any, Iterable, Mapping

import folium
import numpy as np
import geopandas as gpd
import shapely
from jinja2 import Template
from shapely.geometry import mapping
from shapely.ops import polylabel

from app.atlas.layers import LAYERS, format_iso, layers_on, state_on

__all__ = ["build_map", "card_html", "selection_layer", "LAYER_TITLES", "STATUS_STYLES",
           "CENTER", "ZOOM", "RTL_LANGS", "LANG_NAMES", "status_style"]

#: Initial view.
CENTER = (40.3, 46.5)
ZOOM = 7
#: Toggle layer -> title shown in the UI and the legend.
LAYER_TITLES = {
    "borders": "Borders and seas", "regions": "Regions", "corridors": "Corridors and railways",
    "pipelines": "Pipelines", "bases": "Bases and missions", "places": "Places",
}
RTL_LANGS = {"ar", "fa", "he", "ur"}
LANG_NAMES = {"en": "English", "ar": "Arabic", "fa": "Persian", "sv": "Swedish", "ru": "Russian",
              "hy": "Armenian", "az": "Azerbaijani", "tr": "Turkish", "de": "German", "fr": "French"}
#: Font stack that renders Arabic and Persian (Noto Naskh Arabic ships with fonts-noto-core).
RTL_FONTS = "'Noto Naskh Arabic', 'Noto Sans Arabic', 'Vazirmatn', 'Tahoma', serif"

# Muted fills so that corridors stand out.
_COUNTRY_FILL = {"armenia": "#f1d3b3", "azerbaijan": "#cfe3c4", "georgia": "#e4d2ea",
                 "nakhchivan": "#cfe3c4"}
_NEIGHBOUR_FILL = "#e9e7e2"
_SEA_FILL = "#cde2f0"
_LAYER_COLOR = {"borders": "#8d8a84", "regions": "#6d6a75", "corridors": "#333333",
                "pipelines": "#8c510a", "bases": "#b2182b", "places": "#222222"}

#: status -> (colour, dash pattern or None, legend text).  Unknown statuses use the layer colour.
STATUS_STYLES: dict[str, tuple[str, str | None, str]] = {
    "open": ("#1a9850", None, "open"),
    "blockaded": ("#f46d43", "10 6", "blockaded"),
    "closed": ("#d73027", "3 6", "closed"),
    "proposed": ("#7b3294", "12 8", "proposed"),
    "agreed": ("#5e3c99", "4 6", "agreed"),
    "under_construction": ("#e08214", "8 6", "under construction"),
    "in_service": ("#8c510a", None, "in service"),
    "active": ("#b2182b", None, "active"),
    "withdrawing": ("#f46d43", None, "withdrawing"),
    "withdrawn": ("#999999", "4 4", "withdrawn (ghosted)"),
    "planned": ("#9970ab", "2 8", "planned"),
    "partly_operational": ("#66a61e", "8 4", "partly operational"),
    "suspended": ("#999999", "6 6", "suspended"),
    "exodus_route": ("#1f78b4", None, "exodus route"),
    "war": ("#b2182b", "4 4", "war"),
    "autonomous_oblast": ("#7b5ea7", "6 4", "autonomous oblast"),
    "armenian_held": ("#e66101", None, "Armenian-held"),
    "azerbaijani_control": ("#2166ac", None, "Azerbaijani control"),
}
#: (layer, status) -> style overriding :data:`STATUS_STYLES` for that layer.
LAYER_STATUS_STYLES: dict[tuple[str, str], tuple[str, str | None, str]] = {
    ("corridors", "in_service"): ("#1b7837", None, "in service"),
    ("corridors", "armenian_held"): ("#e66101", "2 6", "Armenian-held"),
    ("bases", "closed"): ("#999999", None, "closed"),
}
_GHOST = "#9a9a9a"


def _status_entry(layer: str, status: str | None) -> tuple[str, str | None, str]:
    """(colour, dash, legend text) of a status in a layer."""
    status = status or ""
    default = (_LAYER_COLOR.get(layer, "#555"), None, status.replace("_", " "))
    return LAYER_STATUS_STYLES.get((layer, status)) or STATUS_STYLES.get(status) or default


def status_style(layer: str, status: str | None, present: bool = True) -> dict[str, Any]:
    """Leaflet path style for a feature of ``layer`` in ``status`` (ghosted when not present)."""
    color, dash, _ = _status_entry(layer, status)
    style: dict[str, Any] = {"color": color, "weight": 2, "opacity": 0.9}
    if layer in ("corridors", "pipelines"):
        style.update(weight=4 if layer == "corridors" else 3, lineCap="round")
        if dash:
            style["dashArray"] = dash
    elif layer == "regions":
        style.update(weight=2.5, fill=True, fillColor=color, fillOpacity=0.12, dashArray=dash or "6 4")
    elif layer in ("bases", "places"):
        style.update(fill=True, fillColor=color, fillOpacity=0.85, weight=1.5,
                     color="#ffffff" if layer == "bases" else "#222222")
        if layer == "places":
            style.update(fillColor="#ffffff", color="#222222")
    if not present:
        style.update(color=_GHOST, fillColor=_GHOST, opacity=0.5, fillOpacity=0.2, dashArray="4 4")
    return style


def _border_style(fid: str, kind: str) -> dict[str, Any]:
    if kind == "sea":
        return {"color": "#9cc3dc", "weight": 1, "fillColor": _SEA_FILL, "fillOpacity": 0.8}
    return {"color": "#8d8a84", "weight": 1.2, "fillColor": _COUNTRY_FILL.get(fid, _NEIGHBOUR_FILL),
            "fillOpacity": 0.75}


# --------------------------------------------------------------------------- map pieces
class _OfflineSetup(folium.MacroElement):
    """Pins Leaflet's default marker image path to the vendored copy (must run before markers)."""

    _template = Template("{% macro script(this, kwargs) %}"
                         "L.Icon.Default.imagePath = {{ this.image_path|tojson }};"
                         "{% endmacro %}")

    def __init__(self, static_prefix: str):
        super().__init__()
        self._name = "OfflineSetup"
        self.image_path = f"{static_prefix}/leaflet/images/"


class _Legend(folium.MacroElement):
    """A compact legend as a Leaflet control (HTML built and escaped in Python)."""

    _template = Template("""{% macro script(this, kwargs) %}
    (function() {
        var legend = L.control({position: 'topright'});
        legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'atlas-legend');
            div.innerHTML = {{ this.legend_html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        legend.addTo({{ this._parent.get_name() }});
    })();
    {% endmacro %}""")

    def __init__(self, legend_html: str):
        super().__init__()
        self._name = "Legend"
        self.legend_html = legend_html


class _Attribution(folium.MacroElement):
    """Credit the data behind the drawn geometry in Leaflet's attribution control (escaped HTML)."""

    _template = Template("""{% macro script(this, kwargs) %}
    {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
    {% endmacro %}""")

    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        self.text = text


#: (word to look for in a drawn feature's sources and geometry note, credit to show)
CREDITS = [("openstreetmap", "Borders © OpenStreetMap contributors (ODbL)"),
           ("natural earth", "Natural Earth")]


def _credits(drawn: gpd.GeoDataFrame) -> list[str]:
    """Credits for the data sets the drawn features' geometry comes from."""
    text = " ".join(
        f"{row.get('geometry_note') or ''} " + " ".join(f"{s.get('title', '')} {s.get('publisher', '')}"
                                                      for s in (row.get("sources") or []))
        for _, row in drawn.iterrows()).lower()
    return [credit for word, credit in CREDITS if word in text]


class _Declutter(folium.MacroElement):
    """Hide labels that would overlap a label of higher priority (re-run after every zoom/pan)."""

    _template = Template("""{% macro script(this, kwargs) %}
    (function(map) {
        function declutter() {
            var els = Array.prototype.slice.call(map.getContainer().querySelectorAll('.atlas-label'));
            els.forEach(function (el) { el.style.visibility = 'visible'; });
            els.sort(function (a, b) { return (+b.dataset.prio || 0) - (+a.dataset.prio || 0); });
            var placed = [];
            els.forEach(function (el) {
                var r = el.getBoundingClientRect();
                if (!r.width) { return; }
                var hit = placed.some(function (p) {
                    return !(r.right < p.left || r.left > p.right || r.bottom < p.top || r.top > p.bottom);
                });
                if (hit) { el.style.visibility = 'hidden'; } else { placed.push(r); }
            });
        }
        map.on('zoomend moveend resize', declutter);
        map.whenReady(function () { setTimeout(declutter, 0); });
    })({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self):
        super().__init__()
        self._name = "Declutter"


_CSS = """<style>
.leaflet-container { background: #f7f9fb; font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; }
.atlas-label { display: inline-block; white-space: nowrap; pointer-events: none; color: #333; font-size: 12px;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }
.atlas-label.country { font-size: 13px; letter-spacing: .18em; text-transform: uppercase; color: #5d5a55;
  font-weight: 600; transform: translate(-50%, -50%); }
.atlas-label.sea { font-style: italic; color: #3f6f8f; transform: translate(-50%, -50%); }
.atlas-label.region { font-style: italic; color: #4d4a55; transform: translate(-50%, -50%); }
.atlas-label.place { transform: translate(7px, -50%); }
.atlas-legend { background: rgba(255,255,255,.92); padding: 5px 8px; border-radius: 4px; font-size: 11px;
  line-height: 1.25; box-shadow: 0 1px 4px rgba(0,0,0,.25); max-width: 200px; }
.atlas-legend div { margin: 1px 0; white-space: nowrap; }
.atlas-legend .h { font-weight: 600; margin-top: 4px; }
.atlas-legend i { display: inline-block; width: 20px; height: 0; vertical-align: middle; margin-right: 5px; }
.atlas-legend i.dot { width: 9px; height: 9px; border-radius: 50%; border: 1px solid #555; margin: 0 6px 0 5px; }
.leaflet-tooltip [dir=rtl], .atlas-label [dir=rtl] { font-family: RTL_FONTS; }
.leaflet-bottom.leaflet-left { bottom: 22px; }   /* the scale sits above the data credits, not under them */
</style>""".replace("RTL_FONTS", RTL_FONTS)


def _tip(row: Mapping, count: int | None) -> str:
    """Tooltip HTML (escaped): name, state on the date, mention count."""
    parts = [f"<b>{html.escape(str(row['name']))}</b>"]
    if row.get("label"):
        parts.append(html.escape(str(row["label"])))
    if count:
        parts.append(f"{int(count)} mention{'s' if count != 1 else ''} in the documents")
    return "<br>".join(parts)


#: About the area the initial view shows (lon/lat box around CENTER at ZOOM).
_LABEL_BOX = shapely.box(CENTER[1] - 3.0, CENTER[0] - 1.7, CENTER[1] + 3.0, CENTER[0] + 1.7)


def _label_point(geom) -> tuple[float, float]:
    """Where a label goes: the pole of inaccessibility of the largest polygon part (the point
    farthest from the outline, so labels sit in open country rather than on the capital), else
    a representative point."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        in_view = geom.intersection(_LABEL_BOX)     # keep big neighbours' labels inside the first view
        if not in_view.is_empty and in_view.area > 0:
            geom = in_view
    if geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        parts = [g for g in geom.geoms if g.geom_type == "Polygon"]
        geom = max(parts, key=lambda g: g.area) if parts else geom.representative_point()
    if geom.geom_type == "Point":
        p = geom
    elif geom.geom_type == "Polygon":
        try:
            p = polylabel(geom, tolerance=0.01)
        except Exception:  # degenerate polygon: fall back
            p = geom.representative_point()
    else:
        p = geom.representative_point()
    return p.y, p.x


def _fc(rows: Iterable[Mapping], counts: Mapping[str, int] | None) -> dict:
    """Slim GeoJSON (only what the map needs) for the given feature rows."""
    feats = []
    for row in rows:
        count = (counts or {}).get(row["id"])
        props = {"id": row["id"], "name": str(row["name"]), "kind": row["kind"], "layer": row["layer"],
                 "status": row.get("status"), "present": bool(row.get("present", True)),
                 "tip": _tip(row, count)}
        if counts is not None:
            props["count"] = int(count or 0)
        feats.append({"type": "Feature", "id": row["id"], "properties": props,
                      "geometry": mapping(display_geometry(row["geometry"], _tolerance(row)))})
    return {"type": "FeatureCollection", "features": feats}


#: Simplification tolerance for drawing (degrees, about 50 m: below a pixel up to zoom 11)
#: and the number of decimals kept (5 = about 1 m).  Exports keep the full geometry.
DISPLAY_TOLERANCE = 0.0005
DISPLAY_DECIMALS = 5
#: Background polygons (neighbouring countries, seas) are simplified more (about 1 km, a pixel at the initial zoom).
CONTEXT_TOLERANCE = 0.01
FOCUS_COUNTRIES = {"armenia", "azerbaijan", "georgia"}


def display_geometry(geom, tolerance: float = DISPLAY_TOLERANCE):
    """The geometry as drawn: lines and polygons simplified, coordinates rounded (smaller map JSON)."""
    if geom.geom_type not in ("Point", "MultiPoint"):
        simpler = geom.simplify(tolerance, preserve_topology=True)
        if not simpler.is_empty:
            geom = simpler
    return shapely.transform(geom, lambda xy: np.round(xy, DISPLAY_DECIMALS))


def _tolerance(row: Mapping) -> float:
    context = row["kind"] == "sea" or (row["kind"] == "country" and row["id"] not in FOCUS_COUNTRIES)
    return CONTEXT_TOLERANCE if context else DISPLAY_TOLERANCE


def _weight_for(count: int | None) -> float:
    return 0.0 if not count else min(4.0, 1.2 * math.log1p(count))


def _add_geojson(group, fc: dict, layer: str, selected: str | None, counts, hit: bool = False):
    """Add the features of one layer as a GeoJson with per-feature style and tooltip."""
    def style(feature):
        p = feature["properties"]
        if layer == "borders":
            s = _border_style(p["id"], p["kind"])
        else:
            s = status_style(layer, p["status"], p["present"])
        if counts is not None and layer in ("corridors", "pipelines"):
            s["weight"] = s.get("weight", 2) + _weight_for(p.get("count"))
        if hit:  # invisible wide stroke that makes thin lines easy to click
            s = {"color": s["color"], "weight": 18, "opacity": 0.001, "lineCap": "round"}
        if p["id"] == selected and not hit:
            s.update(color="#ffd400" if layer in ("borders", "regions") else s["color"],
                     weight=s.get("weight", 2) + 3, opacity=1)
        return s

    def highlight(feature):
        return {"opacity": 0.35, "weight": 18} if hit else {"weight": 4, "fillOpacity": 0.45}

    # points of any layer are circle markers (a default L.marker would need its icon images)
    marker = folium.CircleMarker(radius={"bases": 7, "places": 4.5}.get(layer, 6))
    gj = folium.GeoJson(
        fc, name=f"{layer}{'_hit' if hit else ''}", style_function=style,
        highlight_function=highlight if (hit or layer in ("borders", "regions")) else None,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        marker=marker, embed=True, zoom_on_click=False,
    )
    gj.add_to(group)
    return gj


# regions (Nagorno-Karabakh, Syunik, Nakhchivan) are what the atlas is about: their names outrank towns,
# whose dots stay (with a tooltip) when their label is hidden
_LABEL_PRIORITY = {"country": 3000, "sea": 3000, "region": 2500, "place": 1000}


def _label(group, row: Mapping, css: str, count: int | None = None) -> None:
    """A text label (DivIcon); ``data-prio`` decides which label stays when labels overlap."""
    lat, lon = _label_point(row["geometry"])
    text = html.escape(str(row["name"]))
    prio = _LABEL_PRIORITY.get(row["kind"], 0) + min(int(count or 0), 999)
    folium.Marker(
        (lat, lon),
        icon=folium.DivIcon(html=f'<div class="atlas-label {css}" data-prio="{prio}">{text}</div>',
                            icon_size=(0, 0), icon_anchor=(0, 0), class_name="atlas-label-icon"),
        interactive=False, keyboard=False,
    ).add_to(group)


def _legend_html(drawn: gpd.GeoDataFrame, layers: set[str], on: _dt.date) -> str:
    """Compact legend: the date, then per visible layer the statuses drawn on that date."""
    out = [f'<div class="h">As of {html.escape(on.strftime("%d %b %Y").lstrip("0"))}</div>']
    for layer in LAYERS:
        if layer not in layers or layer in ("borders", "places"):
            continue
        sub = drawn[drawn["layer"] == layer]
        statuses = [s for s in dict.fromkeys(sub["status"]) if s]
        if not statuses:
            continue
        out.append(f'<div class="h">{html.escape(LAYER_TITLES[layer])}</div>')
        for st in statuses:
            present = bool(sub[sub["status"] == st]["present"].any())
            s = status_style(layer, st, present)
            text = _status_entry(layer, st)[2]
            if layer == "bases":
                swatch = f'<i class="dot" style="background:{s["fillColor"]}"></i>'
            elif layer == "regions":
                swatch = f'<i style="border-top:2px dashed {s["color"]};height:6px;background:{s["color"]}22"></i>'
            else:
                dash = "dashed" if s.get("dashArray") else "solid"
                swatch = f'<i style="border-top:3px {dash} {s["color"]}"></i>'
            out.append(f"<div>{swatch}{html.escape(text)}</div>")
    return "".join(out)


def build_map(gdf: gpd.GeoDataFrame, on: _dt.date, layers: set[str] | None = None,
              selected: str | None = None, counts: dict[str, int] | None = None,
              tiles: bool = False, static_prefix: str = "../../app/static") -> folium.Map:
    """The atlas map for a date.

    Parameters
    ----------
    gdf : the frame from :func:`app.atlas.layers.load_layers` (EPSG:4326).
    on : the "as of" date; features with no covering period are not drawn, features
        whose period has ``present: false`` are drawn ghosted (grey, dashed).
    layers : toggle layers to draw (default: all of :data:`app.atlas.layers.LAYERS`);
        a layer that is off is left out of the map entirely.
    selected : id of a feature to highlight.
    counts : mentions per feature id (from the annotator); shown in tooltips and as
        extra line weight for corridors and pipelines.
    tiles : add the online OpenStreetMap tile layer (off by default; the country
        polygons are the base map).
    static_prefix : URL prefix of the vendored ``leaflet/`` and ``jquery/`` folders.

    Features with ``off_map: true`` (Moscow, Washington, ...) are not drawn.
    """
    layers = set(LAYERS) if layers is None else set(layers)
    state = layers_on(gdf, on)
    drawn = state[state["drawn"] & ~state["off_map"].astype(bool)]

    m = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None, control_scale=True,
                   min_zoom=4, max_zoom=13, prefer_canvas=False)
    m.default_js = [("leaflet", f"{static_prefix}/leaflet/leaflet.js"),
                    ("jquery", f"{static_prefix}/jquery/jquery.min.js")]
    m.default_css = [("leaflet_css", f"{static_prefix}/leaflet/leaflet.css")]
    _OfflineSetup(static_prefix).add_to(m)
    m.get_root().header.add_child(folium.Element(_CSS))
    if tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", opacity=0.6).add_to(m)

    for layer in LAYERS:
        if layer not in layers:
            continue
        sub = drawn[drawn["layer"] == layer]
        group = folium.FeatureGroup(name=LAYER_TITLES[layer], show=True)
        group.add_to(m)
        if sub.empty:
            continue
        rows = [r for _, r in sub.iterrows()]
        fc = _fc(rows, counts)
        _add_geojson(group, fc, layer, selected, counts)
        if layer in ("corridors", "pipelines"):
            _add_geojson(group, fc, layer, selected, counts, hit=True)
        for row in rows:
            if row["kind"] in ("country", "sea", "region", "place"):
                _label(group, row, row["kind"], (counts or {}).get(row["id"]))

    _Legend(_legend_html(drawn, layers, on)).add_to(m)
    credits = _credits(drawn)
    if credits:
        _Attribution(html.escape(" | ".join(credits))).add_to(m)
    _Declutter().add_to(m)
    return m


def selection_layer(gdf: gpd.GeoDataFrame, selected: str | None) -> folium.FeatureGroup | None:
    """A non-interactive yellow halo around ``selected`` as its own FeatureGroup (or None)."""
    if not selected or selected not in gdf.index:
        return None
    row = gdf.loc[selected]
    group = folium.FeatureGroup(name="Selection")
    geom = row["geometry"]
    if geom.geom_type in ("Point", "MultiPoint"):
        for p in getattr(geom, "geoms", [geom]):
            folium.CircleMarker((p.y, p.x), radius=13, color="#ffd400", weight=4, fill=False,
                                interactive=False).add_to(group)
    else:
        folium.GeoJson(mapping(geom), style_function=lambda f: {
            "color": "#ffd400", "weight": 8, "opacity": 0.8, "fillOpacity": 0.05},
            interactive=False).add_to(group)
    return group


# --------------------------------------------------------------------------- card
def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _period_text(p: Mapping) -> str:
    start = format_iso(p.get("start"), p.get("start_precision"))
    end = format_iso(p.get("end"), p.get("end_precision"))
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return "always"


def _safe_url(url: Any) -> str | None:
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def card_html(feature: Mapping | Any, on: _dt.date) -> str:
    """The card of one feature on a date, as HTML in which all data text is escaped.

    ``feature`` is a row of :func:`app.atlas.layers.load_layers` (a pandas Series) or a dict
    with the same keys.  The card shows the name, the names in every language (Arabic
    and Persian right-to-left), kind, the state on ``on`` (or "not on the map on this
    date"), description, the status periods with their dates at their precision
    (the current one marked), the sources (title, publisher, date, link; seed sources
    name the document) and the geometry note.
    """
    f = dict(feature.items()) if hasattr(feature, "items") else dict(feature)
    periods = f.get("periods") or []
    state = state_on(periods, on)
    on_text = on.strftime("%d %b %Y").lstrip("0")
    out = [f'<div class="atlas-card" data-id="{_e(f.get("id"))}">',
           f'<h3 class="atlas-card-title">{_e(f.get("name"))}</h3>',
           f'<p class="atlas-card-kind">{_e(str(f.get("kind", "")).capitalize())}'
           f'{" · approximate geometry" if f.get("approximate") else ""}</p>']
    if state is None:
        out.append(f'<p class="atlas-card-state" data-status="">On {_e(on_text)}: '
                   f'<b>not on the map</b> (no status period covers this date)</p>')
    else:
        ghost = "" if state["present"] else " (gone: ghosted on the map)"
        out.append(f'<p class="atlas-card-state" data-status="{_e(state.get("status"))}">On {_e(on_text)}: '
                   f'<b>{_e(state.get("label") or state.get("status"))}</b>{ghost}</p>')
    names = f.get("names") or {}
    if names:
        out.append('<ul class="atlas-card-names">')
        for lang, name in names.items():
            lang_label = LANG_NAMES.get(lang, lang)
            if lang in RTL_LANGS:
                out.append(f'<li>{_e(lang_label)}: <span lang="{_e(lang)}" dir="rtl" '
                           f'style="font-family:{RTL_FONTS};font-size:1.15em">{_e(name)}</span></li>')
            else:
                out.append(f'<li>{_e(lang_label)}: <span lang="{_e(lang)}">{_e(name)}</span></li>')
        out.append("</ul>")
    if f.get("description"):
        out.append(f'<p class="atlas-card-description">{_e(f["description"])}</p>')
    if periods:
        out.append('<table class="atlas-card-periods"><tr><th>When</th><th>Status</th></tr>')
        for p in periods:
            current = state is not None and p.get("start") == state.get("start") \
                and p.get("end") == state.get("end") and p.get("status") == state.get("status")
            mark = ' class="current" style="font-weight:bold;background:#fff5cc"' if current else ""
            gone = "" if p.get("present", True) else " (gone)"
            out.append(f"<tr{mark}><td>{_e(_period_text(p))}</td>"
                       f"<td>{_e(p.get('label') or p.get('status'))}{gone}</td></tr>")
        out.append("</table>")
    sources = f.get("sources") or []
    if sources:
        out.append('<ol class="atlas-card-sources">')
        for s in sources:
            bits = [f"<i>{_e(s.get('title') or s.get('id'))}</i>"]
            if s.get("publisher"):
                bits.append(_e(s["publisher"]))
            if s.get("date"):
                try:
                    bits.append(_e(format_iso(s["date"])))
                except ValueError:
                    bits.append(_e(s["date"]))
            if s.get("seed"):
                bits.append(f"document <code>{_e(s['seed'])}</code>")
            url = _safe_url(s.get("url"))
            if url:
                bits.append(f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">link</a>')
            out.append(f"<li>{', '.join(bits)}</li>")
        out.append("</ol>")
    if f.get("geometry_note"):
        out.append(f'<p class="atlas-card-note"><small>Geometry: {_e(f["geometry_note"])}</small></p>')
    out.append("</div>")
    return "\n".join(out)
