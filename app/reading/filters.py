"""Which annotation rows the panel and the map use: filters by document, language and date; counts per feature.

* A mention counts for a feature when its ``id`` is the feature or when the
  feature is in its ``within`` (a mention of Meghri counts for ``syunik`` and
  ``armenia``); such a mention carries ``via`` = the id of the place named.
* The language filter uses the *document's* language (manifest ``language``,
  else the language the loader detected, else the row's sentence language), so
  "Persian" keeps the whole OCR'd Persian document even where a short line was
  detected as Arabic.
* The date-range filter uses the document's *publication date*
  (``published.date`` with its precision): a document is kept when its
  publication period (a day, a month or a year) overlaps ``[date_from,
  date_to]``. Dates mentioned inside sentences are not used (an article of 2023
  recalling 1994 is still a 2023 source). Documents with no publication date
  are dropped as soon as a date bound is set, because nothing says they fall in
  the range.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

from app.corpus.periods import date_bound
from app.reading.metadata import doc_language, meta_index, publication_range

__all__ = ["filter_rows", "filters_apply", "counts_for_map", "ensure_within", "as_records"]


def filters_apply(filters: Mapping | None) -> dict:
    """Keyword arguments for :func:`filter_rows` from a ``filters`` dict.

    The session-state shape is ``{"docs": [...], "langs": [...], "date_from":
    date|str|None, "date_to": date|str|None}``; missing keys mean "no filter".
    """
    f = dict(filters or {})
    return {k: f.get(k) for k in ("docs", "langs", "date_from", "date_to")}


def filter_rows(
    rows: Sequence[Mapping],
    docs_meta: Any,
    docs: Iterable[str] | None = None,
    langs: Iterable[str] | None = None,
    date_from: Any = None,
    date_to: Any = None,
) -> list[Mapping]:
    """Keep the rows of the chosen documents, languages and publication dates.

    ``docs``: file names to keep (``None`` = all). ``langs``: document languages
    to keep (``None`` = all). ``date_from``/``date_to``: bounds (``date`` or ISO
    string, inclusive) on the document's publication period; see the module
    docstring for the rules. Returns a new list; the rows are not copied.
    """
    rows = as_records(rows)
    index = meta_index(docs_meta)
    doc_set = set(docs) if docs is not None else None
    lang_set = {str(x) for x in langs} if langs is not None else None
    lo = date_bound(date_from, end=False)
    hi = date_bound(date_to, end=True)

    by_doc: dict[str, list[Mapping]] = {}
    for r in rows:
        by_doc.setdefault(r.get("doc"), []).append(r)

    keep_doc: dict[str, bool] = {}
    for name, drows in by_doc.items():
        ok = doc_set is None or name in doc_set
        meta = index.get(name)
        if ok and lang_set is not None:
            ok = doc_language(meta, drows) in lang_set
        if ok and (lo or hi):
            rng = publication_range(meta)
            if rng is None:
                ok = False
            else:
                ok = (lo is None or rng[1] >= lo) and (hi is None or rng[0] <= hi)
        keep_doc[name] = ok
    return [r for r in rows if keep_doc.get(r.get("doc"))]


def as_records(rows: Any) -> list[Mapping]:
    """Rows as a list of mappings; a (Geo)DataFrame (e.g. ``join_layers`` output)
    becomes its records, without the geometry column."""
    if rows is None:
        return []
    if hasattr(rows, "to_dict") and hasattr(rows, "columns"):
        frame = rows.drop(columns=[c for c in ("geometry",) if c in rows.columns])
        return frame.to_dict("records")
    return rows if isinstance(rows, list) else list(rows)


def ensure_within(rows: Any, layers: Any = None) -> list[Mapping]:
    """Rows with ``within`` (containing regions and countries).

    Rows that already have ``within``, or all rows when no ``layers`` are given,
    are returned as they are. Otherwise each row with an id gets a copy with
    ``within`` from :func:`app.atlas.join.containment` (actors, dates and ambiguous
    rows are kept, with an empty ``within``).
    """
    rows = as_records(rows)
    if layers is None or not rows or all("within" in r for r in rows if r.get("id")):
        return rows
    from app.atlas.join import containment  # imported lazily: geopandas is heavy

    inside = containment(layers)
    return [r if "within" in r else dict(r, within=list(inside.get(r.get("id"), [])))
            for r in rows]


def _matches(row: Mapping, feature_id: str) -> tuple[bool, str | None]:
    """(row counts for feature, via id if indirect)."""
    rid = row.get("id")
    if not rid or row.get("kind") == "date":
        return False, None
    if rid == feature_id:
        return True, None
    if feature_id in (row.get("within") or ()):
        return True, rid
    return False, None


def counts_for_map(rows: Sequence[Mapping], layers: Any = None) -> dict[str, int]:
    """Mentions per feature id, rolled up to containing regions and countries.

    A mention of Meghri adds one to ``meghri``, ``syunik`` and ``armenia`` (through
    ``within``). Date rows and unresolved (ambiguous) rows are not counted.
    Filter the rows first with :func:`filter_rows` so the map follows the panel.
    """
    rows = ensure_within(rows, layers)
    counts: Counter[str] = Counter()
    for r in rows:
        rid = r.get("id")
        if not rid or r.get("kind") == "date":
            continue
        counts[rid] += 1
        for w in set(r.get("within") or ()):
            if w != rid:
                counts[w] += 1
    return dict(counts)
