"""Teaching with the atlas in Debian's Chromium: the shipped lesson stepped with the keyboard in the
Present view (the map's date and the highlighted features' states checked at every step), a timeline
event moving the map, and the take-home lesson downloaded and stepped offline.

The app (``real_app_url``) serves the committed geodata, the seeds and lessons/.  Every test fails if any
request leaves 127.0.0.1 (``outside_requests``).
"""
from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from app.classroom.events import date_bounds
from app.atlas.layers import layers_on, load_layers
from app.classroom.lessons import DEFAULT_LESSON_ID, LESSONS_DIR, load_lesson
from tests.conftest import REAL_GEODATA

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="module")
def lesson_steps(shipped_lesson):
    """The shipped lesson's steps resolved against the same events the app builds (seeds + geodata)."""
    return shipped_lesson.lesson, shipped_lesson.steps, shipped_lesson.gdf


def legend_date(d: dt.date) -> str:
    return d.strftime("%d %b %Y").lstrip("0")


def drawn_keys(page: Page, day: str, timeout: float = 20.0) -> dict[str, str]:
    """Wait for exactly one map showing ``day`` (YYYY-MM-DD); return {feature id: state key} it draws
    ("status", or "status~gone" when ghosted), as the renderer applied it in the browser."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            frames = [f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached()]
            if page.locator(IFRAME).count() == 1 and len(frames) == 1:
                got = frames[0].evaluate("(d) => window.atlasMap && window.atlasMap.day === d"
                                         " ? window.atlasMap.states() : null", day)
                if got is not None:
                    return got
        except PlaywrightError:       # an iframe came or went: look again
            pass
        page.wait_for_timeout(50)
    days = [f.evaluate("() => window.atlasMap && window.atlasMap.day") for f in page.frames
            if "streamlit_folium" in f.url and not f.is_detached()]
    raise AssertionError(f"no single map showing {day} within {timeout} s (maps show {days}, url {page.url})")


def drawn_states(page: Page, day: str, timeout: float = 20.0) -> dict[str, str]:
    """{feature id: status} drawn on the one map showing ``day``."""
    return {k: v.split("~")[0] for k, v in drawn_keys(page, day, timeout).items()}


def _settle(page: Page) -> None:
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # no widget focused


def test_present_the_shipped_lesson_with_the_keyboard(page: Page, real_app_url: str, outside_requests,
                                                       lesson_steps):
    lesson, steps, gdf = lesson_steps
    total = len(steps)
    assert 8 <= total <= 12
    page.set_viewport_size({"width": 1400, "height": 950})
    page.goto(f"{real_app_url}/?view=present&lesson={DEFAULT_LESSON_ID}&step=1")
    for step in steps:
        n = step["n"]
        # (the first step may meet the server's first run: the corpus is read and annotated then)
        expect(page.get_by_test_id("stProgress")).to_contain_text(f"Step {n} of {total}",
                                                                  timeout=90000 if n == 1 else 20000)
        expect(page.locator(".present-title")).to_have_text(step["title"])
        on = date_bounds(step["date"])[0]
        states = drawn_states(page, str(on))
        truth = layers_on(gdf, on).set_index("id")
        for fid in step["highlight"]:
            if fid in states:         # a highlighted feature drawn on the map has its state on that date
                assert states[fid] == truth.at[fid, "status"], (n, fid, states[fid], truth.at[fid, "status"])
        assert any(f in states for f in step["highlight"]), (n, step["highlight"])
        assert parse_qs(urlsplit(page.url).query).get("step") == [str(n)], page.url
        if step["event"] and step["event"]["category"] == "blockade" and step["date"] == "2022-12-12":
            assert states["lachin_corridor"] == "blockaded"
        if n < total:
            _settle(page)
            page.keyboard.press("ArrowRight" if n % 2 else "PageDown")
    # back with the left arrow and Page Up; Home and End jump; the Previous button too
    for key, n in (("ArrowLeft", total - 1), ("PageUp", total - 2), ("Home", 1), ("End", total)):
        _settle(page)
        page.keyboard.press(key)
        expect(page.get_by_test_id("stProgress")).to_contain_text(f"Step {n} of {total}", timeout=20000)
    page.get_by_role("button", name="← Previous").click()
    expect(page.get_by_test_id("stProgress")).to_contain_text(f"Step {total - 1} of {total}", timeout=20000)
    # the quote in its own script with our translation; the notes hidden until N
    expect(page.locator(".present-quote").first.locator(".present-en")).to_contain_text("Our translation")
    expect(page.locator(".present-note")).to_have_count(0)
    _settle(page)
    page.keyboard.press("n")
    expect(page.locator(".present-note").first).to_contain_text(steps[total - 2]["note"][:40], timeout=20000)
    page.set_viewport_size({"width": 1280, "height": 720})                   # a small projector
    expect(page.locator(".present-note").first).to_be_in_viewport(ratio=1)     # where the teacher sees it
    page.set_viewport_size({"width": 1400, "height": 950})
    _settle(page)
    page.keyboard.press("n")
    expect(page.locator(".present-note")).to_have_count(0, timeout=20000)
    assert outside_requests == []


def test_present_plays_the_map_from_the_previous_steps_date_to_this_one(page: Page, real_app_url: str,
                                                                       outside_requests, lesson_steps):
    """"Play from the previous step" runs the renderer's Play on the step's map: the date moves through the
    days between the two steps and stops on this step's date."""
    _, steps, _ = lesson_steps
    k = next(s["n"] for s in steps if s["date"] == "2022-12-12")          # the blockade
    prev, here = str(date_bounds(steps[k - 2]["date"])[0]), str(date_bounds(steps[k - 1]["date"])[0])
    page.set_viewport_size({"width": 1400, "height": 950})
    page.goto(f"{real_app_url}/?view=present&lesson={DEFAULT_LESSON_ID}&step={k}")
    expect(page.get_by_test_id("stProgress")).to_contain_text(f"Step {k} of {len(steps)}", timeout=90000)
    drawn_keys(page, here)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())
    frame.evaluate("() => { window.__seen = []; window.atlasMap.onDate(d => window.__seen.push(d)); }")
    _settle(page)
    page.get_by_role("button", name="Play from the previous step").click()
    frame.wait_for_function("() => window.atlasMap.controls.playing === true", timeout=20000)
    frame.wait_for_function("() => window.atlasMap.controls.playing === false", timeout=60000)
    seen = frame.evaluate("() => window.__seen")
    assert seen[-1] == here and frame.evaluate("() => window.atlasMap.day") == here
    between = [d for d in seen if prev <= d < here]
    assert between and between[0] <= prev[:7] + "-31" and len(set(between)) >= 3, seen[:20]
    assert drawn_states(page, here)["lachin_corridor"] == "blockaded"
    assert outside_requests == []


