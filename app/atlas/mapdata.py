"""What the browser renderer needs, once per page: every feature with its periods, drawn geometry and label point."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable, Mapping

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

from app.atlas.layers import LAYERS
from app.atlas.styles import LAYER_TITLES, palette

__all__ = ["map_payload", "display_geometry", "label_point", "credits", "CENTER", "ZOOM", "MIN_DAY",
           "DISPLAY_TOLERANCE", "CONTEXT_TOLERANCE", "LABEL_PRIORITY"]

#: Initial view (Batumi–Baku, Kars–Astara at the first zoom).
CENTER = (40.3, 46.5)
ZOOM = 7
#: Earliest date the controls offer (the NKAO was created in 1923).
MIN_DAY = _dt.date(1923, 1, 1)
#: Simplification tolerance for drawing (degrees, about 50 m: below a pixel up to zoom 11) and the
#: decimals kept (4 = about 10 m, well under the 50 m tolerance).  Exports keep the full geometry.
DISPLAY_TOLERANCE = 0.0005
DISPLAY_DECIMALS = 4
#: Background polygons (neighbouring countries, seas) are simplified more (about 1 km).
CONTEXT_TOLERANCE = 0.01
FOCUS_COUNTRIES = {"armenia", "azerbaijan", "georgia"}
#: Regions outrank towns, whose dots stay (with a tooltip) when their label is hidden.
LABEL_PRIORITY = {"country": 3000, "sea": 3000, "region": 2500, "place": 1000, "base": 900, "mission": 900,
                  "corridor": 1050, "railway": 700, "pipeline": 650}
#: Lines (corridors, railways, pipelines) are named beside their middle. The corridors are what the atlas is
#: about: their names come before a town's (whose dot keeps its hover text), after a capital's; railways and
#: pipelines give way to every point but come before the rivers (water.py).
LINE_KINDS = ("corridor", "railway", "pipeline")
#: Where along a line its name may sit (fractions of its longest stretch in the first view, in order of
#: preference) and how far, in degrees (about 40 km, 70 px at zoom 8), from another line's name.
LINE_LABEL_AT = (0.5, 0.35, 0.65, 0.25, 0.75, 0.15, 0.85)
LINE_LABEL_GAP = 0.4
#: Pieces of ground held by one side or the other (``group`` control or exclave) are named after the towns and
#: bases: "Jabrayil district (Armenian-held 1993–2020)" hid Horadiz at the first zoom. Their map labels also
#: drop a trailing aside (the card and the hover text keep the whole name).
HELD_PRIORITY = 800
#: A capital's name (a state's, Nakhchivan's, Karabakh's: ``capital`` in the data) comes before other towns':
#: on the days of the blockade and the offensive, Shusha and Lachin, much mentioned, had taken Stepanakert's room.
CAPITAL_PRIORITY = 1100
#: The first view, south-west and north-east corners (lat, lon): Kars and Batumi to Baku and Astara.
FIRST_VIEW = [[38.35, 41.55], [41.75, 49.95]]
#: (word to look for in a feature's sources and geometry note, credit to show)
CREDITS = [("openstreetmap", "Borders © OpenStreetMap contributors (ODbL)"), ("natural earth", "Natural Earth"),
           ("global energy monitor", "Pipelines: Global Energy Monitor (CC BY 4.0)")]
#: About the area the initial view shows (lon/lat box around CENTER at ZOOM).
LABEL_BOX = shapely.box(CENTER[1] - 3.0, CENTER[0] - 1.7, CENTER[1] + 3.0, CENTER[0] + 1.7)


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


def _line_middle(geom, taken: Iterable[tuple[float, float]] = ()):
    """The middle of the longest stretch of a line inside the first view (else of the whole line), or, when
    that is within LINE_LABEL_GAP of a ``taken`` (lat, lon), the first point of LINE_LABEL_AT along the
    stretch that is not (the middle again if none is free)."""
    part = geom.intersection(LABEL_BOX)
    if part.is_empty:
        part = geom
    lines = [g for g in getattr(part, "geoms", [part]) if g.geom_type == "LineString"]
    if not lines:
        return geom.representative_point()
    stretch = max(lines, key=lambda g: g.length)
    taken = [shapely.Point(lon, lat) for lat, lon in taken]
    for at in LINE_LABEL_AT:
        p = stretch.interpolate(at, normalized=True)
        if all(p.distance(t) >= LINE_LABEL_GAP for t in taken):
            return p
    return stretch.interpolate(0.5, normalized=True)


def _spread_line_labels(feats: list[dict[str, Any]], rows: list[Mapping]) -> None:
    """Move the label points of lines that share a route apart (BTC, the South Caucasus Pipeline and the
    Baku–Tbilisi–Kars railway run side by side: their middles lay together and their names stacked into a
    list), highest priority first, each along its own line."""
    taken: list[tuple[float, float]] = []
    pairs = [(f, r) for f, r in zip(feats, rows) if f["kind"] in LINE_KINDS]
    for f, row in sorted(pairs, key=lambda fr: -fr[0]["prio"]):
        p = _line_middle(row["geometry"], taken)
        f["label"] = [round(p.y, 5), round(p.x, 5)]
        taken.append((p.y, p.x))


def label_point(geom) -> tuple[float, float]:
    """Where a label goes (lat, lon): the pole of inaccessibility of the largest polygon part inside the
    first view (labels sit in open country rather than on the capital), the middle of a line's longest
    stretch inside it, else a representative point."""
    if geom.geom_type in ("LineString", "MultiLineString"):
        p = _line_middle(geom)
        return round(p.y, 5), round(p.x, 5)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        in_view = geom.intersection(LABEL_BOX)
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
    return round(p.y, 5), round(p.x, 5)


def credits(rows: Iterable[Mapping]) -> list[str]:
    """Credits for the data sets the features' geometry comes from."""
    text = " ".join(
        f"{row.get('geometry_note') or ''} " + " ".join(f"{s.get('title', '')} {s.get('publisher', '')}"
                                                      for s in (row.get("sources") or []))
        for row in rows).lower()
    return [credit for word, credit in CREDITS if word in text]


