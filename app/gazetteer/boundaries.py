"""The hits numpy could not decide: clitics, endings and exact spellings checked one by one."""

from __future__ import annotations

import numpy as np

from app.gazetteer._chars import _SCRIPTS, ZWNJ
from app.gazetteer.automaton import MAX_AFFIX, Candidates, KeyTable, Scan
from app.gazetteer.morphology import Entry, _Rules


def affixed_one_by_one(table: KeyTable, sc: Scan, slow_mask: "np.ndarray", lang: str | None,
                       norm, case_on: bool, out: Candidates) -> list[tuple[Entry, ...]]:
    """Check the hits left in ``slow_mask`` one by one and add the good ones to ``out``.

    Returns the entries tuple of each added candidate; its ``src`` in ``out``
    is -(1 + its index in that list).
    """
    r = table.rules
    lat = r.latin_for(lang)
    nt, isw, n = sc.nt, sc.isw, sc.n
    orig, offsets = sc.orig, sc.offsets
    kinfo = table.kinfo
    starts: list[int] = []
    ends: list[int] = []
    lens: list[int] = []
    kends: list[int] = []
    found: list[tuple[Entry, ...]] = []
    slow_at = np.flatnonzero(slow_mask)
    for kid, end in zip(sc.k_idx[slow_at].tolist(), sc.k_end[slow_at].tolist()):
        klen, entries, needs_case, bare = kinfo[kid]
        start = end - klen
        # ---- left boundary
        span_start = start
        if start > 0 and isw[start - 1] == "1":
            ws = isw.rfind("0", 0, start) + 1
            if start - ws > 4 or nt[ws:start] not in r.ar_prefixes \
                    or _SCRIPTS[nt[start]] != "arabic":
                continue
            if nt[start - 2:start] == r.ar_article:  # the article belongs to the name
                span_start = start - 2
        # ---- right boundary
        span_end = end
        if end < n and isw[end] == "1":
            we = isw.find("0", end)
            if we < 0:
                we = n
            if we - end > MAX_AFFIX:
                continue
            entries, span_end = _with_ending(entries, nt, start, end, we, r, lat)
            if not entries:
                continue
        else:
            if not bare:
                continue
            entries = bare
        # ---- case (checked on the original text)
        if case_on and needs_case:
            first = orig[start if offsets is None else int(offsets[start])]
            if needs_case == 1:
                if not first.isupper():
                    continue
            else:
                entries = _case_kept(entries, first, norm, orig, start, end)
                if not entries:
                    continue
        starts.append(span_start)
        ends.append(span_end)
        lens.append(klen)
        kends.append(end)
        found.append(entries)
    out.add(np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64),
            -1 - np.arange(len(found), dtype=np.int64), np.asarray(lens, dtype=np.int64),
            np.asarray(kends, dtype=np.int64))
    return found


def _with_ending(entries: tuple[Entry, ...], nt: str, start: int, end: int, we: int,
                 r: _Rules, lat: tuple[frozenset, frozenset]
                 ) -> tuple[tuple[Entry, ...], int]:
    """The entries that accept the ending ``nt[end:we]``, and the span's end with it."""
    lat_suffixes, lat_heads = lat
    suffix = nt[end:we]
    script = _SCRIPTS[nt[end - 1]] if nt[end - 1].isalpha() else _SCRIPTS[nt[start]]
    span_end = end
    ok = []
    for e in entries:
        if e.suffixes is not None:
            good = suffix in e.suffixes
            new_end = we
        elif script == "arabic":
            s = suffix.lstrip(ZWNJ).replace(ZWNJ, "")
            good = s == "" or s in r.arabic_suffixes
            new_end = we if s else end
        elif script == "latin":
            if suffix in lat_suffixes:
                good, new_end = True, we
            else:
                h = suffix[1:] if suffix[:1] == "s" and suffix[1:] in lat_heads else suffix
                good, new_end = h in lat_heads, end
        elif script == "cyrillic":
            good, new_end = suffix in r.ru, we
        elif script == "armenian":
            good, new_end = suffix in r.hy, we
        else:
            good, new_end = False, end
        if good:
            ok.append(e)
            span_end = new_end
    return tuple(ok), span_end


def _case_kept(entries: tuple[Entry, ...], first: str, norm, orig: str, start: int,
               end: int) -> tuple[Entry, ...]:
    """The entries whose case rule the original text meets (capital, exact spelling)."""
    surface = None
    kept = []
    for e in entries:
        if e.exact is not None:
            if surface is None:
                ostart, oend = norm.span(start, end)
                surface = orig[ostart:oend]
            if surface != e.exact:
                continue
        elif e.capital and not first.isupper():
            continue
        kept.append(e)
    return tuple(kept)
