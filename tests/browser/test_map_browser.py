"""The running app in Debian's Chromium (Playwright): the time-aware map draws offline, a typed date,
Next change and Play change the map in the browser (no rebuild), and the server hears where the date
stops (card, URL).

The app is started once per session by the ``app_url`` fixture (tests/conftest.py) on the fixture
geodata.  Every test fails if any request leaves 127.0.0.1, or any local request fails or answers
4xx/5xx, or the page throws.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from app.atlas.layers import layers_on, load_layers, parse_iso, state_on
from tests.conftest import FIXTURE_GEODATA

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
LACHIN_MID = (39.70, 46.65)       # a point on the fixture's Lachin corridor line
SHOTS = Path(os.environ.get("ATLAS_SCREENSHOTS", tempfile.gettempdir()))
GDF = load_layers(FIXTURE_GEODATA)


def expected_drawn(on: dt.date, layers: set[str] | None = None) -> set[str]:
    """Features the map should draw on a date (Python's own state_on, off-map ones left out)."""
    state = layers_on(GDF, on)
    state = state[state["drawn"] & ~state["off_map"].astype(bool)]
    return {fid for fid, layer in zip(state["id"], state["layer"]) if layers is None or layer in layers}


def map_frame(page: Page):
    return page.frame_locator(IFRAME)


def frame(page: Page):
    return next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())


def open_app(page: Page, url: str, query: str = ""):
    page.set_viewport_size({"width": 1400, "height": 950})
    page.goto(url + query)
    fr = map_frame(page)
    expect(fr.locator("path[data-fid]").first).to_be_attached(timeout=90000)   # the first may meet a cold server
    frame(page).wait_for_function("() => window.atlasMap && window.atlasMap.day")
    # the run the drawn map's first value starts is over: a reader's first action is not lost in it
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30000)
    frame(page).evaluate("() => { window.sameMap = true; }")      # gone if the map were rebuilt
    return fr


def _until_it_takes(page: Page, act, done: str, arg=None, tries: int = 3) -> None:
    """Do ``act`` until ``done`` holds in the map's frame (5 s each try). In a fresh clone's full run the app's
    run that follows the page load redrew the map, now and then, just after a test's first action (a zoom,
    a narrowed range), which was then lost; I could not make it happen on its own (logged in the stop's note)."""
    for attempt in range(tries):
        act()
        try:
            frame(page).wait_for_function(done, arg=arg, timeout=5000 if attempt < tries - 1 else 30000)
            return
        except Exception:
            if attempt == tries - 1:
                raise


def day_shown(page: Page) -> str:
    return frame(page).evaluate("() => window.atlasMap.day")


def svg_states(page: Page) -> dict[str, str]:
    """{feature id: state} of the features whose SVG paths are visible now."""
    return frame(page).evaluate("""() => { const out = {};
        document.querySelectorAll('path[data-fid]:not(.atlas-hit)').forEach(p => {
          if (p.style.display !== 'none') out[p.dataset.fid] = p.dataset.state; }); return out; }""")


def type_date(page: Page, text: str, day: str) -> None:
    box = map_frame(page).get_by_label("As of")
    box.fill(text)
    box.press("Enter")
    frame(page).wait_for_function("(d) => window.atlasMap.day === d", arg=day, timeout=5000)


def click_latlng(page: Page, lat: float, lng: float) -> None:
    """Click the map at a geographic point (through Leaflet's own projection)."""
    pt = frame(page).evaluate("([lat, lng]) => { const p = window.map.latLngToContainerPoint([lat, lng]);"
                              " return {x: p.x, y: p.y}; }", [lat, lng])
    map_frame(page).locator("#map_div").click(position=pt)


def test_map_draws_every_layer_offline_and_a_layer_toggle_hides_it_in_place(page: Page, app_url: str,
                                                                             outside_requests):
    fr = open_app(page, app_url)
    today = dt.date.fromisoformat(day_shown(page))
    assert set(svg_states(page)) == expected_drawn(today)
    expect(fr.locator(".atlas-legend")).to_contain_text("Corridors and railways")
    expect(fr.locator(".atlas-label.country", has_text="Armenia")).to_be_visible()
    page.get_by_test_id("stSidebar").get_by_text("Pipelines", exact=True).click()
    frame(page).wait_for_function("() => !window.atlasMap.isVisible('pipelines')", timeout=15000)
    assert set(svg_states(page)) == expected_drawn(today, {"borders", "regions", "corridors", "bases", "places"})
    assert frame(page).evaluate("() => window.sameMap === true")
    assert outside_requests == []


