"""Tests for app.dates: every script, numeral system and calendar.

Each case gives a sentence written for this test (not from seeds/) and the
exact mentions expected: surface text, offsets in the ORIGINAL text, ISO
value, precision, inferred flag and calendar.
"""
from __future__ import annotations

import pytest

from app.dates import DateMention, find_dates, month_names
from app.text import normalise


def got(text, lang=None, doc_date=None):
    return [(m.text, m.start, m.end, m.date, m.precision, m.inferred, m.calendar)
            for m in find_dates(text, lang, doc_date)]


def one(text, needle, date, precision, lang=None, doc_date=None, inferred=False,
        calendar="gregorian"):
    """Assert that ``text`` holds exactly one date, at ``needle``."""
    start = text.index(needle)
    assert got(text, lang, doc_date) == [
        (needle, start, start + len(needle), date, precision, inferred, calendar)]


# --- full dates in each language ------------------------------------------------------

@pytest.mark.parametrize("text, needle, iso, lang", [
    ("وقّع الاتفاق في ١٠ نوفمبر ٢٠٢٠ في موسكو.", "١٠ نوفمبر ٢٠٢٠", "2020-11-10", "ar"),
    ("اجتمع الطرفان في 3 تشرين الثاني 2021 في دمشق.", "3 تشرين الثاني 2021", "2021-11-03", "ar"),
    ("کنوانسیون در ۱۲ اوت ۲۰۱۸ امضا شد.", "۱۲ اوت ۲۰۱۸", "2018-08-12", "fa"),
    ("نشست در ۸ آوریل ۱۹۹۹ برگزار شد.", "۸ آوریل ۱۹۹۹", "1999-04-08", "fa"),
    ("Avtalet skrevs under den 8 augusti 2025 i Vita huset.", "8 augusti 2025", "2025-08-08", "sv"),
    ("Саммит прошёл 8 августа 2025 года в Вашингтоне.", "8 августа 2025 года", "2025-08-08", "ru"),
    ("Zirve 8 Ağustos 2025 tarihinde Washington'da yapıldı.", "8 Ağustos 2025", "2025-08-08", "tr"),
    ("The leaders met on Aug. 8, 2025 at the White House.", "Aug. 8, 2025", "2025-08-08", "en"),
    ("It was signed on the 8th of August 2025 in Washington.", "8th of August 2025", "2025-08-08",
     "en"),
    ("The ceasefire began on November 10, 2020 at midnight.", "November 10, 2020", "2020-11-10",
     "en"),
    ("Das Treffen fand am 8. August 2025 statt.", "8. August 2025", "2025-08-08", "de"),
    ("La réunion a eu lieu le 1er décembre 2022 à Paris.", "1er décembre 2022", "2022-12-01", "fr"),
    ("Sammit 8 avqust 2025 tarixində keçirildi.", "8 avqust 2025", "2025-08-08", "az"),
])
def test_full_dates(text, needle, iso, lang):
    one(text, needle, iso, "day", lang)


@pytest.mark.parametrize("text, needle, lang", [
    ("Հանդիպումը տեղի ունեցավ 2020 թ. նոյեմբերի 10-ին։", "2020 թ. նոյեմբերի 10", "hy"),
    ("Görüş 2020-ci il noyabrın 10-da oldu.", "2020-ci il noyabrın 10", "az"),
])
def test_year_month_day_order_after_a_year_word(text, needle, lang):
    one(text, needle, "2020-11-10", "day", lang)


def test_year_month_day_order_needs_the_year_word():
    texts = [m.text for m in find_dates("In 2020 May 5 troops left.", "en")]
    assert "2020 May 5" not in texts and "2020" in texts


def test_numeric_dates():
    text = "Issued 2023-04-23, amended 15.06.2023."
    assert got(text, "en") == [
        ("2023-04-23", 7, 17, "2023-04-23", "day", False, "gregorian"),
        ("15.06.2023", 27, 37, "2023-06-15", "day", False, "gregorian"),
    ]