def test_buttons_read_once_and_the_picker_shows_titles(page: Page, real_app_url: str, outside_requests):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{real_app_url}/?view=present&lesson={DEFAULT_LESSON_ID}&step=2")
    expect(page.get_by_test_id("stProgress")).to_contain_text("Step 2 of", timeout=60000)
    assert page.locator(".st-key-present_prev button").inner_text().strip() == "← Previous"
    assert page.locator(".st-key-present_next button").inner_text().strip() == "Next →"
    expect(page.locator(".st-key-present_choose").get_by_role("combobox")).to_have_value(
        "From the 2020 war to the Trump Route")
    # F asks the browser for full screen (headless Chromium grants it)
    _settle(page)
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement !== null", timeout=5000)
    _settle(page)
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === null", timeout=5000)
    assert outside_requests == []


#: The highlighted features of the map's step whose box reaches under the date bar (or the credits line above
#: it) or past the map's edges: [id, [left, top, right, bottom] in map pixels, the height left free].
SUBJECT_HIDDEN = """() => {
  const a = window.atlasMap, m = a.map, c = m.getContainer(), size = m.getSize();
  const bar = c.querySelector('.atlas-time'), credits = c.querySelector('.leaflet-control-attribution');
  const free = size.y - (bar ? bar.offsetHeight : 0) - (credits ? credits.offsetHeight : 0);
  return Object.keys(a.highlighted).filter((id) => a.byId[id] && a.byId[id].shown).map((id) => {
    const b = a.byId[id].layers[0].getBounds(), p = m.latLngToContainerPoint(b.getNorthWest()),
          q = m.latLngToContainerPoint(b.getSouthEast());
    return [id, [p.x, p.y, q.x, q.y].map(Math.round), Math.round(free)];
  }).filter(([id, r, f]) => r[0] < -1 || r[1] < -1 || r[2] > size.x + 1 || r[3] > f + 1);
}"""


