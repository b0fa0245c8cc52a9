"""AppTest of the reader views (tests/apps/reader_harness.py renders them with fixture data)."""

import html
import json
import re
from pathlib import Path

import pytest

from app.safe_html import unsafe_parts

st_testing = pytest.importorskip("streamlit.testing.v1")
AppTest = st_testing.AppTest

HARNESS = str(Path(__file__).parent / "apps" / "reader_harness.py")


def _app(view, **state):
    at = AppTest.from_file(HARNESS, default_timeout=30)
    at.session_state["harness_view"] = view
    for k, v in state.items():
        at.session_state[k] = v
    return at


def _html(at):
    return "".join(h.proto.body for h in at.get("html"))


def _plain(markdown: str) -> str:
    """What a reader sees of a markdown message whose text was md_escape'd."""
    # backslash escapes and the (invisible) Unicode isolate marks around a query are not seen
    return re.sub("[\u2066-\u2069\u200b]", "", html.unescape(re.sub(r"\\(.)", r"\1", markdown)))


def _selected(at):
    return [m.value for m in at.markdown if m.value.startswith("selected:")][-1]


def test_panel_shows_quotes_per_document_and_filters_change_panel_and_counts():
    at = _app("panel", selected="zangezur_corridor").run()
    assert not at.exception
    out = _html(at)
    assert out.count('class="doc-quotes"') == 3
    assert '<mark class="mention" data-id="zangezur_corridor" data-kind="mention">کریدور زنگزور</mark>' in out
    assert "Zangezor Corridor" in out and 'dir="rtl" lang="fa"' in out
    counts_all = at.sidebar.json[0].value
    # keep only the Persian documents
    at.multiselect(key="flt_langs").set_value(["fa"]).run()
    out = _html(at)
    assert out.count('class="doc-quotes"') == 1 and 'data-doc="fa_article.txt"' in out
    assert at.session_state["filters"] == {"langs": ["fa"]}
    assert at.sidebar.json[0].value != counts_all
    assert '"zangezur_corridor":1' in at.sidebar.json[0].value.replace(" ", "")


def test_panel_containment_and_empty_states():
    at = _app("panel", selected="syunik").run()
    out = _html(at)
    assert 'data-doc="meghri_only.txt"' in out and "(via Meghri)" in out
    assert unsafe_parts(out) == [] and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    at = _app("panel").run()
    assert at.info and "Select a feature" in at.info[0].value
    at = _app("panel", selected="lachin_corridor").run()
    assert "No document mentions Lachin corridor" in _html(at)


def test_documents_view_opens_at_sentence_and_buttons_select_features():
    at = _app("documents")
    at.query_params["doc"] = "hostile.txt"
    at.query_params["s"] = "42"
    at.run()
    assert not at.exception
    assert at.selectbox(key="doc_view").value == "hostile.txt"
    bodies = [h.proto.body for h in at.get("html")]
    out = next(b for b in bodies if "<article" in b)
    assert 'class="sentence focus" id="s-42"' in out
    assert unsafe_parts(out) == [] and "<script" not in out
    # the window is brought to that sentence by the app's own script, and only there
    scroll = [b for b in bodies if "<script" in b]
    js = (Path(__file__).resolve().parents[1] / "app" / "web" / "scroll_to_sentence.js").read_text(encoding="utf-8")
    assert scroll == [f'<div hidden data-scroll-to="s-42" data-n="1"></div><script>{js}</script>']
    # st.html passes scripts through DOMPurify, which drops one whose text has "<" before a letter or "/"
    assert not re.search(r"<[/\w]", js)
    meghri = next(b for b in at.button if b.label.startswith("Meghri"))
    meghri.click().run()
    assert _selected(at) == "selected: meghri"
    # choosing another document shows it, right to left
    at.selectbox(key="doc_view").set_value("fa_article.txt").run()
    assert 'class="doc-text" dir="rtl" lang="fa"' in _html(at)


@pytest.mark.parametrize("query", ["Зангезур", "زنگزور", "Zangezr"])
def test_search_box_finds_the_corridor_and_selects_it(query):
    at = _app("search").run()
    at.text_input(key="search_q").input(query).run()
    assert not at.exception
    btn = next(b for b in at.button if b.label.startswith("Zangezur corridor"))
    btn.click().run()
    assert _selected(at) == "selected: zangezur_corridor"