def test_slashed_dates_are_days_only_when_unambiguous():
    text = "Filed 25/12/2020, sent 12/25/2021, signed 05/06/2022."
    assert got(text, "en") == [
        ("25/12/2020", 6, 16, "2020-12-25", "day", False, "gregorian"),
        ("12/25/2021", 23, 33, "2021-12-25", "day", False, "gregorian"),
        ("05/06/2022", 42, 52, "2022", "year", False, "gregorian"),
    ]


def test_day_range_gives_two_days():
    text = "The offensive of 19–20 September 2023 ended the war."
    assert got(text, "en") == [
        ("19", 17, 19, "2023-09-19", "day", False, "gregorian"),
        ("20 September 2023", 20, 37, "2023-09-20", "day", False, "gregorian"),
    ]


def test_impossible_day_is_not_a_date():
    assert got("It was 31 June 2021 or 30 February 2020 in the story.", "en") == []


# --- month and year ----------------------------------------------------------------------

@pytest.mark.parametrize("text, needle, iso, lang", [
    ("تا فوریه ۲۰۲۳ ادامه داشت.", "فوریه ۲۰۲۳", "2023-02", "fa"),
    ("در ماه مه ۱۹۹۸ سفر کرد.", "مه ۱۹۹۸", "1998-05", "fa"),
    ("Since December 2021 the road has been closed.", "December 2021", "2021-12", "en"),
    ("Переговоры начались в ноябре 2021 года.", "ноябре 2021 года", "2021-11", "ru"),
    ("Это было в ноябрь 2021.", "ноябрь 2021", "2021-11", "ru"),
    ("Beslutet kom i mars 2024.", "mars 2024", "2024-03", "sv"),
    ("وصل الوفد في يناير 2019.", "يناير 2019", "2019-01", "ar"),
])
def test_month_and_year(text, needle, iso, lang):
    one(text, needle, iso, "month", lang)


# --- Solar Hijri ----------------------------------------------------------------------------

def test_solar_hijri_full_date():
    one("جلسه در ۱ مهر ۱۴۰۲ آغاز شد.", "۱ مهر ۱۴۰۲", "2023-09-23", "day", "fa",
        calendar="solar_hijri")


def test_solar_hijri_month_year_takes_gregorian_month_of_its_first_day():
    # 1 Esfand 1401 = 2023-02-20: the Gregorian month of the 1st day
    one("قرارداد در اسفند ۱۴۰۱ بسته شد.", "اسفند ۱۴۰۱", "2023-02", "month", "fa",
        calendar="solar_hijri")


def test_solar_hijri_numeric_date():
    one("تاریخ نامه ۱۴۰۲/۰۷/۰۱ است.", "۱۴۰۲/۰۷/۰۱", "2023-09-23", "day", "fa",
        calendar="solar_hijri")


def test_solar_hijri_year_after_sal():
    one("در سال ۱۴۰۰ تصویب شد.", "۱۴۰۰", "2021", "year", "fa", calendar="solar_hijri")


def test_solar_month_name_with_gregorian_year_is_not_a_date():
    assert got("او در مهر 2023 آمد.", "fa") == []


# --- dates without a year ---------------------------------------------------------------------

def test_persian_month_of_may_without_year():
    one("در ماه مه به باکو رفت.", "مه", "1998-05", "month", "fa", doc_date="1998-06",
        inferred=True)


def test_english_day_without_year_from_document_date():
    one("The ministers met on May 19 in Moscow.", "May 19", "2023-05-19", "day", "en",
        doc_date="2023-06", inferred=True)


def test_month_after_document_month_takes_previous_year():
    one("The ministers met on September 3 in Baku.", "September 3", "2022-09-03", "day", "en",
        doc_date="2023-06-30", inferred=True)


def test_swedish_month_without_year():
    one("Avtalet undertecknades i augusti i Washington.", "augusti", "2025-08", "month", "sv",
        doc_date="2025-09-01", inferred=True)


def test_arabic_day_month_without_year():
    one("وصل الوزير في 10 نوفمبر إلى باكو.", "10 نوفمبر", "2024-11-10", "day", "ar",
        doc_date="2025-01", inferred=True)


def test_year_earlier_in_the_same_sentence_completes_the_date():
    text = "انتهت أزمة عام 2021 بين البلدين في 3 ديسمبر بتوقيع اتفاق."
    ms = find_dates(text, "ar", "2024-05")
    assert [(m.text, m.date, m.precision, m.inferred, m.year_source) for m in ms] == [
        ("2021", "2021", "year", False, "explicit"),
        ("3 ديسمبر", "2021-12-03", "day", False, "sentence"),
    ]


