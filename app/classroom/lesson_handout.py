"""The printable lesson handout: one page per step with a small SVG map of the step's state, quotes, sources."""
from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import mapping

from app.atlas.timemap import web_css
from app.classroom.lesson_data import credit_sentence, lesson_payload
from app.classroom.lesson_text import step_body
from app.classroom.lessons import Lesson
from app.safe_html import bidi_text, esc

__all__ = ["render_handout_html"]


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


def render_handout_html(lesson: Lesson, events: list[dict], layers_gdf: Any) -> str:
    """A print-styled page: one section per step (page breaks between), static map, quotes, sources."""
    payload = lesson_payload(lesson, events, layers_gdf)
    sections = []
    for st in payload["steps"]:
        sections.append(f'<section class="step" id="step-{st["n"]}"><p class="meta">Step {st["n"]} of '
                        f'{len(payload["steps"])}</p>{_svg_map(payload, st)}{step_body(st)}</section>')
    warnings = "".join(f'<p class="warn">{esc(w)}</p>' for w in payload["warnings"])
    style = web_css(("lesson_handout.css",))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{esc(lesson.title)} — handout</title><style>{style}</style></head><body>"
        f"<h1>{bidi_text(lesson.title, 'ltr')}</h1><p class=\"desc\">{bidi_text(lesson.description, 'ltr')}</p>"
        f"<p class=\"noprint\">Print this page (Ctrl+P): each step starts on a new page.</p>"
        f"{warnings}{''.join(sections)}"
        f'<p class="credits">South Caucasus Atlas handout.{credit_sentence(layers_gdf)}</p></body></html>\n'
    )
