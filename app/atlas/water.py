"""The water layer as the browser draws it: rivers and lakes of ``geodata/water.geojson``, named; reservoirs from the year they filled."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

from app.atlas.mapdata import label_point

__all__ = ["water_payload", "water_path", "WATER_PRIORITY", "WATER_FILE"]

WATER_FILE = Path(__file__).resolve().parents[2] / "geodata" / "water.geojson"
#: Water names give way to every other label (towns are 1000, bases 900).
WATER_PRIORITY = {"lake": 600, "river": 500}
#: Drawn at the first zoom and a little closer: 0.005 degree (about 0.5 km) and 3 decimals are enough.
TOLERANCE = 0.005
DECIMALS = 3


def water_path(features_path: str | Path | None) -> Path:
    """The water file next to a features file, else the atlas's own ``geodata/water.geojson``."""
    if features_path:
        near = Path(features_path).with_name("water.geojson")
        if near.is_file():
            return near
    return WATER_FILE


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> tuple[dict[str, Any], ...]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for feat in data.get("features", []):
        props = feat.get("properties") or {}
        geom = shape(feat["geometry"])
        drawn = geom.simplify(TOLERANCE, preserve_topology=True)
        drawn = shapely.set_precision(drawn, 10 ** -DECIMALS) if not drawn.is_empty else geom
        kind = str(props.get("kind", "river"))
        label = label_point(geom)
        item = {"id": str(props.get("id") or feat.get("id")), "name": str(props.get("name", "")),
                "kind": kind, "prio": WATER_PRIORITY.get(kind, 500), "label": [round(v, 4) for v in label],
                "geometry": mapping(drawn)}
        if props.get("since"):        # a reservoir: drawn from the first day of the year its water stood
            since = str(props["since"])
            item["since"] = since + {4: "-01-01", 7: "-01"}.get(len(since), "")
        out.append(item)
    return tuple(out)


def water_payload(features_path: str | Path | None = None) -> list[dict[str, Any]]:
    """Every river and lake with its drawn geometry, label point, label priority and, for a reservoir, the day
    it is drawn from (``since``, YYYY-MM-DD) ([] without a file)."""
    path = water_path(features_path)
    if not path.is_file():
        return []
    return list(_load(str(path), path.stat().st_mtime_ns))
