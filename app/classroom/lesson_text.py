"""The escaped HTML of a lesson step (title, quotes in their own script, note, sources) for the exports."""
from __future__ import annotations

from app.classroom.lesson_data import credit_when, human_date, source_parts, untranslated
from app.safe_html import bidi_text, esc

__all__ = ["quote_html", "quotes_html", "event_quote_html", "sources_html", "step_body"]


def quote_html(q: dict, hidden: bool = False) -> str:
    """A quote chosen by the lesson's authors: its own script, then the team's English marked as theirs
    (``hidden``: a quote behind its tab, shown when the class picks it)."""
    en = ""
    if q.get("translation"):
        en = (f'<span class="en" lang="en" dir="ltr"><span class="who">{esc(q["translation_by"].capitalize())}:</span> '
              f'{bidi_text(q["translation"], "ltr")}</span>')
    when = credit_when(q["language"], q.get("date"), untranslated(q["lang"], q.get("translation")))
    return (f'<figure class="quote"{" hidden" if hidden else ""}>'
            f'<blockquote lang="{esc(q["lang"])}" dir="{q["dir"]}">{esc(q["text"])}</blockquote>'
            f'<figcaption>{en}<span class="cite">— {bidi_text(q["source"], "ltr")} ({esc(when)})</span>'
            f'</figcaption></figure>')


def event_quote_html(q: dict) -> str:
    """A sentence from a document that supports the step's event (no translation of ours to show)."""
    when = credit_when(q["language"], q.get("date"), untranslated(q["lang"]))
    return (f'<figure class="quote"><blockquote lang="{esc(q["lang"])}" dir="{q["dir"]}">{esc(q["quote"])}</blockquote>'
            f'<figcaption><span class="cite">— {bidi_text(q["doc_title"], "ltr")} ({esc(when)})</span>'
            f'</figcaption></figure>')


def quotes_html(quotes: list[dict]) -> str:
    """The authors' quotes of a step; two or more as tabs ("Quote 1: Persian"), one shown at a time, as in
    Present: stacked, the second quote and the question fell below a 1280×720 screen (app/web/lesson.js)."""
    if len(quotes) < 2:
        return "".join(quote_html(q) for q in quotes)
    tabs = "".join(f'<button type="button" role="tab" class="qtab" data-q="{i}" '
                   f'aria-selected="{"true" if i == 0 else "false"}">Quote {i + 1}: {esc(q["language"])}</button>'
                   for i, q in enumerate(quotes))
    return (f'<div class="quotes"><div class="qtabs" role="tablist" aria-label="Quotes">{tabs}</div>'
            + "".join(quote_html(q, hidden=i > 0) for i, q in enumerate(quotes)) + "</div>")


def sources_html(step: dict) -> str:
    items = []
    for q in step.get("own_quotes") or []:
        items.append(f'<li>Document: {bidi_text(q["source"], "ltr")} ({esc(credit_when(q["language"], q.get("date")))})'
                     '</li>')
    if not step.get("own_quotes"):
        for q in step["quotes"]:
            items.append(f'<li>Document: {bidi_text(q["doc_title"], "ltr")} '
                         f'({esc(credit_when(q["language"], q.get("date")))})</li>')
    for s in step.get("own_sources") or step["sources"]:
        bits = [esc(b) for b in source_parts(s)]
        url = f' <span class="url">{esc(s["url"])}</span>' if s.get("url") else ""
        seed = " (one of the atlas’s documents)" if s.get("seed") else ""
        items.append("<li>Source: " + ", ".join(b for b in bits if b) + seed + url + "</li>")
    for d in step["disagreements"]:
        who = ", ".join(d["docs"] + [x for x in d["sources"] if x])
        if d["field"] == "status":
            items.append(f'<li class="disagree">Disagreement: the atlas layers say “{esc(d["title"])}” '
                         f'then ({esc(who)}).</li>')
        else:
            items.append(f'<li class="disagree">Disagreement: {esc(who)} give{"" if "," in who else "s"} '
                         f'{esc(human_date(d["date"]))}.</li>')
    if not items:
        return ""
    return '<ul class="sources">' + "".join(items) + "</ul>"


def _teacher(step: dict) -> str:
    """The teacher's part: the note, what the map shows, the sources; hidden until asked (N or the button)."""
    parts = []
    if step["note"]:
        parts.append(f'<p class="note" lang="en"><span class="who">Note for the teacher:</span> '
                     f'{bidi_text(step["note"], "ltr")}</p>')
    if step.get("shows"):
        parts.append(f'<p class="note" lang="en"><span class="who">On the map:</span> {bidi_text(step["shows"], "ltr")}</p>')
    parts.append(sources_html(step))
    return f'<div class="teacher" hidden>{"".join(parts)}</div>'


def step_body(step: dict) -> str:
    """The step as the class sees it (title, quotes, question) and the teacher's hidden part."""
    parts = [f'<p class="meta"><span class="date">{esc(step["date_label"])}</span>'
             + (f' · <span class="cat">{esc(step["category"])}</span>' if step["category"] else "") + "</p>",
             f'<h2 lang="en">{bidi_text(step["title"], "ltr")}</h2>']
    if step["missing"]:
        parts.append(f'<p class="warn">This step’s event ({esc(step["event_id"])}) no longer exists.</p>')
    if step.get("map_begins"):
        parts.append(f'<p class="map-note" lang="en">{esc(step["map_begins"])}</p>')
    if step.get("own_quotes"):
        parts.append(quotes_html(step["own_quotes"]))
    else:
        parts.extend(event_quote_html(q) for q in step["quotes"][:1])
    if step.get("question"):
        parts.append(f'<p class="question" lang="en"><span class="who">Question:</span> '
                     f'{bidi_text(step["question"], "ltr")}</p>')
    parts.append(_teacher(step))
    return "".join(parts)
