"""app.atlas.mapview: the offline, time-aware folium map (every feature once, with its periods) and the card."""
import copy
import datetime as dt
import json
import re

import pytest

from app.atlas.layers import LAYERS, load_layers
from app.atlas.mapview import LAYER_TITLES, build_map, card_html, signal

D = dt.date


@pytest.fixture(scope="module")
def gdf(fixture_geodata):
    return load_layers(fixture_geodata)


def render(m) -> str:
    return m.get_root().render()


def payload(html: str) -> dict:
    """The data the page hands to the browser renderer (AtlasHost.start(map, DATA, options))."""
    m = re.search(r"= AtlasHost\.start\(map_\w+, (\{.*?\}), (\{[^{}]*\})\);", html, flags=re.S)
    return json.loads(m.group(1))


def feature(html: str, fid: str) -> dict:
    return next(f for f in payload(html)["features"] if f["id"] == fid)


def test_only_local_assets_and_tiles_are_opt_in(gdf):
    html = render(build_map(gdf, D(2023, 1, 1)))
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("../../app/static/") for u in urls), urls
    assert "tileLayer" not in html and "openstreetmap.org" not in html.lower()
    assert "L.Icon.Default.imagePath" in html
    html = render(build_map(gdf, D(2023, 1, 1), static_prefix="/app/static", tiles=True))
    assert "/app/static/leaflet/leaflet.js" in html and "tile.openstreetmap.org" in html


def test_inline_map_needs_no_server(gdf):
    html = render(build_map(gdf, D(2023, 1, 1), inline=True))
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", html)
    assert 't.version="1.9.4"' in html or "L.version" in html or "1.9.4" in html


def test_every_feature_is_sent_once_with_its_periods_whatever_the_date(gdf):
    html_2019, html_2023 = render(build_map(gdf, D(2019, 1, 1))), render(build_map(gdf, D(2023, 1, 1)))
    ids = [f["id"] for f in payload(html_2019)["features"]]
    assert ids == [f["id"] for f in payload(html_2023)["features"]]
    assert {"armenia", "lachin_corridor", "russian_peacekeeping_hq", "stepanakert"} <= set(ids)
    assert "moscow" not in ids                                # off_map: never drawn
    assert len(ids) == len(set(ids))
    layer_order = [LAYERS.index(f["layer"]) for f in payload(html_2023)["features"]]
    assert layer_order == sorted(layer_order)                 # drawn bottom to top
    lachin = feature(html_2023, "lachin_corridor")
    assert [p["status"] for p in lachin["periods"]] == [p["status"] for p in gdf.at["lachin_corridor", "periods"]]
    assert payload(html_2019)["date"] == "2019-01-01" and payload(html_2023)["date"] == "2023-01-01"


def test_layers_counts_selection_and_events_reach_the_browser(gdf):
    html = render(build_map(gdf, D(2023, 1, 1), layers={"corridors"}, counts={"lachin_corridor": 12},
                            selected="lachin_corridor", events=[{"date": "2022-12-12", "title": "Blockade"}]))
    p = payload(html)
    assert p["visible"] == ["corridors"] and p["counts"] == {"lachin_corridor": 12}
    assert p["selected"] == "lachin_corridor" and p["events"] == [{"date": "2022-12-12", "title": "Blockade"}]
    assert p["titles"] == LAYER_TITLES and p["layers"] == list(LAYERS)
    assert p["palette"]["status"]["blockaded"][0] == "#f46d43"


def test_signal_tells_a_drawn_map_its_date_without_the_features(gdf):
    s = signal(D(2022, 12, 12), {"corridors", "bases"}, "lachin_corridor", highlight=["lachin_corridor"],
               counts={"lachin_corridor": 3}, fit=True, seq=4, years="2020-2026")
    sig = json.loads(s.signal)
    assert sig == {"layers": ["corridors", "bases"], "selected": "lachin_corridor", "highlight": ["lachin_corridor"],
                   "fit": True, "date": "2022-12-12", "counts": {"lachin_corridor": 3}, "seq": 4,
                   "years": "2020-2026"}
    assert len(s.signal) < 400
    framed = json.loads(signal(D(2022, 12, 12), bounds=[[39, 45], [40.5, 47]]).signal)
    assert framed["bounds"] == [[39.0, 45.0], [40.5, 47.0]]


