"""Read the hand-curated feature and name tables and turn them into atlas Feature properties.

Inputs (owned by other engineers, read only here):

* ``geodata/curated/features.json``: per feature id its ``kind``, ``layer``, ``description``,
  ``periods``, ``sources`` and, for every non-polygon feature, a GeoJSON ``geometry``. Accepted
  shapes: ``{"features": [{"id": ...}, ...]}``, ``[{"id": ...}, ...]`` or ``{id: {...}, ...}``.
* ``geodata/curated/names.json``: ``{id: {"display": {lang: name}, "aliases": ...}}``.

Output properties follow ``docs/DATA.md``. Problems are collected as ``CurationError`` with the
feature id in the message; the build stops on them rather than writing a broken layer.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

#: kind -> toggle layer (docs/DATA.md)
LAYER_OF_KIND = {
    "country": "borders", "sea": "borders", "region": "regions",
    "corridor": "corridors", "railway": "corridors", "pipeline": "pipelines",
    "base": "bases", "mission": "bases", "place": "places",
}
#: kind -> allowed GeoJSON geometry types
GEOMETRY_TYPES = {
    "country": {"Polygon", "MultiPolygon"},
    "sea": {"Polygon", "MultiPolygon"},
    "region": {"Polygon", "MultiPolygon", "Point", "MultiPoint"},
    "corridor": {"LineString", "MultiLineString"},
    "railway": {"LineString", "MultiLineString"},
    "pipeline": {"LineString", "MultiLineString"},
    "base": {"Point"},
    "mission": {"Point"},
    "place": {"Point"},
}
#: languages allowed in a Feature's ``names`` (docs/DATA.md)
FEATURE_LANGS = ("en", "ar", "fa", "sv", "ru", "hy", "az", "tr")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PRECISION = {4: "year", 7: "month", 10: "day"}


class CurationError(ValueError):
    """Invalid curated data; the message names the feature."""


def load_json(path: Path) -> Any | None:
    """Parsed JSON, or None if the file does not exist. A file that exists but does not parse is
    an error (with the position), not a silent skip."""
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CurationError(f"{path}: not valid JSON: {exc}") from exc


def curated_records(data: Any) -> dict[str, dict]:
    """Normalise the accepted shapes of ``features.json`` to ``{id: record}``.

    Keys starting with ``_`` or ``$`` at the top level (comments, schema) are ignored."""
    if data is None:
        return {}
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        data = data["features"]
    records: dict[str, dict] = {}
    if isinstance(data, list):
        for i, rec in enumerate(data):
            if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
                raise CurationError(f"features.json: entry {i} has no string 'id'")
            if rec["id"] in records:
                raise CurationError(f"features.json: duplicate id {rec['id']!r}")
            records[rec["id"]] = rec
    elif isinstance(data, dict):
        for key, rec in data.items():
            if key.startswith(("_", "$")):
                continue
            if not isinstance(rec, dict):
                raise CurationError(f"features.json: {key!r} is not an object")
            if "id" in rec and rec["id"] != key:
                raise CurationError(f"features.json: key {key!r} holds id {rec['id']!r}")
            records[key] = {**rec, "id": key}
    else:
        raise CurationError("features.json: expected an object or a list")
    for fid in records:
        if not _ID.match(fid):
            raise CurationError(f"features.json: id {fid!r} is not snake_case")
    return records


def curated_geometry(rec: dict) -> BaseGeometry | None:
    """The record's geometry as shapely, or None if it has none. Accepts a GeoJSON ``geometry``
    object, or ``lon``/``lat`` (also ``lng``) numbers for a point."""
    fid = rec["id"]
    geo = rec.get("geometry")
    if geo is None and "lat" in rec and ("lon" in rec or "lng" in rec):
        geo = {"type": "Point", "coordinates": [rec.get("lon", rec.get("lng")), rec["lat"]]}
    if geo is None:
        return None
    try:
        geom = shape(geo)
    except Exception as exc:  # shapely raises several types on bad GeoJSON
        raise CurationError(f"{fid}: geometry is not valid GeoJSON: {exc}") from exc
    if geom.is_empty:
        raise CurationError(f"{fid}: geometry is empty")
    return geom


def check_wgs84(fid: str, geom: BaseGeometry) -> None:
    """Raise if coordinates are outside the longitude/latitude ranges (a projected geometry)."""
    minx, miny, maxx, maxy = geom.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise CurationError(f"{fid}: coordinates out of WGS 84 range: {geom.bounds}")


def check_periods(fid: str, periods: Any, source_ids: set[str]) -> list[str]:
    """Validate periods; return warnings (unknown source ids), raise on malformed dates."""
    warnings = []
    if not isinstance(periods, list):
        raise CurationError(f"{fid}: 'periods' must be a list")
    for i, per in enumerate(periods):
        if not isinstance(per, dict):
            raise CurationError(f"{fid}: period {i} is not an object")
        for end in ("start", "end"):
            val = per.get(end)
            if val is None:
                continue
            if not isinstance(val, str) or not _DATE.match(val):
                raise CurationError(f"{fid}: period {i} {end} {val!r} is not YYYY[-MM[-DD]]")
            prec = per.get(f"{end}_precision")
            if prec is not None and prec != _PRECISION[len(val)]:
                raise CurationError(f"{fid}: period {i} {end} {val!r} does not match precision {prec!r}")
        for sid in per.get("sources") or []:
            if sid not in source_ids:
                warnings.append(f"{fid}: period {i} cites unknown source {sid!r}")
    return warnings


def display_names(names_entry: dict | None) -> dict[str, str]:
    """``display`` names from names.json, restricted to the Feature languages, non-empty only."""
    if not names_entry:
        return {}
    display = names_entry.get("display") or {}
    return {lang: display[lang] for lang in FEATURE_LANGS
            if isinstance(display.get(lang), str) and display[lang].strip()}
