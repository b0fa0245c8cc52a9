"""Documents' metadata as the reading panel needs it: names, language, publication period, labels.

Inputs are manifest entries or ``app.corpus.Document`` objects. The language is the *document's*
(manifest ``language``, else the language the loader detected, else the commonest sentence language),
so "Persian" keeps the whole OCR'd Persian document even where a short line was detected as Arabic.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Any, Iterable, Mapping

from app.corpus.periods import iso_period
from app.dates.human import human_date
from app.safe_html import bidi_plain, text_dir

__all__ = ["meta_index", "doc_language", "publication_range", "language_name", "doc_title",
           "doc_titles", "first_line",
           "document_title"]


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
    text = doc.get("text") if isinstance(doc, Mapping) else getattr(doc, "text", None)
    line = first_line(text)
    if line:
        meta["_first_line"] = line
    return meta


_TITLE_CHARS = 90


def first_line(text: str | None, limit: int = _TITLE_CHARS) -> str | None:
    """The first line of ``text`` with letters in it, white space collapsed and cut at a
    word boundary to about ``limit`` characters (with "…"); ``None`` when there is none."""
    for line in (text or "")[:20000].splitlines():
        line = " ".join(line.split())
        if any(c.isalpha() for c in line):
            if len(line) > limit:
                cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
                line = cut.rstrip(" ,;:-–—") + "…"
            return line
    return None


def doc_title(meta: Mapping | None, name: str | None = None) -> tuple[str, str | None]:
    """What a reader sees for a document, and the language it is written in.

    The manifest's ``title`` (in the document's language), else its English or
    supplied title (``title_en``, ``title_supplied``: ``"en"``), else the
    document's first line (kept by :func:`meta_index` for documents that carry
    their text), else the file name (language ``None``). Never a file name when
    anything better is known.
    """
    meta = meta or {}
    lang = meta.get("language") or meta.get("_detected_lang")
    for key, title_lang in (("title", lang), ("title_en", "en"), ("title_supplied", "en"),
                            ("_first_line", lang)):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split()), title_lang
    return str(name or meta.get("file") or "untitled document"), None


def doc_titles(docs_meta: Any, *, isolate: bool = False) -> dict[str, str]:
    """``{file name: title}`` for every document, each title distinct: two documents with
    the same title get their language and date after it (then a number, if still equal). A title in
    another language is followed by the manifest's English one (``title_en``) in brackets.

    ``isolate``: wrap each right-to-left title in Unicode isolate marks
    (:func:`app.safe_html.bidi_plain`), for plain-text labels where it sits before English words.
    """
    index = meta_index(docs_meta)
    plain = {name: doc_title(meta, name) for name, meta in index.items()}
    seen = Counter(t for t, _lang in plain.values())
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name, (title, lang) in plain.items():
        label = bidi_plain(title, lang) if isolate and text_dir(title, lang) == "rtl" else title
        english = index[name].get("title_en")
        if isinstance(english, str) and english.strip() and lang not in (None, "en") and english.strip() != title:
            label = f"{label} ({' '.join(english.split())})"
        if seen[title] > 1:
            meta = index[name]
            extra = [language_name(doc_language(meta))] + [x for x in (_date_label(meta),) if x]
            label = f"{label} ({', '.join(extra)})"
        base, n = label, 2
        while label in taken:
            label, n = f"{base} #{n}", n + 1
        taken.add(label)
        out[name] = label
    return out


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
    return iso_period(date)


def _date_label(meta: Mapping | None) -> str | None:
    if not meta:
        return None
    pub = meta.get("published")
    if isinstance(pub, Mapping) and pub.get("date"):
        label = human_date(str(pub["date"]))      # "June 2024", as the map and the sidebar write dates
        if pub.get("basis") == "inferred":
            label += " (inferred)"
        return label
    if isinstance(pub, str):
        return human_date(pub)
    return None


_LANG_NAMES = {"en": "English", "ar": "Arabic", "fa": "Persian", "sv": "Swedish", "ru": "Russian",
               "hy": "Armenian", "az": "Azerbaijani", "tr": "Turkish", "de": "German", "fr": "French"}


def language_name(code: str | None) -> str:
    """English name of a language code (``"fa"`` -> ``"Persian"``); the code itself if unknown."""
    if not code:
        return "unknown language"
    return _LANG_NAMES.get(code, code)


def document_title(meta: Mapping | None, text: str | None = None, name: str | None = None,
                   limit: int = _TITLE_CHARS) -> str:
    """What a reader sees for a document (see :func:`doc_title`), from its manifest entry,
    its text (for the first line, cut at ``limit`` characters) and its file name."""
    meta = dict(meta or {})
    line = first_line(text, limit)
    if line:
        meta["_first_line"] = line
    return doc_title(meta, name)[0]
