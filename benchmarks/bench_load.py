"""Many readers at once: N concurrent sessions against the running app, over Streamlit's own websocket.

Each session is what a browser tab sends and receives, without the browser (so the time is the server's
alone; the browser's drawing is measured by bench_reader_browser.py and bench_corpus.py): it connects to
``/_stcore/stream``, then follows a reader's path, each step one script run, timed from the message sent to
``script_finished``:

    load        the first run of the page (map, sidebar)
    click       a click on a corridor on the map (the map component's value, as the browser sends it)
    date        the sidebar's "Date" slider moved to another date
    filter      a language left out of the sidebar's "Languages" filter (the map's counts change)
    to_search   the Search view opened (the view switch: one wait the reader sees)
    search      a search for a place typed into it (a second wait)
    document    the Documents view (a document drawn with its mentions)

Bounded: ``--sessions`` (30) at once, ``--timeout`` seconds per step (60), ``--deadline`` for the whole run
(600); it then stops by itself. Reports p50/p95 per step, the server's RSS before and after (``--pid``, or
found from the port), its CPU seconds per page run and the bytes it sent per session.

Usage (the app already running on 127.0.0.1:PORT):
    .venv/bin/python benchmarks/bench_load.py --url http://127.0.0.1:8501 --sessions 30
    .venv/bin/python benchmarks/bench_load.py --start --sessions 30      # starts (and stops) its own server
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

STEPS = ("load", "click", "date", "filter", "to_search", "search", "document")
CORRIDORS = [("lachin_corridor", 39.6265, 46.5507), ("zangezur_corridor", 38.9145, 46.4436)]


class Session:
    """One reader: a websocket, the widgets the server drew, and the page's script hash."""

    def __init__(self, ws):
        self.ws = ws
        self.widgets: dict[str, tuple[str, str]] = {}   # label/key -> (widget id, element type)
        self.options: dict[str, list[str]] = {}         # label -> the options a multiselect offers
        self.states: dict[str, object] = {}             # widget id -> WidgetState (what the browser keeps)
        self.page_hash = ""
        self.received = 0                               # bytes the server sent on this websocket

    def _remember(self, msg: ForwardMsg) -> None:
        if msg.HasField("new_session"):
            self.page_hash = msg.new_session.page_script_hash or msg.new_session.main_script_hash
        if not msg.HasField("delta") or not msg.delta.HasField("new_element"):
            return
        el = msg.delta.new_element
        kind = el.WhichOneof("type")
        if kind is None:
            return
        proto = getattr(el, kind)
        wid = getattr(proto, "id", "")
        if not wid:
            return
        label = getattr(proto, "label", "") or getattr(proto, "component_name", "")
        self.widgets[label] = (wid, kind)
        if kind == "multiselect":
            self.options[label] = list(proto.options)

    async def run(self, query: str = "", timeout: float = 60.0) -> float:
        """One script run with the current widget states; seconds until ``script_finished``."""
        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.page_script_hash = self.page_hash
        for st in self.states.values():
            back.rerun_script.widget_states.widgets.append(st)
        t = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout)
            self.received += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            self._remember(msg)
            if msg.HasField("script_finished"):
                return time.perf_counter() - t

    def set(self, label: str, **value) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        wid, _kind = self.widgets[label]
        st = WidgetState(id=wid)
        for field, v in value.items():
            if field == "double_array_value":
                st.double_array_value.data.extend(v)
            elif field == "string_array_value":
                st.string_array_value.data.extend(v)
            else:
                setattr(st, field, v)
        self.states[wid] = st


async def reader(url: str, n: int, timeout: float, results: dict, errors: list) -> None:
    import websockets

    ws_url = url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    fid, lat, lng = CORRIDORS[n % len(CORRIDORS)]
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                      open_timeout=timeout) as ws:
            s = Session(ws)
            results["load"].append(await s.run(timeout=timeout))
            results.setdefault("load_bytes", []).append(s.received)
            s.set("streamlit_folium.st_folium", json_value=json.dumps({
                "last_active_drawing": {"properties": {"id": fid}}, "last_object_clicked": {"lat": lat, "lng": lng},
                "center": {"lat": lat, "lng": lng}, "zoom": 8}))
            results["click"].append(await s.run(timeout=timeout))
            day = dt.datetime(2012 + n % 10, 6, 1, tzinfo=dt.timezone.utc)
            s.set("Date", double_array_value=[day.timestamp() * 1e6])
            results["date"].append(await s.run(timeout=timeout))
            langs = s.options.get("Languages") or []
            s.set("Languages", string_array_value=[x for i, x in enumerate(langs) if i != n % len(langs)])
            results["filter"].append(await s.run(timeout=timeout))
            s.set("View", string_array_value=["Search"])
            results["to_search"].append(await s.run(timeout=timeout))
            label = next((k for k in s.widgets if k.startswith("Search places")), None)
            if label is None:   # a store too large for the views that read every row: the view says so
                results.setdefault("notes", set()).add("search view not drawn (store past the in-memory limit)")
            else:
                s.set(label, string_value=["Meghri", "Zangezur", "Tbilisi"][n % 3])
                results["search"].append(await s.run(timeout=timeout))
            s.set("View", string_array_value=["Documents"])
            results["document"].append(await s.run(timeout=timeout))
            results.setdefault("all_bytes", []).append(s.received)
    except Exception as exc:  # noqa: BLE001 - a failed session is counted, the others go on
        errors.append(f"session {n}: {type(exc).__name__}: {exc}")


