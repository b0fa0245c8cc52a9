"""Events: dated sentences of the corpus and status changes of the layers, merged into one list.

An *event* is something that happened on a date (with a precision): a war ended, a corridor was
blockaded, a base opened.  Two sources feed it:

* **the corpus** – every sentence that carries a date annotation becomes a candidate event, linked to
  the features (``kind == "place"``) and actors the sentence mentions;
* **the geodata** – every start of a status period in ``geodata/features.geojson`` (and every end that
  no following period picks up) is a status change with its cited sources.

Candidates are then deduplicated: the same date at a compatible precision (``2022-12`` is compatible with
``2022-12-12``) plus overlapping features, or the same date plus a shared geodata source, make one event
whose ``support`` lists every sentence and whose ``sources`` lists every geodata source.  Events of the
same category about the same features whose dates are close but different are *not* merged: each keeps
a ``disagreements`` entry naming the other date and its sources, so a reader sees both.

Categories come from rules, never from a hand-made list of events: keywords in several languages found
in the sentence (after folding Arabic/Persian letter variants), the status word and label of a geodata
period, and finally the kinds of the linked features.  Titles are English templates filled with the
category and the English names of the linked features, because the sentences themselves are mostly not
English.

Main entry point::

    events = build_events(rows, layers_gdf, docs_meta)

``rows`` are annotation rows (``docs/DATA.md``), ``layers_gdf`` the loaded layers (a GeoDataFrame, a
DataFrame, a GeoJSON FeatureCollection dict or a list of feature property dicts), ``docs_meta`` maps a
file name to its manifest record.  The module is plain Python (no Streamlit, no network).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any, Iterable

from app.classroom._candidates import _corpus_candidates, _geodata_candidates
from app.classroom._dedup import _dedupe, _disagreements, _specific, _status_disagreements
from app.classroom.categories import (CATEGORIES, CATEGORY_LABELS, _TITLE_TEMPLATES, category_for_status,
                                      classify_text)
from app.classroom.records import (PRECISION_RANK, _as_date, _feature_name, date_bounds, dates_compatible,
                                   feature_records, state_on)
from app.gazetteer.names import without_asides

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "build_events",
    "classify_text",
    "category_for_status",
    "date_bounds",
    "dates_compatible",
    "state_on",
    "feature_records",
    "filter_events",
    "events_to_json",
]

# --------------------------------------------------------------------------------------------
# Finishing: category, title, id, weight
# --------------------------------------------------------------------------------------------

_KIND_ORDER = {"corridor": 0, "railway": 1, "base": 2, "mission": 2, "pipeline": 3, "region": 4,
               "place": 5, "sea": 6, "country": 7}


def _ordered_features(ev: dict, feats: dict[str, dict]) -> list[str]:
    geo_ids = [g["feature"] for g in ev["_geo"]]
    mentions = Counter()
    for s in ev["support"]:
        mentions.update(s.get("features") or [])  # each supporting sentence counts its features once
    return sorted(ev["features"], key=lambda f: (
        f not in geo_ids, f not in _specific([f], feats), _KIND_ORDER.get(feats.get(f, {}).get("kind"), 5),
        -mentions[f], f))


def _names_list(names: list[str]) -> str:
    if not names:
        return ""
    if len(names) > 3:
        names = names[:3] + [f"{len(names) - 3} more"]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _named(name: str, label: str) -> str:
    """"Name: label", or the label alone when it names the feature already ("Nakhchivan Autonomous Republic of
    Azerbaijan", not "Nakhchivan Autonomous Republic: Nakhchivan Autonomous Republic of Azerbaijan")."""
    return label if without_asides(name).casefold() in label.casefold() else f"{name}: {label}"


def _title(ev: dict, feats: dict[str, dict], ordered: list[str]) -> str:
    geo = [g for g in ev["_geo"] if g.get("label")]
    if len(geo) == 1 and len({g["feature"] for g in ev["_geo"]}) == 1:
        g = geo[0]
        return _named(_feature_name(g['feature'], feats), g['label'])
    # two features changed on one day, one change giving the event its kind: that change is the title
    # ("Nagorno-Karabakh: Self-declared republic; First Karabakh War", not "Fighting: … and Stepanakert")
    lead = [g for g in geo if g.get("category") == ev["category"]]
    if len(lead) == 1 and len({g["feature"] for g in ev["_geo"]}) == 2:
        return _named(_feature_name(lead[0]['feature'], feats), lead[0]['label'])
    shown = [f for f in ordered if f in _specific([f], feats)] or ordered
    # in a list of several, "Russian peacekeeping contingent (HQ Stepanakert)" reads better without the aside;
    # two features that differ only by their asides are named once
    names = list(dict.fromkeys(without_asides(_feature_name(f, feats)) for f in shown))
    if not names:
        names = [a.replace("_", " ").title() for a in ev["actors"]]
    if not names:
        return f"{CATEGORY_LABELS[ev['category']]} (mentioned without a place)"
    return _TITLE_TEMPLATES[ev["category"]].format(features=_names_list(names))


def _final_category(ev: dict) -> str:
    geo_cats = [c for c in ev.get("_geo_cats", [])]
    if geo_cats:
        return min(geo_cats, key=CATEGORIES.index)
    votes = Counter(s["category"] for s in ev["support"])
    return max(votes, key=lambda c: (votes[c], -CATEGORIES.index(c))) if votes else ev["category"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")



def build_events(rows: list[dict], layers_gdf: Any = None, docs_meta: dict[str, dict] | None = None) -> list[dict]:
    """One deduplicated, chronologically sorted list of events from annotations and layers.

    Returns a list of dicts with ``id`` (stable slug: date, category, main feature), ``date``,
    ``precision``, ``title``, ``category``, ``features``, ``actors``, ``support`` (one per supporting
    sentence: ``doc, sentence, start, end, lang, quote`` plus ``date``, ``precision``, ``inferred``,
    ``doc_title``, ``weight``), ``sources`` (geodata source dicts), ``origin`` (``geodata``, ``corpus`` or
    ``both``), ``disagreements``, ``status_changes`` (the geodata periods behind it), ``weight`` (0–1:
    how well dated and supported) and ``noisy`` (weight < 0.5: bare years, unlinked mentions).
    """
    docs_meta = docs_meta or {}
    feats = feature_records(layers_gdf)
    cands = _geodata_candidates(feats) + _corpus_candidates(rows or [], feats, docs_meta)
    merged = _dedupe(cands, feats)
    events = []
    for ev in merged:
        ev["_geo_cats"] = [g["category"] for g in ev["_geo"]]
        ev["category"] = _final_category(ev)
        has_geo, has_doc = bool(ev["_geo"]), bool(ev["support"])
        ev["origin"] = "both" if has_geo and has_doc else ("geodata" if has_geo else "corpus")
        ordered = _ordered_features(ev, feats)
        ev["features"] = ordered
        ev["title"] = _title(ev, feats, ordered)
        ev["support"].sort(key=lambda s: (s["date"] != ev["date"], -s["weight"], s["doc"] or "", s["start"] or 0))
        w = 1.0 if has_geo else max((s["weight"] for s in ev["support"]), default=0.0)
        if has_geo and not has_doc and all(g.get("first") and feats.get(g["feature"], {}).get("kind") == "place"
                                           for g in ev["_geo"]):
            w = 0.45  # a town's first period ("Town", "City") is background, not an event
        w = min(1.0, w + 0.1 * max(0, len({s["doc"] for s in ev["support"]}) - 1))
        ev["weight"] = round(w, 3)
        ev["noisy"] = ev["weight"] < 0.5
        # the id's feature depends only on the layers' features (or, for corpus-only events, on the
        # linked features), never on how often documents mention them: ids stay stable as the corpus grows
        geo_ids = sorted({g["feature"] for g in ev["_geo"]})
        pool = geo_ids or ev["features"]
        keyed = sorted(pool, key=lambda f: (f not in _specific([f], feats),
                                           _KIND_ORDER.get(feats.get(f, {}).get("kind"), 5), f))
        main = keyed[0] if keyed else (sorted(ev["actors"])[0] if ev["actors"] else "general")
        ev["_base_id"] = f"{ev['date']}-{ev['category']}-{main}".replace("_", "-")
        ev["status_changes"] = [dict(g) for g in ev["_geo"]]
        ev["disagreements"] = []
        events.append(ev)
    events.sort(key=lambda e: (e["date"], -PRECISION_RANK[e["precision"]], e["_base_id"],
                               [s["doc"] + str(s["start"]) for s in e["support"]]))
    used: Counter = Counter()
    for ev in events:
        base = _slug(ev["_base_id"])
        used[base] += 1
        ev["id"] = base if used[base] == 1 else f"{base}-{used[base]}"
    _disagreements(events, feats)
    _status_disagreements(events, feats)
    for ev in events:
        for k in [k for k in ev if k.startswith("_")]:
            del ev[k]
    keys = ["id", "date", "precision", "title", "category", "features", "actors", "support", "sources",
            "origin", "disagreements", "status_changes", "weight", "noisy"]
    return [{k: ev[k] for k in keys} for ev in events]


# --------------------------------------------------------------------------------------------
# Helpers for views
# --------------------------------------------------------------------------------------------

def filter_events(events: list[dict], *, features: Iterable[str] | None = None, actors: Iterable[str] | None = None,
                  categories: Iterable[str] | None = None, docs: Iterable[str] | None = None,
                  langs: Iterable[str] | None = None, include_noisy: bool = False,
                  start: Any = None, end: Any = None) -> list[dict]:
    """Events matching every given filter (each filter: any of the values); noisy ones hidden by default."""
    fs, acs = set(features or ()), set(actors or ())
    cs, ds, ls = set(categories or ()), set(docs or ()), set(langs or ())
    s0 = _as_date(start) if start else None
    e0 = _as_date(end) if end else None
    out = []
    for ev in events:
        if ev.get("noisy") and not include_noisy:
            continue
        if fs and not fs & set(ev["features"]):
            continue
        if acs and not acs & set(ev["actors"]):
            continue
        if cs and ev["category"] not in cs:
            continue
        if ds and not ds & {s["doc"] for s in ev["support"]}:
            continue
        if ls and not ls & {s["lang"] for s in ev["support"]}:
            continue
        lo, hi = date_bounds(ev["date"], ev["precision"])
        if s0 and hi < s0:
            continue
        if e0 and lo > e0:
            continue
        out.append(ev)
    return out


def events_to_json(events: list[dict]) -> str:
    """The event list as pretty JSON (UTF-8 text, non-ASCII kept)."""
    return json.dumps(events, ensure_ascii=False, indent=1)
