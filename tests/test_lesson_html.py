"""Tests for app.classroom.lesson_html: self-contained lesson file and printable handout."""
from __future__ import annotations

import copy
import json
import re

import pytest

from app.classroom.events import build_events
from app.classroom.handout import render_handout
from app.classroom.lesson_html import embed_json, lesson_payload, render_lesson_html
from app.classroom.lessons import Lesson, Step, make_default_lesson
from tests.test_events import FIX, fixture_rows

HOSTILE = "</script><script>alert(1)</script><!-- \u2028 <b onmouseover=x>&amp;"


@pytest.fixture(scope="module")
def data():
    rows, meta = fixture_rows()
    layers = json.loads((FIX / "events_layers.json").read_text(encoding="utf-8"))
    events = build_events(rows, layers, meta)
    lesson, _ = make_default_lesson(events)
    return lesson, events, layers


@pytest.fixture(scope="module")
def page(data):
    return render_lesson_html(*data)


def test_no_external_urls_anywhere(page, data):
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "@import" not in page and "sourceMappingURL" not in page
    assert "<link" not in page  # no stylesheet or font fetched
    assert "default-src 'none'" in page  # CSP forbids any fetch even if something slipped in
    handout = render_handout(*data)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", handout, re.I)


def test_everything_inline(page):
    assert "L.version" in page or 't.version="1.9.4"' in page  # Leaflet itself is inlined
    assert ".leaflet-container" in page  # and its CSS
    m = re.search(r'<script type="application/json" id="lesson-data">(.*?)</script>', page, re.S)
    data = json.loads(m.group(1))
    assert {f["id"] for f in data["features"]} >= {"lachin_corridor", "nagorno_karabakh"}
    assert "moscow" not in {f["id"] for f in data["features"]}  # off-map reference place


def test_contains_every_step(page, data):
    lesson, events, _ = data
    sections = re.findall(r'<section class="step" id="s-(\d+)"', page)
    assert sections == [str(i) for i in range(1, len(lesson.steps) + 1)]
    for s in lesson.steps:
        assert s.title.replace("’", "&#x27;") in page or s.title in page
    assert f"Step 1 of {len(lesson.steps)}" in page
    assert "انتهت حرب عام 2020" in page  # the Arabic quote in its own script
    assert re.search(r'<blockquote lang="ar" dir="rtl">', page)
    # a drafted step shows its event's first supporting sentence, as Present does, with no English line
    # pretending to be its translation; the teacher's part is in the page but hidden
    assert 1 <= page.count('<figure class="quote">') <= len(lesson.steps)
    assert 'class="en"' not in page
    assert page.count('<div class="teacher" hidden>') == len(lesson.steps)


def test_hostile_quote_is_escaped(data):
    lesson, events, layers = data
    events = copy.deepcopy(events)
    for e in events:
        for s in e["support"]:
            s["quote"] = HOSTILE
            s["doc_title"] = HOSTILE
        for src in e["sources"]:
            src["title"] = HOSTILE
    feats = copy.deepcopy(layers)
    for f in feats["features"]:
        f["properties"]["name"] = HOSTILE
    lesson = copy.deepcopy(lesson)
    lesson.title = HOSTILE
    lesson.steps[0].note = HOSTILE
    for out in (render_lesson_html(lesson, events, feats), render_handout(lesson, events, feats)):
        assert "<script>alert(1)" not in out
        assert "<b onmouseover" not in out
        assert "&lt;/script&gt;&lt;script&gt;alert(1)" in out
        # exactly the page's own scripts close
        assert out.count("</script>") == out.count("<script")


def test_embed_json_cannot_break_out():
    s = embed_json({"q": "</script><!-- ]]> \u2028"})
    assert "</" not in s and "<!--" not in s and "\u2028" not in s
    assert json.loads(s) == {"q": "</script><!-- ]]> \u2028"}


def test_states_follow_step_dates(data):
    lesson, events, layers = data
    payload = lesson_payload(lesson, events, layers)
    by_event = {s["event_id"]: s for s in payload["steps"]}
    blockade = next(s for e, s in by_event.items() if "blockade" in e)
    assert blockade["states"]["lachin_corridor"][1] == "blockaded"
    assert "lachin_corridor" in blockade["highlight"]
    first = payload["steps"][0]
    assert first["states"]["lachin_corridor"][1] == "open"
    last = payload["steps"][-1]
    assert last["states"]["russian_peacekeeping_hq"][1] == "withdrawn"
    assert "lachin_corridor" not in last["states"]  # period ended 2023-09-28: not drawn


def test_geometry_simplified_and_rounded():
    import shapely
    from shapely.geometry import Polygon
    import geopandas as gpd

    # a wiggly polygon of 2,000 vertices
    import math
    ring = [(45 + math.cos(t / 318.3) + 0.002 * math.sin(t), 40 + math.sin(t / 318.3)) for t in range(2000)]
    gdf = gpd.GeoDataFrame([{"id": "wiggly", "kind": "region", "layer": "regions", "name": "W",
                             "periods": [{"start": "2000", "status": "x"}], "sources": []}],
                           geometry=[Polygon(ring)], crs="EPSG:4326")
    ev = [{"id": "e", "date": "2001", "precision": "year", "title": "t", "category": "war", "features": ["wiggly"],
           "actors": [], "support": [], "sources": [], "origin": "geodata", "disagreements": []}]
    payload = lesson_payload(Lesson(id="w", title="W", steps=[Step(event_id="e")]), ev, gdf)
    coords = payload["features"][0]["geometry"]["coordinates"][0]
    assert len(coords) < 300
    assert all(len(str(c[0]).split(".")[-1]) <= 3 for c in coords)
    assert shapely.Polygon(coords).area == pytest.approx(Polygon(ring).area, rel=0.02)


