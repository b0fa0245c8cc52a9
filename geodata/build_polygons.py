"""Country, region and sea polygons for the atlas, derived from the registry datasets.

Every function here is pure: shapely geometries in (WGS 84 lon/lat), shapely geometries out.
``geodata/build.py`` wires them to the files from ``build_sources``.

Method in one paragraph (details in ``geodata/SOURCES.md``): countries are the OpenStreetMap land
polygons, clipped to the map extent, with lake holes filled and the Armenian/Azerbaijani exclaves
cut out of the polygon that wrongly covers them; Nakhchivan is the part of Azerbaijan not connected
to the mainland; Syunik is Armenia minus Natural Earth's other Armenian provinces (so its outer edge
is OSM's line); Nagorno-Karabakh is a documented construction from Natural Earth districts; the
Caspian is the water inside a box around it once the land of the five shore states is removed.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyproj
import shapely
from shapely import make_valid
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

#: (west, south, east, north) of the map: the Caucasus, the whole Caspian, Ankara to Tehran,
#: Ceyhan (the BTC terminal) and Aktau.
MAP_EXTENT = (32.0, 34.0, 58.0, 48.0)

_EQUAL_AREA = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True).transform


def area_km2(geom: BaseGeometry) -> float:
    """Area in km² in the EPSG:6933 equal-area projection."""
    return shapely.transform(geom, _EQUAL_AREA, interleaved=False).area / 1e6


def polygons(geom: BaseGeometry) -> list[Polygon]:
    """The polygon parts of any geometry (GeometryCollections from ``make_valid`` included)."""
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in polygons(g)]
    return []


def as_multipolygon(geom: BaseGeometry, min_km2: float = 0.0) -> MultiPolygon:
    """Keep only polygon parts (dropping lines/points left by overlay), optionally the slivers
    smaller than ``min_km2``; always return a valid MultiPolygon."""
    parts = [p for p in polygons(make_valid(geom)) if min_km2 <= 0 or area_km2(p) >= min_km2]
    merged = unary_union(parts)
    return MultiPolygon(polygons(merged))


# --------------------------------------------------------------------------- countries


def fill_lake_holes(countries: dict[str, BaseGeometry],
                    keep_open: BaseGeometry | None = None) -> dict[str, BaseGeometry]:
    """Fill each interior ring (OSM leaves lakes and reservoirs as holes: Lake Sevan is
    1,355 km² of holes in Armenia) except where another country's polygon lies in the hole
    (an enclave) or where ``keep_open`` (the sea) is: only the rest of the hole is filled."""
    out = {}
    for code, geom in countries.items():
        others = unary_union([g for c, g in countries.items() if c != code]
                             + ([keep_open] if keep_open is not None else []))
        parts = []
        for poly in polygons(geom):
            filled = Polygon(poly.exterior)
            holes = filled.difference(poly)
            if not holes.is_empty:
                holes = holes.difference(others)
                filled = poly.union(holes)
            parts.append(filled)
        out[code] = as_multipolygon(unary_union(parts))
    return out


def cut_foreign_exclaves(countries: dict[str, BaseGeometry], max_km2: float = 500.0,
                         covered: float = 0.5) -> dict[str, BaseGeometry]:
    """Cut each small separate part of one country out of a neighbour that covers it.

    OSM's Armenia covers the Azerbaijani exclaves (Karki, Yukhari Askipara, Barkhudarly,
    Sofulu) and Azerbaijan's mainland polygon covers Armenia's Artsvashen (81.5 km² of overlap
    in all). A part of country B smaller than ``max_km2`` that lies more than ``covered`` inside
    country A's polygon is an exclave of B: it is removed from A. Returns new geometries.
    """
    out = dict(countries)
    for code_b, geom_b in countries.items():
        for part in polygons(geom_b):
            if area_km2(part) > max_km2:
                continue
            for code_a in countries:
                if code_a == code_b:
                    continue
                inter = out[code_a].intersection(part)
                if not inter.is_empty and inter.area > covered * part.area:
                    out[code_a] = as_multipolygon(out[code_a].difference(part))
    return out


def resolve_overlaps(countries: dict[str, BaseGeometry], priority: list[str]) -> dict[str, BaseGeometry]:
    """Make the countries disjoint: each country loses what an earlier one in ``priority`` has.

    After the exclave cut only slivers remain (about 0.25 km² between the three states); giving
    the South Caucasus states priority over the clipped neighbours keeps their outlines whole.
    """
    out = {}
    taken = None
    for code in priority:
        geom = countries[code]
        if taken is not None:
            geom = geom.difference(taken)
        out[code] = as_multipolygon(geom)
        taken = out[code] if taken is None else unary_union([taken, out[code]])
    return out


# --------------------------------------------------------------------------- regions


#: Nakhchivan lies west of this meridian and south of this parallel; mainland Azerbaijan's
#: western tip (Gazakh) is north of it. Used only to pick disconnected parts of Azerbaijan.
NAKHCHIVAN_BOX = box(44.5, 38.5, 46.3, 39.8)


def nakhchivan_from_country(azerbaijan: BaseGeometry) -> MultiPolygon:
    """Nakhchivan AR = the parts of OSM Azerbaijan not connected to the mainland that lie in
    ``NAKHCHIVAN_BOX`` (the exclave itself and Karki, which belongs to Sadarak district).

    Consistent with the country outline by construction, unlike Natural Earth's admin-1, whose
    Nakhchivan is 13% too small."""
    parts = polygons(azerbaijan)
    mainland = max(parts, key=lambda p: p.area)
    picked = [p for p in parts if p is not mainland and NAKHCHIVAN_BOX.contains(p.representative_point())]
    if not picked:
        raise ValueError("no part of Azerbaijan found in the Nakhchivan box")
    return as_multipolygon(unary_union(picked))


def nearest_zones(zones: dict[str, BaseGeometry], extent: BaseGeometry,
                  spacing_deg: float = 0.005) -> dict[str, BaseGeometry]:
    """Split ``extent`` among ``zones``: every location goes to the zone whose boundary is nearest.

    Voronoi cells of points every ``spacing_deg`` along each zone's boundary, merged per zone. Used
    to hand out the strips where one dataset's country is larger than the union of another
    dataset's provinces to the nearest province."""
    import numpy as np

    labels, points = [], []
    for key, geom in zones.items():
        ring_pts = shapely.get_coordinates(shapely.segmentize(geom.boundary, spacing_deg))
        points.append(ring_pts)
        labels += [key] * len(ring_pts)
    coords, idx = np.unique(np.vstack(points), axis=0, return_index=True)
    labels = [labels[i] for i in idx]
    cells = shapely.voronoi_polygons(shapely.multipoints(coords), extend_to=extent, ordered=True)
    out: dict[str, list] = {k: [] for k in zones}
    for key, cell in zip(labels, cells.geoms):
        out[key].append(cell)
    return {k: unary_union(v).intersection(extent) for k, v in out.items()}


