"""Reading the map in Debian's Chromium: the corridor's sentences in two scripts, search in Persian and
Russian, an uploaded document on the map and in the panel, a hostile upload that stays text, and a shared
URL that reopens the same view.

One app (``real_app_url``, tests/conftest.py) serves the committed geodata and the seeds corpus for the
whole session.  Every test fails if any request leaves 127.0.0.1, a local request fails or answers
4xx/5xx, or the page throws (``outside_requests``).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect


IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
ZANGEZUR_ON_LINE = (38.9145, 46.4436)     # a vertex-near point of the corridor, away from Meghri


def open_page(page: Page, url: str, wait_for: str | None = None) -> None:
    """Open ``url``; wait for the map to be drawn (or for ``wait_for`` in views without a map)."""
    page.set_viewport_size({"width": 1400, "height": 950})
    page.goto(url)
    if wait_for:
        expect(page.locator(wait_for).first).to_be_visible(timeout=30000)
    else:
        expect(page.frame_locator(IFRAME).locator("path.leaflet-interactive").first).to_be_visible(timeout=30000)


def mark_session(page: Page) -> None:
    """A flag in the page's JS world: it survives only if nothing reloads the page."""
    page.evaluate("() => { window.__sameVisit = 42; }")


def same_visit(page: Page) -> bool:
    return page.evaluate("() => window.__sameVisit === 42")


def click_map(page: Page, lat: float, lng: float, zoom: int = 10) -> None:
    """Centre the map on a point at ``zoom`` and click it (through Leaflet's projection)."""
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.wait_for_function("() => window.map && window.map.latLngToContainerPoint")
    frame.evaluate("([lat, lng, z]) => window.map.setView([lat, lng], z, {animate: false})", [lat, lng, zoom])
    pt = frame.evaluate("([lat, lng]) => { const p = window.map.latLngToContainerPoint([lat, lng]);"
                        " return {x: p.x, y: p.y}; }", [lat, lng])
    page.frame_locator(IFRAME).locator("#map_div").click(position=pt)


def go_view(page: Page, title: str) -> None:
    """Switch views with the segmented control at the top (in-session, no reload)."""
    page.get_by_test_id("stButtonGroup").get_by_text(title, exact=True).click()


def pick_feature(page: Page, name: str) -> None:
    """Pick a feature in the card's picker (in-session), once the app has finished its runs: a run that
    ends while the list is open redraws the picker and closes the list (the fresh-clone CI run lost a pick
    so, right after a view switch); then once more if the list closed anyway."""
    box = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Feature")
    option = page.get_by_role("option", name=name, exact=True)
    for attempt in range(2):
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30000)
        box.click()
        page.keyboard.type(name)           # the list is long and virtualised: filter it first
        try:
            option.wait_for(timeout=10000)
            break
        except Exception:
            if attempt:
                raise
            page.keyboard.press("Escape")
    option.click()


def upload(page: Page, name: str, text: str, title: str) -> None:
    go_view(page, "Add a document")
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": text.encode("utf-8")}])
    page.get_by_role("textbox", name="Title", exact=True).fill(title)
    page.get_by_role("button", name="Add to this visit").click()
    # named by its title, the file in brackets: "Added “<b>Hostile</b> title” (hostile.md)", the title as text
    expect(page.get_by_test_id("stAlert").filter(has_text=f"Added “{title}” ({name})")).to_be_visible(timeout=20000)
    # and the form is empty for the next document
    expect(page.get_by_role("textbox", name="Title", exact=True)).to_have_value("")


