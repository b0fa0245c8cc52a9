"""The annotation store and ingest: rows equal to the annotator's, only new or changed documents annotated,
gone documents dropped, articles from .jsonl/.csv/.zip, bad documents named while the others go in."""
from __future__ import annotations

import json
import shutil
import zipfile

import pyarrow.parquet as pq
import pytest

from app.annotate import annotate_paths
from app.corpus.ingest import ingest
from app.corpus.query import StoreReader
from app.corpus.store import Store, row_schema, write_part
from app.ingest import main as ingest_main
from tests.conftest import ROOT

SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def test_store_rows_equal_the_annotators_and_a_second_ingest_annotates_nothing(seeds, tmp_path):
    store = Store(tmp_path / "store")
    first = ingest([seeds], store)
    assert (first.added, first.unchanged, first.failed) == (5, 0, [])
    reader = StoreReader(store)
    expected, _ = annotate_paths([seeds])
    assert reader.all_rows() == expected
    assert reader.n_rows == len(expected) and reader.n_docs == 5
    meta = reader.metas()["004_7e3677aedf6b0cb5.txt"]
    assert meta["language"] == "en" and meta["published"]["date"]
    again = ingest([seeds], store)
    assert (again.added, again.unchanged, again.removed, again.rows_added) == (0, 5, 0, 0)
    assert StoreReader(store).all_rows() == expected


def test_changed_and_removed_documents(seeds, tmp_path):
    store = Store(tmp_path / "store")
    ingest([seeds], store)
    files = sorted(seeds.glob("*.txt"))
    files[0].write_text("The Lachin corridor was closed in December 2022.", encoding="utf-8")
    files[1].unlink()
    s = ingest([seeds], store)
    assert (s.added, s.unchanged, s.removed) == (1, 3, 1)
    reader = StoreReader(store)
    rows = reader.all_rows()
    assert {r["doc"] for r in rows} == {f.name for f in files if f.exists()}
    assert [r["text"] for r in rows if r["doc"] == files[0].name][:1] == ["Lachin corridor"]
    # the parts on disk hold no row of the removed or the old version of the changed document
    on_disk = {h for f in (store.dir / "rows").glob("*.parquet") for h in pq.read_table(f)["hash"].to_pylist()}
    assert on_disk == {d["hash"] for d in store.documents()}
    assert reader.map_counts({}, {}).get("lachin_corridor", 0) >= 1


