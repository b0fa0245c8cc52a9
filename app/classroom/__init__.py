"""The classroom: events from documents and geodata, lessons, and the offline lesson file and handout.

Modules: ``events`` (:func:`build_events`; re-exports the names of ``categories`` and ``records``),
``categories`` (keyword and status rules), ``records`` (feature records, dates of events, the period
on a date), the private ``_candidates`` and ``_dedup``; ``lessons``; ``lesson_html`` (imported by its
own path: the lesson page ``lesson_page``, built by folium with the atlas map's renderer, the handout
``handout`` with its map ``handout_map``, their data ``lesson_data`` and step text ``lesson_text``). May import ``app.atlas``, ``app.annotate`` and ``app.safe_html``; never ``app.reading``,
``app.ui`` or Streamlit.
"""
from app.classroom.events import *  # noqa: F401,F403
from app.classroom.lessons import *  # noqa: F401,F403
from app.classroom import events as _events, lessons as _lessons

__all__ = [*_events.__all__, *_lessons.__all__]
