"""Presentation view: a lesson on a projector.

``render(layers_gdf, rows, docs_meta=None, events=None, lessons_dir=None)`` shows one step at a time in
large, high-contrast type: a progress bar ("Step 3 of 8"), Previous/Next buttons (keyboard ← and →),
the map as of the step's date with the step's features highlighted, the supporting quote in its own
script (``dir="rtl"`` for Arabic/Persian, escaped) with an English line, the teacher's note and sources.

The URL carries the lesson and step (``?lesson=<id>&step=3``), so a link opens the same slide.  Lessons
are read from ``lessons/`` (see :mod:`app.classroom.lessons`); a step whose event has disappeared still shows,
with a warning.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import streamlit as st

from app.classroom.events import CATEGORY_LABELS, build_events, date_bounds
from app.classroom.lessons import (DEFAULT_LESSON_ID, LANGUAGE_NAMES, LessonError, list_lessons, load_lesson,
                         resolve_lesson)
from app.safe_html import dir_for

STEP_KEY = "present_step"
LESSON_KEY = "present_lesson"

# Inline styles: Streamlit's own markdown rules outrank a <style> block on p and blockquote.
_S_TITLE = "font-size:2.3rem;font-weight:700;line-height:1.2;margin:.2rem 0 .4rem;color:#0b1a2a"
_S_META = "font-size:1.3rem;color:#222;margin:0"
_S_QUOTE = ("font-size:1.7rem;line-height:1.7;background:#fffbe6;color:#000;border-left:8px solid #0b1a2a;"
            "padding:.8rem 1.2rem;margin:.6rem 0")
_S_BQ = "margin:0;padding:0;border:0;font-size:inherit;color:#000;opacity:1"
_S_EN = "font-size:1.35rem;font-weight:600;color:#0b1a2a;margin:.4rem 0 0"
_S_CITE = "font-size:1.05rem;color:#333"
_PAGE_CSS = ('<style>[data-testid="stMainBlockContainer"]{padding-top:1.2rem}'
             '[data-testid="stHeader"]{background:transparent}</style>')
_S_NOTE = "font-size:1.3rem;line-height:1.5;color:#111"


def _params_step(total: int) -> int:
    try:
        n = int(st.query_params.get("step", "1"))
    except (TypeError, ValueError):
        n = 1
    return min(max(n, 1), max(total, 1))


def _go(delta: int, total: int, lesson_id: str) -> None:
    """Callback: move ``delta`` steps and write the URL."""
    n = min(max(st.session_state.get(STEP_KEY, 1) + delta, 1), total)
    st.session_state[STEP_KEY] = n
    st.query_params["lesson"] = lesson_id
    st.query_params["step"] = str(n)


_SYNCED = "present_synced_step"


def follow_step_date(events: list[dict], lessons_dir: Path | None = None, key: str = "present") -> None:
    """Call before the sidebar is drawn: when a new step (or lesson) opens, the shared "As of" date
    becomes the step's date, so the sidebar, the URL and the Map view afterwards agree with the slide.
    The slider stays free to move until the next step opens."""
    files = list_lessons(lessons_dir)
    if not files:
        return
    ids = [p.stem for p in files]
    lesson_id = (st.session_state.get(f"{key}_choose") or st.query_params.get("lesson")
                 or st.session_state.get(LESSON_KEY) or DEFAULT_LESSON_ID)
    if lesson_id not in ids:
        lesson_id = ids[0]
    try:
        steps, _ = resolve_lesson(load_lesson(files[ids.index(lesson_id)]), events)
    except LessonError:
        return
    if not steps:
        return
    if st.session_state.get(LESSON_KEY) == lesson_id and STEP_KEY in st.session_state:
        n = st.session_state[STEP_KEY]
    else:
        n = _params_step(len(steps))
    n = min(max(n, 1), len(steps))
    date = steps[n - 1]["date"]
    if not date or st.session_state.get(_SYNCED) == (lesson_id, n):
        return
    st.session_state[_SYNCED] = (lesson_id, n)
    from app.ui import state as S
    S.set_date(date_bounds(date)[0])


def _quote_block(q: dict, english: str) -> str:
    lang = q.get("lang") or ""
    d = dir_for(lang)
    name = LANGUAGE_NAMES.get(lang, lang or "?")
    return (f'<div class="present-quote" style="{_S_QUOTE}"><blockquote lang="{html.escape(lang)}" dir="{d}" '
            f'style="{_S_BQ}">{html.escape(q.get("quote") or "")}</blockquote>'
            f'<p class="present-en" lang="en" dir="ltr" style="{_S_EN}">{html.escape(english)}</p>'
            f'<span class="present-cite" style="{_S_CITE}">— {html.escape(q.get("doc_title") or q["doc"])} '
            f'({html.escape(q["doc"])}, {html.escape(name)})</span></div>')


def _map(layers_gdf: Any, step: dict, key: str) -> None:
    """The atlas map on the step's date, highlighted features framed (needs a GeoDataFrame).

    One map per lesson view (a stable key): each step only sends its date and highlights as a signal,
    so the map is not rebuilt from one slide to the next."""
    if not step["date"] or not hasattr(layers_gdf, "geometry"):
        return
    from streamlit_folium import st_folium

    from app.atlas.mapview import map_from_payload, signal
    from app.ui.map_view import payload_for

    on = date_bounds(step["date"])[0]
    hl = [h for h in step["highlight"] if h in layers_gdf.index]
    m = map_from_payload(payload_for(layers_gdf), host="streamlit")
    st_folium(m, key=f"{key}_map", height=560, use_container_width=True, returned_objects=[],
              feature_group_to_add=signal(on, selected=hl[0] if hl else None, highlight=hl, fit=bool(hl)))


def render(layers_gdf: Any, rows: list[dict], docs_meta: dict[str, dict] | None = None,
           events: list[dict] | None = None, lessons_dir: Path | None = None, key: str = "present",
           show_map: bool = True) -> dict | None:
    """Draw the current step of the chosen lesson; returns that step (dict from resolve_lesson) or None."""
    files = list_lessons(lessons_dir)
    if not files:
        st.info("No lesson yet: build one with `python -m app.lessons make-default`.")
        return None
    ids = [p.stem for p in files]
    wanted = st.query_params.get("lesson") or st.session_state.get(LESSON_KEY) or DEFAULT_LESSON_ID
    if wanted not in ids:
        wanted = ids[0]
    lesson_id = st.selectbox("Lesson", ids, index=ids.index(wanted), key=f"{key}_choose")
    if st.session_state.get(LESSON_KEY) != lesson_id:
        # a new lesson (or the first visit): the step comes from the URL
        st.session_state[LESSON_KEY] = lesson_id
        st.session_state.pop(STEP_KEY, None)
    try:
        lesson = load_lesson(files[ids.index(lesson_id)])
    except LessonError as exc:
        st.error(f"Cannot open the lesson. {exc}")
        return None
    events = events if events is not None else build_events(rows, layers_gdf, docs_meta)
    steps, warnings = resolve_lesson(lesson, events)
    for w in warnings:
        st.warning(w)
    total = len(steps)
    if not total:
        st.info("This lesson has no steps.")
        return None
    if STEP_KEY not in st.session_state:
        st.session_state[STEP_KEY] = _params_step(total)
    n = min(max(st.session_state[STEP_KEY], 1), total)
    st.query_params["lesson"] = lesson_id
    st.query_params["step"] = str(n)
    step = steps[n - 1]
    ev = step["event"]

    # projector: no blank band above the slide
    st.markdown(_PAGE_CSS, unsafe_allow_html=True)
    b1, mid, b2 = st.columns([1, 4, 1], vertical_alignment="center")
    b1.button("← Previous", key=f"{key}_prev", on_click=_go, args=(-1, total, lesson_id), disabled=n == 1,
              shortcut="Left", width="stretch")
    mid.progress(n / total, text=f"Step {n} of {total} · {lesson.title}")
    b2.button("Next →", key=f"{key}_next", on_click=_go, args=(1, total, lesson_id), disabled=n == total,
              shortcut="Right", width="stretch")

    meta = []
    if step["date"]:
        meta.append(str(step["date"]))
    if ev:
        meta.append(CATEGORY_LABELS[ev["category"]])
    st.markdown(f'<p class="present-meta" style="{_S_META}">{html.escape(" · ".join(meta))}</p>'
                f'<p class="present-title" lang="en" style="{_S_TITLE}">{html.escape(step["title"])}</p>',
                unsafe_allow_html=True)
    left, right = st.columns([3, 2], gap="large")
    with left:
        if show_map:
            _map(layers_gdf, step, key)
    with right:
        seen = set()
        for s in (ev or {}).get("support", []):
            if s["doc"] in seen:
                continue
            seen.add(s["doc"])
            st.markdown(_quote_block(s, ev["title"]), unsafe_allow_html=True)
            if len(seen) >= 2:
                break
        if step["note"]:
            st.markdown(f'<p class="present-note" lang="en" style="{_S_NOTE}">{html.escape(step["note"])}</p>',
                        unsafe_allow_html=True)
        for src in (ev or {}).get("sources", []):
            st.caption("Source: " + " · ".join(str(x) for x in (src.get("title"), src.get("publisher"),
                                                                   src.get("date")) if x))
    return step
