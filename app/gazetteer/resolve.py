"""Resolving a name shared by several ids: by the document's date, the context, then curated defaults."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from typing import Callable, Iterable

from app.gazetteer.morphology import BLOCK

_SENT_END = re.compile(r"[.!?\u061F\u06D4\u2026]+(?=\s)|\n")
_LINE_BREAK = re.compile("\n")


def _iso_start(value) -> tuple | None:
    """(y, m, d) of the first day of an ISO ``YYYY[-MM[-DD]]`` value, or None."""
    if not isinstance(value, str) or not value[:4].isdigit():
        return None
    parts = [int(x) for x in value.split("-")[:3] if x.isdigit()]
    return tuple(parts + [1] * (3 - len(parts)))


def _iso_after(value) -> tuple | None:
    """(y, m, d) just after the last day an ISO value covers (exclusive end)."""
    start = _iso_start(value)
    if start is None:
        return None
    n = len([x for x in value.split("-")[:3] if x.isdigit()])
    y, m, d = start
    if n == 1:
        return (y + 1, 1, 1)
    if n == 2:
        return (y + 1, 1, 1) if m == 12 else (y, m + 1, 1)
    return (y, m, d + 1)  # a tuple bound: (y, m, 32) still sorts before the next month


def _period_bounds(period: dict) -> tuple:
    """``[start, end)`` of a status period as comparable tuples (None = open).

    A period's ``end`` is exclusive (docs/DATA.md); a document date given as
    both start and end covers its whole year/month/day.
    """
    start = _iso_start(period.get("start"))
    end = period.get("end")
    if end is not None and end == period.get("start"):
        return start, _iso_after(end)
    return start, _iso_start(end)


def _overlaps(a: tuple, b: tuple) -> bool:
    (a0, a1), (b0, b1) = a, b
    return (a1 is None or b0 is None or b0 < a1) and (b1 is None or a0 is None or a0 < b1)


def periods_of(*sources: dict) -> dict[str, list[tuple]]:
    """``[start, end)`` bounds of the status periods of every id that has any."""
    out: dict[str, list[tuple]] = {}
    for source in sources:
        for fid, rec in source.items():
            spans = [_period_bounds(p) for p in rec.get("periods") or []
                     if isinstance(p, dict) and p.get("present", True) is not False]
            if spans:
                out[fid] = spans
    return out


def context_of(names: dict, features: dict) -> dict[str, set[str]]:
    """Strong context per id: names.json ``context``, containing places, host, same country."""
    context: dict[str, set[str]] = defaultdict(set)
    for fid, rec in names.items():
        ctx = rec.get("context") if isinstance(rec, dict) else None
        if isinstance(ctx, list):
            context[fid].update(c for c in ctx if isinstance(c, str))
    _relations_from_features(context, features)
    return context


def _relations_from_features(context: dict[str, set[str]], features: dict) -> None:
    """Context relations: containers (by geometry) and same-country places."""
    try:
        from shapely.geometry import shape
        from shapely import STRtree
    except ImportError:  # pragma: no cover - shapely is pinned
        return
    geoms, ids, kinds = [], [], []
    for fid, rec in features.items():
        g = rec.get("_geometry") or rec.get("geometry")
        if not g:
            continue
        try:
            geoms.append(shape(g))
        except Exception:
            continue
        ids.append(fid)
        kinds.append(rec.get("kind"))
    containers = [i for i, k in enumerate(kinds) if k in ("country", "region", "sea")]
    country_of: dict[str, set[str]] = defaultdict(set)
    if containers:
        tree = STRtree([geoms[i] for i in containers])
        for i, g in enumerate(geoms):
            if kinds[i] in ("country", "sea"):
                continue
            # regions too: Nakhchivan (region) and Nakhchivan (city) are then
            # both "in Azerbaijan", and a nearby Baku does not pick the city
            pt = g.representative_point()
            for j in tree.query(pt, predicate="intersects"):
                cid = ids[containers[int(j)]]
                if cid == ids[i]:
                    continue
                context[ids[i]].add(cid)
                if kinds[containers[int(j)]] == "country":
                    country_of[cid].add(ids[i])
    for fid, rec in features.items():
        host = rec.get("host")
        if isinstance(host, str):
            context[fid].add(host)
            country_of[host].add(fid)
    # places sharing a country are each other's context
    for cid, members in country_of.items():
        for m in members:
            context[m].update(members - {m})


def context_from_notes(forms: dict, find: Callable[[str], Iterable],
                              *sources: dict) -> dict[str, set[str]]:
    """Weak context for ids that share a name, read from their own display names and notes.

    "Astara (Iran)" or a note saying "The Rasht–Astara railway ends here"
    relate astara_ir to iran and rasht even before the layers exist. ``find``
    gives the mentions (with ``.id``) in a piece of text, without case rules
    or resolving.
    """
    weak: dict[str, set[str]] = defaultdict(set)
    shared = {e.id for es in forms.values()
              if len({x.id for x in es}) > 1 for e in es if e.id != BLOCK}
    for fid in shared:
        texts = []
        for source in sources:
            rec = source.get(fid) or {}
            for key in ("display", "names"):
                if isinstance(rec.get(key), dict):
                    texts += [t for t in rec[key].values() if isinstance(t, str)]
            for key in ("note", "description", "name"):
                if isinstance(rec.get(key), str):
                    texts.append(rec[key])
        rivals = {e.id for es in forms.values() if any(x.id == fid for x in es)
                  for e in es}
        pieces = [p for t in texts for p in [t, *re.split(r"[()\[\],;:/\u2013\u2014-]+", t)]
                  if p.strip()]
        for t in pieces:
            for m in find(t):
                for i in ([m.id] if m.id else []):
                    if i not in rivals:
                        weak[fid].add(i)
    return weak


class _Windows:
    """The (sentence, paragraph) windows ``(lo, hi)`` around any position of ``nt``, by bisection
    over the sentence ends and line breaks found in one pass (scanning from the line start for
    every shared name was quadratic on a one-line document); each window's unambiguous ids are
    gathered once and shared by every mention inside it."""

    def __init__(self, nt: str, starts: list[int], id_lists: list[list[str]]):
        self.nt, self.n = nt, len(nt)
        self.breaks = [m.end() for m in _LINE_BREAK.finditer(nt)]
        self.starts, self.id_lists = starts, id_lists
        self._near: dict[tuple[int, int], set[str]] = {}
        self._ends: dict[int, list[int]] = {}   # paragraph start -> its sentence ends

    def around(self, pos: int) -> tuple[tuple[int, int], tuple[int, int]]:
        k = bisect.bisect_right(self.breaks, pos)
        plo = self.breaks[k - 1] if k > 0 else 0
        phi = self.breaks[k] if k < len(self.breaks) else self.n
        # the sentence ends of this paragraph only (no _SENT_END match crosses a line break,
        # so these are the whole text's matches in [plo, phi])
        ends = self._ends.get(plo)
        if ends is None:
            ends = self._ends[plo] = [m.end() for m in _SENT_END.finditer(self.nt, plo, phi)]
        k = bisect.bisect_right(ends, pos)
        lo = max(ends[k - 1], plo) if k > 0 else plo
        hi = min(ends[k], phi) if k < len(ends) else phi
        return (lo, hi), (plo, phi)

    def near(self, lo: int, hi: int) -> set[str]:
        """The unambiguous ids of the mentions starting in ``[lo, hi)``."""
        got = self._near.get((lo, hi))
        if got is None:
            a, b = bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi)
            got = self._near[(lo, hi)] = {mids[0] for mids in self.id_lists[a:b] if len(mids) == 1}
        return got


class Resolver:
    """Picks one id per mention of a shared name, or leaves it ambiguous: never a silent guess."""

    def __init__(self, periods: dict[str, list[tuple]], context: dict[str, set[str]],
                 weak_context: dict[str, set[str]], preferred: set[str]):
        self.periods = periods
        self.context = context
        self.weak_context = weak_context
        self.preferred = preferred

    def resolve(self, nt: str, starts: list[int], id_lists: list[list[str]],
                doc_date: str | None = None) -> tuple[list, dict[int, tuple]]:
        """Pick one id per mention, from date and context when the name is shared.

        ``starts`` (sorted) and ``id_lists`` describe the mentions in ``nt``.
        Returns the id per mention (None when unresolved) and, for the
        unresolved ones, ``{index: candidate ids}``. Only the shared names do
        any work: their sentence (between ends of ``_SENT_END`` matches) and
        paragraph (between line breaks) are found around each of them, not for
        the whole text.
        """
        fids: list = [ids[0] if len(ids) == 1 else None for ids in id_lists]
        ambs: dict[int, tuple] = {}
        shared = [i for i, ids in enumerate(id_lists) if len(ids) > 1]
        if not shared:
            return fids, ambs
        in_doc = None
        when = _period_bounds({"start": doc_date, "end": doc_date}) if doc_date else None
        windows = _Windows(nt, starts, id_lists)
        for k in shared:
            ids = id_lists[k]
            pick = self._by_date(ids, when) if doc_date else None
            if pick is None:
                pick = self._by_context(windows, starts[k], ids)
            if pick is None:
                # the document names exactly one candidate unambiguously elsewhere
                if in_doc is None:
                    in_doc = {mids[0] for mids in id_lists if len(mids) == 1}
                named = [c for c in ids if c in in_doc]
                if len(named) == 1:
                    pick = named[0]
            if pick is None:
                # a curated default reading (names.json "preferred": true)
                preferred = [c for c in ids if c in self.preferred]
                if len(preferred) == 1:
                    pick = preferred[0]
            if pick:
                fids[k] = pick
            else:
                ambs[k] = tuple(ids)
        return fids, ambs

    def _by_date(self, ids: list[str], when: tuple) -> str | None:
        """The one candidate whose periods cover the document's date, if all have periods."""
        dated = [c for c in ids if c in self.periods]
        if len(dated) == len(ids):
            live = [c for c in ids if any(_overlaps(p, when) for p in self.periods[c])]
            if len(live) == 1:
                return live[0]
        return None

    def _by_context(self, windows: _Windows, s: int, ids: list[str]) -> str | None:
        """The candidate best supported by the unambiguous ids of its sentence, then paragraph."""
        for lo, hi in windows.around(s):
            near = windows.near(lo, hi)
            scores = {c: 2 * len(near & (self.context.get(c, set()) | {c}))
                      + len(near & self.weak_context.get(c, set())) for c in ids}
            best = max(scores.values())
            winners = [c for c, v in scores.items() if v == best]
            if best > 0 and len(winners) == 1:
                return winners[0]
        return None
