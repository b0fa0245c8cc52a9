"""The app's map is built by folium once per data version: later runs send streamlit-folium the same arguments."""
import datetime as dt
import re
from unittest import mock

import pytest
import streamlit_folium as sf

from app.atlas.layers import load_layers
from app.atlas.mapdata import map_payload
from app.atlas.mapview import map_from_payload
from app.ui import folium_host
from app.ui.map_view import RETURNED


@pytest.fixture(scope="module")
def payload(fixture_geodata):
    return map_payload(load_layers(fixture_geodata), dt.date(2023, 1, 1))


def _build(payload):
    return map_from_payload(payload, host="streamlit", host_key="map", fit_window=True)


def _ids(args: dict) -> dict:
    """folium's random element ids made alike (two builds of one map differ only there)."""
    return {k: re.sub(r"_[0-9a-f]{32}", "_ID", v) if isinstance(v, str) else v for k, v in args.items()}


def test_the_arguments_are_what_st_folium_sends(payload):
    with mock.patch.object(sf, "_component_func") as comp:
        sf.st_folium(_build(payload), key="map", height=500, use_container_width=True, returned_objects=RETURNED)
    theirs = dict(comp.call_args.kwargs)
    theirs.pop("on_change")
    ours = folium_host.map_args(_build(payload), "map", RETURNED)
    assert _ids({**ours, "height": 500}) == _ids(theirs)
    assert "AtlasHost.start(" in ours["script"]


def test_the_map_is_built_once_per_payload_and_not_on_every_run(payload):
    built = []

    def build():
        built.append(1)
        return _build(payload)
    with mock.patch.object(sf, "_component_func") as comp:
        for _ in range(3):
            folium_host.cached_map(payload, ("t",), build, key="map", height=500, returned_objects=RETURNED)
        assert len(built) == 1
        first = comp.call_args_list[0].kwargs
        assert all(c.kwargs["script"] is first["script"] for c in comp.call_args_list)
        other = dict(payload)                       # a new data version: a new payload object
        folium_host.cached_map(other, ("t",), lambda: _build(other), key="map", height=500,
                               returned_objects=RETURNED)
        folium_host.cached_map(payload, ("u",), build, key="map", height=500, returned_objects=RETURNED)
    assert len(built) == 2                          # a different way of drawing the same data: built again
