"""Same-page links without a page reload.

The panels render escaped HTML (``st.html``) whose links are same-page query strings
(``?selected=<id>&view=documents&doc=…&s=…``, made by :func:`app.safe_html.safe_href`).  A plain click on
such a link would reload the page and start a new session (losing this visit's uploads).  This module
mounts one tiny ``st.components.v2`` component whose script catches a plain left click on any
``a[href^="?"]`` of the page, and sends the link's query string back to Python instead; :func:`take`
applies it to session state (selected feature, as-of date, view, document and sentence) before any
widget of the run is drawn.  Ctrl/Cmd/Shift-click and middle-click still open the link in a new tab
(a shared URL opens the same view, see :mod:`app.ui.state`).

The script is fixed code; it reads nothing from documents and writes nothing into the page.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import streamlit as st

from app.reading.panel import decode_view

KEY = "atlas_links"

_JS = """
export default function(component) {
  window.__atlasLinkTrigger = component.setTriggerValue;
  if (window.__atlasLinkHandler) return;
  window.__atlasLinkHandler = function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var path = e.composedPath ? e.composedPath() : [e.target];
    var a = null;
    for (var i = 0; i < path.length; i++) {
      var el = path[i];
      if (el && el.tagName === 'A' && (el.getAttribute('href') || '').charAt(0) === '?') { a = el; break; }
    }
    if (!a || a.target === '_blank' || !window.__atlasLinkTrigger) return;
    e.preventDefault();
    window.__atlasLinkTrigger('link', {href: a.getAttribute('href'), t: Date.now()});
  };
  document.addEventListener('click', window.__atlasLinkHandler, true);
}
"""

_component = st.components.v2.component("atlas_links", js=_JS)


def parse(href: str) -> dict[str, Any]:
    """The view state a same-page link names (see :func:`app.reading.panel.decode_view`)."""
    parts = urlsplit(str(href or ""))
    return decode_view({k: v for k, v in parse_qs(parts.query, keep_blank_values=False).items()})


def apply(target: dict[str, Any], valid_ids: set[str] | None = None) -> None:
    """Move the session to the state a link names: feature, date, view, document and sentence."""
    from app.ui import documents
    from app.ui import state as S

    fid = target.get("selected")
    if fid and (valid_ids is None or fid in valid_ids):
        S.select(fid)
    if target.get("as_of"):
        S.set_date(target["as_of"])
    view = target.get("view")
    doc = target.get("doc")
    if doc:
        s = target.get("s")
        st.session_state[documents.DOC_KEY] = doc
        documents.open_at(doc, s)
        st.session_state[documents._URL_SEEN] = (doc, s)
        st.query_params["doc"] = doc
        if s is not None:
            st.query_params["s"] = str(s)
        elif "s" in st.query_params:
            del st.query_params["s"]
    if doc and view == "documents" and fid and target.get("s") is None:
        # a highlighted mention inside the documents view: show the feature on the map
        view = "map"
    if view in S.VIEWS:
        st.session_state[S.KEYS["view"]] = view


def take(valid_ids: set[str] | None = None) -> dict[str, Any] | None:
    """Mount the link catcher; apply a link clicked since the last run.  Call before other widgets."""
    res = _component(key=KEY, on_link_change=lambda: None, height=0)
    value = getattr(res, "link", None)
    if not isinstance(value, dict) or not value.get("href"):
        return None
    target = parse(value["href"])
    apply(target, valid_ids)
    return target
