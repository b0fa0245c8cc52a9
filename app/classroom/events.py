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

import datetime as _dt
import json
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any, Iterable

from app.atlas.layers import state_on as _layers_state_on

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

#: Category ids, in tie-break priority order (first wins when scores are equal).
CATEGORIES: tuple[str, ...] = (
    "blockade",
    "ceasefire_treaty",
    "war",
    "base_mission",
    "energy",
    "corridor",
    "diplomacy",
)

CATEGORY_LABELS: dict[str, str] = {
    "war": "War",
    "ceasefire_treaty": "Ceasefire or treaty",
    "blockade": "Blockade",
    "corridor": "Corridor",
    "base_mission": "Base or mission",
    "energy": "Energy",
    "diplomacy": "Diplomacy",
}

_TITLE_TEMPLATES: dict[str, str] = {
    "war": "Fighting over {features}",
    "ceasefire_treaty": "Ceasefire or agreement on {features}",
    "blockade": "Blockade of {features}",
    "corridor": "Corridor news: {features}",
    "base_mission": "Base or mission: {features}",
    "energy": "Energy: {features}",
    "diplomacy": "Diplomacy on {features}",
}

PRECISION_RANK = {"year": 0, "month": 1, "day": 2}

# --------------------------------------------------------------------------------------------
# Text folding and keyword rules
# --------------------------------------------------------------------------------------------

_FOLD_TABLE = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ؤ": "و", "\u0640": None, "\u200c": " ", "\u200d": None, "\u200f": None, "\u200e": None,
    # Cyrillic letters that OCR slips into Persian words are irrelevant to keywords; keep as is.
})
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")


def fold(text: str) -> str:
    """Lower-case and fold script variants so that keyword rules see one spelling.

    Arabic and Persian letter forms (ي/ی, ك/ک, ة/ه, hamza seats, alef madda) are unified, diacritics,
    tatweel and joiners are removed (ZWNJ becomes a space), and Latin text is NFC lower-cased.
    """
    t = unicodedata.normalize("NFC", text or "").lower().translate(_FOLD_TABLE)
    t = _ARABIC_MARKS.sub("", t)
    return re.sub(r"\s+", " ", t)


