"""Reading: what a feature's panel shows, the documents view's HTML, search, uploads.

Modules: ``metadata`` (documents' language and publication period), ``filters`` (rows by document,
language and date; counts per feature), ``panel`` (quotes of a feature and their HTML; re-exports the
panel's whole API), ``documents_html`` (one document as HTML), ``view_state`` (the URL's view state),
``name_search`` (features by their names), ``search`` (the search box: features and sentences),
``uploads``. May import ``app.corpus``, ``app.text``, ``app.atlas``, ``app.annotate`` and
``app.safe_html``; never ``app.classroom``, ``app.ui`` or Streamlit.
"""
from app.reading.panel import *  # noqa: F401,F403
from app.reading.search import load_names, search, search_features, search_sentences
from app.reading.uploads import *  # noqa: F401,F403
from app.reading import panel as _panel, uploads as _uploads

# search's own ``normalise`` stays in app.reading.search (app.text.normalise is the pipeline's)
__all__ = [*_panel.__all__, "load_names", "search", "search_features", "search_sentences",
           *_uploads.__all__]
