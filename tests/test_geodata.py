"""Geometry tests on the committed ``geodata/features.geojson`` (never rebuilt here, no network),
plus unit tests of the pure helpers that ``geodata/build.py`` uses.

Place points are read from the committed file itself, so a moved town or a redrawn border shows up
as a failing test, not as a stale constant.
"""
from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiPoint, Point, Polygon, box, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
GEOJSON = ROOT / "geodata" / "features.geojson"
sys.path.insert(0, str(ROOT / "geodata"))

import build_curated as bc  # noqa: E402
import build_polygons as bp  # noqa: E402

GEOD = Geod(ellps="WGS84")
_EQUAL_AREA = Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True).transform
# UTM 38N covers the South Caucasus: metric distances for "within a few km" checks
_UTM38 = Transformer.from_crs("EPSG:4326", "EPSG:32638", always_xy=True).transform

POLYGON = {"Polygon", "MultiPolygon"}
LINE = {"LineString", "MultiLineString"}
POINT = {"Point"}
#: Required ids (/work/shared/spec/features.md) and the geometry types each may have.
REQUIRED = {
    **{i: POLYGON for i in ("armenia", "azerbaijan", "georgia", "russia", "turkey", "iran",
                            "nakhchivan", "nagorno_karabakh", "syunik", "caspian_sea")},
    "gazakh_border_villages": POLYGON | {"Point", "MultiPoint"},
    **{i: LINE for i in ("lachin_corridor", "zangezur_corridor", "north_south_corridor",
                         "rasht_astara_railway", "baku_tbilisi_ceyhan_pipeline",
                         "baku_novorossiysk_pipeline", "baku_supsa_pipeline")},
    **{i: POINT for i in ("russian_102nd_base_gyumri", "erebuni_air_base", "russian_peacekeeping_hq",
                          "joint_monitoring_center_aghdam", "gabala_radar", "eu_mission_armenia")},
    **{i: POINT for i in ("baku", "yerevan", "tbilisi", "stepanakert", "shusha", "lachin", "goris",
                          "meghri", "nakhchivan_city", "julfa", "ordubad", "horadiz", "aghdam",
                          "astara_az", "astara_ir", "rasht", "gyumri", "gazakh", "moscow", "tehran",
                          "ankara", "washington", "brussels", "prague", "almaty", "aktau")},
}


@lru_cache(maxsize=1)
def collection() -> dict:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def features() -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in collection()["features"]}


def geom(fid: str):
    assert fid in features(), f"{fid} missing from {GEOJSON.name}"
    return shape(features()[fid]["geometry"])


def area_km2(g) -> float:
    return shapely.transform(g, _EQUAL_AREA, interleaved=False).area / 1e6


def dist_km(a, b) -> float:
    return (shapely.transform(a, _UTM38, interleaved=False)
            .distance(shapely.transform(b, _UTM38, interleaved=False)) / 1000)


def mainland_azerbaijan():
    return geom("azerbaijan").difference(geom("nakhchivan"))


# --------------------------------------------------------------------------- the whole file


def test_file_is_small_wgs84_feature_collection():
    data = collection()
    assert data["type"] == "FeatureCollection"
    assert data.get("crs") is None  # GeoJSON default: WGS 84 lon/lat
    assert GEOJSON.stat().st_size < 2_000_000
    assert "OpenStreetMap" in data["attribution"]


def test_every_geometry_valid_nonempty_lonlat_and_ids_unique():
    ids = [f["properties"]["id"] for f in collection()["features"]]
    assert len(ids) == len(set(ids))
    for f in collection()["features"]:
        g = shape(f["geometry"])
        fid = f["properties"]["id"]
        assert f["id"] == fid
        assert not g.is_empty and g.is_valid, (fid, shapely.is_valid_reason(g))
        minx, miny, maxx, maxy = g.bounds
        assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90, fid


def test_build_and_tests_require_the_same_ids():
    import build

    assert set(build.REQUIRED_IDS) == set(REQUIRED)


def test_polygons_follow_the_rfc7946_right_hand_rule():
    for fid, f in features().items():
        g = geom(fid)
        for poly in getattr(g, "geoms", [g]):
            if poly.geom_type != "Polygon":
                continue
            assert poly.exterior.is_ccw, fid
            assert not any(ring.is_ccw for ring in poly.interiors), fid


