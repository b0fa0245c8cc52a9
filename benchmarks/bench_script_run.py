"""Server CPU of one script run of the page (no browser, no websocket): where a warm run, a click and a
filter change spend their time.

Runs the page with Streamlit's AppTest (the same script the server runs) on a store (``$ATLAS_STORE`` or
``--store``): one cold run, then ``--runs`` warm runs of each step, timed in CPU seconds of this process
(``time.process_time``; AppTest's own bookkeeping is included, so the server's cost is a little lower).
Steps: ``warm`` (the page again, nothing changed), ``click`` (a corridor selected), ``date`` (the sidebar's
date moved, with a corridor selected), ``filter`` (a language
left out of the filter), ``view:<name>`` (the Documents / Search / Timeline / Present / Lessons views; Search
with a query, a different one each run up to five).
``--profile STEP`` prints the top functions of one run of that step (cProfile, cumulative time).

Usage (from the repo root):
    .venv/bin/python benchmarks/bench_script_run.py --store /tmp/s100k [--runs 5] [--profile click]
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VIEWS = ("documents", "search", "timeline", "present", "lessons")


_PROFILE: list = [None]


def _profiled_guard() -> None:
    """The script runs in its own thread: profile it there (through app.ui.boundary.guarded)."""
    from app.ui import boundary

    plain = boundary.guarded

    def guarded(fn) -> None:
        prof = _PROFILE[0]
        if prof is None:
            return plain(fn)
        prof.enable()
        try:
            return plain(fn)
        finally:
            prof.disable()
    boundary.guarded = guarded


def _step(at, name: str, i: int) -> None:
    """Change the state the way the step does (the run follows)."""
    if name == "click":
        at.session_state["selected"] = ("lachin_corridor", "zangezur_corridor")[i % 2]
    elif name == "date":
        import datetime as dt
        at.session_state["as_of"] = dt.date(2012 + i % 10, 6, 1)
    elif name == "filter":
        langs = at.session_state["flt_langs"] if "flt_langs" in at.session_state else None
        if langs is not None:
            all_langs = at.session_state["_bench_langs"]
            at.session_state["flt_langs"] = all_langs[1:] if len(langs) == len(all_langs) else list(all_langs)
    elif name.startswith("view:"):
        at.session_state["view"] = name.split(":", 1)[1]
        if name == "view:search":   # a search for a place (a new one each run: the store is asked)
            at.session_state["search_q"] = ("Zangezur", "Lachin", "Meghri", "Tbilisi", "corridor")[i % 5]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default=os.environ.get("ATLAS_STORE"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--steps", default="warm,click,date,filter," + ",".join(f"view:{v}" for v in VIEWS))
    ap.add_argument("--profile", default=None, help="a step to profile (one run)")
    ap.add_argument("--top", type=int, default=30)
    a = ap.parse_args(argv)
    if a.store:
        os.environ["ATLAS_STORE"] = str(a.store)
    from streamlit.testing.v1 import AppTest

    _profiled_guard()

    at = AppTest.from_file(str(ROOT / "app" / "ui" / "main.py"), default_timeout=600)
    t, c = time.perf_counter(), time.process_time()
    at.run()
    print(f"cold run: {time.perf_counter() - t:.2f} s wall, {time.process_time() - c:.2f} s CPU; "
          f"load average {os.getloadavg()[0]:.1f}")
    if at.exception:
        print("exception:", at.exception[0].message)
        return 1
    if "flt_langs" in at.session_state:
        at.session_state["_bench_langs"] = list(at.session_state["flt_langs"])
    for step in a.steps.split(","):
        if step.startswith("view:") or step == "warm":
            at.session_state["view"] = "map"
            at.run()
        cpus = []
        for i in range(a.runs):
            _step(at, step, i)
            c = time.process_time()
            at.run()
            cpus.append(time.process_time() - c)
            if at.exception:
                print(f"{step}: exception {at.exception[0].message[:200]}")
                break
        if cpus:
            print(f"{step:16s} CPU per run: median {statistics.median(cpus) * 1000:7.1f} ms "
                  f"(min {min(cpus) * 1000:.1f}, max {max(cpus) * 1000:.1f}, n={len(cpus)})")
        if step == a.profile:
            _step(at, step, a.runs)
            _PROFILE[0] = cProfile.Profile()
            at.run()
            pstats.Stats(_PROFILE[0]).sort_stats("cumulative").print_stats(a.top)
            _PROFILE[0] = None
    return 0


if __name__ == "__main__":
    sys.exit(main())
