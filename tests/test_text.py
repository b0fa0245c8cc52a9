"""Tests for app.text: normalisation + offset map, sentences, script, language.

All sentences are written for these tests (none is taken from seeds/).
"""
from __future__ import annotations

import re

import pytest

from app.text import (
    Normalised,
    detect_language,
    detect_languages,
    normalise,
    script_of,
    sentence_spans,
)


def surface(n: Normalised, needle: str) -> str:
    """Original surface of the first occurrence of ``needle`` in the normalised text."""
    i = n.text.index(needle)
    s, e = n.span(i, i + len(needle))
    return n.original[s:e]


# --- normalisation --------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("كيف", "کیف"),                      # Arabic kaf and yeh -> Persian
    ("مستشفى", "مستشفی"),                # alef maksura -> yeh
    ("مدرسة", "مدرسه"),                  # teh marbuta -> heh
    ("أحمد إلى آسيا ٱلله", "احمد الی اسیا الله"),
    ("مؤتمر", "موتمر"),
    ("مسئول", "مسیول"),                  # yeh with hamza -> yeh
    ("ﻻ", "لا"),                         # presentation-form ligature
])
def test_arabic_letter_variants_fold_to_one_form(raw, expected):
    assert normalise(raw).text == expected


def test_persian_and_arabic_spellings_of_one_name_normalise_alike():
    assert normalise("ناخچیوان").text == normalise("ناخچيوان").text
    assert normalise("کشور").text == normalise("كشور").text


def test_zwnj_removed_and_span_covers_it():
    with_zwnj = "مردم قره\u200cباغ آمدند"
    n = normalise(with_zwnj)
    assert n.text == normalise("مردم قرهباغ آمدند").text
    assert surface(n, "قرهباغ") == "قره\u200cباغ"


def test_tatweel_removed_and_span_exact():
    n = normalise("شهر باکــــو بزرگ است")
    assert "باکو" in n.text
    assert surface(n, "باکو") == "باکــــو"


def test_harakat_and_superscript_alef_removed_trailing_mark_kept_in_surface():
    n = normalise("قال مُحَمَّدٌ هٰذا")
    assert n.text == "قال محمد هذا"
    # the tanwin after the last letter belongs to the word's surface
    assert surface(n, "محمد") == "مُحَمَّدٌ"
    assert surface(n, "هذا") == "هٰذا"


def test_cyrillic_letters_inside_persian_word_become_persian():
    n = normalise("روسیه و متحдан آن")
    assert n.text == "روسیه و متحدان ان"
    assert surface(n, "متحدان") == "متحдан"


def test_latin_word_inside_persian_text_is_left_alone():
    assert normalise("روزنامه DAWN نوشت").text == "روزنامه dawn نوشت"
    assert normalise("روزنامهDAWN نوشت").text == "روزنامهdawn نوشت"
    assert normalise("مدd نوشت").text == "مدد نوشت"          # one stray Latin letter


def test_cyrillic_homoglyph_inside_latin_word():
    n = normalise("Flights to B\u0430ku resumed")   # Cyrillic а
    assert n.text == "flights to baku resumed"
    assert surface(n, "baku") == "B\u0430ku"


def test_latin_homoglyph_inside_cyrillic_word():
    assert normalise("М\u043eскв\u0061").text == "москва"       # Latin a at the end
    assert normalise("Москва").text == "москва"


@pytest.mark.parametrize("a, b", [
    ("Naxçıvan", "Naxcivan"),
    ("NAXÇIVAN", "naxçivan"),
    ("İstanbul", "istanbul"),
    ("Ağdam", "Agdam"),
    ("Şuşa", "Susa"),
    ("Gəncə", "Gence"),
    ("Azerbajdzjans närmande", "azerbajdzjans narmande"),
    ("Ёлка", "елка"),
])
def test_case_and_latin_diacritics_fold(a, b):
    assert normalise(a).text == normalise(b).text


def test_casefold_expansion_maps_back_to_one_original_character():
    n = normalise("Die Straße nach Goris")
    assert n.text == "die strasse nach goris"
    assert surface(n, "strasse") == "Straße"
    assert surface(n, "nach") == "nach"
    # a slice ending inside the expansion still covers the whole ß
    i = n.text.index("stras")
    s, e = n.span(i, i + 5)
    assert n.original[s:e] == "Straß"


