"""The Streamlit app, headless (streamlit.testing AppTest), on the fixture geodata."""
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.map_args import drawn, with_relay

MAIN = str(Path(__file__).resolve().parent.parent / "app" / "ui" / "main.py")


@pytest.fixture
def app(monkeypatch, fixture_geodata):
    monkeypatch.setenv("ATLAS_GEODATA", str(fixture_geodata))
    return AppTest.from_file(MAIN, default_timeout=30)


def folium_args(at):
    comps = at.get("component_instance")
    assert len(comps) == 1
    proto = comps[0].proto
    assert proto.component_name == "streamlit_folium.st_folium"
    return proto, with_relay(at, json.loads(proto.json_args))


def click(at, fid, lat=39.6, lng=46.5):
    """Simulate a map click as streamlit-folium reports it (see docs in shared notes)."""
    proto, _ = folium_args(at)
    at.session_state[proto.id.rsplit("-", 1)[-1]] = {
        "last_active_drawing": {"type": "Feature", "properties": {"id": fid}, "geometry": None},
        "last_object_clicked": {"lat": lat, "lng": lng}}
    return at.run()


def card(at) -> str:
    """The page's HTML elements but the map view's style sheet (app/web/atlas_page.css)."""
    return "\n".join(h.proto.body for h in at.get("html") if not h.proto.body.startswith("<style>"))


def test_app_runs_with_local_assets_only(app):
    at = app.run()
    assert not at.exception
    _, args = folium_args(at)
    links = args["js_links"] + args["css_links"]
    assert links and all(u.startswith("../../app/static/") for u in links), links
    assert not any("d3" in u or "cdn" in u for u in links)
    assert "tileLayer" not in args["script"]
    assert {"armenia", "lachin_corridor", "stepanakert"} <= set(drawn(args))
    assert at.get("download_button"), "GeoJSON download offered"


def test_toggling_a_layer_changes_the_map(app):
    at = app.run()
    before = drawn(folium_args(at)[1])
    assert "lachin_corridor" in before and "baku_tbilisi_ceyhan_pipeline" in before
    at.toggle(key="layer_corridors").set_value(False).run()
    after = drawn(folium_args(at)[1])
    assert "lachin_corridor" not in after and "zangezur_corridor" not in after
    assert "baku_tbilisi_ceyhan_pipeline" in after
    assert at.query_params["layers"] == "borders,regions,pipelines,bases,places"


def test_as_of_date_changes_lachin_state(app):
    at = app.run()
    at.slider(key="as_of").set_value(dt.date(2021, 6, 1)).run()
    assert drawn(folium_args(at)[1])["lachin_corridor"] == "open"
    at.slider(key="as_of").set_value(dt.date(2023, 1, 10)).run()
    assert drawn(folium_args(at)[1])["lachin_corridor"] == "blockaded"
    at.slider(key="as_of").set_value(dt.date(2023, 7, 1)).run()
    assert drawn(folium_args(at)[1])["lachin_corridor"] == "closed"
    at.slider(key="as_of").set_value(dt.date(2019, 1, 1)).run()
    assert "lachin_corridor" not in drawn(folium_args(at)[1])
    assert not at.exception


def test_click_shows_the_card_and_survives_reruns(app):
    at = app.run()
    assert card(at) == ""
    at.slider(key="as_of").set_value(dt.date(2023, 1, 10)).run()
    click(at, "lachin_corridor")
    assert not at.exception
    html = card(at)
    assert "Lachin corridor" in html and "<b>Blockaded</b>" in html and 'dir="rtl"' in html
    assert at.selectbox(key="selected").value == "lachin_corridor"
    assert at.query_params["selected"] == "lachin_corridor"
    # the date changes the map (remounting it) but the selection and its card stay, with the new state
    at.slider(key="as_of").set_value(dt.date(2023, 7, 1)).run()
    assert "<b>Closed</b>" in card(at)
    # picking another feature in the side panel wins over the old click
    at.selectbox(key="selected").set_value("goris").run()
    assert "Goris" in card(at) and "Lachin corridor" not in card(at)


def test_url_opens_the_same_view(app):
    app.query_params["as_of"] = "2023-07-01"
    app.query_params["selected"] = "lachin_corridor"
    app.query_params["layers"] = "borders,corridors"
    at = app.run()
    assert not at.exception
    assert at.slider(key="as_of").value == dt.date(2023, 7, 1)
    assert set(drawn(folium_args(at)[1])) == {"armenia", "azerbaijan", "georgia", "caspian_sea",
                                              "lachin_corridor", "zangezur_corridor"}
    assert "<b>Closed</b>" in card(at)


def test_missing_geodata_shows_clear_error(monkeypatch):
    monkeypatch.setenv("ATLAS_GEODATA", "/nonexistent")
    at = AppTest.from_file(MAIN, default_timeout=30).run()
    assert not at.exception
    assert at.error and "/nonexistent: geodata file not found" in at.error[0].value
    assert not at.get("component_instance")


def test_invalid_geodata_shows_clear_error(monkeypatch, tmp_path):
    bad = tmp_path / "broken.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    monkeypatch.setenv("ATLAS_GEODATA", str(bad))
    at = AppTest.from_file(MAIN, default_timeout=30).run()
    assert not at.exception
    assert "broken.geojson: not valid JSON" in at.error[0].value


def test_url_sync_keeps_other_views_parameters(app):
    app.query_params["lesson"] = "lachin"
    app.query_params["step"] = "3"
    at = app.run()
    at.slider(key="as_of").set_value(dt.date(2023, 1, 10)).run()
    assert at.query_params["as_of"] == "2023-01-10"
    assert at.query_params["lesson"] == "lachin" and at.query_params["step"] == "3"


def test_dates_set_by_other_views_are_clamped(app):
    at = app.run()
    at.session_state["as_of"] = dt.datetime(1900, 5, 1, 12, 0)
    at.run()
    assert not at.exception
    assert at.slider(key="as_of").value == dt.date(1923, 1, 1)


def test_app_runs_on_the_committed_geodata(monkeypatch):
    """The real geodata/features.geojson draws, and the Lachin corridor's card opens on it."""
    from app.atlas.layers import DEFAULT_PATH
    if not DEFAULT_PATH.exists():
        pytest.skip("geodata/features.geojson not built yet")
    monkeypatch.delenv("ATLAS_GEODATA", raising=False)
    at = AppTest.from_file(MAIN, default_timeout=60).run()
    assert not at.exception and not at.error
    at.slider(key="as_of").set_value(dt.date(2023, 1, 10)).run()
    ids = drawn(folium_args(at)[1])
    assert {"armenia", "azerbaijan", "georgia", "nagorno_karabakh", "lachin_corridor"} <= set(ids)
    assert ids["lachin_corridor"] == "blockaded"
    click(at, "lachin_corridor")
    assert "Lachin corridor" in card(at) and 'lang="fa" dir="rtl"' in card(at)