def test_search_box_sentences_are_highlighted_and_linked():
    at = _app("search").run()
    at.text_input(key="search_q").input("كريدور").run()
    out = _html(at)
    assert out.count("<mark") >= 2 and "fa_article.txt" in out
    assert 'href="?view=documents&amp;doc=fa_article.txt&amp;s=0#s-0"' in out
    # readers see the document's title, not its file name
    assert '<bdi dir="rtl" lang="fa">روسیه و قفقاز</bdi>' in out and ">fa_article.txt<" not in out
    # and, as the panel writes a source, its language (and its outlet and date when known) after the title
    assert re.search(r'روسیه و قفقاز</bdi>[^<]*· Persian', out), out
    at.text_input(key="search_q").input("qqqzzz").run()
    assert at.info and "Nothing found for “qqqzzz”" in _plain(at.info[0].value)
    at.text_input(key="search_q").input("ققق").run()   # a Persian query stays inside its quote marks
    assert "\u201c\u2067ققق\u2069\u201d" in at.info[0].value
    # features found, but no sentence holds the word: the reader is told, and where to go
    at.text_input(key="search_q").input("Armenia").run()
    assert [b.label for b in at.button] == ["Armenia (no sentence)"]
    assert at.info and "No sentence contains the word" in at.info[0].value and "Armenia" in at.info[0].value


def test_search_finds_documents_by_title_and_says_how_many_sentences_each_feature_has():
    """A reader typing words of a title finds the document (the README says search finds titles); each feature
    found says how many sentences its panel quotes, so a word found in no sentence does not hide them."""
    at = _app("search").run()
    at.text_input(key="search_q").input("Corridor talk").run()
    out = _html(at)
    assert 'class="search-documents"' in out and "Corridor talk" in out
    assert 'href="?view=documents&amp;doc=' in out.split('class="search-documents"')[1]
    at.text_input(key="search_q").input("Meghri").run()
    meghri = next(b.label for b in at.button if b.label.startswith("Meghri"))
    rows = json.loads((Path(__file__).parent / "fixtures" / "reader_rows.json").read_text(encoding="utf-8"))
    n = len({(r["doc"], r["sentence_start"]) for r in rows if r.get("id") == "meghri"})
    assert n and meghri == f"Meghri ({n} sentence{'s' if n > 1 else ''})", meghri


def test_search_box_names_the_feature_sentences_and_documents_by_title():
    at = _app("search").run()
    at.text_input(key="search_q").input("Zangezur").run()
    assert not at.exception
    out = _html(at)
    seen = html.unescape(re.sub(r"<[^>]+>", "", out))
    # every sentence that names the corridor, under its Arabic, Persian and English names
    for words in ("ممر زنغزور", "کریدور زنگزور", "Zangezor Corridor"):
        assert words in seen
    assert "names Zangezur corridor" in seen
    # documents by title (Persian titles isolated), never by file name
    assert '<bdi dir="rtl" lang="fa">روسیه و قفقاز</bdi>' in out and "Corridor talk" in seen
    assert ".txt" not in seen and unsafe_parts(out) == []
    # a Persian name on a button sits between Unicode isolates inside the English label
    at.text_input(key="search_q").input("زنگزور").run()
    label = next(b.label for b in at.button if b.label.startswith("Zangezur corridor"))
    assert "\u201c\u2067" in label and "\u2069\u201d" in label, label


def test_documents_picker_and_filters_show_titles_not_file_names():
    at = _app("documents").run()
    options = at.selectbox(key="doc_view").options
    assert "Corridor talk" in options and "A new bridge opened near Meghri last week." in options
    assert not any(".txt" in o for o in options), options
    at = _app("panel", selected="zangezur_corridor").run()
    options = at.multiselect(key="flt_docs").options
    assert "Corridor talk" in options and not any(".txt" in o for o in options), options


def _submit(at):
    next(b for b in at.button if b.label == "Add to this visit").click().run()


def test_upload_bad_file_shows_message_and_changes_nothing(tmp_path):
    at = _app("upload", harness_folder=str(tmp_path)).run()
    before = [m.value for m in at.markdown if m.value.startswith("docs loaded")]
    at.get("file_uploader")[0].upload("bad.txt", "مرحبا، ميغري".encode("cp1256"), "text/plain")
    _submit(at)
    assert at.error and "UTF-8" in _plain(at.error[0].value) and "bad.txt" in _plain(at.error[0].value)
    assert [m.value for m in at.markdown if m.value.startswith("docs loaded")] == before
    assert list(tmp_path.iterdir()) == []


