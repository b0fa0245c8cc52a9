"""The browser map renderer (app/web/*.js): its own Node tests, and its state on a date against Python's."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest

from app.atlas.layers import load_layers, state_on
from app.atlas.mapview import build_map
from app.atlas.timemap import WEB, js_json
from tests.conftest import FIXTURE_GEODATA, ROOT, _in_ci


def _node() -> str:
    node = shutil.which("node")
    if node:
        return node
    msg = "node not found: install Node.js (scripts/setup.sh --test) to run the renderer's tests"
    if _in_ci():
        pytest.fail(msg, pytrace=False)
    pytest.skip(msg)


def test_node_tests_of_the_renderer_pass():
    out = subprocess.run([_node(), "--test", "app/web/tests/"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "# fail 0" in out.stdout and "# pass 0" not in out.stdout


def _edge_days(periods: list[dict]) -> set[dt.date]:
    from app.atlas.layers import parse_iso
    days = {dt.date(1900, 1, 1), dt.date(2100, 1, 1)}
    for p in periods:
        for bound in (p.get("start"), p.get("end")):
            if bound:
                d = parse_iso(bound)[0]
                days |= {d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)}
    return days


def test_state_on_a_date_in_the_browser_matches_python_at_every_period_edge(tmp_path):
    """JS stateOn and Python state_on agree for every fixture and real feature, a day either side of
    every period bound (the [start, end) rule, month and year bounds, overlaps)."""
    cases = []
    for path in (FIXTURE_GEODATA, ROOT / "geodata" / "features.geojson"):
        for _, row in load_layers(path).iterrows():
            for day in sorted(_edge_days(row["periods"])):
                s = state_on(row["periods"], day)
                cases.append({"periods": row["periods"], "day": day.isoformat(),
                              "want": None if s is None else [s["status"], s["present"], s.get("start"), s.get("end")]})
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    script = (f"const T = require({json.dumps(str(WEB / 'atlas_time.js'))});"
              f"const cases = require({json.dumps(str(tmp_path / 'cases.json'))});"
              "const bad = cases.filter(c => { const s = T.stateOn(c.periods, c.day);"
              " const got = s === null ? null : [s.status, s.present, s.start ?? null, s.end ?? null];"
              " return JSON.stringify(got) !== JSON.stringify(c.want); });"
              "console.log(JSON.stringify({n: cases.length, bad: bad.slice(0, 5)}));")
    out = subprocess.run([_node(), "-e", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["n"] == len(cases) > 200
    assert res["bad"] == []


def test_the_page_carries_every_feature_once_with_its_periods():
    gdf = load_layers(FIXTURE_GEODATA)
    html = build_map(gdf, dt.date(2022, 12, 12)).get_root().render()
    assert html.count("= AtlasHost.start(") == 1
    for fid in gdf.index:
        if not gdf.at[fid, "off_map"]:
            assert html.count(f'"id":"{fid}"') == 1, fid
    assert '"date":"2022-12-12"' in html
    assert "function stateOn" in html           # the renderer is inlined from app/web, not a URL


def test_js_json_cannot_break_out_of_a_script_or_a_jinja_pass():
    s = js_json({"name": "</script><!-- {{ x }} {% y %} {# z #} \u2028"})
    assert "</" not in s and "<!--" not in s and "{{" not in s and "{%" not in s and "{#" not in s
    assert json.loads(s)["name"].startswith("</script>")
