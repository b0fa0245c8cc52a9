"""Take-home lessons: one self-contained HTML file, and a printable handout.

:func:`render_lesson_html` returns ONE HTML document that opens from disk (``file://``) with no server and
no network: Leaflet 1.9.4 (``app/ui/static/leaflet/``) and its CSS are inlined, the layers' geometry is
simplified (shapely, 0.01°) and rounded to 3 decimals (~100 m) and embedded as JSON, and no font, tile or
image is fetched.  Each step shows the state of the region on the step's date (features drawn by their
status on that date, with the map app's colours from :func:`app.atlas.mapview.status_style`), flies to the
step's features, and shows the supporting quote in its own script (``dir="rtl"`` for Arabic and Persian)
beside an English line.  Previous/Next buttons, ←/→ keys, a progress bar and a URL hash per step
(``#step-3``) drive it.

:func:`render_handout_html` returns a print-styled page: one section per step with page breaks, a small
inline SVG map of the step's state, the quotes and the sources.

Safety: every string from documents or data reaches HTML through :func:`html.escape`; the JSON embedded in
``<script type="application/json">`` has ``<``, ``>`` and ``&`` escaped as ``\\u003c`` etc., so a quote
containing ``</script>`` or ``<!--`` cannot break out.  Plain Python: no Streamlit, no network.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping

from app.classroom.events import CATEGORY_LABELS, date_bounds, feature_records, state_on
from app.classroom.lessons import LANGUAGE_NAMES, Lesson, resolve_lesson
from app.safe_html import bidi_text, dir_for, esc

__all__ = ["render_lesson_html", "render_handout_html", "lesson_payload", "embed_json", "SIMPLIFY_DEG"]

# the same vendored Leaflet the live app serves (one copy in the repo)
ASSETS = Path(__file__).resolve().parents[1] / "ui" / "static" / "leaflet"
SIMPLIFY_DEG = 0.01
ROUND_DEG = 3
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")

try:  # one palette for the live map and the exports
    from app.atlas.mapview import status_style as _status_style
except Exception:  # pragma: no cover - mapview not importable (folium missing)
    _status_style = None

_LAYER_COLOR = {"borders": "#555555", "regions": "#7b5ea7", "corridors": "#1a9850", "pipelines": "#8c510a",
                "bases": "#b2182b", "places": "#222222"}
_LAYER_ORDER = {"borders": 0, "regions": 1, "pipelines": 2, "corridors": 3, "bases": 4, "places": 5}


def _style(layer: str, status: str | None, present: bool) -> dict:
    if layer == "borders":
        s = {"color": "#5a5a5a", "weight": 1, "opacity": 0.8, "fillColor": "#f2efe6", "fillOpacity": 0.9}
        if status and status not in ("independent",):
            s["dashArray"] = "4 3"
        return s
    if _status_style is not None:
        return dict(_status_style(layer, status, present))
    s = {"color": _LAYER_COLOR.get(layer, "#555555"), "weight": 3, "opacity": 0.9}
    if not present:
        s.update(color="#9a9a9a", opacity=0.5, dashArray="4 4")
    return s


# ---------------------------------------------------------------------------------------------
# Escaping and assets
# ---------------------------------------------------------------------------------------------

def embed_json(data: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">`` (no ``</``, ``<!--``, ``]]>``)."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=1)
def _leaflet_assets() -> tuple[str, str]:
    """Leaflet JS and CSS, made fit for inlining: no source map, no external link, no image URL."""
    js = (ASSETS / "leaflet.js").read_text(encoding="utf-8")
    css = (ASSETS / "leaflet.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    # the attribution prefix links to the Leaflet site; we credit Leaflet in plain text instead
    js = js.replace('<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">', "<span>")
    js = js.replace('"Leaflet</a>"', '"Leaflet</span>"')
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.I)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"url\([^)]*\)", "none", css)  # layer-control and marker images are not used
    return js, css


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------

def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, ROUND_DEG)
    if isinstance(obj, (list, tuple)):
        return [_round(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def _geometry(geom) -> dict | None:
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type not in ("Point", "MultiPoint"):
        simple = shapely.simplify(geom, SIMPLIFY_DEG, preserve_topology=True)
        if not simple.is_empty:
            geom = simple
    return _round(mapping(geom))


def _map_date(date: str | None) -> _dt.date | None:
    if not date:
        return None
    try:
        return date_bounds(str(date))[0]
    except (ValueError, IndexError):
        return None


def human_date(date: str | None, precision: str | None = None) -> str:
    """``2022-12-12`` → ``12 December 2022``; ``2022-12`` → ``December 2022``; ``2022`` → ``2022``."""
    if not date:
        return ""
    d = str(date)
    try:
        if len(d) >= 10:
            x = _dt.date.fromisoformat(d[:10])
            return f"{x.day} {_MONTHS[x.month - 1]} {x.year}"
        if len(d) == 7:
            return f"{_MONTHS[int(d[5:7]) - 1]} {d[:4]}"
    except ValueError:
        pass
    return d


def _geoms(layers_gdf: Any) -> dict[str, Any]:
    if layers_gdf is None:
        return {}
    if isinstance(layers_gdf, dict) and "features" in layers_gdf:
        from shapely.geometry import shape
        return {str(f.get("id") or f["properties"]["id"]): shape(f["geometry"]) for f in layers_gdf["features"]
                if f.get("geometry")}
    if hasattr(layers_gdf, "geometry"):
        ids = layers_gdf["id"] if "id" in layers_gdf.columns else layers_gdf.index
        return {str(i): g for i, g in zip(ids, layers_gdf.geometry)}
    return {}


def _quotes(ev: dict | None, limit: int = 3) -> list[dict]:
    if not ev:
        return []
    out, seen = [], set()
    for s in ev.get("support", []):
        if s["doc"] in seen:
            continue
        seen.add(s["doc"])
        lang = s.get("lang") or ""
        out.append({"quote": s.get("quote") or s.get("sentence") or "", "lang": lang,
                    "dir": dir_for(lang), "doc": s["doc"],
                    "doc_title": s.get("doc_title") or s["doc"],
                    "language": LANGUAGE_NAMES.get(lang, lang or "unknown language"),
                    "date": s.get("date"), "inferred": bool(s.get("inferred"))})
        if len(out) >= limit:
            break
    return out


def lesson_payload(lesson: Lesson, events: list[dict], layers_gdf: Any) -> dict:
    """Everything the exports need: features (simplified geometry), styles, and per-step states."""
    feats = feature_records(layers_gdf)
    geoms = _geoms(layers_gdf)
    steps, warnings = resolve_lesson(lesson, events)
    fids = [f for f in feats if not feats[f].get("off_map") and f in geoms]
    fids.sort(key=lambda f: (_LAYER_ORDER.get(feats[f].get("layer"), 9), f))
    features = []
    for fid in fids:
        g = _geometry(geoms[fid])
        if g is None:
            continue
        f = feats[fid]
        features.append({"id": fid, "name": str(f.get("name") or fid), "kind": f.get("kind"),
                         "layer": f.get("layer"), "geometry": g})
    styles: list[dict] = []
    style_index: dict[str, int] = {}
    out_steps = []
    for st in steps:
        ev = st["event"]
        on = _map_date(st["date"])
        states = {}
        for f in features:
            p = state_on(feats[f["id"]].get("periods") or [], on) if on else None
            if p is None:
                continue
            present = bool(p.get("present", True))
            s = _style(f["layer"], p.get("status"), present)
            key = json.dumps(s, sort_keys=True)
            if key not in style_index:
                style_index[key] = len(styles)
                styles.append(s)
            states[f["id"]] = [style_index[key], p.get("status") or "", p.get("label") or p.get("status") or ""]
        hl = [h for h in st["highlight"] if h in states] or [h for h in st["highlight"] if h in geoms]
        out_steps.append({
            "n": st["n"],
            "title": st["title"],
            "note": st["note"],
            "date": st["date"],
            "map_date": on.isoformat() if on else None,
            "date_label": human_date(st["date"]),
            "category": CATEGORY_LABELS.get(ev["category"], "") if ev else "",
            "event_title": ev["title"] if ev else "",
            "event_id": st["step"].event_id,
            "missing": st["missing"],
            "highlight": hl,
            "states": states,
            "quotes": _quotes(ev),
            "sources": [dict(s) for s in (ev or {}).get("sources", [])],
            "disagreements": [{"field": d.get("field", "date"), "date": d.get("date"), "title": d.get("title"),
                               "docs": sorted({s["doc"] for s in d.get("support", [])}),
                               "sources": [s.get("title") or s.get("id") for s in d.get("sources", [])]}
                              for d in (ev or {}).get("disagreements", [])],
        })
    return {"lesson": {"id": lesson.id, "title": lesson.title, "description": lesson.description},
            "features": features, "styles": styles, "steps": out_steps, "warnings": warnings}


# ---------------------------------------------------------------------------------------------
# Shared HTML pieces
# ---------------------------------------------------------------------------------------------

def _quote_html(q: dict, english: str) -> str:
    return (f'<figure class="quote"><blockquote lang="{esc(q["lang"])}" dir="{q["dir"]}">{esc(q["quote"])}</blockquote>'
            f'<figcaption><span class="en" lang="en" dir="ltr">{bidi_text(english, "ltr")}</span>'
            f'<span class="cite">— {bidi_text(q["doc_title"], "ltr")} ({esc(q["doc"])}, {esc(q["language"])})</span>'
            f'</figcaption></figure>')


def _sources_html(step: dict) -> str:
    items = []
    for q in step["quotes"]:
        items.append(f'<li>Document: {esc(q["doc_title"])} <code>{esc(q["doc"])}</code>, {esc(q["language"])}'
                     f'{", date " + esc(q["date"]) if q.get("date") else ""}</li>')
    for s in step["sources"]:
        bits = [esc(s.get("title") or s.get("id")), esc(s.get("publisher") or ""), esc(s.get("date") or "")]
        url = f' <span class="url">{esc(s["url"])}</span>' if s.get("url") else ""
        seed = f' (our document <code>{esc(s["seed"])}</code>)' if s.get("seed") else ""
        items.append("<li>Source: " + ", ".join(b for b in bits if b) + seed + url + "</li>")
    for d in step["disagreements"]:
        who = ", ".join(d["docs"] + [x for x in d["sources"] if x])
        if d["field"] == "status":
            items.append(f'<li class="disagree">Disagreement: the atlas layers say “{esc(d["title"])}” '
                         f'then ({esc(who)}).</li>')
        else:
            items.append(f'<li class="disagree">Disagreement: {esc(who)} give{"" if "," in who else "s"} '
                         f'{esc(human_date(d["date"]))}.</li>')
    if not items:
        return ""
    return '<ul class="sources">' + "".join(items) + "</ul>"


def _step_body(step: dict) -> str:
    parts = [f'<p class="meta"><span class="date">{esc(step["date_label"])}</span>'
             + (f' · <span class="cat">{esc(step["category"])}</span>' if step["category"] else "") + "</p>",
             f'<h2 lang="en">{bidi_text(step["title"], "ltr")}</h2>']
    if step["missing"]:
        parts.append(f'<p class="warn">This step’s event ({esc(step["event_id"])}) no longer exists.</p>')
    for q in step["quotes"]:
        parts.append(_quote_html(q, step["event_title"] or step["title"]))
    if step["note"]:
        parts.append(f'<p class="note" lang="en">{bidi_text(step["note"], "ltr")}</p>')
    parts.append(_sources_html(step))
    return "".join(parts)


_FONT = ('font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif;')
_RTL_FONT = ('[dir=rtl]{font-family: "Noto Naskh Arabic", "Vazirmatn", "DejaVu Sans", serif; '
             'font-size: 1.15em; line-height: 1.9;}')


# ---------------------------------------------------------------------------------------------
# The interactive lesson
# ---------------------------------------------------------------------------------------------

_LESSON_CSS = """
*{box-sizing:border-box} html,body{margin:0;height:100%}
body{%FONT% display:flex;flex-direction:column;background:#fafafa;color:#111}
header{padding:.5rem 1rem;background:#16324f;color:#fff;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header h1{font-size:1.2rem;margin:0;flex:1 1 auto}
#counter{font-weight:600}
#progress{width:12rem;height:.6rem;background:#ffffff44;border-radius:.3rem;overflow:hidden}
#bar{height:100%;background:#ffd166;width:0}
button{font:inherit;padding:.35rem .9rem;border-radius:.3rem;border:1px solid #fff;background:#fff;color:#16324f;cursor:pointer}
button:disabled{opacity:.4;cursor:default}
main{flex:1;display:flex;min-height:0}
#map{flex:3;min-height:300px;background:#cfe3ef}
#panel{flex:2;overflow:auto;padding:1rem 1.25rem;max-width:40rem;border-left:1px solid #ddd;background:#fff}
.step[hidden]{display:none}
.meta{color:#555;margin:0}
h2{margin:.3rem 0 .8rem;font-size:1.4rem}
figure.quote{margin:0 0 1rem;padding:.7rem 1rem;background:#f4f1ea;border-left:4px solid #16324f}
blockquote{margin:0 0 .4rem}
figcaption{display:flex;flex-direction:column;gap:.2rem;font-size:.9rem}
figcaption .en{font-weight:600}
figcaption .cite{color:#555}
.note{line-height:1.5}
.sources{font-size:.85rem;color:#333;padding-left:1.2rem}
.disagree{color:#8a3b00}
.warn{color:#8a3b00;font-weight:600}
.leaflet-tooltip{font-size:.85rem}
.leaflet-tooltip.hl-label{font-weight:600;background:#fffbe6;border-color:#16324f}
footer{font-size:.75rem;color:#555;padding:.2rem 1rem;background:#eee}
%RTL%
@media (max-width:800px){main{flex-direction:column}#panel{max-width:none;border-left:0}}
"""

_LESSON_JS = r"""
(function(){
  var data = JSON.parse(document.getElementById('lesson-data').textContent);
  var steps = data.steps, total = steps.length;
  var map = L.map('map', {attributionControl: false, zoomSnap: 0.25, preferCanvas: false});
  map.setView([40.3, 46.5], 6);
  var layers = {};
  data.features.forEach(function(f){
    var lyr = L.geoJSON({type: 'Feature', geometry: f.geometry, properties: {}}, {
      pointToLayer: function(feat, ll){ return L.circleMarker(ll, {radius: 6}); }
    });
    var tip = document.createElement('span');
    tip.textContent = f.name;
    lyr.bindTooltip(tip, {sticky: true});
    layers[f.id] = {layer: lyr, tip: tip, f: f};
  });
  var current = 0;
  function styleFor(fid, st, hl){
    var s = Object.assign({}, data.styles[st[0]]);
    if (hl){ s.weight = (s.weight || 2) + 3; s.opacity = 1; if (s.fillOpacity !== undefined) s.fillOpacity = Math.min(0.45, s.fillOpacity + 0.2); }
    s.className = 'f-' + fid + ' st-' + (st[1] || 'none') + (hl ? ' hl' : '');
    return s;
  }
  function draw(i){
    var step = steps[i], drawn = [], bounds = null;
    Object.keys(layers).forEach(function(fid){
      var rec = layers[fid], st = step.states[fid];
      map.removeLayer(rec.layer);
      if (!st) return;
      var hl = step.highlight.indexOf(fid) >= 0;
      // className is read when a path is created, so rebuild the layer with this step's style
      rec.layer = L.geoJSON({type: 'Feature', geometry: rec.f.geometry, properties: {}}, {
        style: function(){ return styleFor(fid, st, hl); },
        pointToLayer: function(feat, ll){ return L.circleMarker(ll, Object.assign({radius: hl ? 9 : 6}, styleFor(fid, st, hl))); }
      });
      rec.tip.textContent = rec.f.name + ' — ' + st[2];
      rec.layer.bindTooltip(rec.tip, hl ? {permanent: true, direction: 'auto', className: 'hl-label'} : {sticky: true});
      rec.layer.addTo(map);
      if (hl) rec.layer.bringToFront();
      drawn.push(fid);
      if (hl){ var b = rec.layer.getBounds(); bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast()); }
    });
    if (bounds && bounds.isValid()){
      map.flyToBounds(bounds.pad(0.35), {maxZoom: 9, duration: 0.8});
    }
    var el = document.getElementById('map');
    el.dataset.drawn = drawn.join(' ');
    el.dataset.step = String(i + 1);
    el.dataset.date = step.map_date || '';
  }
  function show(i, push){
    i = Math.max(0, Math.min(total - 1, i));
    current = i;
    document.querySelectorAll('.step').forEach(function(s, k){ s.hidden = (k !== i); });
    document.getElementById('counter').textContent = 'Step ' + (i + 1) + ' of ' + total;
    document.getElementById('bar').style.width = (100 * (i + 1) / total) + '%';
    document.getElementById('progress').setAttribute('aria-valuenow', String(i + 1));
    document.getElementById('prev').disabled = (i === 0);
    document.getElementById('next').disabled = (i === total - 1);
    document.title = data.lesson.title + ' — step ' + (i + 1);
    draw(i);
    if (push !== false && location.hash !== '#step-' + (i + 1)){
      location.hash = 'step-' + (i + 1);
    }
  }
  function fromHash(){
    var m = /^#step-(\d+)$/.exec(location.hash);
    return m ? parseInt(m[1], 10) - 1 : 0;
  }
  document.getElementById('prev').addEventListener('click', function(){ show(current - 1); });
  document.getElementById('next').addEventListener('click', function(){ show(current + 1); });
  document.addEventListener('keydown', function(e){
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowRight' || e.key === 'PageDown'){ show(current + 1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp'){ show(current - 1); e.preventDefault(); }
    else if (e.key === 'Home'){ show(0); e.preventDefault(); }
    else if (e.key === 'End'){ show(total - 1); e.preventDefault(); }
  });
  window.addEventListener('hashchange', function(){ var i = fromHash(); if (i !== current) show(i, false); });
  if (total) show(fromHash(), false);
  window.lessonReady = true;
})();
"""


def data_attribution(layers: Any) -> str | None:
    """The layers' data credit (the top-level ``attribution`` of ``features.geojson``), if any."""
    if isinstance(layers, dict) and isinstance(layers.get("attribution"), str):
        return layers["attribution"]
    attrs = getattr(layers, "attrs", None)
    value = attrs.get("attribution") if isinstance(attrs, dict) else None
    return value if isinstance(value, str) and value else None


def _credit_sentence(layers: Any) -> str:
    credit = data_attribution(layers)
    return f" Data: {esc(credit)}." if credit else ""


def render_lesson_html(lesson: Lesson, events: list[dict], layers_gdf: Any) -> str:
    """One self-contained, offline HTML file that steps through ``lesson`` on a map.

    Nothing is fetched: Leaflet, styles and data are inline; there is no tile layer (the country polygons
    are the base map).  Opens from ``file://``; ``#step-N`` in the URL opens step N.
    """
    payload = lesson_payload(lesson, events, layers_gdf)
    js, css = _leaflet_assets()
    sections = []
    for i, st in enumerate(payload["steps"]):
        sections.append(f'<section class="step" id="s-{st["n"]}" data-step="{st["n"]}"{"" if i == 0 else " hidden"}>'
                        f'{_step_body(st)}</section>')
    warnings = "".join(f'<p class="warn">{esc(w)}</p>' for w in payload["warnings"])
    total = len(payload["steps"])
    # the page's own data carries no quotes: those are in the escaped HTML above
    data = {"lesson": payload["lesson"], "features": payload["features"], "styles": payload["styles"],
            "steps": [{k: s[k] for k in ("n", "map_date", "highlight", "states")} for s in payload["steps"]]}
    style = _LESSON_CSS.replace("%FONT%", _FONT).replace("%RTL%", _RTL_FONT)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(lesson.title)}</title>"
        f"<style>{css}</style><style>{style}</style></head><body>"
        f'<header><h1>{bidi_text(lesson.title, "ltr")}</h1>'
        f'<button id="prev" type="button" aria-label="Previous step">← Previous</button>'
        f'<span id="counter" aria-live="polite">{f"Step 1 of {total}" if total else "No steps"}</span>'
        f'<div id="progress" role="progressbar" aria-valuemin="1" aria-valuemax="{total}" aria-valuenow="1"><div id="bar"></div></div>'
        f'<button id="next" type="button" aria-label="Next step">Next →</button></header>'
        f'<main><div id="map" role="img" aria-label="Map of the South Caucasus on the step’s date"></div>'
        f'<div id="panel">{warnings}<p class="desc">{bidi_text(lesson.description, "ltr")}</p>{"".join(sections)}</div></main>'
        '<footer>South Caucasus Atlas lesson · map drawn with Leaflet (BSD-2-Clause) from the atlas layers; '
        f'geometry simplified to about 1 km.{_credit_sentence(layers_gdf)} Use ← and → to step.</footer>'
        f'<script type="application/json" id="lesson-data">{embed_json(data)}</script>'
        f"<script>{js}</script><script>{_LESSON_JS}</script>"
        "</body></html>\n"
    )


# ---------------------------------------------------------------------------------------------
# The printable handout
# ---------------------------------------------------------------------------------------------

def _svg_map(payload: dict, step: dict, width: int = 560, height: int = 300) -> str:
    """A small static SVG of the step's state, framed on its highlighted features (no script)."""
    feats = {f["id"]: f for f in payload["features"]}
    lon0, lon1, lat0, lat1 = 40.0, 51.0, 37.0, 43.8  # the atlas's region
    hl = [h for h in step["highlight"] if h in feats]
    if hl:
        pts = []
        for h in hl:
            pts.extend(_coords(feats[h]["geometry"]))
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            pad = max(0.6, 0.25 * max(max(xs) - min(xs), max(ys) - min(ys)))
            lon0, lon1, lat0, lat1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    # keep the aspect ratio
    span_x, span_y = lon1 - lon0, lat1 - lat0
    if span_x / width > span_y / height:
        extra = span_x * height / width - span_y
        lat0, lat1 = lat0 - extra / 2, lat1 + extra / 2
    else:
        extra = span_y * width / height - span_x
        lon0, lon1 = lon0 - extra / 2, lon1 + extra / 2
    sx, sy = width / (lon1 - lon0), height / (lat1 - lat0)

    def pt(c):
        return f"{(c[0] - lon0) * sx:.1f},{(lat1 - c[1]) * sy:.1f}"

    out = []
    px = (lon1 - lon0) / width  # one pixel in degrees
    for fid, st in step["states"].items():
        f = feats.get(fid)
        if not f:
            continue
        s = payload["styles"][st[0]]
        is_hl = fid in hl
        w = (s.get("weight", 2) + (2 if is_hl else 0)) * 0.8
        attrs = (f'stroke="{esc(s.get("color", "#555"))}" stroke-width="{w:.1f}" '
                 f'stroke-opacity="{s.get("opacity", 0.9)}"'
                 + (f' stroke-dasharray="{esc(s["dashArray"])}"' if s.get("dashArray") else ""))
        g = _clipped(fid, f["geometry"], (lon0 - 4 * px, lat0 - 4 * px, lon1 + 4 * px, lat1 + 4 * px), px)
        if g is None:
            continue
        t = g["type"]
        if t in ("Polygon", "MultiPolygon"):
            polys = [g["coordinates"]] if t == "Polygon" else g["coordinates"]
            d = " ".join("M" + " L".join(pt(c) for c in ring) + " Z" for poly in polys for ring in poly)
            out.append(f'<path class="f-{esc(fid)}" d="{d}" fill="{esc(s.get("fillColor", "none"))}" '
                       f'fill-opacity="{s.get("fillOpacity", 0) if s.get("fillColor") else 0}" fill-rule="evenodd" {attrs}/>')
        elif t in ("LineString", "MultiLineString"):
            lines = [g["coordinates"]] if t == "LineString" else g["coordinates"]
            d = " ".join("M" + " L".join(pt(c) for c in line) for line in lines)
            out.append(f'<path class="f-{esc(fid)}" d="{d}" fill="none" {attrs}/>')
        elif t in ("Point", "MultiPoint"):
            for c in ([g["coordinates"]] if t == "Point" else g["coordinates"]):
                x, y = pt(c).split(",")
                out.append(f'<circle class="f-{esc(fid)}" cx="{x}" cy="{y}" r="{6 if is_hl else 4}" '
                           f'fill="{esc(s.get("fillColor", s.get("color", "#555")))}" {attrs}/>')
    labels = []
    for h in hl:
        cs = _coords(feats[h]["geometry"])
        if cs:
            cx = sum(c[0] for c in cs) / len(cs)
            cy = sum(c[1] for c in cs) / len(cs)
            x, y = pt((cx, cy)).split(",")
            labels.append(f'<text x="{x}" y="{y}" class="lbl">{esc(feats[h]["name"])}</text>')
    return (f'<svg class="map" viewBox="0 0 {width} {height}" width="100%" role="img" '
            f'aria-label="Map on {esc(step["date_label"])}">'
            f'<rect width="{width}" height="{height}" fill="#dcebf3"/>{"".join(out)}{"".join(labels)}</svg>')


def _clipped(fid: str, g: dict, box: tuple, px: float) -> dict | None:
    """The part of a GeoJSON geometry inside ``box``, simplified to about a pixel (keeps the handout small)."""
    from shapely.geometry import box as _box, shape

    geom = shape(g)
    if geom.geom_type not in ("Point", "MultiPoint"):
        # clip_by_rect does not need valid input (rounded coordinates may touch themselves)
        geom = shapely.simplify(shapely.clip_by_rect(geom, *box), px, preserve_topology=True)
    elif not geom.intersects(_box(*box)):
        return None
    if geom.is_empty:
        return None
    if geom.geom_type == "GeometryCollection":
        parts = [p for p in geom.geoms if p.geom_type in ("Polygon", "MultiPolygon", "LineString", "MultiLineString")]
        if not parts:
            return None
        geom = max(parts, key=lambda p: p.area or p.length)
    return mapping(geom)


def _coords(g: dict) -> list:
    t, c = g["type"], g["coordinates"]
    if t == "Point":
        return [c]
    if t in ("MultiPoint", "LineString"):
        return list(c)
    if t in ("MultiLineString", "Polygon"):
        return [p for part in c for p in part]
    if t == "MultiPolygon":
        return [p for poly in c for ring in poly for p in ring]
    return []


_HANDOUT_CSS = """
body{%FONT% max-width:46rem;margin:1.5rem auto;padding:0 1rem;color:#111;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}
.step{border-top:2px solid #16324f;padding-top:.6rem;margin-top:1.4rem}
.meta{color:#444;margin:0}
h2{font-size:1.25rem;margin:.2rem 0 .6rem}
svg.map{border:1px solid #bbb;margin:.4rem 0}
svg .lbl{font-size:12px;font-weight:600;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:3px}
figure.quote{margin:.6rem 0;padding:.5rem .8rem;border-left:4px solid #16324f;background:#f4f1ea}
blockquote{margin:0 0 .3rem}
figcaption{font-size:.9rem;display:flex;flex-direction:column}
figcaption .en{font-weight:600}
.sources{font-size:.85rem}
.disagree{color:#8a3b00}
.warn{color:#8a3b00;font-weight:600}
%RTL%
@media print{
  body{margin:0;max-width:none;font-size:11pt}
  .step{break-before:page;page-break-before:always;border-top:0;break-inside:avoid-page}
  .step:first-of-type{break-before:auto;page-break-before:auto}
  figure.quote{background:none}
  .noprint{display:none}
}
@page{margin:1.6cm}
"""


def render_handout_html(lesson: Lesson, events: list[dict], layers_gdf: Any) -> str:
    """A print-styled page: one section per step (page breaks between), static map, quotes, sources."""
    payload = lesson_payload(lesson, events, layers_gdf)
    sections = []
    for st in payload["steps"]:
        sections.append(f'<section class="step" id="step-{st["n"]}"><p class="meta">Step {st["n"]} of '
                        f'{len(payload["steps"])}</p>{_svg_map(payload, st)}{_step_body(st)}</section>')
    warnings = "".join(f'<p class="warn">{esc(w)}</p>' for w in payload["warnings"])
    style = _HANDOUT_CSS.replace("%FONT%", _FONT).replace("%RTL%", _RTL_FONT)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{esc(lesson.title)} — handout</title><style>{style}</style></head><body>"
        f"<h1>{bidi_text(lesson.title, 'ltr')}</h1><p class=\"desc\">{bidi_text(lesson.description, 'ltr')}</p>"
        f"<p class=\"noprint\">Print this page (Ctrl+P): each step starts on a new page.</p>"
        f"{warnings}{''.join(sections)}"
        f'<p class="credits">South Caucasus Atlas handout.{_credit_sentence(layers_gdf)}</p></body></html>\n'
    )


def main(argv: list[str] | None = None) -> int:
    """CLI: ``python -m app.classroom.lesson_html LESSON.json OUT.html [--handout]`` using the real data."""
    import argparse

    from app.classroom.lessons import _load_everything, load_lesson

    ap = argparse.ArgumentParser(prog="python -m app.classroom.lesson_html")
    ap.add_argument("lesson")
    ap.add_argument("out", type=Path)
    ap.add_argument("--handout", action="store_true")
    a = ap.parse_args(argv)
    events, gdf = _load_everything()
    lesson = load_lesson(a.lesson)
    render = render_handout_html if a.handout else render_lesson_html
    a.out.write_text(render(lesson, events, gdf), encoding="utf-8")
    print(f"wrote {a.out} ({a.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