def test_required_ids_present_with_right_geometry_type():
    missing = sorted(set(REQUIRED) - set(features()))
    assert not missing, f"missing required features: {missing}"
    wrong = {i: geom(i).geom_type for i, types in REQUIRED.items() if geom(i).geom_type not in types}
    assert not wrong


def test_properties_follow_the_data_contract():
    for fid, f in features().items():
        p = f["properties"]
        assert p["layer"] == bc.LAYER_OF_KIND[p["kind"]], fid
        assert geom(fid).geom_type in bc.GEOMETRY_TYPES[p["kind"]], fid
        assert p["name"] and p["names"]["en"] == p["name"], fid
        assert set(p["names"]) <= set(bc.FEATURE_LANGS), fid
        assert isinstance(p["periods"], list) and isinstance(p["sources"], list), fid
        assert isinstance(p["approximate"], bool) and isinstance(p["off_map"], bool), fid
        if p["approximate"]:
            assert p["geometry_note"], f"{fid} is approximate but does not say how"


def test_built_polygons_cite_their_dataset():
    for fid in ("armenia", "azerbaijan", "georgia", "nakhchivan", "syunik", "caspian_sea"):
        ids = {s["id"] for s in features()[fid]["properties"]["sources"]}
        assert "osm_countries_land_10m" in ids, fid
    assert "natural_earth_admin1_10m" in {s["id"] for s in features()["nagorno_karabakh"]["properties"]["sources"]}


# --------------------------------------------------------------------------- countries


@pytest.mark.parametrize("fid, official", [("armenia", 29_743), ("azerbaijan", 86_600), ("georgia", 69_700)])
def test_country_area_within_3_percent(fid, official):
    assert area_km2(geom(fid)) == pytest.approx(official, rel=0.03)


COUNTRIES = ["armenia", "azerbaijan", "georgia", "russia", "turkey", "iran"]


def test_countries_and_sea_do_not_overlap():
    shapes = COUNTRIES + ["caspian_sea"]
    total = sum(area_km2(geom(a).intersection(geom(b))) for i, a in enumerate(shapes) for b in shapes[i + 1:])
    assert total < 0.01, total


def test_land_has_no_gaps_between_the_countries():
    """Holes in the union of the countries and the sea add up to less than 1 km². Islands of the Caspian
    east of 50E are Kazakhstan's and Turkmenistan's, countries the atlas does not draw: they stay holes."""
    union = unary_union([geom(c) for c in COUNTRIES] + [geom("caspian_sea")])
    sea_outline = Polygon(max(geom("caspian_sea").geoms, key=lambda p: p.area).exterior)
    holes = [Polygon(r) for p in getattr(union, "geoms", [union]) for r in p.interiors]
    ours = [h for h in holes if not (sea_outline.contains(h.representative_point())
                                     and h.representative_point().x > 50.0)]
    gaps = sum(area_km2(h) for h in ours)
    assert gaps < 1.0, sorted(((round(area_km2(h), 2), h.representative_point().coords[0]) for h in ours),
                              reverse=True)[:5]
    # the Aras reservoir pocket between Nakhchivan and Iran (91 km² of no country before) is land now
    assert union.covers(Point(45.358, 39.142))


def test_no_speck_of_a_country_is_smaller_than_a_real_exclave():
    specks = [(c, round(area_km2(p), 4)) for c in COUNTRIES for p in geom(c).geoms if area_km2(p) < 0.01]
    assert not specks, specks


def test_neighbours_are_clipped_to_the_map_extent():
    extent = box(*bp.MAP_EXTENT)
    for fid in ("russia", "turkey", "iran"):
        assert extent.buffer(1e-6).covers(geom(fid)), fid
    assert geom("russia").bounds[3] < 49  # not the whole of Russia


def test_lake_sevan_is_armenia_and_exclaves_belong_to_their_country():
    assert geom("armenia").contains(Point(45.25, 40.35))  # middle of Lake Sevan (a hole in OSM)
    artsvashen = Point(45.5094, 40.6386)  # Armenian exclave inside Azerbaijan
    assert geom("armenia").contains(artsvashen) and not geom("azerbaijan").contains(artsvashen)
    yukhari_askipara = Point(45.005, 41.066)  # Azerbaijani exclave inside Armenia (Tavush)
    assert geom("azerbaijan").contains(yukhari_askipara) and not geom("armenia").contains(yukhari_askipara)
    karki = Point(44.9833, 39.7333)  # Azerbaijani (Nakhchivan) exclave inside Armenia
    assert geom("nakhchivan").contains(karki) and not geom("armenia").contains(karki)