def _cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pid_for_port(port: int) -> int | None:
    """The process listening on 127.0.0.1:port (from /proc, no extra tools)."""
    inodes = set()
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        parts = line.split()
        if parts[3] == "0A" and int(parts[1].split(":")[1], 16) == port:
            inodes.add(parts[9])
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return int(pid)
        except OSError:
            continue
    return None


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


async def wave(url: str, sessions: int, timeout: float, deadline: float) -> tuple[dict, list]:
    results: dict[str, list[float]] = {s: [] for s in STEPS}
    errors: list[str] = []
    tasks = [asyncio.create_task(reader(url, i, timeout, results, errors)) for i in range(sessions)]
    done, pending = await asyncio.wait(tasks, timeout=deadline)
    for t in pending:
        t.cancel()
    if pending:
        errors.append(f"{len(pending)} session(s) stopped at the deadline ({deadline:.0f} s)")
    return results, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8501")
    ap.add_argument("--start", action="store_true", help="start a server for the run (ATLAS_STORE as set)")
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--deadline", type=float, default=600.0)
    ap.add_argument("--pid", type=int, help="the server's process id (default: found from the port)")
    a = ap.parse_args(argv)
    a.sessions = max(1, min(a.sessions, 200))
    proc = None
    if a.start:
        from tests.conftest import REAL_GEODATA, free_port, start_app
        port = free_port()
        proc = start_app(port, REAL_GEODATA, Path(tempfile.mkdtemp()) / "streamlit.log")
        a.url, a.pid = f"http://127.0.0.1:{port}", proc.pid
    try:
        port = int(a.url.rsplit(":", 1)[1].split("/")[0])
        pid = a.pid or _pid_for_port(port)
        from bench_corpus import rss_mb
        if pid:
            print(f"server pid {pid}: RSS {rss_mb(pid):.0f} MB before")
        # one warm-up reader (the first run of a fresh server fills the caches), then the wave
        warm, errs = asyncio.run(wave(a.url, 1, a.timeout, a.deadline))
        print("warm-up (1 session): " + ", ".join(f"{s} {warm[s][0]:.3f} s" for s in STEPS if warm[s]))
        c0 = _cpu_seconds(pid) if pid else None
        t0 = time.perf_counter()
        results, errors = asyncio.run(wave(a.url, a.sessions, a.timeout, a.deadline))
        wall = time.perf_counter() - t0
        runs = sum(len(results[s]) for s in STEPS)
        print(f"{a.sessions} sessions at once, {wall:.1f} s in all; server time per step:")
        for s in STEPS:
            xs = results[s]
            print(f"  {s:9s} n={len(xs):3d}  p50 {pct(xs, 50):6.3f} s  p95 {pct(xs, 95):6.3f} s  max "
                  f"{max(xs) if xs else float('nan'):6.3f} s")
        if pid:
            cpu = _cpu_seconds(pid) - c0
            print(f"server CPU {cpu:.1f} s for {runs} page runs = {cpu / max(runs, 1) * 1000:.0f} ms per run; "
                  f"RSS {rss_mb(pid):.0f} MB after")
        if results.get("load_bytes"):
            print(f"sent per session: first run {statistics.median(results['load_bytes']) / 1e6:.2f} MB, "
                  f"whole path {statistics.median(results.get('all_bytes') or [0]) / 1e6:.2f} MB (median)")
        for note in sorted(results.get("notes", ())):
            print("  note:", note)
        for e in (errs + errors)[:10]:
            print("  error:", e)
        return 1 if errors or errs else 0
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "benchmarks"))
    sys.exit(main())
