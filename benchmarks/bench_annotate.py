"""Throughput of the annotation pipeline on the seeds repeated to a large corpus.

    python benchmarks/bench_annotate.py            # 50 MB (the target size)
    python benchmarks/bench_annotate.py --mb 2     # a quick run

Each seed is repeated into documents of about ``--doc-mb`` MB (its own
language and manifest entry kept), until the corpus reaches ``--mb`` MB of
UTF-8. Every document is annotated from scratch with
:func:`app.annotate.annotate_document` (no caching across documents). Reports
MB/s for the whole pipeline (per CPU second, the one-core figure, and per
wall second, which other processes on the machine can slow), the time share of each stage (measured on one
document per seed), the number of rows, and the peak resident memory
(``resource.getrusage``). Target: >= 5 MB/s on one core.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.annotate import _published_date, annotate_document  # noqa: E402
from app.corpus import Document, load_corpus  # noqa: E402
from app.gazetteer import Gazetteer  # noqa: E402
from app.text import detect_language, detect_languages, normalise, sentence_spans  # noqa: E402


def build_corpus(total_mb: float, doc_mb: float) -> list[Document]:
    seeds, errors = load_corpus(ROOT / "seeds")
    if errors:
        raise SystemExit(f"seeds did not load: {errors}")
    docs: list[Document] = []
    total = 0
    target = int(total_mb * 1e6)
    i = 0
    while total < target:
        seed = seeds[i % len(seeds)]
        reps = max(1, int(doc_mb * 1e6 // max(1, len(seed.text.encode("utf-8")))))
        text = "\n".join([seed.text] * reps)
        docs.append(Document(name=f"{i:04d}_{seed.name}", path=None, text=text,
                             meta=seed.meta, lang=seed.lang))
        total += len(text.encode("utf-8"))
        i += 1
    return docs


def stage_times(doc: Document, gaz: Gazetteer) -> dict[str, float]:
    from app.dates import find_dates
    t = {}
    t0 = time.process_time()
    norm = normalise(doc.text)
    t["normalise"] = time.process_time() - t0
    t0 = time.process_time()
    spans = sentence_spans(doc.text)
    t["sentences"] = time.process_time() - t0
    t0 = time.process_time()
    mentions = gaz.find(doc.text, lang=doc.lang, norm=norm)
    t["gazetteer"] = time.process_time() - t0
    t0 = time.process_time()
    find_dates(doc.text, lang=doc.lang, doc_date=_published_date(doc.meta), norm=norm)
    t["dates"] = time.process_time() - t0
    t0 = time.process_time()
    detect_language(doc.text)
    import bisect
    starts = [s for s, _ in spans]
    wanted = sorted({bisect.bisect_right(starts, m.start) - 1 for m in mentions} - {-1})
    detect_languages(doc.text, [spans[i] for i in wanted])
    t["languages"] = time.process_time() - t0
    return t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    ap.add_argument("--doc-mb", type=float, default=1.0, help="size of one document in MB")
    args = ap.parse_args(argv)

    t0 = time.process_time()
    gaz = Gazetteer.load()
    load_s = time.process_time() - t0
    docs = build_corpus(args.mb, args.doc_mb)
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    # warm up the lazily built parts (language models, tables) on a small text
    for d in docs[:5]:
        annotate_document(Document(d.name, None, d.text[:2000], d.meta, d.lang), gaz)

    print(f"gazetteer: {len(gaz.ids)} ids, built in {load_s:.2f} s")
    print(f"corpus: {len(docs)} documents, {size / 1e6:.1f} MB")
    by_stage: dict[str, float] = {}
    sample_bytes = 0
    for d in docs[:5]:
        for k, v in stage_times(d, gaz).items():
            by_stage[k] = by_stage.get(k, 0.0) + v
        sample_bytes += len(d.text.encode("utf-8"))
    stage_total = sum(by_stage.values())
    print("stages, CPU time (one document per seed):")
    for k, v in by_stage.items():
        print(f"  {k:10s} {v:7.2f} s  {sample_bytes / 1e6 / v if v else float('inf'):8.1f} MB/s"
              f"  {100 * v / stage_total:5.1f} %")

    rows = 0
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    for d in docs:
        rows += len(annotate_document(d, gaz))
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    print(f"pipeline: {size / 1e6:.1f} MB in {wall:.1f} s wall, {cpu:.1f} s CPU: "
          f"{size / 1e6 / cpu:.2f} MB/s of CPU ({size / 1e6 / wall:.2f} MB/s wall), {rows} rows")
    print(f"peak resident memory: {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
