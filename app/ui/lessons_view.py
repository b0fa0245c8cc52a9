"""Lessons view: build a lesson from events, save it into ``lessons/``, open it again; take-home exports.

``render(gdf, events, names, folder)`` — the educator opens a saved lesson (or starts a new one), gives it a
title and a description, picks events into an ordered list (the order of picking; ↑/↓ move a step, "Sort
by date" orders them), writes a title and a note per step, and saves it as ``<folder>/<slug of the
title>.json`` (:func:`app.classroom.lessons.save_lesson`).  "Present it" opens the Present view on step 1.

``downloads(gdf, events, folder)`` — download buttons for the lesson shown in the Present view: the
self-contained offline lesson HTML and the printable handout (:mod:`app.classroom.lesson_html`), rendered once per
lesson file version.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path
from typing import Any

import streamlit as st

from app.classroom.lessons import Lesson, LessonError, Step, list_lessons, load_lesson, save_lesson
from app.safe_html import md_escape

OPEN_KEY = "lsn_open"
TITLE_KEY = "lsn_title"
DESC_KEY = "lsn_desc"
EVENTS_KEY = "lsn_events"
_NEW = "— a new lesson —"
_FLASH = "_lsn_flash"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "lesson"


def _note_key(eid: str) -> str:
    return f"lsn_note_{eid}"


def _step_title_key(eid: str) -> str:
    return f"lsn_stitle_{eid}"


def _open(folder: Path) -> None:
    """Callback: load the chosen lesson into the form (or clear it for a new one)."""
    choice = st.session_state.get(OPEN_KEY)
    ss = st.session_state
    for k in [k for k in ss.keys() if str(k).startswith(("lsn_note_", "lsn_stitle_"))]:
        del ss[k]
    if not choice or choice == _NEW:
        ss[TITLE_KEY], ss[DESC_KEY], ss[EVENTS_KEY] = "", "", []
        return
    try:
        lesson = load_lesson(Path(folder) / f"{choice}.json")
    except LessonError as exc:
        ss[_FLASH] = ("error", f"Cannot open the lesson. {exc}")
        return
    ss[TITLE_KEY], ss[DESC_KEY] = lesson.title, lesson.description
    ss[EVENTS_KEY] = [s.event_id for s in lesson.steps]
    for s in lesson.steps:
        ss[_note_key(s.event_id)] = s.note
        ss[_step_title_key(s.event_id)] = s.title
    ss["_lsn_loaded_steps"] = {s.event_id: s for s in lesson.steps}


def _move(i: int, delta: int) -> None:
    chosen = list(st.session_state.get(EVENTS_KEY) or [])
    j = i + delta
    if 0 <= i < len(chosen) and 0 <= j < len(chosen):
        chosen[i], chosen[j] = chosen[j], chosen[i]
        st.session_state[EVENTS_KEY] = chosen


def _sort(by_id: dict[str, dict]) -> None:
    chosen = list(st.session_state.get(EVENTS_KEY) or [])
    st.session_state[EVENTS_KEY] = sorted(chosen, key=lambda e: (by_id.get(e, {}).get("date") or "", e))


def lesson_from_form(events: list[dict]) -> Lesson:
    """The lesson the form describes (steps in the chosen order)."""
    ss = st.session_state
    title = str(ss.get(TITLE_KEY) or "").strip()
    loaded = ss.get("_lsn_loaded_steps") or {}
    steps = []
    for eid in ss.get(EVENTS_KEY) or []:
        old = loaded.get(eid)
        steps.append(Step(event_id=eid, title=str(ss.get(_step_title_key(eid)) or "").strip(),
                          note=str(ss.get(_note_key(eid)) or "").strip(),
                          date=old.date if old else None, highlight=list(old.highlight) if old else []))
    return Lesson(id=_slug(title), title=title, description=str(ss.get(DESC_KEY) or "").strip(), steps=steps)


def _save(folder: Path, events: list[dict]) -> None:
    lesson = lesson_from_form(events)
    if not lesson.title:
        st.session_state[_FLASH] = ("error", "Give the lesson a title before saving it.")
        return
    if not lesson.steps:
        st.session_state[_FLASH] = ("error", "Pick at least one event for the lesson.")
        return
    path = save_lesson(lesson, folder=Path(folder))
    st.session_state[OPEN_KEY] = lesson.id
    st.session_state[_FLASH] = ("success", f"Saved {path.parent.name}/{path.name} ({len(lesson.steps)} steps, "
                                           f"{_dt.datetime.now():%H:%M}).")


def present_lesson(lesson_id: str) -> None:
    """Callback: open the Present view on step 1 of ``lesson_id``."""
    from app.ui import present
    from app.ui import state as S

    st.query_params["lesson"] = lesson_id
    st.query_params["step"] = "1"
    st.session_state[present.LESSON_KEY] = lesson_id
    st.session_state.pop(present.STEP_KEY, None)
    st.session_state.pop("present_choose", None)
    S.show("present")


def render(gdf: Any, events: list[dict], names: dict[str, str], folder: Path) -> Lesson | None:
    """The lesson builder; returns the lesson the form describes."""
    st.subheader("Lessons")
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(flash[1])
    if not events:
        st.info("No events to build a lesson from: the documents and layers gave none.")
        return None
    by_id = {e["id"]: e for e in events}
    saved = [p.stem for p in list_lessons(folder)]
    if st.session_state.get(OPEN_KEY) not in [_NEW] + saved:
        st.session_state[OPEN_KEY] = _NEW
    st.selectbox("Open a lesson", [_NEW] + saved, key=OPEN_KEY, on_change=_open, args=(folder,),
                 help=f"Lessons are saved as JSON files in {Path(folder).name}/.")
    st.text_input("Lesson title", key=TITLE_KEY, placeholder="e.g. The Lachin corridor, 2020–2023")
    st.text_area("Description", key=DESC_KEY, height=80)
    st.session_state.setdefault(EVENTS_KEY, [])
    st.session_state[EVENTS_KEY] = [e for e in st.session_state[EVENTS_KEY] if e in by_id]
    options = sorted(by_id, key=lambda i: (by_id[i]["date"], i))
    options = [i for i in options if not by_id[i].get("noisy") or i in st.session_state[EVENTS_KEY]]
    st.multiselect("Events, in the order of the lesson", options, key=EVENTS_KEY,
                   format_func=lambda i: f"{by_id[i]['date']} · {by_id[i]['title']}",
                   help="Picked events become steps in the order you pick them; move them below.")
    chosen = st.session_state[EVENTS_KEY]
    if chosen:
        st.button("Sort the steps by date", key="lsn_sort", on_click=_sort, args=(by_id,))
    for i, eid in enumerate(chosen):
        ev = by_id[eid]
        with st.container(border=True, key=f"lsn_step_{i}"):
            c1, c2, c3 = st.columns([8, 1, 1], vertical_alignment="center")
            feats = ", ".join(names.get(f, f) for f in ev["features"][:4])
            c1.markdown(f"**Step {i + 1}** · {md_escape(ev['date'])} · {md_escape(ev['title'])}"
                        + (f"  \n{md_escape(feats)}" if feats else ""))
            c2.button("↑", key=f"lsn_up_{eid}", on_click=_move, args=(i, -1), disabled=i == 0,
                      help="Move this step earlier")
            c3.button("↓", key=f"lsn_down_{eid}", on_click=_move, args=(i, 1), disabled=i == len(chosen) - 1,
                      help="Move this step later")
            st.text_input("Step title (empty: the event's)", key=_step_title_key(eid))
            st.text_area("Teacher's note", key=_note_key(eid), height=70)
    lesson = lesson_from_form(events)
    c1, c2 = st.columns(2)
    c1.button(f"Save into {Path(folder).name}/", key="lsn_save", on_click=_save, args=(folder, events),
              type="primary")
    if lesson.id in saved and lesson.title:
        c2.button("Present it", key="lsn_present", on_click=present_lesson, args=(lesson.id,))
    return lesson


def _mtime(path: Path) -> float:
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0


@st.cache_data(show_spinner="Building the take-home files…", max_entries=8)
def _exports(path: str, mtime: float, events_key: tuple, _events: list[dict], _gdf: Any) -> tuple[bytes, bytes]:
    from app.classroom.lesson_html import render_handout_html, render_lesson_html

    lesson = load_lesson(Path(path))
    return (render_lesson_html(lesson, _events, _gdf).encode("utf-8"),
            render_handout_html(lesson, _events, _gdf).encode("utf-8"))


def downloads(gdf: Any, events: list[dict], folder: Path) -> None:
    """Download buttons for the lesson open in the Present view (offline HTML and printable handout)."""
    from app.ui import present

    lesson_id = st.session_state.get(present.LESSON_KEY)
    if not lesson_id:
        return
    path = Path(folder) / f"{lesson_id}.json"
    try:
        lesson_html, handout = _exports(str(path), _mtime(path), tuple(e["id"] for e in events), events, gdf)
    except LessonError as exc:
        st.error(f"Cannot export the lesson. {exc}")
        return
    st.markdown("**Take it home**")
    c1, c2 = st.columns(2)
    c1.download_button("Download the lesson (HTML, works offline)", data=lesson_html,
                       file_name=f"{lesson_id}.html", mime="text/html", key="dl_lesson", on_click="ignore")
    c2.download_button("Download the printable handout (HTML)", data=handout,
                       file_name=f"{lesson_id}-handout.html", mime="text/html", key="dl_handout",
                       on_click="ignore")