def test_upload_good_file_joins_the_corpus_and_saves(tmp_path):
    at = _app("upload", harness_folder=str(tmp_path)).run()
    at.get("file_uploader")[0].upload("my note.md", b"Trains could stop in Meghri.", "text/markdown")
    at.text_input(key="upload_title").input("<b>My</b> note")
    at.text_input(key="upload_published").input("2025-08")
    _submit(at)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success and "Added “<b>My</b> note” (my_note.md)" in _plain(at.success[0].value)
    loaded = [m.value for m in at.markdown if m.value.startswith("docs loaded")][0]
    assert "my_note.md" in loaded
    at.button(key="upload_save").click().run()
    assert at.success and "Saved my_note.md" in _plain(at.success[-1].value)
    assert (tmp_path / "my_note.md").read_text(encoding="utf-8") == "Trains could stop in Meghri."
    assert '"title": "<b>My</b> note"' in (tmp_path / "manifest.json").read_text(encoding="utf-8")
    # saving again refuses, with a message
    at.button(key="upload_save").click().run()
    assert at.error and "not overwritten" in _plain(at.error[0].value)


def test_a_pasted_text_is_added_under_its_title_and_a_file_and_a_paste_together_are_refused(tmp_path):
    at = _app("upload", harness_folder=str(tmp_path)).run()
    at.text_area(key="upload_paste").input("Поезда пойдут через Мегри.\nЗангезурский коридор открыт.")
    at.text_input(key="upload_title").input("Мегри: поезда")
    _submit(at)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Added “Мегри: поезда” (Мегри_поезда.txt)" in _plain(at.success[0].value)
    # the form is empty for the next document: its title and text are not carried over
    assert at.text_input(key="upload_title").value == "" and at.text_area(key="upload_paste").value == ""
    loaded = [m.value for m in at.markdown if m.value.startswith("docs loaded")][0]
    assert "Мегри_поезда.txt" in loaded
    at.button(key="upload_save").click().run()
    assert (tmp_path / "Мегри_поезда.txt").read_text(encoding="utf-8").startswith("Поезда пойдут через Мегри.")
    # the same text again: refused by name, nothing added twice
    at.text_area(key="upload_paste").input("Поезда пойдут через Мегри.")
    at.text_input(key="upload_title").input("Мегри: поезда")
    _submit(at)
    assert at.error and "Мегри_поезда.txt" in _plain(at.error[0].value)
    # a file and a pasted text together: refused, nothing added (the refused text stays in its box)
    assert at.text_area(key="upload_paste").value == "Поезда пойдут через Мегри."
    at.get("file_uploader")[0].upload("other.txt", b"Trains could stop in Meghri.", "text/plain")
    _submit(at)
    assert at.error and "not both" in _plain(at.error[0].value)
    assert "other.txt" not in [m.value for m in at.markdown if m.value.startswith("docs loaded")][0]


def test_an_empty_form_asks_for_a_file_or_a_text(tmp_path):
    at = _app("upload", harness_folder=str(tmp_path)).run()
    at.text_area(key="upload_paste").input("   \n ")
    _submit(at)
    assert at.error and "paste a text" in _plain(at.error[0].value)


def test_the_sentence_a_link_opened_is_quoted_above_in_its_own_direction():
    """A Persian sentence quoted above the document reads right to left (it had been laid out left to right,
    its last words first); a hostile one stays text."""
    at = _app("documents")
    at.query_params["doc"] = "fa_article.txt"
    at.query_params["s"] = "58"
    at.run()
    quote = next(h.proto.body for h in at.get("html") if "focus-sentence" in h.proto.body)
    assert 'dir="rtl" lang="fa"' in quote
    at = _app("documents")
    at.query_params["doc"] = "hostile.txt"
    at.query_params["s"] = "42"
    at.run()
    quote = next(h.proto.body for h in at.get("html") if "focus-sentence" in h.proto.body)
    assert unsafe_parts(quote) == [] and 'dir="ltr"' in quote


def test_documents_view_keeps_the_focus_when_the_url_is_cleared():
    at = _app("documents")
    at.query_params["doc"] = "en_news.txt"
    at.query_params["s"] = "73"
    at.run()
    assert 'class="sentence focus" id="s-73"' in _html(at)
    at.query_params.clear()  # what the map's URL sync does on the next run
    at.run()
    assert at.selectbox(key="doc_view").value == "en_news.txt"
    assert 'class="sentence focus" id="s-73"' in _html(at)


# --------------------------------------------------------------------------- real browser

@pytest.fixture(scope="module")
def harness_url(tmp_path_factory):
    """``streamlit run tests/apps/reader_harness.py`` on a free 127.0.0.1 port (module-wide)."""
    import subprocess
    import sys

    from tests.conftest import ROOT, free_port, require_chromium, stop, wait_healthy

    require_chromium()
    port = free_port()
    log = open(tmp_path_factory.mktemp("reader") / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "tests/apps/reader_harness.py", f"--server.port={port}",
         "--server.address=127.0.0.1", "--server.headless=true", "--browser.gatherUsageStats=false",
         "--server.fileWatcherType=none"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, 40, Path(log.name))
        yield url
    finally:
        stop(proc)


