"""Timeline view: every event on a zoomable chart that opens on 2020–today and on the most recent event.

``render(layers_gdf, rows, docs_meta=None, events=None)`` draws

* filters: feature, actor, category, document, language, and "show bare-year mentions" (noisy events);
* an Altair/Vega-Lite chart (bundled with Streamlit; inline data, no network) of events by date and
  category with short titles (:mod:`app.classroom.event_titles`), opening on 2020–today ("Years shown"
  widens it; drag and scroll zoom and pan along time); events of one day and category are spread within
  their row so that each can be clicked; clicking a point selects the event;
* the selected event: date, category, features, the supporting quotes in their own script (escaped HTML,
  ``dir="rtl"`` for Arabic/Persian) with an English line, sources and disagreements, and a
  "Show on map" button.

Selecting an event sets ``st.session_state["as_of"]`` (a ``datetime.date``: the event's first day) and
``st.session_state["selected"]`` (its main feature id): the keys of :mod:`app.ui.state`, read by the map.
"""
from __future__ import annotations

import datetime as _dt
import html
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app.classroom.events import CATEGORIES, CATEGORY_LABELS, build_events, date_bounds, feature_records, filter_events
from app.classroom.event_titles import PICKER_LIMIT, short_title
from app.classroom.lessons import LANGUAGE_NAMES
from app.dates.human import human_date
from app.safe_html import dir_for, md_escape
from app.ui.state import MIN_DATE as MAP_FROM

AS_OF_KEY = "as_of"
SELECTED_KEY = "selected"
EVENT_KEY = "timeline_event"
#: Where an event is known from, in words (the event's ``origin``).
ORIGIN_WORDS = {"geodata": "from the map's data", "corpus": "from the documents",
                "both": "from the map's data and the documents"}
OPEN_FROM = _dt.date(2020, 1, 1)      # the timeline opens on 2020–today: where the shipped lesson's story is


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _actors_path() -> Path:
    from app.reading.search import NAMES_PATH
    return NAMES_PATH.parent / "actors.json"


@st.cache_data(show_spinner=False, max_entries=4)
def _actor_records(stamp: int) -> dict[str, dict]:
    """``actors.json`` as ``{id: record}`` (``app.gazetteer.names.load_records``; empty when unreadable)."""
    from app.gazetteer.names import load_records
    try:
        return load_records([_actors_path()])[0]
    except (OSError, ValueError):
        return {}


def actor_names() -> dict[str, str]:
    """Actor id -> English display name (``geodata/curated/names.json``, else ``actors.json``'s name);
    read again when either file changes."""
    from app.reading.search import NAMES_PATH
    return _actor_names(_stamp(NAMES_PATH), _stamp(_actors_path()))


def actor_ids() -> frozenset[str]:
    """The ids ``actors.json`` lists: people, states and organisations. Other names without a place on the map
    (the Persian Gulf) are no actors."""
    return frozenset(_actor_records(_stamp(_actors_path())))


def actor_kinds() -> dict[str, str]:
    """Actor id -> its kind in ``actors.json`` (person, organisation, format, state)."""
    return {i: str(a.get("kind") or "") for i, a in _actor_records(_stamp(_actors_path())).items()}


def _actors_only(ids) -> list[str]:
    """The ids among ``ids`` that are actors (all of them when ``actors.json`` cannot be read)."""
    known = actor_ids()
    return [a for a in ids if a in known or not known]


@st.cache_data(show_spinner=False, max_entries=4)
def _actor_names(names_stamp: int, actors_stamp: int) -> dict[str, str]:
    import json

    from app.reading.search import NAMES_PATH
    out = {str(i): str(a["name"]) for i, a in _actor_records(actors_stamp).items() if a.get("name")}
    try:
        table = json.loads(NAMES_PATH.read_text(encoding="utf-8"))
        for k, entry in table.items():
            en = (entry.get("display") or {}).get("en") if isinstance(entry, dict) else None
            if isinstance(en, str) and en:
                out[str(k)] = en
    except (OSError, ValueError, AttributeError):
        pass
    return out


