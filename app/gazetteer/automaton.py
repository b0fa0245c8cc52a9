"""The Aho–Corasick automaton over every form, and the decisions taken for all its hits at once."""

from __future__ import annotations

from itertools import chain

import ahocorasick_rs
import numpy as np

from app.gazetteer._chars import (
    _LATIN_BITS, _LATIN_LETTERS, _affix_key_array, _affix_keys, _alpha_table, _arabic_table,
    _in_keys, _latin_table, _upper_table, _word_flags_cps,
)
from app.gazetteer.morphology import BLOCK, Entry, _Rules

MAX_AFFIX = 24  # longest letter run looked at before/after a name

_EMPTY = np.zeros(0, dtype=np.int64)


class KeyTable:
    """The automaton over all normalised forms and, per key, its entries as lists and numpy columns.

    The automaton (``ahocorasick_rs``, every overlapping hit, built on first use and not
    pickled with the table) reports a key by its index ``kid``; ``kinfo[kid]`` is
    ``(length, entries, needs_case, entries usable without an affix)`` where
    ``needs_case`` is 0 (no case rule), 1 (every entry only needs a capital)
    or 2 (check each entry). ``forms`` is de-duplicated in place.
    """

    def __init__(self, forms: dict[str, list[Entry]], rules: _Rules):
        self.rules = rules
        kinfo: list[tuple[int, tuple, int, tuple]] = []
        for key, entries in forms.items():
            # de-duplicate entries, keep order
            uniq = list(dict.fromkeys(entries))
            forms[key] = uniq
            uniq = tuple(uniq)
            if not any(e.capital or e.exact is not None for e in uniq):
                needs_case = 0
            elif all(e.capital and e.exact is None for e in uniq):
                needs_case = 1
            else:
                needs_case = 2
            bare = tuple(e for e in uniq if e.bare_ok)
            kinfo.append((len(key), uniq, needs_case, bare))
        self.words = list(forms)
        self._automaton = None
        self.kinfo = kinfo
        self._columns(kinfo)
        self.prefix_keys = _affix_keys(p for p in rules.ar_prefixes if p)
        self.suffix_keys = _affix_keys(x for x in rules.arabic_suffixes if x)
        self._latin_key_cache: dict = {}

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_automaton"] = None       # not picklable; rebuilt in a few milliseconds
        return state

    def hits(self, nt: str) -> "np.ndarray":
        """Every key found in ``nt``, overlapping ones too, as rows ``(end - 1, kid)`` in
        the order of the end, then the longest first (the classic Aho–Corasick order)."""
        if not self.words:
            return np.zeros((0, 2), dtype=np.int64)
        if self._automaton is None:
            # a contiguous NFA, not a DFA: a fifth of the memory, so it stays in the CPU's
            # caches between documents while the rest of the pipeline runs (the DFA is faster
            # only when scanning text after text with nothing in between)
            self._automaton = ahocorasick_rs.AhoCorasick(
                self.words, matchkind=ahocorasick_rs.MatchKind.Standard,
                implementation=ahocorasick_rs.Implementation.ContiguousNFA)
        got = self._automaton.find_matches_as_indexes(nt, overlapping=True)
        flat = np.fromiter(chain.from_iterable(got), dtype=np.int64, count=3 * len(got))
        kid, start, end = flat[0::3], flat[1::3], flat[2::3]
        if len(end) > 1 and (np.any(end[1:] < end[:-1])
                             or np.any((end[1:] == end[:-1]) & (start[1:] < start[:-1]))):
            order = np.lexsort((start, end))
            kid, end = kid[order], end[order]
        return np.stack([end - 1, kid], axis=1)

    def _columns(self, kinfo: list[tuple[int, tuple, int, tuple]]) -> None:
        """numpy columns of ``kinfo`` for the vectorised decisions, and the ids per source."""
        self.k_len = np.array([k[0] for k in kinfo], dtype=np.int64)
        self.k_case = np.array([k[2] for k in kinfo], dtype=np.int8)
        self.k_bare = np.array([bool(k[3]) for k in kinfo], dtype=bool)
        # every entry of the key needs an upper-case first letter (a capital
        # alias, or an exact spelling that starts with one)
        self.k_upper = np.array(
            [all((e.exact[:1].isupper()) if e.exact is not None else e.capital for e in k[1])
             for k in kinfo], dtype=bool)
        # ids of the bare entries of each key (blocking phrases have none)
        bare_ids = [list(dict.fromkeys(e.id for e in k[3] if e.id != BLOCK)) for k in kinfo]
        # ids of all entries of each key, and whether no entry has its own suffix list
        all_ids = [list(dict.fromkeys(e.id for e in k[1] if e.id != BLOCK)) for k in kinfo]
        self.k_nosuffixes = np.array([all(e.suffixes is None for e in k[1]) for k in kinfo],
                                     dtype=bool)
        # candidate sources: key index -> bare ids, len(kinfo) + key index -> all ids
        self.k_src_ids = bare_ids + all_ids

    def latin_keys(self, lang: str | None) -> "tuple[np.ndarray, np.ndarray]":
        """Integer keys of the Latin endings and compound heads allowed in ``lang``."""
        cache = self._latin_key_cache
        if lang not in cache:
            suffixes, heads = self.rules.latin_for(lang)
            cache[lang] = (_affix_keys(suffixes, _LATIN_LETTERS, _LATIN_BITS),
                           _affix_keys(heads, _LATIN_LETTERS, _LATIN_BITS))
        return cache[lang]


