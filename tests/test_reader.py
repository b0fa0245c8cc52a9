"""The feature panel, filters, documents view and shareable state (app.reading.panel)."""

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

from app.reading.panel import (counts_for_map, decode_view, document_html, encode_view, feature_quotes,
                        filter_rows, meta_index, quotes_html)
from app.safe_html import unsafe_parts

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def docs():
    return json.loads((FIX / "reader_docs.json").read_text(encoding="utf-8"))["documents"]


@pytest.fixture(scope="module")
def rows():
    return json.loads((FIX / "reader_rows.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def meta(docs):
    return [d["meta"] for d in docs]


def test_fixture_offsets_are_consistent(docs, rows):
    text = {d["name"]: d["text"] for d in docs}
    for r in rows:
        assert text[r["doc"]][r["start"]:r["end"]] == r["text"]
        assert text[r["doc"]][r["sentence_start"]:r["sentence_end"]] == r["sentence"]


def test_corridor_quotes_grouped_by_document_with_mentions_at_the_right_place(rows, meta):
    q = feature_quotes("zangezur_corridor", rows, meta)
    by_doc = {g["doc"]: g for g in q}
    assert set(by_doc) == {"en_news.txt", "fa_article.txt", "ar_note.txt"}
    # oldest first: ar 2020, en 2023-06, fa 2024-02
    assert [g["doc"] for g in q] == ["ar_note.txt", "en_news.txt", "fa_article.txt"]
    en = by_doc["en_news.txt"]
    assert en["outlet"] == "Test Daily" and en["author"] == "A. Writer"
    assert en["date"] == "June 2023 (inferred)" and en["lang"] == "en" and en["dir"] == "ltr"
    # the words each document uses
    assert en["surfaces"] == ["Zangezur corridor", "Zangezor Corridor"]
    assert by_doc["fa_article.txt"]["surfaces"] == ["کریدور زنگزور"]
    assert by_doc["fa_article.txt"]["dir"] == "rtl"
    assert by_doc["ar_note.txt"]["surfaces"] == ["ممر زنغزور"]
    for g in q:
        for s in g["sentences"]:
            for m in s["mentions"]:
                assert s["sentence"][m["start"]:m["end"]] == m["text"]
                assert m["via"] is None
    assert [s["start"] for s in en["sentences"]] == [0, 73]


def test_meghri_counts_for_syunik_and_armenia_through_containment(rows, meta):
    q = feature_quotes("syunik", rows, meta)
    by_doc = {g["doc"]: g for g in q}
    only = by_doc["meghri_only.txt"]
    assert only["surfaces"] == []  # Syunik itself is never named there
    assert only["indirect"] == [{"id": "meghri", "surfaces": ["Meghri"]}]
    (s,) = only["sentences"]
    assert s["via"] == "meghri" and s["mentions"][0]["text"] == "Meghri"
    assert s["sentence"][s["mentions"][0]["start"]:s["mentions"][0]["end"]] == "Meghri"
    # a document naming Syunik directly: that sentence is direct, the Meghri one indirect
    en = by_doc["en_news.txt"]
    assert en["surfaces"] == ["Syunik"]
    assert [(s["start"], s["via"]) for s in en["sentences"]] == [(0, None), (123, "meghri")]
    arm = {g["doc"] for g in feature_quotes("armenia", rows, meta)}
    assert "meghri_only.txt" in arm and "fa_article.txt" in arm  # مغری is in Armenia


def test_filters_by_language_document_and_date_change_the_panel(rows, meta):
    fa_only = feature_quotes("zangezur_corridor", rows, meta, filters={"langs": ["fa", "ar"]})
    assert {g["doc"] for g in fa_only} == {"fa_article.txt", "ar_note.txt"}
    one = feature_quotes("zangezur_corridor", rows, meta, filters={"docs": ["en_news.txt"]})
    assert [g["doc"] for g in one] == ["en_news.txt"]
    # publication-date range: June 2023 .. Jan 2024 keeps only the June 2023 document
    mid = feature_quotes("zangezur_corridor", rows, meta,
                         filters={"date_from": dt.date(2023, 6, 15), "date_to": "2024-01"})
    assert [g["doc"] for g in mid] == ["en_news.txt"]
    # a year-precision date overlaps any range touching that year
    y = filter_rows(rows, meta, date_from="2020-11-10", date_to="2020-11-10")
    assert {r["doc"] for r in y} == {"ar_note.txt"}
    # undated documents drop out once a date bound is set, stay without one
    assert "meghri_only.txt" not in {r["doc"] for r in filter_rows(rows, meta, date_from="1900")}
    assert "meghri_only.txt" in {r["doc"] for r in filter_rows(rows, meta)}


def test_counts_follow_filters_and_roll_up(rows, meta):
    all_counts = counts_for_map(rows)
    assert all_counts["zangezur_corridor"] == 4
    # syunik: named twice (en, hostile) + Meghri in en, fa, meghri_only, hostile
    assert all_counts["syunik"] == 6
    assert "None" not in all_counts and None not in all_counts  # dates are not counted
    fa = counts_for_map(filter_rows(rows, meta, langs=["fa"]))
    assert fa == {"russia": 1, "zangezur_corridor": 1, "meghri": 1, "syunik": 1, "armenia": 1}


def test_quotes_html_is_safe_rtl_and_links_to_the_sentence(rows, docs, meta):
    q = feature_quotes("meghri", rows, meta)
    out = quotes_html(q, feature_id="meghri", names={"meghri": "Meghri"})
    assert unsafe_parts(out) == []
    assert "<script" not in out and "&lt;script&gt;" in out
    assert "onerror=alert(2)" not in out.replace("&lt;img src=x onerror=alert(2)&gt;", "")
    assert '<mark class="mention" data-id="meghri" data-kind="mention">مغری</mark>' in out
    assert 'dir="rtl" lang="fa"' in out and "Noto Naskh Arabic" in out
    assert 'href="?view=documents&amp;doc=fa_article.txt&amp;s=58&amp;selected=meghri#s-58"' in out
    # hostile metadata is escaped too
    assert "&lt;img src=x onerror=alert(1)&gt;" in out and "&lt;script&gt;alert(&#x27;a&#x27;)" in out
    assert quotes_html([], feature_name="<b>X</b>").count("&lt;b&gt;") == 1


def test_document_html_anchors_links_and_escaping(docs, rows):
    hostile = next(d for d in docs if d["name"] == "hostile.txt")
    out = document_html(hostile, rows, focus=42)
    assert unsafe_parts(out) == []
    assert "<script" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'id="s-0"' in out and 'class="sentence focus" id="s-42"' in out
    assert 'href="?selected=meghri&amp;view=documents&amp;doc=hostile.txt"' in out
    hrefs = re.findall(r'href="([^"]*)"', out)
    assert hrefs and all(h.startswith("?") for h in hrefs)  # javascript: never in an href
    assert "&lt;a href=&quot;javascript:alert(3)&quot;&gt;" in out  # shown as text
    fa = next(d for d in docs if d["name"] == "fa_article.txt")
    out = document_html(fa, rows)
    assert 'class="doc-text" dir="rtl" lang="fa"' in out and "Noto Naskh Arabic" in out
    # every character of the text is there, in order, once the markup is removed
    plain = html.unescape(re.sub(r"<[^>]+>", "", out.split('class="doc-text"', 1)[1].split(">", 1)[1]))
    assert plain.startswith(fa["text"])


def test_document_html_ignores_rows_whose_offsets_do_not_match(docs, rows):
    en = next(d for d in docs if d["name"] == "en_news.txt")
    bad = [dict(rows[0], start=1, end=18)]  # "he Zangezur corrid" != text
    out = document_html(en, bad)
    assert "<mark" not in out


def test_view_state_round_trips_and_tolerates_bad_params():
    state = {"selected": "zangezur_corridor", "as_of": dt.date(2023, 9, 20),
             "filters": {"docs": ["a.txt", "b.txt"], "langs": ["fa"], "date_from": dt.date(2020, 1, 1),
                         "date_to": dt.date(2024, 12, 31)},
             "layers": ["borders", "corridors"], "view": "documents", "doc": "a.txt", "s": 12}
    params = encode_view(state)
    # the names app/ui/state.py reads from the URL
    assert params["selected"] == "zangezur_corridor" and params["as_of"] == "2023-09-20"
    assert params["docs"] == "a.txt,b.txt"
    assert all(isinstance(v, str) for v in params.values())
    assert decode_view(params) == state
    assert decode_view({"date": "not-a-date", "s": "x", "from": "2023-13"}) == {}
    assert decode_view({"date": "2023-06"})["as_of"] == dt.date(2023, 6, 1)
    assert decode_view({"feature": "syunik"})["selected"] == "syunik"
    assert decode_view({"langs": ["fa", "ar"]})["filters"]["langs"] == ["fa", "ar"]
    assert encode_view({}) == {}


def test_meta_index_accepts_manifest_shapes(meta):
    assert set(meta_index({"documents": meta})) == set(meta_index(meta))
    assert meta_index({"x.txt": {"language": "sv"}})["x.txt"]["language"] == "sv"


# --------------------------------------------------------------------------- the real seeds

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds():
    pytest.importorskip("app.annotate")
    if not (ROOT / "geodata" / "curated" / "names.json").exists():
        pytest.skip("names.json not built yet")
    from app.annotate import annotate_document
    from app.corpus import load_corpus

    docs, errors = load_corpus([ROOT / "seeds"])
    assert errors == []
    rows = [r for d in docs for r in annotate_document(d)]
    return docs, rows


def test_seed_panel_for_zangezur_corridor(seeds):
    docs, rows = seeds
    q = {g["doc"]: g for g in feature_quotes("zangezur_corridor", rows, docs)}
    en = q["004_7e3677aedf6b0cb5.txt"]   # English: "Zangezor corridor"
    fa = q["002_ab0d87444bf08e5f.txt"]   # Persian: «ما از اصطلاح کریدور زنگزور استفاده نمی‌کنیم»
    assert en["lang"] == "en" and en["dir"] == "ltr"
    assert fa["lang"] == "fa" and fa["dir"] == "rtl"
    assert any("zangezor corridor" in s.casefold() for s in en["surfaces"])
    assert any("زنگزور" in s for s in fa["surfaces"])
    # Russia's "we do not use the term" sentence is among the Persian quotes
    assert any("اصطلاح" in s["sentence"] and "استفاده" in s["sentence"] for s in fa["sentences"])
    text = {d.name: d.text for d in docs}
    for g in q.values():
        for s in g["sentences"]:
            assert text[g["doc"]][s["start"]:s["end"]] == s["sentence"]
            for m in s["mentions"]:
                assert s["sentence"][m["start"]:m["end"]] == m["text"]
    out = quotes_html(list(q.values()), feature_id="zangezur_corridor")
    assert unsafe_parts(out) == [] and 'dir="rtl" lang="fa"' in out


def test_seed_documents_render_safely_and_completely(seeds):
    docs, rows = seeds
    for d in docs:
        out = document_html(d, rows)
        assert unsafe_parts(out) == []
        body = out.split('class="doc-text"', 1)[1].split(">", 1)[1]
        assert html.unescape(re.sub(r"<[^>]+>", "", body)) == d.text


def test_containment_from_layers_when_rows_lack_within(rows, meta):
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import Point, box

    layers = gpd.GeoDataFrame(
        {"id": ["armenia", "syunik", "meghri", "zangezur_corridor"],
         "kind": ["country", "region", "place", "corridor"]},
        geometry=[box(43.4, 38.8, 46.7, 41.3), box(45.9, 38.8, 46.6, 39.9), Point(46.24, 38.9),
                  box(46.0, 38.85, 46.5, 38.9).exterior],
        crs="EPSG:4326")
    bare = [{k: v for k, v in r.items() if k != "within"} for r in rows]
    q = {g["doc"]: g for g in feature_quotes("syunik", bare, meta, layers=layers)}
    assert q["meghri_only.txt"]["sentences"][0]["via"] == "meghri"
    counts = counts_for_map(bare, layers)
    assert counts["armenia"] >= counts["syunik"] >= counts["meghri"] == 4
    # a GeoDataFrame of rows (join_layers output) is accepted as well
    from app.atlas.join import join_layers
    joined = join_layers(bare, layers)
    assert {g["doc"] for g in feature_quotes("syunik", joined, meta)} >= {"meghri_only.txt"}


def test_documents_as_dicts_or_objects_give_the_same_metadata(docs, rows):
    from app.corpus import Document

    objs = [Document(d["name"], None, d["text"], d["meta"], d["lang"]) for d in docs]
    assert meta_index(docs) == meta_index(objs)
    # documents also carry their first line (a title for those the manifest gives none)
    first = {k: {f: v for f, v in m.items() if f != "_first_line"} for k, m in meta_index(objs).items()}
    assert first == meta_index([d["meta"] for d in docs])
    assert meta_index(objs)["en_news.txt"]["_first_line"].startswith("The Zangezur corridor")
    assert {r["doc"] for r in filter_rows(rows, docs, date_from="2024")} == {"fa_article.txt"}


def test_names_used_across_documents(rows, meta):
    from app.reading.panel import names_used

    q = feature_quotes("zangezur_corridor", rows, meta)
    used = names_used(q)
    assert [(u["surface"], u["docs"]) for u in used] == [
        ("ممر زنغزور", ["ar_note.txt"]), ("Zangezur corridor", ["en_news.txt"]),
        ("Zangezor Corridor", ["en_news.txt"]), ("کریدور زنگزور", ["fa_article.txt"])]
    out = quotes_html(q)
    # each word is isolated inside the English line, between quote marks that stay outside it
    assert 'class="names-used"' in out and '\u201c<bdi dir="rtl" lang="ar">ممر زنغزور</bdi>\u201d' in out
    # one word only: no summary
    assert 'class="names-used"' not in quotes_html(feature_quotes("meghri", rows, meta,
                                                                   filters={"langs": ["en"]}))


# --------------------------------------------------------------------------- search, titles, bidi on the seeds


def _visible_text(markup: str) -> str:
    """What a reader sees of a piece of HTML (text only, no attributes)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_seed_search_zangezur_brings_the_zangezor_corridor_sentences(seeds):
    """The documents write "Zangezor corridor" and "کریدور زنگزور": a search for Zangezur brings them."""
    from app.gazetteer import Gazetteer
    from app.reading.search import load_names, search

    docs, rows = seeds
    gaz = Gazetteer.load()
    out = search("Zangezur", (gaz, load_names()), docs, rows=rows)
    hits = {s["sentence"][h["start"]:h["end"]] for s in out["sentences"] for h in s["hits"]}
    assert "Zangezor corridor" in hits and "کریدور زنگزور" in hits
    assert {s["doc"] for s in out["sentences"]} >= {"004_7e3677aedf6b0cb5.txt", "002_ab0d87444bf08e5f.txt"}
    assert "china" not in [f["id"] for f in search("Lachin", (gaz, load_names()), docs, rows=rows)["features"]]


def test_seed_panel_names_documents_by_title_and_isolates_persian_words(seeds):
    docs, rows = seeds
    out = quotes_html(feature_quotes("zangezur_corridor", rows, docs), feature_id="zangezur_corridor")
    seen = _visible_text(out)
    for d in docs:  # titles, never the hash file names
        assert d.name not in seen and d.name.split(".")[0] not in seen
    assert "[Alwaght analysis: Moscow's mediation" in seen
    # "Words the documents use for it" and "calls it": quote marks outside, the Persian words in <bdi dir="rtl">
    assert '\u201c<bdi dir="rtl" lang="fa">کریدور زنگزور</bdi>\u201d' in out
    assert "<q " not in out and "\u201dکریدور" not in seen


def test_documents_view_and_filters_label_documents_by_title(seeds, docs):
    from app.reading.panel import doc_titles

    seed_docs, _rows = seeds
    titles = doc_titles(seed_docs)
    # the manifest's own title, and its English one for readers of the other views' English labels
    assert titles["001_f277921921fb106f.txt"] == "سیاستهای نفتی در قفقاز (Oil policies in the Caucasus)"
    assert titles["004_7e3677aedf6b0cb5.txt"].startswith("[Alwaght analysis")  # the supplied one
    assert not any(t.endswith(".txt") for t in titles.values())
    # no title in the manifest: the first line of the text
    fixture = doc_titles(docs)
    assert fixture["meghri_only.txt"] == "A new bridge opened near Meghri last week."
    # a right-to-left title in a plain-text label is isolated; two equal titles stay distinct
    assert doc_titles(docs, isolate=True)["fa_article.txt"] == "\u2067روسیه و قفقاز\u2069"
    same = [dict(d, meta=dict(d["meta"], title="Notes")) for d in docs[:2]]
    a, b = doc_titles(same).values()
    assert a != b and a.startswith("Notes (English") and b.startswith("Notes (Persian")


def test_document_html_heads_with_the_title_or_first_line_not_the_file_name(docs, rows):
    d = next(x for x in docs if x["name"] == "meghri_only.txt")
    out = document_html(d, rows)
    head = re.search(r"<h3[^>]*>([^<]*)</h3>", out).group(1)
    assert head == "A new bridge opened near Meghri last week."
    assert "meghri_only.txt" not in _visible_text(out)


def test_document_title_from_the_manifest_else_the_first_line():
    from app.reading.metadata import document_title

    assert document_title({"title": "Corridor talk", "title_en": "x"}, "first", "a.txt") == "Corridor talk"
    assert document_title({"title": None, "title_supplied": "[Untitled note]"}, "first") == "[Untitled note]"
    assert document_title({}, "\n\n  Notes   from Syunik, spring 2024.\nMore.", "b.txt") == \
        "Notes from Syunik, spring 2024."
    assert document_title({}, "word " * 40, "c.txt").endswith("…")
    assert len(document_title({}, "word " * 40, "c.txt")) <= 90
    assert document_title(None, "", "d.txt") == "d.txt"


def test_names_used_name_documents_by_title(rows, meta):
    out = quotes_html(feature_quotes("zangezur_corridor", rows, meta))
    summary = out.split('class="names-used"')[1].split("</ul>")[0]
    assert '<bdi dir="rtl" lang="fa">روسیه و قفقاز</bdi>' in summary and "fa_article.txt" not in summary


def test_a_document_in_another_language_says_in_english_what_it_is():
    """A reader who cannot read Persian saw only "سیاستهای نفتی در قفقاز": the manifest's English title, its
    summary and the team's notes on the source (its errors among them) now head the document."""
    from app.corpus.documents import read_document
    from app.reading.documents_html import document_html
    from tests.conftest import ROOT

    html = document_html(read_document(ROOT / "seeds" / "001_f277921921fb106f.txt"), [])
    head = html.split('<div class="doc-text"')[0]
    assert "<dt>In English</dt>" in head and "Oil policies in the Caucasus" in head
    assert "<dt>Summary</dt>" in head and "Caspian oil" in head
    assert '<details class="doc-notes"><summary>Notes on this document' in head
    english = document_html(read_document(ROOT / "seeds" / "004_7e3677aedf6b0cb5.txt"), [])
    assert "<dt>In English</dt>" not in english.split('<div class="doc-text"')[0]


def test_a_date_says_how_it_was_read_on_hover():
    """A reader hovering "20 сентября" saw only "date": not which day it was read as, nor where its year came
    from."""
    from app.annotate import annotate_text
    text = "Наступление началось 19 сентября 2023 года. Ереван ответил 20 сентября."
    meta = {"published": {"date": "2023-10-01", "precision": "day", "basis": "stated"}}
    doc = {"name": "ru.txt", "text": text, "meta": meta}
    out = document_html(doc, annotate_text("ru.txt", text, meta))
    assert 'title="date: 19 September 2023"' in out                            # its year written
    assert "date: 20 September 2023; the year from the document&#x27;s date" in out   # its year inferred