def test_browser_hostile_document_runs_nothing_and_rtl_uses_arabic_font(page, harness_url):
    from playwright.sync_api import expect

    from tests.conftest import guard_page

    problems = guard_page(page)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{harness_url}/?harness=documents&doc=hostile.txt&s=42")
    text = page.locator(".doc-text")
    expect(text).to_contain_text("<script>alert(1)</script>", timeout=20000)
    expect(text).to_contain_text("<img src=x onerror=alert(2)>")
    assert page.locator(".doc-text script, .doc-text img, .doc-text [onerror]").count() == 0
    expect(page.locator("mark[data-id='meghri']")).to_have_text("Meghri")
    href = page.locator("mark[data-id='meghri']").locator("xpath=..").get_attribute("href")
    assert href.startswith("?selected=meghri")
    # the Persian document reads right to left in an Arabic-script font
    page.goto(f"{harness_url}/?harness=panel&selected=zangezur_corridor")
    quote = page.locator("section[data-doc='fa_article.txt'] blockquote").first
    expect(quote).to_contain_text("زنگزور", timeout=20000)
    assert quote.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "Noto Naskh Arabic" in quote.evaluate("e => getComputedStyle(e).fontFamily")
    page.wait_for_timeout(500)
    assert dialogs == [] and problems == []


def test_filters_come_from_a_shared_url_and_go_back_into_it():
    at = _app("panel", selected="zangezur_corridor")
    at.query_params["langs"] = "fa,ar"
    at.query_params["from"] = "2020-01-01"
    at.run()
    assert not at.exception
    assert set(at.session_state["filters"]["langs"]) == {"ar", "fa"}
    assert str(at.session_state["filters"]["date_from"]) == "2020-01-01"
    out = _html(at)
    assert 'data-doc="fa_article.txt"' in out and 'data-doc="en_news.txt"' not in out
    # deselecting a language sticks over reruns
    at.multiselect(key="flt_langs").set_value(["fa"]).run()
    at.run()
    assert at.session_state["filters"]["langs"] == ["fa"]
    from app.reading.panel import encode_view
    assert encode_view({"filters": at.session_state["filters"]})["langs"] == "fa"


_QUOTE_POSITIONS = """el => {
  // where the reader sees the first opening quote, the last closing quote and the Arabic-script letters
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let open = null, close = null, rtlMin = Infinity, rtlMax = -Infinity;
  while (walk.nextNode()) {
    const t = walk.currentNode;
    for (let i = 0; i < t.data.length; i++) {
      const c = t.data[i], r = document.createRange();
      r.setStart(t, i); r.setEnd(t, i + 1);
      const b = r.getBoundingClientRect();
      if (c === '\\u201c' && open === null) open = b.left;
      else if (c === '\\u201d') close = b.left;
      else if (/[\\u0600-\\u06FF]/.test(c)) { rtlMin = Math.min(rtlMin, b.left); rtlMax = Math.max(rtlMax, b.right); }
    }
  }
  return {open, close, rtlMin, rtlMax};
}"""


def _reads_in_order(pos: dict) -> bool:
    """“ on the left of the Persian words and ” on their right, as in “کریدور زنگزور”."""
    return (pos["open"] is not None and pos["close"] is not None
            and pos["open"] < pos["rtlMin"] and pos["close"] >= pos["rtlMax"] - 1)


def test_browser_persian_terms_sit_between_quote_marks_that_read_correctly(page, harness_url):
    from playwright.sync_api import expect

    from tests.conftest import guard_page

    problems = guard_page(page)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{harness_url}/?harness=panel&selected=zangezur_corridor")
    used = page.locator(".names-used li").filter(has_text="کریدور زنگزور").locator(".term")
    expect(used).to_be_visible(timeout=20000)
    assert _reads_in_order(used.evaluate(_QUOTE_POSITIONS)), used.evaluate(_QUOTE_POSITIONS)
    calls = page.locator("section[data-doc='fa_article.txt'] .doc-surfaces .term").first
    assert _reads_in_order(calls.evaluate(_QUOTE_POSITIONS)), calls.evaluate(_QUOTE_POSITIONS)
    # the search view's feature buttons: an English name, then the Persian name that matched, quoted
    page.goto(f"{harness_url}/?harness=search")
    box = page.get_by_role("textbox")
    box.fill("زنگزور")
    box.press("Enter")
    button = page.get_by_role("button").filter(has_text="Zangezur corridor")
    expect(button).to_be_visible(timeout=20000)
    assert _reads_in_order(button.evaluate(_QUOTE_POSITIONS)), button.evaluate(_QUOTE_POSITIONS)
    assert problems == []
