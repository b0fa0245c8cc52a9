"""Benchmark of the time-aware map in a real browser (Debian Chromium via Playwright), on this machine.

Measures, as a reader meets them:
  * typed date + Enter in "As of" -> the map redrawn in the new state (median of many dates);
  * "Next change" -> the map redrawn on the next change;
  * Play from 1988-01-01 to today at the default pace: frames drawn per second (date shown + map updated);
  * page load -> map drawn, with the server warm (the first load, which includes the app's first run, is
    reported apart): in the page (navigation start -> the frame after the renderer drew, performance marks
    of atlas_host.js) and as the driver sees it, with where the time went;
  * bytes the first load transfers for the map: everything the map's iframe fetches (component page and
    bundle, Leaflet) plus the map's component message (its JSON arguments: features, periods, renderer).

Usage (from the repo root):
    .venv/bin/python benchmarks/bench_map.py [--geodata PATH] [--runs 5] [--no-play] [--load-only]
Nothing is downloaded; every request outside 127.0.0.1 is aborted and counted.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.atlas.layers import DEFAULT_PATH  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, FIXTURE_GEODATA, free_port, guard_page, start_app  # noqa: E402

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
DATES = ["2022-12-12", "2023-09-20", "1991-06-01", "2020-11-10", "2024-06-12", "2008-08", "1995", "2025-08-08"]


def stats(xs: list[float], unit: str = "s") -> str:
    if not xs:
        return "n/a"
    return f"median {statistics.median(xs):.3f} {unit} (min {min(xs):.3f}, max {max(xs):.3f}, n={len(xs)})"


def map_frame(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())


PARTS: list[dict] = []


def load(page, url: str) -> float:
    """Seconds from navigation to the map drawn; where they went goes to PARTS (see :func:`load_parts`)."""
    big: list[float] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: big.append(time.perf_counter())
                                          if len(f) > 100_000 else None))
    t0 = time.perf_counter()
    page.goto(url)
    page.frame_locator(IFRAME).locator("path[data-fid]").first.wait_for(state="attached", timeout=60000)
    while True:
        try:
            if map_frame(page).evaluate("() => !!(window.atlasMap && window.atlasMap.day)"):
                break
        except StopIteration:
            pass
        page.wait_for_timeout(10)
    wall = time.perf_counter() - t0
    PARTS.append(load_parts(page, (big[0] - t0) if big else None))
    return wall


def load_parts(page, args_s: float | None) -> dict:
    """Milestones of a page load, in seconds from navigation: the app's page ready (DOMContentLoaded), the
    map's arguments received (the websocket message), the map's frame created, the renderer done
    (performance mark 'atlas-draw' of atlas_host.js; ``draw`` is its own duration)."""
    main = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
        return {origin: performance.timeOrigin, dcl: n.domContentLoadedEventEnd}; }""")
    f = map_frame(page)
    f.wait_for_function("() => performance.getEntriesByName('atlas-painted').length > 0 || "
                        "!performance.getEntriesByName('atlas-start').length", timeout=10000)
    fr = f.evaluate("""() => { const m = performance.getEntriesByType('measure')
        .find(e => e.name === 'atlas-draw'), p = performance.getEntriesByName('atlas-painted')[0];
        return {origin: performance.timeOrigin, start: m ? m.startTime : null, draw: m ? m.duration : null,
                painted: p ? p.startTime : null}; }""")
    frame_at = (fr["origin"] - main["origin"]) / 1000
    return {"page_ready": main["dcl"] / 1000, "args": args_s, "frame": frame_at,
            "drawn": frame_at + (fr["start"] + fr["draw"]) / 1000 if fr["draw"] is not None else None,
            "painted": frame_at + fr["painted"] / 1000 if fr["painted"] is not None else None,
            "draw": fr["draw"] / 1000 if fr["draw"] is not None else None}


def parts_summary(parts: list[dict]) -> str:
    keys = ("page_ready", "args", "frame", "drawn", "painted", "draw")
    return "; ".join(f"{k} {statistics.median([p[k] for p in parts if p[k] is not None]):.3f} s"
                     for k in keys if any(p[k] is not None for p in parts))


def idle(page) -> None:
    """Wait until the app's last run is over (the previous stop's card update is not timed again)."""
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=30000)
    page.wait_for_timeout(100)


IN_PAGE: list[float] = []