def test_digits_of_every_script_become_ascii():
    assert normalise("۱۲ اوت ۲۰۱۸").text == "12 اوت 2018"
    assert normalise("١٠ نوفمبر ٢٠٢٠").text == "10 نوفمبر 2020"
    assert normalise("۴٫۳۵۸ میلیارد، ۲۰۰").text == "4.358 میلیارد, 200"


def test_quotes_dashes_and_spaces_become_ascii():
    n = normalise("“Lachin” – «Berdzor» — ‘x’\u00a0y\u202fz")
    assert n.text == '"lachin" - "berdzor" - \'x\' y z'


def test_every_normalised_word_maps_back_to_a_surface_that_normalises_to_it():
    raw = ("Ilham Əliyev met in Straße 5; مُحَمَّدٌ در قره\u200cباغ و باکــو، متحдан "
           "B\u0430ku ﻻ İSTANBUL ۱۴۰۲ ٢٠٢٠ \u200fend")
    n = normalise(raw)
    words = list(re.finditer(r"\w+", n.text))
    assert len(words) >= 15
    for m in words:
        s, e = n.span(m.start(), m.end())
        assert normalise(raw[s:e]).text == m.group(), (m.group(), raw[s:e])
        assert not raw[s:e][:1].isspace() and not raw[s:e][-1:].isspace()


def test_span_of_identity_text_and_bounds():
    n = normalise("plain ascii text")
    assert n.span(6, 11) == (6, 11)
    assert n.span(3, 3) == (3, 3)
    with pytest.raises(IndexError):
        n.span(0, 99)


def test_empty_string():
    n = normalise("")
    assert n.text == "" and n.span(0, 0) == (0, 0)


# --- sentences ----------------------------------------------------------------------

def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_english_sentences_keep_abbreviations_numbers_and_initials():
    text = ("The U.S. envoy met Dr. Smith on 4 May. The area is 86,000 sq km and 4.5 million "
            "people live there, per resolution 62/243! Was V. Putin there? Yes.")
    assert sentences(text) == [
        "The U.S. envoy met Dr. Smith on 4 May.",
        "The area is 86,000 sq km and 4.5 million people live there, per resolution 62/243!",
        "Was V. Putin there?",
        "Yes.",
    ]


def test_arabic_and_persian_terminators():
    text = "هل وصل الوفد إلى باكو؟ نعم وصل. سپس به ایروان رفت۔ این را ا. رضایی نوشت."
    assert sentences(text) == [
        "هل وصل الوفد إلى باكو؟",
        "نعم وصل.",
        "سپس به ایروان رفت۔",
        "این را ا. رضایی نوشت.",
    ]


def test_footnote_marker_and_list_number_stay_in_their_sentence():
    text = "مذاکرات ادامه یافت.^۲  هیئت بازگشت.\n۲. روزنامه ایران، چاپ تهران، ۳ مه ۱۹۹۸.\n"
    assert sentences(text) == [
        "مذاکرات ادامه یافت.^۲",
        "هیئت بازگشت.",
        "۲. روزنامه ایران، چاپ تهران، ۳ مه ۱۹۹۸.",
    ]


def test_a_day_written_as_an_ordinal_before_its_month_stays_in_its_sentence():
    """German writes "am 26. August 2022": the day's dot ends no sentence (the date and the road's
    mention were read in two sentences); a number's dot before another word still does."""
    text = "Am 26. August 2022 wurde die Straße nach Latschin verlegt. Bis 3. März blieb sie offen."
    assert sentences(text) == ["Am 26. August 2022 wurde die Straße nach Latschin verlegt.",
                               "Bis 3. März blieb sie offen."]
    assert sentences("Es waren 26. Danach kam nichts.") == ["Es waren 26.", "Danach kam nichts."]
    assert sentences("Es waren 42. August kam.") == ["Es waren 42.", "August kam."]     # no day
    assert sentences("Version 1.26. August kam.") == ["Version 1.26.", "August kam."]


def test_lines_split_but_hard_wrapped_lines_join():
    text = "Corridor talks\nThe road through the valley was\nreopened in spring. It closed again."
    assert sentences(text) == [
        "Corridor talks",
        "The road through the valley was\nreopened in spring.",
        "It closed again.",
    ]


def test_sentence_spans_are_offsets_into_the_original():
    text = "  First one.   Second “quoted.”  Third?\n\nFourth"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["First one.", "Second “quoted.”", "Third?", "Fourth"]
    assert spans[0] == (2, 12)


