"""Dates in text: month tables in every language, calendars, parsing with precision.

May import ``app.text``.
"""
from app.dates.parse import *  # noqa: F401,F403
from app.dates.parse import __all__  # noqa: F401
