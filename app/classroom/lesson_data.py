"""What the lesson exports need: each step's date, highlights, quotes and sources, and the features' states."""
from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any

import shapely
from shapely.geometry import mapping

from app.atlas.layers import route_on
from app.atlas.mapdata import MIN_DAY
from app.atlas.styles import status_style as _status_style
from app.classroom.events import CATEGORY_LABELS, date_bounds, feature_records, state_on
from app.classroom.lessons import LANGUAGE_NAMES, Lesson, resolve_lesson
from app.dates.human import human_date
from app.safe_html import dir_for, esc

__all__ = ["lesson_payload", "embed_json", "human_date", "data_attribution", "credit_sentence", "untranslated",
           "SIMPLIFY_DEG"]

SIMPLIFY_DEG = 0.01
ROUND_DEG = 3

_LAYER_ORDER = {"borders": 0, "regions": 1, "pipelines": 2, "corridors": 3, "bases": 4, "places": 5}


def _style(layer: str, status: str | None, present: bool) -> dict:
    if layer == "borders":
        s = {"color": "#5a5a5a", "weight": 1, "opacity": 0.8, "fillColor": "#f2efe6", "fillOpacity": 0.9}
        if status and status not in ("independent",):
            s["dashArray"] = "4 3"
        return s
    return dict(_status_style(layer, status, present))


# ---------------------------------------------------------------------------------------------
# Escaping and assets
# ---------------------------------------------------------------------------------------------