@pytest.mark.parametrize("town, country", [
    ("yerevan", "armenia"), ("gyumri", "armenia"), ("goris", "armenia"), ("meghri", "armenia"),
    ("baku", "azerbaijan"), ("gazakh", "azerbaijan"), ("stepanakert", "azerbaijan"), ("julfa", "azerbaijan"),
    ("ordubad", "azerbaijan"), ("nakhchivan_city", "azerbaijan"), ("astara_az", "azerbaijan"),
    ("tbilisi", "georgia"), ("astara_ir", "iran"), ("rasht", "iran"), ("tehran", "iran"), ("ankara", "turkey"),
])
def test_towns_in_their_country(town, country):
    assert geom(country).contains(geom(town)), f"{town} not in {country}"


# --------------------------------------------------------------------------- regions


@pytest.mark.parametrize("town", ["meghri", "goris"])
def test_syunik_towns(town):
    assert geom("armenia").contains(geom(town))
    assert geom("syunik").contains(geom(town))


def test_syunik_is_part_of_armenia_with_its_official_size():
    assert area_km2(geom("syunik").difference(geom("armenia"))) < 1.0
    assert area_km2(geom("syunik")) == pytest.approx(4_506, rel=0.05)
    assert not geom("syunik").contains(geom("yerevan"))


@pytest.mark.parametrize("town", ["ordubad", "julfa", "nakhchivan_city"])
def test_nakhchivan_towns(town):
    assert geom("nakhchivan").contains(geom(town))
    assert geom("azerbaijan").contains(geom(town))


def test_nakhchivan_is_the_detached_part_of_azerbaijan():
    nx = geom("nakhchivan")
    assert area_km2(nx.difference(geom("azerbaijan"))) < 1.0
    assert area_km2(nx) == pytest.approx(5_502.75, rel=0.06)
    assert not nx.intersects(geom("azerbaijan").difference(nx).buffer(-0.001))  # no shared land
    assert not nx.contains(geom("baku"))


@pytest.mark.parametrize("town, inside", [("stepanakert", True), ("shusha", True),
                                          ("lachin", False), ("goris", False), ("aghdam", False)])
def test_nagorno_karabakh_membership(town, inside):
    assert geom("nagorno_karabakh").contains(geom(town)) is inside


#: Towns not among the atlas places (GeoNames coordinates, lon/lat): seats of the NKAO's districts
#: inside, and neighbouring district seats that were never in it outside.
NKAO_SEATS = {"Martakert": (46.8114, 40.2117), "Askeran": (46.8283, 39.9378), "Hadrut": (47.0306, 39.5203),
              "Martuni": (47.1147, 39.7928)}
NOT_NKAO = {"Jabrayil": (47.0245, 39.3999), "Fuzuli": (47.145, 39.600), "Tartar": (46.9316, 40.342),
            "Kalbajar": (46.0381, 40.1053), "Qubadli": (46.5797, 39.3439)}


@pytest.mark.parametrize("town, inside", [(t, True) for t in NKAO_SEATS] + [(t, False) for t in NOT_NKAO])
def test_nagorno_karabakh_district_seats(town, inside):
    lon, lat = {**NKAO_SEATS, **NOT_NKAO}[town]
    assert geom("nagorno_karabakh").contains(Point(lon, lat)) is inside


def test_nagorno_karabakh_is_an_honest_approximation():
    nk = geom("nagorno_karabakh")
    assert area_km2(nk) == pytest.approx(4_388, rel=0.15)
    p = features()["nagorno_karabakh"]["properties"]
    assert p["approximate"] is True
    assert "Natural Earth" in p["geometry_note"]
    stated = float(re.search(r"Area ([\d,]+) km2", p["geometry_note"]).group(1).replace(",", ""))
    assert stated == pytest.approx(area_km2(nk), abs=1)  # the card states the area of what is drawn
    assert area_km2(nk.difference(geom("azerbaijan"))) < 1.0  # inside the recognised borders


