"""Short, human event titles (≤ 60 characters) for the timeline, pickers and slides; the full title stays in the details."""
from __future__ import annotations

from app.classroom.categories import REPORTED_BY_PREFIX, TITLE_PREFIXES
from app.gazetteer.names import without_asides

__all__ = ["short_title", "reported_title", "cut_words", "LIMIT", "HEADING_LIMIT", "PICKER_LIMIT"]

LIMIT = 60           # the chart's points
HEADING_LIMIT = 80   # a slide's heading (one line in Present at 1280x720): "…Exodus route of Karabakh Armenians to Armenia"
PICKER_LIMIT = 110   # a line of a list to pick from, which has the page's width


def cut_words(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, "…" marking the cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return head + "…"


def short_title(ev: dict, limit: int = LIMIT) -> str:
    """``ev["title"]`` without asides in brackets, after its first clause, one place instead of a list.

    "Ceasefire or agreement: Zangezur corridor, Lachin corridor, Russian peacekeeping contingent and 5 more"
    -> "Ceasefire or agreement: Zangezur corridor and others"; "Lachin corridor: Blockaded (protesters on the
    road near Shusha)" -> "Lachin corridor: Blockaded"."""
    title = str(ev.get("title") or ev.get("id") or "")
    text = without_asides(title)
    text = text.split(";")[0].strip()
    listed = text.startswith(TITLE_PREFIXES) or ":" not in text   # a list of names, not a feature's label
    if listed and "," in text:
        head = text.split(",")[0].strip()
        text = f"{head} and others"
    return cut_words(text, limit)


def reported_title(ev: dict, limit: int = PICKER_LIMIT) -> str:
    """An event the documents alone give, as the map's date line says it: "documents report a ceasefire or
    agreement (Moscow, Azerbaijan and Russia)" for "Ceasefire or agreement: Moscow, Azerbaijan and Russia"
    (a generated title read like a log there). Any other title is :func:`short_title`."""
    title = str(ev.get("title") or "")
    for prefix, template in REPORTED_BY_PREFIX.items():
        if title.startswith(prefix):
            names = without_asides(title[len(prefix):]).strip()
            return cut_words(template.format(features=names), limit) if names else short_title(ev, limit)
    return short_title(ev, limit)
