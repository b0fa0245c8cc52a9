"""Dates in text: month tables in every language, calendars, parsing with precision.

Modules: ``months`` (month names via Babel/CLDR, Solar Hijri months), ``human`` (a date in words), ``calendars``
(Gregorian and Solar Hijri), ``parse`` (:func:`find_dates`, :class:`DateMention`), with the
private ``_pattern`` (the regex and where a date can start) and ``_year_context`` (is a bare
number a year?). May import ``app.text``; never Streamlit.
"""
from app.dates.months import month_names
from app.dates.parse import DateMention, find_dates

__all__ = ["DateMention", "find_dates", "month_names"]
