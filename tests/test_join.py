"""Annotation rows joined to the layers: geometry, containment, roll-up counts."""

import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from app.atlas.join import containment, join_layers, mention_counts

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def layers():
    """Boxes for countries/regions and points for towns (tests/fixtures/gaz/features.geojson)."""
    data = json.loads((FIX / "gaz" / "features.geojson").read_text(encoding="utf-8"))
    return gpd.GeoDataFrame.from_features(data["features"], crs="EPSG:4326")


def row(fid, kind="place", text="x", ambiguous=None):
    return {"doc": "d.txt", "kind": kind, "id": fid, "start": 0, "end": len(text), "text": text,
            "lang": "en", "sentence": text, "sentence_start": 0, "sentence_end": len(text),
            "ambiguous": ambiguous, "date": None, "precision": None, "inferred": False,
            "calendar": None}


def test_meghri_is_within_syunik_and_armenia(layers):
    gdf = join_layers([row("meghri", text="Meghri")], layers)
    assert len(gdf) == 1
    assert gdf.iloc[0]["within"] == ["syunik", "armenia"]
    assert gdf.crs.to_epsg() == 4326
    assert gdf.geometry.iloc[0].equals(Point(46.243, 38.903))
    assert gdf.iloc[0]["text"] == "Meghri" and gdf.iloc[0]["doc"] == "d.txt"


def test_only_place_mentions_with_geometry_are_joined(layers):
    rows = [row("nato", kind="actor"), row(None, kind="date"),
            row(None, ambiguous=["astara_az", "astara_ir"]), row("nowhere"), row("baku")]
    gdf = join_layers(rows, layers)
    assert list(gdf["id"]) == ["baku"]
    assert list(gdf["within"]) == [["azerbaijan"]]


def test_containment_by_kind(layers):
    inside = containment(layers)
    assert inside["astara_ir"] == ["iran"] and inside["astara_az"] == ["azerbaijan"]
    assert inside["stepanakert"] == ["nagorno_karabakh", "azerbaijan"]
    assert inside["syunik"] == ["armenia"]                  # region in its country
    assert inside["armenia"] == [] and inside["iran"] == []  # countries are in nothing
    # a line counts for every container holding a real share of its length
    assert set(inside["north_south_corridor"]) == {"azerbaijan", "iran"}
    assert "russia" not in inside["north_south_corridor"]


def test_mention_counts_roll_up(layers):
    rows = [row("meghri"), row("meghri"), row("syunik"), row("baku"), row("nato", kind="actor")]
    assert mention_counts(rows, layers, rollup=False) == {"meghri": 2, "syunik": 1, "baku": 1}
    counts = mention_counts(rows, layers)
    assert counts["meghri"] == 2
    assert counts["syunik"] == 3
    assert counts["armenia"] == 3
    assert counts["azerbaijan"] == 1
    assert "nato" not in counts and "iran" not in counts


def test_empty_rows(layers):
    gdf = join_layers([], layers)
    assert len(gdf) == 0 and "within" in gdf.columns
    assert mention_counts([], layers) == {}


def test_layers_from_file_path():
    # the map's fixture file in the layers format (read through app.atlas.layers.load_layers)
    gdf = join_layers([row("stepanakert")], FIX / "features.geojson")
    assert gdf.iloc[0]["within"] == ["nagorno_karabakh", "azerbaijan"]


def test_city_in_exclave_is_within_region_and_country(layers):
    gdf = join_layers([row("nakhchivan_city")], layers)
    assert gdf.iloc[0]["within"] == ["nakhchivan", "azerbaijan"]
    assert containment(layers)["nakhchivan"] == ["azerbaijan"]
