"""What the documents say about a feature: quotes, filters, documents view, shareable state.

Plain Python (no Streamlit). Inputs are the annotation rows of ``docs/DATA.md``
(optionally joined by :func:`app.atlas.join.join_layers`, which adds ``within``) and the
documents' metadata (manifest entries).

Public API
----------
meta_index(docs_meta)                                         -> {doc name: meta dict}
filter_rows(rows, docs_meta, docs=None, langs=None, date_from=None, date_to=None) -> rows
counts_for_map(rows, layers=None)                             -> {feature id: mentions}
feature_quotes(feature_id, rows, docs_meta, layers=None, filters=None) -> [doc group]
quotes_html(quotes, *, feature_name=None, max_sentences=None) -> str (safe HTML)
names_used(quotes)                                            -> [{"surface", "lang", "docs"}]
document_html(doc, rows, *, focus=None, feature_names=None)   -> str (safe HTML)
encode_view(state) -> {param: str};  decode_view(params) -> state

Decisions
---------
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

import calendar
import datetime as _dt
from collections import Counter, OrderedDict
from typing import Any, Iterable, Mapping, Sequence

from app.safe_html import RTL_FONT_STACK, dir_for, esc, highlight, lang_attrs, safe_href

__all__ = [
    "meta_index",
    "doc_language",
    "publication_range",
    "filter_rows",
    "filters_apply",
    "counts_for_map",
    "ensure_within",
    "as_records",
    "feature_quotes",
    "quotes_html",
    "document_html",
    "encode_view",
    "decode_view",
    "VIEW_PARAMS",
    "language_name",
    "sentence_link",
    "names_used",
]

# --------------------------------------------------------------------------- metadata


def _doc_name(d: Any) -> str | None:
    if isinstance(d, Mapping):
        return d.get("file") or d.get("name") or d.get("doc")
    return getattr(d, "name", None)


def meta_index(docs_meta: Any) -> dict[str, dict]:
    """Normalise document metadata to ``{file name: meta}``.

    Accepts a manifest (``{"documents": [...]}``), a list of manifest entries
    (each with ``file``), a mapping ``{file: entry}``, or documents
    (``app.corpus.Document`` objects or dicts with ``name``, ``meta``, ``lang``). A document's detected ``lang`` is kept
    under ``"_detected_lang"`` when the manifest gives no language.
    """
    if docs_meta is None:
        return {}
    if isinstance(docs_meta, Mapping) and isinstance(docs_meta.get("documents"), list):
        docs_meta = docs_meta["documents"]
    out: dict[str, dict] = {}
    if isinstance(docs_meta, Mapping):
        for name, entry in docs_meta.items():
            if isinstance(entry, Mapping) and not isinstance(entry.get("meta"), Mapping):
                out[str(name)] = dict(entry)
            else:  # a Document under its name
                out[str(name)] = _meta_of_document(entry)
        return out
    for d in docs_meta:
        name = _doc_name(d)
        if not name:
            continue
        if isinstance(d, Mapping) and not isinstance(d.get("meta"), Mapping):
            out[str(name)] = dict(d)  # a manifest entry
        else:
            out[str(name)] = _meta_of_document(d)
    return out


def _meta_of_document(doc: Any) -> dict:
    if isinstance(doc, Mapping):  # a document as a dict: {"name", "text", "meta", "lang"}
        meta, lang = dict(doc.get("meta") or {}), doc.get("lang")
    else:
        meta, lang = dict(getattr(doc, "meta", None) or {}), getattr(doc, "lang", None)
    if lang and not meta.get("language"):
        meta["_detected_lang"] = lang
    return meta


def doc_language(meta: Mapping | None, rows: Iterable[Mapping] = ()) -> str | None:
    """Language of a document: manifest ``language``, detected language, else the
    commonest ``lang`` among its rows."""
    if meta:
        if meta.get("language"):
            return str(meta["language"])
        if meta.get("_detected_lang"):
            return str(meta["_detected_lang"])
    c = Counter(r.get("lang") for r in rows if r.get("lang"))
    return c.most_common(1)[0][0] if c else None


def _parse_bound(value: Any, *, end: bool) -> _dt.date | None:
    """``date``/``datetime``/ISO string (YYYY, YYYY-MM, YYYY-MM-DD) -> date.

    A partial ISO string is widened: as a start bound to its first day, as an end
    bound to its last day.
    """
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    rng = _iso_range(str(value))
    if rng is None:
        raise ValueError(f"not an ISO date: {value!r}")
    return rng[1] if end else rng[0]


def _iso_range(s: str) -> tuple[_dt.date, _dt.date] | None:
    """The period an ISO ``YYYY``/``YYYY-MM``/``YYYY-MM-DD`` string covers (inclusive)."""
    parts = s.strip().split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            y = int(parts[0])
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return _dt.date(y, m, 1), _dt.date(y, m, calendar.monthrange(y, m)[1])
        if len(parts) == 3:
            d = _dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            return d, d
    except ValueError:
        return None
    return None


def publication_range(meta: Mapping | None) -> tuple[_dt.date, _dt.date] | None:
    """First and last day of a document's publication period, or ``None`` if unknown."""
    if not meta:
        return None
    pub = meta.get("published")
    if isinstance(pub, Mapping):
        date = pub.get("date")
    else:
        date = pub
    if not date:
        return None
    return _iso_range(str(date))