def _subject_hidden(page: Page) -> list:
    frame = next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())
    return frame.evaluate(SUBJECT_HIDDEN)


#: Shown labels that lie under one of the map's controls (zoom buttons, scale, legend, credits).
LABELS_UNDER_CONTROLS = """() => {
  const c = window.atlasMap.map.getContainer(), out = [];
  const controls = Array.from(c.querySelectorAll('.leaflet-control')).map((e) => e.getBoundingClientRect());
  document.querySelectorAll('.atlas-label').forEach((e) => {
    const r = e.getBoundingClientRect();
    if (e.style.visibility === 'hidden' || !r.width) { return; }
    if (controls.some((k) => !(r.right < k.left || r.left > k.right || r.bottom < k.top || r.top > k.bottom))) {
      out.push(e.textContent);
    }
  });
  return out;
}"""


def _labels_under_controls(page: Page) -> list:
    frame = next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())
    frame.wait_for_timeout(300)                    # labels are placed on the next frame after a change
    return frame.evaluate(LABELS_UNDER_CONTROLS)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_slide_fits_the_projector(page: Page, real_app_url: str, outside_requests, lesson_steps, size):
    """Title, map and quote of every step inside the viewport, no scrolling, type readable from the back; the
    step's subject framed where the class sees it, not under the map's date bar."""
    _, steps, _ = lesson_steps
    w, h = size
    page.set_viewport_size({"width": w, "height": h})
    page.goto(f"{real_app_url}/?view=present&lesson={DEFAULT_LESSON_ID}&step=1")
    for step in steps:
        n = step["n"]
        expect(page.get_by_test_id("stProgress")).to_contain_text(f"Step {n} of ", timeout=60000)
        expect(page.locator(".present-title")).to_have_text(step["title"])
        drawn_states(page, str(date_bounds(step["date"])[0]))       # this step's map, drawn
        page.wait_for_function("() => document.querySelectorAll('.present-quote').length > 0")
        expect(page.locator(".present-quote").first).to_be_visible()    # not the last step's, being replaced
        boxes = {sel: page.locator(sel).first.bounding_box() for sel in (".present-title", IFRAME, ".present-quote")}
        # and what the teacher reaches for: the replay and the take-home files (they were below the screen)
        boxes.update({name: page.get_by_role("button", name=re.compile(name)).bounding_box()
                      for name in ("^▶ Play from the previous step", "^Take it home")})
        for sel, bb in boxes.items():
            assert bb and bb["y"] >= 0 and bb["y"] + bb["height"] <= h and bb["x"] + bb["width"] <= w, (n, sel, bb)
        assert page.evaluate("() => window.scrollY") == 0
        # the slide is the screen: nothing to scroll to (the downloads had been below it), and the map
        # takes the height the window leaves (at 1920x1080 it had stopped 400 px above the bottom)
        main = page.evaluate("() => { const m = document.querySelector('[data-testid=stMain]');"
                             " return [m.scrollHeight, m.clientHeight]; }")
        assert main[0] <= main[1] + 2, (n, main)
        assert boxes[IFRAME]["y"] + boxes[IFRAME]["height"] >= h - 30, (n, boxes[IFRAME])
        hidden = _subject_hidden(page)
        assert hidden == [], (n, "the step's subject is drawn under the date bar or off the map", hidden)
        assert _labels_under_controls(page) == [], (n, "labels under the zoom buttons, scale, legend or credits")
        px = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.present-title')).fontSize)")
        qpx = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.present-quote')).fontSize)")
        assert px >= 32 and qpx >= 20, (n, px, qpx)
        # the map's date bar shows the date and Play, not the range, the pace or a line of changes that read
        # like a log on the wall; on the projector the map's names are a size larger than on a laptop
        frame = next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())
        bar = frame.evaluate("""() => { const b = document.querySelector('.atlas-time'), vis = (e) => e &&
            getComputedStyle(e).display !== 'none'; const l = document.querySelector('.atlas-label.place');
            return {rows: [...b.querySelectorAll('.row')].filter(vis).length, said: vis(b.querySelector('.said')),
                    label: l ? parseFloat(getComputedStyle(l).fontSize) : null}; }""")
        assert bar["rows"] == 1 and not bar["said"], (n, bar)
        assert bar["label"] is None or bar["label"] >= (14 if w >= 1900 else 12), (n, bar)
        if n < len(steps):
            _settle(page)
            page.keyboard.press("ArrowRight")
    assert outside_requests == []


