"""The printable lesson handout: per step a small map, the quotes with our translation and source, the question; then all questions and sources.

``render_handout(lesson, events, layers_gdf)`` returns one HTML page (no script, no request) that Chromium
prints on A4 or Letter without splitting a step across pages (``break-inside: avoid``; style in
``app/web/handout.css``).  The small map is the static SVG of :mod:`app.classroom.handout_map`.  Every text
is escaped (:func:`app.safe_html.esc`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from app.classroom.handout_map import svg_map
from app.classroom.lesson_data import (credit_sentence as _credit_sentence, credit_when, human_date, lesson_payload,
                                       map_begins, source_parts, untranslated)
from app.classroom.lessons import LANGUAGE_NAMES, Lesson, resolve_lesson
from app.classroom.records import feature_records
from app.safe_html import bidi_text, dir_for, esc

__all__ = ["render_handout"]

CSS = Path(__file__).resolve().parents[1] / "web" / "handout.css"


def _quote(q: dict) -> str:
    lang = str(q.get("lang") or "")
    name = LANGUAGE_NAMES.get(lang, lang or "unknown language")
    parts = [f'<figure class="quote"><blockquote lang="{esc(lang)}" dir="{dir_for(lang)}">{esc(q.get("text"))}'
             "</blockquote><figcaption>"]
    if q.get("translation"):
        who = str(q.get("translation_by") or "our translation")
        parts.append(f'<span lang="en"><span class="who">{esc(who.capitalize())}:</span> {bidi_text(q["translation"], "ltr")}</span>')
    bare = untranslated(lang, q.get("translation"))
    parts.append(f'<span class="cite">— {bidi_text(q.get("source") or q.get("doc"), "ltr")} ({esc(credit_when(name, q.get("date"), bare))})'
                 "</span></figcaption></figure>")
    return "".join(parts)


def _event_quote(q: dict) -> str:
    """A supporting sentence of the event, for steps without quotes of their own (no translation)."""
    lang = str(q.get("lang") or "")
    return _quote({"lang": lang, "text": q.get("quote"), "source": q.get("doc_title") or q.get("doc"),
                   "date": q.get("date")})


def _source_line(s: dict) -> str:
    return ", ".join(source_parts(s))


def _section(step: dict, drawn: dict, payload: dict, total: int) -> str:
    parts = [f'<section class="step" id="step-{step["n"]}"><p class="meta">Step {step["n"]} of {total}'
             + (f' · {esc(human_date(step["date"]))}' if step["date"] else "") + "</p>",
             f'<h2 lang="en">{bidi_text(step["title"], "ltr")}</h2>']
    if step["missing"]:
        parts.append(f'<p class="warn">This step’s event ({esc(step["step"].event_id)}) no longer exists.</p>')
    parts.append(svg_map(payload, drawn, width=560, height=260))
    begins = map_begins(step["date"])
    if begins:
        parts.append(f'<p class="shows" lang="en">{esc(begins)}</p>')
    if step["shows"]:
        parts.append(f'<p class="shows" lang="en">{bidi_text(step["shows"], "ltr")}</p>')
    if step["quotes"]:
        parts += [_quote(q) for q in step["quotes"][:2]]
    elif step["event"] and step["event"].get("support"):
        parts.append(_event_quote(step["event"]["support"][0]))
    if step["question"]:
        parts.append(f'<p class="question" lang="en">Discuss: {bidi_text(step["question"], "ltr")}</p>')
    return "".join(parts) + "</section>"


def render_handout(lesson: Lesson, events: list[dict], layers_gdf: Any) -> str:
    """The handout as one HTML page."""
    payload = lesson_payload(lesson, events, layers_gdf)
    steps, warnings = resolve_lesson(lesson, events, feature_records(layers_gdf))
    total = len(steps)
    sections = [_section(s, d, payload, total) for s, d in zip(steps, payload["steps"])]
    questions = "".join(f'<li>{bidi_text(s["question"], "ltr")}</li>' for s in steps if s["question"])
    seen: dict[str, None] = {}
    for s in steps:
        for src in s["sources"] or (s["event"] or {}).get("sources", []):
            seen.setdefault(_source_line(src))
        for q in s["quotes"]:
            seen.setdefault(f'{q.get("source") or q.get("doc")}, {q.get("date") or ""}'.rstrip(", "))  # its title
    sources = "".join(f"<li>{esc(x)}</li>" for x in seen if x)
    end = ['<section class="end">']
    if questions:
        end.append(f"<h2>Questions for discussion</h2><ol>{questions}</ol>")
    end.append(f"<h2>Sources</h2><ul>{sources}</ul>" if sources else "")
    end.append(f'<p class="credits">South Caucasus Atlas handout. Translations marked “our translation” are '
               f'the atlas team’s.{_credit_sentence(layers_gdf)}</p></section>')
    warn = "".join(f'<p class="warn">{esc(w)}</p>' for w in warnings)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(lesson.title)} — handout</title><style>{CSS.read_text(encoding='utf-8')}</style></head>"
            f"<body><h1>{bidi_text(lesson.title, 'ltr')}</h1><p class=\"desc\">{bidi_text(lesson.description, 'ltr')}</p>"
            f"<p class=\"noprint\">Print this page (Ctrl+P); no step is split across pages.</p>{warn}"
            f"{''.join(sections)}{''.join(end)}</body></html>\n")
