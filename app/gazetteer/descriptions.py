"""Things named by description: curated phrases, the route a town's name stands for, and dates that rule a feature out."""

from __future__ import annotations

import re

from app.gazetteer._chars import _alias_script
from app.gazetteer.morphology import _norm, _Rules
from app.gazetteer.resolve import _Windows, _overlaps, _period_bounds


class Descriptions:
    """The curated ``descriptions.json`` (docs/DATA.md, "Descriptions"), ready for matching.

    Its phrases become aliases of their feature (:meth:`as_names`, so they get
    the same normalisation and morphology as names); :meth:`relink` then moves
    mentions to the id they stand for in their document: a town named in a
    sentence about a road goes to the route, and a feature mentioned in a
    document dated outside all of its periods goes to its ``otherwise`` id.
    """

    def __init__(self, records: dict | None, rules: _Rules):
        records = {k: v for k, v in (records or {}).items()
                   if not k.startswith("_") and isinstance(v, dict)}
        self._phrases = {fid: rec.get("phrases") or {} for fid, rec in records.items()}
        self.otherwise = {fid: rec["otherwise"] for fid, rec in records.items()
                          if isinstance(rec.get("otherwise"), str)}
        # town id -> (route id, {lang: compiled route-word pattern})
        self.routes: dict[str, tuple[str, dict]] = {}
        for fid, rec in records.items():
            words = rec.get("route_words") or {}
            patterns = {lang: _route_pattern(ws, rules) for lang, ws in words.items() if ws}
            for town in rec.get("towns") or []:
                self.routes[town] = (fid, patterns)
        self._watched = frozenset(self.routes) | frozenset(self.otherwise)

    def as_names(self) -> dict:
        """The phrases as names records (``{id: {"aliases": {lang: [phrase]}}}``)."""
        return {fid: {"aliases": phrases} for fid, phrases in self._phrases.items() if phrases}

    def relink(self, nt: str, starts: list[int], ends: list[int], fids: list,
               lang: str | None, doc_date: str | None, periods: dict[str, list[tuple]]) -> list:
        """The ids of the mentions (``starts``/``ends`` in the normalised text ``nt``) after
        the route and date rules; ``fids`` is not changed. The route rule takes a town's
        name on its own ("Lachin", not "Lachin region")."""
        if not self.routes and not self.otherwise:
            return fids
        out = list(fids)
        when = _period_bounds({"start": doc_date, "end": doc_date}) if doc_date else None
        windows, found = None, {}      # one scan for sentence ends; one search per sentence and route
        watched = self._watched
        for i in [i for i, fid in enumerate(fids) if fid in watched]:   # the only ones a rule may move
            fid = fids[i]
            if fid in self.routes and " " not in nt[starts[i]:ends[i]]:
                route, patterns = self.routes[fid]
                windows = windows or _Windows(nt, [], [])
                lo, hi = windows.around(starts[i])[0]
                if (lo, hi, fid) not in found:
                    chosen = [patterns[lang]] if lang in patterns else list(patterns.values())
                    found[(lo, hi, fid)] = any(p.search(nt, lo, hi) for p in chosen)
                if found[(lo, hi, fid)]:
                    fid = out[i] = route
            if when is not None and fid in self.otherwise and fid in periods \
                    and not any(_overlaps(p, when) for p in periods[fid]):
                out[i] = self.otherwise[fid]
        return out


def _route_pattern(words: list[str], rules: _Rules) -> "re.Pattern":
    """One pattern for a language's route words: each at the start of a word; in Arabic
    script after an optional clitic/article and followed only by an ending."""
    alternatives = []
    for w in words:
        key = re.escape(_norm(w))
        if _alias_script(w) == "arabic":
            pre = "|".join(sorted((re.escape(p) for p in rules.ar_prefixes if p), key=len,
                                  reverse=True))
            suf = "|".join(sorted((re.escape(s) for s in rules.arabic_suffixes if s), key=len,
                                  reverse=True))
            alternatives.append(rf"(?<!\w)(?:{pre})?{key}(?:{suf})?(?!\w)")
        else:
            alternatives.append(rf"(?<!\w){key}")
    return re.compile("|".join(alternatives))
