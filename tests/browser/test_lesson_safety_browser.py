"""Lessons in Debian's Chromium with hostile and awkward lesson files: Markdown in titles and notes stays
text (no outside image fetched, no outside link), the lesson builder takes a lesson whose steps share an
event, and a broken file or an unknown ``?lesson=`` is a message, never a traceback."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from playwright.sync_api import Page, expect

from app.classroom.lessons import DEFAULT_LESSON_ID, LESSONS_DIR
from tests.conftest import REAL_GEODATA, _serve

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

HOSTILE = {
    "id": "hostile", "title": "Hostile ![x](http://203.0.113.7/p.png)",
    "steps": [
        {"event_id": "2022-12-12-blockade-lachin-corridor",
         "title": "Look ![x](http://203.0.113.7/p.png) [link](https://example.org/login)",
         "note": "<b>bold?</b>\n\n![x](http://203.0.113.7/p.png)\n\n[link](https://example.org/login)",
         "question": "[link](https://example.org/login)?",
         "quotes": [{"doc": "x.txt", "lang": "en", "text": "![x](http://203.0.113.7/q.png)",
                     "source": "[link](https://example.org/login)", "date": "2020"}]},
        {"event_id": None, "title": "A slide without an event", "date": "2021"},
        {"event_id": "2099-01-01-war-gone", "title": "A step whose event is gone", "note": "still here"},
    ],
}


@pytest.fixture(scope="module")
def lessons_app_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lessons")
    shutil.copy(LESSONS_DIR / f"{DEFAULT_LESSON_ID}.json", folder)
    (folder / "hostile.json").write_text(json.dumps(HOSTILE), encoding="utf-8")
    (folder / "broken.json").write_text('{"title": "Broken", "steps": [{"event_id": {"a": 1}}]}', encoding="utf-8")
    old = os.environ.get("ATLAS_LESSONS")
    os.environ["ATLAS_LESSONS"] = str(folder)
    try:
        yield from _serve(REAL_GEODATA, tmp_path_factory.mktemp("streamlit_lessons"))
    finally:
        if old is None:
            os.environ.pop("ATLAS_LESSONS", None)
        else:
            os.environ["ATLAS_LESSONS"] = old


def _no_outside_links(page: Page) -> None:
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert not [h for h in hrefs if "example.org" in h or "203.0.113.7" in h], hrefs
    srcs = page.evaluate("() => [...document.querySelectorAll('img[src]')].map(i => i.src)")
    assert not [s for s in srcs if "203.0.113.7" in s], srcs


def test_markdown_in_a_lesson_stays_text_and_fetches_nothing(page: Page, lessons_app_url: str, outside_requests):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{lessons_app_url}/?view=present&lesson=hostile&step=1")
    expect(page.locator(".present-title")).to_have_text(HOSTILE["steps"][0]["title"], timeout=90000)
    page.locator(IFRAME).wait_for(timeout=90000)
    page.get_by_role("button", name="Teacher's notes").click()           # the notes too
    expect(page.locator(".present-note").first).to_contain_text("![x](http://203.0.113.7/p.png)", timeout=20000)
    expect(page.locator(".present-note").first).to_contain_text("<b>bold?</b>")
    expect(page.locator(".present-question")).to_contain_text("[link](https://example.org/login)?")
    _no_outside_links(page)
    # the free slide and the step whose event is gone open with a note, no error
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".present-title")).to_have_text("A slide without an event", timeout=20000)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".present-warn")).to_contain_text("2099-01-01-war-gone", timeout=20000)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    # the Lessons view shows the same texts in its boxes, as text
    page.goto(f"{lessons_app_url}/?view=lessons")
    box = page.get_by_test_id("stSelectbox").filter(has_text="Open a lesson")
    expect(box).to_be_visible(timeout=90000)
    box.click()
    page.get_by_role("option", name="Hostile ![x](http://203.0.113.7/p.png)").click()
    expect(page.get_by_label("Step title").first).to_have_value(HOSTILE["steps"][0]["title"], timeout=20000)
    _no_outside_links(page)
    assert outside_requests == []


def test_a_lesson_with_one_event_in_two_steps_opens_in_the_builder(page: Page, lessons_app_url: str,
                                                                    outside_requests):
    page.set_viewport_size({"width": 1400, "height": 950})
    page.goto(f"{lessons_app_url}/?view=lessons")
    box = page.get_by_test_id("stSelectbox").filter(has_text="Open a lesson")
    expect(box).to_be_visible(timeout=90000)
    box.click()
    page.get_by_role("option", name="From the 2020 war to the Trump Route").click()
    titles = page.get_by_label("Step title")
    expect(titles.first).to_have_value("10 November 2020: the 44-day war ends", timeout=20000)
    expect(titles.nth(1)).to_have_value("Russian peacekeepers guard the Lachin road")
    expect(titles).to_have_count(len(json.loads((LESSONS_DIR / f"{DEFAULT_LESSON_ID}.json").read_text())["steps"]))
    expect(page.get_by_test_id("stException")).to_have_count(0)
    # move step 1 down: the boxes follow their steps
    page.locator(".st-key-lsn_step_1").get_by_role("button", name="↓").click()
    expect(titles.first).to_have_value("Russian peacekeepers guard the Lachin road", timeout=20000)
    expect(titles.nth(1)).to_have_value("10 November 2020: the 44-day war ends")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert outside_requests == []


def test_broken_and_unknown_lessons_are_messages(page: Page, lessons_app_url: str, outside_requests):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{lessons_app_url}/?view=present&lesson=no-such-lesson")
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("no-such-lesson", timeout=90000)
    expect(page.get_by_test_id("stProgress")).to_have_count(0)
    page.goto(f"{lessons_app_url}/?view=present&lesson=broken")
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("broken.json: step 1: 'event_id'",
                                                                      timeout=90000)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert outside_requests == []
