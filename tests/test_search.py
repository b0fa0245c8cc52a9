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


# --------------------------------------------------------------------------- trust: real names table

needs_names = pytest.mark.skipif(not Path(__file__).resolve().parents[1].joinpath(
    "geodata", "curated", "names.json").exists(), reason="geodata/curated/names.json not built")


@pytest.fixture(scope="module")
def real():
    from app.gazetteer import Gazetteer
    from app.reading.search import load_names

    return load_names(), Gazetteer.load()


# (query, the feature it names or None, a feature it must not find): short names inside or near
# unrelated ones, in five scripts
UNRELATED = [
    ("Lachin", "lachin", "china"), ("China", "china", "lachin"),
    ("لاچین", "lachin", "china"),                          # Persian "chin" inside Lachin
    ("mainland", None, "european_union"),                  # Azerbaijani "Aİ" of the EU inside the word
    ("Karabakh", "nagorno_karabakh", "european_union"),    # Turkish "AB" of the EU inside the word
    ("Iran", "iran", "yerevan"), ("ایران", "iran", "yerevan"), ("إيران", "iran", "yerevan"),  # Irəvan, ایروان
    ("Gazakh", "gazakh", "kazakhstan"), ("Kazakh", "kazakhstan", "gazakh"),  # one letter apart, both names
    ("ألماتي", "almaty", "nakhchivan"),    # Almaty vs "الذاتي" (autonomous) in Nakhchivan's name
    ("Russia", "russia", "belarus"),                       # inside "Byelorussia"
    ("EU", "european_union", "eaeu"),
]


@needs_names
@pytest.mark.parametrize("query,named,unrelated", UNRELATED)
def test_a_name_never_finds_an_unrelated_feature(real, query, named, unrelated):
    names, gaz = real
    for g in (None, gaz):
        ids = [h["id"] for h in search_features(query, names, g, limit=50)]
        assert (ids[:1] == [named]) if named else ids == [], (query, ids)
        assert unrelated not in ids, (query, ids)


@needs_names
def test_no_name_of_any_feature_is_read_as_a_typo_of_another(real):
    """The general rule, over every name and alias in every language: a query that is a name
    finds features by that name (whole, as words or as a word start), never by a typo."""
    from app.reading.name_search import _name_entries

    names, _gaz = real
    for fid, lang, val in _name_entries(names):
        for h in search_features(val, names, limit=50):
            assert not h["kind"].startswith("typo"), (val, lang, h)


@needs_names
@pytest.mark.parametrize("typo,fid", [
    ("Zangezr", "syunik"), ("Zangezr", "zangezur_corridor"), ("Zangzur corridor", "zangezur_corridor"),
    ("Nagorno Karabah", "nagorno_karabakh"), ("کریدور زنگزر", "zangezur_corridor"),
    ("Зангезурскй коридор", "zangezur_corridor"), ("Nakhchivn", "nakhchivan"), ("Azerbaijna", "azerbaijan"),
])
def test_typos_in_longer_names_are_still_found(real, typo, fid):
    names, gaz = real
    for g in (None, gaz):
        ids = [h["id"] for h in search_features(typo, names, g)]
        assert fid in ids[:3], (typo, ids)


@needs_names
def test_short_queries_are_never_typos(real):
    from app.reading.search import FUZZY_MIN_LETTERS, max_edits

    names, _gaz = real
    assert max_edits("Bakuu") == 0 and FUZZY_MIN_LETTERS == 6 and max_edits("Zangezr") == 1
    assert search_features("Bakku", names) == []          # five letters: no guessing
    assert [h["id"] for h in search_features("Lachni", names)][:1] == ["lachin"]  # six: one swap


@needs_names
def test_inflected_forms_come_from_the_gazetteer(real):
    names, gaz = real
    hits = search_features("Azerbajdzjans", names, gaz)
    assert hits[0]["id"] == "azerbaijan" and hits[0]["kind"] == "form" and hits[0]["exact"]


# --------------------------------------------------------------------------- sentences of a feature


def test_a_name_brings_every_sentence_of_the_feature_under_any_name(names, docs, rows):
    out = search("Zangezur", names, docs, rows=rows)
    corridor = [s for s in out["sentences"] if "zangezur_corridor" in s["features"]]
    # the Arabic, Persian and English documents name it "ممر زنغزور", "کریدور زنگزور", "Zangezor Corridor"
    assert {s["doc"] for s in corridor} == {"ar_note.txt", "fa_article.txt", "en_news.txt"}
    marked = {s["sentence"][h["start"]:h["end"]] for s in corridor for h in s["hits"]}
    assert {"ممر زنغزور", "کریدور زنگزور", "Zangezor Corridor"} <= marked
    assert out["sentences_total"] == len(out["sentences"])
    # the bare word "corridor" is no feature's name: only sentences holding the word
    out = search("corridor", names, docs, rows=rows)
    assert out["features"] and all(not s["features"] and s["word"] for s in out["sentences"])


