"""What every browser test shares: Debian's Chromium must be there, and the shipped lesson resolved
against the events the app builds (seeds + committed geodata)."""
from __future__ import annotations

from typing import Any, NamedTuple

import pytest

from tests.conftest import REAL_GEODATA, require_chromium


@pytest.fixture(autouse=True)
def _chromium_present():
    require_chromium()


class ShippedLesson(NamedTuple):
    lesson: Any
    steps: list[dict]
    events: list[dict]
    gdf: Any


@pytest.fixture(scope="session")
def shipped_lesson() -> ShippedLesson:
    """The shipped lesson, its steps resolved (with no warning) against the same events the app builds."""
    from app.classroom.lessons import DEFAULT_LESSON_ID, LESSONS_DIR, load_lesson, resolve_lesson
    from app.export import lesson_events

    events, gdf = lesson_events(REAL_GEODATA)
    lesson = load_lesson(LESSONS_DIR / f"{DEFAULT_LESSON_ID}.json")
    steps, warnings = resolve_lesson(lesson, events)
    assert not warnings, warnings
    return ShippedLesson(lesson, steps, events, gdf)
