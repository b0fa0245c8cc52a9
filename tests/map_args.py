"""Read what the app sends streamlit-folium: the map's features (once) and the signal (date, layers, counts)."""
from __future__ import annotations

import datetime as dt
import json
import re

from app.atlas.layers import state_on

_START = re.compile(r"= AtlasHost\.start\(\w+, (\{.*?\}), (\{[^{}]*\})\);", re.S)
_SIGNAL = re.compile(r"AtlasHost\.signal\((\{.*?\})\);", re.S)


def payload(args: dict) -> dict:
    """Every feature with its periods, as the map script carries them."""
    return json.loads(_START.search(args["script"]).group(1))


def with_relay(at, args: dict, key: str = "map") -> dict:
    """``args`` with the signal this run's ``atlas_relay`` component hands to the map of ``key``."""
    for el in at.get("bidi_component"):
        if el.proto.component_name == "atlas_relay":
            data = json.loads(el.proto.json)
            data = data.get("data", data)
            if data.get("key") == key:
                return {**args, "relay": data["signal"]}
    return args


def signal(args: dict) -> dict:
    """The date, layers, selection and counts the run sent to the drawn map (through the relay, else
    in streamlit-folium's ``feature_group_to_add``)."""
    if "relay" in args:
        return args["relay"]
    return json.loads(_SIGNAL.search(args["feature_group"] or "").group(1))


def drawn(args: dict) -> dict[str, str]:
    """id -> status of the features the browser draws for this run (visible layers, state on the date;
    the browser's stateOn is checked against Python's state_on in tests/test_web_renderer.py)."""
    sig = signal(args)
    on = dt.date.fromisoformat(sig["date"])
    out = {}
    for f in payload(args)["features"]:
        s = state_on(f["periods"], on)
        if s is not None and f["layer"] in sig["layers"]:
            out[f["id"]] = s["status"]
    return out
