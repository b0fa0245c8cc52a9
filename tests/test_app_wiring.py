"""The integrated app, headless (AppTest) on the committed geodata and the seeds corpus: every view opens
(also from ``?view=``), mention counts reach the map's emitted script, the sidebar filters change both
the counts and the panel, an upload of this visit changes the panel and the counts, corpus problems are
messages, and the lesson builder saves and reopens a lesson."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import map_args

from app.reading.uploads import accept_upload
from tests.conftest import REAL_GEODATA

MAIN = str(Path(__file__).resolve().parent.parent / "app" / "ui" / "main.py")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("ATLAS_GEODATA", str(REAL_GEODATA))
    monkeypatch.delenv("ATLAS_SEEDS", raising=False)
    monkeypatch.delenv("ATLAS_LESSONS", raising=False)
    return AppTest.from_file(MAIN, default_timeout=60)


def map_counts(at) -> dict[str, int]:
    """id -> mention count of the features drawn (sent to the drawn map in the run's signal)."""
    comps = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    assert len(comps) == 1
    args = map_args.with_relay(at, json.loads(comps[0].proto.json_args))
    counts = map_args.signal(args).get("counts") or {}
    return {fid: counts.get(fid) for fid in map_args.drawn(args)}


def html_text(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _year(label: str) -> str:
    """The year of an event as the Timeline's picker names it ("16 March 1921 · …", "2025 · …")."""
    return re.search(r"\b(1[89]\d\d|20\d\d)\b", label).group(1)


def select(at, fid):
    at.session_state["selected"] = fid
    return at.run()


VIEW_MARKS = {
    "documents": lambda at: any(s.value == "Documents" for s in at.subheader) and "article" in html_text(at),
    "search": lambda at: any(t.label.startswith("Search places") for t in at.text_input),
    "timeline": lambda at: any(s.value == "Timeline" for s in at.subheader) and at.get("vega_lite_chart"),
    "present": lambda at: any("Step 1 of 11" in (p.proto.text or "") for p in at.get("progress")),
    "lessons": lambda at: any(s.value == "Lessons" for s in at.subheader),
    "add": lambda at: any(s.value == "Add your own document" for s in at.subheader),
}


@pytest.mark.parametrize("view", list(VIEW_MARKS))
def test_view_opens_from_the_url(app, view):
    app.query_params["view"] = view
    at = app.run()
    assert not at.exception, at.exception
    assert at.session_state["view"] == view
    assert VIEW_MARKS[view](at), view
    assert at.query_params.get("view") == [view] or at.query_params.get("view") == view


@pytest.mark.parametrize("typed, view", [("upload", "add"), ("Add a document", "add"), ("LESSONS", "lessons"),
                                          ("docs", "documents")])
def test_a_view_typed_by_another_name_opens(app, typed, view):
    app.query_params["view"] = typed
    at = app.run()
    assert not at.exception, at.exception
    assert VIEW_MARKS[view](at), typed


def test_an_unknown_view_in_a_link_is_named_and_the_map_shown(app):
    app.query_params["view"] = "[maps](http://example.com)"
    at = app.run()
    assert not at.exception, at.exception
    assert at.session_state["view"] == "map"
    said = " ".join(i.value for i in at.info)
    assert "does not have" in said and "Add a document" in said
    assert "[maps](http://" not in said       # escaped: the link is shown as text, not made a link
    assert not any("does not have" in i.value for i in at.run().info)     # said once


def test_map_view_has_card_panel_and_counts(app):
    at = app.run()
    assert not at.exception
    counts = map_counts(at)
    # the corridor is discussed in the English and the Persian document; Armenia more than any town
    assert counts["zangezur_corridor"] >= 3
    assert counts["armenia"] > counts["syunik"] >= counts["zangezur_corridor"]   # rolled up: corridor -> Syunik -> Armenia
    at = select(at, "zangezur_corridor")
    assert "What the documents say" in [s.value for s in at.subheader]
    caption = " ".join(c.value for c in at.caption)
    assert re.search(r"Zangezur corridor: \d+ sentences in 2 documents", caption), caption
    assert 'lang="fa"' in html_text(at) and 'dir="rtl"' in html_text(at)
    assert at.query_params["selected"] == ["zangezur_corridor"] or at.query_params["selected"] == "zangezur_corridor"


def test_filters_change_map_counts_and_panel(app):
    at = select(app.run(), "zangezur_corridor")
    before = map_counts(at)
    at.multiselect(key="flt_langs").set_value(["fa"]).run()
    after = map_counts(at)
    assert after["zangezur_corridor"] < before["zangezur_corridor"]
    assert after["zangezur_corridor"] > 0           # the Persian document still names it
    body = html_text(at)
    assert 'data-doc="002_ab0d87444bf08e5f.txt"' in body and 'data-doc="004_7e3677aedf6b0cb5.txt"' not in body
    assert "(filtered)" in " ".join(c.value for c in at.caption)
    assert "fa" in str(at.query_params.get("langs"))
    at.multiselect(key="flt_docs").set_value(["003_9191a6ff69e72140.txt"]).run()
    assert not map_counts(at).get("zangezur_corridor")    # the Swedish note is filtered out by language


def test_upload_of_this_visit_changes_panel_and_counts(app):
    at = select(app.run(), "lachin_corridor")
    before = map_counts(at)["lachin_corridor"]
    doc, rows = accept_upload("notes.txt", "The Lachin corridor was closed, and Meghri was quiet.".encode(),
                              {"title": "Visit notes"})
    at.session_state["uploaded_docs"] = [doc]
    at.session_state["uploaded_rows"] = rows
    at.run()
    assert not at.exception
    assert map_counts(at)["lachin_corridor"] == before + 1
    assert 'data-doc="notes.txt"' in html_text(at) and "Visit notes" in html_text(at)


def test_corpus_problems_are_messages_not_tracebacks(app, monkeypatch, tmp_path):
    (tmp_path / "good.txt").write_text("The Lachin corridor reopened.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe\x00" * 50)
    monkeypatch.setenv("ATLAS_SEEDS", str(tmp_path))
    at = app.run()
    assert not at.exception
    assert any("bad.txt" in w.value for w in at.warning)
    assert map_counts(at)["lachin_corridor"] == 1
    monkeypatch.setenv("ATLAS_SEEDS", str(tmp_path / "missing"))
    at = AppTest.from_file(MAIN, default_timeout=60).run()
    assert not at.exception
    assert any("Cannot read the documents" in e.value for e in at.error)
    assert map_counts(at)                           # the map still draws


def _add_event(at, date_prefix):
    from app.classroom.lesson_data import human_date
    # the picker names each event by its date in words ("12 December 2022 · Blockade: …")
    opts = [o for o in at.selectbox(key="lsn_add_event").options if o.startswith(human_date(date_prefix) + " · ")]
    assert opts, date_prefix
    at.selectbox(key="lsn_add_event").set_value(opts[0]).run()
    return at.button(key="lsn_add").click().run()


def test_lesson_builder_saves_and_reopens(app, monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_LESSONS", str(tmp_path))
    app.query_params["view"] = "lessons"
    at = app.run()
    assert len(at.selectbox(key="lsn_add_event").options) > 10
    at.text_input(key="lsn_title").input("Lachin, 2020 to 2023")
    _add_event(at, "2022-12-12")
    _add_event(at, "2020-11-10")
    _add_event(at, "2020-11-10")                    # the same event twice: two steps, two sets of boxes
    at.button(key="lsn_add_free").click().run()     # a slide without an event
    assert not at.exception
    uids = [it["uid"] for it in at.session_state["lsn_steps"]]
    assert len(uids) == 4 and len(set(uids)) == 4
    at.text_area(key=f"lsn_note_{uids[0]}").input("Start with the blockade.").run()
    at.text_input(key=f"lsn_stitle_{uids[2]}").input("The corridor a year later").run()
    at.text_input(key=f"lsn_stitle_{uids[3]}").input("What do you see on this map?").run()
    at.text_input(key=f"lsn_date_{uids[3]}").input("").run()    # no map date: the blank slide sorts last
    at.text_input(key=f"lsn_q_{uids[0]}").input("Who could pass, and who could not?").run()
    at.button(key=f"lsn_del_{uids[1]}").click().run()       # remove the first ceasefire step
    at.button(key="lsn_sort").click().run()          # by date: the ceasefire comes first, the free slide last
    at.button(key="lsn_save").click().run()
    assert not at.exception
    saved = json.loads((tmp_path / "lachin-2020-to-2023.json").read_text(encoding="utf-8"))
    assert [(s["event_id"] or "free")[:10] for s in saved["steps"]] == ["2020-11-10", "2022-12-12", "free"]
    assert saved["steps"][0]["title"] == "The corridor a year later"
    assert saved["steps"][1]["note"] == "Start with the blockade."
    assert saved["steps"][2]["title"] == "What do you see on this map?"
    assert any("Saved" in s.value for s in at.success)
    # a new form, then open the saved lesson again: each box shows its own step's text
    at.selectbox(key="lsn_open").set_value("— a new lesson —").run()
    assert at.text_input(key="lsn_title").value == ""
    at.selectbox(key="lsn_open").set_value("lachin-2020-to-2023").run()
    assert at.text_input(key="lsn_title").value == "Lachin, 2020 to 2023"
    uids = [it["uid"] for it in at.session_state["lsn_steps"]]
    assert [at.text_input(key=f"lsn_stitle_{u}").value for u in uids] == [
        "The corridor a year later", "", "What do you see on this map?"]
    # "Present it" opens the present view on that lesson
    at.button(key="lsn_present").click().run()
    assert at.session_state["view"] == "present"
    assert any("Step 1 of 3" in (p.proto.text or "") for p in at.get("progress"))
    assert len(at.get("download_button")) >= 3      # GeoJSON + lesson HTML + handout
    # back in Lessons, every box holds what it held (a walk-through found the questions and the blank
    # slide's date emptied, and saving then wiped them from the file)
    at.segmented_control(key="view").set_value("lessons").run()
    assert not at.exception
    uids = [it["uid"] for it in at.session_state["lsn_steps"]]
    assert [at.text_input(key=f"lsn_q_{u}").value for u in uids][1] == "Who could pass, and who could not?"
    assert [at.text_input(key=f"lsn_stitle_{u}").value for u in uids] == [
        "The corridor a year later", "", "What do you see on this map?"]
    assert not any("not saved yet" in (w.value or "") for w in at.warning)


def test_the_shipped_lesson_opens_in_the_builder_and_is_never_replaced_silently(app, monkeypatch, tmp_path):
    """Two steps share one event: no duplicate widget key, each title box shows its own step; saving
    over an existing lesson needs "Replace" and keeps the old file as a backup."""
    from app.classroom.lessons import DEFAULT_LESSON_ID, LESSONS_DIR, load_lesson
    src = LESSONS_DIR / f"{DEFAULT_LESSON_ID}.json"
    (tmp_path / src.name).write_bytes(src.read_bytes())
    shipped = load_lesson(src)
    monkeypatch.setenv("ATLAS_LESSONS", str(tmp_path))
    app.query_params["view"] = "lessons"
    at = app.run()
    at.selectbox(key="lsn_open").set_value(DEFAULT_LESSON_ID).run()
    assert not at.exception, at.exception
    uids = [it["uid"] for it in at.session_state["lsn_steps"]]
    assert [at.text_input(key=f"lsn_stitle_{u}").value for u in uids] == [s.title for s in shipped.steps]
    at.button(key=f"lsn_down_{uids[0]}").click().run()       # reorder, then remove all but one step
    for u in uids[1:]:
        at.button(key=f"lsn_del_{u}").click().run()
    assert not at.exception
    at.text_input(key="lsn_title").input("Renamed: one step").run()   # a new title, the same lesson
    at.button(key="lsn_save").click().run()
    # the lesson is named as it is saved (it had said a lesson with the new title existed: none did)
    said = " ".join(e.value for e in at.error)
    assert f"This lesson is saved as “{shipped.title}”" in said and "Renamed" not in said, said
    assert load_lesson(tmp_path / src.name) == shipped                   # untouched
    at.checkbox(key="lsn_replace").check().run()
    at.button(key="lsn_save").click().run()
    assert any("Saved" in s.value and "(1 step," in s.value for s in at.success)
    assert len(load_lesson(tmp_path / src.name).steps) == 1
    assert load_lesson(tmp_path / src.name).title == "Renamed: one step"
    backups = list((tmp_path / "backups").glob(f"{DEFAULT_LESSON_ID}.*.json"))
    assert len(backups) == 1 and load_lesson(backups[0]) == shipped


def _plain(markdown: str) -> str:
    """Escaped Markdown as the reader sees it."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_a_broken_lesson_file_is_a_message_in_both_views(app, monkeypatch, tmp_path):
    (tmp_path / "broken.json").write_text('{"title": 5, "steps": [{"event_id": "x", "highlight": 5, '
                                          '"date": "![x](http://203.0.113.7/p.png)"}]}', encoding="utf-8")
    monkeypatch.setenv("ATLAS_LESSONS", str(tmp_path))
    app.query_params["view"] = "lessons"
    at = app.run()
    at.selectbox(key="lsn_open").set_value("broken").run()
    assert not at.exception
    assert any("broken.json" in _plain(e.value) and "'title' must be text" in _plain(e.value) for e in at.error)
    assert not [e for e in at.error if "![x](http" in e.value]        # the file's text is escaped Markdown
    app2 = AppTest.from_file(MAIN, default_timeout=60)
    app2.query_params["view"] = "present"
    app2.query_params["lesson"] = "broken"
    at = app2.run()
    assert not at.exception
    assert any("broken.json" in _plain(e.value) and "'highlight' must be a list" in _plain(e.value) for e in at.error)


def test_an_unknown_lesson_in_the_url_is_refused_by_name(app):
    app.query_params["view"] = "present"
    app.query_params["lesson"] = "no-such-lesson"
    at = app.run()
    assert not at.exception
    assert any("no-such-lesson" in _plain(e.value) for e in at.error)
    assert not at.get("progress")                   # nothing presented in its place


def test_upload_saved_into_the_corpus_counts_once(app, monkeypatch, tmp_path):
    """Saving an upload into the corpus folder: it is read from there next time, never twice."""
    import shutil

    from tests.conftest import ROOT
    for p in (ROOT / "seeds").iterdir():
        shutil.copy(p, tmp_path / p.name)
    monkeypatch.setenv("ATLAS_SEEDS", str(tmp_path))
    at = select(app.run(), "lachin_corridor")
    before = map_counts(at)["lachin_corridor"]
    doc, rows = accept_upload("saved.txt", "The Lachin corridor reopened.".encode(), {"title": "Saved note"})
    at.session_state["uploaded_docs"] = [doc]
    at.session_state["uploaded_rows"] = rows
    at.session_state["view"] = "add"
    at.run()
    at.button(key="upload_save").click().run()
    assert not at.exception
    assert (tmp_path / "saved.txt").exists()
    entry = [d for d in json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["documents"]
             if d["file"] == "saved.txt"]
    assert entry and entry[0]["title"] == "Saved note"
    at.session_state["view"] = "map"
    at.run()
    assert map_counts(at)["lachin_corridor"] == before + 1
    assert html_text(at).count('data-doc="saved.txt"') == 1


def test_link_targets_parse():
    from app.ui.links import parse
    assert parse("?view=documents&doc=a+b.txt&s=12&selected=x#s-12") == {
        "selected": "x", "view": "documents", "doc": "a b.txt", "s": 12}
    assert parse("?selected=lachin_corridor&as_of=2023-01-15")["as_of"].isoformat() == "2023-01-15"
    assert parse("?s=notanumber") == {}


def test_switching_views_keeps_the_selection_and_the_url(app):
    at = select(app.run(), "zangezur_corridor")
    for view in ("documents", "search", "timeline", "lessons", "add"):
        at.session_state["view"] = view
        at.run()
        assert not at.exception, view
        assert at.session_state["selected"] == "zangezur_corridor", view
        assert "zangezur_corridor" in str(at.query_params.get("selected")), view
    at.session_state["view"] = "map"
    at.run()
    assert "Zangezur corridor" in html_text(at)
    assert "view" not in at.query_params


def test_timeline_show_on_map_moves_the_map_after_a_view_switch(app):
    app.query_params["view"] = "timeline"
    at = app.run()
    at.session_state["view"] = "map"
    at.run()
    at.session_state["view"] = "timeline"
    at.run()
    assert not at.exception
    pick = at.selectbox(key="timeline_pick")
    target = next(o for o in pick.options if o.startswith("12 December 2022 · "))
    pick.set_value(target).run()
    show = [b for b in at.button if b.label == "Show on map"]
    show[0].click().run()
    assert not at.exception
    assert str(at.session_state["as_of"]) == "2022-12-12"
    assert at.session_state["selected"] == "lachin_corridor"
    assert map_counts(at)                         # the map under the timeline is drawn


def test_clicking_the_shown_view_keeps_it(app):
    app.query_params["view"] = "documents"
    at = app.run()
    at.button_group(key="view").set_value(None).run()      # what a click on the selected segment sends
    assert not at.exception
    assert at.session_state["view"] == "documents"
    assert any(s.value == "Documents" for s in at.subheader)


def test_documents_without_an_own_title_show_their_supplied_title(app):
    at = select(app.run(), "zangezur_corridor")
    body = html_text(at)
    # seed 004 has no title of its own: the manifest's supplied English title heads its quotes, left to right
    head = re.search(r'data-doc="004_7e3677aedf6b0cb5.txt"><h4 class="doc-title" ([^>]*)>([^<]*)</h4>', body)
    assert head and 'dir="ltr"' in head.group(1) and head.group(2) != "004_7e3677aedf6b0cb5.txt", head
    assert head.group(2).startswith("[")


def test_present_step_moves_the_shared_as_of_date(app):
    """Each opened step sets the sidebar "As of" (and the URL's as_of) to the step's date, so leaving
    Present for the Map shows the slide's state; the slider stays movable until the next step."""
    import datetime as dt
    app.query_params["view"] = "present"
    app.query_params["step"] = "2"
    at = app.run()
    assert not at.exception, at.exception
    assert any("Step 2 of 11" in (p.proto.text or "") for p in at.get("progress"))
    step2 = dt.date.fromisoformat(re.search(r'present-title[^>]*data-date="(\d{4}-\d\d-\d\d)"', html_text(at)).group(1))
    assert any(f"{step2.day} {step2:%B %Y}" in (p.proto.text or "") for p in at.get("progress"))
    assert at.session_state["as_of"] == step2
    assert at.slider(key="as_of").value == step2
    assert str(at.query_params.get("as_of")).find(step2.isoformat()) >= 0
    at.button(key="present_prev").click().run()
    assert any("Step 1 of 11" in (p.proto.text or "") for p in at.get("progress"))
    assert at.session_state["as_of"] == dt.date(2020, 11, 10)
    # the teacher may still move the slider within a step
    at.slider(key="as_of").set_value(dt.date(2000, 1, 1)).run()
    assert at.session_state["as_of"] == dt.date(2000, 1, 1)


def test_timeline_shows_actor_display_names_not_ids(app):
    """Actors read as names.json's display names (Ilham Aliyev, OSCE), in the filter and in an event."""
    app.query_params["view"] = "timeline"
    at = app.run()
    assert not at.exception
    actor_box = at.multiselect(key="timeline_a")
    assert "Ilham Aliyev" in actor_box.options, actor_box.options
    assert not any(o == o.lower() and " " in o for o in actor_box.options), actor_box.options   # "ilham aliyev"
    actor_box.set_value(["ilham_aliyev"]).run()
    pick = at.selectbox(key="timeline_pick")
    assert pick.options
    line = next(m.value for m in at.markdown if str(m.value).startswith("Actors: "))
    assert "Ilham Aliyev" in line and "ilham" not in line


def test_geojson_download_keeps_the_attribution():
    """The sidebar's GeoJSON download carries features.geojson's attribution (the data licence)."""
    from app.atlas.layers import load_layers
    from app.ui.controls import _geojson_download
    gdf = load_layers(REAL_GEODATA)
    data = json.loads(_geojson_download("x", 0.0, gdf))
    assert "OpenStreetMap" in data["attribution"] and data["features"]


def test_timeline_opens_on_2020_to_today_and_the_latest_event(app):
    """Issue 12: the timeline opens where the story is (2020–today, the most recent event picked), points of
    one day and category are spread so each can be clicked, and titles are short."""
    app.query_params["view"] = "timeline"
    at = app.run()
    assert not at.exception
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    enc = spec.get("encoding") or spec["layer"][0]["encoding"]
    assert enc["x"]["scale"]["domain"][0].startswith("2020-01-01")
    assert at.slider(key="timeline_years").value[0] == 2020
    assert enc["yOffset"]["field"] == "stack"
    from app.ui.timeline import events_frame
    from tests.test_events import _real_events
    rows = events_frame(_real_events(), {}).to_dict("records")
    slots: dict = {}
    for r in rows:
        slots.setdefault((r["date"], r["category"]), set()).add(r["stack"])
    assert any(len(v) > 1 for v in slots.values())             # some points share a day and a row: spread
    assert all(len(v) == len([r for r in rows if (r["date"], r["category"]) == k]) for k, v in slots.items())
    assert all(len(r["title"]) <= 60 for r in rows) and not [r for r in rows if " more" in r["title"]]
    pick = at.selectbox(key="timeline_pick")
    assert pick.value[:4] >= "2025" and _year(pick.value) == max(_year(o) for o in pick.options)
    # the years can be widened to the whole record
    years = at.slider(key="timeline_years")
    assert years.min < 1995
    years.set_value((years.min, years.max)).run()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    enc = spec.get("encoding") or spec["layer"][0]["encoding"]
    assert enc["x"]["scale"]["domain"][0].startswith(str(int(years.min)))


def test_geojson_download_for_the_shown_date_is_the_state_on_that_date():
    """The second download is what the map draws on the slider's date, with who held each piece then."""
    from app.atlas.layers import load_layers
    from app.ui.controls import _geojson_on_date
    gdf = load_layers(REAL_GEODATA)
    data = json.loads(_geojson_on_date("x", 0.0, "2021-06-01", gdf))
    by_id = {f["id"]: f["properties"] for f in data["features"]}
    assert by_id["held_kalbajar"]["controlled_by"] == "azerbaijan"
    assert by_id["russian_peacekeeping_area"]["controlled_by"] == "armenian_forces"
    assert "eu_mission_armenia" not in by_id and all(p["as_of"] == "2021-06-01" for p in by_id.values())


def test_timeline_picking_an_event_moves_the_map_and_documents_read_as_titles(app):
    """An event picked in the list moves the map to its day and feature (as a click on its point does);
    the document filter and the quotes name documents by title, never by file name; an event before the
    map's first day says which day the map shows."""
    app.query_params["view"] = "timeline"
    at = app.run()
    assert not at.exception
    docs = at.multiselect(key="timeline_d")
    assert docs.options and not [o for o in docs.options if o.endswith(".txt")], docs.options
    pick = at.selectbox(key="timeline_pick")
    pick.set_value(next(o for o in pick.options if o.startswith("12 December 2022 · "))).run()
    assert not at.exception
    assert str(at.session_state["as_of"]) == "2022-12-12"
    assert at.session_state["selected"] == "lachin_corridor"
    assert not re.search(r"\(\d{3}_[0-9a-f]{16}\.txt,", html_text(at))       # quotes: title, language, date
    at.slider(key="timeline_years").set_value((1920, 2026)).run()
    pick = at.selectbox(key="timeline_pick")
    pick.set_value(next(o for o in pick.options if o.startswith("23 April 1920 · "))).run()
    assert str(at.session_state["as_of"]) == "1923-01-01"
    assert any("The map begins on 1 Jan 1923" in c.value for c in at.caption)


def test_unsaved_lesson_edits_are_named_before_presenting(app, monkeypatch, tmp_path):
    """Present and the take-home files show the saved lesson: while the form holds unsaved edits the page
    says so and the button says it presents the saved version; after saving, Present shows the edit."""
    from app.classroom.lessons import DEFAULT_LESSON_ID, LESSONS_DIR
    src = LESSONS_DIR / f"{DEFAULT_LESSON_ID}.json"
    (tmp_path / src.name).write_bytes(src.read_bytes())
    monkeypatch.setenv("ATLAS_LESSONS", str(tmp_path))
    app.query_params["view"] = "lessons"
    at = app.run()
    at.selectbox(key="lsn_open").set_value(DEFAULT_LESSON_ID).run()
    assert not at.warning and at.button(key="lsn_present").label == "Present it"
    uid = at.session_state["lsn_steps"][0]["uid"]
    at.text_input(key=f"lsn_stitle_{uid}").input("EDITED step one").run()
    assert any("not saved yet" in w.value for w in at.warning)
    assert at.button(key="lsn_present").label == "Present the saved version"
    at.checkbox(key="lsn_replace").check().run()
    at.button(key="lsn_save").click().run()
    assert not [w for w in at.warning if "not saved yet" in w.value]
    at.button(key="lsn_present").click().run()
    assert "EDITED step one" in html_text(at)


def test_a_documents_map_buttons_are_places_and_its_people_are_named(app):
    """Under a document, every "Show on the map" button selects something the map draws; the people and
    organisations it names (NATO, Putin) are listed, not offered as buttons that would do nothing."""
    app.query_params["view"] = "documents"
    app.query_params["doc"] = "003_9191a6ff69e72140.txt"
    at = app.run()
    assert not at.exception
    buttons = [b for b in at.button if str(b.key or "").startswith("docsel_")]
    assert buttons and not [b for b in buttons if b.label.startswith("NATO")]
    people = next(m.value for m in at.markdown if str(m.value).startswith("**People and organisations"))
    assert "NATO" in people
    from app.atlas.layers import load_layers
    drawn = set(load_layers(REAL_GEODATA)["id"])
    for b in buttons:
        b.click().run()
        assert at.session_state["selected"] in drawn, b.label


def test_timeline_actors_are_people_states_and_organisations(app):
    """The Actor filter lists what actors.json lists; a name with no place on the map (the Persian Gulf) is
    no actor."""
    app.query_params["view"] = "timeline"
    at = app.run()
    options = at.multiselect(key="timeline_a").options
    assert "NATO" in options and "Persian Gulf" not in options, options


def test_a_blank_slide_shows_the_map_on_a_date_the_teacher_sets(app, monkeypatch, tmp_path):
    """A blank slide had no date field and showed an empty page in Present: it now takes the date of the
    step before it, the teacher can change it, and a date the map cannot show is refused by name."""
    monkeypatch.setenv("ATLAS_LESSONS", str(tmp_path))
    app.query_params["view"] = "lessons"
    at = app.run()
    at.text_input(key="lsn_title").input("A blank slide").run()
    _add_event(at, "2022-12-12")
    at.button(key="lsn_add_free").click().run()
    uid = at.session_state["lsn_steps"][-1]["uid"]
    assert at.text_input(key=f"lsn_date_{uid}").value == "12 Dec 2022"     # as the app writes dates
    assert at.text_input(key=f"lsn_stitle_{uid}").value == ""          # no stock title to forget to change
    at.button(key="lsn_save").click().run()
    assert any("no event and no title" in e.value for e in at.error)
    at.text_input(key=f"lsn_stitle_{uid}").input("What do you see?").run()
    at.text_input(key=f"lsn_date_{uid}").input("spring").run()
    at.button(key="lsn_save").click().run()
    assert any("“spring” is not a date the map can show" in e.value for e in at.error)
    assert not (tmp_path / "a-blank-slide.json").exists()
    at.text_input(key=f"lsn_date_{uid}").input("2023-09").run()
    at.button(key="lsn_save").click().run()
    saved = json.loads((tmp_path / "a-blank-slide.json").read_text(encoding="utf-8"))
    assert saved["steps"][1]["event_id"] is None and saved["steps"][1]["date"] == "2023-09"
    # typed as people write dates (a walk-through's "26 Sep 2020" was cut to "26 Sep 202" by the box)
    at.text_input(key=f"lsn_date_{uid}").input("26 Sep 2020").run()
    at.checkbox(key="lsn_replace").check().run()
    at.button(key="lsn_save").click().run()
    assert not at.exception and not at.error
    saved = json.loads((tmp_path / "a-blank-slide.json").read_text(encoding="utf-8"))
    assert saved["steps"][1]["date"] == "2020-09-26"
    # a visit to Present and back keeps the date box as it was (it had come back empty)
    at.button(key="lsn_present").click().run()
    at.segmented_control(key="view").set_value("lessons").run()
    assert at.text_input(key=f"lsn_date_{uid}").value == "26 Sep 2020"


def test_the_timeline_opens_with_the_map_on_its_event_and_counts_the_years_shown(app):
    """The list opened on the 2025 agreement over a map of today, and '112 of 132 events' stayed the same
    whatever 'Years shown' said: now the map under it is on the picked event's day, and the count and the
    list are of the years shown."""
    app.query_params["view"] = "timeline"
    at = app.run()
    assert not at.exception
    picked = at.selectbox(key="timeline_pick").value
    assert str(at.session_state["as_of"]) == picked[:10]
    caption = next(c.value for c in at.caption if " events, " in c.value)
    narrow = int(caption.split(" of ")[0])
    import datetime as dt
    assert f"2020–{dt.date.today().year}" in caption
    years = at.slider(key="timeline_years")
    years.set_value((years.min, years.max)).run()
    wide = int(next(c.value for c in at.caption if " events, " in c.value).split(" of ")[0])
    assert wide > narrow
    assert any(_year(o) < "2020" for o in at.selectbox(key="timeline_pick").options)
    years.set_value((2021, 2021)).run()
    assert all(_year(o) == "2021" for o in at.selectbox(key="timeline_pick").options)


def test_the_map_steps_to_events_the_documents_alone_give():
    """The line under the date bar listed a change twice ("Caspian Sea: … → Convention…; Caspian Sea:
    Convention…"): an event that the map's data also holds is already a change on its day. Only events the
    documents alone give become stops of their own."""
    from app.annotate import annotate_paths
    from app.atlas.layers import load_layers
    from app.classroom.events import build_events
    from app.classroom.event_titles import reported_title
    from app.ui.map_view import _event_stops
    from tests.conftest import ROOT
    rows, _failed = annotate_paths([str(ROOT / "seeds")])
    events = build_events(rows, load_layers(REAL_GEODATA))
    stops = dict(_event_stops(events))
    both = [e for e in events if e["origin"] == "both" and not e.get("noisy")]
    corpus = [e for e in events if e["origin"] == "corpus" and not e.get("noisy") and e.get("date")]
    assert both and corpus
    assert not [e["title"] for e in both if stops.get(str(e["date"])) in (e["title"], reported_title(e))]
    assert all(str(e["date"]) in stops for e in corpus)
    # and said as what the documents report, not as a log line ("Ceasefire or agreement: Moscow, …")
    said = [stops[str(e["date"])] for e in corpus]
    assert said and all(t.startswith("documents report") for t in said), said


def test_the_timeline_rows_keep_their_whole_names():
    """The chart cut its row names at about 100 px: "Ceasefire or agreement" was shown "Ceasefire or agre…"."""
    import datetime as dt

    import pandas as pd

    from app.classroom.events import CATEGORY_LABELS
    from app.ui.timeline import timeline_chart

    longest = max(CATEGORY_LABELS.values(), key=len)
    df = pd.DataFrame([{"date": "2020-11-10", "category": longest, "weight": 0.5, "when": "10 Nov 2020",
                        "title": "x", "features": "", "documents": 0, "origin": "geodata", "id": "e"}])
    axis = timeline_chart(df, dt.date(2020, 1, 1), dt.date(2026, 12, 31)).to_dict()["encoding"]["y"]["axis"]
    assert axis["labelLimit"] >= 7 * len(longest) + 40      # ~7 px a character at the axis' 10-11 px font


def test_a_search_opens_from_its_link_and_goes_into_the_url(app):
    app.query_params["view"] = "search"
    app.query_params["q"] = "Zangezur"
    at = app.run()
    assert not at.exception, at.exception
    assert at.text_input(key="search_q").value == "Zangezur"
    assert any(b.label.startswith("Zangezur corridor") for b in at.button)
    at.text_input(key="search_q").input("Meghri").run()
    assert at.query_params.get("q") in (["Meghri"], "Meghri")
    at.session_state["view"] = "map"
    at.run()
    assert "q" not in at.query_params          # the map's link does not carry a stale search


def test_a_link_to_a_document_that_is_not_there_says_so(app):
    app.query_params["view"] = "documents"
    app.query_params["doc"] = "nonexistent.txt"
    at = app.run()
    assert not at.exception, at.exception
    assert any("No document called “nonexistent.txt” is loaded" in i.value.replace("\\", "") for i in at.info)


def test_present_and_lessons_show_the_lesson_being_worked_on(app, monkeypatch, tmp_path):
    """A teacher opens their lesson in Lessons and clicks the Present tab: Present shows it (it showed the shipped
    lesson); from Present (another lesson chosen there) to an empty builder: the builder opens that lesson."""
    from app.classroom.lessons import DEFAULT_LESSON_ID, LESSONS_DIR, Lesson, Step, load_lesson, save_lesson
    src = LESSONS_DIR / f"{DEFAULT_LESSON_ID}.json"
    (tmp_path / src.name).write_bytes(src.read_bytes())
    save_lesson(Lesson(id="mine", title="Mine", description="", steps=[Step(title="A slide", date="2021")]),
                folder=tmp_path)
    monkeypatch.setenv("ATLAS_LESSONS", str(tmp_path))
    app.query_params["view"] = "lessons"
    at = app.run()
    at.selectbox(key="lsn_open").set_value("mine").run()
    at.segmented_control(key="view").set_value("present").run()
    assert not at.exception, at.exception
    assert any("Step 1 of 1" in (p.proto.text or "") for p in at.get("progress"))
    # in Present the teacher picks the shipped lesson, then goes to a new, empty builder... which stays new
    at.selectbox(key="present_choose").set_value(DEFAULT_LESSON_ID).run()
    at.segmented_control(key="view").set_value("lessons").run()
    assert at.session_state["lsn_open"] == "mine"                  # the builder keeps what it holds
    at.selectbox(key="lsn_open").set_value("— a new lesson —").run()
    at.segmented_control(key="view").set_value("present").run()
    at.selectbox(key="present_choose").set_value(DEFAULT_LESSON_ID).run()
    at.segmented_control(key="view").set_value("lessons").run()
    assert at.session_state["lsn_open"] == "— a new lesson —"      # chosen new: Present's lesson agreed before
    at.segmented_control(key="view").set_value("present").run()
    at.selectbox(key="present_choose").set_value("mine").run()
    at.segmented_control(key="view").set_value("lessons").run()
    assert at.session_state["lsn_open"] == "mine"                  # Present took up another: the empty builder follows
    assert at.text_input(key="lsn_title").value == "Mine"
    assert load_lesson(tmp_path / "mine.json").title == "Mine"


def test_present_says_when_a_step_is_older_than_the_map(app, monkeypatch, tmp_path):
    from app.classroom.lessons import Lesson, Step, save_lesson
    save_lesson(Lesson(id="early", title="Early", description="",
                       steps=[Step(title="The Treaty of Moscow", date="1921-03-16")]), folder=tmp_path)
    monkeypatch.setenv("ATLAS_LESSONS", str(tmp_path))
    app.query_params["view"] = "present"
    app.query_params["lesson"] = "early"
    at = app.run()
    assert not at.exception, at.exception
    assert "The map begins on 1 January 1923: it shows that day, not 16 March 1921." in html_text(at)


def test_a_teacher_adds_a_sentence_from_the_documents_as_a_quote_with_a_translation(app, monkeypatch, tmp_path):
    """A walk-through found no way to put a document's sentence on a step (the teacher pasted it into the hidden
    note): each step with an event offers its documents' sentences; the one chosen, with the teacher's English,
    is saved with the lesson and shown in Present in its own script."""
    monkeypatch.setenv("ATLAS_LESSONS", str(tmp_path))
    app.query_params["view"] = "lessons"
    at = app.run()
    at.text_input(key="lsn_title").input("The ceasefire").run()
    _add_event(at, "2020-11-10")
    uid = at.session_state["lsn_steps"][0]["uid"]
    pick = at.selectbox(key=f"lsn_qpick_{uid}")
    assert pick.options, "the event's sentences are offered"
    pick.set_value(0).run()
    at.text_area(key=f"lsn_qtr_{uid}").input("The war ended on 10 November.").run()
    at.button(key=f"lsn_qadd_{uid}").click().run()
    assert not at.exception, at.exception
    quotes = at.session_state["lsn_steps"][0]["step"].quotes
    assert len(quotes) == 1 and quotes[0]["translation"] == "The war ended on 10 November."
    assert quotes[0]["text"] and quotes[0]["lang"] and quotes[0]["doc"].endswith(".txt")
    assert at.text_area(key=f"lsn_qtr_{uid}").value == ""               # the box is ready for the next one
    at.button(key="lsn_save").click().run()
    saved = json.loads((tmp_path / "the-ceasefire.json").read_text(encoding="utf-8"))
    assert saved["steps"][0]["quotes"][0]["translation_by"] == "the teacher's translation"
    at.button(key="lsn_present").click().run()
    page = html_text(at)
    assert "present-quote" in page and "The war ended on 10 November." in page
    assert "The teacher&#x27;s translation:" in page or "The teacher's translation:" in page
    # removed again from the builder
    at.segmented_control(key="view").set_value("lessons").run()
    uid = at.session_state["lsn_steps"][0]["uid"]
    at.button(key=f"lsn_qdel_{uid}_0").click().run()
    assert at.session_state["lsn_steps"][0]["step"].quotes == []
