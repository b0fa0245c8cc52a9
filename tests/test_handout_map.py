"""The handout's small map keeps the more important of two overlapping labels and keeps labels inside it."""
from __future__ import annotations

from app.classroom.handout_map import declutter, label_box


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_an_overlapping_label_moves_a_line_or_the_lower_priority_one_is_dropped():
    labels = [("Lachin corridor", 200, 100), ("Nagorno-Karabakh", 215, 104), ("Shusha", 205, 100),
              ("Stepanakert", 210, 98), ("Syunik", 400, 200)]
    kept = declutter(labels, 560, 260)
    # Nagorno-Karabakh moves a line down, Shusha a line up; Stepanakert finds no room and is dropped
    assert [k[0] for k in kept] == ["Lachin corridor", "Nagorno-Karabakh", "Shusha", "Syunik"]
    assert kept[1][2] > 104 and kept[2][2] < 100
    boxes = [label_box(*k) for k in kept]
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_labels_at_the_edge_slide_inside_the_map():
    kept = declutter([("Nakhchivan Autonomous Republic", 3, 5)], 560, 260)
    x0, y0, x1, y1 = label_box(*kept[0])
    assert x0 >= 0 and y0 >= 0 and x1 <= 560 and y1 <= 260


def test_a_handout_map_keeps_the_steps_framing_and_names_countries_and_towns():
    """A teacher's walk-through: the 'close in on the border' step printed as a wide map with a speck, and no
    map named a country or a town. The step's own bounds now frame it, and the countries and towns in the
    frame are named after the highlighted features."""
    import re

    from app.atlas.layers import load_layers
    from app.classroom.events import build_events
    from app.classroom.handout import render_handout
    from app.classroom.lessons import DEFAULT_LESSON_ID, load_lesson
    from tests.conftest import REAL_GEODATA

    gdf = load_layers(REAL_GEODATA)
    lesson = load_lesson(DEFAULT_LESSON_ID)
    html = render_handout(lesson, build_events([], gdf, {}), gdf)
    villages = html.split('id="step-9"')[1].split("</svg>")[0]
    names = re.findall(r'<text [^>]*>([^<]+)</text>', villages)
    assert "Gazakh" in names                        # the town beside the villages, in a frame about 40 km wide
    assert "Baku" not in names and "Yerevan" not in names
    region = html.split('id="step-11"')[1].split("</svg>")[0]
    ctx = re.findall(r'class="lbl ctx">([^<]+)</text>', region)
    assert {"Armenia", "Azerbaijan", "Baku"} <= set(ctx), ctx


def test_a_corridor_and_its_strip_side_by_side_are_named_once():
    """A teacher's handout named "Lachin corridor" twice, one name on top of the other: the road and its
    strip are both highlighted in the step."""
    from app.classroom.handout_map import _label_points
    feats = {"road": {"name": "Lachin corridor", "geometry": {"type": "LineString", "coordinates": [[46.4, 39.5], [46.6, 39.7]]}},
             "strip": {"name": "Lachin corridor strip (road until Aug 2022)",
                       "geometry": {"type": "LineString", "coordinates": [[46.41, 39.5], [46.61, 39.7]]}},
             "goris": {"name": "Goris", "geometry": {"type": "Point", "coordinates": [46.34, 39.51]}}}
    pt = lambda c: ((c[0] - 46) * 400, (40 - c[1]) * 400)                  # noqa: E731
    names = [n for n, _x, _y in _label_points(feats, ["road", "strip", "goris"], pt, {})]
    assert names == ["Lachin corridor", "Goris"]
    # the town first: the corridor beside it keeps its own name
    feats["town"] = {"name": "Lachin (Berdzor)", "geometry": {"type": "Point", "coordinates": [46.5, 39.6]}}
    names = [n for n, _x, _y in _label_points(feats, ["town", "road"], pt, {})]
    assert names == ["Lachin (Berdzor)", "Lachin corridor"]
