"""Load and validate the atlas layers, and compute each feature's state on a date.

The layers live in ``geodata/features.geojson`` (see ``docs/DATA.md``): one GeoJSON
FeatureCollection in WGS 84 whose features carry ``id``, ``kind``, ``layer``, names,
status ``periods`` and ``sources``.  This module is plain Python (no Streamlit, no
network):

* :func:`load_layers` reads and validates the file and returns a GeoDataFrame
  (column ``id``, index = ids).  Anything wrong raises :class:`GeodataError` whose
  message names the file and what is wrong, so the UI can show it as is.
* :func:`parse_iso` / :func:`format_iso` handle the ISO dates with precision
  (``"2022-12"`` -> ``(date(2022, 12, 1), "month")`` -> ``"Dec 2022"``).
* :func:`state_on` picks the status period that covers a date (``[start, end)``).
* :func:`layers_on` adds the state on a date to every feature (``status``,
  ``label``, ``present``, ``drawn``).

Examples
--------
>>> from datetime import date
>>> state_on([{"start": "2020-11-10", "end": "2022-12-12", "status": "open"}],
...          date(2022, 12, 11))["status"]
'open'
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
from pathlib import Path
from typing import Any, Iterable

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape

__all__ = [
    "GeodataError", "load_layers", "parse_iso", "format_iso", "state_on", "route_on", "layers_on",
    "DEFAULT_PATH", "ENV_VAR", "KINDS", "LAYERS", "LAYER_OF_KIND", "default_path",
]

#: Repository root (``app/`` is one level below it).
ROOT = Path(__file__).resolve().parents[2]
#: The committed layers file, used when no path is given and ``ATLAS_GEODATA`` is unset.
DEFAULT_PATH = ROOT / "geodata" / "features.geojson"
#: Environment variable that overrides the default geodata path.
ENV_VAR = "ATLAS_GEODATA"

#: Allowed ``kind`` values, and the toggle ``layer`` each belongs to (docs/DATA.md).
LAYER_OF_KIND = {
    "country": "borders", "sea": "borders", "region": "regions",
    "corridor": "corridors", "railway": "corridors", "pipeline": "pipelines",
    "base": "bases", "mission": "bases", "place": "places",
}
KINDS = tuple(LAYER_OF_KIND)
#: Toggle groups in drawing order (bottom to top).
LAYERS = ("borders", "regions", "corridors", "pipelines", "bases", "places")

REQUIRED = ("id", "kind", "layer", "name", "periods", "sources")
_OPTIONAL_DEFAULTS = {
    "names": None, "description": "", "approximate": False, "geometry_note": "",
    "host": None, "off_map": False, "capital": False, "map_name": None, "label_zoom": None,
}
_PRECISIONS = {4: "year", 7: "month", 10: "day"}
_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WGS84_NAMES = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326",
                "urn:ogc:def:crs:OGC::CRS84", "CRS84", "OGC:CRS84"}


class GeodataError(Exception):
    """A geodata file is missing or does not follow docs/DATA.md.

    The message always starts with the file name and says what is wrong.
    """


def default_path() -> Path:
    """The geodata path in use: ``$ATLAS_GEODATA`` if set, else :data:`DEFAULT_PATH`."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else DEFAULT_PATH


