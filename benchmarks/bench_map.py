"""Benchmark of the map app in a real browser (Debian Chromium via Playwright).

Measures
  * core: load_layers, build_map + render (Python, no browser);
  * the st_folium component's JSON args size (what each map (re)draw sends), via AppTest;
  * page load -> map drawn (all interactive paths present), fresh browser context per run;
  * bytes transferred for a page load (HTTP bodies + websocket frames received);
  * date change (quick-jump click) -> map redrawn for the new date (new iframe, legend updated);
  * map click -> card shown in the side panel.

Usage (from the repo root):
    .venv/bin/python benchmarks/bench_map.py [--geodata PATH] [--runs 5]
The geodata defaults to geodata/features.geojson if it exists, else the test fixture.
Nothing is downloaded; every request outside 127.0.0.1 is aborted and counted.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.atlas.layers import DEFAULT_PATH, layers_on, load_layers  # noqa: E402
from app.atlas.mapview import build_map  # noqa: E402
from tests.conftest import (CHROMIUM, CHROMIUM_ARGS, FIXTURE_GEODATA, free_port,  # noqa: E402
                            guard_page, start_app)

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def stats(xs: list[float]) -> str:
    return (f"median {statistics.median(xs):.3f} s (min {min(xs):.3f}, max {max(xs):.3f}, n={len(xs)})"
            if xs else "n/a")


def core(geodata: Path) -> dict:
    import datetime as dt
    t = time.perf_counter()
    gdf = load_layers(geodata)
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    m = build_map(gdf, dt.date.today())
    html = m.get_root().render()
    t_build = time.perf_counter() - t
    os.environ["ATLAS_GEODATA"] = str(geodata)
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app" / "ui" / "main.py"), default_timeout=60).run()
    args = at.get("component_instance")[0].proto.json_args
    parsed = json.loads(args)
    return {"features": len(gdf), "load_layers_s": t_load, "build_map_render_s": t_build,
            "standalone_html_bytes": len(html.encode()), "component_json_args_bytes": len(args.encode()),
            "component_script_bytes": len(parsed["script"].encode())}


def wait_map(page, shown: str, timeout: float = 30.0) -> None:
    from playwright.sync_api import Error
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if page.locator(IFRAME).count() == 1:
                legend = page.frame_locator(IFRAME).locator(".atlas-legend")
                if legend.count() == 1 and f"As of {shown}" in (legend.text_content(timeout=2000) or ""):
                    return
        except Error:
            pass
        page.wait_for_timeout(20)
    raise TimeoutError(shown)


def browser(url: str, runs: int, expected_paths: int) -> dict:
    from playwright.sync_api import sync_playwright
    load_times, bytes_http, bytes_ws, redraws, clicks, outside = [], [], [], [], [], []
    bytes_static: list[int] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for i in range(runs):
            ctx = b.new_context(viewport={"width": 1400, "height": 950})
            page = ctx.new_page()
            problems = guard_page(page)
            finished, ws_sizes = [], []
            page.on("requestfinished", lambda req: finished.append(req))
            page.on("websocket", lambda ws: ws.on("framereceived",
                    lambda payload: ws_sizes.append(len(payload))))
            t0 = time.perf_counter()
            page.goto(url)
            fr = page.frame_locator(IFRAME)
            fr.locator("path.leaflet-interactive").nth(expected_paths - 1).wait_for(timeout=60000)
            load_times.append(time.perf_counter() - t0)
            page.wait_for_timeout(300)
            sizes = [(r.url, r.sizes()["responseBodySize"] or 0) for r in finished]
            bytes_http.append(sum(n for _, n in sizes))
            bytes_static.append(sum(n for u, n in sizes if "/app/static/" in u))
            bytes_ws.append(sum(ws_sizes))
            # date changes: alternate two quick jumps that change what is drawn
            for label, shown in [("2022 blockade", "12 Dec 2022"), ("2023 offensive", "20 Sep 2023"),
                                 ("2022 blockade", "12 Dec 2022"), ("2023 offensive", "20 Sep 2023")]:
                t = time.perf_counter()
                page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()
                wait_map(page, shown)
                redraws.append(time.perf_counter() - t)
            # a click on the map -> the card in the side panel (Lachin corridor, fixture or real)
            frame = next(f for f in page.frames if "streamlit_folium" in f.url)
            pt = frame.evaluate("([a, b]) => { const p = window.map.latLngToContainerPoint([a, b]);"
                                " return {x: p.x, y: p.y}; }", [39.70, 46.65])
            t = time.perf_counter()
            page.frame_locator(IFRAME).locator("#map_div").click(position=pt)
            try:
                page.locator(".atlas-card").wait_for(timeout=15000)
                clicks.append(time.perf_counter() - t)
            except Exception:  # the real geometry may not pass through this point
                pass
            outside.extend(problems)
            ctx.close()
        b.close()
    return {"load_to_map_drawn": load_times, "date_change_to_redrawn": redraws,
            "click_to_card": clicks, "http_bytes": bytes_http, "ws_bytes": bytes_ws,
            "static_bytes": bytes_static,
            "problems": outside}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--geodata", default=None)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args(argv)
    geodata = Path(a.geodata) if a.geodata else (DEFAULT_PATH if DEFAULT_PATH.exists() else FIXTURE_GEODATA)
    import datetime as dt
    state = layers_on(load_layers(geodata), dt.date.today())
    state = state[state["drawn"] & ~state["off_map"].astype(bool)]
    expected = len(state) + int(state["layer"].isin(["corridors", "pipelines"]).sum())

    print(f"geodata: {geodata}")
    c = core(geodata)
    for k, v in c.items():
        print(f"  {k}: {v:.3f}" if isinstance(v, float) else f"  {k}: {v}")
    port = free_port()
    log = Path(tempfile.gettempdir()) / "bench_map_streamlit.log"
    proc = start_app(port, geodata, log)
    try:
        r = browser(f"http://127.0.0.1:{port}", a.runs, expected)
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"  interactive paths expected today: {expected}")
    print(f"  page load -> map drawn: {stats(r['load_to_map_drawn'])} (first includes the app's first run)")
    print(f"  date change -> map redrawn: {stats(r['date_change_to_redrawn'])}")
    print(f"  map click -> card shown: {stats(r['click_to_card'])}")
    print(f"  bytes per page load: HTTP bodies median {statistics.median(r['http_bytes']):,.0f} B, "
          f"of which map assets (/app/static/) {statistics.median(r['static_bytes']):,.0f} B; "
          f"websocket received median {statistics.median(r['ws_bytes']):,.0f} B")
    print(f"  requests outside 127.0.0.1 / failures: {len(r['problems'])} {r['problems'][:5]}")
    return 1 if r["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
