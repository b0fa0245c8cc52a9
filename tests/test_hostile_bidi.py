"""Bidi: control characters from documents are shown, never obeyed; RTL runs in LTR text are isolated."""
from html.parser import HTMLParser

from app.reading.panel import quotes_html
from app.safe_html import bidi_text, esc, highlight, unsafe_parts


class _Nesting(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.ok = [], True

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag


def nests(markup: str) -> bool:
    p = _Nesting()
    p.feed(markup)
    return p.ok and not p.stack


def test_bidi_override_in_a_name_is_shown_not_obeyed():
    out = esc("report\u202etxt.exe")
    assert "\u202e" not in out and out == "report\u27e6RLO\u27e7txt.exe"
    for ch in "\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069":
        assert ch not in highlight(f"Meghri{ch} x", [{"start": 0, "end": 6}])
    assert esc("\u200f\u200c") == "\u200f\u200c"      # RLM and ZWNJ are ordinary Persian text


def test_rtl_run_in_english_is_isolated_with_its_digits_and_spaces():
    out = bidi_text("The road to مغری ۲ مرز (Meghri) opened.")
    assert out == "The road to <bdi>مغری ۲ مرز</bdi> (Meghri) opened."
    assert bidi_text("روسیه گفت: Meghri") == "روسیه گفت: Meghri"   # RTL text: nothing to isolate


def test_highlight_isolates_rtl_around_and_inside_marks_with_proper_nesting():
    text = "Near مرز زنگزور and the Zangezur زنگزور corridor"
    zan = text.index("زنگزور")
    both = text.index("Zangezur")
    out = highlight(text, [{"start": zan, "end": zan + 6, "id": "z"},
                           {"start": both, "end": both + 15, "id": "z"}])
    assert '<bdi>مرز <mark class="mention" data-id="z">زنگزور</mark></bdi>' in out
    assert '<mark class="mention" data-id="z">Zangezur <bdi>زنگزور</bdi></mark>' in out
    assert nests(out) and unsafe_parts(out) == []


def test_reader_panel_quotes_show_the_control_visibly():
    sentence = "Meghri \u202eis near ایروان."
    quotes = [{"doc": "evil\u202etxt.md", "title": "T\u202e", "lang": "en",
               "sentences": [{"sentence": sentence, "start": 0, "mentions": [{"start": 0, "end": 6, "id": "meghri"}]}]}]
    out = quotes_html(quotes, feature_id="meghri", feature_name="Meghri")
    assert "\u202e" not in out and out.count("\u27e6RLO\u27e7") >= 3 and "<bdi>ایروان</bdi>" in out
    assert nests(out)
