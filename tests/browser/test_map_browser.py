"""The running app in Debian's Chromium (Playwright): the map draws offline, clicks open cards,
and the "as of" date changes what is drawn and said.

The app is started once per session by the ``app_url`` fixture (tests/conftest.py) on the
fixture geodata.  Every test fails if any request leaves 127.0.0.1, or any local request
fails or answers 4xx/5xx, or the page throws.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from app.atlas.layers import layers_on, load_layers
from tests.conftest import FIXTURE_GEODATA, require_chromium

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
LACHIN_MID = (39.70, 46.65)       # a point on the fixture's Lachin corridor line
SHOTS = Path(os.environ.get("ATLAS_SCREENSHOTS", tempfile.gettempdir()))


@pytest.fixture(autouse=True)
def _chromium_present():
    require_chromium()


def expected_paths(on: dt.date) -> int:
    """Interactive SVG paths the map should draw: one per feature, two per line (hit area)."""
    state = layers_on(load_layers(FIXTURE_GEODATA), on)
    state = state[state["drawn"] & ~state["off_map"].astype(bool)]
    return len(state) + int(state["layer"].isin(["corridors", "pipelines"]).sum())


def map_frame(page: Page):
    return page.frame_locator(IFRAME)


def open_app(page: Page, url: str):
    page.set_viewport_size({"width": 1400, "height": 950})
    page.goto(url)
    fr = map_frame(page)
    expect(fr.locator("path.leaflet-interactive").first).to_be_visible(timeout=30000)
    return fr


def click_latlng(page: Page, lat: float, lng: float) -> None:
    """Click the map at a geographic point (through Leaflet's own projection)."""
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.wait_for_function("() => window.map && window.map.latLngToContainerPoint")
    pt = frame.evaluate("([lat, lng]) => { const p = window.map.latLngToContainerPoint([lat, lng]);"
                        " return {x: p.x, y: p.y}; }", [lat, lng])
    map_frame(page).locator("#map_div").click(position=pt)


def jump(page: Page, label: str, shown: str) -> None:
    """Click a quick-jump pill and wait until the redrawn map's legend says ``As of <shown>``."""
    page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()
    wait_map(page, shown)


def wait_map(page: Page, shown: str, timeout: float = 20.0) -> None:
    """Wait until exactly one map iframe is left and its legend says ``As of <shown>``.

    (When the drawing changes, streamlit-folium mounts a new iframe next to the old one.)
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if page.locator(IFRAME).count() == 1:
                legend = map_frame(page).locator(".atlas-legend")
                if legend.count() == 1 and f"As of {shown}" in (legend.text_content(timeout=2000) or ""):
                    return
        except PlaywrightError:       # an iframe came or went between two calls: look again
            pass
        page.wait_for_timeout(100)
    raise AssertionError(f"the map was not redrawn for {shown} within {timeout} s")


def test_map_draws_every_layer_offline(page: Page, app_url: str, outside_requests):
    fr = open_app(page, app_url)
    expect(fr.locator("path.leaflet-interactive")).to_have_count(expected_paths(dt.date.today()))
    expect(fr.locator(".atlas-legend")).to_contain_text("Corridors and railways")
    expect(fr.locator(".atlas-label.country", has_text="Armenia")).to_be_visible()
    # turning a layer off redraws the map without it
    page.get_by_test_id("stSidebar").get_by_text("Pipelines", exact=True).click()
    expect(map_frame(page).locator("path.leaflet-interactive")).to_have_count(
        expected_paths(dt.date.today()) - 2)
    assert outside_requests == []


def test_click_corridor_opens_card_and_date_changes_state(page: Page, app_url: str, outside_requests):
    open_app(page, app_url)
    jump(page, "2022 blockade", "12 Dec 2022")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("12 Dec 2022")
    fr = map_frame(page)
    expect(fr.locator('path.leaflet-interactive[stroke="#f46d43"][stroke-opacity="0.9"]')).to_have_count(1)   # blockaded style
    click_latlng(page, *LACHIN_MID)
    card = page.locator(".atlas-card")
    expect(card).to_contain_text("Lachin corridor", timeout=15000)
    expect(card.locator(".atlas-card-state")).to_contain_text("On 12 Dec 2022: Blockaded")
    expect(card.locator('span[lang="fa"][dir="rtl"]')).to_have_text("کریدور لاچین")
    assert "Noto Naskh Arabic" in card.locator('span[lang="ar"]').evaluate("e => getComputedStyle(e).fontFamily")
    expect(page).to_have_url(re.compile(r"selected=lachin_corridor"))

    jump(page, "2023 offensive", "20 Sep 2023")          # 20 Sep 2023: closed, drawn red and dotted
    expect(card.locator(".atlas-card-state")).to_contain_text("On 20 Sep 2023: Closed")
    fr = map_frame(page)
    expect(fr.locator('path.leaflet-interactive[stroke="#d73027"][stroke-opacity="0.9"]')).to_have_count(1)
    expect(fr.locator('path.leaflet-interactive[stroke="#f46d43"][stroke-opacity="0.9"]')).to_have_count(0)

    jump(page, "1988 movement", "20 Feb 1988")           # before the corridor (and the fixture's states) existed
    expect(card.locator(".atlas-card-state")).to_contain_text("not on the map")
    expect(map_frame(page).locator("path.leaflet-interactive")).to_have_count(expected_paths(dt.date(1988, 2, 20)))
    assert expected_paths(dt.date(1988, 2, 20)) < expected_paths(dt.date(2023, 9, 20))
    assert outside_requests == []


def test_click_base_and_ghosting(page: Page, app_url: str, outside_requests):
    open_app(page, app_url)
    jump(page, "2025 TRIPP", "8 Aug 2025")              # the peacekeepers left in 2024: their HQ is ghosted grey
    fr = map_frame(page)
    expect(fr.locator('path.leaflet-interactive[fill="#9a9a9a"]')).to_have_count(1)
    click_latlng(page, 40.79, 43.85)      # the Gyumri base point
    card = page.locator(".atlas-card")
    expect(card).to_contain_text("Russian 102nd base (Gyumri)", timeout=15000)
    expect(card.locator(".atlas-card-state")).to_contain_text("On 8 Aug 2025: Active")
    # the side-panel picker and the map agree; picking another feature replaces the card
    page.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Russian peacekeeping HQ").click()
    expect(card.locator(".atlas-card-state")).to_contain_text("Withdrawn (gone: ghosted on the map)")
    page.screenshot(path=str(SHOTS / "card_hq_2025.png"))
    assert outside_requests == []


def test_online_tiles_are_opt_in_and_the_guard_sees_them(page: Page, app_url: str, outside_requests):
    """Nothing leaves the machine by default; switching the online base map on is caught by the guard."""
    open_app(page, app_url)
    page.wait_for_timeout(500)
    assert outside_requests == []
    page.get_by_test_id("stSidebar").get_by_text("Online base map (OpenStreetMap tiles)").click()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not any("tile.openstreetmap.org" in p for p in outside_requests):
        page.wait_for_timeout(100)
    assert any(p.startswith("outside request: https://tile.openstreetmap.org/") for p in outside_requests)
    outside_requests.clear()


def test_redrawn_map_keeps_the_readers_view(page: Page, app_url: str, outside_requests):
    """Zoom in, change the date: the new map opens at the same zoom, not the initial view."""
    open_app(page, app_url)
    fr = map_frame(page)
    fr.get_by_role("button", name="Zoom in").click()
    page.wait_for_timeout(2500)            # the zoom is reported (debounced) and the app reruns
    jump(page, "2022 blockade", "12 Dec 2022")
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.wait_for_function("() => window.map && window.map.getZoom() === 8", timeout=10000)
    assert outside_requests == []
