"""Calendars: Gregorian validity, Solar Hijri -> Gregorian (jdatetime), the year a document date implies.

Solar Hijri is converted with jdatetime. A Solar Hijri month-and-year spans two Gregorian
months: we give the Gregorian month of its 1st day (``مهر ۱۴۰۲`` ->
``2023-09``), precision ``month``.
"""

from __future__ import annotations

import calendar
import re

import jdatetime

from app.dates.months import _Month

def _parse_doc_date(doc_date: str | None) -> tuple[int, int | None, int | None] | None:
    if not doc_date:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", doc_date.strip()[:10])
    if not m:
        return None
    return int(m.group(1)), (int(m.group(2)) if m.group(2) else None), (
        int(m.group(3)) if m.group(3) else None)


def _valid_day(y: int, mo: int, d: int) -> bool:
    return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]


def _iso(y: int, mo: int | None = None, d: int | None = None) -> str:
    if mo is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{mo:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _solar_to_iso(y: int, mo: int, d: int | None) -> str | None:
    try:
        g = jdatetime.date(y, mo, d or 1).togregorian()
    except (ValueError, TypeError):
        return None
    return _iso(g.year, g.month, g.day if d else None)


def _gregorian_year_ok(y: int, bare: bool = False) -> bool:
    return 1800 <= y <= 2099


def _solar_year_ok(y: int) -> bool:
    return 1200 <= y <= 1499



def _year_from_doc(doc: tuple[int, int | None, int | None], mo: int, d: int | None) -> int:
    y, dm, dd = doc
    if dm is not None and (mo > dm or (mo == dm and d is not None and dd is not None and d > dd)):
        return y - 1
    return y


def _full(table: dict[str, _Month], name: str, day: int | None, year: int) -> dict | None:
    info = table[name]
    if info.solar:
        if not _solar_year_ok(year):
            return None
        iso = _solar_to_iso(year, info.month, day)
        if iso is None:
            return None
        return dict(date=iso, precision="day" if day else "month", calendar="solar_hijri")
    if not _gregorian_year_ok(year):
        return None
    if day is not None and not _valid_day(year, info.month, day):
        return None
    return dict(date=_iso(year, info.month, day), precision="day" if day else "month",
                calendar="gregorian")
