"""Pipeline routes from Global Energy Monitor's traced GeoJSON, simplified into ``curated/features.json`` (by hand)."""
# Run from the repository root, after geodata/build.py has written features.geojson (its country outlines cut the
# South Caucasus Pipeline at the Turkish border and split the lengths by country):
#
#     git clone https://github.com/GlobalEnergyMonitor/GOIT-GGIT-pipeline-routes /tmp/gem
#     .venv/bin/python geodata/build_routes.py /tmp/gem/data/individual-routes --commit "$(git -C /tmp/gem rev-parse HEAD)"
#     .venv/bin/python geodata/build.py --merge-only
#
# Each route is simplified (Douglas-Peucker in an azimuthal equidistant projection centred on the region, spans
# longer than the segment bound split where the trace allows) at TOLERANCE_M; the build stops if a segment is
# longer than the route's bound or the line is more than MAX_LENGTH_LOSS shorter than GEM's own. Lengths are
# geodesic (WGS 84). See geodata/SOURCES.md, "Lines". Nothing here is imported by app/.
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pyproj import Geod, Transformer
from shapely.geometry import LineString, Point, shape
from shapely.ops import substring

GEODATA = Path(__file__).resolve().parent
CURATED = GEODATA / "curated" / "features.json"
BUILT = GEODATA / "features.geojson"
REPO_URL = "https://github.com/GlobalEnergyMonitor/GOIT-GGIT-pipeline-routes"
DEFAULT_COMMIT = "6bfab45c1759ae3b4d6fd9f1a1171ebbf0002086"   # 2026-04-07, the snapshot used in Dec 2026
TOLERANCE_M = 500.0
MAX_SEGMENT_KM = 50.0
MAX_LENGTH_LOSS = 0.01
PRECISION = 4
GEOD = Geod(ellps="WGS84")
_TO_M = Transformer.from_crs("EPSG:4326", "+proj=aeqd +lat_0=41 +lon_0=43 +units=m +ellps=WGS84", always_xy=True)
_TO_DEG = Transformer.from_crs("+proj=aeqd +lat_0=41 +lon_0=43 +units=m +ellps=WGS84", "EPSG:4326", always_xy=True)


@dataclass(frozen=True)
class Route:
    """One curated line drawn from one GEM route file (optionally only up to where it leaves ``cut_leaving``)."""

    fid: str
    project: str          # GEM project id, the file name
    folder: str           # liquid-pipelines or gas-pipelines
    gem_name: str         # the name GEM gives the project
    published_km: int
    countries: tuple[str, ...]
    cut_leaving: str | None = None
    period_start: str | None = None   # drawn as a ``geometry_periods`` entry from this date (a re-routed line)
    max_segment_km: float = MAX_SEGMENT_KM
    period_sources: tuple[str, ...] = ()   # the record's sources that date the re-routing
    intro: str = ""                         # what the geometry is, before the note's standard text


ROUTES = (
    Route("baku_tbilisi_ceyhan_pipeline", "P0644", "liquid-pipelines", "Baku-Tbilisi-Ceyhan Pipeline", 1768,
          ("azerbaijan", "georgia", "turkey")),
    Route("south_caucasus_pipeline", "P0644", "liquid-pipelines", "Baku-Tbilisi-Ceyhan Pipeline", 692,
          ("azerbaijan", "georgia"), cut_leaving="georgia"),
    Route("baku_supsa_pipeline", "P0643", "liquid-pipelines", "Baku-Supsa Oil Pipeline", 833,
          ("azerbaijan", "georgia")),
    # the file has no name: identified by its route (Baku to Sheskharis, round Chechnya by Kizlyar and Mozdok);
    # its one 54 km segment runs along the Caspian shore north of Sumgait
    Route("baku_novorossiysk_pipeline", "P0645", "liquid-pipelines", "Baku-Novorossiysk Oil Pipeline", 1411,
          ("azerbaijan", "russia"), period_start="2000-04", max_segment_km=55.0,
          period_sources=("rferl_bn_bypass_2000", "aliyevheritage_bn_length"),
          intro="The line since the 312 km bypass round Chechnya through Dagestan was completed (March 2000, due "
                "in service in April, RFE/RL); the length with the bypass is given as 1,411 km (Heydar Aliyev "
                "Heritage library), 231 km of it in Azerbaijan from Sangachal. GEM's file carries no name; it is "
                "identified by its route, from the northern edge of Baku (not Sangachal) along the "
                "Caspian to Makhachkala, north by Kizlyar, west round Chechnya to Mozdok and on by Tikhoretsk to "
                "the Sheskharis terminal. "),
)


