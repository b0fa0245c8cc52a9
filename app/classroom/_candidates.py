"""Candidate events: one per dated sentence of the corpus and one per status change of the layers."""
from __future__ import annotations

import re
from collections import defaultdict

from app.classroom._dedup import _specific
from app.classroom.categories import _KIND_CATEGORY, _best, category_for_status, classify_text
from app.classroom.records import _precision_of

_QUOTE_MAX = 320


def _quote(sentence: str, rel_start: int | None) -> str:
    """The sentence, or a window of it around the date when it is long (with ellipses)."""
    s = sentence.strip()
    if len(s) <= _QUOTE_MAX:
        return s
    c = rel_start if rel_start is not None else 0
    a = max(0, c - _QUOTE_MAX // 2)
    b = min(len(sentence), a + _QUOTE_MAX)
    a = max(0, b - _QUOTE_MAX)
    # snap to spaces
    if a > 0:
        sp = sentence.find(" ", a)
        a = sp + 1 if 0 <= sp < a + 30 else a
    if b < len(sentence):
        sp = sentence.rfind(" ", b - 30, b)
        b = sp if sp > 0 else b
    return ("…" if a > 0 else "") + sentence[a:b].strip() + ("…" if b < len(sentence) else "")


def _doc_title(meta: dict | None) -> str | None:
    """The document's title from its manifest record: stated, English, or supplied by the editors."""
    meta = meta or {}
    return meta.get("title") or meta.get("title_en") or meta.get("title_supplied") or None


def _drop_coarser(dates: list[dict]) -> list[dict]:
    """Within one sentence keep the finest reading of each date (drop ``2020`` when ``2020-11-10`` is there)."""
    finer = {o["date"][:i] for o in dates for i in range(1, len(o["date"]))}   # every proper prefix
    keep, seen = [], set()
    for d in dates:       # sets, not a scan of the others per date: 4,000 dates in one line stay fast
        if d["date"] in finer or d["date"] in seen:
            continue
        seen.add(d["date"])
        keep.append(d)
    return keep


_CITATION = re.compile(r"^\W*[\d\u06F0-\u06F9\u0660-\u0669]{1,2}\W")


def _support_weight(precision: str, inferred: bool, specific: bool, doc_len: int,
                    linked: bool = True, sentence: str = "") -> float:
    """How much a dated sentence looks like an event (1 = a day-dated sentence about a mapped place).

    Coarse dates, years completed from the document, sentences naming no mapped place, and sentences
    that look like footnote citations (a short line starting with a note number, or naming nothing
    at all) weigh less; below 0.5 an event is flagged ``noisy``.
    """
    w = {"day": 1.0, "month": 0.75, "year": 0.35}.get(precision, 0.35)
    if inferred:
        w *= 0.8
    if not linked:
        w *= 0.4  # names no place and no actor: a citation line or background
    elif not specific:
        w *= 0.6
    if _CITATION.match(sentence) and len(sentence.split()) < 25:
        w *= 0.5
    if precision == "year" and doc_len > 8000:
        w *= 0.7  # bare years in long essays are mostly background, not events
    return round(w, 3)


def _corpus_candidates(rows: list[dict], feats: dict[str, dict], docs_meta: dict) -> list[dict]:
    by_sentence: dict[tuple, list[dict]] = defaultdict(list)
    doc_len: dict[str, int] = defaultdict(int)
    for r in rows:
        key = (r.get("doc"), r.get("sentence_start"), r.get("sentence_end"))
        by_sentence[key].append(r)
        doc_len[r.get("doc")] = max(doc_len[r.get("doc")], int(r.get("sentence_end") or 0))
    out = []
    for (doc, s_start, s_end), rs in sorted(by_sentence.items(), key=lambda kv: (str(kv[0][0]), kv[0][1] or 0)):
        dates = [r for r in rs if r.get("kind") == "date" and r.get("date")]
        if not dates:
            continue
        features = list(dict.fromkeys(r["id"] for r in rs if r.get("kind") == "place" and r.get("id")))
        actors = list(dict.fromkeys(r["id"] for r in rs if r.get("kind") == "actor" and r.get("id")))
        sentence = rs[0].get("sentence") or ""
        scores = classify_text(sentence)
        category = _best(scores)
        if category is None:
            kinds = [feats.get(f, {}).get("kind") for f in features]
            category = next((_KIND_CATEGORY[k] for k in kinds if k in _KIND_CATEGORY), "diplomacy")
        lang = next((r.get("lang") for r in rs if r.get("lang")), None) or (docs_meta.get(doc) or {}).get("language")
        specific = bool(_specific(features, feats))
        for d in _drop_coarser(dates):
            precision = d.get("precision") or _precision_of(d["date"])
            rel = (d.get("start") - s_start) if d.get("start") is not None and s_start is not None else None
            support = {
                "doc": doc,
                "doc_title": _doc_title(docs_meta.get(doc)),
                "sentence": sentence,
                "start": s_start,
                "end": s_end,
                "lang": lang,
                "quote": _quote(sentence, rel),
                "date": d["date"],
                "date_text": d.get("text"),
                "features": list(features),
                "precision": precision,
                "inferred": bool(d.get("inferred")),
                "category": category,
                "weight": _support_weight(precision, bool(d.get("inferred")), specific, doc_len[doc],
                                          bool(features or actors), sentence),
            }
            out.append({
                "date": d["date"], "precision": precision, "category": category,
                "features": list(features), "actors": list(actors), "support": [support],
                "sources": [], "origin": "corpus", "_geo": [],
            })
    return out


def _geodata_candidates(feats: dict[str, dict]) -> list[dict]:
    out = []
    for fid, f in feats.items():
        periods = sorted(
            [p for p in f.get("periods") or [] if isinstance(p, dict)],
            key=lambda p: (str(p.get("start") or "0000")),
        )
        src_by_id = {s.get("id"): s for s in f.get("sources") or [] if isinstance(s, dict)}
        starts = {str(p.get("start")) for p in periods if p.get("start")}
        for i, p in enumerate(periods):
            prev = periods[i - 1] if i else None
            changes = []
            if p.get("start"):
                label = p.get("label")
                if prev is not None and prev.get("name") != p.get("name") and all(
                        prev.get(k) == p.get(k) for k in ("status", "label", "present")):   # only the name changed
                    label = f"{prev.get('name') or f.get('name')} renamed {p.get('name') or f.get('name')}"
                changes.append((str(p["start"]), p.get("start_precision") or _precision_of(str(p["start"])),
                                p.get("status"), label, p.get("present", True), "start"))
            # a control piece whose ground is back with the state it belongs to is simply no longer drawn
            # apart when its last period ends (1 Jan 2024): that end is not an event of its own
            back_home = f.get("group") == "control" and p.get("status") == "azerbaijani_control"
            if p.get("end") and str(p["end"]) not in starts and not (back_home and i == len(periods) - 1):
                label = f"Ended: {p.get('label') or p.get('status')}"
                changes.append((str(p["end"]), p.get("end_precision") or _precision_of(str(p["end"])),
                                f"end_{p.get('status')}", label, False, "end"))
            for date, precision, status, label, present, edge in changes:
                if edge == "end":
                    cat = category_for_status(p.get("status"), p.get("label"), f.get("kind"))
                else:
                    cat = category_for_status(status, label, f.get("kind"))
                    if (prev is not None and cat != "war" and str(prev.get("end") or "") == date
                            and category_for_status(prev.get("status"), prev.get("label"), f.get("kind")) == "war"):
                        cat = "ceasefire_treaty"  # a war period ends and another begins: the fighting stopped
                sources = [src_by_id[s] for s in p.get("sources") or [] if s in src_by_id]
                geo = {"feature": fid, "status": status, "label": label, "present": present, "edge": edge,
                       "date": date, "category": cat, "first": i == 0 and edge == "start"}
                out.append({
                    "date": date, "precision": precision, "category": cat,
                    "features": [fid], "actors": [], "support": [], "sources": sources,
                    "origin": "geodata", "_geo": [geo],
                })
    return out
