"""The shareable view state: what is selected and filtered, as URL query parameters and back."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

from app.corpus.periods import iso_period

__all__ = ["encode_view", "decode_view", "VIEW_PARAMS"]

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
            rng = iso_period(d)
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
            rng = iso_period(v)
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
