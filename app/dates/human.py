"""Dates in words for readers: ``2022-12-12`` is ``12 December 2022``, a month or a year as such."""
from __future__ import annotations

import datetime as _dt

__all__ = ["human_date", "MONTHS"]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def human_date(date: str | None, precision: str | None = None, short: bool = False) -> str:
    """``2022-12-12`` → ``12 December 2022`` (``short``: ``12 Dec 2022``); ``2022-12`` → ``December 2022``;
    ``2022`` → ``2022``."""
    if not date:
        return ""
    d = str(date)
    month = (lambda m: MONTHS[m - 1][:3]) if short else (lambda m: MONTHS[m - 1])
    try:
        if len(d) >= 10:
            x = _dt.date.fromisoformat(d[:10])
            return f"{x.day} {month(x.month)} {x.year}"
        if len(d) == 7:
            return f"{month(int(d[5:7]))} {d[:4]}"
    except ValueError:
        pass
    return d
