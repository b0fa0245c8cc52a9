"""app.atlas.layers: dates with precision, the state on a date, and clear errors for bad geodata."""
import copy
import datetime as dt
import json

import pytest

from app.atlas.layers import (GeodataError, format_iso, layers_on, load_layers, parse_iso, state_on)

D = dt.date


@pytest.fixture(scope="module")
def gdf(fixture_geodata):
    return load_layers(fixture_geodata)


@pytest.fixture
def raw(fixture_geodata):
    return json.loads(fixture_geodata.read_text(encoding="utf-8"))


def write(tmp_path, data, name="bad.geojson"):
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data,
                 encoding="utf-8")
    return p


# --------------------------------------------------------------------------- dates
@pytest.mark.parametrize("value, expected", [
    ("2020", (D(2020, 1, 1), "year")),
    ("2022-12", (D(2022, 12, 1), "month")),
    ("2023-09-20", (D(2023, 9, 20), "day")),
])
def test_parse_iso_precisions(value, expected):
    assert parse_iso(value) == expected


@pytest.mark.parametrize("bad", ["20", "2022-13", "2023-02-30", "2022/12/01", "Dec 2022", "", "2022-1"])
def test_parse_iso_rejects_bad_values(bad):
    with pytest.raises(ValueError):
        parse_iso(bad)


def test_format_iso_shows_the_precision():
    assert format_iso("2022-12") == "Dec 2022"
    assert format_iso("2020") == "2020"
    assert format_iso("2022-12-12") == "12 Dec 2022"
    assert format_iso("2022-12-12", "month") == "Dec 2022"
    assert format_iso(None) == ""


# --------------------------------------------------------------------------- state_on
PERIODS = [
    {"start": "2020-11-10", "end": "2022-12-12", "status": "open"},
    {"start": "2022-12-12", "end": "2023-06", "status": "blockaded"},
    {"start": "2023-06", "end": "2024", "status": "closed"},
    {"start": "2024", "end": None, "status": "gone", "present": False},
]


@pytest.mark.parametrize("on, status", [
    (D(2020, 11, 9), None),            # before the first start
    (D(2020, 11, 10), "open"),         # start is inclusive
    (D(2022, 12, 11), "open"),
    (D(2022, 12, 12), "blockaded"),    # end is exclusive
    (D(2023, 5, 31), "blockaded"),     # a YYYY-MM end ends before the 1st of that month
    (D(2023, 6, 1), "closed"),         # a YYYY-MM start begins on the 1st
    (D(2023, 12, 31), "closed"),
    (D(2024, 1, 1), "gone"),           # a YYYY start begins on 1 January
    (D(2090, 1, 1), "gone"),           # open-ended
])
def test_state_on_edges(on, status):
    state = state_on(PERIODS, on)
    assert (state or {}).get("status") == status


def test_state_on_fills_present_and_copies():
    assert state_on(PERIODS, D(2021, 1, 1))["present"] is True
    assert state_on(PERIODS, D(2025, 1, 1))["present"] is False
    state_on(PERIODS, D(2021, 1, 1))["status"] = "changed"
    assert PERIODS[0]["status"] == "open"


def test_state_on_open_start_and_empty():
    assert state_on([{"start": None, "end": "1991", "status": "ssr"}], D(1900, 1, 1))["status"] == "ssr"
    assert state_on([{"start": None, "end": "1991", "status": "ssr"}], D(1991, 1, 1)) is None
    assert state_on([], D(2000, 1, 1)) is None


@pytest.mark.parametrize("on, status, label", [
    (D(2020, 1, 1), None, None),
    (D(2021, 6, 1), "open", "Open, under Russian peacekeepers"),
    (D(2022, 12, 12), "blockaded", "Blockaded"),
    (D(2023, 5, 1), "blockaded", "Blockaded, Azerbaijani checkpoint"),
    (D(2023, 7, 1), "closed", "Closed"),
    (D(2023, 9, 25), "open", "Exodus route"),
    (D(2024, 3, 1), "azerbaijani_control", "Road under Azerbaijani control"),
])
def test_lachin_corridor_status_on_dates(gdf, on, status, label):
    row = layers_on(gdf, on).loc["lachin_corridor"]
    assert row["status"] == status
    assert row["label"] == label
    assert bool(row["drawn"]) is (status is not None)


def test_peacekeepers_hq_present_then_gone(gdf):
    assert layers_on(gdf, D(2022, 1, 1)).loc["russian_peacekeeping_hq", "present"]
    late = layers_on(gdf, D(2025, 1, 1)).loc["russian_peacekeeping_hq"]
    assert late["drawn"] and not late["present"] and late["status"] == "withdrawn"