def _date_label(meta: Mapping | None) -> str | None:
    if not meta:
        return None
    pub = meta.get("published")
    if isinstance(pub, Mapping) and pub.get("date"):
        label = str(pub["date"])
        if pub.get("basis") == "inferred":
            label += " (inferred)"
        return label
    if isinstance(pub, str):
        return pub
    return None


# --------------------------------------------------------------------------- filters


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
    lo = _parse_bound(date_from, end=False)
    hi = _parse_bound(date_to, end=True)

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


# --------------------------------------------------------------------------- quotes


def _span_in_sentence(row: Mapping) -> tuple[int, int] | None:
    sent = row.get("sentence") or ""
    try:
        a = int(row["start"]) - int(row["sentence_start"])
        b = int(row["end"]) - int(row["sentence_start"])
    except (KeyError, TypeError, ValueError):
        a = b = -1
    text = row.get("text") or ""
    if 0 <= a < b <= len(sent) and (not text or sent[a:b] == text):
        return a, b
    if text:  # offsets disagree with the sentence: fall back to the surface text
        i = sent.find(text)
        if i >= 0:
            return i, i + len(text)
    return None


def _pub_key(meta: Mapping | None, name: str) -> tuple:
    rng = publication_range(meta)
    return (rng[0] if rng else _dt.date.max, name)


