"""Speed of the annotator as users run it: the CLI end to end, and the pipeline's stages.

    python benchmarks/bench_annotate.py                 # the CLI on ~1,600 documents, 30 MB
    python benchmarks/bench_annotate.py --large         # the CLI on a few large documents
    python benchmarks/bench_annotate.py --mb 3          # a quick run
    python benchmarks/bench_annotate.py --split         # ... and the CPU time of each of its stages
    python benchmarks/bench_annotate.py --stages        # in-process, 1 MB documents, per stage

Default mode: the seeds are cut into one-language documents of 2–60 KB
(news-article sizes; paragraphs of one seed, starting at a random paragraph
and wrapping round, sizes log-uniform, a fixed random seed) until the corpus
holds ``--mb`` MB (default 30, about 1,600 files), written to a temporary
folder with a manifest giving each its seed's metadata. Then the command users
run, ``python -m app.annotate DIR --format jsonl --out FILE``, runs as a
subprocess pinned to one core (``taskset -c 0`` when available): start-up,
reading, annotating and writing are all counted. Reports MB per CPU second
(user + system of the child, ``resource.getrusage(RUSAGE_CHILDREN)``), MB per
wall second, the child's peak resident memory and the rows written. Target:
>= 10 MB per CPU second, peak <= 400 MB. ``--large`` makes a few documents of
``--doc-mb`` MB (default 4) instead.

Measured (issue 13, 2 shared cores under heavy load, so CPU times are high): before, 1.06 MB per
CPU second and 290 MiB (lingua's per-sentence detection about half the time, then reading, the
script tables and folding); after, 2.85 MB per CPU second and 92 MiB (lingua only where cheap cues
disagree with the document's language; the gazetteer, dates and the per-sentence language checks
now take about a quarter, a quarter and a sixth; writing the JSON Lines a tenth; start-up ~0.6 s).
``--large`` (8 documents of 4 MB): 2.03 -> 4.05 MB/s, 487 -> 327 MiB.
Then (issue 13, item 6, second pass; docs/PERFORMANCE.md), run back to back with main under a
load of 6-8: 30 MB of small documents 2.7-3.0 -> 3.7-3.8 MB per CPU second (10.1-11.3 -> 7.8-8.2
CPU s), 95 -> 67 MiB; ``--large`` 3.8 -> 5.2 MB per CPU second, 329 -> 268 MiB; start-up 0.55 ->
0.34 s; the rows are byte-identical. Third and fourth passes (docs/PERFORMANCE.md), on a quiet
machine: 30 MB of small documents 3.0-3.8 -> 4.8-5.1 MB per CPU second, 66 MiB; ``--large``
5.0-5.5 -> 7.0 MB per CPU second; start-up 0.25 s. ``--split`` adds the CPU time of each stage
of the same command run in process.

``--stages`` keeps the older in-process measurement: documents of ``--doc-mb``
MB through :func:`app.annotate.annotate_document`, with the CPU time of each
stage measured on one document per seed with the same calls the pipeline
makes: normalise, sentences, gazetteer, dates, languages
(:func:`app.text.detect_languages` on the sentences holding a row) and rows
(building and ordering the row dicts: the rest of ``annotate_document``).
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.annotate import _find_dates, _published_date, annotate_document  # noqa: E402
from app.corpus import Document, load_corpus  # noqa: E402
from app.gazetteer import Gazetteer  # noqa: E402
from app.text import detect_language, detect_languages, normalise, sentence_spans  # noqa: E402

TARGET_MB_S = 10.0       # per CPU second, the CLI end to end
TARGET_STAGES_MB_S = 5.0  # per CPU second, annotate_document in process
TARGET_PEAK_MB = 400


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def write_corpus(folder: Path, total_mb: float, min_kb: float = 2, max_kb: float = 60,
                 large_mb: float | None = None, seed: int = 13) -> tuple[int, int]:
    """Cut the seeds into one-language documents in ``folder``; returns (files, bytes).

    Each document is paragraphs of one seed (from a random paragraph, wrapping
    round) up to a size drawn log-uniformly from ``min_kb``..``max_kb`` KB, or
    ``large_mb`` MB each when given. The manifest gives each its seed's entry.
    """
    seeds, errors = load_corpus(ROOT / "seeds")
    if errors:
        raise SystemExit(f"seeds did not load: {errors}")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    entries, total, i = [], 0, 0
    target = int(total_mb * 1e6)
    while total < target:
        src = seeds[i % len(seeds)]
        paras = _paragraphs(src.text)
        want = int(large_mb * 1e6) if large_mb else \
            int(1000 * math.exp(rng.uniform(math.log(min_kb), math.log(max_kb))))
        want = min(want, target - total) if target - total > min_kb * 1000 else want
        j, parts, size = rng.randrange(len(paras)), [], 0
        while size < want:
            p = paras[j % len(paras)]
            parts.append(p)
            size += len(p.encode("utf-8")) + 1
            j += 1
        text = "\n".join(parts) + "\n"
        name = f"{i:05d}_{Path(src.name).stem}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        meta = {k: v for k, v in (src.meta or {}).items() if k != "file"}
        entries.append({"file": name, **meta})
        total += len(text.encode("utf-8"))
        i += 1
    (folder / "manifest.json").write_text(
        json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8")
    return i, total


def run_cli(folder: Path, out: Path) -> dict:
    """``python -m app.annotate folder --format jsonl --out out`` on one core; its cost."""
    cmd = [sys.executable, "-m", "app.annotate", str(folder), "--format", "jsonl",
           "--out", str(out), "--no-progress"]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", str(min(os.sched_getaffinity(0)))] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"the CLI failed ({proc.returncode}): {proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(out, "rb") as fh:
        rows = sum(1 for _ in fh)
    return {"cpu": cpu, "wall": wall, "peak_mib": after.ru_maxrss / 1024, "rows": rows,
            "out_bytes": out.stat().st_size}


# the CLI's stages: (module, attribute) -> stage; each is timed where the CLI calls it
_SPLIT = (("app.annotate", "iter_corpus", "reading"), ("app.annotate", "normalise", "normalise"),
          ("app.annotate", "sentence_spans", "sentences"),
          ("app.gazetteer.matcher", "Gazetteer.find_spans", "gazetteer"),
          ("app.annotate", "_find_dates", "dates"),
          ("app.annotate", "_sentence_languages", "languages"),
          ("app.annotate", "jsonl_columns", "writing"))


def cli_split(folder: Path, out: Path) -> dict[str, float]:
    """CPU seconds of each stage of ``python -m app.annotate folder --format jsonl`` run in this
    process (on whatever cores it may use): reading (listing, reading and decoding the files),
    normalise, sentences, gazetteer, dates, languages (the sentences holding a row), writing
    (the JSON Lines built), rows (the rest of building the rows: sentence cuts, order,
    offsets), start-up (imports, arguments, the gazetteer from its cache; tables and patterns
    built on first use count in their stage) and file output (what is left: encoding and
    writing the lines to the file, the loop)."""
    import importlib

    clock = time.process_time
    spent = dict.fromkeys([k for _m, _a, k in _SPLIT] + ["rows"], 0.0)
    t_all = clock()
    annotate = importlib.import_module("app.annotate")

    def timed(fn, key):
        def run(*a, **k):
            t0 = clock()
            try:
                return fn(*a, **k)
            finally:
                spent[key] += clock() - t0
        return run

    first: list[float] = []

    def gen_timed(fn, key):
        def run(*a, **k):
            if key == "reading" and not first:
                first.append(clock())
            it = iter(fn(*a, **k))
            while True:
                t0 = clock()
                try:
                    item = next(it)
                except StopIteration:
                    spent[key] += clock() - t0
                    return
                spent[key] += clock() - t0
                yield item
        return run

    saved = []
    for mod_name, attr, key in _SPLIT:
        owner = importlib.import_module(mod_name)
        if "." in attr:
            cls_name, attr = attr.split(".")
            owner = getattr(owner, cls_name)
        fn = getattr(owner, attr)
        saved.append((owner, attr, fn))
        wrapped = gen_timed(fn, key) if attr in ("iter_corpus", "jsonl_columns") else timed(fn, key)
        setattr(owner, attr, wrapped)
    t_cols = 0.0
    columns = annotate._columns

    def columns_timed(*a, **k):
        nonlocal t_cols
        t0 = clock()
        try:
            return columns(*a, **k)
        finally:
            t_cols += clock() - t0
    annotate._columns = columns_timed
    saved.append((annotate, "_columns", columns))
    try:
        annotate.main([str(folder), "--format", "jsonl", "--out", str(out), "--no-progress"])
    finally:
        for owner, attr, fn in saved:
            setattr(owner, attr, fn)
    t_end = clock()
    inner = sum(spent[k] for k in ("normalise", "sentences", "gazetteer", "dates", "languages"))
    spent["rows"] = max(0.0, t_cols - inner)
    spent["start-up"] = (first[0] if first else t_end) - t_all
    spent["file output"] = max(0.0, (t_end - t_all) - sum(spent.values()))
    return spent


def end_to_end(args) -> int:
    """The default mode: the CLI on a generated corpus (see the module docstring)."""
    tmp = Path(tempfile.mkdtemp(prefix="bench_annotate_"))
    try:
        corpus = tmp / "corpus"
        files, size = write_corpus(corpus, args.mb,
                                   large_mb=args.doc_mb if args.large else None)
        res = run_cli(corpus, tmp / "rows.jsonl")
        split = startup = None
        if args.split:
            split = cli_split(corpus, tmp / "rows_split.jsonl")
            tiny = tmp / "tiny"
            write_corpus(tiny, 0.002, min_kb=2, max_kb=2)
            startup = run_cli(tiny, tmp / "rows_tiny.jsonl")["cpu"]
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"corpus kept in {tmp}")
    mb = size / 1e6
    rate = mb / res["cpu"] if res["cpu"] else float("inf")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    shape = f"~{args.doc_mb:g} MB each" if args.large else "2-60 KB each"
    print(f"corpus: {files} one-language documents, {mb:.1f} MB ({shape}), cut from the seeds")
    print("command: python -m app.annotate DIR --format jsonl --out FILE (one core)"
          + (f"; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}" if load else ""))
    print()
    print("summary")
    print(f"  throughput   {rate:6.2f} MB/s of CPU time (target >= {TARGET_MB_S:g}: "
          f"{'met' if rate >= TARGET_MB_S else 'NOT met'}; {res['cpu']:.1f} s CPU)")
    print(f"               {mb / res['wall']:6.2f} MB/s of wall time ({res['wall']:.1f} s wall)")
    print(f"  peak memory  {res['peak_mib']:6.0f} MiB resident (target <= {TARGET_PEAK_MB}: "
          f"{'met' if res['peak_mib'] <= TARGET_PEAK_MB else 'NOT met'})")
    print(f"  rows         {res['rows']:6d} ({res['rows'] / mb:.0f} per MB; "
          f"{res['out_bytes'] / 1e6:.1f} MB of JSON Lines)")
    if split:
        whole = sum(split.values())
        print(f"  start-up     {startup:6.2f} s CPU (the command on one 2 KB document: imports, the "
              "gazetteer from its cache, tables and patterns built on first use)")
        print(f"  stages of the same command run in process ({whole:.1f} s CPU; tables and "
              "patterns built on first use count in their stage):")
        for k, v in sorted(split.items(), key=lambda kv: -kv[1]):
            print(f"    {k:11s} {v:6.2f} s  {v / mb:6.3f} s/MB  {100 * v / whole:5.1f} %")
    return 0


def iter_corpus_docs(total_mb: float, doc_mb: float) -> Iterator[Document]:
    """The seeds repeated into documents of ~``doc_mb`` MB until ``total_mb`` MB (lazily)."""
    seeds, errors = load_corpus(ROOT / "seeds")
    if errors:
        raise SystemExit(f"seeds did not load: {errors}")
    total = 0
    target = int(total_mb * 1e6)
    i = 0
    while total < target:
        seed = seeds[i % len(seeds)]
        reps = max(1, int(doc_mb * 1e6 // max(1, len(seed.text.encode("utf-8")))))
        text = "\n".join([seed.text] * reps)
        total += len(text.encode("utf-8"))
        yield Document(name=f"{i:04d}_{seed.name}", path=None, text=text,
                       meta=seed.meta, lang=seed.lang)
        i += 1


def build_corpus(total_mb: float, doc_mb: float) -> list[Document]:
    """All documents of :func:`iter_corpus_docs` in a list."""
    return list(iter_corpus_docs(total_mb, doc_mb))


STAGES = ("normalise", "sentences", "gazetteer", "dates", "languages", "rows")


def stage_times(doc: Document, gaz: Gazetteer) -> dict[str, float]:
    """CPU seconds of each pipeline stage on ``doc`` (the calls annotate_document makes)."""
    clock = time.process_time
    t: dict[str, float] = {}
    t0 = clock()
    norm = normalise(doc.text)
    t["normalise"] = clock() - t0
    t0 = clock()
    spans = sentence_spans(doc.text)
    t["sentences"] = clock() - t0
    doc_lang = doc.lang or detect_language(doc.text)
    doc_date = _published_date(doc.meta)
    t0 = clock()
    mentions = gaz.find_spans(doc.text, lang=doc_lang, norm=norm, doc_date=doc_date)
    t["gazetteer"] = clock() - t0
    t0 = clock()
    dates = _find_dates(doc.text, doc_lang, doc_date, norm, spans)
    t["dates"] = clock() - t0
    t0 = clock()
    starts = [a for a, _b in spans]
    wanted = sorted({bisect.bisect_right(starts, p) - 1
                     for p in [m[0] for m in mentions] + [d.start for d in dates]} - {-1})
    detect_languages(doc.text, [spans[i] for i in wanted])
    t["languages"] = clock() - t0
    t0 = clock()
    annotate_document(doc, gaz)
    whole = clock() - t0
    t["rows"] = max(0.0, whole - sum(t.values()))
    return t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=None,
                    help="corpus size in MB (default 30; --stages: 50)")
    ap.add_argument("--doc-mb", type=float, default=None,
                    help="size of one document in MB with --large (default 4) or --stages (1)")
    ap.add_argument("--large", action="store_true", help="a few large documents")
    ap.add_argument("--stages", action="store_true",
                    help="in-process pipeline with the CPU time of each stage")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpus and rows")
    ap.add_argument("--split", action="store_true",
                    help="also run the CLI in process and give the CPU time of each of its stages")
    args = ap.parse_args(argv)
    if not args.stages:
        args.mb = 30.0 if args.mb is None else args.mb
        args.doc_mb = 4.0 if args.doc_mb is None else args.doc_mb
        return end_to_end(args)
    return stages(args)


def stages(args) -> int:
    """``--stages``: annotate_document in process, and the CPU time of each stage."""
    args.mb = 50.0 if args.mb is None else args.mb
    args.doc_mb = 1.0 if args.doc_mb is None else args.doc_mb

    t0 = time.process_time()
    gaz = Gazetteer.load()
    load_s = time.process_time() - t0
    seeds = list(iter_corpus_docs(args.doc_mb * 5, args.doc_mb))[:5]  # one document per seed
    # warm up the lazily built parts (language models, tables) on a small text
    for d in seeds:
        annotate_document(Document(d.name, None, d.text[:2000], d.meta, d.lang), gaz)

    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    print(f"gazetteer: {len(gaz.ids)} ids, built in {load_s:.2f} s")
    by_stage = dict.fromkeys(STAGES, 0.0)
    sample_bytes = 0
    for d in seeds:
        for k, v in stage_times(d, gaz).items():
            by_stage[k] += v
        sample_bytes += len(d.text.encode("utf-8"))
    del seeds

    docs = rows = size = 0
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    for d in iter_corpus_docs(args.mb, args.doc_mb):
        rows += len(annotate_document(d, gaz))
        size += len(d.text.encode("utf-8"))
        docs += 1
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    load = os.getloadavg() if hasattr(os, "getloadavg") else None

    mb = size / 1e6
    cpu_rate = mb / cpu if cpu else float("inf")
    print(f"corpus: {docs} documents, {mb:.1f} MB (seeds repeated, ~{args.doc_mb:g} MB each)")
    print(f"CPU cores allowed: {cores if cores is not None else 'unknown'}"
          + (f"; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}" if load else ""))
    print()
    print("summary")
    print(f"  throughput   {cpu_rate:6.2f} MB/s of CPU time (one core; target >= "
          f"{TARGET_STAGES_MB_S:g}: {'met' if cpu_rate >= TARGET_STAGES_MB_S else 'NOT met'})")
    print(f"               {mb / wall:6.2f} MB/s of wall time ({cpu:.1f} s CPU, {wall:.1f} s wall)")
    print(f"  peak memory  {peak:6.0f} MiB resident (whole process: language models, tables, "
          f"one document and its rows)")
    print(f"  rows         {rows:6d} ({rows / mb:.0f} per MB)")
    stage_total = sum(by_stage.values())
    print(f"  stages, CPU time on one document per seed ({sample_bytes / 1e6:.1f} MB):")
    for k, v in by_stage.items():
        rate = sample_bytes / 1e6 / v if v else float("inf")
        share = 100 * v / stage_total if stage_total else 0.0
        print(f"    {k:10s} {v:6.2f} s  {1000 * v / (sample_bytes / 1e6):6.1f} ms/MB"
              f"  {rate:7.1f} MB/s  {share:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
