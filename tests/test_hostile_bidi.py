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


def test_lesson_file_and_handout_isolate_rtl_and_show_controls():
    import copy
    import json as _json

    from app.classroom.events import build_events
    from app.classroom.handout import render_handout
    from app.classroom.lesson_html import render_lesson_html
    from app.classroom.lessons import make_default_lesson
    from tests.test_events import FIX, fixture_rows

    rows, meta = fixture_rows()
    layers = _json.loads((FIX / "events_layers.json").read_text(encoding="utf-8"))
    events = build_events(rows, layers, meta)
    lesson, _ = make_default_lesson(events)
    lesson = copy.deepcopy(lesson)
    lesson.title = "The road to مغری (Meghri), 2023"
    lesson.steps[0].note = lesson.steps[0].question = "Ask: who says \u202eزنگزور? 12 Dec 2022"
    for out in (render_lesson_html(lesson, events, layers), render_handout(lesson, events, layers)):
        assert "<bdi>مغری</bdi> (Meghri), 2023" in out
        assert "\u202e" not in out and "\u27e6RLO\u27e7<bdi>زنگزور</bdi>" in out
