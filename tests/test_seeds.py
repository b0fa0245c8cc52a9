"""What a careful reader finds in each seed, asserted against ``app.annotate.annotate_paths``.

The expectations below were written by reading each document in full in its own language
(Arabic, Persian x2, Swedish, English); they are the reader's list, not the annotator's output.
For each seed:

* ``ids``: features and actors of the spec (``/work/shared/spec/features.md``) the text names,
  each with one surface it uses (the surface is documentation and is checked to be in the text);
* ``extra_ids``: further ids added to ``geodata/curated/names.json`` for things the text names
  (Soviet Union, CIS, Charles Michel ...); kept apart so their failures read separately;
* ``dates``: ``(iso, precision, inferred)``; ``inferred`` None means "not asserted";
* ``spans``: exact surfaces that must be annotated with an id: ``(surface, id, occurrence)``;
  the row must satisfy ``text == original[start:end] == surface`` at that occurrence;
* ``absent_ids``: ids that must NOT be found (the reader would be misled);
* ``not_dates``: number surfaces that must not give a date row.

Decisions documented here:

* 000 "انتهت حرب عام 2020 ... في 10 نوفمبر": the day-month "10 نوفمبر" has no year; the year
  is written in the same sentence ("عام 2020"). Expected as ``2020-11-10``, precision ``day``,
  ``inferred=False``: DATA.md defines ``inferred`` as "completed from the document's date", and
  here the year is in the text the reader sees, not taken from the document's metadata.
* "May 19" (004) and "i augusti" (003) have no year: completed from the document date in
  seeds/manifest.json (2023-07, 2025-10) -> 2023-05-19 and 2025-08, ``inferred=True``.
* A shared bare name (نخجوان, Nakhchivan) is expected as ``nakhchivan`` (the region is the
  default reading, ``preferred`` in names.json).
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

ACTORS = {
    "nato", "nato_pfp", "osce_minsk_group", "european_union", "united_states", "united_kingdom",
    "csto", "eaeu", "format_3_plus_3", "israel", "china", "kazakhstan", "ukraine",
    "ilham_aliyev", "heydar_aliyev", "nikol_pashinyan", "vladimir_putin", "recep_tayyip_erdogan",
    "sergey_lavrov", "jeyhun_bayramov", "ararat_mirzoyan", "mikhail_galuzin", "alexei_overchuk",
    # extra actor ids of names.json
    "un_general_assembly", "charles_michel", "turkmenistan", "belarus", "uzbekistan",
    "soviet_union", "cis", "levon_ter_petrosyan", "stanislav_pritchin", "imemo",
    "konstantin_sivkov", "emil_avdaliani", "volodymyr_zelenskyy", "mher_grigoryan",
    "shahin_mustafayev", "italy", "iraq", "moldova", "non_aligned_movement", "martin_shakkum",
    "tedo_japaridze",
}
PLACES = {
    "armenia", "azerbaijan", "georgia", "russia", "turkey", "iran", "nakhchivan",
    "nagorno_karabakh", "syunik", "gazakh_border_villages", "caspian_sea", "lachin_corridor",
    "zangezur_corridor", "north_south_corridor", "rasht_astara_railway",
    "baku_tbilisi_ceyhan_pipeline", "baku_novorossiysk_pipeline", "baku_supsa_pipeline",
    "russian_102nd_base_gyumri", "erebuni_air_base", "russian_peacekeeping_hq",
    "joint_monitoring_center_aghdam", "gabala_radar", "eu_mission_armenia", "baku", "yerevan",
    "tbilisi", "stepanakert", "shusha", "lachin", "goris", "meghri", "nakhchivan_city", "julfa",
    "ordubad", "horadiz", "aghdam", "astara_az", "astara_ir", "rasht", "gyumri", "gazakh",
    "moscow", "tehran", "ankara", "washington", "brussels", "prague", "almaty", "aktau",
}

S000, S001, S002, S003, S004 = (
    "000_e53cfc821301c96b.txt", "001_f277921921fb106f.txt", "002_ab0d87444bf08e5f.txt",
    "003_9191a6ff69e72140.txt", "004_7e3677aedf6b0cb5.txt")

EXPECT: dict[str, dict] = {
    S000: {  # Arabic commentary, late 2020
        "lang": "ar",
        "ids": {
            "armenia": "أرمينيا", "azerbaijan": "أذربيجان", "nato": "الناتو",
            "osce_minsk_group": "مجموعة مينسك", "russia": "الكرملين",
            "nagorno_karabakh": "ناغورنو كاراباخ", "vladimir_putin": "بوتين",
            "nato_pfp": "الشراكة من أجل السلام", "baku": "باكو", "turkey": "تركيا",
            "caspian_sea": "بحر قزوين", "nakhchivan": "ناختشيفان", "yerevan": "يريفان",
            "iran": "إيران", "china": "الصينية", "kazakhstan": "كازاخستان",
            "united_states": "الولايات المتحدة", "united_kingdom": "للمملكة المتحدة",
            "tehran": "طهران", "moscow": "موسكو", "european_union": "الاتحاد الأوروبي",
        },
        "extra_ids": {"un_general_assembly": "الجمعية العامة للأمم المتحدة"},
        "dates": [("2020", "year", False), ("2020-11-10", "day", False)],
        "spans": [("أرمينيا", "armenia", 0), ("الكرملين", "russia", 0), ("بوتين", "vladimir_putin", 0),
                  ("يريفان", "yerevan", 0), ("كازاخستان", "kazakhstan", 0), ("PfP", "nato_pfp", 0)],
        # clitic forms: the mention lies inside the surface and ends with the base
        "inside": [("لبحر قزوين", "caspian_sea", "بحر قزوين"), ("لحلف الناتو", "nato", "الناتو"),
                   ("وموسكو", "moscow", "موسكو"), ("بأذربيجان", "azerbaijan", "أذربيجان"),
                   ("لأرمينيا", "armenia", "أرمينيا")],
        "absent_ids": {"georgia", "ukraine", "lachin_corridor", "zangezur_corridor", "heydar_aliyev"},
        "not_dates": ["62/243", "15 عاما"],
    },
    S001: {  # Persian journal article, OCR'd, ~1998
        "lang": "fa",
        "ids": {
            "azerbaijan": "جمهوری آذربایجان", "russia": "روسیه", "united_states": "ایالات متحده",
            "caspian_sea": "دریای خزر", "armenia": "ارمنستان", "osce_minsk_group": "گروه مینسک",
            "moscow": "مسکو", "kazakhstan": "قزاقستان", "turkey": "ترکیه",
            "united_kingdom": "انگلستان", "nagorno_karabakh": "قرهباغ", "georgia": "گرجستان",
            "baku": "باکو", "heydar_aliyev": "حیدرعلی اف", "yerevan": "ایروان", "iran": "ایران",
            "ankara": "آنکارا", "washington": "واشنگتن", "ukraine": "اوکراین",
            "baku_tbilisi_ceyhan_pipeline": "باکو - جیحون",
        },
        "extra_ids": {"turkmenistan": "ترکمنستان", "soviet_union": "شوروی",
                      "levon_ter_petrosyan": "پتروسیان", "belarus": "بیلوروسی",
                      "cis": "کشورهای مستقل مشترکالمنافع", "persian_gulf": "خلیج فارس",
                      "black_sea": "دریای سیاه", "martin_shakkum": "مارتن شاکوم",
                      "tedo_japaridze": "تدوخاپاریدزه", "iraq": "عراق", "moldova": "مولداوی"},
        "dates": [("1997-04-08", "day", False), ("1997-05", "month", False),
                  ("1997-09-25", "day", False), ("1997-10-03", "day", False),
                  ("1997-12-27", "day", False), ("1997-06-20", "day", False),
                  ("1997", "year", False), ("1990", "year", False), ("2003", "year", False)],
        "spans": [("قرهباغ", "nagorno_karabakh", 0), ("قره باغ", "nagorno_karabakh", 0),
                  ("حیدرعلیاف", "heydar_aliyev", 0), ("گروه مینسک", "osce_minsk_group", 0),
                  ("آنکارا", "ankara", 0), ("انگلستان", "united_kingdom", 0)],
        "inside": [("ارمنی - آذربایجانی", "azerbaijan", "آذربایجان")],
        "absent_ids": {"ilham_aliyev", "nato", "zangezur_corridor", "lachin_corridor",
                       "north_south_corridor", "european_union"},
        "not_dates": ["۴ میلیارد تن", "۸۰ درصد", "۲۰ درصد", "۳۰۰ کارشناس", "۱۰ میلیارد دلار",
                      "دویست میلیارد"],
    },
    S002: {  # Persian translation of Pritchin (IMEMO), mid-2024
        "lang": "fa",
        "ids": {
            "russia": "روسیه", "azerbaijan": "آذربایجان", "moscow": "مسکو", "baku": "باکو",
            "armenia": "ارمنستان", "iran": "ایران", "turkey": "ترکیه",
            "nagorno_karabakh": "قره باغ کوهستانی", "yerevan": "ایروان", "gazakh": "گازاخ",
            "gazakh_border_villages": "چهار روستای مرزی", "jeyhun_bayramov": "جیحون بایراموف",
            "ararat_mirzoyan": "آرارات میرزویان", "almaty": "آلماتی",
            "nikol_pashinyan": "نیکول پاشینیان", "mikhail_galuzin": "گالوزین",
            "nakhchivan": "نخجوان", "zangezur_corridor": "کریدور زنگزور",
            "alexei_overchuk": "اورچوک", "russian_peacekeeping_hq": "نیروهای حافظ صلح روسیه",
            "prague": "پراگ", "european_union": "اتحادیه اروپا",
            "north_south_corridor": "شمال-جنوب", "eaeu": "اتحادیه اقتصادی اوراسیا",
            "ilham_aliyev": "الهام علی اف", "kazakhstan": "قزاقستان",
            "rasht_astara_railway": "رشت – آستارا", "format_3_plus_3": "۳+۳",
            "caspian_sea": "دریای خزر", "tehran": "تهران",
            "united_states": "آمریکا",  # "طرحهای حل و فصل آمریکا و اروپا"
        },
        "extra_ids": {"soviet_union": "اتحاد جماهیر شوروی", "belarus": "بلاروس",
                      "uzbekistan": "ازبکستان", "stanislav_pritchin": "استانیسلاو پریتچین",
                      "imemo": "IMEMO", "persian_gulf": "خلیج فارس",
                      "mher_grigoryan": "مهر گریگوریان", "shahin_mustafayev": "شاهینا مصطفیوا",
                      "baku_astara_railway": "باکو- آستارا", "italy": "ایتالیا",
                      "non_aligned_movement": "جنبش عدم تعهد"},
        "dates": [("2022-02", "month", False), ("2020-11", "month", False),
                  ("2024-04", "month", False), ("2022-10", "month", False),
                  ("2023-09", "month", False), ("2023", "year", False), ("2022", "year", False),
                  ("2024-01", "month", False), ("2027", "year", False),
                  ("2018-08-12", "day", False), ("1990-01", "month", False),
                  ("2022-02-22", "day", False), ("2024", "year", False), ("2026", "year", False),
                  ("2020", "year", False)],
        "spans": [("الهام علی اف", "ilham_aliyev", 0), ("M. Galuzin", "mikhail_galuzin", 0),
                  ("الکسی اوورچوک", "alexei_overchuk", 0), ("الکسی اورچوک", "alexei_overchuk", 0),
                  ("کریدور زنگزور", "zangezur_corridor", 0), ("۳+۳", "format_3_plus_3", 0),
                  ("پراگ", "prague", 0), ("آلماتی", "almaty", 0)],
        "inside": [("کریدور” شمال-جنوب”", "north_south_corridor", "شمال-جنوب")],
        "absent_ids": {"osce_minsk_group",   # "مینسک" here = Minsk agreements on Ukraine
                       "heydar_aliyev", "lachin_corridor", "nato"},
        "not_dates": ["۱۰۰۷ کیلومتر", "۱۹۴۰ ساختمان", "۲۶۷۹۴", "۶۸۹ کیلومتر", "۴٫۳۵۸",
                      "۱۷٫۵ درصدی", "مهر گریگوریان"],
    },
    S003: {  # Swedish news rewrite, autumn 2025
        "lang": "sv",
        "ids": {
            "azerbaijan": "Azerbajdzjans", "nato": "Nato", "moscow": "Moskva", "russia": "Ryssland",
            "ilham_aliyev": "Ilham Aliyev", "nato_pfp": "Partnership for Peace",
            "vladimir_putin": "Putin", "caspian_sea": "Kaspiska havet", "baku": "Bakus",
            "armenia": "Armenien", "washington": "Washington",
            "north_south_corridor": "nord-sydliga transportnätet", "iran": "Iran",
        },
        "extra_ids": {"konstantin_sivkov": "Konstantin Sivkov", "emil_avdaliani": "Emil Avdaliani",
                      "volodymyr_zelenskyy": "Zelenskyj"},
        "dates": [("1994", "year", False), ("2025-08", "month", True)],
        "spans": [("Kaspiska havet", "caspian_sea", 0), ("Ilham Aliyev", "ilham_aliyev", 0),
                  ("Partnership for Peace", "nato_pfp", 0), ("Armenien", "armenia", 0),
                  ("Ryssland", "russia", 0), ("Putin", "vladimir_putin", 0)],
        "inside": [("Azerbajdzjans", "azerbaijan", "Azerbajdzjan"), ("Bakus", "baku", "Baku"),
                   ("Nato-delegation", "nato", "Nato"), ("Natochefen", "nato", "Nato"),
                   ("Kremls", "russia", "Krem"), ("Ryska militäranalytiker", "russia", "Rysk")],
        "absent_ids": {"turkey", "georgia", "ukraine", "nagorno_karabakh", "zangezur_corridor"},
        "not_dates": ["Tomahawk"],
    },
    S004: {  # Alwaght (English), July 2023
        "lang": "en",
        "ids": {
            "azerbaijan": "Azerbaijan", "armenia": "Armenia", "nagorno_karabakh": "Karabakh",
            "russia": "Kremlin", "moscow": "Moscow", "sergey_lavrov": "Sergey Lavrov",
            "jeyhun_bayramov": "Jeyhun Bayramov", "ararat_mirzoyan": "Ararat Mirzoyan",
            "yerevan": "Yerevan", "baku": "Baku", "ilham_aliyev": "Ilham Aliyev",
            "washington": "Washington", "brussels": "Brussels",
            "nikol_pashinyan": "Nikola Pashinyan", "european_union": "European Union",
            "zangezur_corridor": "Zangezor corridor", "nakhchivan": "Nakhchivan Autonomous Region",
            "iran": "Iran", "lachin": "Lachin region", "lachin_corridor": "Lachin crossing",
            "turkey": "Turkey", "tehran": "Tehran", "recep_tayyip_erdogan": "Recep Tayyip Erdogan",
            "israel": "Israel", "osce_minsk_group": "Minsk initiative",
            "united_states": "White House", "ukraine": "Ukraine", "vladimir_putin": "Vladimir Putin",
            "russian_peacekeeping_hq": "Russia peacekeepers",
        },
        "extra_ids": {"charles_michel": "Charles Michel"},
        "dates": [("1992", "year", False), ("2020", "year", False),
                  ("2023-05-19", "day", True), ("2022-12", "month", False)],
        "spans": [("Lachin crossing", "lachin_corridor", 0), ("Zangezor corridor", "zangezur_corridor", 0),
                  ("Nagorno-Karabakh", "nagorno_karabakh", 0), ("Sergey Lavrov", "sergey_lavrov", 0),
                  ("Charles Michel", "charles_michel", 0), ("White House", "united_states", 0),
                  ("Tel Aviv", "israel", 0), ("Azerbaijani", "azerbaijan", 0),
                  ("Armenian", "armenia", 0)],
        "inside": [("Baku's", "baku", "Baku"), ("Moscow's", "moscow", "Moscow")],
        "absent_ids": {"georgia", "nakhchivan_city", "syunik", "china", "heydar_aliyev"},
        "not_dates": ["86,000", "29,000", "120,000"],
    },
}


@functools.lru_cache(maxsize=None)
def annotate(name: str) -> tuple[tuple[dict, ...], tuple[str, ...]]:
    from app.annotate import annotate_paths  # the annotator under test
    rows, errors = annotate_paths([SEEDS / name])
    return tuple(rows), tuple(errors)


@functools.lru_cache(maxsize=None)
def original(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def nth(text: str, surface: str, occurrence: int = 0) -> int:
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(surface, pos + 1)
        assert pos >= 0, f"{surface!r} (occurrence {occurrence}) not in the text"
    return pos


def entity_ids(rows) -> set[str]:
    return {r["id"] for r in rows if r["kind"] in ("place", "actor") and r["id"]}


SEED_NAMES = sorted(EXPECT)


# ---------------------------------------------------------------- the expectations themselves

@pytest.mark.parametrize("name", SEED_NAMES)
def test_expectations_quote_the_text(name):
    """Every surface quoted above really is in the document (guards the expectations)."""
    text = original(name)
    exp = EXPECT[name]
    quoted = [*exp["ids"].values(), *exp["extra_ids"].values(), *(s for s, _, _ in exp["spans"]),
              *(s for s, _, _ in exp["inside"]), *exp["not_dates"]]
    missing = [q for q in quoted if q not in text]
    assert not missing, missing


def test_manifest_lists_every_seed_with_its_language():
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    docs = {d["file"]: d for d in manifest["documents"]}
    assert set(docs) == {p.name for p in SEEDS.glob("*.txt")}
    for name, exp in EXPECT.items():
        doc = docs[name]
        assert doc["language"] == exp["lang"]
        pub = doc["published"]
        assert pub["basis"] in ("stated", "inferred")
        assert len(pub["date"]) == {"year": 4, "month": 7, "day": 10}[pub["precision"]]
        if pub["basis"] == "inferred":
            assert pub["note"]
        assert doc["summary_en"] and doc["notes"]


# ---------------------------------------------------------------- annotator output

@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_errors_and_rows_follow_the_contract(name):
    rows, errors = annotate(name)
    assert not errors
    assert rows
    text = original(name)
    for r in rows:
        assert r["doc"] == name
        assert r["kind"] in ("place", "actor", "date")
        assert text[r["start"]:r["end"]] == r["text"], r
        assert text[r["sentence_start"]:r["sentence_end"]] == r["sentence"], r
        assert r["sentence_start"] <= r["start"] < r["end"] <= r["sentence_end"], r
        if r["kind"] == "date":
            assert r["id"] is None and r["date"] and r["precision"] in ("decade", "year", "month",
                                                                         "day")
            assert len(r["date"]) == {"decade": 4, "year": 4, "month": 7, "day": 10}[r["precision"]]
        else:
            assert (r["id"] is None) == bool(r.get("ambiguous")), r
    json.dumps(list(rows), ensure_ascii=False)  # JSON-serialisable


@pytest.mark.parametrize("name", SEED_NAMES)
def test_sentence_language_is_the_documents(name):
    rows, _ = annotate(name)
    langs = [r["lang"] for r in rows]
    share = langs.count(EXPECT[name]["lang"]) / len(langs)
    assert share >= 0.9, (EXPECT[name]["lang"], {lang: langs.count(lang) for lang in set(langs)})


@pytest.mark.parametrize("name", SEED_NAMES)
def test_reader_ids_are_found(name):
    rows, _ = annotate(name)
    missing = sorted(set(EXPECT[name]["ids"]) - entity_ids(rows))
    assert not missing, {m: EXPECT[name]["ids"][m] for m in missing}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_extra_ids_are_found(name):
    rows, _ = annotate(name)
    missing = sorted(set(EXPECT[name]["extra_ids"]) - entity_ids(rows))
    assert not missing, {m: EXPECT[name]["extra_ids"][m] for m in missing}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_kind_is_place_for_features_and_actor_for_actors(name):
    rows, _ = annotate(name)
    wrong = [(r["id"], r["kind"]) for r in rows if r["id"] in ACTORS and r["kind"] != "actor"]
    wrong += [(r["id"], r["kind"]) for r in rows if r["id"] in PLACES and r["kind"] != "place"]
    assert not wrong, sorted(set(wrong))


@pytest.mark.parametrize("name", SEED_NAMES)
def test_reader_dates_are_found_with_their_precision(name):
    rows, _ = annotate(name)
    found = {(r["date"], r["precision"]): r for r in rows if r["kind"] == "date"}
    problems = []
    for iso, precision, inferred in EXPECT[name]["dates"]:
        row = found.get((iso, precision))
        if row is None:
            problems.append(f"missing {iso} ({precision})")
        elif inferred is not None and any(
                r["inferred"] != inferred for r in rows
                if r["kind"] == "date" and (r["date"], r["precision"]) == (iso, precision)):
            problems.append(f"{iso}: inferred should be {inferred}")
    assert not problems, problems


@pytest.mark.parametrize("name", SEED_NAMES)
def test_dates_are_gregorian_and_plausible(name):
    """No seed uses the solar Hijri calendar (Persian seeds use French-derived Gregorian months);
    no count or amount becomes a year."""
    rows, _ = annotate(name)
    bad = [(r["text"], r["date"], r.get("calendar")) for r in rows if r["kind"] == "date"
           and (r.get("calendar") != "gregorian" or not 1900 <= int(r["date"][:4]) <= 2030)]
    assert not bad, bad


@pytest.mark.parametrize("name", SEED_NAMES)
def test_numbers_are_not_dates(name):
    rows, _ = annotate(name)
    text = original(name)
    problems = []
    for surface in EXPECT[name]["not_dates"]:
        pos = nth(text, surface)
        end = pos + len(surface)
        problems += [(surface, r["text"], r["date"]) for r in rows
                     if r["kind"] == "date" and r["start"] < end and r["end"] > pos]
    assert not problems, problems


@pytest.mark.parametrize("name", SEED_NAMES)
def test_exact_surfaces_and_offsets(name):
    rows, _ = annotate(name)
    text = original(name)
    problems = []
    for surface, fid, occ in EXPECT[name]["spans"]:
        start = nth(text, surface, occ)
        hits = [r for r in rows if r["start"] == start and r["end"] == start + len(surface)]
        if not any(r["id"] == fid and r["text"] == surface for r in hits):
            got = [(r["text"], r["id"]) for r in rows if r["start"] < start + len(surface) and r["end"] > start]
            problems.append(f"{surface!r}@{start} should be {fid}; overlapping rows: {got}")
    assert not problems, problems


@pytest.mark.parametrize("name", SEED_NAMES)
def test_inflected_and_clitic_forms(name):
    """The mention lies inside the inflected surface and contains its base form."""
    rows, _ = annotate(name)
    text = original(name)
    problems = []
    for surface, fid, core in EXPECT[name]["inside"]:
        pos = nth(text, surface)
        end = pos + len(surface)
        if not any(r["id"] == fid and pos <= r["start"] and r["end"] <= end and core in r["text"]
                   for r in rows):
            problems.append(f"{surface!r} should contain a {fid} mention")
    assert not problems, problems


@pytest.mark.parametrize("name", SEED_NAMES)
def test_absent_ids(name):
    rows, _ = annotate(name)
    wrong = entity_ids(rows) & EXPECT[name]["absent_ids"]
    assert not wrong, [(r["id"], r["text"], r["sentence"][:80]) for r in rows if r["id"] in wrong]


# ---------------------------------------------------------------- specific readings

def test_004_longest_name_wins():
    """'Lachin crossing' is the corridor, not also the town; 'Zangezor corridor' is not Syunik."""
    rows, _ = annotate(S004)
    text = original(S004)
    for surface, other in (("Lachin crossing", "lachin"), ("Zangezor corridor", "syunik"),
                           ("Nakhchivan Autonomous Region", "nakhchivan_city")):
        pos = nth(text, surface)
        overlapping = [r for r in rows if r["start"] < pos + len(surface) and r["end"] > pos]
        assert other not in {r["id"] for r in overlapping}, (surface, overlapping)


def test_004_turkic_is_not_turkey_and_us_is_the_country():
    rows, _ = annotate(S004)
    assert not [r for r in rows if r["text"].startswith("Turkic")]
    us = [r for r in rows if r["text"] == "US"]
    assert us and all(r["id"] == "united_states" for r in us)


def test_003_year_of_august_comes_from_the_document():
    rows, _ = annotate(S003)
    text = original(S003)
    pos = nth(text, "augusti")
    aug = [r for r in rows if r["kind"] == "date" and r["start"] <= pos < r["end"]]
    assert len(aug) == 1
    assert (aug[0]["date"], aug[0]["precision"], aug[0]["inferred"]) == ("2025-08", "month", True)


def test_000_november_10_takes_the_year_of_its_sentence():
    rows, _ = annotate(S000)
    text = original(S000)
    pos = nth(text, "10 نوفمبر")
    hit = [r for r in rows if r["kind"] == "date" and r["start"] <= pos < r["end"]]
    assert [(r["date"], r["precision"]) for r in hit] == [("2020-11-10", "day")]


def test_002_mehr_the_name_is_not_a_solar_month():
    """'مهر گریگوریان' (Mher Grigoryan): مهر is also the 7th solar Hijri month."""
    rows, _ = annotate(S002)
    assert not [r for r in rows if r["kind"] == "date" and "مهر" in r["text"]]


def test_002_persian_digits_give_gregorian_days():
    rows, _ = annotate(S002)
    text = original(S002)
    for surface, iso in (("۱۲ اوت ۲۰۱۸", "2018-08-12"), ("۲۲ فوریه ۲۰۲۲", "2022-02-22")):
        pos = nth(text, surface)
        hit = [r for r in rows if r["kind"] == "date" and r["start"] <= pos + 1 and r["end"] >= pos + len(surface) - 1]
        assert [(r["date"], r["precision"], r["inferred"]) for r in hit] == [(iso, "day", False)], surface


def test_001_ocr_joined_name_is_heydar_aliyev():
    rows, _ = annotate(S001)
    text = original(S001)
    pos = nth(text, "حیدرعلی اف")
    hit = [r for r in rows if r["start"] == pos]
    assert hit and hit[0]["id"] == "heydar_aliyev" and hit[0]["text"] == "حیدرعلی اف"
