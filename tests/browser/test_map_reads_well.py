"""A map that reads well (issue 11 item 7), on the committed geodata in Debian's Chromium: rivers and lakes
drawn over the country fills and under everything else, named; every base, corridor and railway takes
a click on itself at the first zoom (the 102nd base over the Gyumri town dot, Zangezur over the
Horadiz–Agbend railway); hover text stays inside the map; the legend keys fills and symbols once.

The map file is built by the same renderer as the app, Present and the lesson file (``build_map``);
screenshots at 1280x720 and 1440x900 go to ``ATLAS_SCREENSHOTS`` (default: the temp dir)."""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.annotate import annotate_paths
from app.atlas.layers import load_layers
from app.atlas.mapview import build_map
from app.reading.filters import counts_for_map
from tests.browser.test_map_browser import click_latlng, frame
from tests.conftest import REAL_GEODATA, ROOT, require_chromium

SHOTS = Path(os.environ.get("ATLAS_SCREENSHOTS", tempfile.gettempdir()))
DAY = dt.date(2024, 1, 1)          # the Zangezur corridor is proposed, the 102nd base active
SIZES = ((1280, 720), (1440, 900))

#: For every drawn point-, line- and polygon feature of some layers: the container points where it is
#: drawn, sampled along its lines (every ~6 px), and what element a click there meets.
PROBE = """(layers) => {
  const a = window.atlasMap, m = a.map, box = m.getContainer().getBoundingClientRect(), out = {};
  const size = m.getSize(), bar = document.querySelector('.atlas-time');
  const bottom = size.y - (bar ? bar.offsetHeight : 0) - 2;
  const inside = (p) => p.x > 2 && p.y > 2 && p.x < size.x - 2 && p.y < bottom;
  const fidAt = (p) => { const e = document.elementFromPoint(box.left + p.x, box.top + p.y);
                         if (e && e.closest('.leaflet-control, .atlas-time')) { return 'control'; }
                         return e && e.getAttribute('data-fid'); };
  a.items.filter((i) => i.shown && layers.includes(i.f.layer)).forEach((i) => {
    const pts = [];
    i.layers[0].eachLayer((l) => {
      if (l.getLatLng) { pts.push(m.latLngToContainerPoint(l.getLatLng())); return; }
      const flat = (x) => Array.isArray(x) && x.length && !(x[0] instanceof L.LatLng) ? x.flatMap(flat) : [x];
      flat(l.getLatLngs()).forEach((line) => {
        for (let k = 1; k < line.length; k++) {
          const p = m.latLngToContainerPoint(line[k - 1]), q = m.latLngToContainerPoint(line[k]);
          const n = Math.max(1, Math.ceil(p.distanceTo(q) / 6));
          for (let s = 0; s < n; s++) { pts.push(p.add(q.subtract(p).multiplyBy(s / n))); }
        }
      });
    });
    const probes = pts.filter(inside).map((p) => ({x: p.x, y: p.y, at: fidAt(p),
      near: [[8, 0], [-8, 0], [0, 8], [0, -8]].map(([dx, dy]) => fidAt({x: p.x + dx, y: p.y + dy}))}));
    out[i.f.id] = probes;
  });
  return out; }"""


@pytest.fixture(scope="module")
def map_file(tmp_path_factory) -> Path:
    require_chromium()
    out = tmp_path_factory.mktemp("carto") / "map.html"
    build_map(load_layers(REAL_GEODATA), DAY, inline=True).save(str(out))
    return out