def test_handout_is_print_styled(data):
    lesson, events, layers = data
    out = render_handout(lesson, events, layers)
    assert "@media print" in out and "page-break-inside: avoid" in out   # no step split across pages
    assert len(re.findall(r'<section class="step"', out)) == len(lesson.steps)
    assert out.count("<svg") == len(lesson.steps)
    assert "Reports on the blockade of the Lachin corridor" in out  # sources listed
    assert "<script" not in out


def test_empty_lesson_still_renders(data):
    _, events, layers = data
    out = render_lesson_html(Lesson(id="e", title="Empty"), events, layers)
    assert "No steps" in out and '<section class="step"' not in out


def test_exports_keep_the_data_attribution():
    """features.geojson's top-level attribution (OpenStreetMap, ODbL) is credited in the lesson and handout,
    without its pointer to geodata/SOURCES.md, a file a class holding only the lesson cannot open."""
    from app.atlas.layers import load_layers
    from tests.conftest import REAL_GEODATA
    gdf = load_layers(REAL_GEODATA)
    credit = json.loads(REAL_GEODATA.read_text(encoding="utf-8"))["attribution"]
    assert "OpenStreetMap" in credit and gdf.attrs["attribution"] == credit
    lesson = Lesson(id="t", title="T", description="", steps=[])
    from app.safe_html import esc
    shown = credit.removesuffix("; see geodata/SOURCES.md")
    assert shown != credit and "Global Energy Monitor" in shown
    for page in (render_lesson_html(lesson, [], gdf), render_handout(lesson, [], gdf)):
        assert f"Data: {esc(shown)}." in page and "SOURCES.md" not in page


def test_a_rerouted_road_is_drawn_on_the_route_of_each_steps_date():
    """The Lachin corridor moved to a new road on 26 Aug 2022 (geometry_periods): a printed step of 2021 draws
    the old road through Lachin town, a step of 2022-10 the new one, in the handout's map and in the data."""
    from app.atlas.layers import load_layers
    from app.classroom.handout_map import svg_map

    lesson = Lesson(id="r", title="R", steps=[Step(title="Before", date="2021-06-01", highlight=["lachin_corridor"]),
                                              Step(title="After", date="2022-10-01", highlight=["lachin_corridor"])])
    payload = lesson_payload(lesson, [], load_layers())
    before, after = payload["steps"]
    assert "lachin_corridor" not in before["routes"] and after["routes"]["lachin_corridor"] == 0
    paths = [re.search(r'<path class="f-lachin_corridor" d="([^"]+)"', svg_map(payload, s)).group(1)
             for s in (before, after)]
    assert paths[0] != paths[1]


def test_a_printed_step_names_a_feature_as_it_was_called_on_its_date():
    """A step of 1985 highlighting Armenia labels it "Armenian SSR" in the handout's map; a step of 2021 "Armenia"."""
    from app.atlas.layers import load_layers
    from app.classroom.handout_map import svg_map

    lesson = Lesson(id="n", title="N", steps=[Step(title="Soviet", date="1985-06-01", highlight=["armenia"]),
                                              Step(title="Now", date="2021-06-01", highlight=["armenia"])])
    payload = lesson_payload(lesson, [], load_layers())
    soviet, now = payload["steps"]
    assert soviet["names"] == {**soviet["names"], "armenia": "Armenian SSR"} and "armenia" not in now["names"]
    labels = [re.findall(r'class="lbl">([^<]+)</text>', svg_map(payload, s)) for s in (soviet, now)]
    assert labels == [["Armenian SSR"], ["Armenia"]]


def test_a_quotes_credit_reads_as_words_without_brackets_in_brackets():
    from app.classroom.lesson_data import credit_when
    assert credit_when("Arabic", "2020 (no date in the text; most likely November–December 2020)") == \
        "Arabic, 2020; no date in the text; most likely November–December 2020"
    assert credit_when("English", "2022-12") == "English, December 2022"
    assert credit_when("Swedish", "2025-10-03") == "Swedish, 3 October 2025"
    assert credit_when("Persian", None) == "Persian"


def test_the_teachers_sources_name_documents_by_title_not_file_name():
    from app.classroom.lesson_text import sources_html
    step = {"own_quotes": [{"source": "An analysis", "doc": "003_9191a6ff69e72140.txt", "language": "Persian",
                            "date": "2024"}],
            "quotes": [], "sources": [{"title": "A statement", "publisher": "Kremlin", "date": "2020-11-10",
                                       "seed": "003_9191a6ff69e72140.txt"}], "disagreements": []}
    html = sources_html(step)
    assert "003_9191a6ff69e72140" not in html
    assert "An analysis (Persian, 2024)" in html and "10 November 2020" in html


def test_a_step_before_the_map_begins_says_so_in_the_file_and_the_handout(data):
    """A step of 16 March 1921 shows the map of 1 Jan 1923 (where the atlas begins): both take-home files say so."""
    _, events, layers = data
    lesson = Lesson(id="early", title="Early", description="",
                    steps=[Step(title="The Treaty of Moscow", date="1921-03-16"), Step(title="Later", date="1990")])
    said = "The map begins on 1 January 1923: it shows that day, not 16 March 1921."
    page = render_lesson_html(lesson, events, layers)
    assert page.count(said) == 1
    handout = render_handout(lesson, events, layers)
    assert handout.count(said) == 1
