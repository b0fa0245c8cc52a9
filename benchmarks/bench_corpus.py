"""Benchmark of the store at scale: synthetic corpora of 10,000 and 100,000 documents made from the seeds.

    build  N OUT.jsonl          write N synthetic articles: each takes one seed (every language of the seeds
                                in turn), shuffles its sentences and keeps 4-40 of them; dates 1995-2025 (day,
                                month or year), titles, outlets and URLs vary
    ingest OUT.jsonl STORE [--workers N]    python -m app.ingest on it, timed (MB/s)
    replicate STORE OUT K       a store K times larger WITHOUT annotating again: every document of STORE copied K
                                times under a new name, hash, publication date and outlet (rows and texts
                                copied), for measuring the app on 100,000 documents when annotating them all
                                would take too long on the machine at hand (say so when you use it)
    app STORE [--runs 5]        the running app (a real server, Chromium) on that store: warm page load -> map
                                drawn, feature click -> panel, filter change -> map counts, server RSS; and
                                the same questions asked of the store directly (DuckDB time)

Usage (from the repo root):
    .venv/bin/python benchmarks/bench_corpus.py build 100000 /tmp/c100k.jsonl
    .venv/bin/python benchmarks/bench_corpus.py ingest /tmp/c100k.jsonl /tmp/store100k --workers 2
    .venv/bin/python benchmarks/bench_corpus.py app /tmp/store100k
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUTLETS = ["Asbarez", "Azatutyun", "Trend", "Hamshahri", "Svenska Dagbladet", "Al Jazeera", "Civil.ge",
           "Eurasianet", "OC Media", "Kommersant", "Tasnim", "Report.az"]


def build(n: int, out: Path, seed: int = 15) -> None:
    """Write ``n`` synthetic articles as JSON Lines."""
    from app.corpus import load_corpus
    from app.text import sentence_spans

    docs, _ = load_corpus([ROOT / "seeds"])
    pools = []
    for d in docs:
        sents = [d.text[a:b].strip() for a, b in sentence_spans(d.text) if d.text[a:b].strip()]
        pools.append((d.lang or d.meta.get("language"), sents))
    rnd = random.Random(seed)
    t0 = time.perf_counter()
    size = 0
    with open(out, "w", encoding="utf-8") as fh:
        for i in range(n):
            lang, sents = pools[i % len(pools)]
            k = min(len(sents), rnd.randint(4, 40))
            picked = rnd.sample(sents, k)
            y, m, dd = rnd.randint(1995, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
            date = rnd.choice([f"{y}", f"{y}-{m:02d}", f"{y}-{m:02d}-{dd:02d}"])
            rec = {"text": "\n".join(picked), "title": f"Synthetic report {i} ({lang})", "language": lang,
                   "date": date, "source": rnd.choice(OUTLETS), "url": f"https://example.org/{i}",
                   "name": f"syn-{i:06d}"}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            fh.write(line)
    print(f"wrote {n:,} documents, {size / 1e6:.1f} MB to {out} in {time.perf_counter() - t0:.1f} s")


def ingest(src: Path, store: Path, workers: int) -> None:
    """Time ``python -m app.ingest`` (fresh store)."""
    from app.corpus.ingest import ingest as run
    from app.corpus.store import Store

    import resource

    def cpu() -> float:
        return sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                   for f in ("ru_utime", "ru_stime"))
    t0, c0 = time.perf_counter(), cpu()
    s = run([src], Store(store), workers=workers)
    wall, used = time.perf_counter() - t0, cpu() - c0
    print(f"  CPU (this process + its workers): {used:.0f} s = {src.stat().st_size / 1e6 / used:.3f} MB per CPU second; "
          f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"ingest, {workers} worker(s): {s.text()}")
    print(f"  input {src.stat().st_size / 1e6:.1f} MB in {wall:.1f} s = {src.stat().st_size / 1e6 / wall:.2f} MB/s "
          f"(input bytes / wall); store on disk {sum(f.stat().st_size for f in store.rglob('*') if f.is_file()) / 1e6:.1f} MB")


def replicate(src: Path, dst: Path, k: int, seed: int = 15) -> None:
    """Copy every document of ``src`` ``k`` times into a new store ``dst`` (see the module docstring)."""
    import datetime as dt
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    from app.corpus.store import Store, part_id

    t0 = time.perf_counter()
    rnd = random.Random(seed)
    docs = Store(src).documents()
    by_part: dict[str, list[dict]] = {}
    for d in docs:
        by_part.setdefault(d["part"], []).append(d)
    records = []
    for part, members in by_part.items():
        tables = {kind: pq.read_table(src / kind / f"{part}.parquet") for kind in ("rows", "counts", "texts")}
        for j in range(k):
            new = {d["hash"]: hashlib.blake2b(f"{d['hash']}#{j}".encode(), digest_size=16).hexdigest()
                   for d in members}
            names = {d["name"]: f"{d['name']}-r{j}" for d in members}
            pid = part_id(new[d["hash"]] for d in members)
            for kind, t in tables.items():
                t = t.set_column(t.schema.get_field_index("hash"), "hash",
                                 pa.array([new[h] for h in t.column("hash").to_pylist()], pa.string()))
                if kind == "rows":
                    t = t.set_column(t.schema.get_field_index("doc"), "doc",
                                     pa.array([names[n] for n in t.column("doc").to_pylist()], pa.string()))
                (dst / kind).mkdir(parents=True, exist_ok=True)
                pq.write_table(t, dst / kind / f"{pid}.parquet", compression="zstd")
            for d in members:
                y, m = rnd.randint(1995, 2025), rnd.randint(1, 12)
                meta = json.loads(d["meta"])
                meta.update(file=names[d["name"]], outlet=rnd.choice(OUTLETS),
                            published={"date": f"{y}-{m:02d}", "precision": "month", "basis": "stated", "note": None})
                last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
                records.append({**d, "name": names[d["name"]], "hash": new[d["hash"]], "part": pid,
                                "outlet": meta["outlet"], "pub_date": f"{y}-{m:02d}", "pub_lo": dt.date(y, m, 1),
                                "pub_hi": last, "meta": json.dumps(meta, ensure_ascii=False), "source": str(src)})
    Store(dst).commit(records, [f"replicated from {src} x{k}"])
    print(f"replicated {len(docs):,} documents x{k} = {len(records):,} into {dst} in {time.perf_counter() - t0:.1f} s "
          f"({sum(r['n_rows'] for r in records):,} rows)")


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    for p in [pid] + _children(pid):
        try:
            for line in open(f"/proc/{p}/status"):
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        kids = [int(x) for x in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _children(k)]


def direct(store: Path) -> None:
    """The map view's questions asked of the store directly (no Streamlit)."""
    from app.atlas.join import containment
    from app.atlas.layers import load_layers
    from app.corpus.query import StoreReader
    from app.corpus.store import Store
    from app.ui.store_view import feature_ids

    t0 = time.perf_counter()
    reader = StoreReader(Store(store))
    print(f"store opened (documents + counts into DuckDB): {time.perf_counter() - t0:.3f} s; "
          f"{reader.n_docs:,} documents, {reader.n_rows:,} rows")
    inside = containment(load_layers(ROOT / "geodata" / "features.geojson"))
    for label, filters in (("no filter", {}), ("Persian only", {"langs": ["fa"]}),
                           ("2010-2015", {"date_from": "2010-01-01", "date_to": "2015-12-31"})):
        xs = []
        for _ in range(5):
            t = time.perf_counter()
            reader.map_counts(filters, inside)
            xs.append(time.perf_counter() - t)
        print(f"  map counts, {label}: median {statistics.median(xs) * 1000:.0f} ms")
    for fid in ("armenia", "lachin_corridor", "zangezur_corridor"):
        xs = []
        for _ in range(5):
            t = time.perf_counter()
            ids = feature_ids(fid, inside)
            langs = reader.feature_languages(ids, {})
            docs = reader.feature_documents(ids, {}, offset=0, limit=10)
            reader.rows([(h, p) for _n, h, p, _c, _l in docs], ids)
            reader.metas([n for n, *_ in docs])
            xs.append(time.perf_counter() - t)
        n = sum(d for _l, d, _n in langs)
        print(f"  panel page (10 documents + counts per language) for {fid} ({n:,} documents): "
              f"median {statistics.median(xs) * 1000:.0f} ms")