# Keywords per category.  Latin and Cyrillic keywords match at the start of a word (so "blockad"
# also matches "blockaded", "blockaden"); keywords in Arabic script match anywhere because of
# attached clitics and articles ("والحرب", "بالحصار").  Keywords are written already folded.
_KEYWORDS: dict[str, list[str]] = {
    "war": [
        # en
        "war", "wars", "offensive", "attack", "hostilities", "fighting", "clashes", "shelling",
        "invasion", "military operation", "exodus", "fled", "shelled", "captured", "recaptured",
        # sv
        "krig", "offensiv", "anfall", "strider", "flykt",
        # ru / az / tr / hy
        "войн", "наступлен", "атак", "бои ", "müharibə", "hücum", "savaş", "saldırı", "պատերազմ",
        # ar
        "حرب", "هجوم", "معارک", "قتال", "اشتباک", "عملیه عسکریه", "نزوح",
        # fa
        "جنگ", "حمله", "درگیری", "تهاجم", "نبرد", "عملیات نظامی", "اوارگی",
    ],
    "ceasefire_treaty": [
        "ceasefire", "cease-fire", "truce", "armistice", "treaty", "agreement", "agreements",
        "accord", "trilateral statement", "peace deal", "signed", "convention", "memorandum",
        "ended", "end of the war", "dissolv", "declaration", "agreed", "agree",
        "vapenvila", "avtal", "fredsavtal", "fördrag", "överenskommelse", "undertecknad", "konvention",
        "перемири", "соглашени", "договор", "atəşkəs", "saziş", "ateşkes", "anlaşma", "antlaşma",
        "وقف اطلاق النار", "هدنه", "اتفاق", "معاهده", "بیان ثلاثی", "انتهت", "انتهاء", "توقیع",
        "اتش بس", "توافق", "قرارداد", "پیمان", "موافقتنامه", "کنوانسیون", "امضا", "پایان جنگ",
    ],
    "blockade": [
        "blockade", "blockaded", "blocked", "blocking", "closed", "closure", "checkpoint", "cut off",
        "blockad", "blockera", "stängd", "stängde", "vägspärr",
        "блокад", "перекры", "blokada", "abluka",
        "حصار", "اغلاق", "اغلق", "محاصر", "نقطه تفتیش",
        "محاصره", "انسداد", "مسدود", "ایست بازرسی", "بستن",
    ],
    "corridor": [
        "corridor", "route", "road", "railway", "rail link", "transit", "connect", "crossing",
        "tripp", "transport",
        "korridor", "järnväg", "transportnät", "rutt", "förbindelse",
        "коридор", "железн", "маршрут", "dəhliz", "koridor",
        "ممر", "طریق", "سکه حدید", "سکک حدید", "ربط",
        "کریدور", "دالان", "راه اهن", "مسیر", "ترانزیت", "جاده", "حمل و نقل",
    ],
    "base_mission": [
        "base", "bases", "peacekeep", "mission", "troops", "deployed", "deployment", "withdraw",
        "contingent", "monitoring", "observers", "military presence", "radar",
        "militärbas", "fredsbevar", "trupper", "tillbakadragande", "observatör", "bas ",
        "баз", "миротвор", "мисси", "вывод войск", "sülhməramlı", "baza",
        "قاعده", "حفظ السلام", "قوات", "بعثه", "انسحاب", "مراقب", "الوجود العسکری",
        "پایگاه", "صلحبان", "حافظ صلح", "نیروهای", "ماموریت", "ناظران", "رادار",
    ],
    "energy": [
        "oil", "gas", "pipeline", "energy", "barrel", "barrels", "petroleum", "crude",
        "olja", "oljan", "gasen", "rörledning", "energi",
        "нефт", "газопровод", "трубопровод", "neft", "qaz", "petrol", "doğalgaz", "boru hattı",
        "نفط", "غاز", "خط انابیب", "طاقه",
        "نفت", "گاز", "خط لوله", "انرژی", "بشکه",
    ],
    "diplomacy": [
        "meeting", "meetings", "talks", "summit", "negotiat", "visit", "minister", "president",
        "diplomat", "recogni", "delimitation", "joined", "membership", "mediat",
        "möte", "mötet", "samtal", "toppmöte", "förhandl", "besök", "träffat", "gick med",
        "встреч", "переговор", "саммит", "визит", "danışıq", "görüş",
        "اجتماع", "محادثات", "قمه", "مفاوضات", "زیاره", "وزیر", "قرار الجمعیه", "عضو",
        "دیدار", "مذاکره", "نشست", "اجلاس", "گفتگو", "عضویت",
    ],
}

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


def _compile_rules() -> dict[str, re.Pattern]:
    rules = {}
    for cat, words in _KEYWORDS.items():
        parts = []
        for w in words:
            w = fold(w)
            if _ARABIC_SCRIPT.search(w):
                parts.append(re.escape(w))
            else:
                parts.append(r"(?<![^\W\d_])" + re.escape(w))
        rules[cat] = re.compile("|".join(parts))
    return rules


_RULES = _compile_rules()


#: Phrases that *lift* a blockade ("unblocking of communications", "رفع انسداد"): corridor news, and
#: removed before the blockade words are counted.
_UNBLOCK = re.compile("|".join([
    r"(?<![^\W\d_])unblock\w*", r"(?<![^\W\d_])reopen\w*", r"lift(?:ed|ing)? (?:of )?the blockade",
    r"رفع انسداد", r"رفع محاصره", r"بازگشایی", r"فتح الممر", r"رفع الحصار",
    r"(?<![^\W\d_])avblocker\w*", r"(?<![^\W\d_])återöppn\w*", r"разблокир\w*",
]))


def classify_text(text: str) -> dict[str, int]:
    """Keyword hits per category for ``text`` (any of the corpus languages); empty dict if none."""
    t = fold(text)
    out = {}
    n_unblock = len(_UNBLOCK.findall(t))
    if n_unblock:
        out["corridor"] = n_unblock
        t = _UNBLOCK.sub(" ", t)
    for cat, rx in _RULES.items():
        n = len(rx.findall(t))
        if n:
            out[cat] = out.get(cat, 0) + n
    return out


