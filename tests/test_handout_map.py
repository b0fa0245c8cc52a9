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
