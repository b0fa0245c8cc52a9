"""Feature records from the layers and the dates events carry: bounds, compatibility, the period on a date."""
from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Iterable

from app.atlas.layers import state_on as _layers_state_on

__all__ = ["PRECISION_RANK", "date_bounds", "dates_compatible", "state_on", "feature_records"]

PRECISION_RANK = {"year": 0, "month": 1, "day": 2}

def _precision_of(date: str) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(date or ""), "day")


def date_bounds(date: str, precision: str | None = None) -> tuple[_dt.date, _dt.date]:
    """First and last day covered by an ISO date of the given precision (``YYYY``, ``YYYY-MM``, ...)."""
    precision = precision or _precision_of(date)
    y = int(date[:4])
    if precision == "year":
        return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
    if precision == "decade":                       # 1990: 1990-01-01 .. 1999-12-31
        return _dt.date(y, 1, 1), _dt.date(y + 9, 12, 31)
    m = int(date[5:7])
    if precision == "month":
        nxt = _dt.date(y + (m == 12), m % 12 + 1, 1)
        return _dt.date(y, m, 1), nxt - _dt.timedelta(days=1)
    return (_dt.date.fromisoformat(date[:10]),) * 2


def dates_compatible(a: str, b: str) -> bool:
    """True when one ISO date is the other at a finer precision (``2022-12`` vs ``2022-12-12``)."""
    return a.startswith(b) or b.startswith(a)


def _as_date(value: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return date_bounds(str(value))[0]


def state_on(periods: list[dict], date: Any) -> dict | None:
    """The period covering ``date`` (``[start, end)``, per docs/DATA.md), or None when none does.

    Accepts a date, a datetime or an ISO string of any precision (its first day); the rule itself is
    :func:`app.atlas.layers.state_on`, shared with the map so that a lesson and the map never disagree.
    """
    return _layers_state_on(periods, _as_date(date))


# --------------------------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------------------------

def _maybe_json(v: Any, default):
    if v is None:
        return default
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return default
    try:  # pandas NaN
        if v != v:
            return default
    except Exception:
        pass
    return v


def feature_records(layers: Any) -> dict[str, dict]:
    """Feature properties keyed by id, from a GeoDataFrame/DataFrame, a FeatureCollection or a list.

    Nested properties (``periods``, ``sources``, ``names``) may arrive as JSON strings when a file was
    read with GDAL; they are decoded here.  Geometry is not included.
    """
    if layers is None:
        return {}
    rows: Iterable[dict]
    if isinstance(layers, dict) and "features" in layers:
        rows = [dict(f.get("properties") or {}, id=f.get("id") or (f.get("properties") or {}).get("id"))
                for f in layers["features"]]
    elif hasattr(layers, "to_dict") and hasattr(layers, "columns"):
        cols = [c for c in layers.columns if c != "geometry"]
        rows = layers[cols].to_dict("records")
        if "id" not in cols:
            rows = [dict(r, id=i) for r, i in zip(rows, layers.index)]
    else:
        rows = list(layers)
    out = {}
    for r in rows:
        r = dict(r)
        r["periods"] = _maybe_json(r.get("periods"), [])
        r["sources"] = _maybe_json(r.get("sources"), [])
        r["names"] = _maybe_json(r.get("names"), {})
        for k in ("off_map", "approximate"):
            v = r.get(k)
            r[k] = bool(v) if v is not None and v == v else False
        if r.get("id"):
            out[str(r["id"])] = r
    return out



def _feature_name(fid: str, feats: dict[str, dict]) -> str:
    return str(feats.get(fid, {}).get("name") or fid.replace("_", " ").capitalize())