#: How much one keyword hit counts: words naming what *happened* (blocked, ceasefire, offensive) beat
#: words that merely name the kind of thing (road, crossing, minister).
CATEGORY_WEIGHTS = {"blockade": 3.0, "ceasefire_treaty": 2.0, "war": 2.0, "base_mission": 1.5,
                    "energy": 1.0, "corridor": 1.0, "diplomacy": 0.75}


def _best(scores: dict[str, int]) -> str | None:
    """The category with the highest weighted keyword score (ties: order of CATEGORIES)."""
    if not scores:
        return None
    return max(scores, key=lambda c: (scores[c] * CATEGORY_WEIGHTS[c], -CATEGORIES.index(c)))


_STATUS_CATEGORY = {
    "blockaded": "blockade", "closed": "blockade", "blocked": "blockade",
    "war": "war", "offensive": "war", "occupied": "war", "armenian_held": "war",
    "azerbaijani_control": "war", "contested": "war",
    "ceasefire": "ceasefire_treaty", "agreed": "ceasefire_treaty", "signed": "ceasefire_treaty",
    "dissolved": "ceasefire_treaty", "delimited": "diplomacy", "returned": "diplomacy",
    "proposed": "corridor", "open": "corridor", "rerouted": "corridor", "under_construction": "corridor",
    "planned": "corridor",
    "withdrawn": "base_mission", "deployed": "base_mission",
    "independent": "diplomacy", "soviet_republic": "diplomacy", "autonomous_oblast": "diplomacy",
}
_KIND_CATEGORY = {
    "pipeline": "energy", "base": "base_mission", "mission": "base_mission",
    "corridor": "corridor", "railway": "corridor",
}


def category_for_status(status: str | None, label: str | None = None, kind: str | None = None) -> str:
    """Category of a geodata status change.

    The period's English label is read first with the keyword rules ("Blockaded by Azerbaijan" →
    blockade), then the status word, then the feature's kind (pipelines → energy, bases → base or
    mission, corridors → corridor); anything else is diplomacy.
    """
    status = (status or "").lower()
    kind = (kind or "").lower()
    by_label = _best(classify_text(label or ""))
    if kind in ("base", "mission") and by_label in ("blockade", "corridor", "diplomacy", None):
        return "base_mission"  # a base that is "closed" or "opened" is news about the base
    if status in ("active", "in_service", "open", "opened") and kind in _KIND_CATEGORY:
        base = _KIND_CATEGORY[kind]
        # a label such as "Open, under Russian peacekeepers" still names the peacekeepers
        return by_label if by_label in ("blockade", "war", "ceasefire_treaty") else base
    if by_label:
        return by_label
    if status in _STATUS_CATEGORY:
        cat = _STATUS_CATEGORY[status]
        if cat == "corridor" and kind in ("pipeline",):
            return "energy"
        if status == "withdrawn" and kind not in ("base", "mission"):
            return _KIND_CATEGORY.get(kind, "diplomacy")
        return cat
    return _KIND_CATEGORY.get(kind, "diplomacy")


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

def _precision_of(date: str) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(date or ""), "day")


def date_bounds(date: str, precision: str | None = None) -> tuple[_dt.date, _dt.date]:
    """First and last day covered by an ISO date of the given precision (``YYYY``, ``YYYY-MM``, ...)."""
    precision = precision or _precision_of(date)
    y = int(date[:4])
    if precision == "year":
        return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
    m = int(date[5:7])
    if precision == "month":
        nxt = _dt.date(y + (m == 12), m % 12 + 1, 1)
        return _dt.date(y, m, 1), nxt - _dt.timedelta(days=1)
    return (_dt.date.fromisoformat(date[:10]),) * 2


def dates_compatible(a: str, b: str) -> bool:
    """True when one ISO date is the other at a finer precision (``2022-12`` vs ``2022-12-12``)."""
    return a.startswith(b) or b.startswith(a)