def app(store: Path, runs: int) -> None:
    """The real app on the store, in Chromium (see benchmarks/bench_reader_browser.py)."""
    from playwright.sync_api import sync_playwright

    import bench_reader_browser as B
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, guard_page, start_app

    direct(store)
    os.environ["ATLAS_STORE"] = str(store)
    port = free_port()
    t = time.perf_counter()
    proc = start_app(port, B.GEODATA, Path(tempfile.mkdtemp()) / "streamlit.log")
    print(f"server healthy after {time.perf_counter() - t:.2f} s, RSS {rss_mb(proc.pid):.0f} MB")
    url = f"http://127.0.0.1:{port}"
    problems: list = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            loads = []
            for i in range(runs + 1):
                ctx = browser.new_context(viewport={"width": 1400, "height": 950})
                page = ctx.new_page()
                problems += guard_page(page)
                t = time.perf_counter()
                page.goto(url)
                B.wait_map(page, timeout=300)
                page.get_by_test_id("stSidebar").get_by_text("Languages").wait_for(timeout=300000)
                loads.append(time.perf_counter() - t)
                ctx.close()
                if i == 0:
                    print(f"first page load (opens the store) -> map drawn: {loads[0]:.3f} s, "
                          f"RSS {rss_mb(proc.pid):.0f} MB")
            print(f"warm page load -> map drawn: {B.stats(loads[1:])}")
            ctx = browser.new_context(viewport={"width": 1400, "height": 950})
            page = ctx.new_page()
            problems += guard_page(page)
            page.goto(url)
            B.wait_map(page, timeout=300)
            clicks = [B.click_feature(page, "zangezur_corridor" if i % 2 == 0 else "lachin_corridor")
                      for i in range(runs * 2)]
            print(f"feature click -> panel shown: {B.stats(clicks)}")
            flt = [B.toggle_english(page, remove=i % 2 == 0) for i in range(runs * 2)]
            print(f"filter change -> map redrawn with new counts: {B.stats(flt)}")
            ctx.close()
            browser.close()
        print(f"server RSS after the runs: {rss_mb(proc.pid):.0f} MB")
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"problems (outside requests, HTTP errors, page errors): {len(problems)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("n", type=int)
    b.add_argument("out", type=Path)
    i = sub.add_parser("ingest")
    i.add_argument("src", type=Path)
    i.add_argument("store", type=Path)
    i.add_argument("--workers", type=int, default=1)
    r = sub.add_parser("replicate")
    r.add_argument("src", type=Path)
    r.add_argument("dst", type=Path)
    r.add_argument("k", type=int)
    a = sub.add_parser("app")
    a.add_argument("store", type=Path)
    a.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    if args.cmd == "build":
        build(args.n, args.out)
    elif args.cmd == "replicate":
        replicate(args.src, args.dst, args.k)
    elif args.cmd == "ingest":
        ingest(args.src, args.store, args.workers)
    else:
        app(args.store, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