class Scan:
    """One text's automaton hits as numpy columns, with the word edges around each.

    What can be decided for all hits at once is decided here: ``fast`` = no
    word character glued on either side, entries usable without an affix, and
    no case rule or only "starts with a capital" (met); ``reject`` = a rule
    would drop it whatever its entries. The rest goes through the affix rules.
    """

    def __init__(self, table: KeyTable, nt: str, orig: str, offsets, case_on: bool):
        n = self.n = len(nt)
        self.nt, self.orig, self.offsets = nt, orig, offsets
        # "1" where nt has a word character, "0" elsewhere: word edges are then
        # found with str.find/rfind in C instead of a Python loop per character.
        self.isw, self.nt_cps = _word_flags_cps(nt)
        found = table.hits(nt)
        self.k_end = k_end = found[:, 0] + 1        # exclusive end in nt
        self.k_idx = k_idx = found[:, 1]
        self.k_len = table.k_len[k_idx]
        self.k_start = k_start = k_end - self.k_len
        word = np.frombuffer(self.isw.encode("ascii"), dtype=np.uint8) == ord("1")
        self.glued_left = (k_start > 0) & word[np.maximum(k_start - 1, 0)]
        self.glued_right = (k_end < n) & word[np.minimum(k_end, n - 1)]
        nonword = np.flatnonzero(~word)
        at = np.searchsorted(nonword, k_start, side="left") - 1
        self.word_start = np.where(at >= 0, nonword[np.maximum(at, 0)] + 1, 0) \
            if len(nonword) else np.zeros(len(k_start), dtype=np.int64)
        at = np.searchsorted(nonword, k_end, side="left")
        self.word_end = np.where(at < len(nonword), nonword[np.minimum(at, len(nonword) - 1)],
                                 n) if len(nonword) else np.full(len(k_end), n, dtype=np.int64)
        self._decide(table, case_on)

    def _decide(self, table: KeyTable, case_on: bool) -> None:
        """``reject``, ``fast`` and the case columns of every hit."""
        n, k_start, k_end, k_idx = self.n, self.k_start, self.k_end, self.k_idx
        gl, gr = self.glued_left, self.glued_right
        bare = table.k_bare[k_idx]
        first_nt = self.nt_cps[np.minimum(k_start, n - 1)] if n \
            else np.zeros(0, dtype=np.uint32)
        arabic_first = _arabic_table()[np.minimum(first_nt, 0xFFFF)] & (first_nt <= 0xFFFF)
        reject = (gl & (~arabic_first | (k_start - self.word_start > 4))) \
            | (gr & (self.word_end - k_end > MAX_AFFIX)) \
            | (~gr & ~bare)
        self.known = self.upper = None
        if case_on:
            case = table.k_case[k_idx]
            ocp = np.frombuffer(self.orig.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            first_cp = ocp[k_start if self.offsets is None else self.offsets[k_start]]
            known = first_cp <= 0xFFFF           # astral first letters: the slow way
            upper = _upper_table()[np.minimum(first_cp, 0xFFFF)]
            lower_first = known & ~upper
            reject |= ((case == 1) | ((case == 2) & table.k_upper[k_idx])) & lower_first
            plain = ~gl & ~gr & bare
            self.fast = plain & ((case == 0) | ((case == 1) & known & upper)) & ~reject
            self.known, self.upper = known, upper
        else:
            case = np.zeros(len(k_idx), dtype=np.int8)
            self.fast = ~gl & ~gr & bare
        self.case, self.reject = case, reject


class Candidates:
    """Mention candidates as columns: span, key length, key end, and source.

    ``src`` >= 0 is a key index (its bare entries; + ``len(kinfo)``: all its
    entries); < 0 is -(1 + index into ``slow_entries``) (see the slow path).
    """

    def __init__(self) -> None:
        self.start = self.end = self.src = self.len = self.kend = _EMPTY

    def add(self, start, end, src, length, kend) -> None:
        self.start = np.concatenate([self.start, start])
        self.end = np.concatenate([self.end, end])
        self.src = np.concatenate([self.src, src])
        self.len = np.concatenate([self.len, length])
        self.kend = np.concatenate([self.kend, kend])


def arabic_affixed(table: KeyTable, sc: Scan, out: Candidates) -> "np.ndarray":
    """Arabic-script names with clitics before (و ب ل ال ...) and/or endings after.

    Decided with numpy when every part fits an integer key: the prefix must be
    one of the clitic sets, the ending one of the Arabic / Persian endings
    (then all the key's entries match, the span takes the ending, and a
    written article before the name joins the span). Adds the good ones to
    ``out``; returns the mask of hits left to the per-occurrence rules.
    """
    slow_mask = ~sc.fast & ~sc.reject
    arab_at = np.flatnonzero(slow_mask & (sc.case == 0) & (sc.glued_left | sc.glued_right))
    if not len(arab_at):
        return slow_mask
    nt_cps = sc.nt_cps
    a_start, a_end, a_kid = sc.k_start[arab_at], sc.k_end[arab_at], sc.k_idx[arab_at]
    a_gl, a_gr = sc.glued_left[arab_at], sc.glued_right[arab_at]
    p_start = sc.word_start[arab_at]
    p_key, p_bad = _affix_key_array(nt_cps, p_start, a_start - p_start)
    p_ok = _in_keys(p_key, table.prefix_keys)
    s_key, s_bad = _affix_key_array(nt_cps, a_end, sc.word_end[arab_at] - a_end)
    s_ok = _in_keys(s_key, table.suffix_keys)
    last = nt_cps[np.maximum(a_end - 1, 0)]
    last_small = last <= 0xFFFF
    last = np.minimum(last, 0xFFFF)
    arabic_last = _arabic_table()[last] & _alpha_table()[last] & last_small
    decidable = (~a_gl | ~p_bad) \
        & (~a_gr | (~s_bad & arabic_last & table.k_nosuffixes[a_kid]))
    good = decidable & (~a_gl | p_ok) & (~a_gr | s_ok)
    # decided ones leave the slow path; the bad ones are dropped
    slow_mask[arab_at[decidable]] = False
    article = table.rules.ar_article
    if len(article) == 2:
        a0, a1 = ord(article[0]), ord(article[1])
        has_article = a_gl & (a_start >= 2) \
            & (nt_cps[np.maximum(a_start - 2, 0)] == a0) \
            & (nt_cps[np.maximum(a_start - 1, 0)] == a1)
    else:
        has_article = np.zeros(len(arab_at), dtype=bool)
    out.add(np.where(has_article, a_start - 2, a_start)[good],
            np.where(a_gr, sc.word_end[arab_at], a_end)[good],
            np.where(a_gr, len(table.kinfo) + a_kid, a_kid)[good],
            sc.k_len[arab_at][good], a_end[good])
    return slow_mask


def latin_affixed(table: KeyTable, sc: Scan, lang: str | None, case_on: bool,
                  slow_mask: "np.ndarray", out: Candidates) -> None:
    """Latin-script names with an ending (Armenians, Natos, Natochefen).

    When the ending fits an integer key and the key's entries have no suffix
    list of their own, the language's endings keep it (span with the ending),
    the compound heads keep it (span without), else it is dropped. Decided
    hits leave ``slow_mask``; the kept ones are added to ``out``.
    """
    if case_on:
        case = sc.case
        case_ok = (case == 0) | ((case == 1) & sc.known & sc.upper)
    else:
        case_ok = np.ones(len(sc.k_idx), dtype=bool)
    lat_at = np.flatnonzero(slow_mask & ~sc.glued_left & sc.glued_right & case_ok
                            & table.k_nosuffixes[sc.k_idx])
    if not len(lat_at):
        return
    n, nt_cps = sc.n, sc.nt_cps
    l_start, l_end, l_kid = sc.k_start[lat_at], sc.k_end[lat_at], sc.k_idx[lat_at]
    l_we = sc.word_end[lat_at]
    last = nt_cps[np.maximum(l_end - 1, 0)]
    latin_last = _latin_table()[np.minimum(last, 0xFFFF)] & (last <= 0xFFFF)
    suffixes_k, heads_k = table.latin_keys(lang)
    key, bad = _affix_key_array(nt_cps, l_end, l_we - l_end, _LATIN_LETTERS, _LATIN_BITS)
    key1, bad1 = _affix_key_array(nt_cps, l_end + 1, l_we - l_end - 1,
                                  _LATIN_LETTERS, _LATIN_BITS)
    by_suffix = _in_keys(key, suffixes_k) & ~bad
    starts_s = nt_cps[np.minimum(l_end, max(n - 1, 0))] == ord("s")
    by_head = (_in_keys(key, heads_k) & ~bad) \
        | (starts_s & _in_keys(key1, heads_k) & ~bad1)
    decidable = latin_last & ~bad
    good = decidable & (by_suffix | by_head)
    slow_mask[lat_at[decidable]] = False
    out.add(l_start[good], np.where(by_suffix, l_we, l_end)[good],
            (len(table.kinfo) + l_kid)[good], sc.k_len[lat_at][good], l_end[good])


def choose_longest(c: Candidates, n: int) -> "np.ndarray":
    """Indices of the candidates kept, in text order: longest name wins, then leftmost.

    Ties go to the earlier end (the automaton's order). A candidate
    overlapping no other one is chosen whatever the order; only the
    overlapping ones go through the greedy pass.
    """
    by_start = np.lexsort((c.kend, c.start))
    ss, se = c.start[by_start], c.end[by_start]
    if len(ss):
        prev_end = np.concatenate([[-1], np.maximum.accumulate(se)[:-1]])
        next_start = np.concatenate([ss[1:], [n + 1]])
        alone = (prev_end <= ss) & (next_start >= se)
    else:
        alone = np.zeros(0, dtype=bool)
    keep = np.zeros(len(c.start), dtype=bool)
    keep[by_start[alone]] = True
    crowd = by_start[~alone]
    if len(crowd):
        crowd = crowd[np.lexsort((c.kend[crowd], c.start[crowd], -c.len[crowd]))]
        occupied = bytearray(n)
        for j, s, e in zip(crowd.tolist(), c.start[crowd].tolist(), c.end[crowd].tolist()):
            if occupied.find(1, s, e) != -1:
                continue
            occupied[s:e] = b"\x01" * (e - s)
            keep[j] = True
    chosen = np.flatnonzero(keep)
    return chosen[np.argsort(c.start[chosen], kind="stable")]
