"""Hostile URLs and failures in the page: a message, never a traceback (headless AppTest)."""
import datetime as dt
import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.ui import state as S

MAIN = str(Path(__file__).resolve().parent.parent / "app" / "ui" / "main.py")


@pytest.fixture
def app(monkeypatch, fixture_geodata):
    monkeypatch.setenv("ATLAS_GEODATA", str(fixture_geodata))
    return AppTest.from_file(MAIN, default_timeout=60)


def test_date_range_swaps_a_backwards_range_and_clamps():
    assert S.date_range(dt.date(2025, 12, 31), dt.date(2001, 1, 1)) == (dt.date(2001, 1, 1), dt.date(2025, 12, 31))
    assert S.date_range(dt.date(1200, 1, 1), None) == (S.MIN_FILTER_DATE, S.today())
    assert S.date_range(dt.date(9999, 1, 1), None) == (S.today(), S.today())


def test_backwards_date_filter_in_the_url_shows_the_map_not_a_traceback(app):
    app.query_params["from"] = "2025"
    app.query_params["to"] = "2001"
    at = app.run()
    assert not at.exception, at.exception
    assert not at.error
    assert at.get("component_instance"), "the map is drawn"
    assert at.session_state["flt_dates"] == (dt.date(2001, 12, 31), dt.date(2025, 1, 1))


def test_an_unexpected_error_shows_a_message_and_is_logged(app, monkeypatch, caplog):
    from app.ui import timeline

    def broken(*a, **k):
        raise RuntimeError("secret server detail /srv/atlas")

    monkeypatch.setattr(timeline, "render", broken)
    app.query_params["view"] = "timeline"
    with caplog.at_level(logging.ERROR, logger="atlas"):
        at = app.run()
    assert not at.exception
    msg = " ".join(e.value for e in at.error)
    assert "Something went wrong" in msg and "reference" in msg
    assert "secret server detail" not in msg and "Traceback" not in msg
    assert any("secret server detail" in r.exc_text for r in caplog.records if r.exc_text)