def actor_name(actor_id: str) -> str:
    """The actor's display name; an id with no name reads as words ("ilham_aliyev" -> "Ilham Aliyev")."""
    return actor_names().get(actor_id) or actor_id.replace("_", " ").title()
_COLORS = ["#d73027", "#4575b4", "#f46d43", "#1a9850", "#8c510a", "#7b3294", "#555555"]


def _set_map(ev: dict, pick_key: str | None = None) -> None:
    """Callback: point the map at ``ev`` (its first day, its main feature)."""
    day = date_bounds(ev["date"], ev["precision"])[0]
    try:
        from app.ui import state as S
        S.set_date(day)
        S.select(ev["features"][0] if ev["features"] else None)
    except Exception:  # the state module clamps dates; without it set the keys directly
        st.session_state[AS_OF_KEY] = day
        st.session_state[SELECTED_KEY] = ev["features"][0] if ev["features"] else None
    st.session_state[EVENT_KEY] = ev["id"]
    if pick_key:
        st.session_state[pick_key] = ev["id"]


def latest_event(events: list[dict]) -> dict:
    """The event the list opens on: the most recent, a dated one before a bare year, the weightiest."""
    return max(events, key=lambda e: (date_bounds(e["date"], e["precision"])[0], not e.get("noisy"), e["weight"]))


def follow_latest_event(events: list[dict]) -> None:
    """Call before the sidebar is drawn: the first time the Timeline opens in a visit, the map under it goes
    to the event the list opens on (the list had shown the 2025 agreement over a map of today)."""
    if st.session_state.get(EVENT_KEY) is None:
        listed = [e for e in events if not e.get("noisy")]
        if listed:
            _set_map(latest_event(listed))


def _on_pick(pick_key: str, by_id: dict[str, dict]) -> None:
    """Callback: an event picked in the list moves the map to it, as a click on its point does."""
    ev = by_id.get(st.session_state.get(pick_key))
    if ev is not None:
        _set_map(ev, pick_key)


def _on_chart_select(chart_key: str, by_id: dict[str, dict], pick_key: str | None = None) -> None:
    sel = st.session_state.get(chart_key)
    try:
        points = sel["selection"]["pick"]
    except (KeyError, TypeError):
        return
    if points:
        ev = by_id.get(points[0].get("id"))
        if ev:
            _set_map(ev, pick_key)


def events_frame(events: list[dict], names: dict[str, str]) -> pd.DataFrame:
    """One row per event for the chart (start day, short title, weight, feature names, docs, and ``stack``:
    its place among the events of the same day and category, so that each point can be clicked)."""
    recs = []
    seen: dict[tuple, int] = {}
    for e in events:
        d0 = date_bounds(e["date"], e["precision"])[0]
        slot = (d0, e["category"])
        seen[slot] = seen.get(slot, -1) + 1
        recs.append({
            "id": e["id"], "date": pd.Timestamp(d0), "when": e["date"], "precision": e["precision"],
            "title": short_title(e), "category": CATEGORY_LABELS[e["category"]],
            "weight": e["weight"], "features": ", ".join(names.get(f, f) for f in e["features"][:4]),
            # the documents that support it, and those the map's data cites for it (a period's seed source)
            "documents": len({s["doc"] for s in e["support"]} | {s["seed"] for s in e["sources"] if s.get("seed")}),
            "origin": ORIGIN_WORDS.get(e["origin"], e["origin"]).removeprefix("from "),
            "stack": seen[slot],
        })
    return pd.DataFrame(recs, columns=["id", "date", "when", "precision", "title", "category", "weight",
                                       "features", "documents", "origin", "stack"])