def test_map_escapes_names(gdf):
    g = gdf.copy()
    g.loc["goris", "name"] = '<img src=x onerror=alert(1)>{{ 7*7 }}'
    html = render(build_map(g, D(2023, 1, 1)))
    assert "<img src=x" not in html and "{{ 7*7 }}" not in html and "49" not in feature(html, "goris")["name"]
    assert feature(html, "goris")["name"] == '<img src=x onerror=alert(1)>{{ 7*7 }}'   # text, set with textContent


# --------------------------------------------------------------------------- card
def test_card_shows_state_names_periods_sources(gdf):
    card = card_html(gdf.loc["lachin_corridor"], D(2023, 1, 1))
    assert "<b>Blockaded</b>" in card and "On 1 Jan 2023" in card
    assert '<span lang="ar" dir="rtl"' in card and "ممر لاتشين" in card
    assert '<span lang="fa" dir="rtl"' in card and "Noto Naskh Arabic" in card
    assert "10 Nov 2020 – 12 Dec 2022" in card and "from Oct 2023" in card
    assert re.search(r'class="current"[^>]*><td>12 Dec 2022 – 23 Apr 2023', card)
    assert "kremlin.ru" in card and 'rel="noopener noreferrer"' in card
    # one of our documents is a link to it in the Documents view, not a file name to look for
    assert '<a href="?view=documents&amp;doc=004_7e3677aedf6b0cb5.txt" target="_self">read it in our documents</a>' \
        in card


def test_card_state_changes_with_date(gdf):
    assert "<b>Closed</b>" in card_html(gdf.loc["lachin_corridor"], D(2023, 7, 1))
    assert "not on the map" in card_html(gdf.loc["lachin_corridor"], D(2019, 7, 1))
    assert "no longer there: drawn faded" in card_html(gdf.loc["russian_peacekeeping_hq"], D(2025, 1, 1))


def test_card_escapes_everything(gdf):
    rec = copy.deepcopy(dict(gdf.loc["lachin_corridor"].items()))
    rec["name"] = "<script>alert('name')</script>"
    rec["description"] = "Road <script>alert(1)</script> & more"
    rec["names"] = {"ar": "<script>x</script>", "en": '"><b>bold</b>'}
    rec["periods"][0]["label"] = "<img src=x onerror=alert(2)>"
    rec["sources"] = [{"id": "s", "title": "<i>t</i>", "publisher": "<p>", "url": "javascript:alert(3)",
                       "seed": "<x>.txt"}]
    rec["geometry_note"] = "</div><script>"
    card = card_html(rec, D(2021, 1, 1))
    assert "<script>" not in card and "<img" not in card and "javascript:" not in card
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in card
    assert "&lt;img src=x onerror=alert(2)&gt;" in card
    assert "&quot;&gt;&lt;b&gt;bold&lt;/b&gt;" in card


def test_dense_geometry_is_simplified_for_drawing(gdf):
    from shapely.geometry import Point
    g = gdf.copy()
    g.loc["armenia", "geometry"] = Point(45, 40.2).buffer(0.8, quad_segs=5000)   # 20,001 vertices
    html = render(build_map(g, D(2023, 1, 1)))
    coords = feature(html, "armenia")["geometry"]["coordinates"][0]
    assert 50 < len(coords) < 2000


def test_labels_carry_a_priority_for_decluttering(gdf):
    html = render(build_map(gdf, D(2023, 1, 1)))
    prio = {f["name"]: f["prio"] for f in payload(html)["features"] if f["label"]}
    assert prio["Armenia"] > prio["Nagorno-Karabakh"] > prio["Stepanakert"]   # the region stays at first zoom
    lachin = feature(html, "lachin_corridor")          # a corridor is named before a town, after a capital
    assert lachin["label"] and prio["Stepanakert"] < lachin["prio"] < prio["Nagorno-Karabakh"]
    assert "declutter" in html
    # a capital's name is placed before other towns' (and bases'), whatever their mentions (up to 99)
    g = gdf.copy()
    g.at["stepanakert", "capital"] = True
    prio = {f["id"]: f["prio"] for f in payload(render(build_map(g, D(2023, 1, 1))))["features"] if f["label"]}
    towns = [fid for fid in prio if fid != "stepanakert" and g.at[fid, "kind"] in ("place", "base", "mission")]
    assert towns and all(prio["stepanakert"] >= prio[t] + 100 for t in towns), prio
    assert prio["stepanakert"] < prio["nagorno_karabakh"]