@dataclass(frozen=True)
class OldLine:
    """A route's line before it was re-routed: the drawn GEM trace with the stretch the new route replaced put back.

    The old line is ``head`` (waypoints before GEM's start), GEM's drawn trace to its vertex nearest ``leave``,
    the ``via`` waypoints, and GEM's drawn trace on from its vertex nearest ``rejoin``; it is the record's
    ``geometry`` (the line drawn before the re-routing's ``geometry_periods`` entry).
    """

    fid: str
    head: tuple[tuple[float, float], ...]
    leave: tuple[str, float, float]
    via: tuple[tuple[str, float, float], ...]
    rejoin: tuple[str, float, float]
    published_km: int
    intro: str


OLD_LINES = (
    OldLine("baku_novorossiysk_pipeline",
            head=((49.4639, 40.1699), (49.5512, 40.2508), (49.6604, 40.2982)),   # Sangachal, round the bay
            leave=("Makhachkala", 47.50027, 42.97782),
            via=(("a point placed by hand near Temiraul", 46.8, 43.25), ("Gudermes", 46.1009, 43.3508),
                 ("Grozny", 45.6889, 43.312)),
            rejoin=("Terskaya (the end of the 1997 bypass plan)", 44.72442, 43.72376), published_km=1330,
            intro="The original route, until the bypass round Chechnya was in service (April 2000): Baku – "
                  "Makhachkala – Grozny – Tikhoretsk – Novorossiysk (allrussias.com; Oil & Gas Journal 1997: via "
                  "Grozny and Tikhoretsk, 153 km in Chechnya), along the coast in Dagestan (a blast at km 242 in "
                  "Karabudakhkent district, Gazeta.ru 2011). The bypass replaced only the stretch round Chechnya, "
                  "so the line is drawn on the later route where the two are one: from Sangachal round the bay to "
                  "the start of Global Energy Monitor's trace at the northern edge of Baku, GEM's trace (project "
                  "P0645) to "),
)


def read_gem_line(path: Path) -> list[tuple[float, float]]:
    """The route of a GEM file as one chain of (lon, lat): its LineStrings joined end to start, z dropped."""
    data = json.loads(path.read_text(encoding="utf-8"))
    chain: list[tuple[float, float]] = []
    for feat in data["features"]:
        geom = feat.get("geometry")
        if not geom:
            continue
        parts = geom["coordinates"] if geom["type"] == "MultiLineString" else [geom["coordinates"]]
        for part in parts:
            pts = [(float(c[0]), float(c[1])) for c in part]
            if chain and pts and pts[0] == chain[-1]:
                pts = pts[1:]
            elif chain and pts and _km(chain[-1], pts[0]) > 1.0:
                raise ValueError(f"{path.name}: parts do not join ({chain[-1]} -> {pts[0]})")
            chain.extend(pts)
    if len(chain) < 2:
        raise ValueError(f"{path.name}: no route")
    return chain


def gem_properties(path: Path) -> dict:
    """The first feature's properties (GEM's metadata: ProjectID, PipelineName, LengthKnownKm, ...)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return dict(data["features"][0].get("properties") or {})


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in km between two (lon, lat) points."""
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0


def length_km(coords: list[tuple[float, float]]) -> float:
    """Geodesic length of a chain in km."""
    return GEOD.line_length([c[0] for c in coords], [c[1] for c in coords]) / 1000.0