def timeline_chart(df: pd.DataFrame, start: _dt.date | None = None, end: _dt.date | None = None) -> alt.Chart:
    """Events by date (x, zoom/pan with the mouse) and category (y); point selection named ``pick``."""
    start = start or OPEN_FROM
    end = end or _dt.date.today()
    pick = alt.selection_point(name="pick", fields=["id"], on="click")
    labels = [CATEGORY_LABELS[c] for c in CATEGORIES]
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    return (
        alt.Chart(df)
        .mark_circle(opacity=0.85, stroke="#222", strokeWidth=0.5)
        .encode(
            x=alt.X("date:T", title=None, scale=alt.Scale(domain=[start.isoformat(), end.isoformat()], padding=14)),
            y=alt.Y("category:N", title=None, sort=labels, axis=alt.Axis(labelLimit=200)),
            yOffset=alt.YOffset("stack:N") if "stack" in df and df["stack"].max() > 0 else alt.Undefined,
            color=alt.Color("category:N", scale=alt.Scale(domain=labels, range=_COLORS), legend=None),
            size=alt.Size("weight:Q", scale=alt.Scale(domain=[0, 1], range=[30, 260]), legend=None),
            tooltip=[alt.Tooltip("when:N", title="date"), alt.Tooltip("title:N"), alt.Tooltip("features:N"),
                     alt.Tooltip("documents:Q", title="documents"), alt.Tooltip("origin:N", title="known from")],
        )
        .add_params(pick, zoom)
        .properties(height=260)
    )


def _quote_html(s: dict) -> str:
    """A supporting sentence in its own script and who wrote it (no English line: the event's title is no
    translation of the quote)."""
    lang = s.get("lang") or ""
    d = dir_for(lang)
    name = LANGUAGE_NAMES.get(lang, lang or "?")
    return (f'<figure style="margin:0 0 .8rem;padding:.5rem .8rem;border-left:4px solid #16324f;background:#f4f1ea">'
            f'<blockquote lang="{html.escape(lang)}" dir="{d}" style="margin:0 0 .3rem">{html.escape(s.get("quote") or "")}</blockquote>'
            f'<figcaption lang="en">'
            f'<small>— {html.escape(s.get("doc_title") or s["doc"])} ({html.escape(name)}, '
            f'dated {html.escape(str(s.get("date") or ""))}{" (year inferred)" if s.get("inferred") else ""})</small>'
            f'</figcaption></figure>')


def _details(ev: dict, names: dict[str, str], pick_key: str | None = None) -> None:
    st.markdown(f"#### {md_escape(short_title(ev))}")
    if short_title(ev) != ev["title"]:
        st.caption(md_escape(ev["title"]))
    st.caption(f"{human_date(ev['date'])} · {CATEGORY_LABELS[ev['category']]} · {ORIGIN_WORDS.get(ev['origin'], ev['origin'])}"
               + (" · bare-year mention" if ev.get("noisy") else ""))
    if ev["features"]:
        st.write("Features: " + ", ".join(names.get(f, f) for f in ev["features"]))
    actors = _actors_only(ev["actors"])
    if actors:
        st.write("Actors: " + ", ".join(actor_name(a) for a in actors))
    others = [a for a in ev["actors"] if a not in actors]
    if others:
        st.write("Also names: " + ", ".join(actor_name(a) for a in others))
    st.button("Show on map", key=f"timeline_show_{ev['id']}", on_click=_set_map, args=(ev, pick_key), type="primary")
    first_day = date_bounds(ev["date"], ev["precision"])[0]
    if first_day < MAP_FROM:
        st.caption(f"The map begins on {MAP_FROM.day} {MAP_FROM:%b %Y}: for this event it shows that day.")
    for s in ev["support"][:6]:
        st.html(_quote_html(s))
    for src in ev["sources"]:
        st.caption("Source: " + " · ".join(str(x) for x in (src.get("title"), src.get("publisher"), src.get("date")) if x))
    for d in ev["disagreements"]:
        who = sorted({s["doc"] for s in d.get("support", [])} | {s.get("title") or s.get("id") for s in d.get("sources", [])})
        if d.get("field") == "status":
            st.warning(f"Disagreement with the layers: they say “{d.get('title', '')}” then ({', '.join(who)}).")
        else:
            st.warning(f"Disagreement on the date: {', '.join(who)} give {d['date']} ({d.get('title', '')}).")