def test_a_word_start_lists_the_feature_but_brings_no_sentences_of_it(names, docs, rows):
    out = search("Zange", names, docs, rows=rows)
    assert "zangezur_corridor" in [f["id"] for f in out["features"]]
    assert all(not s["features"] for s in out["sentences"])


def test_sentence_limit_and_total(names, docs, rows):
    out = search("Zangezur", names, docs, rows=rows, limit_sentences=1)
    assert len(out["sentences"]) == 1 and out["sentences_total"] > 1


@needs_names
def test_a_name_brings_the_sentences_of_longer_names_it_starts_or_is_a_word_of(real):
    names, gaz = real
    by_id = {h["id"]: h for h in search_features("Зангезур", names, gaz)}
    # Syunik is "Зангезур"; the corridor's Russian name is the adjective "Зангезурский коридор"
    assert by_id["syunik"]["names_it"] and by_id["zangezur_corridor"]["names_it"]
    assert by_id["zangezur_corridor"]["kind"] == "name-start"
    # a later word that starts with the query lists the feature, but brings none of its sentences
    table = {"town": {"display": {"en": "Lachin"}}, "suburb": {"display": {"en": "Old Lachinka"}}}
    by_id = {h["id"]: h for h in search_features("Lachin", table)}
    assert by_id["suburb"]["kind"] == "prefix" and not by_id["suburb"]["names_it"]
    # a query that is no name brings no feature's sentences, whatever it starts
    assert not any(h["names_it"] for h in search_features("Zange", names, gaz))


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


@needs_names
@pytest.mark.parametrize("query", ["لاچین", "Лачин", "Laçın", "Լաչին"])
def test_a_name_in_any_script_finds_what_the_english_name_finds(real, query):
    """The Lachin district and the corridor strips are named in English only: "Lachin" found them and
    "لاچین" did not. A name in any script now finds what its place's English name is part of."""
    names, gaz = real
    english = {r["id"] for r in search_features("Lachin", names, gaz)}
    assert {"lachin", "held_lachin", "lachin_corridor", "lachin_corridor_zone_2020"} <= english
    found = search_features(query, names, gaz)
    if not any(r["id"] == "lachin" and r["kind"] == "name" for r in found):
        pytest.skip(f"{query!r} is not one of Lachin's names")
    assert {r["id"] for r in found} >= english
    assert found[0]["id"] == "lachin"                             # the place named comes first
    assert all(r["names_it"] for r in found if r["id"] in english)   # and their sentences come with it


@needs_names
def test_sentences_holding_the_typed_word_come_first(real):
    """'Karabakh' typed in English: the seeds' English sentences that say it came last, after every Arabic
    and Persian sentence naming the region, and were cut off at the page's limit."""
    from app.annotate import annotate_paths
    from app.corpus.documents import read_document

    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    docs = [read_document(p) for p in seeds]
    rows = [r for part in annotate_paths(seeds) for r in (part if isinstance(part, list) else [part])
            if isinstance(r, dict)]
    out = search("Karabakh", (real[1], real[0]), docs, rows=rows, limit_sentences=1000)
    typed = {h["doc"] for h in out["sentences"] if h["word"]}
    assert typed and len(typed) < len({h["doc"] for h in out["sentences"]})    # others name it in their script
    in_typed = [h["doc"] in typed for h in out["sentences"]]
    assert in_typed == sorted(in_typed, reverse=True)          # the documents that say "Karabakh" come first


@needs_names
def test_a_feature_named_after_the_word_comes_before_one_it_is_another_name_of(real):
    """Two walk-throughs found "Zangezur" listing Syunik (whose old name it is) above the Zangezur corridor,
    and in Persian and Russian it still did. A feature whose own name is the word keeps its place ("Lachin",
    "Nakhchivan"), and "EU" stays the EU."""
    names, gaz = real
    for g in (None, gaz):
        # in every script: the corridor's own name is the word and a common noun, in either order
        for q in ("Zangezur", "زنگزور", "Зангезур", "زنغزور", "Zəngəzur"):
            assert [h["id"] for h in search_features(q, names, g)][:2] == ["zangezur_corridor", "syunik"], q
        for q in ("Lachin", "لاچین", "Лачин"):
            assert search_features(q, names, g)[0]["id"] == "lachin", q
        for q in ("Nakhchivan", "نخجوان"):
            assert search_features(q, names, g)[0]["id"] in ("nakhchivan", "nakhchivan_city"), q
        for q in ("EU", "ЕС"):
            assert search_features(q, names, g)[0]["id"] == "european_union", q
        for q in ("Russian", "ռուս"):            # not the peacekeepers, whose Armenian name is "ռուս" + a noun
            assert search_features(q, names, g)[0]["id"] == "russia", q


@needs_names
def test_the_hakari_bridge_is_found_by_its_name_in_several_languages(real):
    """A reader searched "Hakari", the bridge where Azerbaijan set up its checkpoint on the Lachin road, and
    found nothing, although the corridor's card names it."""
    names, gaz = real
    for q in ("Hakari", "Хакари", "هکاری", "Hakari bridge"):
        assert search_features(q, names, gaz)[0]["id"] == "hakari_bridge_checkpoint", q
