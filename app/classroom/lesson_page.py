"""The take-home lesson: ONE self-contained HTML file built by folium with the atlas map's own renderer."""
from __future__ import annotations

import datetime as _dt
from typing import Any

import geopandas as gpd
from shapely.geometry import shape

from app.atlas.mapview import build_map
from app.atlas.timemap import RawHtml
from app.classroom.lesson_data import credit_sentence, embed_json, lesson_payload
from app.classroom.lesson_text import step_body
from app.classroom.lessons import Lesson
from app.safe_html import bidi_text, esc

__all__ = ["render_lesson_html", "layers_frame", "CSP"]

#: Nothing may be fetched, even if something slipped in.
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"


def layers_frame(layers: Any) -> gpd.GeoDataFrame:
    """The layers as the map wants them: a GeoDataFrame from a FeatureCollection dict (or as given)."""
    if hasattr(layers, "geometry"):
        return layers
    rows, geoms = [], []
    for f in (layers or {}).get("features", []):
        props = dict(f.get("properties") or {})
        fid = str(props.get("id") or f.get("id"))
        if not f.get("geometry"):
            continue
        props.update(id=fid, off_map=bool(props.get("off_map")), periods=props.get("periods") or [])
        props.setdefault("name", fid)
        rows.append(props)
        geoms.append(shape(f["geometry"]))
    frame = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
    frame.index = [r["id"] for r in rows]
    return frame


def _page(lesson: Lesson, payload: dict, layers: Any) -> str:
    """The header (step controls), the map holder, the step panel and the footer (escaped HTML)."""
    total = len(payload["steps"])
    sections = "".join(
        f'<section class="step" id="s-{st["n"]}" data-step="{st["n"]}"{"" if i == 0 else " hidden"}>'
        f'{step_body(st)}</section>' for i, st in enumerate(payload["steps"]))
    warnings = "".join(f'<p class="warn">{esc(w)}</p>' for w in payload["warnings"])
    return (
        f'<header class="lesson"><h1>{bidi_text(lesson.title, "ltr")}</h1>'
        f'<button id="prev" type="button" aria-label="Previous step">← Previous</button>'
        f'<span id="counter" aria-live="polite">{f"Step 1 of {total}" if total else "No steps"}</span>'
        f'<div id="progress" role="progressbar" aria-valuemin="1" aria-valuemax="{total}" aria-valuenow="1">'
        f'<div id="bar"></div></div>'
        f'<button id="next" type="button" aria-label="Next step">Next →</button>'
        f'<button id="notes" type="button" aria-pressed="false" aria-keyshortcuts="N">Teacher’s notes (N)</button>'
        f'</header>'
        f'<main class="lesson"><div id="map" role="region" aria-label="Map of the South Caucasus on the step’s date">'
        f'</div><div id="panel">{warnings}<p class="desc">{bidi_text(lesson.description, "ltr")}</p>{sections}</div></main>'
        '<footer class="lesson">South Caucasus Atlas lesson · map drawn with Leaflet (BSD-2-Clause) from the atlas '
        f'layers.{credit_sentence(layers)} Keys: ← → or Page Up/Down step · Home/End first/last · N teacher’s notes · '
        'F full screen · K plays the map.</footer>')


def render_lesson_html(lesson: Lesson, events: list[dict], layers_gdf: Any) -> str:
    """One self-contained, offline HTML file that steps through ``lesson`` on the atlas map.

    folium builds it with the same renderer as the app's map (labels, legend, fills, states, date
    controls); Leaflet, the renderer and the data are inline; there is no tile layer.  Opens from
    ``file://``; ``#step-N`` in the URL opens step N.
    """
    payload = lesson_payload(lesson, events, layers_gdf)
    frame = layers_frame(layers_gdf)
    first = next((s["map_date"] for s in payload["steps"] if s["map_date"]), None)
    on = _dt.date.fromisoformat(first) if first else _dt.date.today()
    stops = [{"date": s["map_date"], "title": s["title"]} for s in payload["steps"] if s["map_date"]]
    m = build_map(frame, on, events=stops, inline=True, extra_js=("lesson.js",), extra_css=("lesson.css",))
    root = m.get_root()
    root.title = esc(lesson.title)
    root.header.add_child(RawHtml(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'),
                          name="csp", index=0)
    root.html.add_child(RawHtml(_page(lesson, payload, layers_gdf)), name="lesson_page")
    # the page's own data carries no quotes: those are in the escaped HTML above
    data = {"lesson": payload["lesson"],
            "features": [{k: f[k] for k in ("id", "name", "layer")} for f in payload["features"]],
            "steps": [{k: s[k] for k in ("n", "map_date", "highlight", "states", "layers", "bounds")}
                      for s in payload["steps"]]}
    root.html.add_child(RawHtml(
        f'<script type="application/json" id="lesson-data">{embed_json(data)}</script>'), name="lesson_data")
    return root.render()
