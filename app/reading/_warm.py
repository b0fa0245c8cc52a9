"""Imported once by the upload workers' fork server: lower priority, names and language models loaded."""
import os

try:
    os.nice(10)               # every upload worker forked from here runs after the readers' pages
except (AttributeError, OSError):
    pass

from app.gazetteer import Gazetteer  # noqa: E402
from app.reading.uploads import accept_upload  # noqa: E402,F401
from app.text import detect_language  # noqa: E402

Gazetteer.load()
detect_language("The Lachin corridor was closed in June 2023.")