def test_typing_a_date_changes_a_feature_on_the_map_and_in_the_card(page: Page, app_url: str, outside_requests):
    fr = open_app(page, app_url, "/?selected=lachin_corridor")
    card = page.locator(".atlas-card .atlas-card-state")
    type_date(page, "2022-12-12", "2022-12-12")
    assert svg_states(page)["lachin_corridor"] == "blockaded"
    expect(fr.locator('path[data-fid=lachin_corridor]:not(.atlas-hit)')).to_have_attribute("stroke", "#f46d43")
    expect(card).to_contain_text("On 12 Dec 2022: Blockaded", timeout=15000)
    expect(page).to_have_url(re.compile(r"as_of=2022-12-12"))
    type_date(page, "2023-09", "2023-09-01")                        # a month: its first day
    assert svg_states(page)["lachin_corridor"] == state_on(GDF.at["lachin_corridor", "periods"],
                                                           dt.date(2023, 9, 1))["status"]
    expect(card).to_contain_text("On 1 Sep 2023:", timeout=15000)
    type_date(page, "20 Sep 2023", "2023-09-20")                    # as the app itself writes dates
    type_date(page, "1988", "1988-01-01")                           # before the corridor existed
    assert "lachin_corridor" not in svg_states(page)
    expect(card).to_contain_text("not on the map", timeout=15000)
    box = fr.get_by_label("As of")
    box.fill("2023-02-30")
    box.press("Enter")
    expect(box).to_have_attribute("aria-invalid", "true")
    assert day_shown(page) == "1988-01-01"
    # a date before the map's first day: the map shows its first day and says so, in the box too
    first = frame(page).evaluate("() => window.atlasMap.data.min_day")
    type_date(page, "1800-01-01", first)
    expect(box).to_have_value(first)
    expect(fr.locator(".atlas-time .said")).to_contain_text("The map covers")
    expect(fr.locator(".atlas-time .said")).to_contain_text("showing")
    assert frame(page).evaluate("() => window.sameMap === true")    # never rebuilt
    assert outside_requests == []


def _changes_between(a: dt.date, b: dt.date) -> set[str]:
    """Features whose state (status, presence, label) differs somewhere in (a, b] (at every period bound)."""
    out = set()
    for fid, periods in zip(GDF["id"], GDF["periods"]):
        if GDF.at[fid, "off_map"]:
            continue
        for p in periods:
            for bound in (p.get("start"), p.get("end")):
                d = parse_iso(bound)[0] if bound else None
                if d and a < d <= b and state_on(periods, d) != state_on(periods, d - dt.timedelta(days=1)):
                    out.add(fid)
    return out


def test_next_change_lands_on_the_next_real_change_and_says_it(page: Page, app_url: str, outside_requests):
    fr = open_app(page, app_url)
    type_date(page, "2022-12-12", "2022-12-12")
    start = dt.date(2022, 12, 12)
    fr.get_by_role("button", name="Next change").click()
    frame(page).wait_for_function("() => window.atlasMap.day !== '2022-12-12'", timeout=5000)
    landed = dt.date.fromisoformat(day_shown(page))
    said = fr.locator(".atlas-time .said").text_content()
    assert said.startswith(landed.strftime("%d %b %Y").lstrip("0") + ":"), said
    before = dt.date(landed.year, landed.month, landed.day) - dt.timedelta(days=1)
    assert not _changes_between(start, before), "a change was skipped"
    changed = _changes_between(before, landed)
    # a state change of a feature drawn there, or a dated event from the documents (named in the message)
    assert changed or ";" not in said, said
    for fid in changed:
        assert GDF.at[fid, "name"] in said
    # the key P goes back to the start
    fr.locator(".atlas-time .said").click()
    page.keyboard.press("p")
    frame(page).wait_for_function("() => window.atlasMap.day === '2022-12-12' || window.atlasMap.day < '2022-12-12'")
    expect(page).to_have_url(re.compile(r"as_of=20\d\d-\d\d-\d\d"))
    assert outside_requests == []


