"""Text: normalisation with an exact offset map, sentences in every script, scripts, language.

Modules: ``normalisation`` (:class:`Normalised`, :func:`normalise`), ``sentences``
(:func:`sentence_spans`), ``scripts`` (:func:`script_of`), ``language``
(:func:`detect_language`, :func:`detect_languages`). A leaf of the pipeline: imports no
other part of ``app`` (only numpy and the lingua language detector); nothing here imports
Streamlit or touches the network.
"""
from app.text.language import (LANGUAGES, LONG_SENTENCE_LETTERS, MIN_FOREIGN_LETTERS, SENTENCE_CONFIDENCE,
                               SHORT_SENTENCE_CONFIDENCE, SHORT_SENTENCE_LETTERS, detect_language,
                               detect_languages)
from app.text.normalisation import Normalised, normalise
from app.text.scripts import script_of
from app.text.sentences import sentence_spans

__all__ = [
    "Normalised",
    "normalise",
    "sentence_spans",
    "script_of",
    "detect_language",
    "detect_languages",
    "LANGUAGES",
    "LONG_SENTENCE_LETTERS",
    "SENTENCE_CONFIDENCE",
    "SHORT_SENTENCE_LETTERS",
    "SHORT_SENTENCE_CONFIDENCE",
    "MIN_FOREIGN_LETTERS",
]
