"""Long sentences cut into pieces of bounded length at safe places (white space; never inside a name).

A "sentence" of hostile or unusual text (a hard-wrapped lower-case page, a table, OCR output,
``"Baku " * 16000``) can be the whole document. Every annotation row carries its sentence, so an
unbounded sentence makes the output grow with the square of the input. :func:`cut_spans` splits
every span longer than ``limit`` characters into consecutive pieces of at most ``limit``
characters (a piece is longer only when one protected span, a mention, is longer itself):

* preferably just after white space in the last quarter of the piece;
* else at a character boundary that does not split a letter from its combining marks, a
  joiner (ZWJ/ZWNJ) from its neighbours or a variation selector from its base;
* never inside a ``keep`` span (a mention), unless that span alone is longer than ``limit``.

Linear in the length of the text (plus n log n in the number of ``keep`` spans).

>>> cut_spans("aaaa bbbb cccc", [(0, 14)], limit=6)
[(0, 5, 0), (5, 10, 0), (10, 14, 0)]
"""
from __future__ import annotations

import bisect
import unicodedata
from typing import Iterable, Sequence

__all__ = ["SENTENCE_LIMIT", "cut_spans", "merge_spans"]

#: Longest sentence a row carries, in characters (about six lines of a printed page).
SENTENCE_LIMIT: int = 600

_JOINERS = frozenset("\u200c\u200d\u2060\u034f")


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of ``(start, end)`` spans (empty ones dropped)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted((int(a), int(b)) for a, b in spans if b > a):
        if out and a < out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _safe_boundary(text: str, i: int) -> bool:
    """True when cutting ``text`` before index ``i`` keeps every character with its marks."""
    if i <= 0 or i >= len(text):
        return True
    nxt, prev = text[i], text[i - 1]
    if nxt in _JOINERS or prev in _JOINERS:
        return False
    if unicodedata.category(nxt) in ("Mn", "Mc", "Me") or "\ufe00" <= nxt <= "\ufe0f":
        return False
    return not ("\udc00" <= nxt <= "\udfff")     # a lone low surrogate (from surrogateescape)


class _Keep:
    """The protected spans, merged, with a lookup of the one that contains an index."""

    def __init__(self, keep: Iterable[tuple[int, int]]):
        self.spans = merge_spans(keep)
        self.starts = [a for a, _ in self.spans]

    def around(self, i: int) -> tuple[int, int] | None:
        """The protected span with ``start < i < end``, if any."""
        k = bisect.bisect_right(self.starts, i - 1) - 1
        if k >= 0 and self.spans[k][0] < i < self.spans[k][1]:
            return self.spans[k]
        return None


def _cut_point(text: str, a: int, b: int, limit: int, keep: _Keep) -> int:
    """Where the piece starting at ``a`` (sentence end ``b``) ends: a safe index in ``(a, a+limit]``."""
    hi = a + limit
    lo = a + max(1, (3 * limit) // 4)
    for i in range(hi, lo - 1, -1):                  # after white space, late in the piece
        if text[i - 1].isspace() and keep.around(i) is None:
            return i
    for i in range(hi, a, -1):                       # any safe character boundary
        if keep.around(i) is None and _safe_boundary(text, i):
            return i
    inside = keep.around(hi)                         # one name longer than the piece: keep it whole
    if inside is not None:
        return inside[0] if inside[0] > a else min(inside[1], b)
    return hi


def cut_spans(text: str, spans: Sequence[tuple[int, int]], keep: Iterable[tuple[int, int]] = (),
              limit: int = SENTENCE_LIMIT) -> list[tuple[int, int, int]]:
    """``spans`` (sorted sentence spans in ``text``) with every span longer than ``limit`` cut into
    pieces; returns ``(start, end, index of the span it came from)`` in text order. ``keep``
    spans (mentions) are never cut unless one alone is longer than ``limit``."""
    if all(b - a <= limit for a, b in spans):     # nothing to cut (``keep`` is not read)
        return [(a, b, n) for n, (a, b) in enumerate(spans)]
    protected = _Keep(keep)
    out: list[tuple[int, int, int]] = []
    for n, (a, b) in enumerate(spans):
        first = len(out)
        while b - a > limit:
            c = _cut_point(text, a, b, limit, protected)
            out.append((a, c, n))
            a = c
        if a < b or len(out) == first:      # no empty piece after a long name that reached the end
            out.append((a, b, n))
    return out