def longest_segment_km(coords: list[tuple[float, float]]) -> float:
    """The longest straight segment of a chain, in km."""
    return max(_km(a, b) for a, b in zip(coords, coords[1:]))


def to_metric(coords: list[tuple[float, float]]) -> LineString:
    """The chain in the regional azimuthal equidistant projection (metres)."""
    xs, ys = _TO_M.transform([c[0] for c in coords], [c[1] for c in coords])
    return LineString(list(zip(xs, ys)))


def to_lonlat(line: LineString) -> list[tuple[float, float]]:
    """A metric line back to (lon, lat), rounded to ``PRECISION`` decimals, repeated points dropped."""
    xs, ys = _TO_DEG.transform(*zip(*line.coords))
    out: list[tuple[float, float]] = []
    for x, y in zip(xs, ys):
        p = (round(x, PRECISION), round(y, PRECISION))
        if not out or p != out[-1]:
            out.append(p)
    return out


def countries() -> dict[str, object]:
    """The built country polygons (``features.geojson``), by id."""
    data = json.loads(BUILT.read_text(encoding="utf-8"))
    return {f["id"]: shape(f["geometry"]) for f in data["features"]
            if f["properties"].get("kind") == "country" and f.get("geometry")}


def cut_where_it_leaves(coords: list[tuple[float, float]], polygon: object) -> list[tuple[float, float]]:
    """The chain from its start to the last point where it crosses the polygon's outline (leaving it)."""
    line = LineString(coords)
    crossings = line.intersection(polygon.boundary)
    points = [crossings] if isinstance(crossings, Point) else list(getattr(crossings, "geoms", []))
    if not points:
        raise ValueError("the line never crosses the outline")
    return [tuple(c) for c in substring(line, 0, max(line.project(p) for p in points)).coords]


def keep_indices(xy: list[tuple[float, float]], tolerance: float, max_length: float) -> list[int]:
    """Indices kept by Douglas-Peucker in metres, also splitting spans over ``max_length`` at their farthest point."""
    keep, stack = {0, len(xy) - 1}, [(0, len(xy) - 1)]
    while stack:
        i, j = stack.pop()
        if j - i < 2:
            continue
        chord = LineString([xy[i], xy[j]])
        far, k = max((chord.distance(Point(xy[m])), m) for m in range(i + 1, j))
        if far > tolerance or chord.length > max_length:
            keep.add(k)
            stack += [(i, k), (k, j)]
    return sorted(keep)


def simplify(coords: list[tuple[float, float]], name: str, max_segment: float = MAX_SEGMENT_KM) -> list[tuple[float, float]]:
    """The chain simplified (``keep_indices``); raise if a segment is over ``max_segment`` km or length is lost."""
    xy = list(to_metric(coords).coords)
    out = to_lonlat(LineString([xy[i] for i in keep_indices(xy, TOLERANCE_M, max_segment * 1000 * 0.98)]))
    loss = 1 - length_km(out) / length_km(coords)
    if loss > MAX_LENGTH_LOSS or longest_segment_km(out) > max_segment:
        raise ValueError(f"{name}: simplified line loses {loss:.1%} or has a {longest_segment_km(out):.0f} km segment")
    return out


def km_in(coords: list[tuple[float, float]], polygon: object) -> float:
    """Geodesic length in km of the part of the chain inside a polygon."""
    inside = LineString(coords).intersection(polygon)
    parts = [inside] if inside.geom_type == "LineString" else list(getattr(inside, "geoms", []))
    return sum(length_km(list(p.coords)) for p in parts if p.geom_type == "LineString" and not p.is_empty)