def feature_quotes(
    feature_id: str,
    rows: Sequence[Mapping],
    docs_meta: Any,
    layers: Any = None,
    filters: Mapping | None = None,
) -> list[dict]:
    """Every sentence that mentions ``feature_id``, grouped by document.

    Direct mentions and mentions of places inside the feature (through ``within``;
    pass ``layers`` to join rows that lack it) both count. ``filters`` is the
    session-state dict (see :func:`filters_apply`). Documents come oldest first
    (by publication date; undated last), sentences in text order.

    Each group::

        {"doc": "004_….txt", "title", "outlet", "author", "date" (label),
         "published": {...}, "lang": "en", "dir": "ltr",
         "surfaces": ["Zangezor corridor", …],          # distinct words used for the feature
         "indirect": [{"id": "meghri", "surfaces": ["Meghri"]}],
         "count": n mentions,
         "sentences": [{"sentence", "start", "end",      # offsets of the sentence in the document
                        "mentions": [{"start", "end", "text", "id", "via"}],  # relative to sentence
                        "via": id or None}]}             # None when the feature itself is named
    """
    rows = ensure_within(rows, layers)
    if filters:
        rows = filter_rows(rows, docs_meta, **filters_apply(filters))
    index = meta_index(docs_meta)

    groups: "OrderedDict[str, dict]" = OrderedDict()
    doc_rows: dict[str, list[Mapping]] = {}
    for r in rows:
        doc_rows.setdefault(r.get("doc"), []).append(r)
        ok, via = _matches(r, feature_id)
        if not ok:
            continue
        span = _span_in_sentence(r)
        if span is None:
            continue
        name = r.get("doc")
        g = groups.setdefault(name, {"_sent": OrderedDict(), "_surf": OrderedDict(),
                                     "_ind": OrderedDict(), "count": 0})
        g["count"] += 1
        surface = " ".join((r.get("text") or "").split())
        if via is None:
            g["_surf"].setdefault(surface.casefold(), surface)
        else:
            g["_ind"].setdefault(via, OrderedDict()).setdefault(surface.casefold(), surface)
        key = (int(r.get("sentence_start") or 0), int(r.get("sentence_end") or 0))
        s = g["_sent"].setdefault(key, {"sentence": r.get("sentence") or "", "start": key[0],
                                        "end": key[1], "mentions": []})
        m = {"start": span[0], "end": span[1], "text": r.get("text"), "id": r.get("id"), "via": via}
        if m not in s["mentions"]:
            s["mentions"].append(m)

    out = []
    for name, g in groups.items():
        meta = index.get(name) or {}
        lang = doc_language(meta, doc_rows.get(name, ()))
        sentences = sorted(g["_sent"].values(), key=lambda s: s["start"])
        for s in sentences:
            s["mentions"].sort(key=lambda m: m["start"])
            direct = any(m["via"] is None for m in s["mentions"])
            s["via"] = None if direct else s["mentions"][0]["via"]
        out.append({
            "doc": name,
            "title": meta.get("title"),
            # an English or a supplied title (manifest ``title_en`` / ``title_supplied``) when the
            # document has none of its own; shown left to right, in English
            "title_en": meta.get("title_en") or meta.get("title_supplied"),
            "outlet": meta.get("outlet"),
            "author": meta.get("author"),
            "date": _date_label(meta),
            "published": meta.get("published"),
            "lang": lang,
            "dir": dir_for(lang),
            "surfaces": list(g["_surf"].values()),
            "indirect": [{"id": k, "surfaces": list(v.values())} for k, v in g["_ind"].items()],
            "count": g["count"],
            "sentences": sentences,
        })
    out.sort(key=lambda q: _pub_key(index.get(q["doc"]), q["doc"] or ""))
    return out


_LANG_NAMES = {"en": "English", "ar": "Arabic", "fa": "Persian", "sv": "Swedish", "ru": "Russian",
               "hy": "Armenian", "az": "Azerbaijani", "tr": "Turkish", "de": "German", "fr": "French"}


def language_name(code: str | None) -> str:
    """English name of a language code (``"fa"`` -> ``"Persian"``); the code itself if unknown."""
    if not code:
        return "unknown language"
    return _LANG_NAMES.get(code, code)


def _meta_line(q: Mapping) -> str:
    bits = []
    if q.get("outlet"):
        bits.append(f'<span class="outlet">{esc(q["outlet"])}</span>')
    if q.get("author"):
        bits.append(f'<span class="author">{esc(q["author"])}</span>')
    bits.append(f'<span class="date">{esc(q.get("date") or "date unknown")}</span>')
    bits.append(f'<span class="lang">{esc(language_name(q.get("lang")))}</span>')
    return " · ".join(bits)


def sentence_link(doc: str, sentence_start: int, feature_id: str | None = None) -> str:
    """Escaped same-page link that opens the documents view at a sentence."""
    params = {"view": "documents", "doc": doc, "s": int(sentence_start)}
    if feature_id:
        params["selected"] = feature_id
    return safe_href(params, fragment=f"s-{int(sentence_start)}")


