"""ISO dates as periods: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` to the first and last day it covers."""
from __future__ import annotations

import calendar
import datetime as _dt
from typing import Any

__all__ = ["iso_period", "date_bound"]


def iso_period(value: Any) -> tuple[_dt.date, _dt.date] | None:
    """First and last day an ISO ``YYYY``/``YYYY-MM``/``YYYY-MM-DD`` covers (inclusive), or None."""
    parts = str(value or "").strip().split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            y = int(parts[0])
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return _dt.date(y, m, 1), _dt.date(y, m, calendar.monthrange(y, m)[1])
        if len(parts) == 3:
            d = _dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            return d, d
    except ValueError:
        return None
    return None


def date_bound(value: Any, *, end: bool) -> _dt.date | None:
    """A filter bound: ``date``/``datetime``/ISO string -> date; a partial ISO string is widened, as a start
    bound to its first day, as an end bound to its last. None or "" -> None; anything else raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    period = iso_period(value)
    if period is None:
        raise ValueError(f"not an ISO date: {value!r}")
    return period[1] if end else period[0]
