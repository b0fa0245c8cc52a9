"""Hostile shapes of input as a user meets them: annotation time and output size at 1x and 4x.

    python benchmarks/bench_hostile.py              # the shapes of issue 14, 20 KB and 80 KB
    python benchmarks/bench_hostile.py --kb 50      # other sizes (1x = --kb, 4x = 4 * --kb)

For each shape the document is annotated with :func:`app.annotate.annotate_document` (the CLI's and
the upload's path) and its rows written as JSON Lines (counted, not kept), then the reader's paths run
over it: the search for a word (:func:`app.reading.search.search_sentences` on the document) and the
panel's quotes for the most mentioned feature (:func:`app.reading.panel.feature_quotes`). Reports
seconds (CPU) and output megabytes; a linear path takes about 4 times as long at 4x, a quadratic one 16.

Measured (2 shared cores, load ~12; before = the tree at 96f20c1, after = issue 14's fixes):

    shape                  KB   output MB before -> after   search s before -> after   panel s before -> after
    Baku repeated          20       84.93 ->  3.73              0.271 -> 0.011            0.220 -> 0.014
    Baku repeated          80     1346.37 -> 14.96              4.248 -> 0.039            3.364 -> 0.053
    10.11.2020 repeated    20       38.62 ->  1.72              0.397 -> 0.013
    10.11.2020 repeated    80      612.11 ->  6.90              7.221 -> 0.086
    no punctuation         20       11.18 ->  0.49              0.042 -> 0.003            0.005 -> 0.003
    no punctuation         80      177.18 ->  1.97              0.597 -> 0.006            0.073 -> 0.008
    seeds as one line      80        0.71 ->  0.80              0.002 -> 0.002            0.002 -> 0.002
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.annotate import annotate_document  # noqa: E402
from app.corpus import Document, unknown_meta  # noqa: E402
from app.gazetteer import Gazetteer  # noqa: E402
from app.reading.panel import feature_quotes  # noqa: E402
from app.reading.search import search_sentences  # noqa: E402

SEEDS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
SHAPES = {
    "Baku repeated": ("Baku ", "Baku"),
    "10.11.2020 repeated": ("10.11.2020 ", "2020"),
    "no punctuation": ("the road from Meghri to agarak and on ", "Meghri"),
    "seeds as one line": (SEEDS.replace("\n", " "), "Meghri"),
}


def _cpu(fn):
    t0 = time.process_time()
    out = fn()
    return time.process_time() - t0, out


def run(shape: str, unit: str, word: str, kb: int, gaz: Gazetteer) -> dict:
    text = (unit * (kb * 1024 // len(unit) + 1))[: kb * 1024]
    doc = Document(name="x.txt", path=None, text=text, meta=unknown_meta("x.txt"), lang="en")
    t_ann, rows = _cpu(lambda: annotate_document(doc, gaz))
    out_bytes = sum(len(json.dumps(r, ensure_ascii=False)) + 1 for r in rows)
    t_search, hits = _cpu(lambda: search_sentences(word, [{"name": "x.txt", "text": text}], limit=10 ** 9))
    top = Counter(r["id"] for r in rows if r.get("id")).most_common(1)
    t_panel = _cpu(lambda: feature_quotes(top[0][0], rows, [{"file": "x.txt"}]))[0] if top else 0.0
    return {"shape": shape, "kb": kb, "rows": len(rows), "annotate_s": t_ann, "out_mb": out_bytes / 1e6,
            "search_s": t_search, "panel_s": t_panel}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, default=20, help="size of the 1x input in KB (4x is also run)")
    args = ap.parse_args()
    gaz = Gazetteer.load()
    annotate_document(Document(name="w.txt", path=None, text="Warm up in Meghri, 2020.", meta=unknown_meta("w.txt"),
                               lang="en"), gaz)
    print(f"{'shape':22} {'KB':>5} {'rows':>7} {'annotate s':>11} {'output MB':>10} {'search s':>9} {'panel s':>8}")
    for shape, (unit, word) in SHAPES.items():
        for kb in (args.kb, 4 * args.kb):
            r = run(shape, unit, word, kb, gaz)
            print(f"{shape:22} {kb:5} {r['rows']:7} {r['annotate_s']:11.2f} {r['out_mb']:10.2f} "
                  f"{r['search_s']:9.3f} {r['panel_s']:8.3f}", flush=True)


if __name__ == "__main__":
    main()
