"""The handout's small static SVG map of a step: the step's states, framed on its highlights, labels that never overlap."""
from __future__ import annotations

from typing import Callable

import shapely
from shapely.geometry import mapping

from app.gazetteer.names import without_asides
from app.safe_html import esc

__all__ = ["svg_map", "declutter", "label_box", "LABEL_PX"]

#: the labels' type size (``svg .lbl`` in app/web/handout.css)
LABEL_PX = 12.0
_LINE = 1.35 * LABEL_PX + 1     # a label box high and a pixel


def label_box(name: str, x: float, y: float) -> tuple[float, float, float, float]:
    """The box a centred label takes, generously estimated (bold sans: ~0.62 em a letter, stroke 1.5 px)."""
    w = 0.62 * LABEL_PX * len(name) + 3
    return x - w / 2, y - LABEL_PX, x + w / 2, y + 0.35 * LABEL_PX


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def declutter(labels: list[tuple[str, float, float]], width: float, height: float) -> list[tuple[str, float, float]]:
    """Labels in priority order (most important first), kept inside the map; one that would overlap a label
    already kept moves a line down or up if that clears it, else is dropped, as the map renderer does."""
    kept: list[tuple[str, float, float]] = []
    boxes: list[tuple] = []
    for name, x0, y0 in labels:
        for dy in (0.0, _LINE, -_LINE):
            x, y = x0, y0 + dy
            bx0, by0, bx1, by1 = label_box(name, x, y)
            x += max(0.0, 2 - bx0) - max(0.0, bx1 - (width - 2))          # slide inside the edges
            y += max(0.0, 2 - by0) - max(0.0, by1 - (height - 2))
            box = label_box(name, x, y)
            if not any(_overlap(box, b) for b in boxes):
                kept.append((name, x, y))
                boxes.append(box)
                break
    return kept


def _label_points(feats: dict, hl: list[str], pt: Callable, names: dict) -> list[tuple[str, float, float]]:
    """Each highlighted feature's name on the step's date (``names``, else its own) at the mean of its
    coordinates, in the step's order."""
    out: list[tuple[str, float, float]] = []
    for h in hl:
        cs = _coords(feats[h]["geometry"])
        if cs:
            x, y = pt((sum(c[0] for c in cs) / len(cs), sum(c[1] for c in cs) / len(cs)))
            name = str(names.get(h) or feats[h]["name"])
            # the corridor's strip beside the corridor: one name, not "Lachin corridor" twice on top of itself
            # (a longer phrase of the same name: "Lachin corridor strip" after "Lachin corridor", not the
            # corridor after the town "Lachin (Berdzor)")
            if any(without_asides(name).startswith(without_asides(n) + " ") and n == without_asides(n)
                   and abs(x - x0) + abs(y - y0) < 60 for n, x0, y0 in out):
                continue
            out.append((name, x, y))
    return out


def _context_points(feats: dict, hl: list[str], pt: Callable, step: dict, width: float,
                    height: float) -> list[tuple[str, float, float]]:
    """Names that let a class find its way on a handout map: the countries, then the towns, drawn on the step's
    date inside the frame (after the highlighted features, so the declutter drops these first)."""
    from shapely.geometry import shape

    out = []
    names = step.get("names") or {}
    for kind in ("country", "place"):
        for fid, f in feats.items():
            if fid in hl or f.get("kind") != kind or fid not in step["states"]:
                continue
            geom = shape(f["geometry"])
            c = geom.representative_point() if kind == "country" else geom.centroid
            x, y = pt((c.x, c.y))
            if 4 <= x <= width - 4 and 4 <= y <= height - 4:
                out.append((str(names.get(fid) or f["name"]), x, y - (7 if kind == "place" else 0)))
    return out


def _drawn(f: dict, step: dict) -> dict:
    """The feature as drawn on the step's date: a re-routed road on the route of that date."""
    i = (step.get("routes") or {}).get(f["id"])
    return f if i is None else {**f, "geometry": f["geometries"][i]["geometry"]}


def svg_map(payload: dict, step: dict, width: int = 560, height: int = 300) -> str:
    """A small static SVG of the step's state, framed as the step says (its ``bounds``), else on its highlighted
    features; the highlighted features named, then the countries and towns in the frame (no script)."""
    feats = {f["id"]: _drawn(f, step) for f in payload["features"]}
    lon0, lon1, lat0, lat1 = 40.0, 51.0, 37.0, 43.8  # the atlas's region
    hl = [h for h in step["highlight"] if h in feats]
    bounds = step.get("bounds")       # the step's own framing ([[south, west], [north, east]]), as on screen
    if bounds:
        (lat0, lon0), (lat1, lon1) = bounds
    elif hl:
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

    def pt(c) -> tuple[float, float]:
        return (c[0] - lon0) * sx, (lat1 - c[1]) * sy

    def ptxt(c) -> str:
        x, y = pt(c)
        return f"{x:.1f},{y:.1f}"

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
            d = " ".join("M" + " L".join(ptxt(c) for c in ring) + " Z" for poly in polys for ring in poly)
            out.append(f'<path class="f-{esc(fid)}" d="{d}" fill="{esc(s.get("fillColor", "none"))}" '
                       f'fill-opacity="{s.get("fillOpacity", 0) if s.get("fillColor") else 0}" fill-rule="evenodd" {attrs}/>')
        elif t in ("LineString", "MultiLineString"):
            lines = [g["coordinates"]] if t == "LineString" else g["coordinates"]
            d = " ".join("M" + " L".join(ptxt(c) for c in line) for line in lines)
            out.append(f'<path class="f-{esc(fid)}" d="{d}" fill="none" {attrs}/>')
        elif t in ("Point", "MultiPoint"):
            for c in ([g["coordinates"]] if t == "Point" else g["coordinates"]):
                x, y = pt(c)
                out.append(f'<circle class="f-{esc(fid)}" cx="{x:.1f}" cy="{y:.1f}" r="{6 if is_hl else 4}" '
                           f'fill="{esc(s.get("fillColor", s.get("color", "#555")))}" {attrs}/>')
    own = _label_points(feats, hl, pt, step.get("names") or {})
    kept = declutter(own + _context_points(feats, hl, pt, step, width, height), width, height)
    own_names = {name for name, _x, _y in own}
    labels = "".join(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
                     f'class="{"lbl" if name in own_names else "lbl ctx"}">{esc(name)}</text>'
                     for name, x, y in kept)
    return (f'<svg class="map" viewBox="0 0 {width} {height}" width="100%" role="img" '
            f'aria-label="Map on {esc(step["date_label"])}">'
            f'<rect width="{width}" height="{height}" fill="#dcebf3"/>{"".join(out)}{labels}</svg>')


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
