"""One visitor's hostile upload cannot take the server from the others (Debian's Chromium, a real server).

While a 1 MiB upload of ``10.11.2020 `` repeated is being annotated in one browser session (in a worker
process under a budget, app/reading/budget.py), a second session opens the map within 2 s of the time
it takes when the server is idle. No request leaves 127.0.0.1 in either session.
"""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import guard_page, require_chromium

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
HOSTILE = ("10.11.2020 " * 95_325)[: 1024 * 1024]


@pytest.fixture(autouse=True)
def _chromium_present():
    require_chromium()


def load_map_seconds(browser: Browser, url: str) -> float:
    """Seconds from opening ``url`` in a new session until the map's features are drawn."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    problems = guard_page(page)
    try:
        t0 = time.monotonic()
        page.goto(url)
        expect(page.frame_locator(IFRAME).locator("path.leaflet-interactive").first).to_be_visible(timeout=60000)
        seconds = time.monotonic() - t0
    finally:
        context.close()
    assert problems == []
    return seconds


def test_a_hostile_upload_does_not_slow_another_visitors_map(browser: Browser, app_url: str):
    load_map_seconds(browser, app_url)                                  # the server warmed up
    normal = min(load_map_seconds(browser, app_url) for _ in range(2))

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    problems = guard_page(page)
    page.goto(app_url + "/?view=add")
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": "dates.txt", "mimeType": "text/plain", "buffer": HOSTILE.encode("utf-8")}])
    page.get_by_role("button", name="Add to this visit").click()
    expect(page.get_by_text("Annotating dates.txt")).to_be_visible(timeout=20000)

    busy = load_map_seconds(browser, app_url)
    still_running = page.get_by_text("Annotating dates.txt").is_visible()
    context.close()                                                     # the visitor leaves
    print(f"map: {normal:.1f} s normally, {busy:.1f} s during a hostile 1 MiB upload")
    assert busy <= normal + 2.0, f"map took {busy:.1f} s during the upload, {normal:.1f} s normally"
    assert still_running, "the upload was still being annotated while the other map loaded"
    assert problems == []
