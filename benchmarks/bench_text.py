"""Throughput of app.text and app.dates on the seeds repeated to ~10 MB.

Run: .venv/bin/python benchmarks/bench_text.py [target_MB]
Prints MB/s (UTF-8 bytes of the original text) for normalise, sentence_spans,
find_dates, and sentences/s for detect_languages. One core, no parallelism; CPU time (time.process_time), so other load on the machine does not skew it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.dates import find_dates  # noqa: E402
from app.text import detect_languages, normalise, sentence_spans  # noqa: E402


def main(target_mb: float = 10.0) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    seed_bytes = sum(len(s.encode("utf-8")) for s in seeds)
    reps = max(1, int(target_mb * 1e6 / seed_bytes))
    docs = [s * reps for s in seeds]          # five big documents, one per language
    total = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"corpus: {total:.1f} MB ({reps} x seeds), {sum(len(d) for d in docs) / 1e6:.1f} M chars")
    t = time.process_time()
    normalise("warm up")
    find_dates("warm up 2020", "en")
    for s in seeds:                  # lingua loads its n-gram models lazily, on first use
        detect_languages(s, sentence_spans(s))
    print(f"one-time set-up (tables, month regex, lingua models): {time.process_time() - t:.2f} s CPU")

    t = time.process_time()
    norms = [normalise(d) for d in docs]
    dt = time.process_time() - t
    print(f"normalise:        {total / dt:7.1f} MB/s  ({dt:.2f} s)")

    t = time.process_time()
    spans = [sentence_spans(d) for d in docs]
    dt = time.process_time() - t
    n_sent = sum(len(s) for s in spans)
    print(f"sentence_spans:   {total / dt:7.1f} MB/s  ({dt:.2f} s, {n_sent} sentences)")

    t = time.process_time()
    n_dates = 0
    for d, n in zip(docs, norms):
        n_dates += len(find_dates(d, None, "2024-06", norm=n))
    dt = time.process_time() - t
    print(f"find_dates:       {total / dt:7.1f} MB/s  ({dt:.2f} s, {n_dates} dates; normalised text given)")

    t = time.process_time()
    for d, n, sp in zip(docs, norms, spans):
        find_dates(d, None, "2024-06", norm=n, sentences=sp)
    dt = time.process_time() - t
    print(f"find_dates:       {total / dt:7.1f} MB/s  ({dt:.2f} s; normalised text and sentences given)")

    t = time.process_time()
    for d, sp in zip(docs, spans):
        detect_languages(d, sp)
    dt = time.process_time() - t
    print(f"detect_languages: {n_sent / dt:9.0f} sentences/s  ({total / dt:.1f} MB/s, {dt:.2f} s)")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0)