def test_caspian_sea():
    sea = geom("caspian_sea")
    assert sea.contains(Point(51.0, 42.0)) and sea.contains(Point(50.5, 38.5))
    # within 3% of the usual 371,000 km² (which leaves out the Kara-Bogaz-Gol)
    assert abs(area_km2(sea) / 371_000 - 1) < 0.03, area_km2(sea)
    assert not sea.contains(Point(53.5, 41.2)), "the Kara-Bogaz-Gol is a lagoon, not the sea"
    for town in ("baku", "aktau", "astara_az"):
        assert not sea.contains(geom(town)), town
        assert dist_km(sea, geom(town)) < 10, town
    for land in ("azerbaijan", "iran", "russia"):
        assert area_km2(sea.intersection(geom(land))) < 5.0, land


def test_gazakh_border_villages_are_four_points_on_the_gazakh_border():
    villages = geom("gazakh_border_villages")
    points = list(getattr(villages, "geoms", [villages]))
    assert len(points) == 4
    for p in points:
        assert dist_km(p, geom("gazakh")) < 25
        assert dist_km(p, geom("armenia")) < 5  # along the border
        assert dist_km(p, geom("azerbaijan")) < 1


# --------------------------------------------------------------------------- lines


def _length_km(line) -> float:
    return GEOD.geometry_length(line) / 1000


def test_zangezur_corridor_runs_through_syunik_and_joins_both_parts_of_azerbaijan():
    line = geom("zangezur_corridor")
    inside = line.intersection(geom("syunik"))
    assert _length_km(inside) > 0.5 * _length_km(line)
    assert dist_km(line, mainland_azerbaijan()) <= 1.0
    assert dist_km(line, geom("nakhchivan")) <= 1.0


def test_lachin_corridor_joins_goris_to_stepanakert():
    line = geom("lachin_corridor")
    ends = [Point(line.coords[0]), Point(line.coords[-1])] if line.geom_type == "LineString" else \
        [Point(line.geoms[0].coords[0]), Point(line.geoms[-1].coords[-1])]
    goris, stepanakert = geom("goris"), geom("stepanakert")
    best = min(dist_km(ends[0], goris) + dist_km(ends[1], stepanakert),
               dist_km(ends[1], goris) + dist_km(ends[0], stepanakert))
    assert best < 6
    assert dist_km(line, geom("lachin")) < 5


@pytest.mark.parametrize("town", ["baku", "astara_az", "astara_ir", "rasht"])
def test_north_south_corridor_passes_the_towns(town):
    assert dist_km(geom("north_south_corridor"), geom(town)) < 5


def test_rasht_astara_railway_links_its_ends():
    line = geom("rasht_astara_railway")
    assert dist_km(line, geom("rasht")) < 5 and dist_km(line, geom("astara_ir")) < 5
    assert 120 < _length_km(line) < 260  # ~162 km link, along the coast


# --------------------------------------------------------------------------- bases


def test_every_base_and_mission_lies_in_its_host_country():
    bases = [f for f in features().values() if f["properties"]["kind"] in ("base", "mission")]
    assert len(bases) >= 6
    for f in bases:
        host = f["properties"]["host"]
        assert host in features() and features()[host]["properties"]["kind"] == "country", f["id"]
        assert geom(host).contains(shape(f["geometry"])), f"{f['id']} not in {host}"


def test_off_map_places_are_outside_the_extent():
    extent = box(*bp.MAP_EXTENT)
    for fid in ("moscow", "washington", "brussels", "prague", "almaty"):
        assert features()[fid]["properties"]["off_map"] is True
        assert not extent.contains(geom(fid))
    assert features()["baku"]["properties"]["off_map"] is False


# --------------------------------------------------------------------------- build helpers


def test_fill_lake_holes_keeps_an_enclave_of_another_country():
    outer = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (4, 2), (4, 4), (2, 4)],
                                                           [(6, 6), (8, 6), (8, 8), (6, 8)]])
    enclave = box(6, 6, 8, 8)
    out = bp.fill_lake_holes({"A": outer, "B": enclave})
    assert out["A"].contains(Point(3, 3))  # the lake is filled
    assert not out["A"].contains(Point(7, 7))  # the other country stays a hole
    assert out["A"].area == pytest.approx(96, rel=1e-6)


