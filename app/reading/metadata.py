"""Documents' metadata as the reading panel needs it: names, language, publication period, labels.

Inputs are manifest entries or ``app.corpus.Document`` objects. The language is the *document's*
(manifest ``language``, else the language the loader detected, else the commonest sentence language),
so "Persian" keeps the whole OCR'd Persian document even where a short line was detected as Arabic.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from collections import Counter
from typing import Any, Iterable, Mapping

__all__ = ["meta_index", "doc_language", "publication_range", "language_name", "document_title"]


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


_LANG_NAMES = {"en": "English", "ar": "Arabic", "fa": "Persian", "sv": "Swedish", "ru": "Russian",
               "hy": "Armenian", "az": "Azerbaijani", "tr": "Turkish", "de": "German", "fr": "French"}


def language_name(code: str | None) -> str:
    """English name of a language code (``"fa"`` -> ``"Persian"``); the code itself if unknown."""
    if not code:
        return "unknown language"
    return _LANG_NAMES.get(code, code)


def document_title(meta: Mapping | None, text: str | None = None, name: str | None = None,
                   limit: int = 90) -> str:
    """What a reader sees for a document: the manifest's title (or its English or supplied
    title), else the first line of its text (cut at ``limit`` characters), else its file name."""
    meta = meta or {}
    for key in ("title", "title_en", "title_supplied"):
        if isinstance(meta.get(key), str) and meta[key].strip():
            return meta[key].strip()
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"
    return name or str(meta.get("file") or "")
