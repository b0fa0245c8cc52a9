"""Draft display names for ``geodata/curated/names.json`` from installed libraries.

The curated table ``geodata/curated/names.json`` is the reviewed source of truth: it holds, for
every feature and actor id, display names per language and the alias base forms the matcher
(``app/gazetteer.py``) expands. This script only *drafts* and *checks* the part that a library
knows reliably: country and union names from Babel's copy of the Unicode CLDR.

Usage (run by hand, never by the app; offline)::

    python -m geodata.names_draft --check   # report where curated display names differ from CLDR
    python -m geodata.names_draft --fill    # add missing CLDR display names/aliases, write back

``--fill`` also adds Russian case forms that a per-word stem rule cannot produce: the
adjective + noun names ("Нагорный Карабах" -> "Нагорного Карабаха", "Нагорном Карабахе") and
Russian-type surnames declined as adjectives in the instrumental ("Алиев" -> "Алиевым").

``--fill`` never overwrites a curated display name; it adds the CLDR name when a language is
missing, adds it to that language's aliases when absent, and records ``"babel-cldr"`` in
``sources``. Differences are printed for a human to review (CLDR says "Türkiye" where our
English display is "Turkey"; CLDR's Persian for the UK is "بریتانیا" while older texts say
"انگلستان", which the curated aliases carry).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import babel

#: Languages of the names table (``docs/DATA.md``).
LANGS = ("en", "ar", "fa", "sv", "ru", "hy", "az", "tr", "de", "fr")

#: Our ids that are CLDR territories (ISO 3166-1 alpha-2, or CLDR's ``EU``).
CLDR_TERRITORIES = {
    "armenia": "AM", "azerbaijan": "AZ", "georgia": "GE", "russia": "RU", "turkey": "TR",
    "iran": "IR", "united_states": "US", "united_kingdom": "GB", "israel": "IL", "china": "CN",
    "kazakhstan": "KZ", "ukraine": "UA", "turkmenistan": "TM", "belarus": "BY",
    "uzbekistan": "UZ", "european_union": "EU", "italy": "IT", "iraq": "IQ", "moldova": "MD",
}

#: Person ids (their Russian surnames get adjective-type case forms).
PEOPLE = {
    "ilham_aliyev", "heydar_aliyev", "nikol_pashinyan", "vladimir_putin", "recep_tayyip_erdogan",
    "sergey_lavrov", "jeyhun_bayramov", "ararat_mirzoyan", "mikhail_galuzin", "alexei_overchuk",
    "charles_michel", "levon_ter_petrosyan", "stanislav_pritchin", "konstantin_sivkov",
    "emil_avdaliani", "volodymyr_zelenskyy", "mher_grigoryan", "shahin_mustafayev",
}

NAMES_PATH = Path(__file__).resolve().parent / "curated" / "names.json"


def cldr_name(territory: str, lang: str) -> str | None:
    """CLDR name of ``territory`` (e.g. ``"AM"``) in ``lang`` (e.g. ``"hy"``), or None."""
    try:
        return babel.Locale.parse(lang).territories.get(territory)
    except (babel.UnknownLocaleError, ValueError):
        return None


def cldr_names(territory: str, langs: tuple[str, ...] = LANGS) -> dict[str, str]:
    """All CLDR names of ``territory`` in ``langs`` (languages without a name are skipped)."""
    out = {}
    for lang in langs:
        name = cldr_name(territory, lang)
        if name:
            out[lang] = name
    return out


def fill_from_cldr(names: dict, overwrite: bool = False) -> list[str]:
    """Merge CLDR names into the names table in place; return human-readable messages.

    A language missing from ``display`` gets the CLDR name; a curated display that differs
    is kept (unless ``overwrite``) and reported. The CLDR name is added to that language's
    aliases when absent.
    """
    messages = []
    for fid, code in CLDR_TERRITORIES.items():
        entry = names.setdefault(fid, {"display": {}, "aliases": {}, "ambiguous": False,
                                       "sources": []})
        display = entry.setdefault("display", {})
        aliases = entry.setdefault("aliases", {})
        for lang, name in cldr_names(code).items():
            current = display.get(lang)
            if current is None or overwrite:
                display[lang] = name
            elif current != name:
                messages.append(f"{fid}.{lang}: curated {current!r}, CLDR {name!r}")
            if name not in aliases.setdefault(lang, []):
                aliases[lang].append(name)
        if "babel-cldr" not in entry.setdefault("sources", []):
            entry["sources"].insert(0, "babel-cldr")
    return messages


# ---------------------------------------------------------------- Russian case forms

_ADJ_ENDINGS = {  # nominative ending -> (genitive, dative, accusative, instrumental, prepositional)
    "ий": ("ого", "ому", None, "им", "ом"),
    "ый": ("ого", "ому", None, "ым", "ом"),
    "ой": ("ого", "ому", None, "ым", "ом"),
    "ая": ("ой", "ой", "ую", "ой", "ой"),
    "ое": ("ого", "ому", None, "ым", "ом"),
    "ие": ("их", "им", None, "ими", "их"),
    "ые": ("ых", "ым", None, "ыми", "ых"),
}
_VELAR_OR_SIBILANT = set("кгхжшщч")


def _decline_adjective(word: str) -> tuple | None:
    for ending, forms in _ADJ_ENDINGS.items():
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            out = []
            for form in forms:
                if form is None:
                    out.append(None)
                    continue
                if form.startswith("ы") and stem[-1:] in _VELAR_OR_SIBILANT:
                    form = "и" + form[1:]
                out.append(stem + form)
            return tuple(out)
    return None


def _decline_noun(word: str, plural: bool) -> tuple | None:
    """(gen, dat, acc, instr, prep) of a Russian noun of the common classes, or None."""
    low = word.lower()
    if word.isupper():  # abbreviations (РЛС, ООН) do not decline
        return (None,) * 5
    if plural:
        if low.endswith("ы") or low.endswith("и"):
            stem = word[:-1]
            if low.endswith("цы"):
                return (stem + "ев", stem + "ам", None, stem + "ами", stem + "ах")
            return (stem + "ов", stem + "ам", None, stem + "ами", stem + "ах")
        return None
    if low.endswith("ия"):
        stem = word[:-1]
        return (stem + "и", stem + "и", stem + "ю", stem + "ей", stem + "и")
    if low.endswith("ея"):
        stem = word[:-1]
        return (stem + "и", stem + "е", stem + "ю", stem + "ей", stem + "е")
    if low.endswith("а"):
        stem = word[:-1]
        gen = stem + ("и" if stem[-1:].lower() in _VELAR_OR_SIBILANT else "ы")
        return (gen, stem + "е", stem + "у", stem + "ой", stem + "е")
    if low.endswith("е"):  # море
        stem = word[:-1]
        return (stem + "я", stem + "ю", None, stem + "ем", stem + "е")
    if low.endswith("т") and low.endswith("нт"):  # контингент
        return (word + "а", word + "у", None, word + "ом", word + "е")
    if low[-1:] in "бвгдзклмнпрстфхжшщч" and word.isalpha():
        return (word + "а", word + "у", None, word + "ом", word + "е")
    return None


def _agrees(adjs: list[str], noun: str) -> bool:
    """Adjectives and noun are a nominative phrase of one gender/number."""
    endings = {a[-2:] for a in adjs}
    if len(endings) != 1:
        return False
    ending = endings.pop()
    low = noun.lower()
    if noun.isupper():  # abbreviation head: its gender is unknown, "-ой" could be oblique
        return ending in ("ий", "ый", "ая", "ое", "ие", "ые")
    if ending in ("ий", "ый", "ой"):
        return low[-1:] in "бвгдзклмнпрстфхжшщч"
    if ending == "ая":
        return low.endswith(("а", "я"))
    if ending == "ое":
        return low.endswith(("е", "о"))
    return low.endswith(("ы", "и"))  # plural


def russian_case_forms(phrase: str) -> list[str]:
    """Oblique case forms of a Russian ``adjective(s) + noun [+ indeclinable tail]`` name.

    ``"Нагорный Карабах"`` -> ``["Нагорного Карабаха", "Нагорному Карабаху",
    "Нагорным Карабахом", "Нагорном Карабахе"]``. Words after the head noun that are
    abbreviations or quoted (``ОБСЕ``, ``«Север — Юг»``) stay as they are. Returns ``[]`` for
    anything that is not of this shape (single words are left to the matcher's stem rule).
    """
    words = phrase.split(" ")
    if len(words) < 2:
        return []
    adjs = []
    i = 0
    while i < len(words) and _decline_adjective(words[i]) is not None:
        adjs.append(words[i])
        i += 1
    if not adjs or i >= len(words):
        return []
    noun, tail = words[i], words[i + 1:]
    if not _agrees(adjs, noun):
        return []  # not a nominative phrase (e.g. an oblique form already generated)
    quoted = bool(tail) and tail[0].startswith("«")
    if not quoted and any(not t.isupper() for t in tail):
        return []
    plural = adjs[0].endswith(("ие", "ые"))
    noun_forms = _decline_noun(noun, plural)
    if noun_forms is None:
        return []
    adj_forms = [_decline_adjective(a) for a in adjs]
    out = []
    for case in range(5):
        if noun_forms[case] is None and all(f[case] is None for f in adj_forms):
            continue  # accusative = nominative (inanimate)
        if noun_forms[case] is None and adj_forms[0][case] is None:
            continue
        parts = [f[case] or a for f, a in zip(adj_forms, adjs)]
        parts.append(noun_forms[case] or noun)
        form = " ".join(parts + tail)
        if form != phrase and form not in out:
            out.append(form)
    return out


def russian_surname_forms(surname: str) -> list[str]:
    """Case forms of a Russian-type surname in -ов/-ев/-ёв/-ин/-ын (Алиев -> Алиева, Алиеву,
    Алиевым, Алиеве); ``[]`` for others (Пашинян declines as a plain noun)."""
    if not surname.isalpha() or not surname[:1].isupper():
        return []
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return [surname + e for e in ("а", "у", "ым", "е")]
    return []


def fill_russian_cases(names: dict, people: set[str]) -> int:
    """Add the forms above to the Russian aliases of every entry; return how many were added."""
    added = 0
    for fid, entry in names.items():
        forms = entry.get("aliases", {}).get("ru")
        if not forms:
            continue
        new = []
        for form in forms:
            new += russian_case_forms(form)
            if fid in people:
                last = form.split(" ")[-1]
                new += russian_surname_forms(last) if len(form.split(" ")) <= 2 else []
        for form in new:
            if form not in forms:
                forms.append(form)
                added += 1
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", type=Path, default=NAMES_PATH)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="report differences, write nothing")
    mode.add_argument("--fill", action="store_true", help="fill missing CLDR names and write")
    args = parser.parse_args(argv)
    names = json.loads(args.path.read_text(encoding="utf-8")) if args.path.exists() else {}
    before = json.dumps(names, ensure_ascii=False, sort_keys=True)
    messages = fill_from_cldr(names)
    people = {fid for fid, e in names.items() if e.get("kind") == "person" or fid in PEOPLE}
    fill_russian_cases(names, people)
    for message in messages:
        print(message)
    changed = json.dumps(names, ensure_ascii=False, sort_keys=True) != before
    if args.fill and changed:
        args.path.parent.mkdir(parents=True, exist_ok=True)
        args.path.write_text(json.dumps(names, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.path}")
    elif args.check and changed:
        print("CLDR would add names: run with --fill")
    return 0


if __name__ == "__main__":
    sys.exit(main())
