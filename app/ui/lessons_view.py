"""Lessons view: build a lesson from events, save it into ``lessons/``, open it again; take-home exports.

``render(gdf, events, names, folder)`` — the educator opens a saved lesson (or starts a new one), gives it a
title and a description, adds steps (an event, the same event again, or a slide without an event), moves
(↑/↓), removes (✕) or sorts them, writes a title, a note and a question per step, and saves it as
``<folder>/<slug of the title>.json`` (:func:`app.classroom.lessons.save_lesson`: an existing lesson is
replaced only when "Replace" is ticked, and kept in ``backups/``).  Widget keys follow each step's own id,
never its event or its place.  "Present it" opens the Present view on step 1.

``downloads(gdf, events, folder)`` — download buttons for the lesson shown in the Present view (in its
"Take it home" box): the self-contained offline lesson HTML and the printable handout
(:mod:`app.classroom.lesson_html`), rendered once per lesson file version.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import os
import re
from pathlib import Path
from typing import Any

import streamlit as st

from app.classroom.lessons import (LANGUAGE_NAMES, Lesson, LessonError, LessonExistsError, Step, is_map_date,
                                   list_lessons, load_lesson, read_map_date, save_lesson)
from app.classroom.event_titles import PICKER_LIMIT, cut_words, short_title
from app.classroom.lesson_data import human_date
from app.reading.wording import counted
from app.safe_html import bidi_plain, md_escape
from app.ui.state import LESSON_STEP_PREFIXES

OPEN_KEY = "lsn_open"
_SYNCED = "_lsn_present_synced"   # the lesson the builder and Present last agreed on
TITLE_KEY = "lsn_title"
DESC_KEY = "lsn_desc"
STEPS_KEY = "lsn_steps"          # [{"uid": int, "step": Step}] in the lesson's order
ADD_KEY = "lsn_add_event"
REPLACE_KEY = "lsn_replace"
_UID = "_lsn_uid"
_NEW = "— a new lesson —"
_FLASH = "_lsn_flash"
_WIDGETS = LESSON_STEP_PREFIXES


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:80].strip("-") or "lesson"


def _note_key(uid: int) -> str:
    return f"lsn_note_{uid}"


def _step_title_key(uid: int) -> str:
    return f"lsn_stitle_{uid}"


def _question_key(uid: int) -> str:
    return f"lsn_q_{uid}"


def _date_key(uid: int) -> str:
    return f"lsn_date_{uid}"


def _items() -> list[dict]:
    return list(st.session_state.get(STEPS_KEY) or [])


def _new_item(step: Step) -> dict:
    """A step of the form with its own id: widget keys follow the step, not its event or its place."""
    uid = st.session_state.get(_UID, 0) + 1
    st.session_state[_UID] = uid
    st.session_state[_step_title_key(uid)] = step.title
    st.session_state[_note_key(uid)] = step.note
    st.session_state[_question_key(uid)] = step.question
    if not step.event_id:
        st.session_state[_date_key(uid)] = human_date(step.date, short=True)    # as the app writes dates
    return {"uid": uid, "step": step}


def _drop_widgets(uid: int | None = None) -> None:
    ss = st.session_state
    for k in [k for k in ss.keys() if str(k).startswith(_WIDGETS)]:
        if uid is None or str(k).endswith(f"_{uid}") and str(k).rsplit("_", 1)[-1] == str(uid):
            del ss[k]


def lesson_titles(folder: Path) -> dict[str, str]:
    """Lesson id -> its title (the id, marked, when the file cannot be read), for pickers; each file is read
    again only when it changes."""
    stamps = []
    for p in list_lessons(folder):
        try:
            st_ = p.stat()
            stamps.append((str(p), st_.st_mtime_ns, st_.st_size))
        except OSError:
            stamps.append((str(p), 0, 0))
    return _titles(tuple(stamps))


@st.cache_data(show_spinner=False, max_entries=32)
def _titles(stamps: tuple) -> dict[str, str]:
    out = {}
    for path, _mtime_ns, _size in stamps:
        p = Path(path)
        try:
            out[p.stem] = load_lesson(p).title
        except LessonError:
            out[p.stem] = f"{p.stem} (cannot be read)"
    return out


def _open(folder: Path) -> None:
    """Callback: load the chosen lesson into the form (or clear it for a new one)."""
    choice = st.session_state.get(OPEN_KEY)
    ss = st.session_state
    _drop_widgets()
    ss[REPLACE_KEY] = False
    if not choice or choice == _NEW:
        from app.ui import present

        ss[TITLE_KEY], ss[DESC_KEY], ss[STEPS_KEY] = "", "", []
        ss["_lsn_lesson"] = None
        ss[_SYNCED] = ss.get(present.LESSON_KEY)    # a new lesson chosen: Present's lesson is not followed
        return
    try:
        lesson = load_lesson(Path(folder) / f"{choice}.json")
    except LessonError as exc:
        ss[_FLASH] = ("error", f"Cannot open the lesson. {exc}")
        return
    ss[TITLE_KEY], ss[DESC_KEY] = lesson.title, lesson.description
    ss[STEPS_KEY] = [_new_item(s) for s in lesson.steps]
    ss["_lsn_lesson"] = lesson
    _to_present(lesson.id)      # the Present tab shows the lesson being worked on (it showed the shipped one)


def _move(uid: int, delta: int) -> None:
    items = _items()
    i = next((k for k, it in enumerate(items) if it["uid"] == uid), None)
    if i is not None and 0 <= i + delta < len(items):
        items[i], items[i + delta] = items[i + delta], items[i]
        st.session_state[STEPS_KEY] = items


def _remove(uid: int) -> None:
    st.session_state[STEPS_KEY] = [it for it in _items() if it["uid"] != uid]
    _drop_widgets(uid)


#: Quotes a step shows the class (Present shows two, one tab each).
MAX_QUOTES = 2


def _quote_pick_key(uid: int) -> str:
    return f"lsn_qpick_{uid}"


def _quote_translation_key(uid: int) -> str:
    return f"lsn_qtr_{uid}"


def quote_from_sentence(s: dict, translation: str = "") -> dict:
    """A lesson quote (``Step.quotes``) from one of an event's supporting sentences, with the teacher's own
    English when given. Its ``date`` is left empty: a quote's credit gives the document's date, and the sentence
    knows only the date it mentions."""
    q = {"doc": s["doc"], "lang": s.get("lang") or "", "text": s.get("sentence") or s.get("quote") or "",
         "source": s.get("doc_title") or s["doc"], "date": ""}
    if translation.strip():
        q.update(translation=" ".join(translation.split()), translation_by="the teacher's translation")
    return q


def _set_quotes(uid: int, quotes: list[dict]) -> None:
    st.session_state[STEPS_KEY] = [dict(it, step=dataclasses.replace(it["step"], quotes=quotes))
                                   if it["uid"] == uid else it for it in _items()]


def _add_quote(uid: int, support: list[dict]) -> None:
    """Callback: the sentence picked in the step's box becomes one of its quotes."""
    ss = st.session_state
    j = ss.get(_quote_pick_key(uid))
    it = next((x for x in _items() if x["uid"] == uid), None)
    if it is None or not isinstance(j, int) or not 0 <= j < len(support) or len(it["step"].quotes) >= MAX_QUOTES:
        return
    _set_quotes(uid, list(it["step"].quotes) + [quote_from_sentence(support[j], str(ss.get(_quote_translation_key(uid)) or ""))])
    ss[_quote_pick_key(uid)] = None
    ss[_quote_translation_key(uid)] = ""