def test_click_zangezur_corridor_reads_latin_and_arabic_script(page: Page, real_app_url: str, outside_requests):
    open_page(page, real_app_url)
    mark_session(page)
    click_map(page, *ZANGEZUR_ON_LINE)
    card = page.locator(".atlas-card")
    expect(card).to_contain_text("Zangezur corridor", timeout=15000)
    panel = page.locator(".reader-quotes")
    expect(panel).to_be_visible()
    # Latin script: the English analysis, the mention highlighted, outlet and language shown
    en = panel.locator('section.doc-quotes[data-doc="004_7e3677aedf6b0cb5.txt"]')
    expect(en.locator(".doc-meta").first).to_contain_text("Alwaght")
    expect(en.locator(".doc-meta").first).to_contain_text("English")
    expect(en.locator('blockquote[lang="en"] mark').first).to_contain_text("Zangezor corridor")
    # Arabic script: the Persian translation, right to left, in an Arabic-script font
    fa = panel.locator('section.doc-quotes[data-doc="002_ab0d87444bf08e5f.txt"]')
    quote = fa.locator('blockquote[lang="fa"]').first
    expect(quote).to_have_attribute("dir", "rtl")
    expect(quote.locator("mark").first).to_contain_text("زنگزور")
    assert quote.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "Noto Naskh Arabic" in quote.evaluate("e => getComputedStyle(e).fontFamily")
    # the documents name it differently, and the reader sees both words
    expect(panel.locator(".names-used")).to_contain_text("Zangezor corridor")
    expect(panel.locator(".names-used")).to_contain_text("کریدور زنگزور")
    # "open in document" opens the Persian document at that sentence, in the same visit
    fa.locator("a.open-doc").first.click()
    expect(page.locator('article.document[data-doc="002_ab0d87444bf08e5f.txt"] .sentence.focus')).to_be_visible(
        timeout=15000)
    expect(page).to_have_url(re.compile(r"view=documents.*|.*view=documents"))
    # a highlighted mention in the document selects its feature on the map
    page.locator('article.document a[href*="selected=zangezur_corridor"]').first.click()
    expect(page.locator(".atlas-card")).to_contain_text("Zangezur corridor", timeout=15000)
    expect(page.frame_locator(IFRAME).locator("path.leaflet-interactive").first).to_be_visible()
    assert same_visit(page), "a link reloaded the page"
    assert outside_requests == []


@pytest.mark.parametrize("query", ["زنگزور", "Зангезур"])
def test_search_in_persian_and_russian_finds_the_corridor(page: Page, real_app_url: str, outside_requests, query):
    open_page(page, real_app_url + "/?view=search", wait_for='input[aria-label^="Search places"]')
    box = page.get_by_label("Search places, corridors, bases… or any word")
    box.fill(query)
    box.press("Enter")
    hit = page.get_by_role("button", name=re.compile(r"^Zangezur corridor"))
    expect(hit).to_be_visible(timeout=15000)
    if query == "زنگزور":   # sentences containing the word, in the Persian document, right to left
        sent = page.locator('ul.search-sentences blockquote[lang="fa"]').first
        expect(sent).to_have_attribute("dir", "rtl")
        expect(sent.locator("mark").first).to_contain_text("زنگزور")
        # and the English document's "Zangezor corridor": the same feature under another name
        expect(page.locator('ul.search-sentences blockquote[lang="en"] mark').first).to_have_text(
            "Zangezor corridor")
        assert ".txt" not in page.locator("ul.search-sentences").inner_text()
    hit.click()
    expect(page.locator(".atlas-card")).to_contain_text("Zangezur corridor", timeout=15000)
    expect(page.locator(".reader-quotes")).to_contain_text("Zangezor corridor")
    expect(page).to_have_url(re.compile(r"selected=zangezur_corridor"))
    assert outside_requests == []


UPLOAD_EN = ("Notes from Syunik, spring 2024.\n\n"
             "The road south through Meghri was quiet this week, while in Stepanakert nobody was left.\n\n"
             "A bus driver in Goris remembered how the Lachin corridor was closed for months in 2023.\n")


def test_uploaded_document_shows_in_the_panel_of_its_feature(page: Page, real_app_url: str, outside_requests):
    open_page(page, real_app_url)
    mark_session(page)
    upload(page, "bus_driver_notes.txt", UPLOAD_EN, "Bus driver notes")
    go_view(page, "Map")
    pick_feature(page, "Lachin corridor")
    section = page.locator('.reader-quotes section.doc-quotes[data-doc="bus_driver_notes.txt"]')
    expect(section).to_be_visible(timeout=15000)
    expect(section.locator("blockquote mark").first).to_have_text("Lachin corridor")
    expect(section).to_contain_text("A bus driver in Goris remembered")
    expect(section.locator(".doc-title")).to_have_text("Bus driver notes")
    # Meghri's panel has the other sentence; the document filter in the sidebar lists the upload
    pick_feature(page, "Meghri")
    expect(page.locator('.reader-quotes section.doc-quotes[data-doc="bus_driver_notes.txt"]')).to_contain_text(
        "The road south through Meghri")
    # the map's tooltip counts include the upload: Meghri's label carries its mention count
    assert same_visit(page)
    assert outside_requests == []


