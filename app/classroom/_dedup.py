"""Merging candidate events that tell of one thing, and linking those that disagree on a date or a status."""
from __future__ import annotations

import re
from collections import defaultdict

from app.classroom.records import PRECISION_RANK, _feature_name, date_bounds, dates_compatible

def _specific(features: list[str], feats: dict[str, dict]) -> set[str]:
    """Features that identify an event: not whole countries, seas, far-away reference places, nor
    (when layers are given) ids the layers do not have."""
    return {f for f in features
            if (f in feats or not feats)
            and feats.get(f, {}).get("kind") not in ("country", "sea") and not feats.get(f, {}).get("off_map")}


def _overlap(a: dict, b: dict, feats: dict[str, dict]) -> int:
    sa, sb = _specific(a["features"], feats), _specific(b["features"], feats)
    if sa and sb:
        return len(sa & sb)
    if not sa and not sb and a["features"] and b["features"]:
        # both only about countries: the same pair of countries on the same day
        return len(set(a["features"]) & set(b["features"])) if set(a["features"]) == set(b["features"]) else 0
    return 0


def _source_ids(ev: dict) -> set[str]:
    return {s.get("id") for s in ev["sources"] if s.get("id")}


def _source_keys(ev: dict) -> set[str]:
    """Ids, URLs and folded titles of an event's sources: two features citing one statement share one."""
    keys = set()
    for s in ev["sources"]:
        for k in ("id", "url"):
            if s.get(k):
                keys.add(f"{k}:{s[k]}")
        if s.get("title"):
            keys.add("title:" + re.sub(r"\W+", " ", str(s["title"]).lower()).strip())
    return keys


def _merge_into(target: dict, other: dict) -> None:
    for f in other["features"]:
        if f not in target["features"]:
            target["features"].append(f)
    for a in other["actors"]:
        if a not in target["actors"]:
            target["actors"].append(a)
    seen = {(s["doc"], s["start"], s["date"]) for s in target["support"]}
    for s in other["support"]:
        if (s["doc"], s["start"], s["date"]) not in seen:
            target["support"].append(s)
    ids = _source_ids(target)
    for s in other["sources"]:
        if s.get("id") not in ids:
            target["sources"].append(s)
            ids.add(s.get("id"))
    target["_geo"].extend(other["_geo"])
    if PRECISION_RANK[other["precision"]] > PRECISION_RANK[target["precision"]]:
        target["date"], target["precision"] = other["date"], other["precision"]


def _dedupe(cands: list[dict], feats: dict[str, dict]) -> list[dict]:
    # Most precise first, geodata before corpus, so that coarse mentions fold into precise events.
    cands = sorted(cands, key=lambda c: (-PRECISION_RANK[c["precision"]], c["origin"] != "geodata", c["date"]))
    merged: list[dict] = []
    by_year: dict[str, list[dict]] = defaultdict(list)
    for c in cands:
        best, best_score = None, 0
        for m in by_year[c["date"][:4]]:
            if not dates_compatible(m["date"], c["date"]):
                continue
            same_precision = m["precision"] == c["precision"]
            ov = _overlap(m, c, feats)
            shared_src = bool(_source_keys(m) & _source_keys(c))
            if same_precision and shared_src:
                score = 10 + ov
            elif ov and (same_precision or m["category"] == c["category"]
                         or (c["precision"] == "month" and c["category"] in ("blockade", "war", "ceasefire_treaty")
                             and m["category"] in ("blockade", "war", "ceasefire_treaty", "corridor", "base_mission"))):
                # a coarser mention joins a finer event only when they agree on what happened
                if c["precision"] == "year" and m["category"] != c["category"]:
                    continue
                score = ov + (m["category"] == c["category"])
            elif (m["_geo"] and c["origin"] == "corpus" and c["features"] and not _specific(c["features"], feats)
                  and PRECISION_RANK[c["precision"]] >= 1
                  and (m["category"] == c["category"] or (c["precision"] == "day" and m["date"] == c["date"]))):
                # a sentence naming only countries ("the war between Armenia and Azerbaijan ended on
                # 10 November") joins a status change recorded in the layers for exactly that date
                score = 0.5 + 0.25 * (m["category"] == c["category"]) + 0.01 * len(m["features"])
            elif (m["date"] == c["date"] and m["category"] == c["category"] and c["origin"] == "corpus"
                  and not _specific(c["features"], feats) and not _specific(m["features"], feats)
                  and {s["doc"] for s in m["support"]} & {s["doc"] for s in c["support"]}):
                # one document saying the same thing twice about the same date, with no place named
                score = 0.3
            else:
                continue
            if score > best_score:
                best, best_score = m, score
        if best is None:
            merged.append(c)
            by_year[c["date"][:4]].append(c)
        else:
            _merge_into(best, c)
    return merged



