"""Presentation view: a lesson on a projector.

``render(layers_gdf, rows, docs_meta=None, events=None, lessons_dir=None)`` shows one step at a time in
large, high-contrast type sized for a projector (1280x720 and up, no scrolling): the lesson picker (by
title), Previous/Next and "Step 3 of 8", the step's title, the map as of the step's date with its features
highlighted, the step's quotes in their own script (``dir="rtl"`` for Arabic/Persian) with the team's
English rendering, and the question for discussion.  Keys: ← → and Page Up/Down step, Home/End jump, N
shows or hides the teacher's note and sources (hidden by default), F toggles full screen
(``app/web/present_keys.js``).  Every text from a lesson reaches the page escaped through ``st.html``:
never as Markdown, so it cannot name an outside image or link.

The URL carries the lesson and step (``?lesson=<id>&step=3``), so a link opens the same slide; an unknown
lesson id is refused by name.  A step whose event has disappeared still shows, with a note on that step.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import streamlit as st

from app.classroom.events import CATEGORY_LABELS, build_events, date_bounds
from app.classroom.lessons import (DEFAULT_LESSON_ID, LANGUAGE_NAMES, LessonError, list_lessons, load_lesson,
                         resolve_lesson)
from app.classroom.lesson_data import credit_when, human_date, map_begins, source_parts, untranslated
from app.classroom.records import feature_records
from app.safe_html import bidi_text, dir_for, esc, md_escape

STEP_KEY = "present_step"
LESSON_KEY = "present_lesson"
NOTES_KEY = "present_notes_on"
PLAY_KEY = "present_play"            # (lesson id, step, nonce) asked by "Play from the previous step"
WEB = Path(__file__).resolve().parents[1] / "web"
MAP_HEIGHT = 480


def _params_step(total: int) -> int:
    try:
        n = int(st.query_params.get("step", "1"))
    except (TypeError, ValueError):
        n = 1
    return min(max(n, 1), max(total, 1))


def _go(delta: int, total: int, lesson_id: str, to: int | None = None) -> None:
    """Callback: move ``delta`` steps (or to step ``to``) and write the URL."""
    n = to if to is not None else st.session_state.get(STEP_KEY, 1) + delta
    n = min(max(n, 1), total)
    st.session_state[STEP_KEY] = n
    st.query_params["lesson"] = lesson_id
    st.query_params["step"] = str(n)


def _ask_play(lesson_id: str, n: int) -> None:
    """Callback: play the map of step ``n`` from the previous step's date on the next run (once)."""
    nonce = st.session_state.get(PLAY_KEY + "_n", 0) + 1      # a new signal each time, even for the same step
    st.session_state[PLAY_KEY + "_n"] = nonce
    st.session_state[PLAY_KEY] = (lesson_id, n, nonce)


def _previous_date(steps: list[dict], n: int) -> str | None:
    """The date of the nearest earlier step that has one, when it comes before step ``n``'s date."""
    here = steps[n - 1]["date"]
    for s in reversed(steps[:n - 1]):
        if s["date"]:
            return s["date"] if here and date_bounds(s["date"])[0] < date_bounds(here)[0] else None
    return None


def _toggle_notes() -> None:
    st.session_state[NOTES_KEY] = not st.session_state.get(NOTES_KEY, False)


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
        return
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


def _quote_block(q: dict, own: bool) -> str:
    """A quote in its own script; the lesson's quotes carry the team's English rendering, marked as ours."""
    lang = str(q.get("lang") or "")
    name = LANGUAGE_NAMES.get(lang, lang or "unknown language")
    text = q.get("text") if own else q.get("quote")
    parts = [f'<div class="present-quote"><blockquote lang="{esc(lang)}" dir="{dir_for(lang)}">{esc(text or "")}'
             '</blockquote>']
    if own and q.get("translation"):
        who = q.get("translation_by") or "our translation"
        parts.append(f'<p class="present-en" lang="en" dir="ltr"><span class="who">{esc(who.capitalize())}:</span> '
                     f'{bidi_text(q["translation"], "ltr")}</p>')
    title = q.get("source") if own else (q.get("doc_title") or q.get("doc"))
    when = q.get("date")
    bare = untranslated(lang, q.get("translation") if own else None)
    parts.append(f'<span class="present-cite">— {bidi_text(title or q.get("doc") or "", "ltr")}'
                 f' ({esc(credit_when(name, when, bare))})</span></div>')
    return "".join(parts)


def _sources_line(step: dict) -> str:
    srcs = step["sources"] or (step["event"] or {}).get("sources", [])
    items = [" · ".join(source_parts(s)) for s in srcs]
    return (f'<p class="present-sources">Sources: {esc("; ".join(items))}</p>') if items else ""


