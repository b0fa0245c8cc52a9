"""Work and output grow linearly with hostile input, path by path: 1x and 4x of each shape.

Each check takes the best CPU time (not wall time: the machine is shared) of five runs of the 1x and the
4x input and asserts
time(4x) <= 5 * time(1x) and output(4x) <= 4.5 * output(1x); a path that grows with the square of its
input takes 16 times as long. Inputs are small so that the whole file runs in a few seconds.
"""
import gc
import json
import time

import pytest

from app.annotate import annotate_document
from app.classroom._candidates import _corpus_candidates, _drop_coarser
from app.corpus import Document, unknown_meta
from app.gazetteer import Gazetteer
from app.gazetteer.resolve import Resolver
from app.reading.panel import feature_quotes
from app.reading.search import search_sentences

FLOOR = 0.01    # seconds: below this a timing is noise


def best_of(fn, n=5):
    """The least CPU time of ``n`` runs, each from a clean heap with the cycle collector paused: its full
    passes grow with everything alive, which is the interpreter's cost, not the algorithm's."""
    best, out = None, None
    for _ in range(n):
        out = None
        gc.collect()
        gc.disable()
        try:
            t0 = time.process_time()
            out = fn()
            dt = time.process_time() - t0
        finally:
            gc.enable()
        best = dt if best is None else min(best, dt)
    return best, out


def check_linear(run, small, big, size):
    """``run(input)`` on 1x and 4x inputs: time and output ``size(result)`` grow at most linearly."""
    run(small)                                       # warm caches (models, regexes)
    for attempt in (1, 2):       # a second measure when the first looks superlinear: a quadratic cost fails both
        t1, out1 = best_of(lambda: run(small))
        t4, out4 = best_of(lambda: run(big))
        if t4 <= 5 * max(t1, FLOOR):
            break
    assert t4 <= 5 * max(t1, FLOOR), f"time {t1:.3f}s -> {t4:.3f}s for 4x the input"
    s1, s4 = size(out1), size(out4)
    assert s1 > 0 and s4 <= 4.5 * s1, f"output {s1} -> {s4} for 4x the input"
    return t1, t4


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


def _doc(text):
    return Document(name="x.txt", path=None, text=text, meta=unknown_meta("x.txt"), lang="en")


def _json_size(rows):
    return sum(len(json.dumps(r, ensure_ascii=False)) for r in rows)


SHAPES = {
    "one name repeated without a sentence break": lambda n: "Baku " * n,
    "one date repeated": lambda n: "10.11.2020 " * (n // 2),
    "lower-case hard-wrapped lines": lambda n: "the road from Meghri to agarak\nand on to the border\n" * (n // 10),
    "a table of names": lambda n: "| Baku | Meghri | Lachin corridor | 2023 |\n" * (n // 32),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_annotation_is_linear_in_time_and_output(shape, gaz):
    make = SHAPES[shape]
    check_linear(lambda t: annotate_document(_doc(t), gaz), make(1000), make(4000), _json_size)


def test_drop_coarser_is_linear_in_the_dates_of_one_sentence():
    def dates(n):
        return [{"date": f"{1000 + i % 1000}-{1 + i % 12:02d}" if i % 2 else f"{1000 + i % 1000}"}
                for i in range(n)]
    check_linear(_drop_coarser, dates(20_000), dates(80_000), len)


def test_event_candidates_are_linear_in_the_dates_of_one_sentence():
    def rows(n):
        sentence = "10.11.2020 " * n
        return [{"doc": "x.txt", "kind": "date", "date": f"{1900 + i % 120}-11-{1 + i % 28:02d}",
                 "precision": "day", "start": 11 * i, "end": 11 * i + 10, "text": "10.11.2020",
                 "sentence": sentence, "sentence_start": 0, "sentence_end": len(sentence)} for i in range(n)]
    # 1,000 and 4,000 dates: at 250 the per-date cost is still falling (caches warm), and 1x -> 4x read 4.9x
    check_linear(lambda r: _corpus_candidates(r, {}, {}), rows(1000), rows(4000), len)


def test_panel_quotes_are_linear_in_the_mentions_of_one_sentence():
    def rows(n):
        sentence = "Baku " * n
        return [{"doc": "x.txt", "kind": "place", "id": "baku", "start": 5 * i, "end": 5 * i + 4,
                 "text": "Baku", "sentence": sentence, "sentence_start": 0, "sentence_end": len(sentence),
                 "within": []} for i in range(n)]
    docs = [{"file": "x.txt", "published": {"date": None}}]
    check_linear(lambda r: feature_quotes("baku", r, docs), rows(2000), rows(8000),
                 lambda q: sum(len(s["mentions"]) for g in q for s in g["sentences"]))


def test_search_is_linear_on_text_without_punctuation():
    def docs(n):
        return [{"name": "x.txt", "text": "the road from meghri to agarak and on " * (n // 38)}]
    check_linear(lambda d: search_sentences("meghri", d, limit=10 ** 9), docs(200_000), docs(800_000),
                 lambda out: sum(len(s["sentence"]) + len(s["hits"]) for s in out))


def test_resolving_shared_names_is_linear_on_one_line():
    resolver = Resolver({}, {"lachin": {"syunik"}}, {}, set())

    def mentions(n):
        nt = "Lachin Meghri " * n
        starts = [i * 7 for i in range(2 * n)]
        ids = [["lachin", "lachin_corridor"] if i % 2 == 0 else ["meghri"] for i in range(2 * n)]
        return nt, starts, ids
    check_linear(lambda m: resolver.resolve(*m), mentions(2000), mentions(8000),
                 lambda r: len(r[0]) + len(r[1]))