#: places the cited route descriptions put on or by each line (GeoNames coordinates, source ids in the record);
#: the note gives how far GEM's line passes from each, a check of the trace against the texts
CHECKS: dict[str, tuple[tuple[str, float, float], ...]] = {
    "baku_tbilisi_ceyhan_pipeline": (
        ("Sangachal (head pump station)", 49.4639, 40.1699), ("Mughan (camp)", 48.8189, 40.099),
        ("Kyurdarmir (camp)", 48.1565, 40.3426), ("Yevlakh (camp)", 47.1501, 40.6183),
        ("Ganja (camp)", 46.3613, 40.6816), ("Poylu (camp)", 45.4427, 41.2282),
        ("Gardabani (pump station district)", 45.0899, 41.4597), ("Rustavi", 44.9787, 41.5627),
        ("Tetritsqaro", 44.4618, 41.5438), ("Bakuriani", 43.5291, 41.753),
        ("Sarıkamış (the line 24 km from the town)", 42.58705, 40.32769), ("Erzurum", 41.2769, 39.9086),
        ("Kelkit (Gümüşhane province)", 39.43623, 40.12936), ("Sarız", 36.499, 38.4792),
        ("Kösreli (Lot C camp)", 35.9783, 37.1625)),
    "baku_supsa_pipeline": (("Sangachal", 49.4639, 40.1699), ("Gori", 44.1133, 41.9842),
                            ("Zestaponi", 43.0475, 42.11), ("Supsa terminal", 41.78, 42.02)),
}
CHECKS["south_caucasus_pipeline"] = CHECKS["baku_tbilisi_ceyhan_pipeline"][:10]
CHECKS["baku_novorossiysk_pipeline"] = (
    ("Makhachkala", 47.50027, 42.97782), ("Karabudakhkent (the blast at km 242)", 47.56299, 42.70916),
    ("Kizlyar (on the proposed bypass)", 46.70977, 43.84686), ("Terskaya (the 1997 bypass plan's end)", 44.72442,
                                                                43.72376),
    ("Grozny (the old line)", 45.6889, 43.312), ("Tikhoretsk", 40.11874, 45.85307),
    ("Novorossiysk", 37.76176, 44.73188))

#: published lengths by country (BP for BTC and SCP; SOCAR for Baku-Supsa)
PUBLISHED_BY_COUNTRY = {"baku_tbilisi_ceyhan_pipeline": (443, 249, 1076), "south_caucasus_pipeline": (443, 249),
                        "baku_supsa_pipeline": (456, 373), "baku_novorossiysk_pipeline": (231, None)}


def gem_source(route: Route, commit: str, props: dict) -> dict:
    """The source entry for a route file at a commit (publisher, title, URL, date, licence)."""
    path = f"data/individual-routes/{route.folder}/{route.project}.geojson"
    updated = props.get("LastUpdated") or None
    return {"id": f"gem_route_{route.project.lower()}",
            "title": f"Global Oil Infrastructure Tracker route {route.project} ({route.gem_name}), traced route "
                     "as GeoJSON (CC BY 4.0)",
            "publisher": "Global Energy Monitor", "date": updated,
            "url": f"{REPO_URL}/blob/{commit}/{path}", "seed": None, "licence": "CC BY 4.0"}


def _note(route: Route, props: dict, gem_km: float, drawn: list[tuple[float, float]],
          by_country: list[float]) -> str:
    """The ``geometry_note``: where the line comes from, its length against the published one, the checks."""
    drawn_km = length_km(drawn)
    names = {"azerbaijan": "Azerbaijan", "georgia": "Georgia", "turkey": "Turkey", "russia": "Russia"}
    split = ", ".join(f"{names[c]} {d:,.0f}" + (f" of {p:,} km" if p else " km") for c, d, p in
                      zip(route.countries, by_country, PUBLISHED_BY_COUNTRY[route.fid]))
    cut = (" from Sangachal to where it crosses the Georgia–Turkey border (the gas line is laid beside the oil "
           "line to the border, BP)" if route.cut_leaving else "")
    line = to_metric(drawn)
    checks = "; ".join(f"{name} {line.distance(to_metric([(lon, lat), (lon, lat + 1e-6)])) / 1000:.0f} km"
                       for name, lon, lat in CHECKS[route.fid])
    accuracy = props.get("RouteAccuracy")
    return (f"{route.intro}Global Energy Monitor's traced route of the {route.gem_name} (project {route.project}"
            + (f", route accuracy '{accuracy}' in its metadata" if accuracy else "") + f"){cut}, "
            f"{gem_km:,.0f} km as GEM draws it, simplified by geodata/build_routes.py (Douglas-Peucker, "
            f"{TOLERANCE_M:.0f} m) to {len(drawn)} points. The drawn line is {drawn_km:,.0f} km, "
            f"{(drawn_km / route.published_km - 1) * 100:+.1f}% of the published {route.published_km:,} km "
            f"({split}); longest segment {longest_segment_km(drawn):.0f} km. GEM's trace follows the corridor at "
            "map scale, not every bend of the pipe, and falls short of the published length. "
            f"Distance from the line to places the route sources name: {checks}.")