def test_a_step_url_opens_that_step(page: Page, real_app_url: str, outside_requests, lesson_steps):
    _, steps, _ = lesson_steps
    page.set_viewport_size({"width": 1400, "height": 950})
    page.goto(f"{real_app_url}/?view=present&lesson={DEFAULT_LESSON_ID}&step=3")
    expect(page.get_by_test_id("stProgress")).to_contain_text(f"Step 3 of {len(steps)}", timeout=90000)
    states = drawn_states(page, str(date_bounds(steps[2]["date"])[0]))
    assert states["zangezur_corridor"] == "proposed"              # point 9: the road promised, not built
    quote = page.locator(".present-quote blockquote").first
    expect(quote).to_be_visible()
    lang = quote.get_attribute("lang")
    assert quote.get_attribute("dir") == ("rtl" if lang in ("ar", "fa") else "ltr")
    # the shared "As of" follows the step (URL; the sidebar, collapsed for the projector, when opened)
    day = date_bounds(steps[2]["date"])[0]
    page.wait_for_function("(d) => new URLSearchParams(location.search).get('as_of') === d", arg=day.isoformat(),
                           timeout=20000)
    expect(page.get_by_test_id("stSidebar")).not_to_be_in_viewport()
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stSliderThumbValue")).to_have_text(legend_date(day))
    assert outside_requests == []


def test_take_home_lesson_downloads_and_steps_offline(page: Page, real_app_url: str, outside_requests,
                                                      tmp_path, browser):
    page.set_viewport_size({"width": 1400, "height": 950})
    page.goto(f"{real_app_url}/?view=present&lesson={DEFAULT_LESSON_ID}&step=1")
    page.get_by_role("button", name="Take it home").click()
    button = page.get_by_role("button", name="Download the lesson (HTML, works offline)")
    expect(button).to_be_visible(timeout=30000)
    with page.expect_download() as info:
        button.click()
    path = tmp_path / "lesson.html"
    info.value.save_as(path)
    if not page.get_by_role("button", name="Download the printable handout (HTML)").is_visible():
        page.get_by_role("button", name="Take it home").click()             # the box closed on the download
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the printable handout (HTML)").click()
    handout = tmp_path / "handout.html"
    info.value.save_as(handout)
    total = len(load_lesson(LESSONS_DIR / f"{DEFAULT_LESSON_ID}.json").steps)
    assert f"Step {total} of {total}" in handout.read_text(encoding="utf-8")
    # open the downloaded lesson from disk with every request blocked
    ctx = browser.new_context()
    blocked: list[str] = []
    ctx.route(re.compile(r"^(?!file:|data:|about:).*"), lambda r: (blocked.append(r.request.url), r.abort()))
    offline = ctx.new_page()
    offline.goto(path.as_uri())
    offline.wait_for_function("() => window.lessonReady === true")
    expect(offline.locator("#counter")).to_have_text(f"Step 1 of {total}")
    offline.keyboard.press("ArrowRight")
    expect(offline.locator("#counter")).to_have_text(f"Step 2 of {total}")
    offline.keyboard.press("f")                      # full screen for the projector, as in Present
    offline.wait_for_function("() => document.fullscreenElement !== null", timeout=5000)
    offline.keyboard.press("f")
    offline.wait_for_function("() => document.fullscreenElement === null", timeout=5000)
    ctx.close()
    assert blocked == []
    assert outside_requests == []