def test_who_held_nagorno_karabakh(gdf):
    held = lambda d: layers_on(gdf, d).loc["nagorno_karabakh", "status"]  # noqa: E731
    assert held(D(1950, 1, 1)) == "autonomous_oblast"
    assert held(D(2000, 1, 1)) == "armenian_held"
    assert held(D(2023, 9, 19)) == "armenian_held"
    assert held(D(2023, 9, 20)) == "azerbaijani_control"


# --------------------------------------------------------------------------- loading
def test_load_layers_shape(gdf):
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf.index) == list(gdf["id"])
    assert {"lachin_corridor", "armenia", "stepanakert"} <= set(gdf.index)
    assert gdf.loc["lachin_corridor", "names"]["fa"] == "کریدور لاچین"
    assert gdf.loc["moscow", "off_map"] is True
    assert gdf.loc["goris", "host"] is None          # missing values stay None, not NaN


def test_env_var_is_honoured(monkeypatch, fixture_geodata, tmp_path):
    monkeypatch.setenv("ATLAS_GEODATA", str(fixture_geodata))
    assert "lachin_corridor" in load_layers().index
    monkeypatch.setenv("ATLAS_GEODATA", str(tmp_path / "nope.geojson"))
    with pytest.raises(GeodataError, match="nope.geojson: geodata file not found"):
        load_layers()


def test_missing_optional_fields_get_defaults(tmp_path, raw):
    for f in raw["features"]:
        for k in ("names", "description", "approximate", "geometry_note", "host", "off_map"):
            f["properties"].pop(k, None)
    g = load_layers(write(tmp_path, raw))
    assert g.loc["armenia", "names"] == {"en": "Armenia"}
    assert g.loc["armenia", "description"] == ""


def _mutate(raw, fid, fn):
    data = copy.deepcopy(raw)
    feat = next(f for f in data["features"] if f["properties"]["id"] == fid)
    fn(feat)
    return data


@pytest.mark.parametrize("make, message", [
    (lambda raw: "{not json", "not valid JSON"),
    (lambda raw: {"type": "Feature", "properties": {}}, "not a GeoJSON FeatureCollection"),
    (lambda raw: {"type": "FeatureCollection", "features": []}, "has no features"),
    (lambda raw: {**raw, "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}},
     "CRS must be WGS 84"),
    (lambda raw: _mutate(raw, "goris", lambda f: f["properties"].pop("kind")),
     "'goris' is missing required properties: kind"),
    (lambda raw: _mutate(raw, "goris", lambda f: f["properties"].update(kind="volcano")),
     "'goris': unknown kind 'volcano'"),
    (lambda raw: _mutate(raw, "goris", lambda f: f["properties"].update(layer="misc")),
     "unknown layer 'misc'"),
    (lambda raw: _mutate(raw, "goris", lambda f: f.update(geometry=None)), "'goris' has no geometry"),
    (lambda raw: _mutate(raw, "goris", lambda f: f.update(geometry={"type": "Point", "coordinates": [5000000, 4400000]})),
     "not WGS 84"),
    (lambda raw: _mutate(raw, "armenia", lambda f: f.update(geometry={"type": "Polygon", "coordinates": [
        [[44, 40], [45, 41], [45, 40], [44, 41], [44, 40]]]})), "'armenia' has an invalid geometry: Self-intersection"),
    (lambda raw: _mutate(raw, "lachin_corridor", lambda f: f["properties"]["periods"][0].update(start="12/12/2022")),
     "'lachin_corridor': period 0 start: not an ISO date"),
    (lambda raw: _mutate(raw, "lachin_corridor", lambda f: f["properties"]["periods"][0].update(end="2019")),
     "ends (2019) before it starts"),
    (lambda raw: {**raw, "features": raw["features"] + raw["features"][:1]}, "duplicate feature id 'armenia'"),
    (lambda raw: _mutate(raw, "goris", lambda f: f["properties"].update(map_name=["Goris"])),
     "'goris': map_name must be a non-empty text, not a list"),
    (lambda raw: _mutate(raw, "goris", lambda f: f["properties"].update(label_zoom="nine")),
     "'goris': label_zoom must be a zoom from 0 to 20, not 'nine'"),
])
def test_invalid_geodata_gives_clear_error(tmp_path, raw, make, message):
    path = write(tmp_path, make(raw))
    with pytest.raises(GeodataError) as info:
        load_layers(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(GeodataError, match=r"missing\.geojson: geodata file not found"):
        load_layers(tmp_path / "missing.geojson")


def test_real_geodata_follows_the_contract():
    """The committed geodata/features.geojson (built by another engineer) loads without error."""
    from app.atlas.layers import DEFAULT_PATH
    if not DEFAULT_PATH.exists():
        pytest.skip("geodata/features.geojson not built yet")
    g = load_layers(DEFAULT_PATH)
    assert {"armenia", "azerbaijan", "lachin_corridor"} <= set(g.index)