def _remove_quote(uid: int, k: int) -> None:
    it = next((x for x in _items() if x["uid"] == uid), None)
    if it is not None:
        _set_quotes(uid, [q for i, q in enumerate(it["step"].quotes) if i != k])


def _quotes_box(uid: int, step: Step, ev: dict | None) -> None:
    """The step's quotes for the class, and a sentence of its event's documents to add (with an English line)."""
    support = (ev or {}).get("support") or []
    quotes = list(step.quotes)
    if not support and not quotes:
        return
    with st.expander(f"Quotes shown to the class ({len(quotes)} of {MAX_QUOTES})", expanded=False):
        for k, q in enumerate(quotes):
            c1, c2 = st.columns([10, 1], vertical_alignment="center")
            lang = LANGUAGE_NAMES.get(str(q.get("lang") or ""), "another language")
            c1.markdown(f"{md_escape(lang)}, {md_escape(q.get('source') or q.get('doc') or '')}: "
                        f"“{bidi_plain(md_escape(_cut(q.get('text') or '', 160)), q.get('lang'))}”"
                        + (f"  \n*{md_escape(_cut(q['translation'], 160))}*" if q.get("translation") else ""))
            c2.button("✕", key=f"lsn_qdel_{uid}_{k}", on_click=_remove_quote, args=(uid, k), help="Remove this quote")
        if not support:
            return
        if len(quotes) >= MAX_QUOTES:
            st.caption(f"A step shows at most {MAX_QUOTES} quotes: remove one to add another.")
            return
        st.selectbox("A sentence from the documents about this event", list(range(len(support))),
                     key=_quote_pick_key(uid), index=None, placeholder="Choose a sentence…",
                     format_func=lambda j: (f"{LANGUAGE_NAMES.get(support[j].get('lang') or '', 'other')} · "
                                            f"{_cut(support[j].get('doc_title') or support[j]['doc'], 40)} · "
                                            f"{_cut(support[j].get('sentence') or support[j].get('quote') or '', 90)}"))
        st.text_area("Your English translation (optional; shown under the sentence)", key=_quote_translation_key(uid),
                     height=68, max_chars=1500)
        st.button("Add this quote", key=f"lsn_qadd_{uid}", on_click=_add_quote, args=(uid, support))


