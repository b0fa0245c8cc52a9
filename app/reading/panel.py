"""What the documents say about a feature: its quotes grouped by document, and their safe HTML.

Plain Python (no Streamlit). Inputs are the annotation rows of ``docs/DATA.md``
(optionally joined by :func:`app.atlas.join.join_layers`, which adds ``within``) and the
documents' metadata (manifest entries).

Public API (the reading panel's, re-exported here from the modules that hold it)
----------
meta_index(docs_meta)                                         -> {doc name: meta dict}      (metadata)
filter_rows(rows, docs_meta, docs=None, langs=None, date_from=None, date_to=None) -> rows  (filters)
counts_for_map(rows, layers=None)                             -> {feature id: mentions}     (filters)
feature_quotes(feature_id, rows, docs_meta, layers=None, filters=None) -> [doc group]
quotes_html(quotes, *, feature_name=None, max_sentences=None) -> str (safe HTML)
names_used(quotes)                                            -> [{"surface", "lang", "docs"}]
document_html(doc, rows, *, focus=None, feature_names=None)   -> str (safe HTML)          (documents_html)
encode_view(state) -> {param: str};  decode_view(params) -> state                       (view_state)

A mention counts for a feature when its ``id`` is the feature or when the
feature is in its ``within`` (a mention of Meghri counts for ``syunik`` and
``armenia``); such a mention carries ``via`` = the id of the place named.
"""

from __future__ import annotations

import datetime as _dt
from collections import OrderedDict
from typing import Any, Mapping, Sequence

from app.reading.documents_html import document_html
from app.reading.filters import (_matches, as_records, counts_for_map, ensure_within, filter_rows,
                                 filters_apply)
from app.reading.metadata import (_date_label, doc_language, doc_title, doc_titles, language_name,
                                  meta_index, publication_range)
from app.reading.view_state import VIEW_PARAMS, decode_view, encode_view
from app.safe_html import bidi, bidi_quote, dir_for, esc, highlight, lang_attrs, safe_href

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
    "doc_title",
    "doc_titles",
    "sentence_link",
    "names_used",
]


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

        {"doc": "004_….txt", "title", "title_en" (the manifest's),
         "shown_title", "shown_title_lang" (what readers see: see metadata.doc_title),
         "outlet", "author", "date" (label),
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
    groups, doc_rows = _group_mentions(rows, feature_id)
    out = [_quote_group(name, g, index.get(name) or {}, doc_rows.get(name, ()))
           for name, g in groups.items()]
    out.sort(key=lambda q: _pub_key(index.get(q["doc"]), q["doc"] or ""))
    return out


def _group_mentions(rows: Sequence[Mapping], feature_id: str) -> tuple["OrderedDict[str, dict]",
                                                                          dict[str, list[Mapping]]]:
    """The mentions of ``feature_id`` grouped by document (sentences, surfaces, indirect names),
    and every row by document."""
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
                                        "end": key[1], "mentions": [], "_seen": set()})
        m = {"start": span[0], "end": span[1], "text": r.get("text"), "id": r.get("id"), "via": via}
        seen = (m["start"], m["end"], m["text"], m["id"], m["via"])   # a set: one test per row, not a scan
        if seen not in s["_seen"]:
            s["_seen"].add(seen)
            s["mentions"].append(m)
    return groups, doc_rows


def _quote_group(name: str, g: dict, meta: Mapping, rows: Sequence[Mapping]) -> dict:
    """One document's group of :func:`feature_quotes` from what :func:`_group_mentions` gathered."""
    lang = doc_language(meta, rows)
    shown, shown_lang = doc_title(dict(meta, language=lang) if lang else meta, name)
    sentences = sorted(g["_sent"].values(), key=lambda s: s["start"])
    for s in sentences:
        s.pop("_seen", None)
        s["mentions"].sort(key=lambda m: m["start"])
        direct = any(m["via"] is None for m in s["mentions"])
        s["via"] = None if direct else s["mentions"][0]["via"]
    return {
        "doc": name,
        "title": meta.get("title"),
        # an English or a supplied title (manifest ``title_en`` / ``title_supplied``) when the
        # document has none of its own; shown left to right, in English
        "title_en": meta.get("title_en") or meta.get("title_supplied"),
        "shown_title": shown,
        "shown_title_lang": shown_lang,
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
    }



def _meta_line(q: Mapping) -> str:
    bits = []
    if q.get("outlet"):
        bits.append(f'<span class="outlet">{bidi(q["outlet"])}</span>')
    if q.get("author"):
        bits.append(f'<span class="author">{bidi(q["author"])}</span>')
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
    the "via" notes. Documents are named by their titles, never their file
    names; words and titles inside English lines are isolated in ``<bdi>``. All
    document text is escaped.
    """
    names = names or {}
    if not quotes:
        what = esc(feature_name or feature_id or "this feature")
        return f'<div class="reader-empty">No document mentions {what} with the current filters.</div>'
    parts = ['<div class="reader-quotes">', _names_used_html(quotes)]
    for q in quotes:
        parts.append(_group_html(q, feature_id, max_sentences, names))
    parts.append("</div>")
    return "".join(parts)


def _shown_title(q: Mapping) -> tuple[str, str | None]:
    if q.get("shown_title"):
        return q["shown_title"], q.get("shown_title_lang")
    return doc_title({"title": q.get("title"), "title_en": q.get("title_en"),
                      "language": q.get("lang")}, q.get("doc"))


def _names_used_html(quotes: Sequence[Mapping]) -> str:
    """"Words the documents use for it", when the documents do not all use the same words."""
    used = names_used(quotes)
    if len(used) < 2:
        return ""
    titles = {q.get("doc"): _shown_title(q) for q in quotes}
    items = []
    for u in used:
        where = ", ".join(bidi(*titles.get(d, (d, None))) for d in u["docs"])
        items.append(f'<li>{bidi_quote(u["surface"], u["lang"])} '
                     f'<span class="doc-meta">({esc(language_name(u["lang"]))}: {where})</span></li>')
    return '<div class="names-used">Words the documents use for it:<ul>' + "".join(items) + "</ul></div>"


def _group_html(q: Mapping, feature_id: str | None, max_sentences: int | None,
                names: Mapping[str, str]) -> str:
    """One document's section of :func:`quotes_html`."""
    doc = q.get("doc") or ""
    la = lang_attrs(q.get("lang"))
    title, title_lang = _shown_title(q)
    parts = [f'<section class="doc-quotes" data-doc="{esc(doc)}">',
             f'<h4 class="doc-title" {lang_attrs(title_lang or "en")}>{esc(title)}</h4>',
             f'<div class="doc-meta">{_meta_line(q)}</div>']
    words = []
    if q.get("surfaces"):
        words.append("calls it " + ", ".join(bidi_quote(s, q.get("lang")) for s in q["surfaces"]))
    for ind in q.get("indirect") or ():
        label = esc(names.get(ind["id"], ind["id"]))
        words.append(f"names {label}: " + ", ".join(bidi_quote(s, q.get("lang")) for s in ind["surfaces"]))
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
    return "".join(parts)