def _map(layers_gdf: Any, step: dict, key: str, play_from: str | None = None, nonce: int = 0) -> None:
    """The atlas map on the step's date, highlighted features framed (needs a GeoDataFrame).

    One map per lesson view (a stable key): each step only sends its date and highlights as a signal,
    so the map is not rebuilt from one slide to the next.  ``play_from`` plays the map from that date to
    the step's (the renderer's Play), once."""
    if not step["date"] or not hasattr(layers_gdf, "geometry"):
        return
    from app.atlas.mapview import map_from_payload, signal_data
    from app.ui.folium_host import cached_map
    from app.ui.map_view import payload_for, relay

    on = date_bounds(step["date"])[0]
    hl = [h for h in step["highlight"] if h in layers_gdf.index]
    payload = payload_for(layers_gdf)
    bounds = (step.get("view") or {}).get("bounds")
    play = {"from": date_bounds(play_from)[0].isoformat(), "to": on.isoformat(), "n": nonce} if play_from else None
    with st.container(key=f"{key}_mapbox"):
        # the map's arguments never change (sent once); each step's signal goes through the relay
        # as tall as the window leaves room for (a projector at 1920x1080 had 400 px of white below the map)
        cached_map(payload, ("present", "fit", "projector"),
                   lambda: map_from_payload(payload, host="streamlit", host_key=f"{key}_map", fit_window=True,
                                            extra_css=("present_map.css",)),
                   key=f"{key}_map", height=MAP_HEIGHT, returned_objects=[])
        relay(f"{key}_map", signal_data(on, layers=step["layers"] or None, selected=hl[0] if hl else None,
                                        highlight=hl, fit=bool(hl) and not bounds, bounds=bounds, play=play))


def _pick_lesson(files: list[Path], key: str) -> str | None:
    """The lesson picker (titles); an unknown ``?lesson=`` is refused by name and nothing is presented."""
    from app.ui.lessons_view import lesson_titles

    titles = lesson_titles(files[0].parent)
    ids = list(titles)
    url = st.query_params.get("lesson")
    chosen = st.session_state.get(f"{key}_choose")
    wanted = chosen if chosen in ids else (url or st.session_state.get(LESSON_KEY) or DEFAULT_LESSON_ID)
    if url and url not in ids and chosen not in ids:
        st.error(md_escape(f"There is no lesson called “{url:.80}” in {files[0].parent.name}/. "
                           "Choose a lesson below."))
        wanted = None
    elif wanted not in ids:
        wanted = DEFAULT_LESSON_ID if DEFAULT_LESSON_ID in ids else ids[0]
    if chosen not in ids:
        st.session_state.pop(f"{key}_choose", None)
    kw = {} if f"{key}_choose" in st.session_state else {"index": ids.index(wanted) if wanted else None}
    return st.selectbox("Lesson", ids, key=f"{key}_choose", format_func=lambda i: titles.get(i, i),
                        placeholder="Choose a lesson", label_visibility="collapsed", **kw)


def _nav(n: int, total: int, lesson_id: str, key: str, when: str) -> None:
    """Previous / progress / Next, and the hidden buttons behind Page Up/Down, Home, End and N."""
    b1, mid, b2, b3 = st.columns([2, 5, 2, 2], vertical_alignment="center")
    b1.button("← Previous", key=f"{key}_prev", on_click=_go, args=(-1, total, lesson_id), disabled=n == 1,
              shortcut="Left", width="stretch")
    mid.progress(n / total, text=f"Step {n} of {total}" + (f" · {when}" if when else ""))
    b2.button("Next →", key=f"{key}_next", on_click=_go, args=(1, total, lesson_id), disabled=n == total,
              shortcut="Right", width="stretch")
    shown = st.session_state.get(NOTES_KEY, False)
    b3.button("Hide notes" if shown else "Teacher's notes", key=f"{key}_notes", on_click=_toggle_notes,
              shortcut="N", width="stretch",
              help="Show or hide the notes for the teacher (key N). Other keys: ← → or Page Up/Down step, "
                   "Home/End go to the first or last step, F full screen.")
    with st.container(key=f"{key}_keys"):
        for k, sc, args in (("pgup", "PageUp", (-1, total, lesson_id)), ("pgdn", "PageDown", (1, total, lesson_id)),
                            ("first", "Home", (0, total, lesson_id, 1)),
                            ("last", "End", (0, total, lesson_id, total))):
            st.button(sc, key=f"{key}_{k}", on_click=_go, args=args, shortcut=sc)


