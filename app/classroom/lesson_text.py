"""The escaped HTML of a lesson step (title, quotes in their own script, note, sources) for the exports."""
from __future__ import annotations

from app.classroom.lesson_data import human_date
from app.safe_html import bidi_text, esc

__all__ = ["quote_html", "sources_html", "step_body"]


def quote_html(q: dict, english: str) -> str:
    return (f'<figure class="quote"><blockquote lang="{esc(q["lang"])}" dir="{q["dir"]}">{esc(q["quote"])}</blockquote>'
            f'<figcaption><span class="en" lang="en" dir="ltr">{bidi_text(english, "ltr")}</span>'
            f'<span class="cite">— {bidi_text(q["doc_title"], "ltr")} ({esc(q["doc"])}, {esc(q["language"])})</span>'
            f'</figcaption></figure>')


def sources_html(step: dict) -> str:
    items = []
    for q in step["quotes"]:
        items.append(f'<li>Document: {esc(q["doc_title"])} <code>{esc(q["doc"])}</code>, {esc(q["language"])}'
                     f'{", date " + esc(q["date"]) if q.get("date") else ""}</li>')
    for s in step["sources"]:
        bits = [esc(s.get("title") or s.get("id")), esc(s.get("publisher") or ""), esc(s.get("date") or "")]
        url = f' <span class="url">{esc(s["url"])}</span>' if s.get("url") else ""
        seed = f' (our document <code>{esc(s["seed"])}</code>)' if s.get("seed") else ""
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


def step_body(step: dict) -> str:
    parts = [f'<p class="meta"><span class="date">{esc(step["date_label"])}</span>'
             + (f' · <span class="cat">{esc(step["category"])}</span>' if step["category"] else "") + "</p>",
             f'<h2 lang="en">{bidi_text(step["title"], "ltr")}</h2>']
    if step["missing"]:
        parts.append(f'<p class="warn">This step’s event ({esc(step["event_id"])}) no longer exists.</p>')
    for q in step["quotes"]:
        parts.append(quote_html(q, step["event_title"] or step["title"]))
    if step["note"]:
        parts.append(f'<p class="note" lang="en">{bidi_text(step["note"], "ltr")}</p>')
    parts.append(sources_html(step))
    return "".join(parts)