def _cut(text: str, limit: int) -> str:
    """A preview of a quote on one line, cut at a word (as event titles are)."""
    return cut_words(" ".join(str(text).split()), limit)


def _add(by_id: dict[str, dict], free: bool = False) -> None:
    eid = None if free else st.session_state.get(ADD_KEY)
    if not free and eid not in by_id:
        return
    # a blank slide shows the map on the date of the step before it (the teacher can change it)
    before = _items()[-1]["step"] if _items() else None
    on = (before.date or (by_id.get(before.event_id) or {}).get("date")) if before else None
    step = Step(date=on) if free else Step(event_id=eid)
    st.session_state[STEPS_KEY] = _items() + [_new_item(step)]


def _sort(by_id: dict[str, dict]) -> None:
    def when(it: dict) -> str:
        s = it["step"]
        if not s.event_id and _date_key(it["uid"]) in st.session_state:     # a blank slide: the date typed
            return read_map_date(st.session_state[_date_key(it["uid"])]) or "9999"
        return s.date or (by_id.get(s.event_id) or {}).get("date") or "9999"
    st.session_state[STEPS_KEY] = sorted(_items(), key=when)


def lesson_from_form(events: list[dict]) -> Lesson:
    """The lesson the form describes (steps in the chosen order); what the form does not edit is kept."""
    ss = st.session_state
    title = str(ss.get(TITLE_KEY) or "").strip()
    steps = []
    for it in _items():
        uid = it["uid"]
        step = dataclasses.replace(it["step"], title=str(ss.get(_step_title_key(uid)) or "").strip(),
                                   note=str(ss.get(_note_key(uid)) or "").strip(),
                                   question=str(ss.get(_question_key(uid)) or "").strip())
        if not step.event_id and _date_key(uid) in ss:
            step = dataclasses.replace(step, date=read_map_date(ss.get(_date_key(uid))) or None)
        steps.append(step)
    base = ss.get("_lsn_lesson")
    extra = {"authors": base.authors, "span": base.span, "language": base.language} if base else {}
    return Lesson(id=base.id if base else _slug(title), title=title, description=str(ss.get(DESC_KEY) or "").strip(), steps=steps,
                  **extra)


def _save(folder: Path, events: list[dict]) -> None:
    lesson = lesson_from_form(events)
    ss = st.session_state
    if not lesson.title:
        ss[_FLASH] = ("error", "Give the lesson a title before saving it.")
        return
    if not lesson.steps:
        ss[_FLASH] = ("error", "Add at least one step to the lesson.")
        return
    empty = [i for i, s in enumerate(lesson.steps, 1) if not s.event_id and not s.title]
    if empty:
        ss[_FLASH] = ("error", f"Step {empty[0]} has no event and no title: give the slide a title.")
        return
    undated = [(i, s.date) for i, s in enumerate(lesson.steps, 1) if not s.event_id and s.date
               and not is_map_date(s.date)]
    if undated:
        ss[_FLASH] = ("error", f"Step {undated[0][0]}: “{undated[0][1]}” is not a date the map can show. Write a "
                               "year (2021), a month (May 2021) or a day (14 May 2021), or leave it empty for no map.")
        return
    try:
        path = save_lesson(lesson, folder=Path(folder), overwrite=bool(ss.get(REPLACE_KEY)))
    except LessonExistsError:
        base = ss.get("_lsn_lesson")
        if base is not None and base.id == lesson.id:     # the lesson opened here, edited (perhaps renamed)
            ss[_FLASH] = ("error", f"This lesson is saved as “{base.title}”. Tick “Replace the saved lesson” to save "
                                   "your changes over it (the old file is kept in backups/).")
        else:
            ss[_FLASH] = ("error", f"A lesson called “{lesson.title}” is already saved. Tick “Replace the saved "
                                   "lesson” to replace it (the old file is kept in backups/), or change the title.")
        return
    except LessonError as exc:
        ss[_FLASH] = ("error", f"Cannot save the lesson. {exc}")
        return
    ss[OPEN_KEY] = lesson.id
    ss[REPLACE_KEY] = False
    ss["_lsn_lesson"] = lesson
    _to_present(lesson.id)
    ss[_FLASH] = ("success", f"Saved “{lesson.title}” ({counted(len(lesson.steps), 'step')}, at "
                             f"{_dt.datetime.now():%H:%M}).")