def province_from_country(country: BaseGeometry, ne_units: list[dict], code: str) -> MultiPolygon:
    """A province (Natural Earth admin-1 ``code``) fitted to the OSM outline of its country.

    Inside the country, NE's province lines are kept; the strips of the country that no NE province
    covers (the two datasets' national borders differ, by up to 17.6 km on the Armenia-Nakhchivan
    line) go to the nearest province; NE's province beyond the OSM border is cut off. So the outer
    edge is the country's line and only inner province borders come from Natural Earth. Parts under
    1 km² are dropped and holes filled.
    """
    country_iso = code.split("-")[0]
    units = {}
    for u in ne_units:
        if u["properties"].get("iso_a2") == country_iso:
            key = u["properties"].get("iso_3166_2")
            units[key] = unary_union([units[key], u["geometry"]]) if key in units else u["geometry"]
    if code not in units:
        raise ValueError(f"Natural Earth admin-1 has no unit {code}")
    others = unary_union([g for k, g in units.items() if k != code])
    gap = country.difference(unary_union(list(units.values())))
    zones = nearest_zones(units, box(*country.buffer(0.5).bounds))
    mine = unary_union([units[code], gap.intersection(zones[code])]).intersection(country).difference(others)
    parts = [p for p in polygons(mine) if area_km2(p) >= 1.0]
    return as_multipolygon(unary_union([Polygon(p.exterior) for p in parts]).intersection(country))


# --------------------------------------------------------------------------- Nagorno-Karabakh