def test_articles_from_jsonl_csv_and_zip_with_bad_ones_named(tmp_path, capsys):
    good = {"text": "Հայաստան and the Lachin corridor, 2023.", "title": "Note", "date": "2023-05-02T10:00:00Z",
            "language": "en", "url": "https://example.org/a", "source": "Example"}
    lines = [json.dumps(good), "{not json", json.dumps({"title": "no text"}),
             json.dumps({**good, "date": "May 2023", "name": "bad-date"})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "b.csv").write_text("text,title,date\n\"Baku and Yerevan met in 2024.\",Talks,2024-03\n",
                                    encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "c.zip", "w") as zf:
        zf.writestr("press/x.txt", "The Zangezur corridor was discussed in Tehran.")
        zf.writestr("press/y.txt", b"\xff\xfe\x00\x00binary\x00")
        zf.writestr("more.jsonl", json.dumps({"text": "Nagorno-Karabakh, 1994.", "name": "k1"}))
    store = tmp_path / "store"
    code = ingest_main([str(tmp_path / "a.jsonl"), str(tmp_path / "b.csv"), str(tmp_path / "c.zip"),
                        "--store", str(store), "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "4 added, 0 unchanged, 4 failed" in out
    assert "a.jsonl line 2: not valid JSON" in err and "a.jsonl line 3: no 'text'" in err
    assert "line 4: the date 'May 2023'" in err and "press/y.txt" in err
    reader = StoreReader(Store(store))
    metas = reader.metas()
    assert sorted(metas) == ["a-000001", "b-000001", "k1", "x.txt"]
    assert metas["a-000001"]["published"] == {"date": "2023-05-02", "precision": "day", "basis": "stated",
                                              "note": None}
    assert metas["a-000001"]["outlet"] == "Example" and metas["b-000001"]["published"]["date"] == "2024-03"
    assert reader.map_counts({}, {}).get("zangezur_corridor") == 1
    assert reader.document_count({"date_from": "2024-01-01"}) == 1


def test_new_row_fields_flow_into_the_parts(tmp_path):
    fields = ("doc", "kind", "id", "start", "end", "window_start", "window")
    rows = [{"doc": "a", "kind": "place", "id": "baku", "start": 0, "end": 4, "window_start": 0, "window": "Baku"}]
    pid = write_part(tmp_path, [("h1", "Baku", rows)], fields)
    table = pq.read_table(tmp_path / "rows" / f"{pid}.parquet")
    assert table.schema.field("window_start").type == row_schema(rows, fields).field("window_start").type
    assert str(table.schema.field("window_start").type) == "int64"
    assert table.to_pylist()[0]["window"] == "Baku"


def test_a_new_annotator_annotates_every_document_again(seeds, tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    ingest([seeds], store)
    monkeypatch.setattr("app.corpus.ingest.pipeline_fingerprint", lambda: "another annotator")
    s = ingest([seeds], store)
    assert (s.added, s.unchanged) == (5, 0)
    assert len(store.documents()) == 5


def test_events_read_each_distinct_dated_sentence_once_and_search_and_documents_ask_the_store(tmp_path):
    wire = "On 12 December 2022 the Lachin corridor was blockaded."
    arts = [{"text": f"{wire}\nStepanakert waited.", "title": f"Copy {i}", "language": "en"} for i in range(3)]
    arts.append({"text": "Tbilisi hosted talks on 5 March 2021. The Lachin corridor stayed open.",
                 "title": "Talks", "language": "en"})
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
    ingest([src], Store(tmp_path / "store"))
    reader = StoreReader(Store(tmp_path / "store"))
    rows = reader.event_rows()
    sentences = {(r["doc"], r["sentence_start"]): (r["sentence"], r["n_docs"]) for r in rows}
    assert sorted(v for v in sentences.values()) == [("On 12 December 2022 the Lachin corridor was blockaded.", 3),
                                                     ("Tbilisi hosted talks on 5 March 2021.", 1)]
    assert {r["id"] for r in rows if r["kind"] != "date"} >= {"lachin_corridor", "tbilisi"}
    assert "Stepanakert waited." not in {r["sentence"] for r in rows}      # undated sentences are left out

    total, found = reader.find_documents("copy", limit=2)
    assert total == 3 and [t for _n, t in found] == ["Copy 0", "Copy 1"]
    doc, doc_rows = reader.document(found[1][0])
    assert doc.text.startswith(wire) and {r["doc"] for r in doc_rows} == {found[1][0]}
    assert reader.document("no such document") == (None, [])

    n, hits = reader.search_sentences("BLOCKADED", [], limit=2)            # as written, any case
    assert n is None and len({(r["doc"], r["sentence_start"]) for r in hits}) == 2   # 3 hold it: more than read
    n, hits = reader.search_sentences("blockaded", [], limit=5)
    assert n == 3 and {r["doc"] for r in hits} == {d for d, _t in reader.find_documents("copy")[1]}
    n, hits = reader.search_sentences(None, ["tbilisi"], limit=10)
    assert n == 1 and {r["sentence"] for r in hits} == {"Tbilisi hosted talks on 5 March 2021."}


def test_a_word_search_finds_persian_and_arabic_letter_forms_alike(tmp_path):
    """A reader types Persian letters (ک, ی); one document writes the word with Arabic ones (ك, ي)."""
    from app.reading.search import search_store
    arts = [{"text": "مسیر كريدور زنگزور بسته ماند.", "title": "Arabic letters", "language": "fa"},
            {"text": "کریدور لاچین باز شد.", "title": "Persian letters", "language": "fa"},
            {"text": "Nothing here.", "title": "English", "language": "en"}]
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in arts), encoding="utf-8")
    ingest([src], Store(tmp_path / "store"))
    reader = StoreReader(Store(tmp_path / "store"))
    for typed in ("کریدور", "كريدور", "کريدور"):
        n, hits = reader.search_sentences(typed, [], limit=10)
        assert n == 2 and {r["sentence"] for r in hits} == {"مسیر كريدور زنگزور بسته ماند.", "کریدور لاچین باز شد."}
    res = search_store("کریدور", [], reader)
    assert {s["sentence"] for s in res["sentences"]} == {"مسیر كريدور زنگزور بسته ماند.", "کریدور لاچین باز شد."}


def test_a_word_search_in_the_store_folds_case_and_accents_as_the_small_search_does(tmp_path):
    """A reader types without the Azerbaijani or German letters (Qarabag, naxcivan, strasse); the store's
    sentences are found as the small corpus's search finds them, and a near word is not."""
    arts = [{"text": "Dağlıq QARABAĞ bölgəsində 2023-cü ilin sentyabrında döyüşlər oldu.", "title": "Az",
             "language": "az"},
            {"text": "Im August 2022 wurde die Straße nach Latschin verlegt.", "title": "De", "language": "de"},
            {"text": "NAXÇIVAN was cut off on 5 March 2021, as was the Zangеzur road.", "title": "En",
             "language": "en"}]
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in arts), encoding="utf-8")
    ingest([src], Store(tmp_path / "store"))
    reader = StoreReader(Store(tmp_path / "store"))
    for typed, title in [("Qarabag", "Az"), ("qarabağ", "Az"), ("bolgesinde", "Az"), ("strasse", "De"),
                         ("STRASSE", "De"), ("naxcivan", "En"), ("Zangezur", "En")]:   # Zangеzur: a Cyrillic е
        n, hits = reader.search_sentences(typed, [], limit=10)
        assert n == 1 and {r["doc"] for r in hits} == {reader.find_documents(title)[1][0][0]}, typed
    assert reader.search_sentences("Qarabagh", [], limit=10) == (0, [])
    assert reader.search_sentences("strase", [], limit=10) == (0, [])
