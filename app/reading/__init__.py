"""Reading: what a feature's panel shows, the documents view's HTML, search, uploads.

Modules: ``metadata`` (documents' language and publication period), ``filters`` (rows by document,
language and date; counts per feature), ``panel`` (quotes of a feature and their HTML; re-exports the
panel's whole API), ``documents_html`` (one document as HTML), ``view_state`` (the URL's view state),
``search``, ``uploads``. May import ``app.corpus``, ``app.text``, ``app.atlas``, ``app.annotate`` and
``app.safe_html``; never ``app.classroom`` or Streamlit.
"""