def _period(route: Route) -> dict | None:
    """The ``geometry_periods`` dates and sources of a re-routed line (None for a line drawn on every date)."""
    if not route.period_start:
        return None
    precision = {4: "year", 7: "month", 10: "day"}[len(route.period_start)]
    return {"start": route.period_start, "start_precision": precision, "end": None, "end_precision": None,
            "sources": [f"gem_route_{route.project.lower()}", *route.period_sources]}


def _nearest_vertex(coords: list[tuple[float, float]], lon: float, lat: float) -> tuple[int, float]:
    """The index of the chain's vertex nearest a place, and its distance in km."""
    km, i = min((_km((lon, lat), p), i) for i, p in enumerate(coords))
    return i, km


def old_line(spec: OldLine, drawn: list[tuple[float, float]],
             bound: float = MAX_SEGMENT_KM) -> tuple[list[tuple[float, float]], str]:
    """The line before the re-routing (see :class:`OldLine`) and its ``geometry_note``; GEM's parts keep ``bound``."""
    i, leave_km = _nearest_vertex(drawn, *spec.leave[1:])
    j, rejoin_km = _nearest_vertex(drawn, *spec.rejoin[1:])
    if not i < j:
        raise ValueError(f"{spec.fid}: the old line would rejoin GEM's trace before it leaves it")
    chain = [*spec.head, *drawn[:i + 1], *((lon, lat) for _, lon, lat in spec.via), *drawn[j:]]
    start = len(spec.head) + i                      # the segments from here to here + len(via) are the old stretch
    seg = [_km(a, b) for a, b in zip(chain, chain[1:])]
    long = [k for k, d in enumerate(seg) if d > MAX_SEGMENT_KM and start <= k <= start + len(spec.via)]
    if any(d > bound for k, d in enumerate(seg) if not start <= k <= start + len(spec.via)):
        raise ValueError(f"{spec.fid}: a segment over {bound:.0f} km outside the old stretch")
    drawn_km = length_km(chain)
    note = (f"{spec.intro}its vertex {leave_km:.0f} km from {spec.leave[0]}; then the old line through "
            + ", ".join(name for name, _, _ in spec.via)
            + f" to GEM's vertex {rejoin_km:.0f} km from {spec.rejoin[0]}, where the later route rejoins it; and "
            f"GEM's trace on to Sheskharis (the bypass, left out here, is {length_km(drawn[i:j + 1]):,.0f} km of GEM's "
            "drawn trace). Of the old "
            "stretch's waypoints only Grozny is named by a source; the others keep the line on the main road and "
            f"may be tens of km off. The drawn line is {drawn_km:,.0f} km, "
            f"{round((drawn_km / spec.published_km - 1) * 100, 1) + 0.0:+.1f}% of the published {spec.published_km:,} km; longest "
            f"segment {max(seg):.0f} km; {len(long)} segments over {MAX_SEGMENT_KM:.0f} km on the old stretch, where "
            "no source gives the path.")
    return chain, note