def embed_json(data: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">`` (no ``</``, ``<!--``, ``]]>``)."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------

def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, ROUND_DEG)
    if isinstance(obj, (list, tuple)):
        return [_round(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def _geometry(geom) -> dict | None:
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type not in ("Point", "MultiPoint"):
        simple = shapely.simplify(geom, SIMPLIFY_DEG, preserve_topology=True)
        if not simple.is_empty:
            geom = simple
    return _round(mapping(geom))


def _routes(entries: Any) -> dict:
    """``{"geometries": [{start, end, geometry}]}`` for a feature with ``geometry_periods`` (a re-routed road)."""
    if not isinstance(entries, list) or not entries:
        return {}
    from shapely.geometry import shape
    return {"geometries": [{"start": e.get("start"), "end": e.get("end"), "geometry": _geometry(shape(e["geometry"]))}
                           for e in entries if isinstance(e, dict) and e.get("geometry")]}


def _map_date(date: str | None) -> _dt.date | None:
    if not date:
        return None
    try:
        return date_bounds(str(date))[0]
    except (ValueError, IndexError):
        return None


def source_parts(s: dict) -> list[str]:
    """A source as a reader sees it: its title (else its id), publisher and date in words, those it has; a
    publisher the title already names is said once ("Wikipedia: Lachin corridor", not "…, Wikipedia")."""
    title, publisher = str(s.get("title") or s.get("id") or ""), str(s.get("publisher") or "")
    if publisher and re.search(rf"(?<!\w){re.escape(publisher)}(?!\w)", title, re.IGNORECASE):
        publisher = ""
    return [x for x in (title, publisher, human_date(s.get("date"))) if x]


def untranslated(lang: str | None, translation: str | None = None, class_language: str = "en") -> bool:
    """Whether a quote is shown to the class in another language than its own with no translation."""
    return bool(lang) and lang != class_language and not translation


def credit_when(language: str, date: str | None, untranslated: bool = False) -> str:
    """What a quote's credit says in its brackets: "Arabic, 10 November 2020"; a date with an aside of its own
    ("2020 (no date in the text; most likely November–December 2020)") loses the inner brackets:
    "Arabic, 2020; no date in the text; most likely November–December 2020". A quote in another language than
    English shown with no translation says so ("Arabic, 10 November 2020; not translated in this lesson")."""
    d = str(date or "").strip()
    m = re.match(r"^(.*?)\s*\((.*)\)$", d)
    d = f"{human_date(m.group(1))}; {m.group(2)}" if m and m.group(1) else human_date(d)
    said = ", ".join(x for x in (language, d) if x)
    return f"{said}; not translated in this lesson" if untranslated else said


def _geoms(layers_gdf: Any) -> dict[str, Any]:
    if layers_gdf is None:
        return {}
    if isinstance(layers_gdf, dict) and "features" in layers_gdf:
        from shapely.geometry import shape
        return {str(f.get("id") or f["properties"]["id"]): shape(f["geometry"]) for f in layers_gdf["features"]
                if f.get("geometry")}
    if hasattr(layers_gdf, "geometry"):
        ids = layers_gdf["id"] if "id" in layers_gdf.columns else layers_gdf.index
        return {str(i): g for i, g in zip(ids, layers_gdf.geometry)}
    return {}


def _quotes(ev: dict | None, limit: int = 3) -> list[dict]:
    if not ev:
        return []
    out, seen = [], set()
    for s in ev.get("support", []):
        if s["doc"] in seen:
            continue
        seen.add(s["doc"])
        lang = s.get("lang") or ""
        out.append({"quote": s.get("quote") or s.get("sentence") or "", "lang": lang,
                    "dir": dir_for(lang), "doc": s["doc"],
                    "doc_title": s.get("doc_title") or s["doc"],
                    "language": LANGUAGE_NAMES.get(lang, lang or "unknown language"),
                    "date": s.get("date"), "inferred": bool(s.get("inferred"))})
        if len(out) >= limit:
            break
    return out


def _own_quote(q: dict) -> dict:
    """A quote the lesson's authors chose, with the team's English rendering."""
    lang = str(q.get("lang") or "")
    return {"text": str(q.get("text") or ""), "lang": lang, "dir": dir_for(lang), "doc": str(q.get("doc") or ""),
            "language": LANGUAGE_NAMES.get(lang, lang or "unknown language"),
            "translation": str(q.get("translation") or ""),
            "translation_by": str(q.get("translation_by") or "our translation"),
            "source": str(q.get("source") or q.get("doc") or ""), "date": str(q.get("date") or "")}


def lesson_payload(lesson: Lesson, events: list[dict], layers_gdf: Any) -> dict:
    """Everything the exports need: features (simplified geometry), styles, and per-step states."""
    feats = feature_records(layers_gdf)
    geoms = _geoms(layers_gdf)
    steps, warnings = resolve_lesson(lesson, events, feats)
    fids = [f for f in feats if not feats[f].get("off_map") and f in geoms]
    fids.sort(key=lambda f: (_LAYER_ORDER.get(feats[f].get("layer"), 9), f))
    features = []
    for fid in fids:
        g = _geometry(geoms[fid])
        if g is None:
            continue
        f = feats[fid]
        features.append({"id": fid, "name": str(f.get("name") or fid), "kind": f.get("kind"),
                         "layer": f.get("layer"), "geometry": g, **_routes(f.get("geometry_periods"))})
    styles: list[dict] = []
    style_index: dict[str, int] = {}
    out_steps = []
    for st in steps:
        ev = st["event"]
        on = _map_date(st["date"])
        states, names = {}, {}
        for f in features:
            p = state_on(feats[f["id"]].get("periods") or [], on) if on else None
            if p is None:
                continue
            present = bool(p.get("present", True))
            s = _style(f["layer"], p.get("status"), present)
            key = json.dumps(s, sort_keys=True)
            if key not in style_index:
                style_index[key] = len(styles)
                styles.append(s)
            states[f["id"]] = [style_index[key], p.get("status") or "", p.get("label") or p.get("status") or ""]
            if p.get("name"):
                names[f["id"]] = str(p["name"])       # called otherwise on this date (the Armenian SSR)
        routes = {f["id"]: route_on(f["geometries"], on) for f in features if f.get("geometries") and on}
        hl = [h for h in st["highlight"] if h in states] or [h for h in st["highlight"] if h in geoms]
        out_steps.append({
            "n": st["n"],
            "title": st["title"],
            "note": st["note"],
            "date": st["date"],
            "map_date": on.isoformat() if on else None,
            "date_label": human_date(st["date"]),
            "map_begins": map_begins(st["date"]),
            "category": CATEGORY_LABELS.get(ev["category"], "") if ev else "",
            "event_title": ev["title"] if ev else "",
            "event_id": st["step"].event_id,
            "missing": st["missing"],
            "highlight": hl,
            "states": states,
            "names": names,
            "routes": {fid: i for fid, i in routes.items() if i >= 0},
            "quotes": _quotes(ev),
            "own_quotes": [_own_quote(q) for q in st["quotes"]],
            "own_sources": [dict(s) for s in st["sources"]],
            "question": st["question"],
            "shows": st["shows"],
            "layers": list(st["layers"]),
            "bounds": (st["view"] or {}).get("bounds"),
            "sources": [dict(s) for s in (ev or {}).get("sources", [])],
            "disagreements": [{"field": d.get("field", "date"), "date": d.get("date"), "title": d.get("title"),
                               "docs": sorted({s["doc"] for s in d.get("support", [])}),
                               "sources": [s.get("title") or s.get("id") for s in d.get("sources", [])]}
                              for d in (ev or {}).get("disagreements", [])],
        })
    return {"lesson": {"id": lesson.id, "title": lesson.title, "description": lesson.description},
            "features": features, "styles": styles, "steps": out_steps, "warnings": warnings}


def map_begins(date: str | None) -> str | None:
    """What a step dated before the map's first day says under its map ("16 March 1921" showed a map of 1923
    with no word of it); ``None`` for a date the map can show."""
    if not date or date_bounds(date)[0] >= MIN_DAY:
        return None
    return (f"The map begins on {human_date(MIN_DAY.isoformat())}: it shows that day, not "
            f"{human_date(date)}.")


def data_attribution(layers: Any) -> str | None:
    """The layers' data credit (the top-level ``attribution`` of ``features.geojson``), if any."""
    if isinstance(layers, dict) and isinstance(layers.get("attribution"), str):
        return layers["attribution"]
    attrs = getattr(layers, "attrs", None)
    value = attrs.get("attribution") if isinstance(attrs, dict) else None
    return value if isinstance(value, str) and value else None


def credit_sentence(layers: Any) -> str:
    """" Data: <the layers' credit>." for a lesson file or handout, without the pointer to the code's
    ``geodata/SOURCES.md`` (a class holding only the file cannot open it; each step names its sources)."""
    credit = data_attribution(layers)
    credit = re.sub(r";?\s*see geodata/SOURCES\.md\s*$", "", credit or "")
    return f" Data: {esc(credit)}." if credit else ""
