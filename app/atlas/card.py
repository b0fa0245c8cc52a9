"""The feature card: a feature's names, state on a date, periods and sources as escaped HTML."""
from __future__ import annotations

import datetime as _dt
import html
from typing import Any, Mapping

from app.atlas.layers import format_iso, state_on
from app.safe_html import RTL_FONT_STACK, safe_href

__all__ = ["card_html", "RTL_LANGS", "LANG_NAMES", "RTL_FONTS"]

RTL_LANGS = {"ar", "fa", "he", "ur"}
LANG_NAMES = {"en": "English", "ar": "Arabic", "fa": "Persian", "sv": "Swedish", "ru": "Russian",
              "hy": "Armenian", "az": "Azerbaijani", "tr": "Turkish", "de": "German", "fr": "French"}
#: Font stack that renders Arabic and Persian (Noto Naskh Arabic ships with fonts-noto-core), single-quoted
#: for a style attribute.
RTL_FONTS = RTL_FONT_STACK.replace('"', "'")


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _period_text(p: Mapping) -> str:
    start = format_iso(p.get("start"), p.get("start_precision"))
    end = format_iso(p.get("end"), p.get("end_precision"))
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return "always"


def _safe_url(url: Any) -> str | None:
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def card_html(feature: Mapping | Any, on: _dt.date) -> str:
    """The card of one feature on a date, as HTML in which all data text is escaped.

    ``feature`` is a row of :func:`app.atlas.layers.load_layers` (a pandas Series) or a dict
    with the same keys.  The card shows the name, the names in every language (Arabic
    and Persian right-to-left), kind, the state on ``on`` (or "not on the map on this
    date"), description, the status periods with their dates at their precision
    (the current one marked), the sources (title, publisher, date, link; seed sources
    name the document) and the geometry note.
    """
    f = dict(feature.items()) if hasattr(feature, "items") else dict(feature)
    periods = f.get("periods") or []
    state = state_on(periods, on)
    on_text = on.strftime("%d %b %Y").lstrip("0")
    out = [f'<div class="atlas-card" data-id="{_e(f.get("id"))}">',
           f'<h3 class="atlas-card-title">{_e(f.get("name"))}</h3>',
           f'<p class="atlas-card-kind">{_e(str(f.get("kind", "")).capitalize())}'
           f'{" · approximate geometry" if f.get("approximate") else ""}</p>']
    if state is None:
        out.append(f'<p class="atlas-card-state" data-status="">On {_e(on_text)}: '
                   f'<b>not on the map</b> (no status period covers this date)</p>')
    else:
        ghost = "" if state["present"] else " (no longer there: drawn faded on the map)"
        out.append(f'<p class="atlas-card-state" data-status="{_e(state.get("status"))}">On {_e(on_text)}: '
                   f'<b>{_e(state.get("label") or state.get("status"))}</b>{ghost}</p>')
    names = f.get("names") or {}
    if names:
        out.append('<ul class="atlas-card-names">')
        for lang, name in names.items():
            lang_label = LANG_NAMES.get(lang, lang)
            if lang in RTL_LANGS:
                out.append(f'<li>{_e(lang_label)}: <span lang="{_e(lang)}" dir="rtl" '
                           f'style="font-family:{RTL_FONTS};font-size:1.15em">{_e(name)}</span></li>')
            else:
                out.append(f'<li>{_e(lang_label)}: <span lang="{_e(lang)}">{_e(name)}</span></li>')
        out.append("</ul>")
    if f.get("description"):
        out.append(f'<p class="atlas-card-description">{_e(f["description"])}</p>')
    if periods:
        out.append('<table class="atlas-card-periods"><tr><th>When</th><th>Status</th></tr>')
        for p in periods:
            current = state is not None and p.get("start") == state.get("start") \
                and p.get("end") == state.get("end") and p.get("status") == state.get("status")
            mark = ' class="current" style="font-weight:bold;background:#fff5cc"' if current else ""
            gone = "" if p.get("present", True) else " (drawn faded)"
            out.append(f"<tr{mark}><td>{_e(_period_text(p))}</td>"
                       f"<td>{_e(p.get('label') or p.get('status'))}{gone}</td></tr>")
        out.append("</table>")
    sources = f.get("sources") or []
    if sources:
        out.append('<ol class="atlas-card-sources">')
        for s in sources:
            bits = [f"<i>{_e(s.get('title') or s.get('id'))}</i>"]
            if s.get("publisher"):
                bits.append(_e(s["publisher"]))
            if s.get("date"):
                try:
                    bits.append(_e(format_iso(s["date"])))
                except ValueError:
                    bits.append(_e(s["date"]))
            if s.get("seed"):     # one of our documents: a link to it in the Documents view, not its file name
                bits.append(f'<a href="{safe_href({"view": "documents", "doc": s["seed"]})}" target="_self">'
                            "read it in our documents</a>")
            url = _safe_url(s.get("url"))
            if url:
                bits.append(f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">link</a>')
            out.append(f"<li>{', '.join(bits)}</li>")
        out.append("</ol>")
    if f.get("geometry_note"):
        out.append(f'<p class="atlas-card-note"><small>Geometry: {_e(f["geometry_note"])}</small></p>')
    out.append("</div>")
    return "\n".join(out)
