"""The exported lesson HTML opened from disk (file://) in Debian's Chromium with ALL network blocked.

Steps through with the keyboard and checks the step counter, the features the map draws (and their
status on the step's date), the URL hash, and that a hostile quote stays text.
"""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from app.classroom.events import build_events
from app.classroom.lesson_html import render_lesson_html
from app.classroom.lessons import Lesson, Step, make_default_lesson
from tests.test_events import FIX, fixture_rows

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
HOSTILE = "</script><script>window.pwned=1</script><!-- <img src=x onerror=window.pwned=2>"


@pytest.fixture(scope="module")
def chromium(playwright):
    """Debian's Chromium; a missing browser fails under CI=true instead of skipping."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{CHROMIUM} is missing (run scripts/setup.sh --test)", pytrace=False)
        pytest.skip(f"{CHROMIUM} is missing")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def lesson_file(tmp_path_factory):
    rows, meta = fixture_rows()
    layers = json.loads((FIX / "events_layers.json").read_text(encoding="utf-8"))
    events = build_events(rows, layers, meta)
    lesson, _ = make_default_lesson(events)
    # make the blockade step's quotes hostile (whichever the step shows first: the class's language's)
    events = copy.deepcopy(events)
    for e in events:
        if e["date"] == "2022-12-12":
            for sup in e["support"]:
                sup["quote"] = HOSTILE + " " + sup["quote"]
    path = tmp_path_factory.mktemp("lesson") / "lesson.html"
    path.write_text(render_lesson_html(lesson, events, layers), encoding="utf-8")
    return path, lesson


@pytest.fixture
def page(chromium):
    ctx = chromium.new_context()
    outside: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    pg = ctx.new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("request", lambda r: None if r.url.startswith("file://") else outside.append(r.url))
    pg.outside, pg.errors = outside, errors
    yield pg
    ctx.close()


def _drawn(page) -> set[str]:
    """The features the map draws now (the renderer's own account, checked against the SVG below)."""
    return set(page.evaluate("Object.keys(window.atlasMap.states())"))


def _step_n(page) -> int:
    return int(page.locator("#map").get_attribute("data-step"))


def test_step_through_with_keyboard(page, lesson_file):
    path, lesson = lesson_file
    total = len(lesson.steps)
    page.goto(path.as_uri())
    page.wait_for_function("window.lessonReady === true")
    counter = page.locator("#counter")
    assert counter.inner_text() == f"Step 1 of {total}"
    # step 1: 2020-11-10, the corridor is open under peacekeepers; features really drawn as SVG paths
    assert {"lachin_corridor", "nagorno_karabakh", "russian_peacekeeping_hq"} <= _drawn(page)
    assert page.locator("path[data-fid=lachin_corridor][data-state^=open]:not(.atlas-hit)").count() == 1
    assert page.locator("path[data-fid=baku_tbilisi_ceyhan_pipeline]:not([data-state='']):not(.atlas-hit)").count() == 1
    assert page.locator("path[data-fid=moscow]:not([data-state='']):not(.atlas-hit)").count() == 0  # off-map places are not drawn
    assert page.locator(".step:not([hidden])").count() == 1

    ids = [s.event_id for s in lesson.steps]
    blockade = next(i for i, e in enumerate(ids) if "blockade" in e) + 1
    for n in range(2, blockade + 1):
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"location.hash === '#step-{n}'")
        assert counter.inner_text() == f"Step {n} of {total}"
    assert _step_n(page) == blockade
    assert page.locator("path[data-fid=lachin_corridor][data-state^=blockaded]:not(.atlas-hit).atlas-selected").count() == 1
    assert page.locator("path[data-fid=lachin_corridor][data-state^=open]:not(.atlas-hit)").count() == 0
    # the hostile quote is shown as text and did not run
    visible = page.locator(".step:not([hidden])")
    assert "</script><script>window.pwned=1</script>" in visible.inner_text()
    assert page.evaluate("window.pwned === undefined")
    assert visible.locator("blockquote[dir=rtl][lang=fa]").count() == 1 or visible.locator("blockquote").count() >= 1

    # last step: after the withdrawal the HQ is ghosted and the corridor is no longer drawn
    page.keyboard.press("End")
    page.wait_for_function(f"location.hash === '#step-{total}'")
    assert counter.inner_text() == f"Step {total} of {total}"
    assert page.locator("path[data-fid=russian_peacekeeping_hq][data-state^=withdrawn]:not(.atlas-hit)").count() == 1
    assert "lachin_corridor" not in _drawn(page)
    assert page.locator("#next").is_disabled()

    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"location.hash === '#step-{total - 1}'")
    assert counter.inner_text() == f"Step {total - 1} of {total}"
    page.locator("#prev").click()
    page.wait_for_function(f"location.hash === '#step-{total - 2}'")
    assert _step_n(page) == total - 2
    assert page.outside == [] and page.errors == []


