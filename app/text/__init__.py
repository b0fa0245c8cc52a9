"""Text: normalisation with an exact offset map, sentences in every script, language detection.

A leaf of the pipeline: imports no other part of ``app`` (only a language detector).
"""
from app.text.normalisation import *  # noqa: F401,F403
from app.text.normalisation import __all__  # noqa: F401