def _period(p: Mapping) -> dict[str, Any]:
    out = {"start": p.get("start"), "end": p.get("end"), "status": p.get("status"),
           "label": p.get("label") or p.get("status")}
    if p.get("present") is False:
        out["present"] = False
    if p.get("name"):
        out["name"] = p["name"]       # the feature's name in this period (the Armenian SSR before 1991)
    return out


def _geometries(row: Mapping) -> list[dict[str, Any]]:
    """A feature's ``geometry_periods`` as drawn (a re-routed road): ``[{start, end, geometry, label}]``."""
    entries, out = row.get("geometry_periods"), []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, Mapping) or not entry.get("geometry"):
            continue
        geom = shape(entry["geometry"])
        label = label_point(geom) if row["kind"] in LABEL_PRIORITY else None
        out.append({"start": entry.get("start"), "end": entry.get("end"), "label": list(label) if label else None,
                    "geometry": mapping(display_geometry(geom, _tolerance(row)))})
    return out


def _feature(row: Mapping) -> dict[str, Any]:
    # bases too are named; a line's label point is placed by _spread_line_labels, beside the other lines'
    label = label_point(row["geometry"]) if row["kind"] in LABEL_PRIORITY and row["kind"] not in LINE_KINDS \
        else None
    out = {"id": row["id"], "name": str(row["name"]), "kind": row["kind"], "layer": row["layer"],
           "periods": [_period(p) for p in (row.get("periods") or [])],
           "label": list(label) if label else None, "prio": LABEL_PRIORITY.get(row["kind"], 0),
           "geometry": mapping(display_geometry(row["geometry"], _tolerance(row)))}
    if row.get("map_name"):
        out["map_name"] = str(row["map_name"])   # the label's text (the card and the hover text keep ``name``)
    zoom = row.get("label_zoom")
    if zoom is not None and zoom == zoom:          # (NaN in a GeoDataFrame column where it is not set)
        out["label_zoom"] = int(zoom)             # named from this zoom; below it its dot blocks no other name
    if row.get("group") in ("control", "exclave"):
        out["group"] = row["group"]
        out["prio"] = HELD_PRIORITY
    if bool(row.get("capital")) and row["kind"] == "place":
        out["prio"] = CAPITAL_PRIORITY
    geometries = _geometries(row)
    if geometries:
        out["geometries"] = geometries     # the renderer draws the one whose period covers the date
    return out


def map_payload(gdf: gpd.GeoDataFrame, on: _dt.date, layers: Iterable[str] | None = None,
                counts: Mapping[str, int] | None = None, events: Iterable[Mapping] | None = None,
                years: str | None = None, min_day: _dt.date = MIN_DAY, max_day: _dt.date | None = None) -> dict:
    """Every feature that can be drawn (not ``off_map``) with its periods, in drawing order, the rivers
    and lakes (``water``), plus the palette, layer titles, dated events ``[{date, title}]`` and the date to show first."""
    rows = [r for _, r in gdf.iterrows() if not bool(r.get("off_map"))]
    order = {layer: i for i, layer in enumerate(LAYERS)}
    rows.sort(key=lambda r: order.get(r["layer"], 99))
    max_day = max_day or _dt.date.today()
    from app.atlas.water import water_payload      # water.py reads this module's label helpers
    feats = [_feature(r) for r in rows]
    _spread_line_labels(feats, rows)
    return {
        "features": feats,
        "water": water_payload(gdf.attrs.get("path")),   # rivers and lakes: undated, drawn under the rest
        "events": [{"date": str(e["date"]), "title": str(e["title"])} for e in (events or ()) if e.get("date")],
        "palette": palette(), "layers": list(LAYERS), "titles": dict(LAYER_TITLES),
        "visible": [layer for layer in LAYERS if layers is None or layer in set(layers)],
        "counts": {k: int(v) for k, v in counts.items()} if counts is not None else None,
        "date": min(max(on, min_day), max_day).isoformat(), "min_day": min_day.isoformat(),
        "max_day": max_day.isoformat(), "years": years, "credits": credits(rows), "view": FIRST_VIEW,
    }