def test_year_in_another_sentence_does_not_complete_the_date():
    text = "The war ended in 2020. Talks resumed on May 19 in Moscow."
    ms = find_dates(text, "en", "2023-06")
    assert [(m.text, m.date, m.inferred) for m in ms] == [
        ("2020", "2020", False), ("May 19", "2023-05-19", True)]


def test_without_year_and_without_document_date_nothing_is_invented():
    assert got("The ministers met on May 19 in Moscow.", "en") == []
    assert got("Avtalet undertecknades i augusti.", "sv") == []


def test_ukrainian_locative_month():
    one("Переговори почалися у листопаді.", "листопаді", "2024-11", "month", "uk",
        doc_date="2024-12", inferred=True)


def test_abbreviation_only_names_need_a_capital_without_a_year():
    assert got("aug 5 they met", "en", "2024-12") == []
    assert [m.date for m in find_dates("Aug 5 they met", "en", "2024-12")] == ["2024-08-05"]


def test_ambiguous_month_words_need_a_number_or_capital():
    assert got("We may 10 times try, and march on.", "en", "2024-01-01") == []
    assert got("Troops march in march.", "en", "2024-05-01") == []
    # Persian مه (also 'fog') alone is not a date, with a year it is
    assert got("مه غلیظ بود.", "fa", "2024-05-01") == []


# --- years ----------------------------------------------------------------------------------

def test_bare_years_in_context():
    text = "Azerbaijan joined the programme in 1994 and the war of 2020 changed everything."
    assert got(text, "en") == [
        ("1994", 35, 39, "1994", "year", False, "gregorian"),
        ("2020", 55, 59, "2020", "year", False, "gregorian"),
    ]


def test_year_ranges_give_two_years():
    text = "در سالهای ۱۹۹۷ - ۲۰۰۳ و همچنین ۲۰۲۰–۲۰۲۳ رشد کرد."
    assert [(m.text, m.date, m.precision) for m in find_dates(text, "fa")] == [
        ("۱۹۹۷", "1997", "year"), ("۲۰۰۳", "2003", "year"),
        ("۲۰۲۰", "2020", "year"), ("۲۰۲۳", "2023", "year")]
    starts = [m.start for m in find_dates(text, "fa")]
    assert [text[s:s + 4] for s in starts] == ["۱۹۹۷", "۲۰۰۳", "۲۰۲۰", "۲۰۲۳"]


def test_arabic_and_russian_year_cues():
    one("بدأت الحرب عام 1992 في المنطقة.", "1992", "1992", "year", "ar")
    one("Соглашение подписано в 2010 году.", "2010 году", "2010", "year", "ru")


def test_arabic_era_mark_and_hijri_year():
    one("في عام 2020م انتهت الحرب.", "2020م", "2020", "year", "ar")
    assert got("توفي سنة 1445هـ في المدينة.", "ar") == []       # lunar Hijri: not read


def test_year_after_born():
    one("Pashinyan (born 1975) became prime minister.", "1975", "1975", "year", "en")


def test_years_listed_after_a_year():
    text = "Elections were held in 1998, 2003 and 2008."
    assert [m.date for m in find_dates(text, "en")] == ["1998", "2003", "2008"]


@pytest.mark.parametrize("text, lang", [
    ("The territory covers 86,000 square kilometres.", "en"),
    ("Resolution 62/243 was adopted.", "en"),
    ("About 120,000 people left.", "en"),
    ("بذلت الحكومة منذ 15 عاما جهودا كبيرة.", "ar"),
    ("بازرسی شد، ۱۹۴۰ ساختمان بررسی شد.", "fa"),
    ("انظر ص 1998 من الكتاب.", "ar"),
    ("The growth was 2020.5 units.", "en"),
    ("They sent 2000 troops.", "en"),
    ("Room 1204 is on the left.", "en"),
    ("At 1930 hours the shelling began.", "en"),
])
def test_numbers_that_are_not_dates(text, lang):
    assert got(text, lang) == []