def test_timeline_event_shows_the_map_on_its_date(page: Page, real_app_url: str, outside_requests):
    page.set_viewport_size({"width": 1400, "height": 950})
    page.goto(f"{real_app_url}/?view=timeline")
    box = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Event")
    expect(box).to_be_visible(timeout=30000)
    box.click()
    page.keyboard.type("12 December 2022")            # as the Lessons picker writes dates
    page.get_by_role("option", name=re.compile(r"^12 December 2022 · .*Lachin corridor")).first.click()
    expect(box.get_by_role("combobox")).to_have_value(re.compile(r"^12 December 2022 · .*Lachin corridor"))
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text="12 December 2022 · ")).to_be_visible()
    page.get_by_role("button", name="Show on map").click()
    states = drawn_states(page, "2022-12-12")
    assert states["lachin_corridor"] == "blockaded"
    expect(page).to_have_url(re.compile(r"selected=lachin_corridor"))    # the run's end writes the URL
    params = parse_qs(urlsplit(page.url).query)
    assert params.get("as_of") == ["2022-12-12"] and params.get("selected") == ["lachin_corridor"], page.url
    assert params.get("view") == ["timeline"]
    # the map view keeps the event's date and feature
    page.get_by_test_id("stButtonGroup").get_by_text("Map", exact=True).click()
    expect(page.locator(".atlas-card .atlas-card-state")).to_contain_text("On 12 Dec 2022: Blockaded",
                                                                          timeout=15000)
    assert outside_requests == []


_RIGHTMOST_POINT = """(fill) => {
  const rs = [...document.querySelectorAll('[data-testid=stVegaLiteChart] .mark-symbol path')]
    .filter(p => (p.getAttribute('fill') || '').toLowerCase() === fill)
    .map(p => p.getBoundingClientRect()).filter(r => r.width > 0).sort((a, b) => b.right - a.right);
  return rs.length ? [rs[0].left + rs[0].width / 2, rs[0].top + rs[0].height / 2] : null; }"""


def _day_of(label: str) -> dt.date:
    """The day of an event as the Timeline's picker names it ("12 December 2022 · Lachin corridor: …")."""
    return dt.datetime.strptime(label.split(" · ")[0], "%d %B %Y").date()


