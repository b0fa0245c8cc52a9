"""Things named by description (issue 13.2): geodata/curated/descriptions.json.

Sentences are written for these tests. Phrases link to their feature in every
language, a town named with a route word in its sentence stands for the route,
and a feature mentioned in a document dated outside its periods is not linked
to it (the mention goes to the actor or place it stands for).
"""

import pytest

from app.gazetteer import Gazetteer

PEACEKEEPERS = [
    ("en", "The Russian peacekeepers stayed in their posts near Shusha."),
    ("ar", "وانتشر جنود حفظ السلام الروس على طول الطريق."),
    ("fa", "صلح‌بانان روس در اطراف شهر مستقر شدند."),
    ("ru", "Российские миротворцы остались на своих позициях."),
    ("fr", "Les soldats de la paix russes ont quitté la région."),
    ("de", "Die russischen Friedenssoldaten zogen im Frühjahr ab."),
    ("sv", "De ryska fredsbevararna lämnade området i juni."),
    ("tr", "Rus barış gücü askerleri bölgeden ayrıldı."),
    ("az", "Rusiya sülhməramlıları bölgəni tərk etdi."),
    ("hy", "Ռուս խաղաղապահները լքեցին տարածաշրջանը։"),
]


@pytest.fixture(scope="module")
def real():
    g = Gazetteer.load()
    if "russian_peacekeeping_hq" not in g.ids:
        pytest.skip("curated names not there")
    return g


def ids(gaz, text, lang, date):
    return [m.id for m in gaz.find(text, lang, doc_date=date)]


@pytest.mark.parametrize("lang,text", PEACEKEEPERS)
def test_peacekeepers_described_in_every_language(real, lang, text):
    assert "russian_peacekeeping_hq" in ids(real, text, lang, "2022-05")


@pytest.mark.parametrize("lang,text", PEACEKEEPERS)
def test_peacekeepers_before_they_existed_are_russia(real, lang, text):
    # a 1998 text speaking of Russian peacekeepers cannot mean the 2020-2024 contingent
    got = ids(real, text, lang, "1998")
    assert "russian_peacekeeping_hq" not in got and "russia" in got


@pytest.mark.parametrize("lang,text", [
    ("en", "Moscow keeps Russia's military base in Armenia at full strength."),
    ("fa", "روسیه پایگاه نظامی خود در ارمنستان را تقویت کرده است."),
    ("ar", "وعززت موسكو القاعدة العسكرية الروسية في أرمينيا."),
    ("ru", "Москва усилила российскую военную базу в Армении."),
    ("fr", "Moscou renforce sa base militaire en Arménie."),
    ("de", "Moskau verstärkt die russische Militärbasis in Armenien."),
    ("sv", "Moskva förstärker den ryska militärbasen i Armenien."),
])
def test_russias_base_in_armenia_is_the_102nd_base(real, lang, text):
    assert "russian_102nd_base_gyumri" in ids(real, text, lang, "2021")


def test_the_base_before_its_treaty_is_russia(real):
    assert ids(real, "Russia's military base in Armenia.", "en", "1993") == ["russia"]


@pytest.mark.parametrize("lang,text", [
    ("en", "Armenia said that if Lachin is reopened, it would sign."),
    ("en", "Trucks waited for days on the road at Lachin."),
    ("ru", "Дорогу через Лачин закрыли в декабре."),
    ("fa", "جاده‌های لاچین بسته شد."),
    ("fr", "La route vers Latchine a été bloquée."),
    ("de", "Die Straße bei Latschin wurde blockiert."),
    ("tr", "Laçin yolu kapatıldı."),
    ("az", "Laçın yolu bağlandı."),
    ("hy", "Լաչինի ճանապարհը փակվեց։"),
    ("ar", "وأغلق طريق لاتشين في ديسمبر."),
])
def test_lachin_with_a_road_word_is_the_corridor(real, lang, text):
    got = ids(real, text, lang, "2023-01")
    assert "lachin_corridor" in got and "lachin" not in got


@pytest.mark.parametrize("lang,text", [
    ("en", "Lachin was handed back to Azerbaijan in August."),
    ("en", "They took revenge in Lachin region, far from the corridor talks."),
    ("ru", "Лачин передан Азербайджану."),
    ("fa", "لاچین راهبرد مهمی ندارد."),
])
def test_lachin_without_a_road_word_stays_the_town(real, lang, text):
    assert "lachin" in ids(real, text, lang, "2023-01")


def test_a_route_named_before_it_existed_is_the_town(real):
    assert ids(real, "The Lachin road was quiet.", "en", "1990") == ["lachin"]


def test_descriptions_file_rules_on_a_small_table(tmp_path):
    import json

    names = {"ruritania": {"display": {"en": "Ruritania"}, "aliases": {"en": ["Ruritania"]}},
             "strel": {"display": {"en": "Strel"}, "aliases": {"en": ["Strel"]}},
             "strel_pass": {"display": {"en": "Strel pass"}, "aliases": {"en": ["Strel pass"]}},
             "ruritanian_guard": {"display": {"en": "Ruritanian guard post"},
                                  "aliases": {"en": ["Ruritanian guard post"]}}}
    features = {"features": [
        {"id": "strel_pass", "periods": [{"start": "2001", "end": None}]},
        {"id": "ruritanian_guard", "periods": [{"start": "2010", "end": "2012"}]}]}
    descriptions = {
        "ruritanian_guard": {"otherwise": "ruritania",
                             "phrases": {"en": ["the king's sentries"]}},
        "strel_pass": {"otherwise": "strel", "towns": ["strel"],
                       "route_words": {"en": ["pass", "road"]}}}
    for name, data in (("names", names), ("features", features), ("descriptions", descriptions)):
        (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    gaz = Gazetteer.load(tmp_path / "names.json", tmp_path / "features.json",
                         tmp_path / "actors.json")
    assert ids(gaz, "Kings' envoys met the King's sentries.", "en", "2011") == \
        ["ruritanian_guard"]
    assert ids(gaz, "Kings' envoys met the king's sentries.", "en", "2015") == ["ruritania"]
    assert ids(gaz, "The road to Strel was snowed in.", "en", "2005") == ["strel_pass"]
    assert ids(gaz, "The road to Strel was snowed in.", "en", "1995") == ["strel"]
    assert ids(gaz, "Strel is a small town.", "en", "2005") == ["strel"]


@pytest.mark.parametrize("lang, text", [
    ("en", "Azerbaijan wants the Zangezur route linking mainland Azerbaijan to Nakhchivan."),
    ("en", "Talks on the Zangezur road continued."),
    ("ru", "Баку настаивает на Зангезурском маршруте."),
    ("fa", "ایران با مسیر زنگزور مخالف است."),
    ("tr", "Ankara Zengezur yolu için çalışıyor."),
])
def test_the_zangezur_route_is_the_corridor_not_the_province(lang, text):
    """A reader's upload said "the Zangezur route linking mainland Azerbaijan to Nakhchivan" and it was
    counted under Syunik (the province's old name is Zangezur)."""
    from app.annotate import annotate_text
    ids = [r["id"] for r in annotate_text("x.txt", text, {"lang": lang}) if r.get("id") and r.get("kind") != "date"]
    assert "zangezur_corridor" in ids and "syunik" not in ids, ids


def test_zangezur_alone_is_still_the_province():
    from app.annotate import annotate_text
    ids = [r["id"] for r in annotate_text("x.txt", "Zangezur is Armenia's southernmost province.", {"lang": "en"})]
    assert "syunik" in ids and "zangezur_corridor" not in ids
