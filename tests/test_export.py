"""app.export: the GeoJSON export (function and ``python -m app.export`` CLI)."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from shapely.geometry import shape

from app.atlas.geojson import features_geojson
from app.export import build_parser, main
from app.atlas.layers import load_layers

ROOT = Path(__file__).resolve().parent.parent


def test_cli_writes_a_feature_collection_with_every_id(tmp_path, fixture_geodata):
    out = tmp_path / "atlas.geojson"
    proc = subprocess.run([sys.executable, "-m", "app.export", "geojson", str(out), "--geodata", str(fixture_geodata)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    src = json.loads(fixture_geodata.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert [f["id"] for f in data["features"]] == [f["properties"]["id"] for f in src["features"]]
    by_id = {f["id"]: f for f in data["features"]}
    lachin = by_id["lachin_corridor"]
    assert lachin["properties"]["id"] == "lachin_corridor"
    for key in ("kind", "layer", "names", "periods", "sources", "description"):
        assert lachin["properties"][key] == next(f for f in src["features"] if f["id"] == "lachin_corridor")["properties"][key]
    for f in data["features"]:
        geom = shape(f["geometry"])
        assert geom.is_valid and not geom.is_empty
        minx, miny, maxx, maxy = geom.bounds
        assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90   # WGS 84 lon/lat
    assert "wrote 14 features" in proc.stderr
    # the export is itself valid input for the atlas
    assert set(load_layers(out).index) == set(by_id)


def test_cli_honours_env_and_reports_bad_geodata(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ATLAS_GEODATA", str(tmp_path / "none.geojson"))
    assert main(["geojson", str(tmp_path / "x.geojson")]) == 2
    err = capsys.readouterr().err
    assert "none.geojson: geodata file not found" in err and "Traceback" not in err
    assert not (tmp_path / "x.geojson").exists()


def test_stdout_output(fixture_geodata, capsysbinary):
    assert main(["geojson", "-", "--geodata", str(fixture_geodata)]) == 0
    data = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert len(data["features"]) == 14


def test_features_geojson_keeps_non_ascii_and_nulls(fixture_geodata):
    fc = features_geojson(load_layers(fixture_geodata))
    props = {f["id"]: f["properties"] for f in fc["features"]}
    assert props["lachin_corridor"]["names"]["ar"] == "ممر لاتشين"
    assert props["goris"]["host"] is None


def test_parser_has_subcommands():
    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args([])
    assert parser.parse_args(["geojson", "o.geojson"]).command == "geojson"


SHIPPED_LESSON = Path(__file__).resolve().parent.parent / "lessons" / "from-2020-war-to-trump-route.json"
REAL_LAYERS = Path(__file__).resolve().parent.parent / "geodata" / "features.geojson"


def test_cli_lesson_and_handout(tmp_path, capsys):
    """``lesson`` writes one offline HTML file that steps; ``handout`` a printable page with every step."""
    out, hand = tmp_path / "lesson.html", tmp_path / "handout.html"
    assert main(["lesson", str(SHIPPED_LESSON), str(out), "--geodata", str(REAL_LAYERS)]) == 0
    assert main(["handout", str(SHIPPED_LESSON), str(hand), "--geodata", str(REAL_LAYERS)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>From the 2020 war to the Trump Route</title>" in page
    assert "Step 1 of 8" in page and 'id="next"' in page and "ArrowRight" in page
    assert not re.search(r"""(src|href)=["']https?://""", page)          # nothing fetched: opens offline
    assert "default-src 'none'" in page
    handout = hand.read_text(encoding="utf-8")
    assert handout.count('<section class="step"') == 8 and "Step 8 of 8" in handout
    assert 'dir="rtl"' in handout                                       # quotes in their own script


def test_cli_lesson_reports_a_missing_lesson(tmp_path, capsys):
    assert main(["lesson", str(tmp_path / "nope.json"), str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert "nope.json: lesson file not found" in err and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()
    assert build_parser().parse_args(["handout", "l.json", "o.html"]).command == "handout"


def test_cli_geojson_keeps_the_data_licence(tmp_path):
    """The committed layers credit OpenStreetMap (ODbL); the exported file must carry that credit too."""
    out = tmp_path / "atlas.geojson"
    proc = subprocess.run([sys.executable, "-m", "app.export", "geojson", str(out)],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "OpenStreetMap" in data["attribution"] and "ODbL" in data["attribution"]
    assert data["type"] == "FeatureCollection" and len(data["features"]) >= 50
