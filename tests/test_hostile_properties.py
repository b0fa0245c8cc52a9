"""Property tests (Hypothesis): random Unicode, long lines, repeated names and dates, bidi and zero-width
characters never raise, keep exact offsets and give bounded output, in the annotator, the cutter, the
escaping and the search."""
import html
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.annotate import annotate_document
from app.corpus import Document, unknown_meta
from app.gazetteer import Gazetteer
from app.reading.search import search_sentences
from app.safe_html import BIDI_CONTROLS, highlight, unsafe_parts
from app.text.cuts import SENTENCE_LIMIT, cut_spans

SETTINGS = settings(max_examples=40, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

NAMES = ["Baku", "Meghri", "Lachin corridor", "Stepanakert", "Ханкенди", "مغری", "Երևան", "Syunik"]
DATES = ["10.11.2020", "2023", "12 December 2022", "۱۴۰۲/۰۶/۲۹", "September 2023"]
ODD = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200c", "\u200d", "\u200f", "\ufeff", "\u0301",
       "\U0001f1e6", "\n", " ", ".", "\t", "\u00a0"]

piece = st.one_of(
    st.text(min_size=0, max_size=40),                                     # random Unicode
    st.sampled_from(NAMES), st.sampled_from(DATES), st.sampled_from(ODD),
    st.builds(lambda s, n: s * n, st.sampled_from(NAMES + DATES + ["a ", "x"]), st.integers(1, 300)),
)
texts = st.lists(piece, min_size=1, max_size=40).map(" ".join)


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


def _rows(text, gaz):
    doc = Document(name="h.txt", path=None, text=text, meta=unknown_meta("h.txt"), lang="en")
    return annotate_document(doc, gaz)


@SETTINGS
@given(text=texts)
def test_annotation_never_raises_keeps_offsets_and_bounds_rows(text, gaz):
    rows = _rows(text, gaz)
    assert len(rows) <= 2 * len(text)
    for r in rows:
        assert r["text"] == text[r["start"]:r["end"]]
        assert r["sentence"] == text[r["sentence_start"]:r["sentence_end"]]
        assert r["sentence_full_start"] <= r["sentence_start"] <= r["start"] < r["end"] <= r["sentence_end"] \
            <= r["sentence_full_end"] <= len(text)
        assert len(r["sentence"]) <= max(SENTENCE_LIMIT, r["end"] - r["start"])


@SETTINGS
@given(text=texts, data=st.data())
def test_cut_pieces_tile_each_sentence_and_never_split_a_kept_span(text, data):
    n = len(text)
    keep = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(1, 40)), max_size=30))
    keep = [(a, min(n, a + k)) for a, k in keep if a < n]
    pieces = cut_spans(text, [(0, n)] if n else [], keep, limit=50)
    pos = 0
    for a, b, i in pieces:
        assert a == pos and b > a and i == 0
        pos = b
        if b - a > 50:       # only a kept span longer than the limit may stretch a piece
            assert any(ka < b and kb > a and kb - ka > 50 or (ka < a + 50 < kb) for ka, kb in keep)
    assert pos == n
    cuts = {b for _, b, _ in pieces[:-1]}
    for ka, kb in keep:
        if kb - ka <= 50:
            assert not any(ka < c < kb for c in cuts)


def _visible_text(markup: str) -> str:
    plain = html.unescape(re.sub(r"<[^>]+>", "", markup))
    for ch, name in BIDI_CONTROLS.items():
        plain = plain.replace(f"\u27e6{name}\u27e7", ch)
    return plain


@SETTINGS
@given(text=texts, data=st.data())
def test_highlight_escapes_shows_bidi_and_keeps_the_text(text, data):
    n = len(text)
    spans = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(1, 30)), max_size=20))
    out = highlight(text, [{"start": a, "end": min(n, a + k), "id": "x"} for a, k in spans])
    assert unsafe_parts(out) == []
    assert not any(ch in out for ch in BIDI_CONTROLS)
    if not any(f"\u27e6{name}\u27e7" in text for name in BIDI_CONTROLS.values()):
        assert _visible_text(out) == text
    assert len(out) <= 40 * max(1, n) + 200


@SETTINGS
@given(text=texts, query=st.sampled_from(["Baku", "meghri", "2023", "مغری", "corridor"]))
def test_search_never_raises_and_hits_lie_in_their_bounded_sentence(text, query):
    for s in search_sentences(query, [{"name": "h.txt", "text": text}], limit=10 ** 6):
        assert s["sentence"] == text[s["start"]:s["end"]]
        assert len(s["sentence"]) <= max(SENTENCE_LIMIT, max(h["end"] - h["start"] for h in s["hits"]))
        for h in s["hits"]:
            assert 0 <= h["start"] < h["end"] <= len(s["sentence"])
