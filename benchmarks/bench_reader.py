"""Timing of the reader core on the seeds, and on the seeds repeated (rows scaled up).

Run: .venv/bin/python benchmarks/bench_reader.py [repeat]
Prints milliseconds per call (median of 5) for feature_quotes, quotes_html,
filter_rows + counts_for_map, document_html (longest seed), search (features
and sentences), with the seeds' annotation rows repeated ``repeat`` times
(documents renamed) to show how it scales.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.annotate import annotate_document  # noqa: E402
from app.corpus import Document, load_corpus  # noqa: E402
from app.reading.panel import counts_for_map, document_html, feature_quotes, filter_rows, quotes_html  # noqa: E402
from app.reading.search import load_names, search  # noqa: E402


def ms(fn, n=5):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(repeat: int = 1) -> None:
    t = time.perf_counter()
    docs, _ = load_corpus([ROOT / "seeds"])
    rows = [r for d in docs for r in annotate_document(d)]
    print(f"seeds: {len(docs)} documents, {len(rows)} rows, annotated in {time.perf_counter() - t:.2f} s")
    if repeat > 1:
        big_docs, big_rows = [], []
        for i in range(repeat):
            for d in docs:
                big_docs.append(Document(f"{i}_{d.name}", None, d.text, dict(d.meta, file=f"{i}_{d.name}"), d.lang))
            big_rows += [dict(r, doc=f"{i}_{r['doc']}") for r in rows]
        docs, rows = big_docs, big_rows
        print(f"scaled: {len(docs)} documents, {len(rows)} rows")
    names = load_names()
    longest = max(docs, key=lambda d: len(d.text))
    q = feature_quotes("azerbaijan", rows, docs)
    print(f"feature_quotes('azerbaijan'): {ms(lambda: feature_quotes('azerbaijan', rows, docs)):.1f} ms "
          f"({sum(len(g['sentences']) for g in q)} sentences)")
    print(f"quotes_html: {ms(lambda: quotes_html(q, feature_id='azerbaijan')):.1f} ms")
    print(f"filter_rows(langs=['fa']) + counts_for_map: "
          f"{ms(lambda: counts_for_map(filter_rows(rows, docs, langs=['fa']))):.1f} ms")
    print(f"document_html({longest.name}, {len(longest.text)} chars): "
          f"{ms(lambda: document_html(longest, rows)):.1f} ms")
    from app.gazetteer import Gazetteer

    app_index = (Gazetteer.load(), names)      # what the app's search box passes
    search("warm", names, docs)
    search("warm", app_index, docs)
    for label, index in (("names", names), ("gazetteer+names", app_index)):
        for query in ("Zangezr", "زنگزور", "کریدور", "Nato", "Lachin", "mainland"):
            res = search(query, index, docs, rows=rows)
            print(f"search({query!r}, {label}): {ms(lambda: search(query, index, docs, rows=rows)):.1f} ms "
                  f"({len(res['features'])} features, {res['sentences_total']} sentences)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