def render(layers_gdf: Any, rows: list[dict], docs_meta: dict[str, dict] | None = None,
           events: list[dict] | None = None, key: str = "timeline") -> list[dict]:
    """Draw the timeline; returns the events shown (after filters)."""
    events = events if events is not None else build_events(rows, layers_gdf, docs_meta)
    feats = feature_records(layers_gdf)
    names = {fid: str(f.get("name") or fid) for fid, f in feats.items()}
    st.subheader("Timeline")
    if not events:
        st.info("No events yet: no dated sentence in the documents and no status change in the layers.")
        return []
    all_feats = sorted({f for e in events for f in e["features"]}, key=lambda f: names.get(f, f))
    all_actors = sorted(_actors_only({a for e in events for a in e["actors"]}), key=lambda a: actor_name(a).casefold())
    all_docs = sorted({s["doc"] for e in events for s in e["support"]})
    all_langs = sorted({s["lang"] for e in events for s in e["support"] if s["lang"]})
    c1, c2, c3 = st.columns(3)
    f_feats = c1.multiselect("Feature", all_feats, format_func=lambda f: names.get(f, f), key=f"{key}_f")
    f_actors = c1.multiselect("Actor", all_actors, format_func=actor_name, key=f"{key}_a")
    f_cats = c2.multiselect("Category", list(CATEGORIES), format_func=CATEGORY_LABELS.get, key=f"{key}_c")
    doc_titles = {s["doc"]: s.get("doc_title") or s["doc"] for e in events for s in e["support"]}
    all_docs.sort(key=lambda d: doc_titles.get(d, d).casefold())
    f_docs = c2.multiselect("Document", all_docs, format_func=lambda d: doc_titles.get(d, d), key=f"{key}_d")
    f_langs = c3.multiselect("Language", all_langs, format_func=lambda x: LANGUAGE_NAMES.get(x, x), key=f"{key}_l")
    noisy = c3.toggle("Show bare-year mentions", value=False, key=f"{key}_noisy",
                      help="Years with no month or day, often background in long essays.")
    shown = filter_events(events, features=f_feats, actors=f_actors, categories=f_cats, docs=f_docs,
                          langs=f_langs, include_noisy=noisy)
    by_id = {e["id"]: e for e in shown}
    df = events_frame(shown, names)
    first = min([d.year for d in df["date"]] + [OPEN_FROM.year]) if not df.empty else OPEN_FROM.year
    this_year = _dt.date.today().year
    lo, hi = st.slider("Years shown", first, this_year, (max(first, OPEN_FROM.year), this_year), key=f"{key}_years",
                       help="The chart opens on 2020 to today; widen the years here, or drag and scroll the chart.")
    # the count and the list are of the years shown (they had counted every year whatever the slider said)
    in_years = [e for e in shown if lo <= date_bounds(e["date"], e["precision"])[0].year <= hi]
    st.caption(f"{len(in_years)} of {len(events)} events, {lo}–{hi}"
               + (" with these filters" if len(shown) < len(events) else "")
               + ". Drag to pan, scroll to zoom; click a point to move the map to its date.")
    chart_key = f"{key}_chart"
    if not df.empty:
        st.altair_chart(timeline_chart(df, _dt.date(lo, 1, 1), _dt.date(hi, 12, 31)), key=chart_key, on_select=lambda: _on_chart_select(chart_key, by_id, f"{key}_pick"),
                        selection_mode="pick", width="stretch")
    if not shown:
        st.info("No event matches these filters.")
        return shown
    if not in_years:
        st.info(f"No event from {lo} to {hi} matches these filters: widen “Years shown”.")
        return shown
    ids = [e["id"] for e in in_years]
    current = st.session_state.get(EVENT_KEY)
    latest = ids.index(latest_event(in_years)["id"])
    index = ids.index(current) if current in ids else latest      # opens on the most recent event
    pick_key = f"{key}_pick"
    if st.session_state.get(pick_key) not in ids:
        # set, not dropped: the box had kept showing an event the filters had removed while the details under it
        # were another's
        st.session_state[pick_key] = ids[index]
    # dates as the Lessons picker writes them ("16 March 1921 · …"): what a teacher types finds the event
    pick = st.selectbox("Event", ids, key=pick_key,
                        format_func=lambda i: f"{human_date(by_id[i]['date'])} · {short_title(by_id[i], PICKER_LIMIT)}",
                        on_change=_on_pick, args=(pick_key, by_id))
    _details(by_id[pick], names, f"{key}_pick")
    return shown
