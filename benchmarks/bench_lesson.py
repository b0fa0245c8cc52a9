"""Benchmark: export the shipped lesson to one HTML file; report its size and the time to open it.

Run: ``.venv/bin/python benchmarks/bench_lesson.py [--runs 5] [--keep OUT.html]``

Uses the real data (seeds, ``geodata/features.geojson``, ``lessons/from-2020-war-to-trump-route.json``)
when they are there, else the test fixtures.  Opening is measured in Debian's Chromium from a
``file://`` URL with every non-file request aborted: navigation start → the map's SVG paths are drawn
(``window.lessonReady`` and at least one ``path.leaflet-interactive``), in fresh browser contexts.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.classroom.handout import render_handout  # noqa: E402
from app.classroom.lesson_html import render_lesson_html  # noqa: E402
from app.classroom.lessons import DEFAULT_LESSON_ID, LESSONS_DIR, load_lesson, make_default_lesson  # noqa: E402


def _data():
    try:
        from app.classroom.lessons import _load_everything
        events, gdf = _load_everything()
        path = LESSONS_DIR / f"{DEFAULT_LESSON_ID}.json"
        lesson = load_lesson(path) if path.exists() else make_default_lesson(events, feature_ids=set(gdf["id"]))[0]
        return "real", lesson, events, gdf
    except Exception as exc:  # real data not there yet
        print(f"(real data unavailable: {exc}; using the test fixtures)")
        from app.classroom.events import build_events
        from tests.test_events import FIX, fixture_rows
        rows, meta = fixture_rows()
        layers = json.loads((FIX / "events_layers.json").read_text(encoding="utf-8"))
        events = build_events(rows, layers, meta)
        return "fixture", make_default_lesson(events)[0], events, layers


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", type=Path, default=None)
    a = ap.parse_args()
    t0 = time.perf_counter()
    kind, lesson, events, layers = _data()
    t1 = time.perf_counter()
    page = render_lesson_html(lesson, events, layers)
    t2 = time.perf_counter()
    handout = render_handout(lesson, events, layers)
    t3 = time.perf_counter()
    out = a.keep or Path(tempfile.mkdtemp()) / "lesson.html"
    out.write_text(page, encoding="utf-8")
    print(f"data: {kind}; {len(events)} events; lesson of {len(lesson.steps)} steps (load {t1 - t0:.2f} s)")
    print(f"lesson HTML: {len(page.encode('utf-8')):,} bytes, rendered in {1000 * (t2 - t1):.0f} ms")
    print(f"handout HTML: {len(handout.encode('utf-8')):,} bytes, rendered in {1000 * (t3 - t2):.0f} ms")

    from playwright.sync_api import sync_playwright
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    times, outside = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for _ in range(a.runs):
            ctx = browser.new_context()
            ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                      else (outside.append(r.request.url), r.abort()))
            pg = ctx.new_page()
            start = time.perf_counter()
            pg.goto(out.as_uri())
            pg.wait_for_function("window.lessonReady === true && "
                                 "document.querySelectorAll('path.leaflet-interactive').length > 0")
            times.append(time.perf_counter() - start)
            paths = pg.locator("path.leaflet-interactive").count()
            ctx.close()
        browser.close()
    print(f"open from file:// → map drawn ({paths} paths): median {1000 * statistics.median(times):.0f} ms, "
          f"range {1000 * min(times):.0f}–{1000 * max(times):.0f} ms over {len(times)} fresh contexts")
    print(f"requests outside file://: {len(outside)}")
    return 0 if not outside else 1


if __name__ == "__main__":
    raise SystemExit(main())
