"""The classroom: events from documents and geodata, lessons, and the offline lesson file and handout.

Modules: ``events``, ``lessons``, ``lesson_html``. May import ``app.atlas``, ``app.annotate`` and
``app.safe_html``; never ``app.reading`` or Streamlit.
"""