def test_cut_foreign_exclaves_removes_an_exclave_from_the_surrounding_country():
    a = box(0, 0, 1, 1)  # ~12,000 km² at the equator: the "mainland"
    exclave_b = box(0.4, 0.4, 0.45, 0.45)  # ~31 km², a separate part of B drawn inside A
    b = unary_union([box(1, 0, 2, 1), exclave_b])
    out = bp.cut_foreign_exclaves({"A": a, "B": b})
    assert not out["A"].contains(Point(0.42, 0.42))
    assert out["B"].contains(Point(0.42, 0.42))
    assert out["B"].area == pytest.approx(b.area)


def test_caspian_helper_picks_the_sea_not_the_lakes():
    land = [box(40, 30, 60, 50).difference(box(47, 37, 54, 46.5)), box(48, 38, 48.5, 38.5)]  # + an island
    sea = bp.caspian_sea(land, min_hole_km2=1.0)
    assert sea.contains(bp.CASPIAN_SEED)
    assert not sea.contains(Point(48.25, 38.25))  # the island stays land


def test_curated_geometry_of_the_wrong_type_is_a_clear_error():
    rec = {"id": "some_base", "kind": "base", "geometry": {"type": "LineString", "coordinates": [[44, 40], [45, 41]]}}
    g = bc.curated_geometry(rec)
    assert g.geom_type not in bc.GEOMETRY_TYPES["base"]
    with pytest.raises(bc.CurationError, match="some_base"):
        bc.curated_geometry({"id": "some_base", "geometry": {"type": "Point", "coordinates": []}})
    with pytest.raises(bc.CurationError, match="duplicate id 'x'"):
        bc.curated_records([{"id": "x"}, {"id": "x"}])
    with pytest.raises(bc.CurationError, match="bad_dates"):
        bc.check_periods("bad_dates", [{"start": "12/12/2022", "status": "open"}], set())


def _merge_inputs():
    import build

    polys = {"armenia": box(44, 39, 46, 41), "azerbaijan": box(46, 39, 50, 42)}
    props = {k: {"approximate": False, "geometry_note": "test", "sources": [build.SRC_OSM]} for k in polys}
    period = {"start": "1991", "start_precision": "year", "end": None, "status": "independent", "sources": ["s"]}
    src = [{"id": "s", "title": "t"}]
    records = {
        "armenia": {"id": "armenia", "kind": "country", "layer": "borders", "description": "d",
                    "periods": [period], "sources": src},
        "base_x": {"id": "base_x", "kind": "base", "host": "armenia", "description": "d",
                   "periods": [period], "sources": src,
                   "geometry": {"type": "Point", "coordinates": [44.5, 40.1234567]}},
    }
    names = {"armenia": {"display": {"en": "Armenia", "hy": "Հայաստան", "de": "Armenien"}}}
    return build, polys, props, records, names


def test_merge_builds_contract_features_and_reports_what_is_missing():
    build, polys, props, records, names = _merge_inputs()
    feats, warnings = build.merge(polys, props, records, names)
    by_id = {f["id"]: f["properties"] for f in feats}
    assert by_id["armenia"]["names"] == {"en": "Armenia", "hy": "Հայաստան"}  # de is not a Feature language
    assert {s["id"] for s in by_id["armenia"]["sources"]} == {"s", "osm_countries_land_10m"}
    assert by_id["base_x"]["host"] == "armenia" and by_id["base_x"]["layer"] == "bases"
    assert shape(feats[-1]["geometry"]).coords[0] == (44.5, 40.12346)  # rounded to 5 decimals
    # azerbaijan is built but has no curated record: kept, and the build says so
    assert "azerbaijan" in by_id and any(w.startswith("azerbaijan:") for w in warnings)


def test_merge_rejects_a_base_outside_its_host_naming_it():
    build, polys, props, records, names = _merge_inputs()
    records["base_x"]["host"] = "azerbaijan"
    with pytest.raises(bc.CurationError, match="base_x.*not inside its host 'azerbaijan'"):
        build.merge(polys, props, records, names)
    records["base_x"]["host"] = "armenia"
    records["base_x"]["geometry"] = {"type": "LineString", "coordinates": [[44.5, 40], [44.6, 40.1]]}
    with pytest.raises(bc.CurationError, match="base_x: a base needs"):
        build.merge(polys, props, records, names)


