"""Search box core: features by any name in any script (typo-tolerant), sentences by word."""

import json
from pathlib import Path

import pytest

from app.reading.search import normalise, search, search_features, search_sentences

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def names():
    return json.loads((FIX / "reader_names.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def docs():
    return json.loads((FIX / "reader_docs.json").read_text(encoding="utf-8"))["documents"]


@pytest.fixture(scope="module")
def rows():
    return json.loads((FIX / "reader_rows.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("query", ["زنگزور", "Зангезур", "Zangezur", "zangezur CORRIDOR", "Zangezr",
                                   "Zangzur corridor", "TRIPP", "ممر زنغزور"])
def test_corridor_found_from_any_script_and_typos(names, query):
    hits = search_features(query, names)
    ids = [h["id"] for h in hits]
    # "Zangezur" alone is also an alias of Syunik (the region): the corridor must be in the top two
    assert "zangezur_corridor" in ids[:2], (query, hits[:3])
    assert next(h for h in hits if h["id"] == "zangezur_corridor")["name"] == "Zangezur corridor"
    assert "lachin_corridor" not in ids and "baku" not in ids


def test_arabic_letter_variants_find_persian_names(names):
    # Arabic kaf and yeh typed for the Persian name of Meghri / Baku
    assert search_features("باكو", names)[0]["id"] == "baku"
    assert search_features("مغري", names)[0]["id"] == "meghri"


def test_unrelated_or_short_queries_find_nothing(names):
    assert search_features("Washington", names) == []
    assert search_features("", names) == []
    assert search_features("zq", names) == []


def test_exact_name_ranks_above_fuzzy(names):
    hits = search_features("Zangezur", names)
    ids = [h["id"] for h in hits]
    # Syunik has the alias "Zangezur" (exact), the corridor starts with it: both found
    assert set(ids[:2]) == {"syunik", "zangezur_corridor"}
    assert hits[0]["score"] >= 95


def test_sentences_found_with_normalised_matching_in_documents(docs):
    # Arabic kaf/yeh in the query, Persian letters in the text (and vice versa)
    hits = search_sentences("كريدور", docs)
    fa = [h for h in hits if h["doc"] == "fa_article.txt"]
    assert len(fa) == 2
    for h in fa:
        for span in h["hits"]:
            assert normalise(h["sentence"][span["start"]:span["end"]]) == normalise("کریدور")
    # case-insensitive, and a hit's offsets point at the original surface
    (h,) = search_sentences("ZANGEZOR", docs)
    assert h["doc"] == "en_news.txt" and h["start"] == 73
    assert h["sentence"][h["hits"][0]["start"]:h["hits"][0]["end"]] == "Zangezor"


def test_sentence_hits_use_annotated_sentence_offsets(docs, rows):
    hits = search_sentences("Meghri", docs, rows=rows)
    starts = {(h["doc"], h["start"]) for h in hits}
    assert ("en_news.txt", 123) in starts and ("meghri_only.txt", 0) in starts
    # Latin query must start a word: "ghri" is not a word in the corpus
    assert search_sentences("ghri", docs) == []


def test_sentences_from_rows_only(rows):
    hits = search_sentences("river", rows)
    assert [(h["doc"], h["start"]) for h in hits] == [("en_news.txt", 123)]


def test_search_returns_both_parts(names, docs):
    out = search("Meghri", names, docs)
    assert out["features"][0]["id"] == "meghri"
    assert {h["doc"] for h in out["sentences"]} == {"en_news.txt", "meghri_only.txt", "hostile.txt"}


def test_search_with_real_gazetteer_and_names_if_present():
    from app.reading.search import NAMES_PATH
    if not NAMES_PATH.exists():
        pytest.skip("geodata/curated/names.json not built yet")
    from app.gazetteer import Gazetteer
    gaz = Gazetteer.load()
    for q in ("زنگزور", "Зангезур", "Zangezur", "Zangezr"):
        ids = [h["id"] for h in search(q, gaz, [])["features"]]
        assert "zangezur_corridor" in ids[:3], (q, ids)


def test_a_name_search_returns_every_sentence_naming_the_feature(names, docs, rows):
    # the Arabic and Persian documents name the corridor in their own script: the rows
    # that mention it bring their sentences, with the mention as the hit
    out = search("Zangezur", names, docs, rows=rows)
    by_doc = {h["doc"]: h for h in out["sentences"]}
    assert {"ar_note.txt", "fa_article.txt", "en_news.txt"} <= set(by_doc)
    for r in rows:
        if r.get("id") == "zangezur_corridor":
            h = next(h for h in out["sentences"]
                     if h["doc"] == r["doc"] and h["start"] == r["sentence_start"])
            assert {"start": r["start"] - h["start"], "end": r["end"] - h["start"]} in h["hits"]
    # a word search that matches no feature brings no extra sentences
    assert [h["doc"] for h in search("river", names, rows)["sentences"]] == ["en_news.txt"]


@pytest.mark.parametrize("query, unwanted", [
    ("Lachin", "china"), ("China", "lachin"), ("mainland", "european_union"),
])
def test_no_fuzzy_match_of_a_name_to_an_unrelated_one(query, unwanted):
    from app.reading.search import NAMES_PATH, load_names
    if not NAMES_PATH.exists():
        pytest.skip("geodata/curated/names.json not built yet")
    ids = [h["id"] for h in search_features(query, load_names())]
    assert unwanted not in ids


def test_typos_still_find_the_name():
    from app.reading.search import NAMES_PATH, load_names
    if not NAMES_PATH.exists():
        pytest.skip("geodata/curated/names.json not built yet")
    names = load_names()
    for query, fid in (("Stepanakret", "stepanakert"), ("Tbilsi", "tbilisi"),
                       ("Azerbajan", "azerbaijan"), ("Gyumry", "gyumri")):
        assert search_features(query, names)[0]["id"] == fid, query
