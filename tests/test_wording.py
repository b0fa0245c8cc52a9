"""app.reading.wording: counts read as words ("1 sentence", "2 sentences"), never "sentence(s)"."""
from __future__ import annotations

from app.reading.wording import counted


def test_one_is_singular_and_every_other_count_plural():
    assert counted(1, "sentence") == "1 sentence"
    assert counted(0, "document") == "0 documents"
    assert counted(12_345, "mention") == "12,345 mentions"
    assert counted(2, "place or actor", "places and actors") == "2 places and actors"
    assert counted(1, "place or actor", "places and actors") == "1 place or actor"
