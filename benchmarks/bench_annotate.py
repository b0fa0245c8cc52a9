"""Throughput of the annotation pipeline on the seeds repeated to a large corpus.

    python benchmarks/bench_annotate.py            # 50 MB (the target size)
    python benchmarks/bench_annotate.py --mb 2     # a quick run
    taskset -c 0 python benchmarks/bench_annotate.py   # pinned to one core

Each seed is repeated into documents of about ``--doc-mb`` MB (its own
language and manifest entry kept), until the corpus reaches ``--mb`` MB of
UTF-8. Documents are made one at a time and annotated from scratch with
:func:`app.annotate.annotate_document` (no caching across documents); their
rows are counted and dropped, as a streaming consumer of
:func:`app.annotate.iter_annotations` would, so the peak memory is that of the
pipeline (models, tables, one document and its rows), not of the corpus.

Reports MB/s for the whole pipeline per CPU second (the one-core figure) and
per wall second (which other processes on the machine can slow), the number
of rows, the peak resident memory (``resource.getrusage``), the load average,
and the CPU time of each stage, measured on one document per seed with the
same calls the pipeline makes: normalise, sentences, gazetteer, dates,
languages (:func:`app.text.detect_languages` on the sentences holding a row)
and rows (building and ordering the row dicts: the rest of
``annotate_document``). Target: >= 5 MB/s on one core.
"""

from __future__ import annotations

import argparse
import bisect
import os
import resource
import sys
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.annotate import _find_dates, _published_date, annotate_document  # noqa: E402
from app.corpus import Document, load_corpus  # noqa: E402
from app.gazetteer import Gazetteer  # noqa: E402
from app.text import detect_language, detect_languages, normalise, sentence_spans  # noqa: E402

TARGET_MB_S = 5.0


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
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    ap.add_argument("--doc-mb", type=float, default=1.0, help="size of one document in MB")
    args = ap.parse_args(argv)

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
          f"{TARGET_MB_S:g}: {'met' if cpu_rate >= TARGET_MB_S else 'NOT met'})")
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