def test_merge_keeps_a_checked_geometry_for_later_periods_of_a_line():
    """A re-routed road: ``geometry_periods`` is kept (coordinates rounded) and checked like the main geometry."""
    build, polys, props, records, names = _merge_inputs()
    road = {"type": "LineString", "coordinates": [[44.5, 40.1], [44.6, 40.2]]}
    later = {"start": "2022-08-26", "start_precision": "day", "end": None, "sources": ["s"],
             "geometry": {"type": "LineString", "coordinates": [[44.5, 40.1], [44.55, 40.0500004], [44.6, 40.2]]}}
    records["road"] = {"id": "road", "kind": "corridor", "description": "d", "periods": records["armenia"]["periods"],
                       "sources": records["armenia"]["sources"], "geometry": road, "geometry_periods": [later]}
    feats, _ = build.merge(polys, props, records, names)
    kept = next(f for f in feats if f["id"] == "road")["properties"]["geometry_periods"]
    assert shape(kept[0]["geometry"]).coords[1] == (44.55, 40.05) and kept[0]["start"] == "2022-08-26"
    records["road"]["geometry_periods"] = [{**later, "geometry": {"type": "Point", "coordinates": [44.5, 40.1]}}]
    with pytest.raises(bc.CurationError, match="road: geometry_periods"):
        build.merge(polys, props, records, names)
    records["road"]["geometry_periods"] = [{**later, "start": "26 Aug 2022"}]
    with pytest.raises(bc.CurationError, match="road"):
        build.merge(polys, props, records, names)


def test_committed_file_is_up_to_date_with_the_curated_tables():
    """A curated edit without ``python geodata/build.py`` would leave the map showing old facts."""
    records = bc.curated_records(bc.load_json(ROOT / "geodata" / "curated" / "features.json"))
    names = bc.load_json(ROOT / "geodata" / "curated" / "names.json") or {}
    assert records, "geodata/curated/features.json is missing or empty"
    stale = []
    for fid, rec in records.items():
        if fid not in features():
            stale.append(f"{fid}: not in features.geojson")
            continue
        p = features()[fid]["properties"]
        if (rec.get("description") or "") != p["description"] or (rec.get("periods") or []) != p["periods"]:
            stale.append(f"{fid}: description or periods differ")
        if not {s["id"] for s in rec.get("sources") or []} <= {s["id"] for s in p["sources"]}:
            stale.append(f"{fid}: sources differ")
        en = (names.get(fid) or {}).get("display", {}).get("en")
        if en and en != p["name"]:
            stale.append(f"{fid}: name {p['name']!r} != names.json {en!r}")
        display = bc.display_names(names.get(fid))
        if display and display != p["names"]:
            stale.append(f"{fid}: display names differ from names.json")
        cur = bc.curated_geometry(rec)
        if cur is not None and rec.get("geometry_from") != "build" and fid not in bp_built_ids():
            if not shapely.equals_exact(shapely.transform(cur, lambda xy: xy.round(5)), geom(fid), tolerance=1e-9):
                stale.append(f"{fid}: geometry differs")
    assert not stale, "rerun `.venv/bin/python geodata/build.py`: " + "; ".join(stale)


def bp_built_ids() -> set[str]:
    import build

    return set(build.BUILT_IDS)


def test_fill_gaps_splits_a_shared_gap_between_neighbours_and_leaves_masked_islands():
    west = Polygon([(0, 0), (1, 0), (1, 2), (0, 2)])
    east = Polygon([(1.1, 0), (2, 0), (2, 2), (1.1, 2)])
    frame = Polygon([(-1, -1), (3, -1), (3, 3), (-1, 3)], [[(0, 0), (2, 0), (2, 2), (0, 2)]])
    filled, area = bp.fill_gaps({"W": west, "E": east}, frame)
    assert area > 0 and filled["W"].union(filled["E"]).area == pytest.approx(4.0, abs=1e-6)
    assert 0.09 < filled["W"].area - 2.0 < 0.11 and 0.09 < filled["E"].area - 1.8 < 0.11   # split at the middle
    # a hole that is another (undrawn) country's land stays a hole
    kept, area = bp.fill_gaps({"W": west, "E": east}, frame, masks=[box(1, 0, 1.1, 2)])
    assert area == 0 and kept["W"].area == pytest.approx(2.0)
