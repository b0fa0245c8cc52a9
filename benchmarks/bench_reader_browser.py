"""Benchmark of the integrated app in a real browser (Debian Chromium via Playwright), on the committed
geodata and the seeds corpus.

Measures
  * cold start: the first page load of a fresh server (reads and annotates the corpus, once) -> map drawn,
    and the annotation time the app reports in its sidebar;
  * warm page load (new browser context, cache reused) -> map drawn and sidebar filters shown;
  * feature click on the map -> "What the documents say" panel shown for that feature
    (alternating the Zangezur and Lachin corridors);
  * filter change (remove / re-add English in the sidebar's language filter) -> the map redrawn with the
    new mention counts (the corridor's count in the map's GeoJSON changes).

Usage (from the repo root):
    .venv/bin/python benchmarks/bench_reader_browser.py [--runs 5]
Every request outside 127.0.0.1 is aborted and counted (must be 0).
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, guard_page, start_app  # noqa: E402

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
GEODATA = ROOT / "geodata" / "features.geojson"
POINTS = {"zangezur_corridor": (38.9145, 46.4436), "lachin_corridor": (39.6265, 46.5507)}
NAMES = {"zangezur_corridor": "Zangezur corridor", "lachin_corridor": "Lachin corridor"}


def stats(xs: list[float]) -> str:
    return (f"median {statistics.median(xs):.3f} s (min {min(xs):.3f}, max {max(xs):.3f}, n={len(xs)})"
            if xs else "n/a")


def map_frame(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())


def wait_map(page, timeout=60):
    """Until the map's features are drawn and its renderer has a day (app/web/atlas_map.js)."""
    from playwright.sync_api import expect
    expect(page.frame_locator(IFRAME).locator("path[data-fid]").first).to_be_attached(timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if map_frame(page).evaluate("() => !!(window.atlasMap && window.atlasMap.day)"):
                return
        except Exception:   # noqa: BLE001 - the iframe is being replaced
            pass
        page.wait_for_timeout(10)
    raise RuntimeError("the map was not drawn")


def click_feature(page, fid: str) -> float:
    from playwright.sync_api import expect
    fr = map_frame(page)
    fr.wait_for_function("() => window.atlasMap && window.atlasMap.map")
    lat, lng = POINTS[fid]
    # a line that moved (the Lachin corridor's new road from 26 Aug 2022) is clicked where it is drawn now:
    # the drawn vertex nearest to the named point
    lat, lng = fr.evaluate("""([fid, lat, lng]) => { let best = null, d = Infinity;
        window.atlasMap.byId[fid].layers[0].eachLayer(l => (l.getLatLngs ? l.getLatLngs().flat(3) : []).forEach(p => {
          const e = (p.lat - lat) ** 2 + (p.lng - lng) ** 2; if (e < d) { d = e; best = [p.lat, p.lng]; } }));
        return best || [lat, lng]; }""", [fid, lat, lng])
    fr.evaluate("([lat, lng]) => window.atlasMap.map.setView([lat, lng], 10, {animate: false})", [lat, lng])
    pt = fr.evaluate("([lat, lng]) => { const p = window.atlasMap.map.latLngToContainerPoint([lat, lng]);"
                     " return {x: p.x, y: p.y}; }", [lat, lng])
    t = time.perf_counter()
    page.frame_locator(IFRAME).locator("#map_div").click(position=pt)
    expect(page.locator(".st-key-atlas_reader")).to_contain_text(f"{NAMES[fid]}: ", timeout=30000)
    expect(page.locator(".reader-quotes section.doc-quotes").first).to_be_visible(timeout=30000)
    return time.perf_counter() - t


def map_count(page, fid: str):
    try:
        return map_frame(page).evaluate("(fid) => window.atlasMap && window.atlasMap.counts "
                                        "? (window.atlasMap.counts[fid] || 0) : null", fid)
    except Exception:   # noqa: BLE001 - the iframe is being replaced
        return None


def toggle_english(page, remove: bool) -> float:
    """Remove (or re-add) English in the language filter; seconds until the map shows the new counts."""
    before = None
    while before is None:
        before = map_count(page, "zangezur_corridor") if page.locator(IFRAME).count() == 1 else None
    sb = page.get_by_test_id("stSidebar")
    ms = sb.get_by_test_id("stMultiSelect").filter(has_text="Languages")
    t = time.perf_counter()
    if remove:
        ms.get_by_role("button", name="Remove English").first.click()
    else:
        ms.get_by_role("combobox").first.click()
        page.get_by_role("option", name="English", exact=True).click()
        page.keyboard.press("Escape")             # close the list
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = map_count(page, "zangezur_corridor")
        if now is not None and now != before and page.locator(IFRAME).count() == 1:
            return time.perf_counter() - t
        page.wait_for_timeout(20)
    raise RuntimeError(f"the map was not redrawn after the filter change (count stayed {before})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    port = free_port()
    log = Path(tempfile.mkdtemp()) / "streamlit.log"
    t_server = time.perf_counter()
    proc = start_app(port, GEODATA, log)
    print(f"server healthy after {time.perf_counter() - t_server:.2f} s")
    url = f"http://127.0.0.1:{port}"
    problems: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = browser.new_context(viewport={"width": 1400, "height": 950})
            page = ctx.new_page()
            problems += guard_page(page)
            t = time.perf_counter()
            page.goto(url)
            wait_map(page)
            cold = time.perf_counter() - t
            caption = page.get_by_test_id("stSidebar").get_by_text(re.compile(r"^Corpus: ")).text_content()
            print(f"cold first page load (annotates the corpus once) -> map drawn: {cold:.3f} s")
            print(f"  app says: {caption}")
            ctx.close()

            warm = []
            for _ in range(a.runs):
                ctx = browser.new_context(viewport={"width": 1400, "height": 950})
                page = ctx.new_page()
                problems += guard_page(page)
                t = time.perf_counter()
                page.goto(url)
                wait_map(page)
                page.get_by_test_id("stSidebar").get_by_text("Languages").wait_for()
                warm.append(time.perf_counter() - t)
                ctx.close()
            print(f"warm page load (cache reused) -> map drawn: {stats(warm)}")

            ctx = browser.new_context(viewport={"width": 1400, "height": 950})
            page = ctx.new_page()
            problems += guard_page(page)
            page.goto(url)
            wait_map(page)
            clicks = []
            for i in range(a.runs * 2):
                fid = "zangezur_corridor" if i % 2 == 0 else "lachin_corridor"
                clicks.append(click_feature(page, fid))
            print(f"feature click -> panel shown: {stats(clicks)}")
            filters = []
            for i in range(a.runs * 2):
                filters.append(toggle_english(page, remove=i % 2 == 0))
            print(f"filter change -> map redrawn with new counts: {stats(filters)}")
            ctx.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"problems (outside requests, HTTP errors, page errors): {len(problems)}")
    for pr in problems[:10]:
        print("  ", pr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