def _slide_text(step: dict) -> None:
    """Right of the map: (when asked) the note and sources first, then the quotes (two: one tab each) and the
    question."""
    ev = step["event"]
    if step["missing"]:
        st.html(f'<p class="present-warn">This step’s event ({esc(step["step"].event_id)}) no longer exists; '
                "its title and note are shown without it.</p>")
    if st.session_state.get(NOTES_KEY, False):      # first, where the teacher who asked for them sees them
        notes = []
        if step["note"]:
            notes.append(f'<p class="present-note" lang="en"><span class="who">Note for the teacher:</span> '
                         f'{bidi_text(step["note"], "ltr")}</p>')
        if step["shows"]:
            notes.append(f'<p class="present-note" lang="en"><span class="who">On the map:</span> '
                         f'{bidi_text(step["shows"], "ltr")}</p>')
        notes.append(_sources_line(step))
        st.html("".join(notes))
    begins = map_begins(step["date"])      # "16 March 1921" over a map of 1923 had said nothing of it
    if begins:
        st.html(f'<p class="present-map-note" lang="en">{esc(begins)}</p>')
    quotes = [(q, True) for q in step["quotes"][:2]]
    if not quotes and ev and ev.get("support"):
        quotes = [(ev["support"][0], False)]
    if len(quotes) > 1:   # tab labels are Markdown: only our own language names go there
        labels = [f"Quote {i}: {LANGUAGE_NAMES.get(str(q.get('lang') or ''), 'other language')}"
                  for i, (q, _) in enumerate(quotes, 1)]
        for tab, (q, own) in zip(st.tabs(labels), quotes):
            with tab:
                st.html(_quote_block(q, own))
    elif quotes:
        st.html(_quote_block(*quotes[0]))
    parts = []
    if step["question"]:
        parts.append(f'<p class="present-question" lang="en"><span>Question:</span> {bidi_text(step["question"], "ltr")}</p>')
    parts.append('<p class="present-keys">Keys: ← → or Page Up/Down step · Home/End first/last · '
                 'F full screen · N notes</p>')
    st.html("".join(parts))


def render(layers_gdf: Any, rows: list[dict], docs_meta: dict[str, dict] | None = None,
           events: list[dict] | None = None, lessons_dir: Path | None = None, key: str = "present",
           show_map: bool = True, take_home: Callable[[], None] | None = None) -> dict | None:
    """Draw the current step of the chosen lesson; returns that step (dict from resolve_lesson) or None.
    ``take_home`` draws the lesson's downloads in the "Take it home" box beside the replay button."""
    files = list_lessons(lessons_dir)
    if not files:
        st.info("No lesson yet: build one in the Lessons view.")
        return None
    st.html(WEB / "present.css")
    st.html(f"<script>{(WEB / 'present_keys.js').read_text(encoding='utf-8')}</script>",
            unsafe_allow_javascript=True)
    top = st.container()
    with top:
        pick, rest = st.columns([3, 8], vertical_alignment="center")
    with pick:
        lesson_id = _pick_lesson(files, key)
    if lesson_id is None:
        return None
    if st.session_state.get(LESSON_KEY) != lesson_id:
        # a new lesson (or the first visit): the step comes from the URL
        st.session_state[LESSON_KEY] = lesson_id
        st.session_state.pop(STEP_KEY, None)
    try:
        lesson = load_lesson(Path(files[0].parent) / f"{lesson_id}.json")
    except LessonError as exc:
        st.error(md_escape(f"Cannot open the lesson. {exc}"))
        return None
    events = events if events is not None else build_events(rows, layers_gdf, docs_meta)
    steps, _warnings = resolve_lesson(lesson, events, feature_records(layers_gdf))
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
    meta = [human_date(step["date"])] if step["date"] else []
    if ev:
        meta.append(CATEGORY_LABELS[ev["category"]])
    with rest:   # the date and category are ours, never lesson text: safe in the progress bar's Markdown
        _nav(n, total, lesson_id, key, " · ".join(meta))
    st.html(f'<h2 class="present-title" lang="en" data-date="{esc(step["date"] or "")}">{bidi_text(step["title"], "ltr")}</h2>')
    # half and half: a long quote and its translation, with the question under them, fit beside the map at
    # 1280x720 (at 5:4 the question of step 2 was below the screen)
    left, right = st.columns([1, 1], gap="medium")
    prev = _previous_date(steps, n)
    asked = st.session_state.pop(PLAY_KEY, None)
    play_from = prev if asked and asked[:2] == (lesson_id, n) else None
    with left:
        if show_map:
            _map(layers_gdf, step, key, play_from, asked[2] if play_from else 0)
    with right:
        _slide_text(step)
        play, home = st.columns([3, 2], vertical_alignment="center")
        if show_map and hasattr(layers_gdf, "geometry"):   # always drawn (the page keeps its shape step to step)
            play.button("▶ Play from the previous step" + (f" ({human_date(prev, short=True)})" if prev else ""),
                        key=f"{key}_playprev", on_click=_ask_play, args=(lesson_id, n), disabled=not prev,
                        help="Play the map from the previous step's date to this one" if prev else
                        "Nothing to play: this is the first step" if n == 1 else
                        "Nothing to play: the step before this one is not earlier in time")
        if take_home is not None:
            # beside the slide, not below it (below, the downloads were off a 1280x720 screen)
            with home.popover("Take it home", width="stretch",
                              help="The lesson as files that open without the internet"):
                take_home()
    return step
