"""The layers as one GeoJSON FeatureCollection in WGS 84: a dict, UTF-8 bytes, or a file.

Every feature keeps id, kind, layer, names, description, periods, sources, notes and geometry,
and the layers' ``attribution`` (the data licence) rides along as a top-level member.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
import sys
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import mapping, shape

from app.atlas.layers import load_layers, route_on, state_on

__all__ = ["features_geojson", "features_on", "geojson_bytes", "write_geojson"]

_SKIP = {"geometry"}


def _clean(value: Any) -> Any:
    """JSON-safe value: NaN -> None, numpy scalars -> Python."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def features_geojson(gdf: gpd.GeoDataFrame) -> dict:
    """The layers as a GeoJSON FeatureCollection dict (WGS 84; every property kept).

    The layers' ``attribution`` (the data licence, kept by :func:`app.atlas.layers.load_layers` in
    ``gdf.attrs``) is carried as a top-level member, as in ``geodata/features.geojson``.
    """
    credit = gdf.attrs.get("attribution")
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    feats = []
    for _, row in gdf.iterrows():
        props = {k: _clean(v) for k, v in row.items() if k not in _SKIP}
        feats.append({"type": "Feature", "id": props["id"], "properties": props,
                      "geometry": mapping(row.geometry)})
    out = {"type": "FeatureCollection"}
    if credit:
        out["attribution"] = credit
    out["features"] = feats
    return out


def features_on(gdf: gpd.GeoDataFrame, on: _dt.date) -> gpd.GeoDataFrame:
    """The features drawn on ``on`` (a period covers the date), each with that period's ``status``,
    ``label`` (the status when the period has none), ``controlled_by`` (actor or feature id of the
    holder, or None), ``present``, ``period_sources`` and ``name_on_date`` (the period's ``name``, else the
    feature's), plus ``as_of`` (the ISO date). A feature whose
    ``geometry_periods`` cover the date (a road re-routed, docs/DATA.md) gets that period's geometry."""
    rows, keep = {k: [] for k in ("status", "label", "controlled_by", "present", "period_sources",
                                  "name_on_date")}, []
    for fid, periods, name in zip(gdf.index, gdf["periods"], gdf["name"]):
        period = state_on(periods, on)
        if period is None:
            continue
        keep.append(fid)
        rows["status"].append(period.get("status"))
        rows["label"].append(period.get("label") or period.get("status"))
        rows["controlled_by"].append(period.get("controlled_by"))
        rows["present"].append(bool(period["present"]))
        rows["period_sources"].append(list(period.get("sources") or []))
        rows["name_on_date"].append(period.get("name") or name)
    out = gdf.loc[keep].copy()
    for key, values in rows.items():
        out[key] = pd.Series(values, index=out.index, dtype=object)
    out["as_of"] = on.isoformat()
    if "geometry_periods" in out.columns:
        geoms = list(out.geometry)
        for i, entries in enumerate(out["geometry_periods"]):
            k = route_on(entries, on)
            if k >= 0:
                geoms[i] = shape(entries[k]["geometry"])
        out = out.set_geometry(gpd.GeoSeries(geoms, index=out.index, crs=out.crs))
    return out


def geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """:func:`features_geojson` as UTF-8 JSON bytes (what the app's download button offers)."""
    return json.dumps(features_geojson(gdf), ensure_ascii=False).encode("utf-8")


def write_geojson(out: str | os.PathLike, gdf: gpd.GeoDataFrame | None = None,
                  geodata: str | os.PathLike | None = None, as_of: _dt.date | None = None) -> int:
    """Write the FeatureCollection to ``out`` (``-`` = stdout), only what is drawn on ``as_of`` when
    given (:func:`features_on`); return the number of features."""
    if gdf is None:
        gdf = load_layers(geodata)
    if as_of is not None:
        gdf = features_on(gdf, as_of)
    data = geojson_bytes(gdf)
    if str(out) == "-":
        sys.stdout.buffer.write(data + b"\n")
        sys.stdout.flush()
    else:
        Path(out).write_bytes(data)
    return len(gdf)
