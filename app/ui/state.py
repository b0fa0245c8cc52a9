"""The reader's state (date, layers, selection, tiles) in session state and in the page URL.

All session/URL handling of the atlas lives here so that other views can extend it:
add a field to :class:`AtlasState`, a session key to :data:`KEYS`, and its URL
form to :func:`_from_url` / :func:`to_url`.

URL parameters: ``as_of=YYYY-MM-DD``, ``layers=borders,corridors,...``,
``selected=<feature id>``, ``tiles=1``, ``years=2020-2026`` (the map slider's range), ``view=map|documents|search|timeline|present|lessons|add``.
They are read once per session (so a shared link opens the same view) and written back after each
run by :func:`sync_url`, which also merges the other views' parameters (filters ``docs``, ``langs``,
``from``, ``to`` from :mod:`app.ui.reader_panel`; ``doc``/``s`` of the documents view; ``lesson``/``step``
written by :mod:`app.ui.present`) so that no view wipes another's.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from app.atlas.layers import LAYERS

#: Earliest date on the slider (the NKAO was created in 1923).
MIN_DATE = _dt.date(1923, 1, 1)

#: Session-state keys (the widgets use the same keys).
KEYS = {"on": "as_of", "selected": "selected", "tiles": "tiles", "view": "view"}

#: The views: URL value -> title (the first is the default).
VIEWS = {"map": "Map", "documents": "Documents", "search": "Search", "timeline": "Timeline",
         "present": "Present", "lessons": "Lessons", "add": "Add a document"}
#: Other words a typed or shared link may use for a view (``?view=upload`` opens "Add a document").
VIEW_ALIASES = {"upload": "add", "add-a-document": "add", "add_document": "add", "document": "documents",
                "docs": "documents", "lesson": "lessons", "events": "timeline", "presentation": "present"}
LAYER_KEY = "layer_{}"          # one toggle per layer
_INIT_FLAG = "_atlas_state_init"
UNKNOWN_VIEW = "_atlas_unknown_view"   # a view the opening link named that does not exist (main.py says so once)
_LAST_CLICK = "_atlas_last_click"

#: Quick jumps for the date control: (label, date).
QUICK_DATES = [
    ("1988 movement", _dt.date(1988, 2, 20)),
    ("2020 ceasefire", _dt.date(2020, 11, 10)),
    ("2022 blockade", _dt.date(2022, 12, 12)),
    ("2023 offensive", _dt.date(2023, 9, 19)),
    ("2024 NK dissolved", _dt.date(2024, 1, 1)),
    ("2025 TRIPP", _dt.date(2025, 8, 8)),
]


def today() -> _dt.date:
    """Latest date on the slider."""
    return _dt.date.today()


@dataclass
class AtlasState:
    """What the reader is looking at.  Views receive it in ``render(state)``."""

    on: _dt.date
    layers: set[str]
    selected: str | None = None
    tiles: bool = False
    #: the loaded layers (GeoDataFrame from app.atlas.layers.load_layers); set by main.py
    gdf: Any = None
    #: mentions per feature id (from the annotator) or None
    counts: dict[str, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _parse_date(value: str | None) -> _dt.date | None:
    try:
        d = _dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return min(max(d, MIN_DATE), today())


#: Earliest publication date a filter accepts from a URL.
MIN_FILTER_DATE = _dt.date(1900, 1, 1)


def date_range(start: _dt.date | None, end: _dt.date | None) -> tuple[_dt.date, _dt.date]:
    """A publication-date range from URL values, made valid for a date widget.

    A missing end is 1 Jan 1900 / today; both ends are kept within those; a range given backwards
    (``?from=2025&to=2001``) is swapped, so the widget never sees its start after its end.
    """
    lo = start if isinstance(start, _dt.date) else MIN_FILTER_DATE
    hi = end if isinstance(end, _dt.date) else today()
    lo, hi = (min(max(d, MIN_FILTER_DATE), today()) for d in (lo, hi))
    return (lo, hi) if lo <= hi else (hi, lo)


def view_named(value: Any) -> str | None:
    """The view a URL's ``view`` value names: a key of :data:`VIEWS`, its title ("Add a document") or an
    alias in :data:`VIEW_ALIASES`, in any case; ``None`` when it names none."""
    word = " ".join(str(value or "").split()).casefold()
    for key, title in VIEWS.items():
        if word in (key, title.casefold(), title.casefold().replace(" ", "-")):
            return key
    return VIEW_ALIASES.get(word)


def _from_url(params: Any, valid_ids: set[str] | None) -> dict[str, Any]:
    """Session values from URL parameters (invalid values are ignored)."""
    out: dict[str, Any] = {}
    d = _parse_date(params.get("as_of"))
    if d:
        out[KEYS["on"]] = d
    if "layers" in params:
        wanted = {x for x in str(params.get("layers")).split(",") if x}
        for layer in LAYERS:
            out[LAYER_KEY.format(layer)] = layer in wanted
    sel = params.get("selected")
    if sel and (valid_ids is None or sel in valid_ids):
        out[KEYS["selected"]] = sel
    if "tiles" in params:
        out[KEYS["tiles"]] = str(params.get("tiles")) in ("1", "true", "yes")
    view = view_named(params.get("view"))
    if view:
        out[KEYS["view"]] = view
    if params.get("years"):                       # the map slider's range, "2020-2026" (app.ui.map_view)
        out["map_years"] = str(params.get("years"))
    if params.get("q"):                           # the search box's words (app.ui.search_box): a shared search
        out["search_q"] = str(params.get("q"))[:200]
    return out


def init(valid_ids: set[str] | None = None) -> None:
    """Fill session defaults once per session, from the URL where it says something."""
    ss = st.session_state
    if ss.get(_INIT_FLAG):
        return
    defaults: dict[str, Any] = {KEYS["on"]: today(), KEYS["selected"]: None, KEYS["tiles"]: False,
                                KEYS["view"]: "map"}
    defaults.update({LAYER_KEY.format(layer): True for layer in LAYERS})
    defaults.update(_from_url(st.query_params, valid_ids))
    asked = st.query_params.get("view")
    if asked and not view_named(asked):
        ss[UNKNOWN_VIEW] = str(asked)[:40]
    for k, v in defaults.items():
        ss.setdefault(k, v)
    ss[_INIT_FLAG] = True


#: Widget keys of views that are not drawn on every run, and key prefixes: kept across view switches.
#: (Never a button's key: Streamlit refuses a button whose value was set through session state.)
KEEP = ("selected", "doc_view", "search_q", "lsn_open", "lsn_title", "lsn_desc", "lsn_events",
        "timeline_f", "timeline_a", "timeline_c", "timeline_d", "timeline_l", "timeline_noisy", "timeline_pick")
#: The lesson builder's boxes of each step (app/ui/lessons_view.py): title, note, question and map date. A
#: prefix missing here lost what the teacher had typed in that box on a visit to Present.
LESSON_STEP_PREFIXES = ("lsn_stitle_", "lsn_note_", "lsn_q_", "lsn_date_", "lsn_qpick_", "lsn_qtr_")
KEEP_PREFIXES = LESSON_STEP_PREFIXES


def keep_widget_state() -> None:
    """Keep the values of widgets the current view does not draw (Streamlit drops a widget's value on a
    run that does not draw it: switching to Documents and back would lose the selected feature)."""
    ss = st.session_state
    for k in list(ss.keys()):
        if k in KEEP or str(k).startswith(KEEP_PREFIXES):
            try:
                ss[k] = ss[k]
            except Exception:     # noqa: BLE001 - e.g. a button's state cannot be set
                pass


def current(gdf: Any = None, counts: dict[str, int] | None = None) -> AtlasState:
    """The state as it is now in session state."""
    ss = st.session_state
    return AtlasState(
        on=ss.get(KEYS["on"], today()),
        layers={layer for layer in LAYERS if ss.get(LAYER_KEY.format(layer), True)},
        selected=ss.get(KEYS["selected"]),
        tiles=bool(ss.get(KEYS["tiles"], False)),
        gdf=gdf, counts=counts,
    )


def set_date(on: _dt.date) -> None:
    """Callback-safe: move the "as of" date (use as ``on_click=set_date, args=(d,)``)."""
    st.session_state[KEYS["on"]] = min(max(on, MIN_DATE), today())


def select(feature_id: str | None) -> None:
    """Callback-safe: select a feature (its card opens in the side panel)."""
    st.session_state[KEYS["selected"]] = feature_id


def show(view: str, feature_id: str | None = None, on: _dt.date | None = None) -> None:
    """Callback-safe: switch to ``view`` (a key of :data:`VIEWS`), optionally selecting a feature / date."""
    if view in VIEWS:
        st.session_state[KEYS["view"]] = view
    if feature_id is not None:
        select(feature_id)
    if on is not None:
        set_date(on)


_LAST_VIEW = "_atlas_last_view"


def current_view() -> str:
    """The view shown now (a key of :data:`VIEWS`; an unknown value falls back to the map)."""
    v = st.session_state.get(KEYS["view"])
    if v not in VIEWS:
        v = st.session_state.get(_LAST_VIEW) if st.session_state.get(_LAST_VIEW) in VIEWS else "map"
        st.session_state[KEYS["view"]] = v
    st.session_state[_LAST_VIEW] = v
    return v


def keep_view() -> None:
    """Callback of the view switch: clicking the view already shown keeps it (the switch would clear)."""
    if st.session_state.get(KEYS["view"]) not in VIEWS:
        st.session_state[KEYS["view"]] = st.session_state.get(_LAST_VIEW) or "map"


def take_click(value: dict | None, valid_ids: set[str] | None = None) -> str | None:
    """Select the feature a map click names, once per click.

    ``value`` is streamlit-folium's return value.  A click is identified by the
    clicked feature id and position, so a value that merely survives a rerun does
    not override a selection made elsewhere.  Returns the newly selected id or None.
    """
    if not value:
        return None
    drawing = value.get("last_active_drawing") or {}
    fid = (drawing.get("properties") or {}).get("id")
    if not fid or (valid_ids is not None and fid not in valid_ids):
        return None
    signature = repr((fid, value.get("last_object_clicked")))
    if st.session_state.get(_LAST_CLICK) == signature:
        return None
    st.session_state[_LAST_CLICK] = signature
    st.session_state[KEYS["selected"]] = fid
    return fid


def to_url(state: AtlasState) -> dict[str, str]:
    """URL parameters for a state."""
    params = {"as_of": state.on.isoformat(), "layers": ",".join(l for l in LAYERS if l in state.layers)}
    if state.selected:
        params["selected"] = state.selected
    if state.tiles:
        params["tiles"] = "1"
    if st.session_state.get("map_years"):
        params["years"] = str(st.session_state["map_years"])
    return params


#: URL parameters written by :func:`sync_url` (``lesson``/``step`` belong to the present view and stay).
URL_KEYS = ("as_of", "layers", "selected", "tiles", "view", "docs", "langs", "from", "to", "years", "q")


def sync_url(state: AtlasState, extra: dict[str, str] | None = None,
             owned: tuple[str, ...] = URL_KEYS) -> None:
    """Write the state (and ``extra`` parameters of other views, e.g. the filters) into the page URL.

    Only the ``owned`` keys (plus the keys of ``extra``) are set or removed; every other parameter stays.
    """
    params = to_url(state)
    view = st.session_state.get(KEYS["view"])
    if view in VIEWS and view != "map":
        params["view"] = view
    params.update(extra or {})
    for k in dict.fromkeys(tuple(owned) + tuple(extra or {})):
        if k in params:
            if st.query_params.get(k) != params[k]:
                st.query_params[k] = params[k]
        elif k in st.query_params:
            del st.query_params[k]


def clamp_date() -> None:
    """Make the session's "as of" value a date within the slider's range (views may set any date)."""
    v = st.session_state.get(KEYS["on"])
    if isinstance(v, _dt.datetime):
        v = v.date()
    if not isinstance(v, _dt.date):
        v = _parse_date(v) or today()
    st.session_state[KEYS["on"]] = min(max(v, MIN_DATE), today())