def test_play_skips_the_years_without_a_change_but_stops_on_every_change(page: Page, app_url: str,
                                                                         outside_requests):
    """A walk-through played from 1923 and took two and a half minutes to reach 1988, through decades where
    nothing on the map changes. Play now skips a stretch that would take over 4 s with nothing to see, says
    so, and still holds on every change."""
    fr = open_app(page, app_url)
    type_date(page, "1923-01-01", "1923-01-01")
    frame(page).evaluate("""() => { window.daysSeen = []; window.saidSeen = [];
        window.atlasMap.onDate((d) => window.daysSeen.push(d));
        const said = document.querySelector('.atlas-time .said');
        new MutationObserver(() => window.saidSeen.push(said.textContent)).observe(said, {childList: true}); }""")
    fr.get_by_role("button", name="Play").click()
    frame(page).wait_for_function("() => window.atlasMap.day >= '1990-02-01'", timeout=20000)
    fr.get_by_role("button", name="Pause").click()
    seen, said = frame(page).evaluate("() => [window.daysSeen, window.saidSeen]")
    assert any(t.startswith("No change on the layers shown from ") for t in said), said
    changes = frame(page).evaluate("""() => { const a = window.atlasMap;
        return a.changes.filter((e) => e.date > '1923-01-01' && e.date <= a.day &&
                                       window.AtlasTime.nextChange([e], '1000-01-01', (l) => a.isVisible(l)))
                        .map((e) => e.date); }""")
    assert changes and not [d for d in changes if d not in seen], (changes, seen[:20])
    assert outside_requests == []


def test_play_advances_the_date_and_the_map_then_pause_stops_them(page: Page, app_url: str, outside_requests):
    fr = open_app(page, app_url)
    type_date(page, "2020-06-01", "2020-06-01")
    before = svg_states(page)
    fr.get_by_role("button", name="Play").click()
    frame(page).wait_for_function("() => window.atlasMap.day > '2021-01-01'", timeout=15000)
    fr.get_by_role("button", name="Pause").click()
    stopped = day_shown(page)
    page.wait_for_timeout(800)
    assert day_shown(page) == stopped                                  # paused: the date stays
    assert svg_states(page) != before                                  # the 2020 ceasefire changed the map
    assert fr.get_by_label("As of").input_value() == stopped
    expect(page).to_have_url(re.compile(f"as_of={stopped}"), timeout=15000)   # the server heard the stop
    assert frame(page).evaluate("() => window.sameMap === true")
    # the line under the bar said the last change the play passed; paused on a later day it says so
    said = fr.locator(".atlas-time .said").text_content()
    if not said.startswith(dt.date.fromisoformat(stopped).strftime("%d %b %Y").lstrip("0") + ":"):
        assert said.startswith("Paused on ") and ". Last change: " in said, said
    # cut to one line on a narrow map, the whole line shows on hover
    assert fr.locator(".atlas-time .said").get_attribute("title") == said
    assert outside_requests == []



def test_slider_range_narrows_and_goes_to_the_url(page: Page, app_url: str, outside_requests):
    fr = open_app(page, app_url)
    fr.get_by_label("Slider from year").fill("2020")
    fr.get_by_label("Slider from year").press("Enter")
    slider = fr.get_by_label("Date slider")
    expect(slider).to_have_attribute("min", str((dt.date(2020, 1, 1) - dt.date(1970, 1, 1)).days))
    expect(page).to_have_url(re.compile(r"years=2020-20\d\d"), timeout=15000)
    slider.focus()
    page.keyboard.press("Home")
    frame(page).wait_for_function("() => window.atlasMap.day === '2020-01-01'")
    expect(page).to_have_url(re.compile(r"as_of=2020-01-01"), timeout=15000)     # the server heard the stop
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30000)   # and its run is over
    # a range that leaves the date outside it moves the date in (its nearer end), so that Play runs in it
    def narrow():
        fr.get_by_label("Slider from year").fill("2022")
        fr.get_by_label("Slider to year").fill("2023")
        fr.get_by_label("Slider to year").press("Enter")
    _until_it_takes(page, narrow, "() => window.atlasMap.day === '2022-01-01'")
    expect(fr.get_by_label("As of")).to_have_value("2022-01-01")
    expect(fr.locator(".atlas-time .said")).to_contain_text("Moved into the years 2022–")
    expect(page).to_have_url(re.compile(r"as_of=2022-01-01"), timeout=15000)
    assert outside_requests == []