def _as_date(value: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return date_bounds(str(value))[0]


def state_on(periods: list[dict], date: Any) -> dict | None:
    """The period covering ``date`` (``[start, end)``, per docs/DATA.md), or None when none does.

    Accepts a date, a datetime or an ISO string of any precision (its first day); the rule itself is
    :func:`app.atlas.layers.state_on`, shared with the map so that a lesson and the map never disagree.
    """
    return _layers_state_on(periods, _as_date(date))


# --------------------------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------------------------

def _maybe_json(v: Any, default):
    if v is None:
        return default
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return default
    try:  # pandas NaN
        if v != v:
            return default
    except Exception:
        pass
    return v


def feature_records(layers: Any) -> dict[str, dict]:
    """Feature properties keyed by id, from a GeoDataFrame/DataFrame, a FeatureCollection or a list.

    Nested properties (``periods``, ``sources``, ``names``) may arrive as JSON strings when a file was
    read with GDAL; they are decoded here.  Geometry is not included.
    """
    if layers is None:
        return {}
    rows: Iterable[dict]
    if isinstance(layers, dict) and "features" in layers:
        rows = [dict(f.get("properties") or {}, id=f.get("id") or (f.get("properties") or {}).get("id"))
                for f in layers["features"]]
    elif hasattr(layers, "to_dict") and hasattr(layers, "columns"):
        cols = [c for c in layers.columns if c != "geometry"]
        rows = layers[cols].to_dict("records")
        if "id" not in cols:
            rows = [dict(r, id=i) for r, i in zip(rows, layers.index)]
    else:
        rows = list(layers)
    out = {}
    for r in rows:
        r = dict(r)
        r["periods"] = _maybe_json(r.get("periods"), [])
        r["sources"] = _maybe_json(r.get("sources"), [])
        r["names"] = _maybe_json(r.get("names"), {})
        for k in ("off_map", "approximate"):
            v = r.get(k)
            r[k] = bool(v) if v is not None and v == v else False
        if r.get("id"):
            out[str(r["id"])] = r
    return out


# --------------------------------------------------------------------------------------------
# Candidate events
# --------------------------------------------------------------------------------------------

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
    keep = []
    for d in dates:
        if any(o is not d and o["date"] != d["date"] and o["date"].startswith(d["date"]) for o in dates):
            continue
        if any(k["date"] == d["date"] for k in keep):
            continue
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
        features = []
        for r in rs:
            if r.get("kind") == "place" and r.get("id") and r["id"] not in features:
                features.append(r["id"])
        actors = []
        for r in rs:
            if r.get("kind") == "actor" and r.get("id") and r["id"] not in actors:
                actors.append(r["id"])
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
                changes.append((str(p["start"]), p.get("start_precision") or _precision_of(str(p["start"])),
                                p.get("status"), p.get("label"), p.get("present", True), "start"))
            if p.get("end") and str(p["end"]) not in starts:
                label = f"End of: {p.get('label') or p.get('status')}"
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


# --------------------------------------------------------------------------------------------
# Deduplication
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# Finishing: category, title, id, weight, disagreements
# --------------------------------------------------------------------------------------------

_KIND_ORDER = {"corridor": 0, "railway": 1, "base": 2, "mission": 2, "pipeline": 3, "region": 4,
               "place": 5, "sea": 6, "country": 7}


def _feature_name(fid: str, feats: dict[str, dict]) -> str:
    return str(feats.get(fid, {}).get("name") or fid.replace("_", " ").capitalize())


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


def _title(ev: dict, feats: dict[str, dict], ordered: list[str]) -> str:
    geo = [g for g in ev["_geo"] if g.get("label")]
    if len(geo) == 1 and len({g["feature"] for g in ev["_geo"]}) == 1:
        g = geo[0]
        return f"{_feature_name(g['feature'], feats)}: {g['label']}"
    shown = [f for f in ordered if f in _specific([f], feats)] or ordered
    # in a list of several, "Russian peacekeeping contingent (HQ Stepanakert)" reads better without the aside
    names = [re.sub(r"\s*\([^)]*\)", "", _feature_name(f, feats)) or _feature_name(f, feats) for f in shown]
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