def names_used(quotes: Sequence[Mapping]) -> list[dict]:
    """The distinct words the documents use for the feature itself, across documents.

    Returns ``[{"surface", "lang", "docs": [doc names]}]`` in order of first use
    (case and spacing ignored when comparing), from :func:`feature_quotes` output.
    """
    seen: "OrderedDict[str, dict]" = OrderedDict()
    for q in quotes:
        for s in q.get("surfaces") or ():
            key = " ".join(s.split()).casefold()
            u = seen.setdefault(key, {"surface": s, "lang": q.get("lang"), "docs": []})
            if q.get("doc") not in u["docs"]:
                u["docs"].append(q.get("doc"))
    return list(seen.values())


def quotes_html(
    quotes: Sequence[Mapping],
    *,
    feature_id: str | None = None,
    feature_name: str | None = None,
    max_sentences: int | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """Render :func:`feature_quotes` output as safe HTML ("What the documents say").

    One ``<section class="doc-quotes">`` per document with its title, outlet,
    author, date and language, the words it uses for the feature, and its
    sentences (mention in ``<mark>``, RTL documents with ``dir="rtl"``, ``lang``
    and an Arabic-script font), each with an "open" link
    (``?view=documents&doc=…&s=…#s-…``). ``names`` maps ids to display names for
    the "via" notes. All document text is escaped.
    """
    names = names or {}
    if not quotes:
        what = esc(feature_name or feature_id or "this feature")
        return f'<div class="reader-empty">No document mentions {what} with the current filters.</div>'
    parts = ['<div class="reader-quotes">']
    used = names_used(quotes)
    if len(used) > 1:  # the documents do not all use the same words
        items = []
        for u in used:
            where = ", ".join(esc(d) for d in u["docs"])
            items.append(f'<li><q {lang_attrs(u["lang"])}>{esc(u["surface"])}</q> '
                         f'<span class="doc-meta">({esc(language_name(u["lang"]))}: {where})</span></li>')
        parts.append('<div class="names-used">Words the documents use for it:<ul>'
                     + "".join(items) + "</ul></div>")
    for q in quotes:
        doc = q.get("doc") or ""
        la = lang_attrs(q.get("lang"))
        title = q.get("title") or doc
        if not q.get("title") and q.get("title_en"):
            title, la_title = q["title_en"], lang_attrs("en")
        else:
            la_title = la if q.get("title") else lang_attrs("en")
        parts.append(f'<section class="doc-quotes" data-doc="{esc(doc)}">')
        parts.append(f'<h4 class="doc-title" {la_title}>{esc(title)}</h4>')
        parts.append(f'<div class="doc-meta">{_meta_line(q)}</div>')
        words = []
        if q.get("surfaces"):
            words.append("calls it " + ", ".join(
                f'<q {la}>{esc(s)}</q>' for s in q["surfaces"]))
        for ind in q.get("indirect") or ():
            label = esc(names.get(ind["id"], ind["id"]))
            words.append(f"names {label}: " + ", ".join(
                f'<q {la}>{esc(s)}</q>' for s in ind["surfaces"]))
        if words:
            parts.append(f'<div class="doc-surfaces">{"; ".join(words)}</div>')
        sents = q.get("sentences") or []
        shown = sents if max_sentences is None else sents[:max_sentences]
        parts.append('<ul class="quotes">')
        for s in shown:
            body = highlight(s["sentence"], [dict(m, kind="mention") for m in s["mentions"]])
            via = ""
            if s.get("via"):
                via = f' <span class="via">(via {esc(names.get(s["via"], s["via"]))})</span>'
            link = sentence_link(doc, s["start"], feature_id)
            parts.append(f'<li><blockquote {la}>{body}</blockquote>{via} '
                         f'<a class="open-doc" href="{link}" target="_self">open in document</a></li>')
        parts.append("</ul>")
        if len(shown) < len(sents):
            parts.append(f'<div class="more">… and {len(sents) - len(shown)} more sentences</div>')
        parts.append("</section>")
    parts.append("</div>")
    return "".join(parts)


# --------------------------------------------------------------------------- documents view


def _doc_fields(doc: Any) -> tuple[str, str, dict, str | None]:
    if isinstance(doc, Mapping):
        return (str(doc.get("name") or doc.get("file") or ""), str(doc.get("text") or ""),
                dict(doc.get("meta") or {}), doc.get("lang"))
    return (str(getattr(doc, "name", "") or ""), str(getattr(doc, "text", "") or ""),
            dict(getattr(doc, "meta", None) or {}), getattr(doc, "lang", None))


def document_html(
    doc: Any,
    rows: Sequence[Mapping],
    *,
    focus: int | None = None,
    feature_names: Mapping[str, str] | None = None,
) -> str:
    """The whole document as safe HTML with its annotations highlighted.

    ``doc`` is an ``app.corpus.Document`` (or a dict with ``name``, ``text``,
    ``meta``, ``lang``); ``rows`` its annotation rows (rows of other documents
    are ignored). Every annotated sentence is a ``<span id="s-<start>">`` anchor
    (``start`` = the sentence's offset, the ``s`` of links made by
    :func:`quotes_html`); ``focus`` marks one of them. Place and actor mentions
    are links ``?selected=<id>`` (selecting the feature on the map), dates are
    plain marks, ambiguous names carry their candidates in a tooltip. The text
    keeps its line breaks (``white-space: pre-wrap``) and its direction.
    """
    name, text, meta, lang = _doc_fields(doc)
    feature_names = feature_names or {}
    rows = [r for r in as_records(rows) if r.get("doc") == name]
    lang = meta.get("language") or lang or doc_language(None, rows)
    la = lang_attrs(lang)

    # sentences that carry annotations, each with its mentions
    sentences: dict[tuple[int, int], list[dict]] = {}
    for r in rows:
        try:
            a, b = int(r["start"]), int(r["end"])
            sa, sb = int(r["sentence_start"]), int(r["sentence_end"])
        except (KeyError, TypeError, ValueError):
            continue
        if text[a:b] != r.get("text") or not (0 <= sa <= a < b <= sb <= len(text)):
            continue  # offsets that do not match the text are never trusted
        kind = r.get("kind") or "place"
        span = {"start": a - sa, "end": b - sa, "kind": kind, "id": r.get("id"),
                "ambiguous": r.get("ambiguous")}
        sentences.setdefault((sa, sb), []).append(span)

    def href(sp: Mapping) -> dict | None:
        if sp.get("id") and sp.get("kind") != "date":
            return {"selected": sp["id"], "view": "documents", "doc": name}
        return None

    def title(sp: Mapping) -> str | None:
        if sp.get("kind") == "date":
            return "date"
        if sp.get("id"):
            return feature_names.get(sp["id"], sp["id"])
        if sp.get("ambiguous"):
            return "ambiguous: " + ", ".join(map(str, sp["ambiguous"]))
        return None

    body = []
    pos = 0
    for sa, sb in sorted(sentences):
        if sa < pos:  # overlapping sentence ranges: keep the first
            continue
        body.append(esc(text[pos:sa]))
        cls = "sentence focus" if focus is not None and int(focus) == sa else "sentence"
        inner = highlight(text[sa:sb], sentences[(sa, sb)], href=href, title=title)
        body.append(f'<span class="{cls}" id="s-{sa}">{inner}</span>')
        pos = sb
    body.append(esc(text[pos:]))

    shown_title = meta.get("title") or meta.get("title_en") or meta.get("title_supplied") or name
    head = [f'<header class="doc-head"><h3 {la if meta.get("title") else lang_attrs("en")}>{esc(shown_title)}</h3>',
            '<dl class="doc-meta">']
    for label, value in (("File", name), ("Outlet", meta.get("outlet")), ("Author", meta.get("author")),
                         ("Published", _date_label(meta)), ("Language", language_name(lang)),
                         ("Genre", meta.get("genre"))):
        if value:
            head.append(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>")
    head.append("</dl></header>")
    return (f'<article class="document" data-doc="{esc(name)}">' + "".join(head)
            + f'<div class="doc-text" {lang_attrs(lang, font=False)} style="white-space: pre-wrap'
            + (f'; font-family: {esc(RTL_FONT_STACK)}; text-align: right' if dir_for(lang) == "rtl" else "")
            + '">' + "".join(body) + "</div></article>")


# --------------------------------------------------------------------------- shareable state

#: query parameter names used by :func:`encode_view`
#: (``selected``, ``as_of`` and ``layers`` are the names app/ui/state.py reads)
VIEW_PARAMS = ("selected", "as_of", "docs", "langs", "from", "to", "layers", "view", "doc", "s")


def _iso(d: Any) -> str | None:
    if d is None or d == "":
        return None
    if isinstance(d, (_dt.date, _dt.datetime)):
        return d.isoformat()[:10]
    return str(d)


def encode_view(state: Mapping[str, Any]) -> dict[str, str]:
    """Query parameters for a view state (pure; feed to ``st.query_params``).

    ``state`` keys (all optional): ``selected`` (feature id), ``as_of``
    (``datetime.date``), ``filters`` (``{"docs", "langs", "date_from",
    "date_to"}``), ``layers`` (list of layer names), ``view`` (page name),
    ``doc`` and ``s`` (document open at a sentence). Lists are comma-joined;
    empty values are left out.
    """
    p: dict[str, str] = {}
    if state.get("selected"):
        p["selected"] = str(state["selected"])
    if state.get("as_of"):
        p["as_of"] = _iso(state["as_of"])
    f = state.get("filters") or {}
    if f.get("docs") is not None:
        p["docs"] = ",".join(map(str, f["docs"]))
    if f.get("langs") is not None:
        p["langs"] = ",".join(map(str, f["langs"]))
    if f.get("date_from"):
        p["from"] = _iso(f["date_from"])
    if f.get("date_to"):
        p["to"] = _iso(f["date_to"])
    if state.get("layers") is not None:
        p["layers"] = ",".join(map(str, state["layers"]))
    for k in ("view", "doc"):
        if state.get(k):
            p[k] = str(state[k])
    if state.get("s") is not None:
        p["s"] = str(int(state["s"]))
    return p


def _one(v: Any) -> str | None:
    if isinstance(v, (list, tuple)):
        v = v[-1] if v else None
    return None if v is None else str(v)


def _list(v: Any) -> list[str]:
    if isinstance(v, (list, tuple)):
        items = [x for part in v for x in str(part).split(",")]
    else:
        items = str(v).split(",")
    return [x.strip() for x in items if x.strip()]


def decode_view(params: Mapping[str, Any]) -> dict[str, Any]:
    """Inverse of :func:`encode_view`, tolerant of bad input.

    Values may be strings or lists (``st.query_params.get_all``). An invalid date
    or sentence number is dropped, not raised: a hand-edited URL never breaks
    the page. Returns only the keys present (``selected``, ``as_of``,
    ``filters``, ``layers``, ``view``, ``doc``, ``s``).
    """
    st: dict[str, Any] = {}
    sel = _one(params.get("selected")) or _one(params.get("feature"))
    if sel:
        st["selected"] = sel
    d = _one(params.get("as_of")) or _one(params.get("date"))
    if d:
        try:
            st["as_of"] = _dt.date.fromisoformat(d)
        except ValueError:
            rng = _iso_range(d)
            if rng:
                st["as_of"] = rng[0]
    filters: dict[str, Any] = {}
    if "docs" in params:
        filters["docs"] = _list(params["docs"])
    if "langs" in params:
        filters["langs"] = _list(params["langs"])
    for key, name, end in (("from", "date_from", False), ("to", "date_to", True)):
        v = _one(params.get(key))
        if v:
            rng = _iso_range(v)
            if rng:
                filters[name] = rng[1] if end else rng[0]
    if filters:
        st["filters"] = filters
    if "layers" in params:
        st["layers"] = _list(params["layers"])
    for k in ("view", "doc"):
        if _one(params.get(k)):
            st[k] = _one(params[k])
    s = _one(params.get("s"))
    if s is not None:
        try:
            st["s"] = int(s)
        except ValueError:
            pass
    return st