# --------------------------------------------------------------------------- dates
def parse_iso(value: str) -> tuple[_dt.date, str]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into ``(first day, precision)``.

    >>> parse_iso("2022-12")
    (datetime.date(2022, 12, 1), 'month')

    Raises ``ValueError`` for anything else (including impossible dates).
    """
    if not isinstance(value, str):
        raise ValueError(f"not an ISO date string: {value!r}")
    m = _ISO_RE.match(value.strip())
    if not m or (m.group(3) and not m.group(2)):
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    return _dt.date(year, month, day), _PRECISIONS[len(value.strip())]


def format_iso(value: str | None, precision: str | None = None) -> str:
    """Human form of an ISO date at its precision: ``"12 Dec 2022"``, ``"Dec 2022"``, ``"2020"``.

    ``None`` gives ``""``.  ``precision`` may lower the precision shown (never raise it).
    """
    if not value:
        return ""
    d, prec = parse_iso(value)
    order = ("year", "month", "day")
    if precision in order and order.index(precision) < order.index(prec):
        prec = precision
    if prec == "year":
        return f"{d.year}"
    if prec == "month":
        return f"{_MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _bound(value: str | None) -> _dt.date | None:
    return None if value in (None, "") else parse_iso(value)[0]


def state_on(periods: Iterable[dict], on: _dt.date) -> dict | None:
    """The status period covering ``on``, as a new dict (with ``present`` filled in), or ``None``.

    A period covers ``[start, end)``: the start day is included, the end day is not;
    a ``YYYY-MM`` or ``YYYY`` bound begins on the first day of that month/year; a
    ``null`` bound is open-ended.  If periods overlap, the one that started last wins.
    """
    if isinstance(on, _dt.datetime):
        on = on.date()
    best, best_start = None, None
    for period in periods or ():
        start, end = _bound(period.get("start")), _bound(period.get("end"))
        if (start is None or start <= on) and (end is None or on < end):
            key = start or _dt.date.min
            if best is None or key >= best_start:
                best, best_start = period, key
    if best is None:
        return None
    out = dict(best)
    out["present"] = bool(best.get("present", True))
    return out


def route_on(geometry_periods: object, on: _dt.date) -> int:
    """The index of the ``geometry_periods`` entry (a re-routed road) drawn on ``on`` by the rule of
    :func:`state_on`, or -1 when the feature's own geometry is (no entry covers the date, or none given)."""
    if not isinstance(geometry_periods, list):
        return -1
    hit = state_on([{"start": e.get("start"), "end": e.get("end"), "index": i}
                    for i, e in enumerate(geometry_periods)], on)
    return hit["index"] if hit else -1


def layers_on(gdf: gpd.GeoDataFrame, on: _dt.date) -> gpd.GeoDataFrame:
    """A copy of ``gdf`` with the state on ``on`` in new columns.

    ``status`` (str or None), ``label`` (the period's label, else its status),
    ``present`` (bool; False when the covering period says the thing is gone) and
    ``drawn`` (a period covers the date).
    """
    out = gdf.copy()
    states = [state_on(p, on) for p in out["periods"]]
    # object dtype keeps None as None (pandas 3 would make a str column with NaN)
    out["status"] = pd.Series([s.get("status") if s else None for s in states], index=out.index, dtype=object)
    out["label"] = pd.Series([(s.get("label") or s.get("status")) if s else None for s in states],
                             index=out.index, dtype=object)
    out["present"] = [bool(s["present"]) if s else False for s in states]
    out["drawn"] = [s is not None for s in states]
    return out


# --------------------------------------------------------------------------- loading
def _fail(path: Path, what: str) -> GeodataError:
    return GeodataError(f"{path}: {what}")


def _check_crs(path: Path, data: dict) -> None:
    crs = data.get("crs")
    if crs is None:
        return
    name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else crs
    if str(name) not in _WGS84_NAMES:
        raise _fail(path, f"CRS must be WGS 84 (EPSG:4326), found {name!r}")


def _check_coords(path: Path, fid: str, geom) -> None:
    minx, miny, maxx, maxy = geom.bounds
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)) or \
            minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise _fail(path, f"feature {fid!r}: coordinates {geom.bounds} are not WGS 84 "
                          "longitude/latitude (is the file projected?)")


