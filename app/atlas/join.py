"""Annotation rows joined to the layers: geometry and containing regions.

Each place mention (an annotation row of ``kind == "place"`` whose ``id`` is a
feature of the layers) gets its feature's ``geometry`` and ``within``: the ids
of the regions and countries that contain the feature, smallest first. A
mention of Meghri is within ``["syunik", "armenia"]``.

Containment is a spatial join with geopandas over the layers' country and
region polygons (``kind`` ``country`` or ``region``):

* points: the polygon covers the point (``sjoin`` with ``covered_by``);
* lines (corridors, railways, pipelines): at least ``LINE_SHARE`` of the line's
  length lies in the polygon (the Zangezur corridor is within Armenia and
  Syunik, a pipeline within every country it crosses for a real stretch);
* polygons (regions, seas): at least ``AREA_SHARE`` of the area lies in the
  polygon (Syunik within Armenia; a country is never within another one).

Shares are computed in an equal-area projection (EPSG:6933). Boundaries are as
good as the layers' (about 2 km for regions, see ``docs/DATA.md``).

Functions
---------
containment(layers)                        -> {feature id: [container ids, smallest first]}
join_layers(rows, layers=None)             -> GeoDataFrame of place mentions
mention_counts(rows, layers=None, rollup=True) -> {feature id: count}
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

import geopandas as gpd
import pandas as pd

__all__ = ["CONTAINER_KINDS", "LINE_SHARE", "AREA_SHARE", "containment", "join_layers",
           "mention_counts"]

#: Feature kinds that can contain other features.
CONTAINER_KINDS = ("country", "region")
#: Share of a line's length inside a polygon for the line to count as within it.
LINE_SHARE = 0.10
#: Share of a polygon's area inside another for it to count as within it.
AREA_SHARE = 0.50

_EQUAL_AREA = "EPSG:6933"


def _as_layers(layers) -> gpd.GeoDataFrame:
    """A GeoDataFrame with columns ``id``, ``kind``, ``geometry`` (EPSG:4326)."""
    if layers is None or isinstance(layers, (str, bytes)) or hasattr(layers, "__fspath__"):
        from app.atlas.layers import load_layers
        layers = load_layers(layers)
    if not isinstance(layers, gpd.GeoDataFrame):
        raise TypeError("layers must be a GeoDataFrame, a path or None")
    gdf = layers
    if "id" not in gdf.columns:
        gdf = gdf.reset_index().rename(columns={"index": "id"})
    if "kind" not in gdf.columns:
        raise ValueError("layers need a 'kind' column")
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    gdf = gdf[["id", "kind", "geometry"]].reset_index(drop=True)
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    return gdf.drop_duplicates("id")


_CACHE: dict = {}


def containment(layers) -> dict[str, list[str]]:
    """For every feature, the ids of the countries/regions that contain it, smallest first.

    Cached per layers content (ids, kinds and geometries), so repeated calls on
    the same layers are free.
    """
    gdf = _as_layers(layers)
    key = (tuple(gdf["id"]), tuple(gdf["kind"]),
           tuple(g.wkb for g in gdf.geometry))
    if key in _CACHE:
        return _CACHE[key]

    ea = gdf.to_crs(_EQUAL_AREA)
    containers = ea[ea["kind"].isin(CONTAINER_KINDS)].copy()
    containers = containers[containers.geom_type.isin(("Polygon", "MultiPolygon"))]
    containers["c_area"] = containers.area
    out: dict[str, list[tuple[float, str]]] = {fid: [] for fid in gdf["id"]}
    if len(containers):
        cand = gpd.sjoin(ea[["id", "kind", "geometry"]],
                         containers[["id", "c_area", "geometry"]].rename(columns={"id": "cid"}),
                         how="inner", predicate="intersects")
        cand = cand[cand["id"] != cand["cid"]]
        cgeom = containers.set_index("id").geometry
        for fid, kind, geom, cid, carea in zip(cand["id"], cand["kind"], cand.geometry,
                                               cand["cid"], cand["c_area"]):
            if kind == "country":
                continue
            poly = cgeom[cid]
            gt = geom.geom_type
            if gt in ("Point", "MultiPoint"):
                ok = poly.covers(geom)
            elif gt in ("LineString", "MultiLineString"):
                ok = geom.length > 0 and poly.intersection(geom).length / geom.length >= LINE_SHARE
            else:
                ok = geom.area > 0 and poly.intersection(geom).area / geom.area >= AREA_SHARE \
                    and geom.area < carea
            if ok:
                out[fid].append((carea, cid))
    result = {fid: [cid for _a, cid in sorted(v)] for fid, v in out.items()}
    _CACHE.clear()  # keep one entry: layers rarely change within a process
    _CACHE[key] = result
    return result


def join_layers(rows: Iterable[dict], layers=None) -> gpd.GeoDataFrame:
    """Place mentions with their feature's ``geometry`` and ``within`` (EPSG:4326).

    ``rows`` are annotation rows (``app.annotate``); ``layers`` is the layers
    GeoDataFrame (``app.atlas.layers.load_layers``), a path to a layers file, or None
    for the repository's. Only rows of kind ``place`` whose id is a feature are
    kept (ambiguous mentions, actors and dates have no geometry); each keeps
    all its fields. ``within`` lists container ids, smallest first.
    """
    gdf = _as_layers(layers)
    inside = containment(gdf)
    geom_of = dict(zip(gdf["id"], gdf.geometry))
    kept = [dict(r) for r in rows if r.get("kind") == "place" and r.get("id") in geom_of]
    for r in kept:
        r["within"] = list(inside.get(r["id"], []))
    columns = list(kept[0].keys()) if kept else ["doc", "kind", "id", "start", "end", "text",
                                                   "within"]
    frame = pd.DataFrame(kept, columns=columns)
    return gpd.GeoDataFrame(frame, geometry=[geom_of[r["id"]] for r in kept], crs="EPSG:4326")


def mention_counts(rows: Iterable[dict], layers=None, rollup: bool = True) -> dict[str, int]:
    """Number of mentions per feature id (features of the layers only).

    With ``rollup`` a mention also counts for every region and country that
    contains its feature: two mentions of Meghri and one of Syunik give
    ``meghri: 2, syunik: 3, armenia: 3``. Ids with no mention are left out.
    """
    gdf = _as_layers(layers)
    ids = set(gdf["id"])
    direct = Counter(r["id"] for r in rows
                     if r.get("kind") != "date" and r.get("id") in ids)
    if not rollup:
        return dict(direct)
    inside = containment(gdf)
    total: Counter = Counter(direct)
    for fid, n in direct.items():
        for cid in inside.get(fid, []):
            total[cid] += n
    return dict(total)