def build(gem_dir: Path, commit: str) -> dict[str, dict]:
    """For each route: its simplified geometry, note and source entry; printed as it goes."""
    shapes = countries()
    out: dict[str, dict] = {}
    for route in ROUTES:
        path = gem_dir / route.folder / f"{route.project}.geojson"
        props = gem_properties(path)
        coords = read_gem_line(path)
        drawn = simplify(coords, route.fid, route.max_segment_km)
        if route.cut_leaving:   # cut after simplifying, so the line shares every vertex with the whole one
            coords = cut_where_it_leaves(coords, shapes[route.cut_leaving])
            cut = cut_where_it_leaves(drawn, shapes[route.cut_leaving])
            drawn = drawn[:len(cut) - 1] + [(round(cut[-1][0], PRECISION), round(cut[-1][1], PRECISION))]
        by_country = [km_in(drawn, shapes[c]) for c in route.countries]
        if route.countries[-1] in ("turkey", "russia"):   # clipped to the map extent: the rest of the line
            by_country[-1] = length_km(drawn) - sum(by_country[:-1])
        out[route.fid] = {"coordinates": [list(c) for c in drawn],
                          "note": _note(route, props, length_km(coords), drawn, by_country),
                          "source": gem_source(route, commit, props), "period": _period(route)}
        for spec in (o for o in OLD_LINES if o.fid == route.fid):
            chain, note = old_line(spec, drawn, route.max_segment_km)
            out[route.fid]["before"] = {"coordinates": [list(c) for c in chain], "note": note}
            print(f"{route.fid} before {route.period_start}: {len(chain)} points, {length_km(chain):,.0f} km "
                  f"({length_km(chain) / spec.published_km - 1:+.1%} of {spec.published_km:,}), longest "
                  f"{longest_segment_km(chain):.0f} km")
        print(f"{route.fid}: {route.project} {len(coords)} -> {len(drawn)} points, GEM {length_km(coords):,.0f} km, "
              f"drawn {length_km(drawn):,.0f} km ({length_km(drawn) / route.published_km - 1:+.1%} of "
              f"{route.published_km:,}), longest {longest_segment_km(drawn):.0f} km, by country "
              f"{[round(k) for k in by_country]}")
    return out


def dump_curated(data: dict) -> str:
    """``curated/features.json`` as committed: indent 1, lists of plain values (coordinates) on one line."""
    text = json.dumps(data, indent=1, ensure_ascii=False)
    scalar = r'(?:-?[\d.eE+-]+|"(?:[^"\\]|\\.)*"|null|true|false)'
    pattern = re.compile(r"\[\n\s+((?:" + scalar + r",\n\s+)*" + scalar + r")\n\s+\]")
    return pattern.sub(lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",\n")) + "]", text) + "\n"


def apply(built: dict[str, dict], path: Path = CURATED) -> None:
    """Write the geometries, notes and GEM source entries into the curated records."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for rec in data["features"]:
        new = built.get(rec["id"])
        if not new:
            continue
        geometry = {"type": "LineString", "coordinates": new["coordinates"]}
        if new["period"]:
            rec["geometry_periods"] = [{**new["period"], "geometry": geometry, "note": new["note"]}]
        else:
            rec["geometry"], rec["geometry_note"] = geometry, new["note"]
        if new.get("before"):
            rec["geometry"] = {"type": "LineString", "coordinates": new["before"]["coordinates"]}
            rec["geometry_note"] = new["before"]["note"]
        rec["sources"] = [s for s in rec["sources"] if s["id"] != new["source"]["id"]] + [new["source"]]
    path.write_text(dump_curated(data), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Read the GEM route files, simplify, and write them into curated/features.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gem_dir", type=Path, help="GEM's data/individual-routes folder (a checkout)")
    parser.add_argument("--commit", default=DEFAULT_COMMIT, help="the GEM commit the files come from (for URLs)")
    parser.add_argument("--check", action="store_true", help="print the results, write nothing")
    args = parser.parse_args(argv)
    built = build(args.gem_dir, args.commit)
    if not args.check:
        apply(built)
    return 0


if __name__ == "__main__":
    sys.exit(main())