def _check_periods(path: Path, fid: str, periods: Any, source_ids: set[str]) -> None:
    if not isinstance(periods, list):
        raise _fail(path, f"feature {fid!r}: 'periods' must be a list")
    for i, p in enumerate(periods):
        if not isinstance(p, dict):
            raise _fail(path, f"feature {fid!r}: period {i} is not an object")
        if not isinstance(p.get("status"), str) or not p["status"]:
            raise _fail(path, f"feature {fid!r}: period {i} has no 'status'")
        for bound in ("start", "end"):
            v = p.get(bound)
            if v is not None:
                try:
                    parse_iso(v)
                except ValueError as exc:
                    raise _fail(path, f"feature {fid!r}: period {i} {bound}: {exc}") from None
        if p.get("start") and p.get("end") and _bound(p["end"]) <= _bound(p["start"]):
            raise _fail(path, f"feature {fid!r}: period {i} ends ({p['end']}) "
                              f"before it starts ({p['start']})")
        for key in ("label", "name"):
            if p.get(key) is not None and not isinstance(p[key], str):
                raise _fail(path, f"feature {fid!r}: period {i} {key!r} must be text, not {_json_type(p[key])}")
        if "present" in p and not isinstance(p["present"], bool):
            raise _fail(path, f"feature {fid!r}: period {i} 'present' must be true/false")


def _check_sources(path: Path, fid: str, sources: Any) -> set[str]:
    if not isinstance(sources, list):
        raise _fail(path, f"feature {fid!r}: 'sources' must be a list")
    ids = set()
    for i, s in enumerate(sources):
        if not isinstance(s, dict) or not s.get("id"):
            raise _fail(path, f"feature {fid!r}: source {i} has no 'id'")
        if not isinstance(s["id"], str):
            raise _fail(path, f"feature {fid!r}: source {i} 'id' must be text, not {_json_type(s['id'])}")
        ids.add(s["id"])
    return ids


def load_layers(path: str | os.PathLike | None = None) -> gpd.GeoDataFrame:
    """Read and validate the layers file; return a GeoDataFrame in EPSG:4326.

    ``path`` defaults to ``$ATLAS_GEODATA`` or ``geodata/features.geojson``.  The
    frame has one row per feature, the column ``id`` (also the index), every
    property of docs/DATA.md (optional ones filled with defaults: ``names`` gets
    at least ``{"en": name}``) and ``geometry``.  ``gdf.attrs["path"]`` is the file.

    Raises :class:`GeodataError` when the file is missing, is not JSON, is not a
    FeatureCollection in WGS 84, or a feature lacks a required property, has an
    unknown kind/layer, a duplicate id, bad periods, or an empty/invalid geometry.
    """
    path = Path(path) if path is not None else default_path()
    data, feats = _read_collection(path)
    rows, geoms, seen = [], [], set()
    for n, feat in enumerate(feats):
        row, geom = _feature_row(path, n, feat, seen)
        rows.append(row)
        geoms.append(geom)

    # object dtype: missing values stay None (pandas 3 would turn them into NaN in str columns)
    frame = pd.DataFrame(rows, dtype=object)
    gdf = gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")
    gdf.index = list(gdf["id"])
    gdf.attrs["path"] = str(path)
    if isinstance(data.get("attribution"), str) and data["attribution"].strip():
        gdf.attrs["attribution"] = data["attribution"].strip()   # the data licence: shown and exported
    return gdf