# --- offsets and API ----------------------------------------------------------------------------

def test_offsets_point_into_the_original_with_zwnj_and_diacritics():
    text = "گزارش\u200cها: در\u200c ۱۲ اوت ۲۰۱۸ مُهمّ بود و در سال ۲۰۱۹ هم."
    ms = find_dates(text, "fa")
    assert [m.text for m in ms] == ["۱۲ اوت ۲۰۱۸", "۲۰۱۹"]
    for m in ms:
        assert text[m.start:m.end] == m.text


def test_precomputed_normalisation_gives_the_same_result():
    text = "Talks on 10 November 2020 and in 2021."
    assert find_dates(text, "en", norm=normalise(text)) == find_dates(text, "en")


def test_mention_is_a_frozen_record():
    m = find_dates("in 2021", "en")[0]
    assert isinstance(m, DateMention)
    with pytest.raises(Exception):
        m.date = "1999"


def test_month_table_comes_from_cldr_plus_variants():
    names = month_names()
    assert names["نوامبر"][0] == 11 and names["نوفمبر"][0] == 11
    assert names["ноября"][0] == 11 and names["ноябрь"][0] == 11
    assert names["kasim"][0] == 11 and names["augusti"][0] == 8
    assert names["اگوست"][0] == 8               # آگوست, a variant CLDR lacks
    assert names["مهر"] == (7, ("fa",), True)   # Solar Hijri


# --- issue 13: ranges, running text, 1800s, months written twice or misspelt, decades ----------

@pytest.mark.parametrize("text, lang, ends", [
    ("The talks ran March 3–5, 2021 in Vienna.", "en", [("March 3", "2021-03-03"), ("5, 2021", "2021-03-05")]),
    ("The talks ran from 3 to 5 March 2021.", "en", [("3", "2021-03-03"), ("5 March 2021", "2021-03-05")]),
    ("مذاکرات ۳ تا ۵ مارس ۲۰۲۱ برگزار شد.", "fa", [("۳", "2021-03-03"), ("۵ مارس ۲۰۲۱", "2021-03-05")]),
    ("جرت المحادثات من 3 إلى 5 مارس 2021.", "ar", [("3", "2021-03-03"), ("5 مارس 2021", "2021-03-05")]),
    ("Die Gespräche dauerten vom 3. bis 5. März 2021.", "de", [("3", "2021-03-03"), ("5. März 2021", "2021-03-05")]),
    ("Les pourparlers ont eu lieu du 3 au 5 mars 2021.", "fr", [("3", "2021-03-03"), ("5 mars 2021", "2021-03-05")]),
    ("Переговоры шли 3–5 марта 2021 года.", "ru", [("3", "2021-03-03"), ("5 марта 2021 года", "2021-03-05")]),
    # across two months: the open first end takes the year of the second
    ("The mission ran from 20 December to 5 January 2022.", "en",
     [("20 December", "2021-12-20"), ("5 January 2022", "2022-01-05")]),
])
def test_ranges_give_both_ends(text, lang, ends):
    assert [(m.text, m.date) for m in find_dates(text, lang, doc_date="2024")] == ends
    assert all(m.precision == "day" and not m.inferred for m in find_dates(text, lang, "2024"))


@pytest.mark.parametrize("text, lang, ends", [
    ("Наступление шло 19–20 сентября.", "ru", [("19", "2023-09-19"), ("20 сентября", "2023-09-20")]),
    ("С 24 по 30 сентября люди ушли по Лачинскому коридору.", "ru", [("24", "2023-09-24"), ("30 сентября", "2023-09-30")]),
    ("Sie zogen vom 24. bis 30. September ab.", "de", [("24", "2023-09-24"), ("30. September", "2023-09-30")]),
    ("The exodus ran from 24 to 30 September.", "en", [("24", "2023-09-24"), ("30 September", "2023-09-30")]),
])
def test_a_range_without_a_year_gives_both_ends_with_the_documents_year(text, lang, ends):
    """A reader's Russian text lost the first day of "19–20 сентября" and "С 24 по 30 сентября": a range
    with no year kept only its last day. Both ends now take the year the document gives, marked inferred."""
    found = find_dates(text, lang, doc_date="2023-10-01")
    assert [(m.text, m.date) for m in found] == ends
    assert all(m.precision == "day" and m.inferred for m in found)
    assert find_dates(text, lang) == []          # no year anywhere: no date, as for one day