def open_map(page: Page, path: Path, size: tuple[int, int]) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(path.as_uri())
    page.wait_for_function("() => window.atlasMap && window.atlasMap.day")
    page.wait_for_timeout(300)                         # labels decluttered on the next frame
    assert errors == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_water_is_drawn_over_the_fills_under_the_rest_and_named(page: Page, map_file: Path, size):
    open_map(page, map_file, size)
    order = page.evaluate("""() => Array.from(document.querySelectorAll('.leaflet-overlay-pane path')).map(p =>
        p.dataset.water ? 'water' : (window.atlasMap.byId[p.dataset.fid] || {f: {}}).f.layer)""")
    water = [k for k, v in enumerate(order) if v == "water"]
    assert len(water) == 19                                       # 10 rivers and 9 lakes, one path each here
    borders = [k for k, v in enumerate(order) if v == "borders"]
    others = [k for k, v in enumerate(order) if v not in ("borders", "water")]
    assert max(borders) < min(water) and max(water) < min(others)  # over the fills, under everything else
    assert page.locator("path[data-water=lake_sevan]").get_attribute("fill") == "#cde2f0"
    assert page.locator("path[data-water=aras]").get_attribute("fill") == "none"
    for name in ("Lake Sevan", "Mingachevir Reservoir", "Kura"):  # named, in blue italics, in the first view
        label = page.locator(".atlas-label.water", has_text=name)
        expect(label).to_be_visible()
        assert label.evaluate("e => getComputedStyle(e).fontStyle") == "italic"
    # water names give way: no other label is hidden by a water label
    hidden_by_water = page.evaluate("""() => { const vis = (e) => e.style.visibility !== 'hidden';
        const w = Array.from(document.querySelectorAll('.atlas-label.water')).filter(vis)
                   .map(e => e.getBoundingClientRect());
        return Array.from(document.querySelectorAll('.atlas-label:not(.water)')).filter(vis)
          .filter(e => { const r = e.getBoundingClientRect(); return w.some(p => !(r.right < p.left ||
            r.left > p.right || r.bottom < p.top || r.top > p.bottom)); }).length; }""")
    assert hidden_by_water == 0
    page.screenshot(path=str(SHOTS / f"map_water_{size[0]}x{size[1]}.png"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_base_corridor_and_railway_takes_a_click_on_itself_at_the_first_zoom(page: Page, map_file: Path,
                                                                                 size):
    open_map(page, map_file, size)
    probes = page.evaluate(PROBE, ["bases", "corridors"])
    assert {"russian_102nd_base_gyumri", "zangezur_corridor", "horadiz_agbend_railway"} <= set(probes)
    assert len([f for f, pts in probes.items() if pts]) >= 10
    dots = set(page.evaluate("""() => window.atlasMap.items.filter(i => ['places', 'bases'].includes(i.f.layer))
                                                         .map(i => i.f.id)"""))      # towns' and bases' dots
    for fid, pts in probes.items():              # (Rasht–Astara lies mostly south of the first view)
        # a town's or a base's dot on a line is the dot's (the Hakari checkpoint sits on the Lachin road)
        free = [p for p in pts if p["at"] not in (dots - {fid}) and p["at"] != "control"]
        own = [p for p in free if p["at"] == fid]
        # every base, and most of every line, or a long stretch of it, is its own click target
        assert len(own) >= min(0.6 * len(free), 30), (fid, [p["at"] for p in free if p["at"] != fid][:10])
    base = probes["russian_102nd_base_gyumri"][0]
    assert base["at"] == "russian_102nd_base_gyumri"               # over the Gyumri town dot ...
    assert base["near"] == ["russian_102nd_base_gyumri"] * 4       # ... and 8 px around it
    zangezur = probes["zangezur_corridor"]
    assert not any(p["at"] == "horadiz_agbend_railway" for p in zangezur)
    assert sum(p["near"].count("zangezur_corridor") for p in zangezur) >= 0.6 * 4 * len(zangezur)


@pytest.mark.parametrize("size", SIZES + ((560, 540),), ids=lambda s: f"{s[0]}x{s[1]}")
def test_hover_text_stays_inside_the_map(page: Page, map_file: Path, size):
    open_map(page, map_file, size)
    box = page.locator("#" + page.evaluate("() => window.atlasMap.map.getContainer().id")).bounding_box()
    bar = page.locator(".atlas-time").bounding_box()
    spots = [(box["width"] - 4, 60), (box["width"] - 4, bar["y"] - box["y"] - 6), (6, 6),
             (box["width"] / 2, bar["y"] - box["y"] - 4), (box["width"] - 30, box["height"] / 2)]
    for x, y in spots:
        page.mouse.move(box["x"] + x - 20, box["y"] + y)
        page.mouse.move(box["x"] + x, box["y"] + y)
        # the newest tooltip's box, read in the same task that finds it (a tooltip closing as the next one opens
        # cannot slip between the look and the measure)
        r = page.wait_for_function("""() => {
            const t = [...document.querySelectorAll('.leaflet-tooltip')].pop();
            if (!t) return null;
            const b = t.getBoundingClientRect();
            return b.width ? {x: b.x, y: b.y, width: b.width, height: b.height} : null;
        }""").json_value()
        assert r["x"] >= box["x"] and r["x"] + r["width"] <= box["x"] + box["width"], (x, y, r)
        assert r["y"] >= box["y"] and r["y"] + r["height"] <= bar["y"], (x, y, r)   # not under the date bar
    page.screenshot(path=str(SHOTS / f"map_tooltip_edge_{size[0]}x{size[1]}.png"))


def test_the_legend_starts_folded_and_keys_fills_and_symbols_once(page: Page, map_file: Path):
    open_map(page, map_file, (1440, 900))
    legend = page.locator(".atlas-legend details")
    assert legend.evaluate("d => d.open") is False                   # out of the way of Baku's label
    page.locator(".atlas-legend summary").click()
    for key in ("Armenia", "Azerbaijan", "Georgia", "Other countries", "Sea, lake or reservoir", "Town", "River"):
        expect(page.locator(".atlas-legend div", has_text=key).first).to_be_visible()
    rows = page.locator(".atlas-legend details > div:not(.h)")
    symbols = rows.evaluate_all("""rs => rs.map(r => [r.textContent.trim().toLowerCase(),
        [...r.querySelectorAll('i')].map(i => i.className + ' ' + i.style.getPropertyValue('--c')).join('|')])""")
    assert len(symbols) == len({tuple(s) for s in symbols}), symbols       # no meaning twice with one symbol
    # the pipelines have their own key (their "In service" is a brown line, the railways' a green one)
    groups = page.locator(".atlas-legend details > div.h").all_inner_texts()
    assert "Pipelines" in groups and "Corridors and railways" in groups
    in_service = [s for s in symbols if s[0] == "in service"]
    assert len(in_service) == 2 and in_service[0][1] != in_service[1][1], in_service
    control = page.locator(".atlas-legend details > div", has_text="Azerbaijani control")
    assert control.locator("i").count() == 2                           # one row, its area and line symbols
    page.screenshot(path=str(SHOTS / "map_legend_open_1440x900.png"))


@pytest.mark.parametrize("fid", ["armenia", "azerbaijan"])
def test_a_selected_country_is_outlined_under_its_water_towns_and_bases(page: Page, map_file: Path, fid):
    """A selected country is drawn over the other areas (its outline shows) but under the water, the
    lines and the points: a selected Armenia had hidden Yerevan, the bases and Lake Sevan."""
    open_map(page, map_file, SIZES[0])
    page.evaluate(f"() => window.atlasMap.select('{fid}')")
    order = page.evaluate("""() => Array.from(document.querySelectorAll('.leaflet-overlay-pane path'))
        .filter(p => !p.classList.contains('atlas-hit') && p.style.display !== 'none')
        .map(p => p.dataset.water ? 'water' : (window.atlasMap.byId[p.dataset.fid] || {f: {}}).f.layer + ':' + p.dataset.fid)""")
    at = {x: k for k, x in enumerate(order)}
    selected = at[f"borders:{fid}"]
    assert all(at[x] < selected for x in order if x.startswith("borders:") and x != f"borders:{fid}")
    assert all(at[x] > selected for x in order if x == "water" or x.split(":")[0] in
               ("regions", "corridors", "pipelines", "places", "bases"))
    assert {"places:yerevan", "bases:russian_102nd_base_gyumri"} <= set(at)
    page.screenshot(path=str(SHOTS / f"map_selected_{fid}_1280x720.png"))


def test_in_the_app_the_102nd_base_and_zangezur_open_their_own_cards(page: Page, real_app_url: str,
                                                                      outside_requests):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(real_app_url + "?as_of=2024-01-01")
    fr = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    expect(fr.locator("path[data-water=lake_sevan]")).to_be_attached(timeout=90000)
    frame(page).wait_for_function("() => window.atlasMap && window.atlasMap.day === '2024-01-01'")
    card = page.locator(".atlas-card")
    click_latlng(page, 40.797, 43.838)                                 # the base, on Gyumri
    expect(card).to_contain_text("102nd", timeout=20000)
    click_latlng(page, 38.9, 46.47)                                    # Zangezur, near the railway's end
    expect(card).to_contain_text("Zangezur", timeout=20000)
    page.screenshot(path=str(SHOTS / "app_zangezur_card_1440x900.png"))
    assert outside_requests == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_labels_give_the_name_of_the_shown_date(page: Page, map_file: Path, size):
    """Soviet republics are named as such before 1991; a district handed back loses its "Armenian-held" name."""
    open_map(page, map_file, size)
    label = lambda fid: page.evaluate(f"() => window.atlasMap.byId['{fid}'].labelEl.textContent")  # noqa: E731
    assert [label(f) for f in ("armenia", "azerbaijan", "georgia")] == ["Armenia", "Azerbaijan", "Georgia"]
    page.evaluate("() => window.atlasMap.setDate('1985-06-01')")
    page.wait_for_timeout(300)                         # decluttered on the next frame
    for name in ("Armenian SSR", "Azerbaijan SSR", "Georgian SSR"):
        expect(page.locator(".atlas-label.country", has_text=name)).to_be_visible()
    tip = page.evaluate("() => window.atlasMap._tip(window.atlasMap.byId.armenia).textContent")
    assert tip.startswith("Armenian SSR")
    page.screenshot(path=str(SHOTS / f"map_1985_{size[0]}x{size[1]}.png"))
    # a held district's hover text gives its name of the day; its map label is short on every date
    tip = lambda fid: page.evaluate(f"() => window.atlasMap._tip(window.atlasMap.byId['{fid}']).textContent")  # noqa: E731
    page.evaluate("() => window.atlasMap.setDate('2019-06-01')")
    assert tip("held_kalbajar").startswith("Kalbajar district (Armenian-held") and label("held_kalbajar") == \
        "Kalbajar district"
    page.evaluate("() => window.atlasMap.setDate('2021-06-01')")
    assert tip("held_kalbajar").startswith("Kalbajar district") and "Armenian-held" not in tip("held_kalbajar")
    assert label("held_kalbajar") == "Kalbajar district" and label("armenia") == "Armenia"


def test_reservoirs_are_drawn_from_the_year_they_filled(page: Page, map_file: Path):
    """Mingachevir (1953) and Khoda Afarin (2008) are not on a map of 1930, with their names; Lake Sevan is."""
    open_map(page, map_file, SIZES[0])
    drawn = """(id) => { const p = document.querySelector(`path[data-water="${id}"]`);
        const w = window.atlasMap.water.find((i) => i.f.id === id);
        return [p.style.display !== 'none', !!w.labelEl && w.label._icon.style.display !== 'none'] }"""
    for day, mingachevir, khoda_afarin in (("1930-06-01", False, False), ("1985-06-01", True, False),
                                           ("2010-06-01", True, True)):
        page.evaluate(f"() => window.atlasMap.setDate('{day}')")
        assert page.evaluate(drawn, "mingachevir_reservoir") == [mingachevir, mingachevir], day
        assert page.evaluate(drawn, "khoda_afarin_reservoir") == [khoda_afarin, khoda_afarin], day
        assert page.evaluate(drawn, "lake_sevan") == [True, True], day


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_towns_keep_their_names_beside_the_held_districts(page: Page, map_file: Path, size):
    """In the first view of 1994, 2021 and the days of the blockade, the offensive and the dissolution, the
    towns of Karabakh and Syunik are named: the held districts' labels (short, and placed after towns and
    bases) and the peacekeepers' (a base's name, placed after towns however often mentioned) no longer hide
    them."""
    open_map(page, map_file, size)
    page.evaluate("() => window.atlasMap.setCounts({russian_peacekeeping_hq: 400, stepanakert: 12})")
    for day in ("1994-06-01", "2021-06-01", "2022-12-12", "2023-09-20", "2024-01-01"):
        page.evaluate(f"() => window.atlasMap.setDate('{day}')")
        page.wait_for_timeout(300)                     # decluttered on the next frame
        for town in ("Stepanakert", "Lachin", "Goris", "Meghri", "Horadiz"):
            expect(page.locator(".atlas-label.place", has_text=town)).to_be_visible()
        shown = page.evaluate("""() => Array.from(document.querySelectorAll('.atlas-label.region'))
            .filter((e) => e.style.visibility !== 'hidden' && e.getBoundingClientRect().width)
            .map((e) => e.textContent)""")
        assert not [t for t in shown if "Armenian-held" in t], shown
    page.screenshot(path=str(SHOTS / f"map_2021_towns_{size[0]}x{size[1]}.png"))


def test_stepanakert_is_named_on_the_days_of_the_blockade_the_offensive_and_the_dissolution(page: Page,
                                                                                              map_file: Path):
    """In the map's size in the app at 1280x720 (932x594), the capital of Karabakh keeps its name on the days
    the Jump-to buttons show, beside the peacekeepers' dot and Shusha's and Lachin's much-mentioned names."""
    open_map(page, map_file, (932, 594))
    # the mentions in the seeds, as the app counts them (they order the names of one kind)
    rows, _failed = annotate_paths([str(ROOT / "seeds")])
    page.evaluate("(c) => window.atlasMap.setCounts(c)", counts_for_map(rows, load_layers(REAL_GEODATA)))
    for day in ("2022-12-12", "2023-09-20", "2024-01-01"):
        page.evaluate(f"() => window.atlasMap.setDate('{day}')")
        page.wait_for_timeout(300)                     # decluttered on the next frame
        for town in ("Stepanakert", "Lachin", "Horadiz", "Meghri"):
            expect(page.locator(".atlas-label.place", has_text=town)).to_be_visible()
        page.screenshot(path=str(SHOTS / f"map_{day}_932x594.png"))


#: Each shown line label's box and its distance in pixels from the point on its line it names (its anchor).
LINE_LABELS = """() => { const a = window.atlasMap, box = a.map.getContainer().getBoundingClientRect();
  return a.items.filter((i) => i.labelEl && ['corridor', 'railway', 'pipeline'].includes(i.f.kind))
    .map((i) => { const r = i.labelEl.getBoundingClientRect(), p = a.map.latLngToContainerPoint(i.label.getLatLng());
      const x = box.left + p.x, y = box.top + p.y;
      const dx = Math.max(r.left - x, 0, x - r.right), dy = Math.max(r.top - y, 0, y - r.bottom);
      return {id: i.f.id, text: i.labelEl.textContent, box: [r.left, r.top, r.right, r.bottom],
              shown: i.shown && i.labelEl.style.visibility !== 'hidden' && r.width > 0 &&
                     i.label._icon.style.display !== 'none',
              off: Math.round(Math.hypot(dx, dy))}; }); }"""


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_corridors_are_named_beside_their_lines_railways_and_pipelines_once_zoomed_in(page: Page, map_file: Path,
                                                                                      size):
    """At the first zoom the corridors carry their names next to the point they name, without covering another
    label; the railways and pipelines, which run side by side, are named from zoom 8, apart from each other."""
    open_map(page, map_file, size)
    labels = {lab["id"]: lab for lab in page.evaluate(LINE_LABELS)}
    shown = {fid for fid, lab in labels.items() if lab["shown"]}
    assert {"zangezur_corridor", "north_south_corridor", "lachin_corridor"} <= shown, shown
    assert not [fid for fid in shown if labels[fid]["text"] and "corridor" not in fid]   # no railway, no pipeline
    for fid in shown:
        assert labels[fid]["off"] <= 30, labels[fid]       # beside its own line
    others = page.evaluate("""() => Array.from(document.querySelectorAll('.atlas-label:not(.corridor)'))
        .filter((e) => e.style.visibility !== 'hidden' && e.getBoundingClientRect().width &&
                       e.closest('.leaflet-marker-icon').style.display !== 'none')
        .map((e) => { const r = e.getBoundingClientRect(); return [e.textContent, r.left, r.top, r.right, r.bottom]; })""")
    for fid in shown:
        left, top, right, bottom = labels[fid]["box"]
        assert not [o[0] for o in others if not (right < o[1] or left > o[3] or bottom < o[2] or top > o[4])], fid
    page.screenshot(path=str(SHOTS / f"map_corridor_names_{size[0]}x{size[1]}.png"))
    page.evaluate("() => window.atlasMap.map.setView([41.0, 46.0], 8, {animate: false})")
    page.wait_for_timeout(400)
    labels = [lab for lab in page.evaluate(LINE_LABELS) if lab["shown"]]
    named = {lab["id"] for lab in labels}
    assert {"baku_tbilisi_ceyhan_pipeline", "kars_tbilisi_baku_railway", "baku_supsa_pipeline"} <= named, named
    for a in labels:
        assert a["off"] <= 30, a
        for b in labels:
            if a is not b:
                assert (a["box"][2] < b["box"][0] or a["box"][0] > b["box"][2] or a["box"][3] < b["box"][1]
                        or a["box"][1] > b["box"][3]), (a["text"], b["text"])
    page.screenshot(path=str(SHOTS / f"map_line_names_z8_{size[0]}x{size[1]}.png"))


def test_a_withdrawn_base_is_named_faded_and_after_every_other_name(page: Page, map_file: Path):
    """A walk-through saw the peacekeepers' name, withdrawn since June 2024, in full red across the map while
    the EU mission, active, went unnamed. A base or mission out of service is named in grey, after every
    other name (here the mission in service keeps its name); one in service keeps its colour."""
    open_map(page, map_file, (932, 594))
    style = """(fid) => { const e = window.atlasMap.byId[fid].labelEl;
        return [e.classList.contains('atlas-past'), getComputedStyle(e).color, e.style.visibility]; }"""
    page.evaluate("() => window.atlasMap.setDate('2022-12-12')")
    page.wait_for_timeout(300)
    past, color, _vis = page.evaluate(style, "russian_peacekeeping_hq")
    assert not past and color == "rgb(122, 20, 32)"                        # in service: the bases' red
    page.evaluate("() => window.atlasMap.setDate('2025-06-01')")
    page.wait_for_timeout(300)
    past, color, _vis = page.evaluate(style, "russian_peacekeeping_hq")
    assert past and color == "rgb(138, 133, 128)"                          # withdrawn: grey
    assert page.evaluate(style, "eu_mission_armenia")[2] != "hidden"       # the mission in service is named
    # the short map name on the label, the whole name in the hover text and the card
    label = page.evaluate("() => window.atlasMap.byId['north_south_corridor'].labelEl.textContent")
    assert label == "North–South Transport Corridor"
    assert "International North–South Transport Corridor" in page.evaluate(
        "() => window.atlasMap._tip(window.atlasMap.byId['north_south_corridor']).textContent")


def test_the_wheel_scrolls_the_page_until_the_reader_clicks_the_map(page: Page, map_file: Path):
    """A reader scrolling down to the panel under a map that filled the window zoomed the map out instead.
    The wheel zooms only after a click on the map, and a wheel turn before says how."""
    open_map(page, map_file, (1440, 900))
    box = page.locator(".leaflet-container").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    zoom = page.evaluate("() => window.atlasMap.map.getZoom()")
    page.mouse.move(x, y)
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(400)
    assert page.evaluate("() => window.atlasMap.map.getZoom()") == zoom
    expect(page.locator(".atlas-wheel-hint")).to_be_visible()
    page.mouse.click(x, y)
    page.mouse.wheel(0, 400)
    page.wait_for_function(f"() => window.atlasMap.map.getZoom() < {zoom}", timeout=5000)
    page.mouse.move(box["x"] - 5 if box["x"] > 5 else x, box["y"] + box["height"] + 20)   # off the map
    page.mouse.move(x, y)
    zoom = page.evaluate("() => window.atlasMap.map.getZoom()")
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(400)
    assert page.evaluate("() => window.atlasMap.map.getZoom()") == zoom           # asleep again


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_small_places_beside_larger_ones_are_named_once_zoomed_in(page: Page, map_file: Path, size):
    """Agarak lies 5 km from Meghri and each Gazakh village is about 1.5 km across: at the first zoom their
    names would crowd out (Meghri's was hidden by Agarak's dot) or pile up on the border; from zoom 9-11 they
    are named."""
    open_map(page, map_file, size)
    shown = """(t) => Array.from(document.querySelectorAll('.atlas-label')).some((e) => e.textContent.trim() === t &&
        e.style.visibility !== 'hidden' && e.getBoundingClientRect().width > 0 &&
        e.closest('.leaflet-marker-icon').style.display !== 'none')"""
    assert page.evaluate(shown, "Meghri") and not page.evaluate(shown, "Agarak")
    assert page.evaluate(shown, "Gazakh border villages")
    assert not any(page.evaluate(shown, v) for v in ("Kheyrimli", "Gizilhajili", "Ashagi Askipara"))
    page.evaluate("() => window.atlasMap.map.setView([38.95, 46.2], 9, {animate: false})")
    page.wait_for_timeout(400)
    assert page.evaluate(shown, "Agarak") and page.evaluate(shown, "Meghri")
    page.evaluate("() => window.atlasMap.setDate('2010-01-01')")
    page.evaluate("() => window.atlasMap.map.setView([41.075, 45.1], 11, {animate: false})")
    page.wait_for_timeout(400)
    assert page.evaluate(shown, "Ashagi Askipara")
