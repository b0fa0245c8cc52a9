"""The documents view: one whole document as safe HTML, its annotated sentences as anchors."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from app.dates.human import human_date
from app.reading.filters import as_records
from app.reading.metadata import _date_label, doc_language, doc_title, first_line, language_name
from app.safe_html import RTL_FONT_STACK, bidi, dir_for, esc, highlight, lang_attrs

__all__ = ["document_html"]


def _doc_fields(doc: Any) -> tuple[str, str, dict, str | None]:
    if isinstance(doc, Mapping):
        return (str(doc.get("name") or doc.get("file") or ""), str(doc.get("text") or ""),
                dict(doc.get("meta") or {}), doc.get("lang"))
    return (str(getattr(doc, "name", "") or ""), str(getattr(doc, "text", "") or ""),
            dict(getattr(doc, "meta", None) or {}), getattr(doc, "lang", None))


#: The sentence a reader came to read: a light blue ground and a blue outline (the mentions keep their yellow).
FOCUS_STYLE = "background: #dbeafe; outline: 2px solid #2563eb; outline-offset: 1px; border-radius: 3px"


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
                "ambiguous": r.get("ambiguous"), "date": r.get("date"), "precision": r.get("precision"),
                "inferred": r.get("inferred")}
        sentences.setdefault((sa, sb), []).append(span)

    def href(sp: Mapping) -> dict | None:
        if sp.get("id") and sp.get("kind") != "date":
            return {"selected": sp["id"], "view": "documents", "doc": name}
        return None

    def title(sp: Mapping) -> str | None:
        if sp.get("kind") == "date":
            return _date_title(sp)
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
        focused = focus is not None and int(focus) == sa
        inner = highlight(text[sa:sb], sentences[(sa, sb)], href=href, title=title)
        body.append(f'<span class="sentence focus" id="s-{sa}" style="{FOCUS_STYLE}">{inner}</span>' if focused
                    else f'<span class="sentence" id="s-{sa}">{inner}</span>')
        pos = sb
    body.append(esc(text[pos:]))

    return (f'<article class="document" data-doc="{esc(name)}">' + _head_html(name, text, meta, lang)
            + f'<div class="doc-text" {lang_attrs(lang, font=False)} style="white-space: pre-wrap'
            + (f'; font-family: {esc(RTL_FONT_STACK)}; text-align: right' if dir_for(lang) == "rtl" else "")
            + '">' + "".join(body) + "</div></article>")


def _date_title(sp: Mapping) -> str:
    """A date's hover text: how it was read ("date: 20 September 2023; the year from the document's date")."""
    d, precision = str(sp.get("date") or ""), sp.get("precision")
    if not d:
        return "date"
    words = f"the {d[:4]}s" if precision == "decade" else human_date(d)
    return f"date: {words}" + ("; the year from the document's date" if sp.get("inferred") is True else "")


def _head_html(name: str, text: str, meta: Mapping, lang: str | None) -> str:
    """The document's heading: its title, what the manifest says of it, and the team's notes, folded."""
    shown_title, title_lang = doc_title(dict(meta, language=lang, _first_line=first_line(text)), name)
    head = [f'<header class="doc-head"><h3 {lang_attrs(title_lang or "en")}>{esc(shown_title)}</h3>',
            '<dl class="doc-meta">']
    # the manifest's English title (when the heading is in another language) and its summary, written by the
    # team, tell a reader who cannot read the text what it is about
    english = meta.get("title_en") if title_lang not in (None, "en") and meta.get("title_en") != shown_title else None
    for label, value in (("In English", english), ("Outlet", meta.get("outlet")), ("Author", meta.get("author")),
                         ("Published", _date_label(meta)), ("Language", language_name(lang)),
                         ("Genre", meta.get("genre")), ("Summary", meta.get("summary_en"))):
        if value:
            head.append(f"<dt>{esc(label)}</dt><dd>{bidi(value)}</dd>")
    head.append("</dl>")
    if meta.get("notes"):
        head.append(f'<details class="doc-notes"><summary>Notes on this document (its source, date and reliability)'
                    f'</summary><p lang="en" dir="ltr">{bidi(meta["notes"])}</p></details>')
    head.append("</header>")
    return "".join(head)