def test_click_corridor_opens_card_and_controls_are_keyboard_reachable(page: Page, app_url: str,
                                                                       outside_requests):
    fr = open_app(page, app_url)
    type_date(page, "2022-12-12", "2022-12-12")
    click_latlng(page, *LACHIN_MID)
    card = page.locator(".atlas-card")
    expect(card).to_contain_text("Lachin corridor", timeout=15000)
    expect(card.locator(".atlas-card-state")).to_contain_text("On 12 Dec 2022: Blockaded")
    expect(card.locator('span[lang="fa"][dir="rtl"]')).to_have_text("کریدور لاچین")
    expect(page).to_have_url(re.compile(r"selected=lachin_corridor"))
    fr.get_by_label("As of").focus()
    page.keyboard.press("Tab")                                        # the keyboard reaches the buttons
    expect(fr.get_by_role("button", name="Next change")).to_be_focused()
    outline = fr.get_by_role("button", name="Next change").evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"                                          # visible focus
    page.screenshot(path=str(SHOTS / "map_lachin_2022.png"))
    assert outside_requests == []


def test_a_click_is_sent_at_once_and_reruns_the_app_once(page: Page, app_url: str, outside_requests):
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(time.monotonic())))
    open_app(page, app_url)
    page.wait_for_timeout(1500)                       # the first run's messages are over
    before = len(sent)
    click_latlng(page, *LACHIN_MID)
    # sent when the click happened (streamlit-folium's own handler waits 250 ms before it sends)
    fid = frame(page).evaluate("() => ((window.__GLOBAL_DATA__.previous_data || {}).last_active_drawing"
                               " || {properties: {}}).properties.id")
    assert fid == "lachin_corridor"
    expect(page.locator(".atlas-card")).to_contain_text("Lachin corridor", timeout=15000)
    page.wait_for_timeout(1000)                       # streamlit-folium's own send of the click would be here
    assert len(sent) - before == 1                    # one rerun for one click, not two
    assert outside_requests == []


def test_click_a_labelled_base_and_ghosting(page: Page, app_url: str, outside_requests):
    fr = open_app(page, app_url)
    type_date(page, "2025-08-08", "2025-08-08")       # the peacekeepers left in 2024: their HQ is ghosted grey
    assert svg_states(page)["russian_peacekeeping_hq"] == "withdrawn~gone"
    expect(fr.locator('path[data-fid=russian_peacekeeping_hq]:not(.atlas-hit)')).to_have_attribute("fill", "#9a9a9a")
    expect(fr.locator(".atlas-label.base", has_text="Russian 102nd base (Gyumri)")).to_be_attached()
    click_latlng(page, 40.79, 43.85)                  # the Gyumri base point
    card = page.locator(".atlas-card")
    expect(card).to_contain_text("Russian 102nd base (Gyumri)", timeout=15000)
    expect(card.locator(".atlas-card-state")).to_contain_text("On 8 Aug 2025: Active")
    picker = page.get_by_test_id("stSelectbox")       # under the map, which fills the window: scroll first
    picker.scroll_into_view_if_needed()
    page.wait_for_timeout(300)                        # (a click during the scroll closes the list again)
    picker.click()                                    # the side-panel picker and the map agree
    page.get_by_role("option", name="Russian peacekeeping HQ").click()
    expect(card.locator(".atlas-card-state")).to_contain_text("Withdrawn (no longer there: drawn faded on the map)")
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