def test_clicking_a_timeline_point_moves_the_map_to_its_date(page: Page, real_app_url: str, outside_requests):
    """A click on a point of the chart (the latest blockade event) picks that event and draws the map
    on its date with its feature selected."""
    from app.ui.timeline import _COLORS
    gdf = load_layers(REAL_GEODATA)
    page.set_viewport_size({"width": 1400, "height": 950})
    page.goto(f"{real_app_url}/?view=timeline")
    expect(page.get_by_test_id("stVegaLiteChart")).to_be_visible(timeout=30000)
    # the first run is over: the map under it is drawn, on the date of the event the list opens on
    box = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Event")
    expect(box.get_by_role("combobox")).to_have_value(re.compile(r"^\d{1,2} [A-Z][a-z]+ 20\d\d · "), timeout=30000)
    drawn_states(page, str(_day_of(box.get_by_role("combobox").input_value())), timeout=30)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=20000)
    xy = None
    for _ in range(100):
        xy = page.evaluate(_RIGHTMOST_POINT, _COLORS[0])          # Blockade
        if xy:
            break
        page.wait_for_timeout(100)
    assert xy, "no blockade point on the chart"
    page.mouse.click(*xy)
    expect(box.get_by_role("combobox")).to_have_value(re.compile(r"^\d{1,2} [A-Z][a-z]+ 20\d\d · Lachin corridor"),
                                                      timeout=20000)
    day = _day_of(box.get_by_role("combobox").input_value())
    states = drawn_states(page, str(day))
    truth = layers_on(gdf, day).set_index("id")
    assert states["lachin_corridor"] == truth.at["lachin_corridor", "status"]
    expect(page).to_have_url(re.compile(r"selected=lachin_corridor"))    # the run's end writes the URL
    params = parse_qs(urlsplit(page.url).query)
    assert params.get("as_of") == [day.isoformat()] and params.get("selected") == ["lachin_corridor"], page.url
    assert outside_requests == []


def test_a_step_in_present_and_in_the_lesson_file_draws_the_same_features_in_the_same_states(
        page: Page, real_app_url: str, outside_requests, shipped_lesson, tmp_path, browser):
    """One renderer everywhere: the blockade step drawn in the app's Present view and in the exported
    lesson file shows the same features, each in the same state (ghosted ones included)."""
    from app.classroom.lesson_html import render_lesson_html

    lesson, steps, events, gdf = shipped_lesson
    k = next(s["n"] for s in steps if s["date"] == "2022-12-12")          # the blockade
    page.set_viewport_size({"width": 1400, "height": 950})
    page.goto(f"{real_app_url}/?view=present&lesson={DEFAULT_LESSON_ID}&step={k}")
    expect(page.get_by_test_id("stProgress")).to_contain_text(f"Step {k} of {len(steps)}", timeout=90000)
    in_app = drawn_keys(page, str(date_bounds(steps[k - 1]["date"])[0]))
    path = tmp_path / "lesson.html"
    path.write_text(render_lesson_html(lesson, events, gdf), encoding="utf-8")
    ctx = browser.new_context()
    blocked: list[str] = []
    ctx.route(re.compile(r"^(?!file:|data:|about:).*"), lambda r: (blocked.append(r.request.url), r.abort()))
    offline = ctx.new_page()
    offline.goto(path.as_uri() + f"#step-{k}")
    offline.wait_for_function("() => window.lessonReady === true")
    in_file = offline.evaluate("() => window.atlasMap.states()")
    # and what the SVG shows agrees with the renderer's account
    shown = offline.evaluate("""() => { const out = {};
        document.querySelectorAll('path[data-fid]:not(.atlas-hit)').forEach(p => {
          if (p.style.display !== 'none') out[p.dataset.fid] = p.dataset.state; }); return out; }""")
    ctx.close()
    assert in_app == in_file
    assert shown == in_file
    assert in_file["lachin_corridor"] == "blockaded" and len(in_file) > 20
    assert blocked == [] and outside_requests == []