@dataclass(frozen=True)
class KarabakhRule:
    """Named inputs of the constructed Nagorno-Karabakh (former NKAO) polygon.

    ``core`` are the Natural Earth admin-1 codes of the post-1991 Azerbaijani districts formed
    wholly from the NKAO (Şuşa district and city, Xocalı = former Askeran, Xocavənd = former Hadrut
    and Martuni, Xankəndi = Stepanakert city). ``partial`` are the districts NE notes as partly
    in Nagorno-Karabakh into which the former Mardakert (Aghdara) district was split; of them only
    the part inside ``partial_window`` (the Mardakert district's extent: Kəlbəcər's pre-1991 border
    near 46.40E to the plain at Mardakert town, 46.85E, south of the Talish-Madagiz line, 40.42N)
    is taken. ``exclude_points`` are towns that NE's coarse boundaries wrongly put inside (Lachin
    and Jabrayil): a disc of ``exclude_radius_deg`` around each is removed."""

    core: tuple[str, ...] = ("AZ-SUS", "AZ-X01~", "AZ-XCI", "AZ-XVD", "AZ-XA")
    partial: tuple[str, ...] = ("AZ-TAR", "AZ-KAL")
    partial_window: tuple[float, float, float, float] = (46.40, 39.90, 46.85, 40.42)
    # Natural Earth's district lines are good to about 2 km, and two district seats that were never
    # in the NKAO fall just inside it: Lachin town 1.6 km inside NE's Şuşa district, Jabrayil town
    # 0.5 km inside NE's Xocavənd. (GeoNames coordinates.)
    exclude_points: tuple[tuple[str, float, float], ...] = (("Lachin", 46.5461, 39.6383),
                                                            ("Jabrayil", 47.0245, 39.3999))
    exclude_radius_deg: float = 0.04


def nagorno_karabakh(ne_units: list[dict], azerbaijan: BaseGeometry,
                     rule: KarabakhRule = KarabakhRule()) -> tuple[MultiPolygon, str]:
    """Construct the approximate NKAO polygon from Natural Earth districts by ``rule``, clipped to
    the OSM outline of Azerbaijan. Returns the geometry and a human-readable note of the method,
    with an ``{area}`` placeholder for the caller to fill with the final area."""
    by_code: dict[str, list[BaseGeometry]] = {}
    for u in ne_units:
        by_code.setdefault(u["properties"].get("iso_3166_2"), []).append(u["geometry"])
    missing = [c for c in rule.core + rule.partial if c not in by_code]
    if missing:
        raise ValueError(f"Natural Earth admin-1 lacks {missing}")
    core = unary_union([g for c in rule.core for g in by_code[c]])
    partial = unary_union([g for c in rule.partial for g in by_code[c]]).intersection(box(*rule.partial_window))
    geom = unary_union([core, partial])
    for _name, lon, lat in rule.exclude_points:
        geom = geom.difference(Point(lon, lat).buffer(rule.exclude_radius_deg))
    geom = as_multipolygon(geom.intersection(azerbaijan), min_km2=1.0)
    geom = as_multipolygon(unary_union([Polygon(p.exterior) for p in polygons(geom)]))
    note = (
        "Approximation of the former Nagorno-Karabakh Autonomous Oblast (1923-1991), constructed in "
        "geodata/build_polygons.py: union of the Natural Earth 10m admin-1 districts "
        f"{', '.join(rule.core)} (districts formed from the NKAO after 1991) plus the part of "
        f"{', '.join(rule.partial)} inside lon {rule.partial_window[0]}-{rule.partial_window[2]}E, "
        f"lat {rule.partial_window[1]}-{rule.partial_window[3]}N (the former Mardakert district), minus "
        f"a {rule.exclude_radius_deg} degree disc around "
        f"{' and '.join(n for n, _, _ in rule.exclude_points)} towns (NE's district lines wrongly put them "
        "inside), "
        "clipped to the OpenStreetMap outline of Azerbaijan. Area {area} km2 "
        "(the NKAO was about 4,388 km2). Boundaries are good to a few km only."
    )
    return geom, note


# --------------------------------------------------------------------------- Caspian


#: A box around the whole Caspian Sea, Volga delta and Kara-Bogaz-Gol included.
CASPIAN_BOX = (46.4, 36.4, 55.2, 47.3)
#: A point in the open Caspian, to pick the sea out of the water pieces.
CASPIAN_SEED = Point(51.0, 42.0)


