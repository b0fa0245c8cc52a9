"""Geodata of the wrong shape gets the clear GeodataError message, never a TypeError or RecursionError."""
import copy
import json
import os

import pytest

from app.atlas.layers import GeodataError, load_layers


@pytest.fixture
def raw(fixture_geodata):
    return json.loads(fixture_geodata.read_text(encoding="utf-8"))


def write(tmp_path, data):
    p = tmp_path / "bad.geojson"
    p.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return p


def _set(raw, where, value):
    data = copy.deepcopy(raw)
    feat = data["features"][0]
    if where == "kind":
        feat["properties"]["kind"] = value
    elif where == "id":
        feat["properties"]["id"] = value
        feat.pop("id", None)
    elif where == "source id":
        feat["properties"]["sources"][0]["id"] = value
    elif where == "name":
        feat["properties"]["name"] = value
    elif where == "names":
        feat["properties"]["names"] = {"en": value}
    elif where in ("label", "period name"):
        feat["properties"]["periods"][0][where.split()[-1]] = value
    return data


@pytest.mark.parametrize("where, value, words", [
    ("kind", ["country"], "'kind' must be text, not a list"),
    ("id", ["armenia"], "'id' must be text, not a list"),
    ("id", {"x": 1}, "'id' must be text, not an object"),
    ("source id", {"url": "x"}, "source 0 'id' must be text, not an object"),
    ("name", 5, "'name' must be text, not a number"),
    ("names", ["Armenia"], "must be text, not a list"),
    ("label", {"x": 1}, "'label' must be text, not an object"),
    ("period name", ["Armenian SSR"], "period 0 'name' must be text, not a list"),
])
def test_wrong_types_get_a_message_naming_the_file_and_field(raw, tmp_path, where, value, words):
    with pytest.raises(GeodataError) as err:
        load_layers(write(tmp_path, _set(raw, where, value)))
    assert str(err.value).startswith(str(tmp_path / "bad.geojson")) and words in str(err.value)


def test_json_nested_100k_deep_is_a_message(tmp_path):
    with pytest.raises(GeodataError, match="nested too deeply"):
        load_layers(write(tmp_path, "[" * 100_000 + "]" * 100_000))


def test_unreadable_file_is_a_message(tmp_path, monkeypatch):
    p = write(tmp_path, "{}")
    from pathlib import Path
    real = Path.read_text

    def deny(self, *a, **k):
        if self == p:
            raise PermissionError(13, "Permission denied")
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "read_text", deny)
    with pytest.raises(GeodataError, match="cannot be read \\(Permission denied\\)"):
        load_layers(p)


def test_a_fifo_is_not_a_file(tmp_path):
    os.mkfifo(tmp_path / "pipe.geojson")
    with pytest.raises(GeodataError, match="is not a file"):
        load_layers(tmp_path / "pipe.geojson")