HOSTILE = ("<script>alert('script tag')</script> Hostile notes on the Lachin corridor.\n\n"
           "<img src=x onerror=\"alert('img onerror')\"> The road through Meghri is open.\n\n"
           "[click me](javascript:alert('md link')) and <a href=\"javascript:alert('a link')\">the Lachin corridor "
           "again</a>.\n\n<iframe src=\"javascript:alert('frame')\"></iframe><svg onload=alert('svg')></svg>\n")


def test_hostile_upload_stays_text(page: Page, real_app_url: str, outside_requests):
    dialogs: list[str] = []
    console_errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    open_page(page, real_app_url)
    upload(page, "hostile.md", HOSTILE, "<b>Hostile</b> title")
    go_view(page, "Map")
    pick_feature(page, "Lachin corridor")
    section = page.locator('.reader-quotes section.doc-quotes[data-doc="hostile.md"]')
    expect(section).to_be_visible(timeout=15000)
    expect(section).to_contain_text("<script>alert('script tag')</script>")
    expect(section.locator(".doc-title")).to_have_text("<b>Hostile</b> title")
    # the documents view shows the whole text as text
    go_view(page, "Documents")
    box = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Document")
    box.click()
    page.keyboard.type("hostile")
    # the picker names documents by title, never by file name
    page.get_by_role("option", name="<b>Hostile</b> title", exact=True).click()
    doc = page.locator('article.document[data-doc="hostile.md"]')
    expect(doc).to_contain_text("<img src=x onerror=\"alert('img onerror')\">", timeout=15000)
    expect(doc).to_contain_text("[click me](javascript:alert('md link'))")
    expect(doc).to_contain_text("<svg onload=alert('svg')></svg>")
    page.wait_for_timeout(500)
    for sel in ("article.document script", "article.document img", "article.document iframe",
                "article.document svg", '[href^="javascript:" i]', 'img[src="x"]'):
        assert page.locator(sel).count() == 0, sel
    assert dialogs == []
    assert console_errors == [], console_errors
    assert outside_requests == []


def test_shared_url_reopens_the_same_view(page: Page, real_app_url: str, outside_requests):
    url = (real_app_url + "/?selected=lachin_corridor&as_of=2023-01-15"
           "&layers=borders,regions,corridors,bases,places&langs=en")
    open_page(page, url)
    card = page.locator(".atlas-card")
    expect(card).to_contain_text("Lachin corridor", timeout=15000)
    expect(card.locator(".atlas-card-state")).to_contain_text("On 15 Jan 2023: Blockaded")
    fr = page.frame_locator(IFRAME)
    expect(fr.get_by_label("As of")).to_have_value("2023-01-15")                  # the map's date box
    expect(fr.locator(".atlas-legend")).not_to_contain_text("Pipelines")          # layer left out
    expect(page.get_by_test_id("stSidebar")).to_contain_text("15 Jan 2023")
    # the language filter came with the link: the panel says so and keeps the English document only
    reader = page.locator(".st-key-atlas_reader")
    expect(reader).to_contain_text("(filtered)")
    expect(reader.locator("section.doc-quotes")).to_have_count(1)
    expect(reader.locator('section.doc-quotes[data-doc="004_7e3677aedf6b0cb5.txt"]')).to_be_visible()
    # the URL still carries every parameter, so copying it reopens this view
    params = parse_qs(urlsplit(page.url).query)
    assert params["selected"] == ["lachin_corridor"] and params["as_of"] == ["2023-01-15"], page.url
    assert params["langs"] == ["en"] and params["layers"] == ["borders,regions,corridors,bases,places"], page.url
    assert outside_requests == []