def test_a_date_change_keeps_the_readers_view(page: Page, app_url: str, outside_requests):
    """Zoom in, change the date: same map, same zoom."""
    fr = open_app(page, app_url)
    first = frame(page).evaluate("() => window.map.getZoom()")
    _until_it_takes(page, lambda: fr.get_by_role("button", name="Zoom in").click(),
                    "(z) => window.map.getZoom() === z + 1", first)
    frame(page).evaluate("() => { window.sameMap = true; }")
    page.get_by_test_id("stSidebar").get_by_text("2022 blockade", exact=True).click()    # from the server
    frame(page).wait_for_function("() => window.atlasMap.day === '2022-12-12'", timeout=15000)
    type_date(page, "2023-09-20", "2023-09-20")                                          # in the browser
    assert frame(page).evaluate("(z) => window.map.getZoom() === z + 1 && window.sameMap === true", first)
    assert outside_requests == []


def test_a_date_stop_does_not_resend_the_map(page: Page, app_url: str, outside_requests):
    """A stop reruns the app for the card; the map's own arguments (every feature, the renderer: about
    270 KB on the real data) stay byte-identical, so Streamlit sends only a reference to its cache."""
    got: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: got.append(len(f))))
    fr = open_app(page, app_url, "/?selected=lachin_corridor")
    card = page.locator(".atlas-card .atlas-card-state")
    type_date(page, "2021-05-05", "2021-05-05")
    expect(card).to_contain_text("On 5 May 2021", timeout=15000)
    page.wait_for_timeout(800)
    got.clear()
    type_date(page, "2022-12-12", "2022-12-12")
    expect(card).to_contain_text("On 12 Dec 2022: Blockaded", timeout=15000)
    page.wait_for_timeout(800)
    assert 0 < sum(got) < 40_000, sum(got)                 # the rerun's messages, without the map's args
    assert frame(page).evaluate("() => window.sameMap === true")
    expect(fr.locator('path[data-fid=lachin_corridor]:not(.atlas-hit)')).to_have_attribute("stroke", "#f46d43")
    assert outside_requests == []


def _lachin_road_km_from_town(page: Page) -> float:
    """How far the drawn Lachin corridor line passes from Lachin town (GeoNames 147271: 39.6383 N, 46.5461 E),
    measured along its drawn segments (each cut in 50 steps) with Leaflet's own distance."""
    return frame(page).evaluate("""() => { const town = L.latLng(39.6383, 46.5461); let best = Infinity;
        window.atlasMap.byId['lachin_corridor'].layers[0].eachLayer(l => {
          const pts = l.getLatLngs().flat(3);
          for (let i = 1; i < pts.length; i++) for (let k = 0; k <= 50; k++) {
            const p = L.latLng(pts[i-1].lat + (pts[i].lat - pts[i-1].lat) * k / 50,
                               pts[i-1].lng + (pts[i].lng - pts[i-1].lng) * k / 50);
            best = Math.min(best, p.distanceTo(town)); } });
        return best / 1000; }""")


def test_the_lachin_corridor_is_drawn_on_the_road_of_the_date(page: Page, app_url: str, outside_requests):
    """Before 26 Aug 2022 the corridor line runs through Lachin town; from that day it follows the new road
    south of the town (geometry_periods), and Next change stops on the day it moved — without a new map."""
    open_app(page, app_url)
    type_date(page, "2021-06-01", "2021-06-01")
    assert _lachin_road_km_from_town(page) < 1.0
    frame(page).evaluate("() => { window.atlasMap.map.setView([39.7, 46.5], 10); }")
    before = map_frame(page).locator('path[data-fid="lachin_corridor"]:not(.atlas-hit)').get_attribute("d")
    type_date(page, "2022-08-25", "2022-08-25")
    map_frame(page).get_by_role("button", name="Next change").click()
    frame(page).wait_for_function("() => window.atlasMap.day !== '2022-08-25'", timeout=5000)
    assert day_shown(page) == "2022-08-26"
    said = map_frame(page).locator(".atlas-time .said").text_content()
    assert "Lachin corridor" in said, said
    assert _lachin_road_km_from_town(page) > 3.0
    after = map_frame(page).locator('path[data-fid="lachin_corridor"]:not(.atlas-hit)').get_attribute("d")
    assert after != before                                        # the drawn path itself moved
    type_date(page, "2021-06-01", "2021-06-01")
    assert _lachin_road_km_from_town(page) < 1.0                  # and back again
    assert frame(page).evaluate("() => window.sameMap === true")
    assert outside_requests == []