def test_geometry_sources_are_credited(gdf):
    g = gdf.copy()
    assert payload(render(build_map(g, D(2023, 1, 1))))["credits"] == []    # the fixture names no data set
    g.at["armenia", "geometry_note"] = "OpenStreetMap country polygon (ODbL)"
    assert payload(render(build_map(g, D(2023, 1, 1))))["credits"] == ["Borders © OpenStreetMap contributors (ODbL)"]
    g.at["armenia", "geometry_note"] = "Global Energy Monitor's traced route"      # CC BY 4.0: credit on the map
    assert payload(render(build_map(g, D(2023, 1, 1))))["credits"] == ["Pipelines: Global Energy Monitor (CC BY 4.0)"]


def test_label_points_sit_inside_the_shape_and_the_first_view():
    from shapely.geometry import Point, box
    from app.atlas.mapdata import LABEL_BOX, label_point
    big = box(30, 35, 60, 55)                         # a neighbour much larger than the view
    lat, lon = label_point(big)
    assert LABEL_BOX.contains(Point(lon, lat))
    ring = box(44, 39, 46, 41).difference(box(44.5, 39.5, 45.5, 40.5))   # a polygon with a hole
    lat, lon = label_point(ring)
    assert ring.contains(Point(lon, lat))
    assert label_point(Point(46.75, 39.82)) == (39.82, 46.75)
    # a line: the middle of its stretch inside the first view, on the line (a pipeline from Baku to the
    # Mediterranean is named in the Caucasus, not in Anatolia)
    from shapely.geometry import LineString
    line = LineString([(49.9, 40.4), (44.8, 41.7), (35.9, 36.9)])
    lat, lon = label_point(line)
    assert LABEL_BOX.contains(Point(lon, lat)) and line.distance(Point(lon, lat)) < 1e-4
    assert abs(lon - (49.9 + LABEL_BOX.bounds[0]) / 2) < 0.3


def test_lines_that_share_a_route_are_named_apart_each_on_its_own_line(gdf):
    """BTC, the South Caucasus Pipeline and the Baku–Tbilisi–Kars railway run side by side: their names are
    anchored at different points along their lines (about 40 km apart), the corridor's at its middle."""
    from shapely.geometry import LineString, Point
    from app.atlas.mapdata import LINE_LABEL_GAP, map_payload
    route = LineString([(49.8, 40.4), (47.0, 40.9), (44.9, 41.6)])
    g = gdf.copy()
    rows = {"btc": ("pipeline", "pipelines", route), "scp": ("pipeline", "pipelines", route.offset_curve(0.02)),
            "ktb": ("railway", "corridors", route.offset_curve(-0.02)),
            "corr": ("corridor", "corridors", LineString([(48.0, 39.0), (48.6, 39.3)]))}
    for fid, (kind, layer, geom) in rows.items():
        g.loc[fid] = g.iloc[0]
        g.at[fid, "id"], g.at[fid, "kind"], g.at[fid, "layer"], g.at[fid, "geometry"] = fid, kind, layer, geom
        g.at[fid, "name"] = fid
    feats = {f["id"]: f for f in map_payload(g, D(2023, 1, 1))["features"]}
    points = {fid: Point(feats[fid]["label"][1], feats[fid]["label"][0]) for fid in rows}
    for fid, (_k, _l, geom) in rows.items():
        assert geom.distance(points[fid]) < 1e-4, fid                 # on its own line
    for a in ("btc", "scp", "ktb"):
        for b in ("btc", "scp", "ktb"):
            assert a == b or points[a].distance(points[b]) >= LINE_LABEL_GAP - 1e-9, (a, b)
    assert points["corr"].distance(Point(48.3, 39.15)) < 1e-6      # alone: at its middle


def test_scale_bar_and_credits_sit_above_the_date_controls(gdf):
    html = render(build_map(gdf, D(2023, 1, 1)))
    assert "L.control.scale()" in html
    assert re.search(r"\.atlas-has-time \.leaflet-bottom \{ bottom: var\(--atlas-time-h, \d+px\); \}", html)
    assert "--atlas-time-h" in html and "box.offsetHeight" in html     # measured when the bar wraps