def test_a_link_to_a_sentence_opens_the_document_there_marked_in_blue(page: Page, real_app_url: str,
                                                                      outside_requests):
    """ "open in document" at 1280x720: the window comes to the sentence, however far down it is, and it is
    marked in blue (the caption above the document says so); the other sentences are not."""
    doc = "004_7e3677aedf6b0cb5.txt"
    open_page(page, f"{real_app_url}/?view=documents&doc={doc}", wait_for="article.document")
    last = page.locator("article.document .sentence").last.get_attribute("id")      # s-<start>
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{real_app_url}/?view=documents&doc={doc}&s={last[2:]}")
    focused = page.locator(f"article.document #{last}")
    expect(focused).to_have_class(re.compile(r"\bfocus\b"), timeout=30000)
    expect(focused).to_be_in_viewport(timeout=5000)
    assert focused.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(219, 234, 254)"
    assert page.locator("article.document .sentence:not(.focus)").first.evaluate(
        "e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    expect(page.get_by_text("Opened at the sentence (highlighted in blue below):")).to_be_visible()
    # under the text, places are buttons and people and states are listed, as readers know them, not by ids
    buttons = page.get_by_test_id("stMain").get_by_role("button").all_inner_texts()
    assert any(b.startswith("Baku (") for b in buttons), buttons
    assert not [b for b in buttons if re.match(r"[a-z]+(_[a-z]+)+ \(", b)], buttons
    listed = page.get_by_test_id("stMarkdownContainer")
    people = listed.filter(has_text="People and organisations it names:").inner_text()
    others = listed.filter(has_text="Other countries and places it names (not on the map):").inner_text()
    # states and seas far off the map are named apart from the people and organisations
    assert "United States (" in others and not re.search(r"[a-z]+_[a-z]+", others), others
    assert "United States" not in people and "Sea" not in people and "Gulf" not in people, people
    assert outside_requests == []


def test_a_click_on_the_map_says_the_card_is_below_and_brings_it_into_view(page: Page, real_app_url: str,
                                                                            outside_requests):
    """The map fills the window, so a click's card opens out of sight: a note at the map's foot says so, and
    a click on the note brings the card into view."""
    open_page(page, real_app_url)
    page.set_viewport_size({"width": 1280, "height": 720})
    click_map(page, *ZANGEZUR_ON_LINE)
    hint = page.frame_locator(IFRAME).locator(".atlas-card-hint")
    expect(hint).to_contain_text("Zangezur corridor: its card and what the documents say, below the map")
    card = page.locator('.atlas-card[data-id="zangezur_corridor"]')
    expect(card).to_be_attached(timeout=15000)
    expect(card).not_to_be_in_viewport()
    hint.click()
    expect(card).to_be_in_viewport(timeout=5000)
    expect(hint).to_have_count(0)
    assert outside_requests == []


def test_the_upload_box_states_the_limit_the_app_keeps(page: Page, real_app_url: str, outside_requests):
    """The box, the caption and the app agree on 1 MB; a bigger file is refused in the box and nothing is added."""
    open_page(page, real_app_url)
    go_view(page, "Add a document")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("at most 1 MB", exact=False)).to_be_visible(timeout=15000)
    expect(main.get_by_text("1MB per file")).to_be_visible()
    expect(main.get_by_text("200MB")).to_have_count(0)
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": "big.txt", "mimeType": "text/plain", "buffer": b"Lachin " * 142_858}])  # 1,000,006 bytes
    expect(main.get_by_text("File must be 1.0MB or smaller.")).to_be_attached(timeout=10000)
    page.get_by_role("button", name="Add to this visit").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="larger than 1 MB")).to_be_visible(timeout=10000)
    expect(page.get_by_test_id("stAlert").filter(has_text="Added big.txt")).to_have_count(0)


def test_a_persian_query_reads_from_the_right_in_the_search_box(page: Page, real_app_url: str, outside_requests):
    open_page(page, real_app_url)
    go_view(page, "Search")
    box = page.get_by_label("Search places, corridors, bases… or any word")
    box.fill("کریدور زنگزور")
    box.press("Enter")
    expect(page.get_by_test_id("stMain").get_by_text("Places and features")).to_be_visible(timeout=15000)
    # the box takes the direction of what is typed in it (an English query stays left to right)
    assert box.evaluate("e => getComputedStyle(e).unicodeBidi") == "plaintext"
    # Latin words inside the Persian sentences are set in the page's sans-serif, not a serif fallback
    quote = page.locator('blockquote[dir="rtl"]').first
    expect(quote).to_be_visible()
    fonts = quote.evaluate("e => getComputedStyle(e).fontFamily")
    assert fonts.startswith('"Noto Naskh Arabic"') and fonts.endswith("sans-serif"), fonts


