"""app.atlas.mapview: the offline map (layers, styles by date, labels, legend) and the escaped card."""
import copy
import datetime as dt
import json
import re

import folium
import pytest

from app.atlas.layers import LAYERS, load_layers
from app.atlas.mapview import LAYER_TITLES, build_map, card_html, selection_layer

D = dt.date


@pytest.fixture(scope="module")
def gdf(fixture_geodata):
    return load_layers(fixture_geodata)


def render(m) -> str:
    return m.get_root().render()


def geojson_layers(html: str) -> list[dict]:
    """The FeatureCollections embedded in the map's script (folium GeoJson layers)."""
    out = []
    for m in re.finditer(r"_add\((\{.*?\})\);", html, flags=re.S):
        out.append(json.loads(m.group(1)))
    return out


def drawn_ids(html: str) -> set[str]:
    return {f["properties"]["id"] for fc in geojson_layers(html) for f in fc["features"]}


def feature_props(html: str, fid: str) -> dict:
    for fc in geojson_layers(html):
        for f in fc["features"]:
            if f["properties"]["id"] == fid:
                return f["properties"]
    raise KeyError(fid)


def test_map_has_each_layer_group_and_only_local_assets(gdf):
    m = build_map(gdf, D(2023, 1, 1))
    html = render(m)
    for layer in LAYERS:
        assert LAYER_TITLES[layer] in [c.layer_name for c in m._children.values() if hasattr(c, "layer_name")]
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("../../app/static/") for u in urls), urls
    assert "tileLayer" not in html and "openstreetmap" not in html.lower()
    assert "cdn" not in " ".join(urls)
    assert "L.Icon.Default.imagePath" in html


def test_static_prefix_and_optional_tiles(gdf):
    html = render(build_map(gdf, D(2023, 1, 1), static_prefix="/app/static", tiles=True))
    assert '"/app/static/leaflet/leaflet.js"' in html or "/app/static/leaflet/leaflet.js" in html
    assert "tile.openstreetmap.org" in html


def test_layers_toggle_what_is_drawn(gdf):
    full = drawn_ids(render(build_map(gdf, D(2023, 1, 1))))
    assert {"armenia", "lachin_corridor", "russian_peacekeeping_hq", "stepanakert"} <= full
    only = drawn_ids(render(build_map(gdf, D(2023, 1, 1), layers={"corridors"})))
    assert only == {"lachin_corridor", "zangezur_corridor"}


def test_features_not_yet_existing_are_not_drawn(gdf):
    ids = drawn_ids(render(build_map(gdf, D(2019, 1, 1))))
    assert "lachin_corridor" not in ids and "russian_peacekeeping_hq" not in ids
    assert "armenia" not in drawn_ids(render(build_map(gdf, D(1985, 1, 1))))   # independent from 1991
    assert "moscow" not in ids                                                  # off_map: not drawn


def test_status_drives_style_and_ghosting(gdf):
    def style_of(on, fid):
        m = build_map(gdf, on)
        for child in _walk(m):
            if isinstance(child, folium.GeoJson) and not child.layer_name.endswith("_hit"):
                for f in child.data["features"]:
                    if f["properties"]["id"] == fid:
                        return child.style_function(f)
        raise KeyError(fid)
    open_, blockaded = style_of(D(2021, 1, 1), "lachin_corridor"), style_of(D(2023, 1, 1), "lachin_corridor")
    assert open_["color"] != blockaded["color"] and "dashArray" in blockaded
    active, gone = style_of(D(2022, 1, 1), "russian_peacekeeping_hq"), style_of(D(2025, 1, 1), "russian_peacekeeping_hq")
    assert gone["fillOpacity"] < active["fillOpacity"] and gone["color"] != active["color"]
    assert feature_props(render(build_map(gdf, D(2025, 1, 1))), "russian_peacekeeping_hq")["present"] is False


def labels(m) -> list[str]:
    """HTML of the DivIcon labels on the map."""
    return [c.options["html"] for c in _walk(m) if isinstance(c, folium.DivIcon)]


def _walk(el):
    yield el
    for c in getattr(el, "_children", {}).values():
        yield from _walk(c)


def test_clickable_features_carry_their_id_and_lines_get_a_hit_area(gdf):
    html = render(build_map(gdf, D(2023, 1, 1)))
    fcs = [fc for fc in geojson_layers(html) if any(f["properties"]["id"] == "lachin_corridor" for f in fc["features"])]
    assert len(fcs) == 2          # the visible line and the wide invisible hit line
    assert '"weight": 18' in html and '"opacity": 0.001' in html


