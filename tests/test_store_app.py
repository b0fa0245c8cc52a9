"""The app on the store: a current store is never re-annotated at start, a store built by ``app.ingest``
from other inputs is used as it is, and a large store gets a search box instead of the document list and a
paginated "What the documents say" whose pages, counts and filters come from DuckDB."""
from __future__ import annotations

import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from app.corpus.ingest import ingest
from app.corpus.store import Store
from app.ui import data as D
from tests.conftest import REAL_GEODATA, ROOT
from tests.test_app_wiring import MAIN, html_text, map_counts, select


def test_a_current_store_is_not_annotated_again(tmp_path, monkeypatch):
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    stamp = D._stamp(folder)
    store, errors = D.sync_store(folder, stamp, tmp_path / "store")
    assert errors == [] and len(store.documents()) == 5

    def boom(*a, **k):
        raise AssertionError("annotated again")
    monkeypatch.setattr("app.corpus.ingest.ingest", boom)
    again, _ = D.sync_store(folder, stamp, tmp_path / "store")     # a new process: same files, no work
    assert len(again.documents()) == 5
    (folder / "new.txt").write_text("The Lachin corridor reopened.", encoding="utf-8")
    monkeypatch.undo()
    calls = []
    real = ingest

    def counting(*a, **k):
        s = real(*a, **k)
        calls.append((s.added, s.unchanged))
        return s
    monkeypatch.setattr("app.corpus.ingest.ingest", counting)
    store, _ = D.sync_store(folder, D._stamp(folder), tmp_path / "store")
    assert calls == [(1, 5)]                                         # only the new document is annotated


def _articles(path, n):
    langs = ["en", "fa", "sv"]
    texts = {"en": "The Lachin corridor was closed and Stepanakert waited.",
             "fa": "کریدور لاچین بسته شد.", "sv": "Lachinkorridoren stängdes."}
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            lang = langs[i % 3]
            fh.write(json.dumps({"text": texts[lang], "title": f"Report {i}", "language": lang,
                                 "date": f"{2020 + i % 4}-0{1 + i % 9}"}) + "\n")


@pytest.fixture
def big_app(tmp_path, monkeypatch):
    _articles(tmp_path / "a.jsonl", 7)
    ingest([tmp_path / "a.jsonl"], Store(tmp_path / "store"))
    monkeypatch.setenv("ATLAS_GEODATA", str(REAL_GEODATA))
    monkeypatch.setenv("ATLAS_STORE", str(tmp_path / "store"))
    monkeypatch.delenv("ATLAS_SEEDS", raising=False)
    monkeypatch.setattr("app.ui.store_view.LIST_DOCS", 3)
    monkeypatch.setattr("app.ui.store_view.PAGE", 2)
    return AppTest.from_file(MAIN, default_timeout=60)


def test_a_large_store_pages_and_filters_from_duckdb(big_app):
    at = select(big_app.run(), "lachin_corridor")
    assert not at.exception, at.exception
    assert map_counts(at)["lachin_corridor"] == 7                  # the seeds are not in this store
    assert not [m for m in at.multiselect if m.key == "flt_docs"]  # a search box instead of 7 names
    caption = " ".join(c.value for c in at.caption)
    assert "Lachin corridor: 7 mentions in 7 documents" in caption
    assert "English 3 (3)" in caption and "Persian 2 (2)" in caption
    first = html_text(at)
    assert first.count('class="doc-quotes"') == 2                   # one page: 2 documents
    at.number_input(key="reader_page").set_value(4).run()
    last = html_text(at)
    assert last.count('class="doc-quotes"') == 1 and 'data-doc="a-000' in last
    at.text_input(key="flt_text").input("Report 3").run()
    assert map_counts(at)["lachin_corridor"] == 1
    assert "1 sentence in 1 document (filtered)" in " ".join(c.value for c in at.caption)
    at.text_input(key="flt_text").input("").run()
    at.multiselect(key="flt_langs").set_value(["fa"]).run()
    assert map_counts(at)["lachin_corridor"] == 2


def test_every_view_asks_a_large_store_and_never_reads_every_row(big_app, monkeypatch):
    def whole(*a, **k):
        raise AssertionError("read every row or text of the store")
    monkeypatch.setattr("app.ui.data.MAX_ROWS_IN_MEMORY", 3)
    monkeypatch.setattr("app.corpus.query.StoreReader.all_rows", whole)
    monkeypatch.setattr("app.corpus.query.StoreReader.documents", whole)
    at = select(big_app.run(), "lachin_corridor")             # the map (its date stops are events) and panel
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert map_counts(at)["lachin_corridor"] == 7
    at.session_state["view"] = "timeline"
    at.run()
    assert not at.exception, at.exception
    assert at.get("vega_lite_chart")                                # the timeline is drawn
    at.session_state["view"] = "documents"
    at.run()
    assert "7 documents in the store match" in " ".join(c.value for c in at.caption)
    at.text_input(key="doc_find").input("Report 4").run()
    assert at.selectbox(key="doc_view").value.startswith("a-000") and "Report 4" in html_text(at)
    assert "Lachin corridor" in html_text(at) and not at.exception
    at.session_state["view"] = "search"
    at.run()
    at.text_input(key="search_q").input("Lachin").run()
    assert not at.exception, at.exception
    marks = " ".join(m.value for m in at.markdown)
    assert "**Sentences** (7)" in marks                              # every document's sentence, from DuckDB
    assert html_text(at).count("<li>") == 7 and "کریدور" in html_text(at)
    at.session_state["view"] = "add"                               # the upload form: names asked only on a file
    at.run()
    assert not at.exception and any(s.value == "Add your own document" for s in at.subheader)


def test_an_upload_saved_in_the_app_is_annotated_once(tmp_path, monkeypatch):
    from app.reading.uploads import accept_upload

    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    monkeypatch.setenv("ATLAS_GEODATA", str(REAL_GEODATA))
    monkeypatch.setenv("ATLAS_SEEDS", str(folder))
    monkeypatch.delenv("ATLAS_STORE", raising=False)
    at = select(AppTest.from_file(MAIN, default_timeout=60).run(), "lachin_corridor")
    before = map_counts(at)["lachin_corridor"]
    doc, rows = accept_upload("saved.txt", "The Lachin corridor reopened in 2024.".encode(), {"title": "Saved note"})
    at.session_state["uploaded_docs"] = [doc]
    at.session_state["uploaded_rows"] = rows
    at.session_state["view"] = "add"
    at.run()

    def boom(*a, **k):
        raise AssertionError("annotated a second time")
    monkeypatch.setattr("app.corpus.ingest.annotate_batch", boom)
    at.button(key="upload_save").click().run()
    at.session_state["view"] = "map"
    at.run()
    assert not at.exception, at.exception
    assert map_counts(at)["lachin_corridor"] == before + 1
    assert html_text(at).count('data-doc="saved.txt"') == 1
    store = Store(D.store_dir(folder))
    saved = [d for d in store.documents() if d["name"] == "saved.txt"]
    assert saved and saved[0]["title"] == "Saved note" and saved[0]["n_rows"] == len(rows)


def test_a_store_filled_again_by_ingest_is_read_at_the_next_run(big_app, tmp_path):
    at = big_app.run()
    assert map_counts(at)["lachin_corridor"] == 7
    _articles(tmp_path / "more.jsonl", 3)
    ingest([tmp_path / "a.jsonl", tmp_path / "more.jsonl"], Store(tmp_path / "store"))
    at.run()
    assert not at.exception
    assert map_counts(at)["lachin_corridor"] == 10
