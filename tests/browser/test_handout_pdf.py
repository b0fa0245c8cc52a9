"""The lesson handout printed to PDF by Debian's Chromium on A4 and on Letter: a title, every step whole on
one page with its small map, quote, translation and question, then the questions and the sources."""
from __future__ import annotations

import io
import unicodedata

import pytest
from playwright.sync_api import Page

pypdf = pytest.importorskip("pypdf")


@pytest.fixture(scope="module")
def handout(shipped_lesson):
    from app.classroom.handout import render_handout

    lesson, steps, events, gdf = shipped_lesson
    return lesson, steps, render_handout(lesson, events, gdf)


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())      # ligatures ("ﬀ") back to letters


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_handout_prints_whole_steps(page: Page, outside_requests, handout, paper):
    lesson, steps, html = handout
    page.set_content(html)
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
    pages = [_words(p.extract_text() or "") for p in pdf.pages]
    assert len(steps) // 3 + 1 <= len(pages) <= len(steps) + 3, len(pages)
    assert lesson.title in pages[0]
    for s in steps:
        on = [i for i, text in enumerate(pages) if f"Step {s['n']} of {len(steps)}" in text]
        assert len(on) == 1, (s["n"], on)
        text = pages[on[0]]                     # the step's title, question and translation on that one page
        assert _words(s["title"]) in text, (s["n"], s["title"])
        assert _words(s["question"])[:40] in text, (s["n"], s["question"])
        assert any(q.get("translation") for q in s["quotes"]) <= ("Our translation" in text), s["n"]
    tail = " ".join(pages[-2:])
    assert "Questions for discussion" in tail and "Sources" in tail
    assert "Trilateral" in tail or "Statement by the President" in tail
    # the maps: one per step, drawn inside the page
    assert page.locator("svg.map").count() == len(steps)
    assert outside_requests == []


def test_no_two_labels_of_a_handout_map_overlap(page: Page, outside_requests, handout):
    """Every small map's labels, measured as Chromium draws them (getBBox), never overlap one another, and
    each lies inside its map."""
    _, steps, html = handout
    page.set_content(html)
    boxes = page.evaluate("""() => [...document.querySelectorAll('svg.map')].map(svg => {
        const vb = svg.viewBox.baseVal;
        return {w: vb.width, h: vb.height, labels: [...svg.querySelectorAll('text.lbl')].map(t => {
            const b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height]; })};
    })""")
    assert len(boxes) == len(steps)
    assert sum(len(m["labels"]) for m in boxes) >= len(steps)      # most maps name something
    for n, m in enumerate(boxes, 1):
        for i, a in enumerate(m["labels"]):
            assert a[1] >= 0 and a[3] <= m["w"] and a[2] >= 0 and a[4] <= m["h"], (n, a)
            for b in m["labels"][i + 1:]:
                assert not (a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]), (n, a, b)
    assert outside_requests == []