def redraw_after(page, action) -> float:
    """Seconds from the action to the next painted frame after the renderer applied a new date, as
    Playwright sees it (wall); the same from the input event's own time stamp, in the page, goes to
    IN_PAGE (what the reader feels, without the test driver's round trips)."""
    idle(page)
    fr = map_frame(page)
    fr.evaluate("""() => { window.__input = null; window.__paints = []; const a = window.atlasMap;
        if (!window.__hooked) { window.__hooked = true;
          ['keydown', 'pointerdown'].forEach(t => document.addEventListener(t, e => {
            if (window.__input === null) window.__input = e.timeStamp; }, true));
          a.onDate(() => requestAnimationFrame(() => window.__paints.push(performance.now()))); } }""")
    t0 = time.perf_counter()
    action()
    done = "() => window.__input !== null && window.__paints.some(t => t >= window.__input)"
    fr.wait_for_function(done, polling="raf", timeout=10000)
    wall = time.perf_counter() - t0
    IN_PAGE.append(fr.evaluate("() => (window.__paints.find(t => t >= window.__input) - window.__input) / 1000"))
    return wall


def typed_dates(page, n: int) -> list[float]:
    box = page.frame_locator(IFRAME).get_by_label("As of")
    out = []
    for i in range(n):
        day = DATES[i % len(DATES)]
        box.fill(day)
        out.append(redraw_after(page, lambda: box.press("Enter")))
    return out


def next_changes(page, n: int) -> list[float]:
    box = page.frame_locator(IFRAME).get_by_label("As of")
    box.fill("2020-01-01")
    box.press("Enter")
    button = page.frame_locator(IFRAME).get_by_role("button", name="Next change")
    out = []
    for _ in range(n):
        out.append(redraw_after(page, button.click))
    return out


def play(page) -> dict:
    """Play 1988-01-01 -> today; count the frames in which the date (and map) advanced."""
    fr = map_frame(page)
    box = page.frame_locator(IFRAME).get_by_label("As of")
    box.fill("1988-01-01")
    box.press("Enter")
    fr.evaluate("""() => { const a = window.atlasMap; window.__frames = []; window.__last = a.day;
        const tick = (t) => { if (a.day !== window.__last) { window.__frames.push(t); window.__last = a.day; }
                              if (!window.__stopPlay) requestAnimationFrame(tick); };
        requestAnimationFrame(tick); }""")
    t0 = time.perf_counter()
    page.frame_locator(IFRAME).get_by_role("button", name="Play").click()
    fr.wait_for_function("() => !window.atlasMap.controls.playing", timeout=900000, polling=500)
    wall = time.perf_counter() - t0
    frames = fr.evaluate("() => { window.__stopPlay = true; return window.__frames; }")
    gaps = [b - a for a, b in zip(frames, frames[1:])]
    moving = [g for g in gaps if g < 500]           # leave out the holds on each change
    return {"wall_s": wall, "frames": len(frames), "fps_overall": len(frames) / wall,
            "fps_moving": 1000 / statistics.mean(moving) if moving else 0.0,
            "holds": len(gaps) - len(moving), "end": fr.evaluate("() => window.atlasMap.day")}


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    import os
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop_cost(page, pid: int, n: int) -> dict:
    """A date stop (typed date + Enter) reruns the app: websocket bytes the browser receives per stop and
    the server's CPU per warm rerun (median over ``n`` stops)."""
    got: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived",
                                          lambda f: got.append(len(f) if isinstance(f, (bytes, str)) else 0)))
    page.reload()
    load_wait(page)
    box = page.frame_locator(IFRAME).get_by_label("As of")
    per_stop, cpu = [], []
    for i in range(n):
        idle(page)
        page.wait_for_timeout(300)
        got.clear()
        c0 = _cpu_s(pid)
        box.fill(DATES[i % len(DATES)])
        box.press("Enter")
        t0, seen = time.perf_counter(), (0, time.perf_counter())
        while time.perf_counter() - t0 < 20:          # the rerun's messages: until 0.8 s without a frame
            page.wait_for_timeout(50)
            if len(got) != seen[0]:
                seen = (len(got), time.perf_counter())
            elif got and time.perf_counter() - seen[1] > 0.8:
                break
        idle(page)
        cpu.append(_cpu_s(pid) - c0)
        per_stop.append(sum(got))
    return {"ws_bytes": per_stop, "cpu_s": cpu}


def load_wait(page) -> None:
    page.frame_locator(IFRAME).locator("path[data-fid]").first.wait_for(state="attached", timeout=60000)