def _disagreements(events: list[dict], feats: dict[str, dict]) -> None:
    """Link events of one category about the same features whose dates differ by a little."""
    for i, a in enumerate(events):
        for b in events[i + 1:]:
            if a["category"] != b["category"] or dates_compatible(a["date"], b["date"]):
                continue
            if not _overlap(a, b, feats):
                continue
            if a["status_changes"] and b["status_changes"] and not (a["support"] and b["support"]):
                continue  # successive status changes in the layers are one record, not a dispute
            if "year" in (a["precision"], b["precision"]):
                continue
            a0, a1 = date_bounds(a["date"], a["precision"])
            b0, b1 = date_bounds(b["date"], b["precision"])
            gap = max((b0 - a1).days, (a0 - b1).days)
            if gap > 45:
                continue
            docs_a = {s["doc"] for s in a["support"]} | {s.get("id") for s in a["sources"]}
            docs_b = {s["doc"] for s in b["support"]} | {s.get("id") for s in b["sources"]}
            if not docs_a or not docs_b or docs_a == docs_b:
                continue
            for x, y in ((a, b), (b, a)):
                x["disagreements"].append({
                    "field": "date",
                    "event": y["id"],
                    "date": y["date"],
                    "precision": y["precision"],
                    "title": y["title"],
                    "support": [{"doc": s["doc"], "quote": s["quote"], "lang": s["lang"]} for s in y["support"]],
                    "sources": [dict(s) for s in y["sources"]],
                    "note": f"{x['date']} here, {y['date']} in {', '.join(sorted(filter(None, docs_b if y is b else docs_a)))}",
                })


#: Statuses in the layers that agree with a sentence of this category about a feature.
_AGREEING_STATUS = {"blockade": {"blockaded", "closed", "blocked"}}


def _status_disagreements(events: list[dict], feats: dict[str, dict]) -> None:
    """A sentence says a feature was blockaded when no period of the layers says so: show both.

    Checked for corpus-only blockade events (a blockade the layers also record would have merged
    with it).  Every status the layers give during the sentence's date range is compared; the
    disagreement names the layers' status, label and sources.
    """
    for ev in events:
        agreeing = _AGREEING_STATUS.get(ev["category"])
        if not agreeing or ev["origin"] != "corpus":
            continue
        lo, hi = date_bounds(ev["date"], ev["precision"])
        for fid in ev["features"]:
            f = feats.get(fid) or {}
            if f.get("kind") not in ("corridor", "railway", "pipeline"):
                continue
            periods = f.get("periods") or []
            in_range = [p for p in periods
                        if (not p.get("start") or date_bounds(str(p["start"]), p.get("start_precision"))[0] <= hi)
                        and (not p.get("end") or date_bounds(str(p["end"]), p.get("end_precision"))[0] > lo)]
            if not in_range or any((p.get("status") or "") in agreeing for p in in_range):
                continue
            src_by_id = {x.get("id"): x for x in f.get("sources") or [] if isinstance(x, dict)}
            sources = [src_by_id[i] for p in in_range for i in p.get("sources") or [] if i in src_by_id]
            ev["disagreements"].append({
                "field": "status",
                "feature": fid,
                "date": ev["date"],
                "precision": ev["precision"],
                "title": f"{_feature_name(fid, feats)}: " + "; ".join(str(p.get("label") or p.get("status")) for p in in_range),
                "status": [p.get("status") for p in in_range],
                "support": [],
                "sources": [dict(x) for x in sources],
                "note": (f"{', '.join(sorted({x['doc'] for x in ev['support']}))} describe a blockade of "
                         f"{_feature_name(fid, feats)}; the layers say "
                         f"{' / '.join(str(p.get('status')) for p in in_range)} then"),
            })
