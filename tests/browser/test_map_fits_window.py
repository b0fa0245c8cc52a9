"""The Map view's first view at 1280x720 and 1440x900, in the running app on the committed geodata: the whole
map and its date bar ("As of", slider, Previous/Next change, Play) are in the window without scrolling, the
map takes most of the page's width, and the first view shows the whole region, Batumi to Baku and Kars to
Astara, above the date bar (Baku's label drawn inside the map).  The map's height comes from the window
(app/web/atlas_host.js), so it is checked again after the window is resized.

Batumi and Kars are not features of the atlas: their points are checked through Leaflet's projection.
Screenshots go to ``ATLAS_SCREENSHOTS`` (default: the temp dir)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_map_browser import IFRAME, frame

SHOTS = Path(os.environ.get("ATLAS_SCREENSHOTS", tempfile.gettempdir()))
SIZES = ((1280, 720), (1440, 900))
PLACES = {"Batumi": (41.64, 41.64), "Kars": (40.60, 43.10), "Baku": (40.41, 49.87), "Astara": (38.46, 48.87)}

#: In the map's frame: the date bar's and Baku's label's boxes (map coordinates) and where the places fall.
LOOK = """(places) => {
  const a = window.atlasMap, m = a.map, box = m.getContainer().getBoundingClientRect();
  const rect = (e) => { const r = e.getBoundingClientRect();
                        return {x: r.x - box.x, y: r.y - box.y, width: r.width, height: r.height}; };
  const pts = {};
  Object.entries(places).forEach(([k, ll]) => { const p = m.latLngToContainerPoint(ll); pts[k] = [p.x, p.y]; });
  const baku = a.byId.baku.labelEl;
  return {map: {width: box.width, height: box.height}, bar: rect(document.querySelector('.atlas-time')),
          baku: rect(baku), bakuShown: getComputedStyle(baku).visibility === 'visible', points: pts}; }"""


def first_view(page: Page, size: tuple[int, int]) -> dict:
    """What the map shows once drawn and settled at ``size`` (the page not scrolled)."""
    page.wait_for_timeout(600)                 # the page above the map settles; the map refits once
    look = frame(page).evaluate(LOOK, PLACES)
    iframe = page.locator(IFRAME).bounding_box()
    look["iframe"] = iframe
    look["scroll"] = page.evaluate("""() => { const m = document.querySelector('[data-testid=stMain]');
        return Math.max(window.scrollY, m ? m.scrollTop : 0); }""")
    return look


def assert_fits(look: dict, size: tuple[int, int]) -> None:
    width, height = size
    frame_box, bar = look["iframe"], look["bar"]
    assert look["scroll"] == 0
    assert frame_box["y"] >= 0 and frame_box["y"] + frame_box["height"] <= height, (frame_box, size)
    bar_top, bar_bottom = frame_box["y"] + bar["y"], frame_box["y"] + bar["y"] + bar["height"]
    assert 0 <= bar_top and bar_bottom <= height, (bar_top, bar_bottom, size)       # the date bar is in view
    assert frame_box["width"] >= 0.6 * width, frame_box                          # most of the page's width
    assert look["map"]["height"] >= 0.6 * height, look["map"]                    # and most of its height
    for name, (x, y) in look["points"].items():                                   # the whole region, above the bar
        assert 0 <= x <= look["map"]["width"] and 0 <= y <= bar["y"], (name, x, y, bar)
    b = look["baku"]
    assert look["bakuShown"] and b["width"] > 0
    assert b["x"] >= 0 and b["x"] + b["width"] <= look["map"]["width"] and b["y"] >= 0
    assert b["y"] + b["height"] <= bar["y"], (b, bar)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_map_and_its_date_bar_fit_the_first_view(page: Page, real_app_url: str, outside_requests, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(real_app_url)
    fr = page.frame_locator(IFRAME)
    expect(fr.locator("path[data-fid]").first).to_be_attached(timeout=90000)
    frame(page).wait_for_function("() => window.atlasMap && window.atlasMap.day")
    for control in (fr.get_by_label("As of"), fr.get_by_role("button", name="Play"),
                    fr.get_by_role("button", name="Previous change"), fr.get_by_role("button", name="Next change"),
                    fr.locator("input.slider")):
        expect(control).to_be_in_viewport()
    assert_fits(first_view(page, size), size)
    page.screenshot(path=str(SHOTS / f"app_map_first_view_{size[0]}x{size[1]}.png"))
    other = SIZES[1] if size == SIZES[0] else SIZES[0]                  # the window resized: the map follows
    page.set_viewport_size({"width": other[0], "height": other[1]})
    assert_fits(first_view(page, other), other)
    assert outside_requests == []


def test_a_view_chosen_after_the_first_keeps_through_a_resize(page: Page, real_app_url: str, outside_requests):
    """The first view is refitted on a resize only until the view is chosen: a view set by a script or a
    signal (a step's bounds, a fit to a feature), not only by the reader's hand, stays when the window changes."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(real_app_url)
    expect(page.frame_locator(IFRAME).locator("path[data-fid]").first).to_be_attached(timeout=90000)
    frame(page).wait_for_function("() => window.atlasMap && window.atlasMap.day")
    page.wait_for_timeout(600)
    frame(page).evaluate("() => window.atlasMap.map.setView([39.63, 46.55], 10, {animate: false})")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(600)
    # Leaflet keeps the view's top-left corner when the map's height changes: the zoom stays and the chosen
    # place stays in the view (before, the whole region came back at zoom 7)
    view = frame(page).evaluate("() => { const m = window.atlasMap.map;"
                                " return {zoom: m.getZoom(), inside: m.getBounds().contains([39.63, 46.55])}; }")
    assert view == {"zoom": 10, "inside": True}, view
    assert outside_requests == []