def _to_present(lesson_id: str) -> None:
    """Make ``lesson_id`` the lesson Present shows, from step 1 (the view is not switched)."""
    from app.ui import present

    st.query_params["lesson"] = lesson_id
    st.query_params["step"] = "1"
    st.session_state[present.LESSON_KEY] = lesson_id
    st.session_state.pop(present.STEP_KEY, None)
    st.session_state.pop("present_choose", None)
    st.session_state[_SYNCED] = lesson_id


def present_lesson(lesson_id: str) -> None:
    """Callback: open the Present view on step 1 of ``lesson_id``."""
    from app.ui import state as S

    _to_present(lesson_id)
    S.show("present")


def _follow_present(folder: Path, titles: dict[str, str]) -> None:
    """An empty builder opens the lesson Present shows (the teacher went from Present to Lessons to edit it: the
    builder had come up empty)."""
    from app.ui import present

    ss = st.session_state
    shown = ss.get(present.LESSON_KEY)
    empty = ss.get(OPEN_KEY) in (None, _NEW) and not ss.get(STEPS_KEY) and not str(ss.get(TITLE_KEY) or "").strip()
    # only a lesson Present took up since the two last agreed: "a new lesson", chosen here, stays new
    if empty and shown in titles and shown != ss.get(_SYNCED):
        ss[_SYNCED] = shown
        ss[OPEN_KEY] = shown
        _open(folder)


def _step_box(i: int, total: int, it: dict, by_id: dict[str, dict], names: dict[str, str]) -> None:
    """One step of the form: what it shows, move/remove, its title, note and question."""
    uid, step = it["uid"], it["step"]
    ev = by_id.get(step.event_id) if step.event_id else None
    with st.container(border=True, key=f"lsn_step_{uid}"):
        c1, c2, c3, c4 = st.columns([8, 1, 1, 1], vertical_alignment="center")
        if ev:
            feats = ", ".join(names.get(f, f) for f in ev["features"][:4])
            shown_on = (f" · the map on {md_escape(human_date(step.date))} (the event: {md_escape(human_date(ev['date']))})"
                        if step.date and step.date != ev["date"] else f" · {md_escape(human_date(ev['date']))}")
            c1.markdown(f"**Step {i + 1}**{shown_on} · {md_escape(short_title(ev))}"
                        + (f"  \n{md_escape(feats)}" if feats else ""))
        elif step.event_id:
            c1.markdown(f"**Step {i + 1}**")
            c1.warning(md_escape(f"The event {step.event_id} no longer exists: the step keeps its title and "
                               "note, without the event's quotes."))
        else:
            c1.markdown(f"**Step {i + 1}** · a slide without an event")
        c2.button("↑", key=f"lsn_up_{uid}", on_click=_move, args=(uid, -1), disabled=i == 0,
                  help="Move this step earlier")
        c3.button("↓", key=f"lsn_down_{uid}", on_click=_move, args=(uid, 1), disabled=i == total - 1,
                  help="Move this step later")
        c4.button("✕", key=f"lsn_del_{uid}", on_click=_remove, args=(uid,), help="Remove this step")
        st.text_input("Step title" + (" (empty: the event's)" if step.event_id else ""),
                      key=_step_title_key(uid), max_chars=120,
                      placeholder=None if step.event_id else "e.g. What do you see on this map?")
        st.text_area("Teacher's note", key=_note_key(uid), height=70, max_chars=4000)
        st.text_input("Question for discussion", key=_question_key(uid), max_chars=300)
        _quotes_box(uid, step, ev)
        if not step.event_id:
            st.text_input("Date the map shows", key=_date_key(uid), max_chars=30, placeholder="e.g. 14 May 2021",
                          help="A year (2021), a month (May 2021) or a day (14 May 2021, or 2021-05-14); "
                               "empty: the slide has no map.")