def _read_collection(path: Path) -> tuple[dict, list]:
    """The file's FeatureCollection and its (non-empty) list of features, or :class:`GeodataError`."""
    if not path.exists():
        raise _fail(path, "geodata file not found")
    if not path.is_file():
        raise _fail(path, "is not a file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    except RecursionError:
        raise _fail(path, "not valid geodata: JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise _fail(path, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise _fail(path, "not a GeoJSON FeatureCollection")
    _check_crs(path, data)
    feats = data.get("features")
    if not isinstance(feats, list) or not feats:
        raise _fail(path, "the FeatureCollection has no features")
    return data, feats


def _feature_id(path: Path, n: int, feat: Any, seen: set) -> tuple[str, dict]:
    """The id and properties of feature ``n``, checked (required properties, kind, layer, unique id)."""
    props = (feat or {}).get("properties") if isinstance(feat, dict) else None
    if not isinstance(props, dict):
        raise _fail(path, f"feature #{n} has no properties")
    fid = props.get("id") or feat.get("id")
    missing = [k for k in REQUIRED if _blank(props.get(k)) and k != "id"]
    if not fid:
        raise _fail(path, f"feature #{n} has no 'id'")
    for key, value in (("id", fid), ("properties.id", props.get("id")), ("id", feat.get("id")),
                       ("kind", props.get("kind")), ("layer", props.get("layer")), ("name", props.get("name"))):
        if value is not None and not isinstance(value, str):
            raise _fail(path, f"feature #{n}: {key!r} must be text, not {_json_type(value)}")
    if missing:
        raise _fail(path, f"feature {fid!r} is missing required properties: {', '.join(missing)}")
    if feat.get("id") not in (None, fid) or props.get("id") not in (None, fid):
        raise _fail(path, f"feature #{n}: id {feat.get('id')!r} != properties.id {props.get('id')!r}")
    if fid in seen:
        raise _fail(path, f"duplicate feature id {fid!r}")
    seen.add(fid)
    if props["kind"] not in LAYER_OF_KIND:
        raise _fail(path, f"feature {fid!r}: unknown kind {props['kind']!r} "
                          f"(expected one of {', '.join(KINDS)})")
    if props["layer"] not in LAYERS:
        raise _fail(path, f"feature {fid!r}: unknown layer {props['layer']!r} "
                          f"(expected one of {', '.join(LAYERS)})")
    return fid, props


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _json_type(value: Any) -> str:
    """The JSON name of a value's type, for messages ("a list", "an object", "a number")."""
    if isinstance(value, bool):
        return "true/false"
    for kind, name in ((dict, "an object"), (list, "a list"), ((int, float), "a number"), (str, "text")):
        if isinstance(value, kind):
            return name
    return "null"


def _geometry(path: Path, fid: str, feat: dict):
    """The feature's shapely geometry: present, readable, not empty, valid, in WGS 84."""
    if feat.get("geometry") is None:
        raise _fail(path, f"feature {fid!r} has no geometry")
    try:
        geom = shape(feat["geometry"])
    except Exception as exc:  # shapely raises several types for bad GeoJSON geometry
        raise _fail(path, f"feature {fid!r}: unreadable geometry ({exc})") from None
    if geom.is_empty:
        raise _fail(path, f"feature {fid!r} has an empty geometry")
    if not geom.is_valid:
        raise _fail(path, f"feature {fid!r} has an invalid geometry: "
                          f"{shapely.is_valid_reason(geom)}")
    _check_coords(path, fid, geom)
    return geom


def _feature_row(path: Path, n: int, feat: Any, seen: set) -> tuple[dict, Any]:
    """Feature ``n`` checked, as a row of properties (optional ones filled in) and its geometry."""
    fid, props = _feature_id(path, n, feat, seen)
    source_ids = _check_sources(path, fid, props["sources"])
    _check_periods(path, fid, props["periods"], source_ids)
    geom = _geometry(path, fid, feat)
    row = {k: v for k, v in props.items()}
    row["id"] = fid
    for k, default in _OPTIONAL_DEFAULTS.items():
        row.setdefault(k, default)
    if not isinstance(row["names"], dict) or not row["names"]:
        row["names"] = {"en": row["name"]}
    bad = next((k for k, v in row["names"].items() if not isinstance(v, str)), None)
    if bad is not None:
        raise _fail(path, f"feature {fid!r}: names[{bad!r}] must be text, not {_json_type(row['names'][bad])}")
    row["approximate"] = bool(row["approximate"])
    row["off_map"] = bool(row["off_map"])
    row["capital"] = bool(row["capital"])
    if row["map_name"] is not None and (not isinstance(row["map_name"], str) or not row["map_name"].strip()):
        raise _fail(path, f"feature {fid!r}: map_name must be a non-empty text, not {_json_type(row['map_name'])}")
    zoom = row["label_zoom"]
    if zoom is not None and (isinstance(zoom, bool) or not isinstance(zoom, (int, float)) or zoom != zoom
                             or not 0 <= zoom <= 20):
        raise _fail(path, f"feature {fid!r}: label_zoom must be a zoom from 0 to 20, not {zoom!r}")
    return row, geom