def caspian_sea(land: list[BaseGeometry], min_hole_km2: float = 0.0) -> MultiPolygon:
    """The Caspian Sea: the water inside ``CASPIAN_BOX`` once the land of the shore states
    (Russia, Kazakhstan, Turkmenistan, Iran, Azerbaijan) is removed, keeping only the piece that
    contains ``CASPIAN_SEED``. Islands smaller than ``min_hole_km2`` are dropped (filled); by default
    every island stays, since each is some country's land."""
    water = box(*CASPIAN_BOX).difference(unary_union(land))
    sea = [p for p in polygons(water) if p.contains(CASPIAN_SEED)]
    if not sea:
        raise ValueError("no water piece contains the Caspian seed point")
    poly = sea[0]
    holes = [r for r in poly.interiors if area_km2(Polygon(r)) >= min_hole_km2]
    return MultiPolygon([Polygon(poly.exterior, holes)])


def caspian_from_seas(seas: BaseGeometry, land: list[BaseGeometry]) -> MultiPolygon:
    """The Caspian Sea from the OpenStreetMap seas layer: the piece of ``seas`` (clipped to
    ``CASPIAN_BOX``) that contains ``CASPIAN_SEED``, minus the given land (so that it never overlaps a
    country). The seas layer leaves out the Kara-Bogaz-Gol and the Volga delta, which the
    "water between the land polygons" of ``caspian_sea`` includes (+8%)."""
    water = make_valid(seas.intersection(box(*CASPIAN_BOX)))
    sea = [p for p in polygons(water) if p.contains(CASPIAN_SEED)]
    if not sea:
        raise ValueError("no piece of the seas layer contains the Caspian seed point")
    return as_multipolygon(sea[0].difference(unary_union(land)))


def fill_gaps(countries: dict[str, BaseGeometry], sea: BaseGeometry,
              masks: list[BaseGeometry] = (), island_deg: float = 0.3) -> tuple[dict[str, BaseGeometry], float]:
    """Give the ground that no country covers but that countries (and the sea) enclose to the
    nearest country: reservoirs on border rivers (the Aras between Nakhchivan and Iran), slivers
    where two OSM outlines do not meet, delta water and islands the seas layer leaves out. A gap
    shared by several countries is split by nearest border (triangles of the gap, each to the
    nearest country); the sea never receives anything; a gap inside the sea alone (an island that
    no OSM country has) goes to the nearest country within ``island_deg``. Holes that lie mostly in
    ``masks`` (land of countries not drawn: Kazakh and Turkmen islands in the Caspian) are left.
    Returns the new countries and the area filled (km²)."""
    from shapely.strtree import STRtree

    union = unary_union(list(countries.values()) + [sea])
    mask = unary_union(list(masks)) if masks else None
    labels, parts = [], []
    for key, geom in countries.items():
        for part in polygons(geom):
            labels.append(key)
            parts.append(part)
    tree = STRtree(parts)
    add: dict[str, list] = {k: [] for k in countries}
    filled = 0.0
    for hole in (Polygon(r) for p in polygons(union) for r in p.interiors):
        if mask is not None and hole.intersects(mask) and hole.intersection(mask).area > 0.5 * hole.area:
            continue
        idx = tree.query(hole, predicate="dwithin", distance=1e-6)
        if len(idx) == 0:
            idx = tree.query(hole, predicate="dwithin", distance=island_deg)
            if len(idx) == 0:
                continue
            nearest = min(idx, key=lambda i: parts[i].distance(hole))
            idx = [nearest]
        near: dict[str, BaseGeometry] = {}
        frame = hole.buffer(0.05)
        for i in idx:
            near.setdefault(labels[i], [])
            near[labels[i]].append(parts[i].intersection(frame))
        near = {k: unary_union(v) for k, v in near.items()}
        filled += area_km2(hole)
        if len(near) == 1:
            add[next(iter(near))].append(hole)
            continue
        for tri in shapely.constrained_delaunay_triangles(shapely.segmentize(hole, 0.005)).geoms:
            c = tri.centroid
            add[min(near, key=lambda k: near[k].distance(c))].append(tri)
    out = {k: as_multipolygon(unary_union([g, *add[k]])) if add[k] else g for k, g in countries.items()}
    return out, filled
