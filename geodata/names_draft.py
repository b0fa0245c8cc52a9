"""Draft display names for ``geodata/curated/names.json`` from installed libraries.

The curated table ``geodata/curated/names.json`` is the reviewed source of truth: it holds, for
every feature and actor id, display names per language and the alias base forms the matcher
(``app/gazetteer.py``) expands. This script only *drafts* and *checks* the part that a library
knows reliably: country and union names from Babel's copy of the Unicode CLDR.

Usage (run by hand, never by the app; offline)::

    python -m geodata.names_draft --check   # report where curated display names differ from CLDR
    python -m geodata.names_draft --fill    # add missing CLDR display names/aliases, write back

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
    "uzbekistan": "UZ", "european_union": "EU",
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