def test_a_range_across_a_month_end_keeps_its_second_day():
    """"30–1 October" read as a range lost even "1 October", which it had read before ranges were split."""
    assert [(m.text, m.date) for m in find_dates("Talks ran 30–1 October.", "en", "2023-11-01")] == \
        [("1 October", "2023-10-01")]
    assert [(m.text, m.date) for m in find_dates("Talks ran 30–1 October 2023.", "en")] == \
        [("1 October 2023", "2023-10-01")]


@pytest.mark.parametrize("text, lang, year", [
    ("Der Krieg, als er 2008 begann, überraschte viele.", "de", "2008"),
    ("La frontière est fermée depuis 1991 pour les camions.", "fr", "1991"),
    ("Kriget som bröt ut 2020 och varade i 44 dagar.", "sv", "2020"),
    ("The war that broke out 2020 and lasted 44 days.", "en", "2020"),
    ("Война, начавшаяся 2020 и длившаяся 44 дня.", "ru", "2020"),
])
def test_bare_years_in_running_text(text, lang, year):
    assert [m.date for m in find_dates(text, lang)] == [year]


def test_years_of_the_nineteenth_century():
    text = "The treaties of 1813 and 1828 divided the region; Договор 1828 года."
    assert [m.date for m in find_dates(text, "en")] == ["1813", "1828", "1828"]
    assert got("They counted 1850 soldiers.", "en") == []


@pytest.mark.parametrize("text, lang, surface", [
    ("وقع الاتفاق في 5 مارس/آذار 2021 في موسكو.", "ar", "5 مارس/آذار 2021"),
    ("وقع الاتفاق في 5 آذار (مارس) 2021 في موسكو.", "ar", "5 آذار (مارس) 2021"),
    ("قرارداد در ۱۵ اسفند ۱۳۹۹ (۵ مارس ۲۰۲۱) امضا شد.", "fa", "۱۵ اسفند ۱۳۹۹ (۵ مارس ۲۰۲۱)"),
])
def test_a_date_written_twice_counts_once(text, lang, surface):
    (m,) = find_dates(text, lang)
    assert (m.text, m.date, m.precision) == (surface, "2021-03-05", "day")


@pytest.mark.parametrize("text, lang, surface, iso", [
    ("The ceasefire held on 5 Septmber 2021.", "en", "5 Septmber 2021", "2021-09-05"),
    ("Talks resumed Novmber 10, 2020 in Moscow.", "en", "Novmber 10, 2020", "2020-11-10"),
    ("Переговоры прошли 5 сентябяр 2021 года.", "ru", "5 сентябяр 2021 года", "2021-09-05"),
])
def test_a_month_name_one_letter_off_is_read(text, lang, surface, iso):
    assert [(m.text, m.date) for m in find_dates(text, lang)] == [(surface, iso)]


def test_short_month_names_are_not_guessed():
    assert [m.date for m in find_dates("It rained on 5 Jum 2021.", "en")] == ["2021"]


@pytest.mark.parametrize("text, lang, surface, iso", [
    ("Trade grew in the 1990s and the 1990's.", "en", "1990s", "1990"),
    ("During the nineties, trade grew.", "en", "nineties", "1990"),
    ("В девяностые годы торговля росла.", "ru", "девяностые годы", "1990"),
    ("В 1980-е годы торговля росла.", "ru", "1980-е", "1980"),
    ("در دهه ۱۹۹۰ جنگ شد.", "fa", "۱۹۹۰", "1990"),
    ("In den 1990er Jahren wuchs der Handel.", "de", "1990er", "1990"),
    ("Dans les années 1990, le commerce a crû.", "fr", "1990", "1990"),
    ("1990'larda ticaret büyüdü.", "tr", "1990'larda", "1990"),
])
def test_decades_have_decade_precision(text, lang, surface, iso):
    ms = find_dates(text, lang)
    assert ms[0].text == surface and ms[0].date == iso
    assert {m.precision for m in ms} == {"decade"}
