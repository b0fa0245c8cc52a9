"""Reading: what a feature's panel shows, the documents view's HTML, search, uploads.

Modules: ``panel``, ``search``, ``uploads``. May import ``app.corpus``, ``app.text``, ``app.atlas``,
``app.annotate`` and ``app.safe_html``; never ``app.classroom`` or Streamlit.
"""
