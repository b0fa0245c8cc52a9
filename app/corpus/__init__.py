"""Reading documents: files and folders, encodings, bad files and the manifest of metadata.

Holds ``documents`` (one file or folder -> :class:`Document` objects). May import ``app.text`` (to detect a
document's language); nothing else of ``app``, never Streamlit.
"""
from app.corpus.documents import *  # noqa: F401,F403
from app.corpus.documents import __all__  # noqa: F401
