"""geodata/build_routes.py: the GEM route reader, the simplifier's bounds and the curated file's writer."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "geodata"))
br = pytest.importorskip("build_routes")


def test_parts_of_a_gem_file_are_joined_end_to_start(tmp_path):
    path = tmp_path / "P0001.geojson"
    parts = [[[49.0, 40.0, 0.0], [48.0, 40.5, 0.0]], [[48.0, 40.5, 0.0], [47.0, 41.0, 0.0]]]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"Name": "a"}, "geometry": {"type": "MultiLineString", "coordinates": parts}}]}))
    assert br.read_gem_line(path) == [(49.0, 40.0), (48.0, 40.5), (47.0, 41.0)]
    parts[1][0] = [45.0, 39.0, 0.0]                      # a gap of ~270 km: not one route
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": parts}}]}))
    with pytest.raises(ValueError, match="do not join"):
        br.read_gem_line(path)


def test_simplifying_drops_straight_points_but_keeps_no_span_over_the_bound():
    straight = [(44.0 + i * 0.05, 41.0) for i in range(41)]          # 2 degrees of longitude, ~168 km, one line
    kept = br.simplify(straight, "test", max_segment=50.0)
    assert kept[0] == straight[0] and kept[-1] == straight[-1]
    assert 4 <= len(kept) < 12                                       # split to spans under 50 km, no more
    assert br.longest_segment_km(kept) <= 50.0
    with pytest.raises(ValueError):                                  # the source has no point to split at
        br.simplify([straight[0], straight[-1]], "test", max_segment=50.0)


def test_curated_file_is_in_the_writers_format():
    """A rerun of build_routes rewrites features.json byte for byte (the committed output stays deterministic)."""
    text = br.CURATED.read_text(encoding="utf-8")
    assert br.dump_curated(json.loads(text)) == text


def test_an_old_line_puts_back_the_stretch_the_new_route_replaced():
    """Before a re-routing the line is the later trace with the bypassed stretch swapped for the old waypoints."""
    drawn = [(44.0 + i * 0.2, 41.0) for i in range(11)]               # a later trace, ~17 km between vertices
    spec = br.OldLine("x", head=((43.8, 41.0),), leave=("A", 44.41, 41.02), via=(("B", 44.8, 41.3),),
                      rejoin=("C", 45.19, 40.98), published_km=200, intro="")
    chain, note = br.old_line(spec, drawn)
    assert chain == [(43.8, 41.0), *drawn[:3], (44.8, 41.3), *drawn[6:]]   # leaves at 44.4, rejoins at 45.2
    assert "vertex 2 km from A" in note and "through B" in note and "200 km" in note
    with pytest.raises(ValueError, match="rejoin"):                      # the places given the wrong way round
        br.old_line(br.OldLine("x", (), spec.rejoin, spec.via, spec.leave, 200, ""), drawn)
    far = br.OldLine("x", ((40.0, 41.0),), spec.leave, spec.via, spec.rejoin, 200, "")
    with pytest.raises(ValueError, match="outside the old stretch"):     # a long jump where the trace should be
        br.old_line(far, drawn)