def render(gdf: Any, events: list[dict], names: dict[str, str], folder: Path) -> Lesson | None:
    """The lesson builder; returns the lesson the form describes."""
    st.subheader("Lessons")
    by_id = {e["id"]: e for e in events}
    titles = lesson_titles(folder)
    _follow_present(folder, titles)
    if st.session_state.get(OPEN_KEY) not in [_NEW, *titles]:
        st.session_state[OPEN_KEY] = _NEW
    st.selectbox("Open a lesson", [_NEW, *titles], key=OPEN_KEY, on_change=_open, args=(folder,),
                 format_func=lambda i: titles.get(i, i),
                 help=f"Lessons are saved as JSON files in {Path(folder).name}/.")
    st.text_input("Lesson title", key=TITLE_KEY, placeholder="e.g. The Lachin corridor, 2020–2023", max_chars=120,
                  help="At most 120 characters: a longer text pasted here is not taken. Put the rest in the "
                       "description.")
    st.text_area("Description", key=DESC_KEY, height=80, max_chars=2000)
    st.session_state.setdefault(STEPS_KEY, [])
    items = _items()
    for i, it in enumerate(items):
        _step_box(i, len(items), it, by_id, names)
    options = sorted((i for i in by_id if not by_id[i].get("noisy")), key=lambda i: (by_id[i]["date"], i))
    c1, c2, c3 = st.columns([6, 2, 2], vertical_alignment="bottom")
    c1.selectbox("Add an event as the next step", options, key=ADD_KEY, index=None,
                 placeholder="Choose an event…" if options else "No events: the documents and layers gave none",
                 format_func=lambda i: f"{human_date(by_id[i]['date'])} · {short_title(by_id[i], PICKER_LIMIT)}")
    c2.button("Add this event", key="lsn_add", on_click=_add, args=(by_id,), disabled=not options)
    c3.button("Add a blank slide", key="lsn_add_free", on_click=_add, args=(by_id, True),
              help="A step without an event: give it a title, a note and a question.")
    if items:
        st.button("Sort the steps by date", key="lsn_sort", on_click=_sort, args=(by_id,))
    lesson = lesson_from_form(events)
    exists = bool(lesson.title) and lesson.id in titles
    if exists:
        st.checkbox(md_escape(f"Replace the saved lesson “{titles[lesson.id]}” (the old version is kept as a backup)"),
                    key=REPLACE_KEY)
    saved = st.session_state.get("_lsn_lesson")
    unsaved = exists and saved is not None and saved.id == lesson.id and saved != lesson
    if unsaved:
        st.warning("Your changes are not saved yet. Present and the take-home files show the saved lesson: "
                   "tick “Replace the saved lesson” and save to include them.")
    flash = st.session_state.pop(_FLASH, None)
    if flash:   # beside the button that caused it (at the top of a long lesson it was out of sight)
        (st.success if flash[0] == "success" else st.error)(md_escape(flash[1]))   # may quote the title
    c1, c2 = st.columns(2)
    c1.button("Save the lesson", key="lsn_save", on_click=_save, args=(folder, events), type="primary",
              help=f"Saved as a JSON file in the {Path(folder).name} folder.")
    if exists:
        c2.button("Present the saved version" if unsaved else "Present it", key="lsn_present",
                  on_click=present_lesson, args=(lesson.id,))
    return lesson


def _mtime(path: Path) -> float:
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0


@st.cache_data(show_spinner="Building the take-home files…", max_entries=8)
def _exports(path: str, mtime: float, events_key: tuple, _events: list[dict], _gdf: Any) -> tuple[bytes, bytes]:
    from app.classroom.handout import render_handout
    from app.classroom.lesson_html import render_lesson_html

    lesson = load_lesson(Path(path))
    return (render_lesson_html(lesson, _events, _gdf).encode("utf-8"),
            render_handout(lesson, _events, _gdf).encode("utf-8"))


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
        st.error(md_escape(f"Cannot export the lesson. {exc}"))
        return
    st.download_button("Download the lesson (HTML, works offline)", data=lesson_html,
                       file_name=f"{lesson_id}.html", mime="text/html", key="dl_lesson", on_click="ignore",
                       width="stretch")
    st.caption("Opens in a browser without the internet: the map, every step and its quotes.")
    st.download_button("Download the printable handout (HTML)", data=handout,
                       file_name=f"{lesson_id}-handout.html", mime="text/html", key="dl_handout",
                       on_click="ignore", width="stretch")
    st.caption("Every step with its map and, where it has one, its quote: to print or to save as PDF from the browser.")
