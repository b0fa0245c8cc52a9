"""The Documents and Search views of a store too large to read whole, in Debian's Chromium: a document found by
its title and read with its mentions, and a place's sentences found through the store (DuckDB), never every row.

The app serves a small store built by ``app.ingest`` with ``ATLAS_MAX_ROWS_IN_MEMORY=3``, so it takes the
large-store path; every request must stay on 127.0.0.1 and succeed (``outside_requests``).
"""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from app.corpus.ingest import ingest
from app.corpus.store import Store
from tests.conftest import REAL_GEODATA, free_port, require_chromium, start_app


@pytest.fixture(scope="module")
def store_app_url(tmp_path_factory):
    require_chromium()
    tmp = tmp_path_factory.mktemp("store_views")
    texts = {"en": "The Lachin corridor was closed on 12 December 2022 and Stepanakert waited.",
             "fa": "کریدور لاچین بسته شد.", "ru": "Лачинский коридор был закрыт."}
    with open(tmp / "a.jsonl", "w", encoding="utf-8") as fh:
        for i in range(9):
            lang = list(texts)[i % 3]
            fh.write(json.dumps({"text": texts[lang], "title": f"Dispatch {i}", "language": lang}) + "\n")
    ingest([tmp / "a.jsonl"], Store(tmp / "store"))
    mp = pytest.MonkeyPatch()
    mp.setenv("ATLAS_STORE", str(tmp / "store"))
    mp.setenv("ATLAS_MAX_ROWS_IN_MEMORY", "3")
    port = free_port()
    proc = start_app(port, REAL_GEODATA, tmp / "streamlit.log")
    mp.undo()
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


def test_documents_and_search_of_a_large_store(page: Page, store_app_url: str, outside_requests):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{store_app_url}/?view=documents")
    expect(page.get_by_text("9 documents in the store match")).to_be_visible(timeout=60000)
    box = page.get_by_label("Title or file name contains").last
    box.fill("Dispatch 4")
    box.press("Enter")
    expect(page.get_by_text("1 document in the store matches")).to_be_visible(timeout=30000)
    article = page.locator("article.document")
    expect(article).to_contain_text("Dispatch 4", timeout=30000)
    expect(article.locator("mark[data-id='lachin_corridor']").first).to_be_visible()
    page.get_by_role("radio", name="Search").or_(page.get_by_role("button", name="Search", exact=True)).first.click()
    query = page.get_by_label("Search places, corridors, bases… or any word")
    query.fill("Lachin corridor")
    query.press("Enter")
    sentences = page.locator("ul.search-sentences li")
    expect(sentences).to_have_count(9, timeout=30000)                  # every document's sentence, three scripts
    expect(sentences.filter(has_text="کریدور لاچین")).to_have_count(3)
    expect(sentences.filter(has_text="Лачинский коридор")).to_have_count(3)
    assert outside_requests == []