def test_hash_opens_a_step_and_arabic_quote_is_rtl(page, lesson_file):
    path, lesson = lesson_file
    page.goto(path.as_uri() + "#step-3")
    page.wait_for_function("window.lessonReady === true")
    assert page.locator("#counter").inner_text() == f"Step 3 of {len(lesson.steps)}"
    assert _step_n(page) == 3
    page.evaluate("location.hash = '#step-1'")
    page.wait_for_function("document.querySelector('#map').dataset.step === '1'")
    q = page.locator(".step:not([hidden]) blockquote")
    assert q.first.get_attribute("dir") == "rtl" and q.first.get_attribute("lang") == "ar"
    assert page.outside == [] and page.errors == []


def test_lesson_with_missing_event_still_opens(page, tmp_path):
    layers = json.loads((FIX / "events_layers.json").read_text(encoding="utf-8"))
    rows, meta = fixture_rows()
    events = build_events(rows, layers, meta)
    lesson = Lesson(id="x", title="Gone", steps=[Step(event_id="no-such-event", title="Lost", date="2021-05"),
                                                  Step(event_id=events[-1]["id"])])
    path = tmp_path / "gone.html"
    path.write_text(render_lesson_html(lesson, events, layers), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("window.lessonReady === true")
    assert "no-such-event" in page.locator("#panel").inner_text()
    assert "lachin_corridor" in _drawn(page)  # the map still shows 2021-05
    assert page.outside == [] and page.errors == []


def test_shipped_lesson_on_real_data(page, tmp_path):
    from app.classroom.lessons import DEFAULT_LESSON_ID, LESSONS_DIR, load_lesson
    from tests.test_events import _real_events
    from app.atlas.layers import load_layers

    events = _real_events()
    lesson = load_lesson(LESSONS_DIR / f"{DEFAULT_LESSON_ID}.json")
    path = tmp_path / "shipped.html"
    path.write_text(render_lesson_html(lesson, events, load_layers()), encoding="utf-8")
    # one file a teacher can mail: every drawn feature with its periods, the events and Leaflet inlined.
    # 597 KB before Dec 2026; 603 KB with the traced pipelines' old Baku-Novorossiysk route, dated reservoirs
    # and town names and the renderer's new code; 647 KB with nine more towns (Kars, Tabriz, Ganja …), the
    # divided Lachin strip and the renamed oblast's periods; a bound that catches a blow-up, not a few KB of data
    assert path.stat().st_size < 680_000
    total = len(lesson.steps)
    blockade = next(i for i, s in enumerate(lesson.steps, 1) if "-blockade-" in s.event_id)
    page.goto(path.as_uri() + f"#step-{blockade}")
    page.wait_for_function("window.lessonReady === true")
    assert page.locator("#counter").inner_text() == f"Step {blockade} of {total}"
    assert page.locator("path[data-fid=lachin_corridor][data-state^=blockaded]:not(.atlas-hit).atlas-selected").count() >= 1
    assert page.locator("path[data-fid=armenia]:not([data-state='']):not(.atlas-hit)").count() >= 1 and page.locator("path[data-fid=azerbaijan]:not([data-state='']):not(.atlas-hit)").count() >= 1
    page.keyboard.press("Home")
    page.wait_for_function("location.hash === '#step-1'")
    assert page.locator("path[data-fid=lachin_corridor][data-state^=open]:not(.atlas-hit)").count() >= 1
    assert page.locator(".step:not([hidden]) blockquote[lang=ar][dir=rtl]").count() >= 1
    page.keyboard.press("End")
    page.wait_for_function(f"location.hash === '#step-{total}'")
    assert page.locator("path[data-fid=zangezur_corridor][data-state^=agreed]:not(.atlas-hit).atlas-selected").count() >= 1
    assert page.outside == [] and page.errors == []


def test_the_file_shows_each_steps_own_text_layers_view_and_hidden_notes(page, tmp_path):
    """The same lesson as Present: the step's title, quote in its script with "our translation", question;
    the note hidden until N or the button; the step's layers and view honoured."""
    layers = json.loads((FIX / "events_layers.json").read_text(encoding="utf-8"))
    rows, meta = fixture_rows()
    events = build_events(rows, layers, meta)
    quote = {"doc": "d.txt", "lang": "ar", "text": "انتهت الحرب " + HOSTILE, "translation": "The war ended.",
             "translation_by": "our translation", "source": "An Arabic commentary", "date": "2020"}
    lesson = Lesson(id="own", title="Own", steps=[
        Step(event_id=events[-1]["id"], title="Our own title", date="2021-05", quotes=[quote],
             question="Who was missing?", note="Ask about the day before.", shows="The corridor, framed.",
             layers=["corridors"], view={"bounds": [[39.5, 46.0], [39.9, 46.6]]}),
        Step(title="A free slide", date="2021-05", question="What next?")])
    path = tmp_path / "own.html"
    path.write_text(render_lesson_html(lesson, events, layers), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("window.lessonReady === true")
    step = page.locator(".step:not([hidden])")
    assert step.locator("h2").inner_text() == "Our own title"
    assert step.locator("blockquote[lang=ar][dir=rtl]").inner_text().startswith("انتهت الحرب </script>")
    assert "Our translation: The war ended." in step.inner_text()
    assert events[-1]["title"] not in step.inner_text()
    assert "Who was missing?" in step.inner_text()
    assert not step.locator(".teacher").is_visible()
    assert "Ask about the day before." not in step.inner_text()
    # only the step's layer is drawn, and the map looks where the step says
    drawn = page.evaluate("Object.values(window.atlasMap.states()).length") and _drawn(page)
    layer_of = {f["properties"]["id"]: f["properties"].get("layer") for f in layers["features"]}
    assert drawn and {layer_of[f] for f in drawn} == {"corridors"}
    b = page.evaluate("(() => { const b = window.atlasMap.map.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")
    assert b[0] < 39.55 and b[2] > 39.85 and b[2] - b[0] < 2.5
    page.keyboard.press("n")
    assert step.locator(".teacher").is_visible()
    assert "Ask about the day before." in step.inner_text() and "The corridor, framed." in step.inner_text()
    assert page.locator("#notes").get_attribute("aria-pressed") == "true"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash === '#step-2'")
    free = page.locator(".step:not([hidden])")
    assert free.locator(".teacher").is_visible()       # notes stay shown once asked
    assert "borders" in {layer_of[f] for f in _drawn(page)}  # a step naming no layers draws them all
    page.locator("#notes").click()
    assert not free.locator(".teacher").is_visible()
    assert page.evaluate("window.pwned === undefined")
    assert page.outside == [] and page.errors == []


def test_two_quotes_sit_behind_tabs_and_the_question_stays_on_a_small_screen(page, tmp_path):
    """At 1280×720 the second quote and the question had fallen below the panel's fold: a step's quotes after
    the first now wait behind tabs ("Quote 2: Persian"), as in Present, and a click shows that one alone."""
    layers = json.loads((FIX / "events_layers.json").read_text(encoding="utf-8"))
    rows, meta = fixture_rows()
    events = build_events(rows, layers, meta)
    long_ar = "مع توسيع الوجود العسكري الروسي في منطقة القوقاز وإنشاء قاعدة عسكرية جديدة " * 3
    quotes = [{"doc": "a.txt", "lang": "ar", "text": long_ar, "translation": "The first.", "source": "One", "date": "2020"},
              {"doc": "b.txt", "lang": "fa", "text": "نیروهای حافظ صلح روسیه " * 8, "translation": "The second.",
               "source": "Two", "date": "2021"}]
    lesson = Lesson(id="two", title="Two", steps=[Step(event_id=events[-1]["id"], title="Two quotes", date="2021-01",
                                                       quotes=quotes, question="Why do they differ?")])
    path = tmp_path / "two.html"
    path.write_text(render_lesson_html(lesson, events, layers), encoding="utf-8")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(path.as_uri())
    page.wait_for_function("window.lessonReady === true")
    step = page.locator(".step:not([hidden])")
    figures = step.locator("figure.quote")
    assert figures.count() == 2 and figures.nth(0).is_visible() and not figures.nth(1).is_visible()
    question = step.locator(".question")
    assert question.bounding_box()["y"] + question.bounding_box()["height"] <= 720
    step.get_by_role("tab", name="Quote 2: Persian").click()
    assert figures.nth(1).is_visible() and not figures.nth(0).is_visible()
    assert "The second." in step.inner_text() and "The first." not in step.inner_text()
    assert step.get_by_role("tab", name="Quote 2: Persian").get_attribute("aria-selected") == "true"
    assert page.outside == [] and page.errors == []
