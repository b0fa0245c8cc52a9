"""Names from the data files: display names, aliases and exclusions of places and actors."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from app.gazetteer.morphology import Entry, _Rules, alias_forms

ROOT = Path(__file__).resolve().parents[2]
_ASIDE = re.compile(r"\s*\([^)]*\)")
NAMES_PATH = ROOT / "geodata" / "curated" / "names.json"
FEATURES_PATH = ROOT / "geodata" / "features.geojson"
CURATED_FEATURES_PATH = ROOT / "geodata" / "curated" / "features.json"
ACTORS_PATH = ROOT / "geodata" / "curated" / "actors.json"
DESCRIPTIONS_PATH = ROOT / "geodata" / "curated" / "descriptions.json"


def without_asides(name: str) -> str:
    """A display name without its asides in brackets ("Lachin (Berdzor)": "Lachin"), or the name if that is all."""
    return _ASIDE.sub("", name).strip() or name


def data_paths(names_path=None, features_path=None, actors_path=None, descriptions_path=None
               ) -> tuple[tuple[Path, Path, Path, Path], tuple]:
    """The names, features, actors and descriptions files to read, and a cache key.

    ``features_path`` may be the built ``features.geojson`` or the curated
    ``features.json``; by default the first that exists. The descriptions are
    by default the ``descriptions.json`` beside the names file. Missing files
    count as empty. The key holds the files' modification times.
    """
    names_path = Path(names_path) if names_path else NAMES_PATH
    if features_path:
        features_path = Path(features_path)
    else:
        features_path = FEATURES_PATH if FEATURES_PATH.exists() else CURATED_FEATURES_PATH
    actors_path = Path(actors_path) if actors_path else ACTORS_PATH
    descriptions_path = Path(descriptions_path) if descriptions_path \
        else names_path.parent / DESCRIPTIONS_PATH.name
    paths = (names_path, features_path, actors_path, descriptions_path)
    return paths, tuple((str(p), _stamp(p)) for p in paths)


def _stamp(p: Path):
    try:
        return p.stat().st_mtime_ns
    except OSError:
        return None


def load_records(paths: Iterable[Path]) -> tuple[dict, ...]:
    """One ``{id: record}`` mapping per file (empty when the file is missing)."""
    return tuple(dict(_records(_read_json(p))) for p in paths)


class NameTable:
    """Every normalised form -> its entries, plus display names and curated defaults."""

    def __init__(self, rules: _Rules, *sources: dict):
        self.forms: dict[str, list[Entry]] = defaultdict(list)
        self.display: dict[str, str] = {}
        self.preferred: set[str] = set()
        # an id's forms matched only as written hold in every file that names it: the built features file
        # repeats the display names of names.json ("Rəşt") without its case_sensitive list
        exact: dict[str, set[str]] = {}
        for source in sources:
            for fid, rec in source.items():
                cs = rec.get("case_sensitive")
                if isinstance(cs, list):
                    exact.setdefault(fid, set()).update(a for a in cs if isinstance(a, str))
        for source in sources:
            for fid, rec in source.items():
                self._add_record(rules, fid, rec, frozenset(exact.get(fid, ())))

    def _add_record(self, rules: _Rules, fid: str, rec: dict, cs: frozenset = frozenset()) -> None:
        for lang, alias in _names_of(rec):
            self._add(alias_forms(fid, lang, alias, rules, cs))
        excl = rec.get("exclude")
        if isinstance(excl, dict):
            excl = [a for v in excl.values() for a in (v if isinstance(v, list) else [v])]
        for alias in excl if isinstance(excl, list) else []:
            if isinstance(alias, str):
                self._add(alias_forms(fid, "", alias, rules, blocker=True))
        if rec.get("preferred") is True:
            self.preferred.add(fid)
        if fid not in self.display:
            disp = rec.get("display") or rec.get("names") or {}
            self.display[fid] = (disp.get("en") if isinstance(disp, dict) else None) \
                or rec.get("name") or fid

    def _add(self, pairs: Iterable[tuple[str, Entry]]) -> None:
        for key, entry in pairs:
            self.forms[key].append(entry)


def _read_json(path) -> object:
    p = Path(path)
    if not p.exists():
        return None
    return json.loads(p.read_text(encoding="utf-8"))


def _records(data) -> Iterable[tuple[str, dict]]:
    """(id, record) pairs from a {id: record} dict, a list of records or a FeatureCollection."""
    if data is None:
        return
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        for f in data.get("features", []):
            props = dict(f.get("properties") or {})
            fid = f.get("id") or props.get("id")
            if fid:
                props["_geometry"] = f.get("geometry")
                yield fid, props
        return
    if isinstance(data, dict):
        for key in ("features", "actors", "records", "items"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if isinstance(data, list):
        for rec in data:
            if isinstance(rec, dict) and rec.get("id"):
                yield rec["id"], rec
    elif isinstance(data, dict):
        for key, rec in data.items():
            if not key.startswith("_") and isinstance(rec, dict):
                yield rec.get("id", key), rec


def _names_of(rec: dict) -> list[tuple[str, str]]:
    """(lang, name) pairs from a record's display names, names and aliases."""
    out: list[tuple[str, str]] = []
    for key in ("display", "names"):
        val = rec.get(key)
        if isinstance(val, dict):
            out += [(lang, n) for lang, n in val.items() if isinstance(n, str)]
    aliases = rec.get("aliases")
    if isinstance(aliases, dict):
        for lang, names in aliases.items():
            if isinstance(names, str):
                names = [names]
            out += [(lang, n) for n in names or [] if isinstance(n, str)]
    elif isinstance(aliases, list):
        out += [("en", n) for n in aliases if isinstance(n, str)]
    if isinstance(rec.get("name"), str):
        out.append(("en", rec["name"]))
    return out