def map_bytes(page, url: str) -> dict:
    """Bytes transferred for the map on a first load: the iframe's requests + the map's component args."""
    finished = []
    page.on("requestfinished", lambda r: finished.append(r))
    load(page, url)
    page.wait_for_timeout(500)
    iframe = [r for r in finished if r.frame.url and "streamlit_folium" in r.frame.url
              or "/component/streamlit_folium" in r.url or "/app/static/" in r.url]
    http = sum((r.sizes()["responseBodySize"] or 0) for r in iframe)
    return {"iframe_http_bytes": http, "requests": sorted({r.url.split("?")[0].rsplit("/", 1)[-1] for r in iframe})}


def args_bytes(geodata: Path) -> int:
    import os
    os.environ["ATLAS_GEODATA"] = str(geodata)
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app" / "ui" / "main.py"), default_timeout=60).run()
    comp = next(c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium")
    return len(comp.proto.json_args.encode())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--geodata", default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-play", action="store_true")
    ap.add_argument("--stops-only", action="store_true", help="only the bytes and server CPU per date stop")
    ap.add_argument("--load-only", action="store_true", help="only the page loads (and the first load's bytes)")
    a = ap.parse_args(argv)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    geodata = Path(a.geodata) if a.geodata else (DEFAULT_PATH if DEFAULT_PATH.exists() else FIXTURE_GEODATA)
    print(f"geodata: {geodata}")
    json_args = args_bytes(geodata)
    port = free_port()
    proc = start_app(port, geodata, Path(tempfile.gettempdir()) / "bench_map_streamlit.log")
    url = f"http://127.0.0.1:{port}"
    from playwright.sync_api import sync_playwright
    problems, loads, typed, nexts, typed_in_page, nexts_in_page = [], [], [], [], [], []
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for i in range(a.runs + 1):
                ctx = b.new_context(viewport={"width": 1400, "height": 950})
                page = ctx.new_page()
                problems += guard_page(page)
                if i == 0:
                    first = map_bytes(page, url)
                    PARTS.clear()
                    cold = None
                    stops = stop_cost(page, proc.pid, 8) if not a.load_only else None
                    if a.stops_only:
                        break
                else:
                    loads.append(load(page, url))
                    if a.load_only:
                        ctx.close()
                        continue
                    typed += typed_dates(page, 8)
                    typed_in_page += IN_PAGE[:]
                    IN_PAGE.clear()
                    nexts += next_changes(page, 6)
                    nexts_in_page += IN_PAGE[:]
                    IN_PAGE.clear()
                if i == a.runs and not a.no_play:
                    played = play(page)
                ctx.close()
            b.close()
    finally:
        proc.terminate()
        proc.wait(10)
    if stops:
        print(f"  a date stop (rerun): websocket bytes received {stats(stops['ws_bytes'], 'B')}; "
              f"server CPU per warm rerun {stats(stops['cpu_s'])}")
    if a.stops_only:
        return 1 if problems else 0
    painted = [p["painted"] for p in PARTS if p.get("painted") is not None]
    print(f"  page load -> map drawn (server warm): in the page (navigation -> the frame after the renderer "
          f"drew) {stats(painted)}; driver wall {stats(loads)}")
    print(f"    where it went (medians, from navigation): {parts_summary(PARTS)}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if a.load_only:
        print(f"  first load, bytes for the map: {first['iframe_http_bytes'] + json_args:,} B")
        return 1 if problems else 0
    print(f"  typed date + Enter -> map redrawn: in the page {stats(typed_in_page)}; driver wall {stats(typed)}")
    print(f"  Next change -> map redrawn: in the page {stats(nexts_in_page)}; driver wall {stats(nexts)}")
    if not a.no_play:
        print(f"  Play 1988-01-01 -> {played['end']}: {played['frames']} frames in {played['wall_s']:.1f} s: "
              f"{played['fps_overall']:.1f} frames/s overall (with {played['holds']} holds on changes), "
              f"{played['fps_moving']:.1f} frames/s between holds")
    total = first["iframe_http_bytes"] + json_args
    print(f"  first load, bytes for the map: {total:,} B = iframe HTTP {first['iframe_http_bytes']:,} B "
          f"({', '.join(first['requests'])}) + component args {json_args:,} B")
    print(f"  requests outside 127.0.0.1 / failures: {len(problems)} {problems[:5]}")
    del cold
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