def test_step_keys_work_with_the_map_focused(page: Page, real_app_url: str, outside_requests, lesson_steps):
    """A teacher who clicked or zoomed the map can still step with → and ← (they went to the map, which
    panned, until a click outside it)."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{real_app_url}/?view=present&lesson={DEFAULT_LESSON_ID}&step=1")
    expect(page.get_by_test_id("stProgress")).to_contain_text("Step 1 of ", timeout=60000)
    _, steps, _ = lesson_steps
    drawn_states(page, str(date_bounds(steps[0]["date"])[0]))
    page.frame_locator(IFRAME).locator("#map_div").click(position={"x": 200, "y": 120})
    assert page.frame_locator(IFRAME).locator("#map_div").evaluate("e => e.contains(document.activeElement)")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("stProgress")).to_contain_text("Step 2 of ", timeout=20000)
    drawn_states(page, str(date_bounds(steps[1]["date"])[0]))
    page.frame_locator(IFRAME).locator("#map_div").click(position={"x": 200, "y": 120})
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_test_id("stProgress")).to_contain_text("Step 1 of ", timeout=20000)
    assert outside_requests == []


def test_present_it_from_the_lessons_view_opens_full_width(page: Page, real_app_url: str, outside_requests):
    """'Present it' in the builder opened Present with the sidebar still out, squeezing the title and the map
    at 1280×720; it now folds the sidebar away, as a link to Present does."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{real_app_url}/?view=lessons")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_be_visible(timeout=30000)
    box = page.get_by_test_id("stSelectbox").filter(has_text="Open a lesson")
    box.click()
    page.get_by_role("option", name=re.compile("From the 2020 war")).click()
    present = page.get_by_role("button", name="Present it")
    expect(present).to_be_visible(timeout=30000)
    assert sidebar.bounding_box()["width"] > 200
    present.click()
    expect(page.get_by_text("Step 1 of 11")).to_be_visible(timeout=30000)
    page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 0",
                           timeout=10000)
    expect(page.locator(IFRAME)).to_be_visible(timeout=30000)
    assert page.locator(IFRAME).bounding_box()["x"] < 150        # the map starts at the page's left margin
    # the views' bar takes a click (it lies under Streamlit's header, which had taken every click there)
    page.get_by_test_id("stMain").get_by_role("radio", name="Lessons").or_(
        page.get_by_test_id("stMain").get_by_role("button", name="Lessons", exact=True)).first.click()
    expect(page.get_by_role("button", name="Present it")).to_be_visible(timeout=30000)


#: The centre of the highlighted features' box as a share of the map's width and height (0.5 = middle), and its
#: width as a share of the map's: [x, y, width].
SUBJECT_CENTRE = """() => {
  const a = window.atlasMap, m = a.map, size = m.getSize();
  const ids = Object.keys(a.highlighted).filter((id) => a.byId[id] && a.byId[id].shown);
  if (!ids.length) { return null; }
  let b = null;
  ids.forEach((id) => { const g = a.byId[id].layers[0].getBounds(); b = b ? b.extend(g) : L.latLngBounds(g.getSouthWest(), g.getNorthEast()); });
  const p = m.latLngToContainerPoint(b.getNorthWest()), q = m.latLngToContainerPoint(b.getSouthEast());
  return [(p.x + q.x) / 2 / size.x, (p.y + q.y) / 2 / size.y, (q.x - p.x) / size.x];
}"""


def test_a_step_stays_framed_when_the_window_grows_to_a_projector(page: Page, real_app_url: str, outside_requests,
                                                                 lesson_steps):
    """A teacher opened Present on a laptop and moved the window to a 1920x1080 projector: the map grew, the
    step's subject stayed in its corner and Lake Urmia filled the rest. The step is framed again on a resize."""
    _, steps, _ = lesson_steps
    n = next(s["n"] for s in steps if s["highlight"] and (s["step"].view or {}).get("bounds"))
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{real_app_url}/?view=present&lesson={DEFAULT_LESSON_ID}&step={n}")
    expect(page.get_by_test_id("stProgress")).to_contain_text(f"Step {n} of ", timeout=60000)
    drawn_states(page, str(date_bounds(steps[n - 1]["date"])[0]))
    frame = next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())
    frame.wait_for_function(f"() => {{ const c = ({SUBJECT_CENTRE})(); return c !== null; }}", timeout=20000)
    page.wait_for_timeout(500)
    small = frame.evaluate(SUBJECT_CENTRE)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(1500)
    big = frame.evaluate(SUBJECT_CENTRE)
    # framed again: the subject keeps its place and its share of the map (it had stayed at its old scale)
    assert abs(big[0] - small[0]) < 0.1 and abs(big[1] - small[1]) < 0.1, (small, big)
    assert big[2] >= small[2] * 0.85, (small, big)
    assert outside_requests == []