def test_labels_legend_and_counts(gdf):
    m = build_map(gdf, D(2023, 1, 1), counts={"lachin_corridor": 12})
    html = render(m)
    assert any(re.fullmatch(r'<div class="atlas-label country" data-prio="\d+">Armenia</div>', h) for h in labels(m))
    assert any(re.fullmatch(r'<div class="atlas-label place" data-prio="\d+">Stepanakert</div>', h) for h in labels(m))
    assert "atlas-legend" in html and "blockaded" in html and "As of 1 Jan 2023" in html
    assert "12 mentions in the documents" in feature_props(html, "lachin_corridor")["tip"]
    assert feature_props(html, "lachin_corridor")["count"] == 12
    assert "count" not in feature_props(render(build_map(gdf, D(2023, 1, 1))), "lachin_corridor")


def test_map_escapes_names(gdf):
    g = gdf.copy()
    g.loc["goris", "name"] = '<img src=x onerror=alert(1)>'
    m = build_map(g, D(2023, 1, 1))
    html = render(m)
    assert "<img src=x" not in html          # (the JSON data holds it as a \\u003c-escaped string)
    assert any(h.endswith('>&lt;img src=x onerror=alert(1)&gt;</div>') for h in labels(m))
    assert feature_props(html, "goris")["tip"].startswith("<b>&lt;img src=x onerror=alert(1)&gt;</b>")


def test_selection_layer(gdf):
    assert selection_layer(gdf, None) is None and selection_layer(gdf, "nope") is None
    assert selection_layer(gdf, "lachin_corridor") is not None
    html = render(build_map(gdf, D(2023, 1, 1), selected="lachin_corridor"))
    assert '"weight": 7' in html     # corridor weight 4 + 3 when selected
    assert '"weight": 7' not in render(build_map(gdf, D(2023, 1, 1)))


# --------------------------------------------------------------------------- card
def test_card_shows_state_names_periods_sources(gdf):
    card = card_html(gdf.loc["lachin_corridor"], D(2023, 1, 1))
    assert "<b>Blockaded</b>" in card and "On 1 Jan 2023" in card
    assert '<span lang="ar" dir="rtl"' in card and "ممر لاتشين" in card
    assert '<span lang="fa" dir="rtl"' in card and "Noto Naskh Arabic" in card
    assert "10 Nov 2020 – 12 Dec 2022" in card and "from Oct 2023" in card
    assert re.search(r'class="current"[^>]*><td>12 Dec 2022 – 23 Apr 2023', card)
    assert "kremlin.ru" in card and 'rel="noopener noreferrer"' in card
    assert "document <code>004_7e3677aedf6b0cb5.txt</code>" in card


def test_card_state_changes_with_date(gdf):
    assert "<b>Closed</b>" in card_html(gdf.loc["lachin_corridor"], D(2023, 7, 1))
    assert "not on the map" in card_html(gdf.loc["lachin_corridor"], D(2019, 7, 1))
    assert "gone: ghosted" in card_html(gdf.loc["russian_peacekeeping_hq"], D(2025, 1, 1))


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
    coords = next(f for fc in geojson_layers(html) for f in fc["features"]
                  if f["properties"]["id"] == "armenia")["geometry"]["coordinates"][0]
    assert 50 < len(coords) < 2000
    assert len(html) < 200_000


def test_labels_carry_a_priority_for_decluttering(gdf):
    m = build_map(gdf, D(2023, 1, 1), counts={"goris": 5})
    prio = {re.sub(r"<.*?>", "", h): int(re.search(r'data-prio="(\d+)"', h).group(1)) for h in labels(m)}
    assert prio["Armenia"] > prio["Nagorno-Karabakh"] > prio["Stepanakert"]   # the region stays at first zoom
    assert prio["Goris"] == prio["Stepanakert"] + 5        # more mentions, more likely to stay
    assert "declutter" in render(m)


def test_geometry_sources_are_credited(gdf):
    g = gdf.copy()
    assert "addAttribution" not in render(build_map(g, D(2023, 1, 1)))     # the fixture names no data set
    g.at["armenia", "geometry_note"] = "OpenStreetMap country polygon (ODbL)"
    html = render(build_map(g, D(2023, 1, 1)))
    assert 'addAttribution("Borders \\u00a9 OpenStreetMap contributors (ODbL)")' in html


def test_label_points_sit_inside_the_shape_and_the_first_view():
    from shapely.geometry import Point, box
    from app.atlas.mapview import _LABEL_BOX, _label_point
    big = box(30, 35, 60, 55)                         # a neighbour much larger than the view
    lat, lon = _label_point(big)
    assert _LABEL_BOX.contains(Point(lon, lat))
    ring = box(44, 39, 46, 41).difference(box(44.5, 39.5, 45.5, 40.5))   # a polygon with a hole
    lat, lon = _label_point(ring)
    assert ring.contains(Point(lon, lat))
    assert _label_point(Point(46.75, 39.82)) == (39.82, 46.75)


def test_scale_bar_sits_above_the_attribution(gdf):
    # the credits line runs across the map's foot; the scale (bottom left) is lifted above it
    html = render(build_map(gdf, D(2023, 1, 1)))
    assert "L.control.scale()" in html
    assert re.search(r"\.leaflet-bottom\.leaflet-left \{ bottom: \d+px; \}", html)
