"""Dates that belong together: the open first end of a range, and a date written twice."""

from __future__ import annotations

import re

# between the ends of a range whose first end has no year: 3 March to 5 April 2021
_RANGE_GAP = re.compile(r"[ \t]*(?:-|to|till|until|bis|au|a|до|по|تا|الی|الى|الي)[ \t]*")
# between a date and the same date again: ۱۵ اسفند ۱۳۹۹ (۵ مارس ۲۰۲۱), 5 March / 5 مارس
_REPEAT_GAP = re.compile(r"[ \t]*[(/][ \t]*")


def join_ranges_and_repeats(found: list[dict], nt: str) -> list[dict]:
    """Pass-1 items (in text order) with a range's first end given its partner's year and a
    date written twice (two calendars or languages) counted once.

    An item without a year followed, across a range word, by a dated item takes its year
    (the year before when its month comes later in the year). Of two items with the same
    date and precision with only "(" or "/" between them, the first is kept, spanning both.
    """
    found = sorted(found, key=lambda it: it["ns"])
    out: list[dict] = []
    for i, item in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if item.get("noyear") and nxt is not None and not nxt.get("noyear") \
                and nxt.get("precision") in ("day", "month") \
                and _RANGE_GAP.fullmatch(nt, item["ne"], nxt["ns"]):
            y, mo = int(nxt["date"][:4]), int(nxt["date"][5:7])
            item = dict(item, range_year=y - 1 if item["month"] > mo else y)
        prev = out[-1] if out else None
        if prev is not None and not prev.get("noyear") and not item.get("noyear") \
                and prev.get("date") == item.get("date") \
                and prev.get("precision") == item.get("precision") \
                and _REPEAT_GAP.fullmatch(nt, prev["ne"], item["ns"]):
            close = nt.find(")", item["ne"], item["ne"] + 2)
            prev["ne"] = close + 1 if close != -1 else item["ne"]
            continue
        out.append(item)
    return out