def test_swedish_and_russian_abbreviations():
    assert sentences("Det gäller t.ex. Baku och Tbilisi. Sedan kom svaret.") == [
        "Det gäller t.ex. Baku och Tbilisi.", "Sedan kom svaret."]
    assert sentences("В 2020 г. война закончилась. Потом начались переговоры.") == [
        "В 2020 г. война закончилась.", "Потом начались переговоры."]


# --- script and language --------------------------------------------------------------

@pytest.mark.parametrize("text, script", [
    ("باکو پایتخت است", "Arab"),
    ("Baku is a capital", "Latn"),
    ("Баку — столица", "Cyrl"),
    ("Երևանը մայրաքաղաք է", "Armn"),
    ("თბილისი დედაქალაქია", "Geor"),
    ("12, 34 - 56", None),
    ("NATO و ایران و روسیه", "Arab"),
])
def test_script_of(text, script):
    assert script_of(text) == script


@pytest.mark.parametrize("text, lang", [
    ("تعتبر العلاقات بين البلدين من أهم القضايا التي تشغل الحكومة في هذه المرحلة.", "ar"),
    ("روابط دو کشور در سالهای اخیر گسترش یافته و گفتگوها ادامه دارد.", "fa"),
    ("Regeringen meddelade att förhandlingarna fortsätter under hösten.", "sv"),
    ("The government said that the negotiations will continue in the autumn.", "en"),
    ("Правительство заявило, что переговоры продолжатся осенью.", "ru"),
    ("Hükümet müzakerelerin sonbaharda devam edeceğini açıkladı.", "tr"),
    ("Die Regierung erklärte, dass die Verhandlungen im Herbst fortgesetzt werden.", "de"),
    ("Le gouvernement a annoncé que les négociations reprendront à l'automne.", "fr"),
    ("Հայաստանի կառավարությունը հայտարարեց բանակցությունների մասին։", "hy"),
    ("საქართველოს მთავრობამ განაცხადა მოლაპარაკებების შესახებ.", "ka"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_detect_language_without_letters_is_none():
    assert detect_language("") is None
    assert detect_language("۱۲۳ - 456") is None


def test_short_arabic_script_line_takes_the_hint():
    line = "باکو و تهران"
    assert detect_language(line, hint="fa") == "fa"
    assert detect_language(line, hint="ar") == "ar"


def test_long_confident_sentence_overrides_the_hint():
    persian = ("گفتگوهای دو کشور درباره گذرگاه مرزی و راه آهن جدید در هفته گذشته در تهران "
               "برگزار شد و هر دو طرف از پیشرفت آن ابراز خرسندی کردند.")
    assert detect_language(persian, hint="ar") == "fa"


def test_detect_languages_document_first_then_sentences():
    text = ("گفتگوهای دو کشور درباره گذرگاه مرزی در هفته گذشته در تهران برگزار شد و هر دو "
            "طرف از پیشرفت آن ابراز خرسندی کردند. "
            "The foreign ministers of both countries said that the talks would continue next month. "
            "باکو و ایروان. "
            "Հայաստանը պատրաստ է։ "
            "۱۹۹۷.")
    spans = sentence_spans(text)
    assert len(spans) == 5
    doc, per = detect_languages(text, spans)
    assert doc == "fa"
    assert per == ["fa", "en", "fa", "hy", "fa"]


def test_short_foreign_script_fragment_is_not_guessed():
    text = ("گفتگوهای دو کشور درباره گذرگاه مرزی در هفته گذشته در تهران برگزار شد. "
            "NATO. Россия. "
            "Die Außenminister sagten, dass die Gespräche weitergehen. "
            "هر دو طرف از پیشرفت مذاکرات ابراز خرسندی کردند و قرار شد دور بعدی در باکو باشد.")
    spans = sentence_spans(text)
    doc, per = detect_languages(text, spans)
    assert doc == "fa"
    assert per == ["fa", None, None, "de", "fa"]


def test_detect_languages_empty():
    assert detect_languages("", []) == (None, [])


def test_vectorised_pass_equals_per_character_table():
    from app.text.normalisation import _normalise_reference
    raw = ("Straße ﷲ ǅ ﻻ 𝔘🙂 متحдан Bаku NAXÇIVAN مُحَمَّدٌ قره\u200cباغ ۱۲ ٣ “x” — İı\u00a0"
           "ژانویهٔ ة ى ك ؤ ئ آ ٱ ـ \u200f\u202b")
    for piece in (raw, raw * 3, raw[:7], "🙂only astral 🙂"):
        n = normalise(piece)
        assert n.text == _normalise_reference(piece)
        words = [(m.start(), m.end()) for m in re.finditer(r"\w+", n.text)]
        for a, b in words:
            s, e = n.span(a, b)
            assert normalise(piece[s:e]).text == n.text[a:b]


def test_medium_sentence_in_another_language_of_the_same_script():
    text = ("The foreign ministers met in Moscow on Friday to discuss the border. "
            "Le gouvernement a refusé la proposition. "
            "They agreed to meet again. "
            "Both sides said that the talks had been useful and would continue next month.")
    spans = sentence_spans(text)
    doc, per = detect_languages(text, spans)
    assert doc == "en"
    assert per == ["en", "fr", "en", "en"]


def test_norm_index_inverts_the_offset_map():
    raw = "a\u200cb مُحَمَّد ß!"
    n = normalise(raw)
    for i in range(len(n.text)):
        assert n.norm_index(n.orig_index(i)) == i or n.text[i - 1: i + 1] == "ss"
    assert n.norm_index(1) == 1            # the deleted ZWNJ maps to the next character
    assert n.norm_index(len(raw)) == len(n.text)


# --------------------------------------------------------------------------- fast paths
# The vectorised helpers behind the annotator's speed must agree with the
# straightforward definitions they replace.

_MIXED = ("Dr. Smith went to the U.S. in 2020. He said: “Baku?” Yes!\n"
          "۱. بند اول. ارمنستان و آذربایجان، روسیه‌ها\n"
          "Natochefen i Moskva och Aserbajdzjan. the and of ÜBER İstanbul ß.\n"
          "Армении и Азербайджана… Հայաստանի 𝟏𝟐 word\n\n  last line without end")


def test_terminators_equal_the_pattern_scan():
    from app.text.sentences import _TERMINATOR, _terminators

    for s in (_MIXED, "", "...", "a.b. c\n", "?!\n\n.", _MIXED * 3):
        assert [m.span() for m in _terminators(s)] == [m.span() for m in _TERMINATOR.finditer(s)]


def test_span_script_counts_equal_per_span_counts():
    from app.text.scripts import _SCRIPT_NAMES, _script_counts, _span_script_counts

    spans = sentence_spans(_MIXED) + [(0, len(_MIXED)), (3, 3)]
    table = _span_script_counts(_MIXED, spans)
    for (a, b), row in zip(spans, table.tolist()):
        counts = _script_counts(_MIXED[a:b])
        assert row == [counts[name] for name in _SCRIPT_NAMES]


def test_span_stopword_verdicts_equal_the_per_sentence_rule():
    from app.text.language import _span_stopwords_disagree, _words_disagree

    text = ("The war and the peace of the region. Det är en fråga som inte går att lösa. "
            "Die Frage ist nicht einfach und sie wird bleiben. Bu bir sorun ve daha çok için. "
            "the the de de de. Och att det. ") * 3
    spans = sentence_spans(text)
    for lang in ("en", "sv", "de", "tr", "az", "fr"):
        verdicts = _span_stopwords_disagree(text, spans, "Latn", lang)
        assert verdicts is not None
        for (a, b), v in zip(spans, verdicts):
            if v != -1:
                assert bool(v) == _words_disagree(text[a:b], "Latn", lang)
    arabic = ("قال الرئيس إن المحادثات في موسكو كانت مفيدة وإنها ستستمر. "
              "این گفتگوها در تهران برگزار شد و هر دو طرف از پیشرفت آن خرسند بودند. "
              "وقال إن هذه الحرب التي بدأت منذ عام لم تنته بعد. ") * 2
    spans = sentence_spans(arabic)
    for lang in ("ar", "fa"):
        verdicts = _span_stopwords_disagree(arabic, spans, "Arab", lang, fold=True)
        assert verdicts is not None and 1 in verdicts and 0 in verdicts
        for (a, b), v in zip(spans, verdicts):
            if v != -1:
                assert bool(v) == _words_disagree(arabic[a:b], "Arab", lang)


def test_normalised_spans_equal_span():
    n = normalise("قره‌باغ و اَرمنستان ‌Straße «Baku» ﻻ")
    pairs = [(a, b) for a in range(len(n.text)) for b in range(a + 1, len(n.text) + 1)]
    starts, ends = n.spans([a for a, _ in pairs], [b for _, b in pairs])
    assert list(zip(starts, ends)) == [n.span(a, b) for a, b in pairs]


def test_sentence_in_another_language_of_the_document_script_is_still_found():
    # an Arabic sentence (its function words and ة) inside a Persian document, and a
    # Persian one (پ گ) inside an Arabic document: the cues send both to lingua
    arabic = "وقال وزير الخارجية إن هذه المحادثات التي جرت في موسكو كانت مفيدة للغاية وإنها ستستمر في الشهر المقبل."
    persian = "گفتگوهای دو کشور درباره گذرگاه مرزی در هفته گذشته در تهران برگزار شد و هر دو طرف از پیشرفت آن ابراز خرسندی کردند."
    text = persian + " " + arabic
    doc, per = detect_languages(text, sentence_spans(text), "fa")
    assert doc == "fa" and per == ["fa", "ar"]
    text = arabic + " " + persian
    doc, per = detect_languages(text, sentence_spans(text), "ar")
    assert doc == "ar" and per == ["ar", "fa"]


def test_tables_are_kept_on_disk_and_rebuilt_when_their_code_changes(tmp_path, monkeypatch):
    import numpy as np

    from app.text import table_cache

    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "builder.py"
    src.write_text("v1")
    calls = []

    def build():
        calls.append(1)
        return np.arange(5)

    first = table_cache.cached("demo", (str(src),), build)
    again = table_cache.cached("demo", (str(src),), build)         # read from disk
    assert calls == [1] and again.tolist() == first.tolist() == [0, 1, 2, 3, 4]
    monkeypatch.setattr(table_cache, "_SOURCES", {})
    src.write_text("v2")                                            # the builder changed
    table_cache.cached("demo", (str(src),), build)
    assert calls == [1, 1]
    for f in (tmp_path / "cache").glob("table-demo-*.pickle"):      # a damaged file: rebuilt
        f.write_bytes(b"not a pickle")
    assert table_cache.cached("demo", (str(src),), build).tolist() == [0, 1, 2, 3, 4]
    assert calls == [1, 1, 1]
    monkeypatch.setenv("ATLAS_CACHE_DIR", "off")
    table_cache.cached("other", (str(src),), build)
    assert not list((tmp_path / "cache").glob("table-other-*"))


def test_normalisation_tables_from_the_disk_cache_equal_a_fresh_build(tmp_path, monkeypatch):
    import numpy as np

    from app.text import normalisation, table_cache

    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    fresh = normalisation._build_tables()
    table_cache.cached("normalise", (normalisation.__file__,), normalisation._build_tables)
    stored = table_cache.cached("normalise", (normalisation.__file__,), lambda: None)
    assert stored[0] == fresh[0]
    assert all(np.array_equal(a, b) for a, b in zip(stored[1:], fresh[1:]))


def test_compiled_patterns_from_the_disk_cache_match_as_re_compile(tmp_path, monkeypatch):
    import re

    from app.dates import _pattern
    from app.text import table_cache

    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    source = r"(?P<day>\d{1,2})\.?[ \t]+(?P<month>мая|May|maj)(?:[ \t]+(?P<year>\d{4}))?|(?i:bakı)"
    texts = ["5 May 2021", "05 мая", "31. maj 1999", "BAKI", "no date", "12 may"]
    plain = re.compile(source)
    for _ in range(2):                  # built, then read back from the disk
        rx = table_cache.compiled("demo", source)
        assert rx.groupindex == plain.groupindex and rx.groups == plain.groups
        for t in texts:
            got, want = rx.search(t), plain.search(t)
            assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict()))
    assert len(list((tmp_path / "cache").glob("table-regex-demo-*.pickle"))) == 1
    # the date pattern from the cache finds what the freshly compiled one finds
    monkeypatch.setattr(_pattern, "_REGEX", None)
    cached_rx = _pattern._pattern()
    fresh = re.compile(cached_rx.pattern)
    text = "On 5 March 2021 and 2020-01-02, in May, 3–5 مارس ۲۰۲۱, 10 нояб. 2020 г."
    assert [m.span() for m in cached_rx.finditer(text)] == [m.span() for m in fresh.finditer(text)]
    assert [m.lastgroup for m in cached_rx.finditer(text)] == [m.lastgroup for m in fresh.finditer(text)]