def test_a_click_where_lines_lie_one_over_another_offers_each_of_them(page: Page, real_app_url: str,
                                                                      outside_requests):
    """The South Caucasus gas pipeline is laid beside the BTC oil pipeline, and drawn over it: a click there
    opens the card of the line on top and a box at the click offers the other, whose card a click on its
    name opens instead (it stays picked: the map's own late click value does not undo it).  A click on a
    line alone opens its card and no box."""
    open_page(page, real_app_url)
    page.set_viewport_size({"width": 1280, "height": 720})
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.wait_for_function("() => window.atlasMap && window.atlasMap.byId.south_caucasus_pipeline")
    lat, lng = frame.evaluate("""() => {
        const lls = window.atlasMap.byId.south_caucasus_pipeline.layers[0].getLayers()[0].getLatLngs().flat(3);
        const ll = lls[Math.floor(lls.length / 2)]; return [ll.lat, ll.lng]; }""")
    click_map(page, lat, lng)
    box = page.frame_locator(IFRAME).locator(".atlas-pick")
    expect(box).to_be_visible(timeout=10000)
    top = box.locator(".atlas-pick-head b").inner_text()
    others = box.locator(".atlas-pick-other")
    names = others.all_inner_texts()
    assert {top, *names} >= {"South Caucasus Pipeline", "Baku–Tbilisi–Ceyhan pipeline"}, (top, names)
    expect(page.locator(".atlas-card").first).to_be_attached(timeout=15000)
    want = "baku_tbilisi_ceyhan_pipeline" if top == "South Caucasus Pipeline" else "south_caucasus_pipeline"
    others.filter(has_text=re.compile("^(Baku–Tbilisi–Ceyhan pipeline|South Caucasus Pipeline)$")).click()
    card = page.locator(f'.atlas-card[data-id="{want}"]')
    expect(card).to_be_attached(timeout=15000)
    expect(box.locator(".atlas-pick-head b")).not_to_have_text(top)
    page.wait_for_timeout(1500)        # streamlit-folium's own click value comes 250 ms after a click
    expect(card).to_be_attached()
    assert frame.evaluate("() => window.atlasMap.selected") == want
    # a line on its own: its card, no box
    click_map(page, *ZANGEZUR_ON_LINE)
    expect(page.locator('.atlas-card[data-id="zangezur_corridor"]')).to_be_attached(timeout=15000)
    expect(box).to_have_count(0)
    assert outside_requests == []


def test_a_jump_to_button_says_what_changed_that_day(page: Page, real_app_url: str, outside_requests):
    """After a play paused in 2020, a date set from the page (the sidebar's Jump to) moves the map, and the bar's
    line says what changed on that day, or nothing: never the change of another day it said before."""
    open_page(page, real_app_url)
    page.set_viewport_size({"width": 1280, "height": 720})
    fr = page.frame_locator(IFRAME)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    box = fr.get_by_label("As of")
    box.fill("2020-11-01")
    box.press("Enter")
    frame.wait_for_function("() => window.atlasMap.day === '2020-11-01'")
    fr.get_by_role("button", name="Play").click()
    frame.wait_for_function("() => window.atlasMap.day > '2020-11-12'", timeout=15000)
    fr.get_by_role("button", name="Pause").click()
    said = fr.locator(".atlas-time .said")
    expect(said).to_contain_text("2020")
    page.get_by_test_id("stSidebar").get_by_text("2022 blockade", exact=True).click()
    frame.wait_for_function("() => window.atlasMap.day === '2022-12-12'", timeout=15000)
    expect(said).to_have_text(re.compile(r"^(12 Dec 2022: .*)?$"))
    assert "2020" not in said.text_content()
    assert outside_requests == []


def test_show_on_the_map_from_a_document_opens_the_map_in_sight(page: Page, real_app_url: str, outside_requests):
    """The buttons under a long document open the map: the new view starts at its top (the page had kept
    the document's scroll, and the map opened out of sight, scrolled down to the card's sources)."""
    open_page(page, f"{real_app_url}/?view=documents&doc=004_7e3677aedf6b0cb5.txt", wait_for="article.document")
    button = page.get_by_role("button", name=re.compile(r"^Lachin corridor \(\d+\)$"))
    button.scroll_into_view_if_needed()
    main = page.get_by_test_id("stMain")
    assert main.evaluate("m => m.scrollTop") > 500
    button.click()
    expect(page.frame_locator(IFRAME).locator("path.leaflet-interactive").first).to_be_visible(timeout=30000)
    expect(page).to_have_url(re.compile(r"selected=lachin_corridor"))
    page.wait_for_function("() => document.querySelector('[data-testid=stMain]').scrollTop === 0", timeout=10000)
    box = page.locator(IFRAME).bounding_box()
    assert box["y"] < 950 / 2, box          # the map's top is in the upper half of the window
