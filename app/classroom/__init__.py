"""The classroom: events from documents and geodata, lessons, and the offline lesson file and handout.

Modules: ``events`` (:func:`build_events`, re-exporting the names below), ``categories`` (keyword
and status rules), ``records`` (feature records, dates of events, the period on a date), the private
``_candidates`` and ``_dedup``; ``lessons``, ``lesson_html``. May import ``app.atlas``,
``app.annotate`` and ``app.safe_html``; never ``app.reading`` or Streamlit.
"""
